//! A municipality, or a tenant's programmes and municipalities, as they stood at a past
//! moment: their streams folded up to then.

use crate::model::{MunicipalityView, Projections, TenantView};
use chrono::{DateTime, Utc};
use lotse_domain::{MunicipalityId, TenantId};
use lotse_eventstore::{Store, StoreError};

/// Folds one municipality's stream up to and including `at`. `None` if it did not exist then.
pub async fn municipality_as_of(
    store: &Store,
    tenant: TenantId,
    id: MunicipalityId,
    at: DateTime<Utc>,
) -> Result<Option<MunicipalityView>, StoreError> {
    let events = store.read_stream(tenant.0, &id.stream()).await?;
    let mut scratch = Projections::default();
    for e in events.iter().filter(|e| e.recorded_at <= at) {
        scratch.apply(e);
    }
    Ok(scratch
        .tenants
        .remove(&tenant)
        .and_then(|mut t| t.municipalities.remove(&id)))
}

/// The streams a tenant's past figures are folded from: its own, its programmes' and its
/// municipalities' (those `current` knows, which includes every one that existed at any
/// earlier moment). Users are left out: the aggregates computed from them name nobody.
pub fn tenant_streams(tenant: TenantId, current: &TenantView) -> Vec<String> {
    std::iter::once(tenant.stream())
        .chain(current.programmes.keys().map(|p| p.stream()))
        .chain(current.municipalities.keys().map(|m| m.stream()))
        .collect()
}

/// Folds `streams` of a tenant (see [`tenant_streams`]) up to and including `at`, in the
/// order of the log. `None` if the tenant had no events by then.
pub async fn tenant_as_of(
    store: &Store,
    tenant: TenantId,
    streams: &[String],
    at: DateTime<Utc>,
) -> Result<Option<TenantView>, StoreError> {
    let mut events = Vec::new();
    for stream in streams {
        let read = store.read_stream(tenant.0, stream).await?;
        events.extend(read.into_iter().filter(|e| e.recorded_at <= at));
    }
    events.sort_by_key(|e| e.position);
    let mut scratch = Projections::default();
    for e in &events {
        scratch.apply(e);
    }
    Ok(scratch.tenants.remove(&tenant))
}
