import { useEffect, useState } from 'react';
import type { Answer, SaveReceipt } from '../../api/types';

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  | { kind: 'error' };

export interface Saver {
  /** Remembers a changed answer; saving starts after `delayMs` without further changes. */
  queue: (indicatorId: string, answer: Answer) => void;
  /** Saves everything that is waiting, now. */
  flush: () => Promise<void>;
}

/**
 * Collects changed answers and saves them after a quiet spell, one request per indicator.
 * A failed save is retried after `retryMs`; a newer edit of the same indicator replaces
 * the one that failed. Plain TypeScript, so it is testable without React.
 */
export function createSaver(
  save: (indicatorId: string, answer: Answer) => Promise<SaveReceipt>,
  onStatus: (status: SaveStatus) => void,
  { delayMs = 700, retryMs = 3000 }: { delayMs?: number; retryMs?: number } = {},
): Saver {
  const pending = new Map<string, Answer>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function flush(): Promise<void> {
    clearTimeout(timer);
    const batch = [...pending];
    if (!batch.length) return;
    pending.clear();
    onStatus({ kind: 'saving' });
    try {
      let last: SaveReceipt | undefined;
      for (const [id, answer] of batch) last = await save(id, answer);
      if (pending.size === 0 && last) onStatus({ kind: 'saved', at: last.savedAt });
    } catch {
      for (const [id, answer] of batch) if (!pending.has(id)) pending.set(id, answer);
      onStatus({ kind: 'error' });
      timer = setTimeout(() => void flush(), retryMs);
    }
  }

  function queue(indicatorId: string, answer: Answer): void {
    pending.set(indicatorId, answer);
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), delayMs);
  }

  return { queue, flush };
}

/** `save` is taken once, on the first render (the API object does not change). */
export function useAutosave(
  save: (indicatorId: string, answer: Answer) => Promise<SaveReceipt>,
  options?: { delayMs?: number; retryMs?: number },
) {
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [saver] = useState(() => createSaver(save, setStatus, options));
  // Leaving the page saves what is still waiting.
  useEffect(
    () => () => {
      void saver.flush();
    },
    [saver],
  );
  return { status, queue: saver.queue, flush: saver.flush };
}
