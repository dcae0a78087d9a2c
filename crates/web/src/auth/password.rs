//! Password hashing with argon2id at the OWASP ASVS parameters (m = 19456 KiB, t = 2, p = 1).
//! Hashing is slow on purpose, so it runs on the blocking pool.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use quanke_domain::account::NewPassword;
use std::sync::OnceLock;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash a new password (PHC string with its salt and parameters).
pub fn hash(password: &NewPassword) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.expose().as_bytes(), &salt)
        .expect("argon2 hashing does not fail with valid parameters")
        .to_string()
}

/// [`hash`] on the blocking pool.
pub async fn hash_async(password: NewPassword) -> String {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .expect("hashing task")
}

/// Check a password against a stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// [`verify`] on the blocking pool. With no stored hash (unknown account) a dummy hash is checked,
/// so that an unknown user name takes as long as a wrong password and reveals nothing.
pub async fn verify_async(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match stored {
        Some(h) => verify(&password, &h),
        None => {
            let _ = verify(&password, dummy_hash());
            false
        }
    })
    .await
    .expect("verify task")
}

fn dummy_hash() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hash(&NewPassword::parse("dummy password for timing", None).expect("valid")))
}

/// A random temporary password for a reset or a new account: 16 characters from an alphabet
/// without look-alikes (no 0/O, 1/l/I), easy to read out over the phone.
pub fn temporary() -> NewPassword {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    loop {
        let s: String = (0..16)
            .map(|i| {
                if i > 0 && i % 4 == 0 {
                    '-'
                } else {
                    ALPHABET[rng.gen_range(0..ALPHABET.len())] as char
                }
            })
            .collect();
        if let Ok(p) = NewPassword::parse(&s, None) {
            return p;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let p = NewPassword::parse("correct horse battery", None).unwrap();
        let h = hash(&p);
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterY", &h));
        assert!(!verify("x", "not a hash"));
    }

    #[test]
    fn temporary_passwords_meet_the_policy() {
        for _ in 0..20 {
            let p = temporary();
            assert_eq!(p.expose().chars().count(), 16);
            assert!(NewPassword::parse(p.expose(), None).is_ok());
        }
    }
}
