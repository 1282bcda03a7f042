//! A participant who forgot their password: asking for a code by e-mail
//! (when they gave one and this deployment sends e-mail), and resetting the
//! password with a code, from the e-mail or read out by the committee.

use contest_domain::account::ResetCode;
use contest_domain::registration::Password;
use contest_domain::time::format_vietnam;
use contest_domain::{ContestId, Phone};
use contest_store::limits::RateLimit;
use contest_store::reset::{ResetTry, StoredResetCode, MAX_RESET_TRIES};
use serde::{Deserialize, Serialize};

use crate::organizer::participants::reset_code_hash;
use crate::registration::{Session, SessionParticipant};
use crate::{password, App, Error};

/// How long a code sent by e-mail stays valid.
pub const EMAILED_CODE_MINUTES: i64 = 60;
/// E-mails per phone number per hour, and requests per network address.
const EMAILS_PER_PHONE_PER_HOUR: u32 = 3;
const REQUESTS_PER_ADDRESS_PER_HOUR: u32 = 30;
/// Every request takes at least this long, whether an e-mail went out or
/// not, so the time of the answer does not tell which phones are registered.
const REQUEST_FLOOR: std::time::Duration = std::time::Duration::from_millis(1200);

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    /// The registered mobile number, in any usual form.
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResetRequested {
    /// The same sentence whatever the phone: it never says whether the phone
    /// is registered or has an e-mail address.
    pub message: String,
}

/// Sends a reset code to the participant's e-mail address, if the phone is
/// registered with one. The answer and its timing are the same either way.
pub async fn request_code(
    app: &App,
    cid: &ContestId,
    request: ResetRequest,
    client_address: &str,
) -> Result<ResetRequested, Error> {
    let started = tokio::time::Instant::now();
    let contest = app.contest(cid).await?;
    if !app.email.is_enabled() {
        return Err(Error::EmailResetUnavailable);
    }
    let phone = Phone::parse(&request.phone)?;
    let now = app.clock.now();
    let per_address = RateLimit { scope: "RESET_ADDRESS", limit: REQUESTS_PER_ADDRESS_PER_HOUR, window_seconds: 3600 };
    if let Err(retry_after_seconds) = app.store.take_rate_token(per_address, client_address, now).await? {
        return Err(Error::TooManyRequests { retry_after_seconds });
    }
    let result = send_code(app, &contest, &phone, now).await;
    tokio::time::sleep_until(started + REQUEST_FLOOR).await;
    result?;
    Ok(ResetRequested {
        message: "Nếu số điện thoại này đã đăng ký kèm địa chỉ e-mail, mã đặt lại mật khẩu đã được gửi tới e-mail đó \
                  (hiệu lực 60 phút). Nếu không nhận được, vui lòng liên hệ Ban Tổ chức."
            .into(),
    })
}

async fn send_code(
    app: &App,
    contest: &contest_domain::contest::Contest,
    phone: &Phone,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let Some(account) = app.store.get_account(&contest.id, phone).await? else { return Ok(()) };
    let Some(profile) = app.store.get_profile(&contest.id, &account.participant_id).await? else { return Ok(()) };
    let Some(email) = profile.email.as_deref().filter(|_| !profile.erased) else { return Ok(()) };
    let per_phone = RateLimit { scope: "RESET_EMAIL", limit: EMAILS_PER_PHONE_PER_HOUR, window_seconds: 3600 };
    let subject = format!("{}:{}", contest.id, phone.as_str());
    if app.store.take_rate_token(per_phone, &subject, now).await?.is_err() {
        // Quietly: a fourth e-mail in the hour is not sent, and not said.
        return Ok(());
    }
    let code = ResetCode::generate(&mut rand::rng());
    let expires_at = now + chrono::Duration::minutes(EMAILED_CODE_MINUTES);
    let stored = StoredResetCode { code_hash: reset_code_hash(&account.participant_id, &code), expires_at };
    app.store.put_reset_code(&contest.id, &account.participant_id, &stored, "email", now).await?;
    let body = format!(
        "Kính gửi {name},\n\n\
         Mã đặt lại mật khẩu tài khoản dự thi «{title}» của anh/chị là: {code}\n\n\
         Mã có hiệu lực đến {until} (giờ Việt Nam) và chỉ dùng được một lần. Trên trang đăng nhập, chọn \
         «Quên mật khẩu», nhập số điện thoại, mã này và mật khẩu mới.\n\n\
         Nếu anh/chị không yêu cầu đặt lại mật khẩu, xin bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.\n\n\
         Ban Tổ chức cuộc thi",
        name = profile.full_name,
        title = contest.title,
        code = code.as_str(),
        until = format_vietnam(expires_at),
    );
    app.email.send(email, &format!("Mã đặt lại mật khẩu – {}", contest.title), &body).await
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub phone: String,
    /// The 8-character code (case, spaces and dashes do not matter).
    pub code: String,
    /// At least 8 characters.
    pub new_password: String,
}

/// Sets a new password with a one-time code and logs the participant in.
/// Any wrong, expired or used code, or an unknown phone, gets the same
/// `RESET_CODE_INVALID`; five wrong codes void the code. Earlier tokens stop
/// working.
pub async fn reset_password(app: &App, cid: &ContestId, request: PasswordReset) -> Result<Session, Error> {
    let contest = app.contest(cid).await?;
    let phone = Phone::parse(&request.phone)?;
    let new_password = Password::parse(&request.new_password)?;
    let code = ResetCode::parse(&request.code);
    let now = app.clock.now();
    let Some(account) = app.store.get_account(&contest.id, &phone).await? else {
        return Err(Error::ResetCodeInvalid);
    };
    let pid = &account.participant_id;
    // Counted before compared: at most five guesses are ever evaluated.
    let (code_hash, tries) = match app.store.count_reset_try(&contest.id, pid, now).await? {
        ResetTry::Counted { code_hash, tries } => (code_hash, tries),
        ResetTry::NoValidCode => return Err(Error::ResetCodeInvalid),
    };
    let matches = code.as_ref().is_some_and(|code| {
        let typed = reset_code_hash(pid, code);
        constant_time_eq(typed.as_bytes(), code_hash.as_bytes())
    });
    if !matches {
        if tries >= MAX_RESET_TRIES {
            app.store.delete_reset_code(&contest.id, pid).await?;
        }
        return Err(Error::ResetCodeInvalid);
    }
    let password_hash = password::hash(new_password.expose().to_owned()).await?;
    if !app.store.reset_password(&contest.id, pid, &phone, &code_hash, &password_hash).await? {
        return Err(Error::ResetCodeInvalid);
    }
    // Whoever held the old password may hold a token: every earlier token
    // stops working (a concurrent log-out or reset raises it just as well).
    let mut profile = app.store.get_profile(&contest.id, pid).await?.ok_or(Error::ResetCodeInvalid)?;
    for _ in 0..3 {
        if app.store.revoke_participant_tokens(&contest.id, pid, profile.token_version).await? {
            profile.token_version += 1;
            break;
        }
        profile = app.store.get_profile(&contest.id, pid).await?.ok_or(Error::ResetCodeInvalid)?;
    }
    let token = app.tokens.issue(&contest.id, pid, profile.token_version, now).await?;
    tracing::info!(participant = %pid, "password reset with a one-time code");
    Ok(Session {
        token,
        participant: SessionParticipant {
            id: pid.clone(),
            full_name: profile.full_name,
            organization_id: profile.organization_id,
        },
    })
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
