import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import { renderAt } from '../test/render';
import InterestPage from './InterestPage';

/** Fills in a valid form (English as the language) and sends it. */
async function fillAndSend(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/^Name der Kommune/), 'Bergheide');
  await user.selectOptions(screen.getByRole('combobox', { name: /^Bundesland/ }), 'NIEDERSACHSEN');
  await user.selectOptions(screen.getByRole('combobox', { name: /^Art der Kommune/ }), 'GEMEINDE');
  await user.type(screen.getByLabelText(/^Einwohnerzahl/), '4.200');
  await user.type(screen.getByLabelText(/^Ihr Name/), 'Lukas Hoffmann');
  await user.type(screen.getByLabelText(/^Ihre Funktion/), 'Bürgermeister');
  await user.type(screen.getByLabelText(/^E-Mail-Adresse/), 'buergermeister@bergheide.example');
  await user.type(screen.getByLabelText(/^Warum möchte/), 'Wir möchten Begegnung fördern.');
  await user.click(screen.getByRole('checkbox'));
  await user.click(screen.getByRole('radio', { name: 'English' }));
  await user.click(screen.getByRole('button', { name: 'Interesse senden' }));
}

describe('interest form', () => {
  it('shows a message next to each invalid field, tied to it with aria-describedby', async () => {
    const user = userEvent.setup();
    renderAt(<InterestPage />);
    await user.type(screen.getByLabelText(/^E-Mail-Adresse/), 'keine-adresse');
    await user.click(screen.getByRole('button', { name: 'Interesse senden' }));

    const email = screen.getByLabelText(/^E-Mail-Adresse/);
    expect(email).toHaveAttribute('aria-invalid', 'true');
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy.split(' ')[0] ?? '')?.textContent).toBe(
      'Bitte geben Sie eine gültige E-Mail-Adresse an.',
    );
    expect(screen.getByRole('combobox', { name: /^Bundesland/ })).toHaveAccessibleDescription('Bitte wählen Sie ein Bundesland.');
    expect(screen.getByRole('checkbox')).toHaveAccessibleDescription(
      'Ohne Ihr Einverständnis können wir uns nicht bei Ihnen melden.',
    );
    // The phone is optional and stays valid.
    expect(screen.getByLabelText(/^Telefon/)).not.toHaveAttribute('aria-invalid');
    expect(screen.getByRole('alert')).toHaveTextContent('Bitte prüfen Sie 9 Angaben');
  });

  it('offers all 16 Länder and the five kinds of municipality', () => {
    renderAt(<InterestPage />);
    const land = screen.getByRole('combobox', { name: /^Bundesland/ });
    expect(land.querySelectorAll('option')).toHaveLength(17);
    const kind = screen.getByRole('combobox', { name: /^Art der Kommune/ });
    expect([...kind.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Bitte wählen',
      'Gemeinde',
      'Stadt',
      'Kreisfreie Stadt',
      'Landkreis',
      'Verbandsgemeinde / Amt',
    ]);
  });

  it('hides the honeypot from people and assistive technology', () => {
    renderAt(<InterestPage />);
    expect(screen.queryByRole('textbox', { name: /leer lassen/ })).toBeNull();
    const trap = document.getElementById('interest-website');
    expect(trap).toHaveAttribute('tabindex', '-1');
    expect(trap?.closest('[aria-hidden="true"]')).not.toBeNull();
  });

  it('sends a valid form with the token the server signed when it was shown, and confirms', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const token = vi.spyOn(api, 'interestFormToken').mockResolvedValue('signed-when-shown');
    const submit = vi.spyOn(api, 'submitInterest');
    renderAt(<InterestPage />, { api });
    await waitFor(() => expect(token).toHaveBeenCalledTimes(1));
    await fillAndSend(user);

    await waitFor(() => expect(screen.getByText('Vielen Dank für Ihr Interesse!')).toBeInTheDocument());
    expect(submit).toHaveBeenCalledWith(
      expect.objectContaining({
        land: 'NIEDERSACHSEN',
        kind: 'GEMEINDE',
        population: '4.200',
        language: 'en',
        consent: true,
        website: '',
        formToken: 'signed-when-shown',
        // At /interesse the server chooses the tenant's open programme.
        programmeId: undefined,
      }),
    );
  });

  it('sends the programme named by its address, /interesse/<programme>', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const submit = vi.spyOn(api, 'submitInterest');
    renderAt(<InterestPage />, { api, route: '/interesse/p-zusammenhalt-2027', path: '/interesse/:programmeId' });
    await fillAndSend(user);

    await waitFor(() => expect(screen.getByText('Vielen Dank für Ihr Interesse!')).toBeInTheDocument());
    expect(submit).toHaveBeenCalledWith(
      expect.objectContaining({ programmeId: 'p-zusammenhalt-2027', municipalityName: 'Bergheide' }),
    );
  });
});
