//! `GET /api/contests/{cid}`: what anyone may read about a contest.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::time::format_vietnam;
use http_common::{ApiError, ApiPath, AppState};
use serde_json::json;

pub async fn handle(State(state): State<AppState>, ApiPath(cid): ApiPath<String>) -> Result<impl IntoResponse, ApiError> {
    let contest = state.contest(&super::parse_contest_id(&cid)?).await?;
    let now = state.clock.now();
    let rounds: Vec<_> = contest
        .rounds
        .iter()
        .map(|round| {
            json!({
                "id": round.id,
                "name": round.name,
                "opens_at": format_vietnam(round.opens_at.to_utc()),
                "closes_at": format_vietnam(round.closes_at.to_utc()),
                "status": round.status_at(now),
            })
        })
        .collect();
    let organizations: Vec<_> = contest
        .organizations
        .iter()
        .map(|org| json!({ "id": org.id, "name": org.name, "group": org.group }))
        .collect();
    let body = json!({
        "id": contest.id,
        "title": contest.title,
        "description": contest.description,
        "rules": contest.rules,
        "time_limit_seconds": contest.limits.time_limit_seconds,
        "grace_seconds": contest.limits.grace_seconds,
        "questions_per_attempt": contest.limits.questions_per_attempt,
        "max_attempts_per_round": contest.limits.max_attempts_per_round,
        "prediction_question": contest.prediction_question,
        "rounds": rounds,
        "organizations": organizations,
        "server_time": format_vietnam(now),
    });
    // Short enough that a round's status flips on time for every reader.
    Ok(([(header::CACHE_CONTROL, "public, max-age=15")], Json(body)))
}
