use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use super::{SendError, Transport};
use crate::OutgoingMail;

/// Keeps mails in memory, for tests of code that sends mail.
///
/// Clones share the same mailbox, so a test can keep one and hand the other to the code
/// under test. Failures queued with [`MemoryTransport::fail_next`] are returned, in
/// order, before mails are accepted again; a failed mail is not kept.
#[derive(Clone, Debug, Default)]
pub struct MemoryTransport {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    sent: Vec<OutgoingMail>,
    failures: VecDeque<SendError>,
}

impl MemoryTransport {
    /// An empty mailbox.
    pub fn new() -> Self {
        Self::default()
    }

    /// The mails accepted so far, oldest first.
    pub fn mails(&self) -> Vec<OutgoingMail> {
        self.lock().sent.clone()
    }

    /// Takes the mails accepted so far and empties the mailbox.
    pub fn take(&self) -> Vec<OutgoingMail> {
        std::mem::take(&mut self.lock().sent)
    }

    /// Makes the next call to `send` fail with `error`.
    pub fn fail_next(&self, error: SendError) {
        self.lock().failures.push_back(error);
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Transport for MemoryTransport {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let mut inner = self.lock();
        if let Some(error) = inner.failures.pop_front() {
            return Err(error);
        }
        inner.sent.push(mail.clone());
        Ok(())
    }
}
