import { describe, expect, it } from 'vitest';
import { buildOption, chartHeight, wrapLabel } from './BarChart';

describe('wrapLabel', () => {
  it('breaks at spaces only', () => {
    expect(wrapLabel('Medium-sized town (20,000–99,999)', 20)).toBe('Medium-sized town\n(20,000–99,999)');
    expect(wrapLabel('Mittelstadt (20.000–99.999)', 30)).toBe('Mittelstadt (20.000–99.999)');
    expect(wrapLabel('Antidiskriminierung und Schutz vor Rassismus', 14)).toBe('Antidiskriminierung\nund Schutz vor\nRassismus');
  });
});

describe('buildOption', () => {
  const option = buildOption(
    {
      categories: ['Interesse', 'Erstgespräch'],
      series: [
        { name: 'erster', values: [3, null], color: '#1f5a96', striped: true },
        { name: 'zweiter', values: [4, 5], color: '#5b6673' },
      ],
      label: 'Zusammenfassung',
      format: (v) => `${v} %`,
      max: 100,
    },
    600,
  );

  it('shows value labels on every bar and a legend for two series', () => {
    const series = option.series as { label: { show: boolean; formatter: (p: { value: unknown }) => string } }[];
    expect(series.every((s) => s.label.show)).toBe(true);
    expect(series[0]?.label.formatter({ value: 3 })).toBe('3 %');
    expect(series[0]?.label.formatter({ value: null })).toBe('');
    expect(option.legend).toBeDefined();
  });

  it('patterns the striped series so it differs by more than colour', () => {
    const series = option.series as { itemStyle: { decal?: unknown } }[];
    expect(series[0]?.itemStyle.decal).toBeDefined();
    expect(series[1]?.itemStyle.decal).toBeUndefined();
  });

  it('grows with the number of bars', () => {
    expect(chartHeight(16, 1)).toBeGreaterThan(chartHeight(4, 1));
    expect(chartHeight(4, 2)).toBeGreaterThan(chartHeight(4, 1));
  });
});
