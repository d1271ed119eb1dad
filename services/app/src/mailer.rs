//! Where mails go. The application asks for a mail by kind, language, recipient and context;
//! the server renders and delivers it (SMTP in production, a folder in development).

use async_trait::async_trait;
use lotse_domain::values::Language;
use std::sync::Mutex;

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

/// Keeps mails in memory (tests).
#[derive(Default)]
pub struct MemoryMailer {
    sent: Mutex<Vec<MailRequest>>,
}

impl MemoryMailer {
    /// Everything sent so far.
    pub fn sent(&self) -> Vec<MailRequest> {
        self.sent.lock().unwrap().clone()
    }
}

#[async_trait]
impl Mailer for MemoryMailer {
    async fn send(&self, mail: MailRequest) -> Result<(), String> {
        self.sent.lock().unwrap().push(mail);
        Ok(())
    }
}
