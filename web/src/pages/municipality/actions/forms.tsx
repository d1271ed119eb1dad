// The forms for each step of the journey. Each keeps its own inputs, checks them, builds
// the command and leaves running it to <ActionForm>.

import { useState, type ComponentType, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type {
  Attendance,
  ContactPerson,
  DialogueEvent,
  Eligibility,
  FieldOption,
  JourneyCommand,
  MunicipalityDetail,
  Person,
  PersonDetails,
  PlannedStep,
  SupportItem,
} from '../../../api/types';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../../../components/fields';
import { useLanguage } from '../../../components/useLanguage';
import {
  AUDIENCES,
  BUNDESLAENDER,
  MUNICIPALITY_KINDS,
  DIALOGUE_FORMATS,
  LANGUAGES,
  STAKEHOLDER_GROUPS,
  SUPPORT_FORMATS,
  isLanguage,
  type Audience,
  type Bundesland,
  type MunicipalityKind,
  type DialogueFormat,
  type Language,
  type StepOwner,
  type SupportFormat,
} from '../../../domain';
import { formatDate, formatDateTime } from '../../../format';
import { LIMITS, checkPopulation, checkText, parsePopulation } from '../../../validation';
import { supportWhen } from '../supportWhen';
import { ActionForm, controlId, type Errors } from './ActionForm';
import { Group, errorsOf, makeChecks, naiveDateTime, todayIso } from './inputs';

export interface StepProps {
  m: MunicipalityDetail;
  onDone: (message: string) => void;
  onSend?: (() => void) | undefined;
}

type Built = { command: JourneyCommand } | { errors: Errors };

/** An input of a form: its value, changes and error; its id is made from `formId`. */
interface FieldProps<V> {
  formId: string;
  value: V;
  onChange: (value: V) => void;
  error: string | undefined;
}

function result(errors: Record<string, string | null>, command: () => JourneyCommand): Built {
  const found = errorsOf(errors);
  return Object.keys(found).length ? { errors: found } : { command: command() };
}

/** One form per item (a next step, a format, a dialogue event), none without items. */
function perItem<T extends { id: string }>(
  itemsOf: (m: MunicipalityDetail) => T[],
  Form: ComponentType<StepProps & { item: T }>,
): ComponentType<StepProps> {
  return function PerItem(props: StepProps) {
    const items = itemsOf(props.m);
    if (!items.length) return null;
    return (
      <div className="actions">
        {items.map((item) => (
          <Form key={item.id} {...props} item={item} />
        ))}
      </div>
    );
  };
}

/** The steps that cancel or drop something for good; they ask before they go ahead. */
const FOR_GOOD = ['cancelInterview', 'cancelWorkshop', 'cancelSupport', 'cancelDialogue', 'dropNextStep'] as const;
type ForGood = (typeof FOR_GOOD)[number];
const isForGood = (texts: string): texts is ForGood => (FOR_GOOD as readonly string[]).includes(texts);

/**
 * A step that takes a reason and nothing else, in the cautious look: putting on hold,
 * declining, withdrawing, and cancelling or dropping something for good (`FOR_GOOD`):
 * these say where the reason appears and, once it is given, ask whether to go ahead (it
 * cannot be undone). The texts are `actions.<texts>.*`, each filled with `values` (e.g. the
 * item's name); `command` gets the reason without surrounding blanks.
 */
function ReasonForm({
  m,
  onDone,
  onSend,
  id,
  texts,
  values = {},
  command,
}: StepProps & {
  id: string;
  texts: ForGood | 'putOnHold' | 'decline' | 'withdraw';
  /** The texts' placeholders (those a text does not use are left out of it). */
  values?: Partial<Record<'when' | 'step' | 'format' | 'event' | 'topic', string>>;
  command: (reason: string) => JourneyCommand;
}) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [reason, setReason] = useState('');
  const forGood = isForGood(texts);
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t(`actions.${texts}.title`, values)}
      description={t(`actions.${texts}.description`, values)}
      submitLabel={t(`actions.${texts}.submit`)}
      successMessage={t(`actions.${texts}.success`, values)}
      fields={['reason']}
      build={() => result({ reason: check.text(reason) }, () => command(reason.trim()))}
      reset={() => setReason('')}
      onDone={onDone}
      onSend={onSend}
      tone="caution"
      confirm={
        forGood
          ? {
              question: t(`actions.${texts}.confirm`, values),
              yes: t(`actions.${texts}.yes`),
              no: t(`actions.${texts}.no`),
            }
          : undefined
      }
    >
      {(errors) => (
        <TextField
          id={controlId(id, 'reason')}
          label={t('actions.reason')}
          hint={forGood ? t(`actions.${texts}.reasonHint`) : t('actions.reasonHint')}
          required
          maxLength={LIMITS.shortText}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
    </ActionForm>
  );
}

// ------------------------------------------------------------------ fields recorded and corrected

const CRITERIA = ['decisionMakersSupport', 'contactPersonNamed', 'sharesLearning'] as const;

/** Checkboxes as a group with a legend and a hint; each box's id is `<field>.<key>`. */
function CheckboxGroup<K extends string>({
  formId,
  field,
  legend,
  hint,
  error,
  options,
  isChecked,
  onToggle,
}: {
  formId: string;
  field: string;
  legend: string;
  hint: string;
  error: string | undefined;
  options: { key: K; label: string }[];
  isChecked: (key: K) => boolean;
  onToggle: (key: K, checked: boolean) => void;
}) {
  return (
    <Group id={controlId(formId, field)} legend={legend} hint={hint} error={error}>
      {options.map((o) => (
        <CheckboxField
          key={o.key}
          id={controlId(formId, `${field}.${o.key}`)}
          label={o.label}
          checked={isChecked(o.key)}
          onChange={(e) => onToggle(o.key, e.target.checked)}
        />
      ))}
    </Group>
  );
}

/** The three criteria of the interview. */
function EligibilityGroup({ formId, value, onChange, error }: FieldProps<Eligibility>) {
  const { t } = useTranslation();
  return (
    <CheckboxGroup
      formId={formId}
      field="eligibility"
      legend={t('actions.recordInterview.eligibility')}
      hint={t('actions.recordInterview.eligibilityHint')}
      error={error}
      options={CRITERIA.map((c) => ({ key: c, label: t(`actions.recordInterview.${c}`) }))}
      isChecked={(c) => value[c]}
      onToggle={(c, checked) => onChange({ ...value, [c]: checked })}
    />
  );
}

/** How many took part. */
function ParticipantsField({ formId, value, onChange, error }: FieldProps<string>) {
  const { t } = useTranslation();
  return (
    <TextField
      id={controlId(formId, 'participants')}
      label={t('actions.participants')}
      required
      inputMode="numeric"
      className="input--short"
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** The workshop's priorities: fields of action of the programme's framework, by id. */
function PrioritiesGroup({ formId, value, onChange, error, fieldsOfAction }: FieldProps<string[]> & { fieldsOfAction: FieldOption[] }) {
  const { t } = useTranslation();
  return (
    <CheckboxGroup
      formId={formId}
      field="priorities"
      legend={t('actions.recordWorkshop.priorities')}
      hint={t('actions.recordWorkshop.prioritiesHint')}
      error={error}
      options={fieldsOfAction.map((f) => ({ key: f.id, label: f.title }))}
      isChecked={(id) => value.includes(id)}
      onToggle={(id, checked) => onChange(checked ? [...value, id] : value.filter((p) => p !== id))}
    />
  );
}

/** Notes on what took place (optional). */
function NotesField({ formId, value, onChange, error, maxLength }: FieldProps<string> & { maxLength?: number }) {
  const { t } = useTranslation();
  return (
    <TextAreaField
      id={controlId(formId, 'notes')}
      label={`${t('actions.notes')} (${t('common.optional')})`}
      rows={3}
      maxLength={maxLength}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

// ------------------------------------------------------------------ interview

export function ScheduleInterviewForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [at, setAt] = useState('');
  const id = 'schedule-interview';
  // A cancelled interview gets a new date, not a moved one.
  const again = !!m.interview && m.interview.heldOn === null && !m.interview.cancelledOn;
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={again ? t('actions.scheduleInterview.titleAgain') : t('actions.scheduleInterview.title')}
      description={t('actions.scheduleInterview.description')}
      submitLabel={t('actions.scheduleInterview.submit')}
      successMessage={t('actions.scheduleInterview.success')}
      fields={['at']}
      build={() => result({ at: check.dateTime(at) }, () => ({ kind: 'scheduleInterview', at: naiveDateTime(at) }))}
      reset={() => setAt('')}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={m.stage === 'INTEREST'}
    >
      {(errors) => (
        <TextField
          id={controlId(id, 'at')}
          type="datetime-local"
          label={t('actions.dateTime')}
          required
          value={at}
          error={errors.at}
          onChange={(e) => setAt(e.target.value)}
        />
      )}
    </ActionForm>
  );
}

export function RecordInterviewForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [heldOn, setHeldOn] = useState(todayIso);
  const [criteria, setCriteria] = useState<Eligibility>({ decisionMakersSupport: false, contactPersonNamed: false, sharesLearning: false });
  const [notes, setNotes] = useState('');
  const id = 'record-interview';
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.recordInterview.title')}
      submitLabel={t('actions.recordInterview.submit')}
      successMessage={t('actions.recordInterview.success')}
      fields={['heldOn', 'eligibility', 'notes']}
      refusalFields={{ DATE_IN_FUTURE: 'heldOn' }}
      build={() =>
        result({ heldOn: check.date(heldOn), notes: check.optionalLongText(notes) }, () => ({
          kind: 'recordInterview',
          heldOn,
          eligibility: criteria,
          notes,
        }))
      }
      onDone={onDone}
      onSend={onSend}
      defaultOpen
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'heldOn')}
            type="date"
            label={t('actions.heldOn')}
            required
            className="input--short"
            value={heldOn}
            error={errors.heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
          />
          <EligibilityGroup formId={id} value={criteria} onChange={setCriteria} error={errors.eligibility} />
          <NotesField formId={id} value={notes} onChange={setNotes} error={errors.notes} maxLength={LIMITS.longText} />
        </>
      )}
    </ActionForm>
  );
}

/**
 * "Erstgespräch absagen" / "Workshop absagen": a reason, then the question whether to
 * cancel (the invitees are notified), as for a dialogue event. Only while the appointment
 * stands; whether it may be cancelled now stays the server's answer.
 */
function CancelAppointmentForm({ kind, id, ...props }: StepProps & { kind: 'cancelInterview' | 'cancelWorkshop'; id: string }) {
  const lang = useLanguage();
  const appointment = kind === 'cancelInterview' ? props.m.interview : props.m.workshop;
  if (!appointment || appointment.heldOn || appointment.cancelledOn) return null;
  return (
    <ReasonForm
      {...props}
      id={id}
      texts={kind}
      values={{ when: formatDateTime(appointment.at, lang) }}
      command={(reason) => ({ kind, reason })}
    />
  );
}

export const CancelInterviewForm = (p: StepProps) => <CancelAppointmentForm {...p} kind="cancelInterview" id="cancel-interview" />;
export const CancelWorkshopForm = (p: StepProps) => <CancelAppointmentForm {...p} kind="cancelWorkshop" id="cancel-workshop" />;

// ------------------------------------------------------------------ decisions

export function AdmitForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const e = m.interview?.eligibility;
  const allMet = !!e && e.decisionMakersSupport && e.contactPersonNamed && e.sharesLearning;
  return (
    <ActionForm
      id="admit"
      municipalityId={m.id}
      title={t('actions.admit.title')}
      description={allMet ? t('actions.admit.description') : t('actions.admit.notAllMet')}
      submitLabel={t('actions.admit.submit')}
      successMessage={t('actions.admit.success')}
      fields={[]}
      build={() => ({ command: { kind: 'admit' } })}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={allMet}
    >
      {() => null}
    </ActionForm>
  );
}

function DecisionForm({ kind, id, ...props }: StepProps & { kind: 'putOnHold' | 'decline' | 'withdraw'; id: string }) {
  return <ReasonForm {...props} id={id} texts={kind} command={(reason) => ({ kind, reason })} />;
}

export const PutOnHoldForm = (p: StepProps) => <DecisionForm {...p} kind="putOnHold" id="put-on-hold" />;
export const DeclineForm = (p: StepProps) => <DecisionForm {...p} kind="decline" id="decline" />;
export const WithdrawForm = (p: StepProps) => <DecisionForm {...p} kind="withdraw" id="withdraw" />;

/**
 * "Als doppelte Anmeldung schließen": the form to keep is chosen among those the server
 * says look like this one sent again (by name and the day each was sent), optionally
 * merged into it (the kept form takes over this one's sender and motivation), then the
 * question (as for cancelling). The page has no other list of the programme's open forms:
 * without a similar one it says so, and there is nothing to send.
 */
export function CloseAsDuplicateForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const forms = m.possibleDuplicates ?? [];
  const [ofId, setOfId] = useState(forms.length === 1 ? (forms[0]?.id ?? '') : '');
  const [merge, setMerge] = useState(false);
  const id = 'close-as-duplicate';
  const title = t('actions.closeAsDuplicate.title');
  if (!forms.length) {
    return (
      <details className="action action--caution" id={`aktion-${id}`}>
        <summary>
          <span>{title}</span>
        </summary>
        <div className="action__form">
          <p className="hint">{t('actions.closeAsDuplicate.description')}</p>
          <p id={`${id}-none`}>{t('actions.closeAsDuplicate.none')}</p>
        </div>
      </details>
    );
  }
  const name = forms.find((d) => d.id === ofId)?.name ?? '';
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={title}
      description={t('actions.closeAsDuplicate.description')}
      submitLabel={t('actions.closeAsDuplicate.submit')}
      successMessage={t(merge ? 'actions.closeAsDuplicate.successMerged' : 'actions.closeAsDuplicate.success', { name })}
      fields={['ofId', 'merge']}
      build={() => result({ ofId: check.chosen(ofId) }, () => ({ kind: 'closeAsDuplicate', ofId, merge }))}
      onDone={onDone}
      onSend={onSend}
      reset={() => setMerge(false)}
      tone="caution"
      confirm={{
        question: t(merge ? 'actions.closeAsDuplicate.confirmMerged' : 'actions.closeAsDuplicate.confirm', { name }),
        yes: t('actions.closeAsDuplicate.yes'),
        no: t('actions.closeAsDuplicate.no'),
      }}
    >
      {(errors) => (
        <>
          <SelectField
            id={controlId(id, 'ofId')}
            label={t('actions.closeAsDuplicate.which')}
            hint={t('actions.closeAsDuplicate.whichHint')}
            required
            placeholder={forms.length === 1 ? undefined : t('actions.choose')}
            options={forms.map((d) => ({
              value: d.id,
              label: t('actions.closeAsDuplicate.option', {
                name: d.name,
                date: formatDate(d.submittedOn, lang),
                stage: t(`stage.${d.stage}`),
              }),
            }))}
            value={ofId}
            error={errors.ofId}
            onChange={(e) => setOfId(e.target.value)}
          />
          <CheckboxField
            id={controlId(id, 'merge')}
            label={t('actions.closeAsDuplicate.merge')}
            hint={t('actions.closeAsDuplicate.mergeHint')}
            checked={merge}
            error={errors.merge}
            onChange={(e) => setMerge(e.target.checked)}
          />
        </>
      )}
    </ActionForm>
  );
}

// ------------------------------------------------------------------ people

export function AssignContactForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const ui = useLanguage();
  const check = makeChecks(t);
  const empty = { name: '', role: '', email: '', phone: '', language: ui };
  const [c, setC] = useState(empty);
  const set = (key: keyof typeof empty, value: string) => setC((prev) => ({ ...prev, [key]: value }));
  const id = 'assign-contact';
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={m.contact ? t('actions.assignContact.titleReplace') : t('actions.assignContact.title')}
      description={t('actions.assignContact.description')}
      submitLabel={t('actions.assignContact.submit')}
      successMessage={t('actions.assignContact.success')}
      fields={['contact.name', 'contact.role', 'contact.email', 'contact.phone', 'contact.language']}
      build={() =>
        result(
          {
            'contact.name': check.text(c.name, LIMITS.name),
            'contact.role': check.text(c.role),
            'contact.email': check.email(c.email),
            'contact.phone': check.phone(c.phone),
          },
          () => ({ kind: 'assignContactPerson', contact: c }),
        )
      }
      reset={() => setC(empty)}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={!m.contact}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'contact.name')}
            label={t('actions.assignContact.name')}
            required
            autoComplete="off"
            maxLength={LIMITS.name}
            value={c.name}
            error={errors['contact.name']}
            onChange={(e) => set('name', e.target.value)}
          />
          <TextField
            id={controlId(id, 'contact.role')}
            label={t('actions.assignContact.role')}
            hint={t('actions.assignContact.roleHint')}
            required
            maxLength={LIMITS.shortText}
            value={c.role}
            error={errors['contact.role']}
            onChange={(e) => set('role', e.target.value)}
          />
          <TextField
            id={controlId(id, 'contact.email')}
            type="email"
            label={t('actions.assignContact.email')}
            required
            autoComplete="off"
            spellCheck={false}
            value={c.email}
            error={errors['contact.email']}
            onChange={(e) => set('email', e.target.value)}
          />
          <TextField
            id={controlId(id, 'contact.phone')}
            type="tel"
            label={`${t('actions.assignContact.phone')} (${t('common.optional')})`}
            autoComplete="off"
            value={c.phone}
            error={errors['contact.phone']}
            onChange={(e) => set('phone', e.target.value)}
          />
          <RadioGroup
            name={controlId(id, 'contact.language')}
            legend={t('actions.assignContact.language')}
            options={LANGUAGES.map((l) => ({ value: l, label: <span lang={l}>{t(`language.${l}`)}</span> }))}
            value={c.language}
            error={errors['contact.language']}
            onChange={(v) => {
              if (isLanguage(v)) set('language', v);
            }}
          />
        </>
      )}
    </ActionForm>
  );
}

export function AssignFacilitatorForm({ m, onDone, onSend, facilitators }: StepProps & { facilitators: Person[] }) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [chosen, setChosen] = useState('');
  const id = 'assign-facilitator';
  const options = facilitators.filter((f) => f.id !== m.facilitator?.id);
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={m.facilitator ? t('actions.assignFacilitator.titleReplace') : t('actions.assignFacilitator.title')}
      submitLabel={t('actions.assignFacilitator.submit')}
      successMessage={t('actions.assignFacilitator.success')}
      fields={['facilitatorId']}
      build={() => result({ facilitatorId: check.chosen(chosen) }, () => ({ kind: 'assignFacilitator', facilitatorId: chosen }))}
      reset={() => setChosen('')}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={!m.facilitator}
    >
      {(errors) => (
        <SelectField
          id={controlId(id, 'facilitatorId')}
          label={t('actions.assignFacilitator.person')}
          required
          placeholder={t('actions.choose')}
          options={options.map((f) => ({ value: f.id, label: f.name }))}
          value={chosen}
          error={errors.facilitatorId}
          onChange={(e) => setChosen(e.target.value)}
        />
      )}
    </ActionForm>
  );
}

// ------------------------------------------------------------------ workshop

export function ScheduleWorkshopForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [at, setAt] = useState('');
  const [place, setPlace] = useState('');
  const [invited, setInvited] = useState('');
  const id = 'schedule-workshop';
  // A cancelled workshop is planned anew, not moved.
  const standing = !!m.workshop && !m.workshop.cancelledOn;
  const lines = () =>
    invited
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={standing ? t('actions.scheduleWorkshop.titleAgain') : t('actions.scheduleWorkshop.title')}
      description={t('actions.scheduleWorkshop.description')}
      submitLabel={t('actions.scheduleWorkshop.submit')}
      successMessage={t('actions.scheduleWorkshop.success')}
      fields={['at', 'place', 'invited']}
      build={() =>
        result(
          {
            at: check.dateTime(at),
            place: check.text(place),
            invited: lines().map((l) => check.text(l)).find(Boolean) ?? null,
          },
          () => ({ kind: 'scheduleWorkshop', at: naiveDateTime(at), place, invited: lines() }),
        )
      }
      reset={() => {
        setAt('');
        setPlace('');
        setInvited('');
      }}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={!standing}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'at')}
            type="datetime-local"
            label={t('actions.dateTime')}
            required
            value={at}
            error={errors.at}
            onChange={(e) => setAt(e.target.value)}
          />
          <TextField
            id={controlId(id, 'place')}
            label={t('actions.place')}
            required
            maxLength={LIMITS.shortText}
            value={place}
            error={errors.place}
            onChange={(e) => setPlace(e.target.value)}
          />
          <TextAreaField
            id={controlId(id, 'invited')}
            label={`${t('actions.scheduleWorkshop.invited')} (${t('common.optional')})`}
            hint={t('actions.scheduleWorkshop.invitedHint')}
            rows={3}
            value={invited}
            error={errors.invited}
            onChange={(e) => setInvited(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

interface StepRow {
  key: number;
  what: string;
  who: string;
  due: string;
}

export function RecordWorkshopForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [heldOn, setHeldOn] = useState(todayIso);
  const [participants, setParticipants] = useState('');
  const [priorities, setPriorities] = useState<string[]>([]);
  const [steps, setSteps] = useState<StepRow[]>([{ key: 1, what: '', who: '', due: '' }]);
  const [notes, setNotes] = useState('');
  const id = 'record-workshop';
  const filled = () => steps.filter((s) => s.what.trim() || s.who.trim() || s.due);
  const setStep = (key: number, part: 'what' | 'who' | 'due', value: string) =>
    setSteps((prev) => prev.map((s) => (s.key === key ? { ...s, [part]: value } : s)));

  const build = (): Built => {
    let stepError: string | null = null;
    for (const s of filled()) {
      stepError =
        check.text(s.what) ??
        check.text(s.who) ??
        check.date(s.due) ??
        (s.due < heldOn ? t('actions.recordWorkshop.dueBeforeWorkshop') : null);
      if (stepError) break;
    }
    return result(
      {
        heldOn: check.date(heldOn),
        participants: check.count(participants, 1),
        priorities: priorities.length ? null : t('actions.recordWorkshop.prioritiesRequired'),
        nextSteps: stepError,
        notes: check.optionalLongText(notes),
      },
      () => ({
        kind: 'recordWorkshop',
        heldOn,
        participants: Number(participants.trim()),
        priorities,
        nextSteps: filled().map((s) => ({ what: s.what, who: s.who, due: s.due })),
        notes,
      }),
    );
  };

  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.recordWorkshop.title')}
      submitLabel={t('actions.recordWorkshop.submit')}
      successMessage={t('actions.recordWorkshop.success')}
      fields={['heldOn', 'participants', 'priorities', 'nextSteps', 'notes']}
      refusalFields={{ DATE_IN_FUTURE: 'heldOn' }}
      build={build}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'heldOn')}
            type="date"
            label={t('actions.heldOn')}
            required
            className="input--short"
            value={heldOn}
            error={errors.heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
          />
          <ParticipantsField formId={id} value={participants} onChange={setParticipants} error={errors.participants} />
          <PrioritiesGroup
            formId={id}
            value={priorities}
            onChange={setPriorities}
            error={errors.priorities}
            fieldsOfAction={m.fieldsOfAction ?? []}
          />
          <Group
            id={controlId(id, 'nextSteps')}
            legend={t('actions.recordWorkshop.nextSteps')}
            hint={t('actions.recordWorkshop.nextStepsHint')}
            error={errors.nextSteps}
          >
            {steps.map((s, i) => {
              const n = i + 1;
              return (
                <fieldset key={s.key} className="step-row">
                  <legend>{t('actions.recordWorkshop.step', { n })}</legend>
                  <TextField
                    id={controlId(id, `nextSteps.${String(s.key)}.what`)}
                    label={t('actions.recordWorkshop.what')}
                    maxLength={LIMITS.shortText}
                    value={s.what}
                    onChange={(e) => setStep(s.key, 'what', e.target.value)}
                  />
                  <TextField
                    id={controlId(id, `nextSteps.${String(s.key)}.who`)}
                    label={t('actions.recordWorkshop.who')}
                    maxLength={LIMITS.shortText}
                    value={s.who}
                    onChange={(e) => setStep(s.key, 'who', e.target.value)}
                  />
                  <TextField
                    id={controlId(id, `nextSteps.${String(s.key)}.due`)}
                    type="date"
                    label={t('actions.recordWorkshop.due')}
                    className="input--short"
                    value={s.due}
                    onChange={(e) => setStep(s.key, 'due', e.target.value)}
                  />
                  {steps.length > 1 && (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => setSteps((prev) => prev.filter((x) => x.key !== s.key))}
                    >
                      {t('actions.recordWorkshop.removeStep', { n })}
                    </button>
                  )}
                </fieldset>
              );
            })}
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() =>
                setSteps((prev) => [...prev, { key: Math.max(0, ...prev.map((x) => x.key)) + 1, what: '', who: '', due: '' }])
              }
            >
              {t('actions.recordWorkshop.addStep')}
            </button>
          </Group>
          <NotesField formId={id} value={notes} onChange={setNotes} error={errors.notes} />
        </>
      )}
    </ActionForm>
  );
}

/**
 * The next steps of the action plan still to be done: not done, not dropped. Which of them
 * may be edited or dropped now stays the server's answer (a refusal appears at the form).
 */
function openSteps(m: MunicipalityDetail): PlannedStep[] {
  return (m.workshop?.actionPlan ?? []).filter((s) => !s.done && !s.droppedOn);
}

function EditNextStepForm({ m, item: step, onDone, onSend }: StepProps & { item: PlannedStep }) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [what, setWhat] = useState(step.what);
  const [who, setWho] = useState(step.who);
  const [due, setDue] = useState(step.due);
  const id = `edit-next-step-${step.id}`;
  const heldOn = m.workshop?.heldOn;
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.editNextStep.title', { step: step.what })}
      description={t('actions.editNextStep.description')}
      submitLabel={t('actions.editNextStep.submit')}
      successMessage={t('actions.editNextStep.success', { step: what.trim() })}
      fields={['nextSteps.what', 'nextSteps.who', 'nextSteps.due']}
      build={() =>
        result(
          {
            'nextSteps.what': check.text(what),
            'nextSteps.who': check.text(who),
            'nextSteps.due':
              check.date(due) ?? (heldOn && due < heldOn ? t('actions.recordWorkshop.dueBeforeWorkshop') : null),
          },
          () => ({ kind: 'editNextStep', stepId: step.id, what: what.trim(), who: who.trim(), due }),
        )
      }
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'nextSteps.what')}
            label={t('actions.recordWorkshop.what')}
            required
            maxLength={LIMITS.shortText}
            value={what}
            error={errors['nextSteps.what']}
            onChange={(e) => setWhat(e.target.value)}
          />
          <TextField
            id={controlId(id, 'nextSteps.who')}
            label={t('actions.recordWorkshop.who')}
            required
            maxLength={LIMITS.shortText}
            value={who}
            error={errors['nextSteps.who']}
            onChange={(e) => setWho(e.target.value)}
          />
          <TextField
            id={controlId(id, 'nextSteps.due')}
            type="date"
            label={t('actions.recordWorkshop.due')}
            required
            className="input--short"
            value={due}
            error={errors['nextSteps.due']}
            onChange={(e) => setDue(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

/** "Ändern" for each next step still to be done (the server offers the step). */
export const EditNextStepForms = perItem(openSteps, EditNextStepForm);

/** Who is responsible for a step, as the select holds it: a role, or `COLLEAGUE:<user id>`. */
function ownerChoice(step: PlannedStep): string {
  return step.owner === 'COLLEAGUE' && step.ownerUser ? `COLLEAGUE:${step.ownerUser.id}` : (step.owner ?? 'CONTACT_PERSON');
}

function ownerCommand(stepId: string, choice: string): JourneyCommand {
  return choice.startsWith('COLLEAGUE:')
    ? { kind: 'assignNextStep', stepId, to: 'COLLEAGUE', userId: choice.slice('COLLEAGUE:'.length) }
    : { kind: 'assignNextStep', stepId, to: choice as StepOwner, userId: null };
}

/**
 * "Zuständig": who gets the step's task and reminders in Lotse, the contact person, the
 * facilitator or one of the colleagues the page names. The one choice is sent as `to`
 * and, for a colleague, `userId`; a refused colleague (`userId`) or a municipality without
 * a facilitator (`NO_FACILITATOR`) is shown at it.
 */
function AssignNextStepForm({ m, item: step, onDone, onSend }: StepProps & { item: PlannedStep }) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [choice, setChoice] = useState(() => ownerChoice(step));
  const id = `assign-next-step-${step.id}`;
  // The colleague it was given to stays choosable should the page no longer name them.
  const named = (m.colleagues ?? []).filter((c) => c.name);
  const colleagues = step.ownerUser?.name && !named.some((c) => c.id === step.ownerUser?.id) ? [...named, step.ownerUser] : named;
  const options = [
    { value: 'CONTACT_PERSON', label: t('stepOwner.CONTACT_PERSON') },
    { value: 'FACILITATOR', label: t('stepOwner.FACILITATOR') },
    ...colleagues.map((c) => ({ value: `COLLEAGUE:${c.id}`, label: c.name })),
  ];
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.assignNextStep.title', { step: step.what })}
      description={t('actions.assignNextStep.description')}
      submitLabel={t('actions.assignNextStep.submit')}
      successMessage={t('actions.assignNextStep.success', {
        step: step.what,
        owner: options.find((o) => o.value === choice)?.label ?? '',
      })}
      fields={['userId']}
      refusalFields={{ NO_FACILITATOR: 'userId' }}
      build={() => result({ userId: check.chosen(choice) }, () => ownerCommand(step.id, choice))}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <SelectField
          id={controlId(id, 'userId')}
          label={t('actions.assignNextStep.owner')}
          required
          options={options}
          value={choice}
          error={errors.userId}
          onChange={(e) => setChoice(e.target.value)}
        />
      )}
    </ActionForm>
  );
}

/** "Zuständig" for each next step still to be done (the server offers the step). */
export const AssignNextStepForms = perItem(openSteps, AssignNextStepForm);

function DropNextStepForm({ item: step, ...props }: StepProps & { item: PlannedStep }) {
  return (
    <ReasonForm
      {...props}
      id={`drop-next-step-${step.id}`}
      texts="dropNextStep"
      values={{ step: step.what }}
      command={(reason) => ({ kind: 'dropNextStep', stepId: step.id, reason })}
    />
  );
}

/** "Streichen" for each next step still to be done (the server offers the step). */
export const DropNextStepForms = perItem(openSteps, DropNextStepForm);

// ------------------------------------------------------------------ decision-makers

export function PlanSupportForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [format, setFormat] = useState<SupportFormat | ''>('');
  const [audience, setAudience] = useState<Audience | ''>('');
  const [on, setOn] = useState('');
  const [time, setTime] = useState('');
  const [place, setPlace] = useState('');
  const [topic, setTopic] = useState('');
  const id = 'plan-support';
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.planSupport.title')}
      submitLabel={t('actions.planSupport.submit')}
      successMessage={t('actions.planSupport.success')}
      fields={['format', 'audience', 'on', 'time', 'place', 'topic']}
      build={() =>
        result(
          {
            format: check.chosen(format),
            audience: check.chosen(audience),
            on: check.date(on),
            ...supportTimeAndPlaceChecks(time, place, t),
            topic: check.text(topic),
          },
          () => ({ kind: 'planSupport', format: format as SupportFormat, audience: audience as Audience, on, time, place, topic }),
        )
      }
      reset={() => {
        setFormat('');
        setAudience('');
        setOn('');
        setTime('');
        setPlace('');
        setTopic('');
      }}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <SelectField
            id={controlId(id, 'format')}
            label={t('actions.format')}
            required
            placeholder={t('actions.choose')}
            options={SUPPORT_FORMATS.map((f) => ({ value: f, label: t(`supportFormat.${f}`) }))}
            value={format}
            error={errors.format}
            onChange={(e) => setFormat(e.target.value as SupportFormat | '')}
          />
          <SelectField
            id={controlId(id, 'audience')}
            label={t('actions.planSupport.audience')}
            required
            placeholder={t('actions.choose')}
            options={AUDIENCES.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
            value={audience}
            error={errors.audience}
            onChange={(e) => setAudience(e.target.value as Audience | '')}
          />
          <TextField
            id={controlId(id, 'on')}
            type="date"
            label={t('actions.date')}
            required
            className="input--short"
            value={on}
            error={errors.on}
            onChange={(e) => setOn(e.target.value)}
          />
          <SupportTimeAndPlace
            formId={id}
            time={time}
            place={place}
            onTime={setTime}
            onPlace={setPlace}
            errors={errors}
            timeHint={t('actions.planSupport.timeHint')}
          />
          <TextField
            id={controlId(id, 'topic')}
            label={t('actions.topic')}
            required
            maxLength={LIMITS.shortText}
            value={topic}
            error={errors.topic}
            onChange={(e) => setTopic(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

/** The time ("16:00") and place of a format are optional; a time must be one. */
function supportTimeAndPlaceChecks(time: string, place: string, t: TFunction): { time: string | null; place: string | null } {
  const check = makeChecks(t);
  return {
    time: time === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? null : t('actions.invalidTime'),
    place: place.trim() === '' ? null : check.text(place),
  };
}

/** "Uhrzeit" and "Ort" of a format for decision-makers, both optional. */
function SupportTimeAndPlace({
  formId,
  time,
  place,
  onTime,
  onPlace,
  errors,
  timeHint,
}: {
  formId: string;
  time: string;
  place: string;
  onTime: (value: string) => void;
  onPlace: (value: string) => void;
  errors: Errors;
  timeHint: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        id={controlId(formId, 'time')}
        type="time"
        label={t('actions.time')}
        hint={timeHint}
        className="input--short"
        value={time}
        error={errors.time}
        onChange={(e) => onTime(e.target.value)}
      />
      <TextField
        id={controlId(formId, 'place')}
        label={t('actions.place')}
        maxLength={LIMITS.shortText}
        value={place}
        error={errors.place}
        onChange={(e) => onPlace(e.target.value)}
      />
    </>
  );
}

export function RecordSupportForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const open = plannedSupport(m);
  const [which, setWhich] = useState(open.length === 1 ? (open[0]?.id ?? '') : '');
  const [heldOn, setHeldOn] = useState(todayIso);
  const [participants, setParticipants] = useState('');
  const [notes, setNotes] = useState('');
  const id = 'record-support';
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.recordSupport.title')}
      submitLabel={t('actions.recordSupport.submit')}
      successMessage={t('actions.recordSupport.success')}
      fields={['supportId', 'heldOn', 'participants', 'notes']}
      refusalFields={{ DATE_IN_FUTURE: 'heldOn', UNKNOWN_ITEM: 'supportId', ALREADY_HELD: 'supportId' }}
      build={() =>
        result(
          {
            supportId: check.chosen(which),
            heldOn: check.date(heldOn),
            participants: check.count(participants),
            notes: check.optionalLongText(notes),
          },
          () => ({ kind: 'recordSupport', supportId: which, heldOn, participants: Number(participants.trim()), notes }),
        )
      }
      reset={() => {
        setWhich('');
        setParticipants('');
        setNotes('');
      }}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <SelectField
            id={controlId(id, 'supportId')}
            label={t('actions.recordSupport.which')}
            required
            placeholder={open.length === 1 ? undefined : t('actions.choose')}
            options={open.map((s) => ({
              value: s.id,
              label: `${t(`supportFormat.${s.format}`)}: ${s.topic} (${formatDate(s.on, lang)})`,
            }))}
            value={which}
            error={errors.supportId}
            onChange={(e) => setWhich(e.target.value)}
          />
          <TextField
            id={controlId(id, 'heldOn')}
            type="date"
            label={t('actions.heldOn')}
            required
            className="input--short"
            value={heldOn}
            error={errors.heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
          />
          <ParticipantsField formId={id} value={participants} onChange={setParticipants} error={errors.participants} />
          <NotesField formId={id} value={notes} onChange={setNotes} error={errors.notes} />
        </>
      )}
    </ActionForm>
  );
}

/**
 * The formats for decision-makers that still lie ahead as planned: not held, not cancelled.
 * Which of them may be moved, cancelled or recorded now stays the server's answer.
 */
function plannedSupport(m: MunicipalityDetail): SupportItem[] {
  return m.support.filter((s) => !s.held && !s.cancelledOn);
}

/** "Coaching: Haltung zeigen (01.12.2026)": which format a form acts on. */
function supportName(s: SupportItem, t: TFunction, lang: Language): string {
  return `${t(`supportFormat.${s.format}`)}: ${s.topic} (${formatDate(s.on, lang)})`;
}

function MoveSupportForm({ m, item, onDone, onSend }: StepProps & { item: SupportItem }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const [on, setOn] = useState(item.on);
  const [time, setTime] = useState(item.time ?? '');
  const [place, setPlace] = useState(item.place ?? '');
  const id = `move-support-${item.id}`;
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.moveSupport.title', { format: supportName(item, t, lang) })}
      description={t('actions.moveSupport.description')}
      submitLabel={t('actions.moveSupport.submit')}
      successMessage={t('actions.moveSupport.success', { topic: item.topic })}
      fields={['on', 'time', 'place']}
      refusalFields={{ OUTSIDE_PARTICIPATION_WINDOW: 'on' }}
      build={() =>
        result({ on: check.date(on), ...supportTimeAndPlaceChecks(time, place, t) }, () => ({
          kind: 'moveSupport',
          supportId: item.id,
          on,
          time,
          place,
        }))
      }
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'on')}
            type="date"
            label={t('actions.moveSupport.on')}
            hint={t('actions.moveSupport.onHint', { date: supportWhen(item, lang) })}
            required
            className="input--short"
            value={on}
            error={errors.on}
            onChange={(e) => setOn(e.target.value)}
          />
          <SupportTimeAndPlace
            formId={id}
            time={time}
            place={place}
            onTime={setTime}
            onPlace={setPlace}
            errors={errors}
            timeHint={t('actions.moveSupport.timeHint')}
          />
        </>
      )}
    </ActionForm>
  );
}

/** "Verschieben" for each planned format for decision-makers (the server offers the step). */
export const MoveSupportForms = perItem(plannedSupport, MoveSupportForm);

function CancelSupportForm({ item, ...props }: StepProps & { item: SupportItem }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <ReasonForm
      {...props}
      id={`cancel-support-${item.id}`}
      texts="cancelSupport"
      values={{ format: supportName(item, t, lang), topic: item.topic }}
      command={(reason) => ({ kind: 'cancelSupport', supportId: item.id, reason })}
    />
  );
}

/** "Absagen" for each planned format for decision-makers (the server offers the step). */
export const CancelSupportForms = perItem(plannedSupport, CancelSupportForm);

// ------------------------------------------------------------------ dialogue events

export function PlanDialogueForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [format, setFormat] = useState<DialogueFormat | ''>('');
  const [at, setAt] = useState('');
  const [place, setPlace] = useState('');
  const [topic, setTopic] = useState('');
  const id = 'plan-dialogue';
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.planDialogue.title')}
      submitLabel={t('actions.planDialogue.submit')}
      successMessage={t('actions.planDialogue.success')}
      fields={['format', 'at', 'place', 'topic']}
      build={() =>
        result(
          { format: check.chosen(format), at: check.dateTime(at), place: check.text(place), topic: check.text(topic) },
          () => ({ kind: 'planDialogueEvent', format: format as DialogueFormat, at: naiveDateTime(at), place, topic }),
        )
      }
      reset={() => {
        setFormat('');
        setAt('');
        setPlace('');
        setTopic('');
      }}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <SelectField
            id={controlId(id, 'format')}
            label={t('actions.format')}
            required
            placeholder={t('actions.choose')}
            options={DIALOGUE_FORMATS.map((f) => ({ value: f, label: t(`dialogueFormat.${f}`) }))}
            value={format}
            error={errors.format}
            onChange={(e) => setFormat(e.target.value as DialogueFormat | '')}
          />
          <TextField
            id={controlId(id, 'at')}
            type="datetime-local"
            label={t('actions.dateTime')}
            required
            value={at}
            error={errors.at}
            onChange={(e) => setAt(e.target.value)}
          />
          <TextField
            id={controlId(id, 'place')}
            label={t('actions.place')}
            required
            maxLength={LIMITS.shortText}
            value={place}
            error={errors.place}
            onChange={(e) => setPlace(e.target.value)}
          />
          <TextField
            id={controlId(id, 'topic')}
            label={t('actions.topic')}
            required
            maxLength={LIMITS.shortText}
            value={topic}
            error={errors.topic}
            onChange={(e) => setTopic(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

/**
 * The dialogue events that still lie ahead as planned: not held, not cancelled. Which of
 * them may be moved, cancelled or recorded now stays the server's answer (a refusal appears
 * at the form).
 */
function plannedEvents(m: MunicipalityDetail): DialogueEvent[] {
  return m.dialogueEvents.filter((e) => !e.held && !e.cancelledOn);
}

/** "Stadtteilspaziergang Nordviertel (16.05.2026, 16:30 Uhr)": which event a form acts on. */
function eventName(e: DialogueEvent, lang: Language): string {
  return `${e.topic} (${formatDateTime(e.at, lang)})`;
}

/** `2026-11-23T14:30:00` → `2026-11-23T14:30`, as a `datetime-local` input shows it. */
function localInput(at: string): string {
  return at.slice(0, 16);
}

function MoveDialogueForm({ m, item: event, onDone, onSend }: StepProps & { item: DialogueEvent }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const [at, setAt] = useState(() => localInput(event.at));
  const [place, setPlace] = useState('');
  const id = `move-dialogue-${event.id}`;
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.moveDialogue.title', { event: eventName(event, lang) })}
      description={t('actions.moveDialogue.description')}
      submitLabel={t('actions.moveDialogue.submit')}
      successMessage={t('actions.moveDialogue.success', { topic: event.topic })}
      fields={['at', 'place']}
      refusalFields={{ OUTSIDE_PARTICIPATION_WINDOW: 'at' }}
      build={() =>
        result({ at: check.dateTime(at), place: place.trim() ? check.text(place) : null }, () => ({
          kind: 'moveDialogueEvent',
          eventId: event.id,
          at: naiveDateTime(at),
          place: place.trim(),
        }))
      }
      reset={() => setPlace('')}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'at')}
            type="datetime-local"
            label={t('actions.moveDialogue.at')}
            hint={t('actions.moveDialogue.atHint', { when: formatDateTime(event.at, lang) })}
            required
            value={at}
            error={errors.at}
            onChange={(e) => setAt(e.target.value)}
          />
          <TextField
            id={controlId(id, 'place')}
            label={`${t('actions.moveDialogue.place')} (${t('common.optional')})`}
            hint={t('actions.moveDialogue.placeHint', { place: event.place })}
            maxLength={LIMITS.shortText}
            value={place}
            error={errors.place}
            onChange={(e) => setPlace(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

/** "Verschieben" for each planned dialogue event (the server offers the step). */
export const MoveDialogueForms = perItem(plannedEvents, MoveDialogueForm);

function CancelDialogueForm({ item: event, ...props }: StepProps & { item: DialogueEvent }) {
  const lang = useLanguage();
  return (
    <ReasonForm
      {...props}
      id={`cancel-dialogue-${event.id}`}
      texts="cancelDialogue"
      values={{ event: eventName(event, lang), topic: event.topic }}
      command={(reason) => ({ kind: 'cancelDialogueEvent', eventId: event.id, reason })}
    />
  );
}

/** "Absagen" for each planned dialogue event (the server offers the step). */
export const CancelDialogueForms = perItem(plannedEvents, CancelDialogueForm);

/** The attendance as typed: a count per group (empty counts as 0). */
type AttendanceInputs = Record<keyof Attendance, string>;

const NO_ATTENDANCE: AttendanceInputs = {
  RESIDENTS: '',
  ADMINISTRATION: '',
  POLITICS: '',
  BUSINESS: '',
  CIVIL_SOCIETY: '',
};

/** The API's names of the attendance fields. */
const ATTENDANCE_FIELD: Record<keyof Attendance, string> = {
  RESIDENTS: 'attendance.residents',
  ADMINISTRATION: 'attendance.administration',
  POLITICS: 'attendance.politics',
  BUSINESS: 'attendance.business',
  CIVIL_SOCIETY: 'attendance.civilSociety',
};

/** The attendance group and its fields, in their order. */
const ATTENDANCE_FIELDS = ['attendance', ...STAKEHOLDER_GROUPS.map((g) => ATTENDANCE_FIELD[g])];

/** The attendance as recorded, as the inputs show it. */
function attendanceInputs(recorded: Attendance | null): AttendanceInputs {
  return recorded ? (Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g, String(recorded[g])])) as AttendanceInputs) : NO_ATTENDANCE;
}

/** The counts typed, empty as 0. */
function attendanceOf(counts: AttendanceInputs): Attendance {
  return Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g, Number(counts[g].trim() || '0')])) as Attendance;
}

/** Each group's count a whole number, at least one person in all. */
function attendanceChecks(counts: AttendanceInputs, t: TFunction): Record<string, string | null> {
  const check = makeChecks(t);
  const perGroup = Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [ATTENDANCE_FIELD[g], check.count(counts[g] || '0')]));
  const total = STAKEHOLDER_GROUPS.reduce((sum, g) => sum + (Number(counts[g].trim() || '0') || 0), 0);
  const anyGroupError = Object.values(perGroup).some(Boolean);
  return { attendance: !anyGroupError && total === 0 ? t('actions.recordDialogue.nobody') : null, ...perGroup };
}

/** How many people of each group took part. */
function AttendanceGroup({ formId, value, onChange, errors }: Omit<FieldProps<AttendanceInputs>, 'error'> & { errors: Errors }) {
  const { t } = useTranslation();
  return (
    <Group
      id={controlId(formId, 'attendance')}
      legend={t('actions.recordDialogue.attendance')}
      hint={t('actions.recordDialogue.attendanceHint')}
      error={errors.attendance}
      className="attendance-inputs"
    >
      {STAKEHOLDER_GROUPS.map((g) => (
        <TextField
          key={g}
          id={controlId(formId, ATTENDANCE_FIELD[g])}
          label={t(`stakeholder.${g}`)}
          inputMode="numeric"
          className="input--short"
          value={value[g]}
          error={errors[ATTENDANCE_FIELD[g]]}
          onChange={(e) => onChange({ ...value, [g]: e.target.value })}
        />
      ))}
    </Group>
  );
}

/** What came out of a dialogue event (optional). */
function OutcomesField({ formId, value, onChange, error }: FieldProps<string>) {
  const { t } = useTranslation();
  return (
    <TextAreaField
      id={controlId(formId, 'outcomes')}
      label={`${t('actions.recordDialogue.outcomes')} (${t('common.optional')})`}
      rows={3}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export function RecordDialogueForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const open = plannedEvents(m);
  const [which, setWhich] = useState(open.length === 1 ? (open[0]?.id ?? '') : '');
  const [heldOn, setHeldOn] = useState(todayIso);
  const [counts, setCounts] = useState(NO_ATTENDANCE);
  const [outcomes, setOutcomes] = useState('');
  const id = 'record-dialogue';

  const build = (): Built =>
    result(
      {
        eventId: check.chosen(which),
        heldOn: check.date(heldOn),
        ...attendanceChecks(counts, t),
        outcomes: check.optionalLongText(outcomes),
      },
      () => ({ kind: 'recordDialogueEvent', eventId: which, heldOn, attendance: attendanceOf(counts), outcomes }),
    );

  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.recordDialogue.title')}
      submitLabel={t('actions.recordDialogue.submit')}
      successMessage={t('actions.recordDialogue.success')}
      fields={['eventId', 'heldOn', ...ATTENDANCE_FIELDS, 'outcomes']}
      refusalFields={{ DATE_IN_FUTURE: 'heldOn', UNKNOWN_ITEM: 'eventId', ALREADY_HELD: 'eventId' }}
      build={build}
      reset={() => {
        setWhich('');
        setCounts(NO_ATTENDANCE);
        setOutcomes('');
      }}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <SelectField
            id={controlId(id, 'eventId')}
            label={t('actions.recordDialogue.which')}
            required
            placeholder={open.length === 1 ? undefined : t('actions.choose')}
            options={open.map((e) => ({
              value: e.id,
              label: `${t(`dialogueFormat.${e.format}`)}: ${e.topic} (${formatDateTime(e.at, lang)})`,
            }))}
            value={which}
            error={errors.eventId}
            onChange={(e) => setWhich(e.target.value)}
          />
          <TextField
            id={controlId(id, 'heldOn')}
            type="date"
            label={t('actions.heldOn')}
            required
            className="input--short"
            value={heldOn}
            error={errors.heldOn}
            onChange={(e) => setHeldOn(e.target.value)}
          />
          <AttendanceGroup formId={id} value={counts} onChange={setCounts} errors={errors} />
          <OutcomesField formId={id} value={outcomes} onChange={setOutcomes} error={errors.outcomes} />
        </>
      )}
    </ActionForm>
  );
}

// ------------------------------------------------------------------ profile

/**
 * "Angaben zur Kommune berichtigen": name, Land, kind and population as the interest form
 * asks for them, pre-filled with the current values, checked as there; a reason optional.
 */
export function CorrectProfileForm(props: StepProps) {
  const { m } = props;
  const { t } = useTranslation();
  const [name, setName] = useState(m.name);
  const [land, setLand] = useState<Bundesland | ''>(m.land);
  const [kind, setKind] = useState<MunicipalityKind | ''>(m.kind);
  const [population, setPopulation] = useState(String(m.population));
  const id = 'correct-profile';
  const nameCode = checkText(name, LIMITS.name);
  const populationCode = checkPopulation(population);
  return (
    <CorrectionForm
      {...props}
      id={id}
      texts="correctProfile"
      fields={['name', 'bundesland', 'kind', 'population']}
      checks={() => ({
        name: nameCode ? t(`errors.${nameCode}`) : null,
        bundesland: land ? null : t('interest.fieldErrors.land.required'),
        kind: kind ? null : t('interest.fieldErrors.kind.required'),
        population: populationCode
          ? populationCode === 'too_large'
            ? t('interest.fieldErrors.population.too_large')
            : t(`errors.${populationCode}`)
          : null,
      })}
      command={(reason) => ({
        kind: 'correctProfile',
        name: name.trim(),
        land: land as Bundesland,
        municipalityKind: kind as MunicipalityKind,
        population: parsePopulation(population),
        reason,
      })}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'name')}
            label={t('actions.correctProfile.name')}
            required
            maxLength={LIMITS.name}
            autoComplete="off"
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField
            id={controlId(id, 'bundesland')}
            label={t('actions.correctProfile.land')}
            required
            placeholder={t('actions.choose')}
            options={BUNDESLAENDER.map((l) => ({ value: l, label: t(`land.${l}`) }))}
            value={land}
            error={errors.bundesland}
            onChange={(e) => setLand(e.target.value as Bundesland | '')}
          />
          <SelectField
            id={controlId(id, 'kind')}
            label={t('actions.correctProfile.kind')}
            required
            placeholder={t('actions.choose')}
            options={MUNICIPALITY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))}
            value={kind}
            error={errors.kind}
            onChange={(e) => setKind(e.target.value as MunicipalityKind | '')}
          />
          <TextField
            id={controlId(id, 'population')}
            label={t('actions.correctProfile.population')}
            required
            inputMode="numeric"
            className="input--short"
            value={population}
            error={errors.population}
            onChange={(e) => setPopulation(e.target.value)}
          />
        </>
      )}
    </CorrectionForm>
  );
}

// ------------------------------------------------------------------ corrections of what was recorded

/**
 * A correction: the form's own inputs (`children`, checked by `checks`), pre-filled with
 * what is on record, then an optional reason. The texts are `actions.<texts>.*`, filled
 * with `values`; `command` gets the reason without surrounding blanks.
 */
function CorrectionForm({
  m,
  onDone,
  onSend,
  id,
  texts,
  values = {},
  fields,
  refusalFields,
  checks,
  command,
  children,
}: StepProps & {
  id: string;
  texts:
    | 'correctProfile'
    | 'correctSubmitter'
    | 'correctContactDetails'
    | 'correctInterview'
    | 'correctWorkshop'
    | 'correctSupport'
    | 'correctDialogue';
  values?: Partial<Record<'format' | 'event' | 'topic', string>>;
  /** The form's own fields, in their order (the reason follows). */
  fields: string[];
  refusalFields?: Partial<Record<string, string>>;
  checks: () => Record<string, string | null>;
  command: (reason: string) => JourneyCommand;
  children: (errors: Errors) => ReactNode;
}) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [reason, setReason] = useState('');
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t(`actions.${texts}.title`, values)}
      description={t(`actions.${texts}.description`)}
      submitLabel={t(`actions.${texts}.submit`)}
      successMessage={t(`actions.${texts}.success`, values)}
      fields={[...fields, 'reason']}
      refusalFields={refusalFields}
      build={() =>
        result({ ...checks(), reason: reason.trim() ? check.text(reason) : null }, () => command(reason.trim()))
      }
      reset={() => setReason('')}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          {children(errors)}
          <TextField
            id={controlId(id, 'reason')}
            label={`${t(`actions.${texts}.reason`)} (${t('common.optional')})`}
            hint={t(`actions.${texts}.reasonHint`)}
            maxLength={LIMITS.shortText}
            value={reason}
            error={errors.reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

/** "Erstgespräch korrigieren": the criteria and notes as recorded (only once it was held). */
export function CorrectInterviewForm(props: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const recorded = props.m.interview;
  const [criteria, setCriteria] = useState<Eligibility>(
    recorded?.eligibility ?? { decisionMakersSupport: false, contactPersonNamed: false, sharesLearning: false },
  );
  const [notes, setNotes] = useState(recorded?.notes ?? '');
  const id = 'correct-interview';
  if (!recorded?.heldOn) return null;
  return (
    <CorrectionForm
      {...props}
      id={id}
      texts="correctInterview"
      fields={['eligibility', 'notes']}
      checks={() => ({ notes: check.optionalLongText(notes) })}
      command={(reason) => ({ kind: 'correctInterview', eligibility: criteria, notes: notes.trim(), reason })}
    >
      {(errors) => (
        <>
          <EligibilityGroup formId={id} value={criteria} onChange={setCriteria} error={errors.eligibility} />
          <NotesField formId={id} value={notes} onChange={setNotes} error={errors.notes} maxLength={LIMITS.longText} />
        </>
      )}
    </CorrectionForm>
  );
}

/** The ids of the workshop's priorities (the page has their titles). */
function priorityIds(m: MunicipalityDetail): string[] {
  const titles = m.workshop?.priorities ?? [];
  return (m.fieldsOfAction ?? []).filter((f) => titles.includes(f.title)).map((f) => f.id);
}

/**
 * "Workshop korrigieren": participants, priorities and notes as recorded (only once it was
 * held); the action plan changes at its steps.
 */
export function CorrectWorkshopForm(props: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const recorded = props.m.workshop;
  const [participants, setParticipants] = useState(String(recorded?.participants ?? ''));
  const [priorities, setPriorities] = useState(() => priorityIds(props.m));
  const [notes, setNotes] = useState(recorded?.notes ?? '');
  const id = 'correct-workshop';
  if (!recorded?.held) return null;
  return (
    <CorrectionForm
      {...props}
      id={id}
      texts="correctWorkshop"
      fields={['participants', 'priorities', 'notes']}
      refusalFields={{ UNKNOWN_FIELD_OF_ACTION: 'priorities' }}
      checks={() => ({
        participants: check.count(participants, 1),
        priorities: priorities.length ? null : t('actions.recordWorkshop.prioritiesRequired'),
        notes: check.optionalLongText(notes),
      })}
      command={(reason) => ({
        kind: 'correctWorkshop',
        participants: Number(participants.trim()),
        priorities,
        notes: notes.trim(),
        reason,
      })}
    >
      {(errors) => (
        <>
          <ParticipantsField formId={id} value={participants} onChange={setParticipants} error={errors.participants} />
          <PrioritiesGroup
            formId={id}
            value={priorities}
            onChange={setPriorities}
            error={errors.priorities}
            fieldsOfAction={props.m.fieldsOfAction ?? []}
          />
          <NotesField formId={id} value={notes} onChange={setNotes} error={errors.notes} maxLength={LIMITS.longText} />
        </>
      )}
    </CorrectionForm>
  );
}

/** The formats for decision-makers recorded as held, whose record may be corrected. */
function heldSupport(m: MunicipalityDetail): SupportItem[] {
  return m.support.filter((s) => s.held && !s.cancelledOn);
}

function CorrectSupportForm({ item, ...props }: StepProps & { item: SupportItem }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const [participants, setParticipants] = useState(String(item.participants ?? ''));
  const [notes, setNotes] = useState(item.notes ?? '');
  const id = `correct-support-${item.id}`;
  return (
    <CorrectionForm
      {...props}
      id={id}
      texts="correctSupport"
      values={{ format: supportName(item, t, lang), topic: item.topic }}
      fields={['participants', 'notes']}
      checks={() => ({ participants: check.count(participants), notes: check.optionalLongText(notes) })}
      command={(reason) => ({
        kind: 'correctSupport',
        supportId: item.id,
        participants: Number(participants.trim()),
        notes: notes.trim(),
        reason,
      })}
    >
      {(errors) => (
        <>
          <ParticipantsField formId={id} value={participants} onChange={setParticipants} error={errors.participants} />
          <NotesField formId={id} value={notes} onChange={setNotes} error={errors.notes} maxLength={LIMITS.longText} />
        </>
      )}
    </CorrectionForm>
  );
}

/** "Format korrigieren" for each format recorded as held (the server offers the step). */
export const CorrectSupportForms = perItem(heldSupport, CorrectSupportForm);

/** The dialogue events recorded as held, whose record may be corrected. */
function heldEvents(m: MunicipalityDetail): DialogueEvent[] {
  return m.dialogueEvents.filter((e) => e.held && !e.cancelledOn);
}

function CorrectDialogueForm({ item: event, ...props }: StepProps & { item: DialogueEvent }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const check = makeChecks(t);
  const [counts, setCounts] = useState(() => attendanceInputs(event.attendance));
  const [outcomes, setOutcomes] = useState(event.outcomes ?? '');
  const id = `correct-dialogue-${event.id}`;
  return (
    <CorrectionForm
      {...props}
      id={id}
      texts="correctDialogue"
      values={{ event: eventName(event, lang), topic: event.topic }}
      fields={[...ATTENDANCE_FIELDS, 'outcomes']}
      checks={() => ({ ...attendanceChecks(counts, t), outcomes: check.optionalLongText(outcomes) })}
      command={(reason) => ({
        kind: 'correctDialogueEvent',
        eventId: event.id,
        attendance: attendanceOf(counts),
        outcomes: outcomes.trim(),
        reason,
      })}
    >
      {(errors) => (
        <>
          <AttendanceGroup formId={id} value={counts} onChange={setCounts} errors={errors} />
          <OutcomesField formId={id} value={outcomes} onChange={setOutcomes} error={errors.outcomes} />
        </>
      )}
    </CorrectionForm>
  );
}

/**
 * "Dialogveranstaltung korrigieren" for each dialogue event recorded as held (the server
 * offers the step): the attendance per group and the outcomes as recorded.
 */
export const CorrectDialogueForms = perItem(heldEvents, CorrectDialogueForm);

// ------------------------------------------------------------------ people's details

/** A person's details as the API names them (its field errors say `details.email`, …). */
const DETAILS_FIELDS = ['details.name', 'details.role', 'details.email', 'details.phone'];

/**
 * A person's details corrected: name, role, address and phone, pre-filled with the details
 * as they stand and checked as where they were first entered; a reason optional.
 */
function CorrectPersonForm({
  person,
  id,
  texts,
  ...props
}: StepProps & { person: ContactPerson; id: string; texts: 'correctSubmitter' | 'correctContactDetails' }) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [d, setD] = useState<PersonDetails>({ name: person.name, role: person.role, email: person.email, phone: person.phone ?? '' });
  const set = (key: keyof PersonDetails, value: string) => setD((prev) => ({ ...prev, [key]: value }));
  return (
    <CorrectionForm
      {...props}
      id={id}
      texts={texts}
      fields={DETAILS_FIELDS}
      checks={() => ({
        'details.name': check.text(d.name, LIMITS.name),
        'details.role': check.text(d.role),
        'details.email': check.email(d.email),
        'details.phone': check.phone(d.phone),
      })}
      command={(reason) => ({
        kind: texts,
        details: { name: d.name.trim(), role: d.role.trim(), email: d.email.trim(), phone: d.phone.trim() },
        reason,
      })}
    >
      {(errors) => (
        <>
          <TextField
            id={controlId(id, 'details.name')}
            label={t('actions.personDetails.name')}
            required
            autoComplete="off"
            maxLength={LIMITS.name}
            value={d.name}
            error={errors['details.name']}
            onChange={(e) => set('name', e.target.value)}
          />
          <TextField
            id={controlId(id, 'details.role')}
            label={t('actions.personDetails.role')}
            required
            maxLength={LIMITS.shortText}
            value={d.role}
            error={errors['details.role']}
            onChange={(e) => set('role', e.target.value)}
          />
          <TextField
            id={controlId(id, 'details.email')}
            type="email"
            label={t('actions.personDetails.email')}
            required
            autoComplete="off"
            spellCheck={false}
            value={d.email}
            error={errors['details.email']}
            onChange={(e) => set('email', e.target.value)}
          />
          <TextField
            id={controlId(id, 'details.phone')}
            type="tel"
            label={`${t('actions.personDetails.phone')} (${t('common.optional')})`}
            autoComplete="off"
            value={d.phone}
            error={errors['details.phone']}
            onChange={(e) => set('phone', e.target.value)}
          />
        </>
      )}
    </CorrectionForm>
  );
}

/** "Angaben der einreichenden Person berichtigen": the details the interest form gave. */
export function CorrectSubmitterForm(props: StepProps) {
  const person = props.m.submitter;
  return person ? <CorrectPersonForm {...props} person={person} id="correct-submitter" texts="correctSubmitter" /> : null;
}

/**
 * "Angaben der Ansprechperson berichtigen": the current contact person's details; their
 * account follows (sign-in links go to the corrected address).
 */
export function CorrectContactDetailsForm(props: StepProps) {
  const person = props.m.contact;
  return person ? <CorrectPersonForm {...props} person={person} id="correct-contact-details" texts="correctContactDetails" /> : null;
}

// ------------------------------------------------------------------ completion

export function CompleteForm({ m, onDone, onSend }: StepProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [learning, setLearning] = useState('');
  const id = 'complete';
  const criteria = [
    ['selfCheck', !!m.selfCheck?.firstSubmittedOn],
    ['workshop', !!m.workshop?.held],
    ['dialogue', m.dialogueEvents.some((e) => e.held)],
  ] as const;
  return (
    <ActionForm
      id={id}
      municipalityId={m.id}
      title={t('actions.complete.title')}
      description={
        m.programmeLabel
          ? t('actions.complete.description', { label: m.programmeLabel })
          : t('actions.complete.descriptionWithoutLabel')
      }
      submitLabel={t('actions.complete.submit')}
      successMessage={t('actions.complete.success')}
      fields={['learning']}
      build={() => result({ learning: check.longText(learning) }, () => ({ kind: 'complete', learning }))}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={criteria.every(([, met]) => met)}
    >
      {(errors) => (
        <>
          <h4 className="criteria__title">{t('actions.complete.criteria')}</h4>
          <ul className="criteria">
            {criteria.map(([key, met]) => (
              <li key={key} className={met ? 'criteria__item criteria__item--met' : 'criteria__item'}>
                <span aria-hidden="true">{met ? '✓' : '○'}</span> {t(`actions.complete.${key}`)}:{' '}
                <strong>{met ? t('actions.complete.met') : t('actions.complete.missing')}</strong>
              </li>
            ))}
          </ul>
          <TextAreaField
            id={controlId(id, 'learning')}
            label={t('actions.complete.learning')}
            hint={t('actions.complete.learningHint')}
            required
            rows={4}
            maxLength={LIMITS.longText}
            value={learning}
            error={errors.learning}
            onChange={(e) => setLearning(e.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}
