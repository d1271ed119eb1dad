use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use async_trait::async_trait;
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::Deserialize;

use super::{SendError, Transport, redact_addresses};
use crate::OutgoingMail;

/// A password or other secret. It never shows in `Debug` output and has no `Display`.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// Plain text. Only for a server on the same machine or in tests.
    None,
    /// Plain connection upgraded with STARTTLS, which must succeed (usually port 587).
    #[default]
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// Settings for [`SmtpTransport`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpConfig {
    /// Host name of the server; also checked against its TLS certificate.
    pub host: String,
    /// Port, e.g. 587 (STARTTLS), 465 (TLS) or 25.
    pub port: u16,
    /// How the connection is protected.
    pub security: Security,
    /// User name, if the server wants one.
    pub username: Option<String>,
    /// Password for `username`.
    pub password: Option<Secret>,
    /// Limit for one mail: connecting, the SMTP dialogue and the upload. Default: 5 seconds.
    pub timeout: Duration,
    /// Most connections kept open at once. Default: 4.
    pub pool_size: u32,
}

impl SmtpConfig {
    /// STARTTLS on the given host and port, no credentials, a 5 s timeout, 4 connections.
    pub fn new(host: impl Into<String>, port: u16) -> Self {
        SmtpConfig {
            host: host.into(),
            port,
            security: Security::StartTls,
            username: None,
            password: None,
            timeout: Duration::from_secs(5),
            pool_size: 4,
        }
    }
}

/// The SMTP settings cannot be used (e.g. TLS cannot be set up for the host name).
#[derive(Debug, thiserror::Error)]
#[error("invalid SMTP settings: {0}")]
pub struct SmtpSetupError(String);

/// Sends mail through an SMTP server, keeping a small pool of connections open.
///
/// Every mail has a deadline of [`SmtpConfig::timeout`] for connecting, the SMTP dialogue
/// and the upload. lettre has no read timeout of its own, and a send cut off by the
/// deadline would return its half-used connection to the pool; so after a timeout the
/// whole pool is replaced by a fresh one and the old connections are closed.
///
/// Must be created inside a Tokio runtime (the pool runs a clean-up task).
#[derive(Clone)]
pub struct SmtpTransport {
    builder: AsyncSmtpTransportBuilder,
    timeout: Duration,
    current: Arc<RwLock<(u64, AsyncSmtpTransport<Tokio1Executor>)>>,
}

impl fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SmtpTransport {
    /// Prepares the transport; no connection is made until the first mail.
    pub fn new(config: &SmtpConfig) -> Result<Self, SmtpSetupError> {
        type Smtp = AsyncSmtpTransport<Tokio1Executor>;
        let setup = |e: lettre::transport::smtp::Error| SmtpSetupError(e.to_string());
        let mut builder = match config.security {
            Security::None => Smtp::builder_dangerous(config.host.clone()),
            Security::StartTls => Smtp::starttls_relay(&config.host).map_err(setup)?,
            Security::Tls => Smtp::relay(&config.host).map_err(setup)?,
        }
        .port(config.port)
        .timeout(Some(config.timeout))
        .pool_config(PoolConfig::new().max_size(config.pool_size.max(1)));
        match (&config.username, &config.password) {
            (Some(user), Some(password)) => {
                builder = builder
                    .credentials(Credentials::new(user.clone(), password.expose().to_owned()));
            }
            (None, None) => {}
            _ => {
                return Err(SmtpSetupError(
                    "give both a user name and a password, or neither".into(),
                ));
            }
        }
        let first = builder.clone().build();
        Ok(SmtpTransport {
            builder,
            timeout: config.timeout,
            current: Arc::new(RwLock::new((0, first))),
        })
    }

    /// Connects and says hello, to check the settings at start-up.
    pub async fn test_connection(&self) -> Result<(), SendError> {
        let (generation, transport) = self.current();
        match tokio::time::timeout(self.timeout, transport.test_connection()).await {
            Ok(Ok(true)) => Ok(()),
            Ok(Ok(false)) => Err(SendError::Temporary(
                "the SMTP server did not answer NOOP".into(),
            )),
            Ok(Err(e)) => Err(classify(&e)),
            Err(_) => {
                self.replace_pool(generation);
                Err(self.timed_out())
            }
        }
    }

    fn current(&self) -> (u64, AsyncSmtpTransport<Tokio1Executor>) {
        let guard = self.current.read().unwrap_or_else(|p| p.into_inner());
        (guard.0, guard.1.clone())
    }

    /// Swaps in a fresh pool unless another timeout already did, and closes the old one
    /// in the background (bounded by the timeout, so a dead server cannot hold it).
    fn replace_pool(&self, generation: u64) {
        let old = {
            let mut guard = self.current.write().unwrap_or_else(|p| p.into_inner());
            if guard.0 != generation {
                return;
            }
            let fresh = (generation + 1, self.builder.clone().build());
            std::mem::replace(&mut *guard, fresh).1
        };
        let timeout = self.timeout;
        tokio::spawn(async move {
            let _ = tokio::time::timeout(timeout, old.shutdown()).await;
        });
    }

    fn timed_out(&self) -> SendError {
        SendError::Temporary(format!(
            "the SMTP server did not finish within {} ms",
            self.timeout.as_millis()
        ))
    }
}

#[async_trait]
impl Transport for SmtpTransport {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let message = mail.to_message()?;
        let (generation, transport) = self.current();
        match tokio::time::timeout(self.timeout, transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(classify(&e)),
            Err(_) => {
                self.replace_pool(generation);
                Err(self.timed_out())
            }
        }
    }
}

/// 5xx replies are permanent; 4xx replies, connection and network trouble, timeouts and
/// TLS failures are temporary. Addresses in the server's reply are removed.
fn classify(error: &lettre::transport::smtp::Error) -> SendError {
    let message = redact_addresses(&error_chain(error));
    if error.is_permanent() {
        SendError::Permanent(message)
    } else {
        SendError::Temporary(message)
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.contains(&cause_text) {
            message.push_str(": ");
            message.push_str(&cause_text);
        }
        source = cause.source();
    }
    message
}
