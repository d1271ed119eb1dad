import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets document.title to "<page> – Lotse" (soft hyphens removed). */
export function usePageTitle(page: string): void {
  const { t } = useTranslation();
  const title = t('app.documentTitle', { page: page.replace(/\u00ad/g, '') });
  useEffect(() => {
    document.title = title;
  }, [title]);
}
