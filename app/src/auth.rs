//! Secrets on the server: password hashing (argon2id), random session ids and API tokens, and
//! the session cookie. Only hashes of session ids and tokens are ever stored.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "flotilla_session";
/// API tokens start with this, so a leaked one is easy to recognise in logs and scanners.
pub const TOKEN_PREFIX: &str = "flt_";

/// How sessions behave; provided to server functions through context.
#[derive(Clone, Debug)]
pub struct SessionSettings {
    /// Mark the cookie `Secure` (set when Flotilla is served over https).
    pub secure_cookie: bool,
    /// A session unused for this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in, however active.
    pub absolute: Duration,
}

impl Default for SessionSettings {
    fn default() -> Self {
        Self {
            secure_cookie: false,
            idle: Duration::hours(12),
            absolute: Duration::days(7),
        }
    }
}

impl SessionSettings {
    /// The `Set-Cookie` value that stores `session` in the browser.
    pub fn cookie(&self, session: &str) -> String {
        format!(
            "{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
            self.absolute.num_seconds(),
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn cleared_cookie(&self) -> String {
        format!(
            "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
            if self.secure_cookie { "; Secure" } else { "" }
        )
    }
}

pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Checks `password` against a stored hash. With no hash (unknown email, service account) a
/// dummy hash is checked instead, so the answer takes as long either way.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        hash_password("not a real password").expect("hashing a constant works")
    });
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY.as_str(), false),
    };
    let ok = PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    });
    ok && real
}

/// 256 random bits, URL-safe: a session id.
pub fn new_session_id() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token (shown once) with the prefix.
pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", new_session_id())
}

/// What is stored for a session id or token: its SHA-256, hex. These secrets are random and
/// long, so a fast hash suffices; a slow one would only slow every request.
pub fn secret_hash(secret: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(secret.as_bytes());
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    hex
}

/// The session id in a `Cookie` header, if any.
pub fn session_from_cookies(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&hash)));
        assert!(!verify_password("wrong horse battery", Some(&hash)));
        assert!(!verify_password("not a real password", None));
    }

    #[test]
    fn session_ids_are_long_random_and_stored_hashed() {
        let (a, b) = (new_session_id(), new_session_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(secret_hash(&a).len(), 64);
        assert_ne!(secret_hash(&a), a);
        assert!(new_api_token().starts_with(TOKEN_PREFIX));
    }

    #[test]
    fn a_secret_hashes_to_its_sha256_in_lowercase_hex() {
        // Stored sessions and tokens are looked up by this text: it must never change.
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(
            session_from_cookies("theme=dark; flotilla_session=abc; x=1"),
            Some("abc")
        );
        assert_eq!(session_from_cookies("flotilla_session="), None);
        assert_eq!(session_from_cookies("other=1"), None);
        let settings = SessionSettings {
            secure_cookie: true,
            ..SessionSettings::default()
        };
        let cookie = settings.cookie("abc");
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(cookie.contains(part), "{cookie}");
        }
    }
}
