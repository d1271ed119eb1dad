import { describe, expect, it } from 'vitest';
import { createStubApi } from './stubApi';
import { DEFAULT_DEADLINES, STAGES } from '../../domain';
import { daysFromToday } from './data';
import type { JourneyCommand, LotseApi } from '../types';

const api = () => createStubApi({ latencyMs: 0 });

describe('stub API', () => {
  it('moves and cancels a planned dialogue event; a cancelled one is neither moved nor recorded any more', async () => {
    const stub = api();
    const before = await stub.municipality('m-grafenau');
    expect(before?.availableSteps).toEqual(expect.arrayContaining(['moveDialogueEvent', 'cancelDialogueEvent', 'recordDialogueEvent']));
    const at = `${daysFromToday(9)}T19:00:00`;
    expect(await stub.runCommand('m-grafenau', { kind: 'moveDialogueEvent', eventId: 'd2', at, place: '' })).toEqual({ ok: true });
    const moved = (await stub.municipality('m-grafenau'))?.dialogueEvents.find((e) => e.id === 'd2');
    expect(moved).toMatchObject({ at, place: 'Treffpunkt Bahnhofsvorplatz' });
    // A held event stays as it was.
    expect(await stub.runCommand('m-grafenau', { kind: 'cancelDialogueEvent', eventId: 'd1', reason: 'x' })).toMatchObject({
      ok: false,
      refusal: { code: 'ALREADY_HELD' },
    });
    expect(await stub.runCommand('m-grafenau', { kind: 'cancelDialogueEvent', eventId: 'd2', reason: 'Sturmwarnung' })).toEqual({ ok: true });
    const after = await stub.municipality('m-grafenau');
    expect(after?.dialogueEvents.find((e) => e.id === 'd2')).toMatchObject({ cancelledOn: daysFromToday(0), cancellationReason: 'Sturmwarnung' });
    expect(after?.timeline[0]).toMatchObject({ type: 'DialogueEventCancelled', detail: 'Sturmwarnung' });
    expect(after?.availableSteps).not.toContain('recordDialogueEvent');
    expect(after?.availableSteps).not.toContain('moveDialogueEvent');
    expect(await stub.runCommand('m-grafenau', { kind: 'moveDialogueEvent', eventId: 'd2', at, place: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'ALREADY_CANCELLED' },
    });
  });

  it('lets the contact person and the facilitator move and cancel their municipality’s dialogue events', async () => {
    const at = `${daysFromToday(5)}T10:00:00`;
    const plan = { kind: 'planDialogueEvent', format: 'WALK', at, place: 'Markt', topic: 'Rundgang' } as const;
    const contact = createStubApi({ latencyMs: 0, role: 'contact' });
    expect((await contact.municipality('m-lindenau'))?.availableSteps).toEqual(['planDialogueEvent']);
    await contact.runCommand('m-lindenau', plan);
    expect((await contact.municipality('m-lindenau'))?.availableSteps).toEqual([
      'planDialogueEvent',
      'moveDialogueEvent',
      'cancelDialogueEvent',
      'recordDialogueEvent',
    ]);
    const facilitator = createStubApi({ latencyMs: 0, role: 'facilitator' });
    await facilitator.runCommand('m-auerbach', plan);
    expect((await facilitator.municipality('m-auerbach'))?.availableSteps).toEqual(
      expect.arrayContaining(['moveDialogueEvent', 'cancelDialogueEvent']),
    );
  });

  it('changes and drops next steps: a dropped step has no task and is neither done nor changed any more', async () => {
    const stub = api();
    const before = await stub.municipality('m-grafenau');
    expect(before?.availableSteps).toEqual(expect.arrayContaining(['editNextStep', 'dropNextStep']));
    const edit = { kind: 'editNextStep', stepId: 'step-2', what: 'Willkommensseite', who: 'Presse', due: daysFromToday(30) } as const;
    expect(await stub.runCommand('m-grafenau', edit)).toEqual({ ok: true });
    let m = await stub.municipality('m-grafenau');
    expect(m?.workshop?.actionPlan.find((s) => s.id === 'step-2')).toMatchObject({ what: 'Willkommensseite', who: 'Presse' });
    expect(m?.tasks.find((t) => t.key === 'step-2')).toMatchObject({ title: 'Willkommensseite', due: daysFromToday(30) });
    expect(await stub.runCommand('m-grafenau', { ...edit, due: daysFromToday(-400) })).toMatchObject({
      ok: false,
      refusal: { fields: [{ field: 'nextSteps.due' }] },
    });
    expect(await stub.runCommand('m-grafenau', { ...edit, stepId: 'step-3' })).toMatchObject({ ok: false, refusal: { code: 'ALREADY_DONE' } });
    expect(await stub.runCommand('m-grafenau', { kind: 'dropNextStep', stepId: 'step-1', reason: 'Überholt' })).toEqual({ ok: true });
    m = await stub.municipality('m-grafenau');
    expect(m?.workshop?.actionPlan.find((s) => s.id === 'step-1')).toMatchObject({ droppedOn: daysFromToday(0), dropReason: 'Überholt' });
    expect(m?.tasks.some((t) => t.key === 'step-1')).toBe(false);
    expect(m?.timeline[0]).toMatchObject({ type: 'NextStepDropped', detail: 'Überholt' });
    for (const command of [
      { kind: 'completeNextStep', stepId: 'step-1' },
      { ...edit, stepId: 'step-1' },
      { kind: 'dropNextStep', stepId: 'step-1', reason: 'x' },
    ] as const) {
      expect(await stub.runCommand('m-grafenau', command)).toMatchObject({ ok: false, refusal: { code: 'STEP_DROPPED' } });
    }
  });

  it('gives a next step to the facilitator or a colleague with an account; its task follows, and a stranger is refused', async () => {
    const stub = api();
    const before = await stub.municipality('m-grafenau');
    expect(before?.availableSteps).toContain('assignNextStep');
    expect(before?.colleagues).toEqual([
      { id: 'u-contact-grafenau', name: 'Mehmet Aydın' },
      { id: 'u-contact-grafenau-kuehn', name: 'Sandra Kühn' },
    ]);
    const give = { kind: 'assignNextStep', stepId: 'step-1' } as const;
    expect(await stub.runCommand('m-grafenau', { ...give, to: 'FACILITATOR', userId: null })).toEqual({ ok: true });
    let m = await stub.municipality('m-grafenau');
    expect(m?.workshop?.actionPlan.find((s) => s.id === 'step-1')).toMatchObject({ owner: 'FACILITATOR', ownerUser: null });
    expect(m?.tasks.find((t) => t.key === 'step-1')).toMatchObject({ assignee: 'FACILITATOR' });
    expect(m?.timeline[0]).toMatchObject({ type: 'NextStepAssigned' });
    expect(await stub.runCommand('m-grafenau', { ...give, to: 'COLLEAGUE', userId: 'u-contact-grafenau-kuehn' })).toEqual({ ok: true });
    m = await stub.municipality('m-grafenau');
    expect(m?.workshop?.actionPlan.find((s) => s.id === 'step-1')).toMatchObject({
      owner: 'COLLEAGUE',
      ownerUser: { id: 'u-contact-grafenau-kuehn', name: 'Sandra Kühn' },
    });
    expect(m?.tasks.find((t) => t.key === 'step-1')).toMatchObject({ assignee: 'CONTACT' });
    // Lindenau's contact person is no colleague of Grafenau's.
    expect(await stub.runCommand('m-grafenau', { ...give, to: 'COLLEAGUE', userId: 'u-contact-petersen' })).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID_INPUT', fields: [{ field: 'userId', reason: 'not_a_colleague' }] },
    });
    expect(await stub.runCommand('m-grafenau', { ...give, stepId: 'step-3', to: 'FACILITATOR', userId: null })).toMatchObject({
      ok: false,
      refusal: { code: 'ALREADY_DONE' },
    });
  });

  it('closes a form as the same one sent again: declined, the form kept named, neither flagged any more', async () => {
    const stub = api();
    const before = await stub.municipality('m-birkenfelde-2');
    expect(before?.availableSteps).toContain('closeAsDuplicate');
    expect(before?.possibleDuplicates).toEqual([
      { id: 'm-birkenfelde', name: 'Birkenfelde', stage: 'INTEREST', submittedOn: daysFromToday(-1) },
    ]);
    // Neither itself nor an unknown form can be the one kept.
    for (const ofId of ['m-birkenfelde-2', 'm-gibt-es-nicht']) {
      expect(await stub.runCommand('m-birkenfelde-2', { kind: 'closeAsDuplicate', ofId, merge: false })).toMatchObject({
        ok: false,
        refusal: { code: 'INVALID_INPUT', fields: [{ field: 'ofId', reason: 'not_a_form_to_keep' }] },
      });
    }
    expect(await stub.runCommand('m-birkenfelde-2', { kind: 'closeAsDuplicate', ofId: 'm-birkenfelde', merge: false })).toEqual({ ok: true });
    const closed = await stub.municipality('m-birkenfelde-2');
    expect(closed).toMatchObject({ stage: 'DECLINED', possibleDuplicates: [] });
    expect(closed?.duplicateOf).toMatchObject({ id: 'm-birkenfelde', name: 'Birkenfelde' });
    expect(closed?.timeline[0]).toMatchObject({ type: 'ClosedAsDuplicate', detail: 'Birkenfelde' });
    expect(closed?.availableSteps).not.toContain('closeAsDuplicate');
    const kept = await stub.municipality('m-birkenfelde');
    expect(kept).toMatchObject({ stage: 'INTEREST', possibleDuplicates: [], duplicateOf: null, mergedForms: [] });
    expect(kept?.timeline[0]?.type).not.toBe('FormMerged');
    // A form closed as a duplicate is kept for no other.
    expect(await stub.runCommand('m-birkenfelde', { kind: 'closeAsDuplicate', ofId: 'm-birkenfelde-2', merge: false })).toMatchObject({
      ok: false,
      refusal: { fields: [{ field: 'ofId' }] },
    });
  });

  it('merges a form sent again into the one kept: that one takes over its sender and motivation, both timelines say so', async () => {
    const stub = api();
    const before = await stub.municipality('m-birkenfelde-2');
    expect(await stub.runCommand('m-birkenfelde-2', { kind: 'closeAsDuplicate', ofId: 'm-birkenfelde', merge: true })).toEqual({ ok: true });
    const closed = await stub.municipality('m-birkenfelde-2');
    expect(closed).toMatchObject({ stage: 'DECLINED', duplicateOf: { id: 'm-birkenfelde' } });
    expect(closed?.timeline[0]).toMatchObject({
      type: 'ClosedAsDuplicate',
      detail: 'Mit der anderen Anmeldung zusammengeführt und geschlossen: Absender:in und Motivation stehen jetzt dort',
    });
    const kept = await stub.municipality('m-birkenfelde');
    expect(kept?.stage).toBe('INTEREST');
    expect(kept?.mergedForms).toEqual([
      {
        fromId: 'm-birkenfelde-2',
        submittedOn: before?.interestOn,
        mergedOn: daysFromToday(0),
        submitter: { name: 'Maria Huber', role: 'Erste Bürgermeisterin', email: 'rathaus@birkenfelde.example', phone: null, erased: false },
        motivation: before?.motivation,
      },
    ]);
    const date = before?.interestOn.split('-').reverse().join('.');
    expect(kept?.timeline[0]).toMatchObject({ type: 'FormMerged', detail: `Zweite Interessenbekundung vom ${date ?? ''} übernommen (zusammengeführt)` });
  });

  it('corrects what was recorded of the held interview, workshop and format, also after the end; the timeline says so', async () => {
    const stub = api();
    expect((await stub.municipality('m-neustrelow'))?.availableSteps).toEqual(
      expect.arrayContaining(['correctInterview', 'correctWorkshop', 'correctSupport']),
    );
    const eligibility = { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: false };
    const interview = { kind: 'correctInterview', eligibility, notes: 'Rat entscheidet im Mai', reason: 'Falsch angekreuzt' } as const;
    expect(await stub.runCommand('m-neustrelow', interview)).toEqual({ ok: true });
    const workshop: JourneyCommand = { kind: 'correctWorkshop', participants: 21, priorities: ['governance'], notes: '', reason: '' };
    expect(await stub.runCommand('m-neustrelow', workshop)).toEqual({ ok: true });
    const support = { kind: 'correctSupport', supportId: 's1', participants: 3, notes: 'Mit Kämmerer', reason: 'Nachgezählt' } as const;
    expect(await stub.runCommand('m-neustrelow', support)).toEqual({ ok: true });
    const m = await stub.municipality('m-neustrelow');
    expect(m?.interview).toMatchObject({ eligibility, notes: 'Rat entscheidet im Mai' });
    expect(m?.workshop).toMatchObject({ participants: 21, notes: null });
    expect(m?.workshop?.priorities).toHaveLength(1);
    expect(m?.support.find((s) => s.id === 's1')).toMatchObject({ participants: 3, notes: 'Mit Kämmerer' });
    expect(m?.timeline.slice(0, 3)).toMatchObject([
      { type: 'SupportCorrected', detail: 'Nachgezählt' },
      { type: 'WorkshopCorrected', detail: undefined },
      { type: 'InterviewCorrected', detail: 'Falsch angekreuzt' },
    ]);
    // The same values again change nothing.
    expect(await stub.runCommand('m-neustrelow', support)).toEqual({ ok: true });
    expect((await stub.municipality('m-neustrelow'))?.timeline).toHaveLength(m?.timeline.length ?? 0);
  });

  it('refuses to correct what was not recorded as held', async () => {
    const stub = api();
    const eligibility = { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: true };
    expect(await stub.runCommand('m-rabenfeld', { kind: 'correctInterview', eligibility, notes: '', reason: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'INTERVIEW_NOT_HELD' },
    });
    const workshop: JourneyCommand = { kind: 'correctWorkshop', participants: 5, priorities: ['governance'], notes: '', reason: '' };
    expect(await stub.runCommand('m-heidland', workshop)).toMatchObject({ ok: false, refusal: { code: 'WORKSHOP_NOT_HELD' } });
    const support = { kind: 'correctSupport', supportId: 's2', participants: 5, notes: '', reason: '' } as const;
    expect(await stub.runCommand('m-grafenau', support)).toMatchObject({ ok: false, refusal: { code: 'NOT_YET_HELD' } });
    const offered = (await stub.municipality('m-heidland'))?.availableSteps;
    expect(offered).toContain('correctInterview');
    expect(offered).not.toContain('correctWorkshop');
  });

  it('lets the facilitator correct the workshop and the formats, but not the interview', async () => {
    const facilitator = createStubApi({ latencyMs: 0, role: 'facilitator' });
    const offered = (await facilitator.municipality('m-isarfeld'))?.availableSteps;
    expect(offered).toEqual(expect.arrayContaining(['correctWorkshop', 'correctSupport']));
    expect(offered).not.toContain('correctInterview');
  });

  it('corrects the submitter’s and the contact person’s details with their history, offered to the team where there is such a person', async () => {
    const stub = api();
    expect((await stub.municipality('m-lindenau'))?.availableSteps).toEqual(expect.arrayContaining(['correctSubmitter', 'correctContactDetails']));
    const waiting = (await stub.municipality('m-bergheide'))?.availableSteps;
    expect(waiting).toContain('correctSubmitter');
    expect(waiting).not.toContain('correctContactDetails');
    expect((await createStubApi({ latencyMs: 0, role: 'facilitator' }).municipality('m-lindenau'))?.availableSteps).not.toContain(
      'correctContactDetails',
    );

    const details = { name: 'Jana Petersen', role: 'Integrationsbeauftragte', email: 'j.petersen@lindenau-am-see.example', phone: '' };
    expect(await stub.runCommand('m-lindenau', { kind: 'correctContactDetails', details, reason: 'Neue Adresse' })).toEqual({ ok: true });
    const m = await stub.municipality('m-lindenau');
    expect(m?.contact).toMatchObject({ email: 'j.petersen@lindenau-am-see.example', phone: null });
    expect(m?.contact?.corrections).toEqual([
      {
        at: expect.stringMatching(new RegExp(`^${daysFromToday(0)}T`)) as unknown,
        by: 'Sabine Brandt',
        reason: 'Neue Adresse',
        changes: [
          { field: 'E-Mail', before: 'jana.petersen@lindenau-am-see.example', after: 'j.petersen@lindenau-am-see.example' },
          { field: 'Telefon', before: '+49 8821 5550-142', after: '' },
        ],
      },
    ]);
    expect(m?.submitter?.corrections ?? []).toEqual([]);
    expect(m?.timeline[0]).toMatchObject({ type: 'ContactDetailsCorrected', detail: 'Neue Adresse' });
    // The same details again change nothing; invalid ones are refused at their field.
    expect(await stub.runCommand('m-lindenau', { kind: 'correctContactDetails', details, reason: '' })).toEqual({ ok: true });
    expect((await stub.municipality('m-lindenau'))?.contact?.corrections).toHaveLength(1);
    expect(await stub.runCommand('m-lindenau', { kind: 'correctSubmitter', details: { ...details, email: 'peter' }, reason: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID_INPUT', fields: [{ field: 'details.email' }] },
    });
    expect(await stub.runCommand('m-bergheide', { kind: 'correctContactDetails', details, reason: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'NO_CONTACT_PERSON' },
    });
  });

  it('corrects the attendance of a held dialogue event, offered to the team and to the municipality’s contact person', async () => {
    const stub = api();
    expect((await stub.municipality('m-grafenau'))?.availableSteps).toContain('correctDialogueEvent');
    const contact = createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' });
    expect((await contact.municipality('m-grafenau'))?.availableSteps).toContain('correctDialogueEvent');
    const attendance = { RESIDENTS: 48, ADMINISTRATION: 9, POLITICS: 4, BUSINESS: 3, CIVIL_SOCIETY: 14 };
    const command = { kind: 'correctDialogueEvent', eventId: 'd1', attendance, outcomes: '', reason: 'Nachgezählt' } as const;
    expect(await stub.runCommand('m-grafenau', command)).toEqual({ ok: true });
    const m = await stub.municipality('m-grafenau');
    expect(m?.dialogueEvents.find((e) => e.id === 'd1')).toMatchObject({ attendance, outcomes: undefined });
    expect(m?.timeline[0]).toMatchObject({ type: 'DialogueEventCorrected', detail: 'Nachgezählt' });
    expect(await stub.runCommand('m-grafenau', { ...command, eventId: 'd2' })).toMatchObject({ ok: false, refusal: { code: 'NOT_YET_HELD' } });
  });

  it('moves and cancels a planned format; a cancelled one is neither moved nor recorded any more', async () => {
    const stub = api();
    const plan = { kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: daysFromToday(5), topic: 'Haltung', time: '', place: '' } as const;
    expect(await stub.runCommand('m-grafenau', plan)).toEqual({ ok: true });
    const id = (await stub.municipality('m-grafenau'))?.support.find((s) => s.topic === 'Haltung')?.id ?? '';
    expect((await stub.municipality('m-grafenau'))?.availableSteps).toEqual(expect.arrayContaining(['moveSupport', 'cancelSupport']));
    expect(await stub.runCommand('m-grafenau', { kind: 'moveSupport', supportId: id, on: daysFromToday(800), time: '', place: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'OUTSIDE_PARTICIPATION_WINDOW', fields: [{ field: 'on' }] },
    });
    expect(await stub.runCommand('m-grafenau', { kind: 'moveSupport', supportId: id, on: daysFromToday(8), time: '', place: '' })).toEqual({ ok: true });
    expect(await stub.runCommand('m-grafenau', { kind: 'cancelSupport', supportId: id, reason: 'Krank' })).toEqual({ ok: true });
    const m = await stub.municipality('m-grafenau');
    expect(m?.support.find((s) => s.id === id)).toMatchObject({ on: daysFromToday(8), cancelledOn: daysFromToday(0), cancellationReason: 'Krank' });
    expect(m?.timeline[0]).toMatchObject({ type: 'SupportCancelled', detail: 'Krank' });
    const record = { kind: 'recordSupport', supportId: id, heldOn: daysFromToday(0), participants: 2, notes: '' } as const;
    expect(await stub.runCommand('m-grafenau', record)).toMatchObject({ ok: false, refusal: { code: 'ALREADY_CANCELLED' } });
    expect(await stub.runCommand('m-grafenau', { kind: 'moveSupport', supportId: id, on: daysFromToday(9), time: '', place: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'ALREADY_CANCELLED' },
    });
  });

  it('keeps a format’s time and place, takes the ones given with a move and refuses a time that is none', async () => {
    const stub = api();
    const plan = { kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: daysFromToday(5), topic: 'Uhrzeit', time: '16:00', place: ' Rathaus ' } as const;
    expect(await stub.runCommand('m-grafenau', plan)).toEqual({ ok: true });
    const item = () => stub.municipality('m-grafenau').then((m) => m?.support.find((s) => s.topic === 'Uhrzeit'));
    expect(await item()).toMatchObject({ time: '16:00', place: 'Rathaus' });
    const id = (await item())?.id ?? '';
    expect(await stub.runCommand('m-grafenau', { kind: 'moveSupport', supportId: id, on: daysFromToday(6), time: '25:00', place: '' })).toMatchObject({
      ok: false,
      refusal: { code: 'INVALID_INPUT', fields: [{ field: 'time' }] },
    });
    expect(await stub.runCommand('m-grafenau', { kind: 'moveSupport', supportId: id, on: daysFromToday(6), time: '', place: '' })).toEqual({ ok: true });
    expect(await item()).toMatchObject({ on: daysFromToday(6), time: null, place: null });
  });

  it('filters the board', async () => {
    const all = await api().board({});
    const bavaria = await api().board({ land: 'BAYERN' });
    expect(all.cards.length).toBeGreaterThan(bavaria.cards.length);
    expect(bavaria.cards.every((c) => c.land === 'BAYERN')).toBe(true);
    const albers = await api().board({ facilitator: 'u-fac-albers' });
    expect(albers.cards.every((c) => c.facilitator?.id === 'u-fac-albers')).toBe(true);
  });

  it('has a municipality in every stage and only fictional e-mail domains', async () => {
    const { cards } = await api().board({});
    expect(new Set(cards.map((c) => c.stage))).toEqual(new Set(STAGES));
    for (const card of cards) {
      const m = await api().municipality(card.id);
      for (const person of [m?.contact, m?.submitter]) {
        if (person) expect(person.email).toMatch(/\.example$/);
      }
    }
  });

  it('lists the people with fictional e-mail domains and refuses a second account for an address', async () => {
    const stub = api();
    const people = await stub.people();
    for (const role of ['team', 'facilitator', 'contact', 'funder']) expect(people.some((p) => p.role === role)).toBe(true);
    for (const p of people) expect(p.email).toMatch(/\.example$/);
    const taken = people[1]?.email ?? '';
    const result = await stub.inviteUser({ role: 'team', name: 'Zweitkonto', email: taken.toUpperCase(), language: 'de' });
    expect(result.ok ? [] : result.refusal.fields.map((f) => f.field)).toEqual(['email']);
    expect(await stub.deactivateUser('u-team-brandt')).toMatchObject({ ok: false, refusal: { fields: [{ field: 'userId' }] } });
  });

  it('starts the team member on a mail for each new interest form, keeps another choice, and refuses it to anyone else', async () => {
    const stub = api();
    expect((await stub.currentUser())?.formAlerts).toBe('AT_ONCE');
    expect(await stub.chooseFormAlerts('DAILY')).toEqual({ ok: true, alerts: 'DAILY' });
    expect((await stub.currentUser())?.formAlerts).toBe('DAILY');
    const facilitator = createStubApi({ latencyMs: 0, role: 'facilitator' });
    expect((await facilitator.currentUser())?.formAlerts).toBeUndefined();
    expect(await facilitator.chooseFormAlerts('NEVER')).toMatchObject({ ok: false, refusal: { code: 'FORBIDDEN' } });
  });

  it('gives the funder aggregates only, without personal data', async () => {
    const json = JSON.stringify(await api().funderDashboard());
    expect(json).not.toMatch(/@/);
    expect(json).not.toMatch(/Petersen|Aydın|Schulz/);
  });

  it('drops honeypot submissions silently and validates the rest', async () => {
    const input = {
      municipalityName: '',
      land: '' as const,
      kind: '' as const,
      population: '',
      submitterName: '',
      submitterRole: '',
      email: '',
      phone: '',
      motivation: '',
      consent: false,
      language: 'de' as const,
      website: '',
    };
    expect(await api().submitInterest({ ...input, website: 'http://spam.example' })).toEqual({ ok: true });
    const result = await api().submitInterest(input);
    expect(result.ok).toBe(false);
  });

  it('scores a submitted self-check as the mean of answered indicators', async () => {
    const a = api();
    const draft = await a.selfCheck();
    const field = draft.framework.fields[1]!;
    await a.saveSelfCheckAnswer(field.indicators[0]!.id, { rating: 4, comment: '', evidenceUrl: '' });
    await a.saveSelfCheckAnswer(field.indicators[1]!.id, { rating: 2, comment: '', evidenceUrl: '' });
    await a.saveSelfCheckAnswer(field.indicators[2]!.id, { rating: null, comment: '', evidenceUrl: '' });
    const result = await a.submitSelfCheck();
    expect(result.fields.find((f) => f.fieldId === field.id)?.score).toBe(75);
    expect((await a.selfCheck()).submittedOn).toBe(result.submittedOn);
  });
});

describe('the steps the stub offers', () => {
  it('offers none on a past day, as the server', async () => {
    const { cards } = await api().board({}, daysFromToday(-14));
    expect(cards.every((c) => c.availableSteps.length === 0)).toBe(true);
    expect((await api().municipality('m-grafenau', daysFromToday(-14)))?.availableSteps).toEqual([]);
  });

  it('offers a funder nothing and a facilitator only the municipalities they accompany', async () => {
    const funder = await createStubApi({ latencyMs: 0, role: 'funder' }).board({});
    expect(funder.cards.every((c) => c.availableSteps.length === 0)).toBe(true);
    const facilitator = createStubApi({ latencyMs: 0, role: 'facilitator' });
    const me = await facilitator.currentUser();
    const { cards } = await facilitator.board({});
    expect(cards.filter((c) => c.availableSteps.length).every((c) => c.facilitator?.id === me?.id)).toBe(true);
  });

  it('offers admission exactly where its own admit command is accepted', async () => {
    const stub = api();
    const { cards } = await stub.board({});
    const admitted = cards.filter((c) => c.availableSteps.includes('admit'));
    expect(admitted.length).toBeGreaterThan(0);
    for (const card of admitted) expect(await stub.runCommand(card.id, { kind: 'admit' })).toEqual({ ok: true });
    const notOffered = cards.filter((c) => !c.availableSteps.includes('admit'));
    for (const card of notOffered) expect((await stub.runCommand(card.id, { kind: 'admit' })).ok).toBe(false);
  });

  it('keeps created programmes in memory and refuses a capacity below the seats taken', async () => {
    const stub = api();
    const input = {
      name: 'Zusammenhalt 2027',
      frameworkId: 'whole-comm',
      capacity: 25,
      participationMonths: 9,
      minDialogueEvents: 2,
      applicationsOpenOn: null,
      applicationsCloseOn: null,
    };
    const created = await stub.createProgramme(input);
    expect(created.ok && created.programme.interestFormPath).toBe(`/interesse/${created.ok ? created.programme.id : ''}`);
    expect((await stub.programmes()).map((p) => p.name)).toContain('Zusammenhalt 2027');
    const [sample] = await stub.programmes();
    const refused = await stub.changeProgrammeSettings(sample?.id ?? '', { ...input, capacity: 1 });
    expect(!refused.ok && refused.refusal.fields.map((f) => f.field)).toEqual(['capacity']);
    expect((await createStubApi({ latencyMs: 0, role: 'funder' }).createProgramme(input)).ok).toBe(false);
  });

  it('keeps a programme’s deadlines and reminders (each day once, as the server orders them) and refuses a deadline out of bounds at its name', async () => {
    const stub = api();
    const input = {
      name: 'Fristen 2028',
      frameworkId: 'whole-comm',
      capacity: 10,
      participationMonths: 6,
      minDialogueEvents: 1,
      applicationsOpenOn: null,
      applicationsCloseOn: null,
    };
    const created = await stub.createProgramme(input);
    expect(created.ok && created.programme.deadlines.decideDays).toBe(14);
    expect(created.ok && created.programme.reminders).toEqual({ daysBefore: [7], onDueDay: true, daysOverdue: [3] });
    const id = created.ok ? created.programme.id : '';
    const deadlines = created.ok ? created.programme.deadlines : DEFAULT_DEADLINES;

    const changed = await stub.changeProgrammeSettings(id, {
      ...input,
      deadlines: { ...deadlines, decideDays: 21 },
      reminders: { daysBefore: [3, 14, 3], onDueDay: false, daysOverdue: [7, 2] },
    });
    expect(changed.ok && changed.programme.deadlines).toEqual({ ...DEFAULT_DEADLINES, decideDays: 21 });
    expect(changed.ok && changed.programme.reminders).toEqual({ daysBefore: [14, 3], onDueDay: false, daysOverdue: [2, 7] });
    // Left out: kept.
    const kept = await stub.changeProgrammeSettings(id, { ...input, capacity: 12 });
    expect(kept.ok && kept.programme.deadlines.decideDays).toBe(21);
    expect(kept.ok && kept.programme.reminders.daysBefore).toEqual([14, 3]);

    const refused = await stub.changeProgrammeSettings(id, { ...input, deadlines: { ...deadlines, windowNoticeDays: 0 } });
    expect(!refused.ok && refused.refusal.fields.map((f) => [f.field, f.reason])).toEqual([['windowNoticeDays', 'out_of_range']]);
  });

  it('archives a programme: its form closes, its settings are refused, and the form says why', async () => {
    const stub = api();
    const forms = await stub.programmeForms();
    expect(forms.filter((f) => f.open).map((f) => f.id)).toEqual(['p-weltoffen', 'p-zusammenhalt-2027']);
    const archived = await stub.archiveProgramme('p-zusammenhalt-2027');
    expect(archived.ok && archived.programme.archivedOn).toBe(daysFromToday(0));
    const after = (await stub.programmeForms()).find((f) => f.id === 'p-zusammenhalt-2027');
    expect(after).toMatchObject({ open: false, notice: expect.stringContaining('archiviert') as unknown });
    const [, second] = await stub.programmes();
    const input = {
      name: 'x',
      frameworkId: 'whole-comm',
      capacity: 25,
      participationMonths: 9,
      minDialogueEvents: 1,
      applicationsOpenOn: null,
      applicationsCloseOn: null,
    };
    expect(await stub.changeProgrammeSettings(second?.id ?? '', input)).toMatchObject({ ok: false, refusal: { code: 'PROGRAMME_ARCHIVED' } });
    expect((await stub.board({}, undefined, 'p-zusammenhalt-2027')).cards).toEqual([]);
  });

  it('offers the second self-check after the workshop only, once, and to the team and the contact person', async () => {
    const team = api();
    const offers = async (id: string, stub = team) => (await stub.municipality(id))?.availableSteps.includes('startSelfCheck');
    expect(await offers('m-grafenau')).toBe(true); // workshop held, one round
    expect(await offers('m-auerbach')).toBe(false); // workshop still to come
    expect(await offers('m-lindenau')).toBe(false); // first round running
    expect(await offers('m-neustrelow')).toBe(false); // both rounds in, completed
    expect(await offers('m-grafenau', createStubApi({ latencyMs: 0, role: 'facilitator' }))).toBeUndefined(); // not Albers's
    expect(await runStart(team, 'm-auerbach')).toMatchObject({ ok: false, refusal: { code: 'SECOND_SELF_CHECK_TOO_EARLY' } });

    const contact = createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' });
    expect(await runStart(contact, 'm-grafenau')).toEqual({ ok: true });
    expect(await runStart(contact, 'm-grafenau')).toMatchObject({ ok: false, refusal: { code: 'SELF_CHECK_ALREADY_STARTED' } });
    const draft = await contact.selfCheck();
    expect([draft.round, draft.submittedOn, draft.answers, draft.submitted.length]).toEqual([2, null, {}, 1]);
  });

  it('keeps the rounds with their answers on the municipality page', async () => {
    const contact = createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' });
    await contact.runCommand('m-grafenau', { kind: 'startSelfCheck' });
    await contact.saveSelfCheckAnswer('governance-strategy', { rating: 4, comment: 'Beschlossen.', evidenceUrl: '' });
    await contact.submitSelfCheck();
    const page = await contact.municipality('m-grafenau');
    const [first, second] = page?.selfCheck?.rounds ?? [];
    expect(first?.submittedOn).not.toBeNull();
    expect(second?.answers['governance-strategy']).toEqual({ rating: 4, comment: 'Beschlossen.', evidenceUrl: '' });
    expect(second?.fieldScores.governance).toBe(100);
    expect(page?.selfCheck?.fields.find((f) => f.fieldId === 'governance')?.second).toBe(100);
    expect(page?.selfCheck?.secondSubmittedOn).toBe(daysFromToday(0));
  });

  it('places the waiting municipalities by the day of their interview, the earliest first', async () => {
    const stub = api();
    const { programmeId, cards } = await stub.board({});
    expect(programmeId).toBe('p-weltoffen');
    expect(await waitingPlaces(stub)).toEqual([
      ['m-seenplatte', 1],
      ['m-hollerbach', 2],
      ['m-ebersried', 3],
    ]);
    expect(cards.filter((c) => c.stage !== 'WAITING_LIST').every((c) => c.waitingListPlace === null)).toBe(true);
    const interviewDays = await Promise.all(
      ['m-seenplatte', 'm-hollerbach', 'm-ebersried'].map(async (id) => (await stub.municipality(id))?.interview?.heldOn ?? ''),
    );
    expect([...interviewDays].sort()).toEqual(interviewDays);
    expect((await stub.municipality('m-hollerbach'))?.waitingListPlace).toBe(2);
    expect((await stub.municipality('m-lindenau'))?.waitingListPlace).toBeNull();
  });

  it('puts the waiting list in the team’s order, on the board and the pages, and tells the board', async () => {
    const stub = api();
    let told = 0;
    stub.subscribeBoard(() => (told += 1));
    const result = await stub.orderWaitingList('p-weltoffen', ['m-ebersried', 'm-seenplatte', 'm-hollerbach']);
    expect(result.ok).toBe(true);
    expect(told).toBe(1);
    expect(await waitingPlaces(stub)).toEqual([
      ['m-ebersried', 1],
      ['m-seenplatte', 2],
      ['m-hollerbach', 3],
    ]);
    expect((await stub.municipality('m-ebersried'))?.waitingListPlace).toBe(1);
    // Admitted, the first leaves the list and the others move up.
    expect(await stub.runCommand('m-ebersried', { kind: 'admit' })).toEqual({ ok: true });
    expect(await waitingPlaces(stub)).toEqual([
      ['m-seenplatte', 1],
      ['m-hollerbach', 2],
    ]);
  });

  it('refuses an order that does not name exactly the municipalities waiting now, at its field, and keeps the list', async () => {
    const stub = api();
    const message = 'Die Warteliste hat sich inzwischen geändert. Bitte laden Sie die Seite neu und ordnen Sie sie noch einmal.';
    for (const ids of [
      ['m-hollerbach', 'm-seenplatte'],
      ['m-hollerbach', 'm-seenplatte', 'm-ebersried', 'm-lindenau'],
      ['m-hollerbach', 'm-seenplatte', 'm-seenplatte'],
    ]) {
      expect(await stub.orderWaitingList('p-weltoffen', ids)).toEqual({
        ok: false,
        refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'municipalityIds', reason: 'not_the_waiting_list', message }] },
      });
    }
    expect((await waitingPlaces(stub)).map(([id]) => id)).toEqual(['m-seenplatte', 'm-hollerbach', 'm-ebersried']);
  });

  it('lets only the team order the waiting list', async () => {
    const ids = ['m-hollerbach', 'm-seenplatte', 'm-ebersried'];
    for (const role of ['facilitator', 'funder', 'contact'] as const) {
      expect(await createStubApi({ latencyMs: 0, role }).orderWaitingList('p-weltoffen', ids)).toMatchObject({
        ok: false,
        refusal: { code: 'FORBIDDEN' },
      });
    }
  });
});

/** The waiting cards of the sample board with their places, next first. */
async function waitingPlaces(stub: LotseApi): Promise<[string, number | null][]> {
  const { cards } = await stub.board({ stage: 'WAITING_LIST' });
  return cards
    .map((c): [string, number | null] => [c.id, c.waitingListPlace])
    .sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity));
}

function runStart(stub: LotseApi, id: string) {
  return stub.runCommand(id, { kind: 'startSelfCheck' });
}
