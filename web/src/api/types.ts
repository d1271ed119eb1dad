// The contract between the pages and the data layer. Today `stub/` implements it with
// sample data; the GraphQL client (urql + graphql-ws) will implement the same interface,
// so pages and hooks do not change. Dates are ISO strings as GraphQL sends them:
// `IsoDate` = "2026-11-22", `IsoDateTime` = "2026-11-22T14:30:00" (local, no zone,
// the API's LocalDateTime scalar).
//
// Enum codes are the schema's (Stage, Bundesland, …); their labels come from the i18n
// files. Texts that are data (framework, field and indicator titles, help texts) arrive
// already in the interface language: the hooks refetch when the language changes, and
// the GraphQL client sends the language with each request. Language codes are lower
// case here ('de' | 'en'), upper case in the schema (Lang.DE | Lang.EN); likewise roles.

import type {
  Assignee,
  Audience,
  Bundesland,
  DialogueFormat,
  FormAlerts,
  InvitableRole,
  Language,
  MunicipalityKind,
  Rating,
  Role,
  SizeClass,
  Stage,
  StakeholderGroup,
  StepOwner,
  SupportFormat,
  TaskKind,
  TaskState,
  ValidationCode,
} from '../domain';
import type { DeadlinesInput, RemindersInput } from './generated';

export type IsoDate = string;
export type IsoDateTime = string;
export type Unsubscribe = () => void;

// ---------------------------------------------------------------- session

export interface CurrentUser {
  id: string;
  name: string;
  role: Role;
  language: Language;
  /** For contact persons: their municipality. */
  municipalityId?: string;
  /** The organisation the person works for or with (the tenant), shown in the header. */
  organisation?: string;
  /** For team members: how they hear of new interest forms ("Benachrichtigungen"). */
  formAlerts?: FormAlerts;
}

/** The choice of how to hear of new interest forms, as the server kept it, or its refusal. */
export type FormAlertsResult = { ok: true; alerts: FormAlerts } | { ok: false; refusal: CommandRefusal };

// ---------------------------------------------------------------- steps

/**
 * A step of a municipality's journey (the schema's enum `Step`, in camelCase). Which steps
 * the viewer can take now is the server's answer (`availableSteps` on pages and board
 * cards: the domain's rules and the viewer's rights, in journey order, empty in a past
 * view); the web only shows them.
 */
export type StepKey =
  | 'scheduleInterview'
  | 'cancelInterview'
  | 'recordInterview'
  | 'admit'
  | 'putOnHold'
  | 'decline'
  | 'closeAsDuplicate'
  | 'assignContactPerson'
  | 'assignFacilitator'
  | 'startSelfCheck'
  | 'saveSelfCheckAnswer'
  | 'submitSelfCheck'
  | 'scheduleWorkshop'
  | 'cancelWorkshop'
  | 'recordWorkshop'
  | 'completeNextStep'
  | 'editNextStep'
  | 'assignNextStep'
  | 'dropNextStep'
  | 'planSupport'
  | 'moveSupport'
  | 'cancelSupport'
  | 'recordSupport'
  | 'planDialogueEvent'
  | 'moveDialogueEvent'
  | 'cancelDialogueEvent'
  | 'recordDialogueEvent'
  | 'complete'
  | 'correctProfile'
  | 'correctSubmitter'
  | 'correctContactDetails'
  | 'correctInterview'
  | 'correctWorkshop'
  | 'correctSupport'
  | 'correctDialogueEvent'
  | 'withdraw';

// ---------------------------------------------------------------- board

export interface Person {
  id: string;
  name: string;
}

export interface BoardFilter {
  land?: Bundesland | undefined;
  stage?: Stage | undefined;
  facilitator?: string | undefined;
}

export interface BoardCard {
  id: string;
  name: string;
  land: Bundesland;
  stage: Stage;
  /** Whole days since the municipality entered its stage. */
  daysInStage: number;
  facilitator: Person | null;
  /** At least one open task is past its due date. */
  overdue: boolean;
  /** The steps the viewer can take now, as the server says (see `StepKey`). */
  availableSteps: StepKey[];
  /** For the team: municipalities whose interest form looks like this one sent again. */
  possibleDuplicates: { id: string; name: string }[];
  /** Its place on the programme's waiting list (1 is admitted next), null when not waiting. */
  waitingListPlace: number | null;
}

export interface BoardData {
  /** The programme whose board it is (null when nothing had been recorded on the day shown). */
  programmeId: string | null;
  /** Cards matching the filter, in no particular order (the page groups them by stage). */
  cards: BoardCard[];
  /** Everyone who can be chosen in the facilitator filter. */
  facilitators: Person[];
}

// ---------------------------------------------------------------- municipality

export interface ContactPerson {
  name: string;
  role: string;
  email: string;
  phone: string | null;
  language: Language;
  since: IsoDate;
  /** Every correction of these details, oldest first (absent in older sample data). */
  corrections?: DetailsCorrection[] | undefined;
}

/** One correction of a person's details: when, by whom, why, and each field that changed. */
export interface DetailsCorrection {
  at: IsoDateTime;
  by: string;
  reason: string | null;
  /** `field` is the field's label, already in the interface language; empty values: none. */
  changes: { field: string; before: string; after: string }[];
}

export interface TimelineEntry {
  id: string;
  at: IsoDateTime;
  /** Event type as stored, e.g. "InterviewHeld"; the label comes from i18n `event.<type>`. */
  type: string;
  actor: string;
  /** Optional one-line detail, already in the language the user entered it. */
  detail?: string | undefined;
}

export interface Task {
  key: string;
  municipalityId: string;
  municipalityName: string;
  kind: TaskKind;
  assignee: Assignee;
  due: IsoDate;
  state: TaskState;
  /** For next steps of the action plan: what to do. */
  title?: string | undefined;
}

export interface FieldScore {
  fieldId: string;
  title: string;
  /** 0–100, null when no indicator of the field was answered. */
  first: number | null;
  second: number | null;
  /** Cohort median, present only when at least five municipalities have submitted. */
  benchmark: number | null;
}

/**
 * One round of a municipality's self-check: the first, or a later one started after the
 * workshop (the server decides whether another round is possible: `startSelfCheck` among
 * the available steps).
 */
export interface SelfCheckRound {
  round: number;
  startedOn: IsoDate;
  /** Null while the round is running (its answers are a draft). */
  submittedOn: IsoDate | null;
  /** 0–100; null while running or when nothing was rated. */
  overall: number | null;
  /** Field scores of a submitted round (0–100, null when no indicator was rated), by field id. */
  fieldScores: Partial<Record<string, number | null>>;
  /** The answers, by indicator id. */
  answers: Partial<Record<string, Answer>>;
}

/** A field of action with its indicators' titles, as the framework orders them. */
export interface OutlineField {
  id: string;
  title: string;
  indicators: { id: string; title: string }[];
}

export interface SelfCheckResults {
  frameworkTitle: string;
  firstSubmittedOn: IsoDate | null;
  secondSubmittedOn: IsoDate | null;
  overallFirst: number | null;
  overallSecond: number | null;
  fields: FieldScore[];
  /** The framework's fields of action and indicators, in its order (for the answers). */
  outline: OutlineField[];
  /** Every round started, oldest first; the last may be running. */
  rounds: SelfCheckRound[];
}

export interface PlannedStep {
  id: string;
  what: string;
  who: string;
  due: IsoDate;
  done: boolean;
  /** The day it was dropped from the plan (nobody is asked to do it); null or absent while it stands. */
  droppedOn?: IsoDate | null | undefined;
  /** Why it was dropped. */
  dropReason?: string | null | undefined;
  /** Who gets its task and reminders in Lotse (absent in older sample data: the contact person). */
  owner?: StepOwner | undefined;
  /** The colleague it was given to (for `COLLEAGUE`). */
  ownerUser?: Person | null | undefined;
}

export interface Workshop {
  at: IsoDateTime;
  heldOn?: IsoDate | null | undefined;
  place: string;
  facilitator: string;
  held: boolean;
  participants: number | null;
  /** Titles of the fields of action chosen as priorities. */
  priorities: string[];
  /** What was noted when it was recorded (absent in older sample data). */
  notes?: string | null | undefined;
  actionPlan: PlannedStep[];
  /** The day it was cancelled (it will not take place); null or absent while it stands. */
  cancelledOn?: IsoDate | null | undefined;
  /** Why it was cancelled. */
  cancellationReason?: string | null | undefined;
}

export interface SupportItem {
  id: string;
  format: SupportFormat;
  audience: Audience;
  on: IsoDate;
  /** When it starts ("16:00"), if a time was given; then the contact person is invited. */
  time?: string | null | undefined;
  /** Where it takes place, if given. */
  place?: string | null | undefined;
  topic: string;
  held: boolean;
  participants: number | null;
  /** What was noted when it was recorded (absent in older sample data). */
  notes?: string | null | undefined;
  /** The day it was cancelled (it will not take place); null or absent while it stands. */
  cancelledOn?: IsoDate | null | undefined;
  /** Why it was cancelled. */
  cancellationReason?: string | null | undefined;
}

export type Attendance = Record<StakeholderGroup, number>;

export interface DialogueEvent {
  id: string;
  format: DialogueFormat;
  at: IsoDateTime;
  place: string;
  topic: string;
  held: boolean;
  attendance: Attendance | null;
  outcomes?: string | undefined;
  /** The day it was cancelled (it will not take place); null or absent while it stands. */
  cancelledOn?: IsoDate | null | undefined;
  /** Why it was cancelled. */
  cancellationReason?: string | null | undefined;
}

export interface Eligibility {
  decisionMakersSupport: boolean;
  contactPersonNamed: boolean;
  sharesLearning: boolean;
}

export interface Interview {
  at: IsoDateTime;
  interviewer: string;
  heldOn: IsoDate | null;
  /** The three criteria as recorded; null until the interview is held. */
  eligibility: Eligibility | null;
  /** What was noted when it was recorded (absent in older sample data). */
  notes?: string | null | undefined;
  /** The day it was cancelled (it will not take place); null or absent while it stands. */
  cancelledOn?: IsoDate | null | undefined;
  /** Why it was cancelled. */
  cancellationReason?: string | null | undefined;
}

/** Another municipality's interest form, as a possible duplicate or the one kept instead. */
export interface Duplicate {
  id: string;
  name: string;
  stage: Stage;
  /** The day its interest form was sent. */
  submittedOn: IsoDate;
}

/** The sender of a form merged into another, as far as the viewer may see them. */
export interface MergedFormSender {
  /** Null once the person's data was erased. */
  name: string | null;
  role: string | null;
  email: string | null;
  phone: string | null;
  erased: boolean;
}

/**
 * An interest form sent again and merged into this one when it was closed: its sender
 * (team only) and motivation (team and facilitator) were taken over; its own page stays.
 */
export interface MergedForm {
  /** The closed form's municipality (its page). */
  fromId: string;
  /** The day the closed form was sent. */
  submittedOn: IsoDate;
  /** The day it was merged into this one. */
  mergedOn: IsoDate;
  /** Null for anyone but the team. */
  submitter: MergedFormSender | null;
  /** Null for anyone but the team and the facilitator (or when the form had none). */
  motivation: string | null;
}

/** A field of action of the programme's framework (for choosing workshop priorities). */
export interface FieldOption {
  id: string;
  title: string;
}

export interface MunicipalityDetail {
  id: string;
  name: string;
  land: Bundesland;
  kind: MunicipalityKind;
  population: number;
  stage: Stage;
  daysInStage: number;
  /** Its place on the programme's waiting list (1 is admitted next), while it waits. */
  waitingListPlace?: number | null | undefined;
  /** The steps the viewer can take now, as the server says (see `StepKey`). */
  availableSteps: StepKey[];
  interestOn: IsoDate;
  admittedOn: IsoDate | null;
  windowEndsOn: IsoDate | null;
  motivation: string;
  contact: ContactPerson | null;
  facilitator: Person | null;
  submitter: ContactPerson | null;
  timeline: TimelineEntry[];
  tasks: Task[];
  selfCheck: SelfCheckResults | null;
  workshop: Workshop | null;
  support: SupportItem[];
  dialogueEvents: DialogueEvent[];
  /** Absent in older sample data; null before an interview is scheduled. */
  interview?: Interview | null | undefined;
  /** Why the municipality is on hold or was declined. */
  decisionReason?: string | null | undefined;
  completedOn?: IsoDate | null | undefined;
  learning?: string | null | undefined;
  withdrawnOn?: IsoDate | null | undefined;
  withdrawalReason?: string | null | undefined;
  /** The framework's fields of action (workshop priorities). */
  fieldsOfAction?: FieldOption[] | undefined;
  /** For the team: other municipalities whose interest form looks like this one sent again. */
  possibleDuplicates?: Duplicate[] | undefined;
  /** For the team: the form kept when this one was closed as the same one sent again. */
  duplicateOf?: Duplicate | null | undefined;
  /** The label the programme awards on completion (null or absent: none). */
  programmeLabel?: string | null | undefined;
  /** Forms of the same municipality merged into this one, as the viewer may see them (absent in older sample data). */
  mergedForms?: MergedForm[] | undefined;
  /**
   * The accounts of the municipality's contact persons and their colleagues, by name: those
   * a next step can be given to (absent in older sample data).
   */
  colleagues?: Person[] | undefined;
}

// ---------------------------------------------------------------- journey commands

/** A person's details as the team corrects them (the submitter's or the contact person's). */
export interface PersonDetails {
  name: string;
  role: string;
  email: string;
  /** Empty: none. */
  phone: string;
}

export interface NextStepInput {
  what: string;
  who: string;
  due: IsoDate;
}

/** One step of the journey, as the municipality page and the board send it. */
export type JourneyCommand =
  | { kind: 'scheduleInterview'; at: IsoDateTime }
  | { kind: 'cancelInterview'; reason: string }
  | { kind: 'recordInterview'; heldOn: IsoDate; eligibility: Eligibility; notes: string }
  | { kind: 'admit' }
  | { kind: 'putOnHold'; reason: string }
  | { kind: 'decline'; reason: string }
  /**
   * Closes this interest form as the same one sent again as `ofId`'s (which is kept); with
   * `merge`, the kept form takes over this one's sender and motivation.
   */
  | { kind: 'closeAsDuplicate'; ofId: string; merge: boolean }
  | {
      kind: 'assignContactPerson';
      contact: { name: string; role: string; email: string; phone: string; language: Language };
    }
  | { kind: 'assignFacilitator'; facilitatorId: string }
  | { kind: 'startSelfCheck' }
  | { kind: 'scheduleWorkshop'; at: IsoDateTime; place: string; invited: string[] }
  | { kind: 'cancelWorkshop'; reason: string }
  | {
      kind: 'recordWorkshop';
      heldOn: IsoDate;
      participants: number;
      priorities: string[];
      nextSteps: NextStepInput[];
      notes: string;
    }
  /** `time` ("16:00") and `place` empty: none; with a time the contact person gets an invitation. */
  | { kind: 'planSupport'; format: SupportFormat; audience: Audience; on: IsoDate; topic: string; time: string; place: string }
  | { kind: 'recordSupport'; supportId: string; heldOn: IsoDate; participants: number; notes: string }
  | { kind: 'planDialogueEvent'; format: DialogueFormat; at: IsoDateTime; place: string; topic: string }
  /** `place` empty: the event stays where it was planned. */
  | { kind: 'moveDialogueEvent'; eventId: string; at: IsoDateTime; place: string }
  | { kind: 'cancelDialogueEvent'; eventId: string; reason: string }
  | { kind: 'recordDialogueEvent'; eventId: string; heldOn: IsoDate; attendance: Attendance; outcomes: string }
  | { kind: 'completeNextStep'; stepId: string }
  | { kind: 'editNextStep'; stepId: string; what: string; who: string; due: IsoDate }
  /** Gives a next step to someone; `userId` (one of the page's `colleagues`) only for `COLLEAGUE`. */
  | { kind: 'assignNextStep'; stepId: string; to: StepOwner; userId: string | null }
  | { kind: 'dropNextStep'; stepId: string; reason: string }
  /** The format's time and place as they are after the move; empty: none. */
  | { kind: 'moveSupport'; supportId: string; on: IsoDate; time: string; place: string }
  | { kind: 'cancelSupport'; supportId: string; reason: string }
  /** Correct what was recorded of the held interview, workshop or a held format; `reason` may be empty. */
  | { kind: 'correctInterview'; eligibility: Eligibility; notes: string; reason: string }
  | { kind: 'correctWorkshop'; participants: number; priorities: string[]; notes: string; reason: string }
  | { kind: 'correctSupport'; supportId: string; participants: number; notes: string; reason: string }
  /** Corrects what was recorded of a held dialogue event; `reason` may be empty. */
  | { kind: 'correctDialogueEvent'; eventId: string; attendance: Attendance; outcomes: string; reason: string }
  | { kind: 'complete'; learning: string }
  /** Corrects the profile as the interest form gave it; `reason` may be empty. */
  | {
      kind: 'correctProfile';
      name: string;
      land: Bundesland;
      municipalityKind: MunicipalityKind;
      population: number;
      reason: string;
    }
  /**
   * Corrects the details of the person who sent the interest form, or of the current
   * contact person (whose account follows: sign-in links go to the corrected address);
   * `reason` may be empty.
   */
  | { kind: 'correctSubmitter'; details: PersonDetails; reason: string }
  | { kind: 'correctContactDetails'; details: PersonDetails; reason: string }
  | { kind: 'withdraw'; reason: string };

export type JourneyCommandKind = JourneyCommand['kind'];

/**
 * Why the server refused a command: its `extensions.code` and message (already in the
 * interface language), and for invalid input each field (as the API names it, e.g.
 * `contact.email`, `attendance.residents`) with its reason code and message.
 */
export interface CommandRefusal {
  code: string;
  message: string;
  fields: { field: string; reason: string; message: string }[];
}

export type CommandResult = { ok: true } | { ok: false; refusal: CommandRefusal };

/** What `subscribeBoard` reports, when it knows. */
export interface BoardChange {
  municipalityId: string;
  stage: Stage;
}

// ---------------------------------------------------------------- my tasks

export interface UpcomingDate {
  id: string;
  at: IsoDateTime;
  /** i18n key under `upcoming.` */
  kind: 'INTERVIEW' | 'WORKSHOP' | 'DIALOGUE_EVENT' | 'SUPPORT';
  title: string;
  place?: string | undefined;
  /** A date without a time of day (formats for decision-makers). */
  allDay?: boolean | undefined;
}

export interface MyTasks {
  tasks: Task[];
  upcoming: UpcomingDate[];
}

// ---------------------------------------------------------------- self-check

export interface Indicator {
  id: string;
  title: string;
  help: string;
}

export interface FieldOfAction {
  id: string;
  title: string;
  description: string;
  weight: number;
  indicators: Indicator[];
}

export interface Framework {
  id: string;
  version: number;
  title: string;
  description: string;
  fields: FieldOfAction[];
}

export interface Answer {
  /** `null` = not applicable. */
  rating: Rating | null;
  comment: string;
  evidenceUrl: string;
}

export interface SelfCheckDraft {
  municipalityId: string;
  municipalityName: string;
  /** The latest round (1 before any was started). */
  round: number;
  framework: Framework;
  /** Answers of the latest round saved so far, by indicator id. */
  answers: Partial<Record<string, Answer>>;
  /** When the latest round was submitted; null while it runs (or before the first). */
  submittedOn: IsoDate | null;
  /** Every submitted round, oldest first (for the comparison of rounds). */
  submitted: SelfCheckRound[];
  /**
   * The steps the viewer can take now, as the server says: `startSelfCheck` when another
   * round can begin (the second one after the workshop).
   */
  availableSteps: StepKey[];
}

export interface SaveReceipt {
  savedAt: IsoDateTime;
}

export interface SubmitSelfCheckResult {
  submittedOn: IsoDate;
  overall: number | null;
  fields: { fieldId: string; score: number | null }[];
}

// ---------------------------------------------------------------- funder dashboard

export interface StageCount {
  stage: Stage;
  /** Municipalities in this stage now. */
  current: number;
  /** Municipalities that reached this stage at some point (for the funnel). */
  reached: number;
}

export interface StageDuration {
  stage: Stage;
  /** Null while no municipality has left the stage yet. */
  medianDays: number | null;
}

export interface FieldScoreAggregate {
  fieldId: string;
  title: string;
  /** Medians over municipalities, 0–100; null below five submissions. */
  first: number | null;
  second: number | null;
  /** Median of the per-municipality change, in percentage points. */
  change: number | null;
  firstCount: number;
  secondCount: number;
}

/** Where the participation windows (at most six months from admission) stand. */
export interface ParticipationWindows {
  admitted: number;
  active: number;
  completed: number;
  withdrawn: number;
  endingSoon: number;
  overrun: number;
  medianElapsedPercent: number | null;
}

export interface FunderDashboard {
  programmeTitle: string;
  asOf: IsoDate;
  capacity: number;
  seatsTaken: number;
  stages: StageCount[];
  medianDays: StageDuration[];
  window: ParticipationWindows;
  scores: FieldScoreAggregate[];
  attendance: Attendance;
  dialogueEventsHeld: number;
  /** All municipalities that expressed interest, and those admitted. */
  byLand: { land: Bundesland; all: number; admitted: number }[];
  bySize: { sizeClass: SizeClass; all: number; admitted: number }[];
}

// ---------------------------------------------------------------- programmes (team)

/** A self-check framework a programme can choose (title and description in the interface language). */
export interface FrameworkChoice {
  id: string;
  version: number;
  title: string;
  description: string;
}

/** A programme (cohort) of the tenant. */
export interface Programme {
  id: string;
  name: string;
  capacity: number;
  /** Places taken by admitted municipalities. */
  seatsTaken: number;
  participationMonths: number;
  /** Dialogue events a municipality holds before it can complete (0: none required). */
  minDialogueEvents: number;
  /** The path of the programme's public interest form, e.g. `/interesse/<id>`. */
  interestFormPath: string;
  framework: { id: string; title: string } | null;
  /** The application period of the public form (both ends included); null ends: open on that side. */
  applicationsOpenOn: IsoDate | null;
  applicationsCloseOn: IsoDate | null;
  /** When the programme was archived (read-only since); null while it runs. */
  archivedOn: IsoDate | null;
  /** The label awarded on completion (null: none). */
  label: string | null;
  /** The sender's name of the programme's mails and where replies go (null: the installation's sender). */
  senderName: string | null;
  replyTo: string | null;
  /** How many days each journey task gives. */
  deadlines: Deadlines;
  /** When reminders about a task go out. */
  reminders: Reminders;
}

/** How many days each journey task gives, by the API's names (see `DEADLINES`). */
export type Deadlines = DeadlinesInput;

/**
 * When reminders about a task go out: days before the due date (largest first), on the due
 * day, days after it (ascending; these copy the programme team).
 */
export type Reminders = RemindersInput;

/**
 * A programme's settings as the team enters them. The rules (bounds, capacity never below
 * the seats taken, framework fixed once a self-check started) are the server's; it refuses
 * with field errors named like these keys.
 */
export interface ProgrammeInput {
  name: string;
  frameworkId: string;
  capacity: number;
  participationMonths: number;
  minDialogueEvents: number;
  /**
   * The application period (both ends included; none: always open). A change replaces the
   * period with what is sent, so the form always sends the current values back.
   */
  applicationsOpenOn: IsoDate | null;
  applicationsCloseOn: IsoDate | null;
  /** The label awarded on completion; left out: kept (none when new); blank: no label. */
  label?: string | null;
  /** The sender's name and reply-to address of the programme's mails; left out: kept; blank: none. */
  senderName?: string | null;
  replyTo?: string | null;
  /** The days each task gives and when reminders go out; left out: kept (defaults when new). */
  deadlines?: Deadlines | null;
  reminders?: Reminders | null;
}

export type ProgrammeResult = { ok: true; programme: Programme } | { ok: false; refusal: CommandRefusal };

// ---------------------------------------------------------------- people (team)

/** An account of the tenant, as the team manages it ("Personen"). */
export interface Account {
  id: string;
  /** Null when the person's data was erased. */
  name: string | null;
  email: string | null;
  role: Role;
  active: boolean;
  /** A contact person's municipality. */
  municipalityId: string | null;
  municipalityName: string | null;
  /**
   * A contact person whose municipality named someone else: the account no longer opens
   * anything.
   */
  replaced: boolean;
}

/** A person to invite: the server opens the account and mails a sign-in link. */
export interface InviteInput {
  role: InvitableRole;
  name: string;
  email: string;
  /** The language of the invitation mail and of the account. */
  language: Language;
}

export type AccountResult = { ok: true; account: Account } | { ok: false; refusal: CommandRefusal };

// ---------------------------------------------------------------- public interest form

/** A programme as the public interest form shows it (`programmeForms`, no sign-in). */
export interface PublicProgramme {
  id: string;
  name: string;
  /** The organisation running it. */
  organisation: string;
  /** e.g. `/interesse/<id>`. */
  interestFormPath: string;
  /** Whether the form takes applications today. */
  open: boolean;
  /** Why not, when it does not (already in the interface language). */
  notice: string | null;
}

/**
 * A form the server refused as a whole, not a field of it (e.g. `APPLICATIONS_CLOSED`,
 * `PROGRAMME_ARCHIVED`): its code and message (in the interface language).
 */
export class InterestRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'InterestRefused';
    this.code = code;
  }
}

export interface InterestInput {
  municipalityName: string;
  land: Bundesland | '';
  kind: MunicipalityKind | '';
  population: string;
  submitterName: string;
  submitterRole: string;
  email: string;
  phone: string;
  motivation: string;
  consent: boolean;
  language: Language;
  /** Honeypot: must stay empty. Bots fill it. */
  website: string;
  /**
   * The token the server signed when the form was shown (`interestFormToken`); the server
   * refuses forms without one and forms sent within seconds of it.
   */
  formToken?: string;
  /** The programme applied for (the form's address names it); the tenant's open one when absent. */
  programmeId?: string | undefined;
}

export type InterestField = Exclude<keyof InterestInput, 'website' | 'formToken' | 'programmeId'>;

export interface FieldError<F extends string = string> {
  field: F;
  code: ValidationCode;
}

export type SubmitResult<F extends string = string> =
  | { ok: true }
  | { ok: false; errors: FieldError<F>[] };

// ---------------------------------------------------------------- the interface

export interface LotseApi {
  /** The signed-in user, or null. */
  currentUser(): Promise<CurrentUser | null>;
  /** Sends a one-time sign-in link. Resolves the same whether or not the address is known. */
  requestSignInLink(email: string, language: Language): Promise<void>;
  /** Redeems the token of a sign-in link (single use); the session is a cookie. */
  signIn(token: string): Promise<CurrentUser>;
  /** Ends the session. */
  signOut(): Promise<void>;
  /** Chooses how the signed-in team member hears of new interest forms (team only). */
  chooseFormAlerts(alerts: FormAlerts): Promise<FormAlertsResult>;

  /**
   * The board; with `asOf`, as it stood at the end of that day (local time); with
   * `programmeId` of that programme, else of the tenant's first.
   */
  board(filter: BoardFilter, asOf?: IsoDate, programmeId?: string): Promise<BoardData>;
  /** Calls `onChange` whenever the board changed (with the change when the server says). */
  subscribeBoard(onChange: (change?: BoardChange) => void): Unsubscribe;
  /**
   * A municipality's page; with `asOf`, as it stood at the end of that day (local time):
   * only what had been recorded by then. Null when there is no such municipality (or
   * none yet on that day).
   */
  municipality(id: string, asOf?: IsoDate): Promise<MunicipalityDetail | null>;
  /** Runs one step of the journey; refusals and invalid input resolve as `ok: false`. */
  runCommand(municipalityId: string, command: JourneyCommand): Promise<CommandResult>;
  /** People who can be assigned as facilitators. */
  facilitators(): Promise<Person[]>;

  myTasks(): Promise<MyTasks>;

  selfCheck(): Promise<SelfCheckDraft>;
  saveSelfCheckAnswer(indicatorId: string, answer: Answer): Promise<SaveReceipt>;
  submitSelfCheck(): Promise<SubmitSelfCheckResult>;

  /**
   * The funder's figures; with `asOf`, as they stood at the end of that day (local time),
   * or null when nothing of the programme had been recorded by then. With `programmeId` the
   * figures of that programme, else of the tenant's first.
   */
  funderDashboard(asOf?: IsoDate, programmeId?: string): Promise<FunderDashboard | null>;

  /** The programmes of the viewer's tenant. */
  programmes(): Promise<Programme[]>;
  /** The self-check frameworks a programme can choose (team only). */
  frameworks(): Promise<FrameworkChoice[]>;
  /** Creates a programme (team only); refusals and invalid input resolve as `ok: false`. */
  createProgramme(input: ProgrammeInput): Promise<ProgrammeResult>;
  /** Changes a programme's settings (team only); refusals resolve as `ok: false`. */
  changeProgrammeSettings(programmeId: string, input: ProgrammeInput): Promise<ProgrammeResult>;
  /**
   * Archives a programme (team only): read-only from then on (no steps, no settings, its
   * form closed), still readable. Refusals resolve as `ok: false`.
   */
  archiveProgramme(programmeId: string): Promise<ProgrammeResult>;
  /**
   * Puts the programme's waiting list in this order (team only): `municipalityIds` names
   * every municipality waiting now, the next to be admitted first. A list that changed
   * meanwhile is refused (`INVALID_INPUT`, field `municipalityIds`); refusals resolve as
   * `ok: false`.
   */
  orderWaitingList(programmeId: string, municipalityIds: string[]): Promise<ProgrammeResult>;

  /** Everyone with an account of the tenant (team only). */
  people(): Promise<Account[]>;
  /** Opens an account and mails an invitation (team only); refusals resolve as `ok: false`. */
  inviteUser(input: InviteInput): Promise<AccountResult>;
  /** Mails a new invitation with a sign-in link (active team, facilitator and funder accounts). */
  resendInvitation(userId: string): Promise<AccountResult>;
  /** Deactivates an account (not one's own): the person loses access with their next request. */
  deactivateUser(userId: string): Promise<AccountResult>;
  reactivateUser(userId: string): Promise<AccountResult>;
  /** Gives a team member, facilitator or funder another of these roles (not one's own). */
  changeUserRole(userId: string, role: InvitableRole): Promise<AccountResult>;

  /** The programmes with a public form, open today or not (public, no sign-in). */
  programmeForms(): Promise<PublicProgramme[]>;
  /** A token for the interest form, fetched when the form is shown and sent back with it. */
  interestFormToken(): Promise<string>;
  /**
   * Sends the form; invalid fields resolve as `ok: false`, a refusal of the whole form
   * (closed, archived) rejects with `InterestRefused`.
   */
  submitInterest(input: InterestInput): Promise<SubmitResult<InterestField>>;
}
