// "Benachrichtigungen": how a team member hears of new interest forms: a mail for each as
// it comes in (the server's default), one each morning with the day before's, or none (the
// board and the weekly overview show them all the same). The mails about new forms point
// here. Only the team has the choice; the server refuses it to anyone else all the same.

import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { useCurrentUser } from '../api/hooks';
import { Icon } from '../components/Icon';
import { PageHeading } from '../components/PageHeading';
import { QueryView } from '../components/QueryView';
import { RadioGroup } from '../components/fields';
import { TeamOnly } from '../components/TeamOnly';
import { FORM_ALERTS, isFormAlerts, type FormAlerts } from '../domain';

type Outcome = { kind: 'saved'; alerts: FormAlerts } | { kind: 'refused'; message: string } | null;

/** The team member's choice, `current` at first (as the server has it), saved with the button. */
function FormAlertsChoice({ current }: { current: FormAlerts }) {
  const { t } = useTranslation();
  const api = useApi();
  const [choice, setChoice] = useState<FormAlerts>(current);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    // Emptied first, so that saving the same choice again is announced again.
    setOutcome(null);
    setBusy(true);
    try {
      const result = await api.chooseFormAlerts(choice);
      if (result.ok) {
        setChoice(result.alerts);
        setOutcome({ kind: 'saved', alerts: result.alerts });
      } else {
        setOutcome({ kind: 'refused', message: result.refusal.message });
      }
    } catch {
      setOutcome({ kind: 'refused', message: t('actions.failed') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form noValidate className="notifications" onSubmit={(e) => void submit(e)}>
      <RadioGroup
        name="form-alerts"
        legend={t('notifications.formAlerts.legend')}
        hint={t('notifications.formAlerts.hint')}
        options={FORM_ALERTS.map((value) => ({ value, label: t(`notifications.formAlerts.options.${value}`) }))}
        value={choice}
        onChange={(value) => {
          if (isFormAlerts(value)) setChoice(value);
        }}
      />
      {/* Always there, so that screen readers announce what appears in it. */}
      <div role="status" className="notifications__status">
        {outcome?.kind === 'saved' && (
          <p className="alert alert-success">{t(`notifications.formAlerts.saved.${outcome.alerts}`)}</p>
        )}
      </div>
      {outcome?.kind === 'refused' && (
        <div className="alert alert-error" role="alert">
          <p>
            <Icon name="warning" size={16} />
            <span>{outcome.message}</span>
          </p>
        </div>
      )}
      <div>
        <button type="submit" className="button" disabled={busy}>
          {t('notifications.save')}
        </button>
      </div>
    </form>
  );
}

export default function NotificationsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <>
      <PageHeading title={t('notifications.title')} />
      <QueryView query={me}>
        {(user) =>
          user?.role === 'team' ? (
            <>
              <p className="lead">{t('notifications.intro')}</p>
              {/* A team member without a choice yet has the server's default. */}
              <FormAlertsChoice current={user.formAlerts ?? 'AT_ONCE'} />
            </>
          ) : (
            <TeamOnly message={t('notifications.teamOnly')} signedIn={user !== null} />
          )
        }
      </QueryView>
    </>
  );
}
