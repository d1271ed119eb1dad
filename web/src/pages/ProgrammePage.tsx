// "Programm": the team's programmes (cohorts), each with the address of its interest form,
// a form to create one and, per programme, a form to change its settings. Only the team
// sees this page; the server refuses the calls to anyone else all the same.

import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api';
import { useCurrentUser, useFrameworks, useProgrammes } from '../api/hooks';
import type { CommandResult, FrameworkChoice, Programme, ProgrammeResult } from '../api/types';
import { PageHeading } from '../components/PageHeading';
import { announceProgrammesChanged } from '../components/programmeChoice';
import { QueryView } from '../components/QueryView';
import { Section } from '../components/Section';
import { TeamOnly } from '../components/TeamOnly';
import { useLanguage } from '../components/useLanguage';
import { DEADLINES } from '../domain';
import { formatDate, formatNumber, localeOf } from '../format';
import { ActionForm } from './municipality/actions/ActionForm';
import { ProgrammeForm } from './programme/ProgrammeForm';

/** The full address of a programme's interest form, as people open it. */
export function interestFormUrl(p: Pick<Programme, 'interestFormPath'>, origin = window.location.origin): string {
  return new URL(p.interestFormPath, origin).toString();
}

/** The application period in words: both ends, one of them, or always open. */
export function periodText(
  p: Pick<Programme, 'applicationsOpenOn' | 'applicationsCloseOn'>,
  t: TFunction,
  lang: ReturnType<typeof useLanguage>,
): string {
  const from = p.applicationsOpenOn ? formatDate(p.applicationsOpenOn, lang) : null;
  const to = p.applicationsCloseOn ? formatDate(p.applicationsCloseOn, lang) : null;
  if (from && to) return t('programme.periodBoth', { from, to });
  if (from) return t('programme.periodFrom', { from });
  if (to) return t('programme.periodUntil', { to });
  return t('programme.periodAlways');
}

/** The deadlines in short: "Erstgespräch 10, Entscheidung 14, …" (days). */
export function deadlinesText(p: Pick<Programme, 'deadlines'>, t: TFunction, lang: ReturnType<typeof useLanguage>): string {
  return DEADLINES.map((d) =>
    t('programme.deadlineFact', { label: t(`programme.deadlineShort.${d}`), days: formatNumber(p.deadlines[d], lang) }),
  ).join(', ');
}

/** When reminders go out, in short: "14 und 3 Tage vorher, am Fälligkeitstag, 3 Tage danach". */
export function remindersText(p: Pick<Programme, 'reminders'>, t: TFunction, lang: ReturnType<typeof useLanguage>): string {
  const { daysBefore, onDueDay, daysOverdue } = p.reminders;
  const list = new Intl.ListFormat(localeOf(lang), { type: 'conjunction' });
  // The noun agrees with the last number: "14 und 1 Tag vorher".
  const days = (all: readonly number[]) => ({
    days: list.format(all.map((n) => formatNumber(n, lang))),
    count: all[all.length - 1] ?? 0,
  });
  const parts = [
    daysBefore.length ? t('programme.remindersBefore', days(daysBefore)) : null,
    onDueDay ? t('programme.remindersOnDueDay') : null,
    daysOverdue.length ? t('programme.remindersAfter', days(daysOverdue)) : null,
  ].filter((part): part is string => part !== null);
  return parts.length ? parts.join(', ') : t('programme.remindersNone');
}

/** Drops the programme from a result: the page reloads the list instead. */
function asCommandResult(result: ProgrammeResult): CommandResult {
  return result.ok ? { ok: true } : result;
}

interface CardProps {
  p: Programme;
  frameworks: readonly FrameworkChoice[];
  onCopied: (message: string) => void;
  onDone: (message: string) => void;
  onSend: () => void;
}

function ProgrammeCard({ p, frameworks, onCopied, onDone, onSend }: CardProps) {
  const { t } = useTranslation();
  const api = useApi();
  const lang = useLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const url = interestFormUrl(p);
  const titleId = `programm-${p.id}-title`;
  const addressId = `programm-${p.id}-adresse`;
  const archived = p.archivedOn !== null;

  const copy = () => {
    // Without the Clipboard API (plain http off localhost) the address stays to copy by hand.
    const done = navigator.clipboard?.writeText(url) ?? Promise.reject(new Error('no clipboard'));
    done.then(
      () => onCopied(t('programme.copied', { name: p.name })),
      () => onCopied(t('programme.copyFailed')),
    );
  };

  return (
    <article className="card programme" aria-labelledby={titleId}>
      <h3 id={titleId} className="programme__title">
        {p.name}
      </h3>
      {p.archivedOn && (
        <p className="programme__archived">
          <span className="programme__badge">{t('programme.archivedOn', { date: formatDate(p.archivedOn, lang) })}</span>{' '}
          {t('programme.archivedNote')}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t('programme.framework')}</dt>
          <dd>{p.framework?.title ?? t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('programme.seats')}</dt>
          <dd>{t('programme.seatsValue', { taken: n(p.seatsTaken), capacity: n(p.capacity) })}</dd>
        </div>
        <div>
          <dt>{t('programme.duration')}</dt>
          <dd>{t('programme.months', { count: p.participationMonths, formatted: n(p.participationMonths) })}</dd>
        </div>
        <div>
          <dt>{t('programme.minDialogueEvents')}</dt>
          <dd>{n(p.minDialogueEvents)}</dd>
        </div>
        <div>
          <dt>{t('programme.period')}</dt>
          <dd>{periodText(p, t, lang)}</dd>
        </div>
        <div>
          <dt>{t('programme.reminders')}</dt>
          <dd>{remindersText(p, t, lang)}</dd>
        </div>
        <div className="facts__wide">
          <dt>{t('programme.deadlines')}</dt>
          <dd>{deadlinesText(p, t, lang)}</dd>
        </div>
      </dl>
      <div className="programme__address">
        <p className="programme__address-label">{t('programme.interestForm')}</p>
        <p>
          <code id={addressId}>{url}</code>
        </p>
        <button type="button" className="button button--secondary button--small" aria-describedby={addressId} onClick={copy}>
          {t('programme.copy')}
          <span className="visually-hidden"> ({p.name})</span>
        </button>
      </div>
      {!archived && (
        <div className="actions programme__actions">
          <ProgrammeForm
            id={`programme-${p.id}`}
            programme={p}
            frameworks={frameworks}
            send={async (input) => asCommandResult(await api.changeProgrammeSettings(p.id, input))}
            onDone={onDone}
            onSend={onSend}
          />
          <ActionForm<null>
            id={`programme-${p.id}-archive`}
            title={
              <>
                {t('programme.archive.title')}
                <span className="visually-hidden">: {p.name}</span>
              </>
            }
            description={t('programme.archive.description', { name: p.name })}
            submitLabel={t('programme.archive.submit')}
            successMessage={t('programme.archive.success', { name: p.name })}
            fields={[]}
            send={async () => asCommandResult(await api.archiveProgramme(p.id))}
            build={() => ({ command: null })}
            onDone={onDone}
            onSend={onSend}
            tone="caution"
          >
            {() => null}
          </ActionForm>
        </div>
      )}
    </article>
  );
}

function ProgrammeAdmin() {
  const { t } = useTranslation();
  const api = useApi();
  const programmes = useProgrammes();
  const frameworks = useFrameworks();
  // The announcement after creating or changing a programme; `seq` moves the focus to it
  // each time (as after a step of the journey).
  const [notice, setNotice] = useState<{ message: string; seq: number } | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  // What the copy buttons report, read out by the live region (focus stays on the button).
  const [copied, setCopied] = useState('');
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const { reload } = programmes;
  const onDone = (message: string) => {
    setNotice((prev) => ({ message, seq: (prev?.seq ?? 0) + 1 }));
    reload();
    // The header's programme switch lists the new name, the new programme, the archived mark.
    announceProgrammesChanged();
  };
  const onSend = () => {
    setNotice(null);
    setCopied('');
  };
  const choices = frameworks.status === 'ready' ? frameworks.data : [];

  return (
    <>
      {notice && (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={noticeRef}>
          <p>{notice.message}</p>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {copied}
      </p>
      <Section id="programme" title={t('programme.listTitle')}>
        <QueryView query={programmes}>
          {(list) =>
            list.length ? (
              <div className="programmes">
                {list.map((p) => (
                  <ProgrammeCard
                    key={p.id}
                    p={p}
                    frameworks={choices}
                    onCopied={setCopied}
                    onDone={onDone}
                    onSend={onSend}
                  />
                ))}
              </div>
            ) : (
              <p>{t('programme.none')}</p>
            )
          }
        </QueryView>
      </Section>
      <Section id="anlegen" title={t('programme.newTitle')}>
        <QueryView query={frameworks}>
          {(list) => (
            <ProgrammeForm
              id="create-programme"
              frameworks={list}
              send={async (input) => asCommandResult(await api.createProgramme(input))}
              onDone={onDone}
              onSend={onSend}
              defaultOpen={programmes.status === 'ready' && programmes.data.length === 0}
            />
          )}
        </QueryView>
      </Section>
    </>
  );
}

export default function ProgrammePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const role = me.status === 'ready' ? (me.data?.role ?? null) : undefined;
  return (
    <>
      <PageHeading title={t('programme.title')}>
        {role === 'team' && (
          <>
            <p className="lead">{t('programme.intro')}</p>
            <p className="required-note">{t('common.requiredNote')}</p>
          </>
        )}
      </PageHeading>
      {me.status === 'loading' ? (
        <p className="loading" role="status" data-loading>
          {t('app.loading')}
        </p>
      ) : role === 'team' ? (
        <ProgrammeAdmin />
      ) : (
        <TeamOnly message={t('programme.teamOnly')} signedIn={role !== null} />
      )}
    </>
  );
}
