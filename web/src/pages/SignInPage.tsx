import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../api';
import { PageHeading } from '../components/PageHeading';
import { TextField } from '../components/fields';
import { useLanguage } from '../components/useLanguage';
import { PATHS } from '../navigation';
import { checkEmail } from '../validation';

export default function SignInPage() {
  const { t } = useTranslation();
  const api = useApi();
  const language = useLanguage();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const confirmation = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const code = checkEmail(email);
    if (code) {
      setError(t(`errors.${code}`));
      input.current?.focus();
      return;
    }
    setError(undefined);
    setState('sending');
    await api.requestSignInLink(email.trim(), language);
    setState('sent');
    requestAnimationFrame(() => confirmation.current?.focus());
  }

  return (
    <div className="narrow">
      <PageHeading title={t('signIn.title')} />
      {state === 'sent' ? (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={confirmation}>
          <h2>{t('signIn.sentTitle')}</h2>
          <p>{t('signIn.sentText', { email: email.trim() })}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setState('idle');
              setEmail('');
            }}
          >
            {t('signIn.otherAddress')}
          </button>
        </div>
      ) : (
        <>
          <p className="lead">{t('signIn.intro')}</p>
          <form onSubmit={(e) => void submit(e)} noValidate className="stack">
            <TextField
              ref={input}
              id="sign-in-email"
              label={t('signIn.email')}
              type="email"
              autoComplete="email"
              inputMode="email"
              spellCheck={false}
              required
              value={email}
              error={error}
              onChange={(e) => setEmail(e.target.value)}
            />
            <div>
              <button type="submit" className="button" disabled={state === 'sending'}>
                {state === 'sending' ? t('signIn.sending') : t('signIn.submit')}
              </button>
            </div>
          </form>
        </>
      )}
      <p className="aside">
        {t('signIn.publicHint')} <Link to={PATHS.interest}>{t('nav.interest')}</Link>
      </p>
    </div>
  );
}
