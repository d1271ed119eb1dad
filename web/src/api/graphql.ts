// LotseApi over the server's GraphQL API (`schema.graphql`): plain `fetch` POSTs with JSON
// and the session cookie, and `boardChanged` over graphql-transport-ws (a minimal client
// below; it falls back to polling every 10 s when the socket cannot be held open).
//
// Mapping notes (see web/README.md): roles and languages are upper case in the schema,
// lower case here; a self-check answer is `rating: null` here and `notApplicable: true`
// there; the interest form's fields are renamed; times of the timeline arrive in UTC and
// are shown as local time like every other `IsoDateTime`.

import {
  FUNNEL_STAGES,
  STAGES,
  STAKEHOLDER_GROUPS,
  isLanguage,
  type InvitableRole,
  type Language,
  type Rating,
  type Role,
  type Stage,
  type StakeholderGroup,
  type ValidationCode,
  VALIDATION_CODES,
} from '../domain';
import { InterestRefused } from './types';
import type {
  Account,
  AccountResult,
  Answer,
  BoardChange,
  BoardData,
  BoardFilter,
  CommandRefusal,
  CommandResult,
  ContactPerson,
  CurrentUser,
  Duplicate,
  FieldError,
  FieldScore,
  FormAlertsResult,
  Framework,
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
  PersonDetails,
  Programme,
  ProgrammeInput,
  ProgrammeResult,
  PublicProgramme,
  SaveReceipt,
  SelfCheckDraft,
  SelfCheckRound,
  StepKey,
  SubmitResult,
  SubmitSelfCheckResult,
  Task,
  Unsubscribe,
  UpcomingDate,
} from './types';
import {
  AdmitDocument,
  ArchiveProgrammeDocument,
  ProgrammeFormsDocument,
  AssignContactPersonDocument,
  AssignNextStepDocument,
  AssignFacilitatorDocument,
  BoardChangedDocument,
  BoardDocument,
  CancelDialogueEventDocument,
  CancelInterviewDocument,
  CancelWorkshopDocument,
  ChangeProgrammeSettingsDocument,
  ChangeUserRoleDocument,
  ChooseFormAlertsDocument,
  CompleteDocument,
  CompleteNextStepDocument,
  CorrectContactDetailsDocument,
  CorrectDialogueEventDocument,
  CorrectInterviewDocument,
  CorrectProfileDocument,
  CorrectSubmitterDocument,
  CorrectSupportDocument,
  CorrectWorkshopDocument,
  CancelSupportDocument,
  CloseAsDuplicateDocument,
  DropNextStepDocument,
  EditNextStepDocument,
  MoveSupportDocument,
  CreateProgrammeDocument,
  DeactivateUserDocument,
  DeclineDocument,
  FacilitatorsDocument,
  FrameworksDocument,
  FunderDocument,
  InterestFormTokenDocument,
  InviteUserDocument,
  MeDocument,
  MoveDialogueEventDocument,
  MunicipalityDocument,
  MyTasksDocument,
  OrderWaitingListDocument,
  PeopleDocument,
  PlanDialogueEventDocument,
  PlanSupportDocument,
  ProgrammesDocument,
  PutOnHoldDocument,
  ReactivateUserDocument,
  RecordDialogueEventDocument,
  RecordInterviewDocument,
  RecordSupportDocument,
  RecordWorkshopDocument,
  RequestSignInDocument,
  ResendInvitationDocument,
  SaveAnswerDocument,
  ScheduleInterviewDocument,
  ScheduleWorkshopDocument,
  SelfCheckDocument,
  SignInDocument,
  SignOutDocument,
  StartSelfCheckDocument,
  SubmitInterestDocument,
  SubmitSelfCheckDocument,
  UpcomingDocument,
  WithdrawDocument,
  type AccountFieldsFragment,
  type DuplicateFieldsFragment,
  type BoardChangedSubscription,
  type BoardQuery,
  type FrameworkFieldsFragment,
  type FunderQuery,
  type Lang,
  type MeFieldsFragment,
  type MunicipalityFieldsFragment,
  type MunicipalityQuery,
  type PersonFieldsFragment,
  type ProgrammeFieldsFragment,
  type SelfCheckFieldsFragment,
  type Step,
  type TaskFieldsFragment,
  type TypedDocumentString,
  type UpcomingFieldsFragment,
  type UserRefFieldsFragment,
  type UserRole,
} from './generated';

// ---------------------------------------------------------------- transport

export interface GraphqlErrorOut {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    field?: string;
    reason?: string;
    fields?: { field: string; reason: string; message?: string }[];
  };
}

/** A GraphQL error answer; `code` is the server's `extensions.code`. */
export class ApiError extends Error {
  readonly code: string;
  readonly errors: GraphqlErrorOut[];
  constructor(errors: GraphqlErrorOut[], status?: number) {
    super(errors.map((e) => e.message).join('; ') || `HTTP ${String(status ?? '?')}`);
    this.name = 'ApiError';
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? (status ? `HTTP_${String(status)}` : 'NETWORK');
  }
}

export interface GraphqlApiOptions {
  /** Where the API answers; default `/graphql` on the page's origin. */
  endpoint?: string;
  /** The WebSocket for subscriptions; default `ws(s)://<host>/graphql/ws`. */
  wsEndpoint?: string;
  /** The interface language, sent with each request (texts of data come in it). */
  language?: () => Language;
  fetch?: typeof fetch;
  /** Board refresh interval while no subscription socket is open, in ms. */
  pollMs?: number;
  /**
   * Pauses before sending a journey command again after a transient failure (no answer,
   * a gateway error, BUSY or INTERNAL); default 0.4 s and 1.6 s. The command keeps its
   * `commandId`, so a command the server did record is not recorded twice.
   */
  retryDelaysMs?: number[];
}

/** Failures after which sending the same command again may succeed. */
const TRANSIENT = new Set(['NETWORK', 'BUSY', 'INTERNAL', 'HTTP_502', 'HTTP_503', 'HTTP_504']);

/** A random UUID (v4), also where `crypto.randomUUID` is missing (plain http off localhost). */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const LANGUAGE_COOKIE = 'lotse_lang';

function tellLanguage(language: Language) {
  // The server reads the language of a request from this cookie (before the account's).
  if (typeof document === 'undefined') return;
  const want = `${LANGUAGE_COOKIE}=${language}`;
  if (!document.cookie.split('; ').includes(want)) {
    document.cookie = `${want}; path=/; max-age=31536000; SameSite=Lax`;
  }
}

// ---------------------------------------------------------------- schema shapes

// The shapes of the answers come from `generated.ts` (`npm run codegen`, from
// operations.graphql checked against schema.graphql).
type UserRefOut = UserRefFieldsFragment;
type PersonOut = PersonFieldsFragment;
type TaskOut = TaskFieldsFragment;
type AnswerOut = SelfCheckFieldsFragment['answers'][number];
type SelfCheckOut = SelfCheckFieldsFragment;
type FrameworkOut = FrameworkFieldsFragment;
type MunicipalityOut = MunicipalityFieldsFragment;
type ProgrammeOut = MunicipalityQuery['programmes'][number];
type MeOut = MeFieldsFragment;
type UpcomingOut = UpcomingFieldsFragment;

/** Sends one operation; its variables and answer are typed by the document. */
type Request = <R, V>(document: TypedDocumentString<R, V>, variables: V) => Promise<R>;

/** Runs a journey command as its mutation; `commandId` makes a repeated send a duplicate. */
function sendCommand(request: Request, id: string, commandId: string, command: JourneyCommand): Promise<unknown> {
  const optional = (s: string) => (s.trim() === '' ? null : s.trim());
  /** A person's corrected details: no surrounding blanks, no empty phone. */
  const details = (d: PersonDetails) => ({ name: d.name.trim(), role: d.role.trim(), email: d.email.trim(), phone: optional(d.phone) });
  switch (command.kind) {
    case 'scheduleInterview':
      return request(ScheduleInterviewDocument, { id, commandId, at: command.at });
    case 'cancelInterview':
      return request(CancelInterviewDocument, { id, commandId, reason: command.reason });
    case 'recordInterview':
      return request(RecordInterviewDocument, {
        id,
        commandId,
        heldOn: command.heldOn,
        eligibility: command.eligibility,
        notes: optional(command.notes),
      });
    case 'admit':
      return request(AdmitDocument, { id, commandId });
    case 'putOnHold':
      return request(PutOnHoldDocument, { id, commandId, reason: command.reason });
    case 'decline':
      return request(DeclineDocument, { id, commandId, reason: command.reason });
    case 'closeAsDuplicate':
      return request(CloseAsDuplicateDocument, { id, commandId, ofId: command.ofId, merge: command.merge });
    case 'withdraw':
      return request(WithdrawDocument, { id, commandId, reason: command.reason });
    case 'completeNextStep':
      return request(CompleteNextStepDocument, { id, commandId, stepId: command.stepId });
    case 'editNextStep':
      return request(EditNextStepDocument, {
        id,
        commandId,
        stepId: command.stepId,
        what: command.what.trim(),
        who: command.who.trim(),
        due: command.due,
      });
    case 'assignNextStep':
      return request(AssignNextStepDocument, {
        id,
        commandId,
        stepId: command.stepId,
        to: command.to,
        userId: command.to === 'COLLEAGUE' ? command.userId : null,
      });
    case 'dropNextStep':
      return request(DropNextStepDocument, { id, commandId, stepId: command.stepId, reason: command.reason });
    case 'moveSupport':
      return request(MoveSupportDocument, {
        id,
        commandId,
        supportId: command.supportId,
        on: command.on,
        time: optional(command.time),
        place: optional(command.place),
      });
    case 'cancelSupport':
      return request(CancelSupportDocument, { id, commandId, supportId: command.supportId, reason: command.reason });
    case 'assignContactPerson': {
      const c = command.contact;
      return request(AssignContactPersonDocument, {
        id,
        commandId,
        contact: {
          name: c.name,
          role: c.role,
          email: c.email.trim(),
          phone: optional(c.phone),
          language: schemaLanguage(c.language),
        },
      });
    }
    case 'assignFacilitator':
      return request(AssignFacilitatorDocument, { id, commandId, facilitatorId: command.facilitatorId });
    case 'startSelfCheck':
      return request(StartSelfCheckDocument, { id, commandId });
    case 'scheduleWorkshop':
      return request(ScheduleWorkshopDocument, { id, commandId, at: command.at, place: command.place, invited: command.invited });
    case 'cancelWorkshop':
      return request(CancelWorkshopDocument, { id, commandId, reason: command.reason });
    case 'recordWorkshop':
      return request(RecordWorkshopDocument, {
        id,
        commandId,
        heldOn: command.heldOn,
        participants: command.participants,
        priorities: command.priorities,
        nextSteps: command.nextSteps,
        notes: optional(command.notes),
      });
    case 'planSupport':
      return request(PlanSupportDocument, {
        id,
        commandId,
        format: command.format,
        audience: command.audience,
        on: command.on,
        topic: command.topic,
        time: optional(command.time),
        place: optional(command.place),
      });
    case 'recordSupport':
      return request(RecordSupportDocument, {
        id,
        commandId,
        supportId: command.supportId,
        heldOn: command.heldOn,
        participants: command.participants,
        notes: optional(command.notes),
      });
    case 'planDialogueEvent':
      return request(PlanDialogueEventDocument, {
        id,
        commandId,
        format: command.format,
        at: command.at,
        place: command.place,
        topic: command.topic,
      });
    case 'moveDialogueEvent':
      return request(MoveDialogueEventDocument, {
        id,
        commandId,
        eventId: command.eventId,
        at: command.at,
        place: optional(command.place),
      });
    case 'cancelDialogueEvent':
      return request(CancelDialogueEventDocument, { id, commandId, eventId: command.eventId, reason: command.reason });
    case 'recordDialogueEvent': {
      const a = command.attendance;
      return request(RecordDialogueEventDocument, {
        id,
        commandId,
        eventId: command.eventId,
        heldOn: command.heldOn,
        attendance: {
          residents: a.RESIDENTS,
          administration: a.ADMINISTRATION,
          politics: a.POLITICS,
          business: a.BUSINESS,
          civilSociety: a.CIVIL_SOCIETY,
        },
        outcomes: optional(command.outcomes),
      });
    }
    case 'correctInterview':
      return request(CorrectInterviewDocument, {
        id,
        commandId,
        eligibility: command.eligibility,
        notes: optional(command.notes),
        reason: optional(command.reason),
      });
    case 'correctWorkshop':
      return request(CorrectWorkshopDocument, {
        id,
        commandId,
        participants: command.participants,
        priorities: command.priorities,
        notes: optional(command.notes),
        reason: optional(command.reason),
      });
    case 'correctSupport':
      return request(CorrectSupportDocument, {
        id,
        commandId,
        supportId: command.supportId,
        participants: command.participants,
        notes: optional(command.notes),
        reason: optional(command.reason),
      });
    case 'correctDialogueEvent': {
      const a = command.attendance;
      return request(CorrectDialogueEventDocument, {
        id,
        commandId,
        eventId: command.eventId,
        attendance: {
          residents: a.RESIDENTS,
          administration: a.ADMINISTRATION,
          politics: a.POLITICS,
          business: a.BUSINESS,
          civilSociety: a.CIVIL_SOCIETY,
        },
        outcomes: optional(command.outcomes),
        reason: optional(command.reason),
      });
    }
    case 'complete':
      return request(CompleteDocument, { id, commandId, learning: command.learning });
    case 'correctProfile':
      return request(CorrectProfileDocument, {
        id,
        commandId,
        name: command.name.trim(),
        bundesland: command.land,
        kind: command.municipalityKind,
        population: command.population,
        reason: optional(command.reason),
      });
    case 'correctSubmitter':
      return request(CorrectSubmitterDocument, { id, commandId, details: details(command.details), reason: optional(command.reason) });
    case 'correctContactDetails':
      return request(CorrectContactDetailsDocument, { id, commandId, details: details(command.details), reason: optional(command.reason) });
  }
}

/** The refusal in an error answer: code, message and field errors. */
export function refusalOf(e: ApiError): CommandRefusal {
  const first = e.errors[0];
  const fields: CommandRefusal['fields'] = [];
  for (const err of e.errors) {
    const ext = err.extensions;
    if (ext?.fields) {
      for (const f of ext.fields) fields.push({ field: f.field, reason: f.reason, message: f.message ?? err.message });
    } else if (ext?.field) {
      fields.push({ field: ext.field, reason: ext.reason ?? '', message: err.message });
    }
  }
  return { code: e.code, message: first?.message ?? e.message, fields };
}

/**
 * A programme refusal: as `refusalOf`, with the fields named like `ProgrammeInput`'s keys
 * (a field the server names `input.capacity` is `capacity` here).
 */
function programmeRefusal(e: ApiError): CommandRefusal {
  const r = refusalOf(e);
  return { ...r, fields: r.fields.map((f) => ({ ...f, field: f.field.replace(/^input\./, '') })) };
}

/** The settings as the server takes them: what is left out is kept. */
function programmeInput(input: ProgrammeInput) {
  return {
    ...input,
    name: input.name.trim(),
    label: input.label ?? null,
    senderName: input.senderName ?? null,
    replyTo: input.replyTo ?? null,
    deadlines: input.deadlines ?? null,
    reminders: input.reminders ?? null,
  };
}

function programme(p: ProgrammeFieldsFragment): Programme {
  return {
    id: p.id,
    name: p.name,
    capacity: p.capacity,
    seatsTaken: p.seatsTaken,
    participationMonths: p.participationMonths,
    minDialogueEvents: p.minDialogueEvents,
    interestFormPath: p.interestFormPath,
    framework: p.framework ? { id: p.framework.id, title: p.framework.title } : null,
    applicationsOpenOn: p.applicationsOpenOn,
    applicationsCloseOn: p.applicationsCloseOn,
    archivedOn: p.archivedOn,
    label: p.label ?? null,
    senderName: p.senderName ?? null,
    replyTo: p.replyTo ?? null,
    deadlines: { ...p.deadlines },
    reminders: {
      daysBefore: [...p.reminders.daysBefore],
      onDueDay: p.reminders.onDueDay,
      daysOverdue: [...p.reminders.daysOverdue],
    },
  };
}

function account(a: AccountFieldsFragment): Account {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    role: lower<Role>(a.role),
    active: a.active,
    municipalityId: a.municipalityId,
    municipalityName: a.municipalityName,
    replaced: a.replaced,
  };
}

function schemaRole(value: InvitableRole): UserRole {
  return value === 'team' ? 'TEAM' : value === 'facilitator' ? 'FACILITATOR' : 'FUNDER';
}

// ---------------------------------------------------------------- mapping helpers

/** Dates still to come (not held, from now on), soonest first. */
export function upcomingDates(m: UpcomingOut, now: string): UpcomingDate[] {
  const out: UpcomingDate[] = [];
  if (m.interview?.heldOn === null && !m.interview.cancelledOn) {
    out.push({ id: `${m.id}-interview`, at: m.interview.at, kind: 'INTERVIEW', title: m.name });
  }
  if (m.workshop?.heldOn === null && !m.workshop.cancelledOn) {
    out.push({ id: `${m.id}-workshop`, at: m.workshop.at, kind: 'WORKSHOP', title: m.name, place: m.workshop.place });
  }
  for (const s of m.support) {
    if (s.heldOn === null && !s.cancelledOn) out.push({ id: s.id, at: `${s.on}T00:00:00`, kind: 'SUPPORT', title: s.topic, allDay: true });
  }
  for (const e of m.dialogueEvents) {
    if (e.heldOn === null && e.cancelledOn === null) {
      out.push({ id: e.id, at: e.at, kind: 'DIALOGUE_EVENT', title: e.topic, place: e.place });
    }
  }
  const today = now.slice(0, 10);
  return out.filter((u) => u.at.slice(0, 10) >= today).sort((a, b) => a.at.localeCompare(b.at));
}

const pad = (n: number) => String(n).padStart(2, '0');

function localDate(d: Date): string {
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function localDateTime(d: Date): string {
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The last instant of a local calendar day, as an RFC 3339 instant in UTC. */
export function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

/** An RFC 3339 instant (with zone) as local `IsoDateTime`. */
function toLocal(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : localDateTime(d);
}

function lower<T extends string>(value: string): T {
  return value.toLowerCase() as T;
}

function role(value: MeOut['role']): Role {
  return lower<Role>(value);
}

/**
 * The web's key of a step the server offers. Typed against the schema's enum: a step the
 * server adds fails the type check here until it has a key.
 */
const STEP_KEYS: Record<Step, StepKey> = {
  SCHEDULE_INTERVIEW: 'scheduleInterview',
  CANCEL_INTERVIEW: 'cancelInterview',
  RECORD_INTERVIEW: 'recordInterview',
  ADMIT: 'admit',
  PUT_ON_HOLD: 'putOnHold',
  DECLINE: 'decline',
  CLOSE_AS_DUPLICATE: 'closeAsDuplicate',
  ASSIGN_CONTACT_PERSON: 'assignContactPerson',
  ASSIGN_FACILITATOR: 'assignFacilitator',
  START_SELF_CHECK: 'startSelfCheck',
  SAVE_SELF_CHECK_ANSWER: 'saveSelfCheckAnswer',
  SUBMIT_SELF_CHECK: 'submitSelfCheck',
  SCHEDULE_WORKSHOP: 'scheduleWorkshop',
  CANCEL_WORKSHOP: 'cancelWorkshop',
  RECORD_WORKSHOP: 'recordWorkshop',
  COMPLETE_NEXT_STEP: 'completeNextStep',
  EDIT_NEXT_STEP: 'editNextStep',
  ASSIGN_NEXT_STEP: 'assignNextStep',
  DROP_NEXT_STEP: 'dropNextStep',
  PLAN_SUPPORT: 'planSupport',
  MOVE_SUPPORT: 'moveSupport',
  CANCEL_SUPPORT: 'cancelSupport',
  RECORD_SUPPORT: 'recordSupport',
  PLAN_DIALOGUE_EVENT: 'planDialogueEvent',
  MOVE_DIALOGUE_EVENT: 'moveDialogueEvent',
  CANCEL_DIALOGUE_EVENT: 'cancelDialogueEvent',
  RECORD_DIALOGUE_EVENT: 'recordDialogueEvent',
  COMPLETE: 'complete',
  CORRECT_PROFILE: 'correctProfile',
  CORRECT_SUBMITTER: 'correctSubmitter',
  CORRECT_CONTACT_DETAILS: 'correctContactDetails',
  CORRECT_INTERVIEW: 'correctInterview',
  CORRECT_WORKSHOP: 'correctWorkshop',
  CORRECT_SUPPORT: 'correctSupport',
  CORRECT_DIALOGUE_EVENT: 'correctDialogueEvent',
  WITHDRAW: 'withdraw',
};

/** The steps the server offers, as the web's keys, in the server's order. */
export function stepKeys(steps: readonly Step[]): StepKey[] {
  return steps.map((step) => STEP_KEYS[step]);
}

function schemaLanguage(value: Language): Lang {
  return value === 'en' ? 'EN' : 'DE';
}

function language(value: string): Language {
  const l = value.toLowerCase();
  return isLanguage(l) ? l : 'de';
}

function person(ref: UserRefOut | null): Person | null {
  return ref ? { id: ref.id, name: ref.name ?? '' } : null;
}

function duplicate(d: DuplicateFieldsFragment): Duplicate {
  return { id: d.id, name: d.name, stage: d.stage, submittedOn: d.submittedOn };
}

function contactPerson(p: PersonOut, lang: Language, since: string): ContactPerson {
  return {
    name: p.name ?? '',
    role: p.role ?? '',
    email: p.email ?? '',
    phone: p.phone ?? null,
    language: lang,
    since,
    corrections: p.corrections.map((c) => ({
      at: toLocal(c.at),
      by: c.by,
      reason: c.reason ?? null,
      changes: c.changes.map((x) => ({ field: x.field, before: x.before, after: x.after })),
    })),
  };
}

function task(t: TaskOut): Task {
  return {
    key: t.key,
    municipalityId: t.municipalityId,
    municipalityName: t.municipalityName,
    kind: t.kind,
    assignee: t.assignee,
    due: t.due,
    state: t.done ? 'DONE' : 'OPEN',
    title: t.kind === 'NEXT_STEP' ? t.title : undefined,
  };
}

function answer(a: AnswerOut): Answer | undefined {
  if (a.notApplicable) return { rating: null, comment: a.comment ?? '', evidenceUrl: a.evidenceUrl ?? '' };
  if (a.level === null) return undefined;
  return { rating: a.level as Rating, comment: a.comment ?? '', evidenceUrl: a.evidenceUrl ?? '' };
}

function framework(f: FrameworkOut): Framework {
  return {
    id: f.id,
    version: f.version,
    title: f.title,
    description: f.description,
    fields: f.fields.map((x) => ({ ...x, indicators: x.indicators.map((i) => ({ ...i })) })),
  };
}

/** A round as the pages use it: answers and field scores by id. */
function selfCheckRound(c: SelfCheckOut): SelfCheckRound {
  const answers: SelfCheckRound['answers'] = {};
  for (const a of c.answers) {
    const mapped = answer(a);
    if (mapped) answers[a.indicatorId] = mapped;
  }
  const submitted = c.submittedOn !== null;
  return {
    round: c.round,
    startedOn: c.startedOn,
    submittedOn: c.submittedOn,
    overall: submitted ? c.overall : null,
    fieldScores: submitted ? Object.fromEntries(c.fields.map((f) => [f.fieldId, f.score])) : {},
    answers,
  };
}

/** The running self-check round (the last one), or null before the first. */
function currentRound(checks: SelfCheckOut[]): SelfCheckOut | null {
  return checks.reduce<SelfCheckOut | null>((a, c) => (a === null || c.round > a.round ? c : a), null);
}

const GROUP_FIELD: Record<StakeholderGroup, keyof NonNullable<MunicipalityOut['dialogueEvents'][number]['attendance']>> = {
  RESIDENTS: 'residents',
  ADMINISTRATION: 'administration',
  POLITICS: 'politics',
  BUSINESS: 'business',
  CIVIL_SOCIETY: 'civilSociety',
};

/** Interest form: the page's field names ← the schema's. */
const INTEREST_FIELD_OF: Record<string, InterestField> = {
  municipalityName: 'municipalityName',
  bundesland: 'land',
  kind: 'kind',
  population: 'population',
  name: 'submitterName',
  role: 'submitterRole',
  email: 'email',
  phone: 'phone',
  motivation: 'motivation',
  consentToContact: 'consent',
  language: 'language',
};

function validationCode(reason: string): ValidationCode {
  return (VALIDATION_CODES as readonly string[]).includes(reason) ? (reason as ValidationCode) : 'required';
}

/** Refusals of the interest form as a whole that the page shows with the server's message. */
const INTEREST_REFUSALS = new Set(['APPLICATIONS_CLOSED', 'APPLICATIONS_NOT_YET_OPEN', 'PROGRAMME_ARCHIVED', 'NOT_FOUND']);

// ---------------------------------------------------------------- the client

export function createGraphqlApi(options: GraphqlApiOptions = {}): LotseApi {
  const endpoint = options.endpoint ?? '/graphql';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const languageNow = options.language ?? (() => 'de');
  const pollMs = options.pollMs ?? 10_000;
  const retryDelaysMs = options.retryDelaysMs ?? [400, 1600];

  const request: Request = async <R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> => {
    tellLanguage(languageNow());
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
    } catch (e) {
      throw new ApiError([{ message: e instanceof Error ? e.message : String(e) }]);
    }
    let body: { data?: R | null; errors?: GraphqlErrorOut[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new ApiError([], response.status);
    }
    if (body.errors?.length) throw new ApiError(body.errors, response.status);
    if (!response.ok || body.data === undefined || body.data === null) {
      throw new ApiError([], response.status);
    }
    return body.data;
  };

  /**
   * Sends a command, again after a transient failure. One id for every attempt: if an
   * attempt was recorded but its answer got lost, the next one is a duplicate the server
   * acknowledges without recording it again. Refusals resolve as `ok: false`.
   */
  async function withRetries<R>(
    send: (commandId: string) => Promise<R>,
    refusal: (e: ApiError) => CommandRefusal,
  ): Promise<{ ok: true; value: R } | { ok: false; refusal: CommandRefusal }> {
    const commandId = newCommandId();
    for (let attempt = 0; ; attempt += 1) {
      try {
        return { ok: true, value: await send(commandId) };
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        const delay = retryDelaysMs[attempt];
        if (TRANSIENT.has(e.code) && delay !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        if (e.code === 'NETWORK' || e.code === 'INTERNAL' || e.code.startsWith('HTTP_')) throw e;
        return { ok: false, refusal: refusal(e) };
      }
    }
  }

  /**
   * Sends a command without a `commandId` once (sending it again after a lost answer could
   * do it twice, e.g. mail a second invitation). Refusals resolve as `ok: false`.
   */
  async function once<R>(send: () => Promise<R>): Promise<{ ok: true; value: R } | { ok: false; refusal: CommandRefusal }> {
    try {
      return { ok: true, value: await send() };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (TRANSIENT.has(e.code) || e.code.startsWith('HTTP_')) throw e;
      return { ok: false, refusal: refusalOf(e) };
    }
  }

  const accountResult = (
    result: { ok: true; value: AccountFieldsFragment } | { ok: false; refusal: CommandRefusal },
  ): AccountResult => (result.ok ? { ok: true, account: account(result.value) } : result);

  async function me(): Promise<MeOut | null> {
    try {
      return (await request(MeDocument, {})).me;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') return null;
      throw e;
    }
  }

  function currentUserOf(m: MeOut): CurrentUser {
    return {
      id: m.userId,
      name: m.name ?? '',
      role: role(m.role),
      language: language(m.language),
      ...(m.municipalityId ? { municipalityId: m.municipalityId } : {}),
      ...(m.tenantName ? { organisation: m.tenantName } : {}),
      ...(m.formAlerts ? { formAlerts: m.formAlerts } : {}),
    };
  }

  /** Starts the self-check round once, however many answers wait for it. */
  let starting: Promise<void> | null = null;
  function startSelfCheck(id: string): Promise<void> {
    starting ??= request(StartSelfCheckDocument, { id, commandId: newCommandId() })
      .then(
        () => undefined,
        (e: unknown) => {
          // Started meanwhile (another tab, or another answer): fine.
          if (e instanceof ApiError && e.code === 'SELF_CHECK_ALREADY_STARTED') return;
          throw e;
        },
      )
      .finally(() => {
        starting = null;
      });
    return starting;
  }

  /** The municipality whose self-check the viewer fills in (contact persons: their own). */
  let ownMunicipality: string | null = null;
  async function ownMunicipalityId(): Promise<string> {
    if (ownMunicipality) return ownMunicipality;
    const m = await me();
    if (!m?.municipalityId) throw new ApiError([{ message: 'no municipality', extensions: { code: 'FORBIDDEN' } }]);
    ownMunicipality = m.municipalityId;
    return ownMunicipality;
  }

  function municipalityDetail(m: MunicipalityOut, programmes: ProgrammeOut[]): MunicipalityDetail {
    const fw = programmes.find((p) => p.id === m.programmeId)?.framework ?? null;
    const fieldTitle = (id: string) => fw?.fields.find((f) => f.id === id)?.title ?? id;
    const rounds = [...m.selfChecks].sort((a, b) => a.round - b.round);
    const [first, second] = rounds;
    let selfCheck: MunicipalityDetail['selfCheck'] = null;
    if (first) {
      const ids = [...new Set([...first.fields, ...(second?.fields ?? [])].map((f) => f.fieldId))];
      const fields: FieldScore[] = ids.map((fieldId) => {
        const a = first.fields.find((f) => f.fieldId === fieldId);
        const b = second?.fields.find((f) => f.fieldId === fieldId);
        return {
          fieldId,
          title: a?.title ?? b?.title ?? fieldTitle(fieldId),
          first: first.submittedOn ? (a?.score ?? null) : null,
          second: second?.submittedOn ? (b?.score ?? null) : null,
          benchmark: a?.cohortMedian ?? null,
        };
      });
      selfCheck = {
        frameworkTitle: fw?.title ?? first.frameworkId,
        firstSubmittedOn: first.submittedOn,
        secondSubmittedOn: second?.submittedOn ?? null,
        overallFirst: first.submittedOn ? first.overall : null,
        overallSecond: second?.submittedOn ? second.overall : null,
        fields,
        outline: (fw?.fields ?? []).map((f) => ({
          id: f.id,
          title: f.title,
          indicators: f.indicators.map((i) => ({ id: i.id, title: i.title })),
        })),
        rounds: rounds.map(selfCheckRound),
      };
    }
    return {
      id: m.id,
      name: m.name,
      land: m.bundesland,
      kind: m.kind,
      population: m.population,
      stage: m.stage,
      daysInStage: m.daysInStage,
      waitingListPlace: m.waitingListPlace,
      availableSteps: stepKeys(m.availableSteps),
      interestOn: m.submittedOn,
      admittedOn: m.admittedOn,
      windowEndsOn: m.windowEndsOn,
      motivation: m.motivation ?? '',
      contact: m.contact ? contactPerson(m.contact.person, language(m.contact.language), m.contact.since) : null,
      facilitator: person(m.facilitator),
      submitter: m.submitter ? contactPerson(m.submitter, 'de', m.submittedOn) : null,
      timeline: m.timeline.map((e) => ({
        id: `${m.id}-${String(e.version)}`,
        at: toLocal(e.at),
        type: e.eventType,
        actor: e.by,
        detail: e.text || undefined,
      })),
      tasks: m.tasks.map(task),
      selfCheck,
      workshop: m.workshop
        ? {
            at: m.workshop.at,
            place: m.workshop.place,
            facilitator: m.workshop.facilitator.name ?? '',
            held: m.workshop.heldOn !== null,
            heldOn: m.workshop.heldOn,
            participants: m.workshop.heldOn !== null ? m.workshop.participants : null,
            priorities: m.workshop.priorities.map(fieldTitle),
            notes: m.workshop.notes,
            cancelledOn: m.workshop.cancelledOn,
            cancellationReason: m.workshop.cancellationReason,
            actionPlan: m.nextSteps.map((s) => ({
              id: s.id,
              what: s.what,
              who: s.who,
              due: s.due,
              done: s.doneOn !== null,
              droppedOn: s.droppedOn,
              dropReason: s.dropReason,
              owner: s.owner,
              ownerUser: person(s.ownerUser),
            })),
          }
        : null,
      interview: m.interview
        ? {
            at: m.interview.at,
            interviewer: m.interview.interviewer.name ?? '',
            heldOn: m.interview.heldOn,
            eligibility:
              m.interview.heldOn !== null
                ? {
                    decisionMakersSupport: m.interview.decisionMakersSupport ?? false,
                    contactPersonNamed: m.interview.contactPersonNamed ?? false,
                    sharesLearning: m.interview.sharesLearning ?? false,
                  }
                : null,
            notes: m.interview.notes,
            cancelledOn: m.interview.cancelledOn,
            cancellationReason: m.interview.cancellationReason,
          }
        : null,
      decisionReason: m.decisionReason,
      completedOn: m.completedOn,
      learning: m.learning,
      withdrawnOn: m.withdrawnOn,
      withdrawalReason: m.withdrawalReason,
      fieldsOfAction: fw?.fields.map((f) => ({ id: f.id, title: f.title })) ?? [],
      possibleDuplicates: m.possibleDuplicates.map(duplicate),
      duplicateOf: m.duplicateOf ? duplicate(m.duplicateOf) : null,
      programmeLabel: m.programmeLabel ?? null,
      mergedForms: m.mergedForms.map((f) => ({
        fromId: f.fromId,
        submittedOn: f.submittedOn,
        mergedOn: f.mergedOn,
        submitter: f.submitter && {
          name: f.submitter.name ?? null,
          role: f.submitter.role ?? null,
          email: f.submitter.email ?? null,
          phone: f.submitter.phone ?? null,
          erased: f.submitter.erased,
        },
        motivation: f.motivation ?? null,
      })),
      colleagues: m.colleagues.map((u) => ({ id: u.id, name: u.name ?? '' })),
      support: m.support.map((s) => ({
        id: s.id,
        format: s.format,
        audience: s.audience,
        on: s.on,
        time: s.time,
        place: s.place,
        topic: s.topic,
        held: s.heldOn !== null,
        participants: s.heldOn !== null ? s.participants : null,
        notes: s.notes,
        cancelledOn: s.cancelledOn,
        cancellationReason: s.cancellationReason,
      })),
      dialogueEvents: m.dialogueEvents.map((e) => {
        const att = e.attendance;
        return {
          id: e.id,
          format: e.format,
          at: e.at,
          place: e.place,
          topic: e.topic,
          held: e.heldOn !== null,
          attendance: att
            ? (Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g, att[GROUP_FIELD[g]]])) as Record<
                StakeholderGroup,
                number
              >)
            : null,
          outcomes: e.outcomes ?? undefined,
          cancelledOn: e.cancelledOn,
          cancellationReason: e.cancellationReason,
        };
      }),
    };
  }

  // ------------------------------------------------------------ board subscription

  const boardListeners = new Set<(change?: BoardChange) => void>();
  let socket: BoardSocket | null = null;

  function boardChanged(change?: BoardChange) {
    for (const l of [...boardListeners]) l(change);
  }

  function startBoardSocket() {
    socket ??= openBoardSocket(options.wsEndpoint ?? defaultWsEndpoint(endpoint), boardChanged, pollMs);
  }

  function stopBoardSocket() {
    socket?.close();
    socket = null;
  }

  return {
    async currentUser() {
      const m = await me();
      return m ? currentUserOf(m) : null;
    },

    async requestSignInLink(email) {
      try {
        await request(RequestSignInDocument, { email });
      } catch {
        // Resolves the same either way: the page must not tell whether the address is known.
      }
    },

    async signIn(token) {
      ownMunicipality = null;
      const data = await request(SignInDocument, { token });
      return currentUserOf(data.signIn);
    },

    async signOut() {
      ownMunicipality = null;
      stopBoardSocket();
      await request(SignOutDocument, {});
    },

    async chooseFormAlerts(alerts): Promise<FormAlertsResult> {
      const result = await withRetries((commandId) => request(ChooseFormAlertsDocument, { alerts, commandId }), refusalOf);
      return result.ok ? { ok: true, alerts: result.value.chooseFormAlerts } : result;
    },

    async board(filter: BoardFilter, asOf?: string, programmeId?: string): Promise<BoardData> {
      let data: BoardQuery;
      try {
        data = await request(BoardDocument, {
          programmeId: programmeId ?? null,
          bundesland: filter.land ?? null,
          stage: filter.stage ?? null,
          facilitatorId: filter.facilitator ?? null,
          asOf: asOf ? endOfDay(asOf) : null,
        });
      } catch (e) {
        // Nothing had been recorded by the end of that day: an empty board.
        if (asOf && e instanceof ApiError && e.code === 'NOT_FOUND') return { programmeId: programmeId ?? null, cards: [], facilitators: [] };
        throw e;
      }
      const facilitators = new Map<string, Person>();
      for (const m of data.municipalities) {
        if (m.facilitator?.name) facilitators.set(m.facilitator.id, { id: m.facilitator.id, name: m.facilitator.name });
      }
      return {
        programmeId: data.board.programmeId,
        cards: data.board.columns.flatMap((c) =>
          c.cards.map((card) => ({
            id: card.id,
            name: card.name,
            land: card.bundesland,
            stage: card.stage,
            daysInStage: card.daysInStage,
            facilitator: person(card.facilitator),
            overdue: card.overdue,
            availableSteps: stepKeys(card.availableSteps),
            possibleDuplicates: card.possibleDuplicates.map((d) => ({ id: d.id, name: d.name })),
            waitingListPlace: card.waitingListPlace,
          })),
        ),
        facilitators: [...facilitators.values()].sort((a, b) => a.name.localeCompare(b.name, 'de')),
      };
    },

    subscribeBoard(onChange): Unsubscribe {
      boardListeners.add(onChange);
      startBoardSocket();
      return () => {
        boardListeners.delete(onChange);
        if (boardListeners.size === 0) stopBoardSocket();
      };
    },

    async municipality(id, asOf) {
      try {
        const data = await request(MunicipalityDocument, { id, asOf: asOf ? endOfDay(asOf) : null });
        return municipalityDetail(data.municipality, data.programmes);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'NOT_FOUND') return null;
        throw e;
      }
    },

    async myTasks(): Promise<MyTasks> {
      const data = await request(MyTasksDocument, {});
      const tasks = data.myTasks.map(task).sort((a, b) => a.due.localeCompare(b.due));
      // Upcoming dates: the schema has no list of its own, so they are read from the
      // contact person's municipality (interview, workshop, formats, dialogue events).
      const own = data.me.municipalityId;
      if (!own) return { tasks, upcoming: [] };
      const m = await request(UpcomingDocument, { id: own });
      return { tasks, upcoming: upcomingDates(m.municipality, localDateTime(new Date())) };
    },

    async runCommand(municipalityId: string, command: JourneyCommand): Promise<CommandResult> {
      const result = await withRetries((commandId) => sendCommand(request, municipalityId, commandId, command), refusalOf);
      return result.ok ? { ok: true } : result;
    },

    async facilitators() {
      // Active facilitators and team members of the tenant (team only).
      const data = await request(FacilitatorsDocument, {});
      return data.facilitators
        .filter((f): f is UserRefOut & { name: string } => Boolean(f.name))
        .map((f) => ({ id: f.id, name: f.name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    },

    async selfCheck(): Promise<SelfCheckDraft> {
      const id = await ownMunicipalityId();
      const data = await request(SelfCheckDocument, { id });
      const m = data.municipality;
      const fw = data.programmes.find((p) => p.id === m.programmeId)?.framework ?? data.programmes[0]?.framework;
      if (!fw) throw new ApiError([{ message: 'no self-check framework', extensions: { code: 'NOT_FOUND' } }]);
      const current = currentRound(m.selfChecks);
      const rounds = [...m.selfChecks].sort((a, b) => a.round - b.round).map(selfCheckRound);
      return {
        municipalityId: m.id,
        municipalityName: m.name,
        round: current?.round ?? 1,
        framework: framework(fw),
        answers: current ? selfCheckRound(current).answers : {},
        submittedOn: current?.submittedOn ?? null,
        submitted: rounds.filter((r) => r.submittedOn !== null),
        availableSteps: stepKeys(m.availableSteps),
      };
    },

    async saveSelfCheckAnswer(indicatorId, a): Promise<SaveReceipt> {
      const id = await ownMunicipalityId();
      const save = () =>
        request(SaveAnswerDocument, {
          id,
          answer: {
            indicatorId,
            level: a.rating,
            notApplicable: a.rating === null,
            comment: a.comment.trim() || null,
            evidenceUrl: a.evidenceUrl.trim() || null,
          },
        });
      try {
        await save();
      } catch (e) {
        // The first answer starts the self-check round (the schema has a command for it).
        if (!(e instanceof ApiError) || e.code !== 'SELF_CHECK_NOT_STARTED') throw e;
        await startSelfCheck(id);
        await save();
      }
      return { savedAt: localDateTime(new Date()) };
    },

    async submitSelfCheck(): Promise<SubmitSelfCheckResult> {
      const id = await ownMunicipalityId();
      const data = await request(SubmitSelfCheckDocument, { id });
      const done = data.submitSelfCheck.selfChecks
        .filter((c) => c.submittedOn)
        .sort((a, b) => b.round - a.round)[0];
      return {
        submittedOn: done?.submittedOn ?? localDate(new Date()),
        overall: done?.overall ?? null,
        fields: (done?.fields ?? []).map((f) => ({ fieldId: f.fieldId, score: f.score })),
      };
    },

    async funderDashboard(asOf?: string, programmeId?: string): Promise<FunderDashboard | null> {
      interface Count { stage: Stage; count: number }
      let data: FunderQuery;
      try {
        data = await request(FunderDocument, { programmeId: programmeId ?? null, asOf: asOf ? endOfDay(asOf) : null });
      } catch (e) {
        // Nothing of the programme had been recorded by the end of that day.
        if (asOf && e instanceof ApiError && e.code === 'NOT_FOUND') return null;
        throw e;
      }
      const s = data.funderStats;
      const programme = data.programmes.find((p) => p.id === s.programmeId) ?? data.programmes[0];
      const countOf = (list: Count[], stage: Stage) => list.find((c) => c.stage === stage)?.count ?? 0;
      const attendance = Object.fromEntries(
        STAKEHOLDER_GROUPS.map((g) => [g, s.attendance.find((a) => a.group === g)?.total ?? 0]),
      ) as Record<StakeholderGroup, number>;
      return {
        programmeTitle: programme?.name ?? '',
        asOf: asOf ?? localDate(new Date()),
        capacity: s.capacity,
        seatsTaken: s.seatsTaken,
        stages: STAGES.map((stage) => ({
          stage,
          current: countOf(s.stageCounts, stage),
          reached: (FUNNEL_STAGES as readonly Stage[]).includes(stage)
            ? countOf(s.funnel, stage)
            : countOf(s.stageCounts, stage),
        })),
        medianDays: s.medianDays.map((d) => ({ stage: d.stage, medianDays: d.medianDays })),
        window: { ...s.window },
        scores: s.scores.map((f) => ({
          fieldId: f.fieldId,
          title: f.title,
          first: f.firstMedian,
          second: f.secondMedian,
          change: f.changeMedian,
          firstCount: f.firstCount,
          secondCount: f.secondCount,
        })),
        attendance,
        dialogueEventsHeld: s.dialogueEventsHeld,
        byLand: s.byBundesland.map((l) => ({ land: l.bundesland, all: l.all, admitted: l.admitted })),
        bySize: s.bySizeClass.map((c) => ({ sizeClass: c.sizeClass, all: c.all, admitted: c.admitted })),
      };
    },

    async programmes(): Promise<Programme[]> {
      const data = await request(ProgrammesDocument, {});
      return data.programmes.map(programme);
    },

    async frameworks(): Promise<FrameworkChoice[]> {
      const data = await request(FrameworksDocument, {});
      return data.frameworks.map((f) => ({ id: f.id, version: f.version, title: f.title, description: f.description }));
    },

    async createProgramme(input: ProgrammeInput): Promise<ProgrammeResult> {
      const result = await withRetries(
        (commandId) => request(CreateProgrammeDocument, { input: programmeInput(input), commandId }),
        programmeRefusal,
      );
      return result.ok ? { ok: true, programme: programme(result.value.createProgramme) } : result;
    },

    async changeProgrammeSettings(programmeId: string, input: ProgrammeInput): Promise<ProgrammeResult> {
      const result = await withRetries(
        (commandId) =>
          request(ChangeProgrammeSettingsDocument, { id: programmeId, input: programmeInput(input), commandId }),
        programmeRefusal,
      );
      return result.ok ? { ok: true, programme: programme(result.value.changeProgrammeSettings) } : result;
    },

    async archiveProgramme(programmeId: string): Promise<ProgrammeResult> {
      const result = await withRetries(
        (commandId) => request(ArchiveProgrammeDocument, { id: programmeId, commandId }),
        programmeRefusal,
      );
      return result.ok ? { ok: true, programme: programme(result.value.archiveProgramme) } : result;
    },

    async orderWaitingList(programmeId: string, municipalityIds: string[]): Promise<ProgrammeResult> {
      const result = await withRetries(
        (commandId) => request(OrderWaitingListDocument, { id: programmeId, municipalityIds, commandId }),
        refusalOf,
      );
      return result.ok ? { ok: true, programme: programme(result.value.orderWaitingList) } : result;
    },

    async people(): Promise<Account[]> {
      const data = await request(PeopleDocument, {});
      return data.people.map(account);
    },

    async inviteUser(input: InviteInput): Promise<AccountResult> {
      const result = await withRetries(
        (commandId) =>
          request(InviteUserDocument, {
            role: schemaRole(input.role),
            name: input.name.trim(),
            email: input.email.trim(),
            language: schemaLanguage(input.language),
            commandId,
          }).then((d) => d.inviteUser),
        refusalOf,
      );
      return accountResult(result);
    },

    async resendInvitation(userId: string): Promise<AccountResult> {
      return accountResult(await once(() => request(ResendInvitationDocument, { userId }).then((d) => d.resendInvitation)));
    },

    async deactivateUser(userId: string): Promise<AccountResult> {
      const result = await withRetries(
        (commandId) => request(DeactivateUserDocument, { userId, commandId }).then((d) => d.deactivateUser),
        refusalOf,
      );
      return accountResult(result);
    },

    async reactivateUser(userId: string): Promise<AccountResult> {
      const result = await withRetries(
        (commandId) => request(ReactivateUserDocument, { userId, commandId }).then((d) => d.reactivateUser),
        refusalOf,
      );
      return accountResult(result);
    },

    async changeUserRole(userId: string, role: InvitableRole): Promise<AccountResult> {
      const result = await withRetries(
        (commandId) => request(ChangeUserRoleDocument, { userId, role: schemaRole(role), commandId }).then((d) => d.changeUserRole),
        refusalOf,
      );
      return accountResult(result);
    },

    async programmeForms(): Promise<PublicProgramme[]> {
      const data = await request(ProgrammeFormsDocument, {});
      return data.programmeForms.map((p) => ({ ...p, notice: p.notice ?? null }));
    },

    async interestFormToken() {
      const data = await request(InterestFormTokenDocument, {});
      return data.interestFormToken;
    },

    async submitInterest(input: InterestInput): Promise<SubmitResult<InterestField>> {
      const population = Number.parseInt(input.population.replace(/[.\s]/g, ''), 10);
      try {
        await request(SubmitInterestDocument, {
          input: {
            programmeId: input.programmeId ?? null,
            municipalityName: input.municipalityName,
            bundesland: input.land || null,
            kind: input.kind || null,
            population: Number.isFinite(population) ? population : null,
            name: input.submitterName,
            role: input.submitterRole,
            email: input.email,
            phone: input.phone.trim() || null,
            motivation: input.motivation,
            consentToContact: input.consent,
            language: schemaLanguage(input.language),
            website: input.website,
            formToken: input.formToken ?? null,
          },
        });
        return { ok: true };
      } catch (e) {
        // The form is closed (outside its period, archived): the server says why.
        if (e instanceof ApiError && INTEREST_REFUSALS.has(e.code)) {
          throw new InterestRefused(e.code, e.errors[0]?.message ?? e.message);
        }
        if (!(e instanceof ApiError) || e.code !== 'INVALID_INPUT') throw e;
        const errors: FieldError<InterestField>[] = [];
        for (const err of e.errors) {
          const list = err.extensions?.fields ?? (err.extensions?.field ? [{ field: err.extensions.field, reason: err.extensions.reason ?? '' }] : []);
          for (const f of list) {
            const field = INTEREST_FIELD_OF[f.field];
            if (field) errors.push({ field, code: validationCode(f.reason) });
          }
        }
        // Refusals not tied to a field (e.g. a form sent too fast) fail as a whole.
        if (!errors.length) throw e;
        return { ok: false, errors };
      }
    },
  };
}

// ---------------------------------------------------------------- graphql-transport-ws

interface BoardSocket {
  close(): void;
}

function defaultWsEndpoint(endpoint: string): string {
  if (typeof location === 'undefined') return 'ws://127.0.0.1:8080/graphql/ws';
  const url = new URL(endpoint, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/$/, '')}/ws`;
  return url.toString();
}

/**
 * Subscribes to `boardChanged` (graphql-transport-ws: connection_init → connection_ack →
 * subscribe → next…). While the socket is down it polls (`onChange` every `pollMs`) and
 * tries to reconnect with a growing delay.
 */
function openBoardSocket(url: string, onChange: (change?: BoardChange) => void, pollMs: number): BoardSocket {
  let closed = false;
  let ws: WebSocket | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;

  const startPolling = () => {
    poll ??= setInterval(() => onChange(), pollMs);
  };
  const stopPolling = () => {
    if (poll) clearInterval(poll);
    poll = null;
  };

  const connect = () => {
    if (closed) return;
    if (typeof WebSocket === 'undefined') {
      startPolling();
      return;
    }
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, 'graphql-transport-ws');
    } catch {
      startPolling();
      return;
    }
    ws = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    socket.onmessage = (ev: MessageEvent) => {
      let msg: { type?: string; id?: string; payload?: { data?: Partial<BoardChangedSubscription> } };
      try {
        msg = JSON.parse(String(ev.data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.type === 'connection_ack') {
        const reconnected = attempts > 0;
        attempts = 0;
        stopPolling();
        socket.send(
          JSON.stringify({
            id: 'board',
            type: 'subscribe',
            payload: { query: BoardChangedDocument.toString() },
          }),
        );
        // Whatever changed while the socket was down.
        if (reconnected) onChange();
      } else if (msg.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      } else if (msg.type === 'next' && msg.id === 'board') {
        onChange(msg.payload?.data?.boardChanged);
      } else if (msg.type === 'error' || msg.type === 'complete') {
        // Not allowed (e.g. signed out): fall back to polling.
        startPolling();
      }
    };
    socket.onclose = () => {
      if (ws === socket) ws = null;
      if (closed) return;
      startPolling();
      attempts += 1;
      retry = setTimeout(connect, Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6)));
    };
  };

  connect();
  return {
    close() {
      closed = true;
      stopPolling();
      if (retry) clearTimeout(retry);
      if (ws && ws.readyState <= 1) ws.close(1000);
      ws = null;
    },
  };
}
