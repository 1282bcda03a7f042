//! Weekly winners as the committee sees them (empty until the round has
//! closed and the closing job decided it), and publishing them.

use contest_domain::contest::Contest;
use contest_domain::winners::Prize;
use contest_domain::{ContestId, ParticipantId, RoundId};
use contest_store::rounds::StoredWinners;
use serde::{Deserialize, Serialize};

use crate::{App, Error, Organizer};

/// The round a `?round=` query names, which must be one of the contest's.
pub fn round_of(contest: &Contest, raw: Option<&str>) -> Result<RoundId, Error> {
    let raw = raw.ok_or(Error::RoundRequired)?;
    let rid = RoundId::parse(raw).map_err(|_| Error::RoundNotFound)?;
    contest.round(&rid).map(|r| r.id.clone()).ok_or(Error::RoundNotFound)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminWinners {
    pub round_id: RoundId,
    pub winners: Vec<AdminWinner>,
    /// The closing job has computed them.
    pub decided: bool,
    pub published: bool,
    /// The prediction question's real number: how many reached full score.
    pub real_number: Option<u64>,
    /// Flagged results of the round still waiting for the committee's review.
    pub pending_reviews: usize,
    /// When published winners were last corrected, if ever.
    pub corrected_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminWinner {
    pub rank: u32,
    pub prize: Prize,
    pub prize_label: &'static str,
    pub participant_id: ParticipantId,
    pub name: String,
    pub organization: String,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub prediction: Option<u64>,
}

fn admin_winners(round_id: RoundId, stored: Option<&StoredWinners>, pending_reviews: usize) -> AdminWinners {
    AdminWinners {
        round_id,
        pending_reviews,
        corrected_at: stored
            .and_then(|s| s.corrected_at_ms)
            .and_then(contest_domain::time::from_millis)
            .map(contest_domain::time::format_vietnam),
        winners: stored
            .map(|s| s.winners.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|w| AdminWinner {
                rank: w.rank,
                prize: w.prize,
                prize_label: w.prize.label(),
                participant_id: w.candidate.participant_id.clone(),
                name: w.candidate.full_name.clone(),
                organization: w.candidate.organization_name.clone(),
                score: w.candidate.score,
                total: w.candidate.total,
                duration_ms: w.candidate.duration_ms,
                prediction: w.candidate.prediction,
            })
            .collect(),
        decided: stored.is_some(),
        published: stored.is_some_and(|s| s.published),
        real_number: stored.and_then(|s| s.real_number),
    }
}

pub async fn get(app: &App, cid: &ContestId, round: Option<&str>) -> Result<AdminWinners, Error> {
    let contest = app.fresh_contest(cid).await?;
    let rid = round_of(&contest, round)?;
    let all = app.store.all_winners(&contest.id).await?;
    let stored = all.iter().find(|(round, _)| round == &rid).map(|(_, s)| s);
    let pending = app.store.reviews(&contest.id, &rid).await?.iter().filter(|r| r.decision.is_none()).count();
    Ok(admin_winners(rid, stored, pending))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// `false` withdraws a publication; default `true`.
    #[serde(default = "yes")]
    pub published: bool,
}

impl Default for PublishRequest {
    fn default() -> Self {
        Self { published: true }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublishResult {
    pub round_id: RoundId,
    pub published: bool,
}

pub async fn publish(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    round: Option<&str>,
    request: PublishRequest,
) -> Result<PublishResult, Error> {
    let contest = app.fresh_contest(cid).await?;
    let rid = round_of(&contest, round)?;
    let fingerprint =
        if request.published { Some(super::results::results_fingerprint(app, &contest, &rid).await?) } else { None };
    if !app.store.set_winners_published(&contest.id, &rid, request.published, fingerprint.as_ref()).await? {
        return Err(Error::WinnersNotDecided);
    }
    let result = PublishResult { round_id: rid, published: request.published };
    super::record(app, cid, who, "winners.publish", &result).await?;
    Ok(result)
}
