import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BoardCard as Card } from '../../api/types';
import { Icon } from '../../components/Icon';
import { PATHS } from '../../navigation';
import { MoveMenu } from './MoveMenu';

export function BoardCard({
  card,
  canMove = false,
  onMoved,
  takeFocus = false,
}: {
  card: Card;
  /** Offer "Nächster Schritt" (for the steps the server offers on the card). */
  canMove?: boolean;
  onMoved?: (id: string) => void;
  /** The card was just moved here: its link takes the focus. */
  takeFocus?: boolean;
}) {
  const { t } = useTranslation();
  const link = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (takeFocus) link.current?.focus();
  }, [takeFocus]);
  return (
    <article className={card.overdue ? 'card card--overdue' : 'card'}>
      <h3 className="card__title">
        <Link to={PATHS.municipality(card.id)} ref={link}>
          {card.name}
        </Link>
      </h3>
      <p className="card__meta">{t(`land.${card.land}`)}</p>
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
      {canMove && onMoved && <MoveMenu card={card} onMoved={onMoved} />}
    </article>
  );
}
