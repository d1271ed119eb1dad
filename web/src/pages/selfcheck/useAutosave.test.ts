import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer } from '../../api/types';
import { createSaver, type SaveStatus } from './useAutosave';

const answer = (rating: Answer['rating']): Answer => ({ rating, comment: '', evidenceUrl: '' });

describe('createSaver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for a quiet spell and saves only the latest answer per indicator', async () => {
    const save = vi.fn((_id: string, _a: Answer) => Promise.resolve({ savedAt: '2026-11-22T14:30:00' }));
    const statuses: SaveStatus[] = [];
    const saver = createSaver(save, (s) => statuses.push(s), { delayMs: 500 });

    saver.queue('a', answer(1));
    await vi.advanceTimersByTimeAsync(300);
    saver.queue('a', answer(2));
    saver.queue('b', answer(null));
    await vi.advanceTimersByTimeAsync(300);
    expect(save).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(300);
    expect(save.mock.calls).toEqual([
      ['a', answer(2)],
      ['b', answer(null)],
    ]);
    expect(statuses).toEqual([{ kind: 'saving' }, { kind: 'saved', at: '2026-11-22T14:30:00' }]);
  });

  it('retries after a failure', async () => {
    let fail = true;
    const save = vi.fn(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve({ savedAt: 'T' })));
    const statuses: string[] = [];
    const saver = createSaver(save, (s) => statuses.push(s.kind), { delayMs: 100, retryMs: 1000 });

    saver.queue('a', answer(3));
    await vi.advanceTimersByTimeAsync(100);
    expect(statuses).toEqual(['saving', 'error']);

    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(statuses).toEqual(['saving', 'error', 'saving', 'saved']);
  });

  it('flushes at once on demand', async () => {
    const save = vi.fn(() => Promise.resolve({ savedAt: 'T' }));
    const saver = createSaver(save, vi.fn(), { delayMs: 10_000 });
    saver.queue('a', answer(0));
    await saver.flush();
    expect(save).toHaveBeenCalledOnce();
    await saver.flush();
    expect(save).toHaveBeenCalledOnce();
  });
});
