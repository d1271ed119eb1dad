import { describe, expect, it } from 'vitest';
import { filterFromParams, hasFilter, withFilter } from './filters';

describe('board filters in the query string', () => {
  it('reads known values and ignores unknown ones', () => {
    expect(filterFromParams(new URLSearchParams('land=BAYERN&phase=SELF_CHECK&begleitung=u-fac-albers'))).toEqual({
      land: 'BAYERN',
      stage: 'SELF_CHECK',
      facilitator: 'u-fac-albers',
    });
    expect(filterFromParams(new URLSearchParams('land=ATLANTIS&phase=&begleitung='))).toEqual({
      land: undefined,
      stage: undefined,
      facilitator: undefined,
    });
  });

  it('writes and removes values, keeping the others', () => {
    const params = withFilter(new URLSearchParams('land=BAYERN&x=1'), 'stage', 'WORKSHOP');
    expect(params.toString()).toBe('land=BAYERN&x=1&phase=WORKSHOP');
    expect(withFilter(params, 'land', '').toString()).toBe('x=1&phase=WORKSHOP');
  });

  it('knows whether any filter is set', () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ facilitator: 'u-1' })).toBe(true);
  });
});
