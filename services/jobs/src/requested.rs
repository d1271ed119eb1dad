//! Mails a request asks for ([`QueuedMail`]: a sign-in link). The request only hands ids to
//! the outbox ([`Jobs::enqueue_mail`]: an outbox row and a job on [`MAIL_QUEUE`], which a
//! worker takes at once); the job reads the user's stream, issues the sign-in token and
//! renders the mail when it runs, so a delivery retried after an SMTP failure still carries
//! a working link. The outbox row is the record: once sent, the key cannot be leased again.

use crate::{Delivered, DeliveryError, Jobs};
use async_trait::async_trait;
use lotse_app::accounts::SIGN_IN_VALID_SECONDS;
use lotse_app::mailer::{MailQueue, MailRequest, QueuedMail};

/// The queue of mails that requests ask for.
pub const MAIL_QUEUE: &str = "lotse_requested_mail";

impl Jobs {
    /// Records a requested mail in the outbox and enqueues its delivery.
    pub async fn enqueue_mail(&self, mail: QueuedMail) -> anyhow::Result<()> {
        self.claim_and_push(MAIL_QUEUE, vec![mail], QueuedMail::key)
            .await?;
        Ok(())
    }

    /// Delivers one requested mail (the body of its job).
    pub async fn deliver_requested(&self, mail: &QueuedMail) -> Result<Delivered, DeliveryError> {
        let key = mail.key();
        match *mail {
            QueuedMail::SignInLink { tenant, user, .. } => {
                let (state, _) = self
                    .accounts
                    .user(tenant, user)
                    .await
                    .map_err(anyhow::Error::from)?;
                let Some((u, details)) = state
                    .as_ref()
                    .filter(|u| u.active)
                    .and_then(|u| Some((u, u.details.get()?)))
                else {
                    return Ok(Delivered::Obsolete);
                };
                let token = self
                    .accounts
                    .issue_sign_in_token(tenant, user)
                    .await
                    .map_err(anyhow::Error::from)?;
                let request = MailRequest {
                    kind: "sign_in_link",
                    lang: u.language,
                    to: details.email.as_str().to_lowercase(),
                    context: serde_json::json!({
                        "recipient_name": details.name.as_str(),
                        "sign_in_url": format!("{}/anmelden/link#{token}", self.config.public_url),
                        "valid_minutes": SIGN_IN_VALID_SECONDS / 60,
                    }),
                    key: Some(key.clone()),
                    ..Default::default()
                };
                self.send_once(&key, request, |_| async { Ok::<_, anyhow::Error>(()) })
                    .await
            }
        }
    }
}

#[async_trait]
impl MailQueue for Jobs {
    async fn enqueue(&self, mail: QueuedMail) -> Result<(), String> {
        self.enqueue_mail(mail).await.map_err(|e| format!("{e:#}"))
    }
}
