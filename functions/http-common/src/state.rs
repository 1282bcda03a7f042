use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::extract::MAX_BODY_BYTES;
use crate::ApiError;

/// Every handler's state: the application, built once per process (per
/// Lambda container) and shared by every request.
pub type AppState = contest_usecases::App;

/// The header CloudFront adds to every request it sends the API, carrying
/// the origin secret (`/<stack>/origin-secret` in SSM, resolved into the
/// distribution and into the functions' `ORIGIN_SECRET` at deployment).
pub const ORIGIN_HEADER: &str = "x-origin-verify";

/// Turns a Lambda function's routes into a service: the JSON 404/405, the
/// body limit, request tracing and headers every API response carries, and
/// the CDN check: in Lambda, a request without CloudFront's origin header
/// (someone calling the execute-api endpoint directly) is answered 403.
pub fn serve(routes: Router<AppState>, state: AppState) -> Router {
    let router = with_api_layers(routes.fallback(|| async { ApiError::route_not_found() }), state);
    match OriginCheck::from_env() {
        Some(check) => with_origin_check(router, check),
        None => router,
    }
}

/// [`serve`] with the CDN check and the given secret, whatever the
/// environment says (for tests).
pub fn serve_behind_cdn(routes: Router<AppState>, state: AppState, secret: &str) -> Router {
    let router = with_api_layers(routes.fallback(|| async { ApiError::route_not_found() }), state);
    with_origin_check(router, OriginCheck { secret: Some(secret.into()) })
}

fn with_origin_check(router: Router, check: OriginCheck) -> Router {
    router.layer(axum::middleware::from_fn(move |request, next| {
        let check = check.clone();
        async move { check.run(request, next).await }
    }))
}

/// Whether a request came through the CDN. Configured by `ORIGIN_SECRET`;
/// in Lambda without it, every request is refused (fail closed). Outside
/// Lambda (the local gateway, tests) there is no CDN and no check.
#[derive(Clone)]
struct OriginCheck {
    secret: Option<std::sync::Arc<str>>,
}

impl OriginCheck {
    fn from_env() -> Option<Self> {
        let secret = std::env::var("ORIGIN_SECRET").ok().filter(|s| !s.is_empty());
        let in_lambda = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some();
        match (secret, in_lambda) {
            (Some(secret), _) => Some(Self { secret: Some(secret.into()) }),
            (None, true) => {
                tracing::error!("ORIGIN_SECRET is not set: every request is refused");
                Some(Self { secret: None })
            }
            (None, false) => None,
        }
    }

    fn allows(&self, headers: &axum::http::HeaderMap) -> bool {
        let Some(secret) = self.secret.as_deref() else { return false };
        let given = headers.get(ORIGIN_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
        // Constant time in the secret's content.
        given.len() == secret.len() && given.iter().zip(secret.as_bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }

    async fn run(&self, request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
        if self.allows(request.headers()) {
            next.run(request).await
        } else {
            axum::response::IntoResponse::into_response(ApiError::from(contest_usecases::Error::Forbidden(
                contest_usecases::Denied::NotThroughCdn,
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_header_must_carry_the_secret() {
        let check = OriginCheck { secret: Some("bi-mat-cdn".into()) };
        let mut headers = axum::http::HeaderMap::new();
        assert!(!check.allows(&headers));
        headers.insert(ORIGIN_HEADER, HeaderValue::from_static("bi-mat-khac"));
        assert!(!check.allows(&headers));
        headers.insert(ORIGIN_HEADER, HeaderValue::from_static("bi-mat-cdn"));
        assert!(check.allows(&headers));
        assert!(!OriginCheck { secret: None }.allows(&headers), "no secret configured: nothing passes");
    }
}

/// Like [`serve`], but paths outside `/api` go to `site` (the local gateway
/// serving the static site); unknown `/api` paths still get the JSON 404.
/// No CDN check: the local gateway has no CDN in front of it.
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
