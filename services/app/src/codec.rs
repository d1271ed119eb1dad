//! Turning domain events into log entries and back.

use lotse_domain::DomainEvent;
use lotse_eventstore::{NewEvent, RecordedEvent};
use serde_json::{Value, json};

/// A domain event as a log entry.
pub fn encode<E: DomainEvent>(event: &E) -> NewEvent {
    let mut value = serde_json::to_value(event).expect("domain events always serialise");
    let payload = value
        .get_mut("data")
        .map(Value::take)
        .unwrap_or(Value::Null);
    NewEvent {
        event_type: event.event_type().to_string(),
        schema_version: event.schema_version(),
        payload,
    }
}

/// A log entry as a domain event of type `E`.
pub fn decode<E: DomainEvent>(event: &RecordedEvent) -> Result<E, serde_json::Error> {
    serde_json::from_value(json!({"type": event.event_type, "data": event.payload}))
}
