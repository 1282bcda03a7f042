//! Result exports in object storage: `POST .../exports` writes one,
//! `GET .../exports` lists them with download links valid 15 minutes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use http_common::{ApiError, ApiPath, AppState, OrganizerAuth};
use serde_json::{json, Value};

pub async fn create(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (cid, contest) = super::fresh_contest(&state, &cid).await?;
    let (export_id, files) = crate::results::write_export(&state, &contest, state.clock.now()).await?;
    super::audit(&state, &cid, &auth.username, "export.create", json!({ "export_id": export_id })).await?;
    Ok((StatusCode::CREATED, Json(json!({ "export_id": export_id, "files": files }))))
}

pub async fn list(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    let exports: Vec<_> = state
        .store
        .list_exports(&cid)
        .await?
        .into_iter()
        .map(|export| {
            let files: Vec<_> = export.files.iter().map(|(name, url)| json!({ "name": name, "url": url })).collect();
            json!({ "export_id": export.export_id, "created_at": created_at(&export.export_id), "files": files })
        })
        .collect();
    Ok(Json(json!({ "exports": exports, "links_valid_seconds": contest_store::exports::DOWNLOAD_LINK_LIFETIME.as_secs() })))
}

/// Export ids start with their creation time in Vietnam time.
fn created_at(export_id: &str) -> Option<String> {
    let stamp = export_id.get(..15)?;
    let naive = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some(naive.and_local_timezone(contest_domain::time::vietnam()).single()?.to_rfc3339())
}
