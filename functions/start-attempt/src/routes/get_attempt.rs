//! `GET /api/contests/{cid}/attempts/{aid}`: the attempt with its saved
//! answers, for resuming after a reload or on another device. An attempt
//! left open past its deadline is closed here with what was saved in time.

use axum::extract::State;
use axum::Json;
use contest_domain::attempt::Answers;
use contest_domain::{AttemptId, ContestId};
use http_common::attempts::close_attempt;
use http_common::{ApiError, ApiPath, AppState, ParticipantAuth};
use serde_json::Value;

use crate::view::attempt_view;

pub async fn handle(
    State(state): State<AppState>,
    auth: ParticipantAuth,
    ApiPath((cid, aid)): ApiPath<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    auth.require_contest(&contest.id)?;
    let aid = AttemptId::parse(aid).map_err(|_| ApiError::attempt_not_found())?;
    let mut attempt = state
        .store
        .get_attempt(&contest.id, &auth.participant_id, &aid)
        .await?
        .ok_or_else(ApiError::attempt_not_found)?;
    let now = state.clock.now();
    if !attempt.status.is_finished() && !attempt.clock.accepts_answers_at(now) {
        attempt = close_attempt(&state, &contest, &auth.participant_id, &aid, &Answers::new(), None).await?;
    }
    Ok(Json(attempt_view(&attempt, now)))
}
