import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFunderDashboard } from '../api/hooks';
import type { FunderDashboard } from '../api/types';
import BarChart from '../charts/BarChart';
import { ChartFigure } from '../charts/ChartFigure';
import { AsOf, parseDay } from '../components/AsOf';
import { Icon } from '../components/Icon';
import { PageHeading } from '../components/PageHeading';
import { PROGRAMME_PARAM, useChosenProgrammeId } from '../components/programmeChoice';
import { QueryView } from '../components/QueryView';
import { useLanguage } from '../components/useLanguage';
import { formatDate, formatNumber, formatPercent } from '../format';
import { buildCharts } from './funder/model';

function Kpis({ d }: { d: FunderDashboard }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const w = d.window;
  return (
    <section aria-labelledby="kpi-title" className="kpis">
      <h2 id="kpi-title" className="visually-hidden">
        {t('funder.kpis')}
      </h2>
      <dl>
        <div className="kpi">
          <dt>{t('funder.admitted')}</dt>
          <dd>{t('funder.admittedValue', { admitted: n(d.seatsTaken), capacity: n(d.capacity) })}</dd>
        </div>
        <div className="kpi">
          <dt>{t('funder.window')}</dt>
          <dd>
            {w.medianElapsedPercent === null
              ? t('common.none')
              : t('funder.windowValue', { percent: formatPercent(w.medianElapsedPercent, lang) })}
            <span className="kpi__sub">
              {t('funder.windowSub', { active: n(w.active), endingSoon: n(w.endingSoon), overrun: n(w.overrun) })}
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('funder.completed')}</dt>
          <dd>{n(w.completed)}</dd>
        </div>
        <div className="kpi">
          <dt>{t('funder.events')}</dt>
          <dd>{n(d.dialogueEventsHeld)}</dd>
        </div>
      </dl>
    </section>
  );
}

function Dashboard({ d, past, onAsOf }: { d: FunderDashboard; past: boolean; onAsOf: (day: string | null) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const charts = useMemo(() => buildCharts(d, t, lang), [d, t, lang]);
  const asOf = past ? d.asOf : null;
  return (
    <>
      <p className="lead">{t('funder.intro', { date: formatDate(d.asOf, lang) })}</p>
      <AsOf
        key={asOf ?? 'now'}
        asOf={asOf}
        onShow={onAsOf}
        notice={t('asOf.showingFigures', { date: formatDate(d.asOf, lang) })}
      />
      <p className="no-print">
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          <Icon name="print" size={18} />
          {t('funder.print')}
        </button>
      </p>
      <Kpis d={d} />
      <div className="figures">
        {charts.map((c) => (
          <ChartFigure key={c.id} id={c.id} title={c.title} summary={c.summary} table={c.table} csvFile={c.csvFile}>
            <BarChart categories={c.categories} series={c.series} label={c.summary} format={c.format} max={c.max} integer={c.integer} />
          </ChartFigure>
        ))}
      </div>
    </>
  );
}

export default function FunderPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [params, setParams] = useSearchParams();
  const asOf = parseDay(params.get('stand'));
  // The programme chosen in the header (the tenant's first without a choice).
  const programmeId = useChosenProgrammeId();
  const query = useFunderDashboard(asOf ?? undefined, programmeId);
  const showAsOf = (day: string | null) => {
    const next = new URLSearchParams(params);
    if (day) next.set('stand', day);
    else next.delete('stand');
    setParams(next);
  };
  // Back to today keeps the programme.
  const programme = params.get(PROGRAMME_PARAM);
  const programmeSearch = programme ? `?${new URLSearchParams({ [PROGRAMME_PARAM]: programme }).toString()}` : '';
  return (
    <>
      <PageHeading title={t('funder.title')}>
        {query.status === 'ready' && query.data && <p className="programme-title">{query.data.programmeTitle}</p>}
      </PageHeading>
      <QueryView query={query}>
        {(d) =>
          d ? (
            <Dashboard d={d} past={asOf !== null} onAsOf={showAsOf} />
          ) : (
            <>
              <p>{t('asOf.noFigures', { date: formatDate(asOf ?? '', lang) })}</p>
              <p>
                <Link to={{ search: programmeSearch }}>{t('asOf.current')}</Link>
              </p>
            </>
          )
        }
      </QueryView>
    </>
  );
}
