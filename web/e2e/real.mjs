// Browser checks against the real `lotse` server: starts `lotse serve --demo` (the debug
// binary that `cargo build`/`cargo test` leaves in ../target/debug) on SQLite in a temporary
// folder and a free port, serving web/dist; signs in with the demo links it prints; checks
// the board, a municipality page and the funder dashboard in Chromium (axe-core with the
// WCAG 2.0/2.1 A+AA tags, console errors); screenshots go to e2e/screenshots/real/.
//
//   npm run e2e:real          (builds the app first)
//   LOTSE_BIN=... CHROMIUM_PATH=... node e2e/real.mjs

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  checkRunner,
  daysFromNow,
  here,
  openPage,
  ready,
  requireServerAndBrowser,
  runAxe,
  startServer,
  stop,
} from './support.mjs';

const shots = path.join(here, 'screenshots', 'real');

requireServerAndBrowser();

async function main() {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lotse-e2e-'));
  let server;
  let browser;
  const { check, setupFailed, finish } = checkRunner();

  /** A fresh browser context that records console errors. */
  function newPage() {
    return openPage(browser, { locale: 'de-DE', viewport: { width: 1280, height: 900 } });
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
    server = await startServer({
      cwd: tmp,
      env: { LOTSE_DATABASE_URL: `sqlite:${path.join(tmp, 'lotse.sqlite')}`, LOTSE_MAIL_DIR: path.join(tmp, 'mail') },
    });
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
    await check('the board at the end of today has the 40 cards without steps; 100 days ago fewer; before the programme, none', async () => {
      const origin = new URL(team.page.url()).origin;
      const cards = () => team.page.locator('section.board__column .card').count();
      await team.page.goto(`${origin}/?stand=${daysFromNow(0)}`);
      await team.page.waitForSelector('.as-of .alert-info');
      await ready(team.page);
      await team.page.waitForSelector('section.board__column .card');
      if ((await cards()) !== 40) throw new Error(`${await cards()} cards at today's end`);
      if (await team.page.locator('.board .card button').count()) throw new Error('a past board offers steps');
      await pageChecks(team.page, team.errors, 'de-board-as-of');
      // The demo's municipalities sent their forms over the last 200 days.
      await team.page.goto(`${origin}/?stand=${daysFromNow(-100)}`);
      await team.page.waitForSelector('.as-of .alert-info');
      await ready(team.page);
      await team.page.waitForSelector('section.board__column .card');
      const then = await cards();
      if (then < 1 || then >= 40) throw new Error(`${then} cards 100 days ago, expected some of the 40`);
      await team.page.goto(`${origin}/?stand=${daysFromNow(-400)}`);
      await team.page.waitForSelector('.as-of .alert-info');
      await ready(team.page);
      await team.page.waitForSelector('section.board__column');
      if ((await cards()) !== 0) throw new Error(`${await cards()} cards before the demo began`);
      await team.page.goto(origin);
      await ready(team.page);
    });

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

    // "Stand am": the demo's history is recorded on its days of the past months, so today's
    // end shows the whole page (without steps) and a day before the programme began shows
    // that nothing had been recorded yet.
    await check('"Stand am" today shows the page without steps; before the programme nothing was recorded yet', async () => {
      const live = new URL(team.page.url());
      const entries = await team.page.locator('.timeline li').count();
      await team.page.fill('#as-of', daysFromNow(0));
      await team.page.click('.as-of__form button[type=submit]');
      await team.page.waitForURL((u) => u.searchParams.get('stand') === daysFromNow(0));
      await team.page.waitForSelector('.as-of .alert-info');
      await ready(team.page);
      await team.page.waitForSelector('.timeline li');
      const then = await team.page.locator('.timeline li').count();
      // (Mails the workers record meanwhile may add entries, never remove any.)
      if (then < entries) throw new Error(`the timeline at today's end has ${then} entries, live ${entries}`);
      if (await team.page.locator('#schritte').count()) throw new Error('a past view offers steps');
      await pageChecks(team.page, team.errors, 'de-municipality-as-of');
      await team.page.goto(`${live.origin}${live.pathname}?stand=${daysFromNow(-400)}`);
      await team.page.waitForSelector('h1:has-text("Noch nicht erfasst")');
      await team.page.click('text=Aktuellen Stand zeigen');
      await team.page.waitForSelector('#schritte');
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
    await check('the funder sees the figures as they stood at the end of today, and yesterday none yet', async () => {
      const base = new URL(funder.page.url());
      const places = async () => (await funder.page.locator('.kpi dd').first().innerText()).trim();
      const now = await places();
      await funder.page.fill('#as-of', daysFromNow(0));
      await funder.page.click('.as-of__form button[type=submit]');
      await funder.page.waitForSelector('.as-of .alert-info');
      await ready(funder.page);
      if ((await places()) !== now) throw new Error(`places at today's end: ${await places()}, now: ${now}`);
      await pageChecks(funder.page, funder.errors, 'de-funder-as-of');
      // The demo was recorded today: the day before, nothing of it had been.
      await funder.page.goto(`${base.origin}/foerderer?stand=${daysFromNow(-1)}`);
      await funder.page.waitForSelector('text=war zu diesem Programm in Lotse noch nichts erfasst');
      await funder.page.click('text=Aktuellen Stand zeigen');
      await funder.page.waitForSelector('.kpi');
      if ((await places()) !== now) throw new Error(`back to now: ${await places()}, before: ${now}`);
    });

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
    setupFailed(e);
  } finally {
    await browser?.close().catch(() => {});
    await stop(server?.child);
    await rm(tmp, { recursive: true, force: true });
  }
  finish();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}
await main();
