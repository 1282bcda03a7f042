//! Ranking function: the round leaderboard, the organizations' participation
//! ranking, published winners, and the health check.

mod routes;

use axum::routing::get;
use axum::Router;
use http_common::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/health", get(routes::health::handle))
        .route("/api/contests/{cid}/rounds/{rid}/leaderboard", get(routes::leaderboard::handle))
        .route("/api/contests/{cid}/organizations/leaderboard", get(routes::organizations::handle))
        .route("/api/contests/{cid}/rounds/{rid}/winners", get(routes::winners::handle))
}

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
