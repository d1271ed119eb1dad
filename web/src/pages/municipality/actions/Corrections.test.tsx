import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../../api/types';
import { offeredTitles, recordingStub, renderMunicipality } from '../../../test/municipality';
import { openStepStarting } from '../../../test/steps';

/** A refusal of the whole step, as the server answers it. */
const refusal = (code: string, message: string): CommandResult => ({ ok: false, refusal: { code, message, fields: [] } });

const timeline = () => within(screen.getByRole('region', { name: 'Verlauf' }));

/** Grafenau's page (interview, workshop and a format held) on `api`, the step whose title starts with `title` opened. */
async function openOnGrafenau(title: string, api = recordingStub().api) {
  const user = userEvent.setup();
  renderMunicipality('m-grafenau', api);
  return { user, form: await openStepStarting(user, title) };
}
const FORMAT = 'Format korrigieren: Coaching: Haltung zeigen in der Ratsdebatte';

describe('correcting what was recorded of the initial interview', () => {
  it('is offered only when the server lists the step, and only for a held interview', async () => {
    expect(await offeredTitles('m-grafenau', ['planDialogueEvent'])).not.toContain('Erstgespräch korrigieren');
    expect(await offeredTitles('m-rabenfeld', ['correctInterview'])).not.toContain('Erstgespräch korrigieren');
    expect(await offeredTitles('m-grafenau', ['correctInterview'])).toEqual(['Erstgespräch korrigieren']);
  });

  it('is pre-filled with the criteria and the notes as recorded', async () => {
    const { form } = await openOnGrafenau('Erstgespräch korrigieren');
    expect(form.getByLabelText(/^Die Entscheidungsträger:innen unterstützen/)).toBeChecked();
    expect(form.getByLabelText(/^Die Kommune benennt eine Ansprechperson/)).toBeChecked();
    expect(form.getByLabelText(/^Die Kommune teilt ihre Erfahrungen/)).toBeChecked();
    expect(form.getByLabelText(/^Notizen/)).toHaveValue('Die Bürgermeisterin sagt die Unterstützung der Verwaltungsspitze zu.');
    expect(form.getByLabelText(/^Grund der Korrektur/)).toHaveValue('');
  });

  it('sends the corrected criteria and notes with the reason, and the timeline shows the correction', async () => {
    const { api, commands } = recordingStub();
    const { user, form } = await openOnGrafenau('Erstgespräch korrigieren', api);
    await user.click(form.getByLabelText(/^Die Kommune teilt ihre Erfahrungen/));
    const notes = form.getByLabelText(/^Notizen/);
    await user.clear(notes);
    await user.type(notes, 'Erfahrungen teilt die Kommune erst nach dem Ratsbeschluss.');
    await user.type(form.getByLabelText(/^Grund der Korrektur/), 'Falsch angekreuzt');
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    expect(commands).toEqual([
      {
        kind: 'correctInterview',
        eligibility: { decisionMakersSupport: true, contactPersonNamed: true, sharesLearning: false },
        notes: 'Erfahrungen teilt die Kommune erst nach dem Ratsbeschluss.',
        reason: 'Falsch angekreuzt',
      },
    ]);
    await screen.findByText(/Die Erfassung des Erstgesprächs ist korrigiert\./);
    expect(await timeline().findByText('Erstgespräch berichtigt')).toBeInTheDocument();
    expect(timeline().getByText('Falsch angekreuzt')).toBeInTheDocument();
  });

  it('shows the server’s refusal next to its button', async () => {
    const message = 'Das Erstgespräch ist noch nicht erfasst. Bitte tragen Sie zuerst das Ergebnis des Erstgesprächs ein.';
    const { user, form } = await openOnGrafenau('Erstgespräch korrigieren', recordingStub({ answer: () => refusal('INTERVIEW_NOT_HELD', message) }).api);
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    const alert = await form.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    await waitFor(() => expect(alert).toHaveFocus());
  });
});

describe('correcting what was recorded of the workshop', () => {
  it('is offered only when the server lists the step, and only for a held workshop', async () => {
    expect(await offeredTitles('m-grafenau', ['recordDialogueEvent'])).not.toContain('Workshop korrigieren');
    expect(await offeredTitles('m-heidland', ['correctWorkshop'])).not.toContain('Workshop korrigieren');
    expect(await offeredTitles('m-grafenau', ['correctWorkshop'])).toEqual(['Workshop korrigieren']);
  });

  it('is pre-filled with the participants, the priorities and the notes as recorded', async () => {
    const { form } = await openOnGrafenau('Workshop korrigieren');
    expect(form.getByLabelText(/^Zahl der Teilnehmenden/)).toHaveValue('17');
    const priorities = within(form.getByRole('group', { name: 'Schwerpunkte' }));
    const checked = priorities.getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).checked);
    expect(checked.map((c) => c.id)).toEqual([
      'correct-workshop-priorities-governance',
      'correct-workshop-priorities-intercultural-opening',
      'correct-workshop-priorities-dialogue',
    ]);
    expect(form.getByLabelText(/^Notizen/)).toHaveValue(
      'Vereine und Schulen waren stark vertreten; die Verwaltung stellt eine Koordinierungsstelle in Aussicht.',
    );
  });

  it('checks the input, sends the correction with the reason, and the page shows the new figures', async () => {
    const { api, commands } = recordingStub();
    const { user, form } = await openOnGrafenau('Workshop korrigieren', api);
    const participants = form.getByLabelText(/^Zahl der Teilnehmenden/);
    await user.clear(participants);
    await user.type(participants, '0');
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    expect(participants).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(participants).toHaveFocus());
    expect(commands).toEqual([]);

    await user.clear(participants);
    await user.type(participants, '21');
    await user.click(form.getByLabelText('Dialog und Zusammenhalt'));
    await user.click(form.getByLabelText('Teilhabe und Mitwirkung'));
    await user.clear(form.getByLabelText(/^Notizen/));
    await user.type(form.getByLabelText(/^Grund der Korrektur/), 'Teilnahmeliste nachgezählt');
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    expect(commands).toEqual([
      {
        kind: 'correctWorkshop',
        participants: 21,
        priorities: ['governance', 'intercultural-opening', 'participation'],
        notes: '',
        reason: 'Teilnahmeliste nachgezählt',
      },
    ]);
    await screen.findByText(/Die Erfassung des Workshops ist korrigiert\./);
    const workshop = within(screen.getByRole('region', { name: 'Workshop und Aktionsplan' }));
    expect(await workshop.findByText('21')).toBeInTheDocument();
    expect(workshop.getByText('Teilhabe und Mitwirkung')).toBeInTheDocument();
    expect(workshop.queryByText('Dialog und Zusammenhalt')).toBeNull();
    expect(timeline().getByText('Workshop berichtigt')).toBeInTheDocument();
  });

  it('shows the server’s refusal of a priority at the priorities', async () => {
    const message = 'Das Handlungsfeld „x“ gibt es im Selbstcheck dieses Programms nicht.';
    const { user, form } = await openOnGrafenau('Workshop korrigieren', recordingStub({ answer: () => refusal('UNKNOWN_FIELD_OF_ACTION', message) }).api);
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    const priorities = form.getByRole('group', { name: 'Schwerpunkte' });
    await waitFor(() => expect(priorities).toHaveAccessibleDescription(new RegExp(`^${message}`)));
    await waitFor(() => expect(priorities).toHaveFocus());
  });
});

describe('correcting what was recorded of a format for decision-makers', () => {
  it('is offered only when the server lists the step, and only for the held format', async () => {
    const corrections = (titles: string[]) => titles.filter((s) => s.startsWith('Format korrigieren'));
    expect(corrections(await offeredTitles('m-grafenau', ['recordSupport']))).toEqual([]);
    // Not for the planned one ("Peer-Austausch: Austausch mit Modellkommunen aus dem Norden").
    const offered = corrections(await offeredTitles('m-grafenau', ['correctSupport']));
    expect(offered).toHaveLength(1);
    expect(offered[0]).toMatch(new RegExp(`^${FORMAT} \\(`));
  });

  it('is pre-filled with the participants and the notes as recorded', async () => {
    const { form } = await openOnGrafenau(FORMAT);
    expect(form.getByLabelText(/^Zahl der Teilnehmenden/)).toHaveValue('1');
    expect(form.getByLabelText(/^Notizen/)).toHaveValue('Folgetermin nach der Ratssitzung vereinbart.');
  });

  it('sends the corrected participants with the reason, and the timeline shows the correction', async () => {
    const { api, commands } = recordingStub();
    const { user, form } = await openOnGrafenau(FORMAT, api);
    const participants = form.getByLabelText(/^Zahl der Teilnehmenden/);
    await user.clear(participants);
    await user.type(participants, '2');
    await user.type(form.getByLabelText(/^Grund der Korrektur/), 'Kämmerer war auch dabei');
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    expect(commands).toEqual([
      {
        kind: 'correctSupport',
        supportId: 's1',
        participants: 2,
        notes: 'Folgetermin nach der Ratssitzung vereinbart.',
        reason: 'Kämmerer war auch dabei',
      },
    ]);
    await screen.findByText(/Die Erfassung des Formats „Haltung zeigen in der Ratsdebatte“ ist korrigiert\./);
    expect(await timeline().findByText('Format für Entscheidungsträger:innen berichtigt')).toBeInTheDocument();
    expect(timeline().getByText('Kämmerer war auch dabei')).toBeInTheDocument();
  });

  it('shows the server’s refusal of a format not recorded as held', async () => {
    const message = 'Dies ist noch nicht als durchgeführt erfasst. Erfassen Sie es zuerst; berichtigen lässt sich nur, was erfasst ist.';
    const { user, form } = await openOnGrafenau(FORMAT, recordingStub({ answer: () => refusal('NOT_YET_HELD', message) }).api);
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    expect(await form.findByRole('alert')).toHaveTextContent(message);
  });
});

describe('correcting what was recorded of a dialogue event', () => {
  const EVENT = 'Dialogveranstaltung korrigieren: Wie wollen wir zusammenleben?';

  it('is offered only when the server lists the step, and only for the held event', async () => {
    const corrections = (titles: string[]) => titles.filter((s) => s.startsWith('Dialogveranstaltung korrigieren'));
    expect(corrections(await offeredTitles('m-grafenau', ['recordDialogueEvent']))).toEqual([]);
    // Not for the planned walk ("Stadtteilspaziergang Nordviertel").
    const offered = corrections(await offeredTitles('m-grafenau', ['correctDialogueEvent']));
    expect(offered).toHaveLength(1);
    expect(offered[0]?.startsWith(`${EVENT} (`)).toBe(true);
  });

  it('is pre-filled with the attendance per group and the outcomes as recorded', async () => {
    const { form } = await openOnGrafenau(EVENT);
    const attendance = within(form.getByRole('group', { name: 'Teilnahme nach Gruppe' }));
    expect(attendance.getByLabelText('Einwohner:innen')).toHaveValue('46');
    expect(attendance.getByLabelText('Verwaltung')).toHaveValue('9');
    expect(attendance.getByLabelText('Politik')).toHaveValue('4');
    expect(attendance.getByLabelText('Wirtschaft')).toHaveValue('3');
    expect(attendance.getByLabelText('Zivilgesellschaft')).toHaveValue('14');
    expect(form.getByLabelText(/^Ergebnisse/)).toHaveValue('Wunsch nach einem regelmäßigen Begegnungsort; Vereine bieten Patenschaften an.');
  });

  it('sends the corrected attendance with the reason, and the page shows the new figures', async () => {
    const { api, commands } = recordingStub();
    const { user, form } = await openOnGrafenau(EVENT, api);
    const residents = form.getByLabelText('Einwohner:innen');
    await user.clear(residents);
    await user.type(residents, '48');
    await user.clear(form.getByLabelText('Wirtschaft'));
    await user.type(form.getByLabelText(/^Grund der Korrektur/), 'Teilnahmeliste nachgezählt');
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    expect(commands).toEqual([
      {
        kind: 'correctDialogueEvent',
        eventId: 'd1',
        attendance: { RESIDENTS: 48, ADMINISTRATION: 9, POLITICS: 4, BUSINESS: 0, CIVIL_SOCIETY: 14 },
        outcomes: 'Wunsch nach einem regelmäßigen Begegnungsort; Vereine bieten Patenschaften an.',
        reason: 'Teilnahmeliste nachgezählt',
      },
    ]);
    await screen.findByText(/Die Erfassung der Dialogveranstaltung „Wie wollen wir zusammenleben\?“ ist korrigiert\./);
    const dialogue = within(screen.getByRole('region', { name: 'Einwohner:innen­dialoge' }));
    const table = within(await dialogue.findByRole('table', { name: 'Teilnahme nach Gruppe' }));
    expect(within(table.getByRole('row', { name: /^Einwohner:innen/ })).getByRole('cell')).toHaveTextContent('48');
    expect(within(table.getByRole('row', { name: /^Gesamt/ })).getByRole('cell')).toHaveTextContent('75');
    expect(timeline().getByText('Dialogveranstaltung berichtigt')).toBeInTheDocument();
    expect(timeline().getByText('Teilnahmeliste nachgezählt')).toBeInTheDocument();
  });

  it('asks for at least one person in all before it sends', async () => {
    const { api, commands } = recordingStub();
    const { user, form } = await openOnGrafenau(EVENT, api);
    for (const group of ['Einwohner:innen', 'Verwaltung', 'Politik', 'Wirtschaft', 'Zivilgesellschaft']) {
      await user.clear(form.getByLabelText(group));
    }
    await user.click(form.getByRole('button', { name: 'Korrektur speichern' }));
    const attendance = form.getByRole('group', { name: 'Teilnahme nach Gruppe' });
    expect(attendance).toHaveAccessibleDescription(/^Bitte tragen Sie ein, wie viele Personen teilgenommen haben/);
    await waitFor(() => expect(attendance).toHaveFocus());
    expect(commands).toEqual([]);
  });
});
