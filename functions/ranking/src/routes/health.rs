//! `GET /api/health`: 200 once the table answers.

use axum::extract::State;
use axum::Json;
use http_common::{ApiError, AppState};
use serde_json::{json, Value};

pub async fn handle(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(json!({ "status": "ok" })))
}
