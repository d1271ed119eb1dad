// Turns the funder dashboard data into chart specs: categories and series for the chart,
// the same numbers as a table (also the CSV) and a one-sentence summary.

import type { TFunction } from 'i18next';
import type { FunderDashboard } from '../../api/types';
import type { BarSeries } from '../../charts/BarChart';
import type { ChartTable } from '../../charts/ChartFigure';
import { CHART_COLORS } from '../../charts/palette';
import { FUNNEL_STAGES, STAKEHOLDER_GROUPS, type Language } from '../../domain';
import { formatNumber, formatPercent, formatPointChange, localeOf } from '../../format';

export interface ChartSpec {
  id: string;
  title: string;
  summary: string;
  categories: string[];
  series: BarSeries[];
  table: ChartTable;
  csvFile: string;
  format: (value: number) => string;
  max?: number;
  /** Counts: axis ticks at whole numbers only. */
  integer: boolean;
}

/** All items sharing the largest value (ties matter in summaries). */
function allMaxBy<T>(items: readonly T[], value: (item: T) => number): T[] {
  const top = Math.max(...items.map(value));
  return items.filter((item) => value(item) === top && top > 0);
}

function list(items: string[], lang: Language): string {
  return new Intl.ListFormat(localeOf(lang), { type: 'conjunction' }).format(items);
}

function maxBy<T>(items: readonly T[], value: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || value(item) > value(best) ? item : best), undefined);
}

export function buildCharts(d: FunderDashboard, t: TFunction, lang: Language): ChartSpec[] {
  const num = (v: number) => formatNumber(v, lang);
  const pct = (v: number) => formatPercent(v, lang);
  const file = (name: string) => `${name}-${d.asOf}.csv`;
  const count = (stage: string) => d.stages.find((s) => s.stage === stage)?.reached ?? 0;

  // Funnel: how many reached each stage on the main path.
  const funnel = FUNNEL_STAGES.map((stage) => d.stages.find((s) => s.stage === stage) ?? { stage, current: 0, reached: 0 });
  const funnelSpec: ChartSpec = {
    id: 'funnel',
    title: t('funder.funnel.title'),
    summary: t('funder.funnel.summary', {
      interest: num(count('INTEREST')),
      admitted: num(count('ONBOARDING')),
      completed: num(count('COMPLETED')),
    }),
    categories: funnel.map((s) => t(`stage.${s.stage}`)),
    series: [{ name: t('funder.funnel.reached'), values: funnel.map((s) => s.reached), color: CHART_COLORS.primary }],
    table: {
      columns: [
        { label: t('funder.funnel.stage') },
        { label: t('funder.funnel.reached'), numeric: true },
        { label: t('funder.funnel.current'), numeric: true },
      ],
      rows: d.stages.map((s) => [t(`stage.${s.stage}`), s.reached, s.current]),
    },
    csvFile: file(t('funder.funnel.file')),
    format: num,
    integer: true,
  };

  const longest = maxBy(
    d.medianDays.filter((s) => s.medianDays !== null),
    (s) => s.medianDays ?? -1,
  );
  const durationSpec: ChartSpec = {
    id: 'duration',
    title: t('funder.duration.title'),
    summary: longest
      ? t('funder.duration.summary', { stage: t(`stage.${longest.stage}`), days: num(longest.medianDays ?? 0) })
      : t('funder.duration.summaryNone'),
    categories: d.medianDays.map((s) => t(`stage.${s.stage}`)),
    series: [{ name: t('funder.duration.days'), values: d.medianDays.map((s) => s.medianDays), color: CHART_COLORS.primary }],
    table: {
      columns: [{ label: t('funder.duration.stage') }, { label: t('funder.duration.days'), numeric: true }],
      rows: d.medianDays.map((s) => [t(`stage.${s.stage}`), s.medianDays]),
    },
    csvFile: file(t('funder.duration.file')),
    format: num,
    integer: true,
  };

  const best = maxBy(
    d.scores.filter((s) => s.change !== null),
    (s) => s.change ?? 0,
  );
  // Before any second self-check has a median, the summary names the strongest field of
  // the first round; before that, it says why the chart is empty.
  const bestFirst = maxBy(
    d.scores.filter((s) => s.first !== null),
    (s) => s.first ?? 0,
  );
  // Second rounds below five have no median (so that no municipality can be identified):
  // the summary says how many are in.
  const secondCount = Math.max(0, ...d.scores.map((s) => s.secondCount));
  const secondPending = !best && secondCount > 0 ? ` ${t('funder.scores.secondPending', { count: secondCount })}` : '';
  const scoresSpec: ChartSpec = {
    id: 'scores',
    title: t('funder.scores.title'),
    summary: best
      ? t('funder.scores.summary', { field: best.title, change: formatPointChange(best.change ?? 0, lang) })
      : (bestFirst
          ? t('funder.scores.summaryFirst', { field: bestFirst.title, score: pct(bestFirst.first ?? 0) })
          : t('funder.scores.summaryNone')) + secondPending,
    categories: d.scores.map((s) => s.title),
    series: [
      { name: t('funder.scores.first'), values: d.scores.map((s) => s.first), color: CHART_COLORS.secondary, striped: true },
      { name: t('funder.scores.second'), values: d.scores.map((s) => s.second), color: CHART_COLORS.primary },
    ],
    table: {
      columns: [
        { label: t('funder.scores.field') },
        { label: t('funder.scores.first'), numeric: true, format: pct },
        { label: t('funder.scores.second'), numeric: true, format: pct },
        { label: t('funder.scores.change'), numeric: true, format: (v) => formatPointChange(v, lang) },
        { label: t('funder.scores.firstCount'), numeric: true },
        { label: t('funder.scores.secondCount'), numeric: true },
      ],
      rows: d.scores.map((s) => [s.title, s.first, s.second, s.change, s.firstCount, s.secondCount]),
    },
    csvFile: file(t('funder.scores.file')),
    format: pct,
    max: 100,
    integer: false,
  };

  const total = STAKEHOLDER_GROUPS.reduce((sum, g) => sum + d.attendance[g], 0);
  const topGroup = total > 0 ? maxBy(STAKEHOLDER_GROUPS, (g) => d.attendance[g]) : undefined;
  const attendanceSpec: ChartSpec = {
    id: 'attendance',
    title: t('funder.attendance.title'),
    summary: topGroup
      ? t('funder.attendance.summary', {
          events: num(d.dialogueEventsHeld),
          total: num(total),
          group: t(`stakeholder.${topGroup}`),
        })
      : t('funder.attendance.summaryNone'),
    categories: STAKEHOLDER_GROUPS.map((g) => t(`stakeholder.${g}`)),
    series: [{ name: t('funder.attendance.people'), values: STAKEHOLDER_GROUPS.map((g) => d.attendance[g]), color: CHART_COLORS.primary }],
    table: {
      columns: [{ label: t('funder.attendance.group') }, { label: t('funder.attendance.people'), numeric: true }],
      rows: [...STAKEHOLDER_GROUPS.map((g) => [t(`stakeholder.${g}`), d.attendance[g]]), [t('common.total'), total]],
    },
    csvFile: file(t('funder.attendance.file')),
    format: num,
    integer: true,
  };

  const distribution = <K extends string>(
    id: 'land' | 'size',
    items: readonly { key: K; all: number; admitted: number }[],
    label: (key: K) => string,
  ): ChartSpec => {
    const top = allMaxBy(items, (i) => i.all);
    const base = id === 'land' ? 'funder.land' : 'funder.size';
    return {
      id,
      title: t(`${base}.title`),
      summary: top.length
        ? t(`${base}.summary`, {
            name: list(top.map((i) => label(i.key)), lang),
            count: top[0]?.all ?? 0,
            admitted: top.reduce((sum, i) => sum + i.admitted, 0),
            context: top.length > 1 ? 'tie' : undefined,
          })
        : t(`${base}.summaryNone`),
      categories: items.map((i) => label(i.key)),
      series: [
        { name: t(`${base}.all`), values: items.map((i) => i.all), color: CHART_COLORS.secondary, striped: true },
        { name: t(`${base}.admitted`), values: items.map((i) => i.admitted), color: CHART_COLORS.primary },
      ],
      table: {
        columns: [
          { label: t(`${base}.key`) },
          { label: t(`${base}.all`), numeric: true },
          { label: t(`${base}.admitted`), numeric: true },
        ],
        rows: items.map((i) => [label(i.key), i.all, i.admitted]),
      },
      csvFile: file(t(`${base}.file`)),
      format: num,
      integer: true,
    };
  };
  const landSpec = distribution(
    'land',
    d.byLand.map((l) => ({ key: l.land, all: l.all, admitted: l.admitted })),
    (key) => t(`land.${key}`),
  );
  const sizeSpec = distribution(
    'size',
    d.bySize.map((s) => ({ key: s.sizeClass, all: s.all, admitted: s.admitted })),
    (key) => t(`sizeClass.${key}`),
  );

  return [funnelSpec, durationSpec, scoresSpec, attendanceSpec, landSpec, sizeSpec];
}
