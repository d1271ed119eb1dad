import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BoardCard as Card } from '../../api/types';
import { Icon } from '../../components/Icon';
import { PATHS } from '../../navigation';
import { MoveMenu } from './MoveMenu';
import type { CardOrder, Direction } from './waitingOrder';

/** "Nach oben" / "Nach unten"; while an order is sent it does nothing (and keeps the focus). */
function OrderButton({
  direction,
  ref,
  name,
  busy,
  onClick,
}: {
  direction: Direction;
  ref: RefObject<HTMLButtonElement | null>;
  name: string;
  busy: boolean;
  onClick: () => void;
}) {
  const { t } = useTranslation();
  const up = direction === 'up';
  return (
    <button
      type="button"
      ref={ref}
      className="button button--secondary button--small"
      aria-label={t(up ? 'board.waitingUpFor' : 'board.waitingDownFor', { name })}
      aria-disabled={busy || undefined}
      onClick={busy ? undefined : onClick}
    >
      <Icon name={up ? 'arrowUp' : 'arrowDown'} size={16} />
      {t(up ? 'board.waitingUp' : 'board.waitingDown')}
    </button>
  );
}

export function BoardCard({
  card,
  canMove = false,
  onMoved,
  takeFocus = false,
  order,
}: {
  card: Card;
  /** Offer "Nächster Schritt" (for the steps the server offers on the card). */
  canMove?: boolean;
  onMoved?: (id: string) => void;
  /** The card was just moved here: its link takes the focus. */
  takeFocus?: boolean;
  /** "Nach oben" / "Nach unten" on the waiting list (the team's). */
  order?: CardOrder | undefined;
}) {
  const { t } = useTranslation();
  const link = useRef<HTMLAnchorElement>(null);
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (takeFocus) link.current?.focus();
  }, [takeFocus]);
  // Moved on the waiting list: the same button keeps the focus, or the other one where the
  // card reached an end.
  const focus = order?.focus ?? null;
  useEffect(() => {
    if (!focus) return;
    const [same, other] = focus.direction === 'up' ? [up, down] : [down, up];
    (same.current ?? other.current)?.focus();
  }, [focus]);
  return (
    <article className={card.overdue ? 'card card--overdue' : 'card'}>
      <h3 className="card__title">
        <Link to={PATHS.municipality(card.id)} ref={link}>
          {card.name}
        </Link>
      </h3>
      <p className="card__meta">{t(`land.${card.land}`)}</p>
      {card.waitingListPlace !== null && <p className="card__place">{t('board.waitingPlace', { place: card.waitingListPlace })}</p>}
      <p className="card__meta">
        <Icon name="clock" size={16} />
        <span>{t('board.daysInStage', { count: card.daysInStage })}</span>
      </p>
      <p className="card__meta">
        <Icon name="person" size={16} />
        <span>
          <span className="visually-hidden">{t('board.facilitator')}: </span>
          {card.facilitator?.name ?? <em>{t('board.noFacilitator')}</em>}
        </span>
      </p>
      {card.overdue && (
        <p className="flag flag--overdue">
          <Icon name="warning" size={16} />
          <span>{t('board.overdue')}</span>
        </p>
      )}
      {card.possibleDuplicates.length > 0 && (
        <p className="flag flag--duplicate">
          <Icon name="warning" size={16} />
          <span>
            {t('board.possibleDuplicate')}{' '}
            {card.possibleDuplicates.map((d, i) => (
              <span key={d.id}>
                {i > 0 && ', '}
                <Link to={PATHS.municipality(d.id)}>{d.name}</Link>
              </span>
            ))}
          </span>
        </p>
      )}
      {(order?.up ?? order?.down) && (
        <div className="card__order">
          {order.up && <OrderButton direction="up" ref={up} name={card.name} busy={order.busy} onClick={order.up} />}
          {order.down && <OrderButton direction="down" ref={down} name={card.name} busy={order.busy} onClick={order.down} />}
        </div>
      )}
      {canMove && onMoved && <MoveMenu card={card} onMoved={onMoved} />}
    </article>
  );
}
