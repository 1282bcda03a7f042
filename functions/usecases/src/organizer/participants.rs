//! The committee's help desk: finding a participant (by phone in any form,
//! by name typed without diacritics, by unit), seeing their attempts,
//! correcting what they typed, giving them a one-time code to reset a
//! forgotten password, and disqualifying or reinstating them. Every change
//! and every look at a profile is audited.

use contest_domain::account::{search_key, ResetCode};
use contest_domain::attempt::{AttemptFlag, AttemptStatus, ReviewDecision};
use contest_domain::registration::{BirthYear, FullName};
use contest_domain::time::{format_vietnam, from_millis};
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, Phone, RoundId};
use contest_store::directory::{
    BarReason, DirectoryCursor, DirectoryFilter, Disqualification, EditOutcome, Listing, ProfileEdit,
};
use contest_store::participants::Profile;
use contest_store::reset::StoredResetCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::results::{redecide_rounds, require_confirmation_for_rounds};
use super::reviews::recompute_best;
use crate::{App, Error, Organizer};

/// Participants per page of a search.
pub const PAGE_SIZE: usize = 50;
/// How long an assisted reset code stays valid.
pub const RESET_CODE_HOURS: i64 = 24;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantSummary {
    pub participant_id: ParticipantId,
    pub full_name: String,
    /// National form (0912345678).
    pub phone: String,
    pub organization_id: OrganizationId,
    pub birth_year: Option<u16>,
    /// Vietnam time.
    pub registered_at: Option<String>,
    pub attempts_finished: u32,
    pub disqualified: bool,
    /// On the exclusion list (or disqualified): out of every ranking.
    pub barred: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantSearch {
    pub participants: Vec<ParticipantSummary>,
    /// Pass as `cursor` for the next page; null on the last.
    pub next_cursor: Option<String>,
}

/// `q`: a phone number in any usual form (or at least 3 of its digits), or
/// part of a name, with or without diacritics.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Phone (0912345678, +84 912 345 678, 345678) or name ("nguyen van").
    #[serde(default)]
    pub q: Option<String>,
    /// Only this unit's participants.
    #[serde(default)]
    pub organization: Option<String>,
    /// From a previous page's `next_cursor`.
    #[serde(default)]
    pub cursor: Option<String>,
}

fn directory_filter(contest: &contest_domain::contest::Contest, query: &SearchQuery) -> Result<DirectoryFilter, Error> {
    let mut filter = DirectoryFilter::default();
    if let Some(raw) = query.organization.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        let oid = OrganizationId::parse(raw).map_err(|_| Error::OrganizationNotFound)?;
        contest.organization(&oid).ok_or(Error::OrganizationNotFound)?;
        filter.organization_id = Some(oid);
    }
    let text = query.q.as_deref().map(str::trim).unwrap_or_default();
    if text.chars().count() > 100 {
        return Err(Error::InvalidQuery("q: tối đa 100 ký tự".into()));
    }
    let phone_like = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    if phone_like {
        match Phone::parse(text) {
            Ok(phone) => filter.phone = Some(phone.as_str().to_owned()),
            Err(_) => {
                let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                // "84912…" without the plus is a whole number too.
                let digits = match digits.strip_prefix("84") {
                    Some(rest) if digits.len() == 11 => format!("0{rest}"),
                    _ => digits,
                };
                if digits.len() < 3 {
                    return Err(Error::InvalidQuery("q: cần ít nhất 3 chữ số của số điện thoại".into()));
                }
                filter.phone_digits = Some(digits);
            }
        }
    } else if !text.is_empty() {
        filter.name_key = Some(search_key(text));
    }
    Ok(filter)
}

fn registered_at(ms: i64) -> Option<String> {
    from_millis(ms).map(format_vietnam)
}

pub async fn search(app: &App, cid: &ContestId, query: SearchQuery) -> Result<ParticipantSearch, Error> {
    let contest = app.fresh_contest(cid).await?;
    let filter = directory_filter(&contest, &query)?;
    let cursor = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(raw) => {
            Some(DirectoryCursor::parse(raw).ok_or_else(|| Error::InvalidQuery("cursor không hợp lệ".into()))?)
        }
        None => None,
    };
    let page = app.store.search_participants(&contest.id, &filter, cursor.as_ref(), PAGE_SIZE).await?;
    let ids: Vec<ParticipantId> = page.participants.iter().map(|p| p.participant_id.clone()).collect();
    let finished: std::collections::HashMap<ParticipantId, u32> = app
        .store
        .profiles(&contest.id, &ids)
        .await?
        .into_iter()
        .map(|profile| (profile.participant_id, profile.finished_attempts))
        .collect();
    let participants = page
        .participants
        .into_iter()
        .map(|listing: Listing| ParticipantSummary {
            attempts_finished: finished.get(&listing.participant_id).copied().unwrap_or_default(),
            participant_id: listing.participant_id,
            full_name: listing.full_name,
            phone: listing.phone,
            organization_id: listing.organization_id,
            birth_year: listing.birth_year,
            registered_at: registered_at(listing.registered_at_ms),
            disqualified: listing.disqualified,
            barred: listing.barred,
        })
        .collect();
    Ok(ParticipantSearch { participants, next_cursor: page.next_cursor })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantAttempt {
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub status: AttemptStatus,
    pub started_at: String,
    pub score: Option<u32>,
    pub total: u32,
    pub duration_ms: Option<i64>,
    pub submitted_at: Option<String>,
    pub flags: Vec<AttemptFlag>,
    pub review: Option<ReviewDecision>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DisqualificationView {
    pub reason: String,
    pub by: String,
    pub at: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantDetail {
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub phone: String,
    pub organization_id: OrganizationId,
    pub birth_year: Option<u16>,
    pub email: Option<String>,
    pub registered_at: Option<String>,
    pub attempts_finished: u32,
    pub barred: bool,
    /// On the contest's exclusion list.
    pub excluded: bool,
    pub disqualified: bool,
    pub disqualification: Option<DisqualificationView>,
    /// Oldest first.
    pub attempts: Vec<ParticipantAttempt>,
}

fn detail(profile: Profile, attempts: Vec<contest_store::attempts::AttemptRecord>) -> ParticipantDetail {
    ParticipantDetail {
        registered_at: registered_at(profile.created_at_ms),
        attempts_finished: profile.finished_attempts,
        excluded: profile.bar_reasons.contains(&BarReason::Excluded),
        disqualified: profile.bar_reasons.contains(&BarReason::Disqualified),
        disqualification: profile.disqualification.map(|d| DisqualificationView {
            reason: d.reason,
            by: d.by,
            at: from_millis(d.at_ms).map(format_vietnam),
        }),
        barred: profile.barred,
        participant_id: profile.participant_id,
        full_name: profile.full_name,
        phone: profile.phone,
        organization_id: profile.organization_id,
        birth_year: profile.birth_year,
        email: profile.email,
        attempts: attempts
            .into_iter()
            .map(|a| ParticipantAttempt {
                started_at: format_vietnam(a.clock.started_at),
                score: a.result.as_ref().map(|r| r.score),
                total: a.total,
                duration_ms: a.result.as_ref().map(|r| r.duration_ms),
                submitted_at: a.result.as_ref().map(|r| format_vietnam(r.finished_at)),
                flags: a.flags,
                review: a.review,
                attempt_id: a.attempt_id,
                round_id: a.round_id,
                status: a.status,
            })
            .collect(),
    }
}

async fn load(app: &App, cid: &ContestId, pid: &ParticipantId) -> Result<ParticipantDetail, Error> {
    let (profile, attempts) = app.store.participant_overview(cid, pid).await?.ok_or(Error::ParticipantNotFound)?;
    if profile.erased {
        return Err(Error::ParticipantNotFound);
    }
    Ok(detail(profile, attempts))
}

/// A participant's profile with every attempt. Looking at someone's
/// personal data is itself recorded.
pub async fn get(app: &App, who: &Organizer, cid: &ContestId, pid: &ParticipantId) -> Result<ParticipantDetail, Error> {
    let contest = app.fresh_contest(cid).await?;
    let found = load(app, &contest.id, pid).await?;
    #[derive(Serialize)]
    struct Viewed<'a> {
        participant_id: &'a ParticipantId,
    }
    super::record(app, cid, who, "participant.view", Viewed { participant_id: pid }).await?;
    Ok(found)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantEdit {
    #[schema(pattern = "\\S", max_length = 100)]
    pub full_name: String,
    pub organization_id: String,
    /// Null removes it.
    #[serde(default)]
    pub birth_year: Option<u16>,
}

/// Corrects a profile. A change of unit moves the person in the tallies and
/// frees the staff-list entry they claimed; leaderboards, attempts and
/// unpublished winners show the new name and unit.
pub async fn edit(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    pid: &ParticipantId,
    request: ParticipantEdit,
) -> Result<ParticipantDetail, Error> {
    let contest = app.fresh_contest(cid).await?;
    let full_name = FullName::parse(&request.full_name)?;
    let organization_id = OrganizationId::parse(request.organization_id.trim())
        .ok()
        .filter(|oid| contest.organization(oid).is_some())
        .ok_or_else(contest_domain::registration::unknown_organization)?;
    let birth_year = match request.birth_year {
        Some(year) => Some(
            BirthYear::parse(i64::from(year), contest_domain::time::in_vietnam(app.clock.now()).date_naive())?.value(),
        ),
        None => None,
    };
    let before = load(app, &contest.id, pid).await?;
    let edit = ProfileEdit { full_name: full_name.as_str().to_owned(), organization_id, birth_year };
    if app.store.edit_profile(&contest.id, pid, &edit).await? == EditOutcome::NotFound {
        return Err(Error::ParticipantNotFound);
    }
    let organization_name = contest.organization(&edit.organization_id).map_or("", |o| o.name.as_str());
    app.store.refresh_participant_copies(&contest.id, pid, Some(organization_name)).await?;
    // Unpublished winners lists carry the name and unit: recompute them.
    let decided: BTreeSet<RoundId> = before.attempts.iter().map(|a| a.round_id.clone()).collect();
    let redecided = redecide_rounds(app, &contest, &decided.into_iter().collect::<Vec<_>>(), false, true).await?;
    let after = load(app, &contest.id, pid).await?;

    #[derive(Serialize)]
    struct Fields<'a> {
        full_name: &'a str,
        organization_id: &'a OrganizationId,
        birth_year: Option<u16>,
    }
    #[derive(Serialize)]
    struct Edited<'a> {
        participant_id: &'a ParticipantId,
        before: Fields<'a>,
        after: Fields<'a>,
        winners_recomputed: &'a [RoundId],
    }
    let detail = Edited {
        participant_id: pid,
        before: Fields {
            full_name: &before.full_name,
            organization_id: &before.organization_id,
            birth_year: before.birth_year,
        },
        after: Fields {
            full_name: &after.full_name,
            organization_id: &after.organization_id,
            birth_year: after.birth_year,
        },
        winners_recomputed: &redecided.recomputed,
    };
    super::record(app, cid, who, "participant.edit", detail).await?;
    Ok(after)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IssuedResetCode {
    /// 8 characters to read out to the participant; shown once.
    pub code: String,
    /// Vietnam time.
    pub expires_at: String,
}

/// A hash of a reset code, salted with whose it is.
pub(crate) fn reset_code_hash(pid: &ParticipantId, code: &ResetCode) -> String {
    use sha2::Digest;
    let digest =
        sha2::Sha256::new().chain_update(pid.as_str()).chain_update(b"\0").chain_update(code.as_str()).finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Issues a one-time code (valid 24 h) for the committee to give by phone.
/// It replaces any earlier code; only its hash is stored.
pub async fn issue_reset_code(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    pid: &ParticipantId,
) -> Result<IssuedResetCode, Error> {
    let contest = app.fresh_contest(cid).await?;
    load(app, &contest.id, pid).await?;
    let code = ResetCode::generate(&mut rand::rng());
    let now = app.clock.now();
    let expires_at = now + chrono::Duration::hours(RESET_CODE_HOURS);
    let stored = StoredResetCode { code_hash: reset_code_hash(pid, &code), expires_at };
    app.store.put_reset_code(&contest.id, pid, &stored, &who.username, now).await?;
    #[derive(Serialize)]
    struct Issued<'a> {
        participant_id: &'a ParticipantId,
        expires_at: String,
    }
    super::record(
        app,
        cid,
        who,
        "participant.reset_code",
        Issued { participant_id: pid, expires_at: format_vietnam(expires_at) },
    )
    .await?;
    Ok(IssuedResetCode { code: code.as_str().to_owned(), expires_at: format_vietnam(expires_at) })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisqualifyRequest {
    /// Why, for the record and the participant (1–1000 characters).
    #[schema(pattern = "\\S", max_length = 1000)]
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StandingChange {
    pub participant: ParticipantDetail,
    /// Rounds whose winners were recomputed.
    pub winners_recomputed: Vec<RoundId>,
    /// Of those, rounds whose published winners were corrected.
    pub winners_corrected: Vec<RoundId>,
}

/// Disqualifies (`reason` given) or reinstates a participant: out of (or
/// back into) every ranking, tally and winners list. Decided rounds are
/// recomputed; published ones only with `confirm`, as a dated correction.
pub async fn set_disqualified(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    pid: &ParticipantId,
    reason: Option<String>,
    confirmed: bool,
) -> Result<StandingChange, Error> {
    let contest = app.fresh_contest(cid).await?;
    let before = load(app, &contest.id, pid).await?;
    let reason = match reason {
        Some(text) => {
            let text = text.trim().to_owned();
            if text.is_empty() || text.chars().count() > 1000 {
                return Err(Error::InvalidDisqualification);
            }
            Some(text)
        }
        None => None,
    };
    let rounds: Vec<RoundId> =
        before.attempts.iter().map(|a| a.round_id.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    require_confirmation_for_rounds(app, &contest, &rounds, confirmed).await?;
    let now = app.clock.now();
    let record = reason.as_ref().map(|reason| Disqualification {
        reason: reason.clone(),
        by: who.username.clone(),
        at_ms: now.timestamp_millis(),
    });
    app.store
        .set_bar_reason(&contest.id, pid, BarReason::Disqualified, reason.is_some(), record.as_ref())
        .await?
        .ok_or(Error::ParticipantNotFound)?;
    for round in &rounds {
        recompute_best(app, &contest, pid, round).await?;
    }
    let redecided = redecide_rounds(app, &contest, &rounds, confirmed, false).await?;
    let after = load(app, &contest.id, pid).await?;

    #[derive(Serialize)]
    struct Changed<'a> {
        participant_id: &'a ParticipantId,
        full_name: &'a str,
        reason: Option<&'a str>,
        before: bool,
        after: bool,
        winners_recomputed: &'a [RoundId],
        winners_corrected: &'a [RoundId],
    }
    let action = if reason.is_some() { "participant.disqualify" } else { "participant.reinstate" };
    let changed = Changed {
        participant_id: pid,
        full_name: &after.full_name,
        reason: reason.as_deref(),
        before: before.disqualified,
        after: after.disqualified,
        winners_recomputed: &redecided.recomputed,
        winners_corrected: &redecided.corrected,
    };
    super::record(app, cid, who, action, changed).await?;
    Ok(StandingChange {
        participant: after,
        winners_recomputed: redecided.recomputed,
        winners_corrected: redecided.corrected,
    })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Erased {
    pub participant_id: ParticipantId,
    /// False when the data had been erased before.
    pub erased: bool,
}

/// Erases a participant's personal data at their request (as withdrawing
/// from "Trang của tôi" does). Audited; irreversible.
pub async fn erase(app: &App, who: &Organizer, cid: &ContestId, pid: &ParticipantId) -> Result<Erased, Error> {
    let contest = app.fresh_contest(cid).await?;
    let before = load(app, &contest.id, pid).await;
    let erased = crate::privacy::erase(app, &contest, pid, app.clock.now()).await?;
    #[derive(Serialize)]
    struct Record<'a> {
        participant_id: &'a ParticipantId,
        /// Which unit the person was in: the name and phone are gone.
        organization_id: Option<&'a OrganizationId>,
    }
    let organization_id = before.as_ref().ok().map(|b| &b.organization_id);
    super::record(app, cid, who, "participant.erase", Record { participant_id: pid, organization_id }).await?;
    Ok(Erased { participant_id: pid.clone(), erased })
}
