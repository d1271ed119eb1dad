// Chart colours. Each has at least 3:1 contrast against white (WCAG 1.4.11), checked by
// palette.test.ts; bars also carry value labels, and the second series a stripe pattern,
// so no information depends on colour alone.

export const CHART_COLORS = {
  primary: '#1f5a96',
  secondary: '#5b6673',
  accent: '#a4461a',
  text: '#1b1b1b',
  axis: '#6b6b6b',
  grid: '#d9d9d9',
} as const;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => channel(parseInt(x ?? '0', 16))) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}
