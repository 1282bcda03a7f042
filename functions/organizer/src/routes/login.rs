//! `POST /api/admin/login`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use http_common::{ApiError, ApiJson, AppState};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    username: String,
    password: String,
}

pub async fn handle(State(state): State<AppState>, ApiJson(body): ApiJson<LoginBody>) -> Result<Json<Value>, ApiError> {
    let stored = if contest_domain::ids::is_valid_username(&body.username) && body.password.len() <= 128 {
        state.store.organizer_password_hash(&body.username).await?
    } else {
        None
    };
    if !http_common::password::verify(body.password, stored).await {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "INVALID_CREDENTIALS",
            "Tên đăng nhập hoặc mật khẩu không đúng.",
        ));
    }
    let token = state.tokens.issue_organizer(&body.username, state.clock.now()).await?;
    tracing::info!(organizer = %body.username, "organizer logged in");
    Ok(Json(json!({ "token": token, "username": body.username })))
}
