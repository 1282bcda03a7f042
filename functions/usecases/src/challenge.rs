//! The registration's proof of work, ALTCHA-compatible (`altcha-lib-rs` on
//! the server, any ALTCHA v1 solver on the page): a script must spend CPU
//! on every account it creates, and a solution is good once.

use altcha_lib_rs::{create_challenge, verify_solution, ChallengeOptions, Payload};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::sync::Arc;

use crate::{App, Error};

/// Up to 20,000 SHA-256 hashes: at most about half a second on a mid-range
/// phone (~40,000 hashes per second in a browser), a quarter on average.
pub const MAX_NUMBER: u64 = 20_000;
/// How long a challenge may be solved and used.
pub const LIFETIME_MINUTES: i64 = 10;

/// A challenge as the ALTCHA widget reads it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Challenge {
    /// Always `SHA-256`.
    pub algorithm: String,
    /// Hex SHA-256 of `salt` followed by the secret number.
    pub challenge: String,
    /// The number lies in 0..=maxnumber.
    pub maxnumber: u64,
    /// Random, with its expiry (`?expires=<unix seconds>&`).
    pub salt: String,
    /// HMAC of `challenge` with the server's key.
    pub signature: String,
}

/// The HMAC key: `CHALLENGE_HMAC_KEY`, `CHALLENGE_HMAC_KEY_FILE`, or an SSM
/// parameter in `CHALLENGE_HMAC_KEY_PARAMETER` read with the first challenge.
#[derive(Clone)]
pub struct ChallengeKey(Arc<KeySource>);

enum KeySource {
    Ready(String),
    InParameter { sdk_config: aws_config::SdkConfig, parameter: String, key: tokio::sync::OnceCell<String> },
    Missing,
}

impl ChallengeKey {
    pub fn from_key(key: impl Into<String>) -> Self {
        Self(Arc::new(KeySource::Ready(key.into())))
    }

    /// A key of this process only: for tests and processes that serve no
    /// challenges.
    pub fn random() -> Self {
        let mut bytes = [0u8; 32];
        rand::fill(&mut bytes);
        Self::from_key(bytes.iter().map(|b| format!("{b:02x}")).collect::<String>())
    }

    pub fn from_env(sdk_config: &aws_config::SdkConfig) -> Result<Self, crate::app::BoxError> {
        let var =
            |suffix: &str| std::env::var(format!("CHALLENGE_HMAC_KEY{suffix}")).ok().filter(|v| !v.trim().is_empty());
        if let Some(key) = var("") {
            return Ok(Self::from_key(key.trim()));
        }
        if let Some(path) = var("_FILE") {
            let key = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
            return Ok(Self::from_key(key.trim()));
        }
        Ok(Self(Arc::new(match var("_PARAMETER") {
            Some(parameter) => {
                KeySource::InParameter { sdk_config: sdk_config.clone(), parameter, key: tokio::sync::OnceCell::new() }
            }
            None => KeySource::Missing,
        })))
    }

    async fn key(&self) -> Result<&str, Error> {
        match &*self.0 {
            KeySource::Ready(key) => Ok(key),
            KeySource::InParameter { sdk_config, parameter, key } => key
                .get_or_try_init(|| async {
                    let ssm = aws_sdk_ssm::Client::new(sdk_config);
                    crate::tokens::pem_from_parameter(&ssm, parameter).await.map(|key| key.trim().to_owned())
                })
                .await
                .map(String::as_str)
                .map_err(|err| Error::internal(format!("challenge key unavailable: {err}"))),
            KeySource::Missing => Err(Error::internal("this function was not given the challenge key")),
        }
    }
}

/// A fresh challenge for the contest's registration form.
pub async fn issue(app: &App, cid: &contest_domain::ContestId) -> Result<Challenge, Error> {
    app.contest(cid).await?;
    let expires = app.clock.now() + Duration::minutes(LIFETIME_MINUTES);
    let key = app.challenge_key.key().await?;
    let challenge = create_challenge(ChallengeOptions {
        hmac_key: key,
        max_number: Some(MAX_NUMBER),
        expires: Some(expires),
        ..Default::default()
    })
    .map_err(|err| Error::internal(format!("challenge: {err}")))?;
    Ok(Challenge {
        algorithm: challenge.algorithm.to_string(),
        challenge: challenge.challenge,
        maxnumber: challenge.maxnumber,
        salt: challenge.salt,
        signature: challenge.signature,
    })
}

/// Checks a solution as the widget sends it (base64 of its JSON) and spends
/// it: a second use is refused. Every failure is the same answer, so the
/// reason (which the library words with the expected signature) never leaks.
pub async fn verify_and_spend(app: &App, payload: Option<&str>, now: DateTime<Utc>) -> Result<(), Error> {
    let payload = payload.map(str::trim).filter(|p| !p.is_empty()).ok_or(Error::ChallengeRequired)?;
    let solution = parse_payload(payload).ok_or(Error::ChallengeFailed)?;
    let key = app.challenge_key.key().await?;
    verify_solution(&solution, key, true).map_err(|_| Error::ChallengeFailed)?;
    let expires = expiry_of(&solution.salt).unwrap_or(now.timestamp() + LIFETIME_MINUTES * 60);
    if !app.store.spend_challenge(&solution.signature, expires).await? {
        return Err(Error::ChallengeFailed);
    }
    Ok(())
}

/// The widget's payload: base64 of `{algorithm, challenge, number, salt,
/// signature, took?}`. `took` is left out (the widget sends a decimal the
/// library cannot read), and only SHA-256 is accepted.
fn parse_payload(payload: &str) -> Option<Payload> {
    if payload.len() > 4096 {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(payload).ok()?;
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let object = value.as_object_mut()?;
    object.remove("took");
    if object.get("algorithm").and_then(|a| a.as_str()) != Some("SHA-256") {
        return None;
    }
    serde_json::from_value(value).ok()
}

fn expiry_of(salt: &str) -> Option<i64> {
    let (_, query) = salt.split_once('?')?;
    query.split('&').find_map(|pair| pair.strip_prefix("expires=")).and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn solve(challenge: &Challenge) -> u64 {
        (0..=challenge.maxnumber)
            .find(|n| {
                let digest = Sha256::digest(format!("{}{n}", challenge.salt));
                digest.iter().map(|b| format!("{b:02x}")).collect::<String>() == challenge.challenge
            })
            .expect("solvable")
    }

    #[test]
    fn payloads_from_the_widget_parse_with_a_decimal_took() {
        let key = "k";
        let challenge = create_challenge(ChallengeOptions {
            hmac_key: key,
            max_number: Some(1000),
            expires: Some(Utc::now() + Duration::minutes(5)),
            ..Default::default()
        })
        .unwrap();
        let challenge = Challenge {
            algorithm: challenge.algorithm.to_string(),
            challenge: challenge.challenge,
            maxnumber: challenge.maxnumber,
            salt: challenge.salt,
            signature: challenge.signature,
        };
        let number = solve(&challenge);
        let json = serde_json::json!({"algorithm": "SHA-256", "challenge": challenge.challenge, "number": number,
            "salt": challenge.salt, "signature": challenge.signature, "took": 493.2});
        let payload = base64::engine::general_purpose::STANDARD.encode(json.to_string());
        let parsed = parse_payload(&payload).expect("parses");
        assert!(verify_solution(&parsed, key, true).is_ok());
        assert!(verify_solution(&parsed, "other key", true).is_err());
        assert!(expiry_of(&challenge.salt).is_some_and(|e| e > Utc::now().timestamp()));
        assert!(parse_payload("not base64 !").is_none());
    }
}
