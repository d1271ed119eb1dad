import { describe, expect, it } from 'vitest';
import type { InterestInput } from './api/types';
import { checkEmail, checkPhone, checkPopulation, checkText, checkUrl, parsePopulation, validateInterest } from './validation';

const valid: InterestInput = {
  municipalityName: 'Lindenau am See',
  land: 'BAYERN',
  kind: 'STADT',
  population: '14.800',
  submitterName: 'Jana Petersen',
  submitterRole: 'Integrationsbeauftragte',
  email: 'jana.petersen@lindenau-am-see.example',
  phone: '',
  motivation: 'Wir wollen mitmachen.',
  consent: true,
  language: 'de',
  website: '',
};

describe('validateInterest', () => {
  it('accepts a complete form', () => {
    expect(validateInterest(valid)).toEqual([]);
  });

  it('reports every missing required field with the domain codes', () => {
    const errors = validateInterest({ ...valid, municipalityName: ' ', land: '', kind: '', population: '', submitterName: '', submitterRole: '', email: '', motivation: '', consent: false });
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'municipalityName:required',
      'land:required',
      'kind:required',
      'population:required',
      'submitterName:required',
      'submitterRole:required',
      'email:required',
      'motivation:required',
      'consent:required',
    ]);
  });

  it('checks shapes and limits', () => {
    const errors = validateInterest({ ...valid, email: 'kein-at-zeichen', phone: '12', population: '5000000', municipalityName: 'x'.repeat(121) });
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'municipalityName:too_long',
      'population:too_large',
      'email:invalid_email',
      'phone:invalid_phone',
    ]);
  });
});

describe('single checks', () => {
  it('folds whitespace and rejects control characters', () => {
    expect(checkText('  a  b ', 3)).toBeNull();
    expect(checkText('a\u0007b', 10)).toBe('invalid_characters');
    expect(checkText('Zeile 1\nZeile 2', 100, true)).toBeNull();
    expect(checkText('Zeile 1\nZeile 2', 100, false)).toBeNull(); // newline folded to a space
  });

  it('checks e-mail addresses like the domain', () => {
    expect(checkEmail('a@b.example')).toBeNull();
    expect(checkEmail('a@b')).toBe('invalid_email');
    expect(checkEmail('a@@b.de')).toBe('invalid_email');
    expect(checkEmail('a b@c.de')).toBe('invalid_email');
    expect(checkEmail('a@.de')).toBe('invalid_email');
  });

  it('checks phone numbers (optional)', () => {
    expect(checkPhone('')).toBeNull();
    expect(checkPhone('+49 (0) 30 / 555-0100')).toBeNull();
    expect(checkPhone('030 55 5x')).toBe('invalid_phone');
    expect(checkPhone('1+49 3055501')).toBe('invalid_phone');
  });

  it('reads populations with German thousands dots', () => {
    expect(checkPopulation('187.000')).toBeNull();
    expect(parsePopulation('187.000')).toBe(187000);
    expect(checkPopulation('0')).toBe('too_small');
    expect(checkPopulation('zwölf')).toBe('invalid_number');
    expect(checkPopulation('4000001')).toBe('too_large');
  });

  it('accepts only http(s) evidence links', () => {
    expect(checkUrl('')).toBeNull();
    expect(checkUrl('https://lindenau-am-see.example/rat/beschluss-17')).toBeNull();
    expect(checkUrl('javascript:alert(1)')).toBe('invalid_url');
    expect(checkUrl('www.example')).toBe('invalid_url');
  });
});
