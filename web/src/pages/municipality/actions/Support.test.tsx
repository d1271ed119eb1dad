import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../../../api/stub/data';
import { formatDate, formatDateTime } from '../../../format';
import { offering, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';
import { openStep, openStepStarting } from '../../../test/steps';

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
    expect(commands.at(-1)).toEqual({ kind: 'moveSupport', supportId: 's2', on: daysFromToday(25), time: '', place: '' });
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

const PLAN = 'Format für Entscheidungs­träger:innen planen';
const SECTION = 'Formate für Entscheidungs­träger:innen';

describe('a format for decision-makers with a time and a place', () => {
  it('sends the time and the place it is planned with, and says that a time invites the contact person', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const plan = await openStep(user, PLAN);
    await user.selectOptions(plan.getByRole('combobox', { name: /^Format\b(?! für)/ }), 'Coaching');
    await user.selectOptions(plan.getByLabelText(/^Für wen\?/), 'Bürgermeister:in / Landrät:in');
    await user.type(plan.getByLabelText(/^Datum/), daysFromToday(5));
    const time = plan.getByLabelText(/^Uhrzeit/);
    expect(time).toHaveAttribute('type', 'time');
    expect(time).toHaveAccessibleDescription(/erhält die Ansprechperson eine Einladung mit Kalendereintrag/);
    await user.type(time, '16:00');
    await user.type(plan.getByLabelText(/^Ort/), 'Rathaus');
    await user.type(plan.getByLabelText(/^Thema/), 'Haltung zeigen');
    await user.click(plan.getByRole('button', { name: 'Format planen' }));
    expect(commands.at(-1)).toEqual({
      kind: 'planSupport',
      format: 'COACHING',
      audience: 'MAYOR',
      on: daysFromToday(5),
      time: '16:00',
      place: 'Rathaus',
      topic: 'Haltung zeigen',
    });
    await screen.findByText(/Das Format ist geplant\./);
  });

  it('sends no time and no place when they are left empty, and lists the day alone', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const plan = await openStep(user, PLAN);
    await user.selectOptions(plan.getByRole('combobox', { name: /^Format\b(?! für)/ }), 'Coaching');
    await user.selectOptions(plan.getByLabelText(/^Für wen\?/), 'Bürgermeister:in / Landrät:in');
    await user.type(plan.getByLabelText(/^Datum/), daysFromToday(5));
    await user.type(plan.getByLabelText(/^Thema/), 'Ohne Uhrzeit');
    await user.click(plan.getByRole('button', { name: 'Format planen' }));
    expect(commands.at(-1)).toMatchObject({ kind: 'planSupport', time: '', place: '' });
    const section = screen.getByRole('region', { name: SECTION });
    const row = (await within(section).findByText('Ohne Uhrzeit')).closest('tr');
    expect(row).toHaveTextContent(formatDate(daysFromToday(5), 'de'));
    expect(row).not.toHaveTextContent('Uhr,');
  });

  it('lists the day with the time and the place', async () => {
    const { api } = recordingStub();
    await api.runCommand('m-grafenau', { kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: daysFromToday(5), time: '16:00', place: 'Rathaus', topic: 'Haltung zeigen' });
    renderMunicipality('m-grafenau', api);
    const section = await screen.findByRole('region', { name: SECTION });
    const row = (await within(section).findByText('Haltung zeigen')).closest('tr');
    const when = `${formatDateTime(`${daysFromToday(5)}T16:00`, 'de')}, Rathaus`;
    expect(when).toBe(`${formatDate(daysFromToday(5), 'de')}, 16:00 Uhr, Rathaus`);
    expect(row).toHaveTextContent(when);
  });

  it('moving prefills the time and the place and sends the changed ones', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    await api.runCommand('m-grafenau', { kind: 'planSupport', format: 'COACHING', audience: 'MAYOR', on: daysFromToday(5), time: '16:00', place: 'Rathaus', topic: 'Haltung zeigen' });
    renderMunicipality('m-grafenau', api);
    const move = await openStepStarting(user, 'Verschieben: Coaching: Haltung zeigen');
    expect(move.getByLabelText(/^Neuer Tag/)).toHaveAccessibleDescription(`Bisher: ${formatDate(daysFromToday(5), 'de')}, 16:00 Uhr, Rathaus.`);
    const time = move.getByLabelText(/^Uhrzeit/);
    const place = move.getByLabelText(/^Ort/);
    expect(time).toHaveValue('16:00');
    expect(place).toHaveValue('Rathaus');
    expect(time).toHaveAccessibleDescription(/aktualisierten/);
    await user.clear(time);
    await user.type(time, '17:30');
    await user.clear(place);
    await user.type(place, 'Ratssaal');
    await user.click(move.getByRole('button', { name: 'Neuen Tag speichern' }));
    expect(commands.at(-1)).toEqual({ kind: 'moveSupport', supportId: expect.any(String) as unknown, on: daysFromToday(5), time: '17:30', place: 'Ratssaal' });
    await screen.findByText(/Das Format „Haltung zeigen“ ist verschoben\./);
    const row = (await within(screen.getByRole('region', { name: SECTION })).findByText('Haltung zeigen')).closest('tr');
    expect(row).toHaveTextContent(`${formatDate(daysFromToday(5), 'de')}, 17:30 Uhr, Ratssaal`);
  });
});
