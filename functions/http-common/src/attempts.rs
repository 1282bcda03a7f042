//! Closing an attempt, shared by the submit function (a participant submits)
//! and the start-attempt function (an abandoned attempt past its deadline
//! must be closed before the next one starts).

use contest_domain::attempt::{finish, validate_answers, Answers};
use contest_domain::contest::Contest;
use contest_domain::{AttemptId, ParticipantId};
use contest_store::attempts::{AttemptRecord, AttemptResult, FinishWrite};

use crate::{ApiError, AppState};

/// Races between concurrent submits resolve within a couple of rounds.
const MAX_TRIES: usize = 5;

/// Closes the attempt (idempotently) and returns it as stored afterwards.
/// In time, `submitted` answers are merged over the saved ones; too late,
/// only answers saved in time count.
pub async fn close_attempt(
    state: &AppState,
    contest: &Contest,
    pid: &ParticipantId,
    aid: &AttemptId,
    submitted: &Answers,
    prediction: Option<u64>,
) -> Result<AttemptRecord, ApiError> {
    for _ in 0..MAX_TRIES {
        let (attempt, profile) = state.store.get_attempt_and_profile(&contest.id, pid, aid).await?;
        let (Some(mut attempt), Some(profile)) = (attempt, profile) else {
            return Err(ApiError::attempt_not_found());
        };
        if attempt.status.is_finished() {
            return Ok(attempt);
        }
        validate_answers(&attempt.questions, submitted)?;
        let now = state.clock.now();
        let outcome = finish(&attempt.clock, &attempt.questions, &attempt.answers, submitted, now);
        let organization_name = contest
            .organization(&profile.organization_id)
            .map_or(profile.organization_id.as_str(), |org| org.name.as_str());
        let applied = state
            .store
            .finish_attempt(FinishWrite {
                attempt: &attempt,
                profile: &profile,
                outcome: &outcome,
                prediction,
                organization_name,
                leaderboard_shards: contest.leaderboard_shards,
                now,
            })
            .await?;
        if applied {
            attempt.status = outcome.status;
            attempt.answers = outcome.answers;
            attempt.result = Some(AttemptResult {
                score: outcome.score,
                total: outcome.total,
                duration_ms: outcome.duration_ms,
                finished_at: outcome.finished_at,
                prediction,
            });
            return Ok(attempt);
        }
    }
    tracing::warn!(attempt = %aid, "attempt could not be closed after retries");
    Err(ApiError::new(
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        "BUSY_RETRY",
        "Hệ thống đang xử lý bài thi này. Vui lòng thử lại sau giây lát.",
    ))
}
