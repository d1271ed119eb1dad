// "Stand am …": a page as it stood at the end of a past day (only what had been recorded by
// then): the municipality page and the funder dashboard. The day lives in the URL
// (`?stand=2026-10-01`), so a past view can be shared.

import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from './fields';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The local calendar day of `d` as yyyy-mm-dd. */
export function localDay(d: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `raw` if it is a real calendar day (yyyy-mm-dd), else null. */
export function parseDay(raw: string | null): string | null {
  if (!raw || !ISO_DAY.test(raw)) return null;
  const d = new Date(`${raw}T12:00:00`);
  return !Number.isNaN(d.getTime()) && localDay(d) === raw ? raw : null;
}

/** Why a chosen day cannot be shown, or null. */
export function checkAsOf(raw: string, today: string = localDay()): 'required' | 'invalid' | 'future' | null {
  if (raw.trim() === '') return 'required';
  const day = parseDay(raw.trim());
  if (!day) return 'invalid';
  return day > today ? 'future' : null;
}

interface AsOfProps {
  /** The past day shown, or null for now. */
  asOf: string | null;
  onShow: (day: string | null) => void;
  /** What a past view shows, e.g. "Sie sehen den Stand vom 01.10.2026 …". */
  notice: string;
}

/** The form that picks a past day, and the notice that a past day is shown. */
export function AsOf({ asOf, onShow, notice }: AsOfProps) {
  const { t } = useTranslation();
  const today = localDay();
  const [value, setValue] = useState(asOf ?? '');
  const [problem, setProblem] = useState<ReturnType<typeof checkAsOf>>(null);
  const input = useRef<HTMLInputElement>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkAsOf(value, today);
    setProblem(found);
    if (found) {
      input.current?.focus();
      return;
    }
    onShow(value.trim());
  }

  return (
    <div className="as-of">
      {asOf && (
        <div className="alert alert-info" role="status">
          <p>{notice}</p>
          <button type="button" className="button button--secondary button--small" onClick={() => onShow(null)}>
            {t('asOf.current')}
          </button>
        </div>
      )}
      <form className="as-of__form" noValidate onSubmit={submit} aria-label={t('asOf.title')}>
        <TextField
          id="as-of"
          type="date"
          label={t('asOf.label')}
          hint={t('asOf.hint')}
          max={today}
          value={value}
          error={problem ? t(`asOf.${problem}`) : undefined}
          onChange={(e) => setValue(e.target.value)}
          ref={input}
        />
        <button type="submit" className="button button--secondary">
          {t('asOf.show')}
        </button>
      </form>
    </div>
  );
}
