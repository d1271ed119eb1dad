//! A municipality as it stood at a past moment: its stream folded up to then.

use crate::model::{MunicipalityView, Projections};
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
