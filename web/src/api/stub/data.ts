// Sample data for the stub API. Municipalities, people and addresses are fictional
// (e-mail domains end in .example). Dates are relative to today so that due dates and
// "days in stage" look alive.

import type {
  Answer,
  Attendance,
  BoardCard,
  ContactPerson,
  DialogueEvent,
  Framework,
  IsoDate,
  IsoDateTime,
  MunicipalityDetail,
  Person,
  SelfCheckRound,
  SupportItem,
  Task,
  TimelineEntry,
  Workshop,
} from '../types';
import type { Bundesland, MunicipalityKind, Rating, Stage, TaskKind } from '../../domain';
import { STAGES, type Language } from '../../domain';
import { frameworkIn } from './framework';
import { resultsOf, runningRound, submittedRound } from './selfCheck';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoDate(d: Date): IsoDate {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function daysFromToday(days: number, today = new Date()): IsoDate {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  return isoDate(d);
}

export function atDaysFromToday(days: number, time: string, today = new Date()): IsoDateTime {
  return `${daysFromToday(days, today)}T${time}:00`;
}

export const FACILITATORS: Person[] = [
  { id: 'u-fac-albers', name: 'Dr. Miriam Albers' },
  { id: 'u-fac-yildiz', name: 'Kemal Yıldız' },
  { id: 'u-fac-lang', name: 'Friederike Lang' },
  { id: 'u-fac-weber', name: 'Jonas Weber' },
];
const [albers, yildiz, lang, weber] = FACILITATORS as [Person, Person, Person, Person];

export const TEAM_MEMBER: Person = { id: 'u-team-brandt', name: 'Sabine Brandt' };

interface Seed {
  id: string;
  name: string;
  land: Bundesland;
  kind: MunicipalityKind;
  population: number;
  stage: Stage;
  daysInStage: number;
  facilitator: Person | null;
  overdue: boolean;
  domain: string;
}

const SEEDS: Seed[] = [
  { id: 'm-lindenau', name: 'Lindenau am See', land: 'BAYERN', kind: 'STADT', population: 14_800, stage: 'SELF_CHECK', daysInStage: 12, facilitator: albers, overdue: false, domain: 'lindenau-am-see.example' },
  { id: 'm-bergheide', name: 'Bergheide', land: 'NIEDERSACHSEN', kind: 'GEMEINDE', population: 4_200, stage: 'INTEREST', daysInStage: 3, facilitator: null, overdue: false, domain: 'bergheide.example' },
  { id: 'm-rabenfeld', name: 'Rabenfeld', land: 'SACHSEN', kind: 'STADT', population: 23_600, stage: 'INTERVIEW', daysInStage: 9, facilitator: null, overdue: false, domain: 'rabenfeld.example' },
  { id: 'm-muehlental', name: 'Landkreis Mühlental', land: 'HESSEN', kind: 'LANDKREIS', population: 187_000, stage: 'IMPLEMENTATION', daysInStage: 41, facilitator: yildiz, overdue: false, domain: 'lk-muehlental.example' },
  { id: 'm-wiesbrunn', name: 'Wiesbrunn', land: 'BADEN_WUERTTEMBERG', kind: 'GEMEINDE', population: 7_900, stage: 'WORKSHOP', daysInStage: 18, facilitator: lang, overdue: true, domain: 'wiesbrunn.example' },
  { id: 'm-eichstedt', name: 'Eichstedt an der Aller', land: 'NIEDERSACHSEN', kind: 'STADT', population: 31_200, stage: 'ONBOARDING', daysInStage: 16, facilitator: null, overdue: true, domain: 'eichstedt.example' },
  { id: 'm-nordkamp', name: 'Nordkamp', land: 'SCHLESWIG_HOLSTEIN', kind: 'KREISFREIE_STADT', population: 112_000, stage: 'SELF_CHECK', daysInStage: 25, facilitator: albers, overdue: true, domain: 'nordkamp.example' },
  { id: 'm-seenplatte', name: 'Amt Seenplatte-Süd', land: 'MECKLENBURG_VORPOMMERN', kind: 'VERBANDSGEMEINDE', population: 9_600, stage: 'WAITING_LIST', daysInStage: 30, facilitator: null, overdue: false, domain: 'amt-seenplatte-sued.example' },
  { id: 'm-kirchberg', name: 'Kirchberg im Tal', land: 'RHEINLAND_PFALZ', kind: 'GEMEINDE', population: 3_100, stage: 'ON_HOLD', daysInStage: 44, facilitator: null, overdue: false, domain: 'kirchberg-im-tal.example' },
  { id: 'm-neustrelow', name: 'Neustrelow', land: 'BRANDENBURG', kind: 'STADT', population: 19_800, stage: 'COMPLETED', daysInStage: 12, facilitator: weber, overdue: false, domain: 'neustrelow.example' },
  { id: 'm-sonnewalde', name: 'Sonnewalde-Ost', land: 'THUERINGEN', kind: 'GEMEINDE', population: 2_600, stage: 'DECLINED', daysInStage: 60, facilitator: null, overdue: false, domain: 'sonnewalde-ost.example' },
  { id: 'm-grafenau', name: 'Grafenau an der Saar', land: 'SAARLAND', kind: 'STADT', population: 27_400, stage: 'IMPLEMENTATION', daysInStage: 63, facilitator: weber, overdue: false, domain: 'grafenau-saar.example' },
  { id: 'm-heidland', name: 'Kreis Heidland', land: 'NORDRHEIN_WESTFALEN', kind: 'LANDKREIS', population: 254_000, stage: 'WORKSHOP', daysInStage: 7, facilitator: yildiz, overdue: false, domain: 'kreis-heidland.example' },
  { id: 'm-altmoorhausen', name: 'Altmoorhausen', land: 'SACHSEN_ANHALT', kind: 'STADT', population: 12_400, stage: 'WITHDRAWN', daysInStage: 20, facilitator: lang, overdue: false, domain: 'altmoorhausen.example' },
  { id: 'm-birkenfelde', name: 'Birkenfelde', land: 'BAYERN', kind: 'GEMEINDE', population: 5_400, stage: 'INTEREST', daysInStage: 1, facilitator: null, overdue: false, domain: 'birkenfelde.example' },
  // Birkenfelde's interest form sent again the next day, by someone else of the town hall.
  { id: 'm-birkenfelde-2', name: 'Birkenfelde', land: 'BAYERN', kind: 'GEMEINDE', population: 5_400, stage: 'INTEREST', daysInStage: 0, facilitator: null, overdue: false, domain: 'birkenfelde.example' },
  { id: 'm-weissenstein', name: 'Weißenstein', land: 'NORDRHEIN_WESTFALEN', kind: 'STADT', population: 58_700, stage: 'INTERVIEW', daysInStage: 4, facilitator: null, overdue: false, domain: 'weissenstein.example' },
  { id: 'm-ostermoor', name: 'Ostermoor', land: 'SCHLESWIG_HOLSTEIN', kind: 'GEMEINDE', population: 6_100, stage: 'SELF_CHECK', daysInStage: 5, facilitator: albers, overdue: false, domain: 'ostermoor.example' },
  { id: 'm-talheim', name: 'Talheim an der Lauter', land: 'BADEN_WUERTTEMBERG', kind: 'STADT', population: 21_900, stage: 'ONBOARDING', daysInStage: 3, facilitator: lang, overdue: false, domain: 'talheim-lauter.example' },
  { id: 'm-hunsrueckblick', name: 'Verbandsgemeinde Hunsrückblick', land: 'RHEINLAND_PFALZ', kind: 'VERBANDSGEMEINDE', population: 16_800, stage: 'IMPLEMENTATION', daysInStage: 28, facilitator: yildiz, overdue: true, domain: 'vg-hunsrueckblick.example' },
  { id: 'm-rotenbach', name: 'Rotenbach', land: 'HESSEN', kind: 'STADT', population: 42_300, stage: 'COMPLETED', daysInStage: 5, facilitator: yildiz, overdue: false, domain: 'rotenbach.example' },
  { id: 'm-lauenfurt', name: 'Lauenfurt', land: 'BRANDENBURG', kind: 'GEMEINDE', population: 8_700, stage: 'INTEREST', daysInStage: 6, facilitator: null, overdue: false, domain: 'lauenfurt.example' },
  { id: 'm-kranichsee', name: 'Kranichsee', land: 'MECKLENBURG_VORPOMMERN', kind: 'STADT', population: 11_200, stage: 'WORKSHOP', daysInStage: 32, facilitator: weber, overdue: false, domain: 'kranichsee.example' },
  { id: 'm-steinwalde', name: 'Steinwalde', land: 'SACHSEN', kind: 'GEMEINDE', population: 4_800, stage: 'INTERVIEW', daysInStage: 15, facilitator: null, overdue: false, domain: 'steinwalde.example' },
  { id: 'm-hohenbruck', name: 'Hohenbruck', land: 'NORDRHEIN_WESTFALEN', kind: 'STADT', population: 24_300, stage: 'SELF_CHECK', daysInStage: 19, facilitator: yildiz, overdue: false, domain: 'hohenbruck.example' },
  { id: 'm-ahlwede', name: 'Ahlwede', land: 'NORDRHEIN_WESTFALEN', kind: 'GEMEINDE', population: 9_800, stage: 'IMPLEMENTATION', daysInStage: 51, facilitator: yildiz, overdue: false, domain: 'ahlwede.example' },
  { id: 'm-lippstein', name: 'Lippstein', land: 'NORDRHEIN_WESTFALEN', kind: 'STADT', population: 67_200, stage: 'INTEREST', daysInStage: 2, facilitator: null, overdue: false, domain: 'lippstein.example' },
  { id: 'm-auerbach', name: 'Markt Auerbach', land: 'BAYERN', kind: 'GEMEINDE', population: 6_900, stage: 'WORKSHOP', daysInStage: 11, facilitator: albers, overdue: false, domain: 'markt-auerbach.example' },
  { id: 'm-isarfeld', name: 'Landkreis Isarfeld', land: 'BAYERN', kind: 'LANDKREIS', population: 138_000, stage: 'COMPLETED', daysInStage: 21, facilitator: albers, overdue: false, domain: 'lra-isarfeld.example' },
  { id: 'm-fahrenholz', name: 'Fahrenholz', land: 'THUERINGEN', kind: 'STADT', population: 36_900, stage: 'IMPLEMENTATION', daysInStage: 12, facilitator: lang, overdue: false, domain: 'fahrenholz.example' },
  { id: 'm-hollerbach', name: 'Hollerbach', land: 'HESSEN', kind: 'GEMEINDE', population: 5_900, stage: 'WAITING_LIST', daysInStage: 18, facilitator: null, overdue: false, domain: 'hollerbach.example' },
  { id: 'm-ebersried', name: 'Ebersried', land: 'BAYERN', kind: 'GEMEINDE', population: 3_700, stage: 'WAITING_LIST', daysInStage: 9, facilitator: null, overdue: false, domain: 'ebersried.example' },
];

/**
 * The cards without steps and places: the stub API adds the steps its commands accept
 * (`stepsFor`) and the places on the waiting list.
 */
export function boardCards(): BoardCard[] {
  return SEEDS.map(({ domain: _domain, population: _population, kind: _kind, ...card }) => ({
    ...card,
    availableSteps: [],
    possibleDuplicates: [],
    waitingListPlace: null,
  }));
}

export function seeds(): readonly Seed[] {
  return SEEDS;
}

/**
 * Interest forms that look like the same one sent again (the server flags them for the
 * team: same name in the same Land, or the same submitter address).
 */
const LOOKALIKES: Partial<Record<string, string[]>> = {
  'm-birkenfelde': ['m-birkenfelde-2'],
  'm-birkenfelde-2': ['m-birkenfelde'],
};

export function lookalikesOf(id: string): string[] {
  return LOOKALIKES[id] ?? [];
}

/** Colleagues of a municipality's contact person who have an account of their own. */
const COLLEAGUES: Partial<Record<string, { id: string; name: string; local: string }[]>> = {
  'm-grafenau': [{ id: 'u-contact-grafenau-kuehn', name: 'Sandra Kühn', local: 's.kuehn' }],
};

/** The accounts of a municipality's contact person's colleagues (besides the contact person's). */
export function colleagueAccounts(seed: Seed): { id: string; name: string; email: string }[] {
  return (COLLEAGUES[seed.id] ?? []).map((c) => ({ id: c.id, name: c.name, email: `${c.local}@${seed.domain}` }));
}

const CONTACTS: Record<string, Omit<ContactPerson, 'since' | 'email'> & { local: string }> = {
  'm-lindenau': { name: 'Jana Petersen', role: 'Integrationsbeauftragte', local: 'jana.petersen', phone: '+49 8821 5550-142', language: 'de' },
  'm-muehlental': { name: 'Aylin Demir', role: 'Leiterin Stabsstelle Vielfalt', local: 'a.demir', phone: '06431 5550-77', language: 'de' },
  'm-wiesbrunn': { name: 'Thomas Keller', role: 'Hauptamtsleiter', local: 'keller', phone: null, language: 'de' },
  'm-nordkamp': { name: 'Dr. Hannah Sørensen', role: 'Integration Officer', local: 'h.sorensen', phone: '0461 5550-300', language: 'en' },
  'm-grafenau': { name: 'Mehmet Aydın', role: 'Integrationsbeauftragter', local: 'mehmet.aydin', phone: '06831 5550-19', language: 'de' },
};

const SUBMITTERS: Record<string, { name: string; role: string; local: string }> = {
  'm-bergheide': { name: 'Lukas Hoffmann', role: 'Bürgermeister', local: 'buergermeister' },
  'm-birkenfelde-2': { name: 'Maria Huber', role: 'Erste Bürgermeisterin', local: 'rathaus' },
};

/** Motivations other than the common one (Birkenfelde's form sent again says something else). */
const MOTIVATIONS: Partial<Record<string, string>> = {
  'm-birkenfelde-2':
    'Unser Gemeinderat hat beschlossen, die Ehrenamtlichen der Nachbarschaftshilfe enger mit der Verwaltung zusammenzubringen. Wir möchten dafür von anderen Gemeinden lernen.',
};

function contactFor(seed: Seed, since: IsoDate): ContactPerson {
  const c = CONTACTS[seed.id] ?? {
    name: 'Katrin Vogel',
    role: 'Ansprechperson Integration',
    local: 'integration',
    phone: '0800 5550-100',
    language: 'de' as const,
  };
  return {
    name: c.name,
    role: c.role,
    email: `${c.local}@${seed.domain}`,
    phone: c.phone,
    language: c.language,
    since,
  };
}

function submitterFor(seed: Seed, since: IsoDate): ContactPerson {
  const s = SUBMITTERS[seed.id] ?? { name: 'Peter Schulz', role: 'Fachbereich Soziales', local: 'p.schulz' };
  return { name: s.name, role: s.role, email: `${s.local}@${seed.domain}`, phone: null, language: 'de', since };
}

function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}

function reached(seed: Seed, stage: Stage): boolean {
  const main: Stage[] = ['INTEREST', 'INTERVIEW', 'ONBOARDING', 'SELF_CHECK', 'WORKSHOP', 'IMPLEMENTATION', 'COMPLETED'];
  if (seed.stage === 'DECLINED' || seed.stage === 'ON_HOLD' || seed.stage === 'WAITING_LIST') {
    return stage === 'INTEREST' || stage === 'INTERVIEW';
  }
  if (!main.includes(stage)) return false;
  const last = seed.stage === 'WITHDRAWN' ? 'SELF_CHECK' : seed.stage;
  return main.indexOf(stage) <= main.indexOf(last);
}

/** Ordered so that the days spent in earlier stages add up sensibly. */
const TYPICAL_DAYS: Partial<Record<Stage, number>> = {
  INTEREST: 8,
  INTERVIEW: 14,
  ONBOARDING: 10,
  SELF_CHECK: 24,
  WORKSHOP: 21,
  IMPLEMENTATION: 90,
};

export function reachedStage(seed: Seed, stage: Stage): boolean {
  return reached(seed, stage);
}

/** Notes a contact person might leave with an answer (sample data is in German). */
const COMMENTS = [
  'Der Entwurf liegt dem Sozialausschuss vor; der Beschluss ist für das Frühjahr geplant.',
  'Bisher nur im Sozialamt üblich, die anderen Ämter sollen folgen.',
  'Der Integrationsbeirat ist aktiv, junge Menschen erreichen wir aber kaum.',
  'Die Mittel sind nur bis zum Jahresende gesichert.',
  'Die Stelle ist seit dem Frühjahr wieder besetzt.',
  'Mehrsprachige Informationen gibt es bisher für Kita und Schule.',
  'Darüber möchten wir im Workshop sprechen.',
];

const EVIDENCE = ['integrationskonzept', 'ratsbeschluss-vielfalt', 'beirat', 'willkommen', 'beratung'];

/**
 * The answers of a seed's round (1 or 2): levels spread over the scale, some "not
 * applicable", a comment or a link with some of them; the second round a step further in
 * most indicators.
 */
function answersFor(seed: Seed, framework: Framework, round: 1 | 2): Partial<Record<string, Answer>> {
  const base = seed.population % 17;
  const answers: Partial<Record<string, Answer>> = {};
  framework.fields.forEach((field, fi) => {
    field.indicators.forEach((indicator, ii) => {
      const k = base + fi * 3 + ii * 2;
      const notApplicable = (base + fi + ii * 5) % 13 === 0;
      const first = k % 5;
      const level = round === 1 ? first : Math.min(4, first + ((fi + ii) % 3 === 0 ? 0 : 1));
      const comment =
        round === 2
          ? (fi + ii) % 4 === 1
            ? 'Seit dem Workshop ist hier einiges in Bewegung gekommen.'
            : ''
          : (k + ii) % 3 === 0
            ? (COMMENTS[(k + fi) % COMMENTS.length] ?? '')
            : '';
      const evidenceUrl = (k + fi) % 4 === 0 ? `https://www.${seed.domain}/${EVIDENCE[(fi + ii) % EVIDENCE.length] ?? ''}` : '';
      answers[indicator.id] = { rating: notApplicable ? null : (level as Rating), comment, evidenceUrl };
    });
  });
  return answers;
}

/** The two answers Lindenau's running first round has (the self-check form starts with them). */
const DRAFT_ANSWERS: Partial<Record<string, Answer>> = {
  'governance-strategy': { rating: 2, comment: 'Entwurf liegt dem Ausschuss vor.', evidenceUrl: '' },
  'governance-responsibility': { rating: 3, comment: '', evidenceUrl: '' },
};

const TASK_TITLES: Record<string, string> = {
  'step-1': 'Ratsbeschluss zum Integrationskonzept vorbereiten',
  'step-2': 'Mehrsprachige Willkommensseite auf der Website veröffentlichen',
  'step-3': 'Fortbildung interkulturelle Kompetenz für das Bürgerbüro buchen',
};

function task(seed: Seed, key: string, kind: TaskKind, due: number, done = false, title?: string): Task {
  return {
    key,
    municipalityId: seed.id,
    municipalityName: seed.name,
    kind,
    assignee: kind === 'ASSIGN_CONTACT_PERSON' || kind === 'ASSIGN_FACILITATOR' || kind === 'SCHEDULE_WORKSHOP' ? 'TEAM' : 'CONTACT',
    due: daysFromToday(due),
    state: done ? 'DONE' : 'OPEN',
    title,
  };
}

function attendance(r: number, a: number, p: number, b: number, c: number): Attendance {
  return { RESIDENTS: r, ADMINISTRATION: a, POLITICS: p, BUSINESS: b, CIVIL_SOCIETY: c };
}

/** Builds a plausible detail record for any seed, richer the further it has come. */
export function detailFor(seed: Seed, language: Language = 'de'): MunicipalityDetail {
  const framework = frameworkIn(language);
  const idx = stageIndex(seed.stage);
  const admittedStageIdx = stageIndex('ONBOARDING');
  const participating = reached(seed, 'ONBOARDING');
  // Walk back from today through the typical durations to date each step.
  const stagesPassed = STAGES.filter((s) => reached(seed, s) && s !== seed.stage && TYPICAL_DAYS[s] !== undefined);
  const totalBefore = stagesPassed.reduce((sum, s) => sum + (TYPICAL_DAYS[s] ?? 0), 0);
  const interestDaysAgo = seed.daysInStage + totalBefore;
  const startOf = (stage: Stage): number => {
    let daysAgo = interestDaysAgo;
    for (const s of stagesPassed) {
      if (s === stage) return -daysAgo;
      daysAgo -= TYPICAL_DAYS[s] ?? 0;
    }
    return -seed.daysInStage;
  };
  const admittedOffset = participating ? startOf('ONBOARDING') : null;

  const timeline: TimelineEntry[] = [
    { id: 't1', at: atDaysFromToday(-interestDaysAgo, '09:12'), type: 'InterestSubmitted', actor: 'Öffentliches Formular' },
  ];
  if (reached(seed, 'INTERVIEW')) {
    timeline.push({ id: 't2', at: atDaysFromToday(startOf('INTERVIEW'), '11:40'), type: 'InterviewScheduled', actor: TEAM_MEMBER.name });
  }
  if (seed.stage === 'DECLINED') {
    timeline.push({ id: 't3', at: atDaysFromToday(-seed.daysInStage, '15:05'), type: 'Declined', actor: TEAM_MEMBER.name, detail: 'Keine Ansprechperson für die gesamte Laufzeit benannt' });
  }
  if (seed.stage === 'ON_HOLD') {
    timeline.push({ id: 't3', at: atDaysFromToday(-seed.daysInStage, '15:05'), type: 'PutOnHold', actor: TEAM_MEMBER.name, detail: 'Ratsbeschluss zur Teilnahme steht noch aus' });
  }
  if (seed.stage === 'WAITING_LIST') {
    timeline.push({ id: 't3', at: atDaysFromToday(-seed.daysInStage, '10:20'), type: 'PlacedOnWaitingList', actor: TEAM_MEMBER.name });
  }
  if (admittedOffset !== null) {
    timeline.push({ id: 't4', at: atDaysFromToday(admittedOffset - 1, '16:30'), type: 'InterviewHeld', actor: TEAM_MEMBER.name, detail: 'Alle drei Kriterien erfüllt' });
    timeline.push({ id: 't5', at: atDaysFromToday(admittedOffset, '08:55'), type: 'Admitted', actor: TEAM_MEMBER.name });
    if (idx > admittedStageIdx || seed.facilitator) {
      timeline.push({ id: 't6', at: atDaysFromToday(admittedOffset + 2, '13:10'), type: 'ContactPersonAssigned', actor: TEAM_MEMBER.name });
    }
    if (seed.facilitator) {
      timeline.push({ id: 't7', at: atDaysFromToday(admittedOffset + 2, '13:12'), type: 'FacilitatorAssigned', actor: TEAM_MEMBER.name, detail: seed.facilitator.name });
    }
  }
  if (reached(seed, 'SELF_CHECK')) {
    timeline.push({ id: 't8', at: atDaysFromToday(startOf('SELF_CHECK'), '09:00'), type: 'SelfCheckStarted', actor: contactFor(seed, '').name });
  }
  if (reached(seed, 'WORKSHOP')) {
    timeline.push({ id: 't9', at: atDaysFromToday(startOf('WORKSHOP'), '17:45'), type: 'SelfCheckSubmitted', actor: contactFor(seed, '').name });
  }
  if (reached(seed, 'IMPLEMENTATION')) {
    timeline.push({ id: 't10', at: atDaysFromToday(startOf('IMPLEMENTATION'), '18:20'), type: 'WorkshopHeld', actor: seed.facilitator?.name ?? TEAM_MEMBER.name, detail: '3 Schwerpunkte, 5 nächste Schritte' });
    timeline.push({ id: 't11', at: atDaysFromToday(startOf('IMPLEMENTATION') + 20, '21:10'), type: 'DialogueEventHeld', actor: seed.facilitator?.name ?? TEAM_MEMBER.name, detail: 'World Café im Bürgerhaus' });
    timeline.push({ id: 't12', at: atDaysFromToday(startOf('IMPLEMENTATION') + 24, '07:00'), type: 'ReminderSent', actor: 'Lotse', detail: 'Teilnahme an Dialogveranstaltung erfassen' });
  }
  if (seed.stage === 'COMPLETED') {
    timeline.push({ id: 't13', at: atDaysFromToday(-seed.daysInStage, '12:00'), type: 'ParticipationCompleted', actor: TEAM_MEMBER.name });
  }
  if (seed.stage === 'WITHDRAWN') {
    timeline.push({ id: 't14', at: atDaysFromToday(-seed.daysInStage, '12:00'), type: 'Withdrew', actor: TEAM_MEMBER.name, detail: 'Personelle Engpässe in der Verwaltung' });
  }
  timeline.sort((a, b) => b.at.localeCompare(a.at));

  const tasks: Task[] = [];
  if (admittedOffset !== null && seed.stage !== 'WITHDRAWN') {
    tasks.push(task(seed, 'assign-contact', 'ASSIGN_CONTACT_PERSON', admittedOffset + 14, idx > admittedStageIdx || !seed.overdue));
    tasks.push(task(seed, 'assign-facilitator', 'ASSIGN_FACILITATOR', admittedOffset + 14, seed.facilitator !== null));
    if (reached(seed, 'SELF_CHECK')) {
      tasks.push(task(seed, 'submit-self-check', 'SUBMIT_SELF_CHECK', seed.overdue && seed.stage === 'SELF_CHECK' ? -4 : startOf('SELF_CHECK') + 28, reached(seed, 'WORKSHOP')));
    }
    if (reached(seed, 'WORKSHOP')) {
      tasks.push(task(seed, 'schedule-workshop', 'SCHEDULE_WORKSHOP', seed.overdue && seed.stage === 'WORKSHOP' ? -2 : startOf('WORKSHOP') + 14, seed.stage !== 'WORKSHOP' || !seed.overdue));
    }
    if (reached(seed, 'IMPLEMENTATION')) {
      tasks.push(task(seed, 'step-1', 'NEXT_STEP', seed.overdue ? -2 : 9, false, TASK_TITLES['step-1']));
      tasks.push(task(seed, 'step-2', 'NEXT_STEP', 23, false, TASK_TITLES['step-2']));
      tasks.push(task(seed, 'dialogue-attendance', 'RECORD_DIALOGUE_ATTENDANCE', startOf('IMPLEMENTATION') + 27, true));
    }
    tasks.sort((a, b) => a.due.localeCompare(b.due));
  }

  let workshop: Workshop | null = null;
  if (reached(seed, 'WORKSHOP')) {
    const held = reached(seed, 'IMPLEMENTATION');
    const at = held ? atDaysFromToday(startOf('IMPLEMENTATION'), '14:00') : atDaysFromToday(12, '14:00');
    workshop = {
      at,
      place: 'Rathaus, Großer Sitzungssaal',
      facilitator: seed.facilitator?.name ?? '—',
      held,
      heldOn: held ? at.slice(0, 10) : null,
      participants: held ? 17 : null,
      priorities: held ? [framework.fields[0], framework.fields[2], framework.fields[4]].map((f) => f?.title ?? '') : [],
      notes: held ? 'Vereine und Schulen waren stark vertreten; die Verwaltung stellt eine Koordinierungsstelle in Aussicht.' : null,
      actionPlan: held
        ? [
            { id: 'step-1', what: TASK_TITLES['step-1'] ?? '', who: 'Bürgermeisteramt', due: daysFromToday(seed.overdue ? -2 : 9), done: false },
            { id: 'step-2', what: TASK_TITLES['step-2'] ?? '', who: 'Pressestelle', due: daysFromToday(23), done: false },
            { id: 'step-3', what: TASK_TITLES['step-3'] ?? '', who: 'Personalamt', due: daysFromToday(-6), done: true },
          ]
        : [],
    };
  }

  const support: SupportItem[] = participating && idx >= stageIndex('SELF_CHECK') && seed.stage !== 'WITHDRAWN'
    ? [
        { id: 's1', format: 'COACHING', audience: 'MAYOR', on: daysFromToday(-9), topic: 'Haltung zeigen in der Ratsdebatte', held: true, participants: 1, notes: 'Folgetermin nach der Ratssitzung vereinbart.' },
        { id: 's2', format: 'PEER_EXCHANGE', audience: 'ADMINISTRATION_HEADS', on: daysFromToday(19), topic: 'Austausch mit Modellkommunen aus dem Norden', held: false, participants: null },
      ]
    : [];

  const dialogueEvents: DialogueEvent[] = reached(seed, 'IMPLEMENTATION')
    ? [
        { id: 'd1', format: 'WORLD_CAFE', at: atDaysFromToday(startOf('IMPLEMENTATION') + 20, '18:00'), place: 'Bürgerhaus am Markt', topic: 'Wie wollen wir zusammenleben?', held: true, attendance: attendance(46, 9, 4, 3, 14), outcomes: 'Wunsch nach einem regelmäßigen Begegnungsort; Vereine bieten Patenschaften an.' },
        { id: 'd2', format: 'WALK', at: atDaysFromToday(16, '16:30'), place: 'Treffpunkt Bahnhofsvorplatz', topic: 'Stadtteilspaziergang Nordviertel', held: false, attendance: null },
      ]
    : [];

  // The self-check: a running first round in the self-check stage, the first round
  // submitted from the workshop on, a second one submitted before completion.
  const rounds: SelfCheckRound[] = [];
  if (reached(seed, 'WORKSHOP')) {
    rounds.push(submittedRound(framework, 1, daysFromToday(startOf('SELF_CHECK')), daysFromToday(startOf('WORKSHOP')), answersFor(seed, framework, 1)));
    if (seed.stage === 'COMPLETED') {
      const submittedOn = -seed.daysInStage - 3;
      rounds.push(submittedRound(framework, 2, daysFromToday(submittedOn - 12), daysFromToday(submittedOn), answersFor(seed, framework, 2)));
    }
  } else if (seed.stage === 'SELF_CHECK') {
    rounds.push(runningRound(1, daysFromToday(startOf('SELF_CHECK')), structuredClone(DRAFT_ANSWERS)));
  }
  const selfCheck = rounds.length ? resultsOf(framework, rounds) : null;

  const interview: MunicipalityDetail['interview'] = reached(seed, 'INTERVIEW')
    ? {
        at: seed.stage === 'INTERVIEW' ? atDaysFromToday(3, '10:00') : atDaysFromToday(startOf('INTERVIEW'), '10:00'),
        interviewer: TEAM_MEMBER.name,
        heldOn: seed.stage === 'INTERVIEW' ? null : daysFromToday((admittedOffset ?? -seed.daysInStage) - 1),
        eligibility:
          seed.stage === 'INTERVIEW'
            ? null
            : {
                decisionMakersSupport: true,
                contactPersonNamed: seed.stage !== 'DECLINED',
                sharesLearning: seed.stage !== 'ON_HOLD',
              },
        notes: seed.stage === 'INTERVIEW' ? null : 'Die Bürgermeisterin sagt die Unterstützung der Verwaltungsspitze zu.',
      }
    : null;

  return {
    id: seed.id,
    name: seed.name,
    land: seed.land,
    kind: seed.kind,
    population: seed.population,
    stage: seed.stage,
    daysInStage: seed.daysInStage,
    // The stub API adds the steps its commands accept for the viewer (`stepsFor`).
    availableSteps: [],
    interestOn: daysFromToday(-interestDaysAgo),
    admittedOn: admittedOffset !== null ? daysFromToday(admittedOffset) : null,
    windowEndsOn: admittedOffset !== null ? daysFromToday(admittedOffset + 182) : null,
    motivation:
      MOTIVATIONS[seed.id] ??
      'Wir möchten unsere Willkommenskultur auf eine verlässliche Grundlage stellen. In den letzten Jahren sind viele Familien zu uns gezogen; Verwaltung, Vereine und Schulen wollen ihre Angebote besser abstimmen und die Menschen vor Ort stärker in Entscheidungen einbinden.',
    contact: participating && (idx > admittedStageIdx || seed.facilitator) ? contactFor(seed, daysFromToday((admittedOffset ?? 0) + 2)) : null,
    facilitator: seed.facilitator,
    submitter: submitterFor(seed, daysFromToday(-interestDaysAgo)),
    timeline,
    tasks,
    selfCheck,
    workshop,
    support,
    dialogueEvents,
    interview,
    decisionReason:
      seed.stage === 'DECLINED'
        ? 'Keine Ansprechperson für die gesamte Laufzeit benannt'
        : seed.stage === 'ON_HOLD'
          ? 'Ratsbeschluss zur Teilnahme steht noch aus'
          : null,
    completedOn: seed.stage === 'COMPLETED' ? daysFromToday(-seed.daysInStage) : null,
    withdrawnOn: seed.stage === 'WITHDRAWN' ? daysFromToday(-seed.daysInStage) : null,
    fieldsOfAction: framework.fields.map((f) => ({ id: f.id, title: f.title })),
  };
}

export const MEDIAN_DAYS: Partial<Record<Stage, number>> = {
  INTEREST: 6,
  INTERVIEW: 12,
  WAITING_LIST: 27,
  ON_HOLD: 35,
  ONBOARDING: 9,
  SELF_CHECK: 23,
  WORKSHOP: 19,
  IMPLEMENTATION: 94,
};
