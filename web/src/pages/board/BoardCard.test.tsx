import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { BoardCard as Card } from '../../api/types';
import { renderAt } from '../../test/render';
import { BoardCard } from './BoardCard';

function card(possibleDuplicates: Card['possibleDuplicates'], waitingListPlace: number | null = null): Card {
  return {
    id: 'm-vilbel-2',
    name: 'BAD VILBEL',
    land: 'HESSEN',
    stage: 'INTEREST',
    daysInStage: 1,
    facilitator: null,
    overdue: false,
    availableSteps: [],
    possibleDuplicates,
    waitingListPlace,
  };
}

describe('a board card', () => {
  it('names and links the municipalities whose form looks like the same one sent again', () => {
    renderAt(<BoardCard card={card([{ id: 'm-vilbel-1', name: 'Bad Vilbel' }])} />);
    expect(screen.getByText('Sieht aus wie dieselbe Anmeldung wie:')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Bad Vilbel' })).toHaveAttribute('href', '/kommunen/m-vilbel-1');
  });

  it('shows no flag when nothing looks like a duplicate', () => {
    renderAt(<BoardCard card={card([])} />);
    expect(screen.queryByText('Sieht aus wie dieselbe Anmeldung wie:')).not.toBeInTheDocument();
  });

  it('shows its place on the waiting list, and none when it is not waiting', () => {
    const { unmount } = renderAt(<BoardCard card={card([], 2)} />);
    expect(screen.getByText('Platz 2 auf der Warteliste')).toBeInTheDocument();
    unmount();
    renderAt(<BoardCard card={card([])} />);
    expect(screen.queryByText(/auf der Warteliste/)).not.toBeInTheDocument();
  });

  it('offers only the moves it is given, named with the municipality, and none while an order is sent', async () => {
    const user = userEvent.setup();
    const up = vi.fn();
    const { unmount } = renderAt(<BoardCard card={card([], 3)} order={{ up, busy: false, focus: null }} />);
    expect(screen.queryByRole('button', { name: 'BAD VILBEL nach unten' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'BAD VILBEL nach oben' }));
    expect(up).toHaveBeenCalledTimes(1);
    unmount();
    renderAt(<BoardCard card={card([], 3)} order={{ up, busy: true, focus: null }} />);
    const busy = screen.getByRole('button', { name: 'BAD VILBEL nach oben' });
    expect(busy).toHaveAttribute('aria-disabled', 'true');
    await user.click(busy);
    expect(up).toHaveBeenCalledTimes(1);
  });
});
