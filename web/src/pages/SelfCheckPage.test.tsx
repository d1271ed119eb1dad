import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import type { LotseApi } from '../api/types';
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

/** The stub API signed in as the contact person of `municipalityId`. */
function contactOf(municipalityId: string): LotseApi {
  return createStubApi({ latencyMs: 0, role: 'contact', municipalityId });
}

/** "Strategie und Steuerung | 25 % | 75 % | +50 Prozentpunkte": a row of a table as text. */
function rowText(row: HTMLElement): string {
  return [...row.querySelectorAll('th, td')].map((c) => c.textContent?.trim()).join(' | ');
}

describe('the second self-check', () => {
  it('is offered to the contact person only when the server offers another round', async () => {
    // Markt Auerbach: the first round is in, the workshop not yet held.
    const { unmount } = renderAt(<SelfCheckPage />, { api: contactOf('m-auerbach') });
    expect(await screen.findByText(/^Der 1\. Selbstcheck wurde am \d\d\.\d\d\.\d{4} abgeschickt\.$/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '2. Selbstcheck beginnen' })).toBeNull();
    unmount();

    // Grafenau an der Saar: the workshop was held.
    renderAt(<SelfCheckPage />, { api: contactOf('m-grafenau') });
    expect(await screen.findByRole('heading', { name: '2. Selbstcheck ausfüllen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '2. Selbstcheck beginnen' })).toBeEnabled();
  });

  it('starts the second round, takes the answers like the first and then compares both rounds per field', async () => {
    const user = userEvent.setup();
    const api = contactOf('m-grafenau');
    const run = vi.spyOn(api, 'runCommand');
    const save = vi.spyOn(api, 'saveSelfCheckAnswer');
    const before = await api.selfCheck();
    const firstGovernance = before.submitted[0]?.fieldScores.governance ?? null;
    renderAt(<SelfCheckPage />, { api, route: '/selbstcheck' });

    await user.click(await screen.findByRole('button', { name: '2. Selbstcheck beginnen' }));
    expect(run).toHaveBeenCalledWith('m-grafenau', { kind: 'startSelfCheck' });
    const stepTitle = await screen.findByRole('heading', { level: 2, name: 'Strategie und Steuerung' });
    await waitFor(() => expect(stepTitle).toHaveFocus());
    expect(screen.getByText('2. Selbstcheck für Grafenau an der Saar')).toBeInTheDocument();

    // Every indicator "3 – etabliert", step by step, as on the first round.
    for (let step = 0; step < 7; step += 1) {
      for (const group of await screen.findAllByRole('group', { name: /^\d+\.\d+ / })) {
        await user.click(within(group).getByRole('radio', { name: /^3/ }));
      }
      await user.click(screen.getByRole('link', { name: step === 6 ? 'Weiter zur Überprüfung' : 'Weiter' }));
    }
    expect(await screen.findByText(/21 von 21 Indikatoren beantwortet/)).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Selbstcheck verbindlich absenden' }));

    expect(await screen.findByRole('heading', { name: /der Selbstcheck ist abgeschickt/ })).toBeInTheDocument();
    expect(save).toHaveBeenCalled();
    const table = screen.getByRole('table', { name: 'Ihre Ergebnisse im Vergleich' });
    const [head, governance] = within(table).getAllByRole('row');
    expect(rowText(head!)).toBe('Handlungsfeld | 1. Selbstcheck | 2. Selbstcheck | Veränderung');
    const change = 75 - Math.round(firstGovernance ?? 0);
    expect(rowText(governance!)).toBe(
      `Strategie und Steuerung | ${String(Math.round(firstGovernance ?? 0))} % | 75 % | +${String(change)} Prozentpunkte`,
    );
  });

  it('shows both rounds side by side once the second is in, and offers no third', async () => {
    renderAt(<SelfCheckPage />, { api: contactOf('m-neustrelow') });
    expect(await screen.findByRole('heading', { name: 'Ihre Ergebnisse im Vergleich' })).toBeInTheDocument();
    expect(screen.getByText(/^Der 2\. Selbstcheck wurde am/)).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Ergebnis je Handlungsfeld' })).getAllByRole('row');
    expect(rowText(rows[0]!)).toBe('Handlungsfeld | 1. Selbstcheck | 2. Selbstcheck | Veränderung');
    expect(rowText(rows[rows.length - 1]!)).toMatch(/^Gesamtwert \| \d+ % \| \d+ % \| \+\d+ Prozentpunkte$/);
    expect(screen.queryByRole('button', { name: /Selbstcheck beginnen/ })).toBeNull();
  });

  it('says why when the server refuses to start the round', async () => {
    const user = userEvent.setup();
    const stub = contactOf('m-grafenau');
    const api: LotseApi = {
      ...stub,
      runCommand: () =>
        Promise.resolve({
          ok: false,
          refusal: { code: 'SECOND_SELF_CHECK_TOO_EARLY', message: 'Der zweite Selbstcheck ist erst nach dem Workshop möglich.', fields: [] },
        }),
    };
    renderAt(<SelfCheckPage />, { api });
    await user.click(await screen.findByRole('button', { name: '2. Selbstcheck beginnen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Der zweite Selbstcheck ist erst nach dem Workshop möglich.');
    expect(screen.queryByRole('navigation', { name: 'Schritte des Selbstchecks' })).toBeNull();
  });
});
