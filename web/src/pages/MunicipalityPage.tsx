import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCurrentUser, useMunicipality } from '../api/hooks';
import type { MunicipalityDetail } from '../api/types';
import { AsOf, parseDay } from '../components/AsOf';
import { Icon } from '../components/Icon';
import { TodayContext } from '../components/today';
import { useLanguage } from '../components/useLanguage';
import { formatDate } from '../format';
import { PageHeading } from '../components/PageHeading';
import { QueryView } from '../components/QueryView';
import { Section } from '../components/Section';
import type { Role } from '../domain';
import { PATHS } from '../navigation';
import { NextSteps } from './municipality/actions/NextSteps';
import { SelfCheckAnswers } from './municipality/SelfCheckAnswers';
import {
  Contacts,
  DialogueSection,
  Profile,
  SelfCheck,
  SupportSection,
  Tasks,
  Timeline,
  WorkshopSection,
} from './municipality/sections';

const SECTIONS = [
  ['schritte', 'actions.title'],
  ['profil', 'municipality.profile'],
  ['kontakte', 'municipality.contacts'],
  ['verlauf', 'municipality.timeline'],
  ['aufgaben', 'municipality.tasks'],
  ['selbstcheck', 'municipality.selfCheck'],
  ['workshop', 'municipality.workshop'],
  ['entscheidungstraeger', 'municipality.support'],
  ['dialoge', 'municipality.dialogue'],
] as const;

interface DetailProps {
  m: MunicipalityDetail;
  role: Role | null;
  onChanged: () => void;
  /** The past day shown, or null for now. */
  asOf: string | null;
  onAsOf: (day: string | null) => void;
}

function Detail({ m, role, onChanged, asOf, onAsOf }: DetailProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const title = (i: number) => t(SECTIONS[i]![1]);
  const id = (i: number) => SECTIONS[i]![0];
  // The steps section is there for those who may take steps (team, facilitators, and
  // contact persons for their municipality's dialogue events), never in a past view.
  const withSteps = !asOf && (role === 'team' || role === 'facilitator' || role === 'contact');
  const sections = withSteps ? SECTIONS : SECTIONS.slice(1);
  return (
    <>
      <PageHeading title={m.name}>
        <p className="lead">
          {t(`kind.${m.kind}`)} · {t(`land.${m.land}`)} · {t('municipality.stage')}: {t(`stage.${m.stage}`)}
          {m.waitingListPlace != null && <> · {t('municipality.waitingListPlace', { place: m.waitingListPlace })}</>}
        </p>
      </PageHeading>
      <AsOf
        key={asOf ?? 'now'}
        asOf={asOf}
        onShow={onAsOf}
        notice={asOf ? t('asOf.showing', { date: formatDate(asOf, lang) }) : ''}
      />
      <nav aria-label={t('municipality.sections')} className="toc">
        <ul>
          {sections.map(([anchor, key]) => (
            <li key={anchor}>
              <a href={`#${anchor}`}>{t(key)}</a>
            </li>
          ))}
        </ul>
      </nav>
      {/* In a past view, "in 3 Tagen" counts from the day shown. */}
      <TodayContext.Provider value={asOf ? new Date(`${asOf}T12:00:00`) : null}>
        <div className="sections">
          {withSteps && (
            <Section id={id(0)} title={title(0)} className="section--steps">
              <NextSteps m={m} onChanged={onChanged} />
            </Section>
          )}
          <Section id={id(1)} title={title(1)}>
            <Profile m={m} />
          </Section>
          <Section id={id(2)} title={title(2)}>
            <Contacts m={m} />
          </Section>
          <Section id={id(3)} title={title(3)}>
            <Timeline entries={m.timeline} />
          </Section>
          <Section id={id(4)} title={title(4)}>
            <Tasks tasks={m.tasks} />
          </Section>
          <Section id={id(5)} title={title(5)}>
            <SelfCheck results={m.selfCheck} />
            {/* The answers, comments and evidence: for the team and the facilitator, who
                prepare the workshop with them. */}
            {m.selfCheck && (role === 'team' || role === 'facilitator') && <SelfCheckAnswers name={m.name} results={m.selfCheck} />}
          </Section>
          <Section id={id(6)} title={title(6)}>
            <WorkshopSection workshop={m.workshop} />
          </Section>
          <Section id={id(7)} title={title(7)}>
            <SupportSection items={m.support} />
          </Section>
          <Section id={id(8)} title={title(8)}>
            <DialogueSection events={m.dialogueEvents} />
          </Section>
        </div>
      </TodayContext.Provider>
    </>
  );
}

export default function MunicipalityPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const asOf = parseDay(params.get('stand'));
  const query = useMunicipality(id, asOf ?? undefined);
  const showAsOf = (day: string | null) => setParams(day ? { stand: day } : {});
  const me = useCurrentUser();
  const role = me.status === 'ready' ? (me.data?.role ?? null) : null;
  return (
    <>
      <p className="back-link">
        <Link to={PATHS.board}>
          <Icon name="arrowLeft" size={16} />
          {t('municipality.back')}
        </Link>
      </p>
      <QueryView query={query}>
        {(m) =>
          m ? (
            <Detail m={m} role={role} onChanged={query.reload} asOf={asOf} onAsOf={showAsOf} />
          ) : asOf ? (
            <>
              <PageHeading title={t('asOf.notYetTitle')} />
              <p>{t('asOf.notYet', { date: formatDate(asOf, lang) })}</p>
              <p>
                <Link to={{ search: '' }}>{t('asOf.current')}</Link>
              </p>
            </>
          ) : (
            <>
              <PageHeading title={t('app.notFoundTitle')} />
              <p>{t('municipality.notFound')}</p>
            </>
          )
        }
      </QueryView>
    </>
  );
}
