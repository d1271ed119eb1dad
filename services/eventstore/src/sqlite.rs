//! The SQLite event store: the embedded default, so that a first run needs no server.

use crate::postgres::{
    batch_json, batch_subjects, clear_subjects, import_json, recorded_from_batch, seal_batch,
    to_key,
};
use crate::sealing::{self, KeyCache};
use crate::{
    AppendMeta, Appended, Backend, DatabaseOptions, EventStore, Position, RecordedEvent,
    StoreError, StreamAppend, Upcasters, check_batch,
};
use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteRow};
use sqlx::{Row, SqlitePool};
use tokio::sync::broadcast;
use uuid::Uuid;

/// The event log in one SQLite file.
pub struct SqliteStore {
    pool: SqlitePool,
    upcasters: Upcasters,
    keys: KeyCache,
    wake: broadcast::Sender<()>,
    /// One append at a time in this process: writers wait here in order instead of in
    /// SQLite's busy handler, which sleeps in growing steps (up to 100 ms) between tries.
    writer: tokio::sync::Mutex<()>,
}

const COLUMNS: &str = "seq, tenant_id, stream_id, version, event_type, schema_version, payload, \
     actor, command_id, correlation_id, recorded_at";

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn uuid(row: &SqliteRow, column: &str) -> Result<Uuid, StoreError> {
    let text: String = row.try_get(column)?;
    Uuid::parse_str(&text).map_err(|e| StoreError::Corrupt(format!("{column}: {e}")))
}

impl SqliteStore {
    /// Opens (and creates, if missing) the database file an SQLite URL names (see
    /// [`DatabaseOptions::parse`]).
    pub async fn connect(url: &str, upcasters: Upcasters) -> Result<Self, StoreError> {
        match DatabaseOptions::parse(url)? {
            DatabaseOptions::Sqlite(options) => Self::connect_with(options, upcasters).await,
            DatabaseOptions::Postgres(_) => Err(StoreError::Corrupt(
                "an SQLite store needs an sqlite: URL".into(),
            )),
        }
    }

    /// Opens the database file of parsed options (as [`DatabaseOptions::parse`] makes them).
    pub async fn connect_with(
        options: SqliteConnectOptions,
        upcasters: Upcasters,
    ) -> Result<Self, StoreError> {
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let (wake, _) = broadcast::channel(16);
        Ok(Self {
            pool,
            upcasters,
            keys: KeyCache::default(),
            wake,
            writer: tokio::sync::Mutex::new(()),
        })
    }

    /// The connection pool (for tests and operational tables).
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn load_keys(
        &self,
        tenant: Uuid,
        subjects: &[Uuid],
        create: bool,
    ) -> Result<(), StoreError> {
        let missing = self.keys.missing(tenant, subjects);
        if missing.is_empty() {
            return Ok(());
        }
        let tenant_text = tenant.to_string();
        for subject in &missing {
            if create {
                sqlx::query(
                    "INSERT INTO personal_data_keys (tenant_id, subject_id, key, created_at) \
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                )
                .bind(&tenant_text)
                .bind(subject.to_string())
                .bind(sealing::new_key().to_vec())
                .bind(now_text())
                .execute(&self.pool)
                .await?;
            }
            let key: Option<Option<Vec<u8>>> = sqlx::query_scalar(
                "SELECT key FROM personal_data_keys WHERE tenant_id = ?1 AND subject_id = ?2",
            )
            .bind(&tenant_text)
            .bind(subject.to_string())
            .fetch_optional(&self.pool)
            .await?;
            self.keys
                .put(tenant, *subject, key.flatten().and_then(to_key));
        }
        Ok(())
    }

    async fn decode(&self, rows: Vec<SqliteRow>) -> Result<Vec<RecordedEvent>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let tenant = uuid(&row, "tenant_id")?;
            let event_type: String = row.try_get("event_type")?;
            let schema_version: i32 = row.try_get("schema_version")?;
            let text: String = row.try_get("payload")?;
            let mut payload: Value = serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt(format!("payload: {e}")))?;
            let mut subjects = Vec::new();
            sealing::subjects(&payload, &mut subjects)?;
            if !subjects.is_empty() {
                self.load_keys(tenant, &subjects, false).await?;
                sealing::open(&mut payload, tenant, &self.keys)?;
            }
            let (schema_version, payload) =
                self.upcasters.apply(&event_type, schema_version, payload);
            let recorded_at: String = row.try_get("recorded_at")?;
            out.push(RecordedEvent {
                position: Position {
                    tx: 0,
                    seq: row.try_get("seq")?,
                },
                tenant,
                stream: row.try_get("stream_id")?,
                version: row.try_get("version")?,
                event_type,
                schema_version,
                payload,
                actor: row.try_get("actor")?,
                command_id: uuid(&row, "command_id")?,
                correlation_id: uuid(&row, "correlation_id")?,
                recorded_at: DateTime::parse_from_rfc3339(&recorded_at)
                    .map_err(|e| StoreError::Corrupt(format!("recorded_at: {e}")))?
                    .with_timezone(&Utc),
            });
        }
        Ok(out)
    }

    async fn first_conflict(&self, tenant: Uuid, streams: &[StreamAppend]) -> StoreError {
        for s in streams {
            match self.stream_version(tenant, &s.stream).await {
                Ok(v) if v == s.expected_version => continue,
                Ok(_) => {
                    return StoreError::Conflict {
                        stream: s.stream.clone(),
                        expected: s.expected_version,
                    };
                }
                Err(e) => return e,
            }
        }
        StoreError::Conflict {
            stream: streams[0].stream.clone(),
            expected: streams[0].expected_version,
        }
    }
}

/// Makes sure a connection whose transaction failed in the database is closed rather than
/// given back to the pool. When a COMMIT fails (SQLITE_FULL on a full disk, an I/O error),
/// SQLite may already have rolled the transaction back, sqlx's ROLLBACK then fails, and sqlx
/// keeps counting the connection as inside a transaction: every later BEGIN on it would
/// fail ("invalid savepoint statement"), even after the disk has space again.
fn discard_after_failure<T>(
    conn: &mut sqlx::pool::PoolConnection<sqlx::Sqlite>,
    outcome: &Result<T, StoreError>,
) {
    if matches!(outcome, Err(StoreError::Database(_))) {
        conn.close_on_drop();
    }
}

#[async_trait]
impl EventStore for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn append(
        &self,
        meta: &AppendMeta,
        streams: Vec<StreamAppend>,
    ) -> Result<Appended, StoreError> {
        check_batch(&streams)?;
        let clear = streams.clone();
        let mut sealed = streams;
        let subjects = batch_subjects(&sealed)?;
        if !subjects.is_empty() {
            self.load_keys(meta.tenant, &subjects, true).await?;
            seal_batch(&mut sealed, meta.tenant, &self.keys)?;
        }
        let (events, expected) = batch_json(&sealed);
        let tenant = meta.tenant.to_string();
        let command = meta.command_id.to_string();
        let now = now_text();
        let recorded_at = meta.recorded_at.map_or_else(
            || now.clone(),
            |at| at.to_rfc3339_opts(SecondsFormat::Micros, true),
        );

        // One writer at a time: take the write lock up front, so the version check inside
        // the insert and the insert itself see the same log.
        let _writer = self.writer.lock().await;
        let mut conn = self.pool.acquire().await?;
        let appended = async {
            let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
            let claimed = sqlx::query(
                "INSERT INTO commands (tenant_id, command_id, recorded_at) VALUES (?1, ?2, ?3)",
            )
            .bind(&tenant)
            .bind(&command)
            .bind(&now)
            .execute(&mut *tx)
            .await;
            match claimed {
                Ok(_) => {}
                Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                    tx.rollback().await?;
                    let events = self
                        .command_events(meta.tenant, meta.command_id)
                        .await?
                        .unwrap_or_default();
                    return Ok(Appended {
                        events,
                        duplicate: true,
                    });
                }
                Err(e) => return Err(e.into()),
            }
            let rows = sqlx::query(
                "INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
                                     actor, command_id, correlation_id, recorded_at) \
                 SELECT ?1, json_extract(j.value, '$.s'), json_extract(j.value, '$.v'), \
                        json_extract(j.value, '$.t'), json_extract(j.value, '$.sv'), \
                        coalesce(json(json_extract(j.value, '$.p')), 'null'), ?4, ?5, ?6, ?7 \
                 FROM json_each(?2) AS j \
                 WHERE NOT EXISTS ( \
                     SELECT 1 FROM json_each(?3) AS x \
                     WHERE coalesce((SELECT max(ev.version) FROM events ev \
                         WHERE ev.tenant_id = ?1 AND ev.stream_id = json_extract(x.value, '$.s')), 0) \
                         <> json_extract(x.value, '$.x')) \
                 ORDER BY j.key \
                 RETURNING seq, stream_id, version",
            )
            .bind(&tenant)
            .bind(events.to_string())
            .bind(expected.to_string())
            .bind(&meta.actor)
            .bind(&command)
            .bind(meta.correlation_id.to_string())
            .bind(&recorded_at)
            .fetch_all(&mut *tx)
            .await;
            let rows = match rows {
                Ok(rows) if !rows.is_empty() => rows,
                Ok(_) => {
                    tx.rollback().await?;
                    return Err(self.first_conflict(meta.tenant, &clear).await);
                }
                Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                    tx.rollback().await?;
                    return Err(self.first_conflict(meta.tenant, &clear).await);
                }
                Err(e) => return Err(e.into()),
            };
            tx.commit().await?;
            let _ = self.wake.send(());
            let recorded_at = DateTime::parse_from_rfc3339(&recorded_at)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
                .with_timezone(&Utc);
            let mut recorded = Vec::with_capacity(rows.len());
            for row in rows {
                recorded.push((
                    Position {
                        tx: 0,
                        seq: row.try_get("seq")?,
                    },
                    row.try_get::<String, _>("stream_id")?,
                    row.try_get::<i64, _>("version")?,
                    recorded_at,
                ));
            }
            Ok(Appended {
                events: recorded_from_batch(&clear, meta, recorded),
                duplicate: false,
            })
        }
        .await;
        discard_after_failure(&mut conn, &appended);
        appended
    }

    async fn read_stream(
        &self,
        tenant: Uuid,
        stream: &str,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM events WHERE tenant_id = ?1 AND stream_id = ?2 ORDER BY version"
        )))
        .bind(tenant.to_string())
        .bind(stream)
        .fetch_all(&self.pool)
        .await?;
        self.decode(rows).await
    }

    async fn stream_version(&self, tenant: Uuid, stream: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT coalesce(max(version), 0) FROM events WHERE tenant_id = ?1 AND stream_id = ?2",
        )
        .bind(tenant.to_string())
        .bind(stream)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn read_all(
        &self,
        after: Position,
        limit: i64,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        )))
        .bind(after.seq)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        self.decode(rows).await
    }

    async fn command_events(
        &self,
        tenant: Uuid,
        command_id: Uuid,
    ) -> Result<Option<Vec<RecordedEvent>>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM events WHERE tenant_id = ?1 AND command_id = ?2 ORDER BY seq"
        )))
        .bind(tenant.to_string())
        .bind(command_id.to_string())
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        self.decode(rows).await.map(Some)
    }

    async fn erase_subject(&self, tenant: Uuid, subject: Uuid) -> Result<(), StoreError> {
        let now = now_text();
        sqlx::query(
            "INSERT INTO personal_data_keys (tenant_id, subject_id, key, created_at, erased_at) \
             VALUES (?1, ?2, NULL, ?3, ?3) \
             ON CONFLICT (tenant_id, subject_id) DO UPDATE SET key = NULL, erased_at = ?3",
        )
        .bind(tenant.to_string())
        .bind(subject.to_string())
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.keys.put(tenant, subject, None);
        Ok(())
    }

    fn subscribe(&self) -> broadcast::Receiver<()> {
        self.wake.subscribe()
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("../../migrations/sqlite")
            .run(&self.pool)
            .await?;
        Ok(())
    }

    async fn import(&self, events: &[RecordedEvent]) -> Result<(), StoreError> {
        if self.count().await? > 0 {
            return Err(StoreError::Corrupt(
                "the log is not empty; import only into an empty database".into(),
            ));
        }
        for (tenant, subjects) in clear_subjects(events)? {
            self.load_keys(tenant, &subjects, true).await?;
        }
        let _writer = self.writer.lock().await;
        let mut conn = self.pool.acquire().await?;
        let imported: Result<(), StoreError> = async {
            let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
            for chunk in events.chunks(1000) {
                let rows = import_json(chunk, &self.keys)?.to_string();
                sqlx::query(
                    "INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
                                         actor, command_id, correlation_id, recorded_at) \
                     SELECT json_extract(j.value, '$.tenant'), json_extract(j.value, '$.s'), json_extract(j.value, '$.v'), \
                            json_extract(j.value, '$.t'), json_extract(j.value, '$.sv'), coalesce(json(json_extract(j.value, '$.p')), 'null'), \
                            json_extract(j.value, '$.a'), json_extract(j.value, '$.c'), json_extract(j.value, '$.r'), \
                            json_extract(j.value, '$.at') \
                     FROM json_each(?1) AS j ORDER BY j.key",
                )
                .bind(&rows)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO commands (tenant_id, command_id, recorded_at) \
                     SELECT DISTINCT json_extract(j.value, '$.tenant'), json_extract(j.value, '$.c'), json_extract(j.value, '$.at') \
                     FROM json_each(?1) AS j WHERE true \
                     ON CONFLICT DO NOTHING",
                )
                .bind(&rows)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }
        .await;
        discard_after_failure(&mut conn, &imported);
        imported?;
        for (tenant, subject) in crate::erased_subjects(events) {
            self.erase_subject(tenant, subject).await?;
        }
        let _ = self.wake.send(());
        Ok(())
    }

    async fn count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&self.pool)
            .await?)
    }
}
