//! `GET /api/contests/{cid}/organizations/leaderboard`: participation rate
//! (participants with a finished attempt / headcount), then who got there first.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::ranking::{rank_organizations, OrganizationTally};
use contest_domain::time::format_vietnam;
use contest_domain::ContestId;
use http_common::{ApiError, ApiPath, AppState};
use serde_json::json;
use std::collections::HashMap;

pub async fn handle(State(state): State<AppState>, ApiPath(cid): ApiPath<String>) -> Result<impl IntoResponse, ApiError> {
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    let counts: HashMap<_, _> = state
        .store
        .organization_counts(&contest.id)
        .await?
        .into_iter()
        .map(|count| (count.organization_id.clone(), count))
        .collect();
    // The contest's own list decides which organizations rank; a tally left
    // from an organization since removed from the contest is ignored.
    let tallies = contest
        .organizations
        .iter()
        .map(|org| {
            let count = counts.get(&org.id);
            OrganizationTally {
                organization_id: org.id.clone(),
                name: org.name.clone(),
                headcount: org.headcount,
                participants: count.map_or(0, |c| c.participants),
                reached_at: count.and_then(|c| c.reached_at_ms).and_then(contest_domain::time::from_millis),
                prizes: Default::default(),
            }
        })
        .collect();
    let entries: Vec<_> = rank_organizations(tallies)
        .iter()
        .enumerate()
        .map(|(index, tally)| {
            json!({
                "rank": index + 1,
                "organization_id": tally.organization_id,
                "name": tally.name,
                "participants": tally.participants,
                "headcount": tally.headcount,
                "participation_rate": (tally.participation_rate() * 10_000.0).round() / 10_000.0,
                "reached_at": tally.reached_at.map(format_vietnam),
            })
        })
        .collect();
    Ok(([(header::CACHE_CONTROL, "public, max-age=5")], Json(json!({ "entries": entries }))))
}
