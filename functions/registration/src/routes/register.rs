//! `POST /api/contests/{cid}/register`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::registration::{
    parse_organization_id, unknown_organization, BirthYear, Email, FullName, Password, Registration,
};
use contest_domain::{ParticipantId, Phone};
use contest_store::participants::RegisterRejection;
use http_common::{ApiError, ApiJson, ApiPath, AppState};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterBody {
    full_name: String,
    phone: String,
    password: String,
    organization_id: String,
    #[serde(default)]
    birth_year: Option<i64>,
    #[serde(default)]
    email: Option<String>,
}

pub async fn handle(
    State(state): State<AppState>,
    ApiPath(cid): ApiPath<String>,
    ApiJson(body): ApiJson<RegisterBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let contest = state.contest(&super::parse_contest_id(&cid)?).await?;
    let now = state.clock.now();
    let organization_id = parse_organization_id(&body.organization_id)?;
    let organization = contest.organization(&organization_id).ok_or_else(unknown_organization)?;
    let registration = Registration {
        full_name: FullName::parse(&body.full_name)?,
        phone: Phone::parse(&body.phone)?,
        password: Password::parse(&body.password)?,
        organization_id: organization.id.clone(),
        birth_year: body.birth_year.map(|year| BirthYear::parse(year, now.date_naive())).transpose()?,
        email: body.email.as_deref().filter(|e| !e.trim().is_empty()).map(Email::parse).transpose()?,
    };

    let pid = ParticipantId::generate();
    // The token does not depend on the hash, so it is signed while a blocking
    // thread hashes. Both before the account is stored: a signing key that
    // cannot be read must not leave an account behind that the answer never
    // told about.
    let (password_hash, token) = tokio::join!(
        http_common::password::hash(registration.password.expose().to_owned()),
        state.tokens.issue(&contest.id, &pid, now),
    );
    let (password_hash, token) = (password_hash?, token?);
    match state.store.register(&contest.id, &pid, &registration, &password_hash, now).await? {
        Ok(()) => {}
        Err(RegisterRejection::Barred) => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "PHONE_BARRED",
                "Số điện thoại này thuộc Ban Tổ chức hoặc tổ soạn thảo câu hỏi nên không được tham gia dự thi.",
            ))
        }
        Err(RegisterRejection::PhoneTaken) => {
            return Err(ApiError {
                field: Some("phone"),
                ..ApiError::new(
                    StatusCode::CONFLICT,
                    "PHONE_ALREADY_REGISTERED",
                    "Số điện thoại này đã được đăng ký. Vui lòng đăng nhập.",
                )
            })
        }
    }
    tracing::info!(participant = %pid, contest = %contest.id, "registered");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "token": token,
            "participant": {
                "id": pid,
                "full_name": registration.full_name.as_str(),
                "organization_id": organization.id,
            }
        })),
    ))
}
