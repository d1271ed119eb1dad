//! The PostgreSQL event store: production.

use crate::sealing::{self, KeyCache, SubjectKey};
use crate::{
    AppendMeta, Appended, Backend, EventStore, Position, RecordedEvent, StoreError, StreamAppend,
    Upcasters, check_batch,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::postgres::{PgListener, PgPoolOptions, PgRow};
use sqlx::{PgPool, Row};
use std::sync::{Arc, Weak};
use std::time::Duration;
use tokio::sync::{Notify, broadcast};
use uuid::Uuid;

/// The event log on PostgreSQL.
pub struct PostgresStore {
    pool: PgPool,
    upcasters: Upcasters,
    keys: KeyCache,
    wake: broadcast::Sender<()>,
    /// Asks the announcer to tell other processes that events were committed.
    announce: Arc<Notify>,
    _alive: Arc<()>,
}

const COLUMNS: &str = "seq, tx_id::text::bigint AS tx, tenant_id, stream_id, version, event_type, \
     schema_version, payload, actor, command_id, correlation_id, recorded_at";

impl PostgresStore {
    /// Connects and starts listening for appends of other processes.
    pub async fn connect(url: &str, upcasters: Upcasters) -> Result<Self, StoreError> {
        match crate::DatabaseOptions::parse(url)? {
            crate::DatabaseOptions::Postgres(options) => {
                Self::connect_with(options, upcasters).await
            }
            crate::DatabaseOptions::Sqlite(_) => Err(StoreError::Corrupt(
                "a PostgreSQL store needs a postgres:// URL".into(),
            )),
        }
    }

    /// Connects with parsed options (as [`crate::DatabaseOptions::parse`] makes them).
    pub async fn connect_with(
        options: sqlx::postgres::PgConnectOptions,
        upcasters: Upcasters,
    ) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(24)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self::with_pool(pool, upcasters))
    }

    /// Uses an existing pool.
    pub fn with_pool(pool: PgPool, upcasters: Upcasters) -> Self {
        let (wake, _) = broadcast::channel(16);
        let alive = Arc::new(());
        let announce = Arc::new(Notify::new());
        tokio::spawn(listen(pool.clone(), wake.clone(), Arc::downgrade(&alive)));
        tokio::spawn(announcer(
            pool.clone(),
            announce.clone(),
            Arc::downgrade(&alive),
        ));
        Self {
            pool,
            upcasters,
            keys: KeyCache::default(),
            wake,
            announce,
            _alive: alive,
        }
    }

    /// The connection pool (for tests and operational tables).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Wakes this process's readers now and other processes' through NOTIFY.
    fn committed(&self) {
        let _ = self.wake.send(());
        self.announce.notify_one();
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
        if create {
            let keys: Vec<Vec<u8>> = missing
                .iter()
                .map(|_| sealing::new_key().to_vec())
                .collect();
            sqlx::query(
                "INSERT INTO personal_data_keys (tenant_id, subject_id, key) \
                 SELECT $1, s, k FROM unnest($2::uuid[], $3::bytea[]) AS t(s, k) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(tenant)
            .bind(&missing)
            .bind(&keys)
            .execute(&self.pool)
            .await?;
        }
        let rows = sqlx::query(
            "SELECT subject_id, key FROM personal_data_keys WHERE tenant_id = $1 AND subject_id = ANY($2)",
        )
        .bind(tenant)
        .bind(&missing)
        .fetch_all(&self.pool)
        .await?;
        for s in &missing {
            self.keys.put(tenant, *s, None);
        }
        for row in rows {
            let subject: Uuid = row.try_get("subject_id")?;
            let key: Option<Vec<u8>> = row.try_get("key")?;
            self.keys.put(tenant, subject, key.and_then(to_key));
        }
        Ok(())
    }

    async fn decode(&self, rows: Vec<PgRow>) -> Result<Vec<RecordedEvent>, StoreError> {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let tenant: Uuid = row.try_get("tenant_id")?;
            let event_type: String = row.try_get("event_type")?;
            let schema_version: i32 = row.try_get("schema_version")?;
            let mut payload: Value = row.try_get("payload")?;
            let mut subjects = Vec::new();
            sealing::subjects(&payload, &mut subjects)?;
            if !subjects.is_empty() {
                self.load_keys(tenant, &subjects, false).await?;
                sealing::open(&mut payload, tenant, &self.keys)?;
            }
            let (schema_version, payload) =
                self.upcasters.apply(&event_type, schema_version, payload);
            out.push(RecordedEvent {
                position: Position {
                    tx: row.try_get("tx")?,
                    seq: row.try_get("seq")?,
                },
                tenant,
                stream: row.try_get("stream_id")?,
                version: row.try_get("version")?,
                event_type,
                schema_version,
                payload,
                actor: row.try_get("actor")?,
                command_id: row.try_get("command_id")?,
                correlation_id: row.try_get("correlation_id")?,
                recorded_at: row.try_get::<DateTime<Utc>, _>("recorded_at")?,
            });
        }
        Ok(out)
    }

    async fn first_conflict(
        &self,
        tenant: Uuid,
        streams: &[StreamAppend],
    ) -> Result<StoreError, StoreError> {
        for s in streams {
            if self.stream_version(tenant, &s.stream).await? != s.expected_version {
                return Ok(conflict(s));
            }
        }
        Ok(conflict(&streams[0]))
    }
}

fn conflict(s: &StreamAppend) -> StoreError {
    StoreError::Conflict {
        stream: s.stream.clone(),
        expected: s.expected_version,
    }
}

pub(crate) fn to_key(bytes: Vec<u8>) -> SubjectKey {
    bytes.try_into().ok()
}

async fn listen(pool: PgPool, wake: broadcast::Sender<()>, alive: Weak<()>) {
    while alive.upgrade().is_some() {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if listener.listen("lotse_events").await.is_err() {
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        // Anything committed while we were not listening is found by the readers' next poll.
        let _ = wake.send(());
        loop {
            if alive.upgrade().is_none() {
                return;
            }
            match tokio::time::timeout(Duration::from_secs(1), listener.try_recv()).await {
                Ok(Ok(Some(_))) => {
                    let _ = wake.send(());
                }
                Ok(Ok(None)) => {
                    let _ = wake.send(());
                }
                Ok(Err(_)) => break,
                Err(_) => {}
            }
        }
    }
}

/// Sends `NOTIFY lotse_events` after appends have committed, one for any number of appends
/// that committed while the previous one was on its way.
///
/// Not from inside the append: a transaction that notifies holds a cluster-wide lock from
/// its commit until the commit is flushed, so appends that notified could not share a
/// flush (group commit) and were limited to one per disk flush. Here the notification
/// comes from a connection of its own with `synchronous_commit = off` (the signal is not
/// data; a lost one only means readers find the events at their next poll).
async fn announcer(pool: PgPool, announce: Arc<Notify>, alive: Weak<()>) {
    let mut conn: Option<sqlx::PgConnection> = None;
    loop {
        let asked = tokio::time::timeout(Duration::from_secs(1), announce.notified()).await;
        if alive.upgrade().is_none() {
            return;
        }
        if asked.is_err() {
            continue;
        }
        if conn.is_none() {
            use sqlx::Connection;
            match sqlx::PgConnection::connect_with(&pool.connect_options()).await {
                Ok(mut c) => {
                    if sqlx::query("SET synchronous_commit = off")
                        .execute(&mut c)
                        .await
                        .is_ok()
                    {
                        conn = Some(c);
                    }
                }
                Err(e) => tracing::debug!(error = %e, "cannot connect to announce appends"),
            }
        }
        if let Some(c) = conn.as_mut()
            && let Err(e) = sqlx::query("SELECT pg_notify('lotse_events', '')")
                .execute(&mut *c)
                .await
        {
            tracing::debug!(error = %e, "announcing appends failed; reconnecting");
            conn = None;
        }
    }
}

/// The events of a batch as one JSON array, with the version each will get.
pub(crate) fn batch_json(streams: &[StreamAppend]) -> (Value, Value) {
    let mut events = Vec::new();
    let mut expected = Vec::new();
    for s in streams {
        expected.push(json!({"s": s.stream, "x": s.expected_version}));
        for (i, e) in s.events.iter().enumerate() {
            events.push(json!({
                "s": s.stream,
                "v": s.expected_version + 1 + i as i64,
                "t": e.event_type,
                "sv": e.schema_version,
                "p": e.payload,
            }));
        }
    }
    (Value::Array(events), Value::Array(expected))
}

/// Seals the personal data of every event of a batch, in place.
pub(crate) fn seal_batch(
    streams: &mut [StreamAppend],
    tenant: Uuid,
    keys: &KeyCache,
) -> Result<(), StoreError> {
    for s in streams.iter_mut() {
        for e in s.events.iter_mut() {
            sealing::seal(&mut e.payload, tenant, keys)?;
        }
    }
    Ok(())
}

/// The subjects of every event of a batch.
pub(crate) fn batch_subjects(streams: &[StreamAppend]) -> Result<Vec<Uuid>, StoreError> {
    let mut subjects = Vec::new();
    for s in streams {
        for e in &s.events {
            sealing::subjects(&e.payload, &mut subjects)?;
        }
    }
    Ok(subjects)
}

/// Puts the clear payloads back on the recorded events of an append.
pub(crate) fn recorded_from_batch(
    clear: &[StreamAppend],
    meta: &AppendMeta,
    mut rows: Vec<(Position, String, i64, DateTime<Utc>)>,
) -> Vec<RecordedEvent> {
    rows.sort_by_key(|r| r.0);
    rows.into_iter()
        .filter_map(|(position, stream, version, recorded_at)| {
            let s = clear.iter().find(|s| s.stream == stream)?;
            let e = s.events.get((version - s.expected_version - 1) as usize)?;
            Some(RecordedEvent {
                position,
                tenant: meta.tenant,
                stream,
                version,
                event_type: e.event_type.clone(),
                schema_version: e.schema_version,
                payload: e.payload.clone(),
                actor: meta.actor.clone(),
                command_id: meta.command_id,
                correlation_id: meta.correlation_id,
                recorded_at,
            })
        })
        .collect()
}

#[async_trait]
impl EventStore for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
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
        let result = sqlx::query(
            "WITH ok AS ( \
                 SELECT bool_and(coalesce((SELECT max(ev.version) FROM events ev \
                     WHERE ev.tenant_id = $1 AND ev.stream_id = x.e->>'s'), 0) = (x.e->>'x')::bigint) AS ok \
                 FROM jsonb_array_elements($3) AS x(e) \
             ), cmd AS ( \
                 INSERT INTO commands (tenant_id, command_id) SELECT $1, $4 FROM ok WHERE ok.ok \
                 RETURNING command_id \
             ) \
             INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
                                 actor, command_id, correlation_id, recorded_at) \
             SELECT $1, j.e->>'s', (j.e->>'v')::bigint, j.e->>'t', (j.e->>'sv')::int, j.e->'p', \
                    $5, cmd.command_id, $6, coalesce($7, clock_timestamp()) \
             FROM jsonb_array_elements($2) WITH ORDINALITY AS j(e, ord) CROSS JOIN cmd \
             ORDER BY j.ord \
             RETURNING seq, tx_id::text::bigint AS tx, stream_id, version, recorded_at",
        )
        .bind(meta.tenant)
        .bind(&events)
        .bind(&expected)
        .bind(meta.command_id)
        .bind(&meta.actor)
        .bind(meta.correlation_id)
        .bind(meta.recorded_at)
        .fetch_all(&self.pool)
        .await;
        let rows = match result {
            Ok(rows) => rows,
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                return if db.constraint() == Some("commands_pkey") {
                    self.duplicate(meta).await
                } else if let Some(events) =
                    self.command_events(meta.tenant, meta.command_id).await?
                {
                    Ok(Appended {
                        events,
                        duplicate: true,
                    })
                } else {
                    Err(self.first_conflict(meta.tenant, &clear).await?)
                };
            }
            Err(e) => return Err(e.into()),
        };
        if rows.is_empty() {
            // The version check failed; a retry of an appended command is still a duplicate.
            if let Some(events) = self.command_events(meta.tenant, meta.command_id).await? {
                return Ok(Appended {
                    events,
                    duplicate: true,
                });
            }
            return Err(self.first_conflict(meta.tenant, &clear).await?);
        }
        let mut recorded = Vec::with_capacity(rows.len());
        for row in rows {
            recorded.push((
                Position {
                    tx: row.try_get("tx")?,
                    seq: row.try_get("seq")?,
                },
                row.try_get::<String, _>("stream_id")?,
                row.try_get::<i64, _>("version")?,
                row.try_get::<DateTime<Utc>, _>("recorded_at")?,
            ));
        }
        self.committed();
        Ok(Appended {
            events: recorded_from_batch(&clear, meta, recorded),
            duplicate: false,
        })
    }

    async fn read_stream(
        &self,
        tenant: Uuid,
        stream: &str,
    ) -> Result<Vec<RecordedEvent>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM events WHERE tenant_id = $1 AND stream_id = $2 ORDER BY version"
        )))
        .bind(tenant)
        .bind(stream)
        .fetch_all(&self.pool)
        .await?;
        self.decode(rows).await
    }

    async fn stream_version(&self, tenant: Uuid, stream: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT coalesce(max(version), 0) FROM events WHERE tenant_id = $1 AND stream_id = $2",
        )
        .bind(tenant)
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
            "SELECT {COLUMNS} FROM events \
             WHERE (tx_id, seq) > ($1::text::xid8, $2) \
               AND tx_id < pg_snapshot_xmin(pg_current_snapshot()) \
             ORDER BY tx_id, seq LIMIT $3"
        )))
        .bind(after.tx.to_string())
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
            "SELECT {COLUMNS} FROM events WHERE tenant_id = $1 AND command_id = $2 ORDER BY tx_id, seq"
        )))
        .bind(tenant)
        .bind(command_id)
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        self.decode(rows).await.map(Some)
    }

    async fn erase_subject(&self, tenant: Uuid, subject: Uuid) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO personal_data_keys (tenant_id, subject_id, key, erased_at) \
             VALUES ($1, $2, NULL, now()) \
             ON CONFLICT (tenant_id, subject_id) DO UPDATE SET key = NULL, erased_at = now()",
        )
        .bind(tenant)
        .bind(subject)
        .execute(&self.pool)
        .await?;
        self.keys.put(tenant, subject, None);
        Ok(())
    }

    fn subscribe(&self) -> broadcast::Receiver<()> {
        self.wake.subscribe()
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::migrate!("../../migrations/postgres")
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
            for chunk in subjects.chunks(1000) {
                self.load_keys(tenant, chunk, true).await?;
            }
        }
        let mut tx = self.pool.begin().await?;
        for chunk in events.chunks(1000) {
            let rows = import_json(chunk, &self.keys)?;
            sqlx::query(
                "INSERT INTO events (tenant_id, stream_id, version, event_type, schema_version, payload, \
                                     actor, command_id, correlation_id, recorded_at) \
                 SELECT (e->>'tenant')::uuid, e->>'s', (e->>'v')::bigint, e->>'t', (e->>'sv')::int, e->'p', \
                        e->>'a', (e->>'c')::uuid, (e->>'r')::uuid, (e->>'at')::timestamptz \
                 FROM jsonb_array_elements($1) WITH ORDINALITY AS j(e, ord) ORDER BY ord",
            )
            .bind(&rows)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO commands (tenant_id, command_id) \
                 SELECT DISTINCT (e->>'tenant')::uuid, (e->>'c')::uuid FROM jsonb_array_elements($1) AS j(e) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(&rows)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        for (tenant, subject) in crate::erased_subjects(events) {
            self.erase_subject(tenant, subject).await?;
        }
        self.committed();
        Ok(())
    }

    async fn count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM events")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// Events as a JSON array for a bulk insert, with personal data sealed.
pub(crate) fn import_json(events: &[RecordedEvent], keys: &KeyCache) -> Result<Value, StoreError> {
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let mut payload = e.payload.clone();
        sealing::seal(&mut payload, e.tenant, keys)?;
        out.push(json!({
            "tenant": e.tenant,
            "s": e.stream,
            "v": e.version,
            "t": e.event_type,
            "sv": e.schema_version,
            "p": payload,
            "a": e.actor,
            "c": e.command_id,
            "r": e.correlation_id,
            "at": e.recorded_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        }));
    }
    Ok(Value::Array(out))
}

/// The subjects with clear personal data in `events`, per tenant.
pub(crate) fn clear_subjects(
    events: &[RecordedEvent],
) -> Result<Vec<(Uuid, Vec<Uuid>)>, StoreError> {
    let mut by_tenant: std::collections::BTreeMap<Uuid, Vec<Uuid>> = Default::default();
    for e in events {
        let mut subjects = Vec::new();
        sealing::subjects(&e.payload, &mut subjects)?;
        by_tenant.entry(e.tenant).or_default().extend(subjects);
    }
    Ok(by_tenant.into_iter().collect())
}

impl PostgresStore {
    async fn duplicate(&self, meta: &AppendMeta) -> Result<Appended, StoreError> {
        let events = self
            .command_events(meta.tenant, meta.command_id)
            .await?
            .unwrap_or_default();
        Ok(Appended {
            events,
            duplicate: true,
        })
    }
}
