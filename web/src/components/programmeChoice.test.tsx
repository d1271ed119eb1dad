import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import type { Programme } from '../api/types';
import BoardPage from '../pages/BoardPage';
import FunderPage from '../pages/FunderPage';
import ProgrammePage from '../pages/ProgrammePage';
import { renderAt } from '../test/render';
import { Layout } from './Layout';
import { ProgrammeSwitch } from './programmeChoice';

// The charts draw on a canvas jsdom does not have.
vi.mock('../charts/BarChart', () => ({ default: () => null }));

const STORAGE_KEY = 'lotse.programme';

describe('programme switch', () => {
  afterEach(() => {
    localStorage.removeItem(STORAGE_KEY);
  });

  it('appears in the header with several programmes, labelled, the archived one marked', async () => {
    renderAt(<Layout />);
    const banner = screen.getByRole('banner');
    const select = await within(banner).findByRole('combobox', { name: 'Programm' });
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Weltoffene Kommune – vom Dialog zum Zusammenhalt',
      'Zusammenhalt vor Ort 2027',
      'Pilotphase 2025 (archiviert)',
    ]);
    expect(select).toHaveValue('p-weltoffen');
  });

  it('does not appear with one programme', async () => {
    const api = createStubApi({ latencyMs: 0 });
    const first: Programme[] = (await api.programmes()).slice(0, 1);
    const programmes = vi.spyOn(api, 'programmes').mockResolvedValue(first);
    renderAt(<Layout />, { api });
    await screen.findByText('Angemeldet als Sabine Brandt');
    await waitFor(() => expect(programmes).toHaveBeenCalled());
    // Only the language switch is a select in the header.
    await waitFor(() => expect(within(screen.getByRole('banner')).getAllByRole('combobox')).toHaveLength(1));
    expect(screen.queryByRole('combobox', { name: 'Programm' })).toBeNull();
  });

  it('does not appear for a contact person', async () => {
    const api = createStubApi({ latencyMs: 0, role: 'contact' });
    const programmes = vi.spyOn(api, 'programmes');
    renderAt(<Layout />, { api });
    await screen.findByText('Angemeldet als Jana Petersen');
    expect(screen.queryByRole('combobox', { name: 'Programm' })).toBeNull();
    expect(programmes).not.toHaveBeenCalled();
  });

  it('writes the choice into the address, remembers it, and the board asks for the chosen programme', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const board = vi.spyOn(api, 'board');
    renderAt(
      <>
        <ProgrammeSwitch />
        <BoardPage />
      </>,
      { api, route: '/?land=BAYERN' },
    );
    await waitFor(() => expect(board).toHaveBeenCalledWith({ land: 'BAYERN' }, undefined, undefined));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Programm' }), 'p-zusammenhalt-2027');

    expect(screen.getByTestId('location')).toHaveTextContent('/?land=BAYERN&programm=p-zusammenhalt-2027');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('p-zusammenhalt-2027');
    await waitFor(() => expect(board).toHaveBeenLastCalledWith({ land: 'BAYERN' }, undefined, 'p-zusammenhalt-2027'));
    // The second programme has no municipalities yet.
    expect(await screen.findByText('0 Kommunen', { selector: '.result-count' })).toBeInTheDocument();
  });

  it('keeps the remembered choice on a page opened without it in the address', async () => {
    localStorage.setItem(STORAGE_KEY, 'p-pilot-2025');
    const api = createStubApi({ latencyMs: 0, role: 'funder' });
    const dashboard = vi.spyOn(api, 'funderDashboard');
    renderAt(
      <>
        <ProgrammeSwitch />
        <FunderPage />
      </>,
      { api, route: '/foerderer' },
    );
    await waitFor(() => expect(dashboard).toHaveBeenCalledWith(undefined, 'p-pilot-2025'));
    expect(await screen.findByRole('combobox', { name: 'Programm' })).toHaveValue('p-pilot-2025');
    expect(await screen.findByText('Pilotphase 2025', { selector: '.programme-title' })).toBeInTheDocument();
  });

  it('forgets a remembered programme the tenant does not have', async () => {
    localStorage.setItem(STORAGE_KEY, 'p-unknown');
    const api = createStubApi({ latencyMs: 0 });
    const board = vi.spyOn(api, 'board');
    renderAt(
      <>
        <ProgrammeSwitch />
        <BoardPage />
      </>,
      { api },
    );
    expect(await screen.findByRole('combobox', { name: 'Programm' })).toHaveValue('p-weltoffen');
    await waitFor(() => expect(localStorage.getItem(STORAGE_KEY)).toBeNull());
    await waitFor(() => expect(board).toHaveBeenLastCalledWith({}, undefined, undefined));
  });

  it('marks a programme archived on the programme page as archived in the switch at once', async () => {
    const user = userEvent.setup();
    renderAt(
      <>
        <ProgrammeSwitch />
        <ProgrammePage />
      </>,
    );
    const programme = within(await screen.findByRole('article', { name: 'Zusammenhalt vor Ort 2027' }));
    await user.click(programme.getByText('Programm archivieren', { selector: 'summary span' }));
    await user.click(programme.getByRole('button', { name: 'Ja, archivieren' }));
    const select = screen.getByRole('combobox', { name: 'Programm' });
    await waitFor(() =>
      expect(within(select).getByRole('option', { name: 'Zusammenhalt vor Ort 2027 (archiviert)' })).toBeInTheDocument(),
    );
  });
});
