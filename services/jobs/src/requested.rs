//! Mails a request asks for ([`QueuedMail`]: a sign-in link, a contact person's welcome, the
//! confirmation of an interest form). The request only hands ids to the outbox
//! ([`Jobs::enqueue_mail`]: an outbox row and a job on [`MAIL_QUEUE`]; the same process tries
//! the delivery at once, the job retries it); a delivery reads the user's or the municipality's stream, issues a sign-in token where
//! the mail carries a link, and renders the mail when it runs, so a delivery retried after an
//! SMTP failure still carries a working link. The outbox row is the record: once sent, the
//! key cannot be leased again.

use crate::{Delivered, DeliveryError, Jobs, unix_now};
use async_trait::async_trait;
use lotse_app::accounts::SIGN_IN_VALID_SECONDS;
use lotse_app::mailer::{MailQueue, MailRequest, QueuedMail, Sender};
use lotse_domain::user::{User, UserDetails};
use lotse_domain::{TenantId, UserId};
use std::time::Duration;

/// The queue of mails that requests ask for.
pub const MAIL_QUEUE: &str = "lotse_requested_mail";

impl Jobs {
    /// Records a requested mail in the outbox, enqueues its job and tries the delivery at
    /// once in this process (in the background); the job is the retry path (see
    /// [`Jobs::deliver_requested_job`]).
    pub async fn enqueue_mail(&self, mail: QueuedMail) -> anyhow::Result<()> {
        let enqueued = self
            .claim_and_push(MAIL_QUEUE, vec![mail], QueuedMail::key)
            .await?;
        if !enqueued.is_empty() {
            let jobs = self.clone();
            tokio::spawn(async move {
                match jobs.deliver_requested(&mail).await {
                    Ok(outcome) => {
                        tracing::debug!(key = %mail.key(), ?outcome, "mail sent at once")
                    }
                    Err(e) => {
                        tracing::info!(key = %mail.key(), error = %e, "mail not sent at once; its job retries")
                    }
                }
            });
        }
        Ok(())
    }

    /// The body of a requested mail's job: [`Jobs::deliver_requested`]; while another
    /// sender (the attempt at once, perhaps in another process) holds the mail's lease, the
    /// job waits for it to be given back or to run out instead of spending its attempts,
    /// so that a failure of that attempt is still retried, not lost. A lease runs out after
    /// [`JobsConfig::lease`](crate::JobsConfig) at the latest.
    pub async fn deliver_requested_job(
        &self,
        mail: &QueuedMail,
    ) -> Result<Delivered, DeliveryError> {
        let key = mail.key();
        let give_up = std::time::Instant::now() + self.config.lease + Duration::from_secs(1);
        let mut pause = Duration::from_millis(50);
        loop {
            match self.deliver_requested(mail).await? {
                Delivered::Busy if !self.outbox.settled(&key, unix_now()).await? => {
                    if std::time::Instant::now() >= give_up {
                        return Err(DeliveryError::Temporary(
                            "another sender holds the lease".into(),
                        ));
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
                outcome => return Ok(outcome),
            }
        }
    }

    /// Delivers one requested mail (the body of its job).
    pub async fn deliver_requested(&self, mail: &QueuedMail) -> Result<Delivered, DeliveryError> {
        let key = mail.key();
        let request = match *mail {
            QueuedMail::SignInLink { tenant, user, .. } => {
                let Some((u, details, url)) = self.user_with_link(tenant, user).await? else {
                    return Ok(Delivered::Obsolete);
                };
                let (programme, sender) = self.programme(tenant, None).await;
                MailRequest {
                    kind: "sign_in_link",
                    lang: u.language,
                    to: details.email.as_str().to_lowercase(),
                    context: serde_json::json!({
                        "recipient_name": details.name.as_str(),
                        "sign_in_url": url,
                        "valid_minutes": SIGN_IN_VALID_SECONDS / 60,
                        "programme": programme,
                    }),
                    sender,
                    ..Default::default()
                }
            }
            QueuedMail::ContactWelcome { tenant, user } => {
                let Some((u, details, url)) = self.user_with_link(tenant, user).await? else {
                    return Ok(Delivered::Obsolete);
                };
                let municipality = match u.municipality {
                    Some(m) => self
                        .app
                        .municipality(tenant, m)
                        .await
                        .map_err(anyhow::Error::from)?
                        .0
                        .map(|m| (m.profile.name.to_string(), m.programme)),
                    None => None,
                };
                let (programme, sender) = self
                    .programme(tenant, municipality.as_ref().map(|(_, p)| *p))
                    .await;
                let municipality = municipality.map(|(name, _)| name);
                let valid_until = link_valid_until();
                MailRequest {
                    kind: "contact_welcome",
                    lang: u.language,
                    to: details.email.as_str().into(),
                    context: serde_json::json!({
                        "recipient_name": details.name.as_str(),
                        "municipality": municipality.unwrap_or_default(),
                        "sign_in_url": url,
                        "valid_until": valid_until,
                        "programme": programme,
                    }),
                    sender,
                    ..Default::default()
                }
            }
            QueuedMail::StaffInvitation {
                tenant, user, by, ..
            } => {
                let Some((u, details, url)) = self.user_with_link(tenant, user).await? else {
                    return Ok(Delivered::Obsolete);
                };
                let invited_by = self
                    .live
                    .read()
                    .await
                    .tenant(tenant)
                    .and_then(|t| t.users.get(&by))
                    .and_then(|b| b.name.clone())
                    .unwrap_or_else(|| match u.language {
                        lotse_domain::values::Language::De => "Das Programmteam".into(),
                        lotse_domain::values::Language::En => "The programme team".into(),
                    });
                let (programme, sender) = self.programme(tenant, None).await;
                MailRequest {
                    kind: "staff_invitation",
                    lang: u.language,
                    to: details.email.as_str().to_lowercase(),
                    context: serde_json::json!({
                        "recipient_name": details.name.as_str(),
                        "role": u.role.as_str(),
                        "invited_by": invited_by,
                        "sign_in_url": url,
                        "valid_until": link_valid_until(),
                        "programme": programme,
                    }),
                    sender,
                    ..Default::default()
                }
            }
            QueuedMail::InterestConfirmation {
                tenant,
                municipality,
            } => {
                let (state, _) = self
                    .app
                    .municipality(tenant, municipality)
                    .await
                    .map_err(anyhow::Error::from)?;
                let Some(m) = state else {
                    return Ok(Delivered::Obsolete);
                };
                let Some(submitter) = m.submitter.get() else {
                    return Ok(Delivered::Obsolete);
                };
                let (programme, sender) = self.programme(tenant, Some(m.programme)).await;
                MailRequest {
                    kind: "interest_confirmation",
                    lang: m.language,
                    to: submitter.email.as_str().to_lowercase(),
                    context: serde_json::json!({
                        "recipient_name": submitter.name.as_str(),
                        "municipality": m.profile.name.as_str(),
                        "programme": programme,
                    }),
                    sender,
                    ..Default::default()
                }
            }
        };
        let mut request = MailRequest {
            key: Some(key.clone()),
            ..request
        };
        // Without a programme of its own the mail names the installation's default one.
        if let Some(context) = request.context.as_object_mut()
            && context
                .get("programme")
                .is_some_and(serde_json::Value::is_null)
        {
            context.remove("programme");
        }
        self.send_once(&key, request, |_| async { Ok::<_, anyhow::Error>(()) })
            .await
    }

    /// The name and sender of `programme`, or without one those of the tenant's only
    /// programme (no name when it has several or none: the mail names the installation's
    /// default and comes from the installation's sender).
    async fn programme(
        &self,
        tenant: TenantId,
        programme: Option<lotse_domain::ProgrammeId>,
    ) -> (Option<String>, Option<Sender>) {
        let p = self.live.read().await;
        let Some(t) = p.tenant(tenant) else {
            return (None, None);
        };
        let settings = match programme {
            Some(id) => t.programmes.get(&id),
            None if t.programmes.len() == 1 => t.programmes.values().next(),
            None => None,
        }
        .and_then(|x| x.settings.as_ref());
        (
            settings.map(|s| s.name.to_string()),
            settings.and_then(Sender::of),
        )
    }

    /// An active user's state and details (read from their stream) and a sign-in link with
    /// a new token; `None` when the user is gone, deactivated or erased.
    async fn user_with_link(
        &self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<Option<(User, UserDetails, String)>, DeliveryError> {
        let (state, _) = self
            .accounts
            .user(tenant, user)
            .await
            .map_err(anyhow::Error::from)?;
        let Some((u, details)) = state.filter(|u| u.active).and_then(|u| {
            let details = u.details.get()?.clone();
            Some((u, details))
        }) else {
            return Ok(None);
        };
        let token = self
            .accounts
            .issue_sign_in_token(tenant, user)
            .await
            .map_err(anyhow::Error::from)?;
        let url = format!("{}/anmelden/link#{token}", self.config.public_url);
        Ok(Some((u, details, url)))
    }
}

#[async_trait]
impl MailQueue for Jobs {
    async fn enqueue(&self, mail: QueuedMail) -> Result<(), String> {
        self.enqueue_mail(mail).await.map_err(|e| format!("{e:#}"))
    }
}

/// When a sign-in link issued now stops working, in Berlin time (for the mail's text).
fn link_valid_until() -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(SIGN_IN_VALID_SECONDS))
        .with_timezone(&chrono_tz::Europe::Berlin)
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}
