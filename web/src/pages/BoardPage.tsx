import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useBoard } from '../api/hooks';
import type { BoardCard as Card, BoardFilter, Person } from '../api/types';
import { AsOf, parseDay } from '../components/AsOf';
import { PageHeading } from '../components/PageHeading';
import { PROGRAMME_PARAM, useChosenProgrammeId } from '../components/programmeChoice';
import { QueryView } from '../components/QueryView';
import { useLanguage } from '../components/useLanguage';
import { STAGES, type Stage } from '../domain';
import { formatDate } from '../format';
import { BoardCard } from './board/BoardCard';
import { BoardFilters } from './board/BoardFilters';
import { filterFromParams, hasFilter, withFilter } from './board/filters';

const AS_OF_PARAM = 'stand';

interface MoveProps {
  canMove: boolean;
  onMoved: (id: string) => void;
  moved: string | null;
}

function Column({ stage, cards, move }: { stage: Stage; cards: Card[]; move: MoveProps }) {
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
              <BoardCard card={card} canMove={move.canMove} onMoved={move.onMoved} takeFocus={move.moved === card.id} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="board__empty">{t('board.columnEmpty')}</p>
      )}
    </section>
  );
}

function Board({ cards, stage, move }: { cards: Card[]; stage?: Stage | undefined; move: MoveProps }) {
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
        <Column key={s} stage={s} cards={byStage.get(s) ?? []} move={move} />
      ))}
    </div>
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  // "Stand am": the board at the end of a past day, not live and without steps.
  const asOf = parseDay(params.get(AS_OF_PARAM));
  // The programme chosen in the header (the tenant's first without a choice).
  const programmeId = useChosenProgrammeId();
  const board = useBoard(filter, asOf ?? undefined, programmeId);
  const facilitators: Person[] = board.status === 'ready' ? board.data.facilitators : [];
  const [moved, setMoved] = useState<string | null>(null);
  const move: MoveProps = {
    // Which cards offer steps, and which, is the server's answer (none in a past view).
    canMove: !asOf,
    onMoved: (id) => {
      setMoved(id);
      board.reload();
    },
    moved,
  };
  const movedCard = moved && board.status === 'ready' ? board.data.cards.find((c) => c.id === moved) : undefined;

  const change = (key: keyof BoardFilter, value: string) => setParams(withFilter(params, key, value), { replace: true });
  const showAsOf = (day: string | null) => {
    const next = new URLSearchParams(params);
    if (day) next.set(AS_OF_PARAM, day);
    else next.delete(AS_OF_PARAM);
    setParams(next);
  };

  return (
    <>
      <PageHeading title={t('board.title')}>
        <p className="lead">{t('board.intro')}</p>
      </PageHeading>
      <BoardFilters
        filter={filter}
        facilitators={facilitators}
        onChange={change}
        onReset={() => {
          // The filters go; the day shown and the programme stay.
          const next = new URLSearchParams();
          for (const key of [AS_OF_PARAM, PROGRAMME_PARAM]) {
            const value = params.get(key);
            if (value) next.set(key, value);
          }
          setParams(next, { replace: true });
        }}
        active={hasFilter(filter)}
      />
      <AsOf
        key={asOf ?? 'now'}
        asOf={asOf}
        onShow={showAsOf}
        notice={asOf ? t('asOf.showingBoard', { date: formatDate(asOf, lang) }) : ''}
      />
      <QueryView query={board}>
        {(data) => (
          <>
            <p className="result-count" role="status">
              {t('board.count', { count: data.cards.length })}
              {movedCard && (
                <>
                  {' '}
                  {t('board.moveDone', { name: movedCard.name, stage: t(`stage.${movedCard.stage}`) })}
                </>
              )}
            </p>
            <Board cards={data.cards} stage={filter.stage} move={move} />
          </>
        )}
      </QueryView>
    </>
  );
}
