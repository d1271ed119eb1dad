import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useApi } from '../api';
import { useCurrentUser } from '../api/hooks';
import { PATHS, navFor } from '../navigation';
import { requestHeadingFocus } from './focus';
import { LanguageSwitch } from './LanguageSwitch';
import { ProgrammeSwitch } from './programmeChoice';

/** After client-side navigation, move focus to the new page's heading (or <main>). */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    requestHeadingFocus();
  }, [pathname]);
}

/** Ends the session, then loads the sign-in page afresh (no data of the session stays). */
function SignOutButton() {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  return (
    <>
      <button
        type="button"
        className="button--on-dark"
        disabled={state === 'busy'}
        onClick={() => {
          setState('busy');
          api.signOut().then(
            () => window.location.assign(PATHS.signIn),
            () => setState('failed'),
          );
        }}
      >
        {t('app.signOut')}
      </button>
      {state === 'failed' && <span role="alert">{t('app.signOutFailed')}</span>}
    </>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  useFocusOnNavigation();
  const signedIn = user.status === 'ready' ? user.data : null;
  const items = user.status === 'loading' ? [] : navFor(signedIn?.role ?? null);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <div className="site-header__bar">
          <Link to={PATHS.board} className="brand">
            <span className="brand__name">{t('app.name')}</span>
            {signedIn?.organisation && <span className="brand__programme">{signedIn.organisation}</span>}
          </Link>
          <div className="site-header__tools">
            {signedIn && signedIn.role !== 'contact' && <ProgrammeSwitch />}
            {signedIn && <span className="signed-in">{t('app.signedInAs', { name: signedIn.name })}</span>}
            {signedIn?.role === 'team' && <NavLink to={PATHS.notifications}>{t('notifications.title')}</NavLink>}
            {signedIn && <SignOutButton />}
            <LanguageSwitch />
          </div>
        </div>
        <nav aria-label={t('app.mainNav')} className="main-nav">
          <ul>
            {items.map((item) => (
              <li key={item.key}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {t(`nav.${item.key}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense
          fallback={
            <p className="loading" role="status" data-loading>
              {t('app.loading')}
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
        <ul className="site-footer__links">
          <li>
            <Link to={PATHS.interest}>{t('nav.interest')}</Link>
          </li>
          <li>
            <Link to={PATHS.signIn}>{t('nav.signIn')}</Link>
          </li>
        </ul>
      </footer>
    </>
  );
}
