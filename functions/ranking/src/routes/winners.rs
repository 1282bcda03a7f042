//! `GET /api/contests/{cid}/rounds/{rid}/winners`: a round's prize winners,
//! once the organizers have published them. Names and organizations only.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::{ContestId, RoundId};
use http_common::{ApiError, ApiPath, AppState};
use serde_json::json;

pub async fn handle(State(state): State<AppState>, ApiPath((cid, rid)): ApiPath<(String, String)>) -> Result<impl IntoResponse, ApiError> {
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    let rid = RoundId::parse(rid).map_err(|_| ApiError::round_not_found())?;
    let round = contest.round(&rid).ok_or_else(ApiError::round_not_found)?;
    let published = state
        .store
        .all_winners(&contest.id)
        .await?
        .into_iter()
        .find(|(id, stored)| id == &round.id && stored.published)
        .map(|(_, stored)| stored);
    let winners: Vec<_> = published
        .iter()
        .flat_map(|stored| &stored.winners)
        .map(|w| {
            json!({
                "rank": w.rank,
                "prize": w.prize,
                "prize_label": w.prize.label(),
                "name": w.candidate.full_name,
                "organization": w.candidate.organization_name,
                "score": w.candidate.score,
                "total": w.candidate.total,
                "duration_ms": w.candidate.duration_ms,
            })
        })
        .collect();
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=30")],
        Json(json!({ "round_id": round.id, "published": published.is_some(), "winners": winners })),
    ))
}
