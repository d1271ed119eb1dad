import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api';
import { PageHeading } from '../components/PageHeading';
import { PATHS, startPathFor } from '../navigation';

/** Where a browser goes after signing in; a full load, so every part sees the session. */
function goTo(path: string) {
  window.location.replace(path);
}

/**
 * `/anmelden/link#<token>`: where a sign-in link leads. The token travels in the fragment
 * (browsers never send it to the server); this page redeems it, removes it from the
 * address and opens the start page of the user's role.
 */
export default function SignInLinkPage({ navigate = goTo }: { navigate?: (path: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<'working' | 'failed' | 'missing'>(() =>
    window.location.hash.length > 1 ? 'working' : 'missing',
  );
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = decodeURIComponent(window.location.hash.slice(1)).trim();
    // The token is single use: keep it out of the history either way.
    window.history.replaceState(window.history.state, '', window.location.pathname);
    if (!token) return;
    api.signIn(token).then(
      (user) => navigate(startPathFor(user.role)),
      () => setState('failed'),
    );
  }, [api, navigate]);

  return (
    <div className="narrow">
      <PageHeading title={t('signInLink.title')} />
      {state === 'working' ? (
        <p role="status">{t('signInLink.working')}</p>
      ) : (
        <div className="alert alert-error" role="alert">
          <p>{state === 'failed' ? t('signInLink.failed') : t('signInLink.missing')}</p>
          <p>
            <Link to={PATHS.signIn}>{t('signInLink.requestNew')}</Link>
          </p>
        </div>
      )}
    </div>
  );
}
