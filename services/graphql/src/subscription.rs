//! Live updates over graphql-transport-ws.

use crate::auth::{self, lang, viewer};
use crate::query::{parse_id, services};
use crate::types::{MunicipalityOut, Stage, municipality_out};
use async_graphql::{Context, ID, SimpleObject, Subscription as GqlSubscription};
use futures::{Stream, StreamExt};
use lotse_domain::MunicipalityId;
use lotse_domain::user::Role;
use tokio_stream_shim::BroadcastStream;

/// A municipality moved or changed on the board.
#[derive(SimpleObject, Clone)]
pub struct BoardChange {
    pub municipality_id: ID,
    pub stage: Stage,
}

/// The root of all subscriptions.
pub struct Subscription;

#[GqlSubscription]
impl Subscription {
    /// Fires whenever a municipality the viewer may see on the board changes.
    async fn board_changed(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = BoardChange> + use<>, async_graphql::Error> {
        let v = auth::require(ctx, &[Role::Team, Role::Facilitator, Role::Funder])?;
        let live = services(ctx).live.clone();
        let changes = BroadcastStream::new(live.changes());
        Ok(changes.filter_map(move |change| {
            let live = live.clone();
            async move {
                if change.tenant != v.tenant {
                    return None;
                }
                let id: MunicipalityId =
                    change.stream.strip_prefix("municipality-")?.parse().ok()?;
                let p = live.read().await;
                let t = p.tenant(v.tenant)?;
                let m = t.municipalities.get(&id)?;
                if v.role == Role::Facilitator && !auth::can_read(&v, m) {
                    return None;
                }
                // A funder hears of the programmes granted to them only.
                if !auth::may_see_programme(&v, t, m.state.programme) {
                    return None;
                }
                Some(BoardChange {
                    municipality_id: ID(id.to_string()),
                    stage: m.stage().into(),
                })
            }
        }))
    }

    /// The municipality's page, again after every change.
    async fn municipality_changed(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> Result<impl Stream<Item = MunicipalityOut> + use<>, async_graphql::Error> {
        let v = viewer(ctx)?;
        let id: MunicipalityId = parse_id(ctx, &id)?;
        let s = services(ctx);
        {
            let p = s.live.read().await;
            auth::readable(ctx, &v, p.tenant(v.tenant), id)?;
        }
        let lang = lang(ctx);
        let live = s.live.clone();
        let clock = s.app.clock.clone();
        let stream = format!("municipality-{id}");
        // Two changes folded before the first is answered both read the newer page: it
        // goes out once, never twice, and never an older one after it.
        let sent = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(0));
        Ok(
            BroadcastStream::new(live.changes()).filter_map(move |change| {
                let live = live.clone();
                let clock = clock.clone();
                let stream = stream.clone();
                let sent = sent.clone();
                async move {
                    if change.tenant != v.tenant || change.stream != stream {
                        return None;
                    }
                    let p = live.read().await;
                    let t = p.tenant(v.tenant)?;
                    let m = t
                        .municipalities
                        .get(&id)
                        .filter(|m| auth::can_read(&v, m))?;
                    if sent.fetch_max(m.version, std::sync::atomic::Ordering::SeqCst) >= m.version {
                        return None;
                    }
                    Some(municipality_out(t, m, &v, lang, clock.today()))
                }
            }),
        )
    }
}

/// A broadcast receiver as a stream that skips what it lagged behind on.
mod tokio_stream_shim {
    use futures::Stream;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use tokio::sync::broadcast;

    pub struct BroadcastStream<T> {
        inner: Pin<Box<dyn Stream<Item = T> + Send>>,
    }

    impl<T: Clone + Send + 'static> BroadcastStream<T> {
        pub fn new(rx: broadcast::Receiver<T>) -> Self {
            let inner = futures::stream::unfold(rx, |mut rx| async move {
                loop {
                    match rx.recv().await {
                        Ok(item) => return Some((item, rx)),
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    }
                }
            });
            Self {
                inner: Box::pin(inner),
            }
        }
    }

    impl<T> Stream for BroadcastStream<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            self.inner.as_mut().poll_next(cx)
        }
    }
}
