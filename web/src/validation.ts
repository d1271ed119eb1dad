// Client-side checks that mirror the domain's validated values (services/domain values.rs),
// so the form can answer at once. The server checks again and answers with the same codes.

import type { FieldError, InterestField, InterestInput } from './api/types';
import type { ValidationCode } from './domain';

export const LIMITS = {
  name: 120,
  shortText: 200,
  longText: 5000,
  email: 254,
  populationMax: 4_000_000,
} as const;

function hasControlChars(text: string, keepLines: boolean): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    if (control && !(keepLines && (ch === '\n' || ch === '\t' || ch === '\r'))) return true;
  }
  return false;
}

export function checkText(raw: string, max: number, keepLines = false): ValidationCode | null {
  const text = keepLines ? raw.trim() : raw.split(/\s+/).filter(Boolean).join(' ');
  if (text === '') return 'required';
  if ([...text].length > max) return 'too_long';
  if (hasControlChars(text, keepLines)) return 'invalid_characters';
  return null;
}

export function checkEmail(raw: string): ValidationCode | null {
  const s = raw.trim();
  if (s === '') return 'required';
  if (s.length > LIMITS.email) return 'too_long';
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return 'invalid_email';
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  const ok =
    local.length <= 64 &&
    domain.includes('.') &&
    !domain.startsWith('.') &&
    !domain.endsWith('.') &&
    !domain.includes('..') &&
    /^[\p{L}\p{N}.-]+$/u.test(domain) &&
    !/[\s<>(),;:"[\]]/.test(local);
  return ok ? null : 'invalid_email';
}

/** Optional: empty is fine. */
export function checkPhone(raw: string): ValidationCode | null {
  const s = raw.split(/\s+/).filter(Boolean).join(' ');
  if (s === '') return null;
  const allowed = [...s].every(
    (c, i) => /[0-9 /\-()]/.test(c) || (c === '+' && i === 0),
  );
  const digits = s.replace(/\D/g, '').length;
  return allowed && digits >= 6 && digits <= 20 ? null : 'invalid_phone';
}

export function checkPopulation(raw: string): ValidationCode | null {
  const s = raw.trim().replace(/[.\s']/g, '');
  if (s === '') return 'required';
  if (!/^-?\d+$/.test(s)) return 'invalid_number';
  const n = Number(s);
  if (n < 1) return 'too_small';
  if (n > LIMITS.populationMax) return 'too_large';
  return null;
}

/** Parses "12.345" or "12345" into a number (the form allows German thousands dots). */
export function parsePopulation(raw: string): number {
  return Number(raw.trim().replace(/[.\s']/g, ''));
}

export function checkUrl(raw: string): ValidationCode | null {
  const s = raw.trim();
  if (s === '') return null;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'invalid_url';
  } catch {
    return 'invalid_url';
  }
}

export const INTEREST_FIELDS: readonly InterestField[] = [
  'municipalityName',
  'land',
  'kind',
  'population',
  'submitterName',
  'submitterRole',
  'email',
  'phone',
  'motivation',
  'consent',
  'language',
];

export function validateInterest(input: InterestInput): FieldError<InterestField>[] {
  const checks: [InterestField, ValidationCode | null][] = [
    ['municipalityName', checkText(input.municipalityName, LIMITS.name)],
    ['land', input.land === '' ? 'required' : null],
    ['kind', input.kind === '' ? 'required' : null],
    ['population', checkPopulation(input.population)],
    ['submitterName', checkText(input.submitterName, LIMITS.name)],
    ['submitterRole', checkText(input.submitterRole, LIMITS.shortText)],
    ['email', checkEmail(input.email)],
    ['phone', checkPhone(input.phone)],
    ['motivation', checkText(input.motivation, LIMITS.longText, true)],
    ['consent', input.consent ? null : 'required'],
  ];
  return checks.flatMap(([field, code]) => (code ? [{ field, code }] : []));
}
