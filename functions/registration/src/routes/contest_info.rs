//! `GET /api/contests/{cid}`: what anyone may read about a contest.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use contest_domain::contest::{Contest, Organization, Round, RoundStatus};
use contest_domain::time::format_vietnam;
use contest_domain::{ContestId, OrganizationId, RoundId};
use http_common::{ApiError, ApiPath, AppState};
use serde::Serialize;

/// Borrows from the cached contest: the page's first request is often a
/// container's first, and copying the rules and organization names into a
/// `serde_json::Value` first was a measurable part of it.
#[derive(Serialize)]
struct ContestInfo<'a> {
    id: &'a ContestId,
    title: &'a str,
    description: &'a str,
    rules: &'a str,
    time_limit_seconds: u32,
    grace_seconds: u32,
    questions_per_attempt: u32,
    max_attempts_per_round: u32,
    prediction_question: Option<&'a str>,
    rounds: Vec<RoundInfo<'a>>,
    organizations: Vec<OrganizationInfo<'a>>,
    server_time: String,
}

#[derive(Serialize)]
struct RoundInfo<'a> {
    id: &'a RoundId,
    name: &'a str,
    opens_at: String,
    closes_at: String,
    status: RoundStatus,
}

#[derive(Serialize)]
struct OrganizationInfo<'a> {
    id: &'a OrganizationId,
    name: &'a str,
    group: &'a str,
}

pub async fn handle(State(state): State<AppState>, ApiPath(cid): ApiPath<String>) -> Result<Response, ApiError> {
    let contest = state.contest(&super::parse_contest_id(&cid)?).await?;
    let body = Json(contest_info(&contest, state.clock.now()));
    // Short enough that a round's status flips on time for every reader.
    Ok(([(header::CACHE_CONTROL, "public, max-age=15")], body).into_response())
}

fn contest_info(contest: &Contest, now: DateTime<Utc>) -> ContestInfo<'_> {
    ContestInfo {
        id: &contest.id,
        title: &contest.title,
        description: &contest.description,
        rules: &contest.rules,
        time_limit_seconds: contest.limits.time_limit_seconds,
        grace_seconds: contest.limits.grace_seconds,
        questions_per_attempt: contest.limits.questions_per_attempt,
        max_attempts_per_round: contest.limits.max_attempts_per_round,
        prediction_question: contest.prediction_question.as_deref(),
        rounds: contest.rounds.iter().map(|round| round_info(round, now)).collect(),
        organizations: contest.organizations.iter().map(organization_info).collect(),
        server_time: format_vietnam(now),
    }
}

fn round_info(round: &Round, now: DateTime<Utc>) -> RoundInfo<'_> {
    RoundInfo {
        id: &round.id,
        name: &round.name,
        opens_at: format_vietnam(round.opens_at.to_utc()),
        closes_at: format_vietnam(round.closes_at.to_utc()),
        status: round.status_at(now),
    }
}

fn organization_info(org: &Organization) -> OrganizationInfo<'_> {
    OrganizationInfo { id: &org.id, name: &org.name, group: &org.group }
}
