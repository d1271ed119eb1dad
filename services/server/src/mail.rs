//! Rendering and sending mails with lotse-mail: SMTP when `LOTSE_SMTP_HOST` is set,
//! otherwise `.eml` files in a folder (development; sign-in links also go to the console).

use anyhow::{Context, bail};
use async_trait::async_trait;
use lotse_app::mailer::{MailRequest, Mailer};
use lotse_domain::values::Language;
use lotse_mail::{Lang, MailKind, OutgoingMail, Transport, TransportConfig};
use std::sync::Arc;

/// Where mails come from and how they travel.
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub transport: TransportConfig,
    /// The sender, e.g. `Weltoffene Kommune <team@example.org>`.
    pub from: String,
    /// The domain of Message-IDs.
    pub domain: String,
    /// The programme named in mails when a caller names none.
    pub programme: String,
}

impl MailConfig {
    /// Reads `LOTSE_SMTP_*` and `LOTSE_MAIL_FROM`; without an SMTP host, mails go to `mail_dir`.
    pub fn from_env(mail_dir: &str, public_url: &str) -> anyhow::Result<Self> {
        let domain = lotse_mail::mail_domain(public_url);
        let transport = match crate::settings::var("LOTSE_SMTP_HOST") {
            Ok(host) if !host.trim().is_empty() => {
                let port: u16 = match crate::settings::var("LOTSE_SMTP_PORT") {
                    Ok(p) => p.parse().context("LOTSE_SMTP_PORT must be a port number")?,
                    Err(_) => 587,
                };
                let mut smtp = lotse_mail::SmtpConfig::new(host.trim(), port);
                smtp.security = match crate::settings::var("LOTSE_SMTP_SECURITY").as_deref() {
                    Ok("none") => lotse_mail::Security::None,
                    Ok("tls") => lotse_mail::Security::Tls,
                    Ok("starttls") | Err(_) => lotse_mail::Security::StartTls,
                    Ok(other) => {
                        bail!("LOTSE_SMTP_SECURITY must be none, starttls or tls (got {other})")
                    }
                };
                smtp.username = crate::settings::var("LOTSE_SMTP_USERNAME")
                    .ok()
                    .filter(|u| !u.is_empty());
                smtp.password = crate::settings::var("LOTSE_SMTP_PASSWORD")
                    .ok()
                    .filter(|p| !p.is_empty())
                    .map(lotse_mail::Secret::new);
                TransportConfig::Smtp(smtp)
            }
            _ => TransportConfig::File {
                dir: mail_dir.into(),
            },
        };
        Ok(MailConfig {
            transport,
            from: crate::settings::var("LOTSE_MAIL_FROM")
                .unwrap_or_else(|_| format!("Lotse <lotse@{domain}>")),
            domain,
            programme: "Weltoffene Kommune".into(),
        })
    }
}

/// Renders a [`MailRequest`] with the templates and hands it to the transport.
pub struct TemplateMailer {
    pub config: MailConfig,
    pub transport: Arc<dyn Transport>,
}

impl TemplateMailer {
    /// Builds the transport the configuration names.
    pub fn new(config: MailConfig) -> anyhow::Result<Self> {
        let transport = config
            .transport
            .build()
            .map_err(|e| anyhow::anyhow!("mail transport: {e}"))?;
        Ok(Self { config, transport })
    }
}

#[async_trait]
impl Mailer for TemplateMailer {
    async fn send(&self, mail: MailRequest) -> Result<(), String> {
        let kind: MailKind = mail
            .kind
            .parse()
            .map_err(|_| format!("unknown kind of mail {}", mail.kind))?;
        let lang = match mail.lang {
            Language::De => Lang::De,
            Language::En => Lang::En,
        };
        let mut context = mail.context.clone();
        if let Some(obj) = context.as_object_mut() {
            obj.entry("programme")
                .or_insert_with(|| serde_json::Value::String(self.config.programme.clone()));
        }
        let rendered = lotse_mail::render(kind, lang, &context).map_err(|e| e.to_string())?;
        let key = mail
            .key
            .clone()
            .unwrap_or_else(|| format!("{}/{}", mail.kind, uuid::Uuid::new_v4()));
        let attachments = match &mail.calendar {
            Some(c) => {
                let method = if c.cancel {
                    lotse_mail::IcsMethod::Cancel
                } else {
                    lotse_mail::IcsMethod::Request
                };
                let ics = lotse_mail::calendar_invite(&lotse_mail::CalendarEvent {
                    uid: c.uid.clone(),
                    sequence: c.sequence,
                    method,
                    start: c.start,
                    end: c.end,
                    dtstamp: chrono::Utc::now(),
                    summary: c.summary.clone(),
                    description: c.description.clone(),
                    location: c.location.clone(),
                    organizer_email: address_of(&self.config.from).to_string(),
                    attendee_emails: std::iter::once(mail.to.clone())
                        .chain(mail.cc.iter().cloned())
                        .collect(),
                });
                vec![lotse_mail::Attachment::calendar(ics, method, lang)]
            }
            None => Vec::new(),
        };
        // A programme's sender name goes with the installation's address (the one the SMTP
        // server may send from); replies go where the programme says.
        let sender = mail.sender.clone().unwrap_or_default();
        let from = match &sender.name {
            Some(name) => format!(
                "\"{}\" <{}>",
                name.replace(['"', '\\'], ""),
                address_of(&self.config.from)
            ),
            None => self.config.from.clone(),
        };
        let outgoing = OutgoingMail {
            kind,
            from,
            to: vec![mail.to.clone()],
            cc: mail.cc.clone(),
            reply_to: sender.reply_to,
            message_id: lotse_mail::message_id(&key, &self.config.domain),
            rendered,
            attachments,
        };
        self.transport
            .send(&outgoing)
            .await
            .map_err(|e| e.to_string())
    }
}

/// The bare address of `Name <address>` (or the whole text when it has no angle brackets).
fn address_of(from: &str) -> &str {
    match (from.rfind('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => &from[a + 1..b],
        _ => from.trim(),
    }
}
