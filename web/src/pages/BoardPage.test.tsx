import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../api/stub/data';
import { createStubApi } from '../api/stub/stubApi';
import type { LotseApi } from '../api/types';
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
    const stub = createStubApi({ latencyMs: 0 });
    const message = 'Alle Plätze des Programms sind vergeben.';
    const api: LotseApi = {
      ...stub,
      runCommand: () => Promise.resolve({ ok: false, refusal: { code: 'CAPACITY_REACHED', message, fields: [] } }),
    };
    renderAt(<BoardPage />, { api });
    const waiting = await screen.findByRole('region', { name: /^Warteliste/ });
    await user.click(within(waiting).getByRole('button', { name: 'Nächster Schritt für Amt Seenplatte-Süd' }));
    await user.click(within(waiting).getByRole('button', { name: 'Zulassen' }));
    expect(await within(waiting).findByRole('alert')).toHaveTextContent(message);
  });

  it('offers on each card only the steps the server offers for it', async () => {
    const user = userEvent.setup();
    const stub = createStubApi({ latencyMs: 0 });
    const api: LotseApi = {
      ...stub,
      board: async (filter, asOf) => {
        const data = await stub.board(filter, asOf);
        return {
          ...data,
          cards: data.cards.map((c) =>
            c.id === 'm-rabenfeld' ? { ...c, availableSteps: ['recordInterview', 'putOnHold'] } : { ...c, availableSteps: [] },
          ),
        };
      },
    };
    renderAt(<BoardPage />, { api });
    const interview = await screen.findByRole('region', { name: /^Erstgespräch/ });
    expect(screen.getAllByRole('button', { name: /^Nächster Schritt für/ })).toHaveLength(1);
    await user.click(within(interview).getByRole('button', { name: 'Nächster Schritt für Rabenfeld' }));
    expect(within(interview).queryByRole('button', { name: 'Zulassen' })).toBeNull();
    expect(within(interview).queryByRole('button', { name: /^Absagen/ })).toBeNull();
    expect(within(interview).getByRole('button', { name: /^Zurückstellen/ })).toBeVisible();
    expect(within(interview).getByRole('link', { name: 'Weitere Schritte auf der Seite der Kommune' })).toHaveAttribute(
      'href',
      '/kommunen/m-rabenfeld#schritte',
    );
  });

  it('shows the board as it stood on a past day, keeping the filters, without steps and not live', async () => {
    const user = userEvent.setup();
    const stub = createStubApi({ latencyMs: 0 });
    const asked: (string | undefined)[] = [];
    let subscriptions = 0;
    const api: LotseApi = {
      ...stub,
      board: (filter, asOf) => {
        asked.push(asOf);
        return stub.board(filter, asOf);
      },
      subscribeBoard: (onChange) => {
        subscriptions += 1;
        return stub.subscribeBoard(onChange);
      },
    };
    renderAt(<BoardPage />, { api, route: '/?land=BAYERN' });
    expect((await screen.findAllByRole('button', { name: /^Nächster Schritt für/ })).length).toBeGreaterThan(0);
    const live = subscriptions;
    const day = daysFromToday(-14);

    fireEvent.change(screen.getByLabelText('Stand am'), { target: { value: day } });
    await user.click(screen.getByRole('button', { name: 'Stand anzeigen' }));

    const date = day.split('-').reverse().join('.');
    expect(await screen.findByText(new RegExp(`zum Stand vom ${date.replace(/\./g, '\\.')}`))).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/?land=BAYERN&stand=${day}`);
    await waitFor(() => expect(asked.at(-1)).toBe(day));
    expect(screen.queryAllByRole('button', { name: /^Nächster Schritt für/ })).toHaveLength(0);
    expect(subscriptions).toBe(live);

    await user.click(screen.getByRole('button', { name: 'Aktuellen Stand zeigen' }));
    expect((await screen.findAllByRole('button', { name: /^Nächster Schritt für/ })).length).toBeGreaterThan(0);
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/\?land=BAYERN$/);
  });
});
