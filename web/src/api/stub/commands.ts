// The journey's commands on sample data: a small imitation of the server's rules, enough
// for the pages to show each form, a success and the typical refusals (a date in the
// future, an unmet eligibility criterion, missing completion criteria, a dialogue event
// after the participation window).

import type { Language, Stage } from '../../domain';
import type { CommandRefusal, CommandResult, JourneyCommand, MunicipalityDetail, Person } from '../types';
import { daysFromToday } from './data';

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

/** The stage the facts lead to (as the domain derives it). */
function stageOf(m: MunicipalityDetail): Stage {
  if (m.withdrawnOn) return 'WITHDRAWN';
  if (m.completedOn) return 'COMPLETED';
  if (!PARTICIPATING.includes(m.stage)) return m.stage;
  if (m.workshop?.held) return 'IMPLEMENTATION';
  if (m.selfCheck?.firstSubmittedOn) return 'WORKSHOP';
  if (m.contact && m.facilitator) return 'SELF_CHECK';
  return 'ONBOARDING';
}

/**
 * Applies `command` to `m` (in place) or says why not. `actor` appears on the timeline.
 */
export function applyCommand(
  m: MunicipalityDetail,
  command: JourneyCommand,
  { language, actor, facilitators }: { language: Language; actor: string; facilitators: Person[] },
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
  if (FINAL.includes(m.stage)) {
    return refuse('PARTICIPATION_ENDED', say(language, 'Die Teilnahme dieser Kommune ist beendet. Änderungen sind nicht mehr möglich.', "This municipality's participation has ended. No more changes are possible."));
  }
  const log = (type: string, detail?: string) =>
    m.timeline.unshift({ id: `t-${String(m.timeline.length + 1)}-${type}`, at: nowLocal(), type, actor, detail });

  switch (command.kind) {
    case 'scheduleInterview':
      m.interview = { at: command.at, interviewer: actor, heldOn: null, eligibility: null };
      if (m.stage === 'INTEREST' || m.stage === 'ON_HOLD') m.stage = 'INTERVIEW';
      log('InterviewScheduled');
      break;
    case 'recordInterview': {
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      m.interview ??= { at: `${command.heldOn}T10:00:00`, interviewer: actor, heldOn: null, eligibility: null };
      m.interview.heldOn = command.heldOn;
      m.interview.eligibility = command.eligibility;
      log('InterviewHeld');
      break;
    }
    case 'admit': {
      const e = m.interview?.eligibility;
      if (!e) {
        return refuse('INTERVIEW_NOT_HELD', say(language, 'Das Erstgespräch ist noch nicht erfasst. Bitte tragen Sie zuerst das Ergebnis des Erstgesprächs ein.', 'The initial interview has not been recorded yet. Please record its outcome first.'));
      }
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
      m.stage = 'ON_HOLD';
      m.decisionReason = command.reason;
      log('PutOnHold', command.reason);
      break;
    case 'decline':
      m.stage = 'DECLINED';
      m.decisionReason = command.reason;
      log('Declined', command.reason);
      break;
    case 'completeNextStep': {
      const step = m.workshop?.actionPlan.find((x) => x.id === command.stepId);
      if (!step) return refuse('UNKNOWN_ITEM', say(language, 'Diesen Schritt gibt es nicht.', 'There is no such step.'));
      if (!step.done) {
        step.done = true;
        log('NextStepCompleted', step.what);
      }
      break;
    }
    case 'withdraw':
      m.stage = 'WITHDRAWN';
      m.withdrawnOn = today;
      m.withdrawalReason = command.reason;
      log('Withdrew', command.reason);
      break;
    case 'assignContactPerson':
      m.contact = { ...command.contact, phone: command.contact.phone.trim() || null, since: today };
      log('ContactPersonAssigned');
      break;
    case 'assignFacilitator': {
      const f = facilitators.find((x) => x.id === command.facilitatorId);
      if (!f) {
        return refuse('INVALID_INPUT', say(language, 'Diese Person kann keine Kommune begleiten.', 'This person cannot facilitate a municipality.'), 'facilitatorId', 'not_a_facilitator');
      }
      m.facilitator = f;
      log('FacilitatorAssigned', f.name);
      break;
    }
    case 'scheduleWorkshop':
      if (!m.selfCheck?.firstSubmittedOn) {
        return refuse('SELF_CHECK_NOT_SUBMITTED', say(language, 'Der Selbstcheck wurde noch nicht abgegeben. Bitte geben Sie ihn zuerst ab.', 'The self-check has not been submitted yet. Please submit it first.'));
      }
      m.workshop = { at: command.at, place: command.place, facilitator: m.facilitator?.name ?? actor, held: false, heldOn: null, participants: null, priorities: [], actionPlan: [] };
      log('WorkshopScheduled');
      break;
    case 'recordWorkshop': {
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      if (!m.workshop) {
        return refuse('WORKSHOP_NOT_SCHEDULED', say(language, 'Der Workshop ist noch nicht geplant. Bitte legen Sie zuerst Termin und Ort fest.', 'The workshop has not been scheduled yet. Please set its date and place first.'));
      }
      const title = (id: string) => m.fieldsOfAction?.find((f) => f.id === id)?.title ?? id;
      m.workshop = {
        ...m.workshop,
        held: true,
        heldOn: command.heldOn,
        participants: command.participants,
        priorities: command.priorities.map(title),
        actionPlan: command.nextSteps.map((s, i) => ({ id: `new-step-${String(i)}`, ...s, done: false })),
      };
      log('WorkshopHeld');
      break;
    }
    case 'planSupport':
      m.support.push({ id: `s-${String(m.support.length + 1)}`, format: command.format, audience: command.audience, on: command.on, topic: command.topic, held: false, participants: null });
      log('SupportPlanned', command.topic);
      break;
    case 'recordSupport': {
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      const s = m.support.find((x) => x.id === command.supportId);
      if (!s) return refuse('UNKNOWN_ITEM', say(language, 'Dieser Eintrag wurde bei dieser Kommune nicht gefunden.', 'This entry could not be found for this municipality.'));
      s.held = true;
      s.participants = command.participants;
      log('SupportHeld', s.topic);
      break;
    }
    case 'planDialogueEvent': {
      const late = afterWindow(command.at, 'at');
      if (late) return late;
      m.dialogueEvents.push({ id: `d-${String(m.dialogueEvents.length + 1)}`, format: command.format, at: command.at, place: command.place, topic: command.topic, held: false, attendance: null });
      log('DialogueEventPlanned', command.topic);
      break;
    }
    case 'recordDialogueEvent': {
      const future = inFuture(command.heldOn, 'heldOn');
      if (future) return future;
      const e = m.dialogueEvents.find((x) => x.id === command.eventId);
      if (!e) return refuse('UNKNOWN_ITEM', say(language, 'Dieser Eintrag wurde bei dieser Kommune nicht gefunden.', 'This entry could not be found for this municipality.'));
      e.held = true;
      e.attendance = command.attendance;
      e.outcomes = command.outcomes || undefined;
      log('DialogueEventHeld', e.topic);
      break;
    }
    case 'complete': {
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
