// The whole journey of one municipality through the web app alone, across roles, against
// the real server on PostgreSQL with a real SMTP server (aiosmtpd):
//
//   public form → team signs in with a mailed link → interview scheduled and recorded →
//   admitted from the board (a second browser on the board sees the card move live) →
//   contact person named (welcome mail) and facilitator assigned → the contact person
//   signs in with the mailed link and submits the self-check, with a comment and an evidence
//   link → the facilitator signs in by mail and reads the answers and comments before the
//   workshop, and prints them as a handout (only the handout is printed) → workshop scheduled
//   (the contact person sees the date under "Meine Aufgaben") and recorded → the contact
//   person starts the second self-check from "Meine Aufgaben", submits it and sees both rounds
//   compared; the municipality page shows the change per field → a format for
//   decision-makers planned and recorded → the contact person plans a dialogue event under
//   "Meine Aufgaben" (a date after the participation window is refused at its field; the
//   event then shows among the upcoming dates) → the facilitator records it with attendance
//   → completed → the funder (signed in with a mailed link) sees one more completed
//   municipality and one more second self-check.
//
// axe-core (WCAG 2.0/2.1 A+AA) runs on the steps in each state, in German and English;
// screenshots go to e2e/screenshots/journey/. Needs: the lotse binary (LOTSE_BIN or
// ../target/debug/lotse), a build in dist/, Chromium, python3 with aiosmtpd, psql and a
// PostgreSQL role that may create databases at LOTSE_TEST_POSTGRES_URL.
//
//   npm run e2e:real          (builds, runs real.mjs, then this)
//   LOTSE_BIN=... node e2e/journey.mjs

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  PG_URL,
  checkRunner,
  databaseUrl,
  daysFromNow,
  here,
  openPage,
  readMail,
  ready,
  requireServerAndBrowser,
  requireSmtpAndPostgres,
  runAxe,
  startSmtp,
  startServer as startLotse,
  stop,
} from './support.mjs';

const run = promisify(execFile);
const shots = path.join(here, 'screenshots', 'journey');
const TEAM_EMAIL = 'team@lotse-demo.example';
const FUNDER_EMAIL = 'foerderung@lotse-demo.example';
const FACILITATOR_EMAIL = 'begleitung1@lotse-demo.example';
const FACILITATOR_NAME = 'Ole Begleiter';
const SELF_CHECK_COMMENT = 'Der Entwurf des Integrationskonzepts liegt dem Sozialausschuss vor.';
const SELF_CHECK_EVIDENCE = 'https://www.lotsenhausen.example/integrationskonzept';

// ---------------------------------------------------------------- preconditions

requireServerAndBrowser();
await requireSmtpAndPostgres('The journey test');

// ---------------------------------------------------------------- helpers

/** Starts `lotse serve --demo` on the database with SMTP; resolves once /ready answers. */
function startServer(tmp, dbUrl, smtpPort) {
  return startLotse({
    cwd: tmp,
    env: {
      LOTSE_DATABASE_URL: dbUrl,
      LOTSE_MAIL_DIR: path.join(tmp, 'mail-files'),
      LOTSE_SMTP_HOST: '127.0.0.1',
      LOTSE_SMTP_PORT: String(smtpPort),
      LOTSE_SMTP_SECURITY: 'none',
    },
  });
}

/** Waits for a mail to `to` with a sign-in link not seen before; returns the link. */
const seenLinks = new Set();
async function signInLinkFor(dir, to, { timeout = 20_000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const mail of await readMail(dir)) {
      if (!mail.to.includes(to.toLowerCase())) continue;
      const link = mail.links.find((l) => l.includes('/anmelden/link#') && !seenLinks.has(l));
      if (link) {
        seenLinks.add(link);
        return { link, subject: mail.subject };
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no mail with a sign-in link to ${to} within ${timeout / 1000} s`);
}

// ---------------------------------------------------------------- the journey

async function main() {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lotse-journey-'));
  const maildir = path.join(tmp, 'smtp');
  const dbName = `lotse_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const started = Date.now();
  let smtp;
  let server;
  let browser;
  let dbCreated = false;
  // The journey builds on each step, so the first failure ends it.
  const { check, setupFailed, finish } = checkRunner({ stopAtFirstFailure: true, timed: true, stackLines: 8 });

  function newPage(locale = 'de-DE') {
    return openPage(browser, { locale, viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  }

  /** Switches the interface language on a municipality page; waits for its data in it. */
  async function switchLanguage(page, label, lang) {
    const reloaded = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('query Municipality'),
    );
    await page.getByLabel(label, { exact: true }).selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    await reloaded;
    await page.waitForFunction(() => !document.querySelector('[data-loading]'));
    await page.waitForTimeout(100);
  }

  /** axe and a screenshot in German and English, every step opened; console errors fail. */
  async function audit(who, name) {
    const { page, errors } = who;
    await ready(page);
    const problems = [];
    for (const lang of ['de', 'en']) {
      if (lang === 'en') await switchLanguage(page, 'Sprache', 'en');
      await page.evaluate(() => {
        for (const d of document.querySelectorAll('details.action')) d.open = true;
      });
      for (const v of await runAxe(page)) problems.push(`${lang}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`);
      // The steps section is what these checks are about; the rest of the page is checked by axe.
      const steps = page.locator('#schritte');
      await ((await steps.count()) ? steps.screenshot({ path: path.join(shots, `${lang}-${name}.png`) }) : page.screenshot({ path: path.join(shots, `${lang}-${name}.png`), fullPage: true }));
      await page.evaluate(() => {
        for (const d of document.querySelectorAll('details.action')) d.open = false;
      });
    }
    await switchLanguage(page, 'Language', 'de');
    problems.push(...errors.splice(0).map((e) => `console: ${e}`));
    if (problems.length) throw new Error(problems.join('\n'));
  }

  /** Opens a step, lets `fill` fill it, submits and waits for the announced result. */
  async function step(page, id, fill, success) {
    const details = page.locator(`#aktion-${id}`);
    await details.waitFor();
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    if (fill) await fill(details);
    await details.locator('button[type=submit]').click();
    const notice = page.locator('.section--steps [role=status]', { hasText: success });
    try {
      await notice.waitFor({ timeout: 15_000 });
    } catch {
      const shown = await details.locator('.field-error, .action__refusal').allInnerTexts().catch(() => []);
      throw new Error(`step ${id}: no "${success}"${shown.length ? ` — shown instead: ${shown.join(' | ')}` : ''}`);
    }
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('role'));
    if (focused !== 'status') throw new Error(`step ${id}: the result did not take the focus (focus on role=${focused})`);
  }

  async function stageIs(page, label) {
    await page.waitForFunction(
      (want) => document.querySelector('main .lead')?.textContent?.includes(`Phase: ${want}`),
      label,
      { timeout: 15_000 },
    );
  }

  /** Cells of the funder tables' rows whose first cell starts with `label`. */
  async function funderRows(page, label) {
    return page.evaluate((want) => {
      const rows = [];
      for (const row of document.querySelectorAll('table tr')) {
        const cells = [...row.querySelectorAll('th, td')].map((c) => c.textContent.trim());
        if (cells[0]?.startsWith(want)) rows.push(cells);
      }
      return rows;
    }, label);
  }

  /** The most second self-checks of any field on the funder's self-check table ("Abgeschickt (2.)"). */
  async function secondRounds(page) {
    return page.evaluate(() => {
      for (const table of document.querySelectorAll('table')) {
        const head = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
        const column = head.indexOf('Abgeschickt (2.)');
        if (column < 0) continue;
        const counts = [...table.querySelectorAll('tbody tr')].map((row) => Number(row.querySelectorAll('th, td')[column]?.textContent.trim()));
        return Math.max(0, ...counts);
      }
      throw new Error('no table with "Abgeschickt (2.)" on the funder dashboard');
    });
  }

  async function signInByMail(who, email, landing) {
    await who.page.goto(`${server.base}/anmelden`);
    await ready(who.page);
    await who.page.fill('#sign-in-email', email);
    await who.page.click('main button[type=submit]');
    await who.page.waitForSelector('.alert-success');
    const { link } = await signInLinkFor(maildir, email);
    await who.page.goto(link);
    await who.page.waitForURL((url) => url.pathname === landing, { timeout: 15_000 });
    await ready(who.page);
  }

  const name = `Lotsenhausen ${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const contactEmail = `ansprechperson.${Date.now()}@lotsenhausen.example`;
  let municipalityUrl = '';
  let funderBefore = null;

  try {
    await run('psql', [PG_URL, '-Atc', `CREATE DATABASE ${dbName}`]);
    dbCreated = true;
    smtp = await startSmtp(maildir);
    server = await startServer(tmp, databaseUrl(dbName), smtp.port);
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s) lotse serves ${server.base} (PostgreSQL ${dbName}, SMTP :${smtp.port})`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    const team = await newPage();
    const funder = await newPage();
    const watcher = { page: null, context: null };
    const contact = await newPage();
    const visitor = await newPage();
    const facilitator = await newPage();

    await check('the funder signs in with a link from the sign-in mail and notes the numbers', async () => {
      await signInByMail(funder, FUNDER_EMAIL, '/foerderer');
      await funder.page.waitForSelector('.chart svg', { timeout: 20_000 });
      funderBefore = {
        completed: await funderRows(funder.page, 'Abgeschlossen'),
        interest: await funderRows(funder.page, 'Interesse'),
        secondRounds: await secondRounds(funder.page),
      };
      if (!funderBefore.completed.length) throw new Error('no row "Abgeschlossen" on the funder dashboard');
    });

    await check('a visitor sends the interest form (/interesse)', async () => {
      const p = visitor.page;
      await p.goto(`${server.base}/interesse`);
      await ready(p);
      await p.fill('#interest-municipalityName', name);
      await p.selectOption('#interest-land', 'NIEDERSACHSEN');
      await p.selectOption('#interest-kind', 'STADT');
      await p.fill('#interest-population', '18.400');
      await p.fill('#interest-submitterName', 'Frieda Lotsen');
      await p.fill('#interest-submitterRole', 'Bürgermeisterin');
      await p.fill('#interest-email', `buergermeisterin.${Date.now()}@lotsenhausen.example`);
      await p.fill('#interest-motivation', 'Wir wollen Zugezogene besser willkommen heißen und die Stadtgesellschaft an einen Tisch holen.');
      await p.check('#interest-consent');
      // The server refuses forms sent back within three seconds of being shown.
      await p.waitForTimeout(3200);
      await p.click('main button[type=submit]');
      await p.waitForSelector('.alert-success', { timeout: 15_000 });
      if (visitor.errors.length) throw new Error(visitor.errors.join('\n'));
    });

    await check('the team signs in with a link from the sign-in mail (SMTP)', async () => {
      await signInByMail(team, TEAM_EMAIL, '/');
      await team.page.waitForSelector('.board__column');
    });

    await check('the new municipality stands in "Interesse"; its page offers the first steps', async () => {
      const column = team.page.locator('section.board__column', { has: team.page.locator('h2', { hasText: /^Interesse/ }) });
      await column.getByRole('link', { name }).click();
      await team.page.waitForURL(/\/kommunen\//);
      municipalityUrl = team.page.url();
      await stageIs(team.page, 'Interesse');
      await audit(team, 'steps-interest');
    });

    await check('schedule the initial interview', async () => {
      await step(team.page, 'schedule-interview', (d) => d.getByLabel(/^Datum und Uhrzeit/).fill(`${daysFromNow(0)}T09:00`), 'Der Termin für das Erstgespräch ist gespeichert.');
      await stageIs(team.page, 'Erstgespräch');
    });

    await check('a refused step shows the server’s message at its field (a date in the future)', async () => {
      const d = team.page.locator('#aktion-record-interview');
      if (!(await d.evaluate((x) => x.open))) await d.locator('summary').click();
      await d.getByLabel(/^Stattgefunden am/).fill(daysFromNow(2));
      await d.locator('button[type=submit]').click();
      const field = d.getByLabel(/^Stattgefunden am/);
      await team.page.waitForFunction(() => document.activeElement?.id === 'record-interview-heldOn', null, { timeout: 10_000 });
      const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
      const message = await team.page.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText();
      if (!/Zukunft/.test(message)) throw new Error(`message at the date: "${message}"`);
      await audit(team, 'steps-interview-refused');
    });

    await check('record the interview with all three requirements met', async () => {
      await step(
        team.page,
        'record-interview',
        async (d) => {
          await d.getByLabel(/^Stattgefunden am/).fill(daysFromNow(0));
          for (const box of await d.locator('input[type=checkbox]').all()) await box.check();
          await d.getByLabel(/^Notizen/).fill('Bürgermeisterin und Rat stehen dahinter.');
        },
        'Das Ergebnis des Erstgesprächs ist gespeichert.',
      );
      await stageIs(team.page, 'Erstgespräch');
    });

    await check('a second browser on the board sees the card move when the team admits from the board', async () => {
      const w = await newPage();
      watcher.page = w.page;
      watcher.context = w.context;
      watcher.errors = w.errors;
      await w.context.addCookies(await team.context.cookies());
      await w.page.goto(`${server.base}/`);
      await ready(w.page);
      const cardIn = (stage) =>
        w.page
          .locator('section.board__column', { has: w.page.locator('h2', { hasText: new RegExp(`^${stage}`) }) })
          .getByRole('link', { name });
      await cardIn('Erstgespräch').waitFor({ timeout: 10_000 });
      await w.page.evaluate(() => {
        window.__sameDocument = true;
      });
      // The team admits with "Nächster Schritt" on the card, by keyboard.
      await team.page.goto(`${server.base}/`);
      await ready(team.page);
      const card = team.page.locator('article.card', { has: team.page.getByRole('link', { name }) });
      const move = card.getByRole('button', { name: `Nächster Schritt für ${name}` });
      await move.focus();
      await team.page.keyboard.press('Enter');
      await card.getByRole('button', { name: 'Zulassen' }).focus();
      await team.page.keyboard.press('Enter');
      await team.page
        .locator('section.board__column', { has: team.page.locator('h2', { hasText: /^Zugelassen/ }) })
        .getByRole('link', { name })
        .waitFor({ timeout: 15_000 });
      // The watcher did not reload: the subscription moved the card.
      await cardIn('Zugelassen').waitFor({ timeout: 15_000 });
      if (!(await w.page.evaluate(() => window.__sameDocument === true))) throw new Error('the watching board reloaded');
      await w.page.screenshot({ path: path.join(shots, 'de-board-live.png') });
    });

    await check('name the contact person: the welcome mail with a sign-in link arrives by SMTP', async () => {
      await team.page.goto(municipalityUrl);
      await stageIs(team.page, 'Zugelassen');
      await step(
        team.page,
        'assign-contact',
        async (d) => {
          await d.getByLabel(/^Name/).fill('Jonas Lotsen');
          await d.getByLabel(/^Funktion/).fill('Integrationsbeauftragter');
          await d.getByLabel(/^E-Mail-Adresse/).fill(contactEmail);
          await d.getByLabel(/^Telefon/).fill('05121 555-123');
        },
        'Die Ansprechperson ist benannt',
      );
      await signInLinkFor(maildir, contactEmail).then(({ link }) => {
        contact.welcomeLink = link;
      });
    });

    await check('assign a facilitator', async () => {
      await step(
        team.page,
        'assign-facilitator',
        async (d) => {
          await d.getByLabel(/^Prozessbegleiter:in/).selectOption({ label: FACILITATOR_NAME });
        },
        'Die Prozessbegleitung ist zugewiesen.',
      );
      await stageIs(team.page, 'Selbstcheck');
    });

    await check('the contact person signs in with the welcome link and submits the self-check', async () => {
      const p = contact.page;
      await p.goto(contact.welcomeLink);
      await p.waitForURL((url) => url.pathname === '/aufgaben', { timeout: 15_000 });
      await ready(p);
      await p.goto(`${server.base}/selbstcheck`);
      await ready(p);
      for (let guard = 0; guard < 20; guard += 1) {
        if (await p.locator('#confirm-self-check').count()) break;
        // The scale's labels cover the radios: click them as people do.
        for (const label of await p.locator('.question .radio label[for$="-2"]').all()) await label.click();
        if (guard === 0) {
          // A comment and an evidence link on the first indicator, for the workshop.
          await p.locator('.question textarea').first().fill(SELF_CHECK_COMMENT);
          await p.locator('.question input[type=url]').first().fill(SELF_CHECK_EVIDENCE);
          await p.waitForTimeout(800);
        }
        await p.locator('.step-buttons a.button:not(.button--secondary)').click();
        await ready(p);
      }
      // Answers are saved after a quiet spell of 0.7 s; leaving a step saves what waits.
      await p.waitForTimeout(800);
      await p.waitForFunction(() => !document.querySelector('.save-indicator--saving, .save-indicator--error'), null, {
        timeout: 15_000,
      });
      await p.check('#confirm-self-check');
      await p.locator('.submit-box button[type=submit]').click();
      await p.waitForSelector('#submitted-title', { timeout: 15_000 });
      if (contact.errors.length) throw new Error(contact.errors.join('\n'));
    });

    await check('before the workshop the facilitator signs in by mail and reads every answer with its comment and evidence', async () => {
      await signInByMail(facilitator, FACILITATOR_EMAIL, '/');
      const p = facilitator.page;
      await p.goto(municipalityUrl);
      await ready(p);
      await stageIs(p, 'Workshop');
      await p.getByRole('heading', { name: 'Antworten und Kommentare' }).waitFor({ timeout: 10_000 });
      const fields = p.locator('.handout__field');
      if ((await fields.count()) < 2) throw new Error(`${await fields.count()} fields of action in the answers`);
      const first = fields.first();
      const rows = (await first.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\u00ad/g, ''));
      if (!rows.length || !rows.every((r) => r.includes('2 – geplant oder begonnen'))) {
        throw new Error(`answers of the first field: ${JSON.stringify(rows)}`);
      }
      if (!rows[0]?.includes(`„${SELF_CHECK_COMMENT}“`)) throw new Error(`no comment in the first row: ${rows[0]}`);
      const link = first.getByRole('link', { name: SELF_CHECK_EVIDENCE });
      if ((await link.getAttribute('href')) !== SELF_CHECK_EVIDENCE) throw new Error('no evidence link');
      if (!(await first.innerText()).includes('Ergebnis: 50 %')) throw new Error(`field score: ${await first.locator('.handout__scores').innerText()}`);
      const problems = (await runAxe(p)).map((v) => `axe ${v.id}: ${v.help} — ${v.nodes.join(', ')}`);
      await p.locator('#selbstcheck').screenshot({ path: path.join(shots, 'de-handout-facilitator.png') });
      problems.push(...facilitator.errors.splice(0).map((e) => `console: ${e}`));
      if (problems.length) throw new Error(problems.join('\n'));
    });

    await check('the facilitator prints the answers as a handout: the print shows the handout alone', async () => {
      const p = facilitator.page;
      await p.evaluate(() => {
        window.print = () => {
          window.__printed = (window.__printed ?? 0) + 1;
        };
      });
      await p.getByRole('button', { name: 'Als Handout drucken' }).click();
      if ((await p.evaluate(() => window.__printed)) !== 1) throw new Error('the button did not open the print dialog');
      await p.emulateMedia({ media: 'print' });
      try {
        const problems = [];
        for (const hidden of ['.site-header', '.page-heading', '#verlauf', '#workshop', '.handout__controls']) {
          if (await p.locator(hidden).first().isVisible()) problems.push(`printed although not part of the handout: ${hidden}`);
        }
        const head = p.locator('.handout__print-head');
        if (!(await head.isVisible()) || !(await head.innerText()).includes(name)) problems.push('the printed handout does not name the municipality');
        if (!(await p.getByText(`„${SELF_CHECK_COMMENT}“`).isVisible())) problems.push('the comment is not printed');
        await p.screenshot({ path: path.join(shots, 'de-handout-printed.png'), fullPage: true });
        if (problems.length) throw new Error(problems.join('; '));
      } finally {
        await p.emulateMedia({ media: 'screen' });
        await p.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      }
    });

    await check('schedule the workshop; the contact person sees the date under "Meine Aufgaben"', async () => {
      await team.page.reload();
      await stageIs(team.page, 'Workshop');
      await step(
        team.page,
        'schedule-workshop',
        async (d) => {
          await d.getByLabel(/^Datum und Uhrzeit/).fill(`${daysFromNow(1)}T10:00`);
          await d.getByLabel(/^Ort/).fill('Rathaus Lotsenhausen, Ratssaal');
          await d.getByLabel(/^Eingeladen/).fill('Bürgermeisterin\nFachbereich Soziales\nIntegrationsbeirat');
        },
        'Der Workshop ist geplant.',
      );
      await contact.page.goto(`${server.base}/aufgaben`);
      await ready(contact.page);
      await contact.page.locator('.upcoming li', { hasText: 'Rathaus Lotsenhausen, Ratssaal' }).waitFor({ timeout: 10_000 });
      const problems = (await runAxe(contact.page)).map((v) => `axe ${v.id}: ${v.help} — ${v.nodes.join(', ')}`);
      await contact.page.screenshot({ path: path.join(shots, 'de-tasks-upcoming.png'), fullPage: true });
      if (problems.length) throw new Error(problems.join('\n'));
      await audit(team, 'steps-workshop');
    });

    await check('record the workshop with priorities and an action plan', async () => {
      await step(
        team.page,
        'record-workshop',
        async (d) => {
          await d.getByLabel(/^Stattgefunden am/).fill(daysFromNow(0));
          await d.getByLabel(/^Zahl der Teilnehmenden/).fill('14');
          await d.getByRole('group', { name: 'Schwerpunkte' }).locator('input[type=checkbox]').first().check();
          await d.getByLabel('Was ist zu tun?').fill('Leitbild Willkommenskultur im Rat beschließen');
          await d.getByLabel('Wer kümmert sich?').fill('Bürgermeisterbüro');
          await d.getByLabel('Bis wann?').fill(daysFromNow(30));
        },
        'Der Workshop ist erfasst.',
      );
      await stageIs(team.page, 'Umsetzung');
    });

    await check('the contact person marks the action plan\'s step as done under "Meine Aufgaben"', async () => {
      const p = contact.page;
      await p.goto(`${server.base}/aufgaben`);
      await ready(p);
      const open = p.getByRole('region', { name: 'Offene Aufgaben' });
      const item = open.locator('li', { hasText: 'Leitbild Willkommenskultur im Rat beschließen' });
      await item.getByRole('button', { name: 'Als erledigt markieren' }).click();
      await p
        .getByRole('region', { name: 'Erledigt' })
        .locator('li', { hasText: 'Leitbild Willkommenskultur im Rat beschließen' })
        .waitFor({ timeout: 10_000 });
      const problems = (await runAxe(p)).map((v) => `axe ${v.id}: ${v.help} — ${v.nodes.join(', ')}`);
      if (problems.length) throw new Error(problems.join('\n'));
      await p.screenshot({ path: path.join(shots, 'de-tasks-step-done.png'), fullPage: true });
    });

    await check('after the workshop the contact person starts the second self-check from "Meine Aufgaben", submits it and sees both rounds compared', async () => {
      const p = contact.page;
      await p.goto(`${server.base}/aufgaben`);
      await ready(p);
      const prompt = p.getByRole('region', { name: 'Selbstcheck: nächste Runde' });
      await prompt.getByRole('link', { name: 'Zum 2. Selbstcheck' }).click();
      await p.waitForURL((url) => url.pathname === '/selbstcheck');
      await ready(p);
      await p.getByRole('button', { name: '2. Selbstcheck beginnen' }).click();
      await p.waitForSelector('.stepper', { timeout: 15_000 });
      await p.locator('.lead', { hasText: '2. Selbstcheck für' }).waitFor();
      for (let guard = 0; guard < 20; guard += 1) {
        if (await p.locator('#confirm-self-check').count()) break;
        for (const label of await p.locator('.question .radio label[for$="-3"]').all()) await label.click();
        await p.locator('.step-buttons a.button:not(.button--secondary)').click();
        await ready(p);
      }
      await p.waitForTimeout(800);
      await p.waitForFunction(() => !document.querySelector('.save-indicator--saving, .save-indicator--error'), null, { timeout: 15_000 });
      await p.check('#confirm-self-check');
      await p.locator('.submit-box button[type=submit]').click();
      await p.waitForSelector('#submitted-title', { timeout: 15_000 });
      const table = p.getByRole('table', { name: 'Ihre Ergebnisse im Vergleich' });
      const head = (await table.locator('thead th').allInnerTexts()).join(' | ');
      if (head !== 'Handlungsfeld | 1. Selbstcheck | 2. Selbstcheck | Veränderung') throw new Error(`comparison columns: ${head}`);
      const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      const wrong = rows.filter((r) => !/50 % 75 % \+25 Prozentpunkte$/.test(r));
      if (!rows.length || wrong.length) throw new Error(`rows that do not show 50 % → 75 %: ${JSON.stringify(wrong)}`);
      const problems = (await runAxe(p)).map((v) => `axe ${v.id}: ${v.help} — ${v.nodes.join(', ')}`);
      await p.screenshot({ path: path.join(shots, 'de-self-check-second.png'), fullPage: true });
      problems.push(...contact.errors.splice(0).map((e) => `console: ${e}`));
      if (problems.length) throw new Error(problems.join('\n'));
    });

    await check('the municipality page shows the change per field between the two rounds, to the team and the facilitator', async () => {
      for (const who of [team, facilitator]) {
        const p = who.page;
        await p.goto(municipalityUrl);
        await ready(p);
        const scores = p.locator('#selbstcheck > .table-wrap table');
        await scores.locator('thead th', { hasText: '2. Selbstcheck' }).waitFor({ timeout: 10_000 });
        const overall = (await scores.locator('tfoot tr').innerText()).replace(/\s+/g, ' ');
        if (!overall.includes('+25 Prozentpunkte')) throw new Error(`overall row: ${overall}`);
        const choice = p.getByRole('group', { name: 'Welche Runde?' });
        if (!(await choice.getByRole('radio', { name: /^2\. Selbstcheck, abgeschickt am/ }).isChecked())) throw new Error('the latest round is not shown first');
        const field = p.locator('.handout__field').first();
        if (!(await field.innerText()).includes('Veränderung: +25 Prozentpunkte')) throw new Error(`field: ${await field.locator('.handout__scores').innerText()}`);
        // The first round's answers, with the comment, are one choice away.
        await choice.getByRole('radio', { name: /^1\. Selbstcheck/ }).check();
        await p.getByText(`„${SELF_CHECK_COMMENT}“`).waitFor();
      }
      await audit(team, 'steps-second-round');
    });

    await check('plan and record a format for decision-makers', async () => {
      await step(
        team.page,
        'plan-support',
        async (d) => {
          await d.locator('#plan-support-format').selectOption('COACHING');
          await d.getByLabel(/^Für wen/).selectOption('MAYOR');
          await d.getByLabel(/^Datum/).fill(daysFromNow(0));
          await d.getByLabel(/^Thema/).fill('Haltung zeigen in der Ratsdebatte');
        },
        'Das Format ist geplant.',
      );
      await step(team.page, 'record-support', (d) => d.getByLabel(/^Zahl der Teilnehmenden/).fill('2'), 'Das Format ist als durchgeführt erfasst.');
    });

    await check('the contact person plans a dialogue event under "Meine Aufgaben"; a date after the window is refused at its field', async () => {
      const p = contact.page;
      await p.goto(`${server.base}/aufgaben`);
      await ready(p);
      const fill = (date) => async (d) => {
        await d.locator('#plan-dialogue-format').selectOption('WORLD_CAFE');
        await d.getByLabel(/^Datum und Uhrzeit/).fill(`${date}T18:00`);
        await d.getByLabel(/^Ort/).fill('Bürgerhaus am Markt');
        await d.getByLabel(/^Thema/).fill('Wie wollen wir zusammenleben?');
      };
      // The participation window ends six months after admission: the server refuses later dates.
      const d = p.locator('#aktion-plan-dialogue');
      await d.locator('summary').click();
      await fill(daysFromNow(400))(d);
      await d.locator('button[type=submit]').click();
      await p.waitForFunction(() => document.activeElement?.id === 'plan-dialogue-at', null, { timeout: 10_000 });
      const describedBy = (await d.getByLabel(/^Datum und Uhrzeit/).getAttribute('aria-describedby')) ?? '';
      const message = await p.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText();
      if (!/Teilnahmezeitraum/.test(message)) throw new Error(`message at the date: "${message}"`);
      await audit(contact, 'tasks-dialogue-refused');
      await step(p, 'plan-dialogue', fill(daysFromNow(0)), 'Die Dialogveranstaltung ist geplant.');
      await p.locator('#termine .upcoming li', { hasText: 'Wie wollen wir zusammenleben?' }).waitFor({ timeout: 10_000 });
      await audit(contact, 'tasks-dialogue-planned');
    });

    await check('the facilitator sees only the steps facilitators take', async () => {
      await facilitator.page.goto(municipalityUrl);
      await ready(facilitator.page);
      await stageIs(facilitator.page, 'Umsetzung');
      // The forms of the steps the server offers the facilitator, in journey order (those on
      // one item named without the item's id): with the held workshop's and format's
      // corrections, not the interview's (the team's).
      const offered = await facilitator.page
        .locator('details.action')
        .evaluateAll((ds) => ds.map((d) => d.id.replace(/-[0-9a-f]{8}-[0-9a-f-]{27}$/, '')));
      const want = [
        'aktion-plan-support',
        'aktion-plan-dialogue',
        'aktion-move-dialogue',
        'aktion-cancel-dialogue',
        'aktion-record-dialogue',
        'aktion-correct-workshop',
        'aktion-correct-support',
      ];
      if (JSON.stringify(offered) !== JSON.stringify(want)) throw new Error(`facilitator steps: ${JSON.stringify(offered)}`);
    });

    await check('the facilitator records the dialogue event the contact person planned, with attendance by group', async () => {
      await audit(facilitator, 'steps-facilitator');
      await step(
        facilitator.page,
        'record-dialogue',
        async (d) => {
          const which = await d.locator('#record-dialogue-eventId option:checked').innerText();
          if (!which.includes('Wie wollen wir zusammenleben?')) throw new Error(`event chosen: "${which}"`);
          await d.getByLabel('Einwohner:innen').fill('38');
          await d.getByLabel('Verwaltung').fill('7');
          await d.getByLabel('Politik').fill('4');
          await d.getByLabel('Wirtschaft').fill('3');
          await d.getByLabel('Zivilgesellschaft').fill('11');
          await d.getByLabel(/^Ergebnisse/).fill('Wunsch nach einem offenen Treffpunkt; Vereine bieten Patenschaften an.');
        },
        'Die Dialogveranstaltung ist als durchgeführt erfasst.',
      );
    });

    await check('complete the participation', async () => {
      await team.page.reload();
      await ready(team.page);
      await audit(team, 'steps-implementation');
      await step(
        team.page,
        'complete',
        (d) => d.getByLabel(/^Was die Kommune aus der Teilnahme mitnimmt/).fill('Der Dialog mit den Vereinen trägt; wir machen weiter.'),
        'Die Teilnahme ist abgeschlossen.',
      );
      await stageIs(team.page, 'Abgeschlossen');
      await audit(team, 'steps-completed');
    });

    await check('the funder sees one more completed municipality, one more interest and one more second self-check', async () => {
      await funder.page.reload();
      await ready(funder.page);
      await funder.page.waitForSelector('.chart svg', { timeout: 20_000 });
      const after = { completed: await funderRows(funder.page, 'Abgeschlossen'), interest: await funderRows(funder.page, 'Interesse') };
      const num = (s) => Number(String(s).replace(/\./g, '').replace(',', '.'));
      const grewByOne = (before, now) =>
        before.some((row, r) => row.some((cell, c) => /^\d+$/.test(cell) && num(now[r]?.[c]) === num(cell) + 1));
      if (!grewByOne(funderBefore.completed, after.completed)) {
        throw new Error(`"Abgeschlossen" before ${JSON.stringify(funderBefore.completed)}, after ${JSON.stringify(after.completed)}`);
      }
      if (!grewByOne(funderBefore.interest, after.interest)) {
        throw new Error(`"Interesse" before ${JSON.stringify(funderBefore.interest)}, after ${JSON.stringify(after.interest)}`);
      }
      // The second self-check counts at once; its medians (and the change) appear from five
      // municipalities on, which the summary says while there are fewer.
      const seconds = await secondRounds(funder.page);
      if (seconds !== funderBefore.secondRounds + 1) throw new Error(`second self-checks before ${funderBefore.secondRounds}, after ${seconds}`);
      const summary = await funder.page.locator('#scores-summary').innerText();
      if (seconds < 5 && !summary.includes(`Den zweiten Selbstcheck ${seconds === 1 ? 'hat' : 'haben'} bisher ${seconds}`)) {
        throw new Error(`summary of the self-check chart: ${summary}`);
      }
      if (seconds >= 5 && !summary.includes('Den größten Fortschritt')) throw new Error(`summary of the self-check chart: ${summary}`);
      const problems = (await runAxe(funder.page)).map((v) => `axe ${v.id}: ${v.help} — ${v.nodes.join(', ')}`);
      problems.push(...funder.errors.splice(0).map((e) => `console: ${e}`));
      if (problems.length) throw new Error(problems.join('\n'));
    });

    await check('no console errors on the watching board', async () => {
      if (watcher.errors?.length) throw new Error(watcher.errors.join('\n'));
    });
  } catch (e) {
    setupFailed(e);
  } finally {
    await browser?.close().catch(() => {});
    await stop(server?.child);
    await stop(smtp?.child);
    if (dbCreated) {
      await run('psql', [PG_URL, '-Atc', `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`]).catch((e) =>
        console.log(`could not drop ${dbName}: ${e.message}`),
      );
    }
    await rm(tmp, { recursive: true, force: true });
  }
  console.log(`journey: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  finish();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}
await main();
