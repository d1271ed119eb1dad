import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  ContactPerson,
  DetailsCorrection,
  DialogueEvent,
  MergedForm,
  MunicipalityDetail,
  PlannedStep,
  SelfCheckResults,
  SupportItem,
  Task,
  TimelineEntry,
  Workshop,
} from '../../api/types';
import { DueDate } from '../../components/DueDate';
import { Icon } from '../../components/Icon';
import { useLanguage } from '../../components/useLanguage';
import { STAKEHOLDER_GROUPS, sizeClassOf } from '../../domain';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../format';
import { PATHS } from '../../navigation';
import { changeText, roundName } from '../selfcheck/rounds';
import { eventLabel } from './eventLabel';
import { supportWhen } from './supportWhen';

export function Profile({ m }: { m: MunicipalityDetail }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <>
      {m.duplicateOf && (
        // Closed as the same form sent again: which one was kept (team only).
        <div className="alert alert-info duplicate-of">
          <p>
            <Trans
              i18nKey="municipality.duplicateOf"
              components={{ link: <Link to={PATHS.municipality(m.duplicateOf.id)}>{m.duplicateOf.name}</Link> }}
            />
          </p>
        </div>
      )}
      <dl className="facts">
        <div>
          <dt>{t('municipality.land')}</dt>
          <dd>{t(`land.${m.land}`)}</dd>
        </div>
        <div>
          <dt>{t('municipality.kind')}</dt>
          <dd>{t(`kind.${m.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('municipality.population')}</dt>
          <dd>{formatNumber(m.population, lang)}</dd>
        </div>
        <div>
          <dt>{t('municipality.sizeClass')}</dt>
          <dd>{t(`sizeClass.${sizeClassOf(m.population)}`)}</dd>
        </div>
        <div>
          <dt>{t('municipality.stage')}</dt>
          <dd>
            {t(`stage.${m.stage}`)} ({t('board.daysInStage', { count: m.daysInStage })})
          </dd>
        </div>
        <div>
          <dt>{t('municipality.interestOn')}</dt>
          <dd>{formatDate(m.interestOn, lang)}</dd>
        </div>
        {m.interview && (
          <div>
            <dt>{t('municipality.interview')}</dt>
            <dd>
              {formatDateTime(m.interview.at, lang)} · <AppointmentStatus held={m.interview.heldOn !== null} appointment={m.interview} />
            </dd>
          </div>
        )}
        {m.admittedOn && (
          <div>
            <dt>{t('municipality.admittedOn')}</dt>
            <dd>{formatDate(m.admittedOn, lang)}</dd>
          </div>
        )}
        {m.windowEndsOn && (
          <div>
            <dt>{t('municipality.windowEndsOn')}</dt>
            <dd>{formatDate(m.windowEndsOn, lang)}</dd>
          </div>
        )}
      </dl>
      <h3>{t('municipality.motivation')}</h3>
      <p className="prose">{m.motivation}</p>
      <MergedForms forms={m.mergedForms ?? []} />
    </>
  );
}

/**
 * "Zusammengeführte Interessenbekundungen": the forms sent again and merged into this one,
 * each with the day it was sent, its sender and motivation as far as the server gives them
 * to the viewer (the sender to the team, the motivation to the team and the facilitator),
 * and a link to the closed form's page. Nothing without merged forms.
 */
function MergedForms({ forms }: { forms: MergedForm[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!forms.length) return null;
  return (
    <div className="merged-forms">
      <h3>{t('municipality.mergedForms')}</h3>
      <ul className="merged-forms__list">
        {forms.map((f, i) => {
          const sent = formatDate(f.submittedOn, lang);
          const sender = f.submitter;
          return (
            <li key={`${f.fromId}-${String(i)}`} className="merged-form">
              <h4>{t('municipality.mergedForm', { date: sent })}</h4>
              <p className="merged-form__when">{t('municipality.mergedOn', { date: formatDate(f.mergedOn, lang) })}</p>
              {(sender !== null || Boolean(f.motivation)) && (
                <dl className="facts facts--compact">
                  {sender && (
                    <div>
                      <dt>{t('municipality.mergedSender')}</dt>
                      <dd>{sender.name && !sender.erased ? sender.name : t('municipality.mergedErased')}</dd>
                    </div>
                  )}
                  {sender?.role && (
                    <div>
                      <dt>{t('municipality.role')}</dt>
                      <dd>{sender.role}</dd>
                    </div>
                  )}
                  {sender?.email && (
                    <div>
                      <dt>{t('municipality.email')}</dt>
                      <dd>
                        <a href={`mailto:${sender.email}`}>{sender.email}</a>
                      </dd>
                    </div>
                  )}
                  {sender?.phone && (
                    <div>
                      <dt>{t('municipality.phone')}</dt>
                      <dd>
                        <a href={`tel:${sender.phone.replace(/[^\d+]/g, '')}`}>{sender.phone}</a>
                      </dd>
                    </div>
                  )}
                  {f.motivation && (
                    <div>
                      <dt>{t('municipality.motivation')}</dt>
                      <dd className="prose merged-form__motivation">{f.motivation}</dd>
                    </div>
                  )}
                </dl>
              )}
              <p>
                <Link to={PATHS.municipality(f.fromId)}>{t('municipality.mergedLink', { date: sent })}</Link>
              </p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * "Berichtigt": each correction of a person's details, oldest first: the day, by whom, the
 * reason if one was given, and each field that changed, before → after (a dash for none).
 */
function Corrections({ corrections }: { corrections: DetailsCorrection[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const shown = (value: string) => value || t('common.none');
  return (
    <div className="corrections">
      <h4>{t('municipality.corrections')}</h4>
      <ol className="corrections__list">
        {corrections.map((c, i) => (
          <li key={`${c.at}-${String(i)}`}>
            <p className="corrections__when">{t('municipality.correctedBy', { date: formatDate(c.at, lang), by: c.by })}</p>
            {c.reason && <p className="corrections__reason">{t('municipality.correctionReason', { reason: c.reason })}</p>}
            <ul className="corrections__changes">
              {c.changes.map((x) => (
                <li key={x.field}>
                  {x.field}: {shown(x.before)} → {shown(x.after)}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

function ContactCard({ title, person, showSince = true }: { title: string; person: ContactPerson | null; showSince?: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <div className="contact">
      <h3>{title}</h3>
      {person ? (
        <>
          <dl className="facts facts--compact">
            <div>
              <dt className="visually-hidden">{title}</dt>
              <dd className="contact__name">{person.name}</dd>
            </div>
            <div>
              <dt>{t('municipality.role')}</dt>
              <dd>{person.role}</dd>
            </div>
            <div>
              <dt>{t('municipality.email')}</dt>
              <dd>
                <a href={`mailto:${person.email}`}>{person.email}</a>
              </dd>
            </div>
            {person.phone && (
              <div>
                <dt>{t('municipality.phone')}</dt>
                <dd>
                  <a href={`tel:${person.phone.replace(/[^\d+]/g, '')}`}>{person.phone}</a>
                </dd>
              </div>
            )}
            <div>
              <dt>{t('municipality.preferredLanguage')}</dt>
              <dd>{t(`language.${person.language}`)}</dd>
            </div>
            {showSince && (
              <div>
                <dt>{t('municipality.since')}</dt>
                <dd>{formatDate(person.since, lang)}</dd>
              </div>
            )}
          </dl>
          {person.corrections?.length ? <Corrections corrections={person.corrections} /> : null}
        </>
      ) : (
        <p>{t('municipality.notAssigned')}</p>
      )}
    </div>
  );
}

export function Contacts({ m }: { m: MunicipalityDetail }) {
  const { t } = useTranslation();
  return (
    <div className="contacts">
      <ContactCard title={t('municipality.contact')} person={m.contact} />
      <div className="contact">
        <h3>{t('municipality.facilitator')}</h3>
        <p>{m.facilitator?.name ?? t('municipality.notAssigned')}</p>
      </div>
      <ContactCard title={t('municipality.submitter')} person={m.submitter} showSince={false} />
    </div>
  );
}

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!entries.length) return <p>{t('municipality.timelineEmpty')}</p>;
  return (
    <ol className="timeline">
      {entries.map((e) => (
        <li key={e.id}>
          <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
          <p className="timeline__what">{eventLabel(t, e.type)}</p>
          {e.detail && <p className="timeline__detail">{e.detail}</p>}
          <p className="timeline__who">{e.actor}</p>
        </li>
      ))}
    </ol>
  );
}

export function taskTitle(t: TFunction, task: Task): string {
  return task.kind === 'NEXT_STEP' && task.title ? task.title : t(`taskKind.${task.kind}`);
}

export function Tasks({ tasks }: { tasks: Task[] }) {
  const { t } = useTranslation();
  if (!tasks.length) return <p>{t('municipality.tasksEmpty')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('municipality.tasks')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('municipality.task')}</th>
            <th scope="col">{t('municipality.assignee')}</th>
            <th scope="col">{t('municipality.due')}</th>
            <th scope="col">{t('common.status')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.key}>
              <td>{taskTitle(t, task)}</td>
              <td>{t(`assignee.${task.assignee}`)}</td>
              <td>
                <DueDate due={task.due} done={task.state === 'DONE'} />
              </td>
              <td>
                <Status done={task.state === 'DONE'} doneLabel={t('common.done')} openLabel={t('common.open')} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Status({ done, doneLabel, openLabel }: { done: boolean; doneLabel: string; openLabel: string }) {
  return done ? (
    <span className="status status--done">
      <Icon name="check" size={16} />
      {doneLabel}
    </span>
  ) : (
    <span className="status">{openLabel}</span>
  );
}

function pct(value: number | null, lang: 'de' | 'en', none: string): string {
  return value === null ? none : formatPercent(value, lang);
}

/** "2. Selbstcheck: läuft seit …, 5 von 21 Indikatoren beantwortet" for a round not yet submitted. */
function RunningRound({ results }: { results: SelfCheckResults }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const running = results.rounds.find((r) => r.submittedOn === null);
  if (!running) return null;
  const total = results.outline.reduce((sum, f) => sum + f.indicators.length, 0);
  return (
    <p>
      {t('municipality.roundRunning', {
        round: roundName(t, running.round),
        date: formatDate(running.startedOn, lang),
        answered: Object.keys(running.answers).length,
        total,
      })}
    </p>
  );
}

export function SelfCheck({ results }: { results: SelfCheckResults | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!results?.firstSubmittedOn) {
    return (
      <>
        <p>{t('municipality.selfCheckNone')}</p>
        {results && <RunningRound results={results} />}
      </>
    );
  }
  const none = t('common.none');
  const hasSecond = results.secondSubmittedOn !== null;
  return (
    <>
      <p>
        {t('municipality.framework')}: {results.frameworkTitle}.{' '}
        {t('municipality.submittedOn', { date: formatDate(results.firstSubmittedOn, lang) })}
      </p>
      <RunningRound results={results} />
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('municipality.selfCheck')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('municipality.field')}</th>
              <th scope="col" className="num">{t('municipality.first')}</th>
              {hasSecond && <th scope="col" className="num">{t('municipality.second')}</th>}
              {hasSecond && <th scope="col" className="num">{t('municipality.change')}</th>}
              <th scope="col" className="num">{t('municipality.benchmark')}</th>
            </tr>
          </thead>
          <tbody>
            {results.fields.map((f) => (
              <tr key={f.fieldId}>
                <th scope="row">{f.title}</th>
                <td className="num">{pct(f.first, lang, none)}</td>
                {hasSecond && <td className="num">{pct(f.second, lang, none)}</td>}
                {hasSecond && (
                  <td className="num">
                    {changeText(t, f.first, f.second, lang)}
                  </td>
                )}
                <td className="num">{pct(f.benchmark, lang, none)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('municipality.overall')}</th>
              <td className="num">{pct(results.overallFirst, lang, none)}</td>
              {hasSecond && <td className="num">{pct(results.overallSecond, lang, none)}</td>}
              {hasSecond && (
                <td className="num">
                  {changeText(t, results.overallFirst, results.overallSecond, lang)}
                </td>
              )}
              <td className="num">{none}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

/**
 * Planned, held, or "Abgesagt am … – Grund: …" for the interview or the workshop (as a
 * cancelled dialogue event shows it).
 */
function AppointmentStatus({
  held,
  appointment,
}: {
  held: boolean;
  appointment: Pick<Workshop, 'cancelledOn' | 'cancellationReason'>;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (appointment.cancelledOn) {
    const date = formatDate(appointment.cancelledOn, lang);
    return (
      <strong className="event__status--cancelled">
        {appointment.cancellationReason
          ? t('municipality.cancelledWithReason', { date, reason: appointment.cancellationReason })
          : t('municipality.cancelledOn', { date })}
      </strong>
    );
  }
  return <>{held ? t('common.held') : t('common.planned')}</>;
}

/** Who gets a next step's task and reminders: the role, or the colleague by name. */
function stepOwner(t: TFunction, s: PlannedStep): string {
  if (s.owner === 'COLLEAGUE') {
    const name = s.ownerUser?.name ?? '';
    return name === '' ? t('stepOwner.COLLEAGUE') : name;
  }
  return t(`stepOwner.${s.owner ?? 'CONTACT_PERSON'}`);
}

export function WorkshopSection({ workshop }: { workshop: Workshop | null }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!workshop) return <p>{t('municipality.workshopNone')}</p>;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('municipality.when')}</dt>
          <dd>{formatDateTime(workshop.at, lang)}</dd>
        </div>
        <div>
          <dt>{t('municipality.place')}</dt>
          <dd>{workshop.place}</dd>
        </div>
        <div>
          <dt>{t('municipality.facilitator')}</dt>
          <dd>{workshop.facilitator}</dd>
        </div>
        <div>
          <dt>{t('common.status')}</dt>
          <dd>
            <AppointmentStatus held={workshop.held} appointment={workshop} />
          </dd>
        </div>
        {workshop.participants !== null && (
          <div>
            <dt>{t('municipality.participants')}</dt>
            <dd>{formatNumber(workshop.participants, lang)}</dd>
          </div>
        )}
      </dl>
      {workshop.priorities.length > 0 && (
        <>
          <h3>{t('municipality.priorities')}</h3>
          <ul>
            {workshop.priorities.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </>
      )}
      {workshop.actionPlan.length > 0 && (
        <>
          <h3 id="action-plan-title">{t('municipality.actionPlan')}</h3>
          <div className="table-wrap">
            <table aria-labelledby="action-plan-title">
              <thead>
                <tr>
                  <th scope="col">{t('municipality.what')}</th>
                  <th scope="col">{t('municipality.who')}</th>
                  <th scope="col">{t('municipality.owner')}</th>
                  <th scope="col">{t('municipality.byWhen')}</th>
                  <th scope="col">{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {workshop.actionPlan.map((s) =>
                  s.droppedOn ? (
                    // A dropped step: struck through, the state and the reason in words.
                    <tr key={s.id} className="step--dropped">
                      <td>
                        <span className="step__struck">{s.what}</span>
                        <span className="visually-hidden"> ({t('municipality.dropped')})</span>
                      </td>
                      <td>
                        <span className="step__struck">{s.who}</span>
                      </td>
                      <td>
                        <span className="step__struck">{stepOwner(t, s)}</span>
                      </td>
                      <td>
                        <span className="step__struck">{formatDate(s.due, lang)}</span>
                      </td>
                      <td>
                        <strong className="event__status--cancelled">
                          {s.dropReason
                            ? t('municipality.droppedWithReason', { date: formatDate(s.droppedOn, lang), reason: s.dropReason })
                            : t('municipality.droppedOn', { date: formatDate(s.droppedOn, lang) })}
                        </strong>
                      </td>
                    </tr>
                  ) : (
                    <tr key={s.id}>
                      <td>{s.what}</td>
                      <td>{s.who}</td>
                      <td>{stepOwner(t, s)}</td>
                      <td>
                        <DueDate due={s.due} done={s.done} />
                      </td>
                      <td>
                        <Status done={s.done} doneLabel={t('common.done')} openLabel={t('common.open')} />
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

export function SupportSection({ items }: { items: SupportItem[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!items.length) return <p>{t('municipality.supportNone')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('municipality.support')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('municipality.format')}</th>
            <th scope="col">{t('municipality.audience')}</th>
            <th scope="col">{t('common.date')}</th>
            <th scope="col">{t('municipality.topic')}</th>
            <th scope="col">{t('common.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) =>
            s.cancelledOn ? (
              // A cancelled format: struck through, the state and the reason in words (as a
              // cancelled dialogue event).
              <tr key={s.id} className="step--dropped">
                <td>
                  <span className="step__struck">{t(`supportFormat.${s.format}`)}</span>
                </td>
                <td>
                  <span className="step__struck">{t(`audience.${s.audience}`)}</span>
                </td>
                <td>
                  <span className="step__struck">{supportWhen(s, lang)}</span>
                </td>
                <td>
                  <span className="step__struck">{s.topic}</span>
                  <span className="visually-hidden"> ({t('municipality.cancelled')})</span>
                </td>
                <td>
                  <strong className="event__status--cancelled">
                    {s.cancellationReason
                      ? t('municipality.cancelledWithReason', { date: formatDate(s.cancelledOn, lang), reason: s.cancellationReason })
                      : t('municipality.cancelledOn', { date: formatDate(s.cancelledOn, lang) })}
                  </strong>
                </td>
              </tr>
            ) : (
              <tr key={s.id}>
                <td>{t(`supportFormat.${s.format}`)}</td>
                <td>{t(`audience.${s.audience}`)}</td>
                <td>{supportWhen(s, lang)}</td>
                <td>{s.topic}</td>
                <td>{s.held ? t('common.held') : t('common.planned')}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

export function DialogueSection({ events }: { events: DialogueEvent[] }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!events.length) return <p>{t('municipality.dialogueNone')}</p>;
  return (
    <ul className="events">
      {events.map((e) => (
        <li key={e.id} className={e.cancelledOn ? 'event event--cancelled' : 'event'}>
          <h3>
            <span className="event__title">
              {t(`dialogueFormat.${e.format}`)}: {e.topic}
            </span>
            {/* A struck title is not read out as such: the state follows in words. */}
            {e.cancelledOn && <span className="visually-hidden"> ({t('municipality.cancelled')})</span>}
          </h3>
          <p className="event__meta">
            <Icon name="calendar" size={16} />
            <span className="event__when">{formatDateTime(e.at, lang)}</span>
            <Icon name="pin" size={16} />
            <span className="event__when">{e.place}</span>
            {e.cancelledOn ? (
              <strong className="event__status--cancelled">
                · {t('municipality.cancelledOn', { date: formatDate(e.cancelledOn, lang) })}
              </strong>
            ) : (
              <span>· {e.held ? t('common.held') : t('common.planned')}</span>
            )}
          </p>
          {e.cancelledOn && e.cancellationReason && (
            <p className="event__reason">
              <span className="event__reason-label">{t('municipality.cancellationReason')}:</span> {e.cancellationReason}
            </p>
          )}
          {e.attendance && (
            <table className="attendance">
              <caption>{t('municipality.attendance')}</caption>
              <tbody>
                {STAKEHOLDER_GROUPS.map((g) => (
                  <tr key={g}>
                    <th scope="row">{t(`stakeholder.${g}`)}</th>
                    <td className="num">{formatNumber(e.attendance?.[g] ?? 0, lang)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('common.total')}</th>
                  <td className="num">
                    {formatNumber(
                      STAKEHOLDER_GROUPS.reduce((sum, g) => sum + (e.attendance?.[g] ?? 0), 0),
                      lang,
                    )}
                  </td>
                </tr>
              </tfoot>
            </table>
          )}
          {e.outcomes && (
            <>
              <h4>{t('municipality.outcomes')}</h4>
              <p className="prose">{e.outcomes}</p>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
