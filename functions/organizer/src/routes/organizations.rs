//! `GET /api/admin/contests/{cid}/organizations/ranking`: the collective
//! ranking as the plan awards it, with the prizes members won.

use axum::extract::State;
use axum::Json;
use contest_domain::time::format_vietnam;
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn ranking(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (_, contest) = super::fresh_contest(&state, &cid).await?;
    let standings = crate::results::organization_standings(&state, &contest).await?;
    let entries: Vec<_> = standings
        .iter()
        .enumerate()
        .map(|(index, t)| {
            json!({
                "rank": index + 1,
                "organization_id": t.organization_id,
                "name": t.name,
                "participants": t.participants,
                "headcount": t.headcount,
                "participation_rate": (t.participation_rate() * 10_000.0).round() / 10_000.0,
                "reached_at": t.reached_at.map(format_vietnam),
                "prizes": t.prizes,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationEdit {
    name: String,
    #[serde(default)]
    group: String,
    headcount: u32,
}

/// `PUT .../organizations/{oid}`: adds or edits one organization.
pub async fn update(
    State(state): State<AppState>,
    auth: http_common::OrganizerAuth,
    ApiPath((cid, oid)): ApiPath<(String, String)>,
    http_common::ApiJson(edit): http_common::ApiJson<OrganizationEdit>,
) -> Result<Json<Value>, ApiError> {
    let (cid, mut contest) = super::fresh_contest(&state, &cid).await?;
    let row = contest_domain::import::OrganizationRow {
        row: 1,
        id: oid.clone(),
        name: edit.name,
        group: edit.group,
        headcount: edit.headcount.to_string(),
    };
    let merge = contest_domain::import::merge_organization_rows(vec![row], &contest.organizations);
    if let Some(error) = merge.errors.first() {
        return Err(ApiError::new(axum::http::StatusCode::BAD_REQUEST, "INVALID_ORGANIZATION", error.message.clone()));
    }
    contest.organizations = merge.organizations;
    state.store.save_contest(&contest).await?;
    let organization = contest.organizations.iter().find(|o| o.id.as_str() == oid);
    super::audit(&state, &cid, &auth.username, "organization.update", json!({ "organization_id": oid, "added": merge.added == 1 })).await?;
    Ok(Json(json!({ "organization": organization, "added": merge.added == 1 })))
}

/// `POST .../organizations/import?dry_run=true|false` from CSV or XLSX.
pub async fn import(
    State(state): State<AppState>,
    auth: http_common::OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
    headers: axum::http::HeaderMap,
    http_common::ApiBytes(body): http_common::ApiBytes,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    use axum::http::StatusCode;
    let (cid, mut contest) = super::fresh_contest(&state, &cid).await?;
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let format = spreadsheets::import::Format::from_content_type(content_type)
        .filter(|f| *f != spreadsheets::import::Format::Json)
        .ok_or_else(|| ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_FILE_TYPE", "Chỉ nhận tệp Excel (.xlsx) hoặc CSV."))?;
    let rows = spreadsheets::import::organization_rows(&body, format)
        .map_err(|err| ApiError::new(StatusCode::BAD_REQUEST, "UNREADABLE_FILE", err.to_string()))?;
    let merge = contest_domain::import::merge_organization_rows(rows, &contest.organizations);
    let dry_run = super::query_param(query.as_deref(), "dry_run") != Some("false");
    let body = json!({
        "dry_run": dry_run,
        "imported": if dry_run { 0 } else { merge.added },
        "added": merge.added,
        "updated": merge.updated,
        "errors": merge.errors,
        "preview": merge.organizations,
    });
    if dry_run {
        return Ok((StatusCode::OK, Json(body)));
    }
    if !merge.errors.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "IMPORT_HAS_ERRORS",
            format!("Tệp có {} lỗi nên chưa nhập đơn vị nào.", merge.errors.len()),
        ));
    }
    contest.organizations = merge.organizations;
    state.store.save_contest(&contest).await?;
    super::audit(&state, &cid, &auth.username, "organizations.import", json!({ "added": merge.added, "updated": merge.updated })).await?;
    Ok((StatusCode::CREATED, Json(body)))
}
