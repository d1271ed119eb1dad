import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Answer, SelfCheckDraft } from '../../api/types';
import { CheckboxField } from '../../components/fields';
import { Icon } from '../../components/Icon';

function AnswerText({ answer }: { answer: Answer | undefined }) {
  const { t } = useTranslation();
  if (!answer) {
    return (
      <span className="missing">
        <Icon name="warning" size={16} />
        {t('selfCheck.notAnswered')}
      </span>
    );
  }
  return <>{answer.rating === null ? t('rating.na') : `${answer.rating} – ${t(`rating.${answer.rating}`)}`}</>;
}

export function Review({
  draft,
  answers,
  editHref,
  onSubmit,
  headingRef,
}: {
  draft: SelfCheckDraft;
  answers: Partial<Record<string, Answer>>;
  editHref: (step: number) => string;
  onSubmit: () => Promise<void>;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const indicators = draft.framework.fields.flatMap((f) => f.indicators);
  const answered = indicators.filter((i) => answers[i.id] !== undefined).length;
  const missing = indicators.length - answered;

  return (
    <section aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} ref={headingRef}>
        {t('selfCheck.review')}
      </h2>
      <p className="lead">{t('selfCheck.reviewIntro')}</p>
      <p className={missing ? 'summary-line summary-line--missing' : 'summary-line'}>
        {t('selfCheck.answered', { answered, total: indicators.length })}.{' '}
        {missing ? t('selfCheck.missingCount', { count: missing }) : t('selfCheck.allAnswered')}
      </p>
      {draft.framework.fields.map((field, fi) => (
        <div key={field.id} className="review-field">
          <div className="review-field__head">
            <h3 id={`review-${field.id}`}>{field.title}</h3>
            <Link to={editHref(fi + 1)}>{t('selfCheck.edit', { field: field.title })}</Link>
          </div>
          <div className="table-wrap">
            <table aria-labelledby={`review-${field.id}`}>
              <thead>
                <tr>
                  <th scope="col">{t('selfCheck.indicator')}</th>
                  <th scope="col">{t('selfCheck.answer')}</th>
                </tr>
              </thead>
              <tbody>
                {field.indicators.map((indicator, ii) => (
                  <tr key={indicator.id}>
                    <th scope="row">
                      {fi + 1}.{ii + 1} {indicator.title}
                      {answers[indicator.id]?.comment && (
                        <p className="review-comment">
                          {t('selfCheck.quoted', { text: answers[indicator.id]?.comment })}
                        </p>
                      )}
                    </th>
                    <td>
                      <AnswerText answer={answers[indicator.id]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
      <form
        className="stack submit-box"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!confirmed) {
            setError(t('selfCheck.confirmRequired'));
            document.getElementById('confirm-self-check')?.focus();
            return;
          }
          setSubmitting(true);
          void onSubmit().finally(() => setSubmitting(false));
        }}
      >
        <CheckboxField
          id="confirm-self-check"
          label={t('selfCheck.confirm')}
          required
          checked={confirmed}
          error={error}
          onChange={(e) => {
            setConfirmed(e.target.checked);
            if (e.target.checked) setError(undefined);
          }}
        />
        <div>
          <button type="submit" className="button" disabled={submitting}>
            {submitting ? t('selfCheck.submitting') : t('selfCheck.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
