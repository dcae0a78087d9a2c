//! Sensitive fields at rest (GB/T 35273 §6.3, PIPL Art. 51): ID numbers and phone numbers are
//! stored encrypted with ChaCha20-Poly1305 (a fresh random nonce per value), and found again by a
//! keyed hash (HMAC-SHA256, a "blind index") so that equality lookups and uniqueness work without
//! decrypting. Both keys derive from one 32-byte master key kept outside the database (in the
//! data folder, `field.key`), so a copy of the database alone reveals nothing.

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The keys for sensitive fields. `Debug` shows nothing of them.
#[derive(Clone)]
pub struct FieldKey {
    cipher: ChaCha20Poly1305,
    mac_key: [u8; 32],
}

impl std::fmt::Debug for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FieldKey(…)")
    }
}

/// A stored value could not be decrypted (wrong key file, or a damaged record).
#[derive(Debug, thiserror::Error)]
#[error(
    "a protected field cannot be decrypted: is field.key the key this database was written with?"
)]
pub struct DecryptError;

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

impl FieldKey {
    /// Keys from a 32-byte master key.
    pub fn from_master(master: &[u8; 32]) -> FieldKey {
        let enc = derive(master, "quanke field encryption v1");
        FieldKey {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&enc)),
            mac_key: derive(master, "quanke blind index v1"),
        }
    }

    /// A new random master key.
    pub fn generate_master() -> [u8; 32] {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        k
    }

    /// Parse a master key written as 64 hex digits (the `field.key` file).
    pub fn parse_master(text: &str) -> Option<[u8; 32]> {
        let bytes = hex::decode(text.trim()).ok()?;
        bytes.try_into().ok()
    }

    /// Encrypt: base64 of nonce ‖ ciphertext ‖ tag.
    pub fn encrypt(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .expect("encryption of a short value cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)
    }

    /// Decrypt what [`FieldKey::encrypt`] made.
    pub fn decrypt(&self, stored: &str) -> Result<String, DecryptError> {
        let raw = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(stored)
            .map_err(|_| DecryptError)?;
        if raw.len() < 12 + 16 {
            return Err(DecryptError);
        }
        let (nonce, ct) = raw.split_at(12);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| DecryptError)?;
        String::from_utf8(plain).map_err(|_| DecryptError)
    }

    /// The blind index of `value` for the field `kind` ("id", "phone"): equal values give equal
    /// hashes, and nothing about the value can be learnt without the key.
    pub fn blind(&self, kind: &str, value: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.mac_key).expect("any key length");
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fresh_nonces() {
        let k = FieldKey::from_master(&[7; 32]);
        let a = k.encrypt("11010519491231002X");
        let b = k.encrypt("11010519491231002X");
        assert_ne!(a, b, "a fresh nonce each time");
        assert_eq!(k.decrypt(&a).unwrap(), "11010519491231002X");
        let other = FieldKey::from_master(&[8; 32]);
        assert!(other.decrypt(&a).is_err());
        assert!(k.decrypt("not base64!").is_err());
    }

    #[test]
    fn blind_index_is_keyed_and_separated_by_kind() {
        let k = FieldKey::from_master(&[7; 32]);
        assert_eq!(k.blind("id", "x"), k.blind("id", "x"));
        assert_ne!(k.blind("id", "x"), k.blind("phone", "x"));
        assert_ne!(
            k.blind("id", "x"),
            FieldKey::from_master(&[9; 32]).blind("id", "x")
        );
    }

    #[test]
    fn master_key_text() {
        let m = FieldKey::generate_master();
        assert_eq!(FieldKey::parse_master(&hex::encode(m)), Some(m));
        assert_eq!(FieldKey::parse_master("abc"), None);
    }
}
