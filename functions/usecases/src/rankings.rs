//! Public rankings: a round's leaderboard, the organizations' participation
//! ranking, published winners, and the health check.

use contest_domain::contest::RoundStatus;
use contest_domain::ranking::{rank_contest_organizations, OrganizationTally};
use contest_domain::time::format_vietnam;
use contest_domain::winners::Prize;
use contest_domain::{ContestId, OrganizationId, RoundId};
use contest_store::rankings::LeaderboardRow;
use serde::Serialize;
use std::collections::HashMap;

use crate::{App, Error};

pub const DEFAULT_LEADERBOARD_LIMIT: i32 = 50;
pub const MAX_LEADERBOARD_LIMIT: i32 = 200;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`: the table answered.
    pub status: &'static str,
}

/// 200 once the table answers.
pub async fn health(app: &App) -> Result<Health, Error> {
    app.store.ping().await?;
    Ok(Health { status: "ok" })
}

/// `limit` as given in a query string: 1 to 200, 50 when absent.
pub fn parse_limit(raw: Option<&str>) -> Result<i32, Error> {
    match raw {
        None => Ok(DEFAULT_LEADERBOARD_LIMIT),
        Some(raw) => raw
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=MAX_LEADERBOARD_LIMIT).contains(n))
            .ok_or(Error::InvalidLimit { max: MAX_LEADERBOARD_LIMIT }),
    }
}

/// Each participant's best attempt in the round, best first, from one
/// Query on the ranking index. Names and organizations only: no phone or
/// other personal data.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Leaderboard {
    pub round_id: RoundId,
    /// False while the round is open and the contest keeps its standings
    /// hidden until it closes (they would give away the prediction
    /// question's answer): `entries` is then empty.
    pub visible: bool,
    /// When the round closes (and a hidden leaderboard appears).
    pub closes_at: String,
    pub entries: Vec<LeaderboardEntry>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LeaderboardEntry {
    pub rank: usize,
    pub participant_id: String,
    pub name: String,
    pub organization: String,
    pub organization_id: String,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
}

impl LeaderboardEntry {
    fn new(rank: usize, row: LeaderboardRow) -> Self {
        Self {
            rank,
            participant_id: row.participant_id,
            name: row.full_name,
            organization: row.organization_name,
            organization_id: row.organization_id,
            score: row.score,
            total: row.total,
            duration_ms: row.duration_ms,
        }
    }
}

pub async fn leaderboard(app: &App, cid: &ContestId, rid: &RoundId, limit: i32) -> Result<Leaderboard, Error> {
    let contest = app.contest(cid).await?;
    let round = contest.round(rid).ok_or(Error::RoundNotFound)?;
    let closes_at = format_vietnam(round.closes_at.to_utc());
    let hidden = round.status_at(app.clock.now()) == RoundStatus::Open && !contest.shows_live_leaderboard();
    if hidden {
        return Ok(Leaderboard { round_id: round.id.clone(), visible: false, closes_at, entries: Vec::new() });
    }
    let rows = app.store.leaderboard(&contest.id, &round.id, contest.leaderboard_shards, limit).await?;
    let entries = rows.into_iter().zip(1..).map(|(row, rank)| LeaderboardEntry::new(rank, row)).collect();
    Ok(Leaderboard { round_id: round.id.clone(), visible: true, closes_at, entries })
}

/// Participation rate (participants with a finished attempt / headcount),
/// then who got there first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationStandings {
    pub entries: Vec<OrganizationStanding>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationStanding {
    pub rank: usize,
    pub organization_id: OrganizationId,
    pub name: String,
    pub participants: u32,
    pub headcount: u32,
    /// Participants ÷ headcount, rounded to four decimals.
    pub participation_rate: f64,
    pub reached_at: Option<String>,
}

/// A rate as the API shows it: four decimals.
pub fn rounded_rate(tally: &OrganizationTally) -> f64 {
    (tally.participation_rate() * 10_000.0).round() / 10_000.0
}

impl OrganizationStanding {
    pub fn new(rank: usize, tally: OrganizationTally) -> Self {
        Self {
            rank,
            participation_rate: rounded_rate(&tally),
            organization_id: tally.organization_id,
            name: tally.name,
            participants: tally.participants,
            headcount: tally.headcount,
            reached_at: tally.reached_at.map(format_vietnam),
        }
    }
}

pub async fn organizations(app: &App, cid: &ContestId) -> Result<OrganizationStandings, Error> {
    let contest = app.contest(cid).await?;
    let counts = app.store.organization_counts(&contest.id).await?;
    // The public ranking stops at participation and time; prizes count in
    // the committee's collective ranking once rounds are decided.
    let ranked = rank_contest_organizations(&contest, &counts, &HashMap::new());
    Ok(OrganizationStandings {
        entries: ranked.into_iter().zip(1..).map(|(tally, rank)| OrganizationStanding::new(rank, tally)).collect(),
    })
}

/// A round's prize winners, once the organizers have published them.
/// Names and organizations only.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicWinners {
    pub round_id: RoundId,
    pub published: bool,
    pub winners: Vec<PublicWinner>,
    /// When the published list was last corrected (đính chính), Vietnam
    /// time; null if never.
    pub corrected_at: Option<String>,
    /// The SHA-256 (hex) of the round's results file as published: the
    /// export's `results_file`, whose manifest lists the same hash.
    pub results_sha256: Option<String>,
    /// `xep-hang-{round}.csv`.
    pub results_file: Option<String>,
    /// How many people the results file ranks.
    pub ranked_participants: Option<u32>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PublicWinner {
    pub rank: u32,
    pub prize: Prize,
    /// "Giải Nhất", "Giải Nhì" or "Giải Ba".
    pub prize_label: &'static str,
    pub name: String,
    pub organization: String,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
}

pub async fn published_winners(app: &App, cid: &ContestId, rid: &RoundId) -> Result<PublicWinners, Error> {
    let contest = app.contest(cid).await?;
    let round = contest.round(rid).ok_or(Error::RoundNotFound)?;
    let published = app
        .store
        .all_winners(&contest.id)
        .await?
        .into_iter()
        .find(|(id, stored)| id == &round.id && stored.published)
        .map(|(_, stored)| stored);
    let winners = published
        .iter()
        .flat_map(|stored| &stored.winners)
        .map(|w| PublicWinner {
            rank: w.rank,
            prize: w.prize,
            prize_label: w.prize.label(),
            name: w.candidate.full_name.clone(),
            organization: w.candidate.organization_name.clone(),
            score: w.candidate.score,
            total: w.candidate.total,
            duration_ms: w.candidate.duration_ms,
        })
        .collect();
    let corrected_at = published
        .as_ref()
        .and_then(|stored| stored.corrected_at_ms)
        .and_then(contest_domain::time::from_millis)
        .map(contest_domain::time::format_vietnam);
    let fingerprint = published.as_ref().and_then(|stored| stored.fingerprint.clone());
    Ok(PublicWinners {
        round_id: round.id.clone(),
        published: published.is_some(),
        winners,
        corrected_at,
        results_sha256: fingerprint.as_ref().map(|f| f.sha256.clone()),
        results_file: fingerprint.as_ref().map(|f| f.file.clone()),
        ranked_participants: fingerprint.map(|f| f.ranked_participants),
    })
}
