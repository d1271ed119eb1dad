import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelfCheckDraft, SelfCheckRound, SubmitSelfCheckResult } from '../../api/types';
import { RoundComparison } from './RoundComparison';

/**
 * Right after submitting: thanks, and the result per field of action; from the second
 * round on side by side with the rounds before.
 */
export function SubmittedResult({ draft, result }: { draft: SelfCheckDraft; result: SubmitSelfCheckResult }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submitted: SelfCheckRound = {
    round: draft.round,
    startedOn: result.submittedOn,
    submittedOn: result.submittedOn,
    overall: result.overall,
    fieldScores: Object.fromEntries(result.fields.map((f) => [f.fieldId, f.score])),
    answers: draft.answers,
  };
  const rounds = [...draft.submitted.filter((r) => r.round < draft.round), submitted];
  return (
    <section className="alert alert-success" aria-labelledby="submitted-title">
      <h2 id="submitted-title" tabIndex={-1} ref={heading}>
        {t('selfCheck.submittedTitle')}
      </h2>
      <p>{rounds.length > 1 ? t('selfCheck.submittedTextLater') : t('selfCheck.submittedText')}</p>
      <RoundComparison
        fields={draft.framework.fields}
        rounds={rounds}
        caption={rounds.length > 1 ? t('selfCheck.comparisonTitle') : t('selfCheck.fieldScores')}
      />
    </section>
  );
}
