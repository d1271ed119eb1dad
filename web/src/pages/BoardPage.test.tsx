import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderAt } from '../test/render';
import BoardPage from './BoardPage';

describe('team board', () => {
  it('has one column per stage, in order', async () => {
    renderAt(<BoardPage />);
    const board = await screen.findByRole('region', { name: 'Phasen' });
    const headings = within(board).getAllByRole('heading', { level: 2 }).map((h) => h.firstChild?.textContent);
    expect(headings).toEqual([
      'Interesse',
      'Erstgespräch',
      'Warteliste',
      'Zurückgestellt',
      'Zugelassen',
      'Selbstcheck',
      'Workshop',
      'Umsetzung',
      'Abgeschlossen',
      'Abgesagt',
      'Zurückgezogen',
    ]);
  });

  it('shows overdue cards by text and icon, not colour alone', async () => {
    renderAt(<BoardPage />);
    const link = await screen.findByRole('link', { name: 'Nordkamp' });
    const card = link.closest('article');
    if (!card) throw new Error('card missing');
    expect(within(card).getByText('Aufgabe überfällig')).toBeVisible();
    expect(card.querySelector('.flag--overdue svg')).not.toBeNull();
    expect(within(card).getByText('25 Tage in dieser Phase')).toBeInTheDocument();
    expect(within(card).getByText('Dr. Miriam Albers')).toBeInTheDocument();
  });

  it('keeps the filters in the query string', async () => {
    const user = userEvent.setup();
    renderAt(<BoardPage />, { route: '/?phase=SELF_CHECK' });
    expect(await screen.findByRole('region', { name: 'Phasen' })).toBeInTheDocument();
    expect(screen.getByLabelText('Phase')).toHaveValue('SELF_CHECK');
    expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(1);

    await user.selectOptions(screen.getByLabelText('Bundesland'), 'BAYERN');
    expect(screen.getByTestId('location')).toHaveTextContent('/?phase=SELF_CHECK&land=BAYERN');
    expect(await screen.findByRole('link', { name: 'Lindenau am See' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Nordkamp' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Filter zurücksetzen' }));
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/);
  });

  it('moves a card with the keyboard: "Nächster Schritt", then admit', async () => {
    const user = userEvent.setup();
    renderAt(<BoardPage />);
    const waiting = await screen.findByRole('region', { name: /^Warteliste/ });
    const move = within(waiting).getByRole('button', { name: 'Nächster Schritt für Amt Seenplatte-Süd' });
    move.focus();
    await user.keyboard('{Enter}');
    expect(move).toHaveAttribute('aria-expanded', 'true');
    await user.tab();
    expect(screen.getByRole('button', { name: 'Zulassen' })).toHaveFocus();
    await user.keyboard('{Enter}');
    const admitted = screen.getByRole('region', { name: /^Zugelassen/ });
    await waitFor(() => expect(within(admitted).getByRole('link', { name: 'Amt Seenplatte-Süd' })).toHaveFocus());
    expect(within(screen.getByRole('region', { name: /^Warteliste/ })).queryByRole('link', { name: 'Amt Seenplatte-Süd' })).toBeNull();
    expect(screen.getByText(/Amt Seenplatte-Süd: Zugelassen/)).toBeInTheDocument();
  });

  it('shows a refused move next to the card, in words', async () => {
    const user = userEvent.setup();
    renderAt(<BoardPage />);
    const interview = await screen.findByRole('region', { name: /^Erstgespräch/ });
    await user.click(within(interview).getByRole('button', { name: 'Nächster Schritt für Rabenfeld' }));
    await user.click(within(interview).getAllByRole('button', { name: 'Zulassen' })[0]!);
    expect(await within(interview).findByRole('alert')).toHaveTextContent('Das Erstgespräch ist noch nicht erfasst.');
  });
});
