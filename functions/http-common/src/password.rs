//! Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
//! Hashing is CPU-bound, so it runs off the async worker threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use crate::ApiError;
use std::sync::OnceLock;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("OWASP parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
}

pub async fn hash(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(ApiError::internal)
}

/// A hash of nothing anyone knows, verified against when the phone is
/// unknown so that both failures take the same time.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        argon2().hash_password(b"decoy password never issued", &salt).expect("hashable").to_string()
    })
}

pub async fn verify(password: String, stored_hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored_hash.is_some();
        let hash = stored_hash.unwrap_or_else(|| decoy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&hash) else { return false };
        // Verify first, always: the decoy must cost what a real check costs.
        let matches = argon2().verify_password(password.as_bytes(), &parsed).is_ok();
        known && matches
    })
    .await
    .unwrap_or(false)
}
