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
pub mod personal;
pub mod programme;
pub mod tasks;
pub mod tenant;
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
