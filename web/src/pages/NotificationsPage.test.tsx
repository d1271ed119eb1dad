import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import { Layout } from '../components/Layout';
import { renderAt } from '../test/render';
import NotificationsPage from './NotificationsPage';

const LEGEND = 'Neue Interessenbekundungen';
const AT_ONCE = 'Sofort eine E-Mail zu jeder neuen Interessenbekundung';
const DAILY = 'Eine E-Mail am Morgen mit den Interessenbekundungen des Vortags';
const NEVER = 'Keine E-Mail (die Übersicht und die Wochenübersicht zeigen sie weiterhin)';

/** The confirmation appears in a polite live region (role=status). */
async function confirmed(text: string) {
  const message = await screen.findByText(text);
  expect(message.closest('[role="status"]')).not.toBeNull();
}

describe('notifications page', () => {
  it('offers the team member the three choices of mails about new interest forms, the current one checked', async () => {
    renderAt(<NotificationsPage />);
    const group = within(await screen.findByRole('group', { name: LEGEND }));
    expect(group.getAllByRole('radio').map((r) => r.closest('div')?.textContent)).toEqual([AT_ONCE, DAILY, NEVER]);
    expect(group.getByRole('radio', { name: AT_ONCE })).toBeChecked();
    expect(screen.getByRole('heading', { level: 1, name: 'Benachrichtigungen' })).toBeInTheDocument();
  });

  it('checks the choice the server has for the team member', async () => {
    const api = createStubApi({ latencyMs: 0 });
    const me = await api.currentUser();
    vi.spyOn(api, 'currentUser').mockResolvedValue(me && { ...me, formAlerts: 'DAILY' });
    renderAt(<NotificationsPage />, { api });
    expect(await screen.findByRole('radio', { name: DAILY })).toBeChecked();
    expect(screen.getByRole('radio', { name: AT_ONCE })).not.toBeChecked();
  });

  it('sends another choice with chooseFormAlerts and confirms it politely', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const choose = vi.spyOn(api, 'chooseFormAlerts');
    renderAt(<NotificationsPage />, { api });
    await user.click(await screen.findByRole('radio', { name: NEVER }));
    expect(choose).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Speichern' }));

    expect(choose).toHaveBeenCalledWith('NEVER');
    await confirmed(
      'Gespeichert. Sie erhalten jetzt keine E-Mails zu neuen Interessenbekundungen; die Übersicht und die Wochenübersicht zeigen sie weiterhin.',
    );
    expect(screen.getByRole('radio', { name: NEVER })).toBeChecked();
    expect(screen.queryByRole('alert')).toBeNull();
    expect((await api.currentUser())?.formAlerts).toBe('NEVER');
  });

  it('is used with the keyboard alone: arrow keys choose, Enter saves', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const choose = vi.spyOn(api, 'chooseFormAlerts');
    renderAt(<NotificationsPage />, { api });
    await screen.findByRole('radio', { name: AT_ONCE });
    await user.tab();
    expect(screen.getByRole('radio', { name: AT_ONCE })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('radio', { name: DAILY })).toBeChecked();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Speichern' })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(choose).toHaveBeenCalledWith('DAILY');
    await confirmed('Gespeichert. Sie erhalten jetzt jeden Morgen eine E-Mail mit den Interessenbekundungen des Vortags.');
  });

  it('shows the server’s refusal in an alert and confirms nothing', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const message = 'Das darf nur das Programmteam.';
    vi.spyOn(api, 'chooseFormAlerts').mockResolvedValue({ ok: false, refusal: { code: 'FORBIDDEN', message, fields: [] } });
    renderAt(<NotificationsPage />, { api });
    await user.click(await screen.findByRole('radio', { name: DAILY }));
    await user.click(screen.getByRole('button', { name: 'Speichern' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(screen.queryByText(/^Gespeichert/)).toBeNull();
  });

  it('shows a failure to reach the server in an alert', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    vi.spyOn(api, 'chooseFormAlerts').mockRejectedValue(new Error('NETWORK'));
    renderAt(<NotificationsPage />, { api });
    await user.click(await screen.findByRole('button', { name: 'Speichern' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('der Server nicht erreichbar war');
  });

  it('tells anyone but the team that the page is the team’s, without the choice', async () => {
    renderAt(<NotificationsPage />, { api: createStubApi({ latencyMs: 0, role: 'facilitator' }) });
    expect(await screen.findByText(/^Diese Seite ist für das Programmteam/)).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: LEGEND })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Speichern' })).toBeNull();
  });

  it('is linked in the header for team members only', async () => {
    const team = renderAt(<Layout />);
    const banner = within(screen.getByRole('banner'));
    expect(await banner.findByRole('link', { name: 'Benachrichtigungen' })).toHaveAttribute('href', '/benachrichtigungen');
    team.unmount();

    renderAt(<Layout />, { api: createStubApi({ latencyMs: 0, role: 'contact' }) });
    expect(await screen.findByText(/^Angemeldet als/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Benachrichtigungen' })).toBeNull();
  });
});
