import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createStubApi } from '../../../api/stub/stubApi';
import { daysFromToday } from '../../../api/stub/data';
import { formatDate } from '../../../format';
import { openStep } from '../../../test/steps';
import { offering, recordingStub, renderMunicipality, stepTitles } from '../../../test/municipality';

const STEP_1 = 'Ratsbeschluss zum Integrationskonzept vorbereiten';
const STEP_2 = 'Mehrsprachige Willkommensseite auf der Website veröffentlichen';

describe('the action plan’s next steps changed and dropped on the municipality page', () => {
  it('offers changing and dropping per open step only (not the done one)', async () => {
    const { api } = recordingStub();
    renderMunicipality('m-grafenau', api);
    await screen.findByText(`Ändern: ${STEP_1}`, { selector: 'summary span' });
    const titles = stepTitles();
    expect(titles).toEqual(expect.arrayContaining([`Ändern: ${STEP_1}`, `Ändern: ${STEP_2}`, `Streichen: ${STEP_1}`, `Streichen: ${STEP_2}`]));
    expect(titles.filter((s) => s.includes('Fortbildung interkulturelle Kompetenz'))).toEqual([]);
  });

  it('changes a step, pre-filled and checked; the action plan shows the change', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const form = await openStep(user, `Ändern: ${STEP_2}`);
    const what = form.getByLabelText(/^Was ist zu tun\?/);
    const who = form.getByLabelText(/^Wer kümmert sich\?/);
    const due = form.getByLabelText(/^Bis wann\?/);
    expect(what).toHaveValue(STEP_2);
    expect(who).toHaveValue('Pressestelle');
    expect(due).toHaveValue(daysFromToday(23));

    await user.clear(who);
    await user.click(form.getByRole('button', { name: 'Änderung speichern' }));
    expect(who).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(who).toHaveFocus());
    expect(commands).toEqual([]);

    await user.type(who, 'Stabsstelle Integration');
    await user.clear(due);
    await user.type(due, daysFromToday(40));
    await user.click(form.getByRole('button', { name: 'Änderung speichern' }));
    expect(commands).toEqual([
      { kind: 'editNextStep', stepId: 'step-2', what: STEP_2, who: 'Stabsstelle Integration', due: daysFromToday(40) },
    ]);
    await screen.findByText(`Der Schritt „${STEP_2}“ ist geändert.`, { exact: false });
    const plan = screen.getByRole('table', { name: 'Aktionsplan' });
    expect(await within(plan).findByText('Stabsstelle Integration')).toBeInTheDocument();
  });

  it('a due date before the workshop is refused at its field', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const form = await openStep(user, `Ändern: ${STEP_1}`);
    const due = form.getByLabelText(/^Bis wann\?/);
    await user.clear(due);
    await user.type(due, daysFromToday(-400));
    await user.click(form.getByRole('button', { name: 'Änderung speichern' }));
    expect(due).toHaveAttribute('aria-invalid', 'true');
    expect(due).toHaveAccessibleDescription(/nicht vor dem Workshop fällig/);
    expect(commands).toEqual([]);
  });

  it('drops a step with a reason after confirming: struck through with day and reason, no steps left for it', async () => {
    const user = userEvent.setup();
    const { api, commands } = recordingStub();
    renderMunicipality('m-grafenau', api);
    const form = await openStep(user, `Streichen: ${STEP_1}`);
    await user.click(form.getByRole('button', { name: 'Schritt streichen …' }));
    const reason = form.getByLabelText(/^Begründung/);
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    await user.type(reason, 'Rat hat anders entschieden');
    await user.click(form.getByRole('button', { name: 'Schritt streichen …' }));
    const yes = form.getByRole('button', { name: 'Ja, streichen' });
    expect(yes).toHaveAccessibleDescription(/wirklich aus dem Aktionsplan streichen\?/);
    expect(commands).toEqual([]);
    await user.click(yes);
    expect(commands).toEqual([{ kind: 'dropNextStep', stepId: 'step-1', reason: 'Rat hat anders entschieden' }]);
    await screen.findByText(`Der Schritt „${STEP_1}“ ist gestrichen.`, { exact: false });

    const plan = screen.getByRole('table', { name: 'Aktionsplan' });
    const row = (await within(plan).findByText(`Gestrichen am ${formatDate(daysFromToday(0), 'de')} – Grund: Rat hat anders entschieden`)).closest('tr');
    expect(row).toHaveClass('step--dropped');
    expect(row).toHaveTextContent('(gestrichen)');
    expect(within(row as HTMLElement).getByText(STEP_1)).toHaveClass('step__struck');
    expect(stepTitles().filter((s) => s.includes(STEP_1))).toEqual([]);
    expect(stepTitles()).toContain(`Ändern: ${STEP_2}`);
  });

  it('lets the contact person change but not drop a step', async () => {
    const api = createStubApi({ latencyMs: 0, role: 'contact', municipalityId: 'm-grafenau' });
    renderMunicipality('m-grafenau', api);
    await screen.findByText(`Ändern: ${STEP_1}`, { selector: 'summary span' });
    expect(stepTitles().filter((s) => s.startsWith('Streichen:'))).toEqual([]);
  });

  it('offers changing and dropping only when the server lists the steps', async () => {
    const api = offering(['planDialogueEvent']);
    renderMunicipality('m-grafenau', api);
    await screen.findByText('Dialogveranstaltung planen', { selector: 'summary span' });
    expect(stepTitles().filter((s) => /^(Ändern|Streichen):/.test(s))).toEqual([]);
  });
});
