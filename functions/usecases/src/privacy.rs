//! A participant's rights over their personal data (Nghị định 13/2023/NĐ-CP):
//! seeing everything stored about them, withdrawing consent (their data is
//! erased), the committee erasing on request, and the erasure of a whole
//! contest's personal data when its retention period ends.

use chrono::{DateTime, Utc};
use contest_domain::attempt::AttemptStatus;
use contest_domain::contest::Contest;
use contest_domain::time::{format_vietnam, from_millis};
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, Phone, RoundId};
use contest_store::directory::DirectoryFilter;
use contest_store::erasure::Erasure;
use contest_store::throttle::{Limit, Reservation, ThrottleKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::organizer::results::redecide_rounds;
use crate::{password, App, Error, Participant};

/// Who the audit log names for a participant's own actions.
const PARTICIPANT_ACTOR: &str = "người dự thi";
/// Participants erased per run of the closing job; the next run goes on.
const ERASURES_PER_RUN: usize = 500;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyData {
    pub contest_id: ContestId,
    pub contest_title: String,
    /// Vietnam time of this copy.
    pub exported_at: String,
    pub profile: MyDataProfile,
    pub consent: Option<MyConsent>,
    /// Oldest first, with every answer as it was saved.
    pub attempts: Vec<MyDataAttempt>,
    /// Prizes in published winners lists.
    pub prizes: Vec<MyPrize>,
    /// When this data is erased unless the person withdraws earlier.
    pub erased_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyDataProfile {
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub phone: String,
    pub organization_id: OrganizationId,
    pub organization_name: Option<String>,
    pub birth_year: Option<u16>,
    pub email: Option<String>,
    pub registered_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyConsent {
    pub given_at: Option<String>,
    /// The privacy notice's version consented to.
    pub privacy_notice_version: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyDataAttempt {
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub round_name: Option<String>,
    pub status: AttemptStatus,
    pub started_at: String,
    pub submitted_at: Option<String>,
    pub score: Option<u32>,
    pub total: u32,
    pub duration_ms: Option<i64>,
    pub prediction: Option<u64>,
    pub answers: Vec<MyAnswer>,
}

/// A question of the attempt and the option chosen (the right answers are
/// in each attempt's review once its round has closed).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyAnswer {
    pub question: String,
    /// Null: not answered.
    pub answer: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyPrize {
    pub round_id: RoundId,
    pub round_name: Option<String>,
    /// "Giải Nhất", "Giải Nhì" or "Giải Ba".
    pub prize: String,
    pub rank: u32,
}

/// Everything stored about the participant, as one JSON document. The
/// download is recorded in the audit log (a look at personal data).
pub async fn my_data(app: &App, who: &Participant, cid: &ContestId) -> Result<MyData, Error> {
    let contest = app.fresh_contest(cid).await?;
    who.require_contest(&contest.id)?;
    let (profile, attempts) =
        app.store.participant_overview(&contest.id, &who.id).await?.ok_or(Error::Unauthenticated)?;
    let ids: Vec<_> = attempts.iter().map(|a| (who.id.clone(), a.attempt_id.clone())).collect();
    let mut papers = app.store.attempts_with_papers(&contest.id, &ids).await?;
    papers.sort_by_key(|a| a.clock.started_at);
    let round_name = |rid: &RoundId| contest.round(rid).map(|r| r.name.clone());
    let attempts = papers
        .into_iter()
        .map(|attempt| MyDataAttempt {
            round_name: round_name(&attempt.round_id),
            started_at: format_vietnam(attempt.clock.started_at),
            submitted_at: attempt.result.as_ref().map(|r| format_vietnam(r.finished_at)),
            score: attempt.result.as_ref().map(|r| r.score),
            duration_ms: attempt.result.as_ref().map(|r| r.duration_ms),
            prediction: attempt.result.as_ref().and_then(|r| r.prediction),
            total: attempt.total,
            status: attempt.status,
            answers: attempt
                .questions
                .iter()
                .map(|q| MyAnswer {
                    question: q.text.clone(),
                    answer: attempt
                        .answers
                        .get(&q.id)
                        .and_then(|chosen| q.options.iter().find(|o| &o.id == chosen))
                        .map(|o| o.text.clone()),
                })
                .collect(),
            attempt_id: attempt.attempt_id,
            round_id: attempt.round_id,
        })
        .collect();
    let prizes = app
        .store
        .all_winners(&contest.id)
        .await?
        .into_iter()
        .filter(|(_, stored)| stored.published)
        .flat_map(|(rid, stored)| {
            stored.winners.into_iter().filter(|w| w.candidate.participant_id == who.id).map(move |w| (rid.clone(), w))
        })
        .map(|(rid, w)| MyPrize {
            round_name: round_name(&rid),
            prize: w.prize.label().to_owned(),
            rank: w.rank,
            round_id: rid,
        })
        .collect();
    let now = app.clock.now();
    let data = MyData {
        contest_id: contest.id.clone(),
        contest_title: contest.title.clone(),
        exported_at: format_vietnam(now),
        profile: MyDataProfile {
            participant_id: profile.participant_id.clone(),
            organization_name: contest.organization(&profile.organization_id).map(|o| o.name.clone()),
            full_name: profile.full_name,
            phone: profile.phone,
            organization_id: profile.organization_id,
            birth_year: profile.birth_year,
            email: profile.email,
            registered_at: from_millis(profile.created_at_ms).map(format_vietnam),
        },
        consent: profile.consent.map(|(at, version)| MyConsent {
            given_at: from_millis(at).map(format_vietnam),
            privacy_notice_version: version,
        }),
        attempts,
        prizes,
        erased_at: contest.personal_data_erased_at().map(format_vietnam),
    };
    record_participant_action(app, &contest.id, "participant.data_download", &who.id, now).await?;
    Ok(data)
}

async fn record_participant_action(
    app: &App,
    cid: &ContestId,
    action: &str,
    pid: &ParticipantId,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let detail = serde_json::json!({ "participant_id": pid });
    app.store.record_audit(cid, PARTICIPANT_ACTOR, action, &detail, now).await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// The account's password, so a borrowed phone cannot erase someone.
    pub password: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Withdrawn {
    pub message: String,
}

/// Withdraws consent: the participant's personal data is erased at once
/// (the password confirms it; wrong passwords count like log-in failures).
pub async fn withdraw(
    app: &App,
    who: &Participant,
    cid: &ContestId,
    request: WithdrawRequest,
) -> Result<Withdrawn, Error> {
    let contest = app.fresh_contest(cid).await?;
    who.require_contest(&contest.id)?;
    let profile = app.store.get_profile(&contest.id, &who.id).await?.ok_or(Error::Unauthenticated)?;
    let phone = Phone::parse(&profile.phone).map_err(|_| Error::Unauthenticated)?;
    let now = app.clock.now();
    let throttle = ThrottleKey::phone(&contest.id, &phone);
    let limit = Limit::per_account();
    let count = match app.store.reserve_login(&throttle, limit, now).await? {
        Reservation::Granted { count } => count,
        Reservation::Locked { until } => return Err(Error::login_locked(until, now)),
    };
    let account = app.store.get_account(&contest.id, &phone).await?.filter(|a| a.participant_id == who.id);
    if request.password.len() > contest_domain::registration::MAX_PASSWORD_BYTES
        || !password::verify(request.password, account.map(|a| a.password_hash)).await
    {
        app.store.login_failed(&throttle, count, limit, now).await?;
        return Err(Error::WrongPassword);
    }
    app.store.clear_login_failures(&throttle).await?;
    erase(app, &contest, &who.id, now).await?;
    record_participant_action(app, &contest.id, "participant.withdraw", &who.id, now).await?;
    tracing::info!(participant = %who.id, "participant withdrew; personal data erased");
    Ok(Withdrawn {
        message:
            "Dữ liệu cá nhân của bạn đã được xóa và bạn đã rút khỏi cuộc thi. Các bài thi được giữ lại ở dạng ẩn danh \
                  cho số liệu thống kê."
                .into(),
    })
}

/// Erases one participant and recomputes the unpublished winners of the
/// rounds they took part in (a published list is a public record and stays
/// as it was). Returns whether anything was erased.
pub async fn erase(app: &App, contest: &Contest, pid: &ParticipantId, now: DateTime<Utc>) -> Result<bool, Error> {
    let rounds: Vec<RoundId> = app
        .store
        .participant_overview(&contest.id, pid)
        .await?
        .map(|(_, attempts)| attempts.into_iter().map(|a| a.round_id).collect::<BTreeSet<_>>().into_iter().collect())
        .unwrap_or_default();
    let erased = match app.store.erase_participant(&contest.id, pid, now).await? {
        Erasure::Erased => true,
        Erasure::AlreadyErased => false,
        Erasure::NotFound => return Err(Error::ParticipantNotFound),
    };
    for round in &rounds {
        crate::organizer::reviews::recompute_best(app, contest, pid, round).await?;
    }
    redecide_rounds(app, contest, &rounds, false, true).await?;
    Ok(erased)
}

/// What the closing job did for a contest whose retention period ended.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    pub participants_erased: usize,
    pub export_files_deleted: usize,
    /// Everyone is erased and the exports are gone.
    pub complete: bool,
}

/// Once a contest's retention period has passed: erases every participant's
/// personal data (a few hundred per run), then deletes its exports, and
/// records it in the audit log. Does nothing before, or once done.
pub async fn apply_retention(
    app: &App,
    contest: &Contest,
    now: DateTime<Utc>,
    actor: &str,
) -> Result<Option<RetentionReport>, Error> {
    let Some(due) = contest.personal_data_erased_at() else { return Ok(None) };
    if now < due || app.store.personal_data_erased_at(&contest.id).await?.is_some() {
        return Ok(None);
    }
    let page = app.store.search_participants(&contest.id, &DirectoryFilter::default(), None, ERASURES_PER_RUN).await?;
    let mut report = RetentionReport::default();
    for listing in &page.participants {
        if erase(app, contest, &listing.participant_id, now).await? {
            report.participants_erased += 1;
        }
    }
    if page.next_cursor.is_none() {
        report.export_files_deleted = app.store.delete_exports(&contest.id).await?;
        app.store.mark_personal_data_erased(&contest.id, now).await?;
        report.complete = true;
    }
    let detail = serde_json::to_value(&report).map_err(Error::internal)?;
    app.store.record_audit(&contest.id, actor, "personal_data.retention_erase", &detail, now).await?;
    tracing::info!(contest = %contest.id, ?report, "personal data retention applied");
    Ok(Some(report))
}
