//! Results finished faster than a person can read (flagged `TOO_FAST`) wait
//! for the committee's review before they can win: accepted, they count
//! like any other; rejected, they leave the round's rankings and winners.

use contest_domain::attempt::{AttemptFlag, ReviewDecision};
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, RoundId};
use contest_store::attempts::{BestContext, Review};
use serde::{Deserialize, Serialize};

use super::results::{redecide_round, require_confirmation_if_published, Redecided};
use super::winners::round_of;
use crate::{App, Error, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewList {
    pub reviews: Vec<ReviewEntry>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewEntry {
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub organization_id: OrganizationId,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub flags: Vec<AttemptFlag>,
    /// Null while waiting for the committee.
    pub decision: Option<ReviewDecision>,
    pub note: Option<String>,
}

impl From<Review> for ReviewEntry {
    fn from(review: Review) -> Self {
        Self {
            attempt_id: review.attempt_id,
            round_id: review.round_id,
            participant_id: review.participant_id,
            full_name: review.full_name,
            organization_id: review.organization_id,
            score: review.score,
            total: review.total,
            duration_ms: review.duration_ms,
            flags: review.flags,
            decision: review.decision,
            note: review.note,
        }
    }
}

/// The round's flagged results (every round's without `round`), waiting
/// ones first, then by score.
pub async fn list(app: &App, cid: &ContestId, round: Option<&str>) -> Result<ReviewList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let mut reviews = match round {
        Some(_) => app.store.reviews(&contest.id, &round_of(&contest, round)?).await?,
        None => app.store.all_reviews(&contest.id).await?,
    };
    reviews.sort_by(|a, b| {
        a.decision
            .is_some()
            .cmp(&b.decision.is_some())
            .then(b.score.cmp(&a.score))
            .then(a.duration_ms.cmp(&b.duration_ms))
    });
    Ok(ReviewList { reviews: reviews.into_iter().map(ReviewEntry::from).collect() })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    pub decision: ReviewDecision,
    /// Why, for the record (at most 1000 characters).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

/// Attempts to make a participant's best result follow a decision before
/// giving up (each retry follows their own attempt finishing meanwhile).
const MAX_RECOMPUTE_TRIES: usize = 5;

/// Records a decision and makes every result follow: the participant's best
/// result in the round, then the round's winners if decided (a correction,
/// which must be confirmed, once they are published).
pub async fn decide(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    aid: &AttemptId,
    request: DecisionRequest,
    confirmed: bool,
) -> Result<ReviewEntry, Error> {
    let contest = app.fresh_contest(cid).await?;
    let review = app
        .store
        .all_reviews(&contest.id)
        .await?
        .into_iter()
        .find(|r| &r.attempt_id == aid)
        .ok_or(Error::ReviewNotFound)?;
    let note: String = request.note.trim().chars().take(1000).collect();
    let published = require_confirmation_if_published(app, &contest, &review.round_id, confirmed).await?;
    let now = app.clock.now();
    app.store.decide_review(&review, &contest.id, request.decision, &note, &who.username, now).await?;
    recompute_best(app, &contest, &review.participant_id, &review.round_id).await?;
    let redecided = redecide_round(app, &contest, &review.round_id, now).await?;

    #[derive(Serialize)]
    struct Decided<'a> {
        attempt_id: &'a AttemptId,
        round_id: &'a RoundId,
        participant_id: &'a ParticipantId,
        full_name: &'a str,
        before: Option<ReviewDecision>,
        after: ReviewDecision,
        note: &'a str,
        winners_recomputed: bool,
        correction: bool,
    }
    let detail = Decided {
        attempt_id: &review.attempt_id,
        round_id: &review.round_id,
        participant_id: &review.participant_id,
        full_name: &review.full_name,
        before: review.decision,
        after: request.decision,
        note: &note,
        winners_recomputed: redecided != Redecided::NotDecided,
        correction: published,
    };
    let action = if published { "review.decide.correction" } else { "review.decide" };
    super::record(app, cid, who, action, detail).await?;
    Ok(ReviewEntry { decision: Some(request.decision), note: Some(note), ..ReviewEntry::from(review) })
}

/// Makes the participant's best result in the round the best of the
/// attempts that count now.
pub async fn recompute_best(
    app: &App,
    contest: &contest_domain::contest::Contest,
    pid: &ParticipantId,
    rid: &RoundId,
) -> Result<(), Error> {
    let profile = app.store.get_profile(&contest.id, pid).await?.ok_or(Error::ReviewNotFound)?;
    let organization_name =
        contest.organization(&profile.organization_id).map_or(profile.organization_id.as_str(), |o| o.name.as_str());
    let context = BestContext { organization_name, leaderboard_shards: contest.leaderboard_shards };
    for _ in 0..MAX_RECOMPUTE_TRIES {
        if app.store.recompute_best(&contest.id, pid, rid, context).await? {
            return Ok(());
        }
    }
    Err(Error::Busy(crate::BusyWith::Closing))
}
