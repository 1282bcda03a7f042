//! Organizer function: everything the organizing committee does, under
//! `/api/admin`, for organizer tokens only. Also home of the round-closing
//! job, which the schedule (AWS) or a timer (local gateway) runs.

pub mod jobs;
pub mod results;
pub mod stats;
mod routes;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;
use http_common::AppState;

/// Spreadsheets are larger than any participant request; still well under
/// Lambda's 6 MB payload limit.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    use routes::*;
    Router::new()
        .route("/api/admin/login", post(login::handle))
        .route("/api/admin/contests", get(contests::list))
        .route("/api/admin/contests/{cid}", get(contests::get).put(contests::update))
        .route("/api/admin/contests/{cid}/questions", get(questions::list))
        .route(
            "/api/admin/contests/{cid}/questions/import",
            post(questions::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/api/admin/contests/{cid}/questions/{qid}", put(questions::update))
        .route("/api/admin/contests/{cid}/exclusions", get(exclusions::get).put(exclusions::update))
        .route("/api/admin/contests/{cid}/winners", get(winners::get))
        .route("/api/admin/contests/{cid}/winners/publish", post(winners::publish))
        .route("/api/admin/contests/{cid}/organizations/ranking", get(organizations::ranking))
        .route("/api/admin/contests/{cid}/exports", get(exports::list).post(exports::create))
        .route("/api/admin/contests/{cid}/audit", get(audit::list))
        .route("/api/admin/contests/{cid}/stats", get(stats::get))
        .route("/api/admin/contests/{cid}/organizations/{oid}", put(organizations::update))
        .route(
            "/api/admin/contests/{cid}/organizations/import",
            post(organizations::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        )
        .route("/api/admin/jobs/close-rounds", post(jobs_route::run))
}

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
