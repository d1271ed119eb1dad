import { Kind, buildSchema, getVariableValues, isEnumType, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import schemaSdl from '../../schema.graphql?raw';
import type { MunicipalityQuery, Step } from './generated';
import { createGraphqlApi, endOfDay, stepKeys, upcomingDates } from './graphql';
import type { JourneyCommand, JourneyCommandKind, LotseApi } from './types';

/** In place of a body: the request gets no answer (the connection drops). */
const NO_ANSWER = Symbol('no answer');
/** In place of a body: a proxy answers 502 with an HTML page. */
const BAD_GATEWAY = Symbol('502');

/** A fetch that answers each request with the next canned body and records the requests. */
function fakeFetch(...bodies: unknown[]) {
  const calls: { query: string; variables: Record<string, unknown> }[] = [];
  const fn = vi.fn((_url: RequestInfo | URL, init?: RequestInit) => {
    calls.push(JSON.parse(init?.body as string) as (typeof calls)[number]);
    const body = bodies.shift();
    if (body === NO_ANSWER) return Promise.reject(new TypeError('Failed to fetch'));
    if (body === BAD_GATEWAY) return Promise.resolve(new Response('<h1>502 Bad Gateway</h1>', { status: 502 }));
    return Promise.resolve(new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }));
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

/** A client whose journey commands are each answered as done by `mutation`, and what it sent. */
function commandClient(mutation: string, times: number) {
  const answer = { data: { [mutation]: { id: 'm1', stage: 'IMPLEMENTATION' } } };
  const { fetch, calls } = fakeFetch(...Array.from({ length: times }, () => answer));
  return { api: createGraphqlApi({ fetch }), calls };
}

/** The operation's name, e.g. `Facilitators` for `query Facilitators { … }`. */
function operationName(call: { query: string } | undefined): string | undefined {
  return /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(call?.query ?? '')?.[1];
}

/** One of each journey command, with values a form could send. */
const EVERY_COMMAND: { [K in JourneyCommandKind]: Extract<JourneyCommand, { kind: K }> } = {
  scheduleInterview: { kind: 'scheduleInterview', at: '2026-12-01T10:00:00' },
  cancelInterview: { kind: 'cancelInterview', reason: 'Bürgermeisterin erkrankt' },
  recordInterview: {
    kind: 'recordInterview',
    heldOn: '2026-12-01',
    eligibility: { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: false },
    notes: '',
  },
  admit: { kind: 'admit' },
  putOnHold: { kind: 'putOnHold', reason: 'Haushaltssperre' },
  decline: { kind: 'decline', reason: 'Keine Unterstützung' },
  closeAsDuplicate: { kind: 'closeAsDuplicate', ofId: 'm2', merge: true },
  assignContactPerson: {
    kind: 'assignContactPerson',
    contact: { name: 'Jana', role: 'Integrationsbeauftragte', email: 'jana@x.example', phone: '', language: 'de' },
  },
  assignFacilitator: { kind: 'assignFacilitator', facilitatorId: 'u2' },
  startSelfCheck: { kind: 'startSelfCheck' },
  scheduleWorkshop: { kind: 'scheduleWorkshop', at: '2027-01-12T09:00:00', place: 'Rathaus', invited: ['Bürgermeisterin'] },
  cancelWorkshop: { kind: 'cancelWorkshop', reason: 'Rathaus gesperrt' },
  recordWorkshop: {
    kind: 'recordWorkshop',
    heldOn: '2027-01-12',
    participants: 14,
    priorities: ['welcome'],
    nextSteps: [{ what: 'Leitbild', who: 'Verwaltung', due: '2027-03-01' }],
    notes: '',
  },
  planSupport: { kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: '2027-02-01', topic: 'Haltung zeigen', time: '16:00', place: 'Rathaus' },
  recordSupport: { kind: 'recordSupport', supportId: 's1', heldOn: '2027-02-01', participants: 3, notes: 'gut' },
  planDialogueEvent: { kind: 'planDialogueEvent', format: 'WORLD_CAFE', at: '2027-02-10T18:00:00', place: 'Bürgerhaus', topic: 'Zusammenleben' },
  moveDialogueEvent: { kind: 'moveDialogueEvent', eventId: 'd1', at: '2027-02-17T18:00:00', place: '' },
  cancelDialogueEvent: { kind: 'cancelDialogueEvent', eventId: 'd1', reason: 'Saal nicht verfügbar' },
  recordDialogueEvent: {
    kind: 'recordDialogueEvent',
    eventId: 'd1',
    heldOn: '2027-02-10',
    attendance: { RESIDENTS: 30, ADMINISTRATION: 4, POLITICS: 2, BUSINESS: 1, CIVIL_SOCIETY: 6 },
    outcomes: '',
  },
  completeNextStep: { kind: 'completeNextStep', stepId: 'n1' },
  editNextStep: { kind: 'editNextStep', stepId: 'n1', what: 'Leitbild beschließen', who: 'Stadtrat', due: '2027-04-01' },
  assignNextStep: { kind: 'assignNextStep', stepId: 'n1', to: 'COLLEAGUE', userId: 'u7' },
  dropNextStep: { kind: 'dropNextStep', stepId: 'n1', reason: 'Nicht mehr nötig' },
  moveSupport: { kind: 'moveSupport', supportId: 's1', on: '2027-02-15', time: '', place: '' },
  cancelSupport: { kind: 'cancelSupport', supportId: 's1', reason: 'Bürgermeisterin verhindert' },
  correctInterview: {
    kind: 'correctInterview',
    eligibility: { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: true },
    notes: 'Ratsbeschluss liegt vor',
    reason: 'Falsch angekreuzt',
  },
  correctWorkshop: { kind: 'correctWorkshop', participants: 15, priorities: ['welcome'], notes: '', reason: '' },
  correctSupport: { kind: 'correctSupport', supportId: 's1', participants: 4, notes: 'gut', reason: 'Nachzählung' },
  correctDialogueEvent: {
    kind: 'correctDialogueEvent',
    eventId: 'd1',
    attendance: { RESIDENTS: 31, ADMINISTRATION: 4, POLITICS: 2, BUSINESS: 1, CIVIL_SOCIETY: 6 },
    outcomes: '',
    reason: 'Nachzählung',
  },
  complete: { kind: 'complete', learning: 'Früh beginnen.' },
  correctProfile: {
    kind: 'correctProfile',
    name: 'Lindenau (Oberpfalz)',
    land: 'BAYERN',
    municipalityKind: 'STADT',
    population: 12600,
    reason: '',
  },
  correctSubmitter: {
    kind: 'correctSubmitter',
    details: { name: 'Lukas Hoffmann', role: 'Bürgermeister', email: 'buergermeister@x.example', phone: '' },
    reason: '',
  },
  correctContactDetails: {
    kind: 'correctContactDetails',
    details: { name: 'Jana Petersen', role: 'Integrationsbeauftragte', email: 'j.petersen@x.example', phone: '08821 5550-142' },
    reason: 'Neue Adresse',
  },
  withdraw: { kind: 'withdraw', reason: 'Neuwahl' },
};

const PROGRAMME_INPUT = {
  name: 'Zusammenhalt 2027',
  frameworkId: 'whole-comm',
  capacity: 25,
  participationMonths: 9,
  minDialogueEvents: 2,
  applicationsOpenOn: '2027-03-01',
  applicationsCloseOn: null,
};

/** A programme's deadlines and reminders as the server answers them (the defaults). */
const TIMING_OUT = {
  label: null,
  senderName: null,
  replyTo: null,
  deadlines: {
    scheduleInterviewDays: 10,
    decideDays: 14,
    assignContactDays: 14,
    selfCheckDays: 28,
    scheduleWorkshopDays: 21,
    recordAttendanceDays: 7,
    secondSelfCheckDays: 56,
    windowNoticeDays: 30,
  },
  reminders: { daysBefore: [7], onDueDay: true, daysOverdue: [3] },
};

/** A programme as the server answers a programme command. */
const PROGRAMME_OUT = {
  id: 'p1',
  name: 'Pilotphase 2025',
  capacity: 12,
  seatsTaken: 12,
  participationMonths: 6,
  minDialogueEvents: 1,
  interestFormPath: '/interesse/p1',
  framework: null,
  applicationsOpenOn: null,
  applicationsCloseOn: null,
  archivedOn: null,
  ...TIMING_OUT,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('GraphQL LotseApi', () => {
  it('sends only documents and variables that the server’s schema accepts', async () => {
    const me = { userId: 'u1', role: 'CONTACT', name: 'Jana', language: 'DE', municipalityId: 'm1' };
    // Every request is refused, so each method sends its first request and stops (the
    // contact person's `me` answers first, so the self-check methods get that far).
    const refused = { data: null, errors: [{ message: 'Nein.', extensions: { code: 'FORBIDDEN' } }] };
    const { fetch, calls } = fakeFetch({ data: { me } }, ...Array.from({ length: 50 }, () => refused));
    const api: LotseApi = createGraphqlApi({ fetch });
    const attempts: (() => Promise<unknown>)[] = [
      () => api.saveSelfCheckAnswer('ind-1', { rating: 3, comment: 'ok', evidenceUrl: '' }),
      () => api.selfCheck(),
      () => api.submitSelfCheck(),
      () => api.currentUser(),
      () => api.requestSignInLink('jana@x.example', 'de'),
      () => api.signIn('token'),
      () => api.signOut(),
      () => api.chooseFormAlerts('DAILY'),
      () => api.board({ land: 'BAYERN', stage: 'WORKSHOP', facilitator: 'u2' }),
      () => api.board({}, '2026-10-01'),
      () => api.board({}, undefined, 'p2'),
      () => api.municipality('m1'),
      () => api.municipality('m1', '2026-10-01'),
      () => api.myTasks(),
      () => api.facilitators(),
      () => api.funderDashboard(),
      () => api.funderDashboard('2026-10-01'),
      () => api.funderDashboard(undefined, 'p2'),
      () => api.programmeForms(),
      () => api.interestFormToken(),
      () =>
        api.submitInterest({
          municipalityName: 'Lindenau',
          land: 'BAYERN',
          kind: 'STADT',
          population: '12.500',
          submitterName: 'Jana Petersen',
          submitterRole: 'Bürgermeisterin',
          email: 'jana@x.example',
          phone: '',
          motivation: 'Weil.',
          consent: true,
          language: 'en',
          website: '',
          programmeId: 'p1',
        }),
      () => api.programmes(),
      () => api.frameworks(),
      () => api.createProgramme(PROGRAMME_INPUT),
      () => api.changeProgrammeSettings('p1', { ...PROGRAMME_INPUT, ...TIMING_OUT }),
      () => api.archiveProgramme('p1'),
      () => api.orderWaitingList('p1', ['m2', 'm1']),
      () => api.people(),
      () => api.inviteUser({ role: 'funder', name: 'Katharina Wolf', email: 'k.wolf@x.example', language: 'en' }),
      () => api.resendInvitation('u2'),
      () => api.deactivateUser('u2'),
      () => api.reactivateUser('u2'),
      () => api.changeUserRole('u2', 'facilitator'),
      ...Object.values(EVERY_COMMAND).map((command) => () => api.runCommand('m1', command)),
    ];
    for (const attempt of attempts) await attempt().catch(() => undefined);

    const schema = buildSchema(schemaSdl);
    const sent = new Set<string>();
    for (const call of calls) {
      const document = parse(call.query);
      expect(validate(schema, document).map((e) => e.message), call.query).toEqual([]);
      const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], call.variables);
      expect(coerced.errors?.map((e) => e.message) ?? [], JSON.stringify(call.variables)).toEqual([]);
      sent.add(operationName(call) ?? '?');
    }
    for (const kind of Object.keys(EVERY_COMMAND)) {
      expect(sent, kind).toContain(kind.charAt(0).toUpperCase() + kind.slice(1));
    }
    expect(sent).toContain('SubmitInterest');
    expect(sent).toContain('InterestFormToken');
    expect(sent).toContain('SaveAnswer');
    expect(sent).toContain('Funder');
    expect(sent).toContain('ChooseFormAlerts');
    for (const name of ['Programmes', 'Frameworks', 'CreateProgramme', 'ChangeProgrammeSettings', 'ArchiveProgramme', 'ProgrammeForms']) {
      expect(sent).toContain(name);
    }
    for (const name of ['People', 'InviteUser', 'ResendInvitation', 'DeactivateUser', 'ReactivateUser', 'ChangeUserRole']) {
      expect(sent).toContain(name);
    }
  });

  it('maps me: upper-case role and language to lower case; unauthenticated is null', async () => {
    const { fetch } = fakeFetch(
      { data: { me: { userId: 'u1', role: 'CONTACT', name: 'Jana', language: 'EN', municipalityId: 'm1' } } },
      { data: null, errors: [{ message: 'Bitte melden Sie sich an.', extensions: { code: 'UNAUTHENTICATED' } }] },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.currentUser()).toEqual({ id: 'u1', name: 'Jana', role: 'contact', language: 'en', municipalityId: 'm1' });
    expect(await api.currentUser()).toBeNull();
  });

  it('reads how a team member hears of new interest forms, and sends another choice with a commandId', async () => {
    const me = { userId: 'u1', role: 'TEAM', name: 'Sabine', language: 'DE', municipalityId: null, tenantName: 'Verein', formAlerts: 'AT_ONCE' };
    const { fetch, calls } = fakeFetch(
      { data: { me } },
      { data: { chooseFormAlerts: 'DAILY' } },
      { data: null, errors: [{ message: 'Nur das Programmteam.', extensions: { code: 'FORBIDDEN' } }] },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.currentUser()).toMatchObject({ role: 'team', formAlerts: 'AT_ONCE' });
    expect(await api.chooseFormAlerts('DAILY')).toEqual({ ok: true, alerts: 'DAILY' });
    expect(operationName(calls[1])).toBe('ChooseFormAlerts');
    expect(calls[1]?.variables).toEqual({ alerts: 'DAILY', commandId: expect.stringMatching(UUID) as unknown });
    expect(await api.chooseFormAlerts('NEVER')).toEqual({
      ok: false,
      refusal: { code: 'FORBIDDEN', message: 'Nur das Programmteam.', fields: [] },
    });
  });

  it('sends the interest form with the schema names and maps field errors back', async () => {
    const { fetch, calls } = fakeFetch({
      data: null,
      errors: [
        {
          message: 'Bitte prüfen Sie die markierten Angaben.',
          extensions: {
            code: 'INVALID_INPUT',
            fields: [
              { field: 'bundesland', reason: 'required', message: '…' },
              { field: 'consentToContact', reason: 'required', message: '…' },
              { field: 'email', reason: 'invalid_email', message: '…' },
            ],
          },
        },
      ],
    });
    const api = createGraphqlApi({ fetch });
    const result = await api.submitInterest({
      municipalityName: 'Lindenau',
      land: '',
      kind: 'STADT',
      population: '12.500',
      submitterName: 'Jana Petersen',
      submitterRole: 'Bürgermeisterin',
      email: 'x',
      phone: '',
      motivation: 'Weil.',
      consent: false,
      language: 'de',
      website: '',
    });
    const input = calls[0]?.variables.input as Record<string, unknown>;
    expect(input).toMatchObject({
      bundesland: null,
      kind: 'STADT',
      population: 12500,
      name: 'Jana Petersen',
      role: 'Bürgermeisterin',
      phone: null,
      consentToContact: false,
      language: 'DE',
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'land', code: 'required' },
        { field: 'consent', code: 'required' },
        { field: 'email', code: 'invalid_email' },
      ],
    });
  });

  it('saves "not applicable" as notApplicable without a level', async () => {
    const { fetch, calls } = fakeFetch(
      { data: { me: { userId: 'u1', role: 'CONTACT', name: 'J', language: 'DE', municipalityId: 'm1' } } },
      { data: { saveSelfCheckAnswer: { id: 'm1' } } },
    );
    const api = createGraphqlApi({ fetch });
    await api.saveSelfCheckAnswer('ind-1', { rating: null, comment: ' ', evidenceUrl: '' });
    expect(calls[1]?.variables).toEqual({
      id: 'm1',
      answer: { indicatorId: 'ind-1', level: null, notApplicable: true, comment: null, evidenceUrl: null },
    });
  });

  it('flattens the board columns and collects the facilitators', async () => {
    const card = (id: string, stage: string, f: { id: string; name: string } | null) => ({
      id,
      name: id,
      bundesland: 'BAYERN',
      stage,
      daysInStage: 3,
      facilitator: f,
      overdue: false,
      availableSteps: [],
      possibleDuplicates: id === 'b' ? [{ id: 'a', name: 'a', stage: 'INTEREST', submittedOn: '2026-11-02' }] : [],
    });
    const { fetch } = fakeFetch({
      data: {
        board: { columns: [{ cards: [card('a', 'INTEREST', null)] }, { cards: [card('b', 'WORKSHOP', { id: 'f1', name: 'Ute' })] }] },
        municipalities: [{ facilitator: { id: 'f1', name: 'Ute' } }, { facilitator: null }],
      },
    });
    const board = await createGraphqlApi({ fetch }).board({});
    expect(board.cards.map((c) => [c.id, c.stage, c.land])).toEqual([
      ['a', 'INTEREST', 'BAYERN'],
      ['b', 'WORKSHOP', 'BAYERN'],
    ]);
    expect(board.facilitators).toEqual([{ id: 'f1', name: 'Ute' }]);
    expect(board.cards.map((c) => c.possibleDuplicates)).toEqual([[], [{ id: 'a', name: 'a' }]]);
  });

  it('passes on the steps the server offers on a card as the web’s keys, in the server’s order', async () => {
    const card = {
      id: 'a',
      name: 'a',
      bundesland: 'BAYERN',
      stage: 'INTERVIEW',
      daysInStage: 3,
      facilitator: null,
      overdue: false,
      availableSteps: ['SCHEDULE_INTERVIEW', 'RECORD_INTERVIEW', 'PUT_ON_HOLD', 'DECLINE', 'WITHDRAW'],
      possibleDuplicates: [],
    };
    const { fetch } = fakeFetch({ data: { board: { columns: [{ cards: [card] }] }, municipalities: [] } });
    const board = await createGraphqlApi({ fetch }).board({});
    expect(board.cards[0]?.availableSteps).toEqual(['scheduleInterview', 'recordInterview', 'putOnHold', 'decline', 'withdraw']);
  });

  it('passes on the board’s programme and each card’s place on the waiting list', async () => {
    const card = (id: string, stage: string, waitingListPlace: number | null) => ({
      id,
      name: id,
      bundesland: 'HESSEN',
      stage,
      daysInStage: 3,
      facilitator: null,
      overdue: false,
      availableSteps: [],
      possibleDuplicates: [],
      waitingListPlace,
    });
    const { fetch } = fakeFetch({
      data: {
        board: {
          programmeId: 'p1',
          columns: [{ cards: [card('a', 'INTERVIEW', null)] }, { cards: [card('b', 'WAITING_LIST', 2), card('c', 'WAITING_LIST', 1)] }],
        },
        municipalities: [],
      },
    });
    const board = await createGraphqlApi({ fetch }).board({});
    expect(board.programmeId).toBe('p1');
    expect(board.cards.map((c) => [c.id, c.waitingListPlace])).toEqual([
      ['a', null],
      ['b', 2],
      ['c', 1],
    ]);
  });

  it('orders the waiting list by sending every waiting municipality, next first, with a commandId', async () => {
    const out = PROGRAMME_OUT;
    const { fetch, calls } = fakeFetch({ data: { orderWaitingList: out } });
    const result = await createGraphqlApi({ fetch }).orderWaitingList('p1', ['m3', 'm1', 'm2']);
    expect(result).toEqual({ ok: true, programme: out });
    expect(operationName(calls[0])).toBe('OrderWaitingList');
    expect(calls[0]?.variables).toEqual({ id: 'p1', municipalityIds: ['m3', 'm1', 'm2'], commandId: expect.stringMatching(UUID) as unknown });
  });

  it('resolves an order of a waiting list that changed meanwhile as refused, with the server’s message at its field', async () => {
    const message = 'Die Warteliste hat sich inzwischen geändert. Bitte laden Sie die Seite neu und ordnen Sie sie noch einmal.';
    const { fetch } = fakeFetch({
      data: null,
      errors: [{ message, extensions: { code: 'INVALID_INPUT', field: 'municipalityIds', reason: 'not_the_waiting_list' } }],
    });
    const result = await createGraphqlApi({ fetch }).orderWaitingList('p1', ['m1']);
    expect(result).toEqual({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'municipalityIds', reason: 'not_the_waiting_list', message }] },
    });
  });

  it('names every step of the schema with its camelCase key', () => {
    const steps = buildSchema(schemaSdl).getType('Step');
    if (!isEnumType(steps)) throw new Error('no enum Step in the schema');
    const names = steps.getValues().map((v) => v.name) as Step[];
    expect(stepKeys(names)).toEqual(
      names.map((n) => n.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())),
    );
  });

  it('lists the facilitators to choose from by name, from the facilitators query', async () => {
    const { fetch, calls } = fakeFetch({
      data: { facilitators: [{ id: 'u2', name: 'Zora' }, { id: 'u1', name: 'Ärne' }, { id: 'u3', name: null }] },
    });
    const people = await createGraphqlApi({ fetch }).facilitators();
    expect(operationName(calls[0])).toBe('Facilitators');
    expect(people).toEqual([
      { id: 'u1', name: 'Ärne' },
      { id: 'u2', name: 'Zora' },
    ]);
  });

  it('runs a journey step as its mutation with typed variables', async () => {
    const { fetch, calls } = fakeFetch({ data: { planDialogueEvent: { id: 'm1', stage: 'IMPLEMENTATION' } } });
    const result = await createGraphqlApi({ fetch }).runCommand('m1', {
      kind: 'planDialogueEvent',
      format: 'WORLD_CAFE',
      at: '2026-12-03T18:00:00',
      place: 'Bürgerhaus',
      topic: 'Zusammenleben',
    });
    expect(result).toEqual({ ok: true });
    expect(operationName(calls[0])).toBe('PlanDialogueEvent');
    expect(calls[0]?.variables).toEqual({
      id: 'm1',
      commandId: expect.stringMatching(UUID) as unknown,
      format: 'WORLD_CAFE',
      at: '2026-12-03T18:00:00',
      place: 'Bürgerhaus',
      topic: 'Zusammenleben',
    });
  });

  it('moves a dialogue event without a place (it stays where it was) or to a new one', async () => {
    const { api, calls } = commandClient('moveDialogueEvent', 2);
    await api.runCommand('m1', { kind: 'moveDialogueEvent', eventId: 'd2', at: '2026-12-10T18:00:00', place: '  ' });
    await api.runCommand('m1', { kind: 'moveDialogueEvent', eventId: 'd2', at: '2026-12-10T18:00:00', place: ' Rathaus ' });
    expect(operationName(calls[0])).toBe('MoveDialogueEvent');
    expect(calls.map((c) => c.variables.place)).toEqual([null, 'Rathaus']);
    expect(calls[0]?.variables).toMatchObject({ id: 'm1', eventId: 'd2', at: '2026-12-10T18:00:00' });
  });

  it('plans and moves a format with its time and place, and sends none for empty ones', async () => {
    const { fetch, calls } = fakeFetch(
      { data: { planSupport: { id: 'm1', stage: 'IMPLEMENTATION' } } },
      { data: { moveSupport: { id: 'm1', stage: 'IMPLEMENTATION' } } },
    );
    const api = createGraphqlApi({ fetch });
    await api.runCommand('m1', { kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: '2027-02-01', topic: 'Haltung', time: '16:00', place: ' Rathaus ' });
    await api.runCommand('m1', { kind: 'moveSupport', supportId: 's1', on: '2027-02-15', time: '', place: ' ' });
    expect(calls.map(operationName)).toEqual(['PlanSupport', 'MoveSupport']);
    expect(calls[0]?.variables).toMatchObject({ on: '2027-02-01', time: '16:00', place: 'Rathaus' });
    expect(calls[1]?.variables).toMatchObject({ supportId: 's1', on: '2027-02-15', time: null, place: null });
  });

  it('cancels a dialogue event with the reason', async () => {
    const { fetch, calls } = fakeFetch({ data: { cancelDialogueEvent: { id: 'm1', stage: 'IMPLEMENTATION' } } });
    const result = await createGraphqlApi({ fetch }).runCommand('m1', { kind: 'cancelDialogueEvent', eventId: 'd2', reason: 'Saal belegt' });
    expect(result).toEqual({ ok: true });
    expect(operationName(calls[0])).toBe('CancelDialogueEvent');
    expect(calls[0]?.variables).toEqual({
      id: 'm1',
      commandId: expect.stringMatching(UUID) as unknown,
      eventId: 'd2',
      reason: 'Saal belegt',
    });
  });

  it('sends a correction with its reason, and neither empty notes nor an empty reason', async () => {
    const { fetch, calls } = fakeFetch(
      { data: { correctWorkshop: { id: 'm1', stage: 'IMPLEMENTATION' } } },
      { data: { correctSupport: { id: 'm1', stage: 'IMPLEMENTATION' } } },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.runCommand('m1', EVERY_COMMAND.correctWorkshop)).toEqual({ ok: true });
    expect(await api.runCommand('m1', EVERY_COMMAND.correctSupport)).toEqual({ ok: true });
    expect(calls.map(operationName)).toEqual(['CorrectWorkshop', 'CorrectSupport']);
    const commandId = expect.stringMatching(UUID) as unknown;
    expect(calls[0]?.variables).toEqual({ id: 'm1', commandId, participants: 15, priorities: ['welcome'], notes: null, reason: null });
    expect(calls[1]?.variables).toEqual({ id: 'm1', commandId, supportId: 's1', participants: 4, notes: 'gut', reason: 'Nachzählung' });
  });

  it('gives the page what was noted at the interview, the workshop and each format (their corrections start from it)', async () => {
    const m = MUNICIPALITY_WITH_TWO_ROUNDS.municipality;
    const held = {
      ...m,
      interview: {
        at: '2026-06-20T10:00:00',
        interviewer: { id: 'u1', name: 'Nora Brandt' },
        heldOn: '2026-06-20',
        decisionMakersSupport: true,
        contactPersonNamed: true,
        sharesLearning: false,
        notes: 'Ratsbeschluss folgt',
        cancelledOn: null,
        cancellationReason: null,
      },
      workshop: HELD_WORKSHOP,
      support: [
        {
          id: 's1',
          format: 'COACHING' as const,
          audience: 'MAYOR' as const,
          on: '2026-11-01',
          time: '16:00',
          place: 'Rathaus',
          topic: 'Haltung zeigen',
          heldOn: '2026-11-01',
          participants: 2,
          notes: 'Folgetermin vereinbart',
          cancelledOn: null,
          cancellationReason: null,
        },
      ],
    } satisfies MunicipalityQuery['municipality'];
    const { fetch } = fakeFetch({ data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: held } });
    const page = await createGraphqlApi({ fetch }).municipality('m1');
    expect(page?.interview?.notes).toBe('Ratsbeschluss folgt');
    expect(page?.interview?.eligibility).toEqual({ decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: false });
    expect(page?.workshop?.notes).toBeNull();
    expect(page?.workshop?.priorities).toEqual(['Strategie und Steuerung']);
    expect(page?.support.map((s) => [s.participants, s.notes, s.time, s.place])).toEqual([[2, 'Folgetermin vereinbart', '16:00', 'Rathaus']]);
  });

  it('closes a form as a duplicate of the form kept, and gives the page the form kept and those that look alike', async () => {
    const m = MUNICIPALITY_WITH_TWO_ROUNDS.municipality;
    const kept = { id: 'm2', name: 'Lindenau am See', stage: 'INTERVIEW' as const, submittedOn: '2026-05-20' };
    const { fetch, calls } = fakeFetch(
      { data: { closeAsDuplicate: { id: 'm1', stage: 'DECLINED' } } },
      { data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: { ...m, stage: 'DECLINED', duplicateOf: kept } } },
      { data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: { ...m, stage: 'INTEREST', possibleDuplicates: [kept] } } },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.runCommand('m1', { kind: 'closeAsDuplicate', ofId: 'm2', merge: false })).toEqual({ ok: true });
    expect(operationName(calls[0])).toBe('CloseAsDuplicate');
    expect(calls[0]?.variables).toEqual({ id: 'm1', commandId: expect.stringMatching(UUID) as unknown, ofId: 'm2', merge: false });
    const closed = await api.municipality('m1');
    expect(closed?.duplicateOf).toEqual(kept);
    expect(closed?.possibleDuplicates).toEqual([]);
    const open = await api.municipality('m1');
    expect(open?.duplicateOf).toBeNull();
    expect(open?.possibleDuplicates).toEqual([kept]);
  });

  it('merges a form into the form kept, and gives the kept page the merged forms as the server shows them', async () => {
    const m = MUNICIPALITY_WITH_TWO_ROUNDS.municipality;
    const sender = { name: 'Maria Huber', role: 'Erste Bürgermeisterin', email: 'rathaus@birkenfelde.example', phone: null, erased: false };
    const merged = { fromId: 'm1', submittedOn: '2026-11-03', mergedOn: '2026-11-05', submitter: sender, motivation: 'Nachbarschaftshilfe' };
    const { fetch, calls } = fakeFetch(
      { data: { closeAsDuplicate: { id: 'm1', stage: 'DECLINED' } } },
      { data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: { ...m, id: 'm2', mergedForms: [merged] } } },
      // A facilitator: the motivation without the sender.
      { data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: { ...m, id: 'm2', mergedForms: [{ ...merged, submitter: null }] } } },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.runCommand('m1', { kind: 'closeAsDuplicate', ofId: 'm2', merge: true })).toEqual({ ok: true });
    expect(calls[0]?.variables).toEqual({ id: 'm1', commandId: expect.stringMatching(UUID) as unknown, ofId: 'm2', merge: true });
    expect(calls[0]?.query).toContain('merge: $merge');
    expect((await api.municipality('m2'))?.mergedForms).toEqual([merged]);
    expect((await api.municipality('m2'))?.mergedForms).toEqual([{ ...merged, submitter: null }]);
  });

  it('gives a next step to a colleague with their account, to the contact person or facilitator without one', async () => {
    const { api, calls } = commandClient('assignNextStep', 2);
    await api.runCommand('m1', { kind: 'assignNextStep', stepId: 'n1', to: 'COLLEAGUE', userId: 'u7' });
    await api.runCommand('m1', { kind: 'assignNextStep', stepId: 'n1', to: 'FACILITATOR', userId: 'u7' });
    expect(calls.map(operationName)).toEqual(['AssignNextStep', 'AssignNextStep']);
    const commandId = expect.stringMatching(UUID) as unknown;
    expect(calls[0]?.variables).toEqual({ id: 'm1', commandId, stepId: 'n1', to: 'COLLEAGUE', userId: 'u7' });
    expect(calls[1]?.variables).toEqual({ id: 'm1', commandId, stepId: 'n1', to: 'FACILITATOR', userId: null });
  });

  it('gives the page who is responsible for each next step and the colleagues a step can be given to', async () => {
    const m = MUNICIPALITY_WITH_TWO_ROUNDS.municipality;
    const step = { what: 'Leitbild', who: 'Verwaltung', due: '2027-03-01', doneOn: null, droppedOn: null, dropReason: null };
    const page = {
      ...m,
      workshop: HELD_WORKSHOP,
      nextSteps: [
        { ...step, id: 'n1', owner: 'CONTACT_PERSON' as const, ownerUser: null },
        { ...step, id: 'n2', owner: 'COLLEAGUE' as const, ownerUser: { id: 'u7', name: 'Sandra Kühn' } },
      ],
      colleagues: [{ id: 'u7', name: 'Sandra Kühn' }, { id: 'u8', name: null }],
    } satisfies MunicipalityQuery['municipality'];
    const { fetch } = fakeFetch({ data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: page } });
    const detail = await createGraphqlApi({ fetch }).municipality('m1');
    expect(detail?.workshop?.actionPlan.map((s) => [s.id, s.owner, s.ownerUser])).toEqual([
      ['n1', 'CONTACT_PERSON', null],
      ['n2', 'COLLEAGUE', { id: 'u7', name: 'Sandra Kühn' }],
    ]);
    expect(detail?.colleagues).toEqual([
      { id: 'u7', name: 'Sandra Kühn' },
      { id: 'u8', name: '' },
    ]);
  });

  it('sends the contact person with the schema’s language and no empty phone', async () => {
    const { fetch, calls } = fakeFetch({ data: { assignContactPerson: { id: 'm1', stage: 'ONBOARDING' } } });
    await createGraphqlApi({ fetch }).runCommand('m1', {
      kind: 'assignContactPerson',
      contact: { name: 'Jana', role: 'Integrationsbeauftragte', email: ' jana@x.example ', phone: ' ', language: 'en' },
    });
    expect(calls[0]?.variables).toEqual({
      id: 'm1',
      commandId: expect.stringMatching(UUID) as unknown,
      contact: { name: 'Jana', role: 'Integrationsbeauftragte', email: 'jana@x.example', phone: null, language: 'EN' },
    });
  });

  it('sends a person’s corrected details without surrounding blanks or an empty phone, the contact person’s as correctContactPerson', async () => {
    const { fetch, calls } = fakeFetch(
      { data: { correctSubmitter: { id: 'm1', stage: 'INTEREST' } } },
      { data: { correctContactPerson: { id: 'm1', stage: 'ONBOARDING' } } },
    );
    const api = createGraphqlApi({ fetch });
    const details = { name: ' Jana Petersen ', role: 'Integrationsbeauftragte', email: ' j.petersen@x.example ', phone: ' ' };
    expect(await api.runCommand('m1', { kind: 'correctSubmitter', details, reason: ' ' })).toEqual({ ok: true });
    expect(await api.runCommand('m1', { kind: 'correctContactDetails', details: { ...details, phone: '0800 1' }, reason: 'Neue Adresse' })).toEqual({
      ok: true,
    });
    expect(calls.map(operationName)).toEqual(['CorrectSubmitter', 'CorrectContactDetails']);
    expect(calls[1]?.query).toMatch(/correctContactPerson\(/);
    const sent = { name: 'Jana Petersen', role: 'Integrationsbeauftragte', email: 'j.petersen@x.example' };
    expect(calls[0]?.variables).toMatchObject({ id: 'm1', details: { ...sent, phone: null }, reason: null });
    expect(calls[1]?.variables).toMatchObject({ id: 'm1', details: { ...sent, phone: '0800 1' }, reason: 'Neue Adresse' });
  });

  it('gives the page each person’s corrections, oldest first, at local time', async () => {
    const m = MUNICIPALITY_WITH_TWO_ROUNDS.municipality;
    const person = { name: 'Jana Petersen', role: 'Integrationsbeauftragte', email: 'j.petersen@x.example', phone: null };
    const correction = {
      at: '2026-11-02T09:30:00Z',
      by: 'Sabine Brandt',
      reason: 'Tippfehler',
      changes: [{ field: 'E-Mail', before: 'jana.petersen@x.example', after: 'j.petersen@x.example' }],
    };
    const withPeople = {
      ...m,
      submitter: { ...person, corrections: [] },
      contact: { person: { ...person, corrections: [correction] }, language: 'DE', since: '2026-07-02' },
    } satisfies MunicipalityQuery['municipality'];
    const { fetch } = fakeFetch({ data: { ...MUNICIPALITY_WITH_TWO_ROUNDS, municipality: withPeople } });
    const page = await createGraphqlApi({ fetch }).municipality('m1');
    expect(page?.submitter?.corrections).toEqual([]);
    const [shown] = page?.contact?.corrections ?? [];
    expect(shown).toEqual({ ...correction, at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/) as unknown });
    // The same instant, as local time without a zone (as the timeline's).
    expect(new Date(shown?.at ?? '').toISOString()).toBe('2026-11-02T09:30:00.000Z');
  });

  it('sends a command again with the same commandId when its answer got lost, so it counts once', async () => {
    const ok = { data: { admit: { id: 'm1', stage: 'ONBOARDING' } } };
    const { fetch, calls } = fakeFetch(NO_ANSWER, BAD_GATEWAY, ok, ok);
    const api = createGraphqlApi({ fetch, retryDelaysMs: [0, 0] });
    expect(await api.runCommand('m1', { kind: 'admit' })).toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    const ids = calls.map((c) => c.variables.commandId);
    expect(ids[0]).toMatch(UUID);
    expect(new Set(ids).size).toBe(1);
    // The next command is a new one.
    await api.runCommand('m1', { kind: 'admit' });
    expect(calls[3]?.variables.commandId).toMatch(UUID);
    expect(calls[3]?.variables.commandId).not.toBe(ids[0]);
  });

  it('tries a busy municipality again, but never a refusal', async () => {
    const busy = { data: null, errors: [{ message: 'Bitte versuchen Sie es noch einmal.', extensions: { code: 'BUSY' } }] };
    const refused = { data: null, errors: [{ message: 'Schon entschieden.', extensions: { code: 'WRONG_STAGE' } }] };
    const { fetch, calls } = fakeFetch(busy, { data: { admit: { id: 'm1', stage: 'ONBOARDING' } } }, refused, busy, busy, busy);
    const api = createGraphqlApi({ fetch, retryDelaysMs: [0, 0] });
    expect(await api.runCommand('m1', { kind: 'admit' })).toEqual({ ok: true });
    expect(calls).toHaveLength(2);
    expect(await api.runCommand('m1', { kind: 'admit' })).toMatchObject({ ok: false, refusal: { code: 'WRONG_STAGE' } });
    expect(calls).toHaveLength(3);
    // Still busy after the retries: the user sees the server's words at the button.
    expect(await api.runCommand('m1', { kind: 'admit' })).toEqual({
      ok: false,
      refusal: { code: 'BUSY', message: 'Bitte versuchen Sie es noch einmal.', fields: [] },
    });
    expect(calls).toHaveLength(6);
  });

  it('gives up with an error after two more tries without an answer', async () => {
    const { fetch, calls } = fakeFetch(NO_ANSWER, NO_ANSWER, NO_ANSWER);
    const api = createGraphqlApi({ fetch, retryDelaysMs: [0, 0] });
    await expect(api.runCommand('m1', { kind: 'decline', reason: 'Keine Mehrheit' })).rejects.toMatchObject({ code: 'NETWORK' });
    expect(calls).toHaveLength(3);
  });

  it('answers no figures for a past day before the programme, but an error for today', async () => {
    const notFound = { data: null, errors: [{ message: 'Nicht gefunden.', extensions: { code: 'NOT_FOUND' } }] };
    const { fetch, calls } = fakeFetch(notFound, notFound);
    const api = createGraphqlApi({ fetch });
    expect(await api.funderDashboard('2019-06-30')).toBeNull();
    expect(calls[0]?.variables.asOf).toBe(endOfDay('2019-06-30'));
    await expect(api.funderDashboard()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(calls[1]?.variables.asOf).toBeNull();
  });

  it('turns refusals into code, message and field errors instead of throwing', async () => {
    const { fetch } = fakeFetch(
      { data: null, errors: [{ message: 'Das Datum liegt in der Zukunft.', extensions: { code: 'DATE_IN_FUTURE' } }] },
      {
        data: null,
        errors: [{ message: 'Ungültig', extensions: { code: 'INVALID_INPUT', field: 'reason', reason: 'required' } }],
      },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.runCommand('m1', { kind: 'recordSupport', supportId: 's1', heldOn: '2030-01-01', participants: 3, notes: '' })).toEqual({
      ok: false,
      refusal: { code: 'DATE_IN_FUTURE', message: 'Das Datum liegt in der Zukunft.', fields: [] },
    });
    expect(await api.runCommand('m1', { kind: 'decline', reason: '' })).toEqual({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message: 'Ungültig', fields: [{ field: 'reason', reason: 'required', message: 'Ungültig' }] },
    });
  });

  it('creates a programme with its settings and a commandId, and maps the programme back', async () => {
    const out = {
      id: 'p2',
      name: 'Zusammenhalt 2027',
      capacity: 25,
      seatsTaken: 0,
      participationMonths: 9,
      minDialogueEvents: 2,
      interestFormPath: '/interesse/p2',
      framework: { id: 'whole-comm', title: 'Whole-COMM' },
      applicationsOpenOn: '2027-03-01',
      applicationsCloseOn: null,
      archivedOn: null,
      ...TIMING_OUT,
    };
    const { fetch, calls } = fakeFetch({ data: { createProgramme: out } });
    const api = createGraphqlApi({ fetch });
    expect(await api.createProgramme({ ...PROGRAMME_INPUT, name: ' Zusammenhalt 2027 ' })).toEqual({ ok: true, programme: out });
    expect(operationName(calls[0])).toBe('CreateProgramme');
    expect(calls[0]?.variables.input).toEqual({
      ...PROGRAMME_INPUT,
      label: null,
      senderName: null,
      replyTo: null,
      deadlines: null,
      reminders: null,
    });
    expect(calls[0]?.variables.commandId).toMatch(UUID);
  });

  it('sends the deadlines and reminders with the settings and maps the programme’s back', async () => {
    const timing = {
      deadlines: { ...TIMING_OUT.deadlines, decideDays: 21 },
      reminders: { daysBefore: [14, 3], onDueDay: false, daysOverdue: [2, 7] },
    };
    const out = { ...PROGRAMME_OUT, ...timing };
    const { fetch, calls } = fakeFetch({ data: { changeProgrammeSettings: out } });
    const result = await createGraphqlApi({ fetch }).changeProgrammeSettings('p1', { ...PROGRAMME_INPUT, ...timing });
    expect(operationName(calls[0])).toBe('ChangeProgrammeSettings');
    expect(calls[0]?.variables.input).toEqual({ ...PROGRAMME_INPUT, label: null, senderName: null, replyTo: null, ...timing });
    expect(result).toEqual({ ok: true, programme: out });
  });

  it('turns a refused deadline into an error of that deadline, without the input’s prefix', async () => {
    const message = 'Frist für die Entscheidung nach dem Erstgespräch muss zwischen 1 und 365 liegen.';
    const { fetch } = fakeFetch({
      data: null,
      errors: [{ message, extensions: { code: 'INVALID_INPUT', field: 'input.decideDays', reason: 'out_of_range' } }],
    });
    const result = await createGraphqlApi({ fetch }).createProgramme({ ...PROGRAMME_INPUT, ...TIMING_OUT });
    expect(result).toEqual({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'decideDays', reason: 'out_of_range', message }] },
    });
  });

  it('turns a refused programme setting into an error of its field', async () => {
    const { fetch, calls } = fakeFetch({
      data: null,
      errors: [
        {
          message: 'Anzahl der Plätze kann nicht kleiner sein als die Zahl der bereits zugelassenen Kommunen.',
          extensions: { code: 'INVALID_INPUT', field: 'capacity', reason: 'below_seats_taken' },
        },
      ],
    });
    const api = createGraphqlApi({ fetch });
    const result = await api.changeProgrammeSettings('p1', PROGRAMME_INPUT);
    expect(calls[0]?.variables.id).toBe('p1');
    expect(result).toEqual({
      ok: false,
      refusal: {
        code: 'INVALID_INPUT',
        message: 'Anzahl der Plätze kann nicht kleiner sein als die Zahl der bereits zugelassenen Kommunen.',
        fields: [
          {
            field: 'capacity',
            reason: 'below_seats_taken',
            message: 'Anzahl der Plätze kann nicht kleiner sein als die Zahl der bereits zugelassenen Kommunen.',
          },
        ],
      },
    });
  });

  it('invites a person with the schema’s role and language and a commandId, and maps the account back', async () => {
    const out = {
      id: 'u9',
      name: 'Lea Schneider',
      email: 'lea@x.example',
      role: 'FACILITATOR',
      active: true,
      municipalityId: null,
      municipalityName: null,
      replaced: false,
    };
    const { fetch, calls } = fakeFetch({ data: { inviteUser: out } });
    const api = createGraphqlApi({ fetch });
    const result = await api.inviteUser({ role: 'facilitator', name: ' Lea Schneider ', email: 'lea@x.example ', language: 'en' });
    expect(result).toEqual({ ok: true, account: { ...out, role: 'facilitator' } });
    expect(operationName(calls[0])).toBe('InviteUser');
    expect(calls[0]?.variables).toMatchObject({ role: 'FACILITATOR', name: 'Lea Schneider', email: 'lea@x.example', language: 'EN' });
    expect(calls[0]?.variables.commandId).toMatch(UUID);
  });

  it('turns a refused invitation into an error of its field', async () => {
    const message = 'Unter dieser E-Mail-Adresse gibt es schon ein Konto.';
    const { fetch } = fakeFetch({ data: null, errors: [{ message, extensions: { code: 'INVALID_INPUT', field: 'email', reason: 'taken' } }] });
    const api = createGraphqlApi({ fetch });
    expect(await api.inviteUser({ role: 'team', name: 'Lea', email: 'lea@x.example', language: 'de' })).toEqual({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'email', reason: 'taken', message }] },
    });
  });

  it('sends a new invitation only once, even when the answer got lost', async () => {
    const { fetch, calls } = fakeFetch(NO_ANSWER, NO_ANSWER, NO_ANSWER);
    const api = createGraphqlApi({ fetch, retryDelaysMs: [0, 0] });
    await expect(api.resendInvitation('u2')).rejects.toThrow();
    expect(calls).toHaveLength(1);
  });

  it('sends the chosen programme with the board and the funder’s figures, and none without a choice', async () => {
    const board = { board: { columns: [] }, municipalities: [] };
    const { fetch, calls } = fakeFetch({ data: board }, { data: board }, { data: null, errors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] });
    const api = createGraphqlApi({ fetch });
    await api.board({}, undefined, 'p2');
    await api.board({});
    await api.funderDashboard(undefined, 'p2').catch(() => undefined);
    expect(calls.map((c) => c.variables.programmeId)).toEqual(['p2', null, 'p2']);
  });

  it('archives a programme with a commandId and maps its archive day back', async () => {
    const out = { ...PROGRAMME_OUT, archivedOn: '2026-12-07' };
    const { fetch, calls } = fakeFetch({ data: { archiveProgramme: out } });
    const result = await createGraphqlApi({ fetch }).archiveProgramme('p1');
    expect(result).toEqual({ ok: true, programme: out });
    expect(operationName(calls[0])).toBe('ArchiveProgramme');
    expect(calls[0]?.variables).toEqual({ id: 'p1', commandId: expect.stringMatching(UUID) as unknown });
  });

  it('lists the programme forms and rejects a form the server refuses as closed with its message', async () => {
    const forms = [
      { id: 'p1', name: 'A', organisation: 'Verein', interestFormPath: '/interesse/p1', open: true, notice: null },
      { id: 'p2', name: 'B', organisation: 'Verein', interestFormPath: '/interesse/p2', open: false, notice: 'Geschlossen.' },
    ];
    const closed = 'Die Bewerbungsphase ist am 30.04.2025 zu Ende gegangen.';
    const { fetch } = fakeFetch(
      { data: { programmeForms: forms } },
      { data: null, errors: [{ message: closed, extensions: { code: 'APPLICATIONS_CLOSED' } }] },
    );
    const api = createGraphqlApi({ fetch });
    expect(await api.programmeForms()).toEqual(forms);
    const form = {
      municipalityName: 'Lindenau',
      land: 'BAYERN' as const,
      kind: 'STADT' as const,
      population: '12500',
      submitterName: 'Jana Petersen',
      submitterRole: 'Bürgermeisterin',
      email: 'jana@x.example',
      phone: '',
      motivation: 'Weil.',
      consent: true,
      language: 'de' as const,
      website: '',
      programmeId: 'p2',
    };
    await expect(api.submitInterest(form)).rejects.toMatchObject({ code: 'APPLICATIONS_CLOSED', message: closed });
  });

  it('sends the programme of the interest form’s address, or none', async () => {
    const { fetch, calls } = fakeFetch({ data: { submitInterest: { received: true } } }, { data: { submitInterest: { received: true } } });
    const api = createGraphqlApi({ fetch });
    const form = {
      municipalityName: 'Lindenau',
      land: 'BAYERN' as const,
      kind: 'STADT' as const,
      population: '12500',
      submitterName: 'Jana Petersen',
      submitterRole: 'Bürgermeisterin',
      email: 'jana@x.example',
      phone: '',
      motivation: 'Weil.',
      consent: true,
      language: 'de' as const,
      website: '',
    };
    await api.submitInterest({ ...form, programmeId: 'p2' });
    await api.submitInterest(form);
    expect((calls[0]?.variables.input as Record<string, unknown>).programmeId).toBe('p2');
    expect((calls[1]?.variables.input as Record<string, unknown>).programmeId).toBeNull();
  });

  it('lists the dates still to come of the contact person’s municipality, soonest first, without cancelled ones', () => {
    const upcoming = upcomingDates(
      {
        id: 'm1',
        name: 'Lindenau',
        interview: { at: '2026-11-30T10:00:00', heldOn: null, cancelledOn: '2026-11-20' },
        workshop: { at: '2026-12-10T14:00:00', place: 'Rathaus', heldOn: null, cancelledOn: null },
        support: [
          { id: 's1', format: 'COACHING', on: '2026-12-01', topic: 'Haltung zeigen', heldOn: null, cancelledOn: null },
          { id: 's2', format: 'COACHING', on: '2026-12-02', topic: 'Abgesagt', heldOn: null, cancelledOn: '2026-11-20' },
        ],
        dialogueEvents: [
          { id: 'd1', format: 'WALK', at: '2026-11-01T16:00:00', place: 'Markt', topic: 'Spaziergang', heldOn: null, cancelledOn: null },
          { id: 'd2', format: 'WORLD_CAFE', at: '2026-12-05T18:00:00', place: 'Bürgerhaus', topic: 'Zusammenleben', heldOn: null, cancelledOn: null },
          { id: 'd3', format: 'ONLINE', at: '2026-12-07T18:00:00', place: 'Online', topic: 'Abgesagt', heldOn: null, cancelledOn: '2026-11-20' },
        ],
      },
      '2026-11-23T09:00:00',
    );
    expect(upcoming.map((u) => [u.kind, u.title, u.allDay ?? false])).toEqual([
      ['SUPPORT', 'Haltung zeigen', true],
      ['DIALOGUE_EVENT', 'Zusammenleben', false],
      ['WORKSHOP', 'Lindenau', false],
    ]);
  });

  it('starts the self-check round when the first answer finds none running', async () => {
    const { fetch, calls } = fakeFetch(
      { data: { me: { userId: 'u1', role: 'CONTACT', name: 'Jana', language: 'DE', municipalityId: 'm1' } } },
      { data: null, errors: [{ message: 'nicht begonnen', extensions: { code: 'SELF_CHECK_NOT_STARTED' } }] },
      { data: { startSelfCheck: { id: 'm1' } } },
      { data: { saveSelfCheckAnswer: { id: 'm1' } } },
    );
    await createGraphqlApi({ fetch }).saveSelfCheckAnswer('ind-1', { rating: 2, comment: '', evidenceUrl: '' });
    expect(calls.map(operationName)).toEqual(['Me', 'SaveAnswer', 'StartSelfCheck', 'SaveAnswer']);
  });

  it('starts the next self-check round with its mutation and a commandId', async () => {
    const { fetch, calls } = fakeFetch({ data: { startSelfCheck: { id: 'm1', stage: 'IMPLEMENTATION' } } });
    expect(await createGraphqlApi({ fetch }).runCommand('m1', { kind: 'startSelfCheck' })).toEqual({ ok: true });
    expect(operationName(calls[0])).toBe('StartSelfCheck');
    expect(calls[0]?.variables).toEqual({ id: 'm1', commandId: expect.stringMatching(UUID) as unknown });
  });

  it('gives the municipality page every round with its answers, and the framework’s fields with their indicators', async () => {
    const { fetch } = fakeFetch({ data: MUNICIPALITY_WITH_TWO_ROUNDS });
    const m = await createGraphqlApi({ fetch }).municipality('m1');
    expect(m?.selfCheck?.outline).toEqual([
      { id: 'governance', title: 'Strategie und Steuerung', indicators: [{ id: 'g1', title: 'Konzept' }, { id: 'g2', title: 'Mittel' }] },
    ]);
    expect(m?.selfCheck?.rounds).toEqual([
      {
        round: 1,
        startedOn: '2026-09-01',
        submittedOn: '2026-09-14',
        overall: 25,
        fieldScores: { governance: 25 },
        answers: {
          g1: { rating: 1, comment: 'Entwurf liegt vor.', evidenceUrl: 'https://lindenau.example/konzept' },
          g2: { rating: null, comment: '', evidenceUrl: '' },
        },
      },
      {
        round: 2,
        startedOn: '2026-12-01',
        submittedOn: null,
        overall: null,
        fieldScores: {},
        answers: { g1: { rating: 3, comment: '', evidenceUrl: '' } },
      },
    ]);
    expect(m?.selfCheck?.fields).toEqual([{ fieldId: 'governance', title: 'Strategie und Steuerung', first: 25, second: null, benchmark: 48 }]);
  });

  it('reads the contact person’s latest round, the rounds submitted before and whether another can start', async () => {
    const { fetch } = fakeFetch(
      { data: { me: { userId: 'u1', role: 'CONTACT', name: 'Jana', language: 'DE', municipalityId: 'm1' } } },
      {
        data: {
          municipality: {
            id: 'm1',
            name: 'Lindenau',
            programmeId: 'p1',
            availableSteps: ['START_SELF_CHECK', 'PLAN_DIALOGUE_EVENT'],
            selfChecks: MUNICIPALITY_WITH_TWO_ROUNDS.municipality.selfChecks.filter((c) => c.round === 1),
          },
          programmes: [{ id: 'p1', framework: { id: 'f', version: 1, title: 'Selbstcheck', description: '', fields: [] } }],
        },
      },
    );
    const draft = await createGraphqlApi({ fetch }).selfCheck();
    expect(draft.round).toBe(1);
    expect(draft.submittedOn).toBe('2026-09-14');
    expect(draft.submitted.map((r) => r.round)).toEqual([1]);
    expect(draft.availableSteps).toEqual(['startSelfCheck', 'planDialogueEvent']);
  });
});

/** A workshop held, as the server answers it. */
const HELD_WORKSHOP = {
  at: '2026-10-01T14:00:00',
  place: 'Rathaus',
  facilitator: { id: 'u2', name: 'Jonas Weber' },
  heldOn: '2026-10-01',
  participants: 17,
  priorities: ['governance'],
  notes: null,
  cancelledOn: null,
  cancellationReason: null,
} satisfies MunicipalityQuery['municipality']['workshop'];

/** A municipality's page as the server answers it, with a submitted first round and a running second. */
const MUNICIPALITY_WITH_TWO_ROUNDS = {
  municipality: {
    id: 'm1',
    programmeId: 'p1',
    name: 'Lindenau',
    bundesland: 'BAYERN',
    kind: 'STADT',
    population: 14800,
    stage: 'IMPLEMENTATION',
    daysInStage: 3,
    waitingListPlace: null,
    availableSteps: [],
    submittedOn: '2026-06-01',
    admittedOn: '2026-07-01',
    windowEndsOn: '2027-01-01',
    motivation: null,
    decisionReason: null,
    completedOn: null,
    learning: null,
    withdrawnOn: null,
    withdrawalReason: null,
    submitter: null,
    contact: null,
    facilitator: null,
    possibleDuplicates: [],
    duplicateOf: null,
    mergedForms: [],
    programmeLabel: 'Weltoffene Kommune',
    colleagues: [],
    selfChecks: [
      {
        round: 2,
        frameworkId: 'f',
        startedOn: '2026-12-01',
        submittedOn: null,
        overall: null,
        answers: [{ indicatorId: 'g1', level: 3, notApplicable: false, comment: null, evidenceUrl: null }],
        fields: [],
      },
      {
        round: 1,
        frameworkId: 'f',
        startedOn: '2026-09-01',
        submittedOn: '2026-09-14',
        overall: 25,
        answers: [
          { indicatorId: 'g1', level: 1, notApplicable: false, comment: 'Entwurf liegt vor.', evidenceUrl: 'https://lindenau.example/konzept' },
          { indicatorId: 'g2', level: null, notApplicable: true, comment: null, evidenceUrl: null },
        ],
        fields: [{ fieldId: 'governance', title: 'Strategie und Steuerung', score: 25, cohortMedian: 48 }],
      },
    ],
    workshop: null,
    nextSteps: [],
    support: [],
    dialogueEvents: [],
    tasks: [],
    timeline: [],
    interview: null,
  },
  programmes: [
    {
      id: 'p1',
      name: 'Weltoffene Kommune',
      capacity: 40,
      seatsTaken: 1,
      framework: {
        id: 'f',
        title: 'Selbstcheck',
        fields: [{ id: 'governance', title: 'Strategie und Steuerung', indicators: [{ id: 'g1', title: 'Konzept' }, { id: 'g2', title: 'Mittel' }] }],
      },
    },
  ],
} satisfies MunicipalityQuery;
