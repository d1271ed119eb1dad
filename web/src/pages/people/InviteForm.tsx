// "Person einladen": opens the account of a team member, facilitator or funder; the server
// mails them an invitation with a sign-in link. Contact persons are named on their
// municipality's page, so their role is not offered. The form checks that the fields are
// filled in; the rules (an address already registered, …) are the server's, and its
// refusals appear next to the field they concern.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api';
import type { InviteInput } from '../../api/types';
import { SelectField, TextField } from '../../components/fields';
import { useLanguage } from '../../components/useLanguage';
import { INVITABLE_ROLES, LANGUAGES, isInvitableRole, isLanguage, type Language } from '../../domain';
import { LIMITS } from '../../validation';
import { ActionForm, controlId } from '../municipality/actions/ActionForm';
import { errorsOf, makeChecks } from '../municipality/actions/inputs';
import { asCommandResult } from './results';

/** The fields in the order they appear; the server names its field errors the same way. */
export const INVITE_FIELDS = ['name', 'email', 'role', 'language'] as const;

interface Values {
  name: string;
  email: string;
  role: string;
  language: Language;
}

export function InviteForm({
  onDone,
  onSend,
}: {
  onDone: (message: string) => void;
  onSend: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const ui = useLanguage();
  const check = makeChecks(t);
  const empty = (): Values => ({ name: '', email: '', role: '', language: ui });
  const [values, setValues] = useState<Values>(empty);
  const id = 'invite';

  return (
    <ActionForm<InviteInput>
      id={id}
      title={t('people.invite.title')}
      description={t('people.invite.description')}
      submitLabel={t('people.invite.submit')}
      successMessage={t('people.invite.success', { name: values.name.trim(), email: values.email.trim() })}
      fields={INVITE_FIELDS}
      send={async (input) => asCommandResult(await api.inviteUser(input))}
      build={() => {
        const found = errorsOf({
          name: check.text(values.name, LIMITS.name),
          email: check.email(values.email),
          role: check.chosen(values.role),
        });
        if (Object.keys(found).length || !isInvitableRole(values.role)) return { errors: found };
        return {
          command: { role: values.role, name: values.name.trim(), email: values.email.trim(), language: values.language },
        };
      }}
      reset={() => setValues(empty())}
      onDone={onDone}
      onSend={onSend}
    >
      {(errors) => (
        <>
          <fieldset className="form-section">
            <legend>{t('people.invite.sectionPerson')}</legend>
            <TextField
              id={controlId(id, 'name')}
              label={t('people.invite.name')}
              required
              autoComplete="off"
              maxLength={LIMITS.name}
              value={values.name}
              error={errors.name}
              onChange={(e) => setValues((prev) => ({ ...prev, name: e.target.value }))}
            />
            <TextField
              id={controlId(id, 'email')}
              type="email"
              label={t('people.invite.email')}
              hint={t('people.invite.emailHint')}
              required
              autoComplete="off"
              spellCheck={false}
              value={values.email}
              error={errors.email}
              onChange={(e) => setValues((prev) => ({ ...prev, email: e.target.value }))}
            />
          </fieldset>
          <fieldset className="form-section">
            <legend>{t('people.invite.sectionAccess')}</legend>
            <SelectField
              id={controlId(id, 'role')}
              label={t('people.invite.role')}
              hint={t('people.invite.roleHint')}
              required
              placeholder={t('actions.choose')}
              options={INVITABLE_ROLES.map((r) => ({ value: r, label: t(`people.roles.${r}`) }))}
              value={values.role}
              error={errors.role}
              onChange={(e) => setValues((prev) => ({ ...prev, role: e.target.value }))}
            />
            <SelectField
              id={controlId(id, 'language')}
              label={t('people.invite.language')}
              hint={t('people.invite.languageHint')}
              required
              options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
              value={values.language}
              error={errors.language}
              onChange={(e) => {
                const language = e.target.value;
                if (isLanguage(language)) setValues((prev) => ({ ...prev, language }));
              }}
            />
          </fieldset>
        </>
      )}
    </ActionForm>
  );
}
