//! `GET /api/contests/{cid}/me`: the participant's profile, per-round
//! allowance and attempts, from one Query.

use axum::extract::State;
use axum::Json;
use contest_domain::time::format_vietnam;
use http_common::{ApiError, ApiPath, AppState, ParticipantAuth};
use serde_json::{json, Value};

pub async fn handle(
    State(state): State<AppState>,
    auth: ParticipantAuth,
    ApiPath(cid): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let contest = state.contest(&super::parse_contest_id(&cid)?).await?;
    auth.require_contest(&contest.id)?;
    let (profile, attempts) = state
        .store
        .participant_overview(&contest.id, &auth.participant_id)
        .await?
        .ok_or_else(ApiError::unauthenticated)?;
    let max = contest.limits.max_attempts_per_round;
    let rounds: Vec<_> = contest
        .rounds
        .iter()
        .map(|round| {
            let used = profile.attempts_in_round(&round.id);
            let best = attempts
                .iter()
                .filter(|a| a.round_id == round.id)
                .filter_map(|a| a.result.as_ref())
                .min_by(|a, b| b.score.cmp(&a.score).then(a.duration_ms.cmp(&b.duration_ms)));
            json!({
                "round_id": round.id,
                "attempts_used": used,
                "attempts_remaining": max.saturating_sub(used),
                "best_score": best.map(|b| b.score),
                "best_duration_ms": best.map(|b| b.duration_ms),
            })
        })
        .collect();
    let attempts: Vec<_> = attempts
        .iter()
        .map(|attempt| {
            json!({
                "id": attempt.attempt_id,
                "round_id": attempt.round_id,
                "status": attempt.status,
                "started_at": format_vietnam(attempt.clock.started_at),
                "deadline": format_vietnam(attempt.clock.deadline),
                "score": attempt.result.as_ref().map(|r| r.score),
                "total": attempt.total,
                "duration_ms": attempt.result.as_ref().map(|r| r.duration_ms),
                "submitted_at": attempt.result.as_ref().map(|r| format_vietnam(r.finished_at)),
            })
        })
        .collect();
    let organization_name = contest.organization(&profile.organization_id).map(|o| o.name.clone());
    Ok(Json(json!({
        "participant": {
            "id": profile.participant_id,
            "full_name": profile.full_name,
            "organization_id": profile.organization_id,
            "organization_name": organization_name,
        },
        // An attempt past its answers window is over, even before the job
        // or a read has closed it.
        "active_attempt_id": profile
            .active_attempt
            .filter(|(_, closes_at)| *closes_at >= state.clock.now().timestamp_millis())
            .map(|(aid, _)| aid),
        "rounds": rounds,
        "attempts": attempts,
        "server_time": format_vietnam(state.clock.now()),
    })))
}
