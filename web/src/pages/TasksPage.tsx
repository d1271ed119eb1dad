import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser, useMunicipality, useMyTasks } from '../api/hooks';
import { useApi } from '../api/index';
import type { MunicipalityDetail, Task, UpcomingDate } from '../api/types';
import { DueDate } from '../components/DueDate';
import { Icon } from '../components/Icon';
import { PageHeading } from '../components/PageHeading';
import { QueryView } from '../components/QueryView';
import { Section } from '../components/Section';
import { useLanguage } from '../components/useLanguage';
import { formatDate, formatDateTime, relativeDue } from '../format';
import { PATHS } from '../navigation';
import { NextSteps, stepsWithForm } from './municipality/actions/NextSteps';
import { taskTitle } from './municipality/sections';
import { roundName } from './selfcheck/rounds';

/** The step id of an action-plan task (`step-<id>`), or null for other tasks. */
export function nextStepId(task: Task): string | null {
  return task.kind === 'NEXT_STEP' && task.key.startsWith('step-') ? task.key.slice('step-'.length) : null;
}

/** "Mark as done" for a next step of the action plan: runs the real command. */
function MarkDone({ task, onDone }: { task: Task; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const stepId = nextStepId(task);
  if (!stepId) return null;
  const errorId = `done-error-${stepId}`;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await api.runCommand(task.municipalityId, { kind: 'completeNextStep', stepId });
      if (result.ok) onDone(t('tasks.markedDone', { title: taskTitle(t, task) }));
      else setError(result.refusal.message);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p className="task__link">
      <button type="button" className="button button--secondary button--small" disabled={busy} aria-describedby={error ? errorId : undefined} onClick={() => void run()}>
        {busy ? t('tasks.markingDone') : t('tasks.markDone')}
      </button>
      {error && (
        <span id={errorId} className="field-error" role="alert">
          <Icon name="warning" size={16} /> {error}
        </span>
      )}
    </p>
  );
}

function TaskItem({ task, onDone }: { task: Task; onDone?: (message: string) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const overdue = task.state === 'OPEN' && relativeDue(task.due, language).overdue;
  const link =
    task.kind === 'SUBMIT_SELF_CHECK' ? (
      <Link to={PATHS.selfCheck}>{t('tasks.goSelfCheck')}</Link>
    ) : (
      <Link to={PATHS.municipality(task.municipalityId)}>{t('tasks.goMunicipality')}</Link>
    );
  return (
    <li className={overdue ? 'task task--overdue' : 'task'}>
      <h3 className="task__title">{taskTitle(t, task)}</h3>
      <p className="task__meta">
        <span>{t('municipality.due')}: </span>
        <DueDate due={task.due} done={task.state === 'DONE'} />
      </p>
      <p className="task__meta">
        {t('tasks.municipality')}: {task.municipalityName}
      </p>
      {task.state === 'OPEN' && <p className="task__link">{link}</p>}
      {task.state === 'OPEN' && onDone && <MarkDone task={task} onDone={onDone} />}
    </li>
  );
}

function Upcoming({ items }: { items: UpcomingDate[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (!items.length) return <p>{t('tasks.noUpcoming')}</p>;
  return (
    <ul className="upcoming">
      {items.map((u) => (
        <li key={u.id}>
          <p className="upcoming__when">
            <Icon name="calendar" size={16} />
            <time dateTime={u.allDay ? u.at.slice(0, 10) : u.at}>
              {u.allDay ? formatDate(u.at.slice(0, 10), language) : formatDateTime(u.at, language)}
            </time>
          </p>
          <p className="upcoming__what">
            <strong>{t(`upcoming.${u.kind}`)}:</strong> {u.title}
          </p>
          {u.place && (
            <p className="upcoming__where">
              <Icon name="pin" size={16} />
              {u.place}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * For contact persons after the workshop: the next round of the self-check, when the server
 * offers to start one, and while it runs, how far it is (the first round has its own task).
 */
function NextSelfCheckRound({ m }: { m: MunicipalityDetail }) {
  const { t } = useTranslation();
  const rounds = m.selfCheck?.rounds ?? [];
  const running = rounds.find((r) => r.submittedOn === null && r.round > 1);
  const offered = rounds.length > 0 && m.availableSteps.includes('startSelfCheck');
  if (!running && !offered) return null;
  const round = roundName(t, running?.round ?? rounds.length + 1);
  const total = m.selfCheck?.outline.reduce((sum, f) => sum + f.indicators.length, 0) ?? 0;
  return (
    <Section id="selbstcheck" title={t('tasks.nextRoundTitle')}>
      <p>
        {running
          ? t('tasks.roundRunning', { round, answered: Object.keys(running.answers).length, total })
          : t('tasks.nextRoundText')}
      </p>
      <p>
        <Link className="button" to={PATHS.selfCheck}>
          {running ? t('tasks.continueRound', { round }) : t('tasks.goNextRound', { round })}
        </Link>
      </p>
    </Section>
  );
}

/**
 * For contact persons: their municipality's next self-check round (when offered) and its
 * dialogue events, planned and recorded with the forms of the municipality page (the steps
 * with a form the server offers them; not shown when nothing can be done, e.g. after
 * completion).
 */
function OwnMunicipality({ municipalityId, onChanged }: { municipalityId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const query = useMunicipality(municipalityId);
  const { reload } = query;
  const m = query.status === 'ready' ? query.data : null;
  return (
    <>
      {m && <NextSelfCheckRound m={m} />}
      {!(query.status === 'ready' && (!query.data || !stepsWithForm(query.data).length)) && (
        <Section id="dialoge" title={t('municipality.dialogue')} className="section--steps">
          <QueryView query={query}>
            {(page) =>
              page && (
                <NextSteps
                  m={page}
                  onChanged={() => {
                    reload();
                    onChanged();
                  }}
                />
              )
            }
          </QueryView>
        </Section>
      )}
    </>
  );
}

export default function TasksPage() {
  const { t } = useTranslation();
  const query = useMyTasks();
  const me = useCurrentUser();
  const own = me.status === 'ready' && me.data?.role === 'contact' ? me.data.municipalityId : undefined;
  const [announcement, setAnnouncement] = useState('');
  const { reload } = query;
  const markedDone = (message: string) => {
    setAnnouncement(message);
    reload();
  };
  return (
    <>
      <PageHeading title={t('tasks.title')}>
        <p className="lead">{t('tasks.intro')}</p>
      </PageHeading>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <QueryView query={query}>
        {({ tasks, upcoming }) => {
          const open = tasks.filter((x) => x.state === 'OPEN');
          const done = tasks.filter((x) => x.state === 'DONE');
          return (
            <div className="two-columns">
              <div>
                <Section id="offen" title={t('tasks.open')}>
                  {open.length ? (
                    <ul className="tasks">
                      {open.map((task) => (
                        <TaskItem key={`${task.municipalityId}:${task.key}`} task={task} onDone={markedDone} />
                      ))}
                    </ul>
                  ) : (
                    <p>{t('tasks.none')}</p>
                  )}
                </Section>
                {own && <OwnMunicipality municipalityId={own} onChanged={reload} />}
                <Section id="erledigt" title={t('tasks.done')}>
                  {done.length ? (
                    <ul className="tasks tasks--done">
                      {done.map((task) => (
                        <TaskItem key={`${task.municipalityId}:${task.key}`} task={task} />
                      ))}
                    </ul>
                  ) : (
                    <p>{t('tasks.noneDone')}</p>
                  )}
                </Section>
              </div>
              <Section id="termine" title={t('tasks.upcoming')}>
                <Upcoming items={upcoming} />
              </Section>
            </div>
          );
        }}
      </QueryView>
    </>
  );
}
