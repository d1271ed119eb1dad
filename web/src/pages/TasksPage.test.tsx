import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import i18n from '../i18n';
import type { CommandResult, JourneyCommand, LotseApi, MyTasks } from '../api/types';
import { daysFromToday } from '../api/stub/data';
import { renderAt } from '../test/render';
import { openStep } from '../test/steps';
import TasksPage from './TasksPage';

const STEP_TASK = {
  key: 'step-4f1c',
  municipalityId: 'm-own',
  municipalityName: 'Musterstadt',
  kind: 'NEXT_STEP' as const,
  assignee: 'CONTACT' as const,
  due: '2099-01-10',
  state: 'OPEN' as const,
  title: 'Willkommensseite auf Englisch',
};

/** The stub API with one next step as the only task, recording the commands it gets. */
function apiWith(answer: CommandResult) {
  const stub = createStubApi({ latencyMs: 0 });
  const commands: [string, JourneyCommand][] = [];
  let done = false;
  const api: LotseApi = {
    ...stub,
    myTasks: (): Promise<MyTasks> =>
      Promise.resolve({ tasks: [{ ...STEP_TASK, state: done ? ('DONE' as const) : ('OPEN' as const) }], upcoming: [] }),
    runCommand: (id, command) => {
      commands.push([id, command]);
      if (answer.ok) done = true;
      return Promise.resolve(answer);
    },
  };
  return { api, commands };
}

describe('Meine Aufgaben', () => {
  it('marks a next step of the action plan as done with the real command and moves it to the done list', async () => {
    const user = userEvent.setup();
    const { api, commands } = apiWith({ ok: true });
    renderAt(<TasksPage />, { api });
    await user.click(await screen.findByRole('button', { name: 'Als erledigt markieren' }));
    expect(commands).toEqual([['m-own', { kind: 'completeNextStep', stepId: '4f1c' }]]);
    const done = await screen.findByRole('region', { name: 'Erledigt' });
    expect(await within(done).findByText(/Willkommensseite auf Englisch/)).toBeInTheDocument();
    expect(screen.getByText('„Willkommensseite auf Englisch“ ist als erledigt vermerkt.')).toHaveAttribute('role', 'status');
  });

  it('shows a refusal next to the button and keeps the task open', async () => {
    const user = userEvent.setup();
    const { api } = apiWith({
      ok: false,
      refusal: { code: 'PARTICIPATION_ENDED', message: 'Die Teilnahme dieser Kommune ist beendet.', fields: [] },
    });
    renderAt(<TasksPage />, { api });
    const button = await screen.findByRole('button', { name: 'Als erledigt markieren' });
    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent('Die Teilnahme dieser Kommune ist beendet.');
    expect(button).toHaveAttribute('aria-describedby', 'done-error-4f1c');
    expect(screen.queryByRole('region', { name: 'Erledigt' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Offene Aufgaben' })).getByText(/Willkommensseite/)).toBeInTheDocument();
  });
});

/** The stub API signed in as Lindenau's contact person, recording the commands it runs. */
function contactApi() {
  const stub = createStubApi({ latencyMs: 0, role: 'contact' });
  const commands: [string, JourneyCommand][] = [];
  const api: LotseApi = {
    ...stub,
    runCommand: (id, command) => {
      commands.push([id, command]);
      return stub.runCommand(id, command);
    },
  };
  return { api, commands };
}

/** Fills "Dialogveranstaltung planen" and sends it. */
async function planEvent(
  user: ReturnType<typeof userEvent.setup>,
  form: Awaited<ReturnType<typeof openStep>>,
  event: { format: string; at: string; place: string; topic: string },
) {
  await user.selectOptions(form.getByLabelText(/^Format/), event.format);
  await user.type(form.getByLabelText(/^Datum und Uhrzeit/), event.at);
  await user.type(form.getByLabelText(/^Ort/), event.place);
  await user.type(form.getByLabelText(/^Thema/), event.topic);
  await user.click(form.getByRole('button', { name: 'Veranstaltung planen' }));
}

describe('Meine Aufgaben for a contact person: their dialogue events', () => {
  const date = daysFromToday(10);

  it('plans a dialogue event with the real command, announces it and lists it among the upcoming dates', async () => {
    const user = userEvent.setup();
    const { api, commands } = contactApi();
    renderAt(<TasksPage />, { api });
    const section = await screen.findByRole('region', { name: 'Einwohner:innen\u00addialoge' });
    expect(within(section).queryByText('Dialogveranstaltung erfassen')).not.toBeInTheDocument();
    const form = await openStep(user, 'Dialogveranstaltung planen');
    await planEvent(user, form, { format: 'World Café', at: `${date}T18:00`, place: 'Bürgerhaus am Markt', topic: 'Wie wollen wir zusammenleben?' });

    expect(commands).toEqual([
      [
        'm-lindenau',
        { kind: 'planDialogueEvent', format: 'WORLD_CAFE', at: `${date}T18:00:00`, place: 'Bürgerhaus am Markt', topic: 'Wie wollen wir zusammenleben?' },
      ],
    ]);
    const notice = await within(section).findByRole('status');
    expect(notice).toHaveTextContent('Die Dialogveranstaltung ist geplant.');
    await waitFor(() => expect(notice).toHaveFocus());
    const upcoming = screen.getByRole('region', { name: 'Nächste Termine' });
    const item = (await within(upcoming).findByText('Wie wollen wir zusammenleben?')).closest('li');
    expect(item).toHaveTextContent('Dialogveranstaltung: Wie wollen wir zusammenleben?');
    expect(item).toHaveTextContent('Bürgerhaus am Markt');
    // The planned event can now be recorded as held.
    expect(await within(section).findByText('Dialogveranstaltung erfassen')).toBeInTheDocument();
  });

  it('names the missing fields before anything is sent and moves the focus to the first', async () => {
    const user = userEvent.setup();
    const { api, commands } = contactApi();
    renderAt(<TasksPage />, { api });
    const form = await openStep(user, 'Dialogveranstaltung planen');
    await user.click(form.getByRole('button', { name: 'Veranstaltung planen' }));
    const format = form.getByLabelText(/^Format/);
    await waitFor(() => expect(format).toHaveFocus());
    expect(format).toHaveAttribute('aria-invalid', 'true');
    expect(form.getByLabelText(/^Ort/)).toHaveAccessibleDescription(/Bitte füllen Sie dieses Feld aus\./);
    expect(commands).toEqual([]);
  });

  it('shows the refusal of a date after the participation window at the date, in English too', async () => {
    const user = userEvent.setup();
    const { api, commands } = contactApi();
    renderAt(<TasksPage />, { api });
    const late = daysFromToday(400);
    const form = await openStep(user, 'Dialogveranstaltung planen');
    await planEvent(user, form, { format: 'Werkstatt', at: `${late}T10:00`, place: 'Rathaus', topic: 'Sprachcafé' });

    expect(commands).toEqual([['m-lindenau', { kind: 'planDialogueEvent', format: 'WORKSHOP', at: `${late}T10:00:00`, place: 'Rathaus', topic: 'Sprachcafé' }]]);
    const at = form.getByLabelText(/^Datum und Uhrzeit/);
    await waitFor(() => expect(at).toHaveFocus());
    expect(at).toHaveAttribute('aria-invalid', 'true');
    expect(at).toHaveAccessibleDescription('Das Datum liegt nach dem Ende des Teilnahmezeitraums. Bitte wählen Sie ein früheres Datum.');
    expect(screen.getByRole('region', { name: 'Nächste Termine' })).not.toHaveTextContent('Sprachcafé');

    await i18n.changeLanguage('en');
    try {
      await user.click(form.getByRole('button', { name: 'Plan the event' }));
      await waitFor(() =>
        expect(form.getByLabelText(/^Date and time/)).toHaveAccessibleDescription(
          'The date is after the end of the participation period. Please choose an earlier date.',
        ),
      );
    } finally {
      await i18n.changeLanguage('de');
    }
  });

  it('records a held dialogue event with attendance by group, and it leaves the upcoming dates', async () => {
    const user = userEvent.setup();
    const { api, commands } = contactApi();
    const today = daysFromToday(0);
    await api.runCommand('m-lindenau', { kind: 'planDialogueEvent', format: 'WALK', at: `${today}T23:59:00`, place: 'Marktplatz', topic: 'Rundgang Altstadt' });
    commands.length = 0;
    renderAt(<TasksPage />, { api });
    const upcoming = await screen.findByRole('region', { name: 'Nächste Termine' });
    expect(within(upcoming).getByText('Rundgang Altstadt')).toBeInTheDocument();
    const form = await openStep(user, 'Dialogveranstaltung erfassen');
    expect(form.getByLabelText(/^Welche Veranstaltung/)).toHaveDisplayValue(/Rundgang Altstadt/);
    await user.type(form.getByLabelText('Einwohner:innen'), '21');
    await user.type(form.getByLabelText('Verwaltung'), '4');
    await user.type(form.getByLabelText(/^Ergebnisse/), 'Viele wünschen sich mehr Bänke.');
    await user.click(form.getByRole('button', { name: 'Speichern' }));

    expect(commands).toEqual([
      [
        'm-lindenau',
        {
          kind: 'recordDialogueEvent',
          eventId: 'd-1',
          heldOn: today,
          attendance: { RESIDENTS: 21, ADMINISTRATION: 4, POLITICS: 0, BUSINESS: 0, CIVIL_SOCIETY: 0 },
          outcomes: 'Viele wünschen sich mehr Bänke.',
        },
      ],
    ]);
    expect(await screen.findByText(/Die Dialogveranstaltung ist als durchgeführt erfasst\./)).toBeInTheDocument();
    await waitFor(() => expect(within(upcoming).queryByText('Rundgang Altstadt')).not.toBeInTheDocument());
  });

  it('offers the programme team no dialogue events here (they have the municipality page)', async () => {
    renderAt(<TasksPage />);
    expect(await screen.findByRole('region', { name: 'Nächste Termine' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /dialoge/ })).not.toBeInTheDocument();
    expect(screen.queryByText('Dialogveranstaltung planen')).not.toBeInTheDocument();
  });
});

describe('Meine Aufgaben for a contact person: the second self-check', () => {
  it('leads to the second round once the workshop was held, and not before', async () => {
    const { unmount } = renderAt(<TasksPage />, { api: createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' }) });
    const prompt = await screen.findByRole('region', { name: 'Selbstcheck: nächste Runde' });
    expect(within(prompt).getByRole('link', { name: 'Zum 2. Selbstcheck' })).toHaveAttribute('href', '/selbstcheck');
    unmount();

    // Markt Auerbach's workshop is still to come.
    renderAt(<TasksPage />, { api: createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-auerbach' }) });
    await screen.findByRole('region', { name: 'Offene Aufgaben' });
    await screen.findByRole('region', { name: 'Einwohner:innen\u00addialoge' });
    expect(screen.queryByRole('region', { name: 'Selbstcheck: nächste Runde' })).toBeNull();
  });

  it('shows how far a started second round is and leads back to it', async () => {
    const api = createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' });
    await api.runCommand('m-grafenau', { kind: 'startSelfCheck' });
    await api.saveSelfCheckAnswer('governance-strategy', { rating: 3, comment: '', evidenceUrl: '' });
    renderAt(<TasksPage />, { api });
    const prompt = await screen.findByRole('region', { name: 'Selbstcheck: nächste Runde' });
    expect(prompt).toHaveTextContent('Ihr 2. Selbstcheck läuft: 1 von 21 Indikatoren sind beantwortet.');
    expect(within(prompt).getByRole('link', { name: 'Weiter mit dem 2. Selbstcheck' })).toHaveAttribute('href', '/selbstcheck');
  });
});
