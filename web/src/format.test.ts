import { describe, expect, it } from 'vitest';
import {
  daysUntil,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatPointChange,
  formatTime,
  parseIso,
  relativeDue,
} from './format';

const today = new Date(2026, 10, 22, 9, 15); // 22 Nov 2026, local time

describe('dates and times', () => {
  it('formats dates in German and British style', () => {
    expect(formatDate('2026-11-22', 'de')).toBe('22.11.2026');
    expect(formatDate('2026-11-22', 'en')).toBe('22/11/2026');
    expect(formatDate(new Date(2026, 0, 5), 'de')).toBe('05.01.2026');
  });

  it('formats times with "Uhr" in German and 24 h in English', () => {
    expect(formatTime('2026-11-22T14:30:00', 'de')).toBe('14:30 Uhr');
    expect(formatTime('2026-11-22T09:05:00', 'de')).toBe('09:05 Uhr');
    expect(formatTime('2026-11-22T14:30:00', 'en')).toBe('14:30');
  });

  it('combines date and time', () => {
    expect(formatDateTime('2026-11-22T14:30:00', 'de')).toBe('22.11.2026, 14:30 Uhr');
    expect(formatDateTime('2026-11-22T14:30:00', 'en')).toBe('22/11/2026, 14:30');
  });

  it('reads ISO dates as local calendar dates, not UTC', () => {
    const d = parseIso('2026-03-29');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2026, 2, 29, 0]);
  });
});

describe('numbers', () => {
  it('uses German and British separators', () => {
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
    expect(formatNumber(187000, 'de')).toBe('187.000');
    expect(formatNumber(0.25, 'de', 2)).toBe('0,25');
  });

  it('formats percentages and point changes', () => {
    expect(formatPercent(44, 'de')).toBe('44 %');
    expect(formatPercent(44, 'en')).toBe('44%');
    expect(formatPointChange(9, 'de')).toBe('+9 Prozentpunkte');
    expect(formatPointChange(-1, 'en')).toBe('\u22121 percentage point');
    expect(formatPointChange(0, 'de')).toBe('0 Prozentpunkte');
  });
});

describe('relative due dates', () => {
  it('counts calendar days', () => {
    expect(daysUntil('2026-11-25', today)).toBe(3);
    expect(daysUntil('2026-11-22', today)).toBe(0);
    expect(daysUntil('2026-11-20', today)).toBe(-2);
  });

  it('is not thrown off by the change to summer time', () => {
    const march = new Date(2026, 2, 28, 23, 30);
    expect(daysUntil('2026-03-30', march)).toBe(2);
  });

  it('speaks German', () => {
    expect(relativeDue('2026-11-25', 'de', today)).toEqual({ text: 'in 3 Tagen', days: 3, overdue: false });
    expect(relativeDue('2026-11-22', 'de', today).text).toBe('heute');
    expect(relativeDue('2026-11-23', 'de', today).text).toBe('morgen');
    expect(relativeDue('2026-11-20', 'de', today)).toEqual({
      text: 'seit 2 Tagen überfällig',
      days: -2,
      overdue: true,
    });
    expect(relativeDue('2026-11-21', 'de', today).text).toBe('seit 1 Tag überfällig');
  });

  it('speaks English', () => {
    expect(relativeDue('2026-11-25', 'en', today).text).toBe('in 3 days');
    expect(relativeDue('2026-11-22', 'en', today).text).toBe('today');
    expect(relativeDue('2026-11-20', 'en', today).text).toBe('2 days overdue');
    expect(relativeDue('2026-11-21', 'en', today).text).toBe('1 day overdue');
  });
});
