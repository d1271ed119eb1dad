import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { BoardCard as Card } from '../../api/types';
import { renderAt } from '../../test/render';
import { BoardCard } from './BoardCard';

function card(possibleDuplicates: Card['possibleDuplicates']): Card {
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
    waitingListPlace: null,
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
});
