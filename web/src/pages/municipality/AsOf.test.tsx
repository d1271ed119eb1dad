import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { endOfDay } from '../../api/graphql';
import { relativeDue } from '../../format';
import { daysFromToday } from '../../api/stub/data';
import { createStubApi } from '../../api/stub/stubApi';
import type { LotseApi } from '../../api/types';
import { renderAt } from '../../test/render';
import MunicipalityPage from '../MunicipalityPage';
import { checkAsOf, parseDay } from '../../components/AsOf';

/** The stub API, recording the days the page was asked for. */
function recordingApi() {
  const stub = createStubApi({ latencyMs: 0 });
  const asked: (string | undefined)[] = [];
  const api: LotseApi = {
    ...stub,
    municipality: (id, asOf) => {
      asked.push(asOf);
      return stub.municipality(id, asOf);
    },
  };
  return { api, asked };
}

const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const location = () => screen.getByTestId('location').textContent;

describe('Stand am (the municipality page on a past day)', () => {
  it('shows the page as it stood on a chosen day, keeps the day in the URL and offers no steps', async () => {
    const user = userEvent.setup();
    const { api, asked } = recordingApi();
    renderAt(<MunicipalityPage />, { api, route: '/kommunen/m-lindenau', path: '/kommunen/:id' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Nächste Schritte' })).toBeInTheDocument();
    const entriesNow = within(screen.getByRole('region', { name: 'Verlauf' })).getAllByRole('listitem').length;
    // A day in the middle of Lindenau's history: some entries before it, some after.
    const timelineNow = (await api.municipality('m-lindenau'))?.timeline ?? [];
    const days = [...new Set(timelineNow.map((e) => e.at.slice(0, 10)))].sort();
    const day = days[Math.floor(days.length / 2)] ?? '';
    const recordedByThen = timelineNow.filter((e) => e.at.slice(0, 10) <= day).length;
    asked.length = 0;

    fireEvent.change(screen.getByLabelText('Stand am'), { target: { value: day } });
    await user.click(screen.getByRole('button', { name: 'Stand anzeigen' }));

    expect(await screen.findByText(`Sie sehen den Stand vom ${germanDate(day)} (Ende des Tages). In dieser Ansicht sind keine Schritte möglich.`)).toBeInTheDocument();
    expect(location()).toBe(`/kommunen/m-lindenau?stand=${day}`);
    expect(asked).toEqual([day]);
    expect(screen.queryByRole('heading', { name: 'Nächste Schritte' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Lindenau am See' })).toBeInTheDocument();
    // What was recorded after that day is not on the timeline.
    const entriesThen = within(screen.getByRole('region', { name: 'Verlauf' })).getAllByRole('listitem').length;
    expect(entriesThen).toBe(recordedByThen);
    expect(entriesThen).toBeLessThan(entriesNow);
    // Due dates count from the day shown, not from today.
    const open = (await api.municipality('m-lindenau', day))?.tasks.find((task) => task.state === 'OPEN');
    expect(open).toBeDefined();
    const tasks = screen.getByRole('region', { name: 'Aufgaben' });
    const shownThen = relativeDue(open?.due ?? '', 'de', new Date(`${day}T12:00:00`)).text;
    expect(relativeDue(open?.due ?? '', 'de').text).not.toBe(shownThen);
    expect(within(tasks).getAllByText(`(${shownThen})`).length).toBeGreaterThan(0);

    await user.click(screen.getByRole('button', { name: 'Aktuellen Stand zeigen' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Nächste Schritte' })).toBeInTheDocument();
    expect(location()).toBe('/kommunen/m-lindenau');
  });

  it('refuses a day in the future at the field and stays on the current page', async () => {
    const user = userEvent.setup();
    const { api, asked } = recordingApi();
    renderAt(<MunicipalityPage />, { api, route: '/kommunen/m-lindenau', path: '/kommunen/:id' });
    const input = await screen.findByLabelText('Stand am');

    fireEvent.change(input, { target: { value: daysFromToday(1) } });
    await user.click(screen.getByRole('button', { name: 'Stand anzeigen' }));

    expect(screen.getByText('Der Tag liegt in der Zukunft. Bitte wählen Sie heute oder einen früheren Tag.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveFocus();
    expect(location()).toBe('/kommunen/m-lindenau');
    expect(asked).toEqual([undefined]);

    fireEvent.change(input, { target: { value: '' } });
    await user.click(screen.getByRole('button', { name: 'Stand anzeigen' }));
    expect(screen.getByText('Bitte wählen Sie einen Tag.')).toBeInTheDocument();
  });

  it('says the municipality was not recorded yet on a day before its interest, with a way back', async () => {
    const user = userEvent.setup();
    renderAt(<MunicipalityPage />, { route: '/kommunen/m-lindenau?stand=2001-05-01', path: '/kommunen/:id' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Noch nicht erfasst' })).toBeInTheDocument();
    expect(screen.getByText(/Am 01\.05\.2001 war diese Kommune in Lotse noch nicht erfasst/)).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Aktuellen Stand zeigen' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Lindenau am See' })).toBeInTheDocument();
    expect(location()).toBe('/kommunen/m-lindenau');
  });

  it('ignores a day in the URL that is no calendar day, showing the current page', async () => {
    const { api, asked } = recordingApi();
    renderAt(<MunicipalityPage />, { api, route: '/kommunen/m-lindenau?stand=2026-02-31', path: '/kommunen/:id' });
    expect(await screen.findByRole('heading', { level: 2, name: 'Nächste Schritte' })).toBeInTheDocument();
    await waitFor(() => expect(asked).toEqual([undefined]));
  });

  it('checks days: real calendar days only, today or earlier', () => {
    expect(parseDay('2026-02-28')).toBe('2026-02-28');
    expect(parseDay('2026-02-31')).toBeNull();
    expect(parseDay('01.10.2026')).toBeNull();
    expect(parseDay(null)).toBeNull();
    expect(checkAsOf('2026-11-23', '2026-11-23')).toBeNull();
    expect(checkAsOf('2026-11-24', '2026-11-23')).toBe('future');
    expect(checkAsOf(' ', '2026-11-23')).toBe('required');
    expect(checkAsOf('gestern', '2026-11-23')).toBe('invalid');
  });

  it('asks the server for the last instant of the local day', () => {
    const at = new Date(endOfDay('2026-10-01'));
    expect([at.getFullYear(), at.getMonth() + 1, at.getDate(), at.getHours(), at.getMinutes()]).toEqual([2026, 10, 1, 23, 59]);
    expect(endOfDay('2026-10-01')).toMatch(/Z$/);
  });
});
