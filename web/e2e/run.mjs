// Browser checks for the built app: serves dist-stub/ (the app on the stub API) with `vite preview`, drives Debian's
// Chromium through playwright-core, visits every page in German and English, runs axe-core
// (WCAG 2.0/2.1 A and AA) and fails on any violation, console error, untranslated key,
// page-wide horizontal overflow (at 320 and 768 px) or wrong <html lang>. One full-page
// screenshot per page and language goes to e2e/screenshots/ (plus a 390 px one for some
// pages and a print-media one of the funder dashboard).
//
//   npm run e2e               (builds first)
//   CHROMIUM_PATH=... node e2e/run.mjs
//   E2E_ONLY=board node e2e/run.mjs     (only checks whose name contains "board")

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS, daysFromNow, here, ready, root, runAxe } from './support.mjs';

const shots = path.join(here, 'screenshots');
const LANGUAGES = ['de', 'en'];
const STORAGE_KEY = 'lotse.language';

/**
 * Each check: a path, an optional interaction that brings the page into the state to
 * check, and a text that must be visible once it is ready.
 */
const CHECKS = [
  { name: 'board', path: '/', mobile: true },
  { name: 'board-filtered', path: '/?land=BAYERN&phase=SELF_CHECK' },
  { name: 'board-as-of', path: `/?stand=${daysFromNow(-14)}` },
  { name: 'sign-in', path: '/anmelden' },
  {
    name: 'sign-in-sent',
    path: '/anmelden',
    act: async (page) => {
      await page.fill('#sign-in-email', 'jana.petersen@lindenau-am-see.example');
      await page.click('button[type=submit]');
      await page.waitForSelector('.alert-success');
    },
  },
  { name: 'municipality', path: '/kommunen/m-grafenau', mobile: true },
  { name: 'municipality-early', path: '/kommunen/m-bergheide' },
  // The self-check's answers for the workshop: a running first round (no answers shown yet),
  // two rounds with the choice of round, the facilitator's view before the workshop, and the
  // handout as printed (only it, without the rest of the page).
  { name: 'municipality-self-check-running', path: '/kommunen/m-lindenau' },
  {
    name: 'handout-rounds',
    path: '/kommunen/m-neustrelow',
    mobile: true,
    act: async (page) => {
      await page.click('label[for="handout-round-1"]');
      await page.waitForSelector('.handout__before', { state: 'detached' });
    },
  },
  { name: 'handout-facilitator', path: '/kommunen/m-auerbach?stub=facilitator', wait: '.handout table' },
  {
    name: 'handout-print',
    path: '/kommunen/m-neustrelow',
    act: async (page) => {
      await page.evaluate(() => {
        window.print = () => {
          window.__printed = (window.__printed ?? 0) + 1;
        };
      });
      await page.click('.handout__controls button');
      if ((await page.evaluate(() => window.__printed)) !== 1) throw new Error('the button did not print');
      await page.emulateMedia({ media: 'print' });
      const shown = async (selector) => page.locator(selector).first().isVisible();
      const problems = [];
      for (const hidden of ['.site-header', '.page-heading', '#verlauf', '#selbstcheck > table, #selbstcheck > .table-wrap', '.handout__controls']) {
        if (await shown(hidden)) problems.push(`printed although not part of the handout: ${hidden}`);
      }
      for (const visible of ['.handout__print-head', '.handout__field h4', '.handout__comment']) {
        if (!(await shown(visible))) problems.push(`not printed: ${visible}`);
      }
      await page.screenshot({ path: path.join(shots, `${await page.evaluate(() => document.documentElement.lang)}-handout-printed.png`), fullPage: true });
      await page.emulateMedia({ media: 'screen' });
      // Printing over, the page is whole again.
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
      if (await page.evaluate(() => document.documentElement.classList.contains('print-handout'))) problems.push('still marked for printing');
      if (problems.length) throw new Error(problems.join('; '));
    },
  },
  // "Stand am": the page on a past day (the timeline cut there, no steps), a refused day,
  // and a day before the municipality was recorded.
  { name: 'municipality-as-of', path: `/kommunen/m-grafenau?stand=${daysFromNow(-30)}`, mobile: true },
  {
    name: 'municipality-as-of-error',
    path: '/kommunen/m-grafenau',
    act: async (page) => {
      await page.fill('#as-of', daysFromNow(3));
      await page.click('.as-of__form button[type=submit]');
      await page.waitForSelector('.as-of__form .field-error');
    },
  },
  { name: 'municipality-as-of-before', path: '/kommunen/m-grafenau?stand=2001-05-01' },
  // The journey's forms, every step open: an admitted municipality and one in the interview.
  { name: 'steps-participating', path: '/kommunen/m-grafenau', act: openAllSteps, mobile: true },
  { name: 'steps-interview', path: '/kommunen/m-rabenfeld', act: openAllSteps },
  {
    name: 'steps-errors',
    path: '/kommunen/m-eichstedt',
    act: async (page) => {
      await openAllSteps(page);
      // Client checks on one form, a server refusal on another (completion is not offered
      // before its criteria are met, so the refusal is a dialogue event after the window).
      await page.click('#aktion-assign-contact button[type=submit]');
      await page.waitForSelector('#aktion-assign-contact .field-error');
      await page.click('#aktion-plan-dialogue button[type=submit]');
      await page.waitForSelector('#aktion-plan-dialogue .field-error');
      await fillDialogueEvent(page, daysFromNow(400));
      await page.waitForSelector('#plan-dialogue-at[aria-invalid="true"]');
    },
  },
  // A planned dialogue event: the question before it is cancelled; then moved (a date after
  // the participation window refused at its field first) and cancelled, shown as such with
  // nothing left to move, cancel or record.
  {
    name: 'dialogue-cancel-confirm',
    path: '/kommunen/m-grafenau',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#cancel-dialogue-d2-reason', 'Sturmwarnung');
      await page.click('#aktion-cancel-dialogue-d2 button[type=submit]');
      await page.waitForSelector('#cancel-dialogue-d2-confirm');
    },
  },
  {
    name: 'dialogue-moved-cancelled',
    path: '/kommunen/m-grafenau',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#move-dialogue-d2-at', `${daysFromNow(400)}T18:00`);
      await page.click('#aktion-move-dialogue-d2 button[type=submit]');
      await page.waitForSelector('#move-dialogue-d2-at[aria-invalid="true"]');
      await page.fill('#move-dialogue-d2-at', `${daysFromNow(20)}T18:00`);
      await page.fill('#move-dialogue-d2-place', 'Rathausplatz');
      await page.click('#aktion-move-dialogue-d2 button[type=submit]');
      await page.waitForSelector('#dialoge li:has-text("Rathausplatz")');
      await openAllSteps(page);
      await page.fill('#cancel-dialogue-d2-reason', 'Sturmwarnung');
      await page.click('#aktion-cancel-dialogue-d2 button[type=submit]');
      await page.click('#aktion-cancel-dialogue-d2 button[type=submit]:has(+ button)');
      await page.waitForSelector('#dialoge .event--cancelled:has-text("Sturmwarnung")');
      const left = await page.locator('#aktion-record-dialogue, #aktion-move-dialogue-d2, #aktion-cancel-dialogue-d2').count();
      if (left) throw new Error('the cancelled event still offers a step');
    },
  },
  // The municipality's details corrected (a name is needed first), the new name in the
  // heading; the interview and the workshop cancelled after the question, shown as such
  // with nothing left to record or cancel.
  {
    name: 'profile-corrected',
    path: '/kommunen/m-rabenfeld',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#correct-profile-name', '');
      await page.click('#aktion-correct-profile button[type=submit]');
      await page.waitForSelector('#correct-profile-name[aria-invalid="true"]');
      await page.fill('#correct-profile-name', 'Rabenfeld (Erzgebirge)');
      await page.fill('#correct-profile-population', '23.650');
      await page.click('#aktion-correct-profile button[type=submit]');
      await page.waitForSelector('h1:has-text("Rabenfeld (Erzgebirge)")');
    },
  },
  // The contact person's details corrected (an address that is none refused first): the
  // new address under "Kontakte" with the correction's history (field, before → after).
  {
    name: 'contact-corrected',
    path: '/kommunen/m-lindenau',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#correct-contact-details-details-email', 'jana.petersen');
      await page.click('#aktion-correct-contact-details button[type=submit]');
      await page.waitForSelector('#correct-contact-details-details-email[aria-invalid="true"]');
      await page.fill('#correct-contact-details-details-email', 'j.petersen@lindenau-am-see.example');
      await page.fill('#correct-contact-details-reason', 'Neue Adresse seit der Umstellung');
      await page.click('#aktion-correct-contact-details button[type=submit]');
      await page.waitForSelector('#kontakte a[href="mailto:j.petersen@lindenau-am-see.example"]');
      await page.waitForSelector('#kontakte .corrections li:has-text("jana.petersen@lindenau-am-see.example → j.petersen@lindenau-am-see.example")');
    },
  },
  // What was recorded of the held workshop corrected (a participant count is needed
  // first): the new count on the page, the correction with its reason in the timeline.
  {
    name: 'workshop-corrected',
    path: '/kommunen/m-grafenau',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#correct-workshop-participants', '');
      await page.click('#aktion-correct-workshop button[type=submit]');
      await page.waitForSelector('#correct-workshop-participants[aria-invalid="true"]');
      await page.fill('#correct-workshop-participants', '21');
      await page.fill('#correct-workshop-reason', 'Teilnahmeliste nachgezählt');
      await page.click('#aktion-correct-workshop button[type=submit]');
      await page.waitForSelector('#workshop dd:text-is("21")');
      await page.waitForSelector('#verlauf .timeline__detail:text-is("Teilnahmeliste nachgezählt")');
    },
  },
  // An interest form sent again closed as a duplicate of the similar one (after the
  // question): declined, with a link to the form kept and the step no longer offered.
  {
    name: 'duplicate-closed',
    path: '/kommunen/m-birkenfelde-2',
    act: async (page) => {
      await openAllSteps(page);
      await page.click('#aktion-close-as-duplicate button[type=submit]');
      await page.waitForSelector('#close-as-duplicate-confirm');
      await page.click('#aktion-close-as-duplicate button[type=submit]:has(+ button)');
      await page.waitForSelector('#profil .duplicate-of a[href="/kommunen/m-birkenfelde"]');
      if (await page.locator('#aktion-close-as-duplicate').count()) throw new Error('the closed form still offers the step');
    },
  },
  // The same, merged: the form kept (one link away) lists the merged form with its sender,
  // its motivation and a link back to the closed form's page.
  {
    name: 'duplicate-merged',
    path: '/kommunen/m-birkenfelde-2',
    act: async (page) => {
      await openAllSteps(page);
      await page.check('#close-as-duplicate-merge');
      await page.click('#aktion-close-as-duplicate button[type=submit]');
      await page.waitForSelector('#close-as-duplicate-confirm');
      await page.click('#aktion-close-as-duplicate button[type=submit]:has(+ button)');
      await page.click('#profil .duplicate-of a[href="/kommunen/m-birkenfelde"]');
      await page.waitForSelector('#profil .merged-form a[href="mailto:rathaus@birkenfelde.example"]');
      await page.waitForSelector('#profil .merged-form a[href="/kommunen/m-birkenfelde-2"]');
      await page.waitForSelector('#verlauf .timeline__detail:has-text("(zusammengeführt)"), #verlauf .timeline__detail:has-text("(merged)")');
    },
  },
  // A next step of the action plan given to a colleague of the contact person, who is
  // then named as responsible in the action plan.
  {
    name: 'next-step-owner',
    path: '/kommunen/m-grafenau',
    act: async (page) => {
      await openAllSteps(page);
      await page.selectOption('#assign-next-step-step-2-userId', 'COLLEAGUE:u-contact-grafenau-kuehn');
      await page.click('#aktion-assign-next-step-step-2 button[type=submit]');
      await page.waitForSelector('#workshop td:text-is("Sandra Kühn")');
    },
  },
  {
    name: 'interview-cancelled',
    path: '/kommunen/m-rabenfeld',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#cancel-interview-reason', 'Bürgermeister erkrankt');
      await page.click('#aktion-cancel-interview button[type=submit]');
      await page.waitForSelector('#cancel-interview-confirm');
      await page.click('#aktion-cancel-interview button[type=submit]:has(+ button)');
      await page.waitForSelector('#profil .event__status--cancelled:has-text("Bürgermeister erkrankt")');
      const left = await page.locator('#aktion-record-interview, #aktion-cancel-interview').count();
      if (left) throw new Error('the cancelled interview still offers a step');
    },
  },
  {
    name: 'workshop-cancelled',
    path: '/kommunen/m-heidland',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#cancel-workshop-reason', 'Rathaus gesperrt');
      await page.click('#aktion-cancel-workshop button[type=submit]');
      await page.waitForSelector('#cancel-workshop-confirm');
      await page.click('#aktion-cancel-workshop button[type=submit]:has(+ button)');
      await page.waitForSelector('#workshop .event__status--cancelled:has-text("Rathaus gesperrt")');
      const left = await page.locator('#aktion-record-workshop, #aktion-cancel-workshop').count();
      if (left) throw new Error('the cancelled workshop still offers a step');
    },
  },
  {
    name: 'board-move',
    path: '/?phase=INTERVIEW',
    act: async (page) => {
      await page.locator('.move button[aria-expanded]').first().click();
      await page.locator('.move__panel:not([hidden]) button', { hasText: /Zurückstellen|Put on hold/ }).click();
      await page.click('.move__form button[type=submit]');
      await page.waitForSelector('.move__form .field-error');
    },
  },
  // The team moves the last card of the waiting list up: the order changes (the places
  // with it) and the focus stays on that card's "Nach oben".
  {
    name: 'board-waiting-order',
    path: '/?phase=WAITING_LIST',
    act: async (page) => {
      const column = 'section[aria-labelledby="column-WAITING_LIST"]';
      const order = () => page.locator(`${column} .card__title`).allTextContents();
      const before = await order();
      if (before.join() !== 'Amt Seenplatte-Süd,Hollerbach,Ebersried') throw new Error(`waiting list at first: ${before.join(', ')}`);
      const cards = page.locator(`${column} .board__cards > li`);
      await cards.nth(2).locator('.card__order button').first().click();
      await page.waitForFunction(
        (selector) => [...document.querySelectorAll(`${selector} .card__title`)].map((h) => h.textContent).join() === 'Amt Seenplatte-Süd,Ebersried,Hollerbach',
        column,
      );
      await page.waitForFunction(
        (selector) => {
          const card = document.querySelectorAll(`${selector} .board__cards > li`)[1];
          return !!card && card.contains(document.activeElement) && document.activeElement === card.querySelector('.card__order button');
        },
        column,
      );
      const place = await cards.nth(1).locator('.card__place').textContent();
      if (!/2/.test(place ?? '')) throw new Error(`Ebersried shows "${place}"`);
    },
  },
  { name: 'tasks', path: '/aufgaben' },
  // The contact person's dialogue events under "Meine Aufgaben" (?stub=contact signs in as Lindenau's).
  {
    name: 'tasks-contact-errors',
    path: '/aufgaben?stub=contact',
    act: async (page) => {
      await openAllSteps(page);
      await page.click('#aktion-plan-dialogue button[type=submit]');
      await page.waitForSelector('#aktion-plan-dialogue .field-error');
    },
  },
  {
    name: 'tasks-contact-refused',
    path: '/aufgaben?stub=contact',
    act: async (page) => {
      await openAllSteps(page);
      await fillDialogueEvent(page, daysFromNow(400));
      await page.waitForSelector('#plan-dialogue-at[aria-invalid="true"]');
    },
  },
  {
    name: 'tasks-contact-planned',
    path: '/aufgaben?stub=contact',
    mobile: true,
    act: async (page) => {
      await openAllSteps(page);
      await fillDialogueEvent(page, daysFromNow(10));
      await page.waitForSelector('#dialoge .alert-success');
      await page.waitForSelector('#termine li:has-text("Wie wollen wir zusammenleben?")');
      await openAllSteps(page);
      await page.waitForSelector('#aktion-record-dialogue');
    },
  },
  {
    name: 'self-check',
    path: '/selbstcheck',
    mobile: true,
    act: async (page) => {
      await page.click('label[for="q-governance-strategy-3"]');
      await page.waitForSelector('.save-indicator--saved', { timeout: 5000 });
    },
  },
  { name: 'self-check-review', path: '/selbstcheck?schritt=8' },
  // The second round (?stub=contact&kommune=… signs in as that municipality's contact
  // person): offered after the workshop, started, filled in and submitted; the rounds
  // compared; the prompt under "Meine Aufgaben".
  { name: 'self-check-second-offered', path: '/selbstcheck?stub=contact&kommune=m-grafenau', wait: '#next-round-title' },
  {
    name: 'self-check-second-started',
    path: '/selbstcheck?stub=contact&kommune=m-grafenau',
    act: async (page) => {
      await page.click('.next-round button');
      await page.waitForSelector('.stepper');
      await page.waitForFunction(() => document.activeElement?.id === 'step-title');
    },
  },
  {
    name: 'self-check-second-submitted',
    path: '/selbstcheck?stub=contact&kommune=m-grafenau',
    mobile: true,
    act: async (page) => {
      await page.click('.next-round button');
      await fillSelfCheck(page);
      await page.waitForSelector('#submitted-title');
      await page.waitForSelector('#submitted-title ~ .table-wrap table.comparison');
    },
  },
  { name: 'self-check-compared', path: '/selbstcheck?stub=contact&kommune=m-neustrelow', wait: 'table.comparison', mobile: true },
  { name: 'tasks-second-round', path: '/aufgaben?stub=contact&kommune=m-grafenau', wait: '#selbstcheck-title' },
  { name: 'funder', path: '/foerderer', wait: '.chart svg', print: true, mobile: true },
  { name: 'funder-as-of', path: `/foerderer?stand=${daysFromNow(-60)}`, wait: '.chart svg', print: true },
  // The team's programmes: the list, a programme created, a refused capacity, another role.
  { name: 'programme', path: '/programm', mobile: true },
  {
    name: 'programme-created',
    path: '/programm',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#create-programme-name', 'Zusammenhalt 2027');
      await page.selectOption('#create-programme-frameworkId', 'whole-comm');
      await page.fill('#create-programme-capacity', '25');
      await page.click('#aktion-create-programme button[type=submit]');
      await page.waitForSelector('.alert-success');
      await page.waitForSelector('article.programme h3:has-text("Zusammenhalt 2027")');
    },
  },
  {
    name: 'programme-refused',
    path: '/programm',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#programme-p-weltoffen-capacity', '0');
      await page.click('#aktion-programme-p-weltoffen button[type=submit]');
      await page.waitForSelector('#programme-p-weltoffen-capacity[aria-invalid="true"]');
    },
  },
  {
    // The deadlines and reminders opened, a deadline out of bounds refused at its input.
    name: 'programme-deadlines',
    path: '/programm',
    act: async (page) => {
      await openAllSteps(page);
      await page.click('[aria-controls="programme-p-zusammenhalt-2027-timing"]');
      await page.fill('#programme-p-zusammenhalt-2027-decideDays', '0');
      await page.click('#aktion-programme-p-zusammenhalt-2027 button[type=submit]');
      await page.waitForSelector('#programme-p-zusammenhalt-2027-decideDays[aria-invalid="true"]');
    },
  },
  {
    name: 'programme-archive',
    path: '/programm',
    act: async (page) => {
      // The confirmation first (what archiving means), then the programme archived.
      const archive = '#aktion-programme-p-zusammenhalt-2027-archive';
      await page.click(`${archive} > summary`);
      await page.waitForSelector(`${archive} button[type=submit]`);
      await page.click(`${archive} button[type=submit]`);
      await page.waitForSelector('.alert-success');
      await page.waitForSelector('article.programme:has-text("Zusammenhalt vor Ort 2027") .programme__archived');
    },
  },
  { name: 'programme-not-team', path: '/programm?stub=funder' },
  // The team's people: the list, an invitation sent, a refused address, a deactivation
  // asked for and done, another role.
  { name: 'people', path: '/personen', mobile: true },
  {
    name: 'people-invited',
    path: '/personen',
    act: async (page) => {
      await openAllSteps(page);
      await page.fill('#invite-name', 'Lea Schneider');
      await page.fill('#invite-email', 'lea.schneider@begleitung.example');
      await page.selectOption('#invite-role', 'facilitator');
      await page.click('#aktion-invite button[type=submit]');
      await page.waitForSelector('.alert-success');
      await page.waitForSelector('article.person h3:has-text("Lea Schneider")');
    },
  },
  {
    name: 'people-refused',
    path: '/personen',
    act: async (page) => {
      await openAllSteps(page);
      // Client checks first, then the server's refusal of an address already registered.
      await page.click('#aktion-invite button[type=submit]');
      await page.waitForSelector('#invite-name[aria-invalid="true"]');
      await page.fill('#invite-name', 'Miriam Albers');
      await page.fill('#invite-email', 'albers@begleitung.example');
      await page.selectOption('#invite-role', 'facilitator');
      await page.click('#aktion-invite button[type=submit]');
      await page.waitForSelector('#invite-email[aria-invalid="true"]');
    },
  },
  {
    name: 'people-deactivated',
    path: '/personen',
    act: async (page) => {
      await page.click('#aktion-person-u-team-okafor-deactivate > summary');
      await page.click('#aktion-person-u-team-okafor-deactivate button[type=submit]');
      await page.waitForSelector('.alert-success');
      await page.waitForSelector('#aktion-person-u-team-okafor-reactivate');
    },
  },
  { name: 'people-not-team', path: '/personen?stub=facilitator' },
  // "Benachrichtigungen": the team member's choice of mails about new interest forms (the
  // default checked), another choice saved and confirmed, and the page for another role.
  { name: 'notifications', path: '/benachrichtigungen', mobile: true, wait: '#form-alerts-AT_ONCE:checked' },
  {
    name: 'notifications-saved',
    path: '/benachrichtigungen',
    act: async (page) => {
      await page.check('#form-alerts-DAILY');
      await page.click('form.notifications button[type=submit]');
      await page.waitForSelector('.notifications__status .alert-success');
    },
  },
  { name: 'notifications-not-team', path: '/benachrichtigungen?stub=contact' },
  // The public form: the choice of the open programmes, one programme's form, a closed
  // (archived) one with its notice, an unknown one, and the form's errors.
  { name: 'interest', path: '/interesse', mobile: true, wait: '.interest__programmes' },
  { name: 'interest-programme', path: '/interesse/p-weltoffen', mobile: true, wait: '#interest-municipalityName' },
  { name: 'interest-closed', path: '/interesse/p-pilot-2025', wait: '.interest__programme' },
  { name: 'interest-unknown', path: '/interesse/p-gibt-es-nicht', wait: '.alert-info' },
  {
    name: 'interest-errors',
    path: '/interesse/p-weltoffen',
    act: async (page) => {
      await page.fill('#interest-email', 'not-an-address');
      await page.click('button[type=submit]');
      await page.waitForSelector('.error-summary');
    },
  },
  { name: 'not-found', path: '/gibt-es-nicht' },
  // The programme switch (last: the choice is remembered for the checks after it). The
  // second programme has no municipalities yet; the archived pilot's figures are empty.
  {
    name: 'programme-switch',
    path: '/',
    mobile: true,
    act: async (page) => {
      await page.selectOption('.programme-switch select', 'p-zusammenhalt-2027');
      await page.waitForURL(/programm=p-zusammenhalt-2027/);
      await page.waitForSelector('.result-count');
    },
  },
  { name: 'programme-switch-funder', path: '/foerderer?stub=funder&programm=p-pilot-2025', wait: '.programme-switch select' },
  { name: 'programme-switch-facilitator', path: '/?stub=facilitator&programm=p-weltoffen', wait: '.programme-switch select' },
];

/** Fills the form "plan a dialogue event" for `date` (yyyy-mm-dd) and sends it. */
async function fillDialogueEvent(page, date) {
  await page.selectOption('#plan-dialogue-format', 'WORLD_CAFE');
  await page.fill('#plan-dialogue-at', `${date}T18:00`);
  await page.fill('#plan-dialogue-place', 'Bürgerhaus am Markt');
  await page.fill('#plan-dialogue-topic', 'Wie wollen wir zusammenleben?');
  await page.click('#aktion-plan-dialogue button[type=submit]');
}

/** Answers every indicator of the self-check (level 3), confirms and submits it. */
async function fillSelfCheck(page) {
  const current = () => page.locator('.stepper [aria-current="step"]').getAttribute('href');
  for (let guard = 0; guard < 20; guard += 1) {
    await page.waitForSelector('.stepper');
    if (await page.locator('#confirm-self-check').count()) break;
    for (const label of await page.locator('.question .radio label[for$="-3"]').all()) await label.click();
    // Wait until the next step is shown: its questions are counted afresh, never those of
    // the step before while it is still on the screen.
    const before = await current();
    await page.locator('.step-buttons a.button:not(.button--secondary)').click();
    await page.waitForFunction(
      (href) => document.querySelector('.stepper [aria-current="step"]')?.getAttribute('href') !== href,
      before,
    );
  }
  await page.check('#confirm-self-check');
  await page.click('.submit-box button[type=submit]');
}

/** Opens every step of the journey on a municipality page (likewise the programme forms). */
async function openAllSteps(page) {
  await page.waitForSelector('details.action');
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details.action')) d.open = true;
  });
}

const only = process.env.E2E_ONLY;
const checks = only ? CHECKS.filter((c) => c.name.includes(only)) : CHECKS;

async function waitUntilReady(page, check) {
  await ready(page);
  if (check.wait) await page.waitForSelector(check.wait);
}

/** Visible text that looks like an i18n key (e.g. "board.title") means a missing string. */
async function untranslated(page) {
  return page.evaluate(() => {
    const text = document.body.innerText;
    return [...text.matchAll(/\b(app|nav|board|municipality|tasks|selfCheck|handout|funder|programme|people|notifications|interest|signIn|errors|common|stage|land|kind|rating)\.[A-Za-z_.]+\b/g)].map((m) => m[0]);
  });
}

async function overflow(page, width) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForTimeout(150);
  const result = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  return result.scroll > result.client + 1 ? `${result.scroll}px wide at ${width}px viewport` : null;
}

async function main() {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });

  const server = await preview({
    root,
    logLevel: 'warn',
    // Built with the sample data (VITE_LOTSE_STUB=1, see `npm run e2e`); dist/ is the real build.
    build: { outDir: process.env.E2E_DIST ?? 'dist-stub' },
    preview: { port: 4317, strictPort: false, host: '127.0.0.1', open: false },
  });
  const base = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!base) throw new Error('vite preview did not report a URL');

  // playwright-core starts Chromium with a fresh temporary --user-data-dir of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  const failures = [];

  try {
    for (const lang of LANGUAGES) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: lang === 'de' ? 'de-DE' : 'en-GB',
        reducedMotion: 'reduce',
      });
      await context.addInitScript(
        ([key, value]) => {
          if (!sessionStorage.getItem('e2e-init')) {
            localStorage.setItem(key, value);
            sessionStorage.setItem('e2e-init', '1');
          }
        },
        [STORAGE_KEY, lang],
      );

      for (const check of checks) {
        const label = `${lang} ${check.name}`;
        const page = await context.newPage();
        const problems = [];
        page.on('console', (msg) => {
          if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
        });
        page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
        try {
          const response = await page.goto(base + check.path, { waitUntil: 'networkidle' });
          if (!response?.ok()) problems.push(`HTTP ${response?.status()}`);
          await waitUntilReady(page, check);
          if (check.act) await check.act(page);

          const htmlLang = await page.evaluate(() => document.documentElement.lang);
          if (htmlLang !== lang) problems.push(`<html lang="${htmlLang}">, expected "${lang}"`);

          for (const v of await runAxe(page)) {
            problems.push(`axe ${v.id} (${v.impact}): ${v.help}\n        ${v.nodes.join('\n        ')}`);
          }
          const keys = await untranslated(page);
          if (keys.length) problems.push(`untranslated: ${[...new Set(keys)].join(', ')}`);

          await page.screenshot({ path: path.join(shots, `${lang}-${check.name}.png`), fullPage: true });

          if (check.print) {
            await page.emulateMedia({ media: 'print' });
            await page.screenshot({ path: path.join(shots, `${lang}-${check.name}-print.png`), fullPage: true });
            await page.emulateMedia({ media: 'screen' });
          }

          for (const width of [320, 768]) {
            const wide = await overflow(page, width);
            if (wide) problems.push(`horizontal overflow: ${wide}`);
          }
          if (check.mobile) {
            await page.setViewportSize({ width: 390, height: 844 });
            await page.waitForTimeout(150);
            await page.screenshot({ path: path.join(shots, `${lang}-${check.name}-mobile.png`), fullPage: true });
          }
        } catch (err) {
          problems.push(`error: ${err instanceof Error ? err.message : String(err)}`);
          await page.screenshot({ path: path.join(shots, `${lang}-${check.name}-FAILED.png`), fullPage: true }).catch(() => {});
        } finally {
          await page.close();
        }
        if (problems.length) {
          failed += 1;
          failures.push(label);
          console.log(`✗ ${label}\n    ${problems.join('\n    ')}`);
        } else {
          passed += 1;
          console.log(`✓ ${label}`);
        }
      }
      await context.close();
    }

    // Keyboard: the skip link comes first and leads into <main>; after client-side
    // navigation focus lands on the new page's heading.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${base}/`, { waitUntil: 'networkidle' });
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => document.activeElement?.textContent);
        if (first !== 'Zum Inhalt springen') throw new Error(`first tab stop: ${first}`);
        await page.keyboard.press('Enter');
        const inMain = await page.evaluate(() => document.activeElement?.id);
        if (inMain !== 'main') throw new Error(`skip link focused #${inMain}`);
        await page.getByRole('link', { name: 'Meine Aufgaben' }).first().click();
        await page.waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 });
        const heading = await page.evaluate(() => document.activeElement?.textContent);
        if (heading !== 'Meine Aufgaben') throw new Error(`focus after navigation on "${heading}"`);
        passed += 1;
        console.log('✓ skip link and focus after navigation');
      } catch (err) {
        failed += 1;
        failures.push('keyboard focus');
        console.log(`✗ keyboard focus: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await context.close();
      }
    }

    // The language switch: a labelled control that changes <html lang> and is remembered.
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${base}/interesse`, { waitUntil: 'networkidle' });
      await page.getByLabel('Sprache').selectOption('en');
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await page.reload({ waitUntil: 'networkidle' });
      const lang = await page.evaluate(() => document.documentElement.lang);
      const heading = await page.textContent('main h1');
      if (lang !== 'en' || heading !== 'Interest in taking part') throw new Error(`after reload: lang=${lang}, h1=${heading}`);
      passed += 1;
      console.log('✓ language switch is remembered');
    } catch (err) {
      failed += 1;
      failures.push('language switch');
      console.log(`✗ language switch: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.httpServer.close(resolve));
  }

  console.log(`\nScreenshots: ${path.relative(process.cwd(), shots)}/`);
  if (failures.length) console.log(`Failed: ${failures.join(', ')}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
