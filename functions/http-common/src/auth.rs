//! Ed25519-signed tokens. Only the registration function holds the private
//! key (it issues tokens); every other function verifies with the public key,
//! so a compromise of those functions cannot mint identities.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Duration, Utc};
use contest_domain::{ContestId, ParticipantId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::{ApiError, AppState};

pub const PARTICIPANT_ROLE: &str = "participant";
pub const ORGANIZER_ROLE: &str = "organizer";
/// Organizers manage every contest of a deployment.
const ANY_CONTEST: &str = "*";
const TOKEN_LIFETIME_HOURS: i64 = 24;
const ORGANIZER_TOKEN_LIFETIME_HOURS: i64 = 8;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub cid: String,
    pub role: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    decoding: Arc<DecodingKey>,
    encoding: Option<Arc<EncodingKey>>,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{0} is not set (nor {0}_FILE, nor {0}_PARAMETER)")]
    Missing(&'static str),
    #[error("cannot read SSM parameter {0}: {1}")]
    Parameter(String, String),
    #[error("cannot read {0}: {1}")]
    Unreadable(String, std::io::Error),
    #[error("{0} is not an Ed25519 PEM key: {1}")]
    Invalid(&'static str, jsonwebtoken::errors::Error),
}

/// A key's PEM from the first source set: `NAME` (the PEM itself),
/// `NAME_FILE` (a path), or `NAME_PARAMETER` (an SSM parameter, decrypted;
/// how AWS deployments keep it out of the function's configuration).
async fn pem_from_env(name: &'static str, ssm: &aws_sdk_ssm::Client) -> Result<Option<String>, KeyError> {
    if let Ok(pem) = std::env::var(name) {
        return Ok(Some(pem));
    }
    if let Ok(path) = std::env::var(format!("{name}_FILE")) {
        return std::fs::read_to_string(&path).map(Some).map_err(|e| KeyError::Unreadable(path, e));
    }
    match std::env::var(format!("{name}_PARAMETER")) {
        Ok(parameter) => pem_from_parameter(ssm, &parameter).await.map(Some),
        Err(_) => Ok(None),
    }
}

pub async fn pem_from_parameter(ssm: &aws_sdk_ssm::Client, parameter: &str) -> Result<String, KeyError> {
    let output = ssm
        .get_parameter()
        .name(parameter)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| KeyError::Parameter(parameter.to_owned(), format!("{e:?}")))?;
    output
        .parameter
        .and_then(|p| p.value)
        .ok_or_else(|| KeyError::Parameter(parameter.to_owned(), "no value".into()))
}

impl TokenKeys {
    pub fn from_pems(public_pem: &str, private_pem: Option<&str>) -> Result<Self, KeyError> {
        let decoding = DecodingKey::from_ed_pem(public_pem.as_bytes()).map_err(|e| KeyError::Invalid("JWT_PUBLIC_KEY", e))?;
        let encoding = private_pem
            .map(|pem| EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| KeyError::Invalid("JWT_PRIVATE_KEY", e)))
            .transpose()?;
        Ok(Self { decoding: Arc::new(decoding), encoding: encoding.map(Arc::new) })
    }

    /// The public key from `JWT_PUBLIC_KEY`, `JWT_PUBLIC_KEY_FILE` or
    /// `JWT_PUBLIC_KEY_PARAMETER`, and the private key likewise when given;
    /// only token-issuing functions are given it. A parameter that is named
    /// but cannot be read fails the start-up rather than run without it.
    pub async fn from_env(sdk_config: &aws_config::SdkConfig) -> Result<Self, KeyError> {
        let ssm = aws_sdk_ssm::Client::new(sdk_config);
        let public = pem_from_env("JWT_PUBLIC_KEY", &ssm).await?.ok_or(KeyError::Missing("JWT_PUBLIC_KEY"))?;
        let private = pem_from_env("JWT_PRIVATE_KEY", &ssm).await?;
        Self::from_pems(&public, private.as_deref())
    }

    pub fn can_issue(&self) -> bool {
        self.encoding.is_some()
    }

    pub fn issue(&self, cid: &ContestId, pid: &ParticipantId, now: DateTime<Utc>) -> Result<String, ApiError> {
        self.sign(Claims {
            sub: pid.to_string(),
            cid: cid.to_string(),
            role: PARTICIPANT_ROLE.to_owned(),
            iat: now.timestamp(),
            exp: (now + Duration::hours(TOKEN_LIFETIME_HOURS)).timestamp(),
        })
    }

    /// Organizer sessions are shorter: they can change a running contest.
    pub fn issue_organizer(&self, username: &str, now: DateTime<Utc>) -> Result<String, ApiError> {
        self.sign(Claims {
            sub: username.to_owned(),
            cid: ANY_CONTEST.to_owned(),
            role: ORGANIZER_ROLE.to_owned(),
            iat: now.timestamp(),
            exp: (now + Duration::hours(ORGANIZER_TOKEN_LIFETIME_HOURS)).timestamp(),
        })
    }

    fn sign(&self, claims: Claims) -> Result<String, ApiError> {
        let key = self.encoding.as_ref().ok_or_else(|| {
            tracing::error!("this function was not given the signing key");
            ApiError::internal()
        })?;
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, key).map_err(|err| {
            tracing::error!(%err, "token signing failed");
            ApiError::internal()
        })
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        // Pinning the algorithm rejects `none` and HMAC-with-public-key forgeries.
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = 30;
        validation.set_required_spec_claims(&["exp", "sub"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation).ok().map(|data| data.claims)
    }
}

/// A fresh Ed25519 key pair as (private PKCS#8 PEM, public SPKI PEM).
pub fn generate_keypair_pem() -> (String, String) {
    use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
    use ed25519_dalek::pkcs8::{EncodePrivateKey, EncodePublicKey};
    let mut secret = [0u8; 32];
    rand::fill(&mut secret);
    let signing = ed25519_dalek::SigningKey::from_bytes(&secret);
    let private = signing.to_pkcs8_pem(LineEnding::LF).expect("encodable").to_string();
    let public = signing.verifying_key().to_public_key_pem(LineEnding::LF).expect("encodable");
    (private, public)
}

/// The authenticated participant of a request.
#[derive(Debug, Clone)]
pub struct ParticipantAuth {
    pub participant_id: ParticipantId,
    pub contest_id: ContestId,
}

impl ParticipantAuth {
    /// A token is only good for the contest it was issued for.
    pub fn require_contest(&self, cid: &ContestId) -> Result<(), ApiError> {
        if &self.contest_id == cid {
            Ok(())
        } else {
            Err(ApiError::unauthenticated())
        }
    }
}

fn bearer_claims(parts: &Parts, state: &AppState) -> Result<Claims, ApiError> {
    let header = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let token = header.strip_prefix("Bearer ").ok_or_else(ApiError::unauthenticated)?;
    state.tokens.verify(token.trim()).ok_or_else(ApiError::unauthenticated)
}

/// The authenticated organizer of an admin request. A valid participant
/// token is recognised and refused with 403, not 401: logging in again
/// would not help.
#[derive(Debug, Clone)]
pub struct OrganizerAuth {
    pub username: String,
}

impl FromRequestParts<AppState> for OrganizerAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let claims = bearer_claims(parts, state)?;
        if claims.role != ORGANIZER_ROLE {
            return Err(ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "FORBIDDEN",
                "Tài khoản này không có quyền của Ban Tổ chức.",
            ));
        }
        Ok(Self { username: claims.sub })
    }
}

impl FromRequestParts<AppState> for ParticipantAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let claims = bearer_claims(parts, state)?;
        if claims.role != PARTICIPANT_ROLE {
            return Err(ApiError::unauthenticated());
        }
        Ok(Self {
            participant_id: ParticipantId::parse(claims.sub).map_err(|_| ApiError::unauthenticated())?,
            contest_id: ContestId::parse(claims.cid).map_err(|_| ApiError::unauthenticated())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        let (private, public) = generate_keypair_pem();
        TokenKeys::from_pems(&public, Some(&private)).unwrap()
    }

    #[test]
    fn issued_tokens_verify_and_carry_identity() {
        let keys = keys();
        let cid = ContestId::parse("cchc-2022").unwrap();
        let pid = ParticipantId::generate();
        let token = keys.issue(&cid, &pid, Utc::now()).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub, claims.cid, claims.role.as_str()), (pid.to_string(), cid.to_string(), PARTICIPANT_ROLE));
    }

    #[test]
    fn rejects_other_keys_expiry_none_and_hmac() {
        let (private, public) = generate_keypair_pem();
        let keys = TokenKeys::from_pems(&public, Some(&private)).unwrap();
        let other = self::keys();
        let cid = ContestId::parse("cchc-2022").unwrap();
        let pid = ParticipantId::generate();
        assert!(keys.verify(&other.issue(&cid, &pid, Utc::now()).unwrap()).is_none());
        let expired = keys.issue(&cid, &pid, Utc::now() - Duration::hours(48)).unwrap();
        assert!(keys.verify(&expired).is_none());
        let none_token = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiY2lkIjoiY2NoYy0yMDIyIiwicm9sZSI6InBhcnRpY2lwYW50IiwiaWF0IjoxLCJleHAiOjk5OTk5OTk5OTl9.";
        assert!(keys.verify(none_token).is_none());
        let hmac = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &Claims { sub: pid.to_string(), cid: cid.to_string(), role: PARTICIPANT_ROLE.into(), iat: 0, exp: 9_999_999_999 },
            // The classic confusion attack: HMAC keyed with the public key.
            &EncodingKey::from_secret(public.as_bytes()),
        )
        .unwrap();
        assert!(keys.verify(&hmac).is_none());
    }

    #[test]
    fn verifying_only_keys_cannot_issue() {
        let (_, public) = generate_keypair_pem();
        let keys = TokenKeys::from_pems(&public, None).unwrap();
        assert!(!keys.can_issue());
        let err = keys.issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), Utc::now()).unwrap_err();
        assert_eq!(err.code, "INTERNAL");
    }
}
