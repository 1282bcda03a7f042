//! `POST /api/contests/{cid}/attempts/{aid}/submit`: scores once; repeating
//! it returns the stored result.

use axum::extract::State;
use axum::Json;
use contest_domain::time::format_vietnam;
use contest_domain::DomainError;
use http_common::attempts::close_attempt;
use http_common::{ApiError, ApiPath, AppState, OptionalJson, ParticipantAuth};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SubmitBody {
    #[serde(default)]
    answers: BTreeMap<String, String>,
    #[serde(default)]
    prediction: Option<u32>,
}

pub async fn handle(
    State(state): State<AppState>,
    auth: ParticipantAuth,
    ApiPath((cid, aid)): ApiPath<(String, String)>,
    OptionalJson(body): OptionalJson<SubmitBody>,
) -> Result<Json<Value>, ApiError> {
    let (cid, aid) = super::parse_ids(cid, aid)?;
    let contest = state.contest(&cid).await?;
    auth.require_contest(&contest.id)?;
    if body.prediction.is_some() && contest.prediction_question.is_none() {
        return Err(DomainError::PredictionNotAllowed.into());
    }
    let answers = super::parse_answers(body.answers)?;
    let attempt = close_attempt(
        &state,
        &contest,
        &auth.participant_id,
        &aid,
        &answers,
        body.prediction.map(u64::from),
    )
    .await?;
    let result = attempt.result.as_ref().ok_or_else(ApiError::internal)?;
    Ok(Json(json!({
        "attempt_id": attempt.attempt_id,
        "status": attempt.status,
        "score": result.score,
        "total": result.total,
        "duration_ms": result.duration_ms,
        "submitted_at": format_vietnam(result.finished_at),
        "prediction": result.prediction,
        "server_time": format_vietnam(state.clock.now()),
    })))
}
