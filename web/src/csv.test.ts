import { describe, expect, it, vi } from 'vitest';
import { csvFilename, downloadCsv, toCsv } from './csv';

describe('toCsv for German Excel', () => {
  it('starts with a BOM, separates with semicolons and ends lines with CRLF', () => {
    const csv = toCsv(
      [
        ['Phase', 'Anzahl'],
        ['Interesse', 12],
      ],
      'de',
    );
    expect(csv).toBe('\uFEFFPhase;Anzahl\r\nInteresse;12\r\n');
  });

  it('writes decimal commas without thousands separators', () => {
    expect(toCsv([[1234.5, -0.25, 1000000, 0.1 + 0.2]], 'de')).toBe('\uFEFF1234,5;-0,25;1000000;0,3\r\n');
  });

  it('quotes separators, quotes, line breaks and padded text', () => {
    const csv = toCsv([['a;b', 'Sie sagte "Hallo"', 'Zeile 1\nZeile 2', ' Rand ', 'a,b']], 'de');
    expect(csv).toBe('\uFEFF"a;b";"Sie sagte ""Hallo""";"Zeile 1\nZeile 2";" Rand ";a,b\r\n');
  });

  it('formats dates, booleans and empty cells', () => {
    expect(toCsv([[new Date(2026, 10, 22), true, false, null, undefined, Number.NaN]], 'de')).toBe(
      '\uFEFF22.11.2026;ja;nein;;;\r\n',
    );
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(toCsv([['=SUMME(A1)', '+49 30 123', '@x', -5]], 'de')).toBe("\uFEFF'=SUMME(A1);'+49 30 123;'@x;-5\r\n");
  });

  it('drops soft hyphens used for on-screen hyphenation', () => {
    expect(toCsv([['Einwohner:innen\u00addialoge']], 'de')).toBe('\uFEFFEinwohner:innendialoge\r\n');
  });

  it('keeps umlauts as they are (UTF-8)', () => {
    expect(toCsv([['Thüringen', 'Größenklasse']], 'de')).toBe('\uFEFFThüringen;Größenklasse\r\n');
  });
});

describe('toCsv in English', () => {
  it('uses commas and decimal points and quotes commas', () => {
    expect(toCsv([['Stage', 'Median'], ['Self-check, round 1', 23.5]], 'en')).toBe(
      '\uFEFFStage,Median\r\n"Self-check, round 1",23.5\r\n',
    );
  });

  it('leaves semicolons unquoted', () => {
    expect(toCsv([['a;b', new Date(2026, 10, 22), true]], 'en')).toBe('\uFEFFa;b,22/11/2026,yes\r\n');
  });
});

describe('csvFilename', () => {
  it('makes a safe name', () => {
    expect(csvFilename('Größenklassen Übersicht')).toBe('grossenklassen-ubersicht.csv');
    expect(csvFilename('   ')).toBe('export.csv');
  });
});

function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(new Error('read failed'));
    reader.readAsArrayBuffer(blob);
  });
}

describe('downloadCsv', () => {
  it('creates a CSV blob and clicks a download link', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:csv';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });

    downloadCsv('trichter.csv', [['Phase', 'Anzahl'], ['Interesse', 3]], 'de');

    expect(click).toHaveBeenCalledOnce();
    expect(clicks).toEqual(['trichter.csv']);
    expect(created[0]?.type).toBe('text/csv;charset=utf-8');
    const bytes = await readBytes(created[0]!);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe('Phase;Anzahl\r\nInteresse;3\r\n');
    await new Promise((r) => setTimeout(r, 0));
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:csv');
    expect(document.querySelector('a[download]')).toBeNull();
  });
});
