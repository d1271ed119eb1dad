// "Personen": everyone with an account of the tenant, grouped by role, with a form to
// invite a team member, facilitator or funder and, per person, what the team can do with
// the account (resend the invitation, change the role, deactivate, reactivate). Only the
// team sees this page; the server refuses the calls to anyone else all the same.

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser, usePeople } from '../api/hooks';
import type { Account } from '../api/types';
import { PageHeading } from '../components/PageHeading';
import { QueryView } from '../components/QueryView';
import { Section } from '../components/Section';
import { TeamOnly } from '../components/TeamOnly';
import { useLanguage } from '../components/useLanguage';
import type { Role } from '../domain';
import { formatNumber } from '../format';
import { InviteForm } from './people/InviteForm';
import { PersonCard } from './people/PersonCard';

/** The groups of the page, in this order. */
export const PEOPLE_GROUPS: readonly Role[] = ['team', 'facilitator', 'contact', 'funder'];

/** Section anchors, e.g. `#prozessbegleitung`. */
const ANCHORS: Record<Role, string> = {
  team: 'programmteam',
  facilitator: 'prozessbegleitung',
  contact: 'ansprechpersonen',
  funder: 'foerderer',
};

function PeopleAdmin({ ownId }: { ownId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const people = usePeople();
  // The announcement after a change; `seq` moves the focus to it each time.
  const [notice, setNotice] = useState<{ message: string; seq: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const { reload } = people;
  const onDone = (message: string) => {
    setNotice((prev) => ({ message, seq: (prev?.seq ?? 0) + 1 }));
    reload();
  };
  const onSend = () => setNotice(null);
  const byName = (a: Account, b: Account) =>
    (a.name ?? '').localeCompare(b.name ?? '', lang) || (a.municipalityName ?? '').localeCompare(b.municipalityName ?? '', lang);

  return (
    <>
      {notice && (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={noticeRef}>
          <p>{notice.message}</p>
        </div>
      )}
      <Section id="einladen" title={t('people.inviteTitle')}>
        <InviteForm onDone={onDone} onSend={onSend} />
      </Section>
      <QueryView query={people}>
        {(list) => (
          <>
            <nav className="people__jump" aria-label={t('people.jumpLabel')}>
              <ul>
                {PEOPLE_GROUPS.map((role) => (
                  <li key={role}>
                    <a href={`#${ANCHORS[role]}`}>{t(`people.groups.${role}`)}</a>
                  </li>
                ))}
              </ul>
            </nav>
            {PEOPLE_GROUPS.map((role) => {
              const members = list.filter((a) => a.role === role).sort(byName);
              return (
                <Section key={role} id={ANCHORS[role]} title={t(`people.groups.${role}`)}>
                  <p className="people__count">
                    {t('people.count', { count: members.length, formatted: formatNumber(members.length, lang) })}
                    {role === 'contact' && ` ${t('people.contactNote')}`}
                  </p>
                  {members.length > 0 && (
                    <ul className="people">
                      {members.map((a) => (
                        <li key={a.id}>
                          <PersonCard account={a} own={a.id === ownId} onDone={onDone} onSend={onSend} />
                        </li>
                      ))}
                    </ul>
                  )}
                </Section>
              );
            })}
          </>
        )}
      </QueryView>
    </>
  );
}

export default function PeoplePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const user = me.status === 'ready' ? me.data : undefined;
  const role = me.status === 'ready' ? (me.data?.role ?? null) : undefined;
  return (
    <>
      <PageHeading title={t('people.title')}>
        {role === 'team' && (
          <>
            <p className="lead">{t('people.intro')}</p>
            <p className="required-note">{t('common.requiredNote')}</p>
          </>
        )}
      </PageHeading>
      {me.status === 'loading' ? (
        <p className="loading" role="status" data-loading>
          {t('app.loading')}
        </p>
      ) : role === 'team' && user ? (
        <PeopleAdmin ownId={user.id} />
      ) : (
        <TeamOnly message={t('people.teamOnly')} signedIn={role !== null} />
      )}
    </>
  );
}
