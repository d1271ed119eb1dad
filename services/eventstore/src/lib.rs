//! The event log behind one small trait, with a PostgreSQL and a SQLite implementation.
//!
//! - Appends take a batch for one or more streams, each with the version the writer expects;
//!   a mismatch is a [`StoreError::Conflict`], detected by the database (a unique key or the
//!   version check inside the insert statement), never by a read before the write.
//! - Every append carries a command id; appending the same command id again returns the
//!   events of the first append ([`Appended::duplicate`]) instead of new ones.
//! - The whole log is read in [`Position`] order. On PostgreSQL a reader only sees
//!   transactions older than the oldest one still running, so an append that commits late
//!   is never skipped by a reader that already moved past its position.
//! - Personal data inside payloads (objects marked with `$subject`) is sealed with a key per
//!   person kept outside the log; [`EventStore::erase_subject`] destroys the key, and the
//!   data reads as erased from then on, without rewriting the log.

mod ops;
mod postgres;
mod sealing;
mod sqlite;
mod upcast;
mod url;

pub use ops::{Operational, Principal, TOUCH_EVERY_SECONDS};
pub use postgres::PostgresStore;
pub use sealing::SealError;
pub use sqlite::SqliteStore;
pub use upcast::{Upcaster, Upcasters};
pub use url::{ACCEPTED_FORMS, DatabaseOptions, UrlError, is_disk_full, is_unreachable};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::sync::Arc;
use thiserror::Error;
use uuid::Uuid;

/// A place in the global order of the log. Compare positions, never do arithmetic on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// The writing transaction (PostgreSQL); 0 on SQLite.
    pub tx: i64,
    /// The sequence number of the event.
    pub seq: i64,
}

impl Position {
    /// Before the first event.
    pub const START: Position = Position { tx: 0, seq: 0 };
}

/// An event to append.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event_type: String,
    pub schema_version: i32,
    pub payload: Value,
}

/// The events for one stream, with the version the writer last saw (0 for a new stream).
#[derive(Debug, Clone, PartialEq)]
pub struct StreamAppend {
    pub stream: String,
    pub expected_version: i64,
    pub events: Vec<NewEvent>,
}

/// Who and why, recorded with every event of an append.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendMeta {
    pub tenant: Uuid,
    pub command_id: Uuid,
    pub correlation_id: Uuid,
    /// `user:<id>`, `public`, `system` or `operator`: never a name or an e-mail address.
    pub actor: String,
    /// When the events happened, where that is not now: only for writing a history that
    /// is made up at once (the demo programme). `None`: the time of the append.
    pub recorded_at: Option<DateTime<Utc>>,
}

/// An event as stored, with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedEvent {
    pub position: Position,
    pub tenant: Uuid,
    pub stream: String,
    pub version: i64,
    pub event_type: String,
    pub schema_version: i32,
    pub payload: Value,
    pub actor: String,
    pub command_id: Uuid,
    pub correlation_id: Uuid,
    pub recorded_at: DateTime<Utc>,
}

/// The result of an append.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    /// The events of this command, in order.
    pub events: Vec<RecordedEvent>,
    /// True when the command id had been appended before and these are the first result's events.
    pub duplicate: bool,
}

/// Why an append or a read failed.
#[derive(Debug, Error)]
pub enum StoreError {
    /// Another writer appended to the stream since the writer read it.
    #[error("stream {stream} is not at the expected version {expected}")]
    Conflict { stream: String, expected: i64 },
    /// An append without events, or with events for no stream.
    #[error("nothing to append")]
    Empty,
    /// Personal data could not be sealed or opened.
    #[error(transparent)]
    Seal(#[from] SealError),
    /// The database failed.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// The database schema could not be migrated.
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored row could not be read back.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// The database URL is not in an accepted form.
    #[error(transparent)]
    Url(#[from] UrlError),
}

impl StoreError {
    /// The database could not be reached (no connection within the pool's time, the
    /// connection broke, the server is shutting down or full): nothing was done, and the
    /// same request can be sent again. See [`is_unreachable`].
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(e) => is_unreachable(e),
            _ => false,
        }
    }

    /// The database's disk is full (SQLite's SQLITE_FULL, PostgreSQL's disk_full, or the
    /// operating system's "no space left on device"): nothing was written, and the same
    /// request can be sent again once there is space.
    pub fn is_full(&self) -> bool {
        match self {
            StoreError::Database(e) => url::is_disk_full(e),
            _ => false,
        }
    }
}

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// The event log.
#[async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Which database this is.
    fn backend(&self) -> Backend;

    /// Appends atomically to one or more streams, each checked against its expected version.
    async fn append(
        &self,
        meta: &AppendMeta,
        streams: Vec<StreamAppend>,
    ) -> Result<Appended, StoreError>;

    /// One stream of a tenant, in version order (empty for a stream that does not exist).
    async fn read_stream(
        &self,
        tenant: Uuid,
        stream: &str,
    ) -> Result<Vec<RecordedEvent>, StoreError>;

    /// The current version of a stream (0 when it does not exist).
    async fn stream_version(&self, tenant: Uuid, stream: &str) -> Result<i64, StoreError>;

    /// The whole log after `after`, in position order, at most `limit` events.
    async fn read_all(&self, after: Position, limit: i64)
    -> Result<Vec<RecordedEvent>, StoreError>;

    /// The events a command appended, if it was appended.
    async fn command_events(
        &self,
        tenant: Uuid,
        command_id: Uuid,
    ) -> Result<Option<Vec<RecordedEvent>>, StoreError>;

    /// Destroys the key of one person: their personal data reads as erased from now on.
    async fn erase_subject(&self, tenant: Uuid, subject: Uuid) -> Result<(), StoreError>;

    /// A signal that fires after new events may have been committed (by this process or,
    /// on PostgreSQL, any other). Readers still poll now and then: a signal can be missed.
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<()>;

    /// Creates or updates the schema.
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Restores events exported from another database, keeping their stream, version and
    /// metadata (positions are new). Clear personal data is sealed with new keys; subjects
    /// whose data arrives erased are recorded as erased. Only into an empty log.
    async fn import(&self, events: &[RecordedEvent]) -> Result<(), StoreError>;

    /// How many events the log holds.
    async fn count(&self) -> Result<i64, StoreError>;
}

/// A shared handle to a store.
pub type Store = Arc<dyn EventStore>;

/// A shared handle to the operational tables.
pub type Ops = Arc<dyn Operational>;

/// The log and the operational tables of one database.
#[derive(Clone)]
pub struct Database {
    pub events: Store,
    pub ops: Ops,
}

/// Opens the store a database URL names (`postgres://…` or `sqlite:…`), without migrating.
pub async fn connect(url: &str, upcasters: Upcasters) -> Result<Store, StoreError> {
    Ok(open(url, upcasters).await?.events)
}

/// Opens the log and the operational tables of the database a URL names, without migrating.
pub async fn open(url: &str, upcasters: Upcasters) -> Result<Database, StoreError> {
    open_with(&DatabaseOptions::parse(url)?, upcasters).await
}

/// Opens the log and the operational tables of a parsed database URL, without migrating.
pub async fn open_with(
    options: &DatabaseOptions,
    upcasters: Upcasters,
) -> Result<Database, StoreError> {
    let (events, ops): (Store, Ops) = match options {
        DatabaseOptions::Postgres(o) => {
            let store = Arc::new(PostgresStore::connect_with(o.clone(), upcasters).await?);
            (store.clone(), store)
        }
        DatabaseOptions::Sqlite(o) => {
            let store = Arc::new(SqliteStore::connect_with(o.clone(), upcasters).await?);
            (store.clone(), store)
        }
    };
    Ok(Database { events, ops })
}

/// The subjects an import must record as erased: those that only ever arrive erased.
fn erased_subjects(events: &[RecordedEvent]) -> Vec<(Uuid, Uuid)> {
    fn walk(v: &Value, out: &mut Vec<(Uuid, bool)>) {
        match v {
            Value::Object(map) => {
                if let Some(s) = map
                    .get("$subject")
                    .and_then(Value::as_str)
                    .and_then(|s| Uuid::parse_str(s).ok())
                {
                    out.push((s, map.contains_key("$erased")));
                }
                map.values().for_each(|x| walk(x, out));
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut erased = std::collections::BTreeSet::new();
    let mut clear = std::collections::BTreeSet::new();
    for e in events {
        let mut found = Vec::new();
        walk(&e.payload, &mut found);
        for (s, is_erased) in found {
            if is_erased {
                erased.insert((e.tenant, s));
            } else {
                clear.insert((e.tenant, s));
            }
        }
    }
    erased.difference(&clear).copied().collect()
}

/// Events per append, checked the same way by both backends.
fn check_batch(streams: &[StreamAppend]) -> Result<(), StoreError> {
    if streams.is_empty() || streams.iter().any(|s| s.events.is_empty()) {
        return Err(StoreError::Empty);
    }
    Ok(())
}
