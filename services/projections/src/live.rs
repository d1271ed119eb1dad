//! Keeping the read model current: fold the whole log at start, then tail it. Woken by the
//! store's append signal (PostgreSQL LISTEN/NOTIFY across processes, in-process on SQLite)
//! and by a short poll, so a missed signal only delays, never loses, an update.

use crate::model::Projections;
use lotse_domain::{TenantId, UserId};
use lotse_eventstore::{Position, Store, StoreError};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{RwLock, RwLockReadGuard, broadcast, watch};

/// How often the tail reads the log when no signal arrives.
const POLL: Duration = Duration::from_millis(500);
/// Events read per round.
const PAGE: i64 = 2000;

/// How long [`Live::knows_user`] reads the log for an account it does not know yet.
pub const KNOW_USER_PATIENCE: Duration = Duration::from_secs(5);

/// Something changed in a stream of a tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub tenant: TenantId,
    pub stream: String,
    pub position: Position,
}

struct Inner {
    store: Store,
    state: RwLock<Projections>,
    position: watch::Sender<Position>,
    changes: broadcast::Sender<Change>,
}

/// The live read model.
#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

impl Live {
    /// Folds the whole log, then keeps tailing it in the background.
    pub async fn start(store: Store) -> Result<Self, StoreError> {
        let live = Self::build(store);
        live.catch_up().await?;
        let tail = live.clone();
        tokio::spawn(async move { tail.tail().await });
        Ok(live)
    }

    /// Folds the whole log once without tailing (for commands that only read, and rebuilds).
    pub async fn load(store: Store) -> Result<Self, StoreError> {
        let live = Self::build(store);
        live.catch_up().await?;
        Ok(live)
    }

    fn build(store: Store) -> Self {
        let (position, _) = watch::channel(Position::START);
        let (changes, _) = broadcast::channel(1024);
        Self {
            inner: Arc::new(Inner {
                store,
                state: RwLock::new(Projections::default()),
                position,
                changes,
            }),
        }
    }

    /// Whether the read model knows a user; when it does not, it reads the log until it
    /// does, for up to [`KNOW_USER_PATIENCE`] (the account may have been opened by another
    /// process a moment ago, and on PostgreSQL the log shows a commit only once every
    /// transaction begun before it has ended, anywhere on the server). A failure to read
    /// counts as not knowing.
    pub async fn knows_user(&self, tenant: TenantId, user: UserId) -> bool {
        let known = |p: &Projections| {
            p.tenant(tenant)
                .is_some_and(|t| t.users.contains_key(&user))
        };
        let deadline = std::time::Instant::now() + KNOW_USER_PATIENCE;
        loop {
            if known(&*self.read().await) {
                return true;
            }
            if std::time::Instant::now() >= deadline || self.catch_up().await.is_err() {
                return false;
            }
            if known(&*self.read().await) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Reads and folds everything new. Returns how many events were folded.
    pub async fn catch_up(&self) -> Result<u64, StoreError> {
        let mut folded = 0;
        loop {
            let from = self.inner.state.read().await.position;
            let batch = self.inner.store.read_all(from, PAGE).await?;
            if batch.is_empty() {
                return Ok(folded);
            }
            let mut changed = Vec::new();
            let before = folded;
            {
                let mut state = self.inner.state.write().await;
                for e in &batch {
                    // Another catch-up may have folded this page already.
                    if e.position <= state.position {
                        continue;
                    }
                    state.apply(e);
                    folded += 1;
                    let lag = (chrono::Utc::now() - e.recorded_at)
                        .num_milliseconds()
                        .max(0);
                    metrics::histogram!("lotse_projection_lag_seconds").record(lag as f64 / 1000.0);
                    changed.push(Change {
                        tenant: TenantId(e.tenant),
                        stream: e.stream.clone(),
                        position: e.position,
                    });
                }
                self.inner.position.send_replace(state.position);
            }
            metrics::counter!("lotse_projection_events_folded_total").increment(folded - before);
            changed.dedup_by(|a, b| a.tenant == b.tenant && a.stream == b.stream);
            for c in changed {
                let _ = self.inner.changes.send(c);
            }
        }
    }

    async fn tail(self) {
        let mut wake = self.inner.store.subscribe();
        loop {
            if let Err(e) = self.catch_up().await {
                tracing::warn!(error = %e, "reading the log failed; retrying");
            }
            // Stop when nobody holds the read model any more.
            if Arc::strong_count(&self.inner) <= 1 {
                return;
            }
            let _ = tokio::time::timeout(POLL, wake.recv()).await;
        }
    }

    /// The current read model.
    pub async fn read(&self) -> RwLockReadGuard<'_, Projections> {
        self.inner.state.read().await
    }

    /// How far the read model has read.
    pub fn position(&self) -> Position {
        *self.inner.position.borrow()
    }

    /// Waits until the read model has folded `position` (read your writes). False on timeout.
    pub async fn wait_for(&self, position: Position, timeout: Duration) -> bool {
        let mut rx = self.inner.position.subscribe();
        let reached = async {
            loop {
                if *rx.borrow_and_update() >= position {
                    return;
                }
                // Nudge the tail: on PostgreSQL our own notification may still be in flight.
                let _ = self.catch_up().await;
                if *rx.borrow() >= position {
                    return;
                }
                if rx.changed().await.is_err() {
                    return;
                }
            }
        };
        tokio::time::timeout(timeout, reached).await.is_ok() && self.position() >= position
    }

    /// Changes as they are folded.
    pub fn changes(&self) -> broadcast::Receiver<Change> {
        self.inner.changes.subscribe()
    }

    /// The store the read model tails.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }
}
