//! `POST /api/admin/jobs/close-rounds`: runs the round-closing job now, for
//! an organizer who does not want to wait for the next scheduled run. Like
//! the schedule, it covers every contest of the deployment.

use axum::extract::State;
use axum::Json;
use http_common::{ApiError, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn run(State(state): State<AppState>, auth: OrganizerAuth) -> Result<Json<Value>, ApiError> {
    let report = crate::jobs::run_closing_job(&state, state.clock.now(), &auth.username).await?;
    tracing::info!(organizer = %auth.username, ?report, "closing job run by hand");
    Ok(Json(json!(report)))
}
