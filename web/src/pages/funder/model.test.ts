import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { createStubApi } from '../../api/stub/stubApi';
import type { FunderDashboard } from '../../api/types';
import { buildCharts } from './model';

async function dashboard(): Promise<FunderDashboard> {
  const d = await createStubApi({ latencyMs: 0 }).funderDashboard();
  if (!d) throw new Error('the stub always has today’s figures');
  return d;
}

describe('funder charts', () => {
  it('builds six charts, each with a summary sentence, a table and a CSV file name', async () => {
    const d = await dashboard();
    const charts = buildCharts(d, i18n.getFixedT('de'), 'de');
    expect(charts.map((c) => c.id)).toEqual(['funnel', 'duration', 'scores', 'attendance', 'land', 'size']);
    for (const c of charts) {
      expect(c.summary).toMatch(/\.$/);
      expect(c.table.rows.length).toBeGreaterThan(0);
      expect(c.table.rows.every((r) => r.length === c.table.columns.length)).toBe(true);
      expect(c.csvFile).toMatch(new RegExp(`-${d.asOf}\\.csv$`));
      expect(c.categories.length).toBe(c.series[0]?.values.length);
    }
  });

  it('says in each summary when a programme has no figures yet, instead of leaving the chart unlabelled', async () => {
    const d = await createStubApi({ latencyMs: 0 }).funderDashboard(undefined, 'p-zusammenhalt-2027');
    if (!d) throw new Error('the stub has figures for each programme');
    const charts = buildCharts(d, i18n.getFixedT('de'), 'de');
    for (const c of charts) expect(c.summary, c.id).toMatch(/\S.*\.$/);
    expect(charts.find((c) => c.id === 'attendance')?.summary).toBe(
      'Noch hat keine Dialogveranstaltung mit erfasster Teilnahme stattgefunden.',
    );
    expect(charts.find((c) => c.id === 'duration')?.summary).toMatch(/^Noch hat keine Kommune eine Phase verlassen/);
  });

  it('names ties instead of picking one', () => {
    const d: FunderDashboard = {
      programmeTitle: 'P',
      asOf: '2026-11-22',
      capacity: 40,
      seatsTaken: 2,
      stages: [],
      medianDays: [],
      window: { admitted: 2, active: 2, completed: 0, withdrawn: 0, endingSoon: 0, overrun: 0, medianElapsedPercent: null },
      scores: [],
      attendance: { RESIDENTS: 0, ADMINISTRATION: 0, POLITICS: 0, BUSINESS: 0, CIVIL_SOCIETY: 0 },
      dialogueEventsHeld: 0,
      byLand: [
        { land: 'BAYERN', all: 2, admitted: 1 },
        { land: 'HESSEN', all: 2, admitted: 2 },
        { land: 'BERLIN', all: 1, admitted: 0 },
      ],
      bySize: [{ sizeClass: 'CITY', all: 3, admitted: 1 }],
    };
    const [land, size] = buildCharts(d, i18n.getFixedT('de'), 'de').slice(4);
    expect(land?.summary).toBe('Am stärksten vertreten sind Bayern und Hessen mit je 2 Kommunen.');
    expect(size?.summary).toBe('Am häufigsten vertreten: Großstadt (ab 100.000) mit 3 Kommunen, davon 1 zugelassen.');
    const en = buildCharts(d, i18n.getFixedT('en'), 'en')[4];
    expect(en?.summary).toBe('Bavaria and Hesse are represented most, with 2 municipalities each.');
  });

  it('reports score changes in percentage points', async () => {
    const d = await dashboard();
    const scores = buildCharts(d, i18n.getFixedT('en'), 'en')[2];
    expect(scores?.summary).toMatch(/with \+\d+ percentage points\.$/);
    expect(scores?.series.map((s) => Boolean(s.striped))).toEqual([true, false]);
  });

  it('shows the change between the rounds per field as soon as the API gives its median', async () => {
    const d = await dashboard();
    const scores = buildCharts(d, i18n.getFixedT('de'), 'de')[2];
    expect(scores?.table.columns.map((c) => c.label)).toEqual([
      'Handlungsfeld',
      '1. Selbstcheck (Median)',
      '2. Selbstcheck (Median)',
      'Veränderung',
      'Abgeschickt (1.)',
      'Abgeschickt (2.)',
    ]);
    const first = d.scores[0];
    expect(scores?.table.rows[0]).toEqual([first?.title, first?.first, first?.second, first?.change, first?.firstCount, first?.secondCount]);
    expect(scores?.series[1]?.values.every((v) => v !== null)).toBe(true);
  });

  it('says how many second self-checks are in while there are too few for a median', async () => {
    const d = await dashboard();
    // Two municipalities have sent their second round: counted, but no median yet.
    const pending: FunderDashboard = {
      ...d,
      scores: d.scores.map((s) => ({ ...s, second: null, change: null, secondCount: 2 })),
    };
    const de = buildCharts(pending, i18n.getFixedT('de'), 'de')[2];
    expect(de?.summary).toMatch(
      /^Mediane gibt es bisher nur für den ersten Selbstcheck; .* Den zweiten Selbstcheck haben bisher 2 Kommunen abgeschickt; die Veränderung erscheint, sobald es mindestens fünf sind\.$/,
    );
    expect(de?.table.rows.map((r) => r[5])).toEqual(d.scores.map(() => 2));
    const one = { ...pending, scores: pending.scores.map((s) => ({ ...s, secondCount: 1 })) };
    expect(buildCharts(one, i18n.getFixedT('en'), 'en')[2]?.summary).toMatch(
      /So far 1 municipality has submitted the second self-check; the change is shown once at least five have\.$/,
    );
  });
});
