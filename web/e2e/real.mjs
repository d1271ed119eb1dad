// Browser checks against the real `lotse` server: starts `lotse serve --demo` (the debug
// binary that `cargo build`/`cargo test` leaves in ../target/debug) on SQLite in a temporary
// folder and a free port, serving web/dist; signs in with the demo links it prints; checks
// the board, a municipality page and the funder dashboard in Chromium (axe-core with the
// WCAG 2.0/2.1 A+AA tags, console errors); screenshots go to e2e/screenshots/real/.
//
//   npm run e2e:real          (builds the app first)
//   LOTSE_BIN=... CHROMIUM_PATH=... node e2e/real.mjs

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const repo = path.resolve(root, '..');
const shots = path.join(here, 'screenshots', 'real');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const BIN = process.env.LOTSE_BIN ?? path.join(repo, 'target', 'debug', 'lotse');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function fail(message) {
  console.error(message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!existsSync(BIN)) {
  fail(`The lotse binary is missing at ${BIN}: run \`cargo build -p lotse\` first (or set LOTSE_BIN).`);
}
if (!existsSync(path.join(dist, 'index.html'))) {
  fail(`No web build in ${dist}: run \`npm run build\` first (or \`npm run e2e:real\`).`);
}
if (!existsSync(CHROMIUM)) fail(`Chromium is missing at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts the server; resolves with the process, its base URL and the demo sign-in links. */
async function startServer(tmp) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--demo'], {
    cwd: tmp,
    env: {
      ...process.env,
      LOTSE_DATABASE_URL: `sqlite:${path.join(tmp, 'lotse.sqlite')}`,
      LOTSE_LISTEN: `127.0.0.1:${port}`,
      LOTSE_PUBLIC_URL: base,
      LOTSE_WEB_DIR: dist,
      LOTSE_MAIL_DIR: path.join(tmp, 'mail'),
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const links = {};
  const wanted = { team: 'Programmteam', contact: 'Ansprechperson', funder: 'Förderer' };
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server printed no sign-in links within 180 s:\n${log}`)), 180_000);
    const onData = (chunk) => {
      log += chunk.toString();
      for (const line of log.split('\n')) {
        for (const [role, label] of Object.entries(wanted)) {
          if (!links[role] && line.includes(label)) {
            const m = line.match(/https?:\/\/\S+\/anmelden\/link#\S+/);
            if (m) links[role] = m[0];
          }
        }
      }
      if (Object.keys(wanted).every((r) => links[r])) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (exit ${code}):\n${log}`));
    });
  });
  try {
    await done;
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  // The links are printed after the listener is up; wait for /ready to be sure.
  for (let i = 0; i < 100; i += 1) {
    try {
      const r = await fetch(`${base}/ready`);
      if (r.ok) break;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base, links };
}

async function runAxe(page) {
  // Evaluated through the DevTools protocol: the server's CSP (rightly) blocks inline
  // <script> tags, and the check keeps the CSP on so the app's own violations show up.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
}

async function ready(page) {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('[data-loading]'));
  await page.evaluate(() => document.fonts.ready);
}

async function main() {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lotse-e2e-'));
  let server;
  let browser;
  let passed = 0;
  let failed = 0;

  /** One named check; a failure is reported and the run goes on. */
  async function check(name, fn) {
    try {
      await fn();
      passed += 1;
      console.log(`ok   ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL ${name}\n     ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
    }
  }

  /** A fresh browser context that records console errors. */
  async function newPage() {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(String(err)));
    return { context, page, errors };
  }

  async function pageChecks(page, errors, shot) {
    await ready(page);
    const violations = await runAxe(page);
    await page.screenshot({ path: path.join(shots, `${shot}.png`), fullPage: true });
    const problems = [
      ...violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`),
      ...errors.splice(0).map((e) => `console: ${e}`),
    ];
    if (problems.length) throw new Error(problems.join('\n'));
  }

  try {
    server = await startServer(tmp);
    console.log(`lotse serves ${server.base}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    // ---------------------------------------------------------------- team
    const team = await newPage();
    await check('team signs in via the link and lands on the board', async () => {
      await team.page.goto(server.links.team);
      await team.page.waitForURL((url) => url.pathname === '/' && url.hash === '', { timeout: 15_000 });
      await ready(team.page);
      await team.page.waitForSelector('.board__column', { timeout: 15_000 });
    });
    await check('board shows the demo municipalities in their stage columns', async () => {
      const counts = await team.page.evaluate(() => {
        const out = {};
        for (const col of document.querySelectorAll('section.board__column')) {
          const h = col.querySelector('h2');
          if (!h) continue;
          out[h.textContent.trim()] = col.querySelectorAll('.card').length;
        }
        return out;
      });
      const interest = Object.entries(counts).find(([title]) => title.startsWith('Interesse'));
      if (!interest) throw new Error(`no "Interesse" column: ${JSON.stringify(counts)}`);
      if (interest[1] !== 4) throw new Error(`"Interesse" has ${interest[1]} cards, expected 4: ${JSON.stringify(counts)}`);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      if (total !== 40) throw new Error(`the board shows ${total} cards, expected 40: ${JSON.stringify(counts)}`);
    });
    await check('board: axe, console, screenshot', () => pageChecks(team.page, team.errors, 'de-board'));

    await check('a municipality page has a timeline with entries', async () => {
      const first = team.page.locator('a[href^="/kommunen/"]').first();
      await first.click();
      await team.page.waitForURL(/\/kommunen\//);
      await ready(team.page);
      await team.page.waitForSelector('.timeline li', { timeout: 15_000 });
      const n = await team.page.locator('.timeline li').count();
      if (n < 1) throw new Error('the timeline is empty');
    });
    await check('municipality: axe, console, screenshot', () => pageChecks(team.page, team.errors, 'de-municipality'));

    await check('a deep link to a municipality page loads from the server', async () => {
      const url = team.page.url();
      await team.page.goto(url);
      await ready(team.page);
      await team.page.waitForSelector('.timeline li', { timeout: 15_000 });
    });

    // ---------------------------------------------------------------- funder
    const funder = await newPage();
    await check('funder signs in via the link and lands on the dashboard', async () => {
      await funder.page.goto(server.links.funder);
      await funder.page.waitForURL((url) => url.pathname === '/foerderer', { timeout: 15_000 });
      await ready(funder.page);
    });
    await check('the funder dashboard shows 40 municipalities', async () => {
      await funder.page.waitForSelector('.chart svg', { timeout: 20_000 });
      const text = await funder.page.locator('main').innerText();
      if (!/\b40\b/.test(text)) throw new Error('no "40" on the dashboard');
      const total = await funder.page.evaluate(() => {
        // The funnel's first row (Interesse) counts every municipality that applied.
        for (const row of document.querySelectorAll('table tr')) {
          const cells = [...row.querySelectorAll('th, td')].map((c) => c.textContent.trim());
          if (cells[0]?.startsWith('Interesse')) return cells;
        }
        return null;
      });
      if (!total || !total.some((c) => c === '40')) throw new Error(`funnel row "Interesse": ${JSON.stringify(total)}`);
    });
    await check('funder: axe, console, screenshot', () => pageChecks(funder.page, funder.errors, 'de-funder'));

    // ---------------------------------------------------------------- contact
    const contact = await newPage();
    await check('contact person signs in via the link and lands on "Meine Aufgaben"', async () => {
      await contact.page.goto(server.links.contact);
      await contact.page.waitForURL((url) => url.pathname === '/aufgaben', { timeout: 15_000 });
      await pageChecks(contact.page, contact.errors, 'de-tasks');
    });

    await check('signing out ends the session', async () => {
      await team.page.goto(`${server.base}/`);
      await ready(team.page);
      await team.page.getByRole('button', { name: 'Abmelden' }).click();
      await team.page.waitForURL((url) => url.pathname === '/anmelden', { timeout: 15_000 });
      await ready(team.page);
      const me = await team.page.evaluate(async () => {
        const r = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ me { userId } }' }),
        });
        return r.json();
      });
      if (me.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') throw new Error(`still signed in: ${JSON.stringify(me)}`);
      team.errors.splice(0);
    });

    await check('the no-JavaScript interest form still posts to the server', async () => {
      const r = await fetch(`${server.base}/interesse`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'municipalityName=',
        redirect: 'manual',
      });
      if (r.status === 404 || r.status === 405) throw new Error(`POST /interesse answered ${r.status}`);
      const html = await fetch(`${server.base}/interesse`).then((x) => x.text());
      if (!html.includes('id="root"')) throw new Error('GET /interesse does not answer the app');
    });
  } catch (e) {
    failed += 1;
    console.log(`FAIL setup\n     ${String(e?.stack ?? e)}`);
  } finally {
    await browser?.close().catch(() => {});
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (server.child.exitCode !== null) resolve();
        else {
          const t = setTimeout(() => {
            server.child.kill('SIGKILL');
            resolve();
          }, 5000);
          server.child.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
        }
      });
    }
    await rm(tmp, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}
await main();
