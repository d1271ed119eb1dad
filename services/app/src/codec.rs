//! Turning domain events into log entries and back.

use lotse_domain::DomainEvent;
use lotse_eventstore::{NewEvent, RecordedEvent};

/// A domain event as a log entry.
pub fn encode<E: DomainEvent>(event: &E) -> NewEvent {
    let (event_type, schema_version, payload) = lotse_domain::to_parts(event);
    NewEvent {
        event_type: event_type.to_string(),
        schema_version,
        payload,
    }
}

/// A log entry as a domain event of type `E`.
pub fn decode<E: DomainEvent>(event: &RecordedEvent) -> Result<E, serde_json::Error> {
    lotse_domain::from_parts(&event.event_type, &event.payload)
}
