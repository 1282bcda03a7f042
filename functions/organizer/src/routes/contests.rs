//! Contest settings: `GET /api/admin/contests`, `GET|PUT /api/admin/contests/{cid}`.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use contest_domain::contest::{ContestDefinition, QuestionStatus};
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn list(State(state): State<AppState>, _auth: OrganizerAuth) -> Result<Json<Value>, ApiError> {
    let mut contests = Vec::new();
    for cid in state.store.contest_ids().await? {
        if let Some(contest) = state.store.get_contest(&cid).await? {
            contests.push(json!({ "id": contest.id, "title": contest.title, "rounds": contest.rounds.len() }));
        }
    }
    Ok(Json(json!({ "contests": contests })))
}

fn parse_settings(settings: &Value, approved: Option<usize>) -> Result<contest_domain::contest::Contest, ApiError> {
    ContestDefinition::settings_from_json(&settings.to_string(), approved).map_err(|problems| {
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_CONTEST", format!("Cấu hình cuộc thi chưa hợp lệ: {}", problems.join("; ")))
    })
}

/// `POST /api/admin/contests`: a new contest from its settings (the
/// contest-file fields without questions and exclusions, `id` included).
/// Its question bank is imported next; attempts cannot start before.
pub async fn create(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    http_common::ApiBytes(body): http_common::ApiBytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let settings: Value = http_common::extract::parse_json(&body)?;
    let contest = parse_settings(&settings, None)?;
    if !state.store.create_contest(&contest).await? {
        return Err(ApiError::new(StatusCode::CONFLICT, "CONTEST_EXISTS", "Đã có cuộc thi với mã này."));
    }
    super::audit(&state, &contest.id, &auth.username, "contest.create", json!({ "title": contest.title })).await?;
    Ok((StatusCode::CREATED, Json(json!({ "contest": contest }))))
}

pub async fn get(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (cid, contest) = super::fresh_contest(&state, &cid).await?;
    let bank = state.store.list_questions(&cid).await?;
    let approved = bank.iter().filter(|q| q.status == QuestionStatus::Approved).count();
    let now = state.clock.now();
    let rounds: Vec<_> = contest.rounds.iter().map(|r| json!({ "id": r.id, "status": r.status_at(now) })).collect();
    Ok(Json(json!({
        "contest": contest,
        "round_status": rounds,
        "questions": { "total": bank.len(), "approved": approved, "draft": bank.len() - approved },
        "server_time": contest_domain::time::format_vietnam(now),
    })))
}

/// Replaces the settings. Moving or removing a round that already has
/// results needs `?confirm=true`: it changes what participants were told.
pub async fn update(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
    RawQuery(query): RawQuery,
    http_common::ApiBytes(body): http_common::ApiBytes,
) -> Result<Json<Value>, ApiError> {
    let (cid, current) = super::fresh_contest(&state, &cid).await?;
    let mut settings: Value = http_common::extract::parse_json(&body)?;
    if !settings.is_object() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "INVALID_CONTEST", "Cấu hình cuộc thi phải là một đối tượng JSON."));
    }
    match settings.get("id").and_then(Value::as_str) {
        Some(id) if id != cid.as_str() => {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "CONTEST_ID_MISMATCH", "Mã cuộc thi không khớp với địa chỉ."))
        }
        Some(_) => {}
        None => settings["id"] = json!(cid),
    }
    let approved = state.store.list_questions(&cid).await?.iter().filter(|q| q.status == QuestionStatus::Approved).count();
    let contest = parse_settings(&settings, Some(approved))?;

    let confirmed = super::query_param(query.as_deref(), "confirm") == Some("true");
    let mut touched_with_results = Vec::new();
    let mut any_results = false;
    for old in &current.rounds {
        let has_results = !state.store.leaderboard(&cid, &old.id, current.leaderboard_shards, 1).await?.is_empty();
        any_results |= has_results;
        let unchanged = contest.round(&old.id).is_some_and(|new| new.opens_at == old.opens_at && new.closes_at == old.closes_at);
        if !unchanged && has_results {
            touched_with_results.push(old.name.clone());
        }
    }
    // Results already written live under the old sharding; re-sharding
    // would hide them from every ranking.
    if any_results && contest.leaderboard_shards != current.leaderboard_shards {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "SHARDS_LOCKED",
            "Không thể đổi số phân vùng bảng xếp hạng khi cuộc thi đã có kết quả.",
        ));
    }
    if !touched_with_results.is_empty() && !confirmed {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "CONFIRMATION_REQUIRED",
            format!("{} đã có người dự thi. Xác nhận nếu vẫn muốn đổi thời gian hoặc xóa.", touched_with_results.join(", ")),
        ));
    }
    state.store.save_contest(&contest).await?;
    super::audit(&state, &cid, &auth.username, "contest.update", json!({ "rounds_with_results_changed": touched_with_results })).await?;
    Ok(Json(json!({ "contest": contest })))
}
