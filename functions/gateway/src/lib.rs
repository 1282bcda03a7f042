//! The local gateway: every function's routes on one port, at exactly the
//! paths API Gateway serves them, and the static site at `/`.

use axum::Router;
use http_common::AppState;
use std::path::Path;
use tower_http::services::ServeDir;

/// All API routes of all functions, as one router.
pub fn api_routes() -> Router<AppState> {
    registration::routes()
        .merge(start_attempt::routes())
        .merge(submit::routes())
        .merge(ranking::routes())
}

pub fn app(state: AppState, static_dir: &Path) -> Router {
    let site = ServeDir::new(static_dir).append_index_html_on_directories(true);
    http_common::serve_with_site(api_routes(), state, site)
}
