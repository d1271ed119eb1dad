import { describe, expect, it } from 'vitest';
import { placeRefusal } from './ActionForm';

describe('placing a refusal in a form', () => {
  it('puts a field error at the field the server names', () => {
    const placed = placeRefusal(
      { code: 'INVALID_INPUT', message: 'Bitte prüfen …', fields: [{ field: 'reason', reason: 'required', message: 'Bitte füllen Sie „Begründung“ aus.' }] },
      ['reason'],
    );
    expect(placed).toEqual({ errors: { reason: 'Bitte füllen Sie „Begründung“ aus.' }, general: null });
  });

  it('puts an error about one group member at the group when the form has no such field', () => {
    const placed = placeRefusal(
      { code: 'INVALID_INPUT', message: '…', fields: [{ field: 'nextSteps.what', reason: 'too_long', message: 'Zu lang.' }] },
      ['heldOn', 'nextSteps'],
    );
    expect(placed.errors).toEqual({ nextSteps: 'Zu lang.' });
  });

  it('puts a refusal of a domain rule at the argument the server names', () => {
    const placed = placeRefusal(
      { code: 'OUTSIDE_PARTICIPATION_WINDOW', message: 'Nach dem Teilnahmezeitraum.', fields: [{ field: 'at', reason: '', message: 'Nach dem Teilnahmezeitraum.' }] },
      ['at', 'place'],
    );
    expect(placed).toEqual({ errors: { at: 'Nach dem Teilnahmezeitraum.' }, general: null });
  });

  it('puts a refusal without a field at the field its code belongs to, or at the step', () => {
    const future = { code: 'DATE_IN_FUTURE', message: 'Das Datum liegt in der Zukunft.', fields: [] };
    expect(placeRefusal(future, ['heldOn'], { DATE_IN_FUTURE: 'heldOn' })).toEqual({
      errors: { heldOn: 'Das Datum liegt in der Zukunft.' },
      general: null,
    });
    const ended = { code: 'PARTICIPATION_ENDED', message: 'Die Teilnahme ist beendet.', fields: [] };
    expect(placeRefusal(ended, ['heldOn'], { DATE_IN_FUTURE: 'heldOn' })).toEqual({ errors: {}, general: 'Die Teilnahme ist beendet.' });
  });

  it('keeps an error about a field the form does not have for the step as a whole', () => {
    const placed = placeRefusal(
      { code: 'INVALID_INPUT', message: '…', fields: [{ field: 'commandId', reason: 'invalid_id', message: 'Ungültige Kennung.' }] },
      ['reason'],
    );
    expect(placed).toEqual({ errors: {}, general: 'Ungültige Kennung.' });
  });
});
