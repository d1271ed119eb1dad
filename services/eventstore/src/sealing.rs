//! Sealing personal data: each person's data is encrypted with that person's own key, held
//! outside the log. Destroying the key erases the data everywhere it occurs in the log.
//!
//! In a payload, `{"$subject": id, "$value": …}` is stored as `{"$subject": id, "$sealed":
//! base64(nonce ‖ ciphertext)}` and read back as the clear form, or as
//! `{"$subject": id, "$erased": true}` once the key is gone.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;
use thiserror::Error;
use uuid::Uuid;

const SUBJECT: &str = "$subject";
const VALUE: &str = "$value";
const SEALED: &str = "$sealed";
const ERASED: &str = "$erased";

/// Why personal data could not be sealed or opened.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SealError {
    #[error("the personal data of this person has been erased; new data needs a new person id")]
    SubjectErased,
    #[error("a personal data marker without a valid subject id")]
    BadSubject,
    #[error("sealed personal data could not be opened")]
    Tampered,
}

/// A person's key, or `None` once erased.
pub(crate) type SubjectKey = Option<[u8; 32]>;

/// A new random key.
pub(crate) fn new_key() -> [u8; 32] {
    ChaCha20Poly1305::generate_key(&mut OsRng).into()
}

/// Keys already looked up, so that reading a long log asks the database once per person.
#[derive(Default)]
pub(crate) struct KeyCache {
    keys: Mutex<HashMap<(Uuid, Uuid), SubjectKey>>,
}

impl KeyCache {
    pub(crate) fn get(&self, tenant: Uuid, subject: Uuid) -> Option<SubjectKey> {
        self.keys.lock().unwrap().get(&(tenant, subject)).copied()
    }

    pub(crate) fn put(&self, tenant: Uuid, subject: Uuid, key: SubjectKey) {
        self.keys.lock().unwrap().insert((tenant, subject), key);
    }

    pub(crate) fn missing(&self, tenant: Uuid, subjects: &[Uuid]) -> Vec<Uuid> {
        let keys = self.keys.lock().unwrap();
        let mut missing: Vec<Uuid> = subjects
            .iter()
            .filter(|s| !keys.contains_key(&(tenant, **s)))
            .copied()
            .collect();
        missing.sort();
        missing.dedup();
        missing
    }
}

fn subject_of(map: &Map<String, Value>) -> Result<Uuid, SealError> {
    map.get(SUBJECT)
        .and_then(Value::as_str)
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or(SealError::BadSubject)
}

/// Every subject whose personal data (clear or sealed) occurs in `value`.
pub(crate) fn subjects(value: &Value, out: &mut Vec<Uuid>) -> Result<(), SealError> {
    match value {
        Value::Object(map) if map.contains_key(SUBJECT) => out.push(subject_of(map)?),
        Value::Object(map) => {
            for v in map.values() {
                subjects(v, out)?;
            }
        }
        Value::Array(items) => {
            for v in items {
                subjects(v, out)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn aad(tenant: Uuid, subject: Uuid) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(tenant.as_bytes());
    out[16..].copy_from_slice(subject.as_bytes());
    out
}

/// Replaces every clear personal value with its sealed form.
pub(crate) fn seal(value: &mut Value, tenant: Uuid, keys: &KeyCache) -> Result<(), SealError> {
    match value {
        Value::Object(map) if map.contains_key(SUBJECT) => {
            let subject = subject_of(map)?;
            let Some(clear) = map.remove(VALUE) else {
                // Already sealed or erased: nothing to seal.
                return Ok(());
            };
            let key = keys
                .get(tenant, subject)
                .flatten()
                .ok_or(SealError::SubjectErased)?;
            let cipher = ChaCha20Poly1305::new(Key::from_slice(&key));
            let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
            let plain = serde_json::to_vec(&clear).map_err(|_| SealError::Tampered)?;
            let sealed = cipher
                .encrypt(
                    &nonce,
                    Payload {
                        msg: &plain,
                        aad: &aad(tenant, subject),
                    },
                )
                .map_err(|_| SealError::Tampered)?;
            let mut bytes = nonce.to_vec();
            bytes.extend_from_slice(&sealed);
            map.insert(SEALED.into(), Value::String(B64.encode(bytes)));
        }
        Value::Object(map) => {
            for v in map.values_mut() {
                seal(v, tenant, keys)?;
            }
        }
        Value::Array(items) => {
            for v in items {
                seal(v, tenant, keys)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Replaces every sealed personal value with its clear form, or marks it erased.
pub(crate) fn open(value: &mut Value, tenant: Uuid, keys: &KeyCache) -> Result<(), SealError> {
    match value {
        Value::Object(map) if map.contains_key(SUBJECT) => {
            let subject = subject_of(map)?;
            let Some(Value::String(sealed)) = map.remove(SEALED) else {
                return Ok(());
            };
            match keys.get(tenant, subject).flatten() {
                None => {
                    map.insert(ERASED.into(), Value::Bool(true));
                }
                Some(key) => {
                    let bytes = B64.decode(sealed).map_err(|_| SealError::Tampered)?;
                    if bytes.len() < 12 {
                        return Err(SealError::Tampered);
                    }
                    let (nonce, ciphertext) = bytes.split_at(12);
                    let cipher = ChaCha20Poly1305::new(Key::from_slice(&key));
                    let plain = cipher
                        .decrypt(
                            Nonce::from_slice(nonce),
                            Payload {
                                msg: ciphertext,
                                aad: &aad(tenant, subject),
                            },
                        )
                        .map_err(|_| SealError::Tampered)?;
                    let clear: Value =
                        serde_json::from_slice(&plain).map_err(|_| SealError::Tampered)?;
                    map.insert(VALUE.into(), clear);
                }
            }
        }
        Value::Object(map) => {
            for v in map.values_mut() {
                open(v, tenant, keys)?;
            }
        }
        Value::Array(items) => {
            for v in items {
                open(v, tenant, keys)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sealed_personal_data_hides_the_clear_text_and_opens_again_with_the_key() {
        let tenant = Uuid::now_v7();
        let subject = Uuid::now_v7();
        let keys = KeyCache::default();
        keys.put(tenant, subject, Some(new_key()));
        let clear =
            json!({"submitter": {"$subject": subject, "$value": {"email": "a@b.de"}}, "n": 1});
        let mut v = clear.clone();
        seal(&mut v, tenant, &keys).unwrap();
        assert!(!v.to_string().contains("a@b.de"));
        assert!(v["submitter"]["$sealed"].is_string());
        open(&mut v, tenant, &keys).unwrap();
        assert_eq!(v, clear);
    }

    #[test]
    fn without_its_key_personal_data_reads_as_erased() {
        let tenant = Uuid::now_v7();
        let subject = Uuid::now_v7();
        let keys = KeyCache::default();
        keys.put(tenant, subject, Some(new_key()));
        let mut v = json!([{"$subject": subject, "$value": "Erika"}]);
        seal(&mut v, tenant, &keys).unwrap();
        keys.put(tenant, subject, None);
        open(&mut v, tenant, &keys).unwrap();
        assert_eq!(v, json!([{"$subject": subject, "$erased": true}]));
        let mut again = json!({"$subject": subject, "$value": "Erika"});
        assert_eq!(
            seal(&mut again, tenant, &keys),
            Err(SealError::SubjectErased)
        );
    }

    #[test]
    fn data_sealed_for_one_tenant_cannot_be_opened_as_another() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let subject = Uuid::now_v7();
        let key = new_key();
        let keys = KeyCache::default();
        keys.put(a, subject, Some(key));
        keys.put(b, subject, Some(key));
        let mut v = json!({"$subject": subject, "$value": "x"});
        seal(&mut v, a, &keys).unwrap();
        assert_eq!(open(&mut v, b, &keys), Err(SealError::Tampered));
    }
}
