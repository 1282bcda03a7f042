//! The registration function's handlers: each parses its input, calls one
//! use case and returns its answer.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::response::Response;
use axum::Json;
use contest_domain::ContestId;
use contest_usecases::registration::{
    self, ContestInfoView, LoginRequest, MyOverview, PendingVerification, RegisterRequest, Registered, Session,
    VerifyRequest,
};
use contest_usecases::{account, challenge, privacy};
use http_common::{ApiError, ApiJson, AppState, ClientAddress, Ids, ParticipantAuth};

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

http_common::api_errors!(ChallengeErrors: ContestNotFound, NotFound, Internal, StoreUnavailable);

/// A proof-of-work challenge (ALTCHA v1) for the registration form, valid
/// ten minutes; solving it takes a phone well under a second.
#[utoipa::path(get, path = "/api/contests/{cid}/challenge", tag = "registration", operation_id = "registrationChallenge",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(()),
    responses((status = 200, description = "A challenge.", body = challenge::Challenge), ChallengeErrors))]
pub async fn challenge(State(app): State<AppState>, Ids(cid): Ids<ContestId>) -> Result<impl IntoResponse, ApiError> {
    let challenge = challenge::issue(&app, &cid).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(challenge)))
}

http_common::api_errors!(RegisterErrors:
    InvalidJson, InvalidFullName, Validation, InvalidPhone, PasswordTooShort, PasswordTooLong, UnknownOrganization,
    InvalidBirthYear, InvalidEmail, ChallengeRequired, ChallengeFailed, PhoneBarred, ContestNotFound, NotFound,
    PhoneAlreadyRegistered, RosterEntryTaken, PayloadTooLarge, NotOnRoster, TooManyRequests, ConsentRequired, Internal,
    StoreUnavailable);

/// Registers with phone, password and organization; returns a participant
/// token (201). With SMS verification, answers 202 with the check that the
/// code completes (`/register/verify`). When the contest asks for it, the
/// body carries a solved challenge (`altcha`); at most
/// `REGISTRATIONS_PER_ADDRESS_PER_HOUR` registrations per source address.
#[utoipa::path(post, path = "/api/contests/{cid}/register", tag = "registration", operation_id = "register",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = RegisterRequest, security(()),
    responses(
        (status = 201, description = "Registered.", body = Session),
        (status = 202, description = "A code was sent by SMS; verify it to finish.", body = PendingVerification),
        RegisterErrors))]
pub async fn register(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<Response, ApiError> {
    Ok(match registration::register(&app, &cid, body, &address).await? {
        Registered::Session(session) => (StatusCode::CREATED, Json(session)).into_response(),
        Registered::Pending(pending) => (StatusCode::ACCEPTED, Json(pending)).into_response(),
    })
}

http_common::api_errors!(VerifyErrors:
    InvalidJson, VerificationCodeInvalid, InvalidFullName, InvalidPhone, InvalidBirthYear, InvalidEmail,
    UnknownOrganization, PhoneBarred, ContestNotFound, NotFound, PhoneAlreadyRegistered, RosterEntryTaken,
    VerificationExpired, PayloadTooLarge, NotOnRoster, Internal, StoreUnavailable);

/// Completes a registration with the six-digit code sent by SMS. Five
/// wrong codes void it.
#[utoipa::path(post, path = "/api/contests/{cid}/register/verify", tag = "registration", operation_id = "verifyRegistration",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = VerifyRequest, security(()),
    responses((status = 201, description = "Registered.", body = Session), VerifyErrors))]
pub async fn verify(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<VerifyRequest>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    Ok((StatusCode::CREATED, Json(registration::verify(&app, &cid, body).await?)))
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

http_common::api_errors!(PasswordResetErrors:
    InvalidJson, InvalidPhone, PasswordTooShort, PasswordTooLong, ResetCodeInvalid, ContestNotFound, NotFound,
    PayloadTooLarge, Internal, StoreUnavailable);

/// Sets a new password with a one-time code (given by the committee, or
/// sent by e-mail) and logs in. A wrong, expired or used code, or an
/// unknown phone, answers 400 `RESET_CODE_INVALID`; five wrong codes void
/// the code. Tokens issued before stop working.
#[utoipa::path(post, path = "/api/contests/{cid}/password-reset", tag = "registration", operation_id = "resetPassword",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = account::PasswordReset, security(()),
    responses((status = 200, description = "New password set; logged in.", body = Session), PasswordResetErrors))]
pub async fn reset_password(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<account::PasswordReset>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(account::reset_password(&app, &cid, body).await?))
}

http_common::api_errors!(ResetRequestErrors:
    InvalidJson, InvalidPhone, ContestNotFound, EmailResetUnavailable, NotFound, TooManyRequests, PayloadTooLarge,
    Internal, StoreUnavailable);

/// "Quên mật khẩu": sends a one-time code (valid 60 minutes) to the e-mail
/// address given at registration. The answer, and its timing, are the same
/// whether or not the phone is registered or has an address.
#[utoipa::path(post, path = "/api/contests/{cid}/password-reset/request", tag = "registration",
    operation_id = "requestPasswordReset",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = account::ResetRequest, security(()),
    responses((status = 202, description = "Accepted (whatever the phone).", body = account::ResetRequested), ResetRequestErrors))]
pub async fn request_password_reset(
    State(app): State<AppState>,
    Ids(cid): Ids<ContestId>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<account::ResetRequest>,
) -> Result<(StatusCode, Json<account::ResetRequested>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(account::request_code(&app, &cid, body, &address).await?)))
}

http_common::api_errors!(MyDataErrors: Unauthenticated, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// Everything stored about the participant, as one JSON document: profile,
/// consent, attempts with their answers and results, prizes. Recorded in the
/// audit log as an access to personal data.
#[utoipa::path(get, path = "/api/contests/{cid}/me/data", tag = "registration", operation_id = "myData",
    params(("cid" = ContestId, Path, description = "Contest id.")), security(("participantToken" = [])),
    responses((status = 200, description = "The participant's data.", body = privacy::MyData), MyDataErrors))]
pub async fn my_data(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Response, ApiError> {
    let data = privacy::my_data(&app, &who, &cid).await?;
    let disposition = format!("attachment; filename=\"du-lieu-cua-toi-{cid}.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(data)).into_response())
}

http_common::api_errors!(WithdrawErrors:
    InvalidJson, Unauthenticated, WrongPassword, LoginLocked, ContestNotFound, NotFound, PayloadTooLarge, Internal,
    BusyRetry, StoreUnavailable);

/// Withdraws from the contest: with the account's password, the
/// participant's personal data is erased at once, every token stops
/// working and the phone number is free again. Attempts stay, anonymous.
#[utoipa::path(delete, path = "/api/contests/{cid}/me", tag = "registration", operation_id = "withdraw",
    params(("cid" = ContestId, Path, description = "Contest id.")), request_body = privacy::WithdrawRequest,
    security(("participantToken" = [])),
    responses((status = 200, description = "Erased.", body = privacy::Withdrawn), WithdrawErrors))]
pub async fn withdraw(
    State(app): State<AppState>,
    ParticipantAuth(who): ParticipantAuth,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<privacy::WithdrawRequest>,
) -> Result<Json<privacy::Withdrawn>, ApiError> {
    Ok(Json(privacy::withdraw(&app, &who, &cid, body).await?))
}
