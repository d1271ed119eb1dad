//! The event store's cases: append, append10, load (PostgreSQL) and sqlite.

use crate::harness::{Clients, Op, Report, Settings, Side, alternate, median};
use crate::pg::{Cluster, Pgbench, open_store};
use async_trait::async_trait;
use lotse_app::App;
use lotse_domain::framework::{Answer, Rating};
use lotse_domain::municipality::{Command, MunicipalityEvent};
use lotse_domain::{MunicipalityId, TenantId};
use lotse_eventstore::{AppendMeta, NewEvent, Store, StreamAppend};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

/// Concurrent tenants (and baseline clients) of the append cases.
pub const WRITERS: usize = 16;

/// A real event of the journey, as the store gets it.
pub fn sample_event(i: usize) -> NewEvent {
    lotse_app::codec::encode(&MunicipalityEvent::SelfCheckAnswerSaved {
        round: 1,
        indicator: format!("f{}-{}", i % 6 + 1, i % 4 + 1),
        answer: Answer {
            rating: Rating::Level((i % 5) as u8),
            comment: Some("Ein Integrationskonzept liegt vor und wird umgesetzt.".into()),
            evidence_url: None,
        },
    })
}

/// One tenant appending `n`-event commands to its own stream, with expected versions.
struct Appender {
    store: Store,
    tenant: Uuid,
    stream: String,
    version: i64,
    events: Vec<NewEvent>,
    actor: String,
}

impl Appender {
    fn new(store: Store, n: usize) -> Self {
        Self {
            store,
            tenant: Uuid::now_v7(),
            stream: format!("municipality-{}", Uuid::now_v7()),
            version: 0,
            events: (0..n).map(sample_event).collect(),
            actor: format!("user:{}", Uuid::now_v7()),
        }
    }
}

#[async_trait]
impl Op for Appender {
    async fn run(&mut self) -> anyhow::Result<u64> {
        let id = Uuid::now_v7();
        let appended = self
            .store
            .append(
                &AppendMeta {
                    tenant: self.tenant,
                    command_id: id,
                    correlation_id: id,
                    actor: self.actor.clone(),
                    recorded_at: None,
                },
                vec![StreamAppend {
                    stream: self.stream.clone(),
                    expected_version: self.version,
                    events: self.events.clone(),
                }],
            )
            .await?;
        self.version += appended.events.len() as i64;
        Ok(appended.events.len() as u64)
    }
}

/// The baseline INSERT of `n` rows of the same shape (`:client_id` is pgbench's client
/// number; `$1` for sqlx).
fn plain_insert(n: usize, client: &str) -> String {
    let payload = sample_event(0).payload.to_string().replace('\'', "''");
    let rows: Vec<String> = (0..n)
        .map(|_| {
            format!(
                "(md5({client}::text)::uuid, 'municipality-' || {client}, nextval('plain_version'), \
                 'SelfCheckAnswerSaved', 1, '{payload}'::jsonb, 'user:0190f0f0-0000-7000-8000-000000000000', \
                 gen_random_uuid(), gen_random_uuid())"
            )
        })
        .collect();
    format!(
        "INSERT INTO plain_events (tenant_id, stream_id, version, event_type, schema_version, payload, \
         actor, command_id, correlation_id) VALUES {}",
        rows.join(", ")
    )
}

/// A client running one SQL statement with its number bound as `$1`.
struct SqlClient {
    pool: sqlx::PgPool,
    sql: &'static str,
    id: i32,
    units: u64,
}

#[async_trait]
impl Op for SqlClient {
    async fn run(&mut self) -> anyhow::Result<u64> {
        sqlx::query(sqlx::AssertSqlSafe(self.sql))
            .bind(self.id)
            .execute(&self.pool)
            .await?;
        Ok(self.units)
    }
}

/// A database with the event log (migrated) and a plain table of the same shape.
async fn append_db(
    cluster: &Cluster,
    suffix: &str,
) -> anyhow::Result<(String, Store, sqlx::PgPool)> {
    let url = cluster.create(suffix, None).await?;
    let store = open_store(&url).await?;
    store.migrate().await?;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(WRITERS as u32)
        .connect(&url)
        .await?;
    sqlx::raw_sql(
        "CREATE TABLE plain_events (LIKE events INCLUDING ALL); \
         CREATE SEQUENCE plain_version;",
    )
    .execute(&pool)
    .await?;
    Ok((url, store, pool))
}

/// `append` (n = 1) and `append10` (n = 10).
pub async fn append(cluster: &Cluster, settings: &Settings, n: usize) -> anyhow::Result<Report> {
    let case = if n == 1 { "append" } else { "append10" };
    let (url, store, pool) = append_db(cluster, case).await?;
    let mut pgbench = Pgbench::new(
        "pgbench",
        &url,
        &format!("{};\n", plain_insert(n, ":client_id")),
        WRITERS,
        n as u64,
    )?;
    let sql: &'static str = Box::leak(plain_insert(n, "$1::int").into_boxed_str());
    let mut sqlx_side = Clients::new(
        "sqlx",
        (0..WRITERS)
            .map(|i| SqlClient {
                pool: pool.clone(),
                sql,
                id: 1000 + i as i32,
                units: n as u64,
            })
            .collect(),
    );
    let mut lotse = Clients::new(
        "lotse",
        (0..WRITERS)
            .map(|_| Appender::new(store.clone(), n))
            .collect(),
    );
    let mut single = Clients::new(
        "lotse-1",
        (0..WRITERS)
            .map(|_| Appender::new(store.clone(), 1))
            .collect(),
    );
    // --quick leaves out the second baseline (bare sqlx) to stay under two minutes.
    let quick = settings.quick;
    let mut sides: Vec<&mut dyn Side> = vec![&mut pgbench, &mut lotse];
    if !quick {
        sides.push(&mut sqlx_side);
    }
    if n > 1 {
        sides.push(&mut single);
    }
    let mut slices = alternate(settings, case, &mut sides).await?.into_iter();
    let (base, ours) = (
        slices.next().unwrap_or_default(),
        slices.next().unwrap_or_default(),
    );
    let bare = if quick {
        Vec::new()
    } else {
        slices.next().unwrap_or_default()
    };
    let one = slices.next().unwrap_or_default();
    let bare_ratios: Vec<f64> = bare
        .iter()
        .zip(&ours)
        .map(|(b, l)| l.rate() / b.rate().max(f64::MIN_POSITIVE))
        .collect();
    let bare_rate = median(&bare.iter().map(|s| s.rate()).collect::<Vec<_>>());
    let label = format!(
        "pgbench -M prepared, {n}-row INSERT into a plain table of the log's shape, {WRITERS} clients"
    );
    let mut r = Report::throughput(case, "ev/s", &label, base, ours);
    if !bare.is_empty() {
        r = r.note(format!(
            "same SQL through bare sqlx ({WRITERS} tasks): {:.0} ev/s, lotse/sqlx {:.2}",
            bare_rate,
            median(&bare_ratios)
        ));
    }
    let pass = if n == 1 {
        let pass = r.ratio_median >= 0.8;
        r.goal("≥ 0.8", pass)
    } else {
        let ten = median(&r.lotse_slices.iter().map(|s| s.rate()).collect::<Vec<_>>());
        let single = median(&one.iter().map(|s| s.rate()).collect::<Vec<_>>());
        let factor = ten / single.max(f64::MIN_POSITIVE);
        let pass = r.ratio_median >= 0.7 && factor >= 4.0;
        r.extra = json!({ "one_event_rate": single, "factor": factor });
        r.note(format!(
            "one-event commands in the same run: {single:.0} ev/s; ten-event commands carry {factor:.1}× as many events/s"
        ))
        .goal(&format!("≥ 0.7 and ≥ 4× one-event ev/s ({factor:.1}×)"), pass)
    };
    drop(store);
    pool.close().await;
    cluster.drop_db(&url).await?;
    Ok(pass)
}

/// Loads a municipality's stream and folds it, as commands do.
struct Loader {
    app: App,
    tenant: TenantId,
    id: MunicipalityId,
    expect: i64,
}

#[async_trait]
impl Op for Loader {
    async fn run(&mut self) -> anyhow::Result<u64> {
        let (state, version) = self.app.municipality(self.tenant, self.id).await?;
        anyhow::ensure!(
            state.is_some() && version == self.expect,
            "the stream was not loaded whole ({version} of {})",
            self.expect
        );
        Ok(1)
    }
}

/// Clients of the load case.
pub const READERS: usize = 4;
/// Events in the loaded stream.
pub const STREAM_EVENTS: i64 = 200;

/// Gives a demo municipality in the self-check `target` events, through commands.
pub async fn grow_stream(app: &App, target: i64) -> anyhow::Result<(TenantId, MunicipalityId)> {
    let tenant = lotse_app::demo::tenant_id();
    let id = lotse_app::demo::municipality_id(16);
    let (_, mut version) = app.municipality(tenant, id).await?;
    let (programme, _) = app
        .programme(tenant, lotse_app::demo::programme_id())
        .await?;
    let framework =
        lotse_app::app::framework_of(&programme).ok_or_else(|| anyhow::anyhow!("no framework"))?;
    let indicator = framework
        .fields
        .first()
        .and_then(|f| f.indicators.first())
        .map(|i| i.id.clone())
        .ok_or_else(|| anyhow::anyhow!("no indicator"))?;
    let contact = lotse_app::Actor::user(lotse_app::demo::contact_user(16));
    let mut level = 0u8;
    while version < target {
        level = (level + 1) % 5;
        let o = app
            .execute(
                tenant,
                id,
                Command::SaveSelfCheckAnswer {
                    indicator: indicator.clone(),
                    answer: Answer {
                        rating: Rating::Level(level),
                        comment: None,
                        evidence_url: None,
                    },
                },
                &lotse_app::CommandMeta::new(contact.clone()),
            )
            .await?;
        if let Some(last) = o.events.last() {
            version = last.version;
        }
    }
    Ok((tenant, id))
}

pub async fn load(cluster: &Cluster, settings: &Settings) -> anyhow::Result<Report> {
    let template = cluster.demo_template().await?;
    let url = cluster.create("load", Some(&template)).await?;
    let store = open_store(&url).await?;
    let app = App::new(store.clone());
    let (tenant, id) = grow_stream(&app, STREAM_EVENTS).await?;
    let select = format!(
        "SELECT seq, tx_id::text::bigint AS tx, tenant_id, stream_id, version, event_type, \
         schema_version, payload, actor, command_id, correlation_id, recorded_at \
         FROM events WHERE tenant_id = '{}' AND stream_id = '{}' ORDER BY version",
        tenant.0,
        id.stream()
    );
    let mut pgbench = Pgbench::new("pgbench", &url, &format!("{select};\n"), READERS, 1)?;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(READERS as u32)
        .connect(&url)
        .await?;
    let sql: &'static str = Box::leak(
        select
            .replace(&format!("'{}'", tenant.0), "$1")
            .replace(&format!("'{}'", id.stream()), "$2")
            .into_boxed_str(),
    );
    let stream = id.stream();
    let mut bare = Clients::new(
        "sqlx",
        (0..READERS)
            .map(|_| StreamReader {
                pool: pool.clone(),
                sql,
                tenant: tenant.0,
                stream: stream.clone(),
            })
            .collect(),
    );
    let mut lotse = Clients::new(
        "lotse",
        (0..READERS)
            .map(|_| Loader {
                app: app.clone(),
                tenant,
                id,
                expect: STREAM_EVENTS,
            })
            .collect(),
    );
    let mut sides: Vec<&mut dyn Side> = vec![&mut pgbench, &mut lotse];
    if !settings.quick {
        sides.push(&mut bare);
    }
    let mut it = alternate(settings, "load", &mut sides).await?.into_iter();
    let (base, ours, bare) = (
        it.next().unwrap_or_default(),
        it.next().unwrap_or_default(),
        it.next().unwrap_or_default(),
    );
    let bare_ratios: Vec<f64> = bare
        .iter()
        .zip(&ours)
        .map(|(b, l)| l.rate() / b.rate().max(f64::MIN_POSITIVE))
        .collect();
    let (bp50, bp99) = crate::harness::pooled(&bare);
    let bare_rate = median(&bare.iter().map(|s| s.rate()).collect::<Vec<_>>());
    let r = Report::throughput(
        "load",
        "loads/s",
        &format!("pgbench -M prepared, SELECT of the same {STREAM_EVENTS} rows, {READERS} clients"),
        base,
        ours,
    );
    let pass = r.ratio_median >= 0.5 && r.lotse_p99_ms <= 5.0;
    let goal = format!("≥ 0.5, p99 ≤ 5 ms ({:.2} ms)", r.lotse_p99_ms);
    let mut r = r;
    if !bare.is_empty() {
        r = r.note(format!(
            "same SELECT through bare sqlx, rows decoded ({READERS} tasks): {bare_rate:.0} loads/s, p50/p99 {bp50:.2}/{bp99:.2} ms, lotse/sqlx {:.2}",
            median(&bare_ratios)
        ));
    }
    let r = r
        .note(format!("{READERS} concurrent clients on one {STREAM_EVENTS}-event stream; lotse = App::municipality (read_stream, open sealed data, decode, fold)"))
        .goal(&goal, pass);
    drop(app);
    drop(store);
    pool.close().await;
    cluster.drop_db(&url).await?;
    Ok(r)
}

/// The baseline of `load` through sqlx: the same rows, every column decoded.
struct StreamReader {
    pool: sqlx::PgPool,
    sql: &'static str,
    tenant: Uuid,
    stream: String,
}

#[async_trait]
impl Op for StreamReader {
    async fn run(&mut self) -> anyhow::Result<u64> {
        use sqlx::Row;
        let rows = sqlx::query(sqlx::AssertSqlSafe(self.sql))
            .bind(self.tenant)
            .bind(&self.stream)
            .fetch_all(&self.pool)
            .await?;
        let mut n = 0usize;
        for row in &rows {
            let p: serde_json::Value = row.try_get("payload")?;
            let s: String = row.try_get("stream_id")?;
            let t: String = row.try_get("event_type")?;
            let at: chrono::DateTime<chrono::Utc> = row.try_get("recorded_at")?;
            let c: Uuid = row.try_get("command_id")?;
            n += usize::from(p.is_object()) + s.len() + t.len() + c.as_bytes().len();
            let _ = at;
        }
        anyhow::ensure!(rows.len() as i64 == STREAM_EVENTS && n > 0, "short read");
        Ok(1)
    }
}

/// One SQLite client inserting a plain row.
struct SqliteInsert {
    pool: sqlx::SqlitePool,
    id: i64,
    version: i64,
    payload: String,
}

#[async_trait]
impl Op for SqliteInsert {
    async fn run(&mut self) -> anyhow::Result<u64> {
        self.version += 1;
        sqlx::query(
            "INSERT INTO plain_events (tenant_id, stream_id, version, event_type, schema_version, payload, \
             actor, command_id, correlation_id, recorded_at) \
             VALUES (?1, ?2, ?3, 'SelfCheckAnswerSaved', 1, ?4, 'user:0190f0f0-0000-7000-8000-000000000000', ?5, ?5, ?6)",
        )
        .bind(format!("tenant-{}", self.id))
        .bind(format!("municipality-{}", self.id))
        .bind(self.version)
        .bind(&self.payload)
        .bind(Uuid::now_v7().to_string())
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(&self.pool)
        .await?;
        Ok(1)
    }
}

pub async fn sqlite(settings: &Settings) -> anyhow::Result<Report> {
    let dir = std::env::temp_dir().join(format!("lotse-bench-sqlite-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let result = sqlite_in(&dir, settings).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn sqlite_in(dir: &std::path::Path, settings: &Settings) -> anyhow::Result<Report> {
    let url = format!("sqlite:{}", dir.join("lotse.sqlite").display());
    let store: Store =
        Arc::new(lotse_eventstore::SqliteStore::connect(&url, Default::default()).await?);
    store.migrate().await?;
    // The same file settings as the store (WAL, synchronous=FULL, 8 connections), in a file
    // of its own, with a table of the log's shape.
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.join("plain.sqlite"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .busy_timeout(std::time::Duration::from_secs(10));
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::raw_sql(
        "CREATE TABLE plain_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, stream_id TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0), event_type TEXT NOT NULL,
            schema_version INTEGER NOT NULL, payload TEXT NOT NULL, actor TEXT NOT NULL,
            command_id TEXT NOT NULL, correlation_id TEXT NOT NULL, recorded_at TEXT NOT NULL,
            UNIQUE (tenant_id, stream_id, version));
         CREATE INDEX plain_by_command ON plain_events (tenant_id, command_id);",
    )
    .execute(&pool)
    .await?;
    let payload = sample_event(0).payload.to_string();
    let mut base = Clients::new(
        "sqlite-plain",
        (0..WRITERS)
            .map(|i| SqliteInsert {
                pool: pool.clone(),
                id: i as i64,
                version: 0,
                payload: payload.clone(),
            })
            .collect(),
    );
    let mut lotse = Clients::new(
        "lotse",
        (0..WRITERS)
            .map(|_| Appender::new(store.clone(), 1))
            .collect(),
    );
    let slices = alternate(settings, "sqlite", &mut [&mut base, &mut lotse]).await?;
    let mut it = slices.into_iter();
    let r = Report::throughput(
        "sqlite",
        "ev/s",
        &format!(
            "plain INSERT through sqlx (SQLite, WAL, synchronous=FULL), same process, {WRITERS} tasks"
        ),
        it.next().unwrap_or_default(),
        it.next().unwrap_or_default(),
    );
    let pass = r.ratio_median >= 0.8;
    pool.close().await;
    Ok(r.goal("≥ 0.8", pass).note(format!(
        "{WRITERS} tenants appending one-event commands through SqliteStore::append"
    )))
}
