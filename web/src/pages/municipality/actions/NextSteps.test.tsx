import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createStubApi } from '../../../api/stub/stubApi';
import i18n from '../../../i18n';
import type { CommandResult, JourneyCommand, LotseApi } from '../../../api/types';
import { openStep } from '../../../test/steps';
import { offering, renderMunicipality } from '../../../test/municipality';

/** The stub API, with `runCommand` answered by `answer` and recorded. */
function apiAnswering(answer: (command: JourneyCommand) => CommandResult | Promise<CommandResult>) {
  const stub = createStubApi({ latencyMs: 0 });
  const runCommand = vi.fn((_id: string, command: JourneyCommand) => Promise.resolve(answer(command)));
  const api: LotseApi = { ...stub, runCommand };
  return { api, runCommand };
}

describe('steps of the journey on the municipality page', () => {
  it('a refused contact person shows the server’s message at the e-mail field and moves the focus there', async () => {
    const user = userEvent.setup();
    const { api, runCommand } = apiAnswering(() => ({
      ok: false,
      refusal: {
        code: 'INVALID_INPUT',
        message: 'Bitte prüfen Sie die markierten Angaben.',
        fields: [{ field: 'contact.email', reason: 'invalid_email', message: 'Diese Adresse nimmt der Server nicht an.' }],
      },
    }));
    renderMunicipality('m-eichstedt', api);
    const form = await openStep(user, 'Ansprechperson benennen');
    await user.type(form.getByLabelText(/^Name/), 'Jana Petersen');
    await user.type(form.getByLabelText(/^Funktion/), 'Integrationsbeauftragte');
    await user.type(form.getByLabelText(/^E-Mail-Adresse/), 'jana@eichstedt.example');
    await user.click(form.getByRole('button', { name: 'Ansprechperson speichern' }));

    const email = form.getByLabelText(/^E-Mail-Adresse/);
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription('Diese Adresse nimmt der Server nicht an.');
    await waitFor(() => expect(email).toHaveFocus());
    expect(form.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(runCommand).toHaveBeenCalledWith('m-eichstedt', {
      kind: 'assignContactPerson',
      contact: { name: 'Jana Petersen', role: 'Integrationsbeauftragte', email: 'jana@eichstedt.example', phone: '', language: 'de' },
    });
  });

  it('a date in the future is shown at the date of the interview, not as a general error', async () => {
    const user = userEvent.setup();
    const { api } = apiAnswering(() => ({
      ok: false,
      refusal: { code: 'DATE_IN_FUTURE', message: 'Das Datum liegt in der Zukunft.', fields: [] },
    }));
    renderMunicipality('m-rabenfeld', api);
    const form = await openStep(user, 'Ergebnis des Erstgesprächs erfassen');
    await user.click(form.getByRole('button', { name: 'Ergebnis speichern' }));
    const heldOn = form.getByLabelText(/^Stattgefunden am/);
    await waitFor(() => expect(heldOn).toHaveAccessibleDescription('Das Datum liegt in der Zukunft.'));
    await waitFor(() => expect(heldOn).toHaveFocus());
  });

  it('a refusal of the whole step appears next to its button and is tied to it', async () => {
    const user = userEvent.setup();
    const message = 'Die Kommune kann noch nicht zugelassen werden.';
    const { api } = apiAnswering(() => ({ ok: false, refusal: { code: 'NOT_ELIGIBLE', message, fields: [] } }));
    renderMunicipality('m-seenplatte', api);
    const form = await openStep(user, 'Zulassen');
    const button = form.getByRole('button', { name: 'Kommune zulassen' });
    await user.click(button);
    const alert = await form.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(button).toHaveAccessibleDescription(message);
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('scheduling an interview sends the date and time and announces the result', async () => {
    const user = userEvent.setup();
    const { api, runCommand } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-bergheide', api);
    const form = await openStep(user, 'Erstgespräch vereinbaren');
    await user.type(form.getByLabelText(/^Datum und Uhrzeit/), '2030-12-01T10:30');
    await user.click(form.getByRole('button', { name: 'Termin speichern' }));
    expect(runCommand).toHaveBeenCalledWith('m-bergheide', { kind: 'scheduleInterview', at: '2030-12-01T10:30:00' });
    const notice = await screen.findByText(/Der Termin für das Erstgespräch ist gespeichert\./);
    await waitFor(() => expect(notice.closest('[role="status"]')).toHaveFocus());
  });

  it('recording an interview sends the three criteria as ticked', async () => {
    const user = userEvent.setup();
    const { api, runCommand } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-rabenfeld', api);
    const form = await openStep(user, 'Ergebnis des Erstgesprächs erfassen');
    const heldOn = form.getByLabelText(/^Stattgefunden am/);
    await user.clear(heldOn);
    await user.type(heldOn, '2026-11-20');
    const criteria = form.getByRole('group', { name: 'Voraussetzungen für die Teilnahme' });
    await user.click(within(criteria).getByLabelText(/Entscheidungsträger:innen unterstützen/));
    await user.click(within(criteria).getByLabelText(/teilt ihre Erfahrungen/));
    await user.type(form.getByLabelText(/^Notizen/), 'Ratsbeschluss folgt im Januar.');
    await user.click(form.getByRole('button', { name: 'Ergebnis speichern' }));
    expect(runCommand).toHaveBeenCalledWith('m-rabenfeld', {
      kind: 'recordInterview',
      heldOn: '2026-11-20',
      eligibility: { decisionMakersSupport: true, contactPersonNamed: false, sharesLearning: true },
      notes: 'Ratsbeschluss folgt im Januar.',
    });
  });

  it('a reason is needed before a municipality is put on hold, and nothing is sent without one', async () => {
    const user = userEvent.setup();
    const { api, runCommand } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-bergheide', api);
    const form = await openStep(user, 'Zurückstellen');
    await user.click(form.getByRole('button', { name: 'Zurückstellen' }));
    const reason = form.getByLabelText(/^Begründung/);
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveAccessibleDescription(/Bitte füllen Sie dieses Feld aus\./);
    await waitFor(() => expect(reason).toHaveFocus());
    expect(runCommand).not.toHaveBeenCalled();
  });

  it('recording a dialogue event sends the attendance of each group', async () => {
    const user = userEvent.setup();
    const { api, runCommand } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-grafenau', api);
    const form = await openStep(user, 'Dialogveranstaltung erfassen');
    const heldOn = form.getByLabelText(/^Stattgefunden am/);
    await user.clear(heldOn);
    await user.type(heldOn, '2026-11-20');
    const attendance = form.getByRole('group', { name: 'Teilnahme nach Gruppe' });
    await user.type(within(attendance).getByLabelText('Einwohner:innen'), '31');
    await user.type(within(attendance).getByLabelText('Verwaltung'), '6');
    await user.type(within(attendance).getByLabelText('Zivilgesellschaft'), '12');
    await user.click(form.getByRole('button', { name: 'Speichern' }));
    expect(runCommand).toHaveBeenCalledWith('m-grafenau', {
      kind: 'recordDialogueEvent',
      eventId: 'd2',
      heldOn: '2026-11-20',
      attendance: { RESIDENTS: 31, ADMINISTRATION: 6, POLITICS: 0, BUSINESS: 0, CIVIL_SOCIETY: 12 },
      outcomes: '',
    });
  });

  it('a refused attendance count is shown at the group’s field', async () => {
    const user = userEvent.setup();
    const { api } = apiAnswering(() => ({
      ok: false,
      refusal: {
        code: 'INVALID_INPUT',
        message: 'Die Zahl ist zu groß.',
        fields: [{ field: 'attendance.politics', reason: 'too_large', message: 'Höchstens 100.000 Personen je Gruppe.' }],
      },
    }));
    renderMunicipality('m-grafenau', api);
    const form = await openStep(user, 'Dialogveranstaltung erfassen');
    await user.type(form.getByLabelText('Politik'), '5');
    await user.click(form.getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(form.getByLabelText('Politik')).toHaveAccessibleDescription('Höchstens 100.000 Personen je Gruppe.'));
  });

  it('recording the workshop sends priorities and the action plan', async () => {
    const user = userEvent.setup();
    const { api, runCommand } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-wiesbrunn', api);
    const form = await openStep(user, 'Workshop erfassen');
    const heldOn = form.getByLabelText(/^Stattgefunden am/);
    await user.clear(heldOn);
    await user.type(heldOn, '2026-11-20');
    await user.type(form.getByLabelText(/^Zahl der Teilnehmenden/), '14');
    const priorities = form.getByRole('group', { name: 'Schwerpunkte' });
    const first = within(priorities).getAllByRole('checkbox')[0];
    if (!first) throw new Error('no field of action');
    await user.click(first);
    await user.type(form.getByLabelText('Was ist zu tun?'), 'Leitbild im Rat beschließen');
    await user.type(form.getByLabelText('Wer kümmert sich?'), 'Bürgermeisteramt');
    await user.type(form.getByLabelText('Bis wann?'), '2027-02-01');
    await user.click(form.getByRole('button', { name: 'Workshop speichern' }));
    expect(runCommand).toHaveBeenCalledWith('m-wiesbrunn', {
      kind: 'recordWorkshop',
      heldOn: '2026-11-20',
      participants: 14,
      priorities: [first.id.replace('record-workshop-priorities-', '')],
      nextSteps: [{ what: 'Leitbild im Rat beschließen', who: 'Bürgermeisteramt', due: '2027-02-01' }],
      notes: '',
    });
  });

  it('shows exactly the forms of the steps the server offers, in its order', async () => {
    const api = offering(['recordInterview', 'withdraw']);
    renderMunicipality('m-rabenfeld', api);
    await screen.findByText('Ergebnis des Erstgesprächs erfassen', { selector: 'summary span' });
    const offered = [...document.querySelectorAll('details.action')].map((d) => d.querySelector('summary span')?.textContent);
    expect(offered).toEqual(['Ergebnis des Erstgesprächs erfassen', 'Rückzug der Kommune erfassen']);
  });

  it('shows no form for offered steps that live elsewhere, and says so when nothing is left', async () => {
    const api = offering(['submitSelfCheck', 'completeNextStep']);
    renderMunicipality('m-grafenau', api);
    expect(await screen.findByText('In dieser Phase steht kein weiterer Schritt an.')).toBeInTheDocument();
    expect(document.querySelector('details.action')).toBeNull();
  });

  it('offers only corrections once the participation has ended', async () => {
    // As the domain: a wrong name or population, a person's wrong details, or a mistake in
    // what was recorded of the interview, the workshop, a format or a dialogue event, is
    // corrected whenever it is noticed.
    const { api } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-neustrelow', api);
    expect(await screen.findByText('Angaben zur Kommune berichtigen')).toBeInTheDocument();
    expect([...document.querySelectorAll('details.action')].map((d) => d.id)).toEqual([
      'aktion-correct-profile',
      'aktion-correct-submitter',
      'aktion-correct-contact-details',
      'aktion-correct-interview',
      'aktion-correct-workshop',
      'aktion-correct-support-s1',
      'aktion-correct-dialogue-d1',
    ]);
  });

  it('keeps what was typed into a step when the language changes', async () => {
    const user = userEvent.setup();
    const { api } = apiAnswering(() => ({ ok: true }));
    renderMunicipality('m-bergheide', api);
    const form = await openStep(user, 'Zurückstellen');
    await user.type(form.getByLabelText(/^Begründung/), 'Ratsbeschluss steht aus');
    try {
      await act(() => i18n.changeLanguage('en'));
      const reason = await form.findByLabelText(/^Reason/);
      expect(reason).toHaveValue('Ratsbeschluss steht aus');
    } finally {
      await act(() => i18n.changeLanguage('de'));
    }
  });

  it('a contact person sees on their municipality’s page only the steps for its dialogue events', async () => {
    const stub = createStubApi({ latencyMs: 0, role: 'contact' });
    const facilitators = vi.fn(() => stub.facilitators());
    renderMunicipality('m-lindenau', { ...stub, facilitators });
    await screen.findByRole('region', { name: 'Nächste Schritte' });
    const offered = [...document.querySelectorAll('details.action')].map((d) => d.id);
    expect(offered).toEqual(['aktion-plan-dialogue']);
    // Only the team may list facilitators; nobody asks for them here.
    expect(facilitators).not.toHaveBeenCalled();
  });
});
