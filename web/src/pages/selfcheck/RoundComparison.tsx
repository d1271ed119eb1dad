import { useTranslation } from 'react-i18next';
import type { FieldOfAction, SelfCheckRound } from '../../api/types';
import { useLanguage } from '../../components/useLanguage';
import { changeText, roundName, scoreText } from './rounds';

/**
 * The submitted rounds side by side: per field of action each round's score and, with more
 * than one round, the change of the last round against the one before.
 */
export function RoundComparison({
  fields,
  rounds,
  caption,
  captionHidden = false,
}: {
  fields: Pick<FieldOfAction, 'id' | 'title'>[];
  rounds: SelfCheckRound[];
  caption: string;
  /** Where a heading above says the same. */
  captionHidden?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const last = rounds[rounds.length - 1];
  const before = rounds.length > 1 ? rounds[rounds.length - 2] : undefined;
  return (
    <div className="table-wrap">
      <table className="comparison">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('municipality.field')}</th>
            {rounds.map((r) => (
              <th key={r.round} scope="col" className="num">
                {roundName(t, r.round)}
              </th>
            ))}
            {before && (
              <th scope="col" className="num">
                {t('municipality.change')}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.id}>
              <th scope="row">{f.title}</th>
              {rounds.map((r) => (
                <td key={r.round} className="num">
                  {scoreText(t, r.fieldScores[f.id], lang)}
                </td>
              ))}
              {before && <td className="num">{changeText(t, before.fieldScores[f.id], last?.fieldScores[f.id], lang)}</td>}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('selfCheck.overall')}</th>
            {rounds.map((r) => (
              <td key={r.round} className="num">
                {scoreText(t, r.overall, lang)}
              </td>
            ))}
            {before && <td className="num">{changeText(t, before.overall, last?.overall, lang)}</td>}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
