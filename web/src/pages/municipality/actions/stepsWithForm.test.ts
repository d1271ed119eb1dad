import { describe, expect, it } from 'vitest';
import { stepsWithForm } from './NextSteps';

describe('the step forms shown for the steps the server offers', () => {
  it('are exactly the offered steps, in the server’s order', () => {
    expect(stepsWithForm({ availableSteps: ['recordInterview', 'withdraw'] })).toEqual(['recordInterview', 'withdraw']);
    expect(stepsWithForm({ availableSteps: ['withdraw', 'admit'] })).toEqual(['withdraw', 'admit']);
  });

  it('leave out the steps that live elsewhere: the self-check and the action plan’s next steps', () => {
    expect(
      stepsWithForm({
        availableSteps: ['startSelfCheck', 'saveSelfCheckAnswer', 'submitSelfCheck', 'completeNextStep', 'planDialogueEvent'],
      }),
    ).toEqual(['planDialogueEvent']);
  });

  it('are none when the server offers none', () => {
    expect(stepsWithForm({ availableSteps: [] })).toEqual([]);
  });
});
