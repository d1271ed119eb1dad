// The self-check's answers for the workshop: every indicator's rating, comment and
// evidence link per field of action (in the framework's order) with the field's score, its
// change since the previous round and the cohort median; a choice of round when there are
// several, and "Als Handout drucken", which prints only this part of the page (the print
// stylesheet hides the rest while <html> has the class `print-handout`).

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelfCheckResults, SelfCheckRound } from '../../api/types';
import { RadioGroup } from '../../components/fields';
import { Icon } from '../../components/Icon';
import { useLanguage } from '../../components/useLanguage';
import { formatDate } from '../../format';
import { answerText, changeText, roundName, scoreText } from '../selfcheck/rounds';

/** The class on <html> under which the print stylesheet prints only the handout. */
export const PRINT_HANDOUT_CLASS = 'print-handout';

/** Prints the handout alone: marks the page for the print stylesheet until printing ends. */
export function printHandout(): void {
  const root = document.documentElement;
  root.classList.add(PRINT_HANDOUT_CLASS);
  window.addEventListener('afterprint', () => root.classList.remove(PRINT_HANDOUT_CLASS), { once: true });
  window.print();
}

/** Only web addresses become links (the text is the municipality's input). */
function isWebAddress(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

function RoundSummary({ round, previous }: { round: SelfCheckRound; previous: SelfCheckRound | undefined }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <p className="handout__scores">
      <span>{t('handout.overall', { score: scoreText(t, round.overall, lang) })}</span>
      {previous && (
        <>
          <span>{t('handout.previous', { round: roundName(t, previous.round), score: scoreText(t, previous.overall, lang) })}</span>
          <span>{t('handout.change', { change: changeText(t, previous.overall, round.overall, lang) })}</span>
        </>
      )}
    </p>
  );
}

export function SelfCheckAnswers({ name, results }: { name: string; results: SelfCheckResults }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const submitted = results.rounds.filter((r) => r.submittedOn !== null);
  const latest = submitted[submitted.length - 1];
  const [chosen, setChosen] = useState<number | null>(null);
  // Leaving the page ends a print that never reported its end.
  useEffect(() => () => document.documentElement.classList.remove(PRINT_HANDOUT_CLASS), []);
  if (!latest) return null;
  const round = submitted.find((r) => r.round === chosen) ?? latest;
  const previous = [...submitted].reverse().find((r) => r.round < round.round);
  const submittedLine = t('handout.submittedRound', {
    round: roundName(t, round.round),
    date: formatDate(round.submittedOn ?? round.startedOn, lang),
  });
  const benchmarkOf = (fieldId: string) => results.fields.find((f) => f.fieldId === fieldId)?.benchmark ?? null;

  return (
    <div className="handout">
      <h3 className="handout__screen-only">{t('handout.title')}</h3>
      <p className="handout__screen-only">{t('handout.intro')}</p>
      <div className="handout__controls no-print">
        {submitted.length > 1 && (
          <RadioGroup
            name="handout-round"
            className="handout__rounds"
            legend={t('handout.roundChoice')}
            options={submitted.map((r) => ({
              value: String(r.round),
              label: t('handout.submittedRound', { round: roundName(t, r.round), date: formatDate(r.submittedOn ?? r.startedOn, lang) }),
            }))}
            value={String(round.round)}
            onChange={(value) => setChosen(Number(value))}
          />
        )}
        <p>
          <button type="button" className="button button--secondary" onClick={printHandout}>
            <Icon name="print" size={18} />
            {t('handout.print')}
          </button>
        </p>
      </div>
      {/* The printed page's head: on screen the page heading says the same. */}
      <div className="handout__print-head print-only">
        <p className="handout__kicker">{t('handout.printTitle')}</p>
        <p className="handout__name">{name}</p>
        <p>{results.frameworkTitle}</p>
      </div>
      <p className="handout__round">
        <strong>{submittedLine}</strong>
      </p>
      <RoundSummary round={round} previous={previous} />
      {results.outline.map((field, fi) => {
        const score = round.fieldScores[field.id];
        const before = previous?.fieldScores[field.id];
        const benchmark = benchmarkOf(field.id);
        const headingId = `handout-${field.id}`;
        return (
          <section key={field.id} className="handout__field" aria-labelledby={headingId}>
            <h4 id={headingId}>{field.title}</h4>
            <p className="handout__scores">
              <span>{score === null ? t('handout.noScore') : t('handout.score', { score: scoreText(t, score, lang) })}</span>
              {previous && (
                <>
                  <span>{t('handout.previous', { round: roundName(t, previous.round), score: scoreText(t, before, lang) })}</span>
                  <span>{t('handout.change', { change: changeText(t, before, score, lang) })}</span>
                </>
              )}
              {benchmark !== null && <span>{t('handout.benchmark', { score: scoreText(t, benchmark, lang) })}</span>}
            </p>
            <div className="table-wrap">
              <table className="handout__answers" aria-labelledby={headingId}>
                <thead>
                  <tr>
                    <th scope="col">{t('handout.indicator')}</th>
                    <th scope="col">{t('handout.answer')}</th>
                    <th scope="col">{t('handout.notes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {field.indicators.map((indicator, ii) => {
                    const answer = round.answers[indicator.id];
                    const earlier = previous?.answers[indicator.id];
                    return (
                      <tr key={indicator.id}>
                        <th scope="row">
                          <span className="handout__number">
                            {fi + 1}.{ii + 1}
                          </span>{' '}
                          {indicator.title}
                        </th>
                        <td className="handout__answer">
                          {answerText(t, answer)}
                          {previous && (
                            <span className="handout__before">{t('handout.before', { answer: answerText(t, earlier) })}</span>
                          )}
                        </td>
                        <td>
                          {answer?.comment ? (
                            <p className="handout__comment">{t('selfCheck.quoted', { text: answer.comment })}</p>
                          ) : (
                            <p className="handout__none">{t('handout.noNotes')}</p>
                          )}
                          {answer?.evidenceUrl && (
                            <p className="handout__evidence">
                              {t('handout.evidence')}{' '}
                              {isWebAddress(answer.evidenceUrl) ? (
                                <a href={answer.evidenceUrl} rel="noopener noreferrer">
                                  {answer.evidenceUrl}
                                </a>
                              ) : (
                                answer.evidenceUrl
                              )}
                            </p>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
