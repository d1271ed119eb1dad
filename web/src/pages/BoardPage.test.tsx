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

  it('lists the waiting list by place, each card with its place', async () => {
    renderAt(<BoardPage />);
    const waiting = await screen.findByRole('region', { name: /^Warteliste/ });
    expect(namesIn(waiting)).toEqual(['Amt Seenplatte-Süd', 'Hollerbach', 'Ebersried']);
    expect(placesIn(waiting)).toEqual(['Platz 1 auf der Warteliste', 'Platz 2 auf der Warteliste', 'Platz 3 auf der Warteliste']);
  });

  it('offers the team "Nach oben" and "Nach unten" on the waiting cards, but not above the first or below the last', async () => {
    renderAt(<BoardPage />);
    const waiting = await screen.findByRole('region', { name: /^Warteliste/ });
    await waitFor(() => expect(orderButtonsIn(waiting)).toEqual([
      'Amt Seenplatte-Süd nach unten',
      'Hollerbach nach oben',
      'Hollerbach nach unten',
      'Ebersried nach oben',
    ]));
    // Only on the waiting list.
    expect(screen.getAllByRole('button', { name: / nach (oben|unten)$/ })).toHaveLength(4);
  });

  it('offers no moves on the waiting list to anyone but the team, who see the places all the same', async () => {
    for (const role of ['facilitator', 'funder'] as const) {
      const { unmount } = renderAt(<BoardPage />, { api: createStubApi({ latencyMs: 0, role }) });
      const waiting = await screen.findByRole('region', { name: /^Warteliste/ });
      expect(placesIn(waiting)).toHaveLength(3);
      // Time for the signed-in user to arrive (the team's buttons show by then).
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(orderButtonsIn(waiting)).toEqual([]);
      unmount();
    }
  });

  it('offers no moves on a past day, nor where a filter hides part of the list (and says how to order it)', async () => {
    const { unmount } = renderAt(<BoardPage />, { route: `/?stand=${daysFromToday(-14)}` });
    const past = await screen.findByRole('region', { name: /^Warteliste/ });
    expect(placesIn(past)).toHaveLength(3);
    expect(orderButtonsIn(past)).toEqual([]);
    unmount();

    renderAt(<BoardPage />, { route: '/?land=HESSEN' });
    const filtered = await screen.findByRole('region', { name: /^Warteliste/ });
    expect(
      await within(filtered).findByText(
        'Um die Reihenfolge der Warteliste zu ändern, setzen Sie die Filter nach Bundesland und Prozessbegleitung zurück.',
      ),
    ).toBeInTheDocument();
    expect(placesIn(filtered)).toEqual(['Platz 2 auf der Warteliste']);
    expect(orderButtonsIn(filtered)).toEqual([]);
  });

  it('moves a waiting card up by sending the whole new order, shows the new order and keeps the focus on its button', async () => {
    const { user, sent, waiting } = await clickOnWaitingList('Ebersried nach oben');
    expect(sent).toEqual([['p-weltoffen', ['m-seenplatte', 'm-ebersried', 'm-hollerbach']]]);
    await waitFor(() => expect(namesIn(waiting)).toEqual(['Amt Seenplatte-Süd', 'Ebersried', 'Hollerbach']));
    expect(placesIn(waiting)).toEqual(['Platz 1 auf der Warteliste', 'Platz 2 auf der Warteliste', 'Platz 3 auf der Warteliste']);
    await waitFor(() => expect(within(waiting).getByRole('button', { name: 'Ebersried nach oben' })).toHaveFocus());
    expect(screen.getByText(/Ebersried ist jetzt auf Platz 2 der Warteliste\./)).toBeInTheDocument();

    // At the top it has no "Nach oben" any more: the focus goes to its "Nach unten".
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(waiting).getByRole('button', { name: 'Ebersried nach unten' })).toHaveFocus());
    expect(sent[1]).toEqual(['p-weltoffen', ['m-ebersried', 'm-seenplatte', 'm-hollerbach']]);
    expect(within(waiting).queryByRole('button', { name: 'Ebersried nach oben' })).toBeNull();
  });

  it('moves the first waiting card down by sending the whole new order', async () => {
    const { sent, waiting } = await clickOnWaitingList('Amt Seenplatte-Süd nach unten');
    expect(sent).toEqual([['p-weltoffen', ['m-hollerbach', 'm-seenplatte', 'm-ebersried']]]);
    await waitFor(() => expect(within(waiting).getByRole('button', { name: 'Amt Seenplatte-Süd nach unten' })).toHaveFocus());
    expect(namesIn(waiting)).toEqual(['Hollerbach', 'Amt Seenplatte-Süd', 'Ebersried']);
  });

  it('shows a refused order in an alert, in the server’s words, and keeps the list as it is', async () => {
    const message = 'Die Warteliste hat sich inzwischen geändert. Bitte laden Sie die Seite neu und ordnen Sie sie noch einmal.';
    const refusal = { code: 'INVALID_INPUT', message, fields: [{ field: 'municipalityIds', reason: 'not_the_waiting_list', message }] };
    const { waiting } = await clickOnWaitingList('Hollerbach nach oben', () => Promise.resolve({ ok: false, refusal }));
    expect(await within(waiting).findByRole('alert')).toHaveTextContent(message);
    expect(within(waiting).getByRole('button', { name: 'Hollerbach nach oben' })).toHaveFocus();
    expect(namesIn(waiting)).toEqual(['Amt Seenplatte-Süd', 'Hollerbach', 'Ebersried']);
  });
});

/**
 * Renders the board (the stub, or `answer` for the orders) and clicks the button `name` of
 * the waiting list; records each order sent (programme and ids).
 */
async function clickOnWaitingList(name: string, answer?: LotseApi['orderWaitingList']) {
  const user = userEvent.setup();
  const stub = createStubApi({ latencyMs: 0 });
  const sent: [string, string[]][] = [];
  const api: LotseApi = {
    ...stub,
    orderWaitingList: (programmeId, ids) => {
      sent.push([programmeId, ids]);
      return (answer ?? stub.orderWaitingList)(programmeId, ids);
    },
  };
  renderAt(<BoardPage />, { api });
  const waiting = await screen.findByRole('region', { name: /^Warteliste/ });
  await user.click(await within(waiting).findByRole('button', { name }));
  return { user, sent, waiting };
}

/** The municipalities of a column, top to bottom. */
function namesIn(column: HTMLElement): (string | null)[] {
  return within(column)
    .getAllByRole('heading', { level: 3 })
    .map((h) => h.textContent);
}

/** The places the cards of a column show, top to bottom. */
function placesIn(column: HTMLElement): string[] {
  return within(column)
    .queryAllByText(/auf der Warteliste$/)
    .map((p) => p.textContent);
}

/** The names of the up and down buttons in a column, top to bottom. */
function orderButtonsIn(column: HTMLElement): string[] {
  return within(column)
    .queryAllByRole('button', { name: / nach (oben|unten)$/ })
    .map((b) => b.getAttribute('aria-label') ?? '');
}
