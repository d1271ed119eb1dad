// The journey's commands on sample data: a small imitation of the server's rules
// (services/domain/src/municipality.rs, `decide`), enough for the pages to show each form,
// a success and the typical refusals (a step in the wrong stage, a date in the future, an
// unmet eligibility criterion, missing completion criteria, a dialogue event after the
// participation window, one already held or cancelled; an interview or workshop cancelled;
// a next step edited, given to someone or dropped, one already done or dropped; a format
// moved or cancelled; what was recorded corrected, what was not refused; the submitter's or
// the contact person's details corrected, with their history; a form closed as the same one
// sent again, and merged into the one kept).
//
// The steps a page or card offers (`availableSteps`) come from this imitation the way the
// server derives them (services/domain/src/steps.rs): each step's command is tried with a
// typical input on a copy, and what is accepted is offered; then who may take it
// (`mayTake`, as services/graphql/src/auth.rs). There is no list of possible steps here.
//
// The stub is to be replaced by mocks of the real operations (MSW answering the documents
// of operations.graphql); until then it must not grow rules of its own: anything the pages
// need to know about the journey comes from the server's answers.

import type { Language, Role, Stage } from '../../domain';
import type {
  CommandRefusal,
  CommandResult,
  ContactPerson,
  DialogueEvent,
  Duplicate,
  JourneyCommand,
  MunicipalityDetail,
  Person,
  PersonDetails,
  PlannedStep,
  StepKey,
  SupportItem,
} from '../types';
import { formatDate } from '../../format';
import { checkEmail, checkPhone, checkText, LIMITS } from '../../validation';
import { daysFromToday } from './data';
import { frameworkIn } from './framework';
import { resultsOf, runningRound } from './selfCheck';

const PARTICIPATING: readonly Stage[] = ['ONBOARDING', 'SELF_CHECK', 'WORKSHOP', 'IMPLEMENTATION'];
const FINAL: readonly Stage[] = ['COMPLETED', 'DECLINED', 'WITHDRAWN'];

function say(language: Language, de: string, en: string): string {
  return language === 'en' ? en : de;
}

function refuse(code: string, message: string, field?: string, reason = ''): CommandResult {
  const refusal: CommandRefusal = { code, message, fields: field ? [{ field, reason, message }] : [] };
  return { ok: false, refusal };
}

function nowLocal(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${daysFromToday(0, d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
}

/** A person's details as the correction form starts from them. */
function detailsOf(p: ContactPerson): PersonDetails {
  return { name: p.name, role: p.role, email: p.email, phone: p.phone ?? '' };
}

/** The fields of a person's details, with their labels in the history (as the server's). */
const PERSON_FIELDS = [
  ['name', 'Name', 'Name'],
  ['role', 'Funktion', 'Role'],
  ['email', 'E-Mail', 'Email'],
  ['phone', 'Telefon', 'Phone'],
] as const;

/**
 * Corrects the submitter's or the contact person's details (in place): the same details
 * again change nothing; else the details take the new values and their history a new
 * entry with each field that changed (the server also moves the contact person's account to
 * the new address, which the stub leaves out).
 */
function correctPerson(
  person: ContactPerson,
  details: PersonDetails,
  reason: string,
  { language, actor }: { language: Language; actor: string },
): { refusal: CommandResult } | { changed: boolean } {
  const checks = [
    ['name', checkText(details.name, LIMITS.name), 'Bitte geben Sie den Namen an (höchstens 120 Zeichen).', 'Please enter the name (at most 120 characters).'],
    ['role', checkText(details.role, LIMITS.shortText), 'Bitte geben Sie die Funktion an (höchstens 200 Zeichen).', 'Please enter the role (at most 200 characters).'],
    ['email', checkEmail(details.email), 'Bitte geben Sie eine gültige E-Mail-Adresse an.', 'Please enter a valid email address.'],
    ['phone', checkPhone(details.phone), 'Bitte geben Sie eine gültige Telefonnummer an.', 'Please enter a valid phone number.'],
  ] as const;
  for (const [field, code, de, en] of checks) {
    if (code) return { refusal: refuse('INVALID_INPUT', say(language, de, en), `details.${field}`, code) };
  }
  const after = { name: details.name.trim(), role: details.role.trim(), email: details.email.trim(), phone: details.phone.trim() };
  const changes = PERSON_FIELDS.filter(([key]) => (person[key] ?? '') !== after[key]).map(([key, de, en]) => ({
    field: say(language, de, en),
    before: person[key] ?? '',
    after: after[key],
  }));
  if (!changes.length) return { changed: false };
  Object.assign(person, { ...after, phone: after.phone || null });
  person.corrections = [...(person.corrections ?? []), { at: nowLocal(), by: actor, reason: reason.trim() || null, changes }];
  return { changed: true };
}

/**
 * The other half of closing a form as a duplicate with `merge` (in place, on the form
 * kept): it takes over the closed form's sender and motivation as a merged form, and its
 * timeline says so. Who sees the sender and the motivation is the API's (see stubApi.ts).
 */
export function mergeInto(kept: MunicipalityDetail, closed: MunicipalityDetail, { language, actor }: { language: Language; actor: string }) {
  const today = daysFromToday(0);
  kept.mergedForms = [
    ...(kept.mergedForms ?? []),
    {
      fromId: closed.id,
      submittedOn: closed.interestOn,
      mergedOn: today,
      submitter: closed.submitter && {
        name: closed.submitter.name,
        role: closed.submitter.role,
        email: closed.submitter.email,
        phone: closed.submitter.phone,
        erased: false,
      },
      motivation: closed.motivation || null,
    },
  ];
  const date = formatDate(closed.interestOn, language);
  kept.timeline.unshift({
    id: `t-${String(kept.timeline.length + 1)}-FormMerged`,
    at: nowLocal(),
    type: 'FormMerged',
    actor,
    detail: say(language, `Zweite Interessenbekundung vom ${date} übernommen (zusammengeführt)`, `Second interest form of ${date} taken over (merged)`),
  });
}

/** The stage the facts lead to (as the domain derives it). */
export function stageOf(m: MunicipalityDetail): Stage {
  if (m.withdrawnOn) return 'WITHDRAWN';
  if (m.completedOn) return 'COMPLETED';
  if (!PARTICIPATING.includes(m.stage)) return m.stage;
  if (m.workshop?.held) return 'IMPLEMENTATION';
  if (m.selfCheck?.firstSubmittedOn) return 'WORKSHOP';
  if (m.contact && m.facilitator) return 'SELF_CHECK';
  return 'ONBOARDING';
}

/**
 * Applies `command` to `m` (in place) or says why not. `actor` appears on the timeline;
 * `formOf` names another municipality's form (the one kept when a form is closed as a
 * duplicate; which forms may be kept is the API's check, see stubApi.ts).
 */
export function applyCommand(
  m: MunicipalityDetail,
  command: JourneyCommand,
  {
    language,
    actor,
    facilitators,
    formOf = () => null,
  }: { language: Language; actor: string; facilitators: Person[]; formOf?: (id: string) => Duplicate | null },
): CommandResult {
  const today = daysFromToday(0);
  const inFuture = (date: string, field: string) =>
    date > today
      ? refuse(
          'DATE_IN_FUTURE',
          say(language, 'Das Datum liegt in der Zukunft. Bitte erfassen Sie nur, was schon stattgefunden hat.', 'The date lies in the future. Please record only what has already happened.'),
          field,
        )
      : null;
  const afterWindow = (date: string, field: string) =>
    m.windowEndsOn && date.slice(0, 10) > m.windowEndsOn
      ? refuse(
          'OUTSIDE_PARTICIPATION_WINDOW',
          say(language, 'Das Datum liegt nach dem Ende des Teilnahmezeitraums. Bitte wählen Sie ein früheres Datum.', 'The date is after the end of the participation period. Please choose an earlier date.'),
          field,
        )
      : null;
  /** A field of action by its title, as the page shows the workshop's priorities. */
  const fieldTitle = (id: string) => m.fieldsOfAction?.find((f) => f.id === id)?.title ?? id;
  const log = (type: string, detail?: string) =>
    m.timeline.unshift({ id: `t-${String(m.timeline.length + 1)}-${type}`, at: nowLocal(), type, actor, detail });
  const alreadyCancelled = () =>
    refuse('ALREADY_CANCELLED', say(language, 'Dieser Termin ist abgesagt. Planen Sie bei Bedarf einen neuen.', 'This appointment has been cancelled. Plan a new one if needed.'));
  if (command.kind === 'correctProfile') {
    // As the domain: a wrong name or population is corrected whenever it is noticed, also
    // after the participation ended; the same profile again changes nothing.
    if (checkText(command.name, LIMITS.name)) {
      return refuse('INVALID_INPUT', say(language, 'Bitte geben Sie den Namen der Kommune an (höchstens 120 Zeichen).', "Please enter the municipality's name (at most 120 characters)."), 'name', 'invalid');
    }
    if (!Number.isInteger(command.population) || command.population < 1 || command.population > LIMITS.populationMax) {
      return refuse('INVALID_INPUT', say(language, 'Die Einwohnerzahl muss zwischen 1 und 4.000.000 liegen.', 'The population must be between 1 and 4,000,000.'), 'population', 'out_of_range');
    }
    const name = command.name.trim();
    const same = name === m.name && command.land === m.land && command.municipalityKind === m.kind && command.population === m.population;
    if (!same) {
      m.name = name;
      m.land = command.land;
      m.kind = command.municipalityKind;
      m.population = command.population;
      log('ProfileCorrected', command.reason.trim() || undefined);
    }
    return { ok: true };
  }
  if (command.kind === 'correctSubmitter' || command.kind === 'correctContactDetails') {
    // As the domain: a person's details are corrected whenever a mistake is noticed, also
    // after the participation ended; the contact person's only while there is one.
    const contact = command.kind === 'correctContactDetails';
    const person = contact ? m.contact : m.submitter;
    if (!person) {
      return contact
        ? refuse('NO_CONTACT_PERSON', say(language, 'Die Kommune hat noch keine Ansprechperson.', 'The municipality has no contact person yet.'))
        : refuse('DETAILS_ERASED', say(language, 'Die Angaben dieser Person wurden gelöscht und lassen sich daher nicht mehr berichtigen.', "This person's details have been erased and can therefore no longer be corrected."));
    }
    const outcome = correctPerson(person, command.details, command.reason, { language, actor });
    if ('refusal' in outcome) return outcome.refusal;
    if (outcome.changed) log(contact ? 'ContactDetailsCorrected' : 'SubmitterCorrected', command.reason.trim() || undefined);
    return { ok: true };
  }
  // As the domain: what was recorded of a held interview, workshop, format or dialogue
  // event is corrected whenever a mistake is noticed, also after the participation ended;
  // the same values again change nothing.
  const notYetHeld = () =>
    refuse('NOT_YET_HELD', say(language, 'Das ist noch nicht als stattgefunden erfasst. Berichtigen lässt sich nur, was erfasst ist.', 'This has not been recorded as held yet. Only what was recorded can be corrected.'));
  const unknownItem = () =>
    refuse('UNKNOWN_ITEM', say(language, 'Dieser Eintrag wurde bei dieser Kommune nicht gefunden.', 'This entry could not be found for this municipality.'));
  const interviewNotHeld = () =>
    refuse('INTERVIEW_NOT_HELD', say(language, 'Das Erstgespräch ist noch nicht erfasst. Bitte tragen Sie zuerst das Ergebnis des Erstgesprächs ein.', 'The initial interview has not been recorded yet. Please record its outcome first.'));
  /** Takes the corrected values unless they are the recorded ones; the timeline says so. */
  const correct = <T extends object>(recorded: T, values: Partial<T>, event: string, reason: string): CommandResult => {
    const same = Object.entries(values).every(([key, value]) => JSON.stringify(recorded[key as keyof T] ?? null) === JSON.stringify(value ?? null));
    if (!same) {
      Object.assign(recorded, values);
      log(event, reason.trim() || undefined);
    }
    return { ok: true };
  };
  /** Notes as recorded: none when empty. */
  const noted = (notes: string) => notes.trim() || null;
  switch (command.kind) {
    case 'correctInterview': {
      const i = m.interview;
      if (!i?.heldOn) return interviewNotHeld();
      return correct(i, { eligibility: command.eligibility, notes: noted(command.notes) }, 'InterviewCorrected', command.reason);
    }
    case 'correctWorkshop': {
      const w = m.workshop;
      if (!w?.held) {
        return refuse('WORKSHOP_NOT_HELD', say(language, 'Der Workshop hat noch nicht stattgefunden. Bitte erfassen Sie zuerst den Workshop.', 'The workshop has not been held yet. Please record the workshop first.'));
      }
      const values = { participants: command.participants, priorities: command.priorities.map(fieldTitle), notes: noted(command.notes) };
      return correct(w, values, 'WorkshopCorrected', command.reason);
    }
    case 'correctSupport': {
      const x = m.support.find((s) => s.id === command.supportId);
      if (!x) return unknownItem();
      if (!x.held) return notYetHeld();
      return correct(x, { participants: command.participants, notes: noted(command.notes) }, 'SupportCorrected', command.reason);
    }
    case 'correctDialogueEvent': {
      const x = m.dialogueEvents.find((e) => e.id === command.eventId);
      if (!x) return unknownItem();
      if (!x.held) return notYetHeld();
      return correct(x, { attendance: command.attendance, outcomes: command.outcomes.trim() || undefined }, 'DialogueEventCorrected', command.reason);
    }
  }
  if (FINAL.includes(m.stage)) {
    return refuse('PARTICIPATION_ENDED', say(language, 'Die Teilnahme dieser Kommune ist beendet. Änderungen sind nicht mehr möglich.', "This municipality's participation has ended. No more changes are possible."));
  }
  const wrongStage = () =>
    refuse('WRONG_STAGE', say(language, 'Dieser Schritt ist in der aktuellen Phase nicht möglich.', 'This step is not possible in the current stage.'));
  const alreadyHeld = (code = 'ALREADY_HELD') =>
    refuse(code, say(language, 'Das ist bereits als stattgefunden erfasst.', 'This has already been recorded as held.'));
  /** A dialogue event that can still be moved, cancelled or recorded (as the domain's `ensure_open`). */
  const openEvent = (eventId: string): { event: DialogueEvent } | { refusal: CommandResult } => {
    const e = m.dialogueEvents.find((x) => x.id === eventId);
    if (!e) return { refusal: unknownItem() };
    if (e.held) return { refusal: alreadyHeld() };
    if (e.cancelledOn) return { refusal: alreadyCancelled() };
    return { event: e };
  };
  /** A next step of the action plan that can still be done, edited or dropped. */
  const openStep = (stepId: string): { step: PlannedStep } | { refusal: CommandResult } => {
    const step = m.workshop?.actionPlan.find((x) => x.id === stepId);
    if (!step) return { refusal: refuse('UNKNOWN_ITEM', say(language, 'Diesen Schritt gibt es nicht.', 'There is no such step.')) };
    if (step.done) return { refusal: refuse('ALREADY_DONE', say(language, 'Dieser Schritt ist bereits erledigt.', 'This step has already been done.')) };
    if (step.droppedOn) {
      return { refusal: refuse('STEP_DROPPED', say(language, 'Dieser Schritt wurde aus dem Aktionsplan gestrichen.', 'This step has been dropped from the action plan.')) };
    }
    return { step };
  };
  /** A format for decision-makers that can still be moved, cancelled or recorded. */
  const openSupport = (supportId: string): { item: SupportItem } | { refusal: CommandResult } => {
    const s = m.support.find((x) => x.id === supportId);
    if (!s) return { refusal: unknownItem() };
    if (s.held) return { refusal: alreadyHeld() };
    if (s.cancelledOn) return { refusal: alreadyCancelled() };
    return { item: s };
  };
  /** A format's time and place as given, empty as none; a time is "16:00" (as the server's check). */
  const timeAndPlace = (time: string, place: string): { time: string | null; place: string | null } | { refusal: CommandResult } => {
    const t = time.trim();
    if (t && !/^([01]\d|2[0-3]):[0-5]\d$/.test(t)) {
      return { refusal: refuse('INVALID_INPUT', say(language, 'Bitte geben Sie bei Uhrzeit eine gültige Uhrzeit an, z. B. 16:00.', 'Please enter a valid time for Time, e.g. 16:00.'), 'time', 'invalid_time') };
    }
    return { time: t || null, place: place.trim() || null };
  };
  const inStage = (...stages: Stage[]) => stages.includes(m.stage);
  const participating = PARTICIPATING.includes(m.stage);

  switch (command.kind) {
    case 'scheduleInterview':
      if (!inStage('INTEREST', 'INTERVIEW', 'ON_HOLD')) return wrongStage();
      if (m.stage === 'INTERVIEW' && m.interview?.heldOn) return alreadyHeld();
      m.interview = { at: command.at, interviewer: actor, heldOn: null, eligibility: null };
      if (m.stage === 'INTEREST' || m.stage === 'ON_HOLD') m.stage = 'INTERVIEW';
      log('InterviewScheduled');
      break;
    case 'cancelInterview':
      // As the domain: the scheduled interview, not held or cancelled, in the stage
      // "Erstgespräch"; the municipality is back at "Interesse" until a new date is set.
      if (!m.interview) {
        return refuse('NO_INTERVIEW_SCHEDULED', say(language, 'Es ist noch kein Erstgespräch vereinbart.', 'No initial interview has been scheduled yet.'));
      }
      if (m.interview.heldOn) return alreadyHeld();
      if (m.interview.cancelledOn) return alreadyCancelled();
      if (m.stage !== 'INTERVIEW') return wrongStage();
      m.interview.cancelledOn = today;
      m.interview.cancellationReason = command.reason;
      m.stage = 'INTEREST';
      m.daysInStage = 0;
      log('InterviewCancelled', command.reason);
      break;
    case 'recordInterview': {
      if (!m.interview) {
        return refuse('NO_INTERVIEW_SCHEDULED', say(language, 'Es ist noch kein Erstgespräch vereinbart.', 'No initial interview has been scheduled yet.'));
      }
      if (m.interview.cancelledOn) return alreadyCancelled();
      if (m.stage !== 'INTERVIEW') return wrongStage();
      if (m.interview.heldOn) return alreadyHeld();
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      m.interview.heldOn = command.heldOn;
      m.interview.eligibility = command.eligibility;
      m.interview.notes = noted(command.notes);
      log('InterviewHeld');
      break;
    }
    case 'admit': {
      if (!inStage('INTERVIEW', 'WAITING_LIST', 'ON_HOLD')) return wrongStage();
      const e = m.interview?.eligibility;
      if (!e) return interviewNotHeld();
      if (!e.decisionMakersSupport || !e.contactPersonNamed || !e.sharesLearning) {
        return refuse('NOT_ELIGIBLE', say(language, 'Die Kommune kann noch nicht zugelassen werden, weil nicht alle drei Kriterien erfüllt sind. Sie können die Kommune zurückstellen, bis alle Voraussetzungen erfüllt sind.', 'The municipality cannot be admitted yet because not all three criteria are met. You can put it on hold until every requirement is met.'));
      }
      m.stage = 'ONBOARDING';
      m.admittedOn = today;
      m.windowEndsOn = daysFromToday(182);
      log('Admitted');
      break;
    }
    case 'putOnHold':
      if (!inStage('INTEREST', 'INTERVIEW', 'WAITING_LIST')) return wrongStage();
      m.stage = 'ON_HOLD';
      m.decisionReason = command.reason;
      log('PutOnHold', command.reason);
      break;
    case 'decline':
      if (!inStage('INTEREST', 'INTERVIEW', 'WAITING_LIST', 'ON_HOLD')) return wrongStage();
      m.stage = 'DECLINED';
      m.decisionReason = command.reason;
      log('Declined', command.reason);
      break;
    case 'closeAsDuplicate': {
      // As the domain: before admission; declined without a letter, the other form kept.
      if (!inStage('INTEREST', 'INTERVIEW', 'WAITING_LIST', 'ON_HOLD')) return wrongStage();
      const kept = formOf(command.ofId);
      m.stage = 'DECLINED';
      m.daysInStage = 0;
      m.duplicateOf = kept;
      // Merged: the sender and motivation go to the form kept (see `mergeInto`).
      log(
        'ClosedAsDuplicate',
        command.merge
          ? say(
              language,
              'Mit der anderen Anmeldung zusammengeführt und geschlossen: Absender:in und Motivation stehen jetzt dort',
              'Merged into the other form and closed: its sender and motivation are now there',
            )
          : kept?.name,
      );
      break;
    }
    case 'completeNextStep': {
      if (!participating) return wrongStage();
      const found = openStep(command.stepId);
      if ('refusal' in found) return found.refusal;
      const step = found.step;
      step.done = true;
      log('NextStepCompleted', step.what);
      break;
    }
    case 'editNextStep': {
      if (!participating) return wrongStage();
      const found = openStep(command.stepId);
      if ('refusal' in found) return found.refusal;
      const step = found.step;
      const invalid = (field: string) =>
        refuse('INVALID_INPUT', say(language, 'Bitte füllen Sie dieses Feld aus (höchstens 200 Zeichen).', 'Please fill in this field (at most 200 characters).'), field, 'invalid');
      if (checkText(command.what, LIMITS.shortText)) return invalid('nextSteps.what');
      if (checkText(command.who, LIMITS.shortText)) return invalid('nextSteps.who');
      if (m.workshop?.heldOn && command.due < m.workshop.heldOn) {
        return refuse('INVALID_INPUT', say(language, 'Ein Schritt kann nicht vor dem Workshop fällig sein.', 'A step cannot be due before the workshop.'), 'nextSteps.due', 'before_workshop');
      }
      const what = command.what.trim();
      const who = command.who.trim();
      if (what === step.what && who === step.who && command.due === step.due) break;
      step.what = what;
      step.who = who;
      step.due = command.due;
      // Its task follows (the sample tasks of next steps carry the step's id as key).
      for (const task of m.tasks) {
        if (task.kind === 'NEXT_STEP' && task.key === step.id) {
          task.title = what;
          task.due = command.due;
        }
      }
      log('NextStepEdited', what);
      break;
    }
    case 'assignNextStep': {
      // As the domain: an open step; to the facilitator only once there is one. Whether
      // `userId` is one of the colleagues is the API's check (see stubApi.ts).
      if (!participating) return wrongStage();
      const found = openStep(command.stepId);
      if ('refusal' in found) return found.refusal;
      const step = found.step;
      if (command.to === 'FACILITATOR' && !m.facilitator) {
        return refuse('NO_FACILITATOR', say(language, 'Für diese Kommune ist noch keine Prozessbegleitung zugewiesen. Bitte weisen Sie zuerst eine Prozessbegleitung zu.', 'No facilitator has been assigned to this municipality yet. Please assign a facilitator first.'));
      }
      const ownerUser = command.to === 'COLLEAGUE' ? ((m.colleagues ?? []).find((c) => c.id === command.userId) ?? null) : null;
      if ((step.owner ?? 'CONTACT_PERSON') === command.to && (step.ownerUser?.id ?? null) === (ownerUser?.id ?? null)) break;
      step.owner = command.to;
      step.ownerUser = ownerUser;
      // Its task goes to them (the sample tasks of next steps carry the step's id as key).
      for (const task of m.tasks) {
        if (task.kind === 'NEXT_STEP' && task.key === step.id) task.assignee = command.to === 'FACILITATOR' ? 'FACILITATOR' : 'CONTACT';
      }
      log('NextStepAssigned', step.what);
      break;
    }
    case 'dropNextStep': {
      if (!participating) return wrongStage();
      const found = openStep(command.stepId);
      if ('refusal' in found) return found.refusal;
      const step = found.step;
      step.droppedOn = today;
      step.dropReason = command.reason;
      // Nobody is asked to do it any more.
      m.tasks = m.tasks.filter((task) => !(task.kind === 'NEXT_STEP' && task.key === step.id));
      log('NextStepDropped', command.reason);
      break;
    }
    case 'withdraw':
      m.stage = 'WITHDRAWN';
      m.withdrawnOn = today;
      m.withdrawalReason = command.reason;
      log('Withdrew', command.reason);
      break;
    case 'assignContactPerson':
      if (!participating) return wrongStage();
      m.contact = { ...command.contact, phone: command.contact.phone.trim() || null, since: today };
      log('ContactPersonAssigned');
      break;
    case 'assignFacilitator': {
      if (!participating) return wrongStage();
      const f = facilitators.find((x) => x.id === command.facilitatorId);
      if (!f) {
        return refuse('INVALID_INPUT', say(language, 'Diese Person kann keine Kommune begleiten.', 'This person cannot facilitate a municipality.'), 'facilitatorId', 'not_a_facilitator');
      }
      m.facilitator = f;
      log('FacilitatorAssigned', f.name);
      break;
    }
    case 'startSelfCheck': {
      // As the domain: a contact person first; one round at a time; the second round only
      // once the workshop was held; no third.
      if (!participating) return wrongStage();
      if (!m.contact) {
        return refuse('NO_CONTACT_PERSON', say(language, 'Die Kommune hat noch keine Ansprechperson.', 'The municipality has no contact person yet.'));
      }
      const rounds = m.selfCheck?.rounds ?? [];
      if (rounds.some((r) => r.submittedOn === null)) {
        return refuse('SELF_CHECK_ALREADY_STARTED', say(language, 'Der Selbstcheck läuft bereits.', 'The self-check is already under way.'));
      }
      if (rounds.length === 1 && !m.workshop?.held) {
        return refuse('SECOND_SELF_CHECK_TOO_EARLY', say(language, 'Der zweite Selbstcheck ist erst nach dem Workshop möglich.', 'The second self-check is only possible after the workshop.'));
      }
      if (rounds.length >= 2) {
        return refuse('SELF_CHECK_ALREADY_SUBMITTED', say(language, 'Beide Runden des Selbstchecks sind abgeschickt.', 'Both rounds of the self-check have been submitted.'));
      }
      const framework = frameworkIn(language);
      m.selfCheck = resultsOf(framework, [...rounds, runningRound(rounds.length + 1, today)]);
      log('SelfCheckStarted');
      break;
    }
    case 'scheduleWorkshop':
      if (!participating) return wrongStage();
      if (!m.selfCheck?.firstSubmittedOn) {
        return refuse('SELF_CHECK_NOT_SUBMITTED', say(language, 'Der Selbstcheck wurde noch nicht abgegeben. Bitte geben Sie ihn zuerst ab.', 'The self-check has not been submitted yet. Please submit it first.'));
      }
      if (m.workshop?.held) return alreadyHeld('WORKSHOP_ALREADY_HELD');
      m.workshop = { at: command.at, place: command.place, facilitator: m.facilitator?.name ?? actor, held: false, heldOn: null, participants: null, priorities: [], actionPlan: [] };
      log('WorkshopScheduled');
      break;
    case 'cancelWorkshop':
      if (!participating) return wrongStage();
      if (!m.workshop) {
        return refuse('WORKSHOP_NOT_SCHEDULED', say(language, 'Der Workshop ist noch nicht geplant. Bitte legen Sie zuerst Termin und Ort fest.', 'The workshop has not been scheduled yet. Please set its date and place first.'));
      }
      if (m.workshop.held) return alreadyHeld('WORKSHOP_ALREADY_HELD');
      if (m.workshop.cancelledOn) return alreadyCancelled();
      m.workshop.cancelledOn = today;
      m.workshop.cancellationReason = command.reason;
      log('WorkshopCancelled', command.reason);
      break;
    case 'recordWorkshop': {
      if (!participating) return wrongStage();
      if (!m.workshop) {
        return refuse('WORKSHOP_NOT_SCHEDULED', say(language, 'Der Workshop ist noch nicht geplant. Bitte legen Sie zuerst Termin und Ort fest.', 'The workshop has not been scheduled yet. Please set its date and place first.'));
      }
      if (m.workshop.held) return alreadyHeld('WORKSHOP_ALREADY_HELD');
      if (m.workshop.cancelledOn) return alreadyCancelled();
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      m.workshop = {
        ...m.workshop,
        held: true,
        heldOn: command.heldOn,
        participants: command.participants,
        priorities: command.priorities.map(fieldTitle),
        notes: noted(command.notes),
        actionPlan: command.nextSteps.map((s, i) => ({ id: `new-step-${String(i)}`, ...s, done: false })),
      };
      log('WorkshopHeld');
      break;
    }
    case 'planSupport': {
      if (!participating) return wrongStage();
      const when = timeAndPlace(command.time, command.place);
      if ('refusal' in when) return when.refusal;
      m.support.push({ id: `s-${String(m.support.length + 1)}`, format: command.format, audience: command.audience, on: command.on, ...when, topic: command.topic, held: false, participants: null });
      log('SupportPlanned', command.topic);
      break;
    }
    case 'recordSupport': {
      if (!participating) return wrongStage();
      const found = openSupport(command.supportId);
      if ('refusal' in found) return found.refusal;
      const s = found.item;
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      s.held = true;
      s.participants = command.participants;
      s.notes = noted(command.notes);
      log('SupportHeld', s.topic);
      break;
    }
    case 'moveSupport': {
      // As the domain: the format planned again under its id (the timeline says "planned").
      if (!participating) return wrongStage();
      const found = openSupport(command.supportId);
      if ('refusal' in found) return found.refusal;
      const s = found.item;
      const late = afterWindow(command.on, 'on');
      if (late) return late;
      // As the domain: the time and place are the ones given with the move (none when empty).
      const when = timeAndPlace(command.time, command.place);
      if ('refusal' in when) return when.refusal;
      s.on = command.on;
      s.time = when.time;
      s.place = when.place;
      log('SupportPlanned', s.topic);
      break;
    }
    case 'cancelSupport': {
      if (!participating) return wrongStage();
      const found = openSupport(command.supportId);
      if ('refusal' in found) return found.refusal;
      const s = found.item;
      s.cancelledOn = today;
      s.cancellationReason = command.reason;
      log('SupportCancelled', command.reason);
      break;
    }
    case 'planDialogueEvent': {
      if (!participating) return wrongStage();
      const late = afterWindow(command.at, 'at');
      if (late) return late;
      m.dialogueEvents.push({ id: `d-${String(m.dialogueEvents.length + 1)}`, format: command.format, at: command.at, place: command.place, topic: command.topic, held: false, attendance: null });
      log('DialogueEventPlanned', command.topic);
      break;
    }
    case 'moveDialogueEvent': {
      // As the domain: the event planned again under its id (the timeline says "planned").
      if (!participating) return wrongStage();
      const found = openEvent(command.eventId);
      if ('refusal' in found) return found.refusal;
      const e = found.event;
      const late = afterWindow(command.at, 'at');
      if (late) return late;
      e.at = command.at;
      if (command.place.trim()) e.place = command.place.trim();
      log('DialogueEventPlanned', e.topic);
      break;
    }
    case 'cancelDialogueEvent': {
      if (!participating) return wrongStage();
      const found = openEvent(command.eventId);
      if ('refusal' in found) return found.refusal;
      const e = found.event;
      e.cancelledOn = today;
      e.cancellationReason = command.reason;
      log('DialogueEventCancelled', command.reason);
      break;
    }
    case 'recordDialogueEvent': {
      if (!participating) return wrongStage();
      const found = openEvent(command.eventId);
      if ('refusal' in found) return found.refusal;
      const e = found.event;
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      e.held = true;
      e.attendance = command.attendance;
      e.outcomes = command.outcomes || undefined;
      log('DialogueEventHeld', e.topic);
      break;
    }
    case 'complete': {
      if (!participating) return wrongStage();
      const missing = !m.selfCheck?.firstSubmittedOn || !m.workshop?.held || !m.dialogueEvents.some((e) => e.held);
      if (missing) {
        return refuse('COMPLETION_CRITERIA_NOT_MET', say(language, 'Die Teilnahme kann noch nicht abgeschlossen werden: Selbstcheck, Workshop und mindestens eine Dialogveranstaltung müssen erfasst sein.', 'The participation cannot be completed yet: the self-check, the workshop and at least one dialogue event must be recorded.'));
      }
      m.completedOn = today;
      m.learning = command.learning;
      log('ParticipationCompleted');
      break;
    }
  }
  const stage = stageOf(m);
  if (stage !== m.stage) {
    m.stage = stage;
    m.daysInStage = 0;
  }
  return { ok: true };
}

/** Who asks: the signed-in user of the stub. */
export interface Viewer {
  id: string;
  role: Role;
  /** For contact persons: their municipality. */
  municipalityId?: string | undefined;
}

/**
 * Whether the viewer may take a step of this municipality (by role and relation), as the
 * server's authorisation says (services/graphql/src/auth.rs, `may_take`).
 */
export function mayTake(viewer: Viewer, m: MunicipalityDetail, step: StepKey): boolean {
  switch (viewer.role) {
    case 'team':
      return true;
    case 'facilitator':
      return (
        m.facilitator?.id === viewer.id &&
        [
          'scheduleWorkshop',
          'cancelWorkshop',
          'recordWorkshop',
          'planSupport',
          'moveSupport',
          'cancelSupport',
          'recordSupport',
          'planDialogueEvent',
          'moveDialogueEvent',
          'cancelDialogueEvent',
          'recordDialogueEvent',
          'correctWorkshop',
          'correctSupport',
          'correctDialogueEvent',
          'completeNextStep',
          'editNextStep',
          'assignNextStep',
          'dropNextStep',
        ].includes(step)
      );
    case 'contact':
      return (
        viewer.municipalityId === m.id &&
        [
          'startSelfCheck',
          'saveSelfCheckAnswer',
          'submitSelfCheck',
          'completeNextStep',
          'editNextStep',
          'assignNextStep',
          'planDialogueEvent',
          'moveDialogueEvent',
          'cancelDialogueEvent',
          'recordDialogueEvent',
          'correctDialogueEvent',
        ].includes(step)
      );
    case 'funder':
      return false;
  }
}

/**
 * Each step's command with a typical input (as services/domain/src/steps.rs chooses
 * them): today's date (or the window's last day), a dash for texts; one command per item
 * for a step on items. Null for saving and submitting self-check answers, which the stub
 * does not imitate as steps.
 * In journey order.
 */
function typicalCommands(m: MunicipalityDetail, facilitators: Person[]): Record<StepKey, JourneyCommand[] | null> {
  const today = daysFromToday(0);
  const day = m.windowEndsOn && m.windowEndsOn < today ? m.windowEndsOn : today;
  const at = `${day}T10:00:00`;
  const text = '–';
  return {
    scheduleInterview: [{ kind: 'scheduleInterview', at }],
    cancelInterview: [{ kind: 'cancelInterview', reason: text }],
    recordInterview: [
      {
        kind: 'recordInterview',
        heldOn: today,
        eligibility: { decisionMakersSupport: false, contactPersonNamed: false, sharesLearning: false },
        notes: '',
      },
    ],
    admit: [{ kind: 'admit' }],
    putOnHold: [{ kind: 'putOnHold', reason: text }],
    decline: [{ kind: 'decline', reason: text }],
    // Any form: which one may be kept is the API's check, not the journey's.
    closeAsDuplicate: [{ kind: 'closeAsDuplicate', ofId: '', merge: false }],
    assignContactPerson: [
      { kind: 'assignContactPerson', contact: { name: text, role: text, email: 'kontakt@example.org', phone: '', language: 'de' } },
    ],
    assignFacilitator: facilitators.slice(0, 1).map((f) => ({ kind: 'assignFacilitator', facilitatorId: f.id })),
    startSelfCheck: [{ kind: 'startSelfCheck' }],
    saveSelfCheckAnswer: null,
    submitSelfCheck: null,
    scheduleWorkshop: [{ kind: 'scheduleWorkshop', at, place: text, invited: [] }],
    cancelWorkshop: [{ kind: 'cancelWorkshop', reason: text }],
    recordWorkshop: [
      {
        kind: 'recordWorkshop',
        heldOn: today,
        participants: 1,
        priorities: (m.fieldsOfAction ?? []).slice(0, 1).map((f) => f.id),
        nextSteps: [],
        notes: '',
      },
    ],
    completeNextStep: (m.workshop?.actionPlan ?? []).map((s) => ({ kind: 'completeNextStep', stepId: s.id })),
    editNextStep: (m.workshop?.actionPlan ?? []).map((s) => ({ kind: 'editNextStep', stepId: s.id, what: s.what, who: s.who, due: s.due })),
    assignNextStep: (m.workshop?.actionPlan ?? []).map((s) => ({ kind: 'assignNextStep', stepId: s.id, to: 'CONTACT_PERSON', userId: null })),
    dropNextStep: (m.workshop?.actionPlan ?? []).map((s) => ({ kind: 'dropNextStep', stepId: s.id, reason: text })),
    planSupport: [{ kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: day, topic: text, time: '', place: '' }],
    moveSupport: m.support.map((s) => ({ kind: 'moveSupport', supportId: s.id, on: day, time: '', place: '' })),
    cancelSupport: m.support.map((s) => ({ kind: 'cancelSupport', supportId: s.id, reason: text })),
    recordSupport: m.support.map((s) => ({ kind: 'recordSupport', supportId: s.id, heldOn: today, participants: 1, notes: '' })),
    planDialogueEvent: [{ kind: 'planDialogueEvent', format: 'WORLD_CAFE', at, place: text, topic: text }],
    moveDialogueEvent: m.dialogueEvents.map((e) => ({ kind: 'moveDialogueEvent', eventId: e.id, at, place: '' })),
    cancelDialogueEvent: m.dialogueEvents.map((e) => ({ kind: 'cancelDialogueEvent', eventId: e.id, reason: text })),
    recordDialogueEvent: m.dialogueEvents.map((e) => ({
      kind: 'recordDialogueEvent',
      eventId: e.id,
      heldOn: today,
      attendance: { RESIDENTS: 1, ADMINISTRATION: 0, POLITICS: 0, BUSINESS: 0, CIVIL_SOCIETY: 0 },
      outcomes: '',
    })),
    complete: [{ kind: 'complete', learning: text }],
    correctProfile: [
      { kind: 'correctProfile', name: m.name, land: m.land, municipalityKind: m.kind, population: m.population, reason: '' },
    ],
    // The details as they stand, where there is such a person.
    correctSubmitter: m.submitter ? [{ kind: 'correctSubmitter', details: detailsOf(m.submitter), reason: '' }] : [],
    correctContactDetails: m.contact ? [{ kind: 'correctContactDetails', details: detailsOf(m.contact), reason: '' }] : [],
    correctInterview: [
      {
        kind: 'correctInterview',
        eligibility: m.interview?.eligibility ?? { decisionMakersSupport: false, contactPersonNamed: false, sharesLearning: false },
        notes: m.interview?.notes ?? '',
        reason: '',
      },
    ],
    correctWorkshop: [
      {
        kind: 'correctWorkshop',
        participants: m.workshop?.participants ?? 1,
        priorities: (m.fieldsOfAction ?? []).filter((f) => m.workshop?.priorities.includes(f.title)).map((f) => f.id),
        notes: m.workshop?.notes ?? '',
        reason: '',
      },
    ],
    correctSupport: m.support.map((s) => ({ kind: 'correctSupport', supportId: s.id, participants: s.participants ?? 1, notes: s.notes ?? '', reason: '' })),
    correctDialogueEvent: m.dialogueEvents.map((e) => ({
      kind: 'correctDialogueEvent',
      eventId: e.id,
      attendance: e.attendance ?? { RESIDENTS: 1, ADMINISTRATION: 0, POLITICS: 0, BUSINESS: 0, CIVIL_SOCIETY: 0 },
      outcomes: e.outcomes ?? '',
      reason: '',
    })),
    withdraw: [{ kind: 'withdraw', reason: text }],
  };
}

/**
 * The steps the viewer can take now: those whose command `applyCommand` accepts (tried on
 * a copy, for some item where the step acts on one) and the viewer may take, in journey order.
 */
export function stepsFor(m: MunicipalityDetail, viewer: Viewer, facilitators: Person[]): StepKey[] {
  const accepted = (command: JourneyCommand) =>
    applyCommand(structuredClone(m), command, { language: 'de', actor: '', facilitators }).ok;
  return Object.entries(typicalCommands(m, facilitators))
    .filter(([step, commands]) => mayTake(viewer, m, step as StepKey) && (commands ?? []).some(accepted))
    .map(([step]) => step as StepKey);
}
