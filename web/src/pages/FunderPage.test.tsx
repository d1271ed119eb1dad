import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { daysFromToday } from '../api/stub/data';
import { createStubApi } from '../api/stub/stubApi';
import type { FunderDashboard, LotseApi } from '../api/types';
import { renderAt } from '../test/render';
import FunderPage from './FunderPage';

// The charts draw on a canvas jsdom does not have; their tables and summaries are tested
// with the chart model.
vi.mock('../charts/BarChart', () => ({ default: () => null }));

/** The stub API with fixed figures per day, recording the days asked for. */
function apiByDay() {
  const stub = createStubApi({ latencyMs: 0 });
  const asked: (string | undefined)[] = [];
  const api: LotseApi = {
    ...stub,
    funderDashboard: async (asOf): Promise<FunderDashboard | null> => {
      asked.push(asOf);
      const d = await stub.funderDashboard(asOf);
      if (!d) return null;
      return asOf ? { ...d, seatsTaken: 7, window: { ...d.window, completed: 1 } } : { ...d, seatsTaken: 18 };
    },
  };
  return { api, asked };
}

const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const location = () => screen.getByTestId('location').textContent;

describe('Förderer-Dashboard on a past day', () => {
  it('shows the figures as they stood on a chosen day, with the day in the URL, and comes back to today', async () => {
    const user = userEvent.setup();
    const { api, asked } = apiByDay();
    renderAt(<FunderPage />, { api, route: '/foerderer', path: '/foerderer' });
    expect(await screen.findByText('18 von 40 Plätzen')).toBeInTheDocument();
    const day = daysFromToday(-60);

    fireEvent.change(screen.getByLabelText('Stand am'), { target: { value: day } });
    await user.click(screen.getByRole('button', { name: 'Stand anzeigen' }));

    expect(
      await screen.findByText(`Sie sehen die Zahlen zum Stand vom ${germanDate(day)} (Ende des Tages): nur, was bis dahin erfasst war.`),
    ).toBeInTheDocument();
    expect(screen.getByText('7 von 40 Plätzen')).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`Stand: ${germanDate(day).replace(/\./g, '\\.')}`))).toBeInTheDocument();
    expect(location()).toBe(`/foerderer?stand=${day}`);
    expect(asked).toEqual([undefined, day]);

    await user.click(screen.getByRole('button', { name: 'Aktuellen Stand zeigen' }));
    expect(await screen.findByText('18 von 40 Plätzen')).toBeInTheDocument();
    expect(location()).toBe('/foerderer');
  });

  it('says that nothing had been recorded yet on a day before the programme, with a way back', async () => {
    const user = userEvent.setup();
    renderAt(<FunderPage />, { route: '/foerderer?stand=2019-06-30', path: '/foerderer' });
    expect(await screen.findByText('Am 30.06.2019 war zu diesem Programm in Lotse noch nichts erfasst.')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Aktuellen Stand zeigen' }));
    expect(await screen.findByText(/^Stand: /)).toBeInTheDocument();
    expect(location()).toBe('/foerderer');
  });

  it('refuses a day in the future at the field and keeps today’s figures', async () => {
    const user = userEvent.setup();
    const { api, asked } = apiByDay();
    renderAt(<FunderPage />, { api, route: '/foerderer', path: '/foerderer' });
    const input = await screen.findByLabelText('Stand am');
    fireEvent.change(input, { target: { value: daysFromToday(2) } });
    await user.click(screen.getByRole('button', { name: 'Stand anzeigen' }));
    expect(screen.getByText('Der Tag liegt in der Zukunft. Bitte wählen Sie heute oder einen früheren Tag.')).toBeInTheDocument();
    expect(input).toHaveFocus();
    expect(location()).toBe('/foerderer');
    expect(asked).toEqual([undefined]);
  });
});
