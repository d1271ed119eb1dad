import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../../components/Icon';

export interface Step {
  title: string;
  complete: boolean;
}

/** Step list; the current step is marked with aria-current="step". */
export function Stepper({ steps, current, href }: { steps: Step[]; current: number; href: (n: number) => string }) {
  const { t } = useTranslation();
  return (
    <nav className="stepper" aria-label={t('selfCheck.steps')}>
      <ol>
        {steps.map((s, i) => {
          const n = i + 1;
          return (
            <li key={n} className={n === current ? 'stepper__item stepper__item--current' : 'stepper__item'}>
              <Link to={href(n)} aria-current={n === current ? 'step' : undefined}>
                <span className="stepper__number" aria-hidden="true">
                  {s.complete ? <Icon name="check" size={16} /> : n}
                </span>
                <span className="stepper__title">{s.title}</span>
                {s.complete && <span className="visually-hidden"> ({t('selfCheck.complete')})</span>}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
