//! Form tokens: the server signs the moment it showed the interest form, so the minimum fill
//! time is measured from a time the client cannot make up.
//!
//! A token is `<issued, milliseconds since 1970>.<HMAC-SHA256 of that number, hex>`. The key
//! is one per installation (kept in the database, table `server_secrets`), so a token issued
//! by one server process is accepted by every other.

use hmac::{Hmac, KeyInit, Mac};
use sha256::Sha256;

/// The key that signs form tokens. Never printed.
#[derive(Clone)]
pub struct FormKey(Vec<u8>);

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormKey(…)")
    }
}

impl FormKey {
    /// The name of the key in the table of server secrets.
    pub const SECRET_NAME: &'static str = "form_token_key";

    /// A key from the installation's secret.
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    fn mac(&self, issued_ms: i64) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(issued_ms.to_string().as_bytes());
        mac
    }

    /// A token saying "the form was shown at `issued_ms`".
    pub fn issue(&self, issued_ms: i64) -> String {
        format!(
            "{issued_ms}.{}",
            hex::encode(self.mac(issued_ms).finalize().into_bytes())
        )
    }

    /// When the form of `token` was shown, if this server signed it.
    pub fn verify(&self, token: &str) -> Option<i64> {
        let (issued, signature) = token.trim().split_once('.')?;
        let issued_ms: i64 = issued.parse().ok()?;
        if issued_ms.to_string() != issued {
            return None;
        }
        let signature = hex::decode(signature).ok()?;
        self.mac(issued_ms)
            .verify_slice(&signature)
            .ok()
            .map(|()| issued_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_tells_its_issue_time_only_to_the_key_that_signed_it() {
        let key = FormKey::new(b"one installation");
        let token = key.issue(1_764_000_000_000);
        assert_eq!(key.verify(&token), Some(1_764_000_000_000));
        assert_eq!(FormKey::new(b"another one").verify(&token), None);
        let (_, signature) = token.split_once('.').unwrap();
        for forged in [
            format!("1764000000001.{signature}"),
            format!("01764000000000.{signature}"),
            "1764000000000".to_string(),
            "1764000000000.zz".to_string(),
            String::new(),
        ] {
            assert_eq!(key.verify(&forged), None, "{forged:?}");
        }
    }
}
