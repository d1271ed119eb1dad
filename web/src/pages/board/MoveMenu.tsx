// "Nächster Schritt" on a board card: a button that opens the steps possible from the
// card's stage. Steps without input (admitting) run at once; putting on hold and declining
// ask for a reason right here; everything else lives on the municipality's page. Moving a
// card never needs drag and drop.

import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api';
import type { BoardCard, JourneyCommand } from '../../api/types';
import { Icon } from '../../components/Icon';
import type { Stage } from '../../domain';
import { PATHS } from '../../navigation';
import { checkText, LIMITS } from '../../validation';

type Quick = 'admit' | 'putOnHold' | 'decline';

/** The steps a card offers directly, by stage (the domain's rules). */
export function quickSteps(stage: Stage): Quick[] {
  const steps: Quick[] = [];
  if (stage === 'INTERVIEW' || stage === 'WAITING_LIST' || stage === 'ON_HOLD') steps.push('admit');
  if (stage === 'INTEREST' || stage === 'INTERVIEW' || stage === 'WAITING_LIST') steps.push('putOnHold');
  if (stage === 'INTEREST' || stage === 'INTERVIEW' || stage === 'WAITING_LIST' || stage === 'ON_HOLD') steps.push('decline');
  return steps;
}

const FINAL: readonly Stage[] = ['COMPLETED', 'DECLINED', 'WITHDRAWN'];

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
  if (FINAL.includes(card.stage)) return null;
  const steps = quickSteps(card.stage);

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
              <li>
                <Link to={`${PATHS.municipality(card.id)}#schritte`}>{t('board.moveMore')}</Link>
              </li>
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
