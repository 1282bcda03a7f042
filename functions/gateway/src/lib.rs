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
        .merge(organizer::routes())
}

/// Runs the round-closing job every `period`, as the schedule does in AWS.
pub fn spawn_closing_job(state: AppState, period: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(err) = organizer::jobs::run_closing_job(&state, state.clock.now(), organizer::jobs::SCHEDULE_ACTOR).await {
                tracing::warn!(code = err.code, message = %err.message, "round-closing job failed; retrying next tick");
            }
        }
    })
}

pub fn app(state: AppState, static_dir: &Path) -> Router {
    let site = ServeDir::new(static_dir).append_index_html_on_directories(true);
    http_common::serve_with_site(api_routes(), state, site)
}
