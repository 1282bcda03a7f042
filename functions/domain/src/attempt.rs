//! Drawing, answering, timing and scoring an attempt.

use chrono::{DateTime, Duration, Utc};
use rand::seq::{IndexedRandom, SliceRandom};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

use crate::contest::{Question, Round};
use crate::{DomainError, OptionId, QuestionId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttemptOption {
    pub id: OptionId,
    pub text: String,
}

/// A question as drawn for one attempt, holding its answer key. It stays on
/// the server: only [`PublicQuestion`] is ever serialised to a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptQuestion {
    pub id: QuestionId,
    pub text: String,
    pub options: Vec<AttemptOption>,
    pub correct: OptionId,
    /// Voided by the committee after the draw: counts as right for everyone
    /// given it. Never stored: set from the contest's corrections on reading.
    #[serde(skip)]
    pub voided: bool,
}

/// What a participant may see of a question. The type has no field for the
/// answer, so no serialisation slip can leak it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PublicQuestion {
    pub id: QuestionId,
    pub text: String,
    pub options: Vec<AttemptOption>,
}

impl AttemptQuestion {
    pub fn public(&self) -> PublicQuestion {
        PublicQuestion { id: self.id.clone(), text: self.text.clone(), options: self.options.clone() }
    }
}

pub type Answers = BTreeMap<QuestionId, OptionId>;

const OPTION_ID_ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";

fn random_option_id(rng: &mut impl Rng, taken: &HashSet<String>) -> OptionId {
    loop {
        let id: String =
            (0..8).map(|_| *OPTION_ID_ALPHABET.choose(rng).expect("alphabet is not empty") as char).collect();
        if !taken.contains(&id) {
            return OptionId::parse(id).expect("alphabet only yields valid ids");
        }
    }
}

/// Draws `count` distinct approved questions of `round`'s pool in random
/// order, with options shuffled (unless the question keeps its order) and
/// given fresh opaque ids.
pub fn draw_questions(
    bank: &[Question],
    round: &Round,
    count: usize,
    rng: &mut impl Rng,
) -> Result<Vec<AttemptQuestion>, DomainError> {
    let approved: Vec<&Question> = bank.iter().filter(|q| q.is_drawable_in(round)).collect();
    if approved.len() < count {
        return Err(DomainError::NotEnoughQuestions { needed: count, available: approved.len() });
    }
    let chosen: Vec<&Question> = approved.choose_multiple(rng, count).copied().collect();
    Ok(chosen
        .into_iter()
        .map(|question| {
            let mut taken = HashSet::new();
            let mut options: Vec<(usize, AttemptOption)> = question
                .options
                .iter()
                .enumerate()
                .map(|(index, text)| {
                    let id = random_option_id(rng, &taken);
                    taken.insert(id.as_str().to_owned());
                    (index, AttemptOption { id, text: text.clone() })
                })
                .collect();
            if question.shuffle_options {
                options.shuffle(rng);
            }
            let correct = options
                .iter()
                .find(|(index, _)| *index == question.answer_index)
                .map(|(_, option)| option.id.clone())
                .expect("answer_index is validated to be within the options");
            AttemptQuestion {
                id: question.id.clone(),
                text: question.text.clone(),
                options: options.into_iter().map(|(_, option)| option).collect(),
                correct,
                voided: false,
            }
        })
        .collect())
}

/// Checks that every answer names a question of this attempt and one of that
/// question's options.
pub fn validate_answers(questions: &[AttemptQuestion], answers: &Answers) -> Result<(), DomainError> {
    for (question_id, option_id) in answers {
        let question = questions
            .iter()
            .find(|q| &q.id == question_id)
            .ok_or_else(|| DomainError::UnknownQuestion(question_id.to_string()))?;
        if !question.options.iter().any(|o| &o.id == option_id) {
            return Err(DomainError::UnknownOption(question_id.to_string()));
        }
    }
    Ok(())
}

impl AttemptQuestion {
    /// Whether `answer` earns the point.
    pub fn is_right(&self, answer: Option<&OptionId>) -> bool {
        self.voided || answer == Some(&self.correct)
    }
}

pub fn score(questions: &[AttemptQuestion], answers: &Answers) -> u32 {
    questions.iter().filter(|q| q.is_right(answers.get(&q.id))).count() as u32
}

/// Per question, whether it earned the point: `q001:1;q002:0;q003:-` (`-`
/// unanswered and not voided). Compact, so the attempts index can carry it
/// for the bank's statistics.
pub fn results_summary(questions: &[AttemptQuestion], answers: &Answers) -> String {
    questions
        .iter()
        .map(|q| {
            let answer = answers.get(&q.id);
            let mark = if q.is_right(answer) {
                "1"
            } else if answer.is_none() {
                "-"
            } else {
                "0"
            };
            format!("{}:{mark}", q.id)
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A committee's correction of a question's key after attempts drew it.
/// Papers keep the key as drawn; corrections are applied whenever an
/// attempt is scored, so a correction and a late finish cannot miss each
/// other, and scoring again gives the same result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyCorrection {
    /// The right option's text (papers name options by attempt-local ids,
    /// their texts are what the bank and papers share). `None`: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Counts as right for everyone who was given it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub voided: bool,
    /// When it was last changed (epoch ms): the closing job rescores once
    /// more a few minutes later, for attempts finished meanwhile by
    /// servers still holding the contest as it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<i64>,
}

pub type KeyCorrections = BTreeMap<QuestionId, KeyCorrection>;

/// Applies the committee's corrections to a paper as drawn. An option whose
/// text was edited since the draw cannot be matched: that paper keeps its key.
pub fn apply_corrections(questions: &mut [AttemptQuestion], corrections: &KeyCorrections) {
    for question in questions {
        let Some(correction) = corrections.get(&question.id) else { continue };
        question.voided = correction.voided;
        if let Some(answer) = &correction.answer {
            let wanted = crate::contest::normalized_question_text(answer);
            if let Some(option) =
                question.options.iter().find(|o| crate::contest::normalized_question_text(&o.text) == wanted)
            {
                question.correct = option.id.clone();
            }
        }
    }
}

/// One question of a finished attempt, for the participant to learn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReviewedQuestion {
    pub id: QuestionId,
    pub text: String,
    pub options: Vec<AttemptOption>,
    /// The option the participant chose (null: unanswered).
    pub your_answer: Option<OptionId>,
    /// The right option; null while the question may still be drawn in a
    /// round that has not closed (its key stays secret until then).
    pub correct: Option<OptionId>,
    /// Whether the answer earned the point; null when `correct` is withheld.
    pub is_correct: Option<bool>,
    /// Voided by the committee: right for everyone.
    pub voided: bool,
    /// Where the answer can be read (the bank's citation).
    pub source: String,
}

/// The review of a finished attempt. `withheld` lists the questions whose
/// key must stay secret (still drawable in a round not yet closed).
pub fn review(
    questions: &[AttemptQuestion],
    answers: &Answers,
    sources: &BTreeMap<QuestionId, String>,
    withheld: &HashSet<QuestionId>,
) -> Vec<ReviewedQuestion> {
    questions
        .iter()
        .map(|q| {
            let hidden = withheld.contains(&q.id);
            let your_answer = answers.get(&q.id).cloned();
            ReviewedQuestion {
                id: q.id.clone(),
                text: q.text.clone(),
                options: q.options.clone(),
                correct: (!hidden).then(|| q.correct.clone()),
                is_correct: (!hidden).then(|| q.is_right(your_answer.as_ref())),
                your_answer,
                voided: q.voided,
                source: if hidden { String::new() } else { sources.get(&q.id).cloned().unwrap_or_default() },
            }
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttemptStatus {
    InProgress,
    Submitted,
    TimedOut,
}

impl AttemptStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InProgress => "in_progress",
            Self::Submitted => "submitted",
            Self::TimedOut => "timed_out",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::InProgress, Self::Submitted, Self::TimedOut].into_iter().find(|s| s.as_str() == value)
    }

    pub fn is_finished(self) -> bool {
        self != Self::InProgress
    }
}

/// The server's clock decides everything: the deadline is fixed when the
/// attempt starts; answers arriving within the grace period after it still
/// count, to absorb network latency, but nothing later does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptClock {
    pub started_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub grace: Duration,
}

impl AttemptClock {
    /// The deadline is the time limit from now, or the round's close if that
    /// comes first: a round closes for everyone at its closing time.
    pub fn start(now: DateTime<Utc>, time_limit: Duration, grace: Duration, round_closes_at: DateTime<Utc>) -> Self {
        Self { started_at: now, deadline: (now + time_limit).min(round_closes_at), grace }
    }

    /// The last instant at which an answer or submission is accepted.
    pub fn closes_at(&self) -> DateTime<Utc> {
        self.deadline + self.grace
    }

    pub fn accepts_answers_at(&self, now: DateTime<Utc>) -> bool {
        now <= self.closes_at()
    }

    pub fn duration_until(&self, finished_at: DateTime<Utc>) -> Duration {
        (finished_at.min(self.deadline) - self.started_at).max(Duration::zero())
    }
}

/// Why a finished attempt must be reviewed before it can win.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttemptFlag {
    /// Finished faster than the contest's plausible time per question.
    TooFast,
}

impl AttemptFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TooFast => "TOO_FAST",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        (value == "TOO_FAST").then_some(Self::TooFast)
    }
}

/// The committee's decision on a flagged attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    /// Counts like any other attempt.
    Accepted,
    /// Leaves the round's rankings and winners.
    Rejected,
}

impl ReviewDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Accepted, Self::Rejected].into_iter().find(|d| d.as_str() == value)
    }
}

/// Whether an attempt counts toward rankings and prizes: unflagged, or
/// flagged and accepted by the committee.
pub fn counts_for_ranking(flags: &[AttemptFlag], decision: Option<ReviewDecision>) -> bool {
    flags.is_empty() || decision == Some(ReviewDecision::Accepted)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: AttemptStatus,
    pub answers: Answers,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub finished_at: DateTime<Utc>,
}

impl Outcome {
    /// The flags that send this outcome to a review: finished in less than
    /// `plausible` (zero turns the review off).
    pub fn flags(&self, plausible: Duration) -> Vec<AttemptFlag> {
        if plausible > Duration::zero() && self.duration_ms < plausible.num_milliseconds() {
            vec![AttemptFlag::TooFast]
        } else {
            Vec::new()
        }
    }
}

/// Closes an attempt. In time, the submitted answers are merged over the
/// saved ones; too late, only what was saved in time counts and the attempt
/// is recorded as timed out at its deadline.
pub fn finish(
    clock: &AttemptClock,
    questions: &[AttemptQuestion],
    saved: &Answers,
    submitted: &Answers,
    now: DateTime<Utc>,
) -> Outcome {
    let total = questions.len() as u32;
    if clock.accepts_answers_at(now) {
        let mut answers = saved.clone();
        answers.extend(submitted.iter().map(|(q, o)| (q.clone(), o.clone())));
        let finished_at = now.min(clock.deadline);
        Outcome {
            status: AttemptStatus::Submitted,
            score: score(questions, &answers),
            total,
            duration_ms: clock.duration_until(finished_at).num_milliseconds(),
            finished_at,
            answers,
        }
    } else {
        Outcome {
            status: AttemptStatus::TimedOut,
            score: score(questions, saved),
            total,
            duration_ms: clock.duration_until(clock.deadline).num_milliseconds(),
            finished_at: clock.deadline,
            answers: saved.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contest::tests::sample_definition;
    use crate::contest::QuestionStatus;
    use chrono::TimeZone;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    fn round() -> Round {
        sample_definition(3).contest.rounds[0].clone()
    }

    fn drawn(count: usize) -> Vec<AttemptQuestion> {
        let bank = sample_definition(10).questions;
        draw_questions(&bank, &round(), count, &mut StdRng::seed_from_u64(7)).unwrap()
    }

    fn correct_answers(questions: &[AttemptQuestion]) -> Answers {
        questions.iter().map(|q| (q.id.clone(), q.correct.clone())).collect()
    }

    #[test]
    fn draws_distinct_questions_with_the_key_on_the_right_text() {
        let bank = sample_definition(10).questions;
        let questions = draw_questions(&bank, &round(), 5, &mut StdRng::seed_from_u64(1)).unwrap();
        let ids: HashSet<_> = questions.iter().map(|q| q.id.clone()).collect();
        assert_eq!(ids.len(), 5);
        for question in &questions {
            let original = bank.iter().find(|q| q.id == question.id).unwrap();
            let correct = question.options.iter().find(|o| o.id == question.correct).unwrap();
            assert_eq!(correct.text, original.options[original.answer_index]);
            let option_ids: HashSet<_> = question.options.iter().map(|o| o.id.clone()).collect();
            assert_eq!(option_ids.len(), original.options.len());
        }
    }

    #[test]
    fn shuffles_options_and_questions_between_attempts() {
        let bank = sample_definition(10).questions;
        let mut rng = StdRng::seed_from_u64(3);
        let orders: HashSet<Vec<String>> = (0..20)
            .map(|_| {
                let q = draw_questions(&bank, &round(), 10, &mut rng).unwrap();
                q[0].options.iter().map(|o| o.text.clone()).chain([q[0].id.to_string()]).collect()
            })
            .collect();
        assert!(orders.len() > 5, "expected varied draws, got {}", orders.len());
    }

    #[test]
    fn never_draws_drafts_and_refuses_a_small_bank() {
        let mut bank = sample_definition(4).questions;
        bank[0].status = QuestionStatus::Draft;
        let questions = draw_questions(&bank, &round(), 3, &mut StdRng::seed_from_u64(1)).unwrap();
        assert!(questions.iter().all(|q| q.id != bank[0].id));
        let err = draw_questions(&bank, &round(), 4, &mut StdRng::seed_from_u64(1)).unwrap_err();
        assert_eq!(err, DomainError::NotEnoughQuestions { needed: 4, available: 3 });
    }

    #[test]
    fn public_question_json_has_no_answer() {
        let question = &drawn(1)[0];
        let json = serde_json::to_value(question.public()).unwrap();
        assert!(json.get("correct").is_none());
        assert_eq!(json.as_object().unwrap().len(), 3);
    }

    #[test]
    fn scores_count_correct_answers_only() {
        let questions = drawn(5);
        let mut answers = correct_answers(&questions);
        assert_eq!(score(&questions, &answers), 5);
        let wrong = questions[0].options.iter().find(|o| o.id != questions[0].correct).unwrap();
        answers.insert(questions[0].id.clone(), wrong.id.clone());
        answers.remove(&questions[1].id);
        assert_eq!(score(&questions, &answers), 3);
    }

    #[test]
    fn validates_question_and_option_membership() {
        let questions = drawn(3);
        let other = drawn(3);
        assert!(validate_answers(&questions, &correct_answers(&questions)).is_ok());
        let mut stray = Answers::new();
        stray.insert(QuestionId::parse("q999").unwrap(), questions[0].correct.clone());
        assert_eq!(validate_answers(&questions, &stray), Err(DomainError::UnknownQuestion("q999".into())));
        let mut foreign = Answers::new();
        let other_option = OptionId::parse("zzzzzzzz").unwrap();
        foreign.insert(questions[0].id.clone(), other_option);
        assert!(matches!(validate_answers(&questions, &foreign), Err(DomainError::UnknownOption(_))));
        assert!(!other.is_empty());
    }

    fn clock() -> AttemptClock {
        let start = Utc.with_ymd_and_hms(2022, 10, 17, 2, 0, 0).unwrap();
        AttemptClock::start(start, Duration::minutes(30), Duration::seconds(15), start + Duration::days(6))
    }

    #[test]
    fn the_round_closing_caps_the_deadline() {
        // 21:59 on the last day: one minute left, not thirty.
        let closes = Utc.with_ymd_and_hms(2022, 10, 23, 15, 0, 0).unwrap();
        let clock =
            AttemptClock::start(closes - Duration::minutes(1), Duration::minutes(30), Duration::seconds(15), closes);
        assert_eq!(clock.deadline, closes);
        assert!(clock.accepts_answers_at(closes + Duration::seconds(15)));
        assert!(!clock.accepts_answers_at(closes + Duration::seconds(16)));
    }

    #[test]
    fn draws_only_from_the_rounds_pool() {
        let mut bank = sample_definition(6).questions;
        let other = sample_definition(3).contest.rounds[1].clone();
        for question in &mut bank[..3] {
            question.rounds = vec![other.id.clone()];
        }
        let drawn = draw_questions(&bank, &round(), 3, &mut StdRng::seed_from_u64(5)).unwrap();
        assert!(drawn.iter().all(|q| bank[3..].iter().any(|b| b.id == q.id)), "only questions for every round");
        assert_eq!(
            draw_questions(&bank, &round(), 4, &mut StdRng::seed_from_u64(5)).unwrap_err(),
            DomainError::NotEnoughQuestions { needed: 4, available: 3 }
        );
        assert_eq!(draw_questions(&bank, &other, 6, &mut StdRng::seed_from_u64(5)).unwrap().len(), 6);
    }

    #[test]
    fn results_faster_than_the_plausible_time_are_flagged() {
        let questions = drawn(3);
        let clock = clock();
        let outcome = finish(
            &clock,
            &questions,
            &Answers::new(),
            &correct_answers(&questions),
            clock.started_at + Duration::seconds(1),
        );
        assert_eq!(outcome.flags(Duration::seconds(9)), vec![AttemptFlag::TooFast]);
        assert!(outcome.flags(Duration::seconds(1)).is_empty(), "exactly the plausible time is fine");
        assert!(outcome.flags(Duration::zero()).is_empty(), "0 turns the review off");
        assert!(counts_for_ranking(&[], None));
        assert!(!counts_for_ranking(&[AttemptFlag::TooFast], None));
        assert!(!counts_for_ranking(&[AttemptFlag::TooFast], Some(ReviewDecision::Rejected)));
        assert!(counts_for_ranking(&[AttemptFlag::TooFast], Some(ReviewDecision::Accepted)));
    }

    #[test]
    fn submission_in_time_merges_answers_and_measures_duration() {
        let questions = drawn(3);
        let clock = clock();
        let all = correct_answers(&questions);
        let saved: Answers = all.iter().take(1).map(|(q, o)| (q.clone(), o.clone())).collect();
        let submitted: Answers = all.iter().skip(1).map(|(q, o)| (q.clone(), o.clone())).collect();
        let outcome = finish(&clock, &questions, &saved, &submitted, clock.started_at + Duration::seconds(95));
        assert_eq!(outcome.status, AttemptStatus::Submitted);
        assert_eq!((outcome.score, outcome.total, outcome.duration_ms), (3, 3, 95_000));
    }

    #[test]
    fn submission_within_grace_counts_with_duration_capped_at_limit() {
        let questions = drawn(3);
        let clock = clock();
        let outcome = finish(
            &clock,
            &questions,
            &Answers::new(),
            &correct_answers(&questions),
            clock.deadline + Duration::seconds(10),
        );
        assert_eq!(outcome.status, AttemptStatus::Submitted);
        assert_eq!(outcome.score, 3);
        assert_eq!(outcome.duration_ms, 30 * 60 * 1000);
        assert_eq!(outcome.finished_at, clock.deadline);
    }

    #[test]
    fn late_submission_keeps_only_saved_answers() {
        let questions = drawn(3);
        let clock = clock();
        let all = correct_answers(&questions);
        let saved: Answers = all.iter().take(2).map(|(q, o)| (q.clone(), o.clone())).collect();
        let outcome = finish(&clock, &questions, &saved, &all, clock.closes_at() + Duration::milliseconds(1));
        assert_eq!(outcome.status, AttemptStatus::TimedOut);
        assert_eq!(outcome.score, 2);
        assert_eq!(outcome.answers, saved);
        assert_eq!(outcome.finished_at, clock.deadline);
    }

    #[test]
    fn answers_accepted_until_deadline_plus_grace_inclusive() {
        let clock = clock();
        assert!(clock.accepts_answers_at(clock.deadline));
        assert!(clock.accepts_answers_at(clock.closes_at()));
        assert!(!clock.accepts_answers_at(clock.closes_at() + Duration::milliseconds(1)));
    }

    #[test]
    fn status_round_trips() {
        for status in [AttemptStatus::InProgress, AttemptStatus::Submitted, AttemptStatus::TimedOut] {
            assert_eq!(AttemptStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(AttemptStatus::parse("done"), None);
    }

    #[test]
    fn a_question_may_keep_its_options_in_order() {
        let mut bank = sample_definition(3).questions;
        for question in &mut bank {
            question.shuffle_options = false;
        }
        let mut rng = StdRng::seed_from_u64(11);
        for _ in 0..20 {
            for drawn in draw_questions(&bank, &round(), 3, &mut rng).unwrap() {
                let original = bank.iter().find(|q| q.id == drawn.id).unwrap();
                let texts: Vec<_> = drawn.options.iter().map(|o| o.text.clone()).collect();
                assert_eq!(texts, original.options);
                assert_eq!(drawn.options[original.answer_index].id, drawn.correct);
            }
        }
    }

    #[test]
    fn practice_rounds_draw_only_questions_written_for_them() {
        let definition = sample_definition(6);
        let mut practice = definition.contest.rounds[1].clone();
        practice.practice = true;
        let mut bank = definition.questions;
        bank[0].rounds = vec![practice.id.clone()];
        bank[1].rounds = vec![practice.id.clone()];
        let drawn = draw_questions(&bank, &practice, 2, &mut StdRng::seed_from_u64(3)).unwrap();
        let mut ids: Vec<_> = drawn.iter().map(|q| q.id.as_str().to_owned()).collect();
        ids.sort();
        assert_eq!(ids, vec![bank[0].id.to_string(), bank[1].id.to_string()]);
        assert_eq!(
            draw_questions(&bank, &practice, 3, &mut StdRng::seed_from_u64(3)).unwrap_err(),
            DomainError::NotEnoughQuestions { needed: 3, available: 2 }
        );
        let real = draw_questions(&bank, &round(), 4, &mut StdRng::seed_from_u64(3)).unwrap();
        assert!(real.iter().all(|q| q.id != bank[0].id && q.id != bank[1].id), "practice questions stay out");
    }

    #[test]
    fn corrections_rescore_without_touching_the_paper() {
        let bank = sample_definition(5).questions;
        let paper = draw_questions(&bank, &round(), 3, &mut StdRng::seed_from_u64(9)).unwrap();
        let answers = correct_answers(&paper);
        assert_eq!(score(&paper, &answers), 3);

        // The key of the first question moves to another option; the second is voided.
        let moved = paper[0].options.iter().find(|o| o.id != paper[0].correct).unwrap().clone();
        let mut corrections = KeyCorrections::new();
        corrections.insert(
            paper[0].id.clone(),
            KeyCorrection { answer: Some(moved.text.to_uppercase()), voided: false, at_ms: None },
        );
        corrections.insert(paper[1].id.clone(), KeyCorrection { answer: None, voided: true, at_ms: None });
        let mut corrected = paper.clone();
        apply_corrections(&mut corrected, &corrections);
        assert_eq!(corrected[0].correct, moved.id, "matched by text, ignoring case");
        let mut unanswered = answers.clone();
        unanswered.remove(&paper[1].id);
        assert_eq!(score(&corrected, &unanswered), 2, "the voided question counts even unanswered");
        assert_eq!(
            results_summary(&corrected, &unanswered),
            format!("{}:0;{}:1;{}:1", paper[0].id, paper[1].id, paper[2].id)
        );

        // Applying twice is applying once.
        let mut twice = corrected.clone();
        apply_corrections(&mut twice, &corrections);
        assert_eq!(twice, corrected);
        // An option edited since the draw cannot be matched: the paper's key stays.
        let mut unmatched = paper.clone();
        let stray = KeyCorrection { answer: Some("Không có phương án này".into()), voided: false, at_ms: None };
        apply_corrections(&mut unmatched, &KeyCorrections::from([(paper[2].id.clone(), stray)]));
        assert_eq!(unmatched[2].correct, paper[2].correct);
    }

    #[test]
    fn reviews_withhold_the_key_of_questions_still_in_play() {
        let bank = sample_definition(5).questions;
        let paper = draw_questions(&bank, &round(), 3, &mut StdRng::seed_from_u64(4)).unwrap();
        let mut answers = correct_answers(&paper);
        answers.remove(&paper[2].id);
        let sources: BTreeMap<QuestionId, String> =
            paper.iter().map(|q| (q.id.clone(), format!("Nguồn {}", q.id))).collect();
        let withheld = HashSet::from([paper[1].id.clone()]);
        let reviewed = review(&paper, &answers, &sources, &withheld);
        assert_eq!(reviewed[0].correct.as_ref(), Some(&paper[0].correct));
        assert_eq!(reviewed[0].is_correct, Some(true));
        assert_eq!(reviewed[0].source, format!("Nguồn {}", paper[0].id));
        assert_eq!((reviewed[1].correct.as_ref(), reviewed[1].is_correct), (None, None));
        assert_eq!(reviewed[1].source, "");
        assert_eq!(reviewed[1].your_answer.as_ref(), Some(&paper[1].correct), "their own answer is theirs to see");
        assert_eq!((reviewed[2].your_answer.as_ref(), reviewed[2].is_correct), (None, Some(false)));
        let json = serde_json::to_string(&reviewed[1]).unwrap();
        assert!(json.contains(r#""correct":null"#), "{json}");
    }
}
