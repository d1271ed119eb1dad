// Values shared with the server. The codes are the ones the Rust domain serialises
// (SCREAMING_SNAKE_CASE), so GraphQL enums map onto them one to one. Labels live in the
// i18n files under the same codes (e.g. `stage.SELF_CHECK`).

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return value === 'de' || value === 'en';
}

/** Board order. */
export const STAGES = [
  'INTEREST',
  'INTERVIEW',
  'WAITING_LIST',
  'ON_HOLD',
  'ONBOARDING',
  'SELF_CHECK',
  'WORKSHOP',
  'IMPLEMENTATION',
  'COMPLETED',
  'DECLINED',
  'WITHDRAWN',
] as const;
export type Stage = (typeof STAGES)[number];

/** The stages a municipality passes on the way to the label, in order (the funnel). */
export const FUNNEL_STAGES = [
  'INTEREST',
  'INTERVIEW',
  'ONBOARDING',
  'SELF_CHECK',
  'WORKSHOP',
  'IMPLEMENTATION',
  'COMPLETED',
] as const satisfies readonly Stage[];

export const BUNDESLAENDER = [
  'BADEN_WUERTTEMBERG',
  'BAYERN',
  'BERLIN',
  'BRANDENBURG',
  'BREMEN',
  'HAMBURG',
  'HESSEN',
  'MECKLENBURG_VORPOMMERN',
  'NIEDERSACHSEN',
  'NORDRHEIN_WESTFALEN',
  'RHEINLAND_PFALZ',
  'SAARLAND',
  'SACHSEN',
  'SACHSEN_ANHALT',
  'SCHLESWIG_HOLSTEIN',
  'THUERINGEN',
] as const;
export type Bundesland = (typeof BUNDESLAENDER)[number];

export const MUNICIPALITY_KINDS = [
  'GEMEINDE',
  'STADT',
  'KREISFREIE_STADT',
  'LANDKREIS',
  'VERBANDSGEMEINDE',
] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];

export const SIZE_CLASSES = ['RURAL', 'SMALL_TOWN', 'MEDIUM_TOWN', 'CITY'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

/** Same thresholds as the domain's `Population::size_class`. */
export function sizeClassOf(population: number): SizeClass {
  if (population < 5_000) return 'RURAL';
  if (population < 20_000) return 'SMALL_TOWN';
  if (population < 100_000) return 'MEDIUM_TOWN';
  return 'CITY';
}

export const STAKEHOLDER_GROUPS = [
  'RESIDENTS',
  'ADMINISTRATION',
  'POLITICS',
  'BUSINESS',
  'CIVIL_SOCIETY',
] as const;
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

export const SUPPORT_FORMATS = [
  'COACHING',
  'PEER_EXCHANGE',
  'STATEMENT_TRAINING',
  'COMMUNICATION_TRAINING',
  'OTHER',
] as const;
export type SupportFormat = (typeof SUPPORT_FORMATS)[number];

export const AUDIENCES = ['MAYOR', 'ADMINISTRATION_HEADS', 'COUNCIL', 'MIXED'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const DIALOGUE_FORMATS = [
  'TOWN_HALL',
  'WORLD_CAFE',
  'WORKSHOP',
  'WALK',
  'ONLINE',
  'OTHER',
] as const;
export type DialogueFormat = (typeof DIALOGUE_FORMATS)[number];

export const TASK_KINDS = [
  'SCHEDULE_INTERVIEW',
  'DECIDE_ADMISSION',
  'ADMIT_FROM_WAITING_LIST',
  'ASSIGN_CONTACT_PERSON',
  'ASSIGN_FACILITATOR',
  'SUBMIT_SELF_CHECK',
  'SCHEDULE_WORKSHOP',
  'PREPARE_WORKSHOP',
  'RECORD_WORKSHOP',
  'RECORD_DIALOGUE_ATTENDANCE',
  'RECORD_SUPPORT',
  'NEXT_STEP',
  'PARTICIPATION_WINDOW_CLOSING',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export type Assignee = 'TEAM' | 'FACILITATOR' | 'CONTACT';
export type TaskState = 'OPEN' | 'DONE';

/**
 * Who is responsible for a next step of the action plan in Lotse (the schema's
 * `StepOwnerKind`): the contact person, the facilitator or a colleague of the contact
 * person with an account.
 */
export type StepOwner = 'CONTACT_PERSON' | 'FACILITATOR' | 'COLLEAGUE';

export const ROLES = ['team', 'facilitator', 'contact', 'funder'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles the team invites and changes between (contact persons are named on their
 * municipality's page, and their role never changes).
 */
export const INVITABLE_ROLES = ['team', 'facilitator', 'funder'] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export function isInvitableRole(value: unknown): value is InvitableRole {
  return (INVITABLE_ROLES as readonly unknown[]).includes(value);
}

/**
 * How a team member hears of new interest forms (the schema's `FormAlerts`): a mail for
 * each as it comes in (the default), one each morning with the day before's, or none.
 */
export const FORM_ALERTS = ['AT_ONCE', 'DAILY', 'NEVER'] as const;
export type FormAlerts = (typeof FORM_ALERTS)[number];

export function isFormAlerts(value: unknown): value is FormAlerts {
  return (FORM_ALERTS as readonly unknown[]).includes(value);
}

/**
 * A programme's deadlines in journey order, by their names in the API: how many days each
 * task gives (the server takes 1 to 365 and refuses others at the deadline's name).
 */
export const DEADLINES = [
  'scheduleInterviewDays',
  'decideDays',
  'assignContactDays',
  'selfCheckDays',
  'scheduleWorkshopDays',
  'recordAttendanceDays',
  'secondSelfCheckDays',
  'windowNoticeDays',
] as const;
export type DeadlineName = (typeof DEADLINES)[number];

/** The deadlines of a new programme, as the server sets them when none are sent. */
export const DEFAULT_DEADLINES: Readonly<Record<DeadlineName, number>> = {
  scheduleInterviewDays: 10,
  decideDays: 14,
  assignContactDays: 14,
  selfCheckDays: 28,
  scheduleWorkshopDays: 21,
  recordAttendanceDays: 7,
  secondSelfCheckDays: 56,
  windowNoticeDays: 30,
};

/**
 * The reminders of a new programme: 7 days before the due date, on the due day, 3 days
 * after (those copy the programme team).
 */
export const DEFAULT_REMINDERS = {
  daysBefore: [7],
  onDueDay: true,
  daysOverdue: [3],
} as const satisfies { daysBefore: readonly number[]; onDueDay: boolean; daysOverdue: readonly number[] };

/** Maturity levels 0–4; `null` in an answer means "not applicable". */
export const RATINGS = [0, 1, 2, 3, 4] as const;
export type Rating = (typeof RATINGS)[number];

/** Error codes of the domain's validation (`ValidationError`), shown per field. */
export const VALIDATION_CODES = [
  'required',
  'too_long',
  'invalid_characters',
  'invalid_email',
  'invalid_phone',
  'too_small',
  'too_large',
  'invalid_number',
  'invalid_url',
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];

/** Text in both interface languages, as the framework files carry it. */
export interface Localized {
  de: string;
  en: string;
}
