// "Go live": a team starts from nothing, without the demo, against the real server on an
// empty PostgreSQL database with a real SMTP server (aiosmtpd):
//
//   the operator creates a tenant and its first team member with the CLI → the team member
//   signs in with the printed link → creates a programme on "Programm" (Whole-COMM, 10
//   places, 9 months, no dialogue events required) → a municipality sends that programme's
//   interest form (the confirmation mail names the programme) → the team takes it to
//   admission on its page (participation window of 9 months) → invites a facilitator and a
//   funder on "Personen"; each signs in with the link from their invitation mail (the
//   funder sees one admitted municipality) → the team deactivates the facilitator, whose
//   next page load shows them signed out.
//
// axe-core (WCAG 2.0/2.1 A+AA) runs on the key pages in German; screenshots go to
// e2e/screenshots/golive/. Needs: the lotse binary (LOTSE_BIN or ../target/debug/lotse), a
// build in dist/, Chromium, python3 with aiosmtpd, psql and a PostgreSQL role that may
// create databases at LOTSE_TEST_POSTGRES_URL.
//
//   npm run e2e:real          (builds, runs the other browser checks, then this)
//   LOTSE_BIN=... node e2e/golive.mjs

import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import {
  BIN,
  CHROMIUM,
  CHROMIUM_ARGS,
  PG_URL,
  checkRunner,
  databaseUrl,
  daysFromNow,
  dist,
  freePort,
  here,
  openPage,
  readMail,
  ready,
  requireServerAndBrowser,
  requireSmtpAndPostgres,
  runAxe,
  startSmtp,
  stop,
} from './support.mjs';

const run = promisify(execFile);
const shots = path.join(here, 'screenshots', 'golive');

const TENANT = 'Netzwerk Nord';
const TEAM = { name: 'Tara Team', email: 'tara@nord.example' };
const FACILITATOR = { name: 'Fiete Fuchs', email: 'fiete@nord.example' };
const FUNDER = { name: 'Frauke Förder', email: 'frauke@nord.example' };
const PROGRAMME = 'Whole-COMM-Pilot Nord';
const OTHER_PROGRAMME = 'Weltoffene Kommune';

// ---------------------------------------------------------------- preconditions

requireServerAndBrowser();
await requireSmtpAndPostgres('The go-live test');

// ---------------------------------------------------------------- helpers

/**
 * What the server and the CLI share: the database, the public address (so that printed and
 * mailed links lead to the test server) and the mail settings.
 */
function lotseEnv(tmp, dbUrl, base, smtpPort) {
  return {
    ...process.env,
    LOTSE_DATABASE_URL: dbUrl,
    LOTSE_PUBLIC_URL: base,
    LOTSE_WEB_DIR: dist,
    LOTSE_MAIL_DIR: path.join(tmp, 'mail-files'),
    LOTSE_SMTP_HOST: '127.0.0.1',
    LOTSE_SMTP_PORT: String(smtpPort),
    LOTSE_SMTP_SECURITY: 'none',
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
}

/** Starts `lotse serve` (no demo) on `port`; resolves once /ready answers. */
async function startServer(tmp, env, port, timeoutMs = 180_000) {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve'], {
    cwd: tmp,
    env: {
      ...env,
      LOTSE_LISTEN: `127.0.0.1:${port}`,
      // Any free port: several servers may run on this machine at once.
      LOTSE_METRICS_LISTEN: '127.0.0.1:0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (c) => (log += c.toString()));
  child.stderr.on('data', (c) => (log += c.toString()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server stopped (exit ${child.exitCode}):\n${log}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return { child, base, log: () => log };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop(child);
  throw new Error(`the server was not ready within ${timeoutMs / 1000} s:\n${log}`);
}

/** Waits for a mail to `to` that `accept` accepts and that was not taken before. */
const seenMails = new Set();
async function mailTo(dir, to, accept = () => true, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = (await readMail(dir)).filter((m) => m.to.includes(to.toLowerCase()));
    const mail = last.find((m) => !seenMails.has(m.key) && accept(m));
    if (mail) {
      seenMails.add(mail.key);
      return mail;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `no such mail to ${to} within ${timeout / 1000} s; mails to ${to}: ${JSON.stringify(last.map((m) => m.subject))}`,
  );
}

/** The local date `months` from today as the app shows it (dd.mm.yyyy), clamped to the month's end. */
function monthsFromTodayDe(months) {
  const now = new Date();
  const y = now.getFullYear() + Math.floor((now.getMonth() + months) / 12);
  const m = (now.getMonth() + months) % 12;
  const last = new Date(y, m + 1, 0).getDate();
  const d = Math.min(now.getDate(), last);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(d)}.${pad(m + 1)}.${y}`;
}

// ---------------------------------------------------------------- the test

async function main() {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'lotse-golive-'));
  const maildir = path.join(tmp, 'smtp');
  const dbName = `lotse_golive_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const started = Date.now();
  let smtp;
  let server;
  let browser;
  let dbCreated = false;
  // Each step builds on the one before, so the first failure ends the run.
  const { check, setupFailed, finish } = checkRunner({ stopAtFirstFailure: true, timed: true, stackLines: 8 });

  function newPage() {
    return openPage(browser, { locale: 'de-DE', viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  }

  /** axe (German) and a screenshot of the page; console errors fail too. */
  async function audit(who, name) {
    const { page, errors } = who;
    await ready(page);
    const problems = (await runAxe(page)).map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`);
    await page.screenshot({ path: path.join(shots, `de-${name}.png`), fullPage: true });
    problems.push(...errors.splice(0).map((e) => `console: ${e}`));
    if (problems.length) throw new Error(problems.join('\n'));
  }

  /** Opens a form (<details>), lets `fill` fill it, submits and waits for the page's announcement. */
  async function submitForm(page, details, fill, success, noticeSelector) {
    await details.waitFor({ timeout: 20_000 });
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    if (fill) await fill(details);
    await details.locator('button[type=submit]').click();
    const notice = page.locator(noticeSelector, { hasText: success });
    try {
      await notice.waitFor({ timeout: 20_000 });
    } catch {
      const shown = await details.locator('.field-error, .action__refusal').allInnerTexts().catch(() => []);
      throw new Error(`${await details.getAttribute('id')}: no "${success}"${shown.length ? ` — shown instead: ${shown.join(' | ')}` : ''}`);
    }
  }

  /** A step of a municipality's journey (as in journey.mjs). */
  function step(page, id, fill, success) {
    return submitForm(page, page.locator(`#aktion-${id}`), fill, success, '.section--steps [role=status]');
  }

  async function stageIs(page, label) {
    await page.waitForFunction(
      (want) => document.querySelector('main .lead')?.textContent?.includes(`Phase: ${want}`),
      label,
      { timeout: 20_000 },
    );
  }

  /** The main navigation's link texts. */
  function navLinks(page) {
    return page.locator('header nav.main-nav a').allInnerTexts();
  }

  /** Signs in with a link; waits for the start page of the role. */
  async function signInWith(who, link, landing) {
    await who.page.goto(link);
    try {
      await who.page.waitForURL((url) => url.pathname === landing, { timeout: 20_000 });
    } catch {
      const at = new URL(who.page.url()).pathname;
      const links = await navLinks(who.page).catch(() => []);
      throw new Error(`the sign-in link led to ${at}, not ${landing} (navigation: ${JSON.stringify(links)})`);
    }
    await ready(who.page);
  }

  let tenantId = '';
  let teamLink = '';
  let interestAddress = '';
  let interestIntro = '';
  const invitations = {};
  const municipality = `Nordhafen ${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const submitterEmail = `buergermeister.${Date.now()}@nordhafen.example`;

  try {
    await run('psql', [PG_URL, '-Atc', `CREATE DATABASE ${dbName}`]);
    dbCreated = true;
    smtp = await startSmtp(maildir);
    const port = await freePort();
    const env = lotseEnv(tmp, databaseUrl(dbName), `http://127.0.0.1:${port}`, smtp.port);
    server = await startServer(tmp, env, port);
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s) lotse serves ${server.base} without the demo (PostgreSQL ${dbName}, SMTP :${smtp.port})`);
    const cli = (args) => run(BIN, args, { cwd: tmp, env, maxBuffer: 16 * 1024 * 1024 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    const team = await newPage();
    const visitor = await newPage();
    const facilitator = await newPage();
    const funder = await newPage();

    await check('the operator creates the tenant with the CLI (create-tenant prints its id)', async () => {
      const { stdout } = await cli(['create-tenant', '--name', TENANT]);
      tenantId = stdout.trim();
      if (!tenantId || /\s/.test(tenantId)) throw new Error(`create-tenant printed ${JSON.stringify(stdout)}`);
    });

    await check('the operator creates the first team member (create-user prints the id and a sign-in link)', async () => {
      const { stdout, stderr } = await cli(['create-user', '--tenant', tenantId, '--role', 'team', '--name', TEAM.name, '--email', TEAM.email]);
      if (!stdout.trim() || /\s/.test(stdout.trim())) throw new Error(`create-user printed ${JSON.stringify(stdout)} on stdout`);
      const line = stderr.split('\n').find((l) => l.includes('Anmeldelink'));
      const m = line?.match(/https?:\/\/\S+\/anmelden\/link#\S+/);
      if (!m) throw new Error(`no sign-in link on stderr: ${JSON.stringify(stderr)}`);
      teamLink = m[0];
      if (!teamLink.startsWith(`${server.base}/`)) throw new Error(`the link points elsewhere: ${teamLink}`);
    });

    await check('the team member signs in with that link and lands on the board', async () => {
      await signInWith(team, teamLink, '/');
      const links = await navLinks(team.page);
      for (const want of ['Programm', 'Personen']) {
        if (!links.includes(want)) throw new Error(`navigation: ${JSON.stringify(links)}`);
      }
    });

    await check('"Programm": the team creates the programme "Whole-COMM-Pilot Nord"', async () => {
      const p = team.page;
      await p.locator('header nav.main-nav').getByRole('link', { name: 'Programm', exact: true }).click();
      await p.waitForURL((url) => url.pathname === '/programm');
      await ready(p);
      await p.locator('#programme', { hasText: 'Es gibt noch kein Programm' }).waitFor({ timeout: 20_000 });
      await audit(team, 'programme-empty');
      await submitForm(
        p,
        p.locator('#aktion-create-programme'),
        async (d) => {
          await d.getByLabel(/^Name des Programms/).fill(PROGRAMME);
          const framework = d.getByLabel(/^Bewertungsrahmen/);
          const options = await framework.locator('option').allInnerTexts();
          const label = options.find((o) => o.includes('Whole-COMM'));
          if (!label) throw new Error(`no Whole-COMM framework among ${JSON.stringify(options)}`);
          await framework.selectOption({ label });
          await d.getByLabel(/^Anzahl der Plätze/).fill('10');
          await d.getByLabel(/^Dauer der Teilnahme in Monaten/).fill('9');
          await d.getByLabel(/^Mindestzahl an Dialogveranstaltungen/).fill('0');
        },
        `Das Programm „${PROGRAMME}“ ist angelegt.`,
        'main .alert-success[role=status]',
      );
    });

    await check('the list shows the programme with its settings and the address of its interest form', async () => {
      const p = team.page;
      const card = p.locator('article.programme', { has: p.locator('h3', { hasText: PROGRAMME }) });
      await card.waitFor({ timeout: 20_000 });
      const facts = (await card.locator('dl.facts').innerText()).replace(/\s+/g, ' ');
      for (const want of ['Whole-COMM', '0 von 10', '9 Monate']) {
        if (!facts.includes(want)) throw new Error(`"${want}" not in the programme's facts: ${facts}`);
      }
      interestAddress = (await card.locator('.programme__address code').innerText()).trim();
      if (!new RegExp(`^${server.base.replace(/\./g, '\\.')}/interesse/[^/\\s]+$`).test(interestAddress)) {
        throw new Error(`interest form address: "${interestAddress}"`);
      }
      await audit(team, 'programme-created');
    });

    await check('a municipality sends the programme’s interest form', async () => {
      const p = visitor.page;
      await p.goto(interestAddress);
      await ready(p);
      interestIntro = await p.locator('main .lead').first().innerText();
      await p.fill('#interest-municipalityName', municipality);
      await p.selectOption('#interest-land', 'SCHLESWIG_HOLSTEIN');
      await p.selectOption('#interest-kind', 'STADT');
      await p.fill('#interest-population', '12.300');
      await p.fill('#interest-submitterName', 'Hinrich Nordhafen');
      await p.fill('#interest-submitterRole', 'Bürgermeister');
      await p.fill('#interest-email', submitterEmail);
      await p.fill('#interest-motivation', 'Wir wollen Zugezogene besser willkommen heißen und die Vereine an einen Tisch holen.');
      await p.check('#interest-consent');
      await audit(visitor, 'interest-form');
      // The server refuses forms sent back within three seconds of being shown.
      await p.waitForTimeout(3200);
      await p.click('main button[type=submit]');
      await p.waitForSelector('.alert-success', { timeout: 20_000 });
      if (visitor.errors.length) throw new Error(visitor.errors.join('\n'));
    });

    await check(`the confirmation mail arrives by SMTP and names "${PROGRAMME}", not "${OTHER_PROGRAMME}"`, async () => {
      const mail = await mailTo(maildir, submitterEmail, (m) => m.subject.includes('Interessenbekundung'));
      const all = `${mail.subject}\n${mail.text}`;
      if (!mail.subject.includes(municipality)) throw new Error(`subject: "${mail.subject}"`);
      if (!all.includes(`„${PROGRAMME}“`)) throw new Error(`the mail does not name „${PROGRAMME}“:\n${all}`);
      if (all.includes(OTHER_PROGRAMME)) throw new Error(`the mail names "${OTHER_PROGRAMME}":\n${all}`);
    });

    await check('the team sees the card in "Interesse" on the board and opens the municipality', async () => {
      const p = team.page;
      await p.goto(`${server.base}/`);
      await ready(p);
      const column = p.locator('section.board__column', { has: p.locator('h2', { hasText: /^Interesse/ }) });
      await column.getByRole('link', { name: municipality }).click();
      await p.waitForURL(/\/kommunen\//);
      await stageIs(p, 'Interesse');
      await audit(team, 'municipality-interest');
    });

    await check('schedule the initial interview', async () => {
      await step(team.page, 'schedule-interview', (d) => d.getByLabel(/^Datum und Uhrzeit/).fill(`${daysFromNow(0)}T09:00`), 'Der Termin für das Erstgespräch ist gespeichert.');
      await stageIs(team.page, 'Erstgespräch');
    });

    await check('record the interview with all three requirements met', async () => {
      await step(
        team.page,
        'record-interview',
        async (d) => {
          await d.getByLabel(/^Stattgefunden am/).fill(daysFromNow(0));
          for (const box of await d.locator('input[type=checkbox]').all()) await box.check();
          await d.getByLabel(/^Notizen/).fill('Bürgermeister und Rat stehen dahinter.');
        },
        'Das Ergebnis des Erstgesprächs ist gespeichert.',
      );
      await stageIs(team.page, 'Erstgespräch');
    });

    await check('admit: the page shows a participation window of 9 months from today', async () => {
      const p = team.page;
      await step(p, 'admit', null, 'Die Entscheidung ist gespeichert.');
      await stageIs(p, 'Zugelassen');
      const want = monthsFromTodayDe(9);
      const row = p.locator('main dl div', { has: p.locator('dt', { hasText: 'Teilnahme endet spätestens am' }) });
      await row.waitFor({ timeout: 20_000 });
      const shown = (await row.locator('dd').innerText()).trim();
      if (shown !== want) throw new Error(`"Teilnahme endet spätestens am" ${shown}, expected ${want} (9 months from today)`);
      await audit(team, 'municipality-admitted');
    });

    await check('"Personen": the team invites a facilitator and a funder', async () => {
      const p = team.page;
      await p.goto(`${server.base}/personen`);
      await ready(p);
      await audit(team, 'people');
      for (const [person, role] of [
        [FACILITATOR, 'Prozessbegleitung'],
        [FUNDER, 'Förderer'],
      ]) {
        await submitForm(
          p,
          p.locator('#aktion-invite'),
          async (d) => {
            await d.getByLabel(/^Name/).fill(person.name);
            await d.getByLabel(/^E-Mail-Adresse/).fill(person.email);
            await d.getByLabel(/^Rolle/).selectOption({ label: role });
          },
          `Die Einladung an ${person.name} (${person.email}) ist verschickt.`,
          'main .alert-success[role=status]',
        );
        await p.locator('article.person h3', { hasText: person.name }).waitFor({ timeout: 20_000 });
      }
      await audit(team, 'people-invited');
    });

    await check('both invitation mails ("Einladung zu Lotse …") arrive with a sign-in link', async () => {
      for (const person of [FACILITATOR, FUNDER]) {
        const mail = await mailTo(maildir, person.email, (m) => m.subject.startsWith('Einladung zu Lotse'));
        const link = mail.links.find((l) => l.includes('/anmelden/link#'));
        if (!link) throw new Error(`no sign-in link in the invitation to ${person.email}:\n${mail.text}`);
        if (!link.startsWith(`${server.base}/`)) throw new Error(`the link points elsewhere: ${link}`);
        invitations[person.email] = { link, subject: mail.subject };
      }
    });

    await check('the facilitator signs in with the link from the invitation and sees the app', async () => {
      await signInWith(facilitator, invitations[FACILITATOR.email].link, '/');
      const links = await navLinks(facilitator.page);
      if (!links.includes('Meine Aufgaben') || links.includes('Personen')) throw new Error(`navigation: ${JSON.stringify(links)}`);
      await audit(facilitator, 'facilitator-board');
    });

    await check('the funder signs in with the link from the invitation and sees one municipality admitted', async () => {
      const p = funder.page;
      await signInWith(funder, invitations[FUNDER.email].link, '/foerderer');
      const kpi = p.locator('.kpi', { has: p.locator('dt', { hasText: 'Belegte Plätze' }) });
      try {
        await kpi.locator('dd', { hasText: '1 von 10 Plätzen' }).waitFor({ timeout: 20_000 });
      } catch {
        const shown = await p.locator('main').innerText();
        throw new Error(`the funder dashboard does not show "1 von 10 Plätzen":\n${shown.slice(0, 1500)}`);
      }
      await audit(funder, 'funder');
    });

    await check('the team deactivates the facilitator; the facilitator’s next page load shows them signed out', async () => {
      const p = team.page;
      await p.goto(`${server.base}/personen`);
      await ready(p);
      const card = p.locator('article.person', { has: p.locator('h3', { hasText: FACILITATOR.name }) });
      await submitForm(p, card.locator('details[id$="-deactivate"]'), null, `Das Konto von ${FACILITATOR.name} ist deaktiviert.`, 'main .alert-success[role=status]');
      await card.locator('.person__status', { hasText: 'deaktiviert' }).waitFor({ timeout: 20_000 });
      const f = facilitator.page;
      await f.reload();
      await f.waitForSelector('main h1');
      await f.waitForFunction(
        () => {
          const links = [...document.querySelectorAll('header nav.main-nav a')].map((a) => a.textContent.trim());
          return links.includes('Anmelden') && !links.includes('Meine Aufgaben');
        },
        null,
        { timeout: 20_000 },
      );
      // The page says why and leads to the sign-in, rather than "could not be loaded".
      await f.locator('main [role=alert]', { hasText: 'Ihre Sitzung ist beendet' }).waitFor({ timeout: 20_000 });
      await f.locator('main a', { hasText: 'Erneut anmelden' }).waitFor();
      const me = await f.evaluate(async () => {
        const r = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ me { userId } }' }),
        });
        return r.json();
      });
      if (me.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED') throw new Error(`still signed in: ${JSON.stringify(me)}`);
      await f.screenshot({ path: path.join(shots, 'de-facilitator-signed-out.png'), fullPage: true });
      facilitator.errors.splice(0);
    });

    // Last, so that they do not hide the checks above: the programme's name where people read it.
    await check(`the programme’s interest form does not name "${OTHER_PROGRAMME}"`, async () => {
      if (interestIntro.includes(OTHER_PROGRAMME)) {
        throw new Error(`the interest form at ${interestAddress} (programme "${PROGRAMME}") says: "${interestIntro}"`);
      }
    });

    await check(`the invitation mails name the programme "${PROGRAMME}"`, async () => {
      for (const [email, { subject }] of Object.entries(invitations)) {
        if (!subject.includes(`„${PROGRAMME}“`)) throw new Error(`the invitation to ${email} is titled "${subject}"`);
      }
    });

    await check('no console errors in the team’s browser', async () => {
      if (team.errors.length) throw new Error(team.errors.join('\n'));
    });
  } catch (e) {
    setupFailed(e);
    if (server) console.log(`server log:\n${server.log().slice(-4000)}`);
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
  console.log(`golive: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  finish();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}
await main();
