//! The committee and question authors may not take part:
//! `GET|PUT /api/admin/contests/{cid}/exclusions`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::Phone;
use http_common::{ApiError, ApiJson, ApiPath, AppState, OrganizerAuth};
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn get(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    Ok(Json(json!({ "phones": state.store.excluded_phones(&cid).await? })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionsBody {
    phones: Vec<String>,
}

pub async fn update(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
    ApiJson(body): ApiJson<ExclusionsBody>,
) -> Result<Json<Value>, ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    let mut phones = Vec::new();
    for (index, raw) in body.phones.iter().enumerate() {
        let phone = Phone::parse(raw).map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "INVALID_PHONE",
                format!("Số thứ {} («{}») không phải số di động hợp lệ.", index + 1, raw.chars().take(20).collect::<String>()),
            )
        })?;
        if !phones.contains(&phone) {
            phones.push(phone);
        }
    }
    let report = state.store.set_exclusions(&cid, &phones).await?;
    super::audit(
        &state,
        &cid,
        &auth.username,
        "exclusions.update",
        json!({ "added": report.exclusions_added, "removed": report.exclusions_removed, "total": phones.len() }),
    )
    .await?;
    Ok(Json(json!({
        "phones": phones,
        "added": report.exclusions_added,
        "removed": report.exclusions_removed,
    })))
}
