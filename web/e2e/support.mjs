// What the browser checks share: where things are, Chromium's flags, axe-core, a free port,
// a page that records console errors, dates from today, and starting and stopping `lotse serve --demo` (run.mjs uses the first three; real.mjs
// and journey.mjs all of it).

import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const here = path.dirname(fileURLToPath(import.meta.url));
/** The web app (web/). */
export const root = path.resolve(here, '..');
/** The repository. */
export const repo = path.resolve(root, '..');
/** The production build the server serves. */
export const dist = path.join(root, 'dist');

export const BIN = process.env.LOTSE_BIN ?? path.join(repo, 'target', 'debug', 'lotse');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Flags that keep Chromium off the network (this machine has none) and quiet.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Says why the run cannot start and ends it as one failed check. */
export function fail(message) {
  console.error(message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

/**
 * Named checks that count what passed and failed; a failure is reported and the run goes
 * on, or, with `stopAtFirstFailure` (for runs whose steps build on each other), the later
 * checks are skipped. `finish()` prints the tally and sets the exit code.
 */
export function checkRunner({ stopAtFirstFailure = false, timed = false, stackLines = 6 } = {}) {
  let passed = 0;
  let failed = 0;
  let stopped = false;
  const trace = (e, lines) => String(e?.stack ?? e).split('\n').slice(0, lines).join('\n     ');
  return {
    async check(name, fn) {
      if (stopped) return;
      const t0 = Date.now();
      try {
        await fn();
        passed += 1;
        console.log(`ok   ${name}${timed ? ` (${((Date.now() - t0) / 1000).toFixed(1)} s)` : ''}`);
      } catch (e) {
        failed += 1;
        stopped = stopAtFirstFailure;
        console.log(`FAIL ${name}\n     ${trace(e, stackLines)}`);
      }
    },
    /** The run itself broke (outside any check). */
    setupFailed(e) {
      failed += 1;
      console.log(`FAIL setup\n     ${trace(e, Infinity)}`);
    },
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    },
  };
}

/** Ends the run when the server binary, the web build or Chromium is missing. */
export function requireServerAndBrowser() {
  if (!existsSync(BIN)) fail(`The lotse binary is missing at ${BIN}: run \`cargo build -p lotse\` first (or set LOTSE_BIN).`);
  if (!existsSync(path.join(dist, 'index.html'))) {
    fail(`No web build in ${dist}: run \`npm run build\` first (or \`npm run e2e:real\`).`);
  }
  if (!existsSync(CHROMIUM)) fail(`Chromium is missing at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
}

/** A TCP port on 127.0.0.1 that nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * axe-core with the WCAG 2.0/2.1 A and AA tags; the violations, each with up to five
 * nodes ("selector — what fails"). Evaluated through the DevTools protocol: the server's
 * CSP (rightly) blocks inline <script> tags, and the checks keep the CSP on so that the
 * app's own violations show up.
 */
export async function runAxe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => {
        const summary = n.failureSummary?.split('\n').slice(1).join(' ');
        return summary ? `${n.target.join(' ')} — ${summary}` : n.target.join(' ');
      }),
    }));
  }, AXE_TAGS);
}

/** A fresh browser context with `options` and a page in it that records console errors. */
export async function openPage(browser, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

/** The local date `days` from today, as yyyy-mm-dd. */
export function daysFromNow(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Waits for the page's heading, its data and its fonts. */
export async function ready(page) {
  await page.waitForSelector('main h1');
  await page.waitForFunction(() => !document.querySelector('[data-loading]'));
  await page.evaluate(() => document.fonts.ready);
}

/** Stops a child process: SIGTERM, then SIGKILL after 5 s. */
export async function stop(child) {
  if (!child || child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

const DEMO_LINKS = { team: 'Programmteam', contact: 'Ansprechperson', funder: 'Förderer' };

/**
 * Starts `lotse serve --demo` in `cwd` on a free port, serving dist/, with `env` added to
 * the environment (at least LOTSE_DATABASE_URL and LOTSE_MAIL_DIR). Resolves once it has
 * printed the demo sign-in links and /ready answers, with the process, its base URL, the
 * links by role (team, contact, funder) and its log so far.
 */
export async function startServer({ cwd, env, timeoutMs = 180_000 }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--demo'], {
    cwd,
    env: {
      ...process.env,
      LOTSE_LISTEN: `127.0.0.1:${port}`,
      // Any free port: several servers may run on this machine at once.
      LOTSE_METRICS_LISTEN: '127.0.0.1:0',
      LOTSE_PUBLIC_URL: base,
      LOTSE_WEB_DIR: dist,
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const links = {};
  const onData = (chunk) => {
    log += chunk.toString();
    for (const line of log.split('\n')) {
      for (const [role, label] of Object.entries(DEMO_LINKS)) {
        if (!links[role] && line.includes(label)) {
          const m = line.match(/https?:\/\/\S+\/anmelden\/link#\S+/);
          if (m) links[role] = m[0];
        }
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit ${child.exitCode}):\n${log}`);
    // The links are printed once the listener is up; /ready says the rest is.
    if (Object.keys(DEMO_LINKS).every((r) => links[r])) {
      try {
        if ((await fetch(`${base}/ready`)).ok) return { child, base, links, log: () => log };
      } catch {
        // not yet
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop(child);
  throw new Error(`the server was not ready with its sign-in links within ${timeoutMs / 1000} s:\n${log}`);
}

/**
 * Starts `lotse serve --no-workers` in `tmp` on a fresh SQLite database there, with no
 * LOTSE_* settings from outside (so neither LOTSE_WEB_DIR nor LOTSE_CONFIG applies) and no
 * demo; resolves once /ready answers, with the process and its base URL.
 */
export async function startPlainServer(tmp) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // No LOTSE_* from outside (LOTSE_WEB_DIR or LOTSE_CONFIG would pick another mode).
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOTSE_')));
  const child = spawn(BIN, ['serve', '--no-workers'], {
    cwd: tmp,
    env: {
      ...env,
      LOTSE_DATABASE_URL: `sqlite:${path.join(tmp, 'lotse.sqlite')}`,
      LOTSE_LISTEN: `127.0.0.1:${port}`,
      // Any free port: several servers may run on this machine at once.
      LOTSE_METRICS_LISTEN: '127.0.0.1:0',
      LOTSE_PUBLIC_URL: base,
      LOTSE_MAIL_DIR: path.join(tmp, 'mail'),
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c.toString()));
  child.stderr.on('data', (c) => (log += c.toString()));
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit ${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return { child, base };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`the server was not ready within 60 s:\n${log}`);
}

// ---------------------------------------------------------------- a real mail server and PostgreSQL
// (journey.mjs and golive.mjs)

const execFileAsync = promisify(execFile);

/** Where the tests find PostgreSQL (a role that may create databases). */
export const PG_URL = process.env.LOTSE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Ends the run (as one failed check) unless aiosmtpd and PostgreSQL are there; `what` names the test. */
export async function requireSmtpAndPostgres(what) {
  try {
    await execFileAsync('python3', ['-c', 'import aiosmtpd']);
  } catch {
    fail(`${what} needs an SMTP server: python3 with aiosmtpd is missing (./scripts/test.sh installs it into target/test-venv).`);
  }
  try {
    await execFileAsync('psql', [PG_URL, '-Atc', 'select 1']);
  } catch (e) {
    fail(
      `PostgreSQL is not reachable with psql at ${PG_URL} (set LOTSE_TEST_POSTGRES_URL; the role must be allowed to create databases):\n${String(e.stderr ?? e.message).trim()}`,
    );
  }
}

/** The address of database `name` on the tests' PostgreSQL. */
export function databaseUrl(name) {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts aiosmtpd writing a maildir; resolves when it accepts connections. */
export async function startSmtp(dir) {
  const port = await freePort();
  // aiosmtpd creates the maildir (new/, cur/, tmp/) itself, but only when the folder is new.
  const child = spawn('python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  for (let i = 0; i < 50; i += 1) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd stopped (exit ${child.exitCode}):\n${log}`);
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(child);
  throw new Error(`aiosmtpd did not listen on ${port}:\n${log}`);
}

/** All mails in the maildir, decoded by Python's email package. */
export async function readMail(dir) {
  const { stdout } = await execFileAsync('python3', [path.join(here, 'read_mail.py'), dir], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}
