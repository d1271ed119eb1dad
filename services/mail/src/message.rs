//! An outgoing mail and how it becomes a MIME message.

use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use sha2::{Digest, Sha256};

use crate::calendar::IcsMethod;
use crate::transport::SendError;
use crate::{Lang, MailKind, Rendered};

/// A file attached to a mail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// The file name the recipient sees.
    pub filename: String,
    /// The MIME type with parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`.
    pub content_type: String,
    /// The bytes of the file.
    pub content: Vec<u8>,
}

impl Attachment {
    /// A calendar invite as made by [`crate::calendar_invite`]: named `einladung.ics` (de)
    /// or `invite.ics` (en), typed `text/calendar` with the invite's method.
    pub fn calendar(ics: String, method: IcsMethod, lang: Lang) -> Self {
        let filename = match lang {
            Lang::De => "einladung.ics",
            Lang::En => "invite.ics",
        };
        Attachment {
            filename: filename.to_owned(),
            content_type: format!("text/calendar; charset=utf-8; method={}", method.as_str()),
            content: ics.into_bytes(),
        }
    }

    fn is_calendar(&self) -> bool {
        self.content_type
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("text/calendar")
    }
}

/// Everything a transport needs to deliver one mail.
///
/// The envelope is taken from the headers: every address in `to` and `cc` receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    /// The kind of mail; safe to log, and the file transport prints sign-in links by it.
    pub kind: MailKind,
    /// Sender, e.g. `Weltoffene Kommune <team@example.org>`.
    pub from: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Recipients in copy (e.g. the team for an overdue reminder).
    pub cc: Vec<String>,
    /// Where replies go, e.g. the programme team.
    pub reply_to: Option<String>,
    /// The Message-ID with angle brackets, from [`message_id`].
    pub message_id: String,
    /// Subject, text and HTML.
    pub rendered: Rendered,
    /// Files to attach; a `text/calendar` attachment is also added as an alternative part
    /// so that calendar programs offer to accept the invitation.
    pub attachments: Vec<Attachment>,
}

/// A deterministic Message-ID: the same key always gives the same `<hash@domain>`.
///
/// Use the key that makes the mail unique (e.g. `reminder/<task id>/<step>/<due date>`),
/// so that a mail sent again after a crash carries the same Message-ID and can be
/// recognised as a duplicate. Only the SHA-256 of the key appears in the id.
pub fn message_id(key: &str, domain: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("<{hex}@{domain}>")
}

/// The domain of Message-IDs for a public URL: its host, e.g. `lotse.example.org` for
/// `https://lotse.example.org:8443/app`; `localhost` when the URL names no scheme.
pub fn mail_domain(public_url: &str) -> String {
    public_url
        .split("://")
        .nth(1)
        .unwrap_or("localhost")
        .split(['/', ':'])
        .next()
        .unwrap_or("localhost")
        .to_string()
}

/// `Auto-Submitted: auto-generated` (RFC 3834): asks mail servers not to answer with
/// out-of-office replies.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

impl OutgoingMail {
    /// Builds the MIME message: `multipart/mixed { multipart/alternative { text/plain,
    /// text/html[, text/calendar] }, attachments… }`, or only the alternative part when
    /// there are no attachments.
    ///
    /// Errors are [`SendError::Permanent`]: sending the same mail again cannot help. Their
    /// messages never contain addresses.
    pub fn to_message(&self) -> Result<lettre::Message, SendError> {
        let mailbox = |field: &str, value: &str| -> Result<Mailbox, SendError> {
            value
                .parse::<Mailbox>()
                .map_err(|_| SendError::Permanent(format!("the {field} address is not valid")))
        };
        let mut builder = lettre::Message::builder()
            .from(mailbox("from", &self.from)?)
            .message_id(Some(self.message_id.clone()))
            .subject(self.rendered.subject.clone())
            .header(AutoSubmitted);
        if self.to.is_empty() && self.cc.is_empty() {
            return Err(SendError::Permanent("the mail has no recipient".into()));
        }
        for to in &self.to {
            builder = builder.to(mailbox("to", to)?);
        }
        for cc in &self.cc {
            builder = builder.cc(mailbox("cc", cc)?);
        }
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(mailbox("reply-to", reply_to)?);
        }

        let mut alternative = MultiPart::alternative()
            .singlepart(SinglePart::plain(self.rendered.text.clone()))
            .singlepart(SinglePart::html(self.rendered.html.clone()));
        let mut files = Vec::with_capacity(self.attachments.len());
        for attachment in &self.attachments {
            let content_type = ContentType::parse(&attachment.content_type).map_err(|_| {
                SendError::Permanent("an attachment has an invalid content type".into())
            })?;
            if attachment.is_calendar() {
                alternative = alternative.singlepart(
                    SinglePart::builder()
                        .content_type(content_type.clone())
                        .body(attachment.content.clone()),
                );
            }
            files.push(
                lettre::message::Attachment::new(attachment.filename.clone())
                    .body(attachment.content.clone(), content_type),
            );
        }

        let result = if files.is_empty() {
            builder.multipart(alternative)
        } else {
            let mut mixed = MultiPart::mixed().multipart(alternative);
            for file in files {
                mixed = mixed.singlepart(file);
            }
            builder.multipart(mixed)
        };
        result.map_err(|e| SendError::Permanent(format!("cannot build the message: {e}")))
    }

    /// The whole message as it goes over the wire (RFC 5322, CRLF line endings).
    pub fn to_bytes(&self) -> Result<Vec<u8>, SendError> {
        Ok(self.to_message()?.formatted())
    }
}

#[cfg(test)]
mod tests {
    use super::mail_domain;

    #[test]
    fn the_mail_domain_is_the_host_of_the_public_url() {
        assert_eq!(
            mail_domain("https://lotse.example.org"),
            "lotse.example.org"
        );
        assert_eq!(mail_domain("http://127.0.0.1:8080/app/"), "127.0.0.1");
        assert_eq!(mail_domain("lotse.example.org"), "localhost");
    }
}
