//! Faults the API survives, each under sixteen writers that retry what was not acknowledged
//! with the same command id (as the web app does): PostgreSQL stopped and started, the
//! server process killed, the disk full. Nothing acknowledged is lost, nothing is recorded
//! twice, every failure the writers saw says "try again", and the read model afterwards
//! equals one folded from scratch. Each test prints its figures.

use crate::job_setup::{self, Admission};
use crate::one_database::{Lotse, temp};
use lotse_domain::MunicipalityId;
use lotse_domain::values::{Language, MunicipalityKind};
use lotse_tests::spawn::{Client, TestServer, eventually, spawn_app};
use lotse_tests::{TestDb, whole_log};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

const WRITERS: usize = 16;

/// How long a writer keeps retrying one command before the test fails.
const GIVE_UP: Duration = Duration::from_secs(90);

// --- A PostgreSQL cluster of the test's own ------------------------------------------------

/// Where PostgreSQL's programs are: `LOTSE_TEST_PG_BIN`, else the newest
/// `/usr/lib/postgresql/<version>/bin` (Debian's layout).
fn postgres_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("LOTSE_TEST_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's programs under /usr/lib/postgresql (or LOTSE_TEST_PG_BIN)")
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort();
    let newest = versions.last().expect("a PostgreSQL version installed");
    PathBuf::from(format!("/usr/lib/postgresql/{newest}/bin"))
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A free port on the loopback interface.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A PostgreSQL cluster in a temporary folder, on a port of its own, that the test stops and
/// starts like an operator restarting the database server (`pg_ctl stop -m fast`, `start`).
/// PostgreSQL refuses to run as root: then its programs run as the `postgres` user.
struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    root: bool,
}

impl Cluster {
    fn create() -> Cluster {
        let dir = temp("pg-cluster");
        let root = running_as_root();
        if root {
            run_ok(Command::new("chown").arg("postgres:postgres").arg(&dir));
        }
        let cluster = Cluster {
            bin: postgres_bin(),
            port: free_port(),
            dir,
            root,
        };
        run_ok(
            cluster
                .pg("initdb")
                .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
                .arg(cluster.dir.join("data")),
        );
        cluster.start();
        cluster
    }

    /// One of PostgreSQL's programs, as the user who may run it.
    fn pg(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn pg_ctl(&self, args: &[&str]) -> Command {
        let mut c = self.pg("pg_ctl");
        c.arg("-D").arg(self.dir.join("data")).args(args);
        c
    }

    fn start(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1",
            self.port,
            self.dir.display()
        );
        run_ok(
            self.pg_ctl(&["-w", "-t", "60", "-o", &options, "-l"])
                .arg(self.dir.join("server.log"))
                .arg("start"),
        );
    }

    fn stop(&self) {
        run_ok(&mut self.pg_ctl(&["-w", "-t", "60", "-m", "fast", "stop"]));
    }

    fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["-w", "-m", "immediate", "stop"]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run_ok(command: &mut Command) {
    let out = command.output().expect("the program runs");
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// --- Sixteen writers ----------------------------------------------------------------------

/// Sixteen municipalities in their interest stage, each the target of one writer.
async fn sixteen_municipalities(server: &TestServer, label: &str) -> (Client, Vec<String>) {
    let staff = server.create_tenant(label).await;
    let app = server.app();
    let mut ids = Vec::new();
    for w in 0..WRITERS {
        let id = MunicipalityId::new();
        let name = format!("Schreibstadt {w}");
        let email = format!("buergermeisterin{w}@example.org");
        let command = job_setup::interest(
            staff.programme,
            &Admission {
                name: &name,
                kind: MunicipalityKind::Stadt,
                population: 20_000 + w as i64,
                submitter_email: &email,
                contact_email: &email,
                contact_language: Language::De,
            },
        );
        job_setup::run(app, staff.tenant, id, command).await;
        ids.push(id.to_string());
    }
    let team = server.sign_in(&staff.team.email).await;
    (team, ids)
}

const SCHEDULE: &str = "mutation($m: ID!, $at: LocalDateTime!, $c: ID!) { scheduleInterview(municipalityId: $m, at: $at, commandId: $c) { id version } }";

/// Sends one command; what went wrong when it was not acknowledged: the error's code, the
/// HTTP status without one, or "no answer".
async fn send(client: &Client, m: &str, at: &str, command: Uuid) -> Result<(), String> {
    let sent = client
        .http
        .post(format!("{}/graphql", client.base))
        .timeout(Duration::from_secs(30))
        .json(&json!({ "query": SCHEDULE, "variables": { "m": m, "at": at, "c": command } }))
        .send()
        .await;
    let Ok(response) = sent else {
        return Err("no answer".into());
    };
    let status = response.status();
    let Ok(body) = response.json::<Value>().await else {
        return Err(format!("HTTP {status} without a GraphQL body"));
    };
    match body["errors"][0]["extensions"]["code"].as_str() {
        Some(code) => Err(code.to_string()),
        None if body["errors"].is_array() => Err(format!("HTTP {status}: {body}")),
        None if status.is_success() && body["data"]["scheduleInterview"]["id"] == m => Ok(()),
        None => Err(format!("HTTP {status}: {body}")),
    }
}

/// What the writers did: the command ids acknowledged, and each kind of failure seen.
#[derive(Default)]
struct Tally {
    acknowledged: Vec<Uuid>,
    failures: BTreeMap<String, usize>,
}

/// Starts the writers: each moves its municipality's interview again and again, one
/// command at a time, and sends a command that was not acknowledged again with the same
/// id until it is. They end when `stop` is set (after finishing the command at hand).
fn start_writers(
    client: &Client,
    ids: &[String],
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Tally>> {
    let first = lotse_app::Clock::System.today() + chrono::Days::new(30);
    ids.iter()
        .enumerate()
        .map(|(w, m)| {
            let client = client.on(&client.base);
            let (m, stop) = (m.clone(), stop.clone());
            tokio::spawn(async move {
                let mut tally = Tally::default();
                let mut k = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    k += 1;
                    let day = first + chrono::Days::new(k % 200);
                    let at = format!("{day}T{:02}:{:02}:00", 8 + k % 10, (w * 3) % 60);
                    let command = Uuid::new_v4();
                    let since = Instant::now();
                    loop {
                        match send(&client, &m, &at, command).await {
                            Ok(()) => break,
                            Err(kind) => {
                                *tally.failures.entry(kind.clone()).or_default() += 1;
                                assert!(
                                    since.elapsed() < GIVE_UP,
                                    "writer {w} got no acknowledgement for {GIVE_UP:?}, last: {kind}"
                                );
                                tokio::time::sleep(Duration::from_millis(50)).await;
                            }
                        }
                    }
                    tally.acknowledged.push(command);
                }
                tally
            })
        })
        .collect()
}

/// Ends the writers and adds up what they did.
async fn stop_writers(stop: &AtomicBool, writers: Vec<tokio::task::JoinHandle<Tally>>) -> Tally {
    stop.store(true, Ordering::Relaxed);
    let mut all = Tally::default();
    for w in writers {
        let t = w.await.expect("a writer ran to its end");
        all.acknowledged.extend(t.acknowledged);
        for (kind, n) in t.failures {
            *all.failures.entry(kind).or_default() += n;
        }
    }
    all
}

/// Every acknowledged command is in the log exactly once, no other interview was recorded,
/// and every stream's versions run 1..n without holes (nothing half-written). Returns the
/// number lost and the number recorded twice (both must be 0), for the printed figures.
async fn check_the_log(db: &TestDb, tally: &Tally) -> (usize, usize) {
    let log = whole_log(&db.store, tally.acknowledged.len()).await;
    let mut recorded: HashMap<Uuid, usize> = HashMap::new();
    let mut versions: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for e in &log {
        if e.event_type == "InterviewScheduled" {
            *recorded.entry(e.command_id).or_default() += 1;
        }
        versions.entry(&e.stream).or_default().push(e.version);
    }
    let lost = tally
        .acknowledged
        .iter()
        .filter(|c| !recorded.contains_key(c))
        .count();
    let twice = recorded.values().filter(|n| **n > 1).count();
    let scheduled: usize = recorded.values().sum();
    assert_eq!(lost, 0, "acknowledged commands missing from the log");
    assert_eq!(twice, 0, "commands recorded more than once");
    assert_eq!(
        scheduled,
        tally.acknowledged.len(),
        "the log holds exactly the acknowledged interviews"
    );
    for (stream, mut v) in versions {
        v.sort();
        let expected: Vec<i64> = (1..=v.len() as i64).collect();
        assert_eq!(v, expected, "{stream} has versions 1..n without holes");
    }
    (lost, twice)
}

/// The failures the writers saw, each of which must say "try again".
fn assert_retryable(tally: &Tally, allowed: &[&str]) {
    for kind in tally.failures.keys() {
        assert!(
            allowed.contains(&kind.as_str()),
            "a writer was told {kind:?}, which is not a failure to try again ({allowed:?}); all: {:?}",
            tally.failures
        );
    }
}

const PAGE: &str = "query($m: ID!) { municipality(id: $m) { id version stage interview { at } timeline { text } } }";

/// The municipalities' pages as `client`'s server shows them.
async fn pages(client: &Client, ids: &[String]) -> Vec<Value> {
    let mut all = Vec::new();
    for m in ids {
        all.push(client.data(PAGE, json!({ "m": m })).await["municipality"].clone());
    }
    all
}

/// Polls `/ready` of `base` every 50 ms until `stop`; whether it was ever not ready.
fn watch_ready(base: &str, stop: &Arc<AtomicBool>) -> tokio::task::JoinHandle<Vec<bool>> {
    let (url, stop) = (format!("{base}/ready"), stop.clone());
    tokio::spawn(async move {
        let http = reqwest::Client::new();
        let mut seen = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let ready = http
                .get(&url)
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if seen.last() != Some(&ready) {
                seen.push(ready);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        seen
    })
}

async fn ready(base: &str, within: Duration) -> bool {
    let url = format!("{base}/ready");
    eventually(within, || async {
        reqwest::get(&url)
            .await
            .is_ok_and(|r| r.status().is_success())
    })
    .await
    .is_some()
}

// --- The tests ----------------------------------------------------------------------------

/// PostgreSQL stopped and started three times while sixteen writers keep sending commands:
/// nothing acknowledged is lost or doubled, every failure is SERVICE_UNAVAILABLE (try
/// again), `/ready` goes false and true again, and a subscriber sees each change of its
/// municipality once and in order, up to the last.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarted_three_times_under_sixteen_writers_loses_nothing_and_doubles_nothing() {
    let cluster = Cluster::create();
    let db = TestDb::postgres_on(&cluster.admin_url(), Default::default()).await;
    let app = spawn_app(db).await;
    let (team, ids) = sixteen_municipalities(&app, "Restart").await;
    let mut sub = app
        .subscribe(
            &team,
            "subscription($m: ID!) { municipalityChanged(id: $m) { version } }",
            json!({ "m": ids[0] }),
        )
        .await;
    // Every version the subscriber is told of, and what ended its socket (if anything).
    let seen: Arc<std::sync::Mutex<(Vec<i64>, Option<Value>)>> = Arc::default();
    let listening = {
        let seen = seen.clone();
        tokio::spawn(async move {
            loop {
                match sub.message(Duration::from_secs(120)).await {
                    Some(m) if m["type"] == "next" => {
                        let v = &m["payload"]["data"]["municipalityChanged"]["version"];
                        match v.as_i64() {
                            Some(v) => seen.lock().unwrap().0.push(v),
                            None => {
                                seen.lock().unwrap().1 = Some(m);
                                return;
                            }
                        }
                    }
                    other => {
                        seen.lock().unwrap().1 = Some(other.unwrap_or(json!("closed")));
                        return;
                    }
                }
            }
        })
    };

    let stop = Arc::new(AtomicBool::new(false));
    let watching = watch_ready(&app.base, &stop);
    let writers = start_writers(&team, &ids, &stop);
    let started = Instant::now();
    let mut downtime = Duration::ZERO;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let down = Instant::now();
        cluster.stop();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        cluster.start();
        assert!(
            ready(&app.base, Duration::from_secs(30)).await,
            "the server is ready again within 30 s of PostgreSQL's start"
        );
        downtime += down.elapsed();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let tally = stop_writers(&stop, writers).await;
    let readiness = watching.await.unwrap();
    let (lost, twice) = check_the_log(&app.db, &tally).await;
    assert_retryable(&tally, &["SERVICE_UNAVAILABLE"]);
    assert!(
        tally.failures.values().sum::<usize>() > 0,
        "the writers met the restarts"
    );
    assert_eq!(
        readiness,
        [true, false, true, false, true, false, true],
        "/ready went false at each restart and true again, and stayed true while the writers wrote"
    );

    // The subscriber: told of each change once and in order, up to the last one.
    let last = team.data(PAGE, json!({ "m": ids[0] })).await["municipality"]["version"]
        .as_i64()
        .unwrap();
    let caught_up = eventually(Duration::from_secs(10), || async {
        seen.lock().unwrap().0.last() == Some(&last)
    })
    .await;
    listening.abort();
    let (versions, ended) = seen.lock().unwrap().clone();
    assert_eq!(ended, None, "the subscription ended");
    assert!(
        caught_up.is_some(),
        "the subscriber reached version {last}: {versions:?}"
    );
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "the subscriber saw no change twice and none out of order: {versions:?}"
    );
    println!(
        "postgres restarts: 3 in {:?} (down {:?}), {} commands acknowledged, lost {lost}, twice {twice}, failures {:?}, /ready {:?}, subscriber told of {} changes up to version {last}",
        started.elapsed(),
        downtime,
        tally.acknowledged.len(),
        tally.failures,
        readiness,
        versions.len(),
    );
}

/// The server process SIGKILLed ten times while sixteen writers keep sending commands, and
/// started again each time: nothing acknowledged is lost or doubled, nothing is
/// half-written, and the pages the last process shows equal those of a process that folds
/// the whole log afresh, and those of a process that was never killed and followed along.
async fn a_server_killed_ten_times_under_sixteen_writers_loses_nothing(db: TestDb) {
    let backend = db.store.backend();
    let url = db.url.clone();
    let app = spawn_app(db).await;
    let (team, ids) = sixteen_municipalities(&app, "Kill").await;
    let dir = temp("killed");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let env = [
        ("LOTSE_DATABASE_URL", url),
        ("LOTSE_LISTEN", format!("127.0.0.1:{port}")),
    ];
    let start = || Lotse::start(&dir, &["serve", "--no-workers"], &env);
    let mut server = start();
    assert!(
        ready(&base, Duration::from_secs(60)).await,
        "lotse serve starts"
    );
    let remote = team.on(&base);

    let stop = Arc::new(AtomicBool::new(false));
    let writers = start_writers(&remote, &ids, &stop);
    let started = Instant::now();
    let mut restarts = Duration::ZERO;
    for kill in 0..10u64 {
        tokio::time::sleep(Duration::from_millis(400 + (kill * 173) % 500)).await;
        let killed = Instant::now();
        drop(server); // SIGKILL, then wait for it to end
        server = start();
        assert!(
            ready(&base, Duration::from_secs(60)).await,
            "lotse serve is ready again after kill {kill}:\n{}",
            server.output()
        );
        restarts += killed.elapsed();
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let tally = stop_writers(&stop, writers).await;
    let (lost, twice) = check_the_log(&app.db, &tally).await;
    assert_retryable(&tally, &["no answer", "SERVICE_UNAVAILABLE"]);
    assert!(
        tally.failures.contains_key("no answer"),
        "the writers met the kills: {:?}",
        tally.failures
    );

    // The read model of the process started after the last kill, which has followed the
    // writes since, equals that of a process folding the whole log now …
    let followed = pages(&remote, &ids).await;
    drop(server);
    let _fresh = start();
    assert!(ready(&base, Duration::from_secs(60)).await);
    let rebuilt = pages(&remote, &ids).await;
    assert_eq!(
        followed, rebuilt,
        "the read model after restart equals a rebuild"
    );
    // … and that of the process that was never killed.
    let never_killed = eventually(Duration::from_secs(10), || async {
        pages(&team, &ids).await == rebuilt
    })
    .await;
    assert!(
        never_killed.is_some(),
        "the process that was never killed shows the same pages"
    );
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{backend:?}: 10 SIGKILLs in {:?} (restarts took {:?} in all), {} commands acknowledged, lost {lost}, twice {twice}, failures {:?}",
        started.elapsed(),
        restarts,
        tally.acknowledged.len(),
        tally.failures,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_ten_times_under_sixteen_writers_loses_nothing_on_postgres() {
    a_server_killed_ten_times_under_sixteen_writers_loses_nothing(TestDb::postgres().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_ten_times_under_sixteen_writers_loses_nothing_on_sqlite() {
    a_server_killed_ten_times_under_sixteen_writers_loses_nothing(TestDb::sqlite().await).await;
}

/// A small filesystem of its own (tmpfs), unmounted and removed when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(megabytes: u32) -> SmallDisk {
        let dir = temp("small-disk");
        run_ok(
            Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
                .arg(&dir),
        );
        SmallDisk(dir)
    }

    /// Fills the filesystem to the last byte with `filler`.
    fn fill(&self) -> u64 {
        use std::io::Write;
        let mut file = std::fs::File::create(self.filler()).unwrap();
        let block = vec![0u8; 64 * 1024];
        let mut written = 0u64;
        loop {
            match file.write(&block) {
                Ok(0) | Err(_) => break,
                Ok(n) => written += n as u64,
            }
        }
        // The last partial block, byte by byte.
        while file.write(&[0u8]).is_ok_and(|n| n == 1) {
            written += 1;
        }
        written
    }

    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }

    fn filler(&self) -> PathBuf {
        self.0.join("filler")
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).output();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// SQLite on a disk that fills up under sixteen writers: commands are refused with a clear
/// error to try again later (in the caller's language), pages can still be read, nothing
/// acknowledged is lost, and once space returns the same server takes commands again.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_disk_refuses_commands_clearly_and_the_server_recovers_when_space_returns() {
    if !running_as_root() {
        eprintln!("skipped: mounting a small filesystem needs root");
        return;
    }
    let disk = SmallDisk::mount(32);
    let db = TestDb::sqlite_in(disk.path(), Default::default()).await;
    let app = spawn_app(db).await;
    let (team, ids) = sixteen_municipalities(&app, "Voll").await;

    let stop = Arc::new(AtomicBool::new(false));
    let writers = start_writers(&team, &ids, &stop);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let filled = disk.fill();
    tokio::time::sleep(Duration::from_millis(2000)).await;

    // While the disk is full: a command is refused, saying why, in the caller's language.
    let refused = team
        .gql(
            SCHEDULE,
            json!({ "m": ids[0], "at": "2030-01-07T10:00:00", "c": Uuid::new_v4() }),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "STORAGE_FULL",
        "{refused}"
    );
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("Speicher"), "{message}");
    // Reading still works.
    let read = pages(&team, &ids[..1]).await;
    assert_eq!(read[0]["id"], ids[0]);

    disk.free();
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let tally = stop_writers(&stop, writers).await;
    let (lost, twice) = check_the_log(&app.db, &tally).await;
    assert_retryable(&tally, &["STORAGE_FULL", "SERVICE_UNAVAILABLE"]);
    assert!(
        tally.failures.contains_key("STORAGE_FULL"),
        "the writers met the full disk: {:?}",
        tally.failures
    );
    println!(
        "full disk: filled {} KiB, {} commands acknowledged, lost {lost}, twice {twice}, failures {:?}",
        filled / 1024,
        tally.acknowledged.len(),
        tally.failures,
    );
}
