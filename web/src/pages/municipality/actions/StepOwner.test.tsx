import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createStubApi } from '../../../api/stub/stubApi';
import { openStep } from '../../../test/steps';
import { offering, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';

const STEP_1 = 'Ratsbeschluss zum Integrationskonzept vorbereiten';
const STEP_2 = 'Mehrsprachige Willkommensseite auf der Website veröffentlichen';
const STEP_3 = 'Fortbildung interkulturelle Kompetenz für das Bürgerbüro buchen';

/** Who the action plan names as responsible in Lotse for the step `what`. */
async function responsibleFor(what: string): Promise<string> {
  const plan = await screen.findByRole('table', { name: 'Aktionsplan' });
  const row = (await within(plan).findByText(what)).closest('tr');
  const column = [...plan.querySelectorAll('thead th')].findIndex((th) => th.textContent === 'Zuständig in Lotse');
  return row?.querySelectorAll('td')[column]?.textContent ?? '';
}

/** Chooses `choice` as responsible for the step `what` and saves; the choice's select. */
async function chooseAndSave(user: ReturnType<typeof userEvent.setup>, what: string, choice: string): Promise<HTMLElement> {
  const form = await openStep(user, `Zuständig: ${what}`);
  const owner = form.getByRole('combobox');
  await user.selectOptions(owner, choice);
  await user.click(form.getByRole('button', { name: 'Zuständigkeit speichern' }));
  return owner;
}

describe('who is responsible for a next step of the action plan', () => {
  it('is offered per open step (not for the one done)', async () => {
    const { api } = recordingStub();
    renderMunicipality('m-grafenau', api);
    await screen.findByText(`Zuständig: ${STEP_1}`, { selector: 'summary span' });
    expect(stepTitles().filter((s) => s.startsWith('Zuständig:'))).toEqual([`Zuständig: ${STEP_1}`, `Zuständig: ${STEP_2}`]);
  });

  it('is not offered when the server does not list the step', async () => {
    renderMunicipality('m-grafenau', offering(['editNextStep', 'dropNextStep']));
    await screen.findByText(`Ändern: ${STEP_1}`, { selector: 'summary span' });
    expect(stepTitles().filter((s) => s.startsWith('Zuständig:'))).toEqual([]);
  });

  it('shows who is responsible for each step in the action plan, the contact person at first', async () => {
    renderMunicipality('m-grafenau', recordingStub().api);
    expect(await responsibleFor(STEP_1)).toBe('Ansprechperson');
    expect(await responsibleFor(STEP_3)).toBe('Ansprechperson');
  });

  it('gives a step to a colleague chosen by name; the action plan names them', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const owner = (await openStep(user, `Zuständig: ${STEP_2}`)).getByRole('combobox');
    expect(owner).toHaveValue('CONTACT_PERSON');
    expect(within(owner).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Ansprechperson',
      'Prozessbegleitung',
      'Mehmet Aydın',
      'Sandra Kühn',
    ]);
    await chooseAndSave(user, STEP_2, 'Sandra Kühn');
    expect(commands).toEqual([{ kind: 'assignNextStep', stepId: 'step-2', to: 'COLLEAGUE', userId: 'u-contact-grafenau-kuehn' }]);
    await screen.findByText(`Für „${STEP_2}“ ist jetzt zuständig: Sandra Kühn.`, { exact: false });
    await waitFor(async () => expect(await responsibleFor(STEP_2)).toBe('Sandra Kühn'));
    expect(await responsibleFor(STEP_1)).toBe('Ansprechperson');
  });

  it('gives a step to the facilitator without naming a person', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    await chooseAndSave(user, STEP_1, 'Prozessbegleitung');
    expect(commands).toEqual([{ kind: 'assignNextStep', stepId: 'step-1', to: 'FACILITATOR', userId: null }]);
    await waitFor(async () => expect(await responsibleFor(STEP_1)).toBe('Prozessbegleitung'));
  });

  it('shows the refusal of a municipality without a facilitator at the choice', async () => {
    const user = userEvent.setup();
    const message = 'Für diese Kommune ist noch keine Prozessbegleitung zugewiesen. Bitte weisen Sie zuerst eine Prozessbegleitung zu.';
    const { api } = recordingStub({ answer: () => ({ ok: false, refusal: { code: 'NO_FACILITATOR', message, fields: [] } }) });
    renderMunicipality('m-grafenau', api);
    const owner = await chooseAndSave(user, STEP_1, 'Prozessbegleitung');
    await waitFor(() => expect(owner).toHaveAttribute('aria-invalid', 'true'));
    expect(owner).toHaveAccessibleDescription(message);
    await waitFor(() => expect(owner).toHaveFocus());
  });

  it('shows a colleague the server does not accept at the choice', async () => {
    const user = userEvent.setup();
    const message = 'Bitte wählen Sie eine Person mit Konto für diese Kommune.';
    const { api } = recordingStub({
      answer: () => ({
        ok: false,
        refusal: { code: 'INVALID_INPUT', message, fields: [{ field: 'userId', reason: 'not_a_colleague', message }] },
      }),
    });
    renderMunicipality('m-grafenau', api);
    const owner = await chooseAndSave(user, STEP_1, 'Mehmet Aydın');
    await waitFor(() => expect(owner).toHaveAccessibleDescription(message));
  });

  it('lets the municipality’s contact person give its steps to someone', async () => {
    renderMunicipality('m-grafenau', createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' }));
    expect(await screen.findByText(`Zuständig: ${STEP_1}`, { selector: 'summary span' })).toBeInTheDocument();
  });
});
