// One person on the "Personen" page: name, e-mail, status (and a contact person's
// municipality), and what the team can do with the account. Which of these the page
// offers follows the server's rules (not one's own account, a contact person's role never
// changes, invitations only to active team, facilitator and funder accounts); the server
// decides all the same, and its refusals appear in the form.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api';
import type { Account } from '../../api/types';
import { SelectField } from '../../components/fields';
import { INVITABLE_ROLES, isInvitableRole, type InvitableRole } from '../../domain';
import { PATHS } from '../../navigation';
import { ActionForm, controlId } from '../municipality/actions/ActionForm';
import { errorsOf, makeChecks } from '../municipality/actions/inputs';
import { asCommandResult } from './results';

export type AccountStatus = 'active' | 'inactive' | 'replaced';

/** Deactivated comes first: it is what the team can undo here. */
export function statusOf(a: Pick<Account, 'active' | 'replaced'>): AccountStatus {
  if (!a.active) return 'inactive';
  return a.replaced ? 'replaced' : 'active';
}

interface Props {
  account: Account;
  /** The viewer's own account: shown, but not changed here. */
  own: boolean;
  onDone: (message: string) => void;
  onSend: () => void;
}

/** Context for screen readers on the repeated titles ("Deaktivieren: Grace Okafor"). */
function Whom({ name }: { name: string }) {
  return <span className="visually-hidden">: {name}</span>;
}

function ChangeRoleForm({ account, name, onDone, onSend }: { account: Account; name: string } & Omit<Props, 'own' | 'account'>) {
  const { t } = useTranslation();
  const api = useApi();
  const check = makeChecks(t);
  const [role, setRole] = useState('');
  const id = `person-${account.id}-change-role`;
  const label = isInvitableRole(role) ? t(`people.roles.${role}`) : '';
  return (
    <ActionForm<InvitableRole>
      id={id}
      title={
        <>
          {t('people.changeRole.title')}
          <Whom name={name} />
        </>
      }
      description={t('people.changeRole.description', { name, role: t(`people.roles.${account.role}`) })}
      submitLabel={t('people.changeRole.submit')}
      successMessage={t('people.changeRole.success', { name, role: label })}
      fields={['role']}
      send={async (next) => asCommandResult(await api.changeUserRole(account.id, next))}
      build={() => {
        const found = errorsOf({ role: check.chosen(role) });
        return isInvitableRole(role) ? { command: role } : { errors: found };
      }}
      reset={() => setRole('')}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <SelectField
          id={controlId(id, 'role')}
          label={t('people.changeRole.newRole')}
          required
          placeholder={t('actions.choose')}
          options={INVITABLE_ROLES.filter((r) => r !== account.role).map((r) => ({ value: r, label: t(`people.roles.${r}`) }))}
          value={role}
          error={errors.role}
          onChange={(e) => setRole(e.target.value)}
        />
      )}
    </ActionForm>
  );
}

export function PersonCard({ account: a, own, onDone, onSend }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const name = a.name ?? t('people.erased');
  const status = statusOf(a);
  const titleId = `person-${a.id}-title`;
  const contact = a.role === 'contact';
  const id = (action: string) => `person-${a.id}-${action}`;

  return (
    <article className="card person" aria-labelledby={titleId}>
      <h3 id={titleId} className="person__name">
        {name}
        {own && <span className="person__you"> ({t('people.you')})</span>}
      </h3>
      <dl className="facts person__facts">
        <div>
          <dt>{t('people.email')}</dt>
          <dd className="person__email">{a.email ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('people.status')}</dt>
          <dd>
            <span className={`person__status person__status--${status}`}>{t(`people.statuses.${status}`)}</span>
          </dd>
        </div>
        {contact && (
          <div>
            <dt>{t('people.municipality')}</dt>
            <dd>
              {a.municipalityId ? (
                <Link to={PATHS.municipality(a.municipalityId)}>{a.municipalityName ?? a.municipalityId}</Link>
              ) : (
                t('common.none')
              )}
            </dd>
          </div>
        )}
      </dl>
      {status === 'replaced' && <p className="hint">{t('people.replacedHint')}</p>}
      {own ? (
        <p className="hint">{t('people.ownNote')}</p>
      ) : (
        <div className="actions person__actions">
          {a.active && !contact && (
            <ActionForm<null>
              id={id('resend')}
              title={
                <>
                  {t('people.resend.title')}
                  <Whom name={name} />
                </>
              }
              description={t('people.resend.description', { name, email: a.email ?? '' })}
              submitLabel={t('people.resend.submit')}
              successMessage={t('people.resend.success', { name })}
              fields={[]}
              send={async () => asCommandResult(await api.resendInvitation(a.id))}
              build={() => ({ command: null })}
              onDone={onDone}
              onSend={onSend}
            >
              {() => null}
            </ActionForm>
          )}
          {!contact && <ChangeRoleForm account={a} name={name} onDone={onDone} onSend={onSend} />}
          {a.active ? (
            <ActionForm<null>
              id={id('deactivate')}
              title={
                <>
                  {t('people.deactivate.title')}
                  <Whom name={name} />
                </>
              }
              description={t('people.deactivate.description', { name })}
              submitLabel={t('people.deactivate.submit')}
              successMessage={t('people.deactivate.success', { name })}
              fields={[]}
              send={async () => asCommandResult(await api.deactivateUser(a.id))}
              build={() => ({ command: null })}
              onDone={onDone}
              onSend={onSend}
              tone="caution"
            >
              {() => null}
            </ActionForm>
          ) : (
            <ActionForm<null>
              id={id('reactivate')}
              title={
                <>
                  {t('people.reactivate.title')}
                  <Whom name={name} />
                </>
              }
              description={t(contact ? 'people.reactivate.descriptionContact' : 'people.reactivate.description', { name })}
              submitLabel={t('people.reactivate.submit')}
              successMessage={t('people.reactivate.success', { name })}
              fields={[]}
              send={async () => asCommandResult(await api.reactivateUser(a.id))}
              build={() => ({ command: null })}
              onDone={onDone}
              onSend={onSend}
            >
              {() => null}
            </ActionForm>
          )}
        </div>
      )}
    </article>
  );
}
