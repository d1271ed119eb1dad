// A programme's settings as a form: "Programm anlegen", or "Einstellungen ändern" of one
// programme (prefilled). The form checks only that the numbers are whole numbers; the rules
// (bounds, capacity never below the seats taken, framework fixed once a self-check started)
// are the server's, and its refusals appear next to the field they concern. The application
// period is optional; a change replaces it with what is sent, so the form sends the current
// dates back unless they were changed.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResult, FrameworkChoice, Programme, ProgrammeInput } from '../../api/types';
import { SelectField, TextField } from '../../components/fields';
import { LIMITS } from '../../validation';
import { ActionForm, controlId } from '../municipality/actions/ActionForm';
import { errorsOf, makeChecks } from '../municipality/actions/inputs';

/** The fields in the order they appear; the server names its field errors the same way. */
export const PROGRAMME_FIELDS = [
  'name',
  'frameworkId',
  'capacity',
  'participationMonths',
  'minDialogueEvents',
  'applicationsOpenOn',
  'applicationsCloseOn',
] as const;

/** What a new programme starts with. */
const DEFAULTS = { capacity: '40', participationMonths: '6', minDialogueEvents: '1' };

interface Values {
  name: string;
  frameworkId: string;
  capacity: string;
  participationMonths: string;
  minDialogueEvents: string;
  /** yyyy-mm-dd as the date input gives it, or empty. */
  applicationsOpenOn: string;
  applicationsCloseOn: string;
}

function valuesOf(p: Programme | undefined): Values {
  if (!p) return { name: '', frameworkId: '', ...DEFAULTS, applicationsOpenOn: '', applicationsCloseOn: '' };
  return {
    name: p.name,
    frameworkId: p.framework?.id ?? '',
    capacity: String(p.capacity),
    participationMonths: String(p.participationMonths),
    minDialogueEvents: String(p.minDialogueEvents),
    applicationsOpenOn: p.applicationsOpenOn ?? '',
    applicationsCloseOn: p.applicationsCloseOn ?? '',
  };
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
  const set = (key: keyof Values) => (e: { target: { value: string } }) =>
    setValues((prev) => ({ ...prev, [key]: e.target.value }));
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
          frameworkId: check.chosen(values.frameworkId),
          capacity: check.count(values.capacity),
          participationMonths: check.count(values.participationMonths),
          minDialogueEvents: check.count(values.minDialogueEvents),
          applicationsOpenOn: values.applicationsOpenOn.trim() ? check.date(values.applicationsOpenOn.trim()) : null,
          applicationsCloseOn: values.applicationsCloseOn.trim() ? check.date(values.applicationsCloseOn.trim()) : null,
        });
        if (Object.keys(found).length) return { errors: found };
        return {
          command: {
            name,
            frameworkId: values.frameworkId,
            capacity: Number(values.capacity.trim()),
            participationMonths: Number(values.participationMonths.trim()),
            minDialogueEvents: Number(values.minDialogueEvents.trim()),
            applicationsOpenOn: optionalDate(values.applicationsOpenOn),
            applicationsCloseOn: optionalDate(values.applicationsCloseOn),
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
        </>
      )}
    </ActionForm>
  );
}
