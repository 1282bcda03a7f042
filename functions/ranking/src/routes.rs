//! The ranking function's handlers.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::{ContestId, RoundId};
use contest_usecases::organizer::paperwork;
use contest_usecases::rankings::{self, Health, Leaderboard, OrganizationStandings, PublicWinners};
use http_common::{ApiError, ApiQuery, AppState, Ids, ParticipantAuth};
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
pub async fn announcements(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
) -> Result<impl IntoResponse, ApiError> {
    let list = contest_usecases::organizer::announcements::published(&app, &cid).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=30")], Json(list)))
}

http_common::api_errors!(VerifyErrors: CertificateNotFound, NotFound, Internal, StoreUnavailable);

/// What a certificate's code attests (the QR on it leads here through
/// `/?verify=CODE`): anyone can check a certificate. 404 for any other code.
#[utoipa::path(get, path = "/api/verify/{code}", tag = "ranking", operation_id = "verifyCertificate",
    params(("code" = String, Path, description = "The certificate's 16-character code (dashes optional).")), security(()),
    responses((status = 200, description = "The certificate.", body = paperwork::VerifiedCertificate), VerifyErrors))]
pub async fn verify(State(app): State<AppState>, Ids(code): Ids<String>) -> Result<impl IntoResponse, ApiError> {
    let verified = paperwork::verify(&app, &code).await?;
    Ok(([(header::CACHE_CONTROL, "public, max-age=300")], Json(verified)))
}

http_common::api_errors!(UnitErrors: FollowUpLinkNotFound, NotFound, Internal, StoreUnavailable);

/// A unit's follow-up through its secret link, for the unit head without an
/// account: participation per round and who has not taken part, names only.
#[utoipa::path(get, path = "/api/units/{token}", tag = "ranking", operation_id = "unitFollowUp",
    params(("token" = String, Path, description = "The unit's secret token (32 hex digits).")), security(()),
    responses((status = 200, description = "The unit's follow-up.", body = paperwork::UnitFollowUp), UnitErrors))]
pub async fn unit(State(app): State<AppState>, Ids(token): Ids<String>) -> Result<impl IntoResponse, ApiError> {
    let follow_up = paperwork::unit_follow_up(&app, &token).await?;
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Json(follow_up)))
}

http_common::api_errors!(MyCertificatesErrors: Unauthenticated, ContestNotFound, NoCertificates, NotFound, Internal, StoreUnavailable);

/// The participant's own certificates as one PDF: their prizes in published
/// rounds, and participation when the contest gives it. 409
/// `NO_CERTIFICATES` while there is none.
#[utoipa::path(get, path = "/api/contests/{cid}/me/certificates", tag = "ranking", operation_id = "myCertificates",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(("participantToken" = [])),
    responses((status = 200, description = "The PDF.", content_type = "application/pdf", body = Vec<u8>), MyCertificatesErrors))]
pub async fn my_certificates(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<impl IntoResponse, ApiError> {
    let pdf = paperwork::my_certificates(&app, &who, &cid).await?.ok_or(contest_usecases::Error::NoCertificates)?;
    let disposition = format!("attachment; filename=\"giay-chung-nhan-{cid}.pdf\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    ))
}
