//! `GET /api/contests/{cid}/organizations/leaderboard`: participation rate
//! (participants with a finished attempt / headcount), then who got there first.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contest_domain::ranking::{rank_contest_organizations, OrganizationTally};
use contest_domain::time::format_vietnam;
use contest_domain::{ContestId, OrganizationId};
use http_common::{ApiError, ApiPath, AppState};
use serde::Serialize;
use std::collections::HashMap;

pub async fn handle(State(state): State<AppState>, ApiPath(cid): ApiPath<String>) -> Result<Response, ApiError> {
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    let counts = state.store.organization_counts(&contest.id).await?;
    // The public ranking stops at participation and time; prizes count in
    // the committee's collective ranking once rounds are decided.
    let ranked = rank_contest_organizations(&contest, &counts, &HashMap::new());
    let entries = ranked.iter().zip(1..).map(|(tally, rank)| Entry::new(rank, tally)).collect();
    Ok(([(header::CACHE_CONTROL, "public, max-age=5")], Json(Standings { entries })).into_response())
}

#[derive(Serialize)]
struct Standings<'a> {
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    rank: usize,
    organization_id: &'a OrganizationId,
    name: &'a str,
    participants: u32,
    headcount: u32,
    participation_rate: f64,
    reached_at: Option<String>,
}

impl<'a> Entry<'a> {
    fn new(rank: usize, tally: &'a OrganizationTally) -> Self {
        Entry {
            rank,
            organization_id: &tally.organization_id,
            name: &tally.name,
            participants: tally.participants,
            headcount: tally.headcount,
            participation_rate: (tally.participation_rate() * 10_000.0).round() / 10_000.0,
            reached_at: tally.reached_at.map(format_vietnam),
        }
    }
}
