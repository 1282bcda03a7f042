//! `PUT /api/contests/{cid}/attempts/{aid}/answers`: merge-save with one
//! conditional write. Only when the write is refused is the attempt read,
//! to tell the client why.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::attempt::validate_answers;
use contest_domain::time::format_vietnam;
use contest_domain::DomainError;
use http_common::{ApiError, ApiJson, ApiPath, AppState, ParticipantAuth};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    answers: BTreeMap<String, String>,
}

pub async fn handle(
    State(state): State<AppState>,
    auth: ParticipantAuth,
    ApiPath((cid, aid)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<SaveBody>,
) -> Result<Json<Value>, ApiError> {
    let (cid, aid) = super::parse_ids(cid, aid)?;
    auth.require_contest(&cid)?;
    let answers = super::parse_answers(body.answers)?;
    let now = state.clock.now();
    let saved = answers.is_empty()
        || state.store.save_answers(&cid, &auth.participant_id, &aid, &answers, now).await?;
    if saved {
        return Ok(Json(json!({ "saved": answers.len(), "server_time": format_vietnam(now) })));
    }
    let attempt = state
        .store
        .get_attempt(&cid, &auth.participant_id, &aid)
        .await?
        .ok_or_else(ApiError::attempt_not_found)?;
    if attempt.status.is_finished() || !attempt.clock.accepts_answers_at(now) {
        return Err(DomainError::AttemptClosed.into());
    }
    validate_answers(&attempt.questions, &answers)?;
    // Valid, open, yet refused: the attempt changed under us (a submit won
    // the race); the client retries and then learns the final state.
    Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "BUSY_RETRY", "Hệ thống đang bận, vui lòng thử lại."))
}
