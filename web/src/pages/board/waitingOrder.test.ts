import { describe, expect, it } from 'vitest';
import { movedOrder } from './waitingOrder';

describe('the order of the waiting list', () => {
  it('moves a municipality one place up or down and keeps the others in their order', () => {
    expect(movedOrder(['a', 'b', 'c', 'd'], 'c', 'up')).toEqual(['a', 'c', 'b', 'd']);
    expect(movedOrder(['a', 'b', 'c', 'd'], 'b', 'down')).toEqual(['a', 'c', 'b', 'd']);
  });

  it('leaves the list as it is beyond its ends or for a municipality not on it', () => {
    expect(movedOrder(['a', 'b'], 'a', 'up')).toEqual(['a', 'b']);
    expect(movedOrder(['a', 'b'], 'b', 'down')).toEqual(['a', 'b']);
    expect(movedOrder(['a', 'b'], 'x', 'up')).toEqual(['a', 'b']);
  });
});
