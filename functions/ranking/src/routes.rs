//! The ranking function's handlers.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::{ContestId, RoundId};
use contest_usecases::rankings::{self, Health, Leaderboard, OrganizationStandings, PublicWinners};
use http_common::{ApiError, ApiQuery, AppState, Ids};
use serde::Deserialize;

http_common::api_errors!(HealthErrors: Internal, StoreUnavailable);

/// 200 once the table answers.
#[utoipa::path(get, path = "/api/health", tag = "ranking", operation_id = "health", security(()),
    responses((status = 200, description = "The table answers.", body = Health), HealthErrors))]
pub async fn health(State(app): State<AppState>) -> Result<Json<Health>, ApiError> {
    Ok(Json(rankings::health(&app).await?))
}

/// The API's description, generated from the code (`api/openapi.json`).
const DOCUMENT: &str = include_str!("../../../api/openapi.json");

/// This document.
#[utoipa::path(get, path = "/api/openapi.json", tag = "ranking", operation_id = "openApiDocument", security(()),
    responses((status = 200, description = "The OpenAPI document.", body = Object, content_type = "application/json")))]
pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], DOCUMENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LeaderboardQuery {
    /// How many entries, 1 to 200 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    limit: Option<String>,
}

http_common::api_errors!(LeaderboardErrors: InvalidLimit, InvalidQuery, ContestNotFound, RoundNotFound, Internal, StoreUnavailable, NotFound);

/// Each participant's best attempt in the round, best first: names and
/// organizations only.
#[utoipa::path(get, path = "/api/contests/{cid}/rounds/{rid}/leaderboard", tag = "ranking", operation_id = "roundLeaderboard",
    params(("cid" = ContestId, Path, description = "Contest id."), ("rid" = RoundId, Path, description = "Round id."), LeaderboardQuery),
    security(()),
    responses((status = 200, description = "The leaderboard.", body = Leaderboard), LeaderboardErrors))]
pub async fn leaderboard(
    State(app): State<AppState>,
    Ids((cid, rid)): Ids<(ContestId, RoundId)>,
    ApiQuery(query): ApiQuery<LeaderboardQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let limit = rankings::parse_limit(query.limit.as_deref())?;
    let leaderboard = rankings::leaderboard(&app, &cid, &rid, limit).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=5")], Json(leaderboard)))
}

http_common::api_errors!(OrganizationsErrors: ContestNotFound, Internal, StoreUnavailable, NotFound);

/// Participation rate (participants with a finished attempt ÷ headcount),
/// then who got there first.
#[utoipa::path(get, path = "/api/contests/{cid}/organizations/leaderboard", tag = "ranking", operation_id = "organizationsLeaderboard",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(()),
    responses((status = 200, description = "The organizations' ranking.", body = OrganizationStandings), OrganizationsErrors))]
pub async fn organizations(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
) -> Result<impl IntoResponse, ApiError> {
    let standings = rankings::organizations(&app, &cid).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=5")], Json(standings)))
}

http_common::api_errors!(WinnersErrors: ContestNotFound, RoundNotFound, Internal, StoreUnavailable, NotFound);

/// A round's prize winners, once the organizers have published them.
#[utoipa::path(get, path = "/api/contests/{cid}/rounds/{rid}/winners", tag = "ranking", operation_id = "roundWinners",
    params(("cid" = ContestId, Path, description = "Contest id."), ("rid" = RoundId, Path, description = "Round id.")),
    security(()),
    responses((status = 200, description = "The published winners (empty until published).", body = PublicWinners), WinnersErrors))]
pub async fn winners(
    State(app): State<AppState>,
    Ids((cid, rid)): Ids<(ContestId, RoundId)>,
) -> Result<impl IntoResponse, ApiError> {
    let winners = rankings::published_winners(&app, &cid, &rid).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=30")], Json(winners)))
}

http_common::api_errors!(AnnouncementsErrors: ContestNotFound, Internal, StoreUnavailable, NotFound);

/// The committee's published announcements, newest first.
#[utoipa::path(get, path = "/api/contests/{cid}/announcements", tag = "ranking", operation_id = "announcements",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(()),
    responses((status = 200, description = "Published announcements.",
        body = contest_usecases::organizer::announcements::AnnouncementList), AnnouncementsErrors))]
pub async fn announcements(State(app): State<AppState>, Ids(cid): Ids<ContestId>) -> Result<impl IntoResponse, ApiError> {
    let list = contest_usecases::organizer::announcements::published(&app, &cid).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=30")], Json(list)))
}
