import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SelfCheckDraft, SubmitSelfCheckResult } from '../../api/types';
import { useLanguage } from '../../components/useLanguage';
import { formatPercent } from '../../format';

export function SubmittedResult({ draft, result }: { draft: SelfCheckDraft; result: SubmitSelfCheckResult }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const none = t('common.none');
  return (
    <section className="alert alert-success" aria-labelledby="submitted-title">
      <h2 id="submitted-title" tabIndex={-1} ref={heading}>
        {t('selfCheck.submittedTitle')}
      </h2>
      <p>{t('selfCheck.submittedText')}</p>
      <table>
        <caption>{t('selfCheck.fieldScores')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('municipality.field')}</th>
            <th scope="col" className="num">
              {t('selfCheck.score')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.fields.map((f) => (
            <tr key={f.fieldId}>
              <th scope="row">{draft.framework.fields.find((x) => x.id === f.fieldId)?.title ?? f.fieldId}</th>
              <td className="num">{f.score === null ? none : formatPercent(f.score, lang)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('selfCheck.overall')}</th>
            <td className="num">{result.overall === null ? none : formatPercent(result.overall, lang)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
