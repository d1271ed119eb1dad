import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { daysFromToday } from '../api/stub/data';
import { DEFAULT_DEADLINES } from '../domain';
import { createStubApi } from '../api/stub/stubApi';
import { Layout } from '../components/Layout';
import { renderAt } from '../test/render';
import { formatDate } from '../format';
import ProgrammePage from './ProgrammePage';

const SAMPLE = 'Weltoffene Kommune – vom Dialog zum Zusammenhalt';

/** The deadlines and reminders of a new programme, as the form sends them unchanged. */
const DEFAULT_TIMING = {
  deadlines: { ...DEFAULT_DEADLINES },
  reminders: { daysBefore: [7], onDueDay: true, daysOverdue: [3] },
};

/** The card of one programme in the list, by its name. */
async function card(name: string) {
  return screen.findByRole('article', { name });
}

describe('programme page', () => {
  it('lists the programmes with framework, seats, length, dialogue events, deadlines, reminders and the interest form’s address', async () => {
    const api = createStubApi({ latencyMs: 0 });
    vi.spyOn(api, 'programmes').mockResolvedValue([
      {
        id: 'p-7',
        name: 'Zusammenhalt 2027',
        capacity: 25,
        seatsTaken: 3,
        participationMonths: 9,
        minDialogueEvents: 2,
        interestFormPath: '/interesse/p-7',
        framework: { id: 'whole-comm', title: 'Selbstcheck nach der Whole-COMM-Toolbox' },
        applicationsOpenOn: '2027-03-01',
        applicationsCloseOn: '2027-04-30',
        archivedOn: null,
        label: 'Zusammenhalt vor Ort',
        senderName: null,
        replyTo: null,
        deadlines: { ...DEFAULT_DEADLINES, decideDays: 21 },
        reminders: { daysBefore: [14, 3], onDueDay: true, daysOverdue: [1] },
      },
    ]);
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card('Zusammenhalt 2027'));
    expect(programme.getByText('Selbstcheck nach der Whole-COMM-Toolbox', { selector: 'dd' })).toBeInTheDocument();
    expect(programme.getByText('3 von 25')).toBeInTheDocument();
    expect(programme.getByText('9 Monate')).toBeInTheDocument();
    expect(programme.getByText('Mindestzahl an Dialogveranstaltungen', { selector: 'dt' }).nextElementSibling).toHaveTextContent('2');
    expect(programme.getByText(`${window.location.origin}/interesse/p-7`)).toBeInTheDocument();
    expect(programme.getByText('Bewerbungsphase', { selector: 'dt' }).nextElementSibling).toHaveTextContent('01.03.2027 bis 30.04.2027');
    expect(programme.getByText('Fristen in Tagen', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      'Erstgespräch 10, Entscheidung 21, Ansprechperson 14, Selbstcheck 28, Workshop 21, Teilnahme eintragen 7, ' +
        'zweiter Selbstcheck 56, Vorlauf vor Teilnahmeende 30',
    );
    expect(programme.getByText('Erinnerungen', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      '14 und 3 Tage vorher, am Fälligkeitstag, 1 Tag danach',
    );
  });

  it('creates a programme with the entered values and shows it in the list', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const create = vi.spyOn(api, 'createProgramme');
    renderAt(<ProgrammePage />, { api });
    await card(SAMPLE);
    const form = within(await screen.findByRole('region', { name: 'Neues Programm' }));
    await user.click(form.getByText('Programm anlegen', { selector: 'summary span' }));
    // The defaults of a new programme.
    expect(form.getByLabelText(/^Anzahl der Plätze/)).toHaveValue('40');
    expect(form.getByLabelText(/^Dauer der Teilnahme in Monaten/)).toHaveValue('6');
    expect(form.getByLabelText(/^Mindestzahl an Dialogveranstaltungen/)).toHaveValue('1');

    await user.type(form.getByLabelText(/^Name des Programms/), 'Zusammenhalt 2027');
    await user.selectOptions(form.getByRole('combobox', { name: /^Bewertungsrahmen/ }), 'whole-comm');
    await user.clear(form.getByLabelText(/^Anzahl der Plätze/));
    await user.type(form.getByLabelText(/^Anzahl der Plätze/), '25');
    await user.clear(form.getByLabelText(/^Dauer der Teilnahme in Monaten/));
    await user.type(form.getByLabelText(/^Dauer der Teilnahme in Monaten/), '9');
    // No label by default; this one awards its own, and its mails have their own sender.
    expect(form.getByLabelText(/^Label/)).toHaveValue('');
    await user.type(form.getByLabelText(/^Label/), 'Zusammenhalt vor Ort');
    await user.type(form.getByLabelText(/^Absendername/), 'Programmteam Zusammenhalt');
    await user.type(form.getByLabelText(/^Antwortadresse/), 'team@zusammenhalt.example');
    await user.click(form.getByRole('button', { name: 'Programm anlegen' }));

    expect(create).toHaveBeenCalledWith({
      name: 'Zusammenhalt 2027',
      label: 'Zusammenhalt vor Ort',
      senderName: 'Programmteam Zusammenhalt',
      replyTo: 'team@zusammenhalt.example',
      frameworkId: 'whole-comm',
      capacity: 25,
      participationMonths: 9,
      minDialogueEvents: 1,
      applicationsOpenOn: null,
      applicationsCloseOn: null,
      ...DEFAULT_TIMING,
    });
    const status = await screen.findByText('Das Programm „Zusammenhalt 2027“ ist angelegt.');
    await waitFor(() => expect(status.closest('[role="status"]')).toHaveFocus());
    const created = within(await card('Zusammenhalt 2027'));
    expect(created.getByText('Selbstcheck nach der Whole-COMM-Toolbox', { selector: 'dd' })).toBeInTheDocument();
    expect(created.getByText('0 von 25')).toBeInTheDocument();
  });

  it('shows the server’s refusal of the capacity next to that field and moves focus there', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const message = 'Anzahl der Plätze kann nicht kleiner sein als die Zahl der bereits zugelassenen Kommunen.';
    vi.spyOn(api, 'changeProgrammeSettings').mockResolvedValue({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'capacity', reason: 'below_seats_taken', message }] },
    });
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    const capacity = programme.getByLabelText(/^Anzahl der Plätze/);
    expect(capacity).toHaveValue('40');
    expect(capacity).toHaveAccessibleDescription(/nie weniger als die bereits zugelassenen Kommunen/);
    await user.clear(capacity);
    await user.type(capacity, '2');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    await waitFor(() => expect(capacity).toHaveAttribute('aria-invalid', 'true'));
    expect(capacity).toHaveAccessibleDescription(expect.stringContaining(message));
    await waitFor(() => expect(capacity).toHaveFocus());
    expect(programme.getByLabelText(/^Dauer der Teilnahme in Monaten/)).not.toHaveAttribute('aria-invalid');
  });

  it('refuses a capacity out of bounds in the stub as the server does, next to the field', async () => {
    const user = userEvent.setup();
    renderAt(<ProgrammePage />);
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    const capacity = programme.getByLabelText(/^Anzahl der Plätze/);
    await user.clear(capacity);
    await user.type(capacity, '0');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));
    await waitFor(() => expect(capacity).toHaveAccessibleDescription(expect.stringContaining('zwischen 1 und 1000')));
  });

  it('copies the full address of the interest form and says so', async () => {
    const user = userEvent.setup();
    renderAt(<ProgrammePage />);
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByRole('button', { name: /^Adresse kopieren/ }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/interesse/p-weltoffen`);
    expect(
      await screen.findByText(`Die Adresse des Interessenformulars für „${SAMPLE}“ ist in die Zwischenablage kopiert.`),
    ).toHaveAttribute('role', 'status');
  });

  it('tells other roles that the page is for the programme team, without list or forms', async () => {
    const api = createStubApi({ latencyMs: 0, role: 'facilitator' });
    const programmes = vi.spyOn(api, 'programmes');
    renderAt(<ProgrammePage />, { api });
    expect(await screen.findByText(/Diese Seite ist für das Programmteam/)).toBeInTheDocument();
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(programmes).not.toHaveBeenCalled();
  });

  it('offers the programme page in the navigation to the team only', async () => {
    renderAt(<Layout />);
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    expect(await within(nav).findByRole('link', { name: 'Programm' })).toHaveAttribute('href', '/programm');
  });

  it('offers no programme page in the navigation to a contact person', async () => {
    renderAt(<Layout />, { api: createStubApi({ latencyMs: 0, role: 'contact' }) });
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    await within(nav).findByRole('link', { name: 'Meine Aufgaben' });
    expect(within(nav).queryByRole('link', { name: 'Programm' })).toBeNull();
  });

  it('sends the application period with the settings, the current dates back when they were left as they were', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const change = vi.spyOn(api, 'changeProgrammeSettings');
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card('Zusammenhalt vor Ort 2027'));
    await user.click(programme.getByText('Einstellungen ändern'));
    expect(programme.getByLabelText(/^Bewerbungsphase von/)).toHaveAccessibleDescription(/Leer lassen: ab sofort/);
    await user.clear(programme.getByLabelText(/^Anzahl der Plätze/));
    await user.type(programme.getByLabelText(/^Anzahl der Plätze/), '30');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    expect(change).toHaveBeenCalledWith(
      'p-zusammenhalt-2027',
      expect.objectContaining({ capacity: 30, applicationsOpenOn: daysFromToday(-14), applicationsCloseOn: daysFromToday(45) }),
    );
    expect(await screen.findByText('Die Einstellungen für „Zusammenhalt vor Ort 2027“ sind gespeichert.')).toBeInTheDocument();
  });

  it('sends a new period, and shows the server’s refusal of its closing day at that field', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const message = 'Die Bewerbungsphase kann nicht enden, bevor sie beginnt.';
    const change = vi.spyOn(api, 'changeProgrammeSettings').mockResolvedValue({
      ok: false,
      refusal: {
        code: 'INVALID_INPUT',
        message,
        fields: [{ field: 'applicationsCloseOn', reason: 'before_opening', message }],
      },
    });
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    const from = programme.getByLabelText(/^Bewerbungsphase von/);
    const to = programme.getByLabelText(/^Bewerbungsphase bis/);
    expect(from).toHaveValue('');
    await user.type(from, '2027-05-01');
    await user.type(to, '2027-04-01');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    expect(change).toHaveBeenCalledWith(
      'p-weltoffen',
      expect.objectContaining({ applicationsOpenOn: '2027-05-01', applicationsCloseOn: '2027-04-01' }),
    );
    await waitFor(() => expect(to).toHaveAttribute('aria-invalid', 'true'));
    expect(to).toHaveAccessibleDescription(expect.stringContaining(message));
    await waitFor(() => expect(to).toHaveFocus());
    expect(from).not.toHaveAttribute('aria-invalid');
  });

  it('creates a programme without a period as always open', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const create = vi.spyOn(api, 'createProgramme');
    renderAt(<ProgrammePage />, { api });
    const form = within(await screen.findByRole('region', { name: 'Neues Programm' }));
    await user.click(await form.findByText('Programm anlegen', { selector: 'summary span' }));
    await user.type(form.getByLabelText(/^Name des Programms/), 'Offen 2028');
    await user.selectOptions(form.getByRole('combobox', { name: /^Bewertungsrahmen/ }), 'whole-comm');
    await user.click(form.getByRole('button', { name: 'Programm anlegen' }));
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ applicationsOpenOn: null, applicationsCloseOn: null }));
    const created = within(await card('Offen 2028'));
    expect(created.getByText('Bewerbungsphase', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      'keine festgelegt, das Formular ist immer geöffnet',
    );
  });

  it('asks for confirmation before archiving, then archives and shows the programme as archived without change actions', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const archive = vi.spyOn(api, 'archiveProgramme');
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card('Zusammenhalt vor Ort 2027'));
    await user.click(programme.getByText('Programm archivieren', { selector: 'summary span' }));
    expect(archive).not.toHaveBeenCalled();
    expect(programme.getByText(/Danach ist es schreibgeschützt/)).toBeVisible();
    expect(programme.getByText(/sein Interessenformular nimmt keine Bewerbungen mehr an/)).toBeVisible();
    expect(programme.getByText(/Alles bleibt lesbar und in den Auswertungen und Verläufen erhalten/)).toBeVisible();
    await user.click(programme.getByRole('button', { name: 'Ja, archivieren' }));

    expect(archive).toHaveBeenCalledWith('p-zusammenhalt-2027');
    const status = await screen.findByText('Das Programm „Zusammenhalt vor Ort 2027“ ist archiviert.');
    await waitFor(() => expect(status.closest('[role="status"]')).toHaveFocus());
    const after = within(await card('Zusammenhalt vor Ort 2027'));
    expect(await after.findByText(`archiviert am ${formatDate(daysFromToday(0), 'de')}`)).toBeInTheDocument();
    expect(after.queryByText('Einstellungen ändern')).toBeNull();
    expect(after.queryByText(/^Programm archivieren/)).toBeNull();
  });

  it('shows an archived programme with its day and period, read-only', async () => {
    renderAt(<ProgrammePage />);
    const pilot = within(await card('Pilotphase 2025'));
    expect(pilot.getByText('archiviert am 19.12.2025')).toBeInTheDocument();
    expect(pilot.getByText(/schreibgeschützt/)).toBeInTheDocument();
    expect(pilot.getByText('Bewerbungsphase', { selector: 'dt' }).nextElementSibling).toHaveTextContent('01.02.2025 bis 30.04.2025');
    expect(pilot.queryByText('Einstellungen ändern')).toBeNull();
    expect(pilot.getAllByRole('button').map((b) => b.textContent)).toEqual(['Adresse kopieren (Pilotphase 2025)']);
    // The address of its form stays (the form says that it is closed).
    expect(pilot.getByText(`${window.location.origin}/interesse/p-pilot-2025`)).toBeInTheDocument();
  });

  it('creates a programme with the chosen deadlines and reminders, prefilled with the defaults', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const create = vi.spyOn(api, 'createProgramme');
    renderAt(<ProgrammePage />, { api });
    const form = within(await screen.findByRole('region', { name: 'Neues Programm' }));
    await user.click(await form.findByText('Programm anlegen', { selector: 'summary span' }));
    await user.type(form.getByLabelText(/^Name des Programms/), 'Fristen 2028');
    await user.selectOptions(form.getByRole('combobox', { name: /^Bewertungsrahmen/ }), 'whole-comm');

    const toggle = form.getByRole('button', { name: 'Fristen und Erinnerungen' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const deadlines = within(form.getByRole('group', { name: 'Fristen (in Tagen)' }));
    expect(deadlines.getByLabelText(/^Frist bis zum vereinbarten Erstgespräch/)).toHaveValue('10');
    expect(deadlines.getByLabelText(/^Frist für den zweiten Selbstcheck/)).toHaveValue('56');
    expect(deadlines.getByLabelText(/^Frist für die Entscheidung nach dem Erstgespräch/)).toHaveAccessibleDescription(
      'Vom geführten Erstgespräch bis zur Entscheidung über die Aufnahme.',
    );
    const reminders = within(form.getByRole('group', { name: 'Erinnerungen' }));
    expect(reminders.getByLabelText('Tage vor der Fälligkeit')).toHaveValue('7');
    expect(reminders.getByLabelText('Am Fälligkeitstag erinnern')).toBeChecked();
    expect(reminders.getByLabelText('Tage nach der Fälligkeit (mit dem Programmteam in Kopie)')).toHaveValue('3');

    await user.clear(deadlines.getByLabelText(/^Frist für den Selbstcheck/));
    await user.type(deadlines.getByLabelText(/^Frist für den Selbstcheck/), '42');
    await user.clear(reminders.getByLabelText('Tage vor der Fälligkeit'));
    await user.type(reminders.getByLabelText('Tage vor der Fälligkeit'), '14, 3');
    await user.click(reminders.getByLabelText('Am Fälligkeitstag erinnern'));
    await user.clear(reminders.getByLabelText(/^Tage nach der Fälligkeit/));
    await user.type(reminders.getByLabelText(/^Tage nach der Fälligkeit/), '2,7');
    await user.click(form.getByRole('button', { name: 'Programm anlegen' }));

    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'Fristen 2028',
        deadlines: { ...DEFAULT_DEADLINES, selfCheckDays: 42 },
        reminders: { daysBefore: [14, 3], onDueDay: false, daysOverdue: [2, 7] },
      }),
    );
    const created = within(await card('Fristen 2028'));
    expect(created.getByText('Erinnerungen', { selector: 'dt' }).nextElementSibling).toHaveTextContent(
      '14 und 3 Tage vorher, 2 und 7 Tage danach',
    );
    expect(created.getByText('Fristen in Tagen', { selector: 'dt' }).nextElementSibling).toHaveTextContent('Selbstcheck 42');
  });

  it('sends the other deadlines and the reminders unchanged when one deadline changes', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const change = vi.spyOn(api, 'changeProgrammeSettings');
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card('Zusammenhalt vor Ort 2027'));
    await user.click(programme.getByText('Einstellungen ändern'));
    await user.click(programme.getByRole('button', { name: 'Fristen und Erinnerungen' }));
    const decide = programme.getByLabelText(/^Frist für die Entscheidung nach dem Erstgespräch/);
    await user.clear(decide);
    await user.type(decide, '20');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    expect(change).toHaveBeenCalledWith(
      'p-zusammenhalt-2027',
      expect.objectContaining({
        deadlines: { ...DEFAULT_DEADLINES, selfCheckDays: 42, scheduleWorkshopDays: 28, decideDays: 20 },
        reminders: { daysBefore: [14, 3], onDueDay: false, daysOverdue: [2, 7] },
      }),
    );
    expect(await screen.findByText('Die Einstellungen für „Zusammenhalt vor Ort 2027“ sind gespeichert.')).toBeInTheDocument();
  });

  it('opens the deadlines and shows the server’s refusal of the decision deadline at that input, with the focus there', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const message = 'Frist für die Entscheidung nach dem Erstgespräch muss zwischen 1 und 365 liegen.';
    vi.spyOn(api, 'changeProgrammeSettings').mockResolvedValue({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'decideDays', reason: 'out_of_range', message }] },
    });
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    const toggle = programme.getByRole('button', { name: 'Fristen und Erinnerungen' });
    // Sent as they were, without opening the deadlines.
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    const decide = programme.getByLabelText(/^Frist für die Entscheidung nach dem Erstgespräch/);
    await waitFor(() => expect(decide).toHaveAttribute('aria-invalid', 'true'));
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(decide).toBeVisible();
    expect(decide).toHaveAccessibleDescription(expect.stringContaining(message));
    await waitFor(() => expect(decide).toHaveFocus());
    expect(programme.getByLabelText(/^Frist für den Selbstcheck/)).not.toHaveAttribute('aria-invalid');
  });

  it('refuses a deadline out of bounds in the stub as the server does, at that input', async () => {
    const user = userEvent.setup();
    renderAt(<ProgrammePage />);
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    await user.click(programme.getByRole('button', { name: 'Fristen und Erinnerungen' }));
    const notice = programme.getByLabelText(/^Vorlauf vor dem Ende der Teilnahme/);
    await user.clear(notice);
    await user.type(notice, '400');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));
    await waitFor(() =>
      expect(notice).toHaveAccessibleDescription(
        expect.stringContaining('Vorlauf vor dem Ende der Teilnahme muss zwischen 1 und 365 liegen.'),
      ),
    );
  });

  it('shows the server’s refusal of the reminders at the reminders group', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const message = 'Bei Erinnerungen sind höchstens fünf Tage möglich.';
    const change = vi.spyOn(api, 'changeProgrammeSettings').mockResolvedValue({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'reminders', reason: 'too_many', message }] },
    });
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    await user.click(programme.getByRole('button', { name: 'Fristen und Erinnerungen' }));
    const before = programme.getByLabelText('Tage vor der Fälligkeit');
    await user.clear(before);
    await user.type(before, '30, 14, 7, 3, 2, 1');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    expect(change).toHaveBeenCalledWith(
      'p-weltoffen',
      expect.objectContaining({ reminders: { daysBefore: [30, 14, 7, 3, 2, 1], onDueDay: true, daysOverdue: [3] } }),
    );
    const group = programme.getByRole('group', { name: 'Erinnerungen' });
    await waitFor(() => expect(group).toHaveAccessibleDescription(expect.stringContaining(message)));
    await waitFor(() => expect(group).toHaveFocus());
  });

  it('asks for whole days in the reminder lists before sending', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const change = vi.spyOn(api, 'changeProgrammeSettings');
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    await user.click(programme.getByRole('button', { name: 'Fristen und Erinnerungen' }));
    const after = programme.getByLabelText(/^Tage nach der Fälligkeit/);
    await user.clear(after);
    await user.type(after, '3, eine Woche');
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    await waitFor(() => expect(after).toHaveAttribute('aria-invalid', 'true'));
    expect(after).toHaveAccessibleDescription(expect.stringContaining('Bitte geben Sie ganze Tage an'));
    expect(programme.getByLabelText('Tage vor der Fälligkeit')).not.toHaveAttribute('aria-invalid');
    expect(change).not.toHaveBeenCalled();
  });

  it('sends no reminder days when the lists are left empty', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const change = vi.spyOn(api, 'changeProgrammeSettings');
    renderAt(<ProgrammePage />, { api });
    const programme = within(await card(SAMPLE));
    await user.click(programme.getByText('Einstellungen ändern'));
    await user.click(programme.getByRole('button', { name: 'Fristen und Erinnerungen' }));
    await user.clear(programme.getByLabelText('Tage vor der Fälligkeit'));
    await user.click(programme.getByLabelText('Am Fälligkeitstag erinnern'));
    await user.clear(programme.getByLabelText(/^Tage nach der Fälligkeit/));
    await user.click(programme.getByRole('button', { name: 'Einstellungen speichern' }));

    expect(change).toHaveBeenCalledWith(
      'p-weltoffen',
      expect.objectContaining({ reminders: { daysBefore: [], onDueDay: false, daysOverdue: [] } }),
    );
    const after = within(await card(SAMPLE));
    await waitFor(() =>
      expect(after.getByText('Erinnerungen', { selector: 'dt' }).nextElementSibling).toHaveTextContent('keine'),
    );
  });
});
