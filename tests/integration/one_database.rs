//! One database URL, one database: every part of Lotse (event log, sessions, job storage,
//! outbox) opens the database `LOTSE_DATABASE_URL` names, in each accepted form, and a form
//! it does not accept stops the start with a message naming the setting.

use crate::job_setup::{self, Admission};
use crate::jobs_crash::lotse_binary;
use chrono::Days;
use lotse_app::{App, Clock};
use lotse_domain::values::{Language, MunicipalityKind};
use lotse_tests::TestDb;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A `lotse` process, killed when dropped (also on a panic); its output goes to `log`.
pub(crate) struct Lotse {
    child: Child,
    pub(crate) log: PathBuf,
}

impl Lotse {
    /// Starts `lotse ARGS` in `dir` with only the `LOTSE_` variables given (none of the
    /// test run's own), writing its output to `dir/lotse.log`.
    pub(crate) fn start(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Lotse {
        let log = dir.join("lotse.log");
        let file = std::fs::File::create(&log).unwrap();
        let child = command(dir, args, env)
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .expect("the lotse binary starts");
        Lotse { child, log }
    }

    /// What the process wrote so far.
    pub(crate) fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Whether the process still runs.
    pub(crate) fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The address it listens on, once it has said so (`… läuft: http://ADDR/…`).
    pub(crate) async fn address(&mut self, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let out = self.output();
            if let Some(addr) = out
                .lines()
                .filter(|l| l.contains("läuft: http://"))
                .find_map(|l| l.split("http://").nth(1))
                .and_then(|rest| rest.split('/').next())
            {
                return addr.to_string();
            }
            assert!(self.running(), "lotse ended before listening:\n{out}");
            assert!(
                Instant::now() < deadline,
                "lotse did not listen within {within:?}:\n{out}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Lotse {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `lotse ARGS` in `dir` with only the `LOTSE_` variables given (none of the test run's
/// own), its metrics on a free port unless given (several run at once on this machine).
pub(crate) fn command(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(lotse_binary());
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    for (k, _) in std::env::vars() {
        if k.starts_with("LOTSE_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("LOTSE_METRICS_LISTEN", "127.0.0.1:0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

/// Runs a `lotse` command to its end (at most 30 s) in `dir`.
fn run(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut child = command(dir, args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

/// A fresh folder under the system's temporary folder.
pub(crate) fn temp(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lotse-{what}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// The usual sqlx form `sqlite://PATH?mode=rwc`: the server's event log, sessions, job
/// storage and outbox all live in PATH (no second file named `PATH?mode=rwc`), so the
/// reminder due today goes out.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_on_an_sqlite_url_with_mode_rwc_keeps_one_database_and_sends_a_due_reminder() {
    let db = TestDb::sqlite().await;
    let file = PathBuf::from(db.url.strip_prefix("sqlite:").unwrap());
    let folder = file.parent().unwrap().to_path_buf();
    // The server runs on the system clock: the municipality was admitted a week ago, so the
    // team's reminder to assign a facilitator (due in a week) is due today.
    let today = Clock::System.today();
    let admitted = today - Days::new(7);
    let app = App {
        store: db.store.clone(),
        clock: Clock::manual(admitted),
    };
    let (tenant, _) = job_setup::tenant_with_team(&app).await;
    let programme = job_setup::programme(&app, tenant, "Kohorte").await;
    let municipality = job_setup::admit_with_contact(
        &app,
        tenant,
        programme,
        admitted,
        Admission {
            name: "Musterstadt",
            kind: MunicipalityKind::Stadt,
            population: 12_000,
            submitter_email: "erika@example.org",
            contact_email: "karla@example.org",
            contact_language: Language::De,
        },
    )
    .await;
    app.clock.set(today);

    let work = temp("one-database");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let mut server = Lotse::start(
        &work,
        &["serve", "--listen", "127.0.0.1:0"],
        &[
            ("LOTSE_DATABASE_URL", url),
            ("LOTSE_MAIL_DIR", work.join("mail").display().to_string()),
            ("LOTSE_PUBLIC_URL", "http://127.0.0.1".into()),
            ("LOTSE_JOBS_SCAN_SECONDS", "1".into()),
        ],
    );
    server.address(Duration::from_secs(60)).await;
    let sent = lotse_tests::spawn::eventually(Duration::from_secs(30), || async {
        let (m, _) = app.municipality(tenant, municipality).await.unwrap();
        !m.unwrap().reminders_sent.is_empty()
    })
    .await;
    assert!(
        sent.is_some(),
        "no reminder was sent within 30 s; files next to the database: {:?}\n{}",
        files_in(&folder),
        server.output()
    );
    let (m, _) = app.municipality(tenant, municipality).await.unwrap();
    assert!(
        m.unwrap()
            .reminders_sent
            .iter()
            .any(|(task, step, _)| task == "assign-facilitator" && step == "before-7")
    );
    assert!(
        files_in(&work.join("mail"))
            .iter()
            .any(|f| f.ends_with(".eml")),
        "the reminder was recorded but no mail was written"
    );
    drop(server);

    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let allowed: BTreeSet<String> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| format!("{name}{suffix}"))
        .collect();
    let found = files_in(&folder);
    assert!(
        found.is_subset(&allowed),
        "more than one database next to {name}: {found:?}"
    );
    let _ = std::fs::remove_dir_all(&work);
}

/// Database URLs in a form Lotse does not accept stop the start, naming the setting and the
/// accepted forms, without repeating a password.
#[test]
fn a_database_url_in_another_form_is_refused_naming_the_setting_and_the_forms() {
    let dir = temp("database-url");
    for url in [
        "mysql://lotse:geheim@db.internal/lotse",
        "data/lotse.sqlite",
        "sqlite::memory:",
        "sqlite://data/lotse.sqlite?mode=ro",
        "sqlite://data/lotse.sqlite?cache=shared",
        "postgres://lotse:geheim@db.internal:notaport/lotse",
    ] {
        let out = run(&dir, &["migrate"], &[("LOTSE_DATABASE_URL", url.into())]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{url} was accepted: {stderr}");
        assert!(
            stderr.contains("LOTSE_DATABASE_URL") && stderr.contains("sqlite://PATH?mode=rwc"),
            "{url}: the refusal names neither the setting nor the forms: {stderr}"
        );
        assert!(
            !stderr.contains("geheim"),
            "{url}: the password is shown: {stderr}"
        );
    }
    // Nothing was created on the way.
    assert_eq!(files_in(&dir), BTreeSet::new());
    let _ = std::fs::remove_dir_all(&dir);
}
