import { afterEach, describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import i18n, { STORAGE_KEY, setLanguage } from './index';

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      for (const [key, text] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
    }
  } else {
    out.set(prefix, String(value));
  }
  return out;
}

const deKeys = flatten(de);
const enKeys = flatten(en);

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('translation files', () => {
  it('have the same keys', () => {
    const onlyDe = [...deKeys.keys()].filter((k) => !enKeys.has(k));
    const onlyEn = [...enKeys.keys()].filter((k) => !deKeys.has(k));
    expect({ onlyDe, onlyEn }).toEqual({ onlyDe: [], onlyEn: [] });
  });

  it('have no empty values', () => {
    const empty = [...deKeys, ...enKeys].filter(([, text]) => text.trim() === '').map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...deKeys.keys()].filter(
      (k) => variables(deKeys.get(k) ?? '').join() !== variables(enKeys.get(k) ?? '').join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('define both plural forms wherever one is defined', () => {
    const missing = [...deKeys.keys()]
      .filter((k) => k.endsWith('_one') || k.endsWith('_other'))
      .map((k) => k.replace(/_(one|other)$/, ''))
      .filter((base) => !deKeys.has(`${base}_one`) || !deKeys.has(`${base}_other`));
    expect(missing).toEqual([]);
  });

  it('contain no HTML entities (use the character, e.g. \\u00ad for a soft hyphen)', () => {
    const withEntities = [...deKeys, ...enKeys].filter(([, text]) => /&[a-z]+;/.test(text)).map(([k]) => k);
    expect(withEntities).toEqual([]);
  });
});

describe('language choice', () => {
  afterEach(async () => {
    await setLanguage('de');
  });

  it('defaults to German', () => {
    expect(i18n.language).toBe('de');
    expect(document.documentElement.lang).toBe('de');
  });

  it('switches, remembers the choice and updates <html lang>', async () => {
    await setLanguage('en');
    expect(i18n.t('nav.tasks')).toBe('My tasks');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
