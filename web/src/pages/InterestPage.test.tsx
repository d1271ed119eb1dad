import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import { InterestRefused, type PublicProgramme } from '../api/types';
import { renderAt } from '../test/render';
import InterestPage from './InterestPage';

/** The sample programme's form (at `/interesse` the stub offers a choice of two). */
const SAMPLE_FORM = { route: '/interesse/p-weltoffen', path: '/interesse/:programmeId' };

function publicProgramme(id: string, name: string, open = true, notice: string | null = null): PublicProgramme {
  return { id, name, organisation: 'Weltoffene Kommune e. V.', interestFormPath: `/interesse/${id}`, open, notice };
}

/** Fills in a valid form (English as the language) and sends it. */
async function fillAndSend(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText(/^Name der Kommune/), 'Bergheide');
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
    renderAt(<InterestPage />, SAMPLE_FORM);
    await user.type(await screen.findByLabelText(/^E-Mail-Adresse/), 'keine-adresse');
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

  it('offers all 16 Länder and the five kinds of municipality', async () => {
    renderAt(<InterestPage />, SAMPLE_FORM);
    const land = await screen.findByRole('combobox', { name: /^Bundesland/ });
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

  it('hides the honeypot from people and assistive technology', async () => {
    renderAt(<InterestPage />, SAMPLE_FORM);
    await screen.findByLabelText(/^Name der Kommune/);
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
    // One programme takes applications: /interesse shows its form.
    vi.spyOn(api, 'programmeForms').mockResolvedValue([
      publicProgramme('p-weltoffen', 'Weltoffene Kommune'),
      publicProgramme('p-pilot-2025', 'Pilotphase 2025', false, 'Archiviert.'),
    ]);
    renderAt(<InterestPage />, { api, route: '/interesse', path: '/interesse' });
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
    expect(await screen.findByText('Programm: Zusammenhalt vor Ort 2027')).toBeInTheDocument();
    await fillAndSend(user);

    await waitFor(() => expect(screen.getByText('Vielen Dank für Ihr Interesse!')).toBeInTheDocument());
    expect(submit).toHaveBeenCalledWith(
      expect.objectContaining({ programmeId: 'p-zusammenhalt-2027', municipalityName: 'Bergheide' }),
    );
  });

  it('lists the open programmes with their organisation instead of a form when several are open', async () => {
    renderAt(<InterestPage />, { route: '/interesse', path: '/interesse' });
    const choice = await screen.findByRole('region', { name: 'Für welches Programm interessieren Sie sich?' });
    const links = within(choice).getAllByRole('link');
    expect(links.map((l) => [l.textContent, l.getAttribute('href')])).toEqual([
      ['Weltoffene Kommune – vom Dialog zum Zusammenhalt', '/interesse/p-weltoffen'],
      ['Zusammenhalt vor Ort 2027', '/interesse/p-zusammenhalt-2027'],
    ]);
    // The archived pilot takes no applications and is not offered.
    expect(within(choice).queryByText(/Pilotphase 2025/)).toBeNull();
    expect(within(choice).getAllByText('Träger: Weltoffene Kommune e. V.')).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Interesse senden' })).toBeNull();
  });

  it('names the only open programme above its form at /interesse', async () => {
    const api = createStubApi({ latencyMs: 0 });
    vi.spyOn(api, 'programmeForms').mockResolvedValue([publicProgramme('p-7', 'Zusammenhalt 2027')]);
    renderAt(<InterestPage />, { api, route: '/interesse', path: '/interesse' });
    expect(await screen.findByText('Programm: Zusammenhalt 2027')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Interesse senden' })).toBeInTheDocument();
  });

  it('says so when no programme takes applications', async () => {
    const api = createStubApi({ latencyMs: 0 });
    vi.spyOn(api, 'programmeForms').mockResolvedValue([publicProgramme('p-7', 'Zusammenhalt 2027', false, 'Später.')]);
    renderAt(<InterestPage />, { api, route: '/interesse', path: '/interesse' });
    expect(await screen.findByText(/Zurzeit nimmt kein Programm Interessenbekundungen an/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Interesse senden' })).toBeNull();
  });

  it('names the programme at its address and shows its notice instead of the form when it is closed', async () => {
    renderAt(<InterestPage />, { route: '/interesse/p-pilot-2025', path: '/interesse/:programmeId' });
    expect(await screen.findByText('Programm: Pilotphase 2025')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Das Formular ist zurzeit geschlossen' })).toBeInTheDocument();
    expect(screen.getByText(/Dieses Programm ist abgeschlossen und archiviert/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Name der Kommune/)).toBeNull();
    expect(screen.getByRole('link', { name: /Zu den Programmen/ })).toHaveAttribute('href', '/interesse');
  });

  it('says that a programme is not found at an unknown address', async () => {
    renderAt(<InterestPage />, { route: '/interesse/p-gibt-es-nicht', path: '/interesse/:programmeId' });
    expect(await screen.findByRole('heading', { name: 'Programm nicht gefunden' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Interesse senden' })).toBeNull();
  });

  it('shows the server’s words when it refuses the form as closed', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const closed = 'Die Bewerbungsphase ist am 30.04.2027 zu Ende gegangen.';
    vi.spyOn(api, 'submitInterest').mockRejectedValue(new InterestRefused('APPLICATIONS_CLOSED', closed));
    renderAt(<InterestPage />, { api, ...SAMPLE_FORM });
    await fillAndSend(user);
    expect(await screen.findByRole('alert')).toHaveTextContent(closed);
  });
});
