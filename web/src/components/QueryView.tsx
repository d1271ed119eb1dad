import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/graphql';
import type { QueryState } from '../api/hooks';
import { PATHS } from '../navigation';

/** Renders loading and error states of a query, and `children(data)` once it is ready. */
export function QueryView<T>({
  query,
  children,
}: {
  query: QueryState<T> & { reload: () => void };
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (query.status === 'loading') {
    return (
      <p className="loading" role="status" data-loading>
        {t('app.loading')}
      </p>
    );
  }
  if (query.status === 'error' && query.error instanceof ApiError && query.error.code === 'UNAUTHENTICATED') {
    // The session ended (signed out elsewhere, expired, or the account was deactivated):
    // not a failure to retry but a reason to sign in again.
    return (
      <div className="alert alert-info" role="alert">
        <p>{t('app.sessionEnded')}</p>
        <Link to={PATHS.signIn} className="button">
          {t('app.signInAgain')}
        </Link>
      </div>
    );
  }
  if (query.status === 'error') {
    return (
      <div className="alert alert-error" role="alert">
        <p>{t('app.loadError')}</p>
        <button type="button" className="button" onClick={query.reload}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}
