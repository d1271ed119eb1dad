//! Failing background work shows: a job scan that keeps failing turns `/ready` of
//! `lotse serve` and of `lotse worker` red with the reason and counts in `/metrics`, not
//! only as a log line; once the scans work again, both are ready again.

use crate::one_database::{Lotse, temp};
use lotse_jobs::FAILING_AFTER;
use lotse_tests::TestDb;
use std::time::{Duration, Instant};

/// `/ready` of the process at `addr`: status and body.
async fn ready(addr: &str) -> (u16, String) {
    let response = reqwest::get(format!("http://{addr}/ready")).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of a metric without labels on `/metrics` (0 when it is not there).
pub(crate) async fn metric(addr: &str, name: &str) -> f64 {
    let text = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0.0)
}

/// Waits until `/ready` of each process answers `status`; returns the bodies.
async fn wait_for_ready(
    processes: &mut [(&str, &mut Lotse, String)],
    status: u16,
    within: Duration,
) -> Vec<String> {
    let deadline = Instant::now() + within;
    let mut bodies = Vec::new();
    for (what, process, addr) in processes.iter_mut() {
        loop {
            let (got, body) = ready(addr).await;
            if got == status {
                bodies.push(body);
                break;
            }
            assert!(process.running(), "{what} ended:\n{}", process.output());
            assert!(
                Instant::now() < deadline,
                "/ready of {what} still answers {got} {body:?} after {within:?}:\n{}",
                process.output()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    bodies
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn scans_that_keep_failing_turn_ready_red_and_count_in_metrics_until_they_work_again() {
    let db = TestDb::sqlite().await;
    let pool = db.sqlite.clone().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        db.url.strip_prefix("sqlite:").unwrap()
    );
    // The outbox table goes missing, as it did when the job storage opened another file.
    sqlx::query("ALTER TABLE mail_outbox RENAME TO mail_outbox_away")
        .execute(&pool)
        .await
        .unwrap();

    let serve_metrics = format!("127.0.0.1:{}", crate::jobs::free_port());
    let worker_metrics = format!("127.0.0.1:{}", crate::jobs::free_port());
    let work = temp("scan-health");
    // Each process's /metrics is on a listener of its own.
    let metrics_of = |dir: &str| match dir {
        "serve" => serve_metrics.clone(),
        _ => worker_metrics.clone(),
    };
    let env = |dir: &str| {
        vec![
            ("LOTSE_METRICS_LISTEN", metrics_of(dir)),
            ("LOTSE_DATABASE_URL", url.clone()),
            ("LOTSE_LISTEN", "127.0.0.1:0".to_string()),
            (
                "LOTSE_MAIL_DIR",
                work.join(dir).join("mail").display().to_string(),
            ),
            ("LOTSE_PUBLIC_URL", "http://127.0.0.1".into()),
            ("LOTSE_JOBS_SCAN_SECONDS", "1".into()),
        ]
    };
    for dir in ["serve", "worker"] {
        std::fs::create_dir_all(work.join(dir)).unwrap();
    }
    // One after the other: the first sets up the job queue's tables.
    let mut worker = Lotse::start(&work.join("worker"), &["worker"], &env("worker"));
    let worker_addr = worker.address(Duration::from_secs(60)).await;
    let mut serve = Lotse::start(&work.join("serve"), &["serve"], &env("serve"));
    let serve_addr = serve.address(Duration::from_secs(60)).await;
    let mut both = [
        ("lotse serve", &mut serve, serve_addr.clone()),
        ("lotse worker", &mut worker, worker_addr.clone()),
    ];

    let reasons = wait_for_ready(&mut both, 503, Duration::from_secs(30)).await;
    for reason in &reasons {
        assert!(
            reason.starts_with("background jobs failing: ") && reason.contains("mail_outbox"),
            "{reason}"
        );
    }
    for addr in [&serve_metrics, &worker_metrics] {
        assert!(metric(addr, "lotse_job_scan_failures_total").await >= FAILING_AFTER as f64);
        assert!(metric(addr, "lotse_job_scan_consecutive_failures").await >= FAILING_AFTER as f64);
    }

    // The table is back: the next scans work, and both processes are ready again.
    sqlx::query("ALTER TABLE mail_outbox_away RENAME TO mail_outbox")
        .execute(&pool)
        .await
        .unwrap();
    let bodies = wait_for_ready(&mut both, 200, Duration::from_secs(30)).await;
    assert_eq!(bodies, ["ready", "ready"]);
    for addr in [&serve_metrics, &worker_metrics] {
        assert_eq!(
            metric(addr, "lotse_job_scan_consecutive_failures").await,
            0.0
        );
        assert!(metric(addr, "lotse_job_scan_failures_total").await >= FAILING_AFTER as f64);
    }
    drop(both);
    drop((serve, worker));
    let _ = std::fs::remove_dir_all(&work);
}
