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
