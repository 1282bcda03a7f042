//! The registration function's handlers: each parses its input, calls one
//! use case and returns its answer.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use contest_domain::ContestId;
use contest_usecases::registration::{self, ContestInfoView, LoginRequest, MyOverview, RegisterRequest, Session};
use http_common::{ApiError, ApiJson, AppState, Ids, ParticipantAuth};

http_common::api_errors!(ContestInfoErrors: ContestNotFound, Internal, StoreUnavailable, NotFound);

/// What anyone may read about a contest: rules, rounds with their status
/// now, organizations, the server's time.
#[utoipa::path(get, path = "/api/contests/{cid}", tag = "registration", operation_id = "getContest",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(()),
    responses((status = 200, description = "The contest.", body = ContestInfoView), ContestInfoErrors))]
pub async fn contest_info(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
) -> Result<impl IntoResponse, ApiError> {
    let info = registration::contest_info(&app, &cid).await?;
    // Short enough that a round's status flips on time for every reader.
    Ok(([(header::CACHE_CONTROL, "public, max-age=15")], Json(info)))
}

http_common::api_errors!(RegisterErrors:
    InvalidJson, InvalidFullName, Validation, InvalidPhone, PasswordTooShort, PasswordTooLong, UnknownOrganization,
    InvalidBirthYear, InvalidEmail, PhoneBarred, ContestNotFound, PhoneAlreadyRegistered, PayloadTooLarge,
    Internal, StoreUnavailable, NotFound);

/// Register with phone, password and organization; returns a participant token.
#[utoipa::path(post, path = "/api/contests/{cid}/register", tag = "registration", operation_id = "register",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = RegisterRequest, security(()),
    responses((status = 201, description = "Registered.", body = Session), RegisterErrors))]
pub async fn register(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    Ok((StatusCode::CREATED, Json(registration::register(&app, &cid, body).await?)))
}

http_common::api_errors!(LoginErrors:
    InvalidJson, InvalidPhone, InvalidCredentials, ContestNotFound, PayloadTooLarge, LoginLocked, Internal,
    StoreUnavailable, NotFound);

/// Log in with phone and password; returns a participant token. Unknown
/// phone and wrong password get the same answer; five failures in 15
/// minutes lock the phone for 15 minutes.
#[utoipa::path(post, path = "/api/contests/{cid}/login", tag = "registration", operation_id = "login",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = LoginRequest, security(()),
    responses((status = 200, description = "Logged in.", body = Session), LoginErrors))]
pub async fn login(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(registration::login(&app, &cid, body).await?))
}

http_common::api_errors!(MeErrors: Unauthenticated, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// The participant's profile, per-round allowance and attempts.
#[utoipa::path(get, path = "/api/contests/{cid}/me", tag = "registration", operation_id = "me",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(("participantToken" = [])),
    responses((status = 200, description = "The participant's overview.", body = MyOverview), MeErrors))]
pub async fn me(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<MyOverview>, ApiError> {
    Ok(Json(registration::me(&app, &who, &cid).await?))
}

http_common::api_errors!(LogoutErrors: Unauthenticated, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// Logs out: every token of this participant issued so far (on any
/// device) stops working at once; log in again for a new one.
#[utoipa::path(post, path = "/api/contests/{cid}/logout", tag = "registration", operation_id = "logout",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(("participantToken" = [])),
    responses((status = 204, description = "Logged out."), LogoutErrors))]
pub async fn logout(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<StatusCode, ApiError> {
    registration::logout(&app, &who, &cid).await?;
    Ok(StatusCode::NO_CONTENT)
}
