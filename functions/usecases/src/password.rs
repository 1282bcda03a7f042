//! Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is CPU-bound, so it runs off the async worker threads, at most
//! one per core at a time, each in a reused 19 MiB buffer. Allocating that
//! buffer per hash made glibc raise its mmap threshold and keep the freed
//! blocks: the gateway grew by ~7 MB per registration (measured by
//! `make soak`: 2.2 GB in 30 s), which would also exhaust warm Lambdas.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Mutex, OnceLock};
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::Error;

/// Memory per new hash, in KiB: OWASP's 19 MiB.
const MEMORY_KIB: u32 = 19 * 1024;

fn params() -> Params {
    Params::new(MEMORY_KIB, 2, 1, None).expect("OWASP parameters are valid")
}

fn workers() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, usize::from)))
}

/// Runs `f` with a pooled memory block of `count` blocks.
fn with_memory<R>(count: usize, f: impl FnOnce(&mut [Block]) -> R) -> R {
    static POOL: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());
    let pooled = POOL.lock().expect("argon2 pool").pop().filter(|m| m.len() == count);
    let mut memory = pooled.unwrap_or_else(|| vec![Block::default(); count]);
    let result = f(&mut memory);
    POOL.lock().expect("argon2 pool").push(memory);
    result
}

fn compute(
    argon2: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
) -> argon2::password_hash::Result<Output> {
    let length = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
    with_memory(params.block_count(), |memory| {
        Output::init_with(length, |out| Ok(argon2.hash_password_into_with_memory(password, salt, out, &mut *memory)?))
    })
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
pub fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let params = params();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut raw_salt = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut raw_salt)?;
    let output = compute(&argon2, &params, password.as_bytes(), salt_bytes)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params)?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

fn verify_blocking(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return false };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) =
        (Algorithm::try_from(parsed.algorithm), Params::try_from(&parsed), parsed.salt, parsed.hash)
    else {
        return false;
    };
    let version = parsed.version.and_then(|v| Version::try_from(v).ok()).unwrap_or_default();
    let mut raw_salt = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut raw_salt) else { return false };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    // Output's equality is constant-time.
    compute(&argon2, &params, password.as_bytes(), salt_bytes).is_ok_and(|computed| computed == expected)
}

/// The span every hash and verification runs in (waiting for a worker
/// included): a tracing layer can time the password work apart from the rest
/// of a request, as the benchmarks do.
pub const SPAN_NAME: &str = "password";

pub async fn hash(password: String) -> Result<String, Error> {
    async {
        let _permit = workers().acquire().await.map_err(Error::internal)?;
        tokio::task::spawn_blocking(move || hash_blocking(&password))
            .await
            .map_err(Error::internal)?
            .map_err(Error::internal)
    }
    .instrument(tracing::info_span!("password", operation = "hash"))
    .await
}

/// A hash of nothing anyone knows, verified against when the phone is
/// unknown so that both failures take the same time.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("decoy password never issued").expect("hashable"))
}

pub async fn verify(password: String, stored_hash: Option<String>) -> bool {
    async {
        let Ok(_permit) = workers().acquire().await else { return false };
        tokio::task::spawn_blocking(move || {
            let known = stored_hash.is_some();
            let hash = stored_hash.unwrap_or_else(|| decoy_hash().to_owned());
            // Verify first, always: the decoy must cost what a real check costs.
            let matches = verify_blocking(&password, &hash);
            known && matches
        })
        .await
        .unwrap_or(false)
    }
    .instrument(tracing::info_span!("password", operation = "verify"))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn hashes_are_standard_phc_strings_both_ways() {
        let ours = hash_blocking("mat-khau-123").unwrap();
        assert!(ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{ours}");
        // The reference implementation accepts our hash...
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        assert!(argon2.verify_password(b"mat-khau-123", &PasswordHash::new(&ours).unwrap()).is_ok());
        // ...and we accept its hashes.
        let salt = SaltString::generate(&mut OsRng);
        let reference = argon2.hash_password(b"mat-khau-456", &salt).unwrap().to_string();
        assert!(verify_blocking("mat-khau-456", &reference));
        assert!(!verify_blocking("mat-khau-457", &reference));
        assert!(!verify_blocking("mat-khau-123", "not a hash"));
    }
}
