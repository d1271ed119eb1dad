import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useBoard } from '../api/hooks';
import type { BoardCard as Card, BoardFilter, Person } from '../api/types';
import { PageHeading } from '../components/PageHeading';
import { QueryView } from '../components/QueryView';
import { STAGES, type Stage } from '../domain';
import { BoardCard } from './board/BoardCard';
import { BoardFilters } from './board/BoardFilters';
import { filterFromParams, hasFilter, withFilter } from './board/filters';

function Column({ stage, cards }: { stage: Stage; cards: Card[] }) {
  const { t } = useTranslation();
  const headingId = `column-${stage}`;
  return (
    <section className="board__column" aria-labelledby={headingId}>
      <h2 id={headingId} className="board__heading">
        <span>{t(`stage.${stage}`)}</span>
        <span className="board__count">
          <span aria-hidden="true">{cards.length}</span>
          <span className="visually-hidden">{t('board.count', { count: cards.length })}</span>
        </span>
      </h2>
      {cards.length ? (
        <ul className="board__cards">
          {cards.map((card) => (
            <li key={card.id}>
              <BoardCard card={card} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="board__empty">{t('board.columnEmpty')}</p>
      )}
    </section>
  );
}

function Board({ cards, stage }: { cards: Card[]; stage?: Stage | undefined }) {
  const { t } = useTranslation();
  const byStage = useMemo(() => {
    const map = new Map<Stage, Card[]>(STAGES.map((s) => [s, []]));
    for (const card of [...cards].sort((a, b) => b.daysInStage - a.daysInStage)) map.get(card.stage)?.push(card);
    return map;
  }, [cards]);
  const stages = stage ? [stage] : STAGES;
  return (
    // The board scrolls sideways; as a focusable region it can be scrolled by keyboard.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="board" role="region" aria-label={t('board.columns')} tabIndex={0}>
      {stages.map((s) => (
        <Column key={s} stage={s} cards={byStage.get(s) ?? []} />
      ))}
    </div>
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const board = useBoard(filter);
  const facilitators: Person[] = board.status === 'ready' ? board.data.facilitators : [];

  const change = (key: keyof BoardFilter, value: string) => setParams(withFilter(params, key, value), { replace: true });

  return (
    <>
      <PageHeading title={t('board.title')}>
        <p className="lead">{t('board.intro')}</p>
      </PageHeading>
      <BoardFilters
        filter={filter}
        facilitators={facilitators}
        onChange={change}
        onReset={() => setParams(new URLSearchParams(), { replace: true })}
        active={hasFilter(filter)}
      />
      <QueryView query={board}>
        {(data) => (
          <>
            <p className="result-count" role="status">
              {t('board.count', { count: data.cards.length })}
            </p>
            <Board cards={data.cards} stage={filter.stage} />
          </>
        )}
      </QueryView>
    </>
  );
}
