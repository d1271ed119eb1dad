//! Reminder jobs: the scan on a manual clock, delivery through a real SMTP server on
//! loopback, permanent failures, and a rebuild that sends nothing.

use crate::job_setup::{self, Admission, TEAM_EMAIL};
use chrono::{Days, NaiveDate};
use lotse_app::accounts::Accounts;
use lotse_app::mailer::{Mailer, MemoryMailer};
use lotse_app::{Actor, App, Clock, CommandMeta};
use lotse_domain::municipality::{Command, MunicipalityEvent};
use lotse_domain::values::*;
use lotse_domain::{MunicipalityId, TenantId};
use lotse_jobs::{Delivered, Jobs, JobsConfig};
use lotse_tests::{TestDb, on_both_backends};
use std::collections::BTreeSet;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn plus(d: u64) -> NaiveDate {
    day0() + Days::new(d)
}

struct Journey {
    app: App,
    tenant: TenantId,
    municipality: MunicipalityId,
}

/// A tenant with one team user and a municipality admitted on day 0 with a contact person
/// (language and address given) and no facilitator yet.
async fn journey(db: &TestDb, contact_email: &str, contact_lang: Language) -> Journey {
    let app = App {
        store: db.store.clone(),
        clock: Clock::manual(day0()),
    };
    let (tenant, _) = job_setup::tenant_with_team(&app).await;
    let programme = job_setup::programme(&app, tenant, "Kohorte").await;
    let municipality = job_setup::admit_with_contact(
        &app,
        tenant,
        programme,
        day0(),
        Admission {
            name: "Musterstadt",
            kind: MunicipalityKind::Stadt,
            population: 12_000,
            submitter_email: "erika@example.org",
            contact_email,
            contact_language: contact_lang,
        },
    )
    .await;
    Journey {
        app,
        tenant,
        municipality,
    }
}

fn test_config() -> JobsConfig {
    JobsConfig {
        poll: Duration::from_millis(100),
        retry_min: Duration::from_millis(200),
        retry_max: Duration::from_millis(800),
        concurrency: 8,
        ..JobsConfig::new("http://127.0.0.1")
    }
}

/// Jobs on the test's database with a read model caught up with it.
pub(crate) async fn jobs(
    db: &TestDb,
    app: &App,
    mailer: Arc<dyn Mailer>,
    config: JobsConfig,
) -> Jobs {
    let live = lotse_tests::settled_live(&db.store).await;
    Jobs::connect(
        &db.url,
        live,
        Accounts {
            app: app.clone(),
            ops: db.ops.clone(),
        },
        mailer,
        config,
    )
    .await
    .unwrap()
}

async fn sent_records(j: &Journey) -> BTreeSet<(String, String, NaiveDate)> {
    let (m, _) = j.app.municipality(j.tenant, j.municipality).await.unwrap();
    m.unwrap().reminders_sent
}

on_both_backends! {
    async fn a_clock_controlled_journey_sends_each_reminder_on_its_day_once(db) {
        let j = journey(db, "karla@example.org", Language::De).await;
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &j.app, mailer.clone(), test_config()).await;
        let mut log = Vec::new();
        for d in 0..=35u64 {
            j.app.clock.set(plus(d));
            let enqueued = jobs.scan().await.unwrap();
            // A second scan on the same day enqueues nothing new.
            assert!(jobs.scan().await.unwrap().is_empty(), "day {d}: second scan enqueued");
            for delivery in &enqueued {
                // Payloads hold ids only.
                let json = serde_json::to_value(delivery).unwrap();
                let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(|k| k.as_str()).collect();
                assert_eq!(keys, BTreeSet::from(["tenant", "municipality", "task", "step", "due"]));
                let text = json.to_string();
                for secret in ["karla@example.org", "Karla", TEAM_EMAIL, "Musterstadt"] {
                    assert!(!text.contains(secret), "payload holds {secret}");
                }
                assert_eq!(jobs.deliver(delivery).await.unwrap(), Delivered::Sent);
                // A second delivery of the same job sends nothing.
                assert_eq!(jobs.deliver(delivery).await.unwrap(), Delivered::AlreadySent);
                log.push((delivery.task.clone(), delivery.step.clone(), d));
            }
        }
        let expected: Vec<(String, String, u64)> = [
            ("assign-facilitator", "before-7", 7),
            ("assign-facilitator", "due", 14),
            ("assign-facilitator", "overdue-3", 17),
            ("self-check-1", "before-7", 21),
            ("self-check-1", "due", 28),
            ("self-check-1", "overdue-3", 31),
        ]
        .into_iter()
        .map(|(t, s, d)| (t.to_string(), s.to_string(), d))
        .collect();
        let mut log_sorted = log.clone();
        log_sorted.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
        assert_eq!(log_sorted, expected);
        let mails = mailer.sent();
        assert_eq!(mails.len(), 6);
        let overdue = mails.iter().find(|m| m.context["stage"] == "overdue").unwrap();
        assert_eq!(overdue.to, TEAM_EMAIL);
        let contact = mails.iter().find(|m| m.context["task_title"].as_str().unwrap().contains("Selbstcheck")).unwrap();
        assert_eq!(contact.to, "karla@example.org");
        assert_eq!(contact.lang, Language::De);
        assert_eq!(contact.context["task_url"], format!("http://127.0.0.1/kommunen/{}", j.municipality));
        // Each mail names the municipality's programme, not a default one.
        assert!(mails.iter().all(|m| m.context["programme"] == "Kohorte"), "{mails:?}");
        assert_eq!(sent_records(&j).await.len(), 6);

        // A projection rebuilt from scratch and a scan on any day send nothing.
        for d in [14u64, 31, 35] {
            j.app.clock.set(plus(d));
            let rebuilt = self::jobs(db, &j.app, mailer.clone(), test_config()).await;
            assert!(rebuilt.scan().await.unwrap().is_empty());
        }
        assert_eq!(mailer.sent().len(), 6);
    }
}

on_both_backends! {
    async fn a_repeated_record_is_a_duplicate_not_a_second_event(db) {
        let j = journey(db, "karla@example.org", Language::De).await;
        j.app.clock.set(plus(7));
        let mailer = Arc::new(MemoryMailer::default());
        let jobs = jobs(db, &j.app, mailer.clone(), test_config()).await;
        let enqueued = jobs.scan().await.unwrap();
        assert_eq!(enqueued.len(), 1);
        let d = &enqueued[0];
        let meta = CommandMeta { command_id: d.command_id(), correlation_id: d.command_id(), actor: Actor::system(), recorded_at: None };
        let command = Command::RecordReminderSent { task: d.task.clone(), step: d.step.clone(), due: d.due, message_id: "<x@y>".into() };
        let first = j.app.execute(j.tenant, j.municipality, command.clone(), &meta).await.unwrap();
        assert_eq!(first.events.len(), 1);
        let second = j.app.execute(j.tenant, j.municipality, command, &meta).await.unwrap();
        assert!(second.duplicate);
        assert_eq!(jobs.deliver(d).await.unwrap(), Delivered::AlreadySent);
        assert!(mailer.sent().is_empty());
    }
}

/// An aiosmtpd process on loopback with lotse-mail's refusing handler (`unknown@…` gets
/// 550), ended when dropped. Each mail lands in `dir/<n>.eml`.
pub(crate) struct Smtp {
    child: Child,
    pub(crate) port: u16,
    dir: PathBuf,
}

impl Smtp {
    pub(crate) fn start(dir: &Path, port: u16) -> Smtp {
        std::fs::create_dir_all(dir).unwrap();
        let child = Process::new("python3")
            .args([
                "-u",
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "lotse_test_smtp.RefusingHandler",
            ])
            .arg(dir)
            .env(
                "PYTHONPATH",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../services/mail/tests/smtp"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd is needed for the SMTP tests (./scripts/test.sh installs it into target/test-venv; put target/test-venv/bin first on PATH)");
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not listen within 15 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Smtp {
            child,
            port,
            dir: dir.to_path_buf(),
        }
    }

    pub(crate) fn mails(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        files.sort();
        files.iter().map(|p| std::fs::read(p).unwrap()).collect()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) fn smtp_mailer(port: u16) -> Arc<dyn Mailer> {
    let mut smtp = lotse_mail::SmtpConfig::new("127.0.0.1", port);
    smtp.security = lotse_mail::Security::None;
    smtp.timeout = Duration::from_secs(2);
    Arc::new(
        lotse::mail::TemplateMailer::new(lotse::mail::MailConfig {
            transport: lotse_mail::TransportConfig::Smtp(smtp),
            from: "Weltoffene Kommune <lotse@127.0.0.1>".into(),
            domain: "127.0.0.1".into(),
            programme: "Weltoffene Kommune".into(),
        })
        .unwrap(),
    )
}

pub(crate) async fn until<F: std::future::Future<Output = bool>>(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> F,
) {
    let deadline = Instant::now() + timeout;
    loop {
        if check().await {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) fn temp_dir() -> PathBuf {
    std::env::temp_dir().join(format!("lotse-jobs-{}", uuid::Uuid::new_v4()))
}

on_both_backends! {
    async fn reminders_arrive_over_smtp_and_show_on_the_timeline(db) {
        let dir = temp_dir();
        let smtp = Smtp::start(&dir, free_port());
        let j = journey(db, "karla@example.org", Language::En).await;
        // Day 21: the team's facilitator task is overdue (copy to the team), the contact's
        // self-check is due in 7 days (English).
        j.app.clock.set(plus(21));
        let jobs = jobs(db, &j.app, smtp_mailer(smtp.port), test_config()).await;
        let worker = jobs.spawn_worker();
        let enqueued = jobs.scan().await.unwrap();
        assert_eq!(enqueued.len(), 2);
        until("two recorded reminders", Duration::from_secs(20), || async { sent_records(&j).await.len() == 2 }).await;
        until("two mails", Duration::from_secs(5), || async { smtp.mails().len() == 2 }).await;
        let parsed: Vec<_> = smtp.mails().into_iter().map(|raw| {
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let to = m.to().unwrap().first().unwrap().address().unwrap().to_string();
            (to, m.subject().unwrap().to_string(), m.body_text(0).unwrap().to_string(), m.body_html(0).is_some())
        }).collect();
        let english = parsed.iter().find(|p| p.0 == "karla@example.org").expect("mail to the contact");
        assert!(english.1.starts_with("Reminder:"), "subject {}", english.1);
        assert!(english.2.contains(&format!("/kommunen/{}", j.municipality)));
        assert!(english.3);
        let german = parsed.iter().find(|p| p.0 == TEAM_EMAIL).expect("mail to the team");
        assert!(german.1.starts_with("Überfällig:"), "subject {}", german.1);
        // The record is on the timeline, without personal data.
        let live = lotse_tests::settled_live(&db.store).await;
        let p = live.read().await;
        let view = &p.tenant(j.tenant).unwrap().municipalities[&j.municipality];
        let sentences: Vec<String> = view.timeline.iter()
            .filter(|e| matches!(*e.event, MunicipalityEvent::ReminderSent { .. }))
            .map(|e| lotse_projections::timeline::describe(&e.event, Language::De))
            .collect();
        assert_eq!(sentences.len(), 2);
        assert!(sentences.iter().all(|s| s.starts_with("Erinnerung") && !s.contains('@')), "{sentences:?}");
        drop(p);
        assert!(jobs.scan().await.unwrap().is_empty());
        worker.abort();
        drop(smtp);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

on_both_backends! {
    async fn a_refused_address_ends_as_a_recorded_failure_and_a_down_server_only_delays(db) {
        let dir = temp_dir();
        let port = free_port();
        let j = journey(db, "unknown@example.org", Language::De).await;
        j.app.clock.set(plus(21));
        let jobs = jobs(db, &j.app, smtp_mailer(port), test_config()).await;
        let worker = jobs.spawn_worker();
        // The server is down: both deliveries fail temporarily and wait.
        assert_eq!(jobs.scan().await.unwrap().len(), 2);
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(sent_records(&j).await.is_empty());
        let early = jobs.outbox.failures().await.unwrap();
        assert!(early.is_empty(), "{early:?}");
        let smtp = Smtp::start(&dir, port);
        // The team's reminder goes out; the contact's address is refused for good.
        until("the team's reminder", Duration::from_secs(20), || async { sent_records(&j).await.len() == 1 }).await;
        until("a recorded failure", Duration::from_secs(20), || async { jobs.outbox.failures().await.unwrap().len() == 1 }).await;
        let failures = jobs.outbox.failures().await.unwrap();
        assert!(failures[0].key.contains("self-check-1"));
        assert!(failures[0].last_error.starts_with("permanent"), "{}", failures[0].last_error);
        assert!(!failures[0].last_error.contains("unknown@"), "{}", failures[0].last_error);
        // No endless retry: nothing more is tried or enqueued.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(jobs.scan().await.unwrap().is_empty());
        assert_eq!(smtp.mails().len(), 1);
        worker.abort();
        drop(smtp);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn a_programmes_sender_name_and_reply_address_reach_the_mails_headers() {
    use lotse_app::mailer::{MailRequest, Sender};
    let dir = temp_dir();
    let mailer = lotse::mail::TemplateMailer::new(lotse::mail::MailConfig {
        transport: lotse_mail::TransportConfig::File { dir: dir.clone() },
        from: "Lotse <lotse@lotse.example>".into(),
        domain: "lotse.example".into(),
        programme: "Programm".into(),
    })
    .unwrap();
    let mail = |sender: Option<Sender>, key: &str| MailRequest {
        kind: "interest_confirmation",
        lang: Language::De,
        to: "amt@musterstadt.example".into(),
        context: serde_json::json!({ "recipient_name": "Erika", "municipality": "Musterstadt", "programme": "Vielfalt" }),
        key: Some(key.into()),
        sender,
        ..Default::default()
    };
    mailer.send(mail(None, "plain")).await.unwrap();
    let programme = Sender {
        name: Some("Programmteam \"Vielfalt\"".into()),
        reply_to: Some("team@vielfalt.example".into()),
    };
    mailer.send(mail(Some(programme), "own")).await.unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    files.sort_by_key(|f| f.contains("Reply-To"));
    assert_eq!(files.len(), 2);
    assert!(
        files[0].contains("From: Lotse <lotse@lotse.example>"),
        "{}",
        files[0]
    );
    assert!(!files[0].contains("Reply-To"), "{}", files[0]);
    // The programme's name with the installation's address (a quote in the name is dropped).
    assert!(
        files[1].contains("From: \"Programmteam Vielfalt\" <lotse@lotse.example>"),
        "{}",
        files[1]
    );
    assert!(
        files[1].contains("Reply-To: team@vielfalt.example"),
        "{}",
        files[1]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
