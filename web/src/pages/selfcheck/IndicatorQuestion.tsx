import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, Indicator } from '../../api/types';
import { RadioGroup } from '../../components/fields';
import { TextAreaField, TextField } from '../../components/fields';
import { RATINGS, type Rating } from '../../domain';
import { checkUrl } from '../../validation';

/** "0".."4" for a rating, "na" for not applicable, null for not answered yet. */
export function ratingValue(answer: Answer | undefined): string | null {
  if (!answer) return null;
  return answer.rating === null ? 'na' : String(answer.rating);
}

function parseRating(value: string): Rating | null {
  const n = Number(value);
  return (RATINGS as readonly number[]).includes(n) ? (n as Rating) : null;
}

export function IndicatorQuestion({
  number,
  indicator,
  answer,
  onChange,
}: {
  number: string;
  indicator: Indicator;
  answer: Answer | undefined;
  onChange: (answer: Answer) => void;
}) {
  const { t } = useTranslation();
  // Comment and link are kept here until a rating exists: the domain saves an answer
  // only with a rating (or "not applicable").
  const [comment, setComment] = useState(answer?.comment ?? '');
  const [evidence, setEvidence] = useState(answer?.evidenceUrl ?? '');
  const evidenceError = checkUrl(evidence);
  const id = `q-${indicator.id}`;

  const emit = (rating: Rating | null | undefined, nextComment: string, nextEvidence: string) => {
    if (rating === undefined) return;
    onChange({ rating, comment: nextComment, evidenceUrl: checkUrl(nextEvidence) ? '' : nextEvidence.trim() });
  };
  const currentRating = answer === undefined ? undefined : answer.rating;

  const options = [
    ...RATINGS.map((r) => ({
      value: String(r),
      label: (
        <>
          <span className="scale__number">{r}</span>
          <span className="scale__label">{t(`rating.${r}`)}</span>
        </>
      ),
    })),
    {
      value: 'na',
      label: (
        <>
          <span className="scale__number scale__number--na" aria-hidden="true">
            –
          </span>
          <span className="scale__label">{t('rating.na')}</span>
        </>
      ),
    },
  ];

  return (
    <div className="question">
      <RadioGroup
        name={id}
        className="scale"
        legend={
          <span className="question__title">
            <span className="question__number">{number}</span> {indicator.title}
          </span>
        }
        hint={indicator.help}
        options={options}
        value={ratingValue(answer)}
        onChange={(value) => emit(value === 'na' ? null : parseRating(value), comment, evidence)}
      />
      <div className="question__extras">
        <TextAreaField
          id={`${id}-comment`}
          label={`${t('selfCheck.commentFor', { number })} (${t('common.optional')})`}
          rows={3}
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
            emit(currentRating, e.target.value, evidence);
          }}
        />
        <TextField
          id={`${id}-evidence`}
          type="url"
          inputMode="url"
          label={`${t('selfCheck.evidenceFor', { number })} (${t('common.optional')})`}
          hint={t('selfCheck.evidenceHint')}
          value={evidence}
          error={evidenceError ? t(`errors.${evidenceError}`) : undefined}
          onChange={(e) => {
            setEvidence(e.target.value);
            if (!checkUrl(e.target.value)) emit(currentRating, comment, e.target.value);
          }}
        />
      </div>
    </div>
  );
}
