// Horizontal bar chart on ECharts 6 with tree-shaken imports (core + bar + grid + legend
// + SVG renderer). Long German category names wrap instead of being cut. The chart is
// one image for assistive technology (role="img" with the summary as its name); the table
// next to it carries the numbers.

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart as EBarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, type GridComponentOption, type LegendComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import { CHART_COLORS } from './palette';

export const CHART_FONT =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif";

echarts.use([EBarChart, GridComponent, LegendComponent, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption>;

export interface BarSeries {
  name: string;
  values: readonly (number | null)[];
  color: string;
  /** Diagonal stripes, to tell series apart without colour. */
  striped?: boolean;
}

export interface BarChartProps {
  categories: readonly string[];
  series: readonly BarSeries[];
  /** Accessible name of the chart image (the one-sentence summary). */
  label: string;
  format: (value: number) => string;
  max?: number | undefined;
  /** Counts: ticks at whole numbers only. */
  integer?: boolean | undefined;
}

function reducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}

const STRIPES = {
  symbol: 'rect',
  dashArrayX: [1, 0],
  dashArrayY: [3, 4],
  rotation: -Math.PI / 4,
  color: 'rgba(255, 255, 255, 0.55)',
};

/**
 * Breaks a category name into lines at spaces only (ECharts' own breaking splits
 * "20.000–99.999" at the separator). Words longer than a line stay whole.
 */
export function wrapLabel(text: string, maxChars: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

export function buildOption({ categories, series, format, max, integer }: BarChartProps, width: number): Option {
  const labelWidth = Math.max(90, Math.min(220, Math.round(width * 0.34)));
  return {
    animation: !reducedMotion(),
    // A real font list, not 'inherit': ECharts measures text on a canvas with this font,
    // and a mismatch with the SVG's rendered font makes labels overlap or get cut.
    textStyle: { fontFamily: CHART_FONT, color: CHART_COLORS.text },
    legend:
      series.length > 1
        ? { top: 0, left: 0, itemGap: 24, textStyle: { color: CHART_COLORS.text, fontSize: 13 }, selectedMode: false }
        : undefined,
    grid: {
      left: 4,
      right: 48,
      top: series.length > 1 ? 40 : 8,
      bottom: 4,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: {
      type: 'value',
      max,
      minInterval: integer ? 1 : undefined,
      axisLabel: { color: CHART_COLORS.axis, formatter: (v: number) => format(v) },
      splitLine: { lineStyle: { color: CHART_COLORS.grid } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      // About 7 px per character at 13 px.
      data: categories.map((c) => wrapLabel(c, Math.floor(labelWidth / 7))),
      axisLabel: { color: CHART_COLORS.text, fontSize: 13, lineHeight: 16 },
      axisLine: { lineStyle: { color: CHART_COLORS.axis } },
      axisTick: { show: false },
    },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.values.map((v) => v),
      barMaxWidth: 22,
      itemStyle: { color: s.color, borderColor: s.color, decal: s.striped ? STRIPES : undefined },
      label: {
        show: true,
        position: 'right',
        color: CHART_COLORS.text,
        fontSize: 12,
        formatter: ({ value }: { value: unknown }) => (typeof value === 'number' ? format(value) : ''),
      },
      emphasis: { disabled: true },
    })),
  };
}

export function chartHeight(categories: number, series: number): number {
  return categories * (series * 20 + 16) + (series > 1 ? 56 : 24);
}

export default function BarChart(props: BarChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const latest = useRef(props);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = echarts.init(node, null, { renderer: 'svg' });
    chart.current = instance;
    const resize = () => {
      instance.setOption(buildOption(latest.current, node.clientWidth), { notMerge: true });
      instance.resize();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(node);
    window.addEventListener('beforeprint', resize);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = props;
    chart.current?.setOption(buildOption(props, el.current?.clientWidth ?? 600), { notMerge: true });
  }, [props]);

  return (
    <div
      ref={el}
      className="chart"
      role="img"
      aria-label={props.label}
      style={{ height: chartHeight(props.categories.length, props.series.length) }}
    />
  );
}
