//! Attempts: start (or resume), read back, autosave, submit, and closing an
//! attempt — shared by a participant's submit, a start that finds an
//! abandoned attempt, a read past the deadline, and the closing job.

use contest_domain::attempt::{
    apply_corrections, draw_questions, finish, review as review_questions, validate_answers, Answers, AttemptStatus,
    PublicQuestion, ReviewedQuestion,
};
use contest_domain::contest::{Contest, RoundStatus};
use contest_domain::time::format_vietnam;
use contest_domain::{AttemptId, ContestId, DomainError, OptionId, ParticipantId, QuestionId, RoundId};
use contest_store::attempts::{AttemptRecord, AttemptResult, FinishWrite, StartRejection};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::{App, BusyWith, Error, Participant};

/// Races between concurrent submits resolve within a couple of rounds.
const MAX_CLOSE_TRIES: usize = 5;
/// Each retry of a start follows a lost race or the closing of an expired attempt.
const MAX_START_TRIES: usize = 4;
/// More than any attempt may hold; also keeps the autosave's condition
/// expression under DynamoDB's 4 KB limit.
pub const MAX_ANSWERS_PER_REQUEST: usize = 100;

/// The attempt as its owner sees it. Built from `PublicQuestion`, which has
/// no answer field, so the key cannot leak through this view.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttemptView {
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub status: AttemptStatus,
    pub started_at: String,
    /// The server's deadline; answers are accepted until it plus the grace period.
    pub deadline: String,
    pub server_time: String,
    pub questions: Vec<PublicQuestion>,
    /// Saved answers: question id → option id.
    #[schema(value_type = std::collections::HashMap<String, String>)]
    pub answers: Answers,
    // The result, once the attempt is finished (absent before).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub score: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub total: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub duration_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub submitted_at: Option<String>,
    /// Present (possibly null) once the attempt is finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<u64>)]
    pub prediction: Option<Option<u64>>,
}

impl AttemptView {
    pub fn new(attempt: &AttemptRecord, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            attempt_id: attempt.attempt_id.clone(),
            round_id: attempt.round_id.clone(),
            status: attempt.status,
            started_at: format_vietnam(attempt.clock.started_at),
            deadline: format_vietnam(attempt.clock.deadline),
            server_time: format_vietnam(now),
            questions: attempt.questions.iter().map(|q| q.public()).collect(),
            answers: attempt.answers.clone(),
            score: attempt.result.as_ref().map(|r| r.score),
            total: attempt.result.as_ref().map(|r| r.total),
            duration_ms: attempt.result.as_ref().map(|r| r.duration_ms),
            submitted_at: attempt.result.as_ref().map(|r| format_vietnam(r.finished_at)),
            prediction: attempt.result.as_ref().map(|r| r.prediction),
        }
    }
}

/// Whether a start drew a new attempt or returned the one in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Started {
    New,
    Resumed,
}

/// Starts an attempt in an open round, or returns the one in progress.
/// Never two at once.
pub async fn start(
    app: &App,
    who: &Participant,
    cid: &ContestId,
    rid: &RoundId,
) -> Result<(Started, AttemptView), Error> {
    let contest = app.contest(cid).await?;
    who.require_contest(&contest.id)?;
    let round = contest.round(rid).ok_or(Error::RoundNotFound)?;
    let mut bank = app.question_bank(&contest.id).await?;
    let count = contest.limits.questions_per_attempt as usize;
    // Practice is unlimited; one attempt at a time still holds.
    let max_attempts = if round.practice { u32::MAX } else { contest.limits.max_attempts_per_round };

    for _ in 0..MAX_START_TRIES {
        let now = app.clock.now();
        match round.status_at(now) {
            RoundStatus::Open => {}
            RoundStatus::Upcoming => return Err(DomainError::RoundNotOpenYet.into()),
            RoundStatus::Closed => return Err(DomainError::RoundClosed.into()),
        }
        let pool = bank.questions.iter().filter(|q| q.is_drawable_in(round)).count();
        let count = round.questions_per_attempt(count as u32, pool);
        let questions = draw_questions(&bank.questions, round, count, &mut rand::rng())?;
        let first_draws: Vec<QuestionId> =
            questions.iter().filter(|q| !bank.drawn.contains(&q.id)).map(|q| q.id.clone()).collect();
        if !first_draws.is_empty() {
            if !app.store.mark_drawn(&contest.id, &first_draws, now).await? {
                // A question was deleted meanwhile: draw from the bank as it is now.
                bank = app.refresh_question_bank(&contest.id).await?;
                continue;
            }
            bank = app.note_drawn(&contest.id, &bank, &first_draws).await;
        }
        let mut record = AttemptRecord::start(&contest, who.id.clone(), round, questions, now);
        record.token_version = who.token_version;
        let rejection = match app.store.start_attempt(&record, max_attempts).await? {
            Ok(()) => {
                tracing::info!(attempt = %record.attempt_id, round = %round.id, "attempt started");
                return Ok((Started::New, AttemptView::new(&record, now)));
            }
            Err(rejection) => rejection,
        };
        match rejection {
            StartRejection::AttemptInProgress(aid, closes_at_ms) if closes_at_ms < now.timestamp_millis() => {
                // Abandoned past its deadline: close it with what was saved,
                // then the participant may start afresh.
                close_attempt(app, &contest, &who.id, &aid, &Answers::new(), None, None).await?;
            }
            StartRejection::AttemptInProgress(aid, _) => {
                let attempt = app.store.get_attempt(&contest.id, &who.id, &aid).await?.ok_or(Error::AttemptNotFound)?;
                return Ok((Started::Resumed, AttemptView::new(&attempt, now)));
            }
            StartRejection::LimitReached => {
                return Err(DomainError::AttemptLimitReached { max: contest.limits.max_attempts_per_round }.into())
            }
            StartRejection::Barred => return Err(Error::ParticipantBarred),
            StartRejection::NotRegistered | StartRejection::Revoked => return Err(Error::Unauthenticated),
            StartRejection::Contended => {}
        }
    }
    Err(Error::Busy(BusyWith::Starting))
}

/// The attempt with its saved answers, for resuming after a reload or on
/// another device. An attempt left open past its deadline is closed here
/// with what was saved in time.
pub async fn get(app: &App, who: &Participant, cid: &ContestId, aid: &AttemptId) -> Result<AttemptView, Error> {
    let contest = app.contest(cid).await?;
    who.require_contest(&contest.id)?;
    // The profile rides in the same batch read, for the token's version.
    let (attempt, profile) = app.store.get_attempt_and_profile(&contest.id, &who.id, aid).await?;
    if profile.is_none_or(|profile| profile.token_version != who.token_version) {
        return Err(Error::Unauthenticated);
    }
    let mut attempt = attempt.ok_or(Error::AttemptNotFound)?;
    let now = app.clock.now();
    if !attempt.status.is_finished() && !attempt.clock.accepts_answers_at(now) {
        attempt = close_attempt(app, &contest, &who.id, aid, &Answers::new(), None, None).await?;
    }
    Ok(AttemptView::new(&attempt, now))
}

/// Whether a finished attempt's review may be read now: right after a
/// practice attempt, or once its round has closed (before, the key of the
/// round's questions would help everyone still taking it).
pub fn review_available(contest: &Contest, attempt: &AttemptRecord, now: chrono::DateTime<chrono::Utc>) -> bool {
    let Some(round) = contest.round(&attempt.round_id) else { return false };
    attempt.status.is_finished() && (round.practice || round.status_at(now) == RoundStatus::Closed)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttemptReview {
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub score: u32,
    pub total: u32,
    pub questions: Vec<ReviewedQuestion>,
    /// How many questions keep their key secret because a round that has
    /// not closed may still draw them (they are shown after it closes).
    pub withheld: usize,
}

/// Each question of a finished attempt with the participant's answer, the
/// right one and where to read about it. Refused (409
/// `REVIEW_NOT_YET_AVAILABLE`) while a real round is open; the key of a
/// question still drawable in a round not yet closed is withheld.
pub async fn review(app: &App, who: &Participant, cid: &ContestId, aid: &AttemptId) -> Result<AttemptReview, Error> {
    let contest = app.contest(cid).await?;
    who.require_contest(&contest.id)?;
    let mut attempt = app.store.get_attempt(&contest.id, &who.id, aid).await?.ok_or(Error::AttemptNotFound)?;
    let now = app.clock.now();
    let round = contest.round(&attempt.round_id).ok_or(Error::AttemptNotFound)?;
    if !attempt.status.is_finished() || !review_available(&contest, &attempt, now) {
        // As people read it: "22:00 ngày 23/10/2022".
        let closes_at = if round.practice {
            String::new()
        } else {
            contest_domain::time::in_vietnam(round.closes_at.to_utc()).format("%H:%M ngày %d/%m/%Y").to_string()
        };
        return Err(Error::ReviewNotYetAvailable { closes_at });
    }
    apply_corrections(&mut attempt.questions, &contest.key_corrections);
    let bank = app.question_bank(&contest.id).await?;
    let sources: BTreeMap<QuestionId, String> =
        bank.questions.iter().map(|q| (q.id.clone(), q.source.clone())).collect();
    // A question that a round not yet closed may still draw keeps its key.
    let in_play: Vec<&contest_domain::contest::Round> =
        contest.rounds.iter().filter(|r| r.status_at(now) != RoundStatus::Closed && !r.practice).collect();
    let withheld: std::collections::HashSet<QuestionId> = attempt
        .questions
        .iter()
        .filter(|q| match bank.questions.iter().find(|b| b.id == q.id) {
            Some(question) => {
                in_play.iter().any(|round| question.rounds.is_empty() || question.rounds.contains(&round.id))
            }
            // Deleted from the bank since: it serves no round any more.
            None => false,
        })
        .map(|q| q.id.clone())
        .collect();
    let result = attempt.result.as_ref().ok_or(Error::AttemptNotFound)?;
    Ok(AttemptReview {
        attempt_id: attempt.attempt_id.clone(),
        round_id: attempt.round_id.clone(),
        score: result.score,
        total: result.total,
        withheld: withheld.len(),
        questions: review_questions(&attempt.questions, &attempt.answers, &sources, &withheld),
    })
}

/// Answers as a client sends them: question id → option id, unchecked.
pub type RawAnswers = BTreeMap<String, String>;

/// How [`RawAnswers`] are described: ids as served in the attempt, at most
/// [`MAX_ANSWERS_PER_REQUEST`] of them.
pub fn raw_answers_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Type};
    let slug = || ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[a-z0-9_][a-z0-9_-]{0,63}$"));
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("Question id → chosen option id (both as served in the attempt)."))
        .property_names(Some(slug()))
        .additional_properties(Some(AdditionalProperties::RefOr(slug().into())))
        .max_properties(Some(MAX_ANSWERS_PER_REQUEST))
        .build()
}

pub fn parse_answers(raw: RawAnswers) -> Result<Answers, Error> {
    if raw.len() > MAX_ANSWERS_PER_REQUEST {
        return Err(Error::TooManyAnswers { max: MAX_ANSWERS_PER_REQUEST });
    }
    raw.into_iter()
        .map(|(question, option)| {
            let question_id = QuestionId::parse(question.as_str())
                .map_err(|_| DomainError::UnknownQuestion(question.chars().take(64).collect()))?;
            let option_id = OptionId::parse(option).map_err(|_| DomainError::UnknownOption(question_id.to_string()))?;
            Ok((question_id, option_id))
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Saved {
    /// How many answers this request carried.
    pub saved: usize,
    pub server_time: String,
}

/// Merge-saves answers with one conditional write. Only when the write is
/// refused is the attempt read, to tell the client why.
pub async fn save_answers(
    app: &App,
    who: &Participant,
    cid: &ContestId,
    aid: &AttemptId,
    raw: RawAnswers,
) -> Result<Saved, Error> {
    who.require_contest(cid)?;
    let answers = parse_answers(raw)?;
    let now = app.clock.now();
    let saved =
        answers.is_empty() || app.store.save_answers(cid, &who.id, aid, &answers, who.token_version, now).await?;
    if saved {
        return Ok(Saved { saved: answers.len(), server_time: format_vietnam(now) });
    }
    let attempt = app.store.get_attempt(cid, &who.id, aid).await?.ok_or(Error::AttemptNotFound)?;
    if attempt.token_version != who.token_version {
        return Err(Error::Unauthenticated);
    }
    if attempt.status.is_finished() || !attempt.clock.accepts_answers_at(now) {
        return Err(DomainError::AttemptClosed.into());
    }
    validate_answers(&attempt.questions, &answers)?;
    // Valid, open, yet refused: the attempt changed under us (a submit won
    // the race); the client retries and then learns the final state.
    Err(Error::Busy(BusyWith::Saving))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Submitted {
    pub attempt_id: AttemptId,
    pub status: AttemptStatus,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub submitted_at: String,
    pub prediction: Option<u64>,
    pub server_time: String,
}

/// Scores the attempt once; repeating it returns the stored result.
pub async fn submit(
    app: &App,
    who: &Participant,
    cid: &ContestId,
    aid: &AttemptId,
    raw: RawAnswers,
    prediction: Option<u32>,
) -> Result<Submitted, Error> {
    let contest = app.contest(cid).await?;
    who.require_contest(&contest.id)?;
    if prediction.is_some() && contest.prediction_question.is_none() {
        return Err(DomainError::PredictionNotAllowed.into());
    }
    let answers = parse_answers(raw)?;
    let attempt =
        close_attempt(app, &contest, &who.id, aid, &answers, prediction.map(u64::from), Some(who.token_version))
            .await?;
    let result = attempt.result.as_ref().ok_or_else(|| Error::internal("a closed attempt has no result"))?;
    Ok(Submitted {
        attempt_id: attempt.attempt_id.clone(),
        status: attempt.status,
        score: result.score,
        total: result.total,
        duration_ms: result.duration_ms,
        submitted_at: format_vietnam(result.finished_at),
        prediction: result.prediction,
        server_time: format_vietnam(app.clock.now()),
    })
}

/// Closes the attempt (idempotently) and returns it as stored afterwards.
/// In time, `submitted` answers are merged over the saved ones; too late,
/// only answers saved in time count. `token_version` is the submitting
/// token's, checked against the profile (`None` when no token drives it).
pub async fn close_attempt(
    app: &App,
    contest: &Contest,
    pid: &ParticipantId,
    aid: &AttemptId,
    submitted: &Answers,
    prediction: Option<u64>,
    token_version: Option<u32>,
) -> Result<AttemptRecord, Error> {
    for _ in 0..MAX_CLOSE_TRIES {
        let (attempt, profile) = app.store.get_attempt_and_profile(&contest.id, pid, aid).await?;
        if let (Some(version), Some(profile)) = (token_version, &profile) {
            if profile.token_version != version {
                return Err(Error::Unauthenticated);
            }
        }
        let (Some(mut attempt), Some(profile)) = (attempt, profile) else {
            return Err(Error::AttemptNotFound);
        };
        if attempt.status.is_finished() {
            return Ok(attempt);
        }
        validate_answers(&attempt.questions, submitted)?;
        // A key corrected after the draw scores as corrected.
        apply_corrections(&mut attempt.questions, &contest.key_corrections);
        let now = app.clock.now();
        let outcome = finish(&attempt.clock, &attempt.questions, &attempt.answers, submitted, now);
        let organization = contest.organization(&profile.organization_id);
        let organization_name = organization.map_or(profile.organization_id.as_str(), |org| org.name.as_str());
        let ranked = !contest.round(&attempt.round_id).is_some_and(|round| round.practice);
        // A result faster than a person can read goes to a review first
        // (practice results win nothing, so they are never reviewed).
        let flags = if ranked { outcome.flags(contest.plausible_duration(attempt.total)) } else { Vec::new() };
        // A unit with a staff list counts only the people on it.
        let counts_in_tally = organization.is_none_or(|org| !org.staff_list || profile.roster_entry.is_some());
        let applied = app
            .store
            .finish_attempt(FinishWrite {
                attempt: &attempt,
                profile: &profile,
                outcome: &outcome,
                prediction,
                flags: &flags,
                organization_name,
                counts_in_tally,
                ranked,
                leaderboard_shards: contest.leaderboard_shards,
                now,
                token_version,
            })
            .await?;
        if applied {
            attempt.status = outcome.status;
            attempt.answers = outcome.answers;
            attempt.result = Some(AttemptResult {
                score: outcome.score,
                total: outcome.total,
                duration_ms: outcome.duration_ms,
                finished_at: outcome.finished_at,
                prediction,
            });
            attempt.flags = flags;
            if !attempt.flags.is_empty() {
                tracing::info!(attempt = %aid, "result flagged for review");
            }
            return Ok(attempt);
        }
    }
    tracing::warn!(attempt = %aid, "attempt could not be closed after retries");
    Err(Error::Busy(BusyWith::Closing))
}
