import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api';
import { useSelfCheckDraft } from '../api/hooks';
import type { Answer, SelfCheckDraft, SubmitSelfCheckResult } from '../api/types';
import { PageHeading } from '../components/PageHeading';
import { QueryView } from '../components/QueryView';
import { useLanguage } from '../components/useLanguage';
import { formatDate } from '../format';
import { SaveIndicator } from './selfcheck/SaveIndicator';
import { Review } from './selfcheck/Review';
import { Stepper, type Step } from './selfcheck/Stepper';
import { IndicatorQuestion } from './selfcheck/IndicatorQuestion';
import { SubmittedResult } from './selfcheck/SubmittedResult';
import { RoundComparison } from './selfcheck/RoundComparison';
import { roundName } from './selfcheck/rounds';
import { Icon } from '../components/Icon';
import { useAutosave } from './selfcheck/useAutosave';

const STEP_PARAM = 'schritt';

function useStep(total: number): [number, (step: number) => string] {
  const [params] = useSearchParams();
  const raw = Number(params.get(STEP_PARAM) ?? '1');
  const step = Number.isInteger(raw) && raw >= 1 && raw <= total ? raw : 1;
  const href = (n: number) => `?${STEP_PARAM}=${n}`;
  return [step, href];
}

function SelfCheckForm({ draft, focusFirst = false }: { draft: SelfCheckDraft; focusFirst?: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const fields = draft.framework.fields;
  const [answers, setAnswers] = useState(draft.answers);
  const [result, setResult] = useState<SubmitSelfCheckResult | null>(null);
  const autosave = useAutosave((id, answer) => api.saveSelfCheckAnswer(id, answer));
  const [step, href] = useStep(fields.length + 1);
  const stepHeading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // On the first render only when a round was just started (the form replaced the button).
    if (firstRender.current) {
      firstRender.current = false;
      if (!focusFirst) return;
    }
    stepHeading.current?.focus();
  }, [step, focusFirst]);

  const change = (indicatorId: string, answer: Answer) => {
    setAnswers((prev) => ({ ...prev, [indicatorId]: answer }));
    autosave.queue(indicatorId, answer);
  };

  const steps: Step[] = [
    ...fields.map((f) => ({
      title: f.title,
      complete: f.indicators.every((i) => answers[i.id] !== undefined),
    })),
    { title: t('selfCheck.review'), complete: false },
  ];

  if (result) return <SubmittedResult draft={draft} result={result} />;

  const isReview = step === fields.length + 1;
  const field = fields[step - 1];

  return (
    <div className="self-check">
      <Stepper steps={steps} current={step} href={href} />
      <div className="self-check__body">
        <SaveIndicator status={autosave.status} />
        <p className="step-of">{t('selfCheck.stepOf', { current: step, total: steps.length })}</p>
        {isReview || !field ? (
          <Review
            headingRef={stepHeading}
            draft={draft}
            answers={answers}
            editHref={href}
            onSubmit={async () => {
              await autosave.flush();
              setResult(await api.submitSelfCheck());
            }}
          />
        ) : (
          <section aria-labelledby="step-title">
            <h2 id="step-title" tabIndex={-1} ref={stepHeading}>
              {field.title}
            </h2>
            <p className="lead">{field.description}</p>
            {field.indicators.map((indicator, i) => (
              <IndicatorQuestion
                key={indicator.id}
                number={`${step}.${i + 1}`}
                indicator={indicator}
                answer={answers[indicator.id]}
                onChange={(answer) => change(indicator.id, answer)}
              />
            ))}
            <div className="step-buttons">
              {step > 1 && (
                <Link className="button button--secondary" to={href(step - 1)}>
                  {t('selfCheck.previous')}
                </Link>
              )}
              <Link className="button" to={href(step + 1)}>
                {step === fields.length ? t('selfCheck.toReview') : t('selfCheck.next')}
              </Link>
            </div>
          </section>
        )}
      </div>
    </div>
  );
}

/**
 * Another round, when the server offers it (`startSelfCheck` among the steps: the second
 * round once the workshop was held).
 */
function NextRound({ draft, onStarted }: { draft: SelfCheckDraft; onStarted: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = roundName(t, draft.round + 1);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.runCommand(draft.municipalityId, { kind: 'startSelfCheck' });
      if (result.ok) onStarted();
      else setError(result.refusal.message);
    } catch {
      setError(t('selfCheck.startFailed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="next-round" aria-labelledby="next-round-title">
      <h2 id="next-round-title">{t('selfCheck.nextRoundTitle', { round: next })}</h2>
      <p>{t('selfCheck.nextRoundText')}</p>
      {error && (
        <p className="field-error" role="alert">
          <Icon name="warning" size={16} /> {error}
        </p>
      )}
      <button type="button" className="button" disabled={busy} onClick={() => void start()}>
        {busy ? t('selfCheck.starting') : t('selfCheck.startRound', { round: next })}
      </button>
    </section>
  );
}

/** A submitted round: when, the results of every round so far, and the next round if offered. */
function Submitted({ draft, onStarted }: { draft: SelfCheckDraft; onStarted: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <>
      <p className="alert alert-success">
        {t('selfCheck.alreadySubmitted', { round: roundName(t, draft.round), date: formatDate(draft.submittedOn ?? '', lang) })}
      </p>
      {draft.availableSteps.includes('startSelfCheck') && <NextRound draft={draft} onStarted={onStarted} />}
      {draft.submitted.length > 0 && (
        <section className="comparison-section" aria-labelledby="results-title">
          <h2 id="results-title">{draft.submitted.length > 1 ? t('selfCheck.comparisonTitle') : t('selfCheck.resultsTitle')}</h2>
          {draft.submitted.length > 1 && <p>{t('selfCheck.comparisonIntro')}</p>}
          <RoundComparison fields={draft.framework.fields} rounds={draft.submitted} caption={t('selfCheck.fieldScores')} captionHidden />
        </section>
      )}
    </>
  );
}

export default function SelfCheckPage() {
  const { t } = useTranslation();
  const query = useSelfCheckDraft();
  // After "2. Selbstcheck beginnen" the form takes the focus.
  const [started, setStarted] = useState(false);
  const { reload } = query;
  return (
    <>
      <PageHeading title={t('selfCheck.title')}>
        {query.status === 'ready' && (
          <p className="lead">
            {query.data.round > 1
              ? t('selfCheck.roundLead', { round: roundName(t, query.data.round), name: query.data.municipalityName })
              : `${query.data.framework.title} ${t('selfCheck.forMunicipality', { name: query.data.municipalityName })}`}
          </p>
        )}
      </PageHeading>
      <QueryView query={query}>
        {(draft) =>
          draft.submittedOn ? (
            <Submitted
              draft={draft}
              onStarted={() => {
                setStarted(true);
                reload();
              }}
            />
          ) : (
            <SelfCheckForm key={draft.round} draft={draft} focusFirst={started} />
          )
        }
      </QueryView>
    </>
  );
}
