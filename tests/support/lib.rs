//! Support for the integration tests: a fresh database per test, on PostgreSQL or SQLite.

use lotse_eventstore::{Ops, PostgresStore, SqliteStore, Store, Upcasters};
use std::sync::Arc;

pub mod spawn;

/// Where the tests find PostgreSQL (a role that may create databases).
pub fn postgres_admin_url() -> String {
    std::env::var("LOTSE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test and is dropped after it.
pub struct TestDb {
    pub store: Store,
    /// The operational tables (sign-in tokens, sessions, rate limits) of the same database.
    pub ops: Ops,
    pub url: String,
    /// The PostgreSQL pool, when on PostgreSQL (for raw SQL in tests).
    pub pg: Option<sqlx::PgPool>,
    /// The SQLite pool, when on SQLite.
    pub sqlite: Option<sqlx::SqlitePool>,
    name: Option<String>,
    /// Where the database is dropped from (PostgreSQL only).
    admin: String,
    _dir: Option<tempdir::Dir>,
}

mod tempdir {
    /// A folder removed when dropped.
    pub struct Dir(pub std::path::PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl TestDb {
    /// A fresh, migrated PostgreSQL database.
    pub async fn postgres() -> Self {
        Self::postgres_with(Upcasters::default()).await
    }

    /// A fresh, migrated PostgreSQL database whose store applies `upcasters`.
    pub async fn postgres_with(upcasters: Upcasters) -> Self {
        Self::postgres_on(&postgres_admin_url(), upcasters).await
    }

    /// A fresh, migrated database on the PostgreSQL server that `admin` reaches (a role
    /// that may create databases), e.g. a private cluster a test stops and starts.
    pub async fn postgres_on(admin: &str, upcasters: Upcasters) -> Self {
        let admin = admin.to_string();
        let name = format!("lotse_test_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(&admin)
            .await
            .expect("PostgreSQL must be running for the tests (see README)");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .expect("create test database");
        pool.close().await;
        let url = match admin.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("the PostgreSQL URL needs a database name"),
        };
        let store = PostgresStore::connect(&url, upcasters)
            .await
            .expect("connect");
        let pg = store.pool().clone();
        let store = Arc::new(store);
        let ops: Ops = store.clone();
        let store: Store = store;
        store.migrate().await.expect("migrate");
        Self {
            store,
            ops,
            url,
            pg: Some(pg),
            sqlite: None,
            name: Some(name),
            admin,
            _dir: None,
        }
    }

    /// A fresh, migrated SQLite database in a temporary folder.
    pub async fn sqlite() -> Self {
        Self::sqlite_with(Upcasters::default()).await
    }

    /// A fresh, migrated SQLite database whose store applies `upcasters`.
    pub async fn sqlite_with(upcasters: Upcasters) -> Self {
        let dir = std::env::temp_dir().join(format!("lotse-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut db = Self::sqlite_in(&dir, upcasters).await;
        db._dir = Some(tempdir::Dir(dir));
        db
    }

    /// A fresh, migrated SQLite database in `dir` (e.g. a small filesystem a test fills),
    /// left there when dropped.
    pub async fn sqlite_in(dir: &std::path::Path, upcasters: Upcasters) -> Self {
        let url = format!("sqlite:{}", dir.join("lotse.sqlite").display());
        let store = SqliteStore::connect(&url, upcasters)
            .await
            .expect("connect");
        let pool = store.pool().clone();
        let store = Arc::new(store);
        let ops: Ops = store.clone();
        let store: Store = store;
        store.migrate().await.expect("migrate");
        Self {
            store,
            ops,
            url,
            pg: None,
            sqlite: Some(pool),
            name: None,
            admin: String::new(),
            _dir: None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if self.pg.take().is_some() {
            let name = self.name.take();
            let admin = std::mem::take(&mut self.admin);
            // Dropping happens outside the test's runtime, on a thread of its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                // FORCE ends the test's own connections, which its runtime can no longer close.
                rt.block_on(async move {
                    if let (Some(name), Ok(pool)) = (name, sqlx::PgPool::connect(&admin).await) {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                        )))
                        .execute(&pool)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

/// [`on_both_backends`] for a body that takes the database (to start a server on it).
#[macro_export]
macro_rules! on_both_backends_owned {
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($db: $crate::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            $(#[$meta])*
            async fn on_postgres() {
                body($crate::TestDb::postgres().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            $(#[$meta])*
            async fn on_sqlite() {
                body($crate::TestDb::sqlite().await).await;
            }
        }
    };
}

/// Runs the same async test body against PostgreSQL and SQLite, as two tests.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($db: &$crate::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            $(#[$meta])*
            async fn on_postgres() {
                let db = $crate::TestDb::postgres().await;
                body(&db).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            $(#[$meta])*
            async fn on_sqlite() {
                let db = $crate::TestDb::sqlite().await;
                body(&db).await;
            }
        }
    };
}

/// The whole log, read page by page from the start. On PostgreSQL a reader stops before any
/// transaction still running anywhere in the cluster (other tests included), so this waits
/// until at least `at_least` events are visible, for up to 30 seconds.
pub async fn whole_log(store: &Store, at_least: usize) -> Vec<lotse_eventstore::RecordedEvent> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let mut log = Vec::new();
        let mut at = lotse_eventstore::Position::START;
        loop {
            let page = store.read_all(at, 5000).await.expect("read the log");
            let Some(last) = page.last() else { break };
            at = last.position;
            log.extend(page);
        }
        if log.len() >= at_least || std::time::Instant::now() > deadline {
            return log;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Catches `live` up until it has folded every stored event (see [`settled_live`]).
pub async fn settle(live: &lotse_projections::Live, store: &Store) {
    let expected = store.count().await.expect("count the log") as u64;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        live.catch_up().await.expect("fold the log");
        if live.read().await.events >= expected {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the read model did not catch up within 30 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The read model folded from the whole log. On PostgreSQL a reader can stop short while
/// other tests' transactions are open, so this folds until every stored event is in.
pub async fn settled_live(store: &Store) -> lotse_projections::Live {
    let expected = store.count().await.expect("count the log") as u64;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let live = lotse_projections::Live::load(store.clone())
            .await
            .expect("fold the log");
        if live.read().await.events >= expected || std::time::Instant::now() > deadline {
            return live;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
