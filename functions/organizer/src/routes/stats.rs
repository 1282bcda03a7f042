//! `GET /api/admin/contests/{cid}/stats`: live statistics for the charts.

use axum::extract::State;
use axum::Json;
use contest_domain::time::format_vietnam;
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn get(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (cid, contest) = super::fresh_contest(&state, &cid).await?;
    let now = state.clock.now();
    let attempts = state.store.contest_attempts(&cid).await?;
    let stats = crate::stats::statistics(&contest, &attempts, now);
    let organizations: Vec<_> = crate::results::organization_standings(&state, &contest)
        .await?
        .iter()
        .map(|t| {
            json!({
                "organization_id": t.organization_id,
                "name": t.name,
                "participants": t.participants,
                "headcount": t.headcount,
                "participation_rate": (t.participation_rate() * 10_000.0).round() / 10_000.0,
            })
        })
        .collect();
    let mut body = json!(stats);
    body["organizations"] = json!(organizations);
    body["server_time"] = json!(format_vietnam(now));
    Ok(Json(body))
}
