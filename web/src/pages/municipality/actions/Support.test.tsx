import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../../../api/stub/data';
import { formatDate } from '../../../format';
import { offering, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';
import { openStepStarting } from '../../../test/steps';

const FORMAT = 'Peer-Austausch: Austausch mit Modellkommunen aus dem Norden';

describe('a planned format for decision-makers moved and cancelled on the municipality page', () => {
  it('moves it to another day, then cancels it with a reason after confirming', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    // Only the planned format, not the held one.
    await openStepStarting(user, `Verschieben: ${FORMAT}`);
    expect(stepTitles().filter((s) => s.startsWith('Verschieben: Coaching'))).toEqual([]);

    const move = await openStepStarting(user, `Verschieben: ${FORMAT}`);
    const on = move.getByLabelText(/^Neuer Tag/);
    expect(on).toHaveValue(daysFromToday(19));
    await user.clear(on);
    await user.type(on, daysFromToday(800));
    await user.click(move.getByRole('button', { name: 'Neuen Tag speichern' }));
    await waitFor(() => expect(on).toHaveAttribute('aria-invalid', 'true'));
    expect(on).toHaveAccessibleDescription(/nach dem Ende des Teilnahmezeitraums/);
    await user.clear(on);
    await user.type(on, daysFromToday(25));
    await user.click(move.getByRole('button', { name: 'Neuen Tag speichern' }));
    expect(commands.at(-1)).toEqual({ kind: 'moveSupport', supportId: 's2', on: daysFromToday(25) });
    await screen.findByText(/Das Format „Austausch mit Modellkommunen aus dem Norden“ ist verschoben\./);

    const cancel = await openStepStarting(user, `Absagen: ${FORMAT}`);
    await user.type(cancel.getByLabelText(/^Begründung/), 'Referentin erkrankt');
    await user.click(cancel.getByRole('button', { name: 'Format absagen …' }));
    const yes = cancel.getByRole('button', { name: 'Ja, absagen' });
    expect(yes).toHaveAccessibleDescription(/wirklich absagen\?/);
    await user.click(yes);
    expect(commands.at(-1)).toEqual({ kind: 'cancelSupport', supportId: 's2', reason: 'Referentin erkrankt' });
    await screen.findByText(/Das Format „Austausch mit Modellkommunen aus dem Norden“ ist abgesagt\./);

    const section = screen.getByRole('region', { name: 'Formate für Entscheidungs­träger:innen' });
    const row = (await within(section).findByText(`Abgesagt am ${formatDate(daysFromToday(0), 'de')} – Grund: Referentin erkrankt`)).closest('tr');
    expect(row).toHaveClass('step--dropped');
    expect(row).toHaveTextContent('(abgesagt)');
    expect(stepTitles().filter((s) => s.includes(FORMAT))).toEqual([]);
    expect(stepTitles().filter((s) => s.startsWith('Format für Entscheidungs­träger:innen erfassen'))).toEqual([]);
  });

  it('offers moving and cancelling only when the server lists the steps', async () => {
    const api = offering(['planSupport', 'recordSupport']);
    renderMunicipality('m-grafenau', api);
    await screen.findByText('Format für Entscheidungs­träger:innen planen', { selector: 'summary span' });
    expect(stepTitles().filter((s) => /^(Verschieben|Absagen):/.test(s))).toEqual([]);
  });
});
