//! # lotse-jobs
//!
//! Background jobs on apalis with SQL storage (apalis-postgres on PostgreSQL, apalis-sqlite
//! on SQLite, chosen by the database URL):
//!
//! - the **scan** (every minute by [`Jobs::spawn_scanner`]) reads the live projections once
//!   and finds the due reminders ([`lotse_domain::reminders`]), journey mails
//!   ([`lotse_domain::notices`]) and weekly digests. It enqueues one [`Delivery`] per
//!   reminder ([`Jobs::scan`]) and one [`NoticeDelivery`] per mail ([`Jobs::scan_notices`]).
//!   The operational table `mail_outbox` makes "enqueue" happen once per key even with two
//!   scanners: only the scanner that inserts the row enqueues.
//! - the **delivery job** ([`Jobs::deliver`]) checks the municipality's stream (not the
//!   projection) for a `ReminderSent` record, takes a lease on the outbox row, sends through
//!   the [`Mailer`] with a deterministic Message-ID and records `ReminderSent` with a command
//!   id derived from the reminder (UUID v5), so a second record is a duplicate, never a
//!   second event. Temporary SMTP failures return an error (apalis retries with back-off, a
//!   bounded number of times); permanent ones are written to the outbox and end the job.
//!
//! - **mails a request asks for** ([`QueuedMail`]: sign-in links, welcomes, confirmations)
//!   are not found by the scan: the request hands them to the outbox
//!   ([`MailQueue`](lotse_app::mailer::MailQueue)), the same process tries the delivery at
//!   once ([`Jobs::deliver_requested`]) and a job on [`MAIL_QUEUE`] retries it, with the same
//!   lease, Message-ID and back-off as every other mail.
//!
//! Payloads hold ids only: tenant, municipality, user, task key, step, due date, request.

mod notice;
mod outbox;
mod requested;
mod status;

pub use notice::{NOTICE_QUEUE, NoticeDelivery, iso_week};
pub use outbox::{Failure, Outbox};
pub use requested::MAIL_QUEUE;
pub use status::{FAILING_AFTER, ScanStatus};

use anyhow::Context as _;
use apalis::layers::retry::HasherRng;
use apalis::layers::retry::RetryPolicy;
use apalis::layers::retry::backoff::{ExponentialBackoffMaker, MakeBackoff};
use apalis::prelude::*;
use chrono::NaiveDate;
use futures::SinkExt;
use lotse_app::accounts::Accounts;
use lotse_app::mailer::{MailRequest, Mailer, QueuedMail};
use lotse_app::{Actor, App, CommandMeta};
use lotse_domain::municipality::{Command, Municipality};
use lotse_domain::notices;
use lotse_domain::programme::ProgrammeSettings;
use lotse_domain::reminders::{self, Step};
use lotse_domain::tasks::{self, Assignee, TaskState};
use lotse_domain::user::Role;
use lotse_domain::values::Language;
use lotse_domain::{MunicipalityId, TenantId};
use lotse_projections::{Live, MunicipalityView, TenantView};
use serde::{Deserialize, Serialize};
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The queue of reminder deliveries.
pub const QUEUE: &str = "lotse_reminder_delivery";

/// The first and the longest pause before a stopped job worker is started again.
const RESTART_MIN: Duration = Duration::from_millis(200);
const RESTART_MAX: Duration = Duration::from_secs(10);

/// One reminder to deliver. Ids only: never an address or a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub tenant: Uuid,
    pub municipality: Uuid,
    pub task: String,
    /// `before-7`, `due` or `overdue-3`.
    pub step: String,
    pub due: NaiveDate,
}

impl Delivery {
    /// The reminder's key: outbox row, Message-ID and the record's command id derive from it.
    pub fn key(&self) -> String {
        format!(
            "reminder/{}/{}/{}/{}",
            self.municipality, self.task, self.step, self.due
        )
    }

    /// The command id of the `ReminderSent` record (UUID v5 of the key).
    pub fn command_id(&self) -> Uuid {
        Uuid::new_v5(
            &Uuid::NAMESPACE_URL,
            format!("lotse:{}", self.key()).as_bytes(),
        )
    }
}

/// How the jobs run.
#[derive(Debug, Clone)]
pub struct JobsConfig {
    /// Where people reach the web app (links in mails).
    pub public_url: String,
    /// How often a worker looks for jobs (a PostgreSQL worker is woken by NOTIFY as well).
    pub poll: Duration,
    /// Back-off of retries after a temporary failure: first wait and longest wait.
    pub retry_min: Duration,
    pub retry_max: Duration,
    /// Most attempts of one delivery.
    pub max_attempts: usize,
    /// Deliveries one worker runs at once.
    pub concurrency: usize,
    /// How long a sender holds an outbox row.
    pub lease: Duration,
    /// After how long an enqueued reminder that was never taken is enqueued again.
    pub stale: Duration,
    /// How often the scan runs (it also re-queues reminders whose lease ran out or that
    /// were never taken for `stale`, e.g. after a worker was killed).
    pub scan_every: Duration,
}

impl JobsConfig {
    /// Production defaults for the given public URL.
    pub fn new(public_url: &str) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_string(),
            poll: Duration::from_millis(250),
            retry_min: Duration::from_secs(2),
            retry_max: Duration::from_secs(120),
            max_attempts: 8,
            concurrency: 4,
            lease: Duration::from_secs(120),
            stale: Duration::from_secs(600),
            scan_every: Duration::from_secs(60),
        }
    }

    /// The defaults of [`JobsConfig::new`], with whole seconds from the environment where
    /// set (for operations and for the crash tests, which need recovery in seconds):
    ///
    /// - `LOTSE_JOBS_SCAN_SECONDS`: how often the scan runs (default 60);
    /// - `LOTSE_JOBS_LEASE_SECONDS`: how long a sender holds a reminder (default 120); after
    ///   a crash mid-send the reminder is sent again once the lease has run out, so keep it
    ///   well above the time one send and its record take;
    /// - `LOTSE_JOBS_REQUEUE_SECONDS`: after how long a reminder enqueued but never taken
    ///   (its job lost with a killed worker) is enqueued again (default 600).
    pub fn from_env(public_url: &str) -> anyhow::Result<Self> {
        Self::from_lookup(public_url, |name| std::env::var(name).ok())
    }

    /// [`JobsConfig::from_env`] with the settings looked up by `lookup` (e.g. environment
    /// over a settings file).
    pub fn from_lookup(
        public_url: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let seconds = |name: &str, default: Duration| -> anyhow::Result<Duration> {
            match lookup(name) {
                Some(v) if !v.trim().is_empty() => {
                    let n: u64 = v
                        .trim()
                        .parse()
                        .with_context(|| format!("{name} must be a whole number of seconds"))?;
                    anyhow::ensure!(n > 0, "{name} must be at least 1");
                    Ok(Duration::from_secs(n))
                }
                _ => Ok(default),
            }
        };
        let d = Self::new(public_url);
        Ok(Self {
            scan_every: seconds("LOTSE_JOBS_SCAN_SECONDS", d.scan_every)?,
            lease: seconds("LOTSE_JOBS_LEASE_SECONDS", d.lease)?,
            stale: seconds("LOTSE_JOBS_REQUEUE_SECONDS", d.stale)?,
            ..d
        })
    }

    /// The domain of Message-IDs (the host of the public URL, [`lotse_mail::mail_domain`]),
    /// as the mailer derives it.
    pub fn mail_domain(&self) -> String {
        lotse_mail::mail_domain(&self.public_url)
    }
}

/// The mails due on one day, found in one pass over the read model.
pub(crate) struct Due {
    pub(crate) reminders: Vec<Delivery>,
    /// Journey mails and weekly digests.
    pub(crate) notices: Vec<NoticeDelivery>,
    /// Welcome mails of contact persons whose account was opened with their assignment
    /// ([`notices::welcome_due`]): asked for again in case the request's ask was lost.
    pub(crate) welcomes: Vec<QueuedMail>,
}

/// What a delivery did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// Sent and recorded.
    Sent,
    /// Recorded already (sent before).
    AlreadySent,
    /// Another worker holds the lease.
    Busy,
    /// Nothing to send any more (task done, moved, or municipality gone).
    Obsolete,
    /// Refused for good; recorded in the outbox.
    Failed,
}

/// What the read model makes of a mail to a municipality (see
/// [`Jobs::compose_for_municipality`]).
pub(crate) enum Composed<T> {
    /// Send it.
    Mail(T),
    /// Nothing to send any more.
    Obsolete,
    /// Still due, but nobody with an address can get it.
    NoRecipient,
}

/// Why a delivery should be tried again.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("temporary mail failure: {0}")]
    Temporary(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// The job machinery of one process.
#[derive(Clone)]
pub struct Jobs {
    pub outbox: Outbox,
    pub live: Live,
    pub app: App,
    /// Accounts (the application and the operational tables), for sign-in tokens.
    pub accounts: Accounts,
    pub mailer: Arc<dyn Mailer>,
    pub config: Arc<JobsConfig>,
    /// How the scans go (for `/ready`); [`Jobs::spawn_scanner`] reports to it.
    pub status: ScanStatus,
    /// One mail at a time between "sent" and "recorded" in this process, so that a crash
    /// can leave at most one mail sent but unrecorded (sent again after the lease).
    send_gate: Arc<tokio::sync::Mutex<()>>,
}

fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

impl Jobs {
    /// Connects to the database a URL names (`postgres://…` or `sqlite:…`) and sets up the
    /// job storage (apalis' own migrations) and our outbox (migrated with the event log).
    /// `accounts` works on the same database.
    pub async fn connect(
        database_url: &str,
        live: Live,
        accounts: Accounts,
        mailer: Arc<dyn Mailer>,
        config: JobsConfig,
    ) -> anyhow::Result<Self> {
        let options = lotse_eventstore::DatabaseOptions::parse(database_url)?;
        Self::connect_with(&options, live, accounts, mailer, config).await
    }

    /// [`Jobs::connect`] with the parsed options every other pool of the process uses.
    pub async fn connect_with(
        options: &lotse_eventstore::DatabaseOptions,
        live: Live,
        accounts: Accounts,
        mailer: Arc<dyn Mailer>,
        config: JobsConfig,
    ) -> anyhow::Result<Self> {
        let outbox = Outbox::connect_with(options).await?;
        ScanStatus::register_metrics();
        Ok(Self {
            outbox,
            live,
            app: accounts.app.clone(),
            accounts,
            mailer,
            config: Arc::new(config),
            status: ScanStatus::default(),
            send_gate: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Catches up the read model and finds, in one pass over every tenant's municipalities
    /// and team, the reminders, journey mails and weekly digests due today. A digest goes
    /// to every active team member with an address who has not had this ISO week's, in
    /// tenants with at least one municipality.
    pub(crate) async fn due_today(&self) -> anyhow::Result<Due> {
        self.live.catch_up().await?;
        let today = self.app.clock.today();
        let week = iso_week(today);
        let mut due = Due {
            reminders: Vec::new(),
            notices: Vec::new(),
            welcomes: Vec::new(),
        };
        let p = self.live.read().await;
        for (tenant, t) in &p.tenants {
            for (id, view) in &t.municipalities {
                let Some(settings) = t.settings_of(view) else {
                    continue;
                };
                for r in reminders::due_reminders(&view.state, settings, view.standing, today) {
                    due.reminders.push(Delivery {
                        tenant: tenant.0,
                        municipality: id.0,
                        task: r.task,
                        step: r.step.to_string(),
                        due: r.due,
                    });
                }
                if let Some(user) = notices::welcome_due(&view.state, today) {
                    due.welcomes.push(QueuedMail::ContactWelcome {
                        tenant: *tenant,
                        user,
                    });
                }
                for n in notices::notices_due(&view.state, settings, today) {
                    due.notices.push(NoticeDelivery {
                        tenant: tenant.0,
                        municipality: Some(id.0),
                        user: None,
                        key: n.key,
                        found_on: today,
                    });
                }
            }
            if t.municipalities.is_empty() {
                continue;
            }
            let forms: Vec<_> = t
                .municipalities
                .values()
                .map(|m| (m.id, m.state.submitted_on))
                .collect();
            for u in t.users.values() {
                if u.role != Role::Team || !u.active || u.email.is_none() {
                    continue;
                }
                let digest = (!u.digests_sent.contains(&week)).then(|| week.clone());
                let alerts = notices::form_alerts_due(
                    u.form_alerts,
                    forms.iter().copied(),
                    &u.digests_sent,
                    today,
                );
                for key in digest
                    .into_iter()
                    .chain(alerts.iter().map(notices::TeamNotice::key))
                {
                    due.notices.push(NoticeDelivery {
                        tenant: tenant.0,
                        municipality: None,
                        user: Some(u.id.0),
                        key,
                        found_on: today,
                    });
                }
            }
        }
        Ok(due)
    }

    /// Computes the reminders due today and enqueues those not enqueued before. Returns the
    /// deliveries it enqueued.
    pub async fn scan(&self) -> anyhow::Result<Vec<Delivery>> {
        let due = self.due_today().await?;
        self.claim_and_push(QUEUE, due.reminders, Delivery::key)
            .await
    }

    /// Finds the welcome mails due ([`notices::welcome_due`]) and enqueues those not
    /// enqueued before (the request that made the assignment normally has).
    pub async fn scan_welcomes(&self) -> anyhow::Result<Vec<QueuedMail>> {
        let due = self.due_today().await?;
        self.claim_and_push(MAIL_QUEUE, due.welcomes, QueuedMail::key)
            .await
    }

    /// One scan of the scanner: checks that the outbox can be read, finds everything due
    /// today in one pass ([`Jobs::due_today`]), then enqueues the reminders ([`Jobs::scan`])
    /// the journey mails and digests ([`Jobs::scan_notices`]) and the welcome mails
    /// ([`notices::welcome_due`]) not enqueued before; a
    /// failure to enqueue the one does not keep the other back. Reports to
    /// [`Jobs::status`].
    async fn scan_all(&self) {
        let mut failed: Option<(&str, anyhow::Error)> = None;
        if let Err(e) = self.outbox.check().await {
            failed = Some(("outbox", e));
        } else {
            match self.due_today().await {
                Err(e) => failed = Some(("finding what is due", e)),
                Ok(due) => {
                    if let Err(e) = self
                        .claim_and_push(QUEUE, due.reminders, Delivery::key)
                        .await
                    {
                        failed = Some(("reminder scan", e));
                    }
                    if let Err(e) = self
                        .claim_and_push(NOTICE_QUEUE, due.notices, NoticeDelivery::outbox_key)
                        .await
                    {
                        match &failed {
                            None => failed = Some(("notice scan", e)),
                            Some(_) => tracing::warn!(error = %e, "notice scan failed as well"),
                        }
                    }
                    if let Err(e) = self
                        .claim_and_push(MAIL_QUEUE, due.welcomes, QueuedMail::key)
                        .await
                    {
                        match &failed {
                            None => failed = Some(("welcome scan", e)),
                            Some(_) => tracing::warn!(error = %e, "welcome scan failed as well"),
                        }
                    }
                }
            }
        }
        match failed {
            None => self.status.succeeded(),
            Some((what, e)) => self.status.failed(what, &e),
        }
    }

    /// Enqueues each job whose outbox key this call claims (see [`Outbox::claim`]); returns
    /// those it enqueued.
    pub(crate) async fn claim_and_push<T>(
        &self,
        queue: &str,
        due: Vec<T>,
        key: impl Fn(&T) -> String,
    ) -> anyhow::Result<Vec<T>>
    where
        T: Serialize + for<'de> Deserialize<'de> + Send + Sync + Unpin + 'static,
    {
        let now = unix_now();
        let mut enqueued = Vec::new();
        for d in due {
            if self
                .outbox
                .claim(&key(&d), now, self.config.stale.as_secs() as i64)
                .await?
            {
                self.push(queue, &d).await?;
                metrics::counter!("lotse_jobs_queued_total").increment(1);
                enqueued.push(d);
            }
        }
        Ok(enqueued)
    }

    /// Pushes one delivery job.
    pub async fn enqueue(&self, d: &Delivery) -> anyhow::Result<()> {
        self.push(QUEUE, d).await
    }

    async fn push<T: Serialize + for<'de> Deserialize<'de> + Send + Sync + Unpin + 'static>(
        &self,
        queue: &str,
        job: &T,
    ) -> anyhow::Result<()> {
        let bytes = serde_json::to_vec(job)?;
        let task = TaskBuilder::new(bytes)
            .max_attempts(self.config.max_attempts)
            .build();
        match &self.outbox {
            Outbox::Postgres(pool) => {
                let mut storage = apalis_postgres::PostgresStorage::<T>::new(pool)
                    .with_config(apalis_postgres::Config::default().queue(queue));
                storage.send(task).await.context("enqueue a delivery")?;
            }
            Outbox::Sqlite(pool) => {
                let mut storage = apalis_sqlite::SqliteStorage::<T>::new(pool)
                    .with_config(apalis_sqlite::Config::default().queue(queue));
                storage.send(task).await.context("enqueue a delivery")?;
            }
        }
        Ok(())
    }

    /// Sends a mail once under the outbox `key` and records it with `record` (given the
    /// Message-ID; what the record answers is not needed). Takes the lease inside this
    /// process's send gate, so the lease only has to cover one send and its record.
    pub(crate) async fn send_once<F, Fut, R, E>(
        &self,
        key: &str,
        mail: MailRequest,
        record: F,
    ) -> Result<Delivered, DeliveryError>
    where
        F: FnOnce(String) -> Fut,
        Fut: std::future::Future<Output = Result<R, E>>,
        anyhow::Error: From<E>,
    {
        let _gate = self.send_gate.lock().await;
        let now = unix_now();
        if !self
            .outbox
            .lease(key, now, now + self.config.lease.as_secs() as i64)
            .await?
        {
            return Ok(Delivered::Busy);
        }
        match self.mailer.send(mail).await {
            Ok(()) => {
                record(lotse_mail::message_id(key, &self.config.mail_domain()))
                    .await
                    .map_err(anyhow::Error::from)?;
                self.outbox.done(key, unix_now()).await?;
                Ok(Delivered::Sent)
            }
            // The mailer's errors say "temporary failure: …" for what may pass.
            Err(e) if e.starts_with("temporary") => {
                self.outbox.release(key, &e).await?;
                Err(DeliveryError::Temporary(e))
            }
            Err(e) => {
                self.outbox.fail(key, unix_now(), &e).await?;
                metrics::counter!("lotse_jobs_failed_total").increment(1);
                tracing::warn!(key = %key, error = %e, "mail refused for good");
                Ok(Delivered::Failed)
            }
        }
    }

    /// The part every delivery of a municipality's mail shares: loads the municipality's
    /// stream (not the projection: it knows every record already made) and stops if
    /// `already_sent` finds the mail recorded; then catches up the read model and, with the
    /// municipality's tenant, view and programme settings, lets `compose` make the mail.
    /// A gone municipality, tenant, view or programme is [`Delivered::Obsolete`]; a mail
    /// nobody can get is recorded in the outbox under `key` as a permanent failure.
    pub(crate) async fn compose_for_municipality<T>(
        &self,
        key: &str,
        tenant: TenantId,
        id: MunicipalityId,
        already_sent: impl FnOnce(&Municipality) -> bool,
        compose: impl FnOnce(
            &Municipality,
            &TenantView,
            &MunicipalityView,
            &ProgrammeSettings,
        ) -> Composed<T>,
    ) -> Result<ControlFlow<Delivered, T>, DeliveryError> {
        let (state, _) = self
            .app
            .municipality(tenant, id)
            .await
            .map_err(anyhow::Error::from)?;
        let Some(m) = state else {
            return Ok(ControlFlow::Break(Delivered::Obsolete));
        };
        if already_sent(&m) {
            return Ok(ControlFlow::Break(Delivered::AlreadySent));
        }
        self.live.catch_up().await.map_err(anyhow::Error::from)?;
        let composed = {
            let p = self.live.read().await;
            let Some(t) = p.tenant(tenant) else {
                return Ok(ControlFlow::Break(Delivered::Obsolete));
            };
            let Some(view) = t.municipalities.get(&id) else {
                return Ok(ControlFlow::Break(Delivered::Obsolete));
            };
            let Some(settings) = t.settings_of(view) else {
                return Ok(ControlFlow::Break(Delivered::Obsolete));
            };
            compose(&m, t, view, settings)
        };
        match composed {
            Composed::Mail(mail) => Ok(ControlFlow::Continue(mail)),
            Composed::Obsolete => Ok(ControlFlow::Break(Delivered::Obsolete)),
            Composed::NoRecipient => {
                self.outbox
                    .fail(key, unix_now(), "no recipient with an address")
                    .await?;
                metrics::counter!("lotse_jobs_failed_total").increment(1);
                Ok(ControlFlow::Break(Delivered::Failed))
            }
        }
    }

    /// Delivers one reminder (the body of the delivery job).
    pub async fn deliver(&self, d: &Delivery) -> Result<Delivered, DeliveryError> {
        let key = d.key();
        let tenant = TenantId(d.tenant);
        let id = MunicipalityId(d.municipality);
        let Some(step) = Step::parse(&d.step) else {
            self.outbox
                .fail(&key, unix_now(), "unknown reminder step")
                .await?;
            return Ok(Delivered::Failed);
        };
        let already_sent = |m: &Municipality| {
            m.reminders_sent
                .contains(&(d.task.clone(), d.step.clone(), d.due))
        };
        let compose = |m: &Municipality,
                       t: &TenantView,
                       view: &MunicipalityView,
                       settings: &ProgrammeSettings| {
            let Some(task) = tasks::tasks_for(m, settings, view.standing)
                .into_iter()
                .find(|t| t.key == d.task && t.due == d.due && t.state == TaskState::Open)
            else {
                return Composed::Obsolete;
            };
            if m.stage().is_final() {
                return Composed::Obsolete;
            }
            let Some((to, name, lang, cc)) = recipients(m, t, &task, step) else {
                return Composed::NoRecipient;
            };
            let title = lotse_graphql::types::task_title(&task, view, lang);
            Composed::Mail(MailRequest {
                kind: "task_reminder",
                lang,
                to,
                cc,
                context: serde_json::json!({
                    "recipient_name": name,
                    "municipality": m.profile.name.to_string(),
                    "task_title": title,
                    "due": d.due.format("%Y-%m-%d").to_string(),
                    "stage": step.stage(),
                    "task_url": format!("{}/kommunen/{}", self.config.public_url, id),
                    "programme": settings.name.as_str(),
                }),
                key: Some(key.clone()),
                calendar: None,
                sender: lotse_app::mailer::Sender::of(settings),
            })
        };
        let mail = match self
            .compose_for_municipality(&key, tenant, id, already_sent, compose)
            .await?
        {
            ControlFlow::Continue(mail) => mail,
            ControlFlow::Break(outcome) => return Ok(outcome),
        };
        let meta = CommandMeta::with_id(d.command_id(), Actor::system());
        let app = self.app.clone();
        let (task, step_name, due) = (d.task.clone(), d.step.clone(), d.due);
        self.send_once(&key, mail, move |message_id| async move {
            let command = Command::RecordReminderSent {
                task,
                step: step_name,
                due,
                message_id,
            };
            app.execute(tenant, id, command, &meta).await
        })
        .await
    }

    /// Starts the delivery workers of this process (reminders, journey mails with digests,
    /// and the mails requests ask for), with names unique to this process and start.
    /// Aborting the handle stops them all.
    pub fn spawn_worker(&self) -> tokio::task::JoinHandle<()> {
        self.spawn_workers(true)
    }

    /// Starts only the worker of the mails requests ask for ([`MAIL_QUEUE`]: sign-in links).
    pub fn spawn_mail_worker(&self) -> tokio::task::JoinHandle<()> {
        self.spawn_workers(false)
    }

    fn spawn_workers(&self, all: bool) -> tokio::task::JoinHandle<()> {
        let id = Uuid::new_v4();
        let backoff = ExponentialBackoffMaker::new(
            self.config.retry_min,
            self.config.retry_max,
            0.5,
            HasherRng::default(),
        )
        .map(|mut m| m.make_backoff());
        let policy = match backoff {
            Ok(b) => {
                RetryPolicy::retries(self.config.max_attempts.saturating_sub(1)).with_backoff(b)
            }
            Err(e) => panic!("invalid retry back-off: {e}"),
        };
        let concurrency = self.config.concurrency;
        let jobs = self.clone();
        // A worker stops at the first error of its storage (a failed poll: the database
        // restarted, was locked or went away for a moment); it is started again, under a new
        // name (apalis refuses a name seen alive), after a pause that grows to
        // `RESTART_MAX`. What the stopped worker had taken is queued again by the next one
        // once the old name's heartbeat is stale, and the outbox keeps every mail once.
        macro_rules! worker {
            ($storage:ty, $config:expr, $pool:ident, $queue:expr, $name:expr, $handler:expr, $extra:ident $(($arg:expr))?) => {{
                let jobs = jobs.clone();
                let policy = policy.clone();
                let name = $name;
                let $pool = $pool.clone();
                async move {
                    let mut pause = RESTART_MIN;
                    for start in 0u64.. {
                        let backend = <$storage>::new(&$pool)
                            .with_config($config.queue($queue))
                            .$extra($($arg)?);
                        let worker = WorkerBuilder::new(format!("{name}-{start}"))
                            .backend(backend)
                            .data(jobs.clone())
                            .concurrency(concurrency)
                            .retry(policy.clone())
                            .build($handler);
                        let started = std::time::Instant::now();
                        match worker.run().await {
                            Ok(()) => break,
                            Err(e) => {
                                metrics::counter!("lotse_job_worker_restarts_total").increment(1);
                                tracing::warn!(queue = $queue, error = %e, "delivery worker stopped; starting it again");
                            }
                        }
                        if started.elapsed() > RESTART_MAX {
                            pause = RESTART_MIN;
                        }
                        tokio::time::sleep(pause).await;
                        pause = (pause * 2).min(RESTART_MAX);
                    }
                }
            }};
        }
        let poll = self.config.poll;
        match &self.outbox {
            Outbox::Postgres(pool) => {
                let reminders = worker!(
                    apalis_postgres::PostgresStorage::<Delivery>,
                    apalis_postgres::Config::default(),
                    pool,
                    QUEUE,
                    format!("lotse-delivery-{id}"),
                    handle,
                    poll_with_stream(woken(&pool, QUEUE, poll))
                );
                let notices = worker!(
                    apalis_postgres::PostgresStorage::<NoticeDelivery>,
                    apalis_postgres::Config::default(),
                    pool,
                    NOTICE_QUEUE,
                    format!("lotse-notices-{id}"),
                    handle_notice,
                    poll_with_stream(woken(&pool, NOTICE_QUEUE, poll))
                );
                let requested = worker!(
                    apalis_postgres::PostgresStorage::<QueuedMail>,
                    apalis_postgres::Config::default(),
                    pool,
                    MAIL_QUEUE,
                    format!("lotse-mails-{id}"),
                    handle_requested,
                    poll_with_stream(woken(&pool, MAIL_QUEUE, poll))
                );
                tokio::spawn(async move {
                    if all {
                        tokio::join!(reminders, notices, requested);
                    } else {
                        requested.await;
                    }
                })
            }
            Outbox::Sqlite(pool) => {
                let reminders = worker!(
                    apalis_sqlite::SqliteStorage::<Delivery>,
                    apalis_sqlite::Config::default(),
                    pool,
                    QUEUE,
                    format!("lotse-delivery-{id}"),
                    handle,
                    poll_with_interval(poll)
                );
                let notices = worker!(
                    apalis_sqlite::SqliteStorage::<NoticeDelivery>,
                    apalis_sqlite::Config::default(),
                    pool,
                    NOTICE_QUEUE,
                    format!("lotse-notices-{id}"),
                    handle_notice,
                    poll_with_interval(poll)
                );
                let requested = worker!(
                    apalis_sqlite::SqliteStorage::<QueuedMail>,
                    apalis_sqlite::Config::default(),
                    pool,
                    MAIL_QUEUE,
                    format!("lotse-mails-{id}"),
                    handle_requested,
                    poll_with_interval(poll)
                );
                tokio::spawn(async move {
                    if all {
                        tokio::join!(reminders, notices, requested);
                    } else {
                        requested.await;
                    }
                })
            }
        }
    }

    /// Runs the scan ([`Jobs::scan_all`]) every `every`, starting now.
    pub fn spawn_scanner(&self, every: Duration) -> tokio::task::JoinHandle<()> {
        let jobs = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                jobs.scan_all().await;
            }
        })
    }
}

/// When a PostgreSQL worker looks for jobs of `queue`: when NOTIFY says one was added, and
/// every `poll` as well (a NOTIFY that arrives while the worker is fetching is not seen
/// again, and the job would wait for the next one).
fn woken(
    pool: &sqlx::PgPool,
    queue: &str,
    poll: Duration,
) -> futures::stream::BoxStream<'static, ()> {
    use futures::StreamExt;
    let notified = apalis_postgres::Pubsub::new(pool.clone(), queue.to_string()).map(|_| ());
    let ticks = futures::stream::unfold((), move |()| async move {
        tokio::time::sleep(poll).await;
        Some(((), ()))
    });
    futures::stream::select(notified, ticks).boxed()
}

async fn handle(job: Delivery, jobs: Data<Jobs>) -> Result<(), BoxDynError> {
    job_result("reminder", &job.key(), jobs.deliver(&job).await)
}

async fn handle_notice(job: NoticeDelivery, jobs: Data<Jobs>) -> Result<(), BoxDynError> {
    job_result("notice", &job.outbox_key(), jobs.deliver_notice(&job).await)
}

async fn handle_requested(job: QueuedMail, jobs: Data<Jobs>) -> Result<(), BoxDynError> {
    job_result("mail", &job.key(), jobs.deliver_requested_job(&job).await)
}

/// A delivery's result as apalis takes it: done, or an error it retries (counted and logged).
fn job_result(
    what: &str,
    key: &str,
    result: Result<Delivered, DeliveryError>,
) -> Result<(), BoxDynError> {
    match result {
        Ok(outcome) => {
            tracing::debug!(key = %key, ?outcome, "{what} delivery");
            Ok(())
        }
        Err(e) => {
            metrics::counter!("lotse_jobs_failed_total").increment(1);
            tracing::info!(key = %key, error = %e, "{what} delivery will be retried");
            Err(Box::new(e))
        }
    }
}

/// Who gets a reminder: (to, name, language, cc). The team gets a copy of overdue reminders.
fn recipients(
    m: &Municipality,
    t: &TenantView,
    task: &tasks::Task,
    step: Step,
) -> Option<(String, String, Language, Vec<String>)> {
    let mut team: Vec<(String, Language, String)> = t
        .users
        .values()
        .filter(|u| u.role == Role::Team && u.active)
        .filter_map(|u| {
            u.email
                .clone()
                .map(|e| (e, u.language, u.name.clone().unwrap_or_default()))
        })
        .collect();
    team.sort_by(|a, b| a.0.cmp(&b.0));
    team.dedup_by(|a, b| a.0 == b.0);
    // An active account with an address: the task's one person or the facilitator.
    let account = |id: lotse_domain::UserId| {
        let u = t.users.get(&id).filter(|u| u.active)?;
        Some((
            u.email.clone()?,
            u.name.clone().unwrap_or_default(),
            u.language,
            Vec::new(),
        ))
    };
    let (to, name, lang, mut cc) = match task.assignee {
        // A task given to one person (a colleague of the contact person) goes to them.
        Assignee::Contact if task.person.is_some() => account(task.person?)?,
        Assignee::Contact => {
            let c = m.contact.as_ref()?;
            let details = c.contact.get()?;
            (
                details.email.as_str().to_string(),
                details.name.to_string(),
                c.language,
                Vec::new(),
            )
        }
        Assignee::Facilitator => account(m.facilitator?.0)?,
        Assignee::Team => {
            let (first, lang, name) = team.first()?.clone();
            let rest = team.iter().skip(1).map(|(e, _, _)| e.clone()).collect();
            (first, name, lang, rest)
        }
    };
    if matches!(step, Step::Overdue(_)) {
        for (e, _, _) in &team {
            if !e.eq_ignore_ascii_case(&to) && !cc.contains(e) {
                cc.push(e.clone());
            }
        }
    }
    Some((to, name, lang, cc))
}
