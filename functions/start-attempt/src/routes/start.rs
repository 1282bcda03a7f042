//! `POST /api/contests/{cid}/rounds/{rid}/attempts`: 201 with a new attempt,
//! or 200 with the attempt already in progress. Never two at once.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::attempt::{draw_questions, Answers};
use contest_domain::contest::RoundStatus;
use contest_domain::{ContestId, DomainError, RoundId};
use contest_store::attempts::{AttemptRecord, StartRejection};
use http_common::attempts::close_attempt;
use http_common::{ApiError, ApiPath, AppState, ParticipantAuth};
use serde_json::Value;

use crate::view::attempt_view;

/// Each retry follows a lost race or the closing of an expired attempt.
const MAX_TRIES: usize = 4;

pub async fn handle(
    State(state): State<AppState>,
    auth: ParticipantAuth,
    ApiPath((cid, rid)): ApiPath<(String, String)>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let cid = ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.contest(&cid).await?;
    auth.require_contest(&contest.id)?;
    let rid = RoundId::parse(rid).map_err(|_| ApiError::round_not_found())?;
    let round = contest.round(&rid).ok_or_else(ApiError::round_not_found)?;
    let bank = state.question_bank(&contest.id).await?;
    let count = contest.limits.questions_per_attempt as usize;

    for _ in 0..MAX_TRIES {
        let now = state.clock.now();
        match round.status_at(now) {
            RoundStatus::Open => {}
            RoundStatus::Upcoming => return Err(DomainError::RoundNotOpenYet.into()),
            RoundStatus::Closed => return Err(DomainError::RoundClosed.into()),
        }
        let questions = draw_questions(&bank, count, &mut rand::rng())?;
        let record = AttemptRecord::start(&contest, auth.participant_id.clone(), round.id.clone(), questions, now);
        let rejection = match state.store.start_attempt(&record, contest.limits.max_attempts_per_round).await? {
            Ok(()) => {
                tracing::info!(attempt = %record.attempt_id, round = %round.id, "attempt started");
                return Ok((StatusCode::CREATED, Json(attempt_view(&record, now))));
            }
            Err(rejection) => rejection,
        };
        match rejection {
            StartRejection::AttemptInProgress(aid, closes_at_ms) if closes_at_ms < now.timestamp_millis() => {
                // Abandoned past its deadline: close it with what was saved,
                // then the participant may start afresh.
                close_attempt(&state, &contest, &auth.participant_id, &aid, &Answers::new(), None).await?;
            }
            StartRejection::AttemptInProgress(aid, _) => {
                let attempt = state
                    .store
                    .get_attempt(&contest.id, &auth.participant_id, &aid)
                    .await?
                    .ok_or_else(ApiError::attempt_not_found)?;
                return Ok((StatusCode::OK, Json(attempt_view(&attempt, now))));
            }
            StartRejection::LimitReached => {
                return Err(DomainError::AttemptLimitReached { max: contest.limits.max_attempts_per_round }.into())
            }
            StartRejection::Barred => {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "PARTICIPANT_BARRED",
                    "Tài khoản này không được tham gia dự thi (thành viên Ban Tổ chức hoặc tổ soạn thảo câu hỏi).",
                ))
            }
            StartRejection::NotRegistered => return Err(ApiError::unauthenticated()),
            StartRejection::Contended => {}
        }
    }
    Err(ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "BUSY_RETRY",
        "Hệ thống đang bận. Vui lòng bấm bắt đầu lại sau giây lát.",
    ))
}
