//! The few operational tables beside the log: sign-in tokens, sessions, rate limits,
//! server secrets.
//! Secrets and limited keys arrive already hashed; nothing here holds personal data.

use crate::{PostgresStore, SqliteStore, StoreError};
use async_trait::async_trait;
use uuid::Uuid;

/// Who a token or a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    pub tenant: Uuid,
    pub user: Uuid,
}

/// Sign-in tokens, sessions and throttles. Times are Unix seconds.
#[async_trait]
pub trait Operational: Send + Sync + 'static {
    /// Stores a sign-in token (by hash) valid until `expires_at`.
    async fn put_sign_in_token(
        &self,
        token_hash: &str,
        who: Principal,
        expires_at: i64,
    ) -> Result<(), StoreError>;

    /// Uses a token: returns its owner once, if it is unused and not expired at `now`.
    async fn take_sign_in_token(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Principal>, StoreError>;

    /// Creates a session.
    async fn create_session(
        &self,
        session_hash: &str,
        who: Principal,
        now: i64,
        idle_expires_at: i64,
        absolute_expires_at: i64,
    ) -> Result<(), StoreError>;

    /// Looks a session up and extends its idle timeout to `idle_expires_at`. The extension is
    /// written at most once per [`TOUCH_EVERY_SECONDS`]: most requests only read.
    async fn touch_session(
        &self,
        session_hash: &str,
        now: i64,
        idle_expires_at: i64,
    ) -> Result<Option<Principal>, StoreError>;

    /// Ends a session.
    async fn delete_session(&self, session_hash: &str) -> Result<(), StoreError>;

    /// The installation's secret `name`: `candidate` if there was none yet (the first caller
    /// wins; every process then reads the same value).
    async fn server_secret(&self, name: &str, candidate: &str) -> Result<String, StoreError>;

    /// Counts one hit on `key_hash` in the fixed window that starts at `window_start` and
    /// ends at `window_end`, atomically; the number of hits in that window, this one included.
    async fn count_hit(
        &self,
        key_hash: &str,
        window_start: i64,
        window_end: i64,
    ) -> Result<i64, StoreError>;

    /// Deletes the counters of windows that ended before `now`.
    async fn prune_hits(&self, now: i64) -> Result<u64, StoreError>;
}

/// How far a session's idle timeout must move before it is written again.
pub const TOUCH_EVERY_SECONDS: i64 = 60;

fn principal(tenant: String, user: String) -> Result<Principal, StoreError> {
    let parse = |s: &str| Uuid::parse_str(s).map_err(|e| StoreError::Corrupt(e.to_string()));
    Ok(Principal {
        tenant: parse(&tenant)?,
        user: parse(&user)?,
    })
}

macro_rules! operational {
    ($store:ty, $p:tt) => {
        #[async_trait]
        impl Operational for $store {
            async fn put_sign_in_token(
                &self,
                token_hash: &str,
                who: Principal,
                expires_at: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(operational!(@sql $p,
                    "INSERT INTO sign_in_tokens (token_hash, tenant_id, user_id, expires_at) VALUES (?1, ?2, ?3, ?4)"))
                    .bind(token_hash)
                    .bind(who.tenant.to_string())
                    .bind(who.user.to_string())
                    .bind(expires_at)
                    .execute(self.pool())
                    .await?;
                Ok(())
            }

            async fn take_sign_in_token(
                &self,
                token_hash: &str,
                now: i64,
            ) -> Result<Option<Principal>, StoreError> {
                let row: Option<(String, String)> = sqlx::query_as(operational!(@sql $p,
                    "UPDATE sign_in_tokens SET used_at = ?2 \
                     WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2 \
                     RETURNING tenant_id, user_id"))
                    .bind(token_hash)
                    .bind(now)
                    .fetch_optional(self.pool())
                    .await?;
                row.map(|(t, u)| principal(t, u)).transpose()
            }

            async fn create_session(
                &self,
                session_hash: &str,
                who: Principal,
                now: i64,
                idle_expires_at: i64,
                absolute_expires_at: i64,
            ) -> Result<(), StoreError> {
                sqlx::query(operational!(@sql $p,
                    "INSERT INTO sessions (session_hash, tenant_id, user_id, created_at, idle_expires_at, absolute_expires_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)"))
                    .bind(session_hash)
                    .bind(who.tenant.to_string())
                    .bind(who.user.to_string())
                    .bind(now)
                    .bind(idle_expires_at)
                    .bind(absolute_expires_at)
                    .execute(self.pool())
                    .await?;
                Ok(())
            }

            async fn touch_session(
                &self,
                session_hash: &str,
                now: i64,
                idle_expires_at: i64,
            ) -> Result<Option<Principal>, StoreError> {
                let row: Option<(String, String, i64)> = sqlx::query_as(operational!(@sql $p,
                    "SELECT tenant_id, user_id, idle_expires_at FROM sessions \
                     WHERE session_hash = ?1 AND idle_expires_at > ?2 AND absolute_expires_at > ?2"))
                    .bind(session_hash)
                    .bind(now)
                    .fetch_optional(self.pool())
                    .await?;
                let Some((tenant, user, idle)) = row else {
                    return Ok(None);
                };
                // A write (and a disk flush) per request would serialise a user's requests on
                // the session's row: extend the timeout only when it has moved on a minute.
                // The session is valid either way: when the extension cannot be written (a
                // full disk, say), the person can still read; it is tried again next time.
                if idle_expires_at - idle >= TOUCH_EVERY_SECONDS {
                    if let Err(e) = sqlx::query(operational!(@sql $p,
                        "UPDATE sessions SET idle_expires_at = ?2 \
                         WHERE session_hash = ?1 AND idle_expires_at < ?2"))
                        .bind(session_hash)
                        .bind(idle_expires_at)
                        .execute(self.pool())
                        .await
                    {
                        tracing::warn!(error = %e, "a session's idle timeout was not extended");
                    }
                }
                principal(tenant, user).map(Some)
            }

            async fn delete_session(&self, session_hash: &str) -> Result<(), StoreError> {
                sqlx::query(operational!(@sql $p, "DELETE FROM sessions WHERE session_hash = ?1"))
                    .bind(session_hash)
                    .execute(self.pool())
                    .await?;
                Ok(())
            }

            async fn count_hit(
                &self,
                key_hash: &str,
                window_start: i64,
                window_end: i64,
            ) -> Result<i64, StoreError> {
                let (hits,): (i64,) = sqlx::query_as(operational!(@sql $p,
                    "INSERT INTO rate_limits (key_hash, window_start, window_end, hits) VALUES (?1, ?2, ?3, 1) \
                     ON CONFLICT (key_hash, window_start) DO UPDATE SET hits = rate_limits.hits + 1 \
                     RETURNING hits"))
                    .bind(key_hash)
                    .bind(window_start)
                    .bind(window_end)
                    .fetch_one(self.pool())
                    .await?;
                Ok(hits)
            }

            async fn prune_hits(&self, now: i64) -> Result<u64, StoreError> {
                let done = sqlx::query(operational!(@sql $p,
                    "DELETE FROM rate_limits WHERE window_end <= ?1"))
                    .bind(now)
                    .execute(self.pool())
                    .await?;
                Ok(done.rows_affected())
            }

            async fn server_secret(&self, name: &str, candidate: &str) -> Result<String, StoreError> {
                sqlx::query(operational!(@sql $p,
                    "INSERT INTO server_secrets (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING"))
                    .bind(name)
                    .bind(candidate)
                    .execute(self.pool())
                    .await?;
                let (value,): (String,) = sqlx::query_as(operational!(@sql $p,
                    "SELECT value FROM server_secrets WHERE name = ?1"))
                    .bind(name)
                    .fetch_one(self.pool())
                    .await?;
                Ok(value)
            }
        }
    };
    (@sql pg, $sql:literal) => {
        sqlx::AssertSqlSafe(pg_params($sql))
    };
    (@sql lite, $sql:literal) => {
        $sql
    };
}

/// `?1` placeholders (SQLite) as `$1` (PostgreSQL).
fn pg_params(sql: &str) -> String {
    sql.replace('?', "$")
}

operational!(PostgresStore, pg);
operational!(SqliteStore, lite);
