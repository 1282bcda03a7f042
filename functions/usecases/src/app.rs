//! The application: what every use case runs against. Built once per
//! process (per Lambda container) and shared by every request.

use contest_domain::contest::Contest;
use contest_domain::ContestId;
use contest_domain::QuestionId;
use contest_store::bank::Bank;
use contest_store::{Store, StoreConfig};
use std::sync::Arc;
use std::time::Duration;

use crate::challenge::ChallengeKey;
use crate::email::EmailSender;
use crate::sms::SmsSender;
use crate::{Clock, Error, TokenKeys};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Cached per container: a warm Lambda serves a contest's definition and
/// question bank from memory, so starting an attempt costs one DynamoDB
/// transaction, not three requests. A miss is loaded once however many
/// requests ask for it at the same moment (moka's single flight).
type ContestCache = moka::future::Cache<ContestId, Arc<Contest>>;
type BankCache = moka::future::Cache<ContestId, Arc<Bank>>;

#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub tokens: TokenKeys,
    pub clock: Clock,
    /// The registration challenge's HMAC key.
    pub challenge_key: ChallengeKey,
    pub sms: SmsSender,
    pub email: EmailSender,
    pub limits: Limits,
    /// The site's public address, for links printed on certificates and
    /// handed to unit heads (`SITE_URL`).
    site_url: Arc<str>,
    contests: ContestCache,
    question_banks: BankCache,
}

/// Brakes set per deployment rather than per contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Registrations from one source address per hour
    /// (`REGISTRATIONS_PER_ADDRESS_PER_HOUR`): a ward office registers its
    /// staff together behind one address, a script is stopped.
    pub registrations_per_address_per_hour: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { registrations_per_address_per_hour: 60 }
    }
}

impl Limits {
    pub fn from_env() -> Self {
        let defaults = Self::default();
        Self {
            registrations_per_address_per_hour: std::env::var("REGISTRATIONS_PER_ADDRESS_PER_HOUR")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(defaults.registrations_per_address_per_hour),
        }
    }
}

fn cache<V: Clone + Send + Sync + 'static>(ttl: Duration) -> moka::future::Cache<ContestId, V> {
    moka::future::Cache::builder().time_to_live(ttl).max_capacity(1_000).build()
}

impl App {
    /// An application with a challenge key of its own and the default limits.
    pub fn new(store: Store, tokens: TokenKeys, clock: Clock, cache_ttl: Duration) -> Self {
        let sms = SmsSender::new(store.sdk_config());
        let email = EmailSender::new(store.sdk_config());
        Self {
            store,
            tokens,
            clock,
            challenge_key: ChallengeKey::random(),
            sms,
            email,
            site_url: std::env::var("SITE_URL")
                .ok()
                .map(|url| url.trim_end_matches('/').to_owned())
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned())
                .into(),
            limits: Limits::default(),
            contests: cache(cache_ttl),
            question_banks: cache(cache_ttl),
        }
    }

    pub fn site_url(&self) -> &str {
        &self.site_url
    }

    /// The same application with another public address (tests, the local stack).
    pub fn with_site_url(mut self, url: &str) -> Self {
        self.site_url = url.trim_end_matches('/').into();
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Drops the cached contest and bank: the next request reads them.
    pub async fn forget_contest(&self, cid: &ContestId) {
        self.contests.invalidate(cid).await;
        self.question_banks.invalidate(cid).await;
    }

    /// Everything from the environment: `TABLE_NAME`, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL`, the JWT keys and `CACHE_TTL_SECONDS` (default 60).
    pub async fn from_env() -> Result<Self, BoxError> {
        let store = Self::store_from_env()?;
        let tokens = TokenKeys::from_env(store.sdk_config()).await?;
        Ok(Self::with_env_cache(store, tokens))
    }

    /// For the scheduled closing job, which answers no requests and so is
    /// given no token keys.
    pub fn without_tokens_from_env() -> Result<Self, BoxError> {
        Ok(Self::with_env_cache(Self::store_from_env()?, TokenKeys::none()))
    }

    fn store_from_env() -> Result<Store, BoxError> {
        Ok(Store::from_sdk_config(&Store::sdk_config_from_env()?, StoreConfig::from_env()))
    }

    fn with_env_cache(store: Store, tokens: TokenKeys) -> Self {
        let ttl = std::env::var("CACHE_TTL_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
        let mut app =
            Self::new(store, tokens, Clock::system(), Duration::from_secs(ttl)).with_limits(Limits::from_env());
        match ChallengeKey::from_env(app.store.sdk_config()) {
            Ok(key) => app.challenge_key = key,
            Err(err) => tracing::error!(%err, "challenge key"),
        }
        app
    }

    /// The contest, from the cache. An unknown contest is not cached, so a
    /// typo cannot hide a contest loaded a moment later.
    pub async fn contest(&self, cid: &ContestId) -> Result<Arc<Contest>, Error> {
        self.contests
            .try_get_with_by_ref(cid, async {
                match self.store.get_contest(cid).await {
                    Ok(Some(contest)) => Ok(Arc::new(contest)),
                    Ok(None) => Err(Error::ContestNotFound),
                    Err(err) => Err(Error::Store(err)),
                }
            })
            .await
            .map_err(shared_error)
    }

    pub async fn question_bank(&self, cid: &ContestId) -> Result<Arc<Bank>, Error> {
        self.question_banks
            .try_get_with_by_ref(cid, async { self.store.bank(cid).await.map(Arc::new).map_err(Error::Store) })
            .await
            .map_err(shared_error)
    }

    /// The bank as stored now, cached for the next requests.
    pub async fn refresh_question_bank(&self, cid: &ContestId) -> Result<Arc<Bank>, Error> {
        let bank = Arc::new(self.store.bank(cid).await?);
        self.question_banks.insert(cid.clone(), bank.clone()).await;
        Ok(bank)
    }

    /// Remembers the questions this container just marked drawn, so it does
    /// not mark them again.
    pub async fn note_drawn(&self, cid: &ContestId, bank: &Bank, qids: &[QuestionId]) -> Arc<Bank> {
        let mut updated = bank.clone();
        updated.drawn.extend(qids.iter().cloned());
        let updated = Arc::new(updated);
        self.question_banks.insert(cid.clone(), updated.clone()).await;
        updated
    }

    /// The contest as stored now: organizers must never act on a cached copy.
    pub async fn fresh_contest(&self, cid: &ContestId) -> Result<Contest, Error> {
        self.store.get_contest(cid).await?.ok_or(Error::ContestNotFound)
    }
}

/// A loader's error, shared by every request that waited on the same load.
fn shared_error(err: Arc<Error>) -> Error {
    match Arc::try_unwrap(err) {
        Ok(err) => err,
        Err(shared) => match &*shared {
            Error::ContestNotFound => Error::ContestNotFound,
            Error::Store(contest_store::StoreError::Unavailable(_)) => {
                Error::Store(contest_store::StoreError::Unavailable(shared.to_string().into()))
            }
            other => Error::Internal(other.to_string()),
        },
    }
}
