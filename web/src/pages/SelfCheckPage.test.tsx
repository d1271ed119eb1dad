import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import { renderAt } from '../test/render';
import SelfCheckPage from './SelfCheckPage';

describe('self-check', () => {
  it('asks each indicator as a radio group with the scale labels and saves by itself', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const save = vi.spyOn(api, 'saveSelfCheckAnswer');
    renderAt(<SelfCheckPage />, { api, route: '/selbstcheck?schritt=2' });

    const group = await screen.findByRole('group', { name: /^2\.1 / });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.closest('.radio')?.textContent?.replace(/\u00ad/g, ''))).toEqual([
      '0noch nicht angegangen',
      '1erste Schritte',
      '2geplant oder begonnen',
      '3etabliert',
      '4etabliert und ausgewertet',
      '–nicht zutreffend',
    ]);
    expect(screen.getByRole('navigation', { name: 'Schritte des Selbstchecks' })).toBeInTheDocument();
    expect(screen.getByRole('link', { current: 'step' })).toHaveTextContent('Haltung und Führung');

    await user.click(within(group).getByRole('radio', { name: /4/ }));
    await waitFor(() => expect(save).toHaveBeenCalledOnce(), { timeout: 2000 });
    expect(save.mock.calls[0]?.[1]).toEqual({ rating: 4, comment: '', evidenceUrl: '' });
    expect(await screen.findByText(/Alle Änderungen gespeichert/)).toBeInTheDocument();
  });

  it('lists unanswered indicators on the review step and submits after confirmation', async () => {
    const user = userEvent.setup();
    renderAt(<SelfCheckPage />, { route: '/selbstcheck?schritt=8' });
    expect(await screen.findByRole('heading', { name: 'Überprüfen und absenden' })).toBeInTheDocument();
    expect(screen.getByText(/2 von 21 Indikatoren beantwortet/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Selbstcheck verbindlich absenden' }));
    expect(screen.getByRole('checkbox')).toHaveAccessibleDescription('Bitte bestätigen Sie die Abstimmung.');

    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Selbstcheck verbindlich absenden' }));
    expect(await screen.findByRole('heading', { name: /der Selbstcheck ist abgeschickt/ })).toBeInTheDocument();
  });
});
