//! Correcting a question's key after attempts used it: a new answer or a
//! void. The correction is recorded on the contest (so every later scoring
//! applies it), then one pass over the attempts that drew the question
//! rescores them, makes best results follow, and recomputes decided
//! winners. Every step writes an absolute value under a condition on what it
//! read, so a pass interrupted anywhere can simply run again: nothing is
//! counted twice.

use contest_domain::attempt::{apply_corrections, results_summary, score, KeyCorrection};
use contest_domain::contest::{Contest, QuestionStatus};
use contest_domain::{ContestId, ParticipantId, QuestionId, RoundId};
use contest_store::attempts::AttemptRecord;
use contest_store::rounds::AttemptSummary;
use futures::{StreamExt, TryStreamExt};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};

use super::results::{redecide_rounds, require_confirmation_for_rounds};
use super::reviews::recompute_best;
use crate::{App, Error, Organizer};

/// Attempts read per batch, and batches in flight.
const BATCH: usize = 50;
const CONCURRENCY: usize = 8;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RescoreReport {
    /// Finished attempts that drew a corrected question.
    pub attempts_checked: usize,
    /// Of those, attempts whose score or per-question results changed.
    pub attempts_rescored: usize,
    /// Best results (leaderboard entries) of the people concerned, checked
    /// and rewritten where they changed.
    pub best_results_recomputed: usize,
    /// Decided rounds whose winners changed.
    pub winners_recomputed: Vec<RoundId>,
    /// Published rounds whose winners were corrected (dated on the public list).
    pub winners_corrected: Vec<RoundId>,
}

/// Finished attempts that drew any of `questions`, from the attempts index.
pub fn attempts_using(
    summaries: &[AttemptSummary],
    questions: &HashSet<&str>,
) -> Vec<(ParticipantId, contest_domain::AttemptId)> {
    summaries
        .iter()
        .filter(|a| a.status.is_finished() && a.results.iter().any(|(qid, _)| questions.contains(qid.as_str())))
        .map(|a| (a.participant_id.clone(), a.attempt_id.clone()))
        .collect()
}

/// Rescores these attempts under the contest's corrections; returns the
/// (participant, round) pairs whose scores changed, and how many changed.
pub async fn rescore_attempts(
    app: &App,
    contest: &Contest,
    ids: &[(ParticipantId, contest_domain::AttemptId)],
) -> Result<(BTreeSet<(ParticipantId, RoundId)>, usize), Error> {
    // Owned chunks: a stream of closures over borrowed slices trips the
    // compiler's proof that the handler's future is Send.
    let chunks: Vec<Vec<(ParticipantId, contest_domain::AttemptId)>> = ids.chunks(BATCH).map(<[_]>::to_vec).collect();
    let changed: Vec<Vec<(ParticipantId, RoundId)>> = futures::stream::iter(chunks)
        .map(|chunk| async move { rescore_chunk(app, contest, &chunk).await })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    let count = changed.iter().map(Vec::len).sum();
    Ok((changed.into_iter().flatten().collect(), count))
}

async fn rescore_chunk(
    app: &App,
    contest: &Contest,
    chunk: &[(ParticipantId, contest_domain::AttemptId)],
) -> Result<Vec<(ParticipantId, RoundId)>, Error> {
    let mut changed = Vec::new();
    for mut attempt in app.store.attempts_with_papers(&contest.id, chunk).await? {
        if rescore_one(app, contest, &mut attempt).await? {
            changed.push((attempt.participant_id.clone(), attempt.round_id.clone()));
        }
    }
    Ok(changed)
}

async fn rescore_one(app: &App, contest: &Contest, attempt: &mut AttemptRecord) -> Result<bool, Error> {
    let Some(result) = attempt.result.as_ref() else { return Ok(false) };
    let previous = result.score;
    apply_corrections(&mut attempt.questions, &contest.key_corrections);
    let new_score = score(&attempt.questions, &attempt.answers);
    let results = results_summary(&attempt.questions, &attempt.answers);
    if new_score == previous && attempt.results_summary.as_deref() == Some(results.as_str()) {
        return Ok(false);
    }
    // Refused only when another pass already wrote the same new score.
    app.store.rescore_attempt(attempt, previous, new_score, &results).await?;
    Ok(new_score != previous)
}

/// One pass for `questions`: rescoring, best results, winners. Published
/// winners are corrected only when `confirmed` (checked before anything is
/// written, by the callers).
pub async fn rescore(
    app: &App,
    contest: &Contest,
    questions: &[QuestionId],
    confirmed: bool,
) -> Result<RescoreReport, Error> {
    let summaries = app.store.contest_attempts(&contest.id).await?;
    let wanted: HashSet<&str> = questions.iter().map(QuestionId::as_str).collect();
    let ids = attempts_using(&summaries, &wanted);
    let (_, rescored) = rescore_attempts(app, contest, &ids).await?;
    // Every affected best result and round, not only those this pass
    // changed: a pass interrupted after rescoring some attempts left their
    // best results behind, and this is the pass that finishes the job.
    // Unchanged ones cost a read, no write.
    let affected: BTreeSet<(ParticipantId, RoundId)> = summaries
        .iter()
        .filter(|a| ids.iter().any(|(pid, aid)| pid == &a.participant_id && aid == &a.attempt_id))
        .map(|a| (a.participant_id.clone(), a.round_id.clone()))
        .collect();
    for (pid, rid) in &affected {
        recompute_best(app, contest, pid, rid).await?;
    }
    let rounds: Vec<RoundId> =
        affected.iter().map(|(_, rid)| rid.clone()).collect::<BTreeSet<_>>().into_iter().collect();
    let redecided = redecide_rounds(app, contest, &rounds, confirmed, false).await?;
    Ok(RescoreReport {
        attempts_checked: ids.len(),
        attempts_rescored: rescored,
        best_results_recomputed: affected.len(),
        winners_recomputed: redecided.recomputed,
        winners_corrected: redecided.corrected,
    })
}

/// Corrections younger than this are applied once more by the closing job:
/// servers cache the contest for up to a minute, so an attempt finished
/// there meanwhile was scored with the old key.
pub const CORRECTION_SETTLING_MINUTES: i64 = 5;

/// The closing job's share: rescoring under corrections still settling.
/// Published winners are left to the organizer (they confirmed the pass
/// that corrected them).
pub async fn settle_recent_corrections(
    app: &App,
    contest: &Contest,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, Error> {
    let since = now.timestamp_millis() - CORRECTION_SETTLING_MINUTES * 60_000;
    let recent: Vec<QuestionId> = contest
        .key_corrections
        .iter()
        .filter(|(_, c)| c.at_ms.is_some_and(|at| at >= since))
        .map(|(qid, _)| qid.clone())
        .collect();
    if recent.is_empty() {
        return Ok(0);
    }
    Ok(rescore(app, contest, &recent, false).await?.attempts_rescored)
}

/// The rounds whose finished attempts drew any of `questions`.
pub fn rounds_using(summaries: &[AttemptSummary], questions: &HashSet<&str>) -> Vec<RoundId> {
    summaries
        .iter()
        .filter(|a| a.status.is_finished() && a.results.iter().any(|(qid, _)| questions.contains(qid.as_str())))
        .map(|a| a.round_id.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// Records that `answer` (an option's text) is the right answer of `qid`,
/// without rescoring: the first half of a regrade, which [`rescore`] (or
/// the recompute route) completes.
pub async fn record_answer_correction(
    app: &App,
    cid: &ContestId,
    qid: &QuestionId,
    answer: &str,
) -> Result<Contest, Error> {
    let answer = answer.to_owned();
    record_correction(app, cid, qid, |correction| correction.answer = Some(answer)).await
}

/// Records a correction on the contest as stored now.
pub(crate) async fn record_correction(
    app: &App,
    cid: &ContestId,
    qid: &QuestionId,
    change: impl FnOnce(&mut KeyCorrection),
) -> Result<Contest, Error> {
    let mut contest = app.fresh_contest(cid).await?;
    let correction = contest.key_corrections.entry(qid.clone()).or_insert(KeyCorrection {
        answer: None,
        voided: false,
        at_ms: None,
    });
    change(correction);
    correction.at_ms = Some(app.clock.now().timestamp_millis());
    app.store.save_contest(&contest).await?;
    app.forget_contest(cid).await;
    Ok(contest)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VoidReport {
    pub question_id: QuestionId,
    /// The question is archived too: never drawn again.
    pub status: QuestionStatus,
    /// As in [`RescoreReport`] (spelled out: the schema of a flattened
    /// struct cannot forbid other properties).
    pub attempts_checked: usize,
    pub attempts_rescored: usize,
    pub best_results_recomputed: usize,
    pub winners_recomputed: Vec<RoundId>,
    pub winners_corrected: Vec<RoundId>,
}

/// Voids a question: right for everyone who was given it, and archived so
/// no later attempt draws it.
pub async fn void(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    qid: &QuestionId,
    confirmed: bool,
) -> Result<VoidReport, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let mut question = bank.into_iter().find(|q| &q.id == qid).ok_or(Error::QuestionNotFound)?;
    let summaries = app.store.contest_attempts(&contest.id).await?;
    let wanted = HashSet::from([qid.as_str()]);
    require_confirmation_for_rounds(app, &contest, &rounds_using(&summaries, &wanted), confirmed).await?;
    let before = question.status;
    if question.status == QuestionStatus::Approved {
        question.status = QuestionStatus::Archived;
        app.store.put_questions(&contest.id, std::slice::from_ref(&question)).await?;
        app.forget_contest(cid).await;
    }
    let contest = record_correction(app, cid, qid, |correction| correction.voided = true).await?;
    let report = rescore(app, &contest, std::slice::from_ref(qid), confirmed).await?;
    #[derive(Serialize)]
    struct Voided<'a> {
        question_id: &'a QuestionId,
        status_before: QuestionStatus,
        status_after: QuestionStatus,
        #[serde(flatten)]
        report: &'a RescoreReport,
    }
    let detail = Voided { question_id: qid, status_before: before, status_after: question.status, report: &report };
    super::record(app, cid, who, "question.void", detail).await?;
    Ok(VoidReport {
        question_id: qid.clone(),
        status: question.status,
        attempts_checked: report.attempts_checked,
        attempts_rescored: report.attempts_rescored,
        best_results_recomputed: report.best_results_recomputed,
        winners_recomputed: report.winners_recomputed,
        winners_corrected: report.winners_corrected,
    })
}

/// Recomputes decided winners of a round (after exclusions,
/// disqualifications or regrades) and rescoring under every correction on
/// record: idempotent, and the way to finish a pass that was interrupted.
pub async fn recompute_round(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    rid: &RoundId,
    confirmed: bool,
) -> Result<RescoreReport, Error> {
    let contest = app.fresh_contest(cid).await?;
    let round = contest.round(rid).ok_or(Error::RoundNotFound)?;
    if round.practice {
        return Err(Error::RoundNotFound);
    }
    let decided = app.store.all_winners(&contest.id).await?.iter().any(|(r, _)| r == rid);
    if !decided {
        return Err(Error::WinnersNotDecided);
    }
    require_confirmation_for_rounds(app, &contest, std::slice::from_ref(rid), confirmed).await?;
    let corrected: Vec<QuestionId> = contest.key_corrections.keys().cloned().collect();
    let mut report = if corrected.is_empty() {
        RescoreReport::default()
    } else {
        rescore(app, &contest, &corrected, confirmed).await?
    };
    // Best results of everyone barred or reinstated since are already
    // marked; the winners are recomputed whether or not a score moved.
    if !report.winners_recomputed.contains(rid) {
        let redecided = redecide_rounds(app, &contest, std::slice::from_ref(rid), confirmed, false).await?;
        for round in redecided.recomputed {
            if !report.winners_recomputed.contains(&round) {
                report.winners_recomputed.push(round);
            }
        }
        for round in redecided.corrected {
            if !report.winners_corrected.contains(&round) {
                report.winners_corrected.push(round);
            }
        }
    }
    #[derive(Serialize)]
    struct Recomputed<'a> {
        round_id: &'a RoundId,
        #[serde(flatten)]
        report: &'a RescoreReport,
    }
    super::record(app, cid, who, "winners.recompute", Recomputed { round_id: rid, report: &report }).await?;
    Ok(report)
}
