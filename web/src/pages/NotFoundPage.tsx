import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="narrow">
      <PageHeading title={t('app.notFoundTitle')} />
      <p>{t('app.notFoundText')}</p>
    </div>
  );
}
