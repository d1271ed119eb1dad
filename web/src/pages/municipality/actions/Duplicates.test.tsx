import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { daysFromToday } from '../../../api/stub/data';
import type { Duplicate, LotseApi } from '../../../api/types';
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
});
