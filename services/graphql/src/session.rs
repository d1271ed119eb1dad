//! Who is asking: a session secret resolved to a viewer, for every HTTP request and for
//! every operation and every message of a WebSocket.
//!
//! A WebSocket is opened once and may stay open for hours. Its session is therefore not
//! trusted from the handshake on: [`SessionGuard`] checks it again before each operation and
//! before each message a subscription sends, and the server closes the socket when a
//! periodic check finds it ended ([`LiveSession::still_valid`]). A session ends with
//! sign-out, expiry, deactivation of the account or a change of its role or municipality;
//! sign-out and expiry are read from the database and the account from the read model, so
//! both hold on every server process.

use crate::Services;
use crate::auth::Viewer;
use crate::error::{unauthenticated, unavailable};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest, NextSubscribe,
};
use async_graphql::{Request, Response, ServerError, ServerResult};
use futures::StreamExt;
use futures::stream::BoxStream;
use lotse_domain::user::Role;
use lotse_domain::values::Language;
use lotse_eventstore::StoreError;
use std::sync::Arc;

/// The viewer of a live session whose account is active, with the account's language;
/// `None` when the session or the account has ended; an error when the database could not
/// say (which must never read as "signed out").
pub async fn viewer_of(
    services: &Services,
    secret: &str,
) -> Result<Option<(Viewer, Language)>, StoreError> {
    match services.accounts.session(secret).await? {
        Some(who) => Ok(viewer_of_user(services, who).await),
        None => Ok(None),
    }
}

/// [`viewer_of`] for a check that is not the person's own activity: the session's idle
/// timeout is not extended, so an open page alone does not keep a session alive.
async fn viewer_of_quietly(
    services: &Services,
    secret: &str,
) -> Result<Option<(Viewer, Language)>, StoreError> {
    match services.accounts.session_alive(secret).await? {
        Some(who) => Ok(viewer_of_user(services, who).await),
        None => Ok(None),
    }
}

async fn viewer_of_user(
    services: &Services,
    who: lotse_app::accounts::SessionUser,
) -> Option<(Viewer, Language)> {
    services.live.knows_user(who.tenant, who.user).await;
    let p = services.live.read().await;
    let t = p.tenant(who.tenant)?;
    t.users
        .get(&who.user)
        .filter(|u| u.active)
        // A contact person who was replaced no longer opens their municipality.
        .filter(|u| !crate::auth::replaced_contact(t, u))
        .map(|u| {
            (
                Viewer {
                    tenant: who.tenant,
                    user: who.user,
                    role: u.role,
                    municipality: if u.role == Role::Contact {
                        u.municipality
                    } else {
                        None
                    },
                },
                u.language,
            )
        })
}

/// How long a subscription's message waits for its session to be checked while the
/// database cannot be reached, before the subscription ends with SERVICE_UNAVAILABLE.
pub const UNCHECKED_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// The session a WebSocket was opened with, and the viewer it had then.
#[derive(Clone)]
pub struct LiveSession {
    pub secret: String,
    pub viewer: Viewer,
    pub lang: Language,
    /// Told when a check found the session ended, so that the socket closes at once.
    pub ended: Arc<tokio::sync::Notify>,
}

impl LiveSession {
    /// Whether the session still stands for the same viewer (same account, role and
    /// municipality); an error when the database could not say.
    /// An `operation` the person sent counts as their activity and extends the session's
    /// idle timeout like any request; other checks (before a message, periodic) do not.
    pub async fn still_valid(
        &self,
        services: &Services,
        operation: bool,
    ) -> Result<bool, StoreError> {
        let viewer = if operation {
            viewer_of(services, &self.secret).await?
        } else {
            viewer_of_quietly(services, &self.secret).await?
        };
        let valid = viewer.is_some_and(|(v, _)| v == self.viewer);
        if !valid {
            self.ended.notify_one();
        }
        Ok(valid)
    }

    /// [`LiveSession::still_valid`] for a message a subscription is about to send: while
    /// the database cannot be reached (a restart, a failover), the message waits and the
    /// check is tried again, for up to [`UNCHECKED_PATIENCE`], rather than ending the
    /// subscription over a moment's outage; nothing is sent unchecked.
    pub async fn still_valid_patiently(&self, services: &Services) -> Result<bool, StoreError> {
        let since = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(100);
        loop {
            match self.still_valid(services, false).await {
                Err(e) if e.is_unavailable() && since.elapsed() < UNCHECKED_PATIENCE => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(std::time::Duration::from_secs(2));
                }
                checked => return checked,
            }
        }
    }

    /// The refusal of an operation or message once the session has ended (or cannot be
    /// checked).
    fn refusal(&self, checked: Result<bool, StoreError>) -> Option<ServerError> {
        match checked {
            Ok(true) => None,
            Ok(false) => Some(unauthenticated(self.lang).into_server_error(Default::default())),
            Err(_) => Some(unavailable(self.lang).into_server_error(Default::default())),
        }
    }
}

/// Checks a WebSocket's [`LiveSession`] before each operation and each subscription
/// message. Requests without one (HTTP, where every request resolves its session anew)
/// pass unchanged.
pub struct SessionGuard;

impl ExtensionFactory for SessionGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(SessionGuard)
    }
}

#[async_trait::async_trait]
impl Extension for SessionGuard {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Some(session) = ctx.data_opt::<LiveSession>() {
            let services = ctx.data_unchecked::<Services>();
            if let Some(refused) = session.refusal(session.still_valid(services, true).await) {
                return Err(refused);
            }
        }
        next.run(ctx, request).await
    }

    fn subscribe<'s>(
        &self,
        ctx: &ExtensionContext<'_>,
        stream: BoxStream<'s, Response>,
        next: NextSubscribe<'_>,
    ) -> BoxStream<'s, Response> {
        let stream = next.run(ctx, stream);
        let Some(session) = ctx.data_opt::<LiveSession>().cloned() else {
            return stream;
        };
        let services = ctx.data_unchecked::<Services>().clone();
        // Each message is sent only while the session stands; the first one after it
        // ended is replaced by the refusal, and the subscription ends there.
        stream
            .then(move |response| {
                let session = session.clone();
                let services = services.clone();
                async move {
                    match session.refusal(session.still_valid_patiently(&services).await) {
                        None => (response, true),
                        Some(refused) => (Response::from_errors(vec![refused]), false),
                    }
                }
            })
            .scan(true, |open, (response, still)| {
                let item = (*open).then_some(response);
                *open = still;
                futures::future::ready(item)
            })
            .boxed()
    }
}
