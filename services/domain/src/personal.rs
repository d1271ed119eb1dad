//! Personal data inside events.
//!
//! A [`Personal`] value is serialised as `{"$subject": <person id>, "$value": …}`. The event
//! store seals every such object with a key held for that person outside the log and opens
//! it again when reading; once the key is erased, the object reads as
//! `{"$subject": …, "$erased": true}` and [`Personal::value`] is `None`. The log itself is
//! never rewritten.

use crate::ids::PersonId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Personal data about one person, erasable by erasing that person's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personal<T> {
    /// Whose data this is.
    pub subject: PersonId,
    /// The data, or `None` once it has been erased.
    pub value: Option<T>,
}

impl<T> Personal<T> {
    /// Wraps data about `subject`.
    pub fn new(subject: PersonId, value: T) -> Self {
        Self {
            subject,
            value: Some(value),
        }
    }

    /// The data unless it has been erased.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Whether the data has been erased.
    pub fn is_erased(&self) -> bool {
        self.value.is_none()
    }
}

/// The JSON key that marks an object as personal data of a subject.
pub const SUBJECT_KEY: &str = "$subject";
/// The JSON key that holds the clear value of personal data.
pub const VALUE_KEY: &str = "$value";
/// The JSON key that marks erased personal data.
pub const ERASED_KEY: &str = "$erased";

#[derive(Serialize)]
struct Out<'a, T> {
    #[serde(rename = "$subject")]
    subject: PersonId,
    #[serde(rename = "$value", skip_serializing_if = "Option::is_none")]
    value: Option<&'a T>,
    #[serde(rename = "$erased", skip_serializing_if = "std::ops::Not::not")]
    erased: bool,
}

#[derive(Deserialize)]
struct In<T> {
    #[serde(rename = "$subject")]
    subject: PersonId,
    #[serde(rename = "$value")]
    value: Option<T>,
}

impl<T: Serialize> Serialize for Personal<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Out {
            subject: self.subject,
            value: self.value.as_ref(),
            erased: self.value.is_none(),
        }
        .serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Personal<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = In::<T>::deserialize(deserializer)?;
        Ok(Self {
            subject: raw.subject,
            value: raw.value,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_data_serialises_with_its_subject_and_reads_back() {
        let p = Personal::new(PersonId::new(), "Erika Muster".to_string());
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json[VALUE_KEY], "Erika Muster");
        assert_eq!(json[SUBJECT_KEY], serde_json::json!(p.subject));
        let back: Personal<String> = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn erased_personal_data_reads_as_none_but_keeps_its_subject() {
        let subject = PersonId::new();
        let json = serde_json::json!({"$subject": subject, "$erased": true});
        let back: Personal<String> = serde_json::from_value(json).unwrap();
        assert!(back.is_erased());
        assert_eq!(back.subject, subject);
    }
}
