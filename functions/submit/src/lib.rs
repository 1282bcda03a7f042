//! Submit function: autosaves answers and closes attempts with their score.

mod routes;

use axum::routing::{post, put};
use axum::Router;
use http_common::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/contests/{cid}/attempts/{aid}/answers", put(routes::save_answers::handle))
        .route("/api/contests/{cid}/attempts/{aid}/submit", post(routes::submit::handle))
}

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
