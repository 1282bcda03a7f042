//! Results as the committee awards them: winners per round, the collective
//! ranking with prizes, and the export files. Shared by the admin routes and
//! the round-closing job.

use crate::{App, Error};
use chrono::{DateTime, Utc};
use contest_domain::contest::{Contest, RoundStatus};
use contest_domain::ranking::{rank_contest_organizations, OrganizationTally, PrizeTally, Standing};
use contest_domain::time::format_vietnam;
use contest_domain::winners::{award, full_score_count, order_candidates, Candidate, Prize};
use contest_domain::RoundId;
use contest_store::rounds::StoredWinners;
use spreadsheets::export::{build_export, Cell, ExportFile, Sheet};
use std::collections::{HashMap, HashSet};

/// Computes a closed round's winners by the contest's tie-break chain. Under
/// the one-prize rule, people who won in an earlier round are skipped.
pub async fn compute_winners(
    app: &App,
    contest: &Contest,
    rid: &RoundId,
    now: DateTime<Utc>,
) -> Result<StoredWinners, Error> {
    let mut candidates = app.store.round_results(&contest.id, rid, contest.leaderboard_shards).await?;
    let real_number = contest.prediction_question.as_ref().map(|_| full_score_count(&candidates));
    order_candidates(&mut candidates, &contest.tie_breaks, real_number);
    let mut ineligible = HashSet::new();
    if contest.one_prize_per_person {
        let round_index = contest.rounds.iter().position(|r| &r.id == rid).unwrap_or(0);
        let earlier: HashSet<&RoundId> = contest.rounds[..round_index].iter().map(|r| &r.id).collect();
        for (round, stored) in app.store.all_winners(&contest.id).await? {
            if earlier.contains(&round) {
                ineligible.extend(stored.winners.into_iter().map(|w| w.candidate.participant_id));
            }
        }
    }
    Ok(StoredWinners {
        winners: award(&candidates, contest.prizes, &ineligible),
        real_number,
        published: false,
        computed_at_ms: now.timestamp_millis(),
        corrected_at_ms: None,
        fingerprint: None,
    })
}

/// How a decided round's winners were recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redecided {
    /// The round is not decided yet: the closing job will decide it.
    NotDecided,
    /// Recomputed: the same winners as before, nothing written.
    Unchanged,
    /// Recomputed before publication.
    Recomputed,
    /// Recomputed after publication: a correction, dated, still published.
    Corrected,
}

/// Recomputes a decided round's winners from the results as they stand now
/// (after a review, an exclusion, a regrade). Written only when they
/// changed; published winners stay published and are marked corrected.
/// Idempotent.
pub async fn redecide_round(
    app: &App,
    contest: &Contest,
    rid: &RoundId,
    now: DateTime<Utc>,
) -> Result<Redecided, Error> {
    let Some(previous) = app.store.all_winners(&contest.id).await?.into_iter().find(|(r, _)| r == rid).map(|(_, s)| s)
    else {
        return Ok(Redecided::NotDecided);
    };
    let mut winners = compute_winners(app, contest, rid, now).await?;
    if winners.winners == previous.winners && winners.real_number == previous.real_number {
        return Ok(Redecided::Unchanged);
    }
    winners.published = previous.published;
    winners.corrected_at_ms = if previous.published { Some(now.timestamp_millis()) } else { previous.corrected_at_ms };
    // A corrected public list publishes the corrected results' fingerprint.
    winners.fingerprint =
        if previous.published { Some(results_fingerprint(app, contest, rid).await?) } else { previous.fingerprint };
    app.store.save_winners(&contest.id, rid, &winners).await?;
    Ok(if previous.published { Redecided::Corrected } else { Redecided::Recomputed })
}

/// The SHA-256 of the round's results file, exactly as exports write it
/// (`xep-hang-{rid}.csv`), and how many people it ranks.
pub async fn results_fingerprint(
    app: &App,
    contest: &Contest,
    rid: &RoundId,
) -> Result<contest_store::rounds::ResultsFingerprint, Error> {
    use sha2::Digest;
    let round = contest.round(rid).ok_or(Error::RoundNotFound)?;
    let mut candidates = app.store.round_results(&contest.id, rid, contest.leaderboard_shards).await?;
    let sheet = ranking_sheet(round, &mut candidates);
    let bytes = spreadsheets::export::csv(&sheet);
    Ok(contest_store::rounds::ResultsFingerprint {
        file: format!("{}.csv", sheet.file_stem),
        sha256: sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect(),
        ranked_participants: candidates.len() as u32,
    })
}

/// What recomputing several rounds did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundsRedecided {
    /// Decided rounds whose winners changed.
    pub recomputed: Vec<RoundId>,
    /// Of those, published rounds (dated corrections).
    pub corrected: Vec<RoundId>,
}

/// Recomputes the decided rounds among `rounds` and every decided round
/// after the first of them (under the one-prize rule a change in one round
/// changes who may win the later ones), in contest order. Published rounds
/// are corrected only when `confirmed`; with `only_unpublished` they are
/// left as published. Idempotent.
pub async fn redecide_rounds(
    app: &App,
    contest: &Contest,
    rounds: &[RoundId],
    confirmed: bool,
    only_unpublished: bool,
) -> Result<RoundsRedecided, Error> {
    let decided: HashMap<RoundId, bool> =
        app.store.all_winners(&contest.id).await?.into_iter().map(|(rid, stored)| (rid, stored.published)).collect();
    let first = contest.rounds.iter().position(|r| rounds.contains(&r.id));
    let Some(first) = first else { return Ok(RoundsRedecided::default()) };
    let cascade = contest.one_prize_per_person;
    let mut done = RoundsRedecided::default();
    let now = app.clock.now();
    for round in &contest.rounds[first..] {
        let Some(published) = decided.get(&round.id).copied() else { continue };
        if !cascade && !rounds.contains(&round.id) {
            continue;
        }
        if published && (only_unpublished || !confirmed) {
            continue;
        }
        match redecide_round(app, contest, &round.id, now).await? {
            Redecided::NotDecided | Redecided::Unchanged => {}
            Redecided::Recomputed => done.recomputed.push(round.id.clone()),
            Redecided::Corrected => {
                done.recomputed.push(round.id.clone());
                done.corrected.push(round.id.clone());
            }
        }
    }
    Ok(done)
}

/// Refuses, unless confirmed, a change that would correct published winners
/// of any of `rounds` (or of a later round, which the one-prize rule ties to
/// them). Returns the published rounds concerned.
pub async fn require_confirmation_for_rounds(
    app: &App,
    contest: &Contest,
    rounds: &[RoundId],
    confirmed: bool,
) -> Result<Vec<RoundId>, Error> {
    let Some(first) = contest.rounds.iter().position(|r| rounds.contains(&r.id)) else { return Ok(Vec::new()) };
    let concerned: HashSet<&RoundId> = if contest.one_prize_per_person {
        contest.rounds[first..].iter().map(|r| &r.id).collect()
    } else {
        rounds.iter().collect()
    };
    let published: Vec<RoundId> = app
        .store
        .all_winners(&contest.id)
        .await?
        .into_iter()
        .filter(|(rid, stored)| stored.published && concerned.contains(rid))
        .map(|(rid, _)| rid)
        .collect();
    if !published.is_empty() && !confirmed {
        return Err(Error::CorrectionNeedsConfirmation);
    }
    Ok(published)
}

/// Whether changing a round's results is a correction of published winners,
/// which the organizer must confirm.
pub async fn require_confirmation_if_published(
    app: &App,
    contest: &Contest,
    rid: &RoundId,
    confirmed: bool,
) -> Result<bool, Error> {
    let published = app.store.all_winners(&contest.id).await?.iter().any(|(r, stored)| r == rid && stored.published);
    if published && !confirmed {
        return Err(Error::CorrectionNeedsConfirmation);
    }
    Ok(published)
}

/// Every organization with its participation and its members' prizes,
/// ranked as the plan awards collective prizes.
pub async fn organization_standings(app: &App, contest: &Contest) -> Result<Vec<OrganizationTally>, Error> {
    let counts = app.store.organization_counts(&contest.id).await?;
    let mut prizes: HashMap<_, PrizeTally> = HashMap::new();
    for (_, stored) in app.store.all_winners(&contest.id).await? {
        for winner in stored.winners {
            let tally = prizes.entry(winner.candidate.organization_id.clone()).or_default();
            match winner.prize {
                Prize::First => tally.first += 1,
                Prize::Second => tally.second += 1,
                Prize::Third => tally.third += 1,
            }
        }
    }
    Ok(rank_contest_organizations(contest, &counts, &prizes))
}

/// Seconds to the tenth, the precision results are ranked by (a number a
/// spreadsheet sorts).
fn ranked_seconds(duration_ms: i64) -> f64 {
    (contest_domain::ranking::ranked_duration_ms(duration_ms.max(0)) / 100) as f64 / 10.0
}

/// `m:ss,d`: minutes, seconds and the tenth of a second results are ranked by.
pub fn minutes_seconds(duration_ms: i64) -> String {
    let tenths = contest_domain::ranking::ranked_duration_ms(duration_ms.max(0)) / 100;
    format!("{}:{:02},{}", tenths / 600, (tenths / 10) % 60, tenths % 10)
}

fn when(ms: i64) -> String {
    contest_domain::time::from_millis(ms).map(format_vietnam).unwrap_or_default()
}

/// A round's full ranking in leaderboard order (score, time, submission).
pub fn leaderboard_order(candidates: &mut [Candidate]) {
    candidates.sort_by(|a, b| {
        let standing =
            |c: &Candidate| Standing { score: c.score, duration_ms: c.duration_ms, finished_at_ms: c.finished_at_ms };
        standing(a).rank_order(&standing(b)).then_with(|| a.participant_id.cmp(&b.participant_id))
    });
}

/// A round's full ranking, in leaderboard order.
pub fn ranking_sheet(round: &contest_domain::contest::Round, candidates: &mut [Candidate]) -> Sheet {
    leaderboard_order(candidates);
    Sheet {
        name: format!("Xếp hạng {}", round.name),
        file_stem: format!("xep-hang-{}", round.id),
        header: [
            "Hạng",
            "Họ và tên",
            "Đơn vị",
            "Điểm",
            "Số câu",
            "Thời gian (phút:giây)",
            "Thời gian (giây)",
            "Nộp bài lúc",
            "Dự đoán",
        ]
        .map(String::from)
        .to_vec(),
        rows: candidates
            .iter()
            .enumerate()
            .map(|(index, c)| {
                vec![
                    (index as u32 + 1).into(),
                    c.full_name.clone().into(),
                    c.organization_name.clone().into(),
                    c.score.into(),
                    c.total.into(),
                    minutes_seconds(c.duration_ms).into(),
                    Cell::Number(ranked_seconds(c.duration_ms)),
                    when(c.finished_at_ms).into(),
                    c.prediction.map(|p| p as i64).into(),
                ]
            })
            .collect(),
    }
}

/// The collective ranking.
pub fn organizations_sheet(standings: &[OrganizationTally]) -> Sheet {
    Sheet {
        name: "Tập thể".into(),
        file_stem: "tap-the".into(),
        header: [
            "Hạng",
            "Đơn vị",
            "Số người dự thi",
            "Tổng số người",
            "Tỷ lệ (%)",
            "Đạt số lượng lúc",
            "Giải Nhất",
            "Giải Nhì",
            "Giải Ba",
        ]
        .map(String::from)
        .to_vec(),
        rows: standings
            .iter()
            .enumerate()
            .map(|(index, t)| {
                vec![
                    (index as u32 + 1).into(),
                    t.name.clone().into(),
                    t.participants.into(),
                    t.headcount.into(),
                    Cell::Number((t.participation_rate() * 10_000.0).round() / 100.0),
                    t.reached_at.map(format_vietnam).into(),
                    t.prizes.first.into(),
                    t.prizes.second.into(),
                    t.prizes.third.into(),
                ]
            })
            .collect(),
    }
}

async fn export_sheets(app: &App, contest: &Contest, now: DateTime<Utc>) -> Result<Vec<Sheet>, Error> {
    let mut sheets = Vec::new();
    let stored_winners: HashMap<RoundId, StoredWinners> =
        app.store.all_winners(&contest.id).await?.into_iter().collect();
    let mut winner_rows = Vec::new();
    for round in &contest.rounds {
        if round.status_at(now) == RoundStatus::Upcoming {
            continue;
        }
        let mut candidates = app.store.round_results(&contest.id, &round.id, contest.leaderboard_shards).await?;
        sheets.push(ranking_sheet(round, &mut candidates));
        if let Some(stored) = stored_winners.get(&round.id) {
            for winner in &stored.winners {
                let c = &winner.candidate;
                winner_rows.push(vec![
                    round.name.clone().into(),
                    winner.prize.label().into(),
                    winner.rank.into(),
                    c.full_name.clone().into(),
                    c.organization_name.clone().into(),
                    c.score.into(),
                    minutes_seconds(c.duration_ms).into(),
                    c.prediction.map(|p| p as i64).into(),
                    stored.real_number.map(|n| n as i64).into(),
                ]);
            }
        }
    }
    sheets.push(Sheet {
        name: "Giải cá nhân".into(),
        file_stem: "giai-ca-nhan".into(),
        header: [
            "Tuần",
            "Giải",
            "Thứ tự",
            "Họ và tên",
            "Đơn vị",
            "Điểm",
            "Thời gian",
            "Dự đoán",
            "Số người đạt điểm tối đa",
        ]
        .map(String::from)
        .to_vec(),
        rows: winner_rows,
    });
    sheets.push(all_attempts_sheet(app, contest).await?);
    sheets.push(organizations_sheet(&organization_standings(app, contest).await?));
    Ok(sheets)
}

fn status_label(status: contest_domain::attempt::AttemptStatus) -> &'static str {
    use contest_domain::attempt::AttemptStatus;
    match status {
        AttemptStatus::InProgress => "Đang làm",
        AttemptStatus::Submitted => "Đã nộp",
        AttemptStatus::TimedOut => "Hết giờ",
    }
}

async fn all_attempts_sheet(app: &App, contest: &Contest) -> Result<Sheet, Error> {
    let attempts = app.store.contest_attempts(&contest.id).await?;
    let round_names: HashMap<_, _> = contest.rounds.iter().map(|r| (r.id.clone(), r.name.clone())).collect();
    let organization_names: HashMap<_, _> =
        contest.organizations.iter().map(|o| (o.id.to_string(), o.name.clone())).collect();
    Ok(Sheet {
        name: "Tất cả lượt thi".into(),
        file_stem: "tat-ca-luot-thi".into(),
        header: [
            "Tuần",
            "Họ và tên",
            "Đơn vị",
            "Trạng thái",
            "Điểm",
            "Số câu",
            "Thời gian (phút:giây)",
            "Bắt đầu",
            "Nộp bài lúc",
            "Dự đoán",
        ]
        .map(String::from)
        .to_vec(),
        rows: attempts
            .iter()
            .map(|a| {
                let organization = a.organization_id.as_ref().and_then(|id| organization_names.get(id).cloned());
                vec![
                    round_names.get(&a.round_id).cloned().into(),
                    a.full_name.clone().into(),
                    organization.into(),
                    status_label(a.status).into(),
                    a.score.into(),
                    a.total.into(),
                    a.duration_ms.map(minutes_seconds).into(),
                    when(a.started_at_ms).into(),
                    a.finished_at_ms.map(when).into(),
                    a.prediction.map(|p| p as i64).into(),
                ]
            })
            .collect(),
    })
}

/// Builds the export and writes every file to the exports bucket.
pub async fn write_export(
    app: &App,
    contest: &Contest,
    now: DateTime<Utc>,
) -> Result<(String, Vec<ExportFile>), Error> {
    let sheets = export_sheets(app, contest, now).await?;
    let export_id = format!(
        "{}-{}",
        contest_domain::time::in_vietnam(now).format("%Y%m%d-%H%M%S"),
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    );
    let files = build_export(&export_id, contest.id.as_str(), &format_vietnam(now), &sheets)
        .map_err(|err| Error::internal(format!("export workbook: {err}")))?;
    for file in &files {
        app.store.put_export_file(&contest.id, &export_id, &file.name, file.content_type, file.bytes.clone()).await?;
    }
    Ok((export_id, files))
}
