import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PATHS } from '../navigation';

/**
 * What a page for the programme team shows anyone else: `message` says why, and a visitor
 * who is not signed in also gets the way to sign in.
 */
export function TeamOnly({ message, signedIn }: { message: string; signedIn: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info">
      <p>{message}</p>
      {!signedIn && (
        <p>
          <Link to={PATHS.signIn}>{t('nav.signIn')}</Link>
        </p>
      )}
    </div>
  );
}
