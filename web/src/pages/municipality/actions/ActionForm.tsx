// One step of the journey as a form: a disclosure (<details>) with the form inside. The
// form checks its fields, runs the command (a step of a municipality's journey, or with
// `send` any other command, e.g. a programme's settings), and shows refusals next to the field they
// concern (or above the button when they concern the step as a whole), in the interface
// language: the server's own message where there is one. Focus moves to the first field
// in error, or to the refusal; after success the page announces the result. A form with
// `confirm` asks once more before it sends (e.g. cancelling an appointment).

import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api';
import type { CommandRefusal, CommandResult, JourneyCommand } from '../../../api/types';
import { Icon } from '../../../components/Icon';

/** Field errors by field key (the API's field names, e.g. `heldOn`, `contact.email`). */
export type Errors = Partial<Record<string, string>>;

/** The element id of a field's control inside the form `formId`. */
export function controlId(formId: string, field: string): string {
  return `${formId}-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export interface ActionFormProps<C = JourneyCommand> {
  /** Stable id, e.g. `schedule-interview`; also the prefix of the controls' ids. */
  id: string;
  /** The municipality whose journey the command is a step of (unless `send` is given). */
  municipalityId?: string;
  /** Sends the command, for commands that are no step of a journey. */
  send?: (command: C) => Promise<CommandResult>;
  /** The disclosure's summary (and the form's name); may carry visually hidden context. */
  title: ReactNode;
  /** A sentence under the title: what the step does. */
  description?: string | undefined;
  submitLabel: string;
  /** The field keys of the form, in the order they appear (focus goes to the first error). */
  fields: readonly string[];
  /**
   * Domain refusals without a field that still belong to one, by code
   * (e.g. `DATE_IN_FUTURE` → `heldOn`).
   */
  refusalFields?: Partial<Record<string, string>>;
  /** Checks the input; returns the command, or the errors to show. */
  build: () => { command: C } | { errors: Errors };
  /** Called after the command succeeded, with the sentence to announce. */
  onDone: (message: string) => void;
  /** Called when the command is sent (the page drops the previous announcement). */
  onSend?: (() => void) | undefined;
  successMessage: string;
  /** Resets the inputs after success. */
  reset?: () => void;
  children: (errors: Errors) => ReactNode;
  /** Open at first (e.g. the one obvious next step). */
  defaultOpen?: boolean;
  /** Secondary look for steps that end or pause the journey. */
  tone?: 'default' | 'caution';
  /**
   * A confirmation before the command is sent: once the input checks out, the question
   * appears with `yes` (sends) and `no` (back to the form); changing a field asks again.
   */
  confirm?: { question: string; yes: string; no: string } | undefined;
}

/** Splits a refusal into field errors (for fields of this form) and a message for the step. */
export function placeRefusal(
  refusal: CommandRefusal,
  fields: readonly string[],
  refusalFields: Partial<Record<string, string>> = {},
): { errors: Errors; general: string | null } {
  const errors: Errors = {};
  const rest: string[] = [];
  const fieldFor = (name: string): string | undefined => {
    if (fields.includes(name)) return name;
    // `attendance` (nobody came) or `nextSteps.what`: the group or list it belongs to.
    const parent = fields.find((f) => name.startsWith(`${f}.`) || f.startsWith(`${name}.`));
    return parent;
  };
  for (const f of refusal.fields) {
    const key = fieldFor(f.field);
    if (key && !errors[key]) errors[key] = f.message;
    else if (!key) rest.push(f.message);
  }
  if (!refusal.fields.length) {
    const key = refusalFields[refusal.code];
    if (key && fields.includes(key)) errors[key] = refusal.message;
    else rest.push(refusal.message);
  }
  return { errors, general: rest.length ? rest.join(' ') : null };
}

export function ActionForm<C = JourneyCommand>(props: ActionFormProps<C>) {
  const { t } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState(props.defaultOpen ?? false);
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The input checked out and the confirmation is shown (only with `confirm`).
  const [confirming, setConfirming] = useState(false);
  const generalRef = useRef<HTMLDivElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const confirmId = `${props.id}-confirm`;

  const focusFirstError = (found: Errors) => {
    const first = props.fields.find((f) => found[f]);
    requestAnimationFrame(() => {
      const el = first ? document.getElementById(controlId(props.id, first)) : null;
      if (el) el.focus();
      else generalRef.current?.focus();
    });
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setGeneral(null);
    const built = props.build();
    if ('errors' in built) {
      setErrors(built.errors);
      focusFirstError(built.errors);
      return;
    }
    if (props.confirm && !confirming) {
      // Ask first; the button, now "yes", takes the focus and is described by the question.
      setErrors({});
      setConfirming(true);
      requestAnimationFrame(() => submitRef.current?.focus());
      return;
    }
    setConfirming(false);
    setBusy(true);
    props.onSend?.();
    try {
      const result = props.send
        ? await props.send(built.command)
        : await api.runCommand(props.municipalityId ?? '', built.command as JourneyCommand);
      if (result.ok) {
        setErrors({});
        props.reset?.();
        setOpen(false);
        props.onDone(props.successMessage);
        return;
      }
      const placed = placeRefusal(result.refusal, props.fields, props.refusalFields);
      setErrors(placed.errors);
      setGeneral(placed.general);
      focusFirstError(placed.errors);
    } catch {
      setErrors({});
      setGeneral(t('actions.failed'));
      focusFirstError({});
    } finally {
      setBusy(false);
    }
  }

  return (
    <details
      className={props.tone === 'caution' ? 'action action--caution' : 'action'}
      id={`aktion-${props.id}`}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>
        <span id={titleId}>{props.title}</span>
      </summary>
      <form
        noValidate
        className="action__form"
        aria-labelledby={titleId}
        onSubmit={(e) => void submit(e)}
        onChange={() => setConfirming(false)}
      >
        {props.description && <p className="hint">{props.description}</p>}
        {props.children(errors)}
        {general && (
          <div
            className="alert alert-error action__refusal"
            id={`${props.id}-refusal`}
            role="alert"
            tabIndex={-1}
            ref={generalRef}
          >
            <p>
              <Icon name="warning" size={16} />
              <span>{general}</span>
            </p>
          </div>
        )}
        {props.confirm && confirming && (
          <div className="alert alert-info action__confirm" id={confirmId}>
            <p>{props.confirm.question}</p>
          </div>
        )}
        <div className="action__buttons">
          <button
            type="submit"
            className="button"
            ref={submitRef}
            disabled={busy}
            aria-describedby={general ? `${props.id}-refusal` : confirming ? confirmId : undefined}
          >
            {busy ? t('actions.sending') : props.confirm && confirming ? props.confirm.yes : props.submitLabel}
          </button>
          {props.confirm && confirming && !busy && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => submitRef.current?.focus());
              }}
            >
              {props.confirm.no}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}
