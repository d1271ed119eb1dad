import { useTranslation } from 'react-i18next';
import { formatDate, relativeDue } from '../format';
import { Icon } from './Icon';
import { useToday } from './today';
import { useLanguage } from './useLanguage';

/** "22.11.2026 (in 3 Tagen)"; overdue dates say so in words and with an icon. */
export function DueDate({ due, done = false }: { due: string; done?: boolean }) {
  const language = useLanguage();
  const { t } = useTranslation();
  const rel = relativeDue(due, language, useToday());
  const date = <time dateTime={due}>{formatDate(due, language)}</time>;
  if (done) return date;
  return (
    <span className={rel.overdue ? 'due due--overdue' : 'due'}>
      {rel.overdue && <Icon name="warning" size={16} />}
      {date} <span className="due__relative">({rel.text})</span>
      {rel.overdue && <span className="visually-hidden">, {t('common.overdue')}</span>}
    </span>
  );
}
