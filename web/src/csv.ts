// CSV that German Excel opens correctly by double-click: UTF-8 with BOM, semicolons,
// decimal commas, CRLF. The English variant uses commas and decimal points.

import i18n, { currentLanguage } from './i18n';
import type { Language } from './domain';
import { formatDate } from './format';

export type CsvCell = string | number | Date | boolean | null | undefined;
export type CsvRow = readonly CsvCell[];

export interface CsvDialect {
  separator: ';' | ',';
  decimal: ',' | '.';
  language: Language;
}

export const DIALECTS: Record<Language, CsvDialect> = {
  de: { separator: ';', decimal: ',', language: 'de' },
  en: { separator: ',', decimal: '.', language: 'en' },
};

const BOM = '\uFEFF';
const CRLF = '\r\n';

function formatNumberCell(n: number, dialect: CsvDialect): string {
  if (!Number.isFinite(n)) return '';
  // No thousands separators (Excel would read "1.234" as a date or text in some
  // settings); up to 10 decimals, which hides binary noise like 0.30000000000000004.
  const text = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 10 }).format(n);
  return dialect.decimal === ',' ? text.replace('.', ',') : text;
}

/** Text cells that spreadsheets would run as formulas get a leading apostrophe. */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvCell(cell: CsvCell, dialect: CsvDialect): string {
  let text: string;
  if (cell === null || cell === undefined) text = '';
  else if (typeof cell === 'number') text = formatNumberCell(cell, dialect);
  else if (cell instanceof Date) text = formatDate(cell, dialect.language);
  else if (typeof cell === 'boolean') text = i18n.t(cell ? 'common.yes' : 'common.no', { lng: dialect.language });
  else text = defuse(cell.replace(/\u00ad/g, ''));
  const needsQuotes =
    text.includes(dialect.separator) ||
    text.includes('"') ||
    text.includes('\n') ||
    text.includes('\r') ||
    text !== text.trim();
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file as a string, BOM included. */
export function toCsv(rows: readonly CsvRow[], language: Language = currentLanguage()): string {
  const dialect = DIALECTS[language];
  return BOM + rows.map((row) => row.map((c) => csvCell(c, dialect)).join(dialect.separator) + CRLF).join('');
}

export function csvBlob(rows: readonly CsvRow[], language?: Language): Blob {
  return new Blob([toCsv(rows, language)], { type: 'text/csv;charset=utf-8' });
}

/** A safe file name: letters, digits, dashes; `.csv` appended. */
export function csvFilename(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/ß/g, 'ss')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'export'}.csv`;
}

/** Starts a download of `rows` as a CSV file in the current interface language. */
export function downloadCsv(filename: string, rows: readonly CsvRow[], language?: Language): void {
  const url = URL.createObjectURL(csvBlob(rows, language));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename.endsWith('.csv') ? filename : csvFilename(filename);
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
