//! Start-attempt function: draws an attempt in an open round (or resumes the
//! one in progress) and serves an attempt back to its owner.

mod routes;
pub mod view;

use axum::routing::{get, post};
use axum::Router;
use http_common::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/contests/{cid}/rounds/{rid}/attempts", post(routes::start::handle))
        .route("/api/contests/{cid}/attempts/{aid}", get(routes::get_attempt::handle))
}

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
