//! PostgreSQL for the benchmarks: databases named `lotse_bench_*` (created per run and
//! dropped afterwards), the demo programme as a template, and pgbench as a baseline.

use crate::harness::{Side, Slice};
use anyhow::{Context, bail};
use async_trait::async_trait;
use lotse_eventstore::{Store, Upcasters};
use sqlx::{Connection, Executor, PgConnection};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

/// The server and the databases this run created.
pub struct Cluster {
    /// A database URL with a role that may create databases.
    pub admin: String,
    created: Mutex<Vec<String>>,
    template: tokio::sync::Mutex<Option<String>>,
}

impl Cluster {
    pub fn new(admin: String) -> Self {
        Self {
            admin,
            created: Mutex::default(),
            template: tokio::sync::Mutex::default(),
        }
    }

    /// The URL of database `name` on the same server.
    pub fn url(&self, name: &str) -> anyhow::Result<String> {
        // Keep any query string (e.g. `?sslmode=disable`).
        let (base, query) = match self.admin.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (self.admin.as_str(), String::new()),
        };
        match base.rsplit_once('/') {
            Some((server, _))
                if server.contains("://") && server.len() > "postgres://".len() - 1 =>
            {
                Ok(format!("{server}/{name}{query}"))
            }
            _ => bail!("the PostgreSQL URL needs a database name: {}", self.admin),
        }
    }

    async fn admin_conn(&self) -> anyhow::Result<PgConnection> {
        PgConnection::connect(&self.admin).await.with_context(|| {
            format!(
                "cannot reach PostgreSQL at {} (start it, or set --database-url / LOTSE_BENCH_POSTGRES_URL)",
                self.admin
            )
        })
    }

    /// Settings that decide what "durable" means on this server.
    pub async fn durability(&self) -> anyhow::Result<String> {
        let mut c = self.admin_conn().await?;
        let mut out = Vec::new();
        for s in [
            "fsync",
            "synchronous_commit",
            "wal_sync_method",
            "server_version",
        ] {
            let v: String = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SHOW {s}")))
                .fetch_one(&mut c)
                .await?;
            out.push(format!("{s}={v}"));
        }
        Ok(out.join(", "))
    }

    /// A fresh database `lotse_bench_<suffix>` (an old one of that name is dropped first),
    /// copied from `template` when given. Returns its URL.
    pub async fn create(&self, suffix: &str, template: Option<&str>) -> anyhow::Result<String> {
        let name = format!("lotse_bench_{suffix}");
        let mut c = self.admin_conn().await?;
        c.execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .await?;
        let sql = match template {
            Some(t) => {
                // A template may not have connections; end leftovers (listeners of a store).
                sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind(t)
                .execute(&mut c)
                .await?;
                format!("CREATE DATABASE {name} TEMPLATE {t}")
            }
            None => format!("CREATE DATABASE {name}"),
        };
        c.execute(sqlx::AssertSqlSafe(sql)).await?;
        self.created.lock().unwrap().push(name.clone());
        self.url(&name)
    }

    /// Drops one database this run created.
    pub async fn drop_db(&self, url: &str) -> anyhow::Result<()> {
        let name = url
            .split('?')
            .next()
            .and_then(|u| u.rsplit('/').next())
            .unwrap_or_default()
            .to_string();
        if !name.starts_with("lotse_bench_") {
            bail!("refusing to drop {name}: not a benchmark database");
        }
        let mut c = self.admin_conn().await?;
        c.execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .await?;
        self.created.lock().unwrap().retain(|n| *n != name);
        Ok(())
    }

    /// Drops every database this run created.
    pub async fn drop_all(&self) {
        let names: Vec<String> = self.created.lock().unwrap().clone();
        for name in names {
            if let Ok(url) = self.url(&name) {
                let _ = self.drop_db(&url).await;
            }
        }
    }

    /// The name of a database holding the demo programme (40 municipalities, loaded through
    /// the same commands users issue), created once per run; copy it with [`Cluster::create`].
    pub async fn demo_template(&self) -> anyhow::Result<String> {
        let mut t = self.template.lock().await;
        if let Some(name) = &*t {
            return Ok(name.clone());
        }
        let started = std::time::Instant::now();
        let url = self.create("demo", None).await?;
        let store = open_store(&url).await?;
        store.migrate().await?;
        lotse_app::demo::load(store.clone(), today(), |_, _| {}).await?;
        let events = store.count().await?;
        drop(store);
        eprintln!(
            "  demo programme loaded ({events} events) in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let name = "lotse_bench_demo".to_string();
        *t = Some(name.clone());
        Ok(name)
    }
}

/// Today in Berlin, as the product's clock sees it.
pub fn today() -> chrono::NaiveDate {
    lotse_app::clock::berlin_date(chrono::Utc::now())
}

/// Opens the event store of a database URL.
pub async fn open_store(url: &str) -> anyhow::Result<Store> {
    Ok(lotse_eventstore::open(url, Upcasters::default())
        .await?
        .events)
}

/// A pgbench run per slice: `pgbench -M prepared -n -c C -j J -T S -f script`, latencies from
/// its per-transaction log.
pub struct Pgbench {
    pub label: String,
    pub url: String,
    pub script: PathBuf,
    pub clients: usize,
    /// Units per transaction (e.g. 10 rows for a 10-row INSERT).
    pub units_per_tx: u64,
    /// Runs before every slice (e.g. refilling a queue), through psql-free SQL.
    pub before: Option<String>,
    dir: PathBuf,
}

impl Pgbench {
    pub fn new(
        label: &str,
        url: &str,
        sql: &str,
        clients: usize,
        units_per_tx: u64,
    ) -> anyhow::Result<Self> {
        let dir =
            std::env::temp_dir().join(format!("lotse-bench-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir)?;
        let script = dir.join("script.sql");
        std::fs::write(&script, sql)?;
        Ok(Self {
            label: label.into(),
            url: url.into(),
            script,
            clients,
            units_per_tx,
            before: None,
            dir,
        })
    }
}

impl Drop for Pgbench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where pgbench is: `PGBENCH`, else `/usr/bin/pgbench`, else the one on `PATH`.
fn pgbench_path() -> String {
    if let Ok(p) = std::env::var("PGBENCH") {
        return p;
    }
    if std::path::Path::new("/usr/bin/pgbench").exists() {
        return "/usr/bin/pgbench".into();
    }
    "pgbench".into()
}

#[async_trait]
impl Side for Pgbench {
    fn name(&self) -> String {
        self.label.clone()
    }

    async fn slice(&mut self, d: Duration) -> anyhow::Result<Slice> {
        if let Some(sql) = &self.before {
            let mut c = PgConnection::connect(&self.url).await?;
            c.execute(sqlx::AssertSqlSafe(sql.clone())).await?;
            c.close().await?;
        }
        let prefix = self.dir.join("log");
        let output = tokio::process::Command::new(pgbench_path())
            .args(["-M", "prepared", "-n", "-c"])
            .arg(self.clients.to_string())
            .args(["-j", &self.clients.min(2).to_string(), "-T"])
            .arg(d.as_secs().max(1).to_string())
            .arg("-f")
            .arg(&self.script)
            .arg("-l")
            .arg(format!("--log-prefix={}", prefix.display()))
            .arg(&self.url)
            .output()
            .await
            .context("cannot run pgbench (install postgresql-client, or set PGBENCH)")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            bail!("pgbench failed: {stderr}{stdout}");
        }
        let tps = stdout
            .lines()
            .find_map(|l| {
                l.strip_prefix("tps = ")
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|n| n.parse::<f64>().ok())
            })
            .with_context(|| format!("no tps in pgbench's output: {stdout}"))?;
        let mut lat = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let path = entry?.path();
            if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("log"))
            {
                let text = std::fs::read_to_string(&path)?;
                for line in text.lines() {
                    // client_id transaction_no time script_no time_epoch time_us
                    if let Some(us) = line
                        .split_whitespace()
                        .nth(2)
                        .and_then(|t| t.parse::<u64>().ok())
                    {
                        lat.push(us.min(u64::from(u32::MAX)) as u32);
                    }
                }
                std::fs::remove_file(&path)?;
            }
        }
        let ops = lat.len() as u64;
        let slice = Slice {
            ops,
            units: ops * self.units_per_tx,
            secs: if tps > 0.0 { ops as f64 / tps } else { 0.0 },
            lat_us: lat,
            ..Slice::default()
        };
        Ok(slice.finish())
    }
}
