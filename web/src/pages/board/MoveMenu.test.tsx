import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { BoardCard, StepKey } from '../../api/types';
import { renderAt } from '../../test/render';
import { MoveMenu } from './MoveMenu';

function card(availableSteps: StepKey[]): BoardCard {
  return {
    id: 'm-test',
    name: 'Musterstadt',
    land: 'BAYERN',
    stage: 'INTERVIEW',
    daysInStage: 4,
    facilitator: null,
    overdue: false,
    availableSteps,
    possibleDuplicates: [],
    waitingListPlace: null,
  };
}

/** Renders the menu for a card and opens it (when there is a button). */
async function openMenu(availableSteps: StepKey[]) {
  const user = userEvent.setup();
  renderAt(<MoveMenu card={card(availableSteps)} onMoved={vi.fn()} />);
  const button = screen.queryByRole('button', { name: 'Nächster Schritt für Musterstadt' });
  if (button) await user.click(button);
  return { button, list: () => within(screen.getByRole('list')) };
}

describe('"Nächster Schritt" on a board card', () => {
  it('a card whose steps lack admission offers no "Zulassen"', async () => {
    const { list } = await openMenu(['scheduleInterview', 'recordInterview', 'putOnHold', 'decline', 'withdraw']);
    expect(list().queryByRole('button', { name: 'Zulassen' })).toBeNull();
    expect(list().getAllByRole('button').map((b) => b.textContent)).toEqual(['Zurückstellen …', 'Absagen …']);
  });

  it('a card offering admission, a hold and a refusal offers exactly those three here', async () => {
    const { list } = await openMenu(['admit', 'putOnHold', 'decline']);
    expect(list().getAllByRole('button').map((b) => b.textContent)).toEqual(['Zulassen', 'Zurückstellen …', 'Absagen …']);
  });

  it('links to the municipality’s page only when the card offers steps that have their form there', async () => {
    const quickOnly = await openMenu(['admit', 'decline']);
    expect(quickOnly.list().queryByRole('link')).toBeNull();
  });

  it('a card offering only steps of the page links there without quick steps', async () => {
    const { list } = await openMenu(['planSupport', 'planDialogueEvent']);
    expect(list().queryAllByRole('button')).toHaveLength(0);
    expect(list().getByRole('link', { name: 'Weitere Schritte auf der Seite der Kommune' })).toHaveAttribute(
      'href',
      '/kommunen/m-test#schritte',
    );
  });

  it('a card without steps has no "Nächster Schritt" button', async () => {
    const { button } = await openMenu([]);
    expect(button).toBeNull();
  });

  it('a card whose only steps have no form on a page (the self-check) has no button either', async () => {
    const { button } = await openMenu(['startSelfCheck', 'saveSelfCheckAnswer', 'submitSelfCheck']);
    expect(button).toBeNull();
  });
});
