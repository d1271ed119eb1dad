//! The journey of a municipality through a pilot programme, without any IO.
//!
//! Commands are validated at the edge into the types of [`values`]; a decision is a
//! synchronous function of a state and a command that returns events or a
//! [`DomainError`]; a state is a fold of events. Look-ups (the clock, ids, programme
//! settings, the framework, free seats) happen before a decision and travel in its context.

pub mod error;
pub mod framework;
pub mod ids;
pub mod municipality;
pub mod notices;
pub mod personal;
pub mod programme;
pub mod reminders;
pub mod steps;
pub mod tasks;
pub mod tenant;
pub mod user;
pub mod values;

pub use error::{DomainError, ValidationError};
pub use ids::{CommandId, MunicipalityId, PersonId, ProgrammeId, TenantId, UserId};
pub use personal::Personal;

/// An event type as stored in the log: a stable name and a schema version.
pub trait DomainEvent: serde::Serialize + serde::de::DeserializeOwned {
    /// The stable type name stored with the event.
    fn event_type(&self) -> &'static str;
    /// The schema version of this event type's payload.
    fn schema_version(&self) -> i32 {
        1
    }
}

/// Splits an event into its stored parts: type name, schema version and payload.
pub fn to_parts<E: DomainEvent>(event: &E) -> (&'static str, i32, serde_json::Value) {
    let mut value = serde_json::to_value(event).expect("domain events always serialise");
    let payload = value
        .get_mut("data")
        .map(serde_json::Value::take)
        .unwrap_or(serde_json::Value::Null);
    (event.event_type(), event.schema_version(), payload)
}

/// Rebuilds an event from its stored type name and payload.
pub fn from_parts<E: DomainEvent>(
    event_type: &str,
    payload: &serde_json::Value,
) -> Result<E, serde_json::Error> {
    if payload.is_null() {
        serde_json::from_value(serde_json::json!({ "type": event_type }))
    } else {
        serde_json::from_value(serde_json::json!({ "type": event_type, "data": payload }))
    }
}
