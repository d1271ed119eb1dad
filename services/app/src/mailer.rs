//! Where mails go. The application asks for a mail by kind, language, recipient and context;
//! the server renders and delivers it (SMTP in production, a folder in development).

use async_trait::async_trait;
use lotse_domain::values::Language;
use lotse_domain::{MunicipalityId, TenantId, UserId};
use serde::{Deserialize, Serialize};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use uuid::Uuid;

/// One mail to render and send.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MailRequest {
    /// The template, e.g. `sign_in_link`.
    pub kind: &'static str,
    pub lang: Language,
    pub to: String,
    /// Values for the template.
    pub context: serde_json::Value,
    /// Who gets a copy.
    pub cc: Vec<String>,
    /// What makes this mail unique (its Message-ID is derived from it); `None` for mails
    /// that are unique anyway, such as a sign-in link.
    pub key: Option<String>,
    /// A calendar entry to attach (invitations, moves and cancellations).
    pub calendar: Option<CalendarRequest>,
    /// Whom the mail comes from, where it is a programme's (none: the installation's sender).
    pub sender: Option<Sender>,
}

/// A programme's sender of mails: the name shown (with the installation's address) and where
/// replies go.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sender {
    pub name: Option<String>,
    pub reply_to: Option<String>,
}

impl Sender {
    /// The sender a programme's settings name; `None` when they name neither.
    pub fn of(settings: &lotse_domain::programme::ProgrammeSettings) -> Option<Sender> {
        let sender = Sender {
            name: settings.sender_name.as_ref().map(ToString::to_string),
            reply_to: settings.reply_to.as_ref().map(|a| a.as_str().to_string()),
        };
        (sender != Sender::default()).then_some(sender)
    }
}

/// An appointment to attach as a calendar invite (.ics). Times are local in Europe/Berlin.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarRequest {
    /// Stays the same for the life of the appointment.
    pub uid: String,
    /// 0 for the first invite, one more for every change.
    pub sequence: u32,
    /// Whether this removes the appointment.
    pub cancel: bool,
    pub start: chrono::NaiveDateTime,
    pub end: chrono::NaiveDateTime,
    pub summary: String,
    pub description: String,
    pub location: String,
}

/// Sends mails.
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Renders and sends one mail; the error says why it did not go out (no personal data).
    async fn send(&self, mail: MailRequest) -> Result<(), String>;
}

/// A mail that a request asks for (a sign-in link, a welcome, a confirmation), handed to the outbox instead of being
/// sent inside the request: a job delivers it at once, retries it like every other mail and
/// renders it only when it runs. Ids only: never an address, a name or a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mail", rename_all = "snake_case")]
pub enum QueuedMail {
    /// A sign-in link for `user`, asked for by one request (`request`). The job issues the
    /// token when it runs, so a retried delivery still carries a working link.
    SignInLink {
        tenant: TenantId,
        user: UserId,
        request: Uuid,
    },
    /// The welcome mail of a new contact person's account, with a sign-in link (issued when
    /// the job runs).
    ContactWelcome { tenant: TenantId, user: UserId },
    /// The invitation of a team member, facilitator or funder by `by`, with a sign-in link
    /// (issued when the job runs); `request` tells one invitation from a repeated one.
    StaffInvitation {
        tenant: TenantId,
        user: UserId,
        by: UserId,
        request: Uuid,
    },
    /// The confirmation of an interest form, to the person who sent it.
    InterestConfirmation {
        tenant: TenantId,
        municipality: MunicipalityId,
    },
}

impl QueuedMail {
    /// The outbox key: what makes this mail unique (its Message-ID derives from it).
    pub fn key(&self) -> String {
        match self {
            QueuedMail::SignInLink { user, request, .. } => format!("sign-in/{user}/{request}"),
            QueuedMail::ContactWelcome { user, .. } => format!("welcome/{user}"),
            QueuedMail::StaffInvitation { user, request, .. } => {
                format!("invitation/{user}/{request}")
            }
            QueuedMail::InterestConfirmation { municipality, .. } => {
                format!("interest-confirmation/{municipality}")
            }
        }
    }
}

/// Hands mails to the outbox (implemented by the job machinery).
#[async_trait]
pub trait MailQueue: Send + Sync + 'static {
    /// Records the mail in the outbox and enqueues its delivery job; the error says why not
    /// (no personal data).
    async fn enqueue(&self, mail: QueuedMail) -> Result<(), String>;
}

/// Keeps mails in memory (tests). It can be made slow, as an SMTP server answers in tens of
/// milliseconds, and made to fail the next few sends temporarily, as a server that is down.
#[derive(Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<MailRequest>>,
    delay: Duration,
    failures: AtomicUsize,
    /// How long each of the failing sends takes before it fails (milliseconds).
    failure_delay_ms: AtomicU64,
}

impl MemoryMailer {
    /// A mailer that takes `delay` for every send.
    pub fn slow(delay: Duration) -> Self {
        Self {
            delay,
            ..Self::default()
        }
    }

    /// Everything sent so far.
    pub fn sent(&self) -> Vec<MailRequest> {
        self.sent.lock().unwrap().clone()
    }

    /// The next `n` sends fail with a temporary error (nothing is kept).
    pub fn fail_next(&self, n: usize) {
        self.failure_delay_ms.store(0, Ordering::SeqCst);
        self.failures.store(n, Ordering::SeqCst);
    }

    /// The next `n` sends fail with a temporary error after `after` each, as a server that
    /// hangs before it gives up.
    pub fn fail_next_slowly(&self, n: usize, after: Duration) {
        self.failure_delay_ms
            .store(after.as_millis() as u64, Ordering::SeqCst);
        self.failures.store(n, Ordering::SeqCst);
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: MailRequest) -> Result<(), String> {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        let failing = self
            .failures
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if failing.is_ok() {
            let hang = self.failure_delay_ms.load(Ordering::SeqCst);
            if hang > 0 {
                tokio::time::sleep(Duration::from_millis(hang)).await;
            }
            return Err("temporary failure: the test's mail server is down".into());
        }
        self.sent.lock().unwrap().push(mail);
        Ok(())
    }
}
