use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use contest_domain::contest::{Contest, Question};
use contest_domain::ContestId;
use contest_store::{Store, StoreConfig};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::cache::TtlCache;
use crate::extract::MAX_BODY_BYTES;
use crate::{ApiError, Clock, TokenKeys};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Built once per process (per Lambda container) and shared by every request.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub tokens: TokenKeys,
    pub clock: Clock,
    contests: Arc<TtlCache<Contest>>,
    question_banks: Arc<TtlCache<Vec<Question>>>,
}

impl AppState {
    pub fn new(store: Store, tokens: TokenKeys, clock: Clock, cache_ttl: Duration) -> Self {
        Self {
            store,
            tokens,
            clock,
            contests: Arc::new(TtlCache::new(cache_ttl)),
            question_banks: Arc::new(TtlCache::new(cache_ttl)),
        }
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
        Self::new(store, tokens, Clock::system(), Duration::from_secs(ttl))
    }

    pub async fn contest(&self, cid: &ContestId) -> Result<Arc<Contest>, ApiError> {
        self.contests.get_or_load(cid, || self.store.get_contest(cid)).await?.ok_or_else(ApiError::contest_not_found)
    }

    pub async fn question_bank(&self, cid: &ContestId) -> Result<Arc<Vec<Question>>, ApiError> {
        let bank =
            self.question_banks.get_or_load(cid, || async { self.store.list_questions(cid).await.map(Some) }).await?;
        Ok(bank.unwrap_or_default())
    }
}

/// Turns a function's routes into a service: the JSON 404/405, the body
/// limit, request tracing and headers every API response carries. Lambda
/// mains and the local gateway both go through here.
pub fn serve(routes: Router<AppState>, state: AppState) -> Router {
    with_api_layers(routes.fallback(|| async { ApiError::route_not_found() }), state)
}

/// Like [`serve`], but paths outside `/api` go to `site` (the local gateway
/// serving the static site); unknown `/api` paths still get the JSON 404.
pub fn serve_with_site<S>(routes: Router<AppState>, state: AppState, site: S) -> Router
where
    S: tower::Service<axum::extract::Request, Error = std::convert::Infallible> + Clone + Send + Sync + 'static,
    S::Response: axum::response::IntoResponse,
    S::Future: Send + 'static,
{
    let routes = routes
        .route("/api", axum::routing::any(|| async { ApiError::route_not_found() }))
        .route("/api/{*path}", axum::routing::any(|| async { ApiError::route_not_found() }))
        .fallback_service(site);
    with_api_layers(routes, state)
}

fn with_api_layers(routes: Router<AppState>, state: AppState) -> Router {
    // One stack around the whole router, outermost first: `Router::layer`
    // re-wraps every route and method, which showed in cold starts.
    let layers = tower::ServiceBuilder::new()
        // A bug must still answer in the API's format, not drop the connection.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            tracing::error!("handler panicked");
            axum::response::IntoResponse::into_response(ApiError::internal())
        }))
        .layer(TraceLayer::new_for_http())
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        // JSON is never a document: nothing in it may run, load or be framed.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let routes = routes.method_not_allowed_fallback(|| async { ApiError::method_not_allowed() }).with_state(state);
    Router::new().fallback_service(layers.service(routes))
}
