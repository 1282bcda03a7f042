//! Registration function: public contest info, sign-up, log-in and the
//! participant's own overview. The only function holding the signing key.

mod routes;

use axum::routing::{get, post};
use axum::Router;
use http_common::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/contests/{cid}", get(routes::contest_info::handle))
        .route("/api/contests/{cid}/register", post(routes::register::handle))
        .route("/api/contests/{cid}/login", post(routes::login::handle))
        .route("/api/contests/{cid}/me", get(routes::me::handle))
}

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
