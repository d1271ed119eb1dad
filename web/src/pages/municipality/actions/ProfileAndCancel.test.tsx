import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../../../api/stub/data';
import { formatDate } from '../../../format';
import { openStep } from '../../../test/steps';
import { recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';

const today = () => formatDate(daysFromToday(0), 'de');

describe('correcting the municipality’s details', () => {
  it('is closed at first, pre-filled, checks the input and shows the corrected name', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-rabenfeld', api);
    const summary = await screen.findByText('Angaben zur Kommune berichtigen', { selector: 'summary span' });
    expect(summary.closest('details')).not.toHaveAttribute('open');

    const form = await openStep(user, 'Angaben zur Kommune berichtigen');
    const name = form.getByLabelText(/^Name der Kommune/);
    const population = form.getByLabelText(/^Einwohnerzahl/);
    expect(name).toHaveValue('Rabenfeld');
    expect(form.getByLabelText(/^Bundesland/)).toHaveValue('SACHSEN');
    expect(form.getByLabelText(/^Art der Kommune/)).toHaveValue('STADT');
    expect(population).toHaveValue('23600');

    // The interest form's checks: a name is needed, the population a whole number.
    await user.clear(name);
    await user.clear(population);
    await user.type(population, 'viele');
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(population).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(name).toHaveFocus());
    expect(commands).toEqual([]);

    await user.type(name, 'Rabenfeld (Erzgebirge)');
    await user.selectOptions(form.getByLabelText(/^Art der Kommune/), 'GEMEINDE');
    await user.clear(population);
    await user.type(population, '23.650');
    await user.type(form.getByLabelText(/^Grund der Berichtigung/), 'Tippfehler im Interessenformular');
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    expect(commands).toEqual([
      {
        kind: 'correctProfile',
        name: 'Rabenfeld (Erzgebirge)',
        land: 'SACHSEN',
        municipalityKind: 'GEMEINDE',
        population: 23650,
        reason: 'Tippfehler im Interessenformular',
      },
    ]);
    await screen.findByText(/Die Angaben zur Kommune sind berichtigt\./);
    expect(await screen.findByRole('heading', { level: 1, name: 'Rabenfeld (Erzgebirge)' })).toBeInTheDocument();
    const timeline = screen.getByRole('region', { name: 'Verlauf' });
    expect(within(timeline).getAllByText('Angaben zur Kommune berichtigt')[0]).toBeInTheDocument();
  });

  it('shows the server’s refusal at its field', async () => {
    const user = userEvent.setup();
    const { api } = recordingStub({
      answer: () => ({
        ok: false,
        refusal: {
          code: 'INVALID_INPUT',
          message: 'Bitte prüfen Sie die markierten Angaben.',
          fields: [{ field: 'population', reason: 'too_large', message: 'Diese Einwohnerzahl nimmt der Server nicht an.' }],
        },
      }),
    });
    renderMunicipality('m-rabenfeld', api);
    const form = await openStep(user, 'Angaben zur Kommune berichtigen');
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    const population = form.getByLabelText(/^Einwohnerzahl/);
    expect(await form.findByText('Diese Einwohnerzahl nimmt der Server nicht an.')).toBeInTheDocument();
    expect(population).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(population).toHaveFocus());
  });
});

describe('cancelling the interview or the workshop', () => {
  it('cancels the workshop after confirming and shows it cancelled, with no record form left', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-heidland', api);
    expect(await screen.findByText('Workshop erfassen', { selector: 'summary span' })).toBeInTheDocument();

    const form = await openStep(user, 'Workshop absagen');
    await user.click(form.getByRole('button', { name: 'Workshop absagen …' }));
    const reason = form.getByLabelText(/^Begründung/);
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    await user.type(reason, 'Rathaus gesperrt');
    await user.click(form.getByRole('button', { name: 'Workshop absagen …' }));
    const yes = form.getByRole('button', { name: 'Ja, absagen' });
    expect(yes).toHaveAccessibleDescription(/wirklich absagen\? Die Eingeladenen werden benachrichtigt\./);
    await waitFor(() => expect(yes).toHaveFocus());
    expect(commands).toEqual([]);
    await user.click(yes);
    expect(commands).toEqual([{ kind: 'cancelWorkshop', reason: 'Rathaus gesperrt' }]);
    await screen.findByText(/Der Workshop ist abgesagt\./);

    const workshop = screen.getByRole('region', { name: 'Workshop und Aktionsplan' });
    expect(await within(workshop).findByText(`Abgesagt am ${today()} – Grund: Rathaus gesperrt`)).toBeInTheDocument();
    expect(stepTitles()).not.toContain('Workshop erfassen');
    expect(stepTitles()).not.toContain('Workshop absagen');
    expect(stepTitles()).toContain('Workshop planen');
  });

  it('asks again after “Nein, zurück” and cancels the interview, back at “Interesse”', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-rabenfeld', api);
    const form = await openStep(user, 'Erstgespräch absagen');
    await user.type(form.getByLabelText(/^Begründung/), 'Bürgermeister erkrankt');
    await user.click(form.getByRole('button', { name: 'Erstgespräch absagen …' }));
    await user.click(form.getByRole('button', { name: 'Nein, zurück' }));
    expect(form.queryByRole('button', { name: 'Ja, absagen' })).toBeNull();
    await user.click(form.getByRole('button', { name: 'Erstgespräch absagen …' }));
    await user.click(form.getByRole('button', { name: 'Ja, absagen' }));
    expect(commands).toEqual([{ kind: 'cancelInterview', reason: 'Bürgermeister erkrankt' }]);
    await screen.findByText(/Das Erstgespräch ist abgesagt\. Aktuelle Phase: Interesse\./);

    const profile = screen.getByRole('region', { name: 'Profil' });
    expect(await within(profile).findByText(`Abgesagt am ${today()} – Grund: Bürgermeister erkrankt`)).toBeInTheDocument();
    expect(stepTitles()).not.toContain('Erstgespräch absagen');
    expect(stepTitles()).not.toContain('Ergebnis des Erstgesprächs erfassen');
    expect(stepTitles()).toContain('Erstgespräch vereinbaren');
  });
});
