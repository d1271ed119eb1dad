import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../../../api/stub/data';
import { createStubApi } from '../../../api/stub/stubApi';
import type { CommandResult, LotseApi } from '../../../api/types';
import { formatDate } from '../../../format';
import { offeredTitles, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';
import { openStep } from '../../../test/steps';

const CONTACT = 'Angaben der Ansprechperson berichtigen';
const SUBMITTER = 'Angaben der einreichenden Person berichtigen';

const today = () => formatDate(daysFromToday(0), 'de');
const contacts = () => within(screen.getByRole('region', { name: 'Kontakte' }));
const timeline = () => within(screen.getByRole('region', { name: 'Verlauf' }));
/** The card of a person under "Kontakte" (the heading's). */
function cardOf(heading: HTMLElement): HTMLElement {
  const card = heading.closest<HTMLElement>('.contact');
  if (!card) throw new Error('no card');
  return card;
}
/** The card of one person under "Kontakte", by its heading. */
const card = (title: string) => within(cardOf(contacts().getByRole('heading', { level: 3, name: title })));

/** A refusal of one field, as the server answers invalid input. */
const fieldRefusal = (field: string, message: string): CommandResult => ({
  ok: false,
  refusal: { code: 'INVALID_INPUT', message: 'Bitte prüfen Sie die markierten Angaben.', fields: [{ field, reason: 'invalid_email', message }] },
});

describe('correcting the contact person’s details', () => {
  it('is offered only when the server lists the step, and only where there is a contact person', async () => {
    expect(await offeredTitles('m-lindenau', ['correctProfile'])).not.toContain(CONTACT);
    expect(await offeredTitles('m-bergheide', ['correctContactDetails'])).not.toContain(CONTACT);
    expect(await offeredTitles('m-lindenau', ['correctContactDetails'])).toEqual([CONTACT]);
  });

  it('is not offered to the facilitator, only to the team', async () => {
    renderMunicipality('m-lindenau', createStubApi({ latencyMs: 0, role: 'facilitator' }));
    await screen.findByRole('region', { name: 'Nächste Schritte' });
    expect(stepTitles()).not.toContain(CONTACT);
    expect(stepTitles()).not.toContain(SUBMITTER);
  });

  it('is pre-filled with the contact person’s details and says that sign-in links go to the corrected address', async () => {
    const user = userEvent.setup();
    renderMunicipality('m-lindenau', recordingStub().api);
    const form = await openStep(user, CONTACT);
    expect(form.getByLabelText(/^Name/)).toHaveValue('Jana Petersen');
    expect(form.getByLabelText(/^Funktion/)).toHaveValue('Integrationsbeauftragte');
    expect(form.getByLabelText(/^E-Mail-Adresse/)).toHaveValue('jana.petersen@lindenau-am-see.example');
    expect(form.getByLabelText(/^Telefon/)).toHaveValue('+49 8821 5550-142');
    expect(form.getByLabelText(/^Grund der Berichtigung/)).toHaveValue('');
    expect(form.getByText(/Links zur Anmeldung gehen ab jetzt an die berichtigte Adresse\./)).toBeInTheDocument();
  });

  it('sends the corrected address, and the page shows the new address with the correction under the contact person', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-lindenau', api);
    const form = await openStep(user, CONTACT);
    const email = form.getByLabelText(/^E-Mail-Adresse/);
    await user.clear(email);
    await user.type(email, 'j.petersen@lindenau-am-see.example');
    await user.type(form.getByLabelText(/^Grund der Berichtigung/), 'Neue Adresse seit der Umstellung');
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    expect(commands).toEqual([
      {
        kind: 'correctContactDetails',
        details: {
          name: 'Jana Petersen',
          role: 'Integrationsbeauftragte',
          email: 'j.petersen@lindenau-am-see.example',
          phone: '+49 8821 5550-142',
        },
        reason: 'Neue Adresse seit der Umstellung',
      },
    ]);
    await screen.findByText(/Die Angaben der Ansprechperson sind berichtigt\./);

    const contact = card('Ansprechperson');
    expect(await contact.findByRole('link', { name: 'j.petersen@lindenau-am-see.example' })).toHaveAttribute(
      'href',
      'mailto:j.petersen@lindenau-am-see.example',
    );
    expect(contact.getByRole('heading', { level: 4, name: 'Berichtigt' })).toBeInTheDocument();
    expect(contact.getByText(`${today()} von Sabine Brandt`)).toBeInTheDocument();
    expect(contact.getByText('Grund: Neue Adresse seit der Umstellung')).toBeInTheDocument();
    expect(contact.getByText('E-Mail: jana.petersen@lindenau-am-see.example → j.petersen@lindenau-am-see.example')).toBeInTheDocument();
    // The submitter's details were not corrected: no history there.
    expect(card('Hat das Interesse bekundet').queryByRole('heading', { name: 'Berichtigt' })).toBeNull();
    expect(timeline().getByText('Angaben der Ansprechperson berichtigt')).toBeInTheDocument();
  });

  it('checks the details before sending: a name is needed and the address must be one', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-lindenau', api);
    const form = await openStep(user, CONTACT);
    const name = form.getByLabelText(/^Name/);
    const email = form.getByLabelText(/^E-Mail-Adresse/);
    await user.clear(name);
    await user.clear(email);
    await user.type(email, 'jana.petersen');
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(form.getByLabelText(/^Funktion/)).not.toHaveAttribute('aria-invalid');
    await waitFor(() => expect(name).toHaveFocus());
    expect(commands).toEqual([]);
  });

  it('shows the server’s refusal of a field at that field and moves the focus there', async () => {
    const user = userEvent.setup();
    const message = 'Bitte geben Sie bei E-Mail-Adresse eine gültige E-Mail-Adresse an.';
    const { api } = recordingStub({ answer: () => fieldRefusal('details.email', message) });
    renderMunicipality('m-lindenau', api);
    const form = await openStep(user, CONTACT);
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    const email = form.getByLabelText(/^E-Mail-Adresse/);
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription(message);
    await waitFor(() => expect(email).toHaveFocus());
    expect(form.getByLabelText(/^Name/)).not.toHaveAttribute('aria-invalid');
    expect(form.queryByRole('alert')).toBeNull();
  });

  it('shows a refusal of erased details next to its button', async () => {
    const user = userEvent.setup();
    const message = 'Die Angaben dieser Person wurden gelöscht und lassen sich daher nicht mehr berichtigen.';
    const { api } = recordingStub({ answer: () => ({ ok: false, refusal: { code: 'DETAILS_ERASED', message, fields: [] } }) });
    renderMunicipality('m-lindenau', api);
    const form = await openStep(user, CONTACT);
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    expect(await form.findByRole('alert')).toHaveTextContent(message);
  });
});

describe('correcting the details of the person who sent the interest form', () => {
  it('is pre-filled with the details of the interest form and sends the correction without a reason', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-bergheide', api);
    const form = await openStep(user, SUBMITTER);
    expect(form.getByLabelText(/^Name/)).toHaveValue('Lukas Hoffmann');
    const role = form.getByLabelText(/^Funktion/);
    expect(role).toHaveValue('Bürgermeister');
    expect(form.getByLabelText(/^E-Mail-Adresse/)).toHaveValue('buergermeister@bergheide.example');
    expect(form.getByLabelText(/^Telefon/)).toHaveValue('');

    await user.clear(role);
    await user.type(role, 'Erster Bürgermeister');
    await user.type(form.getByLabelText(/^Telefon/), '05141 5550-10');
    await user.click(form.getByRole('button', { name: 'Angaben berichtigen' }));
    expect(commands).toEqual([
      {
        kind: 'correctSubmitter',
        details: { name: 'Lukas Hoffmann', role: 'Erster Bürgermeister', email: 'buergermeister@bergheide.example', phone: '05141 5550-10' },
        reason: '',
      },
    ]);
    await screen.findByText(/Die Angaben der einreichenden Person sind berichtigt\./);
    const submitter = card('Hat das Interesse bekundet');
    expect(await submitter.findByText('Funktion: Bürgermeister → Erster Bürgermeister')).toBeInTheDocument();
    expect(submitter.queryByText(/^Grund:/)).toBeNull();
    expect(timeline().getByText('Angaben der einreichenden Person berichtigt')).toBeInTheDocument();
  });
});

describe('the history of a person’s details on the municipality page', () => {
  /** The stub, with Lindenau's submitter corrected twice (as the server would answer). */
  function withHistory(): LotseApi {
    const stub = createStubApi({ latencyMs: 0 });
    return {
      ...stub,
      municipality: async (id, asOf) => {
        const m = await stub.municipality(id, asOf);
        if (!m?.submitter) return m;
        const corrections = [
          {
            at: '2026-11-02T09:30:00',
            by: 'Sabine Brandt',
            reason: 'Tippfehler in der Interessenbekundung',
            changes: [
              { field: 'Name', before: 'Peter Schultz', after: 'Peter Schulz' },
              { field: 'Telefon', before: '', after: '08821 5550-100' },
            ],
          },
          { at: '2026-11-20T14:00:00', by: 'Grace Okafor', reason: null, changes: [{ field: 'Telefon', before: '08821 5550-100', after: '' }] },
        ];
        return { ...m, submitter: { ...m.submitter, corrections } };
      },
    };
  }

  it('shows each correction, oldest first, with its day, who made it, the reason and each field before → after', async () => {
    renderMunicipality('m-lindenau', withHistory());
    const heading = await screen.findByRole('heading', { level: 3, name: 'Hat das Interesse bekundet' });
    expect(within(cardOf(heading)).getByRole('heading', { level: 4, name: 'Berichtigt' })).toBeInTheDocument();
    const corrections = [...cardOf(heading).querySelectorAll<HTMLElement>('.corrections__list > li')];
    expect(corrections.map((li) => li.querySelector('.corrections__when')?.textContent)).toEqual([
      '02.11.2026 von Sabine Brandt',
      '20.11.2026 von Grace Okafor',
    ]);
    const [first, second] = corrections.map((li) => within(li));
    expect(first?.getByText('Grund: Tippfehler in der Interessenbekundung')).toBeInTheDocument();
    expect(first?.getByText('Name: Peter Schultz → Peter Schulz')).toBeInTheDocument();
    // An empty value is none: a dash.
    expect(first?.getByText('Telefon: — → 08821 5550-100')).toBeInTheDocument();
    expect(second?.getByText('Telefon: 08821 5550-100 → —')).toBeInTheDocument();
    expect(second?.queryByText(/^Grund:/)).toBeNull();
  });

  it('shows nothing where the details were never corrected', async () => {
    renderMunicipality('m-lindenau', createStubApi({ latencyMs: 0 }));
    await screen.findByRole('heading', { level: 3, name: 'Ansprechperson' });
    expect(contacts().queryByRole('heading', { name: 'Berichtigt' })).toBeNull();
    expect(contacts().queryByText(/→/)).toBeNull();
  });
});
