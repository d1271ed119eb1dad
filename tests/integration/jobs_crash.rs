//! Reminder delivery under stress, on PostgreSQL, against aiosmtpd on loopback:
//!
//! - two independent worker sets (each with its own database handle, read model, scanner
//!   and delivery worker, as `lotse serve` and `lotse worker` start them) deliver 200 due
//!   reminders exactly once;
//! - real `lotse worker` processes, one of them killed with SIGKILL ten times while it
//!   delivers, lose no reminder and repeat at most one mail per kill (a worker process
//!   has at most one mail between "accepted by the SMTP server" and "recorded"); a
//!   projection rebuilt from scratch afterwards sends nothing;
//! - an SMTP server that is down for a few seconds only delays the mails.
//!
//! Mails are counted at the sink by their Message-ID, which derives from the reminder's key
//! (`lotse_mail::message_id`), and records by the `message_id` of `ReminderSent` events.

use crate::job_setup::{self, Admission};
use crate::jobs::{Smtp, free_port, smtp_mailer, temp_dir};
use chrono::{Days, NaiveDate};
use futures::StreamExt;
use lotse_app::accounts::Accounts;
use lotse_app::{App, Clock};
use lotse_domain::TenantId;
use lotse_domain::user::Role;
use lotse_domain::values::*;
use lotse_jobs::{Delivery, Jobs, JobsConfig, NoticeDelivery};
use lotse_projections::Live;
use lotse_tests::TestDb;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};

/// The host of the public URL, and so the domain of every Message-ID.
const DOMAIN: &str = "127.0.0.1";
/// Days between admission and "today": the facilitator task (due on day 14) is overdue
/// (`overdue-3`, to the team) and the first self-check (due on day 28) is a week away
/// (`before-7`, to the contact person). Both steps stay the latest from day 21 to day 27,
/// so a test that runs over midnight sees the same reminders.
const DAYS_SINCE_ADMISSION: u64 = 23;
/// Reminders due per municipality on that day.
const PER_MUNICIPALITY: usize = 2;
/// Weekly digests due on that day (one team member).
const DIGESTS: usize = 1;

/// The tests of this file run one after the other: each opens several connection pools
/// (up to 24 + 8 connections per worker set or process), and together they would exhaust
/// PostgreSQL's 100 connections and the CPU that the timing of the crash test relies on.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// One tenant with a team member and `n` municipalities admitted [`DAYS_SINCE_ADMISSION`]
/// days before `today`, each with a contact person: `2 n` reminders are due on `today`.
/// Municipalities are set up 16 at a time, 40 to a programme (its default capacity).
/// Returns the application on a manual clock standing on `today`.
async fn due_reminders(db: &TestDb, n: usize, today: NaiveDate) -> (App, TenantId) {
    let admitted = today - Days::new(DAYS_SINCE_ADMISSION);
    let app = App {
        store: db.store.clone(),
        clock: Clock::manual(admitted),
    };
    let (tenant, _) = job_setup::tenant_with_team(&app).await;
    let mut programmes = Vec::new();
    for p in 0..n.div_ceil(40) {
        programmes.push(job_setup::programme(&app, tenant, &format!("Kohorte {p}")).await);
    }
    futures::stream::iter(0..n)
        .map(|i| {
            let app = app.clone();
            let programme = programmes[i / 40];
            async move {
                let name = format!("Gemeinde {i}");
                let submitter_email = format!("erika{i}@example.org");
                let contact_email = format!("kontakt{i}@example.org");
                job_setup::admit_with_contact(
                    &app,
                    tenant,
                    programme,
                    admitted,
                    Admission {
                        name: &name,
                        kind: MunicipalityKind::Gemeinde,
                        population: 5_000,
                        submitter_email: &submitter_email,
                        contact_email: &contact_email,
                        contact_language: if i % 2 == 0 {
                            Language::De
                        } else {
                            Language::En
                        },
                    },
                )
                .await;
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<()>>()
        .await;
    app.clock.set(today);
    (app, tenant)
}

/// The Message-IDs of the reminders due on `today`, computed the way the scan does it, from
/// a read model folded from the whole log.
async fn expected_message_ids(db: &TestDb, today: NaiveDate) -> BTreeSet<String> {
    let live = lotse_tests::settled_live(&db.store).await;
    let p = live.read().await;
    let mut ids = BTreeSet::new();
    for (tenant, t) in &p.tenants {
        for (id, view) in &t.municipalities {
            let Some(settings) = t.settings_of(view) else {
                continue;
            };
            for r in
                lotse_domain::reminders::due_reminders(&view.state, settings, view.standing, today)
            {
                let d = Delivery {
                    tenant: tenant.0,
                    municipality: id.0,
                    task: r.task,
                    step: r.step.to_string(),
                    due: r.due,
                };
                ids.insert(lotse_mail::message_id(&d.key(), DOMAIN));
            }
        }
        // The team's weekly digest goes out on the first scan of the week, too.
        for u in t.users.values() {
            if u.role == Role::Team {
                let digest = NoticeDelivery {
                    tenant: tenant.0,
                    municipality: None,
                    user: Some(u.id.0),
                    key: lotse_jobs::iso_week(today),
                    found_on: today,
                };
                ids.insert(lotse_mail::message_id(&digest.outbox_key(), DOMAIN));
            }
        }
    }
    ids
}

/// How many `.eml` files the sink has written (cheap enough to poll).
fn arrived(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
        .unwrap_or(0)
}

/// How often each Message-ID arrived at the sink.
fn arrivals(smtp: &Smtp) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for raw in smtp.mails() {
        let m = mail_parser::MessageParser::default()
            .parse(&raw)
            .expect("a parsable mail");
        let id = format!("<{}>", m.message_id().expect("every mail has a Message-ID"));
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

/// How often each Message-ID is recorded as `ReminderSent` in the log. Straight from the
/// table: a reader of the log stops before transactions still running anywhere in the
/// cluster, and other tests keep some running.
async fn records(db: &TestDb) -> BTreeMap<String, usize> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT payload->>'message_id' FROM events WHERE event_type IN ('ReminderSent', 'DigestSent', 'MailSent')",
    )
    .fetch_all(db.pg.as_ref().expect("a PostgreSQL test database"))
    .await
    .expect("read the records");
    let mut counts = BTreeMap::new();
    for (id,) in rows {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

/// Polls `check` every 100 ms until it holds; panics with `what` after `timeout`.
async fn until<F: std::future::Future<Output = bool>>(
    what: impl Fn() -> String,
    timeout: Duration,
    mut check: impl FnMut() -> F,
) {
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {}",
            what()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Background tasks of the test, aborted when dropped (also on a panic).
#[derive(Default)]
struct Tasks(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Tasks {
    fn drop(&mut self) {
        for t in &self.0 {
            t.abort();
        }
    }
}

/// One worker set as `lotse serve` or `lotse worker` starts it: its own database handle,
/// read model following the log, scanner and delivery worker. The clock is the test's.
async fn worker_set(
    db: &TestDb,
    clock: &Clock,
    smtp_port: u16,
    config: JobsConfig,
    tasks: &mut Tasks,
) -> Jobs {
    let database = lotse_eventstore::open(&db.url, lotse_eventstore::Upcasters::default())
        .await
        .unwrap();
    let live = Live::start(database.events.clone()).await.unwrap();
    let app = App {
        store: database.events.clone(),
        clock: clock.clone(),
    };
    let scan_every = config.scan_every;
    let accounts = Accounts {
        app,
        ops: database.ops.clone(),
    };
    let jobs = Jobs::connect(&db.url, live, accounts, smtp_mailer(smtp_port), config)
        .await
        .unwrap();
    tasks.0.push(jobs.spawn_worker());
    tasks.0.push(jobs.spawn_scanner(scan_every));
    jobs
}

fn fast_config() -> JobsConfig {
    JobsConfig {
        poll: Duration::from_millis(100),
        retry_min: Duration::from_millis(250),
        retry_max: Duration::from_secs(2),
        scan_every: Duration::from_millis(500),
        lease: Duration::from_secs(30),
        ..JobsConfig::new("http://127.0.0.1")
    }
}

fn assert_each_once(what: &str, counts: &BTreeMap<String, usize>, expected: &BTreeSet<String>) {
    let keys: BTreeSet<String> = counts.keys().cloned().collect();
    assert_eq!(
        &keys, expected,
        "{what}: other Message-IDs than the due ones"
    );
    let repeated: Vec<_> = counts.iter().filter(|(_, n)| **n != 1).collect();
    assert!(repeated.is_empty(), "{what}: repeated {repeated:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_worker_sets_deliver_200_reminders_exactly_once() {
    let _one = ONE_AT_A_TIME.lock().await;
    let db = TestDb::postgres().await;
    let today = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    let (app, _) = due_reminders(&db, 100, today).await;
    let expected = expected_message_ids(&db, today).await;
    assert_eq!(expected.len(), 100 * PER_MUNICIPALITY + DIGESTS);
    let dir = temp_dir();
    let smtp = Smtp::start(&dir, free_port());
    let mut tasks = Tasks::default();
    let a = worker_set(&db, &app.clock, smtp.port, fast_config(), &mut tasks).await;
    let b = worker_set(&db, &app.clock, smtp.port, fast_config(), &mut tasks).await;
    until(
        || format!("200 mails (got {})", arrived(&dir)),
        Duration::from_secs(60),
        || async { arrived(&dir) >= expected.len() },
    )
    .await;
    until(
        || "200 records".into(),
        Duration::from_secs(30),
        || async { records(&db).await.values().sum::<usize>() >= expected.len() },
    )
    .await;
    // Both scanners keep running; nothing more may go out.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(a.scan().await.unwrap().is_empty());
    assert!(b.scan().await.unwrap().is_empty());
    assert_each_once("sink", &arrivals(&smtp), &expected);
    assert_each_once("log", &records(&db).await, &expected);
    assert!(a.outbox.failures().await.unwrap().is_empty());
    drop(tasks);
    drop(smtp);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mails_wait_while_the_smtp_server_is_down_and_all_go_out_after() {
    let _one = ONE_AT_A_TIME.lock().await;
    let db = TestDb::postgres().await;
    let today = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    let (app, _) = due_reminders(&db, 50, today).await;
    let expected = expected_message_ids(&db, today).await;
    assert_eq!(expected.len(), 50 * PER_MUNICIPALITY + DIGESTS);
    let dir = temp_dir();
    let port = free_port();
    let mut tasks = Tasks::default();
    // Retries wait 0.25 s, 0.5 s, 1 s, then 2 s each: eight attempts span about 10 s, more
    // than the outage below, so no delivery runs out of attempts.
    let a = worker_set(&db, &app.clock, port, fast_config(), &mut tasks).await;
    let _b = worker_set(&db, &app.clock, port, fast_config(), &mut tasks).await;
    // Every reminder is enqueued and tried while the server is down.
    until(
        || "100 outbox rows".into(),
        Duration::from_secs(10),
        || async { a.outbox.len().await.unwrap() >= expected.len() as i64 },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        records(&db).await.is_empty(),
        "recorded while the server was down"
    );
    let early = a.outbox.failures().await.unwrap();
    assert!(
        early.is_empty(),
        "failed while the server was down: {early:?}"
    );
    let smtp = Smtp::start(&dir, port);
    until(
        || format!("100 records (mails at the sink: {})", arrived(&dir)),
        Duration::from_secs(60),
        || async { records(&db).await.values().sum::<usize>() >= expected.len() },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_each_once("sink", &arrivals(&smtp), &expected);
    assert_each_once("log", &records(&db).await, &expected);
    let failures = a.outbox.failures().await.unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    drop(tasks);
    drop(smtp);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `lotse` binary of this workspace, built (or found fresh) once per test run.
pub(crate) fn lotse_binary() -> PathBuf {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
            // A no-op when `cargo test --workspace` or an earlier run has built it already.
            // Without the variables cargo sets for this test (package name, paths …): build
            // scripts that watch them would otherwise rebuild half the workspace, twice.
            let mut cargo = Process::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
            for (k, _) in std::env::vars() {
                if (k.starts_with("CARGO_") && k != "CARGO_HOME" && k != "CARGO_TARGET_DIR")
                    || k == "OUT_DIR"
                {
                    cargo.env_remove(k);
                }
            }
            let status = cargo
                .args(["build", "-p", "lotse", "--bin", "lotse"])
                .current_dir(&root)
                .stdin(Stdio::null())
                .status()
                .expect("cargo runs");
            assert!(status.success(), "cargo build -p lotse --bin lotse failed");
            let target = std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| root.join("target"));
            target.join("debug/lotse")
        })
        .clone()
}

/// `lotse worker` processes, killed with SIGKILL when dropped (also on a panic).
struct Workers {
    binary: PathBuf,
    url: String,
    smtp_port: u16,
    /// Each process writes its output to `<dir>/worker-<n>.log`.
    dir: PathBuf,
    children: Vec<Child>,
}

impl Workers {
    fn log(&self, i: usize) -> PathBuf {
        self.dir.join(format!("worker-{i}.log"))
    }

    /// Starts one more `lotse worker`; returns its index.
    fn start(&mut self) -> usize {
        let log = std::fs::File::create(self.log(self.children.len())).unwrap();
        let child = Process::new(&self.binary)
            .arg("worker")
            .env("LOTSE_DATABASE_URL", &self.url)
            .env("LOTSE_LISTEN", "127.0.0.1:0")
            .env("LOTSE_METRICS_LISTEN", "127.0.0.1:0")
            .env("LOTSE_PUBLIC_URL", format!("http://{DOMAIN}"))
            .env("LOTSE_MAIL_DIR", self.dir.join("files"))
            .env("LOTSE_SMTP_HOST", "127.0.0.1")
            .env("LOTSE_SMTP_PORT", self.smtp_port.to_string())
            .env("LOTSE_SMTP_SECURITY", "none")
            .env("LOTSE_JOBS_SCAN_SECONDS", "1")
            .env("LOTSE_JOBS_LEASE_SECONDS", "10")
            .env("LOTSE_JOBS_REQUEUE_SECONDS", "3")
            .env("LOTSE_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("the lotse binary starts");
        self.children.push(child);
        self.children.len() - 1
    }

    /// SIGKILL, then reaps the process.
    fn kill(&mut self, i: usize) {
        let child = &mut self.children[i];
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Panics if a worker that should run has stopped by itself.
    fn assert_running(&mut self, i: usize) {
        if let Some(status) = self.children[i].try_wait().unwrap() {
            panic!(
                "lotse worker exited with {status}; log: {}",
                std::fs::read_to_string(self.log(i)).unwrap_or_default()
            );
        }
    }

    /// Whether worker `i` has started its jobs (it says so on standard error).
    fn has_started(&mut self, i: usize) -> bool {
        self.assert_running(i);
        std::fs::read_to_string(self.log(i)).is_ok_and(|l| l.contains("Lotse-Worker läuft"))
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// 1,000 reminders (and the team's weekly digest) due (500 municipalities, set up through `App` in about 12 s), two real
/// `lotse worker` processes with a 10 s lease, re-queueing after 3 s and a scan every second
/// (`LOTSE_JOBS_*`). One of them is killed with SIGKILL ten times while mails go out and
/// started again each time (the other joins after the fourth kill, see below). Every reminder arrives and is recorded exactly once, except
/// for mails that were accepted by the server but not yet recorded when their sender was
/// killed: those go out again (with the same Message-ID). A worker process sends one mail
/// at a time between the SMTP server's acceptance and the record (its send gate), so each
/// kill can repeat at most one mail. A read
/// model rebuilt from scratch and a scan afterwards enqueue and send nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_workers_lose_no_mail_and_repeat_at_most_one_per_kill() {
    let _one = ONE_AT_A_TIME.lock().await;
    const MUNICIPALITIES: usize = 500;
    const KILLS: usize = 10;
    let binary = lotse_binary();
    let db = TestDb::postgres().await;
    // The worker processes run on the system clock.
    let today = Clock::System.today();
    let started = Instant::now();
    let (_app, _) = due_reminders(&db, MUNICIPALITIES, today).await;
    let expected = expected_message_ids(&db, today).await;
    assert_eq!(expected.len(), MUNICIPALITIES * PER_MUNICIPALITY + DIGESTS);
    eprintln!(
        "set up {} due mails in {:?}",
        expected.len(),
        started.elapsed()
    );
    let dir = temp_dir();
    let smtp = Smtp::start(&dir, free_port());
    let mut workers = Workers {
        binary,
        url: db.url.clone(),
        smtp_port: smtp.port,
        dir: dir.join("workers"),
        children: Vec::new(),
    };
    std::fs::create_dir_all(&workers.dir).unwrap();
    let started = Instant::now();
    // The worker that is killed starts first and delivers alone until its fourth kill:
    // restarting takes a few seconds (migrations, folding the log), and with two workers
    // from the start the mails could all be out before the tenth kill.
    let mut victim = workers.start();
    let mut steady = None;
    let mut kills = 0;
    let mut kills_during_delivery = 0;
    while kills < KILLS {
        if kills == 4 {
            steady = Some(workers.start());
        }
        // Kill once the (re)started worker runs its jobs and the sink has seen ten more
        // mails since, so that every kill falls into its delivery.
        let deadline = Instant::now() + Duration::from_secs(60);
        while !workers.has_started(victim) {
            assert!(
                Instant::now() < deadline,
                "worker {victim} did not start: {}",
                std::fs::read_to_string(workers.log(victim)).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let seen = arrived(&dir);
        while arrived(&dir) < seen + 10 && arrived(&dir) < expected.len() {
            assert!(Instant::now() < deadline, "no progress before kill {kills}");
            workers.assert_running(victim);
            if let Some(steady) = steady {
                workers.assert_running(steady);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if arrived(&dir) < expected.len() {
            kills_during_delivery += 1;
        }
        workers.kill(victim);
        kills += 1;
        victim = workers.start();
    }
    let steady = steady.expect("the second worker runs");
    eprintln!(
        "{kills} kills ({kills_during_delivery} while mails were still due) after {:?}",
        started.elapsed()
    );
    until(
        || format!("1,000 records (mails at the sink: {})", arrived(&dir)),
        Duration::from_secs(120),
        || async { records(&db).await.len() >= expected.len() },
    )
    .await;
    eprintln!("all recorded after {:?}", started.elapsed());
    // Let the workers scan a few more times: nothing more may go out.
    tokio::time::sleep(Duration::from_secs(2)).await;
    workers.assert_running(steady);
    workers.assert_running(victim);
    let sink = arrivals(&smtp);
    let log = records(&db).await;
    let keys: BTreeSet<String> = sink.keys().cloned().collect();
    assert_eq!(keys, expected, "every due reminder arrived, nothing else");
    assert_each_once("log", &log, &expected);
    let duplicates: usize = sink.values().map(|n| n - 1).sum();
    eprintln!("duplicates at the sink: {duplicates} after {kills} kills");
    assert_eq!(
        kills_during_delivery, KILLS,
        "every kill fell into delivery"
    );
    assert!(
        duplicates <= kills,
        "{duplicates} duplicates after {kills} kills"
    );
    let live = lotse_tests::settled_live(&db.store).await;
    let failures = lotse_jobs::Outbox::connect(&db.url)
        .await
        .unwrap()
        .failures()
        .await
        .unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    drop(workers);
    let before = arrived(&dir);
    // A read model rebuilt from scratch, with the outbox forgotten as well: the scan finds
    // every reminder recorded in the log and enqueues nothing.
    sqlx::query("DELETE FROM mail_outbox")
        .execute(db.pg.as_ref().unwrap())
        .await
        .unwrap();
    let rebuilt = Jobs::connect(
        &db.url,
        live,
        Accounts {
            app: App {
                store: db.store.clone(),
                clock: Clock::manual(today),
            },
            ops: db.ops.clone(),
        },
        smtp_mailer(smtp.port),
        fast_config(),
    )
    .await
    .unwrap();
    assert!(rebuilt.scan().await.unwrap().is_empty());
    assert_eq!(arrived(&dir), before);
    drop(smtp);
    let _ = std::fs::remove_dir_all(&dir);
}
