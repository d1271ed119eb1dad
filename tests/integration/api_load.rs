//! Anonymous clients sending the worst documents the limits allow cannot stall the server:
//! `/health` keeps answering quickly while they send, and the server is idle again right
//! after they stop (nothing keeps running for clients that have gone).

use crate::api_hardening::doubling_fragments;
use crate::jobs::free_port;
use crate::jobs_crash::lotse_binary;
use lotse_tests::TestDb;
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Concurrent anonymous clients.
const CLIENTS: usize = 8;
/// How long they send (each also stops after [`MAX_REQUESTS`]).
const SENDING: Duration = Duration::from_secs(4);
const MAX_REQUESTS: usize = 400;

/// A `lotse serve` process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// CPU time the process has used so far (user + system), from /proc.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("the server runs");
    // The fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// The worst documents an anonymous client can send within the limits: the exponential
/// fragment document (refused by its expanded size), the longest document accepted, all
/// aliases (executed), and a body of the largest size (refused by its length).
fn worst_documents() -> Vec<String> {
    let aliases = |bytes: usize| {
        let mut doc = String::from("{ ");
        let mut i = 0;
        while doc.len() < bytes {
            doc.push_str(&format!("a{i}: __typename "));
            i += 1;
        }
        doc.push('}');
        doc
    };
    vec![
        doubling_fragments(29),
        aliases(lotse_graphql::limits::MAX_QUERY_BYTES - 100),
        aliases(lotse::http::MAX_BODY - 1_000),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn health_answers_within_100_ms_while_eight_anonymous_clients_send_the_worst_documents() {
    let db = TestDb::postgres().await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let dir = std::env::temp_dir().join(format!("lotse-load-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let server = Server(
        Command::new(lotse_binary())
            .args(["serve", "--no-workers"])
            .current_dir(&dir)
            .env("LOTSE_DATABASE_URL", &db.url)
            .env("LOTSE_LISTEN", format!("127.0.0.1:{port}"))
            .env("LOTSE_PUBLIC_URL", &base)
            .env("LOTSE_METRICS_LISTEN", "127.0.0.1:0")
            .env("LOTSE_MAIL_DIR", dir.join("mail"))
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("lotse serve starts"),
    );
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !http
        .get(format!("{base}/ready"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "the server did not get ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let documents = worst_documents();
    let stop_at = Instant::now() + SENDING;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let http = http.clone();
            let url = format!("{base}/graphql");
            let documents = documents.clone();
            tokio::spawn(async move {
                let mut sent = 0;
                while Instant::now() < stop_at && sent < MAX_REQUESTS {
                    let doc = &documents[(c + sent) % documents.len()];
                    let answer = http.post(&url).json(&json!({ "query": doc })).send().await;
                    assert!(answer.is_ok(), "the server answers every request");
                    sent += 1;
                }
                sent
            })
        })
        .collect();
    let mut latencies = Vec::new();
    while Instant::now() < stop_at {
        let started = Instant::now();
        let ok = http
            .get(format!("{base}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        assert!(ok, "/health answers");
        latencies.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut sent = 0;
    for c in clients {
        sent += c.await.unwrap();
    }
    let stopped = Instant::now();
    latencies.sort();
    let p = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    let (p50, p99, max) = (p(0.5), p(0.99), *latencies.last().unwrap());

    // Idle within a second of the last answer: measured over the second after it.
    tokio::time::sleep(Duration::from_secs(1).saturating_sub(stopped.elapsed())).await;
    let pid = server.0.id();
    let before = cpu_time(pid);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let busy = cpu_time(pid) - before;
    eprintln!(
        "{CLIENTS} clients sent {sent} worst-case documents in {SENDING:?}; /health: {} probes, \
         p50 {p50:?}, p99 {p99:?}, max {max:?}; server CPU in the second after: {busy:?}",
        latencies.len()
    );
    assert!(p99 <= Duration::from_millis(100), "/health p99 {p99:?}");
    assert!(
        busy <= Duration::from_millis(100),
        "the server is idle again within 1 s: it used {busy:?} of CPU in the next second"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
