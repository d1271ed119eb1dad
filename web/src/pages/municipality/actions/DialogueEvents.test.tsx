import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../../../api/stub/stubApi';
import { daysFromToday } from '../../../api/stub/data';
import { formatDate } from '../../../format';
import { offering, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';
import { openStepStarting } from '../../../test/steps';

describe('a planned dialogue event moved and cancelled on the municipality page', () => {
  it('moves the event to a new date and place, then cancels it with a reason after confirming', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);

    // Moving: the new date and place are sent and shown in the list of dialogue events.
    const move = await openStepStarting(user, 'Verschieben: Stadtteilspaziergang Nordviertel');
    const newDay = daysFromToday(20);
    const at = move.getByLabelText(/^Neuer Termin/);
    await user.clear(at);
    await user.type(at, `${newDay}T17:15`);
    await user.type(move.getByLabelText(/^Neuer Ort/), 'Rathausplatz');
    await user.click(move.getByRole('button', { name: 'Neuen Termin speichern' }));
    expect(commands).toEqual([{ kind: 'moveDialogueEvent', eventId: 'd2', at: `${newDay}T17:15:00`, place: 'Rathausplatz' }]);
    await screen.findByText(/Die Dialogveranstaltung „Stadtteilspaziergang Nordviertel“ ist verschoben\./);
    const dialogue = screen.getByRole('region', { name: 'Einwohner:innen­dialoge' });
    await within(dialogue).findByText('Rathausplatz');

    // Cancelling: a reason is needed, then the question, then it is sent.
    const cancel = await openStepStarting(user, 'Absagen: Stadtteilspaziergang Nordviertel');
    await user.click(cancel.getByRole('button', { name: 'Veranstaltung absagen …' }));
    const reason = cancel.getByLabelText(/^Begründung/);
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    await user.type(reason, 'Sturmwarnung');
    await user.click(cancel.getByRole('button', { name: 'Veranstaltung absagen …' }));
    const yes = cancel.getByRole('button', { name: 'Ja, absagen' });
    expect(yes).toHaveAccessibleDescription(/wirklich absagen\?/);
    await waitFor(() => expect(yes).toHaveFocus());
    expect(commands).toHaveLength(1);
    await user.click(yes);
    expect(commands[1]).toEqual({ kind: 'cancelDialogueEvent', eventId: 'd2', reason: 'Sturmwarnung' });
    await screen.findByText(/Die Dialogveranstaltung „Stadtteilspaziergang Nordviertel“ ist abgesagt\./);

    // Shown as cancelled, with the day and the reason; nothing left to move, cancel or record.
    const cancelled = (await within(dialogue).findByText(`· Abgesagt am ${formatDate(daysFromToday(0), 'de')}`)).closest('li');
    expect(cancelled).toHaveClass('event--cancelled');
    expect(cancelled).toHaveTextContent('Grund der Absage: Sturmwarnung');
    expect(within(cancelled as HTMLElement).getByRole('heading')).toHaveTextContent('(abgesagt)');
    // (The formats for decision-makers have their own "Verschieben:" and "Absagen:".)
    expect(stepTitles().filter((s) => /^(Verschieben|Absagen): Stadtteil|^Dialogveranstaltung erfassen/.test(s))).toEqual([]);
    expect(stepTitles()).toContain('Dialogveranstaltung planen');
  });

  it('goes back from the question without cancelling, and asks again after a change', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const cancel = await openStepStarting(user, 'Absagen: Stadtteilspaziergang Nordviertel');
    await user.type(cancel.getByLabelText(/^Begründung/), 'Raum fehlt');
    await user.click(cancel.getByRole('button', { name: 'Veranstaltung absagen …' }));
    await user.click(cancel.getByRole('button', { name: 'Nein, zurück' }));
    expect(cancel.queryByRole('button', { name: 'Ja, absagen' })).toBeNull();
    await user.click(cancel.getByRole('button', { name: 'Veranstaltung absagen …' }));
    await user.type(cancel.getByLabelText(/^Begründung/), ' im Mai');
    expect(cancel.queryByRole('button', { name: 'Ja, absagen' })).toBeNull();
    expect(commands).toEqual([]);
  });

  it('a date after the participation window is refused at the new date', async () => {
    const user = userEvent.setup();
    const { api } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const move = await openStepStarting(user, 'Verschieben: Stadtteilspaziergang Nordviertel');
    const at = move.getByLabelText(/^Neuer Termin/);
    await user.clear(at);
    await user.type(at, `${daysFromToday(800)}T10:00`);
    await user.click(move.getByRole('button', { name: 'Neuen Termin speichern' }));
    await waitFor(() => expect(at).toHaveAttribute('aria-invalid', 'true'));
    expect(at).toHaveAccessibleDescription(/nach dem Ende des Teilnahmezeitraums/);
    await waitFor(() => expect(at).toHaveFocus());
  });

  it('a server refusal of the whole step (already cancelled meanwhile) appears next to its button', async () => {
    const user = userEvent.setup();
    const stub = createStubApi({ latencyMs: 0 });
    const message = 'Dieser Termin ist abgesagt. Planen Sie bei Bedarf einen neuen.';
    const runCommand = vi.fn(() => Promise.resolve({ ok: false as const, refusal: { code: 'ALREADY_CANCELLED', message, fields: [] } }));
    renderMunicipality('m-grafenau', { ...stub, runCommand });
    const move = await openStepStarting(user, 'Verschieben: Stadtteilspaziergang Nordviertel');
    await user.click(move.getByRole('button', { name: 'Neuen Termin speichern' }));
    expect(await move.findByRole('alert')).toHaveTextContent(message);
  });

  it('offers moving and cancelling only when the server lists the steps', async () => {
    const api = offering(['planDialogueEvent', 'recordDialogueEvent']);
    renderMunicipality('m-grafenau', api);
    await screen.findByText('Dialogveranstaltung planen', { selector: 'summary span' });
    expect(stepTitles().filter((s) => /^(Verschieben|Absagen):/.test(s))).toEqual([]);
  });
});
