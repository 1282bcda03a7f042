//! `GET /api/contests/{cid}/rounds/{rid}/leaderboard?limit=50`: each
//! participant's best attempt in the round, from one Query on the ranking
//! index. Names and organizations only: no phone or other personal data.

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contest_domain::{ContestId, RoundId};
use contest_store::rankings::LeaderboardRow;
use http_common::{ApiError, ApiPath, AppState};
use serde::Serialize;

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
) -> Result<Response, ApiError> {
    let limit = parse_limit(query.as_deref())?;
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    let rid = RoundId::parse(rid).map_err(|_| ApiError::round_not_found())?;
    let round = contest.round(&rid).ok_or_else(ApiError::round_not_found)?;
    let rows = state.store.leaderboard(&contest.id, &round.id, contest.leaderboard_shards, limit).await?;
    let entries = rows.iter().zip(1..).map(|(row, rank)| Entry::new(rank, row)).collect();
    let body = Json(Leaderboard { round_id: &round.id, entries });
    Ok(([(header::CACHE_CONTROL, "public, max-age=5")], body).into_response())
}

/// Borrowed from the stored rows, serialized as they are read.
#[derive(Serialize)]
struct Leaderboard<'a> {
    round_id: &'a RoundId,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rank: usize,
    participant_id: &'a str,
    name: &'a str,
    organization: &'a str,
    organization_id: &'a str,
    score: u32,
    total: u32,
    duration_ms: i64,
}

impl<'a> Entry<'a> {
    fn new(rank: usize, row: &'a LeaderboardRow) -> Self {
        Entry {
            rank,
            participant_id: &row.participant_id,
            name: &row.full_name,
            organization: &row.organization_name,
            organization_id: &row.organization_id,
            score: row.score,
            total: row.total,
            duration_ms: row.duration_ms,
        }
    }
}
