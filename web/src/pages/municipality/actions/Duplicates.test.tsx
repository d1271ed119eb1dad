import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../../../api/stub/data';
import { createStubApi } from '../../../api/stub/stubApi';
import type { Duplicate, LotseApi, MergedForm } from '../../../api/types';
import { formatDate } from '../../../format';
import { openStep } from '../../../test/steps';
import { offeredTitles, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';

const TITLE = 'Als doppelte Anmeldung schließen';

/** `api`, with every page naming `forms` as looking like it. */
function lookingLike(api: LotseApi, forms: Duplicate[]): LotseApi {
  return {
    ...api,
    municipality: async (id, asOf) => {
      const m = await api.municipality(id, asOf);
      return m && { ...m, possibleDuplicates: forms };
    },
  };
}

describe('closing an interest form as the same one sent again', () => {
  it('is offered only when the server lists the step', async () => {
    expect(await offeredTitles('m-birkenfelde-2', ['closeAsDuplicate'])).toEqual([TITLE]);
    expect(await offeredTitles('m-birkenfelde-2', ['decline'])).toEqual(['Absagen']);
  });

  it('names the similar form by name and day sent, asks first, then closes this one without merging; the page links to the form kept', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-birkenfelde-2', api);
    const form = await openStep(user, TITLE);
    const which = form.getByLabelText(/^Anmeldung, die bestehen bleibt/);
    // The only similar form is chosen already.
    expect(which).toHaveValue('m-birkenfelde');
    expect(within(which).getAllByRole('option').map((o) => o.textContent)).toEqual([
      `Birkenfelde, gesendet am ${formatDate(daysFromToday(-1), 'de')} (Interesse)`,
    ]);

    await user.click(form.getByRole('button', { name: 'Anmeldung schließen …' }));
    const yes = form.getByRole('button', { name: 'Ja, schließen' });
    expect(yes).toHaveAccessibleDescription(
      'Möchten Sie diese Anmeldung wirklich als doppelte Anmeldung von „Birkenfelde“ schließen? Das lässt sich nicht rückgängig machen.',
    );
    expect(commands).toEqual([]);
    await user.click(yes);
    expect(commands).toEqual([{ kind: 'closeAsDuplicate', ofId: 'm-birkenfelde', merge: false }]);
    await screen.findByText(/Die Anmeldung ist als doppelte Anmeldung von „Birkenfelde“ geschlossen\. Aktuelle Phase: Abgesagt\./);

    const profile = screen.getByRole('region', { name: 'Profil' });
    const note = await within(profile).findByText((_, el) => el?.tagName === 'P' && el.textContent === 'Doppelte Anmeldung von „Birkenfelde“');
    expect(within(note).getByRole('link', { name: 'Birkenfelde' })).toHaveAttribute('href', '/kommunen/m-birkenfelde');
    expect(within(screen.getByRole('region', { name: 'Verlauf' })).getAllByText('Als doppelte Anmeldung geschlossen')[0]).toBeInTheDocument();
    expect(stepTitles()).not.toContain(TITLE);
  });

  it('asks for a choice among several similar forms before anything is sent', async () => {
    const user = userEvent.setup();
    const forms: Duplicate[] = [
      { id: 'm-birkenfelde', name: 'Birkenfelde', stage: 'INTEREST', submittedOn: '2026-11-02' },
      { id: 'm-lauenfurt', name: 'Lauenfurt', stage: 'INTERVIEW', submittedOn: '2026-10-20' },
    ];
    const { api, commands } = recordingStub();
    renderMunicipality('m-bergheide', lookingLike(api, forms));
    const form = await openStep(user, TITLE);
    const which = form.getByLabelText(/^Anmeldung, die bestehen bleibt/);
    expect(within(which).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Bitte auswählen',
      'Birkenfelde, gesendet am 02.11.2026 (Interesse)',
      'Lauenfurt, gesendet am 20.10.2026 (Erstgespräch)',
    ]);
    await user.click(form.getByRole('button', { name: 'Anmeldung schließen …' }));
    expect(which).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(which).toHaveFocus());
    expect(form.queryByRole('button', { name: 'Ja, schließen' })).toBeNull();

    await user.selectOptions(which, 'm-lauenfurt');
    await user.click(form.getByRole('button', { name: 'Anmeldung schließen …' }));
    expect(form.getByRole('button', { name: 'Ja, schließen' })).toHaveAccessibleDescription(/doppelte Anmeldung von „Lauenfurt“/);
    await user.click(form.getByRole('button', { name: 'Ja, schließen' }));
    expect(commands).toEqual([{ kind: 'closeAsDuplicate', ofId: 'm-lauenfurt', merge: false }]);
  });

  it('says so when no similar form was found, and offers nothing to send', async () => {
    const user = userEvent.setup();
    const { api } = recordingStub();
    renderMunicipality('m-bergheide', api);
    const step = await openStep(user, TITLE);
    expect(step.getByText(/Lotse hat keine ähnliche Anmeldung gefunden/)).toBeInTheDocument();
    expect(step.queryByRole('button')).toBeNull();
    expect(step.queryByRole('combobox')).toBeNull();
  });

  it('shows the server’s refusal at the form to keep', async () => {
    const user = userEvent.setup();
    const message = 'Bitte wählen Sie eine andere, noch offene Anmeldung desselben Programms, die bestehen bleibt.';
    const { api, commands } = recordingStub({
      answer: () => ({
        ok: false,
        refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'ofId', reason: 'not_a_form_to_keep', message }] },
      }),
    });
    renderMunicipality('m-birkenfelde-2', api);
    const form = await openStep(user, TITLE);
    await user.click(form.getByRole('button', { name: 'Anmeldung schließen …' }));
    await user.click(form.getByRole('button', { name: 'Ja, schließen' }));
    expect(commands).toEqual([{ kind: 'closeAsDuplicate', ofId: 'm-birkenfelde', merge: false }]);
    const which = form.getByLabelText(/^Anmeldung, die bestehen bleibt/);
    await waitFor(() => expect(which).toHaveAttribute('aria-invalid', 'true'));
    expect(which).toHaveAccessibleDescription(new RegExp(message.replace(/[.,]/g, '\\$&')));
    await waitFor(() => expect(which).toHaveFocus());
  });

  it('merges into the form kept when the box is ticked: asks and confirms with “zusammengeführt”, sends merge, and the kept page lists the merged form with its sender and motivation', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    const sent = formatDate(daysFromToday(0), 'de');
    renderMunicipality('m-birkenfelde-2', api);
    const form = await openStep(user, TITLE);
    const box = form.getByRole('checkbox', { name: 'Absender:in und Motivation in die bleibende Anmeldung übernehmen (zusammenführen)' });
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription('Die Seite dieser Anmeldung bleibt als geschlossene Anmeldung erhalten. Es wird keine E-Mail verschickt.');
    await user.click(box);

    await user.click(form.getByRole('button', { name: 'Anmeldung schließen …' }));
    expect(form.getByRole('button', { name: 'Ja, schließen' })).toHaveAccessibleDescription(
      'Möchten Sie diese Anmeldung wirklich als doppelte Anmeldung von „Birkenfelde“ schließen? Sie wird mit „Birkenfelde“ zusammengeführt: Absender:in und Motivation werden dort übernommen. Das lässt sich nicht rückgängig machen.',
    );
    await user.click(form.getByRole('button', { name: 'Ja, schließen' }));
    expect(commands).toEqual([{ kind: 'closeAsDuplicate', ofId: 'm-birkenfelde', merge: true }]);
    await screen.findByText(/Die Anmeldung ist mit „Birkenfelde“ zusammengeführt und als doppelte Anmeldung geschlossen\./);
    expect(
      within(screen.getByRole('region', { name: 'Verlauf' })).getByText(
        'Mit der anderen Anmeldung zusammengeführt und geschlossen: Absender:in und Motivation stehen jetzt dort',
      ),
    ).toBeInTheDocument();

    // The form kept, one link away.
    await user.click(within(screen.getByRole('region', { name: 'Profil' })).getByRole('link', { name: 'Birkenfelde' }));
    const profile = await screen.findByRole('region', { name: 'Profil' });
    await within(profile).findByRole('heading', { name: 'Zusammengeführte Interessenbekundungen' });
    const merged = within(within(profile).getByRole('heading', { name: `Interessenbekundung vom ${sent}` }).closest('li') as HTMLElement);
    expect(merged.getByText('Maria Huber')).toBeInTheDocument();
    expect(merged.getByText('Erste Bürgermeisterin')).toBeInTheDocument();
    expect(merged.getByRole('link', { name: 'rathaus@birkenfelde.example' })).toHaveAttribute('href', 'mailto:rathaus@birkenfelde.example');
    expect(merged.getByText(/^Unser Gemeinderat hat beschlossen, die Ehrenamtlichen/)).toBeInTheDocument();
    expect(merged.getByRole('link', { name: `Geschlossene Anmeldung vom ${sent} ansehen` })).toHaveAttribute('href', '/kommunen/m-birkenfelde-2');
    const timeline = within(screen.getByRole('region', { name: 'Verlauf' }));
    expect(timeline.getByText('Anmeldung zusammengeführt')).toBeInTheDocument();
    expect(timeline.getByText(`Zweite Interessenbekundung vom ${sent} übernommen (zusammengeführt)`)).toBeInTheDocument();
  });

  it('lists no merged forms on a page that has none', async () => {
    const { api } = recordingStub();
    renderMunicipality('m-birkenfelde', api);
    await screen.findByRole('region', { name: 'Profil' });
    expect(screen.queryByRole('heading', { name: 'Zusammengeführte Interessenbekundungen' })).toBeNull();
  });

  it('shows a facilitator the motivation of a merged form but not its sender', async () => {
    // As the server answers a facilitator: the sender left out, the motivation given.
    const form: MergedForm = {
      fromId: 'm-lindenau-2',
      submittedOn: '2026-03-02',
      mergedOn: '2026-03-04',
      submitter: null,
      motivation: 'Wir möchten die Sportvereine einbinden.',
    };
    const stub = createStubApi({ latencyMs: 0, role: 'facilitator' });
    renderMunicipality('m-lindenau', {
      ...stub,
      municipality: async (id, asOf) => {
        const m = await stub.municipality(id, asOf);
        return m && { ...m, mergedForms: [form] };
      },
    });
    const profile = await screen.findByRole('region', { name: 'Profil' });
    const merged = within(within(profile).getByRole('heading', { name: 'Interessenbekundung vom 02.03.2026' }).closest('li') as HTMLElement);
    expect(merged.getByText('Wir möchten die Sportvereine einbinden.')).toBeInTheDocument();
    expect(merged.queryByText('Absender:in')).toBeNull();
    expect(merged.queryByText('E-Mail')).toBeNull();
    expect(merged.queryByRole('link', { name: /@/ })).toBeNull();
    expect(merged.getByRole('link', { name: 'Geschlossene Anmeldung vom 02.03.2026 ansehen' })).toHaveAttribute('href', '/kommunen/m-lindenau-2');
  });
});
