// Formatting with Intl for de-DE and en-GB. Words around the numbers ("Uhr", "in 3 Tagen")
// come from the i18n files.

import i18n from './i18n';
import type { Language } from './domain';

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${language}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], options);
    cache.set(key, f);
  }
  return f;
}

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${language}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[language], options);
    cache.set(key, f);
  }
  return f;
}

/**
 * Parses "2026-11-22" as a local calendar date and "2026-11-22T14:30:00" as local time
 * (the API's Date and LocalDateTime scalars carry no zone).
 */
export function parseIso(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value);
  if (!m) return new Date(value);
  const [, y, mo, d, h, mi, s] = m;
  return new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
}

/** 22.11.2026 / 22/11/2026 */
export function formatDate(value: string | Date, language: Language): string {
  return dateFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(parseIso(value));
}

/** 14:30 Uhr / 14:30 */
export function formatTime(value: string | Date, language: Language): string {
  const time = dateFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false }).format(parseIso(value));
  return i18n.t('format.time', { time, lng: language });
}

/** 22.11.2026, 14:30 Uhr / 22/11/2026, 14:30 */
export function formatDateTime(value: string | Date, language: Language): string {
  const d = parseIso(value);
  const date = formatDate(d, language);
  const time = dateFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return i18n.t('format.dateTime', { date, time, lng: language });
}

/** Long form for headings and screen readers: "Sonntag, 22. November 2026". */
export function formatLongDate(value: string | Date, language: Language): string {
  return dateFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(parseIso(value));
}

/** 1.234,5 / 1,234.5 */
export function formatNumber(value: number, language: Language, maximumFractionDigits = 1): string {
  return numberFormat(language, { maximumFractionDigits }).format(value);
}

/** 44 % / 44% — `value` is already a percentage (0–100). */
export function formatPercent(value: number, language: Language): string {
  return i18n.t('format.percent', { value: formatNumber(value, language, 0), lng: language });
}

/** +9 Prozentpunkte / −3 percentage points (with a real minus sign). */
export function formatPointChange(value: number, language: Language): string {
  const abs = formatNumber(Math.abs(value), language, 0);
  const formatted = value > 0 ? `+${abs}` : value < 0 ? `\u2212${abs}` : abs;
  return i18n.t('format.points', { count: Math.abs(value), formatted, lng: language });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole calendar days from `today` to `date` (negative = in the past), DST-safe. */
export function daysUntil(date: string | Date, today: Date = new Date()): number {
  const d = parseIso(date);
  const a = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  const b = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((a - b) / DAY_MS);
}

export interface RelativeDue {
  text: string;
  days: number;
  overdue: boolean;
}

/** "in 3 Tagen", "morgen", "heute", "seit 2 Tagen überfällig". */
export function relativeDue(due: string | Date, language: Language, today: Date = new Date()): RelativeDue {
  const days = daysUntil(due, today);
  let text: string;
  if (days === 0) text = i18n.t('due.today', { lng: language });
  else if (days === 1) text = i18n.t('due.tomorrow', { lng: language });
  else if (days > 1) text = i18n.t('due.inDays', { count: days, lng: language });
  else text = i18n.t('due.overdue', { count: -days, lng: language });
  return { text, days, overdue: days < 0 };
}
