//! What a participant does before and around attempts: read the contest,
//! register, log in, and see their own overview.

use chrono::{DateTime, Utc};
use contest_domain::attempt::AttemptStatus;
use contest_domain::contest::{
    Contest, ContestContact, Organization, OrganizationKind, PhoneVerification, Round, RoundStatus, TieBreak,
};
use contest_domain::registration::{
    normalized_name, parse_organization_id, unknown_organization, BirthYear, Email, FullName, Password, Registration,
};
use contest_domain::time::format_vietnam;
use contest_domain::FieldError;
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, Phone, RoundId};
use contest_store::limits::RateLimit;
use contest_store::participants::RegisterRejection;
use contest_store::roster::RosterCheck;
use contest_store::throttle::{Limit, Reservation, ThrottleKey};
use contest_store::verification::PendingRegistration;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::{challenge, password, App, Error, Participant};

/// What anyone may read about a contest. Serialized straight from the
/// cached contest: the page's first request is often a container's first,
/// and copying the rules and organization names first was a measurable
/// part of it.
pub struct ContestInfo {
    contest: Arc<Contest>,
    now: DateTime<Utc>,
    email_reset: bool,
}

impl Serialize for ContestInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ContestInfoView::new(&self.contest, self.now, self.email_reset).serialize(serializer)
    }
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ContestInfo)]
pub struct ContestInfoView<'a> {
    #[schema(value_type = String)]
    id: &'a ContestId,
    title: &'a str,
    description: &'a str,
    rules: &'a str,
    time_limit_seconds: u32,
    grace_seconds: u32,
    questions_per_attempt: u32,
    max_attempts_per_round: u32,
    prediction_question: Option<&'a str>,
    /// The order that breaks ties for prizes, `score` first.
    tie_breaks: &'a [TieBreak],
    /// Whether an open round's leaderboard is public.
    live_leaderboard: bool,
    /// Registration asks for a proof of work (`GET …/challenge`).
    registration_challenge: bool,
    phone_verification: PhoneVerification,
    /// How to reach the committee (hotline, e-mail); empty strings when unset.
    contact: &'a ContestContact,
    /// "Quên mật khẩu" can send a code to the e-mail given at registration;
    /// otherwise the committee gives codes by phone.
    password_reset_by_email: bool,
    /// Who controls the personal data (may be empty: the notice then names
    /// the committee).
    data_controller: &'a str,
    /// The notice on personal data that registration asks consent to
    /// (plain text, paragraphs separated by blank lines).
    privacy_notice: String,
    /// Send it back as `privacy_notice_version` with `consent: true`.
    privacy_notice_version: String,
    /// When personal data is erased (Vietnam time).
    personal_data_erased_at: Option<String>,
    rounds: Vec<RoundInfo<'a>>,
    organizations: Vec<OrganizationInfo<'a>>,
    server_time: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RoundInfo<'a> {
    #[schema(value_type = String)]
    id: &'a RoundId,
    name: &'a str,
    opens_at: String,
    closes_at: String,
    status: RoundStatus,
    /// A practice round (thi thử): unlimited attempts, never ranked.
    practice: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationInfo<'a> {
    #[schema(value_type = String)]
    id: &'a OrganizationId,
    name: &'a str,
    group: &'a str,
    kind: OrganizationKind,
    /// Only people on the unit's staff list may register into it (name and
    /// birth year are checked).
    staff_list: bool,
}

impl<'a> ContestInfoView<'a> {
    fn new(contest: &'a Contest, now: DateTime<Utc>, email_reset: bool) -> Self {
        Self {
            id: &contest.id,
            title: &contest.title,
            description: &contest.description,
            rules: &contest.rules,
            time_limit_seconds: contest.limits.time_limit_seconds,
            grace_seconds: contest.limits.grace_seconds,
            questions_per_attempt: contest.limits.questions_per_attempt,
            max_attempts_per_round: contest.limits.max_attempts_per_round,
            prediction_question: contest.prediction_question.as_deref(),
            tie_breaks: &contest.tie_breaks,
            live_leaderboard: contest.shows_live_leaderboard(),
            registration_challenge: contest.registration_challenge,
            phone_verification: contest.phone_verification,
            contact: &contest.contact,
            password_reset_by_email: email_reset,
            data_controller: &contest.data_controller,
            privacy_notice: contest.privacy_notice_text(),
            privacy_notice_version: contest.privacy_notice_version(),
            personal_data_erased_at: contest.personal_data_erased_at().map(format_vietnam),
            rounds: contest.rounds.iter().map(|round| RoundInfo::new(round, now)).collect(),
            organizations: contest.organizations.iter().map(OrganizationInfo::new).collect(),
            server_time: format_vietnam(now),
        }
    }
}

impl<'a> RoundInfo<'a> {
    fn new(round: &'a Round, now: DateTime<Utc>) -> Self {
        Self {
            id: &round.id,
            name: &round.name,
            opens_at: format_vietnam(round.opens_at.to_utc()),
            closes_at: format_vietnam(round.closes_at.to_utc()),
            status: round.status_at(now),
            practice: round.practice,
        }
    }
}

impl<'a> OrganizationInfo<'a> {
    fn new(org: &'a Organization) -> Self {
        Self { id: &org.id, name: &org.name, group: &org.group, kind: org.kind, staff_list: org.staff_list }
    }
}

pub async fn contest_info(app: &App, cid: &ContestId) -> Result<ContestInfo, Error> {
    Ok(ContestInfo { contest: app.contest(cid).await?, now: app.clock.now(), email_reset: app.email.is_enabled() })
}

/// A registration as the form sends it, before any checking.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// 2–100 characters after collapsing whitespace, stored in Unicode NFC; no
    /// control characters, and no format characters (category Cf: bidi
    /// overrides, zero-width characters), which are refused with 422 `VALIDATION`.
    #[schema(min_length = 2)]
    pub full_name: String,
    /// Vietnamese mobile number, national or +84 form (spaces, dots and dashes allowed).
    #[schema(max_length = 32)]
    pub phone: String,
    /// At least 8 characters, at most 128 bytes.
    #[schema(min_length = 8, max_length = 128)]
    pub password: String,
    /// One of the contest's organization ids.
    pub organization_id: String,
    /// 1900 to this year − 6; required by a unit with a staff list.
    #[serde(default)]
    #[schema(minimum = 1900)]
    pub birth_year: Option<i64>,
    /// Optional; blank counts as absent.
    #[serde(default)]
    pub email: Option<String>,
    /// The proof of work, as the ALTCHA widget sends it (base64 of its
    /// JSON), when the contest asks for one.
    #[serde(default)]
    #[schema(max_length = 4096)]
    pub altcha: Option<String>,
    /// Must be `true`: the person consents to the processing of their
    /// personal data as the privacy notice says (400 `CONSENT_REQUIRED`).
    #[serde(default)]
    pub consent: Option<bool>,
    /// The `privacy_notice_version` of the notice consented to (from
    /// `GET /api/contests/{cid}`); another version is refused as not read.
    #[serde(default)]
    #[schema(max_length = 64)]
    pub privacy_notice_version: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Session {
    /// EdDSA-signed JWT, role `participant`, valid 24 h for this contest only.
    pub token: String,
    pub participant: SessionParticipant,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionParticipant {
    pub id: ParticipantId,
    pub full_name: String,
    pub organization_id: OrganizationId,
}

/// What a registration answers: the account, or (with SMS verification)
/// the check the code completes.
pub enum Registered {
    Session(Session),
    Pending(PendingVerification),
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PendingVerification {
    /// Send it back with the code to `/register/verify`.
    pub verification_id: String,
    pub expires_at: String,
}

/// Registrations from one address per hour are counted under this name.
const REGISTER_SCOPE: &str = "REGISTER";
/// Codes sent to one phone per hour.
const SMS_SCOPE: &str = "SMS";
const SMS_PER_PHONE_PER_HOUR: u32 = 3;
const CODE_MINUTES: i64 = 10;
const MAX_WRONG_CODES: u32 = 5;
/// Claims lost to a concurrent registration before giving up.
const MAX_CLAIM_TRIES: usize = 3;

pub async fn register(
    app: &App,
    cid: &ContestId,
    request: RegisterRequest,
    client_address: &str,
) -> Result<Registered, Error> {
    let contest = app.contest(cid).await?;
    let now = app.clock.now();
    let organization_id = parse_organization_id(&request.organization_id)?;
    let organization = contest.organization(&organization_id).ok_or_else(unknown_organization)?;
    let registration = Registration {
        full_name: FullName::parse(&request.full_name)?,
        phone: Phone::parse(&request.phone)?,
        organization_id: organization.id.clone(),
        birth_year: request.birth_year.map(|year| BirthYear::parse(year, now.date_naive())).transpose()?,
        email: request.email.as_deref().filter(|e| !e.trim().is_empty()).map(Email::parse).transpose()?,
        consent_version: String::new(),
    };
    let password = Password::parse(&request.password)?;
    // After the fields: a form with mistakes hears about them first.
    let registration = Registration { consent_version: consented_version(&contest, &request)?, ..registration };
    if contest.registration_challenge {
        challenge::verify_and_spend(app, request.altcha.as_deref(), now).await?;
    }
    let brake =
        RateLimit { scope: REGISTER_SCOPE, limit: app.limits.registrations_per_address_per_hour, window_seconds: 3600 };
    if let Err(retry_after_seconds) = app.store.take_rate_token(brake, client_address, now).await? {
        tracing::warn!(address = %client_address, "registrations per address per hour reached");
        return Err(Error::TooManyRequests { retry_after_seconds });
    }
    // Refuse someone not on the unit's list before any hashing or texting.
    roster_check(app, &contest, &registration).await?;

    match contest.phone_verification {
        PhoneVerification::None => {
            let pid = ParticipantId::generate();
            // The token does not depend on the hash, so it is signed while a
            // blocking thread hashes. Both before the account is stored: a
            // signing key that cannot be read must not leave an account
            // behind that the answer never told about.
            let (password_hash, token) = tokio::join!(
                password::hash(password.expose().to_owned()),
                app.tokens.issue(&contest.id, &pid, 0, now),
            );
            let (password_hash, token) = (password_hash?, token?);
            create_account(app, &contest, &pid, &registration, &password_hash).await?;
            Ok(Registered::Session(session(token, pid, registration)))
        }
        PhoneVerification::Sms => {
            start_verification(app, &contest, registration, &password).await.map(Registered::Pending)
        }
    }
}

/// How the registration stands toward its unit's staff list.
async fn roster_check(app: &App, contest: &Contest, registration: &Registration) -> Result<RosterCheck, Error> {
    let organization = contest.organization(&registration.organization_id).ok_or_else(unknown_organization)?;
    if !organization.is_ranked_collectively() {
        return Ok(RosterCheck::NotApplicable);
    }
    if app.store.roster_size(&contest.id, &organization.id).await?.is_none() {
        return Ok(RosterCheck::NoList);
    }
    let birth_year = registration.birth_year.ok_or_else(|| {
        FieldError::new(
            "INVALID_BIRTH_YEAR",
            "birth_year",
            "Đơn vị của bạn đăng ký theo danh sách cán bộ: vui lòng nhập năm sinh để đối chiếu.",
        )
    })?;
    let name_key = normalized_name(registration.full_name.as_str());
    let candidates = app.store.roster_candidates(&contest.id, &organization.id, &name_key, birth_year.value()).await?;
    let matching: Vec<_> = candidates
        .into_iter()
        .filter(|entry| entry.phone.as_deref().is_none_or(|phone| phone == registration.phone.as_str()))
        .collect();
    if matching.is_empty() {
        return Err(Error::NotOnRoster);
    }
    let unclaimed = matching.iter().find(|entry| entry.participant_id.is_none()).ok_or(Error::RosterEntryTaken)?;
    Ok(RosterCheck::Claim { organization_id: organization.id.clone(), entry_sort_key: unclaimed.sort_key() })
}

/// Writes the account, claiming the staff-list entry in the same
/// transaction; a claim lost to a concurrent registration tries the next
/// matching entry, if any.
async fn create_account(
    app: &App,
    contest: &Contest,
    pid: &ParticipantId,
    registration: &Registration,
    password_hash: &str,
) -> Result<(), Error> {
    let now = app.clock.now();
    let mut roster = roster_check(app, contest, registration).await?;
    for _ in 0..MAX_CLAIM_TRIES {
        match app.store.register(&contest.id, pid, registration, password_hash, &roster, now).await? {
            Ok(()) => {
                tracing::info!(participant = %pid, contest = %contest.id, "registered");
                return Ok(());
            }
            Err(RegisterRejection::Barred) => return Err(Error::PhoneBarred),
            Err(RegisterRejection::PhoneTaken) => return Err(Error::PhoneAlreadyRegistered),
            Err(RegisterRejection::RosterEntryTaken | RegisterRejection::RosterChanged) => {
                roster = roster_check(app, contest, registration).await?;
            }
        }
    }
    Err(Error::RosterEntryTaken)
}

fn session(token: String, pid: ParticipantId, registration: Registration) -> Session {
    Session {
        token,
        participant: SessionParticipant {
            id: pid,
            full_name: registration.full_name.as_str().to_owned(),
            organization_id: registration.organization_id,
        },
    }
}

/// What waits, with the code, for the participant to type it: the
/// registration and the password's hash (never the password).
#[derive(Serialize, Deserialize)]
struct PendingSignup {
    full_name: String,
    phone: String,
    organization_id: OrganizationId,
    birth_year: Option<u16>,
    email: Option<String>,
    password_hash: String,
    #[serde(default)]
    consent_version: String,
}

/// Explicit consent to the notice as it is now (Nghị định 13/2023: consent
/// is given to a stated text; a changed notice must be read again).
fn consented_version(contest: &Contest, request: &RegisterRequest) -> Result<String, Error> {
    let current = contest.privacy_notice_version();
    match (request.consent, request.privacy_notice_version.as_deref()) {
        (Some(true), Some(version)) if version == current => Ok(current),
        (Some(true), Some(_)) => Err(Error::ConsentRequired { notice_changed: true }),
        _ => Err(Error::ConsentRequired { notice_changed: false }),
    }
}

fn code_hash(verification_id: &str, code: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(format!("{verification_id}:{code}")).iter().map(|b| format!("{b:02x}")).collect()
}

async fn start_verification(
    app: &App,
    contest: &Contest,
    registration: Registration,
    password: &Password,
) -> Result<PendingVerification, Error> {
    let now = app.clock.now();
    let texts = RateLimit { scope: SMS_SCOPE, limit: SMS_PER_PHONE_PER_HOUR, window_seconds: 3600 };
    let subject = format!("{}#{}", contest.id, registration.phone);
    if let Err(retry_after_seconds) = app.store.take_rate_token(texts, &subject, now).await? {
        return Err(Error::TooManyRequests { retry_after_seconds });
    }
    if app.store.get_account(&contest.id, &registration.phone).await?.is_some() {
        return Err(Error::PhoneAlreadyRegistered);
    }
    let password_hash = password::hash(password.expose().to_owned()).await?;
    let verification_id = uuid::Uuid::new_v4().simple().to_string();
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    let expires_at = now + chrono::Duration::minutes(CODE_MINUTES);
    let signup = PendingSignup {
        full_name: registration.full_name.as_str().to_owned(),
        phone: registration.phone.as_str().to_owned(),
        organization_id: registration.organization_id.clone(),
        birth_year: registration.birth_year.map(BirthYear::value),
        email: registration.email.as_ref().map(|e| e.as_str().to_owned()),
        consent_version: registration.consent_version.clone(),
        password_hash,
    };
    let pending = PendingRegistration {
        payload: serde_json::to_vec(&signup).map_err(Error::internal)?,
        code_hash: code_hash(&verification_id, &code),
        expires_at,
        wrong_codes: 0,
    };
    app.store.put_pending_registration(&contest.id, &verification_id, &pending).await?;
    let text = format!("Ma xac minh dang ky cuoc thi {}: {code}. Ma co hieu luc {CODE_MINUTES} phut.", contest.id);
    app.sms.send(&registration.phone, &text).await?;
    Ok(PendingVerification { verification_id, expires_at: format_vietnam(expires_at) })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// As the registration answered it.
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub verification_id: String,
    /// The six digits the SMS carried.
    #[schema(pattern = "^[0-9]{6}$")]
    pub code: String,
}

/// Completes a registration with the code sent by SMS. Five wrong codes
/// void it.
pub async fn verify(app: &App, cid: &ContestId, request: VerifyRequest) -> Result<Session, Error> {
    let contest = app.contest(cid).await?;
    let now = app.clock.now();
    let verification_id = request.verification_id.trim();
    let code = request.code.trim();
    if verification_id.len() != 32 || !verification_id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(Error::InvalidJson("trường «verification_id»: không phải mã xác minh đã cấp".into()));
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::InvalidJson("trường «code»: mã xác minh gồm 6 chữ số".into()));
    }
    let pending = app
        .store
        .pending_registration(&contest.id, verification_id)
        .await?
        .filter(|p| p.expires_at > now && p.wrong_codes < MAX_WRONG_CODES)
        .ok_or(Error::VerificationExpired)?;
    if !constant_time_equal(&code_hash(verification_id, code), &pending.code_hash) {
        return match app.store.count_wrong_code(&contest.id, verification_id, MAX_WRONG_CODES).await? {
            Some(wrong) if wrong < MAX_WRONG_CODES => {
                Err(Error::VerificationCodeInvalid { remaining: MAX_WRONG_CODES - wrong })
            }
            _ => Err(Error::VerificationExpired),
        };
    }
    if !app.store.take_pending_registration(&contest.id, verification_id).await? {
        return Err(Error::VerificationExpired);
    }
    let signup: PendingSignup = serde_json::from_slice(&pending.payload).map_err(Error::internal)?;
    let registration = Registration {
        full_name: FullName::parse(&signup.full_name)?,
        phone: Phone::parse(&signup.phone)?,
        organization_id: signup.organization_id,
        birth_year: signup.birth_year.map(|year| BirthYear::parse(i64::from(year), now.date_naive())).transpose()?,
        email: signup.email.as_deref().map(Email::parse).transpose()?,
        consent_version: signup.consent_version,
    };
    let pid = ParticipantId::generate();
    let token = app.tokens.issue(&contest.id, &pid, 0, now).await?;
    create_account(app, &contest, &pid, &registration, &signup.password_hash).await?;
    Ok(session(token, pid, registration))
}

fn constant_time_equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ParticipantLoginRequest)]
pub struct LoginRequest {
    pub phone: String,
    pub password: String,
}

/// Unknown phone and wrong password get the same answer after the same
/// work, so the endpoint cannot tell anyone which phones are registered.
/// A slot is taken atomically before the password is verified: at most five
/// verifications per phone (registered or not) in 15 minutes, however many
/// requests arrive at once; the fifth failure locks the phone for 15 minutes.
pub async fn login(app: &App, cid: &ContestId, request: LoginRequest) -> Result<Session, Error> {
    let contest = app.contest(cid).await?;
    let phone = Phone::parse(&request.phone)?;
    if request.password.len() > contest_domain::registration::MAX_PASSWORD_BYTES {
        return Err(Error::InvalidParticipantCredentials);
    }
    let now = app.clock.now();
    let throttle = ThrottleKey::phone(&contest.id, &phone);
    let limit = Limit::per_account();
    let count = match app.store.reserve_login(&throttle, limit, now).await? {
        Reservation::Granted { count } => count,
        Reservation::Locked { until } => return Err(Error::login_locked(until, now)),
    };
    let account = app.store.get_account(&contest.id, &phone).await?;
    let stored_hash = account.as_ref().map(|a| a.password_hash.clone());
    if !password::verify(request.password, stored_hash).await {
        app.store.login_failed(&throttle, count, limit, now).await?;
        return Err(Error::InvalidParticipantCredentials);
    }
    let account = account.expect("verification succeeds only for a known account");
    let (cleared, profile) = tokio::join!(
        app.store.clear_login_failures(&throttle),
        app.store.get_profile(&contest.id, &account.participant_id),
    );
    cleared?;
    let profile = profile?.ok_or(Error::InvalidParticipantCredentials)?;
    let token = app.tokens.issue(&contest.id, &account.participant_id, profile.token_version, now).await?;
    Ok(Session {
        token,
        participant: SessionParticipant {
            id: account.participant_id,
            full_name: profile.full_name,
            organization_id: profile.organization_id,
        },
    })
}

/// The participant's profile, per-round allowance and attempts, from one Query.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyOverview {
    pub participant: MyProfile,
    /// The attempt that still takes answers, if any. An attempt past its
    /// answers window is over, even before the job or a read has closed it.
    pub active_attempt_id: Option<AttemptId>,
    pub rounds: Vec<MyRound>,
    pub attempts: Vec<MyAttempt>,
    pub server_time: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyProfile {
    pub id: ParticipantId,
    pub full_name: String,
    pub organization_id: OrganizationId,
    pub organization_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyRound {
    pub round_id: RoundId,
    pub attempts_used: u32,
    /// 0 once the round has closed; null for a practice round (unlimited).
    pub attempts_remaining: Option<u32>,
    pub practice: bool,
    pub best_score: Option<u32>,
    pub best_duration_ms: Option<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyAttempt {
    pub id: AttemptId,
    pub round_id: RoundId,
    pub status: AttemptStatus,
    pub started_at: String,
    pub deadline: String,
    pub score: Option<u32>,
    pub total: u32,
    pub duration_ms: Option<i64>,
    pub submitted_at: Option<String>,
    /// The review (each question, the right answer, its source) can be
    /// read: a finished practice attempt, or a real round that has closed.
    pub review_available: bool,
    /// A result finished faster than plausible waits for the committee:
    /// `pending`, then `accepted` or `rejected`; null for the others.
    pub committee_review: Option<ReviewStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Pending,
    Accepted,
    Rejected,
}

pub async fn me(app: &App, who: &Participant, cid: &ContestId) -> Result<MyOverview, Error> {
    let contest = app.contest(cid).await?;
    who.require_contest(&contest.id)?;
    let (profile, attempts) =
        app.store.participant_overview(&contest.id, &who.id).await?.ok_or(Error::Unauthenticated)?;
    if profile.token_version != who.token_version {
        return Err(Error::Unauthenticated);
    }
    let max = contest.limits.max_attempts_per_round;
    let now = app.clock.now();
    let rounds = contest
        .rounds
        .iter()
        .map(|round| {
            let used = profile.attempts_in_round(&round.id);
            let best = attempts
                .iter()
                .filter(|a| a.round_id == round.id)
                .filter_map(|a| a.result.as_ref())
                .min_by(|a, b| b.score.cmp(&a.score).then(a.duration_ms.cmp(&b.duration_ms)));
            let remaining = match round.status_at(now) {
                _ if round.practice => None,
                RoundStatus::Closed => Some(0),
                _ => Some(max.saturating_sub(used)),
            };
            MyRound {
                round_id: round.id.clone(),
                attempts_used: used,
                attempts_remaining: remaining,
                practice: round.practice,
                best_score: best.map(|b| b.score),
                best_duration_ms: best.map(|b| b.duration_ms),
            }
        })
        .collect();
    let attempts = attempts
        .iter()
        .map(|attempt| MyAttempt {
            id: attempt.attempt_id.clone(),
            round_id: attempt.round_id.clone(),
            status: attempt.status,
            started_at: format_vietnam(attempt.clock.started_at),
            deadline: format_vietnam(attempt.clock.deadline),
            score: attempt.result.as_ref().map(|r| r.score),
            total: attempt.total,
            duration_ms: attempt.result.as_ref().map(|r| r.duration_ms),
            submitted_at: attempt.result.as_ref().map(|r| format_vietnam(r.finished_at)),
            review_available: crate::attempts::review_available(&contest, attempt, now),
            committee_review: match (attempt.flags.is_empty(), attempt.review) {
                (true, _) => None,
                (false, None) => Some(ReviewStatus::Pending),
                (false, Some(contest_domain::attempt::ReviewDecision::Accepted)) => Some(ReviewStatus::Accepted),
                (false, Some(contest_domain::attempt::ReviewDecision::Rejected)) => Some(ReviewStatus::Rejected),
            },
        })
        .collect();
    Ok(MyOverview {
        participant: MyProfile {
            id: profile.participant_id,
            organization_name: contest.organization(&profile.organization_id).map(|o| o.name.clone()),
            full_name: profile.full_name,
            organization_id: profile.organization_id,
        },
        active_attempt_id: profile
            .active_attempt
            .filter(|(_, closes_at)| *closes_at >= now.timestamp_millis())
            .map(|(aid, _)| aid),
        rounds,
        attempts,
        server_time: format_vietnam(now),
    })
}

/// Logs the participant out everywhere: every token issued so far stops
/// working (the profile's token version goes up, and with it the attempt in
/// progress's). Logging out with a token already revoked is refused like
/// any revoked token.
pub async fn logout(app: &App, who: &Participant, cid: &ContestId) -> Result<(), Error> {
    who.require_contest(cid)?;
    if !app.store.revoke_participant_tokens(cid, &who.id, who.token_version).await? {
        return Err(Error::Unauthenticated);
    }
    tracing::info!(participant = %who.id, contest = %cid, "logged out");
    Ok(())
}
