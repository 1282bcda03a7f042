//! `POST /api/contests/{cid}/login`. Unknown phone and wrong password get the
//! same answer after the same work, so the endpoint cannot tell anyone which
//! phones are registered; five failures within 15 minutes lock the phone
//! (registered or not) for 15 minutes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::Phone;
use http_common::{ApiError, ApiJson, ApiPath, AppState};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    phone: String,
    password: String,
}

fn invalid_credentials() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS", "Số điện thoại hoặc mật khẩu không đúng.")
}

pub async fn handle(
    State(state): State<AppState>,
    ApiPath(cid): ApiPath<String>,
    ApiJson(body): ApiJson<LoginBody>,
) -> Result<Json<Value>, ApiError> {
    let contest = state.contest(&super::parse_contest_id(&cid)?).await?;
    let phone = Phone::parse(&body.phone)?;
    if body.password.len() > contest_domain::registration::MAX_PASSWORD_BYTES {
        return Err(invalid_credentials());
    }
    let now = state.clock.now();
    let login = state.store.login_state(&contest.id, &phone, now).await?;
    if let Some(until) = login.locked_until {
        let minutes = (until - now).num_minutes() + 1;
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "LOGIN_LOCKED",
            format!("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."),
        ));
    }
    let stored_hash = login.account.as_ref().map(|a| a.password_hash.clone());
    if !http_common::password::verify(body.password, stored_hash).await {
        state.store.record_login_failure(&contest.id, &phone, now).await?;
        return Err(invalid_credentials());
    }
    let account = login.account.expect("verification succeeds only for a known account");
    if login.has_failures {
        state.store.clear_login_failures(&contest.id, &phone).await?;
    }
    let profile =
        state.store.get_profile(&contest.id, &account.participant_id).await?.ok_or_else(invalid_credentials)?;
    let token = state.tokens.issue(&contest.id, &account.participant_id, now).await?;
    Ok(Json(json!({
        "token": token,
        "participant": {
            "id": account.participant_id,
            "full_name": profile.full_name,
            "organization_id": profile.organization_id,
        }
    })))
}
