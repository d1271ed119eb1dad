//! The database URL, parsed once. Every pool of a process (event log, sessions and other
//! operational tables, job storage, outbox) is built from the same [`DatabaseOptions`], so
//! they all open the same database: no part turns the URL into a path by hand (where
//! `sqlite://PATH?mode=rwc` would become a second file literally named `PATH?mode=rwc`).

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// The forms of database URL Lotse accepts, for messages.
pub const ACCEPTED_FORMS: &str = "sqlite:PATH, sqlite://PATH or sqlite://PATH?mode=rwc \
(the file is created when missing; ?mode=rw: it must exist), or \
postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (also postgresql://, with PostgreSQL's \
parameters such as ?sslmode=require)";

/// A database URL Lotse does not accept: why, and (in its message) the accepted forms.
/// Never repeats the URL, which may hold a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}; accepted forms: {ACCEPTED_FORMS}")]
pub struct UrlError {
    reason: String,
}

impl UrlError {
    fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

/// Where the database is and how to connect to it.
#[derive(Debug, Clone)]
pub enum DatabaseOptions {
    Postgres(PgConnectOptions),
    /// A file, in WAL mode with full synchronous commits, a 10 s busy timeout and foreign
    /// keys on.
    Sqlite(SqliteConnectOptions),
}

impl DatabaseOptions {
    /// Reads a database URL in one of the [`ACCEPTED_FORMS`].
    pub fn parse(url: &str) -> Result<Self, UrlError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = PgConnectOptions::from_str(url)
                .map_err(|e| UrlError::new(format!("cannot read the PostgreSQL URL ({e})")))?;
            return Ok(Self::Postgres(options));
        }
        let Some(rest) = url.strip_prefix("sqlite:") else {
            let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
                !s.is_empty()
                    && s.len() <= 16
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+')
            });
            return Err(UrlError::new(match scheme {
                Some(s) => format!("the scheme {s}: is not supported"),
                None => "it starts with neither sqlite: nor postgres://".to_string(),
            }));
        };
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (rest, None),
        };
        if path.is_empty() || path == ":memory:" {
            return Err(UrlError::new(
                "an SQLite database must be a file (in memory, every fact would be lost at exit)",
            ));
        }
        let mut must_exist = false;
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            match pair.split_once('=') {
                Some(("mode", "rwc")) => must_exist = false,
                Some(("mode", "rw")) => must_exist = true,
                Some(("mode", _)) => {
                    return Err(UrlError::new(
                        "an SQLite URL's mode must be rwc or rw (Lotse writes to its database)",
                    ));
                }
                _ => {
                    let name = pair.split('=').next().unwrap_or_default();
                    return Err(UrlError::new(format!(
                        "the SQLite URL parameter {name:?} is not supported"
                    )));
                }
            }
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))
            .map_err(|e| UrlError::new(format!("cannot read the SQLite URL ({e})")))?
            .create_if_missing(!must_exist)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        Ok(Self::Sqlite(options))
    }

    /// The SQLite database's file (none on PostgreSQL).
    pub fn sqlite_file(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(o) => Some(o.get_filename()),
            Self::Postgres(_) => None,
        }
    }

    /// Where the database is, for log lines: `HOST:PORT` of PostgreSQL or the SQLite file
    /// (never a user name or password).
    pub fn location(&self) -> String {
        match self {
            Self::Postgres(o) => format!("{}:{}", o.get_host(), o.get_port()),
            Self::Sqlite(o) => o.get_filename().display().to_string(),
        }
    }
}

impl DatabaseOptions {
    /// Tries one connection to PostgreSQL (an SQLite file needs no server), for at most
    /// 10 s: `Err` with the reason when it fails; [`is_unreachable`] tells whether trying
    /// again may help.
    pub async fn try_connect(&self) -> Result<(), sqlx::Error> {
        use sqlx::Connection;
        let Self::Postgres(o) = self else {
            return Ok(());
        };
        match tokio::time::timeout(Duration::from_secs(10), sqlx::PgConnection::connect_with(o))
            .await
        {
            Ok(connection) => connection?.close().await,
            Err(_) => Err(sqlx::Error::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no answer within 10 s",
            ))),
        }
    }
}

/// Whether a connection failed because the database is not there (yet): no answer, a
/// refused or broken connection, a server that is starting up, shutting down or full.
/// Wrong credentials or a missing database are not: trying again would not help.
pub fn is_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut => true,
        // 57P01..57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many
        // connections.
        sqlx::Error::Database(e) => matches!(
            e.code().as_deref(),
            Some("57P01" | "57P02" | "57P03" | "53300")
        ),
        _ => false,
    }
}

/// Whether `error` says the database's disk is full: SQLite's SQLITE_FULL (13, also as an
/// extended code), PostgreSQL's 53100 disk_full, or ENOSPC from the operating system.
pub fn is_disk_full(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(e) => e.raw_os_error() == Some(28),
        sqlx::Error::Database(e) if e.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() => {
            e.code()
                .and_then(|c| c.parse::<u32>().ok())
                .is_some_and(|c| c & 0xff == 13)
        }
        sqlx::Error::Database(e) => e.code().as_deref() == Some("53100"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(url: &str) -> String {
        DatabaseOptions::parse(url)
            .unwrap()
            .sqlite_file()
            .unwrap()
            .display()
            .to_string()
    }

    #[test]
    fn every_accepted_sqlite_form_names_the_same_file() {
        assert_eq!(file("sqlite:data/lotse.sqlite"), "data/lotse.sqlite");
        assert_eq!(file("sqlite://data/lotse.sqlite"), "data/lotse.sqlite");
        assert_eq!(
            file("sqlite://data/lotse.sqlite?mode=rwc"),
            "data/lotse.sqlite"
        );
        assert_eq!(
            file("sqlite:///srv/lotse.sqlite?mode=rwc"),
            "/srv/lotse.sqlite"
        );
        assert_eq!(
            file("sqlite:/srv/lotse.sqlite?mode=rw"),
            "/srv/lotse.sqlite"
        );
    }

    #[test]
    fn postgres_urls_keep_their_host_and_port_and_hide_the_password() {
        let o = DatabaseOptions::parse("postgres://lotse:geheim@db.internal:6432/lotse").unwrap();
        assert_eq!(o.location(), "db.internal:6432");
        assert!(
            DatabaseOptions::parse("postgresql://lotse@db.internal/lotse?sslmode=require").is_ok()
        );
    }

    #[test]
    fn other_forms_are_refused_with_the_reason_and_the_accepted_forms() {
        for (url, reason) in [
            (
                "mysql://lotse:geheim@db/lotse",
                "the scheme mysql: is not supported",
            ),
            ("data/lotse.sqlite", "neither sqlite: nor postgres://"),
            ("sqlite::memory:", "must be a file"),
            ("sqlite://?mode=memory", "must be a file"),
            (
                "sqlite://data/lotse.sqlite?mode=ro",
                "mode must be rwc or rw",
            ),
            (
                "sqlite://data/lotse.sqlite?mode=memory",
                "mode must be rwc or rw",
            ),
            (
                "sqlite://data/lotse.sqlite?cache=shared",
                "\"cache\" is not supported",
            ),
            (
                "postgres://lotse:geheim@db:port/lotse",
                "cannot read the PostgreSQL URL",
            ),
        ] {
            let message = DatabaseOptions::parse(url).unwrap_err().to_string();
            assert!(message.contains(reason), "{url}: {message}");
            assert!(message.contains(ACCEPTED_FORMS), "{url}: {message}");
            assert!(!message.contains("geheim"), "{url}: {message}");
        }
    }
}
