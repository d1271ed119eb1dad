import { describe, expect, it } from 'vitest';
import { PATHS, navFor } from './navigation';

describe('navigation', () => {
  it('shows visitors only the public pages', () => {
    expect(navFor(null).map((i) => i.key)).toEqual(['interest', 'signIn']);
  });

  it('gives each role its pages', () => {
    expect(navFor('team').map((i) => i.key)).toEqual(['board', 'tasks', 'selfCheck', 'funder', 'programme', 'people']);
    expect(navFor('contact').map((i) => i.key)).toEqual(['tasks', 'selfCheck']);
    expect(navFor('funder').map((i) => i.key)).toEqual(['funder']);
    expect(navFor('facilitator').map((i) => i.key)).toEqual(['board', 'tasks']);
  });

  it('builds municipality and interest form paths', () => {
    expect(PATHS.municipality('m 1/2')).toBe('/kommunen/m%201%2F2');
    expect(PATHS.interestFor('p 1/2')).toBe('/interesse/p%201%2F2');
  });
});
