import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useBoard, useCurrentUser } from '../api/hooks';
import type { BoardCard as Card, BoardFilter, Person } from '../api/types';
import { AsOf, parseDay } from '../components/AsOf';
import { Icon } from '../components/Icon';
import { PageHeading } from '../components/PageHeading';
import { PROGRAMME_PARAM, useChosenProgrammeId } from '../components/programmeChoice';
import { QueryView } from '../components/QueryView';
import { useLanguage } from '../components/useLanguage';
import { STAGES, type Stage } from '../domain';
import { formatDate } from '../format';
import { BoardCard } from './board/BoardCard';
import { BoardFilters } from './board/BoardFilters';
import { filterFromParams, hasFilter, withFilter } from './board/filters';
import { byPlace, useWaitingOrder, type CardOrder, type Ordering, type Reordered } from './board/waitingOrder';

const AS_OF_PARAM = 'stand';

interface MoveProps {
  canMove: boolean;
  onMoved: (id: string) => void;
  moved: string | null;
}

interface ColumnProps {
  stage: Stage;
  cards: Card[];
  move: MoveProps;
  /** The waiting list's up and down controls of a card (its index in `cards`). */
  order?: ((card: Card, index: number) => CardOrder | undefined) | undefined;
  /** Shown above the cards (a refusal, a hint). */
  notice?: ReactNode;
}

function Column({ stage, cards, move, order, notice }: ColumnProps) {
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
      {notice}
      {cards.length ? (
        <ul className="board__cards">
          {cards.map((card, index) => (
            <li key={card.id}>
              <BoardCard
                card={card}
                canMove={move.canMove}
                onMoved={move.onMoved}
                takeFocus={move.moved === card.id}
                order={order?.(card, index)}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="board__empty">{t('board.columnEmpty')}</p>
      )}
    </section>
  );
}

/**
 * The waiting list, by place; for the team "Nach oben" / "Nach unten" on each card
 * (`ordering`, null where the list cannot be ordered), or a hint when a filter hides
 * part of the list.
 */
function WaitingColumn({
  cards,
  move,
  ordering,
  hint,
}: {
  cards: Card[];
  move: MoveProps;
  ordering: Ordering | null;
  hint: boolean;
}) {
  const { t } = useTranslation();
  const { controls, error } = useWaitingOrder(cards, ordering);
  const notice = error ? (
    <p className="field-error" role="alert">
      <Icon name="warning" size={16} />
      <span>{error}</span>
    </p>
  ) : hint && cards.length > 0 ? (
    <p className="board__hint">{t('board.waitingFiltered')}</p>
  ) : null;
  return <Column stage="WAITING_LIST" cards={cards} move={move} order={controls} notice={notice} />;
}

interface BoardProps {
  cards: Card[];
  stage?: Stage | undefined;
  move: MoveProps;
  ordering: Ordering | null;
  /** The team would order the waiting list but a filter hides part of it. */
  orderHint: boolean;
}

function Board({ cards, stage, move, ordering, orderHint }: BoardProps) {
  const { t } = useTranslation();
  const byStage = useMemo(() => {
    const map = new Map<Stage, Card[]>(STAGES.map((s) => [s, []]));
    // The longest in their stage first; the waiting list by place.
    for (const card of [...cards].sort((a, b) => byPlace(a, b) || b.daysInStage - a.daysInStage)) map.get(card.stage)?.push(card);
    return map;
  }, [cards]);
  const stages = stage ? [stage] : STAGES;
  return (
    // The board scrolls sideways; as a focusable region it can be scrolled by keyboard.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="board" role="region" aria-label={t('board.columns')} tabIndex={0}>
      {stages.map((s) =>
        s === 'WAITING_LIST' ? (
          <WaitingColumn key={s} cards={byStage.get(s) ?? []} move={move} ordering={ordering} hint={orderHint} />
        ) : (
          <Column key={s} stage={s} cards={byStage.get(s) ?? []} move={move} />
        ),
      )}
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
  const me = useCurrentUser();
  const team = me.status === 'ready' && me.data?.role === 'team';
  const [moved, setMoved] = useState<string | null>(null);
  const [reordered, setReordered] = useState<Reordered | null>(null);
  const move: MoveProps = {
    // Which cards offer steps, and which, is the server's answer (none in a past view).
    canMove: !asOf,
    onMoved: (id) => {
      setMoved(id);
      setReordered(null);
      board.reload();
    },
    moved,
  };
  const cards = board.status === 'ready' ? board.data.cards : [];
  const movedCard = moved ? cards.find((c) => c.id === moved) : undefined;
  // The team orders the waiting list now, and only where the board shows all of it.
  const wouldOrder = team && !asOf;
  const wholeList = !filter.land && !filter.facilitator;
  const programmeOfBoard = board.status === 'ready' ? board.data.programmeId : null;
  const ordering: Ordering | null =
    wouldOrder && wholeList && programmeOfBoard
      ? {
          programmeId: programmeOfBoard,
          reordered,
          onOrdered: (m) => {
            setMoved(null);
            setReordered(m);
            board.reload();
          },
          reload: board.reload,
        }
      : null;
  // Said once the card shows its new place.
  const reorderedCard = reordered ? cards.find((c) => c.id === reordered.id && c.waitingListPlace === reordered.place) : undefined;

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
              {reorderedCard && (
                <>
                  {' '}
                  {t('board.waitingMoved', { name: reorderedCard.name, place: reorderedCard.waitingListPlace })}
                </>
              )}
            </p>
            <Board
              cards={data.cards}
              stage={filter.stage}
              move={move}
              ordering={ordering}
              orderHint={wouldOrder && !wholeList}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
