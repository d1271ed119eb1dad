// "Nächster Schritt" on a board card: a button that opens the steps the server offers for
// the card (`card.availableSteps`; the web has no copy of the journey's rules). Steps without
// input (admitting) run at once; putting on hold and declining ask for a reason right here;
// the other steps with a form live on the municipality's page, which the menu links to. A
// card without such steps has no button. Moving a card never needs drag and drop.

import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api';
import type { BoardCard, JourneyCommand, StepKey } from '../../api/types';
import { Icon } from '../../components/Icon';
import { PATHS } from '../../navigation';
import { stepsWithForm } from '../municipality/actions/NextSteps';
import { checkText, LIMITS } from '../../validation';

/** The steps a card offers right here; the others are taken on the municipality's page. */
const QUICK = ['admit', 'putOnHold', 'decline'] as const;
type Quick = (typeof QUICK)[number];

function isQuick(step: StepKey): step is Quick {
  return (QUICK as readonly StepKey[]).includes(step);
}

export function MoveMenu({ card, onMoved }: { card: BoardCard; onMoved: (id: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState<'putOnHold' | 'decline' | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const panelId = useId();
  const reasonId = useId();
  const errorId = useId();
  const reasonRef = useRef<HTMLInputElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const steps = card.availableSteps.filter(isQuick);
  // Steps with a form on the municipality's page: the menu links there.
  const elsewhere = stepsWithForm(card).some((step) => !isQuick(step));
  if (!steps.length && !elsewhere) return null;

  async function run(command: JourneyCommand) {
    setBusy(true);
    setError(null);
    try {
      const result = await api.runCommand(card.id, command);
      if (result.ok) {
        setOpen(false);
        setAsking(null);
        setReason('');
        onMoved(card.id);
      } else {
        const message = result.refusal.fields[0]?.message ?? result.refusal.message;
        setError(message);
        requestAnimationFrame(() => (asking ? reasonRef.current : errorRef.current)?.focus());
      }
    } catch {
      setError(t('actions.failed'));
      requestAnimationFrame(() => errorRef.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  function submitReason(e: FormEvent) {
    e.preventDefault();
    if (!asking) return;
    const code = checkText(reason, LIMITS.shortText);
    if (code) {
      setError(t(`errors.${code}`));
      reasonRef.current?.focus();
      return;
    }
    void run({ kind: asking, reason });
  }

  return (
    <div className="move">
      <button
        type="button"
        className="button button--secondary button--small"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('board.moveFor', { name: card.name })}
        onClick={() => {
          setOpen(!open);
          setAsking(null);
          setError(null);
        }}
      >
        {t('board.move')}
        <Icon name="arrowRight" size={16} />
      </button>
      <div id={panelId} className="move__panel" hidden={!open}>
        {asking ? (
          <form noValidate onSubmit={submitReason} className="move__form">
            <label htmlFor={reasonId}>{t('board.moveReason')}</label>
            {error && (
              <p className="field-error" id={errorId}>
                <Icon name="warning" size={16} />
                <span>{error}</span>
              </p>
            )}
            <input
              id={reasonId}
              ref={reasonRef}
              type="text"
              required
              maxLength={LIMITS.shortText}
              value={reason}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            <div className="move__buttons">
              <button type="submit" className="button button--small" disabled={busy}>
                {busy ? t('board.moveSending') : t(asking === 'putOnHold' ? 'actions.putOnHold.submit' : 'actions.decline.submit')}
              </button>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => {
                  setAsking(null);
                  setError(null);
                }}
              >
                {t('board.moveCancel')}
              </button>
            </div>
          </form>
        ) : (
          <>
            {error && (
              <p className="field-error" role="alert" tabIndex={-1} ref={errorRef}>
                <Icon name="warning" size={16} />
                <span>{error}</span>
              </p>
            )}
            <ul className="move__list">
              {steps.map((step) => (
                <li key={step}>
                  {step === 'admit' ? (
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy}
                      onClick={() => void run({ kind: 'admit' })}
                    >
                      {busy ? t('board.moveSending') : t('board.moveAdmit')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => {
                        setAsking(step);
                        setError(null);
                        requestAnimationFrame(() => reasonRef.current?.focus());
                      }}
                    >
                      {t(step === 'putOnHold' ? 'board.moveOnHold' : 'board.moveDecline')}
                    </button>
                  )}
                </li>
              ))}
              {elsewhere && (
                <li>
                  <Link to={`${PATHS.municipality(card.id)}#schritte`}>{t('board.moveMore')}</Link>
                </li>
              )}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
