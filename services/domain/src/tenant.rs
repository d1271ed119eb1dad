//! Tenants: organisations (or alliances) running programmes. One stream per tenant.

use crate::DomainEvent;
use crate::error::DomainError;
use crate::values::ShortText;
use serde::{Deserialize, Serialize};

/// What happened to a tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum TenantEvent {
    /// The operator created the tenant.
    TenantCreated { name: ShortText },
}

impl DomainEvent for TenantEvent {
    fn event_type(&self) -> &'static str {
        match self {
            TenantEvent::TenantCreated { .. } => "TenantCreated",
        }
    }
}

/// A tenant as folded from its stream.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tenant {
    /// The organisation's name, once created.
    pub name: Option<ShortText>,
}

impl Tenant {
    /// Applies one event.
    pub fn apply(&mut self, event: &TenantEvent) {
        match event {
            TenantEvent::TenantCreated { name } => self.name = Some(name.clone()),
        }
    }

    /// Creating a tenant works once.
    pub fn create(&self, name: ShortText) -> Result<Vec<TenantEvent>, DomainError> {
        if self.name.is_some() {
            return Err(DomainError::TenantExists);
        }
        Ok(vec![TenantEvent::TenantCreated { name }])
    }
}
