//! User accounts, one-time sign-in links and sessions.
//!
//! A sign-in token and a session id are random secrets handed to the user; the database holds
//! only their SHA-256 hashes. A token is valid for 15 minutes and works once. A session ends
//! after two idle hours or twelve hours in all, or when the user signs out.

use crate::app::{App, AppError, CommandMeta, Outcome};
use lotse_domain::user::{Role, User, UserDetails, UserEvent};
use lotse_domain::values::Language;
use lotse_domain::{DomainError, MunicipalityId, TenantId, UserId};
use lotse_eventstore::{Ops, Principal, StoreError};
use sha2::{Digest, Sha256};

/// How long a sign-in link works.
pub const SIGN_IN_VALID_SECONDS: i64 = 15 * 60;
/// A session ends after this long without a request.
pub const SESSION_IDLE_SECONDS: i64 = 2 * 60 * 60;
/// A session ends this long after sign-in, however active.
pub const SESSION_ABSOLUTE_SECONDS: i64 = 12 * 60 * 60;

/// A new random secret (256 bits, hex).
pub fn random_secret() -> String {
    let a = uuid::Uuid::new_v4();
    let b = uuid::Uuid::new_v4();
    let c = uuid::Uuid::new_v4();
    let mut hasher = Sha256::new();
    for u in [a, b, c] {
        hasher.update(u.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// What the database keeps of a secret.
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A signed-in user as the session table knows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionUser {
    pub tenant: TenantId,
    pub user: UserId,
}

impl From<Principal> for SessionUser {
    fn from(p: Principal) -> Self {
        SessionUser {
            tenant: TenantId(p.tenant),
            user: UserId(p.user),
        }
    }
}

/// Accounts on top of the application and the operational tables.
#[derive(Clone)]
pub struct Accounts {
    pub app: App,
    pub ops: Ops,
}

impl Accounts {
    /// A user's state.
    pub async fn user(
        &self,
        tenant: TenantId,
        id: UserId,
    ) -> Result<(Option<User>, i64), AppError> {
        self.app.user(tenant, id).await
    }

    /// Registers a user account.
    #[allow(clippy::too_many_arguments)]
    pub async fn register(
        &self,
        tenant: TenantId,
        id: UserId,
        role: Role,
        details: UserDetails,
        language: Language,
        municipality: Option<MunicipalityId>,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.app
            .register_user(tenant, id, role, details, language, municipality, meta)
            .await
    }

    /// Deactivates a user account; their sessions end at once (every request and socket
    /// message checks the account).
    pub async fn deactivate(
        &self,
        tenant: TenantId,
        id: UserId,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.change(tenant, id, meta, User::deactivate).await
    }

    /// Sets the programmes a funder sees ([`User::grant_programmes`]).
    pub async fn grant_programmes(
        &self,
        tenant: TenantId,
        id: UserId,
        programmes: std::collections::BTreeSet<lotse_domain::ProgrammeId>,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.change(tenant, id, meta, |u| {
            User::grant_programmes(u, programmes.clone())
        })
        .await
    }

    /// Reactivates a deactivated account.
    pub async fn reactivate(
        &self,
        tenant: TenantId,
        id: UserId,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.change(tenant, id, meta, User::reactivate).await
    }

    /// Gives an account another role ([`User::change_role`]).
    pub async fn change_role(
        &self,
        tenant: TenantId,
        id: UserId,
        role: Role,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.change(tenant, id, meta, |u| User::change_role(u, role))
            .await
    }

    /// Chooses how a team member hears of new interest forms.
    pub async fn choose_form_alerts(
        &self,
        tenant: TenantId,
        id: UserId,
        alerts: lotse_domain::user::FormAlerts,
        meta: &CommandMeta,
    ) -> Result<Outcome, AppError> {
        self.change(tenant, id, meta, |u| User::choose_form_alerts(u, alerts))
            .await
    }

    /// Runs one decision on a user's stream and appends its events (none: nothing to do).
    async fn change(
        &self,
        tenant: TenantId,
        id: UserId,
        meta: &CommandMeta,
        decide: impl Fn(Option<&User>) -> Result<Vec<UserEvent>, DomainError>,
    ) -> Result<Outcome, AppError> {
        if let Some(done) = self.app.earlier_result(tenant, meta).await? {
            return Ok(done);
        }
        let (state, version) = self.user(tenant, id).await?;
        let events = decide(state.as_ref())?;
        if events.is_empty() {
            return Ok(Outcome {
                events: Vec::new(),
                duplicate: false,
            });
        }
        self.app
            .append(tenant, id.stream(), version, &events, meta)
            .await
    }

    /// Creates a one-time sign-in token for a user; the caller mails the link.
    pub async fn issue_sign_in_token(
        &self,
        tenant: TenantId,
        user: UserId,
    ) -> Result<String, StoreError> {
        let token = random_secret();
        self.ops
            .put_sign_in_token(
                &secret_hash(&token),
                Principal {
                    tenant: tenant.0,
                    user: user.0,
                },
                now() + SIGN_IN_VALID_SECONDS,
            )
            .await?;
        Ok(token)
    }

    /// Redeems a sign-in token: a new session (its secret for the cookie) or `None`.
    pub async fn redeem(&self, token: &str) -> Result<Option<(SessionUser, String)>, StoreError> {
        let Some(who) = self
            .ops
            .take_sign_in_token(&secret_hash(token), now())
            .await?
        else {
            return Ok(None);
        };
        let session = random_secret();
        let t = now();
        self.ops
            .create_session(
                &secret_hash(&session),
                who,
                t,
                t + SESSION_IDLE_SECONDS,
                t + SESSION_ABSOLUTE_SECONDS,
            )
            .await?;
        Ok(Some((who.into(), session)))
    }

    /// The user of a live session, extending its idle timeout.
    pub async fn session(&self, session: &str) -> Result<Option<SessionUser>, StoreError> {
        let t = now();
        Ok(self
            .ops
            .touch_session(&secret_hash(session), t, t + SESSION_IDLE_SECONDS)
            .await?
            .map(Into::into))
    }

    /// The user of a live session, without extending its idle timeout (for checks that are
    /// not the user's own activity, such as an open WebSocket asking whether it may still
    /// send).
    pub async fn session_alive(&self, session: &str) -> Result<Option<SessionUser>, StoreError> {
        let t = now();
        Ok(self
            .ops
            .touch_session(&secret_hash(session), t, t)
            .await?
            .map(Into::into))
    }

    /// Ends a session on the server.
    pub async fn sign_out(&self, session: &str) -> Result<(), StoreError> {
        self.ops.delete_session(&secret_hash(session)).await
    }
}
