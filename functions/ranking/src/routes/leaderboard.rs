//! `GET /api/contests/{cid}/rounds/{rid}/leaderboard?limit=50`: each
//! participant's best attempt in the round, from one Query on the ranking
//! index. Names and organizations only: no phone or other personal data.

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::{ContestId, RoundId};
use http_common::{ApiError, ApiPath, AppState};
use serde_json::json;

const DEFAULT_LIMIT: i32 = 50;
const MAX_LIMIT: i32 = 200;

fn parse_limit(query: Option<&str>) -> Result<i32, ApiError> {
    let raw_limit = query.unwrap_or_default().split('&').find_map(|pair| pair.strip_prefix("limit="));
    match raw_limit {
        None => Ok(DEFAULT_LIMIT),
        Some(raw) => raw.parse::<i32>().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
            ApiError::new(StatusCode::BAD_REQUEST, "INVALID_LIMIT", format!("Tham số limit phải là số từ 1 đến {MAX_LIMIT}."))
        }),
    }
}

pub async fn handle(
    State(state): State<AppState>,
    ApiPath((cid, rid)): ApiPath<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<impl IntoResponse, ApiError> {
    let limit = parse_limit(query.as_deref())?;
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    let rid = RoundId::parse(rid).map_err(|_| ApiError::round_not_found())?;
    let round = contest.round(&rid).ok_or_else(ApiError::round_not_found)?;
    let rows = state.store.leaderboard(&contest.id, &round.id, contest.leaderboard_shards, limit).await?;
    let entries: Vec<_> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            json!({
                "rank": index + 1,
                "participant_id": row.participant_id,
                "name": row.full_name,
                "organization": row.organization_name,
                "organization_id": row.organization_id,
                "score": row.score,
                "total": row.total,
                "duration_ms": row.duration_ms,
            })
        })
        .collect();
    Ok(([(header::CACHE_CONTROL, "public, max-age=5")], Json(json!({ "round_id": round.id, "entries": entries }))))
}
