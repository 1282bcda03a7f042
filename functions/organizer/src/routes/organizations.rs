//! `GET /api/admin/contests/{cid}/organizations/ranking`: the collective
//! ranking as the plan awards it, with the prizes members won.

use axum::extract::State;
use axum::Json;
use contest_domain::time::format_vietnam;
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn ranking(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (_, contest) = super::fresh_contest(&state, &cid).await?;
    let standings = crate::results::organization_standings(&state, &contest).await?;
    let entries: Vec<_> = standings
        .iter()
        .enumerate()
        .map(|(index, t)| {
            json!({
                "rank": index + 1,
                "organization_id": t.organization_id,
                "name": t.name,
                "participants": t.participants,
                "headcount": t.headcount,
                "participation_rate": (t.participation_rate() * 10_000.0).round() / 10_000.0,
                "reached_at": t.reached_at.map(format_vietnam),
                "prizes": t.prizes,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })))
}
