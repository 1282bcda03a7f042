//! The contest definition: what a contest file may say, and the validated
//! `Contest` every function works with.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

use crate::{ContestId, OrganizationId, Phone, QuestionId, RoundId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Limits {
    pub time_limit_seconds: u32,
    pub grace_seconds: u32,
    pub questions_per_attempt: u32,
    pub max_attempts_per_round: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Round {
    pub id: RoundId,
    pub name: String,
    pub opens_at: DateTime<FixedOffset>,
    pub closes_at: DateTime<FixedOffset>,
    /// A practice round (thi thử): unlimited attempts, never ranked or
    /// tallied, drawing only from the questions that name it.
    #[serde(default)]
    pub practice: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    Upcoming,
    Open,
    Closed,
}

impl Round {
    /// Questions its pool needs: a whole attempt for a real round; at least
    /// one for practice, whose attempts take what its own pool has.
    pub fn questions_needed(&self, per_attempt: u32) -> usize {
        if self.practice {
            1
        } else {
            per_attempt as usize
        }
    }

    /// How many questions an attempt of this round draws from a pool of `pool`.
    pub fn questions_per_attempt(&self, per_attempt: u32, pool: usize) -> usize {
        if self.practice {
            (per_attempt as usize).min(pool)
        } else {
            per_attempt as usize
        }
    }

    pub fn status_at(&self, now: DateTime<Utc>) -> RoundStatus {
        if now < self.opens_at {
            RoundStatus::Upcoming
        } else if now < self.closes_at {
            RoundStatus::Open
        } else {
            RoundStatus::Closed
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub group: String,
    /// How many people the unit has: its staff list's length once one is
    /// imported. Open organizations need none (0).
    pub headcount: u32,
    #[serde(default)]
    pub kind: OrganizationKind,
    /// The unit's staff list (danh sách cán bộ) has been imported: only
    /// people on it may register into it, and it gives the headcount.
    #[serde(default)]
    pub staff_list: bool,
}

/// Who an organization is, for the collective ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// An agency or a ward: ranked collectively by participation.
    #[default]
    Unit,
    /// The public, businesses: individual prizes only, no headcount, in
    /// neither the organizations leaderboard nor the collective ranking.
    Open,
}

impl Organization {
    pub fn is_ranked_collectively(&self) -> bool {
        self.kind == OrganizationKind::Unit
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Draft,
    #[default]
    Approved,
    /// Drawn in earlier attempts, so kept for their papers and reviews, but
    /// never drawn again.
    Archived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    pub id: QuestionId,
    pub text: String,
    pub options: Vec<String>,
    /// Index into `options`; kept as an index so it can never point outside.
    pub answer_index: usize,
    pub topic: String,
    pub source: String,
    pub status: QuestionStatus,
    /// The rounds whose attempts may draw it; empty: every round.
    #[serde(default)]
    pub rounds: Vec<RoundId>,
    /// Whether attempts show the options in a random order. Off for
    /// questions whose options refer to each other ("Cả A và B đều đúng").
    #[serde(default = "shuffled_by_default")]
    pub shuffle_options: bool,
}

fn shuffled_by_default() -> bool {
    true
}

impl Question {
    /// Whether attempts of `round` may draw it (approved, and in its pool).
    /// A question naming no round serves every real round but no practice
    /// round: practice reviews show their keys, so a practice pool holds only
    /// questions written for it.
    pub fn is_drawable_in(&self, round: &Round) -> bool {
        self.status == QuestionStatus::Approved
            && (self.rounds.contains(&round.id) || (self.rounds.is_empty() && !round.practice))
    }
}

/// How many approved questions each round's attempts can draw from.
pub fn round_pools<'a>(rounds: &'a [Round], bank: &[Question]) -> Vec<(&'a Round, usize)> {
    rounds.iter().map(|round| (round, bank.iter().filter(|q| q.is_drawable_in(round)).count())).collect()
}

/// Phone verification at registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PhoneVerification {
    /// The phone number is taken as typed.
    #[default]
    None,
    /// A six-digit code sent by SMS must be entered to finish registering.
    Sms,
}

/// How many individual prizes of each level a round awards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrizeCounts {
    #[schema(maximum = 100)]
    pub first: u32,
    #[schema(maximum = 100)]
    pub second: u32,
    #[schema(maximum = 100)]
    pub third: u32,
}

impl Default for PrizeCounts {
    fn default() -> Self {
        Self { first: 1, second: 1, third: 1 }
    }
}

impl PrizeCounts {
    pub fn total(&self) -> u32 {
        self.first + self.second + self.third
    }
}

/// One link of the chain that orders a round's results for prizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Higher score first.
    Score,
    /// Prediction closer to the real number first (no prediction last).
    PredictionDistance,
    /// Shorter time taken first.
    Duration,
    /// Earlier submission first.
    SubmittedAt,
}

pub fn default_tie_breaks() -> Vec<TieBreak> {
    vec![TieBreak::Score, TieBreak::PredictionDistance, TieBreak::Duration, TieBreak::SubmittedAt]
}

fn default_true() -> bool {
    true
}

/// The contest as the platform stores and serves it (without its question
/// bank, which lives in its own items).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contest {
    pub id: ContestId,
    pub title: String,
    pub description: String,
    pub rules: String,
    pub limits: Limits,
    pub rounds: Vec<Round>,
    pub organizations: Vec<Organization>,
    pub prediction_question: Option<String>,
    #[serde(default)]
    pub prizes: PrizeCounts,
    /// The plan awards each person at most one individual prize in the
    /// whole contest.
    #[serde(default = "default_true")]
    pub one_prize_per_person: bool,
    #[serde(default = "default_tie_breaks")]
    pub tie_breaks: Vec<TieBreak>,
    /// Partitions each round's leaderboard is spread over; 1 suits
    /// contests up to tens of thousands of participants.
    #[serde(default = "one")]
    pub leaderboard_shards: u32,
    /// Whether an open round's leaderboard is public. Unset: hidden when
    /// the contest has a prediction question (the leaderboard would give
    /// away its answer), shown otherwise.
    #[serde(default)]
    pub live_leaderboard: Option<bool>,
    /// An attempt finished faster than this many seconds per question goes
    /// to a review before it can win (0: no review).
    #[serde(default = "default_min_seconds_per_question")]
    pub min_seconds_per_question: u32,
    /// Registration asks for a proof of work (ALTCHA) against scripts.
    #[serde(default = "default_true")]
    pub registration_challenge: bool,
    #[serde(default)]
    pub phone_verification: PhoneVerification,
    /// How participants reach the committee (shown on the login and help pages).
    #[serde(default)]
    pub contact: ContestContact,
    /// Who controls the participants' personal data, with an address or
    /// contact ("UBND thị xã Quảng Trị, số …"): named in the privacy notice.
    #[serde(default)]
    pub data_controller: String,
    /// The committee's own privacy notice; None: generated from the settings.
    #[serde(default)]
    pub privacy_notice: Option<String>,
    /// Days after the last round closes until personal data is erased.
    #[serde(default = "default_retention_days")]
    pub personal_data_retention_days: u32,
    /// Who issues and signs the committee's documents and certificates.
    #[serde(default)]
    pub paperwork: crate::paperwork::Paperwork,
    #[serde(default)]
    pub prize_amounts: crate::paperwork::PrizeAmounts,
    /// Everyone who finished an attempt gets a certificate of participation,
    /// not only the prize winners.
    #[serde(default)]
    pub certificates_for_finishers: bool,
    /// Answer keys corrected after attempts drew them, applied whenever an
    /// attempt is scored. Managed by the question routes, not by settings.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub key_corrections: crate::attempt::KeyCorrections,
}

/// The committee's contact for participants: a hotline and an e-mail address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContestContact {
    /// A phone number, as it should be shown ("0233 3xxx xxx (giờ hành chính)").
    #[serde(default)]
    #[schema(max_length = 100)]
    pub hotline: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub email: String,
}

impl ContestContact {
    pub fn is_empty(&self) -> bool {
        self.hotline.is_empty() && self.email.is_empty()
    }
}

fn one() -> u32 {
    1
}

fn trimmed_paperwork(mut paperwork: crate::paperwork::Paperwork) -> crate::paperwork::Paperwork {
    for text in [
        &mut paperwork.parent_body,
        &mut paperwork.issuing_body,
        &mut paperwork.place,
        &mut paperwork.contest_name,
        &mut paperwork.plan_reference,
        &mut paperwork.signer_authority,
        &mut paperwork.signer_title,
        &mut paperwork.signer_name,
        &mut paperwork.decision_authority,
        &mut paperwork.decider,
        &mut paperwork.proposer,
        &mut paperwork.fund_source,
    ] {
        *text = text.trim().to_owned();
    }
    for list in [&mut paperwork.recipients, &mut paperwork.executors] {
        *list = list.iter().map(|line| line.trim().to_owned()).filter(|line| !line.is_empty()).collect();
    }
    paperwork
}

fn default_retention_days() -> u32 {
    crate::privacy::DEFAULT_RETENTION_DAYS
}

fn default_min_seconds_per_question() -> u32 {
    3
}

impl Contest {
    pub fn round(&self, id: &RoundId) -> Option<&Round> {
        self.rounds.iter().find(|round| &round.id == id)
    }

    pub fn organization(&self, id: &OrganizationId) -> Option<&Organization> {
        self.organizations.iter().find(|org| &org.id == id)
    }

    pub fn time_limit(&self) -> Duration {
        Duration::seconds(i64::from(self.limits.time_limit_seconds))
    }

    /// Whether an open round's leaderboard is shown (see `live_leaderboard`).
    pub fn shows_live_leaderboard(&self) -> bool {
        self.live_leaderboard.unwrap_or(self.prediction_question.is_none())
    }

    /// The shortest plausible time for an attempt of `questions` questions;
    /// faster ones are reviewed before they can win.
    pub fn plausible_duration(&self, questions: u32) -> Duration {
        Duration::seconds(i64::from(questions) * i64::from(self.min_seconds_per_question))
    }

    pub fn grace(&self) -> Duration {
        Duration::seconds(i64::from(self.limits.grace_seconds))
    }

    /// Moves every round by whole weeks so the first round is open at `now`,
    /// keeping each round's weekday and hour. Used for the demo contest, whose
    /// file carries the plan's 2022 dates. When `now` falls between a Sunday
    /// close and a Monday open, the first round is stretched over the gap so a
    /// freshly loaded demo can always be played.
    pub fn shift_rounds_so_first_is_open(&mut self, now: DateTime<Utc>) {
        let Some(first) = self.rounds.first() else { return };
        let week = Duration::weeks(1);
        let elapsed = now - first.opens_at.with_timezone(&Utc);
        let weeks = elapsed.num_seconds().div_euclid(week.num_seconds());
        let shift = week * weeks as i32;
        for round in &mut self.rounds {
            round.opens_at += shift;
            round.closes_at += shift;
        }
        if self.rounds[0].status_at(now) == RoundStatus::Closed {
            self.rounds[0].closes_at += week;
            for round in self.rounds.iter_mut().skip(1) {
                round.opens_at += week;
                round.closes_at += week;
            }
        }
    }
}

/// A parsed and validated contest file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContestDefinition {
    pub contest: Contest,
    pub questions: Vec<Question>,
    pub excluded_phones: Vec<Phone>,
}

/// The file format exactly as organizers write it. Organizers' contest
/// settings are the same fields without `questions` and `excluded_phones`,
/// which are managed on their own: the API describes it as such. Rules the
/// schema cannot say (round order, unique ids, text lengths) are checked
/// when it is validated, and every problem is listed.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ContestSettings)]
pub struct ContestFile {
    #[schema(pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    id: String,
    #[schema(pattern = "\\S")]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    rules: String,
    #[schema(minimum = 1, maximum = 14400)]
    time_limit_seconds: u32,
    #[serde(default = "default_grace")]
    #[schema(minimum = 0, maximum = 300, default = 15)]
    grace_seconds: u32,
    /// No more than the approved questions in the bank.
    #[schema(minimum = 1, maximum = 200)]
    questions_per_attempt: u32,
    #[schema(minimum = 1, maximum = 100)]
    max_attempts_per_round: u32,
    #[schema(min_items = 1)]
    rounds: Vec<RoundFile>,
    #[schema(min_items = 1)]
    organizations: Vec<OrganizationFile>,
    /// Managed by the exclusions routes; only an empty list is accepted in settings.
    #[serde(default)]
    #[schema(max_items = 0)]
    excluded_phones: Vec<String>,
    #[serde(default)]
    #[schema(pattern = "\\S")]
    prediction_question: Option<String>,
    #[serde(default)]
    prizes: PrizeCounts,
    #[serde(default = "default_true")]
    #[schema(default = true)]
    one_prize_per_person: bool,
    /// Starts with `score`, each at most once.
    #[serde(default = "default_tie_breaks")]
    #[schema(min_items = 1)]
    tie_breaks: Vec<TieBreak>,
    /// Partitions of each round's leaderboard; cannot change once the contest has results.
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 32, default = 1)]
    leaderboard_shards: u32,
    /// Whether an open round's leaderboard is public; default: hidden when
    /// there is a prediction question, shown otherwise.
    #[serde(default)]
    live_leaderboard: Option<bool>,
    /// Seconds per question under which a result is reviewed before it can
    /// win; 0 turns the review off.
    #[serde(default = "default_min_seconds_per_question")]
    #[schema(minimum = 0, maximum = 600, default = 3)]
    min_seconds_per_question: u32,
    /// A proof-of-work challenge at registration, against scripts.
    #[serde(default = "default_true")]
    #[schema(default = true)]
    registration_challenge: bool,
    #[serde(default)]
    phone_verification: PhoneVerification,
    /// Shown to participants on the login and help pages.
    #[serde(default)]
    contact: ContestContact,
    /// Who controls the personal data, with a contact (in the privacy notice).
    #[serde(default)]
    #[schema(max_length = 500)]
    data_controller: String,
    /// The privacy notice participants consent to; absent or empty: generated
    /// from the settings (controller, purposes, data, who sees what,
    /// retention, rights).
    #[serde(default)]
    #[schema(max_length = 20000)]
    privacy_notice: Option<String>,
    /// Days after the last round closes until personal data is erased.
    #[serde(default = "default_retention_days")]
    #[schema(minimum = 0, maximum = 3650, default = 365)]
    personal_data_retention_days: u32,
    /// Issuer, signature block and recipients of the committee's documents.
    #[serde(default)]
    paperwork: crate::paperwork::Paperwork,
    /// Prize money in đồng per individual prize and per collective rank.
    #[serde(default)]
    prize_amounts: crate::paperwork::PrizeAmounts,
    /// Certificates of participation for everyone who finished an attempt.
    #[serde(default)]
    certificates_for_finishers: bool,
    /// Managed by the question routes; only an empty list is accepted in settings.
    #[serde(default)]
    #[schema(max_items = 0)]
    questions: Vec<QuestionFile>,
}

fn default_grace() -> u32 {
    15
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RoundSettings)]
struct RoundFile {
    #[schema(pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    id: String,
    #[schema(pattern = "\\S")]
    name: String,
    opens_at: DateTime<FixedOffset>,
    closes_at: DateTime<FixedOffset>,
    /// A practice round: unlimited attempts, never ranked, its own questions.
    #[serde(default)]
    practice: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OrganizationSettings)]
struct OrganizationFile {
    #[schema(pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    id: String,
    #[schema(pattern = "\\S")]
    name: String,
    #[serde(default)]
    group: String,
    /// Required (at least 1) for units; open organizations have none.
    #[serde(default)]
    headcount: u32,
    #[serde(default)]
    kind: OrganizationKind,
    /// Set by the staff-list import; kept as it is when settings are saved.
    #[serde(default)]
    staff_list: bool,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = QuestionFile)]
struct QuestionFile {
    id: String,
    text: String,
    options: Vec<String>,
    answer: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    status: QuestionStatus,
    /// Round ids whose attempts may draw it; absent or empty: every round.
    #[serde(default)]
    rounds: Vec<String>,
    #[serde(default = "shuffled_by_default")]
    shuffle_options: bool,
}

pub const MAX_OPTIONS: usize = 6;
const OPTION_LETTERS: [char; MAX_OPTIONS] = ['A', 'B', 'C', 'D', 'E', 'F'];

/// Collects every problem in a file rather than stopping at the first, so an
/// organizer fixes a file in one pass.
#[derive(Default)]
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, location: impl AsRef<str>, message: impl AsRef<str>) {
        self.0.push(format!("{}: {}", location.as_ref(), message.as_ref()));
    }

    fn require_text(&mut self, location: &str, value: &str, max_chars: usize) -> String {
        let trimmed = value.trim();
        let chars = trimmed.chars().count();
        if trimmed.is_empty() {
            self.add(location, "không được để trống");
        } else if chars > max_chars {
            self.add(location, format!("dài {chars} ký tự, tối đa {max_chars}"));
        }
        trimmed.to_owned()
    }

    /// Optional text: trimmed, at most `max_chars`, no control characters.
    fn optional_text(&mut self, location: &str, value: &str, max_chars: usize) -> String {
        let trimmed = value.trim();
        let chars = trimmed.chars().count();
        if chars > max_chars {
            self.add(location, format!("dài {chars} ký tự, tối đa {max_chars}"));
        } else if trimmed.chars().any(char::is_control) {
            self.add(location, "không được chứa ký tự điều khiển (xuống dòng, tab…)");
        }
        trimmed.to_owned()
    }

    fn require_range(&mut self, location: &str, value: u32, range: std::ops::RangeInclusive<u32>) {
        if !range.contains(&value) {
            self.add(location, format!("phải từ {} đến {}", range.start(), range.end()));
        }
    }
}

impl ContestDefinition {
    /// Parses a contest file. Errors name the field (and question id) at fault;
    /// on any error nothing is returned, so nothing can be written.
    pub fn from_json(text: &str) -> Result<Self, Vec<String>> {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let file: ContestFile = serde_path_to_error::deserialize(deserializer).map_err(|err| {
            let path = err.path().to_string();
            vec![format!("{path}: {}", err.into_inner())]
        })?;
        Self::validate(file, true)
    }

    /// Parses contest settings as an organizer edits them: the contest file
    /// without its questions and exclusions, which are managed on their own.
    /// `bank` is the question bank already stored (`None` for a contest
    /// being created, whose bank comes next): every round must keep enough
    /// approved questions for an attempt.
    pub fn settings_from_json(text: &str, bank: Option<&[Question]>) -> Result<Contest, Vec<String>> {
        let deserializer = &mut serde_json::Deserializer::from_str(text);
        let file: ContestFile = serde_path_to_error::deserialize(deserializer).map_err(|err| {
            let path = err.path().to_string();
            vec![format!("{path}: {}", err.into_inner())]
        })?;
        if !file.questions.is_empty() || !file.excluded_phones.is_empty() {
            return Err(vec!["questions, excluded_phones: quản lý ở mục riêng, không sửa tại đây".into()]);
        }
        let definition = Self::validate(file, false)?;
        if let Some(bank) = bank {
            let mut problems = Problems::default();
            check_pools(&mut problems, &definition.contest, bank);
            if !problems.0.is_empty() {
                return Err(problems.0);
            }
        }
        Ok(definition.contest)
    }

    fn validate(file: ContestFile, require_questions: bool) -> Result<Self, Vec<String>> {
        let mut problems = Problems::default();
        let id = ContestId::parse(&file.id).map_err(|e| problems.add("id", e.to_string())).ok();
        let title = problems.require_text("title", &file.title, 200);
        problems.require_range("time_limit_seconds", file.time_limit_seconds, 1..=14_400);
        problems.require_range("grace_seconds", file.grace_seconds, 0..=300);
        problems.require_range("questions_per_attempt", file.questions_per_attempt, 1..=200);
        problems.require_range("max_attempts_per_round", file.max_attempts_per_round, 1..=100);
        problems.require_range("leaderboard_shards", file.leaderboard_shards, 1..=32);

        let rounds = validate_rounds(&mut problems, file.rounds);
        let organizations = validate_organizations(&mut problems, file.organizations);
        let questions = validate_questions(&mut problems, file.questions, &rounds);

        let approved = questions.iter().filter(|q| q.status == QuestionStatus::Approved).count();
        if require_questions && approved < file.questions_per_attempt as usize {
            problems.add(
                "questions",
                format!(
                    "chỉ có {approved} câu hỏi đã duyệt, ít hơn số câu mỗi lượt thi ({})",
                    file.questions_per_attempt
                ),
            );
        } else if require_questions {
            for (round, pool) in round_pools(&rounds, &questions) {
                if pool < round.questions_needed(file.questions_per_attempt) {
                    problems.add(
                        round_pool_location(&rounds, round),
                        pool_message(round, pool, file.questions_per_attempt),
                    );
                }
            }
        }
        problems.require_range("min_seconds_per_question", file.min_seconds_per_question, 0..=600);
        problems.require_range("personal_data_retention_days", file.personal_data_retention_days, 0..=3650);
        let contact = ContestContact {
            hotline: problems.optional_text("contact.hotline", &file.contact.hotline, 100),
            email: problems.optional_text("contact.email", &file.contact.email, 200),
        };
        let data_controller = problems.optional_text("data_controller", &file.data_controller, 500);
        for problem in crate::paperwork::check_paperwork(&file.paperwork, &file.prize_amounts) {
            problems.0.push(problem);
        }
        let privacy_notice = match file.privacy_notice.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => Some(problems.require_text("privacy_notice", text, 20_000)),
            _ => None,
        };

        let mut excluded_phones = Vec::new();
        for (index, raw) in file.excluded_phones.iter().enumerate() {
            match Phone::parse(raw) {
                Ok(phone) if !excluded_phones.contains(&phone) => excluded_phones.push(phone),
                Ok(_) => {}
                Err(err) => problems.add(format!("excluded_phones[{index}]"), err.message),
            }
        }

        let prediction_question = match file.prediction_question {
            Some(text) => Some(problems.require_text("prediction_question", &text, 500)),
            None => None,
        };
        validate_tie_breaks(&mut problems, &file.tie_breaks);
        if file.prizes.total() > 100 {
            problems.add("prizes", "tổng số giải mỗi tuần tối đa 100");
        }

        if !problems.0.is_empty() {
            return Err(problems.0);
        }
        Ok(Self {
            contest: Contest {
                id: id.expect("no problems means the id parsed"),
                title,
                description: file.description.trim().to_owned(),
                rules: file.rules.trim().to_owned(),
                limits: Limits {
                    time_limit_seconds: file.time_limit_seconds,
                    grace_seconds: file.grace_seconds,
                    questions_per_attempt: file.questions_per_attempt,
                    max_attempts_per_round: file.max_attempts_per_round,
                },
                rounds,
                organizations,
                prediction_question,
                prizes: file.prizes,
                one_prize_per_person: file.one_prize_per_person,
                tie_breaks: file.tie_breaks,
                leaderboard_shards: file.leaderboard_shards,
                live_leaderboard: file.live_leaderboard,
                min_seconds_per_question: file.min_seconds_per_question,
                registration_challenge: file.registration_challenge,
                phone_verification: file.phone_verification,
                contact,
                data_controller,
                privacy_notice,
                personal_data_retention_days: file.personal_data_retention_days,
                paperwork: trimmed_paperwork(file.paperwork),
                prize_amounts: file.prize_amounts,
                certificates_for_finishers: file.certificates_for_finishers,
                key_corrections: BTreeMap::new(),
            },
            questions,
            excluded_phones,
        })
    }
}

pub(crate) fn validate_tie_breaks_list(tie_breaks: &[TieBreak]) -> Result<(), String> {
    let distinct: HashSet<_> = tie_breaks.iter().collect();
    if tie_breaks.first() != Some(&TieBreak::Score) {
        Err("tiêu chí đầu tiên phải là điểm số (score)".into())
    } else if distinct.len() != tie_breaks.len() {
        Err("mỗi tiêu chí chỉ được dùng một lần".into())
    } else {
        Ok(())
    }
}

fn round_pool_location(rounds: &[Round], round: &Round) -> String {
    let index = rounds.iter().position(|r| r.id == round.id).unwrap_or(0);
    format!("rounds[{index}] ({})", round.id)
}

fn pool_message(round: &Round, pool: usize, per_attempt: u32) -> String {
    if round.practice {
        format!("{} (thi thử) chưa có câu hỏi đã duyệt nào dành riêng cho nó", round.name)
    } else {
        format!("{} chỉ có {pool} câu hỏi đã duyệt để rút đề, ít hơn số câu mỗi lượt thi ({per_attempt})", round.name)
    }
}

/// Every round must be able to draw a whole attempt from its pool.
fn check_pools(problems: &mut Problems, contest: &Contest, bank: &[Question]) {
    for (round, pool) in round_pools(&contest.rounds, bank) {
        if pool < round.questions_needed(contest.limits.questions_per_attempt) {
            problems.add(
                round_pool_location(&contest.rounds, round),
                pool_message(round, pool, contest.limits.questions_per_attempt),
            );
        }
    }
}

/// A bank change that leaves a round unable to draw an attempt, said per round.
pub fn pool_problems(contest: &Contest, bank: &[Question]) -> Vec<String> {
    let mut problems = Problems::default();
    check_pools(&mut problems, contest, bank);
    problems.0
}

fn validate_tie_breaks(problems: &mut Problems, tie_breaks: &[TieBreak]) {
    if let Err(message) = validate_tie_breaks_list(tie_breaks) {
        problems.add("tie_breaks", message);
    }
}

fn validate_rounds(problems: &mut Problems, rounds: Vec<RoundFile>) -> Vec<Round> {
    if rounds.is_empty() {
        problems.add("rounds", "cần ít nhất một tuần thi");
    }
    let mut seen = HashSet::new();
    let mut valid = Vec::new();
    for (index, round) in rounds.into_iter().enumerate() {
        let location = format!("rounds[{index}] ({})", round.id);
        let name = problems.require_text(&format!("{location}.name"), &round.name, 100);
        if round.opens_at >= round.closes_at {
            problems.add(&location, "opens_at phải trước closes_at");
        }
        match RoundId::parse(&round.id) {
            Ok(id) if seen.insert(id.clone()) => valid.push(Round {
                id,
                name,
                opens_at: round.opens_at,
                closes_at: round.closes_at,
                practice: round.practice,
            }),
            Ok(_) => problems.add(&location, "mã tuần thi bị trùng"),
            Err(err) => problems.add(format!("{location}.id"), err.to_string()),
        }
    }
    valid
}

fn validate_organizations(problems: &mut Problems, organizations: Vec<OrganizationFile>) -> Vec<Organization> {
    if organizations.is_empty() {
        problems.add("organizations", "cần ít nhất một đơn vị");
    }
    let mut seen = HashSet::new();
    let mut valid = Vec::new();
    for (index, org) in organizations.into_iter().enumerate() {
        let location = format!("organizations[{index}] ({})", org.id);
        let name = problems.require_text(&format!("{location}.name"), &org.name, 200);
        if org.headcount == 0 && org.kind == OrganizationKind::Unit {
            problems.add(format!("{location}.headcount"), "phải lớn hơn 0");
        }
        match OrganizationId::parse(&org.id) {
            Ok(id) if seen.insert(id.clone()) => valid.push(Organization {
                id,
                name,
                group: org.group.trim().to_owned(),
                headcount: org.headcount,
                kind: org.kind,
                staff_list: org.staff_list && org.kind == OrganizationKind::Unit,
            }),
            Ok(_) => problems.add(&location, "mã đơn vị bị trùng"),
            Err(err) => problems.add(format!("{location}.id"), err.to_string()),
        }
    }
    valid
}

fn normalized_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A question's text, options and answer, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionContent {
    pub text: String,
    pub options: Vec<String>,
    pub answer_index: usize,
}

/// Checks what every question needs, wherever it comes from (a contest
/// file, a spreadsheet row, an organizer's edit). Problems come back as
/// (field, Vietnamese message) pairs.
pub fn check_question_content(
    text: &str,
    options: &[String],
    answer: &str,
) -> Result<QuestionContent, Vec<(String, String)>> {
    let mut problems = Problems::default();
    let text = problems.require_text("text", text, 2000);
    if !(2..=MAX_OPTIONS).contains(&options.len()) {
        problems.add("options", format!("cần từ 2 đến {MAX_OPTIONS} phương án"));
    }
    let mut option_texts = HashSet::new();
    let options: Vec<String> = options
        .iter()
        .enumerate()
        .map(|(index, option)| {
            let location = format!("options[{index}]");
            let trimmed = problems.require_text(&location, option, 1000);
            if !trimmed.is_empty() && !option_texts.insert(normalized_text(&trimmed)) {
                problems.add(&location, "phương án trùng với một phương án khác");
            }
            trimmed
        })
        .collect();
    let letter = answer.trim().to_uppercase();
    let answer_index =
        OPTION_LETTERS.iter().take(options.len()).position(|l| letter.len() == 1 && letter.starts_with(*l));
    if answer_index.is_none() {
        let last = OPTION_LETTERS[options.len().clamp(1, MAX_OPTIONS) - 1];
        if letter.is_empty() {
            problems.add("answer", "thiếu đáp án");
        } else if names_several_options(&letter, options.len()) {
            // "A, C": a Word document with two options in bold, or a
            // spreadsheet cell listing two answers.
            problems.add(
                "answer",
                format!("đáp án «{}» có nhiều hơn một phương án; mỗi câu chỉ có một đáp án đúng", answer.trim()),
            );
        } else {
            problems.add("answer", format!("đáp án «{}» không nằm trong các phương án A–{last}", answer.trim()));
        }
    }
    match answer_index {
        Some(answer_index) if problems.0.is_empty() => Ok(QuestionContent { text, options, answer_index }),
        _ => Err(problems
            .0
            .into_iter()
            .map(|line| match line.split_once(": ") {
                Some((field, message)) => (field.to_owned(), message.to_owned()),
                None => (String::new(), line),
            })
            .collect()),
    }
}

/// Whether an (uppercased) answer lists two or more of the options' letters:
/// "A, C", "A;B", "A và C".
fn names_several_options(letter: &str, options: usize) -> bool {
    let letters = &OPTION_LETTERS[..options.clamp(1, MAX_OPTIONS)];
    let parts: Vec<&str> =
        letter.split([',', ';', '/', '&', ' ']).filter(|part| !part.is_empty() && *part != "VÀ").collect();
    parts.len() > 1 && parts.iter().all(|part| part.chars().count() == 1 && part.starts_with(letters))
}

pub fn normalized_question_text(text: &str) -> String {
    normalized_text(text)
}

/// Round ids or names as written for a question (`tuan-1`, `Tuần 1`),
/// each one of the contest's rounds.
pub fn parse_question_rounds(written: &[String], rounds: &[Round]) -> Result<Vec<RoundId>, String> {
    let mut found = Vec::new();
    for raw in written.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let key = normalized_text(raw);
        let round = rounds
            .iter()
            .find(|round| round.id.as_str() == raw || normalized_text(&round.name) == key)
            .ok_or_else(|| format!("tuần thi «{raw}» không có trong cuộc thi"))?;
        if !found.contains(&round.id) {
            found.push(round.id.clone());
        }
    }
    let practice = |id: &RoundId| rounds.iter().any(|r| &r.id == id && r.practice);
    if found.iter().any(practice) && !found.iter().all(practice) {
        return Err("một câu hỏi không được vừa dùng để thi thử vừa dùng cho tuần thi chính thức \
                    (phần ôn tập của thi thử công bố đáp án)"
            .into());
    }
    Ok(found)
}

fn validate_questions(problems: &mut Problems, questions: Vec<QuestionFile>, rounds: &[Round]) -> Vec<Question> {
    let mut seen_ids = HashSet::new();
    let mut seen_texts = HashSet::new();
    let mut valid = Vec::new();
    for (index, question) in questions.into_iter().enumerate() {
        let location = format!("questions[{index}] ({})", question.id);
        let before = problems.0.len();
        let id = match QuestionId::parse(&question.id) {
            Ok(id) if seen_ids.insert(id.clone()) => Some(id),
            Ok(_) => {
                problems.add(&location, "mã câu hỏi bị trùng");
                None
            }
            Err(err) => {
                problems.add(format!("{location}.id"), err.to_string());
                None
            }
        };
        let content = check_question_content(&question.text, &question.options, &question.answer);
        if let Ok(content) = &content {
            if !seen_texts.insert(normalized_text(&content.text)) {
                problems.add(&location, "nội dung câu hỏi trùng với một câu trước đó");
            }
        }
        let content = content.map_err(|issues| {
            for (field, message) in issues {
                problems.add(format!("{location}.{field}"), message);
            }
        });
        let question_rounds = parse_question_rounds(&question.rounds, rounds)
            .map_err(|message| problems.add(format!("{location}.rounds"), message))
            .unwrap_or_default();
        if let (true, Ok(content)) = (problems.0.len() == before, content) {
            valid.push(Question {
                id: id.expect("checked above"),
                text: content.text,
                options: content.options,
                answer_index: content.answer_index,
                topic: question.topic.trim().to_owned(),
                source: question.source.trim().to_owned(),
                status: question.status,
                rounds: question_rounds,
                shuffle_options: question.shuffle_options,
            });
        }
    }
    valid
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    pub fn sample_file(question_count: usize) -> serde_json::Value {
        let questions: Vec<_> = (1..=question_count)
            .map(|n| {
                json!({"id": format!("q{n:03}"), "text": format!("Câu hỏi số {n}?"),
                       "options": ["Một", "Hai", "Ba", "Bốn"], "answer": "B",
                       "topic": "Chủ đề", "source": "Nguồn"})
            })
            .collect();
        json!({
            "id": "cchc-2022", "title": "Tìm hiểu cải cách hành chính", "description": "Mô tả",
            "rules": "Thể lệ", "time_limit_seconds": 1800, "grace_seconds": 15,
            "questions_per_attempt": 3, "max_attempts_per_round": 2,
            "rounds": [
                {"id": "tuan-1", "name": "Tuần 1", "opens_at": "2022-10-17T08:00:00+07:00", "closes_at": "2022-10-23T22:00:00+07:00"},
                {"id": "tuan-2", "name": "Tuần 2", "opens_at": "2022-10-24T08:00:00+07:00", "closes_at": "2022-10-30T22:00:00+07:00"}
            ],
            "organizations": [{"id": "phuong-1", "name": "UBND Phường 1", "group": "Phường, xã", "headcount": 40}],
            "excluded_phones": ["+84912345678"],
            "prediction_question": "Dự đoán?",
            "questions": questions
        })
    }

    pub fn sample_definition(question_count: usize) -> ContestDefinition {
        ContestDefinition::from_json(&sample_file(question_count).to_string()).unwrap()
    }

    #[test]
    fn parses_a_valid_file() {
        let definition = sample_definition(5);
        assert_eq!(definition.contest.id.as_str(), "cchc-2022");
        assert_eq!(definition.questions.len(), 5);
        assert_eq!(definition.questions[0].answer_index, 1);
        assert_eq!(definition.excluded_phones[0].as_str(), "0912345678");
        assert_eq!(definition.contest.limits.questions_per_attempt, 3);
    }

    #[test]
    fn wrong_types_name_the_field_path() {
        let mut file = sample_file(5);
        file["questions"][2]["options"] = json!("not a list");
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(errors[0].starts_with("questions[2].options"), "{errors:?}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let mut file = sample_file(5);
        file["questions"][0]["anwser"] = json!("A");
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(errors[0].contains("anwser"), "{errors:?}");
    }

    #[test]
    fn every_problem_names_the_question_id() {
        let mut file = sample_file(5);
        file["questions"][1]["answer"] = json!("E");
        file["questions"][3]["id"] = json!("q001");
        file["questions"][4]["options"] = json!(["Một", "một"]);
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(errors.iter().any(|e| e.starts_with("questions[1] (q002).answer") && e.contains("«E»")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("questions[3] (q001)") && e.contains("trùng")), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("questions[4] (q005).options[1]")), "{errors:?}");
    }

    #[test]
    fn rejects_bad_rounds_limits_and_phones() {
        let mut file = sample_file(5);
        file["rounds"][1]["id"] = json!("tuan-1");
        file["rounds"][0]["closes_at"] = json!("2022-10-16T08:00:00+07:00");
        file["time_limit_seconds"] = json!(0);
        file["excluded_phones"] = json!(["123"]);
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        for needle in ["rounds[1] (tuan-1)", "rounds[0] (tuan-1)", "time_limit_seconds", "excluded_phones[0]"] {
            assert!(errors.iter().any(|e| e.starts_with(needle)), "{needle} missing in {errors:?}");
        }
    }

    #[test]
    fn contact_and_privacy_settings_are_checked() {
        let mut file = sample_file(5);
        file["contact"] = json!({"hotline": "0233\n3852", "email": "btc@example.vn"});
        file["personal_data_retention_days"] = json!(5000);
        file["data_controller"] = json!("x".repeat(501));
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        for needle in ["contact.hotline", "personal_data_retention_days", "data_controller"] {
            assert!(errors.iter().any(|e| e.starts_with(needle)), "{needle} missing in {errors:?}");
        }
        let mut file = sample_file(5);
        file["contact"] = json!({"hotline": " 0233 3852 xxx ", "email": "btc@example.vn"});
        let contest = ContestDefinition::from_json(&file.to_string()).unwrap().contest;
        assert_eq!((contest.contact.hotline.as_str(), contest.personal_data_retention_days), ("0233 3852 xxx", 365));
    }

    #[test]
    fn a_practice_round_needs_one_question_and_draws_what_its_pool_has() {
        let mut file = sample_file(5);
        file["rounds"].as_array_mut().unwrap().push(json!({
            "id": "thi-thu", "name": "Thi thử", "practice": true,
            "opens_at": "2022-10-10T08:00:00+07:00", "closes_at": "2022-11-06T22:00:00+07:00"}));
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(errors.iter().any(|e| e.contains("thi thử") && e.contains("chưa có câu hỏi")), "{errors:?}");
        file["questions"][0]["rounds"] = json!(["thi-thu"]);
        file["questions"][1]["rounds"] = json!(["thi-thu"]);
        // Three questions left for the real rounds: exactly one attempt's worth.
        let definition = ContestDefinition::from_json(&file.to_string()).unwrap();
        let practice = definition.contest.round(&RoundId::parse("thi-thu").unwrap()).unwrap().clone();
        assert_eq!(practice.questions_per_attempt(3, 2), 2, "a small practice pool is drawn whole");
        assert_eq!(definition.contest.rounds[0].questions_per_attempt(3, 10), 3);
    }

    #[test]
    fn a_question_serves_practice_or_real_rounds_not_both() {
        let mut rounds = sample_definition(3).contest.rounds;
        rounds[1].practice = true;
        let written = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(parse_question_rounds(&written(&["tuan-2"]), &rounds).unwrap(), vec![rounds[1].id.clone()]);
        assert_eq!(parse_question_rounds(&written(&["tuan-1"]), &rounds).unwrap(), vec![rounds[0].id.clone()]);
        let mixed = parse_question_rounds(&written(&["tuan-1", "tuan-2"]), &rounds).unwrap_err();
        assert!(mixed.contains("thi thử"), "{mixed}");
    }

    #[test]
    fn settings_parse_without_questions_but_check_the_stored_bank() {
        let mut file = sample_file(0);
        file.as_object_mut().unwrap().remove("questions");
        file.as_object_mut().unwrap().remove("excluded_phones");
        file["prizes"] = json!({"first": 2, "second": 2, "third": 3});
        let bank = sample_definition(10).questions;
        let contest = ContestDefinition::settings_from_json(&file.to_string(), Some(&bank)).unwrap();
        assert_eq!(contest.prizes.total(), 7);
        assert!(contest.one_prize_per_person);
        let errors = ContestDefinition::settings_from_json(&file.to_string(), Some(&bank[..2])).unwrap_err();
        assert!(errors[0].starts_with("rounds[0] (tuan-1)") && errors[0].contains("2 câu"), "{errors:?}");
        assert!(
            ContestDefinition::settings_from_json(&file.to_string(), None).is_ok(),
            "a new contest's bank comes later"
        );
        file["tie_breaks"] = json!(["duration", "score"]);
        let errors = ContestDefinition::settings_from_json(&file.to_string(), Some(&bank)).unwrap_err();
        assert!(errors[0].starts_with("tie_breaks"), "{errors:?}");
    }

    #[test]
    fn requires_enough_approved_questions() {
        let mut file = sample_file(3);
        file["questions"][0]["status"] = json!("draft");
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(errors.iter().any(|e| e.starts_with("questions:") && e.contains("2 câu")), "{errors:?}");
    }

    #[test]
    fn every_round_needs_a_pool_for_a_whole_attempt() {
        let mut file = sample_file(4); // three per attempt
        file["questions"][0]["rounds"] = json!(["tuan-2"]);
        file["questions"][1]["rounds"] = json!(["Tuần 2"]);
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.starts_with("rounds[0] (tuan-1)") && e.contains("Tuần 1 chỉ có 2 câu")),
            "{errors:?}"
        );
        file["questions"][1]["rounds"] = json!(["tuan-9"]);
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert!(
            errors.iter().any(|e| e.starts_with("questions[1] (q002).rounds") && e.contains("tuan-9")),
            "{errors:?}"
        );
        file["questions"][1]["rounds"] = json!([]);
        let definition = ContestDefinition::from_json(&file.to_string()).unwrap();
        assert_eq!(definition.questions[0].rounds, vec![RoundId::parse("tuan-2").unwrap()]);
        assert!(definition.questions[1].rounds.is_empty());
    }

    #[test]
    fn settings_defaults_keep_counts_hidden_when_there_is_a_prediction() {
        let mut contest = sample_definition(3).contest; // has a prediction question
        assert!(!contest.shows_live_leaderboard());
        assert_eq!(contest.min_seconds_per_question, 3);
        assert!(contest.registration_challenge);
        assert_eq!(contest.phone_verification, PhoneVerification::None);
        contest.prediction_question = None;
        assert!(contest.shows_live_leaderboard());
        contest.live_leaderboard = Some(false);
        assert!(!contest.shows_live_leaderboard());
    }

    #[test]
    fn open_organizations_need_no_headcount() {
        let mut file = sample_file(3);
        file["organizations"] = json!([
            {"id": "phuong-1", "name": "UBND Phường 1", "headcount": 40},
            {"id": "nhan-dan", "name": "Nhân dân", "kind": "open"},
            {"id": "phong-a", "name": "Phòng A"}
        ]);
        let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("organizations[2] (phong-a).headcount"), "{errors:?}");
        file["organizations"][2]["headcount"] = json!(5);
        let contest = ContestDefinition::from_json(&file.to_string()).unwrap().contest;
        assert_eq!(contest.organizations[1].kind, OrganizationKind::Open);
        assert!(!contest.organizations[1].is_ranked_collectively());
    }

    #[test]
    fn round_status_follows_the_window() {
        let round = &sample_definition(3).contest.rounds[0];
        let at = |h| Utc.with_ymd_and_hms(2022, 10, 17, h, 0, 0).unwrap();
        assert_eq!(round.status_at(at(0)), RoundStatus::Upcoming); // 07:00 Vietnam
        assert_eq!(round.status_at(at(1)), RoundStatus::Open); // 08:00 Vietnam, opening instant
        let closing = Utc.with_ymd_and_hms(2022, 10, 23, 15, 0, 0).unwrap();
        assert_eq!(round.status_at(closing - Duration::milliseconds(1)), RoundStatus::Open);
        assert_eq!(round.status_at(closing), RoundStatus::Closed);
    }

    #[test]
    fn shifting_keeps_weekday_and_hour_and_opens_the_first_round() {
        let mut contest = sample_definition(3).contest;
        // A Wednesday afternoon years later.
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
        contest.shift_rounds_so_first_is_open(now);
        let first = &contest.rounds[0];
        assert_eq!(first.status_at(now), RoundStatus::Open);
        assert_eq!(first.opens_at.to_rfc3339(), "2026-11-23T08:00:00+07:00");
        assert_eq!(first.closes_at.to_rfc3339(), "2026-11-29T22:00:00+07:00");
        assert_eq!(contest.rounds[1].opens_at.to_rfc3339(), "2026-11-30T08:00:00+07:00");
    }

    #[test]
    fn shifting_in_the_sunday_night_gap_stretches_the_first_round() {
        let mut contest = sample_definition(3).contest;
        let now = Utc.with_ymd_and_hms(2026, 11, 29, 16, 0, 0).unwrap(); // Sunday 23:00 Vietnam
        contest.shift_rounds_so_first_is_open(now);
        assert_eq!(contest.rounds[0].status_at(now), RoundStatus::Open);
        assert!(contest.rounds[1].opens_at > contest.rounds[0].closes_at);
        assert_eq!(contest.rounds[1].status_at(now), RoundStatus::Upcoming);
    }
}
