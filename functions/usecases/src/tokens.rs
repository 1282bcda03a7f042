//! Ed25519-signed tokens (JWT, `alg` EdDSA), with one key pair per role.
//! Only the registration function holds the participant private key and
//! only the organizer function the organizer private key; every other
//! function verifies with the public key of the tokens it accepts, so a
//! compromise of one function cannot mint the other role's identities, nor
//! any identity where it holds no private key.

use chrono::{DateTime, Duration, Utc};
use contest_domain::{ContestId, ParticipantId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::Error;

pub const PARTICIPANT_ROLE: &str = "participant";
pub const ORGANIZER_ROLE: &str = "organizer";
/// Organizer tokens are not tied to one contest (their scope is `contests`).
const ANY_CONTEST: &str = "*";
const TOKEN_LIFETIME_HOURS: i64 = 24;
const ORGANIZER_TOKEN_LIFETIME_HOURS: i64 = 8;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: String,
    pub cid: String,
    pub role: String,
    pub iat: i64,
    pub exp: i64,
    /// The account's token version when the token was issued: a participant
    /// who logs out, or an organizer whose password changes or who is
    /// disabled, gets a new version and every earlier token stops working.
    #[serde(default)]
    pub ver: u32,
    /// Organizers only: `admin` or `viewer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// Organizers only: the contests they may see; absent for every contest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contests: Option<Vec<String>>,
}

/// What an organizer token says about its holder, as the account stood at
/// log-in. Admin routes check it against the account on every request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizerGrant {
    pub username: String,
    pub access: String,
    pub contests: Option<Vec<String>>,
    pub version: u32,
}

/// Which of the two key pairs: participant tokens are signed only by the
/// registration function, organizer tokens only by the organizer function,
/// and each kind of route verifies with its own public key only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    Participant,
    Organizer,
}

impl KeyRole {
    fn variable(self, private: bool) -> &'static str {
        match (self, private) {
            (Self::Participant, false) => "JWT_PARTICIPANT_PUBLIC_KEY",
            (Self::Participant, true) => "JWT_PARTICIPANT_PRIVATE_KEY",
            (Self::Organizer, false) => "JWT_ORGANIZER_PUBLIC_KEY",
            (Self::Organizer, true) => "JWT_ORGANIZER_PRIVATE_KEY",
        }
    }

    fn claim(self) -> &'static str {
        match self {
            Self::Participant => PARTICIPANT_ROLE,
            Self::Organizer => ORGANIZER_ROLE,
        }
    }
}

#[derive(Clone, Default)]
struct KeyPair {
    decoding: Option<Arc<DecodingKey>>,
    signing: Option<Arc<SigningKey>>,
}

#[derive(Clone)]
pub struct TokenKeys {
    participant: KeyPair,
    organizer: KeyPair,
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
    #[error("no token key is configured (JWT_PARTICIPANT_PUBLIC_KEY or JWT_ORGANIZER_PUBLIC_KEY, or their _FILE or _PARAMETER forms)")]
    Missing,
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

fn encoding_key(name: &'static str, pem: &str) -> Result<EncodingKey, KeyError> {
    EncodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| KeyError::Invalid(name, e))
}

fn decoding_key(name: &'static str, pem: &str) -> Result<DecodingKey, KeyError> {
    DecodingKey::from_ed_pem(pem.as_bytes()).map_err(|e| KeyError::Invalid(name, e))
}

impl KeyPair {
    fn from_pems(role: KeyRole, public_pem: Option<&str>, private_pem: Option<&str>) -> Result<Self, KeyError> {
        Ok(Self {
            decoding: public_pem.map(|pem| decoding_key(role.variable(false), pem).map(Arc::new)).transpose()?,
            signing: private_pem
                .map(|pem| encoding_key(role.variable(true), pem).map(|key| Arc::new(SigningKey::Ready(key))))
                .transpose()?,
        })
    }

    async fn from_lookup(
        role: KeyRole,
        sdk_config: &aws_config::SdkConfig,
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Self, KeyError> {
        let decoding = match key_source(role.variable(false), lookup)? {
            None => None,
            Some(KeySource::Pem(pem)) => Some(pem),
            Some(KeySource::Parameter(parameter)) => {
                Some(pem_from_parameter(&aws_sdk_ssm::Client::new(sdk_config), &parameter).await?)
            }
        };
        let mut pair = Self::from_pems(role, decoding.as_deref(), None)?;
        pair.signing = match key_source(role.variable(true), lookup)? {
            None => None,
            Some(KeySource::Pem(pem)) => Some(Arc::new(SigningKey::Ready(encoding_key(role.variable(true), &pem)?))),
            Some(KeySource::Parameter(parameter)) => Some(Arc::new(SigningKey::InParameter {
                sdk_config: sdk_config.clone(),
                parameter,
                key: tokio::sync::OnceCell::new(),
            })),
        };
        Ok(pair)
    }
}

impl TokenKeys {
    /// Both pairs from PEM text: (public, private) for participants, then for
    /// organizers; any part may be absent.
    pub fn from_pems(
        participant: (Option<&str>, Option<&str>),
        organizer: (Option<&str>, Option<&str>),
    ) -> Result<Self, KeyError> {
        eddsa::install();
        Ok(Self {
            participant: KeyPair::from_pems(KeyRole::Participant, participant.0, participant.1)?,
            organizer: KeyPair::from_pems(KeyRole::Organizer, organizer.0, organizer.1)?,
        })
    }

    /// Fresh key pairs for both roles, in memory only: tests and tools.
    pub fn generate() -> Self {
        let (participant_private, participant_public) = generate_keypair_pem();
        let (organizer_private, organizer_public) = generate_keypair_pem();
        Self::from_pems(
            (Some(&participant_public), Some(&participant_private)),
            (Some(&organizer_public), Some(&organizer_private)),
        )
        .expect("fresh keys parse")
    }

    /// For a process that answers no requests (the scheduled closing job):
    /// every token is refused and none can be issued.
    pub fn none() -> Self {
        Self { participant: KeyPair::default(), organizer: KeyPair::default() }
    }

    /// The public keys from `JWT_PARTICIPANT_PUBLIC_KEY` and
    /// `JWT_ORGANIZER_PUBLIC_KEY` (or their `_FILE` / `_PARAMETER` forms),
    /// the private keys likewise (`JWT_PARTICIPANT_PRIVATE_KEY`,
    /// `JWT_ORGANIZER_PRIVATE_KEY`) where given: each function is given only
    /// the public key of the tokens it accepts, and only the two issuing
    /// functions a private key, each its own role's. A private key in a
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
        eddsa::install();
        let keys = Self {
            participant: KeyPair::from_lookup(KeyRole::Participant, sdk_config, &lookup).await?,
            organizer: KeyPair::from_lookup(KeyRole::Organizer, sdk_config, &lookup).await?,
        };
        if keys.participant.decoding.is_none() && keys.organizer.decoding.is_none() {
            return Err(KeyError::Missing);
        }
        Ok(keys)
    }

    fn pair(&self, role: KeyRole) -> &KeyPair {
        match role {
            KeyRole::Participant => &self.participant,
            KeyRole::Organizer => &self.organizer,
        }
    }

    pub fn can_issue(&self, role: KeyRole) -> bool {
        self.pair(role).signing.is_some()
    }

    pub fn can_verify(&self, role: KeyRole) -> bool {
        self.pair(role).decoding.is_some()
    }

    pub async fn issue(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        version: u32,
        now: DateTime<Utc>,
    ) -> Result<String, Error> {
        self.sign(
            KeyRole::Participant,
            Claims {
                sub: pid.to_string(),
                cid: cid.to_string(),
                role: PARTICIPANT_ROLE.to_owned(),
                iat: now.timestamp(),
                exp: (now + Duration::hours(TOKEN_LIFETIME_HOURS)).timestamp(),
                ver: version,
                access: None,
                contests: None,
            },
        )
        .await
    }

    /// Organizer sessions are shorter: they can change a running contest.
    pub async fn issue_organizer(&self, grant: &OrganizerGrant, now: DateTime<Utc>) -> Result<String, Error> {
        self.sign(
            KeyRole::Organizer,
            Claims {
                sub: grant.username.clone(),
                cid: ANY_CONTEST.to_owned(),
                role: ORGANIZER_ROLE.to_owned(),
                iat: now.timestamp(),
                exp: (now + Duration::hours(ORGANIZER_TOKEN_LIFETIME_HOURS)).timestamp(),
                ver: grant.version,
                access: Some(grant.access.clone()),
                contests: grant.contests.clone(),
            },
        )
        .await
    }

    async fn signing_key(&self, role: KeyRole) -> Result<&EncodingKey, Error> {
        let signing =
            self.pair(role).signing.as_deref().ok_or_else(|| {
                Error::internal(format!("this function was not given the {} signing key", role.claim()))
            })?;
        match signing {
            SigningKey::Ready(key) => Ok(key),
            // One read however many logins arrive at once; a failed read is
            // tried again by the next login.
            SigningKey::InParameter { sdk_config, parameter, key } => key
                .get_or_try_init(|| async {
                    let ssm = aws_sdk_ssm::Client::new(sdk_config);
                    encoding_key(role.variable(true), &pem_from_parameter(&ssm, parameter).await?)
                })
                .await
                .map_err(|err| Error::internal(format!("signing key unavailable: {err}"))),
        }
    }

    async fn sign(&self, role: KeyRole, claims: Claims) -> Result<String, Error> {
        let key = self.signing_key(role).await?;
        jsonwebtoken::encode(&Header::new(Algorithm::EdDSA), &claims, key)
            .map_err(|err| Error::internal(format!("token signing failed: {err}")))
    }

    /// The claims of a token of `role`, checked with that role's public key
    /// only: a participant token never verifies as an organizer's, whatever
    /// it claims, nor the other way round.
    pub fn verify(&self, role: KeyRole, token: &str) -> Option<Claims> {
        // Pinning the algorithm rejects `none` and HMAC-with-public-key forgeries.
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.leeway = 30;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let decoding = self.pair(role).decoding.as_deref()?;
        jsonwebtoken::decode::<Claims>(token, decoding, &validation)
            .ok()
            .map(|data| data.claims)
            .filter(|claims| claims.role == role.claim())
    }
}

/// jsonwebtoken's cryptography, reduced to what the tokens use: Ed25519
/// through ed25519-dalek. Its `rust_crypto` feature would also link the
/// `rsa` crate (RUSTSEC-2023-0071, the Marvin timing attack, no fixed
/// release) for algorithms no token here uses; any other algorithm is
/// refused before a key is touched.
mod eddsa {
    use ed25519_dalek::pkcs8::DecodePrivateKey;
    use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
    use jsonwebtoken::crypto::{CryptoProvider, JwkUtils, JwtSigner, JwtVerifier};
    use jsonwebtoken::errors::{Error, ErrorKind};
    use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
    use signature::{Signer, Verifier};

    struct EdSigner(SigningKey);
    struct EdVerifier(VerifyingKey);

    impl Signer<Vec<u8>> for EdSigner {
        fn try_sign(&self, message: &[u8]) -> Result<Vec<u8>, signature::Error> {
            Ok(self.0.sign(message).to_bytes().to_vec())
        }
    }

    impl JwtSigner for EdSigner {
        fn algorithm(&self) -> Algorithm {
            Algorithm::EdDSA
        }
    }

    impl Verifier<Vec<u8>> for EdVerifier {
        fn verify(&self, message: &[u8], signature: &Vec<u8>) -> Result<(), signature::Error> {
            self.0.verify(message, &Signature::from_slice(signature)?)
        }
    }

    impl JwtVerifier for EdVerifier {
        fn algorithm(&self) -> Algorithm {
            Algorithm::EdDSA
        }
    }

    fn signer(algorithm: &Algorithm, key: &EncodingKey) -> jsonwebtoken::errors::Result<Box<dyn JwtSigner>> {
        if *algorithm != Algorithm::EdDSA {
            return Err(Error::from(ErrorKind::InvalidAlgorithm));
        }
        let key = SigningKey::from_pkcs8_der(key.inner()).map_err(|_| Error::from(ErrorKind::InvalidEddsaKey))?;
        Ok(Box::new(EdSigner(key)))
    }

    fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> jsonwebtoken::errors::Result<Box<dyn JwtVerifier>> {
        if *algorithm != Algorithm::EdDSA {
            return Err(Error::from(ErrorKind::InvalidAlgorithm));
        }
        let bytes: &[u8; 32] = key
            .as_bytes()
            .get(..32)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| Error::from(ErrorKind::InvalidEddsaKey))?;
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| Error::from(ErrorKind::InvalidEddsaKey))?;
        Ok(Box::new(EdVerifier(key)))
    }

    static PROVIDER: CryptoProvider =
        CryptoProvider { signer_factory: signer, verifier_factory: verifier, jwk_utils: JwkUtils::new_unimplemented() };

    /// Makes this the process's provider; later calls change nothing.
    pub(super) fn install() {
        let _already = PROVIDER.install_default();
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

    fn pems() -> ((String, String), (String, String)) {
        (generate_keypair_pem(), generate_keypair_pem())
    }

    fn keys() -> TokenKeys {
        let ((pp, pu), (op, ou)) = pems();
        TokenKeys::from_pems((Some(&pu), Some(&pp)), (Some(&ou), Some(&op))).unwrap()
    }

    fn grant() -> OrganizerGrant {
        OrganizerGrant { username: "btc".into(), access: "viewer".into(), contests: Some(vec!["c".into()]), version: 3 }
    }

    #[tokio::test]
    async fn issued_tokens_verify_and_carry_identity() {
        let keys = keys();
        let cid = ContestId::parse("cchc-2022").unwrap();
        let pid = ParticipantId::generate();
        let token = keys.issue(&cid, &pid, 2, Utc::now()).await.unwrap();
        let claims = keys.verify(KeyRole::Participant, &token).unwrap();
        assert_eq!(
            (claims.sub, claims.cid, claims.role.as_str(), claims.ver),
            (pid.to_string(), cid.to_string(), PARTICIPANT_ROLE, 2)
        );
        let organizer = keys.issue_organizer(&grant(), Utc::now()).await.unwrap();
        let claims = keys.verify(KeyRole::Organizer, &organizer).unwrap();
        assert_eq!(
            (claims.access.as_deref(), claims.contests, claims.ver),
            (Some("viewer"), Some(vec!["c".into()]), 3)
        );
    }

    #[tokio::test]
    async fn each_role_verifies_with_its_own_key_only() {
        let keys = keys();
        let participant =
            keys.issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), 0, Utc::now()).await.unwrap();
        let organizer = keys.issue_organizer(&grant(), Utc::now()).await.unwrap();
        assert!(keys.verify(KeyRole::Organizer, &participant).is_none());
        assert!(keys.verify(KeyRole::Participant, &organizer).is_none());
        // A token signed with the participant key that claims to be an organizer's.
        let ((pp, pu), _) = pems();
        let forged = jsonwebtoken::encode(
            &Header::new(Algorithm::EdDSA),
            &Claims { role: ORGANIZER_ROLE.into(), ..keys.verify(KeyRole::Organizer, &organizer).unwrap() },
            &EncodingKey::from_ed_pem(pp.as_bytes()).unwrap(),
        )
        .unwrap();
        let same_participant_key = TokenKeys::from_pems((Some(&pu), None), (None, None)).unwrap();
        assert!(same_participant_key.verify(KeyRole::Organizer, &forged).is_none());
        assert!(same_participant_key.verify(KeyRole::Participant, &forged).is_none(), "role claim must match");
    }

    #[tokio::test]
    async fn rejects_other_keys_expiry_none_and_hmac() {
        let keys = keys();
        let other = self::keys();
        let cid = ContestId::parse("cchc-2022").unwrap();
        let pid = ParticipantId::generate();
        let p = KeyRole::Participant;
        assert!(keys.verify(p, &other.issue(&cid, &pid, 0, Utc::now()).await.unwrap()).is_none());
        let expired = keys.issue(&cid, &pid, 0, Utc::now() - Duration::hours(48)).await.unwrap();
        assert!(keys.verify(p, &expired).is_none());
        let none_token = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwiY2lkIjoiY2NoYy0yMDIyIiwicm9sZSI6InBhcnRpY2lwYW50IiwiaWF0IjoxLCJleHAiOjk5OTk5OTk5OTl9.";
        assert!(keys.verify(p, none_token).is_none());
        // The classic confusion attack: HS256 "signed" with the public key.
        // The provider signs nothing but EdDSA, so the token is built by hand.
        use base64::Engine;
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let body = format!(
            "{}.{}",
            b64(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64(format!(r#"{{"sub":"{pid}","cid":"cchc-2022","role":"participant","iat":0,"exp":9999999999}}"#)
                .as_bytes())
        );
        let hmac = format!("{body}.{}", b64(&[7u8; 32]));
        assert!(keys.verify(p, &hmac).is_none());
        assert!(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &"x", &EncodingKey::from_secret(b"k")).is_err());
    }

    #[tokio::test]
    async fn verifying_only_keys_cannot_issue() {
        let (_, public) = generate_keypair_pem();
        let keys = TokenKeys::from_pems((Some(&public), None), (Some(&public), None)).unwrap();
        assert!(!keys.can_issue(KeyRole::Participant) && !keys.can_issue(KeyRole::Organizer));
        let err =
            keys.issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), 0, Utc::now()).await.unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::Internal);
        assert_eq!(keys.issue_organizer(&grant(), Utc::now()).await.unwrap_err().code(), crate::ErrorCode::Internal);
    }

    #[tokio::test]
    async fn a_job_without_keys_refuses_every_token() {
        let token =
            keys().issue(&ContestId::parse("c").unwrap(), &ParticipantId::generate(), 0, Utc::now()).await.unwrap();
        let none = TokenKeys::none();
        assert!(none.verify(KeyRole::Participant, &token).is_none());
        assert!(!none.can_issue(KeyRole::Participant));
    }
}
