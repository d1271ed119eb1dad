import { describe, expect, it } from 'vitest';
import { detailFor, seeds } from '../../../api/stub/data';
import { possibleSteps } from './NextSteps';

function municipality(id: string) {
  const seed = seeds().find((s) => s.id === id);
  if (!seed) throw new Error(id);
  return detailFor(seed);
}

describe('the steps offered on a municipality page', () => {
  it('offers a new interest the interview, a hold, a refusal and a withdrawal', () => {
    expect(possibleSteps(municipality('m-bergheide'), 'team')).toEqual(['scheduleInterview', 'putOnHold', 'decline', 'withdraw']);
  });

  it('offers recording a scheduled interview, and admission only once it is held', () => {
    expect(possibleSteps(municipality('m-rabenfeld'), 'team')).toEqual([
      'scheduleInterview',
      'recordInterview',
      'putOnHold',
      'decline',
      'withdraw',
    ]);
    expect(possibleSteps(municipality('m-seenplatte'), 'team')).toEqual(['admit', 'putOnHold', 'decline', 'withdraw']);
  });

  it('offers a participating municipality people, workshop, formats, events and completion', () => {
    expect(possibleSteps(municipality('m-wiesbrunn'), 'team')).toEqual([
      'assignContactPerson',
      'assignFacilitator',
      'scheduleWorkshop',
      'recordWorkshop',
      'planDialogueEvent',
      'planSupport',
      'recordSupport',
      'complete',
      'withdraw',
    ]);
  });

  it('offers facilitators only the workshop, formats and dialogue events', () => {
    expect(possibleSteps(municipality('m-grafenau'), 'facilitator')).toEqual([
      'planDialogueEvent',
      'recordDialogueEvent',
      'planSupport',
      'recordSupport',
    ]);
  });

  it('offers contact persons their municipality’s dialogue events while it takes part', () => {
    expect(possibleSteps(municipality('m-grafenau'), 'contact')).toEqual(['planDialogueEvent', 'recordDialogueEvent']);
    expect(possibleSteps(municipality('m-lindenau'), 'contact')).toEqual(['planDialogueEvent']);
    expect(possibleSteps(municipality('m-rabenfeld'), 'contact')).toEqual([]);
    expect(possibleSteps(municipality('m-neustrelow'), 'contact')).toEqual([]);
  });

  it('offers nothing to funders, and nothing once the journey has ended', () => {
    expect(possibleSteps(municipality('m-grafenau'), 'funder')).toEqual([]);
    expect(possibleSteps(municipality('m-neustrelow'), 'team')).toEqual([]);
    expect(possibleSteps(municipality('m-sonnewalde'), 'team')).toEqual([]);
  });
});
