//! Upcasting: old payloads are brought to the current schema when read, never rewritten.

use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Turns a payload of one schema version into the next version's payload.
pub type Upcaster = Arc<dyn Fn(Value) -> Value + Send + Sync>;

/// The upcasters of an application, keyed by event type and the version they upgrade from.
#[derive(Clone, Default)]
pub struct Upcasters {
    steps: HashMap<(String, i32), Upcaster>,
}

impl std::fmt::Debug for Upcasters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upcasters")
            .field("steps", &self.steps.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Upcasters {
    /// Registers the step from `from_version` to `from_version + 1` of `event_type`.
    pub fn register(
        mut self,
        event_type: &str,
        from_version: i32,
        step: impl Fn(Value) -> Value + Send + Sync + 'static,
    ) -> Self {
        self.steps
            .insert((event_type.to_string(), from_version), Arc::new(step));
        self
    }

    /// Applies every step that fits, returning the newest payload and its version.
    pub fn apply(&self, event_type: &str, mut version: i32, mut payload: Value) -> (i32, Value) {
        while let Some(step) = self.steps.get(&(event_type.to_string(), version)) {
            payload = step(payload);
            version += 1;
        }
        (version, payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn upcasters_chain_from_an_old_version_to_the_newest() {
        let up = Upcasters::default()
            .register("InterestSubmitted", 1, |mut v| {
                v["language"] = json!("de");
                v
            })
            .register("InterestSubmitted", 2, |mut v| {
                v["kind"] = json!("GEMEINDE");
                v
            });
        let (version, payload) = up.apply("InterestSubmitted", 1, json!({"name": "Lohr"}));
        assert_eq!(version, 3);
        assert_eq!(
            payload,
            json!({"name": "Lohr", "language": "de", "kind": "GEMEINDE"})
        );
        let (version, _) = up.apply("Admitted", 1, json!({}));
        assert_eq!(version, 1, "other types are left alone");
    }
}
