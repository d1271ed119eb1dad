import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Account } from '../api/types';
import { createStubApi } from '../api/stub/stubApi';
import { Layout } from '../components/Layout';
import { renderAt } from '../test/render';
import PeoplePage from './PeoplePage';

/** The card of one person, by the name in its heading (a text query: the list is long). */
async function person(name: string) {
  const heading = await screen.findByText(name, { selector: 'article h3' });
  const card = heading.closest('article');
  if (!card) throw new Error(`no card of ${name}`);
  return within(card);
}

/** The group section of one role, by its heading. */
async function group(title: string) {
  return within(await screen.findByRole('region', { name: title }));
}

const account = (over: Partial<Account> & Pick<Account, 'id' | 'name' | 'role'>): Account => ({
  email: `${over.id}@x.example`,
  active: true,
  municipalityId: null,
  municipalityName: null,
  replaced: false,
  ...over,
});

async function openInvite(user: ReturnType<typeof userEvent.setup>) {
  const form = within(await screen.findByRole('region', { name: 'Neue Person' }));
  await user.click(form.getByText('Person einladen', { selector: 'summary span' }));
  return form;
}

describe('people page', () => {
  it('lists everyone by role with e-mail, status and a contact person’s municipality', async () => {
    const api = createStubApi({ latencyMs: 0 });
    vi.spyOn(api, 'people').mockResolvedValue([
      account({ id: 'u-team-brandt', name: 'Sabine Brandt', role: 'team' }),
      account({ id: 'u-f1', name: 'Kemal Yıldız', role: 'facilitator', email: 'yildiz@begleitung.example' }),
      account({ id: 'u-f2', name: 'Petra Krause', role: 'facilitator', active: false }),
      account({
        id: 'u-c1',
        name: 'Jana Petersen',
        role: 'contact',
        municipalityId: 'm-lindenau',
        municipalityName: 'Lindenau am See',
      }),
      account({
        id: 'u-c2',
        name: 'Ute Brenner',
        role: 'contact',
        municipalityId: 'm-wiesbrunn',
        municipalityName: 'Wiesbrunn',
        replaced: true,
      }),
      account({ id: 'u-fu', name: 'Dr. Katharina Wolf', role: 'funder' }),
    ]);
    renderAt(<PeoplePage />, { api });

    const facilitators = await group('Prozessbegleitung');
    expect(facilitators.getByText('2 Personen.')).toBeInTheDocument();
    const yildiz = within(facilitators.getByRole('article', { name: 'Kemal Yıldız' }));
    expect(yildiz.getByText('yildiz@begleitung.example')).toBeInTheDocument();
    expect(yildiz.getByText('aktiv')).toBeInTheDocument();
    expect(within(facilitators.getByRole('article', { name: 'Petra Krause' })).getByText('deaktiviert')).toBeInTheDocument();

    const contacts = await group('Ansprechpersonen');
    const petersen = within(contacts.getByRole('article', { name: 'Jana Petersen' }));
    expect(petersen.getByRole('link', { name: 'Lindenau am See' })).toHaveAttribute('href', '/kommunen/m-lindenau');
    const brenner = within(contacts.getByRole('article', { name: 'Ute Brenner' }));
    expect(brenner.getByText('ersetzt')).toBeInTheDocument();
    // A contact person's role does not change, and no invitation is sent from here.
    expect(brenner.queryByText(/^Rolle ändern/)).toBeNull();
    expect(brenner.queryByText(/^Einladung erneut senden/)).toBeNull();

    expect((await group('Programmteam')).getByRole('article', { name: /^Sabine Brandt/ })).toBeInTheDocument();
    expect((await group('Förderer')).getByRole('article', { name: 'Dr. Katharina Wolf' })).toBeInTheDocument();
  });

  it('invites a person with the entered values and shows them in the list', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const invite = vi.spyOn(api, 'inviteUser');
    renderAt(<PeoplePage />, { api });
    await person('Sabine Brandt');
    const form = await openInvite(user);
    await user.type(form.getByLabelText(/^Name/), 'Lea Schneider');
    await user.type(form.getByLabelText(/^E-Mail-Adresse/), 'lea.schneider@begleitung.example');
    await user.selectOptions(form.getByRole('combobox', { name: /^Rolle/ }), 'facilitator');
    await user.selectOptions(form.getByRole('combobox', { name: /^Sprache/ }), 'en');
    await user.click(form.getByRole('button', { name: 'Einladung senden' }));

    expect(invite).toHaveBeenCalledWith({
      role: 'facilitator',
      name: 'Lea Schneider',
      email: 'lea.schneider@begleitung.example',
      language: 'en',
    });
    const status = await screen.findByText('Die Einladung an Lea Schneider (lea.schneider@begleitung.example) ist verschickt.');
    await waitFor(() => expect(status.closest('[role="status"]')).toHaveFocus());
    const invited = within((await group('Prozessbegleitung')).getByRole('article', { name: 'Lea Schneider' }));
    expect(invited.getByText('lea.schneider@begleitung.example')).toBeInTheDocument();
    expect(invited.getByText('aktiv')).toBeInTheDocument();
  });

  it('offers no contact person role in the invitation', async () => {
    const user = userEvent.setup();
    renderAt(<PeoplePage />);
    const form = await openInvite(user);
    const roles = within(form.getByRole('combobox', { name: /^Rolle/ }))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(roles).toEqual(['Bitte auswählen', 'Programmteam', 'Prozessbegleitung', 'Förderer']);
  });

  it('shows the refusal of an e-mail address already registered next to the e-mail field', async () => {
    const user = userEvent.setup();
    renderAt(<PeoplePage />);
    await person('Sabine Brandt');
    const form = await openInvite(user);
    await user.type(form.getByLabelText(/^Name/), 'Miriam Albers');
    const email = form.getByLabelText(/^E-Mail-Adresse/);
    await user.type(email, 'albers@begleitung.example');
    await user.selectOptions(form.getByRole('combobox', { name: /^Rolle/ }), 'facilitator');
    await user.click(form.getByRole('button', { name: 'Einladung senden' }));

    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription(expect.stringContaining('Unter dieser E-Mail-Adresse gibt es schon ein Konto.'));
    await waitFor(() => expect(email).toHaveFocus());
    expect(form.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByText(/ist verschickt/)).toBeNull();
  });

  it('asks for confirmation before deactivating, then deactivates and says so', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const deactivate = vi.spyOn(api, 'deactivateUser');
    renderAt(<PeoplePage />, { api });
    const okafor = await person('Grace Okafor');
    await user.click(okafor.getByText('Deaktivieren'));
    expect(deactivate).not.toHaveBeenCalled();
    expect(okafor.getByText(/Grace Okafor verliert damit sofort den Zugang zu Lotse/)).toBeVisible();
    await user.click(okafor.getByRole('button', { name: 'Ja, deaktivieren' }));

    expect(deactivate).toHaveBeenCalledWith('u-team-okafor');
    const status = await screen.findByText('Das Konto von Grace Okafor ist deaktiviert.');
    await waitFor(() => expect(status.closest('[role="status"]')).toHaveFocus());
    const after = await person('Grace Okafor');
    expect(await after.findByText('deaktiviert')).toBeInTheDocument();
    expect(after.getByText('Reaktivieren', { selector: 'summary span' })).toBeInTheDocument();
    expect(after.queryByText(/^Einladung erneut senden/)).toBeNull();
  });

  it('shows the server’s refusal of a deactivation in the form and moves focus there', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const message = 'Ihr eigenes Konto können Sie nicht deaktivieren.';
    vi.spyOn(api, 'deactivateUser').mockResolvedValue({
      ok: false,
      refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'userId', reason: 'own_account', message }] },
    });
    renderAt(<PeoplePage />, { api });
    const okafor = await person('Grace Okafor');
    await user.click(okafor.getByText('Deaktivieren'));
    await user.click(okafor.getByRole('button', { name: 'Ja, deaktivieren' }));
    const refusal = await okafor.findByRole('alert');
    expect(refusal).toHaveTextContent(message);
    await waitFor(() => expect(refusal).toHaveFocus());
  });

  it('changes a person’s role to one of the other roles', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const change = vi.spyOn(api, 'changeUserRole');
    renderAt(<PeoplePage />, { api });
    const albers = await person('Dr. Miriam Albers');
    await user.click(albers.getByText('Rolle ändern', { selector: 'summary span' }));
    const select = albers.getByRole('combobox', { name: /^Neue Rolle/ });
    expect(within(select).queryByRole('option', { name: 'Prozessbegleitung' })).toBeNull();
    await user.selectOptions(select, 'team');
    await user.click(albers.getByRole('button', { name: 'Rolle ändern' }));

    expect(change).toHaveBeenCalledWith('u-fac-albers', 'team');
    expect(await screen.findByText('Dr. Miriam Albers hat jetzt die Rolle „Programmteam“.')).toBeInTheDocument();
    expect((await group('Programmteam')).getByRole('article', { name: 'Dr. Miriam Albers' })).toBeInTheDocument();
  });

  it('sends an invitation again on request', async () => {
    const user = userEvent.setup();
    const api = createStubApi({ latencyMs: 0 });
    const resend = vi.spyOn(api, 'resendInvitation');
    renderAt(<PeoplePage />, { api });
    const wolf = await person('Dr. Katharina Wolf');
    await user.click(wolf.getByText('Einladung erneut senden'));
    await user.click(wolf.getByRole('button', { name: 'Einladung senden' }));
    expect(resend).toHaveBeenCalledWith('u-funder-wolf');
    expect(await screen.findByText('Eine neue Einladung an Dr. Katharina Wolf ist verschickt.')).toBeInTheDocument();
  });

  it('offers no deactivation or role change on one’s own row', async () => {
    renderAt(<PeoplePage />);
    const own = await person('Sabine Brandt');
    expect(own.getByRole('heading', { level: 3 })).toHaveTextContent('Sabine Brandt (Sie)');
    expect(own.getByText(/Das ist Ihr eigenes Konto/)).toBeInTheDocument();
    expect(own.queryByText(/^Deaktivieren/)).toBeNull();
    expect(own.queryByText(/^Rolle ändern/)).toBeNull();
    expect(own.queryByRole('button')).toBeNull();
  });

  it('tells other roles that the page is for the programme team, and loads nobody', async () => {
    const api = createStubApi({ latencyMs: 0, role: 'facilitator' });
    const people = vi.spyOn(api, 'people');
    renderAt(<PeoplePage />, { api });
    expect(await screen.findByText(/Diese Seite ist für das Programmteam/)).toBeInTheDocument();
    expect(screen.queryByRole('article')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(people).not.toHaveBeenCalled();
  });

  it('offers the people page in the navigation to the team only', async () => {
    renderAt(<Layout />);
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    expect(await within(nav).findByRole('link', { name: 'Personen' })).toHaveAttribute('href', '/personen');
  });

  it('offers no people page in the navigation to a funder', async () => {
    renderAt(<Layout />, { api: createStubApi({ latencyMs: 0, role: 'funder' }) });
    const nav = await screen.findByRole('navigation', { name: 'Hauptnavigation' });
    await within(nav).findByRole('link', { name: 'Förderer-Dashboard' });
    expect(within(nav).queryByRole('link', { name: 'Personen' })).toBeNull();
  });
});
