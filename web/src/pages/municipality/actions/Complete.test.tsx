import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createStubApi } from '../../../api/stub/stubApi';
import type { LotseApi } from '../../../api/types';
import { openStep } from '../../../test/steps';
import { renderMunicipality } from '../../../test/municipality';

/** The stub, with the page offering completion and its programme awarding `label`. */
function awarding(label: string | null): LotseApi {
  const stub = createStubApi({ latencyMs: 0 });
  return {
    ...stub,
    municipality: async (id, asOf) => {
      const m = await stub.municipality(id, asOf);
      return m && { ...m, availableSteps: ['complete'], programmeLabel: label };
    },
  };
}

describe('completing a participation', () => {
  it('names the label the programme awards', async () => {
    const user = userEvent.setup();
    renderMunicipality('m-rabenfeld', awarding('Vielfalt gestalten'));
    const form = await openStep(user, 'Teilnahme abschließen');
    expect(form.getByText('Die Kommune erhält das Label „Vielfalt gestalten“.')).toBeInTheDocument();
  });

  it('promises no label when the programme awards none', async () => {
    const user = userEvent.setup();
    renderMunicipality('m-rabenfeld', awarding(null));
    const form = await openStep(user, 'Teilnahme abschließen');
    expect(form.getByText(/Das Programm vergibt kein Label\./)).toBeInTheDocument();
    expect(form.queryByText(/Weltoffene Kommune/)).toBeNull();
  });
});
