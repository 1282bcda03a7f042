//! Weekly winners: `GET .../winners?round=` (empty until the round has
//! closed and the closing job decided it) and `POST .../winners/publish?round=`.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use contest_domain::contest::Contest;
use contest_domain::RoundId;
use contest_store::rounds::StoredWinners;
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth, OptionalJson};
use serde::Deserialize;
use serde_json::{json, Value};

fn round_from_query(contest: &Contest, query: Option<&str>) -> Result<RoundId, ApiError> {
    let raw = super::query_param(query, "round")
        .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "ROUND_REQUIRED", "Cần chọn tuần thi (tham số round)."))?;
    let rid = RoundId::parse(raw).map_err(|_| ApiError::round_not_found())?;
    contest.round(&rid).map(|r| r.id.clone()).ok_or_else(ApiError::round_not_found)
}

pub fn winners_json(stored: Option<&StoredWinners>) -> Value {
    let winners: Vec<_> = stored
        .map(|s| s.winners.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|w| {
            json!({
                "rank": w.rank,
                "prize": w.prize,
                "prize_label": w.prize.label(),
                "participant_id": w.candidate.participant_id,
                "name": w.candidate.full_name,
                "organization": w.candidate.organization_name,
                "score": w.candidate.score,
                "total": w.candidate.total,
                "duration_ms": w.candidate.duration_ms,
                "prediction": w.candidate.prediction,
            })
        })
        .collect();
    json!({
        "winners": winners,
        "decided": stored.is_some(),
        "published": stored.is_some_and(|s| s.published),
        "real_number": stored.and_then(|s| s.real_number),
    })
}

pub async fn get(
    State(state): State<AppState>,
    _auth: OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (cid, contest) = super::fresh_contest(&state, &cid).await?;
    let rid = round_from_query(&contest, query.as_deref())?;
    let all = state.store.all_winners(&cid).await?;
    let stored = all.iter().find(|(round, _)| round == &rid).map(|(_, s)| s);
    let mut body = winners_json(stored);
    body["round_id"] = json!(rid);
    Ok(Json(body))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    #[serde(default = "yes")]
    published: bool,
}

impl Default for PublishBody {
    fn default() -> Self {
        Self { published: true }
    }
}

fn yes() -> bool {
    true
}

pub async fn publish(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
    RawQuery(query): RawQuery,
    OptionalJson(body): OptionalJson<PublishBody>,
) -> Result<Json<Value>, ApiError> {
    let (cid, contest) = super::fresh_contest(&state, &cid).await?;
    let rid = round_from_query(&contest, query.as_deref())?;
    if !state.store.set_winners_published(&cid, &rid, body.published).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "WINNERS_NOT_DECIDED",
            "Tuần thi chưa kết thúc hoặc chưa xét giải, chưa thể công bố.",
        ));
    }
    super::audit(&state, &cid, &auth.username, "winners.publish", json!({ "round_id": rid, "published": body.published })).await?;
    Ok(Json(json!({ "round_id": rid, "published": body.published })))
}
