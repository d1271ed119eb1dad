import { useTranslation } from 'react-i18next';
import type { BoardFilter, Person } from '../../api/types';
import { BUNDESLAENDER, STAGES } from '../../domain';

export function BoardFilters({
  filter,
  facilitators,
  onChange,
  onReset,
  active,
}: {
  filter: BoardFilter;
  facilitators: readonly Person[];
  onChange: (key: keyof BoardFilter, value: string) => void;
  onReset: () => void;
  active: boolean;
}) {
  const { t } = useTranslation();
  return (
    <form className="filters" aria-label={t('board.filters')} onSubmit={(e) => e.preventDefault()}>
      <div className="filters__field">
        <label htmlFor="filter-land">{t('board.land')}</label>
        <select id="filter-land" value={filter.land ?? ''} onChange={(e) => onChange('land', e.target.value)}>
          <option value="">{t('board.all')}</option>
          {BUNDESLAENDER.map((land) => (
            <option key={land} value={land}>
              {t(`land.${land}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-stage">{t('board.stage')}</label>
        <select id="filter-stage" value={filter.stage ?? ''} onChange={(e) => onChange('stage', e.target.value)}>
          <option value="">{t('board.all')}</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t(`stage.${stage}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-facilitator">{t('board.facilitator')}</label>
        <select
          id="filter-facilitator"
          value={filter.facilitator ?? ''}
          onChange={(e) => onChange('facilitator', e.target.value)}
        >
          <option value="">{t('board.all')}</option>
          {facilitators.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {active && (
        <button type="button" className="button button--secondary" onClick={onReset}>
          {t('board.reset')}
        </button>
      )}
    </form>
  );
}
