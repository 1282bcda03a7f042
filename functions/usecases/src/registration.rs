//! What a participant does before and around attempts: read the contest,
//! register, log in, and see their own overview.

use chrono::{DateTime, Utc};
use contest_domain::attempt::AttemptStatus;
use contest_domain::contest::{Contest, Organization, Round, RoundStatus};
use contest_domain::registration::{
    parse_organization_id, unknown_organization, BirthYear, Email, FullName, Password, Registration,
};
use contest_domain::time::format_vietnam;
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, Phone, RoundId};
use contest_store::participants::RegisterRejection;
use contest_store::throttle::{Limit, Reservation, ThrottleKey};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::{password, App, Error, Participant};

/// What anyone may read about a contest. Serialized straight from the
/// cached contest: the page's first request is often a container's first,
/// and copying the rules and organization names first was a measurable
/// part of it.
pub struct ContestInfo {
    contest: Arc<Contest>,
    now: DateTime<Utc>,
}

impl Serialize for ContestInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ContestInfoView::new(&self.contest, self.now).serialize(serializer)
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
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganizationInfo<'a> {
    #[schema(value_type = String)]
    id: &'a OrganizationId,
    name: &'a str,
    group: &'a str,
}

impl<'a> ContestInfoView<'a> {
    fn new(contest: &'a Contest, now: DateTime<Utc>) -> Self {
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
        }
    }
}

impl<'a> OrganizationInfo<'a> {
    fn new(org: &'a Organization) -> Self {
        Self { id: &org.id, name: &org.name, group: &org.group }
    }
}

pub async fn contest_info(app: &App, cid: &ContestId) -> Result<ContestInfo, Error> {
    Ok(ContestInfo { contest: app.contest(cid).await?, now: app.clock.now() })
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
    /// 1900 to this year − 6.
    #[serde(default)]
    #[schema(minimum = 1900)]
    pub birth_year: Option<i64>,
    /// Optional; blank counts as absent.
    #[serde(default)]
    pub email: Option<String>,
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

pub async fn register(app: &App, cid: &ContestId, request: RegisterRequest) -> Result<Session, Error> {
    let contest = app.contest(cid).await?;
    let now = app.clock.now();
    let organization_id = parse_organization_id(&request.organization_id)?;
    let organization = contest.organization(&organization_id).ok_or_else(unknown_organization)?;
    let registration = Registration {
        full_name: FullName::parse(&request.full_name)?,
        phone: Phone::parse(&request.phone)?,
        password: Password::parse(&request.password)?,
        organization_id: organization.id.clone(),
        birth_year: request.birth_year.map(|year| BirthYear::parse(year, now.date_naive())).transpose()?,
        email: request.email.as_deref().filter(|e| !e.trim().is_empty()).map(Email::parse).transpose()?,
    };

    let pid = ParticipantId::generate();
    // The token does not depend on the hash, so it is signed while a blocking
    // thread hashes. Both before the account is stored: a signing key that
    // cannot be read must not leave an account behind that the answer never
    // told about.
    let (password_hash, token) = tokio::join!(
        password::hash(registration.password.expose().to_owned()),
        app.tokens.issue(&contest.id, &pid, 0, now),
    );
    let (password_hash, token) = (password_hash?, token?);
    match app.store.register(&contest.id, &pid, &registration, &password_hash, now).await? {
        Ok(()) => {}
        Err(RegisterRejection::Barred) => return Err(Error::PhoneBarred),
        Err(RegisterRejection::PhoneTaken) => return Err(Error::PhoneAlreadyRegistered),
    }
    tracing::info!(participant = %pid, contest = %contest.id, "registered");
    Ok(Session {
        token,
        participant: SessionParticipant {
            id: pid,
            full_name: registration.full_name.as_str().to_owned(),
            organization_id: organization.id.clone(),
        },
    })
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
    pub attempts_remaining: u32,
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
            MyRound {
                round_id: round.id.clone(),
                attempts_used: used,
                attempts_remaining: max.saturating_sub(used),
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
        })
        .collect();
    let now = app.clock.now();
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
