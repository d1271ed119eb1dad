//! Ways to deliver a mail: SMTP for production, a folder for development, memory for tests.

mod file;
mod memory;
mod smtp;

pub use file::FileTransport;
pub use memory::MemoryTransport;
pub use smtp::{Secret, Security, SmtpConfig, SmtpSetupError, SmtpTransport};

use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;

use crate::OutgoingMail;

/// Delivers mails.
#[async_trait]
pub trait Transport: Send + Sync {
    /// Hands one mail to the next hop. `Ok` means it was accepted for delivery.
    async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError>;
}

/// Why a mail was not accepted. The message never contains addresses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Try again later: a 4xx reply, a refused or broken connection, a timeout.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Do not try again: a 5xx reply (e.g. 550 unknown user) or a mail that cannot be built.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

impl SendError {
    /// Whether sending again later may succeed.
    pub fn is_temporary(&self) -> bool {
        matches!(self, SendError::Temporary(_))
    }
}

/// Which transport to use, as read from the configuration.
#[derive(Clone, Debug)]
pub enum TransportConfig {
    /// Deliver through an SMTP server.
    Smtp(SmtpConfig),
    /// Write `.eml` files into a folder (development).
    File {
        /// The folder; created when the first mail is written.
        dir: PathBuf,
    },
}

impl TransportConfig {
    /// Builds the configured transport.
    pub fn build(&self) -> Result<Arc<dyn Transport>, SmtpSetupError> {
        Ok(match self {
            TransportConfig::Smtp(config) => Arc::new(SmtpTransport::new(config)?),
            TransportConfig::File { dir } => Arc::new(FileTransport::new(dir.clone())),
        })
    }
}

/// Replaces every word with an `@` by `<address>`: server replies such as
/// `550 5.1.1 <someone@example.org>: user unknown` must not carry addresses into logs.
pub(crate) fn redact_addresses(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.contains('@') {
                "<address>"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
