// Small helpers shared by the journey forms: today's date, checks that answer with a
// message in the interface language, and a group of checkboxes as fieldset + legend.

import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { FieldError } from '../../../components/fields';
import { checkEmail, checkPhone, checkText, LIMITS } from '../../../validation';

const pad = (n: number) => String(n).padStart(2, '0');

export function todayIso(d = new Date()): string {
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// i18next's TFunction, not `ReturnType<typeof useTranslation>['t']`: the latter instantiates
// useTranslation with its constraints (every key prefix) and costs the type checker millions
// of instantiations per call.
type T = TFunction;

/** Each check returns a message or null. */
export function makeChecks(t: T) {
  return {
    text(value: string, max: number = LIMITS.shortText): string | null {
      const code = checkText(value, max);
      return code ? t(`errors.${code}`) : null;
    },
    longText(value: string): string | null {
      const code = checkText(value, LIMITS.longText, true);
      return code ? t(`errors.${code}`) : null;
    },
    optionalLongText(value: string): string | null {
      return value.trim() === '' ? null : this.longText(value);
    },
    email(value: string): string | null {
      const code = checkEmail(value);
      return code ? t(`errors.${code}`) : null;
    },
    phone(value: string): string | null {
      const code = checkPhone(value);
      return code ? t(`errors.${code}`) : null;
    },
    date(value: string): string | null {
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : t('actions.invalidDate');
    },
    dateTime(value: string): string | null {
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) ? null : t('actions.invalidDateTime');
    },
    count(value: string, min = 0): string | null {
      const s = value.trim();
      if (!/^\d+$/.test(s)) return t('actions.invalidCount');
      const n = Number(s);
      if (n < min) return t('errors.too_small');
      if (n > 100_000) return t('errors.too_large');
      return null;
    },
    chosen(value: string): string | null {
      return value ? null : t('actions.chooseOne');
    },
  };
}

/** `2026-11-23T14:30` (as the browser gives it) → `2026-11-23T14:30:00`. */
export function naiveDateTime(value: string): string {
  return value.length === 16 ? `${value}:00` : value;
}

/** Drops the nulls: `{ a: null, b: 'msg' }` → `{ b: 'msg' }`. */
export function errorsOf(found: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => e[1] !== null));
}

/** A group of controls as fieldset + legend with a hint and an error, linked to the group. */
export function Group({
  id,
  legend,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  legend: ReactNode;
  hint?: string | undefined;
  error?: string | undefined;
  children: ReactNode;
  className?: string;
}) {
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className={['group', className, error ? 'field--error' : ''].filter(Boolean).join(' ')}
      aria-describedby={described || undefined}
    >
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
      {children}
    </fieldset>
  );
}
