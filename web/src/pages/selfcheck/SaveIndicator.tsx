import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useLanguage } from '../../components/useLanguage';
import { formatTime } from '../../format';
import type { SaveStatus } from './useAutosave';

/** Autosave state as a polite live region. */
export function SaveIndicator({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  let text: string;
  switch (status.kind) {
    case 'idle':
      text = t('selfCheck.unchanged');
      break;
    case 'saving':
      text = t('selfCheck.saving');
      break;
    case 'saved':
      text = t('selfCheck.saved', { time: formatTime(status.at, lang) });
      break;
    case 'error':
      text = t('selfCheck.saveFailed');
      break;
  }
  return (
    <p className={`save-indicator save-indicator--${status.kind}`} role="status">
      {status.kind === 'saved' && <Icon name="check" size={16} />}
      {status.kind === 'error' && <Icon name="warning" size={16} />}
      <span>{text}</span>
    </p>
  );
}
