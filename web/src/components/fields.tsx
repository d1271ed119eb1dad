// Form fields with label, optional hint and a field-level error, all tied to the control
// with aria-describedby. Forms use noValidate and show these messages instead of the
// browser's bubbles.

import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

interface ShellProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function RequiredMark() {
  const { t } = useTranslation();
  return (
    <span className="required-mark" title={t('common.requiredMark')}>
      {' '}
      *
    </span>
  );
}

function Hint({ id, hint }: { id: string; hint?: string | undefined }) {
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function FieldError({ id, error }: { id: string; error?: string | undefined }) {
  return error ? (
    <p className="field-error" id={`${id}-error`}>
      <Icon name="warning" size={16} />
      <span>{error}</span>
    </p>
  ) : null;
}

function controlProps(p: ShellProps) {
  return {
    id: p.id,
    'aria-describedby': describedBy(p.id, p.hint, p.error),
    'aria-invalid': p.error ? true : undefined,
    required: p.required,
  } as const;
}

function Shell({ children, ...p }: ShellProps & { children: ReactNode }) {
  return (
    <div className={p.error ? 'field field--error' : 'field'}>
      <label htmlFor={p.id}>
        {p.label}
        {p.required && <RequiredMark />}
      </label>
      <Hint id={p.id} hint={p.hint} />
      <FieldError id={p.id} error={p.error} />
      {children}
    </div>
  );
}

type InputProps = ShellProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required'> & { ref?: Ref<HTMLInputElement> };

export function TextField({ id, label, hint, error, required, ...rest }: InputProps) {
  const shell = { id, label, hint, error, required };
  return (
    <Shell {...shell}>
      <input type="text" {...rest} {...controlProps(shell)} />
    </Shell>
  );
}

type TextAreaProps = ShellProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'required'> & { ref?: Ref<HTMLTextAreaElement> };

export function TextAreaField({ id, label, hint, error, required, ...rest }: TextAreaProps) {
  const shell = { id, label, hint, error, required };
  return (
    <Shell {...shell}>
      <textarea rows={5} {...rest} {...controlProps(shell)} />
    </Shell>
  );
}

type SelectProps = ShellProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'required'> & {
    options: readonly { value: string; label: string }[];
    placeholder?: string;
    ref?: Ref<HTMLSelectElement>;
  };

export function SelectField({ id, label, hint, error, required, options, placeholder, ...rest }: SelectProps) {
  const shell = { id, label, hint, error, required };
  return (
    <Shell {...shell}>
      <select {...rest} {...controlProps(shell)}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Shell>
  );
}

type CheckboxProps = ShellProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'required' | 'type'> & { ref?: Ref<HTMLInputElement> };

export function CheckboxField({ id, label, hint, error, required, ...rest }: CheckboxProps) {
  const shell = { id, label, hint, error, required };
  return (
    <div className={error ? 'field field--checkbox field--error' : 'field field--checkbox'}>
      <FieldError id={id} error={error} />
      <div className="checkbox">
        <input type="checkbox" {...rest} {...controlProps(shell)} />
        <label htmlFor={id}>
          {label}
          {required && <RequiredMark />}
        </label>
      </div>
      <Hint id={id} hint={hint} />
    </div>
  );
}

export interface RadioOption {
  value: string;
  label: ReactNode;
}

/** A radio group as fieldset + legend; arrow keys move within it (native behaviour). */
export function RadioGroup({
  name,
  legend,
  options,
  value,
  onChange,
  hint,
  error,
  className,
}: {
  name: string;
  legend: ReactNode;
  options: readonly RadioOption[];
  value: string | null;
  onChange: (value: string) => void;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string;
}) {
  const id = `${name}-group`;
  return (
    <fieldset
      className={['radio-group', className, error ? 'field--error' : ''].filter(Boolean).join(' ')}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend>{legend}</legend>
      <Hint id={id} hint={hint} />
      <FieldError id={id} error={error} />
      <div className="radio-group__options">
        {options.map((o) => {
          const optionId = `${name}-${o.value}`;
          return (
            <div className="radio" key={o.value}>
              <input
                type="radio"
                id={optionId}
                name={name}
                value={o.value}
                checked={value === o.value}
                onChange={() => onChange(o.value)}
              />
              <label htmlFor={optionId}>{o.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
