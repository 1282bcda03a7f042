//! The submit function's handlers.

use axum::extract::State;
use axum::Json;
use contest_domain::{AttemptId, ContestId};
use contest_usecases::attempts::{self, RawAnswers, Saved, Submitted};
use http_common::{ApiError, ApiJson, AppState, Ids, OptionalJson, ParticipantAuth};
use serde::Deserialize;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveAnswersRequest {
    /// Question id → option id; merged over what is saved.
    #[schema(schema_with = attempts::raw_answers_schema)]
    answers: RawAnswers,
}

http_common::api_errors!(SaveErrors:
    InvalidJson, TooManyAnswers, UnknownQuestion, UnknownOption, Unauthenticated, ContestNotFound, AttemptNotFound,
    AttemptClosed, PayloadTooLarge, Internal, BusyRetry, StoreUnavailable, NotFound);

/// Autosave: merges answers into the attempt with one conditional write.
#[utoipa::path(put, path = "/api/contests/{cid}/attempts/{aid}/answers", tag = "submit", operation_id = "saveAnswers",
    params(("cid" = ContestId, Path, description = "Contest id."),
           ("aid" = AttemptId, Path, description = "Attempt id, as returned when it started.")),
    request_body = SaveAnswersRequest, security(("participantToken" = [])),
    responses((status = 200, description = "Saved.", body = Saved), SaveErrors))]
pub async fn save_answers(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids((cid, aid)): Ids<(ContestId, AttemptId)>,
    ApiJson(body): ApiJson<SaveAnswersRequest>,
) -> Result<Json<Saved>, ApiError> {
    Ok(Json(attempts::save_answers(&app, &who, &cid, &aid, body.answers).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// Answers not yet saved; merged over the saved ones while in time.
    #[serde(default)]
    #[schema(schema_with = attempts::raw_answers_schema)]
    answers: RawAnswers,
    /// The prediction question's answer, when the contest has one.
    #[serde(default)]
    #[schema(maximum = 4294967295_u64)]
    prediction: Option<u32>,
}

http_common::api_errors!(SubmitErrors:
    InvalidJson, TooManyAnswers, UnknownQuestion, UnknownOption, PredictionNotAllowed, Unauthenticated,
    ContestNotFound, AttemptNotFound, PayloadTooLarge, Internal, BusyRetry, StoreUnavailable, NotFound);

/// Submits: scores once; repeating it returns the stored result. The body
/// may be empty.
#[utoipa::path(post, path = "/api/contests/{cid}/attempts/{aid}/submit", tag = "submit", operation_id = "submit",
    params(("cid" = ContestId, Path, description = "Contest id."),
           ("aid" = AttemptId, Path, description = "Attempt id, as returned when it started.")),
    request_body(content = Option<SubmitRequest>, description = "May be empty."), security(("participantToken" = [])),
    responses((status = 200, description = "The result.", body = Submitted), SubmitErrors))]
pub async fn submit(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids((cid, aid)): Ids<(ContestId, AttemptId)>,
    OptionalJson(body): OptionalJson<SubmitRequest>,
) -> Result<Json<Submitted>, ApiError> {
    Ok(Json(attempts::submit(&app, &who, &cid, &aid, body.answers, body.prediction).await?))
}
