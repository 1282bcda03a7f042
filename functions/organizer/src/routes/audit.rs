//! `GET /api/admin/contests/{cid}/audit`: who changed what, newest first.

use axum::extract::State;
use axum::Json;
use contest_domain::time::format_vietnam;
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn list(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    let entries: Vec<_> = state
        .store
        .audit_log(&cid, 200)
        .await?
        .into_iter()
        .map(|entry| {
            json!({
                "at": contest_domain::time::from_millis(entry.at_ms).map(format_vietnam),
                "who": entry.who,
                "action": entry.action,
                "detail": entry.detail,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })))
}
