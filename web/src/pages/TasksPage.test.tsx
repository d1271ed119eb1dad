import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createStubApi } from '../api/stub/stubApi';
import type { CommandResult, JourneyCommand, LotseApi, MyTasks } from '../api/types';
import { renderAt } from '../test/render';
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
