import { describe, expect, it } from 'vitest';
import { CHART_COLORS, contrast } from './palette';

describe('chart palette', () => {
  it('computes known contrasts', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 1);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 1);
  });

  it.each(Object.entries(CHART_COLORS).filter(([name]) => name !== 'grid'))(
    '%s has at least 3:1 contrast on white',
    (_name, colour) => {
      expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
    },
  );

  it('uses text colours that meet 4.5:1', () => {
    expect(contrast(CHART_COLORS.text, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrast(CHART_COLORS.axis, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});
