//! The `mail_outbox` table (migration 0003): one row per reminder key. Times are Unix
//! seconds. The same statements run on PostgreSQL and SQLite (only the placeholders differ).

use anyhow::Context as _;
use lotse_eventstore::DatabaseOptions;
use sqlx::Row;

/// The pool the jobs use: the job storage and the outbox share it.
#[derive(Clone, Debug)]
pub enum Outbox {
    Postgres(sqlx::PgPool),
    Sqlite(sqlx::SqlitePool),
}

/// A reminder that failed for good (no addresses: the key names ids only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub key: String,
    pub attempts: i64,
    pub failed_at: i64,
    pub last_error: String,
}

macro_rules! run {
    ($self:expr, $sql:literal, $($arg:expr),*) => {{
        match $self {
            Outbox::Postgres(pool) => sqlx::query(pg($sql))$(.bind($arg))*.execute(pool).await
                .map(|r| r.rows_affected()),
            Outbox::Sqlite(pool) => sqlx::query($sql)$(.bind($arg))*.execute(pool).await
                .map(|r| r.rows_affected()),
        }
    }};
}

/// `?1` → `$1`.
fn pg(sql: &'static str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql.replace('?', "$"))
}

impl Outbox {
    /// Opens a pool on the database a URL names (see
    /// [`lotse_eventstore::DatabaseOptions::parse`]) and sets up apalis' job tables.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::connect_with(&DatabaseOptions::parse(url)?).await
    }

    /// Opens a pool with the parsed options every other pool of the process uses, so the
    /// job storage and the outbox live in the database of the event log.
    pub async fn connect_with(options: &DatabaseOptions) -> anyhow::Result<Self> {
        match options {
            DatabaseOptions::Postgres(o) => {
                let pool = sqlx::postgres::PgPoolOptions::new()
                    .max_connections(8)
                    .connect_with(o.clone())
                    .await
                    .context("cannot connect the job queue to PostgreSQL")?;
                apalis_postgres::PostgresStorage::setup(&pool)
                    .await
                    .context("cannot set up the job queue")?;
                Ok(Outbox::Postgres(pool))
            }
            DatabaseOptions::Sqlite(o) => {
                let pool = sqlx::sqlite::SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(o.clone())
                    .await
                    .context("cannot open the job queue in SQLite")?;
                apalis_sqlite::SqliteStorage::setup(&pool)
                    .await
                    .context("cannot set up the job queue")?;
                Ok(Outbox::Sqlite(pool))
            }
        }
    }

    /// Whether the outbox can be read (a cheap query the scan runs first, so that a missing
    /// table or database shows even when nothing is due).
    pub async fn check(&self) -> anyhow::Result<()> {
        const SQL: &str = "SELECT 1 FROM mail_outbox LIMIT 1";
        match self {
            Outbox::Postgres(pool) => sqlx::query(SQL).fetch_optional(pool).await.map(drop),
            Outbox::Sqlite(pool) => sqlx::query(SQL).fetch_optional(pool).await.map(drop),
        }
        .context("cannot read the outbox")
    }

    /// Claims a key for enqueueing: true if this call inserted the row, or if the row was
    /// abandoned (a lease that ran out without a record, or never taken for `stale` seconds).
    pub async fn claim(&self, key: &str, now: i64, stale: i64) -> anyhow::Result<bool> {
        let inserted = run!(
            self,
            "INSERT INTO mail_outbox (key, created_at, attempts) VALUES (?1, ?2, 0) ON CONFLICT (key) DO NOTHING",
            key,
            now
        )?;
        if inserted == 1 {
            return Ok(true);
        }
        let revived = run!(
            self,
            "UPDATE mail_outbox SET created_at = ?2, lease_until = NULL WHERE key = ?1 AND failed_at IS NULL AND ((lease_until IS NOT NULL AND lease_until < ?2) OR (lease_until IS NULL AND created_at < ?3))",
            key,
            now,
            now - stale
        )?;
        Ok(revived == 1)
    }

    /// Takes the lease on a key until `until`; false if someone else holds it or it failed.
    pub async fn lease(&self, key: &str, now: i64, until: i64) -> anyhow::Result<bool> {
        let n = run!(
            self,
            "UPDATE mail_outbox SET lease_until = ?3, attempts = attempts + 1 WHERE key = ?1 AND failed_at IS NULL AND (lease_until IS NULL OR lease_until < ?2)",
            key,
            now,
            until
        )?;
        Ok(n == 1)
    }

    /// Gives the lease back after a temporary failure, so that a retry can take it.
    pub async fn release(&self, key: &str, error: &str) -> anyhow::Result<()> {
        run!(
            self,
            "UPDATE mail_outbox SET lease_until = NULL, last_error = ?2 WHERE key = ?1",
            key,
            error
        )?;
        Ok(())
    }

    /// Marks a key as sent and recorded (the lease stays for a year: nobody takes it).
    pub async fn done(&self, key: &str, now: i64) -> anyhow::Result<()> {
        run!(
            self,
            "UPDATE mail_outbox SET lease_until = ?2, last_error = NULL WHERE key = ?1",
            key,
            now + 365 * 86_400
        )?;
        Ok(())
    }

    /// Whether a key is settled: sent and recorded ([`Outbox::done`]) or failed for good.
    /// Unsettled keys are free or leased for one attempt (never for a month).
    pub async fn settled(&self, key: &str, now: i64) -> anyhow::Result<bool> {
        const SQL: &str = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM mail_outbox WHERE key = ?1 AND (failed_at IS NOT NULL OR lease_until > ?2)";
        let month = now + 30 * 86_400;
        let n: i64 = match self {
            Outbox::Postgres(pool) => sqlx::query(pg(SQL))
                .bind(key)
                .bind(month)
                .fetch_one(pool)
                .await?
                .get("n"),
            Outbox::Sqlite(pool) => sqlx::query(SQL)
                .bind(key)
                .bind(month)
                .fetch_one(pool)
                .await?
                .get("n"),
        };
        Ok(n > 0)
    }

    /// Records a permanent failure.
    pub async fn fail(&self, key: &str, now: i64, error: &str) -> anyhow::Result<()> {
        let n = run!(
            self,
            "UPDATE mail_outbox SET failed_at = ?2, last_error = ?3, lease_until = NULL WHERE key = ?1",
            key,
            now,
            error
        )?;
        if n == 0 {
            run!(
                self,
                "INSERT INTO mail_outbox (key, created_at, attempts, failed_at, last_error) VALUES (?1, ?2, 0, ?2, ?3) ON CONFLICT (key) DO NOTHING",
                key,
                now,
                error
            )?;
        }
        Ok(())
    }

    /// Every failed delivery, oldest first.
    pub async fn failures(&self) -> anyhow::Result<Vec<Failure>> {
        const SQL: &str = "SELECT key, CAST(attempts AS BIGINT) AS attempts, CAST(failed_at AS BIGINT) AS failed_at, COALESCE(last_error, '') AS last_error FROM mail_outbox WHERE failed_at IS NOT NULL ORDER BY failed_at, key";
        let rows: Vec<Failure> = match self {
            Outbox::Postgres(pool) => sqlx::query(SQL)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| Failure {
                    key: r.get("key"),
                    attempts: r.get("attempts"),
                    failed_at: r.get("failed_at"),
                    last_error: r.get("last_error"),
                })
                .collect(),
            Outbox::Sqlite(pool) => sqlx::query(SQL)
                .fetch_all(pool)
                .await?
                .into_iter()
                .map(|r| Failure {
                    key: r.get("key"),
                    attempts: r.get("attempts"),
                    failed_at: r.get("failed_at"),
                    last_error: r.get("last_error"),
                })
                .collect(),
        };
        Ok(rows)
    }

    /// How many outbox rows there are (tests and diagnostics).
    pub async fn len(&self) -> anyhow::Result<i64> {
        const SQL: &str = "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM mail_outbox";
        Ok(match self {
            Outbox::Postgres(pool) => sqlx::query(SQL).fetch_one(pool).await?.get("n"),
            Outbox::Sqlite(pool) => sqlx::query(SQL).fetch_one(pool).await?.get("n"),
        })
    }

    /// Whether there are no outbox rows.
    pub async fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.len().await? == 0)
    }
}
