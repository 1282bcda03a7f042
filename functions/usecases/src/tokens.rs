//! Ed25519-signed tokens. Only the registration function holds the private
//! key (it issues tokens); every other function verifies with the public key,
//! so a compromise of those functions cannot mint identities.

use chrono::{DateTime, Duration, Utc};
use contest_domain::{ContestId, ParticipantId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::Error;

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
    decoding: Option<Arc<DecodingKey>>,
    signing: Option<Arc<SigningKey>>,
}

/// The private key, or where to read it on first use. Reading an SSM
/// parameter at start-up made every cold start of the token-issuing functions
/// wait for it, though most first requests (the contest page) issue nothing.
/// The SSM client is built then too: constructing one parses the SDK's
/// endpoint partition table, about as much work as the rest of start-up.
enum SigningKey {
    Ready(EncodingKey),
    InParameter { sdk_config: aws_config::SdkConfig, parameter: String, key: tokio::sync::OnceCell<EncodingKey> },
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

/// Where a key comes from: `NAME` (the PEM itself; the template resolves the
/// public key's parameter into it at deployment), `NAME_FILE` (a path, read
/// now), or `NAME_PARAMETER` (an SSM parameter, decrypted; how AWS
/// deployments keep the private key out of the function's configuration).
enum KeySource {
    Pem(String),
    Parameter(String),
}

fn key_source(name: &'static str, lookup: &impl Fn(&str) -> Option<String>) -> Result<Option<KeySource>, KeyError> {
    let var = |suffix: &str| lookup(&format!("{name}{suffix}")).filter(|value| !value.is_empty());
    if let Some(pem) = var("") {
        return Ok(Some(KeySource::Pem(pem)));
    }
    if let Some(path) = var("_FILE") {
        return std::fs::read_to_string(&path)
            .map(|pem| Some(KeySource::Pem(pem)))
            .map_err(|e| KeyError::Unreadable(path, e));
    }
    Ok(var("_PARAMETER").map(KeySource::Parameter))
}

pub async fn pem_from_parameter(ssm: &aws_sdk_ssm::Client, parameter: &str) -> Result<String, KeyError> {
    let output = ssm
        .get_parameter()
        .name(parameter)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| KeyError::Parameter(parameter.to_owned(), format!("{e:?}")))?;
    output.parameter.and_then(|p| p.value).ok_or_else(|| KeyError::Parameter(parameter.to_owned(), "no value".into()))
}

fn encoding_key(pem: &str) -> Result<EncodingKey, KeyError> {
    EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| KeyError::Invalid("JWT_PRIVATE_KEY", e))
}

impl TokenKeys {
    pub fn from_pems(public_pem: &str, private_pem: Option<&str>) -> Result<Self, KeyError> {
        let decoding =
            DecodingKey::from_ed_pem(public_pem.as_bytes()).map_err(|e| KeyError::Invalid("JWT_PUBLIC_KEY", e))?;
        let signing =
            private_pem.map(|pem| encoding_key(pem).map(|key| Arc::new(SigningKey::Ready(key)))).transpose()?;
        Ok(Self { decoding: Some(Arc::new(decoding)), signing })
    }

    /// For a process that answers no requests (the scheduled closing job):
    /// every token is refused and none can be issued.
    pub fn none() -> Self {
        Self { decoding: None, signing: None }
    }

    /// The public key from `JWT_PUBLIC_KEY`, `JWT_PUBLIC_KEY_FILE` or
    /// `JWT_PUBLIC_KEY_PARAMETER`, and the private key likewise when given;
    /// only token-issuing functions are given it. A private key in a
    /// parameter is read when the first token is issued; a key given as PEM
    /// or file must parse now, failing the start-up rather than a login.
    pub async fn from_env(sdk_config: &aws_config::SdkConfig) -> Result<Self, KeyError> {
        Self::from_lookup(sdk_config, |name| std::env::var(name).ok()).await
    }

    /// [`TokenKeys::from_env`] with the variables from `lookup`.
    pub async fn from_lookup(
        sdk_config: &aws_config::SdkConfig,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, KeyError> {
        let public = match key_source("JWT_PUBLIC_KEY", &lookup)?.ok_or(KeyError::Missing("JWT_PUBLIC_KEY"))? {
            KeySource::Pem(pem) => pem,
            KeySource::Parameter(parameter) => {
                pem_from_parameter(&aws_sdk_ssm::Client::new(sdk_config), &parameter).await?
            }
        };
        let mut keys = Self::from_pems(&public, None)?;
        keys.signing = match key_source("JWT_PRIVATE_KEY", &lookup)? {
            None => None,
            Some(KeySource::Pem(pem)) => Some(Arc::new(SigningKey::Ready(encoding_key(&pem)?))),
            Some(KeySource::Parameter(parameter)) => Some(Arc::new(SigningKey::InParameter {
                sdk_config: sdk_config.clone(),
                parameter,
                key: tokio::sync::OnceCell::new(),
            })),
        };
        Ok(keys)
    }

    pub fn can_issue(&self) -> bool {
        self.signing.is_some()
    }

    pub async fn issue(&self, cid: &ContestId, pid: &ParticipantId, now: DateTime<Utc>) -> Result<String, Error> {
        self.sign(Claims {
            sub: pid.to_string(),
            cid: cid.to_string(),
            role: PARTICIPANT_ROLE.to_owned(),
            iat: now.timestamp(),
            exp: (now + Duration::hours(TOKEN_LIFETIME_HOURS)).timestamp(),
        })
        .await
    }

    /// Organizer sessions are shorter: they can change a running contest.
    pub async fn issue_organizer(&self, username: &str, now: DateTime<Utc>) -> Result<String, Error> {
        self.sign(Claims {
            sub: username.to_owned(),
            cid: ANY_CONTEST.to_owned(),
            role: ORGANIZER_ROLE.to_owned(),
            iat: now.timestamp(),
            exp: (now + Duration::hours(ORGANIZER_TOKEN_LIFETIME_HOURS)).timestamp(),
        })
        .await
    }

    async fn signing_key(&self) -> Result<&EncodingKey, Error> {
        let signing =
            self.signing.as_deref().ok_or_else(|| Error::internal("this function was not given the signing key"))?;
        match signing {
            SigningKey::Ready(key) => Ok(key),
            // One read however many logins arrive at once; a failed read is
            // tried again by the next login.
            SigningKey::InParameter { sdk_config, parameter, key } => key
                .get_or_try_init(|| async {
                    let ssm = aws_sdk_ssm::Client::new(sdk_config);
                    encoding_key(&pem_from_parameter(&ssm, parameter).await?)
                })
                .await
                .map_err(|err| Error::internal(format!("signing key unavailable: {err}"))),
        }
    }

    async fn sign(&self, claims: Claims) -> Result<String, Error> {
        let key = self.signing_key().await?;
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, key)
            .map_err(|err| Error::internal(format!("token signing failed: {err}")))
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        // Pinning the algorithm rejects `none` and HMAC-with-public-key forgeries.
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = 30;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let decoding = self.decoding.as_deref()?;
        jsonwebtoken::decode::<Claims>(token, decoding, &validation).ok().map(|data| data.claims)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        let (private, public) = generate_keypair_pem();
        TokenKeys::from_pems(&public, Some(&private)).unwrap()
    }

    #[tokio::test]
    async fn issued_tokens_verify_and_carry_identity() {
        let keys = keys();
        let cid = ContestId::parse("cchc-2022").unwrap();
        let pid = ParticipantId::generate();
        let token = keys.issue(&cid, &pid, Utc::now()).await.unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!(
            (claims.sub, claims.cid, claims.role.as_str()),
            (pid.to_string(), cid.to_string(), PARTICIPANT_ROLE)
        );
    }

    #[tokio::test]
    async fn rejects_other_keys_expiry_none_and_hmac() {
        let (private, public) = generate_keypair_pem();
        let keys = TokenKeys::from_pems(&public, Some(&private)).unwrap();
        let other = self::keys();
        let cid = ContestId::parse("cchc-2022").unwrap();
        let pid = ParticipantId::generate();
        assert!(keys.verify(&other.issue(&cid, &pid, Utc::now()).await.unwrap()).is_none());
        let expired = keys.issue(&cid, &pid, Utc::now() - Duration::hours(48)).await.unwrap();
        assert!(keys.verify(&expired).is_none());
        let none_token = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiY2lkIjoiY2NoYy0yMDIyIiwicm9sZSI6InBhcnRpY2lwYW50IiwiaWF0IjoxLCJleHAiOjk5OTk5OTk5OTl9.";
        assert!(keys.verify(none_token).is_none());
        let hmac = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &Claims {
                sub: pid.to_string(),
                cid: cid.to_string(),
                role: PARTICIPANT_ROLE.into(),
                iat: 0,
                exp: 9_999_999_999,
            },
            // The classic confusion attack: HMAC keyed with the public key.
            &EncodingKey::from_secret(public.as_bytes()),
        )
        .unwrap();
        assert!(keys.verify(&hmac).is_none());
    }

    #[tokio::test]
    async fn verifying_only_keys_cannot_issue() {
        let (_, public) = generate_keypair_pem();
        let keys = TokenKeys::from_pems(&public, None).unwrap();
        assert!(!keys.can_issue());
        let err =
            keys.issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), Utc::now()).await.unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Internal);
    }

    #[tokio::test]
    async fn a_job_without_keys_refuses_every_token() {
        let token =
            keys().issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), Utc::now()).await.unwrap();
        let none = TokenKeys::none();
        assert!(none.verify(&token).is_none());
        assert!(!none.can_issue());
    }
}
