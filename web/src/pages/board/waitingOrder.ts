// The order of the waiting list on the board (team only): "Nach oben" / "Nach unten" on a
// waiting card sends the whole list in its new order (`orderWaitingList`, which names every
// municipality waiting now, the next first); the board then shows the server's places.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api';
import type { BoardCard } from '../../api/types';

export type Direction = 'up' | 'down';

/** A card the team just moved on the waiting list, and the place it moved to. */
export interface Reordered {
  id: string;
  direction: Direction;
  place: number;
}

/** What a waiting card offers for the order (no `up` on the first, no `down` on the last). */
export interface CardOrder {
  up?: (() => void) | undefined;
  down?: (() => void) | undefined;
  /** An order is being sent: the buttons do nothing meanwhile (they keep the focus). */
  busy: boolean;
  /**
   * The card was just moved and shows its new place: the button of that direction takes
   * the focus (a new object for each move, so that moving twice alike focuses again).
   */
  focus: { direction: Direction } | null;
}

/** What the board knows to order its waiting list. */
export interface Ordering {
  programmeId: string;
  /** The last move, for the focus. */
  reordered: Reordered | null;
  onOrdered: (moved: Reordered) => void;
  /** After a refusal: the board loads the list as it is now. */
  reload: () => void;
}

/** Sorts cards by their place on the waiting list (cards without one last). */
export function byPlace(a: BoardCard, b: BoardCard): number {
  const place = (c: BoardCard) => c.waitingListPlace ?? Number.MAX_SAFE_INTEGER;
  return place(a) - place(b);
}

/** The ids with `id` moved one place up or down (unchanged at the ends). */
export function movedOrder(ids: string[], id: string, direction: Direction): string[] {
  const from = ids.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  const next = ids.filter((other) => other !== id);
  next.splice(to, 0, id);
  return next;
}

/**
 * The up and down controls of the waiting cards (`cards`: the whole waiting list, next
 * first), and the refusal of the last order sent, in the server's words. Without
 * `ordering` (not the team, a past day, a filter that hides part of the list) none.
 */
export function useWaitingOrder(cards: BoardCard[], ordering: Ordering | null) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function move(card: BoardCard, direction: Direction, to: Ordering) {
    if (busy) return;
    const order = movedOrder(
      cards.map((c) => c.id),
      card.id,
      direction,
    );
    setBusy(true);
    setError(null);
    try {
      const result = await api.orderWaitingList(to.programmeId, order);
      if (result.ok) {
        to.onOrdered({ id: card.id, direction, place: order.indexOf(card.id) + 1 });
      } else {
        setError(result.refusal.fields[0]?.message ?? result.refusal.message);
        to.reload();
      }
    } catch {
      setError(t('actions.failed'));
    } finally {
      setBusy(false);
    }
  }

  const controls = (card: BoardCard, index: number): CardOrder | undefined => {
    if (!ordering) return undefined;
    const last = ordering.reordered;
    return {
      up: index > 0 ? () => void move(card, 'up', ordering) : undefined,
      down: index < cards.length - 1 ? () => void move(card, 'down', ordering) : undefined,
      busy,
      focus: last?.id === card.id && last.place === card.waitingListPlace ? last : null,
    };
  };
  return { controls, error };
}
