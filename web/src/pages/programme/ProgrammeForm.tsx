// A programme's settings as a form: "Programm anlegen", or "Einstellungen ändern" of one
// programme (prefilled). The form checks only that the numbers are whole numbers; the rules
// (bounds, capacity never below the seats taken, framework fixed once a self-check started)
// are the server's, and its refusals appear next to the field they concern. The application
// period is optional; a change replaces it with what is sent, so the form sends the current
// dates back unless they were changed. The deadlines and reminders (prefilled with the
// programme's, or the defaults for a new one) sit behind a disclosure and are always sent.

import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult, FrameworkChoice, Programme, ProgrammeInput, Reminders } from '../../api/types';
import { CheckboxField, FieldError, SelectField, TextField } from '../../components/fields';
import { DEADLINES, DEFAULT_DEADLINES, DEFAULT_REMINDERS, type DeadlineName } from '../../domain';
import { LIMITS } from '../../validation';
import { ActionForm, controlId, type Errors } from '../municipality/actions/ActionForm';
import { errorsOf, makeChecks } from '../municipality/actions/inputs';

/** The reminders' inputs; the server names their refusals `reminders` (the whole group). */
const REMINDER_FIELDS = ['reminders', 'reminders.daysBefore', 'reminders.daysOverdue'] as const;

/** The fields in the order they appear; the server names its field errors the same way. */
export const PROGRAMME_FIELDS = [
  'name',
  'label',
  'frameworkId',
  'capacity',
  'participationMonths',
  'minDialogueEvents',
  'applicationsOpenOn',
  'applicationsCloseOn',
  'senderName',
  'replyTo',
  ...DEADLINES,
  ...REMINDER_FIELDS,
] as const;

/** What a new programme starts with. */
const DEFAULTS = { capacity: '40', participationMonths: '6', minDialogueEvents: '1' };

interface Values {
  name: string;
  /** The label awarded on completion (empty: none). */
  label: string;
  /** The mails' sender name and reply-to address (empty: the installation's). */
  senderName: string;
  replyTo: string;
  frameworkId: string;
  capacity: string;
  participationMonths: string;
  minDialogueEvents: string;
  /** yyyy-mm-dd as the date input gives it, or empty. */
  applicationsOpenOn: string;
  applicationsCloseOn: string;
  /** Each deadline as typed. */
  deadlines: Record<DeadlineName, string>;
  /** The reminder days as typed, e.g. "14, 3" (empty: none). */
  daysBefore: string;
  onDueDay: boolean;
  daysOverdue: string;
}

/** The inputs that take text (all but the deadlines and the checkbox). */
type TextKey = Exclude<keyof Values, 'deadlines' | 'onDueDay'>;

/** Reminder days as the form shows them: `[14, 3]` → "14, 3". */
function daysText(days: readonly number[]): string {
  return days.join(', ');
}

function valuesOf(p: Programme | undefined): Values {
  const deadlines = p?.deadlines ?? DEFAULT_DEADLINES;
  const reminders = p?.reminders ?? DEFAULT_REMINDERS;
  const timing = {
    deadlines: Object.fromEntries(DEADLINES.map((d) => [d, String(deadlines[d])])) as Record<DeadlineName, string>,
    daysBefore: daysText(reminders.daysBefore),
    onDueDay: reminders.onDueDay,
    daysOverdue: daysText(reminders.daysOverdue),
  };
  const mail = { senderName: p?.senderName ?? '', replyTo: p?.replyTo ?? '' };
  if (!p) {
    return {
      name: '',
      label: '',
      frameworkId: '',
      ...DEFAULTS,
      applicationsOpenOn: '',
      applicationsCloseOn: '',
      ...mail,
      ...timing,
    };
  }
  return {
    name: p.name,
    label: p.label ?? '',
    ...mail,
    frameworkId: p.framework?.id ?? '',
    capacity: String(p.capacity),
    participationMonths: String(p.participationMonths),
    minDialogueEvents: String(p.minDialogueEvents),
    applicationsOpenOn: p.applicationsOpenOn ?? '',
    applicationsCloseOn: p.applicationsCloseOn ?? '',
    ...timing,
  };
}

/**
 * Reminder days as typed: whole numbers separated by commas (or spaces), e.g. "14, 3";
 * empty is no day. Null when a part is no whole number.
 */
export function parseDays(value: string): number[] | null {
  const parts = value.split(/[\s,;]+/).filter(Boolean);
  return parts.every((part) => /^\d{1,6}$/.test(part)) ? parts.map(Number) : null;
}

/** An empty date field is no date (that end of the period is open). */
function optionalDate(value: string): string | null {
  const day = value.trim();
  return day === '' ? null : day;
}

export interface ProgrammeFormProps {
  /** Stable id, also the prefix of the controls' ids. */
  id: string;
  /** The programme whose settings change; absent for a new programme. */
  programme?: Programme;
  frameworks: readonly FrameworkChoice[];
  send: (input: ProgrammeInput) => Promise<CommandResult>;
  onDone: (message: string) => void;
  onSend: () => void;
  defaultOpen?: boolean;
}

export function ProgrammeForm({ id, programme, frameworks, send, onDone, onSend, defaultOpen }: ProgrammeFormProps) {
  const { t } = useTranslation();
  const check = makeChecks(t);
  const [values, setValues] = useState<Values>(() => valuesOf(programme));
  const set = (key: TextKey) => (e: { target: { value: string } }) =>
    setValues((prev) => ({ ...prev, [key]: e.target.value }));
  const setDeadline = (key: DeadlineName) => (e: { target: { value: string } }) =>
    setValues((prev) => ({ ...prev, deadlines: { ...prev.deadlines, [key]: e.target.value } }));
  const daysBefore = parseDays(values.daysBefore);
  const daysOverdue = parseDays(values.daysOverdue);
  const change = programme !== undefined;
  const mode = change ? 'change' : 'create';
  const name = values.name.trim();
  const options = frameworks.map((f) => ({ value: f.id, label: f.title }));
  // A programme whose framework is not offered any more keeps it as a choice.
  if (programme?.framework && !frameworks.some((f) => f.id === programme.framework?.id)) {
    options.unshift({ value: programme.framework.id, label: programme.framework.title });
  }

  return (
    <ActionForm<ProgrammeInput>
      id={id}
      title={t(`programme.${mode}.title`)}
      description={change ? undefined : t('programme.create.description')}
      submitLabel={t(`programme.${mode}.submit`)}
      successMessage={t(`programme.${mode}.success`, { name })}
      fields={PROGRAMME_FIELDS}
      send={send}
      build={() => {
        const found = errorsOf({
          name: check.text(values.name, LIMITS.name),
          label: values.label.trim() ? check.text(values.label, LIMITS.name) : null,
          senderName: values.senderName.trim() ? check.text(values.senderName, LIMITS.name) : null,
          replyTo: values.replyTo.trim() ? check.email(values.replyTo) : null,
          frameworkId: check.chosen(values.frameworkId),
          capacity: check.count(values.capacity),
          participationMonths: check.count(values.participationMonths),
          minDialogueEvents: check.count(values.minDialogueEvents),
          applicationsOpenOn: values.applicationsOpenOn.trim() ? check.date(values.applicationsOpenOn.trim()) : null,
          applicationsCloseOn: values.applicationsCloseOn.trim() ? check.date(values.applicationsCloseOn.trim()) : null,
          ...Object.fromEntries(DEADLINES.map((d) => [d, check.count(values.deadlines[d])])),
          'reminders.daysBefore': daysBefore ? null : t('programme.daysInvalid'),
          'reminders.daysOverdue': daysOverdue ? null : t('programme.daysInvalid'),
        });
        if (Object.keys(found).length || !daysBefore || !daysOverdue) return { errors: found };
        const reminders: Reminders = { daysBefore, onDueDay: values.onDueDay, daysOverdue };
        return {
          command: {
            name,
            // Blank is none: the programme awards no label, its mails come from the installation.
            label: values.label.trim(),
            senderName: values.senderName.trim(),
            replyTo: values.replyTo.trim(),
            frameworkId: values.frameworkId,
            capacity: Number(values.capacity.trim()),
            participationMonths: Number(values.participationMonths.trim()),
            minDialogueEvents: Number(values.minDialogueEvents.trim()),
            applicationsOpenOn: optionalDate(values.applicationsOpenOn),
            applicationsCloseOn: optionalDate(values.applicationsCloseOn),
            deadlines: {
              scheduleInterviewDays: Number(values.deadlines.scheduleInterviewDays.trim()),
              decideDays: Number(values.deadlines.decideDays.trim()),
              assignContactDays: Number(values.deadlines.assignContactDays.trim()),
              selfCheckDays: Number(values.deadlines.selfCheckDays.trim()),
              scheduleWorkshopDays: Number(values.deadlines.scheduleWorkshopDays.trim()),
              recordAttendanceDays: Number(values.deadlines.recordAttendanceDays.trim()),
              secondSelfCheckDays: Number(values.deadlines.secondSelfCheckDays.trim()),
              windowNoticeDays: Number(values.deadlines.windowNoticeDays.trim()),
            },
            reminders,
          },
        };
      }}
      reset={change ? undefined : () => setValues(valuesOf(undefined))}
      onDone={onDone}
      onSend={onSend}
      defaultOpen={defaultOpen ?? false}
    >
      {(errors) => (
        <>
          <fieldset className="form-section">
            <legend>{t('programme.sectionProgramme')}</legend>
            <TextField
              id={controlId(id, 'name')}
              label={t('programme.name')}
              required
              maxLength={LIMITS.name}
              value={values.name}
              error={errors.name}
              onChange={set('name')}
            />
            <TextField
              id={controlId(id, 'label')}
              label={`${t('programme.label')} (${t('common.optional')})`}
              hint={t('programme.labelHint')}
              maxLength={LIMITS.name}
              value={values.label}
              error={errors.label}
              onChange={set('label')}
            />
            <SelectField
              id={controlId(id, 'frameworkId')}
              label={t('programme.framework')}
              hint={change ? t('programme.frameworkHintChange') : t('programme.frameworkHint')}
              required
              placeholder={t('actions.choose')}
              options={options}
              value={values.frameworkId}
              error={errors.frameworkId}
              onChange={set('frameworkId')}
            />
          </fieldset>
          <fieldset className="form-section">
            <legend>{t('programme.sectionParticipation')}</legend>
            <TextField
              id={controlId(id, 'capacity')}
              label={t('programme.capacity')}
              hint={
                change ? t('programme.capacityHintChange', { taken: programme.seatsTaken }) : t('programme.capacityHint')
              }
              required
              inputMode="numeric"
              className="input--short"
              value={values.capacity}
              error={errors.capacity}
              onChange={set('capacity')}
            />
            <TextField
              id={controlId(id, 'participationMonths')}
              label={t('programme.participationMonths')}
              hint={change ? t('programme.monthsHintChange') : t('programme.monthsHint')}
              required
              inputMode="numeric"
              className="input--short"
              value={values.participationMonths}
              error={errors.participationMonths}
              onChange={set('participationMonths')}
            />
            <TextField
              id={controlId(id, 'minDialogueEvents')}
              label={t('programme.minDialogueEvents')}
              hint={t('programme.minDialogueEventsHint')}
              required
              inputMode="numeric"
              className="input--short"
              value={values.minDialogueEvents}
              error={errors.minDialogueEvents}
              onChange={set('minDialogueEvents')}
            />
          </fieldset>
          <fieldset className="form-section">
            <legend>{t('programme.sectionApplications')}</legend>
            <TextField
              id={controlId(id, 'applicationsOpenOn')}
              type="date"
              label={`${t('programme.applicationsOpenOn')} (${t('common.optional')})`}
              hint={t('programme.applicationsOpenOnHint')}
              className="input--short"
              value={values.applicationsOpenOn}
              error={errors.applicationsOpenOn}
              onChange={set('applicationsOpenOn')}
            />
            <TextField
              id={controlId(id, 'applicationsCloseOn')}
              type="date"
              label={`${t('programme.applicationsCloseOn')} (${t('common.optional')})`}
              hint={t('programme.applicationsCloseOnHint')}
              className="input--short"
              value={values.applicationsCloseOn}
              error={errors.applicationsCloseOn}
              onChange={set('applicationsCloseOn')}
            />
          </fieldset>
          <fieldset className="form-section">
            <legend>{t('programme.sectionMails')}</legend>
            <TextField
              id={controlId(id, 'senderName')}
              label={`${t('programme.senderName')} (${t('common.optional')})`}
              hint={t('programme.senderNameHint')}
              maxLength={LIMITS.name}
              value={values.senderName}
              error={errors.senderName}
              onChange={set('senderName')}
            />
            <TextField
              id={controlId(id, 'replyTo')}
              type="email"
              label={`${t('programme.replyTo')} (${t('common.optional')})`}
              hint={t('programme.replyToHint')}
              value={values.replyTo}
              error={errors.replyTo}
              onChange={set('replyTo')}
            />
          </fieldset>
          <Timing formId={id} errors={errors}>
            <fieldset className="form-section">
              <legend>{t('programme.sectionDeadlines')}</legend>
              <p className="hint">{t('programme.deadlinesHint')}</p>
              {DEADLINES.map((d) => (
                <TextField
                  key={d}
                  id={controlId(id, d)}
                  label={t(`programme.deadline.${d}`)}
                  hint={t(`programme.deadlineHint.${d}`)}
                  required
                  inputMode="numeric"
                  className="input--short"
                  value={values.deadlines[d]}
                  error={errors[d]}
                  onChange={setDeadline(d)}
                />
              ))}
            </fieldset>
            <RemindersGroup id={controlId(id, 'reminders')} error={errors.reminders}>
              <TextField
                id={controlId(id, 'reminders.daysBefore')}
                label={t('programme.daysBefore')}
                hint={t('programme.daysBeforeHint')}
                className="input--short"
                value={values.daysBefore}
                error={errors['reminders.daysBefore']}
                onChange={set('daysBefore')}
              />
              <CheckboxField
                id={controlId(id, 'reminders.onDueDay')}
                label={t('programme.onDueDay')}
                checked={values.onDueDay}
                onChange={(e) => {
                  const checked = e.target.checked;
                  setValues((prev) => ({ ...prev, onDueDay: checked }));
                }}
              />
              <TextField
                id={controlId(id, 'reminders.daysOverdue')}
                label={t('programme.daysOverdue')}
                hint={t('programme.daysOverdueHint')}
                className="input--short"
                value={values.daysOverdue}
                error={errors['reminders.daysOverdue']}
                onChange={set('daysOverdue')}
              />
            </RemindersGroup>
          </Timing>
        </>
      )}
    </ActionForm>
  );
}

/** Whether any of the deadlines or reminders has an error. */
function timingError(errors: Errors): boolean {
  return [...DEADLINES, ...REMINDER_FIELDS].some((f) => errors[f]);
}

/**
 * The deadlines and reminders behind a disclosure button, closed at first (they are
 * prefilled). It opens by itself when one of them has an error, so that the error shows
 * and the focus can go to its field.
 */
function Timing({ formId, errors, children }: { formId: string; errors: Errors; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // New errors (each check or refusal brings a new object) open it once; the team can close it again.
  const [seen, setSeen] = useState(errors);
  if (seen !== errors) {
    setSeen(errors);
    if (timingError(errors)) setOpen(true);
  }
  const panelId = `${formId}-timing`;
  const hintId = `${panelId}-hint`;
  return (
    <div className="timing">
      <button
        type="button"
        className="button button--secondary button--small timing__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        aria-describedby={hintId}
        onClick={() => setOpen((v) => !v)}
      >
        {t('programme.timingToggle')}
      </button>
      <p className="hint" id={hintId}>
        {t('programme.timingHint')}
      </p>
      <div id={panelId} className="timing__panel" hidden={!open}>
        {children}
      </div>
    </div>
  );
}

/** The reminders as one group: the server refuses them as a whole (`reminders`), shown at the legend. */
function RemindersGroup({ id, error, children }: { id: string; error: string | undefined; children: ReactNode }) {
  const { t } = useTranslation();
  const hintId = `${id}-hint`;
  const described = [error ? `${id}-error` : null, hintId].filter(Boolean).join(' ');
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={error ? 'form-section field--error' : 'form-section'}
      aria-describedby={described}
    >
      <legend>{t('programme.sectionReminders')}</legend>
      <p className="hint" id={hintId}>
        {t('programme.remindersHint')}
      </p>
      <FieldError id={id} error={error} />
      {children}
    </fieldset>
  );
}
