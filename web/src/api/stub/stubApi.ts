// In-memory implementation of LotseApi with sample data, for `npm run e2e` and the unit
// tests. To be replaced by mocks of the real operations (MSW); until then it must not grow
// rules of its own (see commands.ts: the steps it offers come from its commands).

import type {
  Account,
  AccountResult,
  Answer,
  BoardChange,
  BoardData,
  BoardFilter,
  CommandRefusal,
  CommandResult,
  CurrentUser,
  Deadlines,
  Duplicate,
  FormAlertsResult,
  FrameworkChoice,
  FunderDashboard,
  InterestField,
  InterestInput,
  InviteInput,
  JourneyCommand,
  LotseApi,
  MunicipalityDetail,
  MyTasks,
  Person,
  Programme,
  ProgrammeInput,
  ProgrammeResult,
  PublicProgramme,
  Reminders,
  SaveReceipt,
  SelfCheckDraft,
  SubmitResult,
  SubmitSelfCheckResult,
  Task,
  UpcomingDate,
} from '../types';
import { InterestRefused } from '../types';
import { formatDate } from '../../format';
import {
  BUNDESLAENDER,
  DEADLINES,
  DEFAULT_DEADLINES,
  DEFAULT_REMINDERS,
  FUNNEL_STAGES,
  SIZE_CLASSES,
  STAGES,
  STAKEHOLDER_GROUPS,
  sizeClassOf,
  type DeadlineName,
  type FormAlerts,
  type InvitableRole,
  type Language,
  type Role,
} from '../../domain';
import { currentLanguage } from '../../i18n';
import { validateInterest } from '../../validation';
import { applyCommand, mayTake, mergeInto, stageOf, stepsFor } from './commands';
import { FRAMEWORK, frameworkIn } from './framework';
import { resultsOf, submittedRound } from './selfCheck';
import {
  FACILITATORS,
  MEDIAN_DAYS,
  TEAM_MEMBER,
  atDaysFromToday,
  boardCards,
  colleagueAccounts,
  daysFromToday,
  detailFor,
  lookalikesOf,
  reachedStage,
  seeds,
} from './data';

export interface StubOptions {
  /** Simulated network delay in milliseconds (0 in unit tests). */
  latencyMs?: number;
  role?: Role;
  /**
   * A contact person's municipality (Lindenau am See when not given); also the one whose
   * self-check `selfCheck()` answers for the other roles.
   */
  municipalityId?: string;
}

const OWN_MUNICIPALITY = 'm-lindenau';
/** The programme of the sample municipalities (the others have none yet). */
const SAMPLE_PROGRAMME = 'p-weltoffen';
const ORGANISATION = 'Weltoffene Kommune e. V.';

type StubProgramme = Omit<Programme, 'framework'> & { frameworkId: string };

/** A setting's text as the server keeps it: trimmed, blank is none. */
function blankIsNone(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

/** A text setting of a change as the server keeps it: left out, the current one; blank, none. */
function sentOrKept(sent: string | null | undefined, current: string | null): string | null {
  return sent === undefined || sent === null ? current : blankIsNone(sent);
}

/** The deadlines and reminders of a new programme (fresh copies: the stub changes them in place). */
function defaultDeadlines(): Deadlines {
  return { ...DEFAULT_DEADLINES };
}

function defaultReminders(): Reminders {
  return copyOf(DEFAULT_REMINDERS);
}

function copyOf(r: { daysBefore: readonly number[]; onDueDay: boolean; daysOverdue: readonly number[] }): Reminders {
  return { daysBefore: [...r.daysBefore], onDueDay: r.onDueDay, daysOverdue: [...r.daysOverdue] };
}

/** The reminder days as the server keeps them: each once, before largest first, after ascending. */
function keptReminders(r: Reminders): Reminders {
  const once = (days: number[]) => [...new Set(days)];
  return {
    daysBefore: once(r.daysBefore).sort((a, b) => b - a),
    onDueDay: r.onDueDay,
    daysOverdue: once(r.daysOverdue).sort((a, b) => a - b),
  };
}

/**
 * The programmes: the sample one (always open), a second taking applications in a period
 * around today, and an archived pilot, so that the form's choice, a closed form and the
 * programme switcher can be shown.
 */
function programmeSeed(admitted: number): StubProgramme[] {
  const base = () => ({
    participationMonths: 6,
    minDialogueEvents: 1,
    applicationsOpenOn: null,
    applicationsCloseOn: null,
    archivedOn: null,
    label: null,
    senderName: null,
    replyTo: null,
    deadlines: defaultDeadlines(),
    reminders: defaultReminders(),
  });
  return [
    {
      ...base(),
      id: SAMPLE_PROGRAMME,
      name: 'Weltoffene Kommune – vom Dialog zum Zusammenhalt',
      label: 'Weltoffene Kommune',
      frameworkId: FRAMEWORK.id,
      capacity: 40,
      seatsTaken: admitted,
      interestFormPath: `/interesse/${SAMPLE_PROGRAMME}`,
    },
    {
      ...base(),
      id: 'p-zusammenhalt-2027',
      name: 'Zusammenhalt vor Ort 2027',
      frameworkId: 'whole-comm',
      capacity: 25,
      seatsTaken: 0,
      participationMonths: 9,
      interestFormPath: '/interesse/p-zusammenhalt-2027',
      applicationsOpenOn: daysFromToday(-14),
      applicationsCloseOn: daysFromToday(45),
      // A programme with its own deadlines and reminders.
      deadlines: { ...defaultDeadlines(), selfCheckDays: 42, scheduleWorkshopDays: 28 },
      reminders: { daysBefore: [14, 3], onDueDay: false, daysOverdue: [2, 7] },
    },
    {
      ...base(),
      id: 'p-pilot-2025',
      name: 'Pilotphase 2025',
      frameworkId: FRAMEWORK.id,
      capacity: 12,
      seatsTaken: 12,
      interestFormPath: '/interesse/p-pilot-2025',
      applicationsOpenOn: '2025-02-01',
      applicationsCloseOn: '2025-04-30',
      archivedOn: '2025-12-19',
    },
  ];
}

/**
 * Whether a programme's form takes applications today, and why not (the server's notice,
 * imitated only so far as the form can show a closed programme).
 */
function formState(p: StubProgramme, language: Language): { open: boolean; notice: string | null; code: string | null } {
  const de = language === 'de';
  const today = daysFromToday(0);
  if (p.archivedOn) {
    return {
      open: false,
      code: 'PROGRAMME_ARCHIVED',
      notice: de
        ? 'Dieses Programm ist abgeschlossen und archiviert; es nimmt keine Interessenbekundungen mehr an.'
        : 'This programme has ended and is archived; it no longer takes applications.',
    };
  }
  if (p.applicationsOpenOn && today < p.applicationsOpenOn) {
    const date = formatDate(p.applicationsOpenOn, language);
    return {
      open: false,
      code: 'APPLICATIONS_NOT_YET_OPEN',
      notice: de ? `Interessenbekundungen sind ab dem ${date} möglich.` : `Applications open on ${date}.`,
    };
  }
  if (p.applicationsCloseOn && today > p.applicationsCloseOn) {
    const date = formatDate(p.applicationsCloseOn, language);
    return {
      open: false,
      code: 'APPLICATIONS_CLOSED',
      notice: de ? `Die Bewerbungsphase ist am ${date} zu Ende gegangen.` : `The application period ended on ${date}.`,
    };
  }
  return { open: true, notice: null, code: null };
}

function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${daysFromToday(0, d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The frameworks a programme can choose: the stub's shortened one and Whole-COMM (no fields here). */
function frameworkChoices(language: Language): FrameworkChoice[] {
  const own = frameworkIn(language);
  return [
    { id: own.id, version: own.version, title: own.title, description: own.description },
    {
      id: 'whole-comm',
      version: 1,
      title: language === 'de' ? 'Selbstcheck nach der Whole-COMM-Toolbox' : 'Self-check based on the Whole-COMM toolbox',
      description:
        language === 'de'
          ? 'Die fünf Handlungsfelder der Whole-COMM-Toolbox für kleinere und mittlere Kommunen.'
          : 'The five fields of action of the Whole-COMM toolbox for small and medium-sized municipalities.',
    },
  ];
}

/**
 * The stub's refusals of programme settings: only the capacity, so that the page can show
 * a refusal next to its field (the rules are the server's).
 */
function programmeRefusal(input: ProgrammeInput, seatsTaken: number, language: Language): ProgrammeResult | null {
  const refuse = (field: string, reason: string, de: string, en: string): ProgrammeResult => {
    const message = language === 'de' ? de : en;
    return { ok: false, refusal: { code: 'INVALID_INPUT', message, fields: [{ field, reason, message }] } };
  };
  if (input.capacity < 1 || input.capacity > 1000) {
    return refuse(
      'capacity',
      'out_of_range',
      'Die Anzahl der Plätze muss zwischen 1 und 1000 liegen.',
      'The number of places must be between 1 and 1000.',
    );
  }
  if (input.capacity < seatsTaken) {
    return refuse(
      'capacity',
      'below_seats_taken',
      'Die Anzahl der Plätze kann nicht kleiner sein als die Zahl der bereits zugelassenen Kommunen.',
      'The number of places cannot be lower than the number of municipalities already admitted.',
    );
  }
  const deadlines = input.deadlines;
  const outside = deadlines ? DEADLINES.find((name) => deadlines[name] < 1 || deadlines[name] > 365) : undefined;
  if (outside) {
    const [de, en] = DEADLINE_LABELS[outside];
    return refuse(outside, 'out_of_range', `${de} muss zwischen 1 und 365 liegen.`, `${en} must be between 1 and 365.`);
  }
  return null;
}

/** The server's names of the deadlines in its messages (German, English). */
const DEADLINE_LABELS: Record<DeadlineName, [string, string]> = {
  scheduleInterviewDays: ['Frist bis zum vereinbarten Erstgespräch', 'Days until the initial interview is scheduled'],
  decideDays: ['Frist für die Entscheidung nach dem Erstgespräch', 'Days for the decision after the interview'],
  assignContactDays: ['Frist für Ansprechperson und Prozessbegleitung', 'Days to name the contact person and facilitator'],
  selfCheckDays: ['Frist für den Selbstcheck', 'Days for the self-check'],
  scheduleWorkshopDays: ['Frist bis zum vereinbarten Workshop', 'Days until the workshop is scheduled'],
  recordAttendanceDays: ['Frist für die Erfassung der Teilnahme', 'Days to record attendance'],
  secondSelfCheckDays: ['Frist für den zweiten Selbstcheck', 'Days for the second self-check'],
  windowNoticeDays: ['Vorlauf vor dem Ende der Teilnahme', 'Notice before the participation ends'],
};

/** Everyone with an account: the stub's users (team, facilitators, contact persons) and a funder. */
function peopleSeed(): Account[] {
  const person = (id: string, name: string, email: string, role: Account['role'], active = true): Account => ({
    id,
    name,
    email,
    role,
    active,
    municipalityId: null,
    municipalityName: null,
    replaced: false,
  });
  const contacts = seeds().flatMap((seed): Account[] => {
    const contact = detailFor(seed).contact;
    if (!contact) return [];
    const id = seed.id === OWN_MUNICIPALITY ? 'u-contact-petersen' : `u-contact-${seed.id.slice(2)}`;
    const colleagues = colleagueAccounts(seed).map((c) => person(c.id, c.name, c.email, 'contact'));
    return [person(id, contact.name, contact.email, 'contact'), ...colleagues].map((a) => ({
      ...a,
      municipalityId: seed.id,
      municipalityName: seed.name,
    }));
  });
  const wiesbrunn = seeds().find((s) => s.id === 'm-wiesbrunn');
  return [
    person(TEAM_MEMBER.id, TEAM_MEMBER.name, 'sabine.brandt@weltoffene-kommune.example', 'team'),
    person('u-team-okafor', 'Grace Okafor', 'grace.okafor@weltoffene-kommune.example', 'team'),
    ...FACILITATORS.map((f) => person(f.id, f.name, `${f.id.slice(6)}@begleitung.example`, 'facilitator')),
    person('u-fac-krause', 'Petra Krause', 'krause@begleitung.example', 'facilitator', false),
    ...contacts,
    // A contact person whose municipality named someone else since.
    ...(wiesbrunn
      ? [
          {
            ...person('u-contact-brenner', 'Ute Brenner', 'u.brenner@wiesbrunn.example', 'contact'),
            municipalityId: wiesbrunn.id,
            municipalityName: wiesbrunn.name,
            replaced: true,
          },
        ]
      : []),
    person('u-funder-wolf', 'Dr. Katharina Wolf', 'k.wolf@stiftung-zusammenhalt.example', 'funder'),
  ];
}

/** A refusal of one field, in the interface language (the server's own are translated likewise). */
function fieldRefusal(code: string, field: string, reason: string, message: string): { ok: false; refusal: CommandRefusal } {
  return { ok: false, refusal: { code, message, fields: [{ field, reason, message }] } };
}

export function createStubApi(options: StubOptions = {}): LotseApi {
  const latency = options.latencyMs ?? 150;
  const wait = <T>(value: T): Promise<T> =>
    new Promise((resolve) => setTimeout(() => resolve(structuredClone(value)), latency));

  const boardListeners = new Set<(change?: BoardChange) => void>();
  /** Municipalities changed by a command (the rest is built from the seeds on each read). */
  const changed = new Map<string, MunicipalityDetail>();
  const detail = (id: string): MunicipalityDetail | null => {
    const known = changed.get(id);
    if (known) return known;
    const seed = seeds().find((s) => s.id === id);
    return seed ? detailFor(seed, currentLanguage()) : null;
  };

  // A contact person is Lindenau's unless another municipality is named (the municipality
  // of "Meine Aufgaben" and the self-check); a facilitator is Dr. Miriam Albers (who
  // accompanies Lindenau among others).
  const own = seeds().some((s) => s.id === options.municipalityId) ? (options.municipalityId ?? OWN_MUNICIPALITY) : OWN_MUNICIPALITY;
  const ownContact = detail(own)?.contact;
  const user: CurrentUser =
    options.role === 'contact'
      ? {
          id: own === OWN_MUNICIPALITY ? 'u-contact-petersen' : `u-contact-${own.slice(2)}`,
          name: ownContact?.name ?? '',
          role: 'contact',
          language: 'de',
          municipalityId: own,
          organisation: ORGANISATION,
        }
      : options.role === 'facilitator'
        ? { id: 'u-fac-albers', name: 'Dr. Miriam Albers', role: 'facilitator', language: 'de', organisation: ORGANISATION }
        : { id: 'u-team-brandt', name: 'Sabine Brandt', role: options.role ?? 'team', language: 'de', organisation: ORGANISATION };
  // A team member hears of each new interest form at once until they choose otherwise.
  if (user.role === 'team') user.formAlerts = 'AT_ONCE';
  /** The programmes: the sample one, and those created in this session. */
  const admittedNow = seeds().filter((s) => reachedStage(s, 'ONBOARDING') && s.stage !== 'WITHDRAWN').length;
  const programmes = programmeSeed(admittedNow);
  const programmeOut = ({ frameworkId, ...p }: StubProgramme): Programme => {
    const f = frameworkChoices(currentLanguage()).find((x) => x.id === frameworkId);
    return { ...p, framework: f ? { id: f.id, title: f.title } : null, deadlines: { ...p.deadlines }, reminders: copyOf(p.reminders) };
  };
  /** The people, and those invited in this session. */
  const people = peopleSeed();
  /** Refuses what only the team may do. */
  const teamOnlyAccount = (): AccountResult | null =>
    user.role === 'team' ? null : { ok: false, refusal: { code: 'FORBIDDEN', message: 'Forbidden', fields: [] } };
  /** Refuses (besides to anyone but the team) what nobody may do to their own account. */
  const notOwnAccount = (userId: string, de: string, en: string): AccountResult | null =>
    teamOnlyAccount() ??
    (userId === user.id ? fieldRefusal('INVALID_INPUT', 'userId', 'own_account', currentLanguage() === 'de' ? de : en) : null);
  /** Changes one account, unless refused. */
  const changeAccount = (userId: string, refused: AccountResult | null, change: (a: Account) => Account): Promise<AccountResult> => {
    if (refused) return wait(refused);
    const index = people.findIndex((a) => a.id === userId);
    const current = people[index];
    if (!current) return wait({ ok: false, refusal: { code: 'NOT_FOUND', message: 'Not found', fields: [] } });
    const next = change(current);
    people[index] = next;
    return wait({ ok: true, account: next });
  };
  const teamOnly = (): ProgrammeResult | null =>
    user.role === 'team' ? null : { ok: false, refusal: { code: 'FORBIDDEN', message: 'Forbidden', fields: [] } };
  /** An archived programme changes no more (the one rule of archiving the stub imitates). */
  const notArchived = (p: StubProgramme): ProgrammeResult | null => {
    if (!p.archivedOn) return null;
    const message =
      currentLanguage() === 'de'
        ? 'Das Programm ist archiviert; es ändert sich nichts mehr daran.'
        : 'The programme is archived; nothing about it changes any more.';
    return { ok: false, refusal: { code: 'PROGRAMME_ARCHIVED', message, fields: [] } };
  };
  /** The sample municipalities belong to the sample programme; the others have none yet. */
  const sampleProgramme = (programmeId?: string) => !programmeId || programmeId === SAMPLE_PROGRAMME;
  /** The team's order of the waiting list (next first); those not in it follow by interview day. */
  let waitingOrder: string[] = [];
  /** The programme's waiting list, next first (the municipalities' ids). */
  const waitingList = (programmeId?: string): string[] => {
    if (!sampleProgramme(programmeId)) return [];
    const waiting = seeds()
      .map((s) => detail(s.id))
      .filter((m): m is MunicipalityDetail => m?.stage === 'WAITING_LIST');
    const ordered = (m: MunicipalityDetail) => {
      const i = waitingOrder.indexOf(m.id);
      return i < 0 ? waitingOrder.length : i;
    };
    const interviewDay = (m: MunicipalityDetail) => m.interview?.heldOn ?? '';
    return waiting
      .sort((a, b) => ordered(a) - ordered(b) || interviewDay(a).localeCompare(interviewDay(b)) || a.name.localeCompare(b.name, 'de'))
      .map((m) => m.id);
  };
  /** Its place on `list` (the waiting list, next first), or null. */
  const placeOf = (id: string, list = waitingList()): number | null => {
    const i = list.indexOf(id);
    return i < 0 ? null : i + 1;
  };
  /** Refuses an order that does not name exactly the municipalities waiting now. */
  const notTheWaitingList = (programmeId: string, municipalityIds: string[]): ProgrammeResult | null => {
    const waiting = waitingList(programmeId);
    const same =
      municipalityIds.length === waiting.length &&
      new Set(municipalityIds).size === waiting.length &&
      municipalityIds.every((id) => waiting.includes(id));
    if (same) return null;
    const message =
      currentLanguage() === 'de'
        ? 'Die Warteliste hat sich inzwischen geändert. Bitte laden Sie die Seite neu und ordnen Sie sie noch einmal.'
        : 'The waiting list has changed in the meantime. Please reload the page and put it in order again.';
    return fieldRefusal('INVALID_INPUT', 'municipalityIds', 'not_the_waiting_list', message);
  };

  /** The page with the steps the viewer can take now (none in a past view). */
  const withSteps = (m: MunicipalityDetail, asOf?: string): MunicipalityDetail => ({
    ...m,
    availableSteps: asOf ? [] : stepsFor(m, user, FACILITATORS),
    // The sample municipalities are the sample programme's.
    programmeLabel: programmes.find((p) => p.id === SAMPLE_PROGRAMME)?.label ?? null,
  });
  /**
   * The active contact-person accounts of a municipality (its contact person and their
   * colleagues), by name: those a next step can be given to (as the server's `colleagues`).
   */
  const colleaguesOf = (municipalityId: string): Person[] =>
    people
      .filter((a) => a.role === 'contact' && a.active && !a.replaced && a.municipalityId === municipalityId)
      .map((a) => ({ id: a.id, name: a.name ?? '' }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const formOf = (id: string): Duplicate | null => {
    const m = detail(id);
    return m && { id: m.id, name: m.name, stage: m.stage, submittedOn: m.interestOn };
  };
  /**
   * What the page shows besides the journey: the colleagues (not to funders); for the team
   * the forms that look like this one sent again (neither flagged once one was closed as a
   * duplicate) and the form kept when this one was closed; the forms merged into this one
   * with their sender for the team, their motivation for the team and the facilitator.
   */
  const withPeople = (m: MunicipalityDetail): MunicipalityDetail => {
    const team = user.role === 'team';
    const readsMotivation = team || user.role === 'facilitator';
    const stillOpen = (id: string) => (detail(id)?.duplicateOf ? null : formOf(id));
    const lookalikes = m.duplicateOf ? [] : lookalikesOf(m.id).map(stillOpen).filter((d): d is Duplicate => d !== null);
    return {
      ...m,
      colleagues: user.role === 'funder' ? [] : colleaguesOf(m.id),
      possibleDuplicates: team ? lookalikes : [],
      duplicateOf: team ? (m.duplicateOf ?? null) : null,
      mergedForms: (m.mergedForms ?? []).map((f) => ({
        ...f,
        submitter: team ? f.submitter : null,
        motivation: readsMotivation ? f.motivation : null,
      })),
    };
  };
  /**
   * What the API checks before the journey's rules (services/graphql/src/mutation.rs): the
   * form kept must be another one not itself closed as a duplicate (all sample forms are
   * of one programme), a colleague one of the municipality's accounts.
   */
  const apiRefusal = (municipalityId: string, command: JourneyCommand): CommandResult | null => {
    const de = currentLanguage() === 'de';
    const invalid = (field: string, reason: string, message: string): CommandResult => ({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field, reason, message }] },
    });
    if (command.kind === 'closeAsDuplicate') {
      const kept = detail(command.ofId);
      if (!kept || kept.id === municipalityId || kept.duplicateOf) {
        return invalid(
          'ofId',
          'not_a_form_to_keep',
          de
            ? 'Bitte wählen Sie eine andere, noch offene Anmeldung desselben Programms, die bestehen bleibt.'
            : 'Please choose another form of the same programme, still open, to keep.',
        );
      }
    }
    if (command.kind === 'assignNextStep' && command.to === 'COLLEAGUE') {
      if (!colleaguesOf(municipalityId).some((c) => c.id === command.userId)) {
        return invalid(
          'userId',
          'not_a_colleague',
          de ? 'Bitte wählen Sie eine Person mit Konto für diese Kommune.' : 'Please choose a person with an account for this municipality.',
        );
      }
    }
    return null;
  };
  /**
   * Whether the viewer may open a municipality's page (services/graphql/src/auth.rs,
   * `can_read`): the team every one, a facilitator those they accompany, a contact person
   * their own, a funder none (aggregates only).
   */
  const canRead = (m: MunicipalityDetail): boolean => {
    switch (user.role) {
      case 'team':
        return true;
      case 'facilitator':
        return m.facilitator?.id === user.id;
      case 'contact':
        return m.id === own;
      case 'funder':
        return false;
    }
  };
  /** Runs a step of the journey on the sample data (see commands.ts). */
  const runCommandNow = (municipalityId: string, command: JourneyCommand): CommandResult => {
    const current = detail(municipalityId);
    if (!current) return { ok: false, refusal: { code: 'NOT_FOUND', message: 'Not found', fields: [] } };
    // What the viewer may not do is refused before the rules are asked (as the server does).
    if (!mayTake(user, current, command.kind)) {
      return { ok: false, refusal: { code: 'FORBIDDEN', message: 'Forbidden', fields: [] } };
    }
    const refused = apiRefusal(municipalityId, command);
    if (refused) return refused;
    const next = structuredClone(current);
    next.colleagues = colleaguesOf(municipalityId);
    const result = applyCommand(next, command, { language: currentLanguage(), actor: user.name, facilitators: FACILITATORS, formOf });
    if (result.ok) {
      changed.set(municipalityId, next);
      for (const l of [...boardListeners]) l({ municipalityId, stage: next.stage });
      // Merged in the same write: the form kept takes over the sender and the motivation.
      const kept = command.kind === 'closeAsDuplicate' && command.merge ? detail(command.ofId) : null;
      if (kept) {
        const keptNext = structuredClone(kept);
        mergeInto(keptNext, current, { language: currentLanguage(), actor: user.name });
        changed.set(keptNext.id, keptNext);
      }
    }
    return result;
  };
  /** The own municipality's page, changed by `change` and kept (the self-check's answers). */
  const changeOwn = (change: (m: MunicipalityDetail) => void): MunicipalityDetail => {
    const current = detail(own);
    if (!current) throw new Error('NOT_FOUND');
    const next = structuredClone(current);
    change(next);
    changed.set(own, next);
    return next;
  };

  return {
    currentUser: () => wait(user),

    requestSignInLink: (_email, _language) => wait(undefined),

    signIn: (token) => (token ? wait(user) : Promise.reject(new Error('SIGN_IN_LINK_INVALID'))),

    signOut: () => wait(undefined),

    chooseFormAlerts(alerts: FormAlerts): Promise<FormAlertsResult> {
      if (user.role !== 'team') return wait({ ok: false, refusal: { code: 'FORBIDDEN', message: 'Forbidden', fields: [] } });
      user.formAlerts = alerts;
      return wait({ ok: true, alerts });
    },

    // Sample data has no history: a past day shows today's cards (without steps).
    board(filter: BoardFilter, asOf?: string, programmeId?: string): Promise<BoardData> {
      const waiting = waitingList(programmeId);
      const cards = (sampleProgramme(programmeId) ? boardCards() : [])
        .map((c) => {
          const m = changed.get(c.id);
          const card = m ? { ...c, stage: m.stage, daysInStage: m.daysInStage, facilitator: m.facilitator } : c;
          const page = detail(c.id);
          const placed = { ...card, waitingListPlace: placeOf(c.id, waiting) };
          return page ? { ...placed, availableSteps: withSteps(page, asOf).availableSteps } : placed;
        })
        .filter(
        (c) =>
          (!filter.land || c.land === filter.land) &&
          (!filter.stage || c.stage === filter.stage) &&
          (!filter.facilitator || c.facilitator?.id === filter.facilitator),
      );
      return wait({ programmeId: programmeId ?? SAMPLE_PROGRAMME, cards, facilitators: FACILITATORS });
    },

    subscribeBoard(onChange) {
      boardListeners.add(onChange);
      return () => boardListeners.delete(onChange);
    },

    municipality(id, asOf): Promise<MunicipalityDetail | null> {
      const m = detail(id);
      // Not found, as the server answers for a page the viewer may not open.
      if (!m || !canRead(m)) return wait(null);
      if (!asOf) return wait({ ...withSteps(withPeople(m)), waitingListPlace: placeOf(id) });
      // Sample data has no history to fold: the past view is today's page with the
      // timeline cut at that day, and nothing before the interest was recorded.
      if (m.interestOn > asOf) return wait(null);
      return wait({ ...withSteps(withPeople(m), asOf), timeline: m.timeline.filter((e) => e.at.slice(0, 10) <= asOf) });
    },

    runCommand(municipalityId: string, command: JourneyCommand): Promise<CommandResult> {
      return wait(runCommandNow(municipalityId, command));
    },

    facilitators: () => wait(FACILITATORS),

    myTasks(): Promise<MyTasks> {
      const ownSeed = seeds().find((s) => s.id === own);
      const ownDetail = detail(own);
      // Dialogue events planned in this session (Lindenau's sample data has none).
      const today = daysFromToday(0);
      const planned = (ownDetail?.dialogueEvents ?? [])
        .filter((e) => !e.held && !e.cancelledOn && e.at.slice(0, 10) >= today)
        .map((e): UpcomingDate => ({ id: e.id, at: e.at, kind: 'DIALOGUE_EVENT', title: e.topic, place: e.place }));
      const name = ownSeed?.name ?? '';
      const sample = (key: string, kind: Task['kind'], due: number): Task => ({
        key,
        municipalityId: own,
        municipalityName: name,
        kind,
        assignee: 'CONTACT',
        due: daysFromToday(due),
        state: 'OPEN',
      });
      // Lindenau's sample tasks and dates; another municipality's come from its page.
      const lindenau = own === OWN_MUNICIPALITY;
      const tasks = [
        ...(ownSeed ? detailFor(ownSeed).tasks : []),
        ...(lindenau
          ? [
              sample('submit-self-check', 'SUBMIT_SELF_CHECK', 3),
              sample('prepare-workshop', 'PREPARE_WORKSHOP', 0),
              sample('dialogue-attendance-walk', 'RECORD_DIALOGUE_ATTENDANCE', -2),
            ]
          : []),
      ].filter((t, i, all) => all.findIndex((o) => o.key === t.key) === i);
      tasks.sort((a, b) => a.due.localeCompare(b.due));
      const upcoming: UpcomingDate[] = lindenau
        ? [
            { id: 'up-1', at: atDaysFromToday(12, '14:00'), kind: 'WORKSHOP', title: 'Selbstcheck-Workshop', place: 'Rathaus, Großer Sitzungssaal' },
            { id: 'up-2', at: atDaysFromToday(16, '16:30'), kind: 'DIALOGUE_EVENT', title: 'Stadtteilspaziergang Nordviertel', place: 'Bahnhofsvorplatz' },
            { id: 'up-3', at: atDaysFromToday(19, '10:00'), kind: 'SUPPORT', title: 'Peer-Austausch der Verwaltungsspitzen', place: 'Online' },
            ...planned,
          ]
        : (ownDetail?.dialogueEvents ?? [])
            .filter((e) => !e.held && !e.cancelledOn)
            .map((e): UpcomingDate => ({ id: e.id, at: e.at, kind: 'DIALOGUE_EVENT', title: e.topic, place: e.place }));
      upcoming.sort((a, b) => a.at.localeCompare(b.at));
      return wait({ tasks, upcoming });
    },

    selfCheck(): Promise<SelfCheckDraft> {
      const m = detail(own);
      if (!m) return Promise.reject(new Error('NOT_FOUND'));
      const rounds = m.selfCheck?.rounds ?? [];
      const current = rounds[rounds.length - 1];
      return wait({
        municipalityId: m.id,
        municipalityName: m.name,
        round: current?.round ?? 1,
        framework: frameworkIn(currentLanguage()),
        answers: current?.answers ?? {},
        submittedOn: current?.submittedOn ?? null,
        submitted: rounds.filter((r) => r.submittedOn !== null),
        availableSteps: withSteps(m).availableSteps,
      });
    },

    saveSelfCheckAnswer(indicatorId: string, answer: Answer): Promise<SaveReceipt> {
      // As the GraphQL client: the first answer starts the first round; a submitted round
      // takes no more answers (the server refuses them).
      const m = detail(own);
      if (!m) return Promise.reject(new Error('NOT_FOUND'));
      if (!m.selfCheck?.rounds.length) {
        const started = runCommandNow(own, { kind: 'startSelfCheck' });
        if (!started.ok) return Promise.reject(new Error(started.refusal.code));
      }
      const running = detail(own)?.selfCheck?.rounds.find((r) => r.submittedOn === null);
      if (!running) return Promise.reject(new Error('SELF_CHECK_ALREADY_SUBMITTED'));
      changeOwn((next) => {
        const round = next.selfCheck?.rounds.find((r) => r.submittedOn === null);
        if (round) round.answers[indicatorId] = answer;
      });
      return wait({ savedAt: localNow() });
    },

    submitSelfCheck(): Promise<SubmitSelfCheckResult> {
      const framework = frameworkIn(currentLanguage());
      const submittedOn = daysFromToday(0);
      let result: SubmitSelfCheckResult | null = null;
      changeOwn((next) => {
        const rounds = next.selfCheck?.rounds ?? [];
        const index = rounds.findIndex((r) => r.submittedOn === null);
        const running = rounds[index];
        if (!running) return;
        rounds[index] = submittedRound(framework, running.round, running.startedOn, submittedOn, running.answers);
        next.selfCheck = resultsOf(framework, rounds);
        next.timeline.unshift({ id: `t-${String(next.timeline.length + 1)}-submitted`, at: localNow(), type: 'SelfCheckSubmitted', actor: user.name });
        const stage = stageOf(next);
        if (stage !== next.stage) {
          next.stage = stage;
          next.daysInStage = 0;
        }
        const done = rounds[index];
        result = {
          submittedOn,
          overall: done?.overall ?? null,
          fields: framework.fields.map((f) => ({ fieldId: f.id, score: done?.fieldScores[f.id] ?? null })),
        };
      });
      if (!result) return Promise.reject(new Error('SELF_CHECK_NOT_STARTED'));
      for (const l of [...boardListeners]) l({ municipalityId: own, stage: detail(own)?.stage ?? 'WORKSHOP' });
      return wait(result);
    },

    funderDashboard(asOf, programmeId): Promise<FunderDashboard | null> {
      // Sample data has no history: a past day shows today's figures under that date, and
      // before 2020 nothing had been recorded.
      if (asOf && asOf < '2020-01-01') return wait(null);
      const programme = programmes.find((p) => p.id === (programmeId ?? SAMPLE_PROGRAMME));
      if (!programme) return Promise.reject(new Error('NOT_FOUND'));
      const sample = programme.id === SAMPLE_PROGRAMME;
      const all = sample ? seeds() : [];
      const framework = frameworkIn(currentLanguage());
      const stages = STAGES.map((stage) => ({
        stage,
        current: all.filter((s) => s.stage === stage).length,
        reached: (FUNNEL_STAGES as readonly string[]).includes(stage)
          ? all.filter((s) => reachedStage(s, stage)).length
          : all.filter((s) => s.stage === stage).length,
      }));
      const wasAdmitted = (s: (typeof all)[number]) => reachedStage(s, 'ONBOARDING');
      const attendance = { RESIDENTS: 0, ADMINISTRATION: 0, POLITICS: 0, BUSINESS: 0, CIVIL_SOCIETY: 0 };
      let dialogueEventsHeld = 0;
      for (const s of all) {
        for (const e of detailFor(s).dialogueEvents) {
          if (!e.attendance) continue;
          dialogueEventsHeld += 1;
          for (const g of STAKEHOLDER_GROUPS) attendance[g] += e.attendance[g];
        }
      }
      // The other programmes have no municipalities: no medians either.
      const medians = sample ? [52, 46, 38, 55, 60, 34, 47] : [];
      const gains = sample ? [9, 6, 11, 4, 13, 7, 5] : [];
      const count = (stage: string) => all.filter((s) => s.stage === stage).length;
      return wait({
        programmeTitle: programme.name,
        asOf: asOf ?? daysFromToday(0),
        capacity: programme.capacity,
        seatsTaken: all.filter((s) => wasAdmitted(s) && s.stage !== 'WITHDRAWN').length,
        stages,
        medianDays: STAGES.flatMap((stage) => {
          const d = MEDIAN_DAYS[stage];
          return d === undefined ? [] : [{ stage, medianDays: sample ? d : null }];
        }),
        window: {
          admitted: all.filter(wasAdmitted).length,
          active: all.filter((s) => wasAdmitted(s) && !['COMPLETED', 'WITHDRAWN'].includes(s.stage)).length,
          completed: count('COMPLETED'),
          withdrawn: count('WITHDRAWN'),
          endingSoon: sample ? 2 : 0,
          overrun: 0,
          medianElapsedPercent: sample ? 41 : null,
        },
        scores: framework.fields.map((f, i) => {
          const first = medians[i];
          const change = gains[i];
          if (first === undefined || change === undefined) {
            return { fieldId: f.id, title: f.title, first: null, second: null, change: null, firstCount: 0, secondCount: 0 };
          }
          return { fieldId: f.id, title: f.title, first, second: first + change, change, firstCount: 12, secondCount: 5 };
        }),
        attendance,
        dialogueEventsHeld,
        byLand: BUNDESLAENDER.map((land) => ({
          land,
          all: all.filter((s) => s.land === land).length,
          admitted: all.filter((s) => s.land === land && wasAdmitted(s)).length,
        })),
        bySize: SIZE_CLASSES.map((sizeClass) => ({
          sizeClass,
          all: all.filter((s) => sizeClassOf(s.population) === sizeClass).length,
          admitted: all.filter((s) => sizeClassOf(s.population) === sizeClass && wasAdmitted(s)).length,
        })),
      });
    },

    programmes: () => wait(programmes.map(programmeOut)),

    frameworks: () =>
      user.role === 'team' ? wait(frameworkChoices(currentLanguage())) : Promise.reject(new Error('FORBIDDEN')),

    createProgramme(input: ProgrammeInput): Promise<ProgrammeResult> {
      const refused = teamOnly() ?? programmeRefusal(input, 0, currentLanguage());
      if (refused) return wait(refused);
      const id = `p-${String(programmes.length + 1)}`;
      const created = {
        ...input,
        name: input.name.trim(),
        id,
        seatsTaken: 0,
        interestFormPath: `/interesse/${id}`,
        archivedOn: null,
        label: blankIsNone(input.label),
        senderName: blankIsNone(input.senderName),
        replyTo: blankIsNone(input.replyTo),
        deadlines: input.deadlines ? { ...input.deadlines } : defaultDeadlines(),
        reminders: input.reminders ? keptReminders(input.reminders) : defaultReminders(),
      };
      programmes.push(created);
      return wait({ ok: true, programme: programmeOut(created) });
    },

    changeProgrammeSettings(programmeId: string, input: ProgrammeInput): Promise<ProgrammeResult> {
      const index = programmes.findIndex((p) => p.id === programmeId);
      const current = programmes[index];
      if (!current) return wait({ ok: false, refusal: { code: 'NOT_FOUND', message: 'Not found', fields: [] } });
      const refused = teamOnly() ?? notArchived(current) ?? programmeRefusal(input, current.seatsTaken, currentLanguage());
      if (refused) return wait(refused);
      // Deadlines and reminders left out are kept.
      const changed = {
        ...current,
        ...input,
        name: input.name.trim(),
        label: sentOrKept(input.label, current.label),
        senderName: sentOrKept(input.senderName, current.senderName),
        replyTo: sentOrKept(input.replyTo, current.replyTo),
        deadlines: input.deadlines ? { ...input.deadlines } : current.deadlines,
        reminders: input.reminders ? keptReminders(input.reminders) : current.reminders,
      };
      programmes[index] = changed;
      return wait({ ok: true, programme: programmeOut(changed) });
    },

    archiveProgramme(programmeId: string): Promise<ProgrammeResult> {
      const index = programmes.findIndex((p) => p.id === programmeId);
      const current = programmes[index];
      if (!current) return wait({ ok: false, refusal: { code: 'NOT_FOUND', message: 'Not found', fields: [] } });
      const refused = teamOnly() ?? notArchived(current);
      if (refused) return wait(refused);
      const archived = { ...current, archivedOn: daysFromToday(0) };
      programmes[index] = archived;
      return wait({ ok: true, programme: programmeOut(archived) });
    },

    orderWaitingList(programmeId: string, municipalityIds: string[]): Promise<ProgrammeResult> {
      const current = programmes.find((p) => p.id === programmeId);
      if (!current) return wait({ ok: false, refusal: { code: 'NOT_FOUND', message: 'Not found', fields: [] } });
      const refused = teamOnly() ?? notArchived(current) ?? notTheWaitingList(programmeId, municipalityIds);
      if (refused) return wait(refused);
      waitingOrder = [...municipalityIds];
      for (const l of [...boardListeners]) l();
      return wait({ ok: true, programme: programmeOut(current) });
    },

    programmeForms(): Promise<PublicProgramme[]> {
      const language = currentLanguage();
      return wait(
        programmes.map((p): PublicProgramme => {
          const { open, notice } = formState(p, language);
          return { id: p.id, name: p.name, organisation: ORGANISATION, interestFormPath: p.interestFormPath, open, notice };
        }),
      );
    },

    people: () => (user.role === 'team' ? wait(people) : Promise.reject(new Error('FORBIDDEN'))),

    inviteUser(input: InviteInput): Promise<AccountResult> {
      const refused = teamOnlyAccount();
      if (refused) return wait(refused);
      const email = input.email.trim();
      if (people.some((a) => a.email?.toLowerCase() === email.toLowerCase())) {
        return wait(
          fieldRefusal(
            'INVALID_INPUT',
            'email',
            'taken',
            currentLanguage() === 'de'
              ? 'Unter dieser E-Mail-Adresse gibt es schon ein Konto.'
              : 'There is already an account with this email address.',
          ),
        );
      }
      const account: Account = {
        id: `u-invited-${String(people.length + 1)}`,
        name: input.name.trim(),
        email,
        role: input.role,
        active: true,
        municipalityId: null,
        municipalityName: null,
        replaced: false,
      };
      people.push(account);
      return wait({ ok: true, account });
    },

    resendInvitation(userId: string): Promise<AccountResult> {
      return changeAccount(userId, teamOnlyAccount(), (a) => a);
    },

    deactivateUser(userId: string): Promise<AccountResult> {
      const refused = notOwnAccount(
        userId,
        'Ihr eigenes Konto können Sie nicht deaktivieren.',
        'You cannot deactivate your own account.',
      );
      return changeAccount(userId, refused, (a) => ({ ...a, active: false }));
    },

    reactivateUser(userId: string): Promise<AccountResult> {
      return changeAccount(userId, teamOnlyAccount(), (a) => ({ ...a, active: true }));
    },

    changeUserRole(userId: string, role: InvitableRole): Promise<AccountResult> {
      const refused = notOwnAccount(
        userId,
        'Ihre eigene Rolle können Sie nicht ändern.',
        'You cannot change your own role.',
      );
      return changeAccount(userId, refused, (a) => ({ ...a, role }));
    },

    interestFormToken(): Promise<string> {
      return wait('stub-form-token');
    },

    submitInterest(input: InterestInput): Promise<SubmitResult<InterestField>> {
      // A filled honeypot is accepted silently and dropped, so bots learn nothing.
      if (input.website.trim() !== '') return wait({ ok: true });
      // A closed or archived programme refuses the form as a whole, with its notice.
      const programme = programmes.find((p) => p.id === input.programmeId);
      const state = programme ? formState(programme, currentLanguage()) : null;
      if (state?.code) {
        const refusal = new InterestRefused(state.code, state.notice ?? '');
        return new Promise((_, reject) => setTimeout(() => reject(refusal), latency));
      }
      const errors = validateInterest(input);
      return wait(errors.length ? { ok: false, errors } : { ok: true });
    },
  };
}
