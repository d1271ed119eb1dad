// The set-up of the tests of the journey's forms on the municipality page: the page
// rendered on a stub API, the commands it sends recorded, the steps it offers.

import { screen } from '@testing-library/react';
import MunicipalityPage from '../pages/MunicipalityPage';
import { createStubApi, type StubOptions } from '../api/stub/stubApi';
import type { CommandResult, JourneyCommand, LotseApi, StepKey } from '../api/types';
import { renderAt } from './render';

/**
 * The stub API (its imitation of the commands, its steps) with the commands recorded; with
 * `answer`, each command gets that answer instead of the stub's.
 */
export function recordingStub({
  answer,
  ...options
}: { answer?: (command: JourneyCommand) => CommandResult } & Omit<StubOptions, 'latencyMs'> = {}) {
  const stub = createStubApi({ latencyMs: 0, ...options });
  const commands: JourneyCommand[] = [];
  const api: LotseApi = {
    ...stub,
    runCommand: (id, command) => {
      commands.push(command);
      return answer ? Promise.resolve(answer(command)) : stub.runCommand(id, command);
    },
  };
  return { api, commands };
}

/** The stub API, with every page offering `steps` only (as if the server listed just these). */
export function offering(steps: StepKey[]): LotseApi {
  const stub = createStubApi({ latencyMs: 0 });
  return {
    ...stub,
    municipality: async (id, asOf) => {
      const m = await stub.municipality(id, asOf);
      return m && { ...m, availableSteps: steps };
    },
  };
}

export function renderMunicipality(id: string, api: LotseApi) {
  return renderAt(<MunicipalityPage />, { route: `/kommunen/${id}`, path: '/kommunen/:id', api });
}

/** The titles of the steps the page offers, in its order. */
export const stepTitles = () => [...document.querySelectorAll('details.action summary span')].map((s) => s.textContent ?? '');

/** The titles of the steps a page offers when the server lists only `steps` (the page is gone after). */
export async function offeredTitles(id: string, steps: StepKey[]): Promise<string[]> {
  const page = renderMunicipality(id, offering(steps));
  await screen.findByRole('region', { name: 'Nächste Schritte' });
  const titles = stepTitles();
  page.unmount();
  return titles;
}
