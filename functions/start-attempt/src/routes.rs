//! The start-attempt function's handlers.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::{AttemptId, ContestId, RoundId};
use contest_usecases::attempts::{self, AttemptView, Started};
use http_common::{ApiError, AppState, Ids, ParticipantAuth};

http_common::api_errors!(StartErrors:
    Unauthenticated, ParticipantBarred, ContestNotFound, RoundNotFound, AttemptNotFound, RoundNotOpen,
    AttemptLimitReached, QuestionBankTooSmall, Internal, BusyRetry, StoreUnavailable, NotFound);

/// Starts an attempt in an open round: 201 with a new attempt, or 200 with
/// the attempt already in progress. Never two at once.
#[utoipa::path(post, path = "/api/contests/{cid}/rounds/{rid}/attempts", tag = "start-attempt",
    operation_id = "startAttempt",
    params(("cid" = ContestId, Path, description = "Contest id."), ("rid" = RoundId, Path, description = "Round id.")),
    security(("participantToken" = [])),
    responses(
        (status = 201, description = "A new attempt.", body = AttemptView),
        (status = 200, description = "The attempt already in progress.", body = AttemptView),
        StartErrors))]
pub async fn start(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids((cid, rid)): Ids<(ContestId, RoundId)>,
) -> Result<(StatusCode, Json<AttemptView>), ApiError> {
    let (started, view) = attempts::start(&app, &who, &cid, &rid).await?;
    let status = match started {
        Started::New => StatusCode::CREATED,
        Started::Resumed => StatusCode::OK,
    };
    Ok((status, Json(view)))
}

http_common::api_errors!(GetAttemptErrors:
    Unauthenticated, ContestNotFound, AttemptNotFound, Internal, BusyRetry, StoreUnavailable, NotFound);

/// The attempt with its saved answers, for resuming after a reload or on
/// another device. An attempt left open past its deadline is closed here
/// with what was saved in time.
#[utoipa::path(get, path = "/api/contests/{cid}/attempts/{aid}", tag = "start-attempt", operation_id = "getAttempt",
    params(("cid" = ContestId, Path, description = "Contest id."),
           ("aid" = AttemptId, Path, description = "Attempt id, as returned when it started.")),
    security(("participantToken" = [])),
    responses((status = 200, description = "The attempt.", body = AttemptView), GetAttemptErrors))]
pub async fn get_attempt(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids((cid, aid)): Ids<(ContestId, AttemptId)>,
) -> Result<Json<AttemptView>, ApiError> {
    Ok(Json(attempts::get(&app, &who, &cid, &aid).await?))
}

http_common::api_errors!(ReviewErrors:
    Unauthenticated, ContestNotFound, AttemptNotFound, ReviewNotYetAvailable, Internal, StoreUnavailable, NotFound);

/// A finished attempt, question by question: the participant's answer, the
/// right one and its source. Available right after a practice attempt, and
/// after a real round closes (409 `REVIEW_NOT_YET_AVAILABLE` before); the
/// key of a question still drawable in a round not yet closed is withheld.
#[utoipa::path(get, path = "/api/contests/{cid}/attempts/{aid}/review", tag = "start-attempt", operation_id = "reviewAttempt",
    params(("cid" = ContestId, Path, description = "Contest id."),
           ("aid" = AttemptId, Path, description = "Attempt id.")),
    security(("participantToken" = [])),
    responses((status = 200, description = "The review.", body = attempts::AttemptReview), ReviewErrors))]
pub async fn review(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids((cid, aid)): Ids<(ContestId, AttemptId)>,
) -> Result<Json<attempts::AttemptReview>, ApiError> {
    Ok(Json(attempts::review(&app, &who, &cid, &aid).await?))
}
