//! Attempts: start (one transaction), autosave (one conditional update),
//! finish (one transaction guarded by the attempt's status).

use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem, Update,
};
use chrono::{DateTime, Duration, Utc};
use contest_domain::attempt::{
    counts_for_ranking, Answers, AttemptClock, AttemptFlag, AttemptQuestion, AttemptStatus, Outcome, ReviewDecision,
};
use contest_domain::ranking::Standing;
use contest_domain::{AttemptId, ContestId, OptionId, OrganizationId, ParticipantId, QuestionId, RoundId};
use std::collections::HashMap;

use crate::error::classify;
use crate::item::{deflated_json, get_deflated_json, get_n, get_s, key, n, opt_n, s, string_map, Item};
use crate::keys;
use crate::participants::Profile;
use crate::transact::{cancellation_items, is_cancellation, not_exists_condition};
use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub contest_id: ContestId,
    pub participant_id: ParticipantId,
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub status: AttemptStatus,
    pub clock: AttemptClock,
    /// How many questions were drawn; known without reading the paper.
    pub total: u32,
    /// The paper; empty when only the attempt item was read (listings).
    pub questions: Vec<AttemptQuestion>,
    pub answers: Answers,
    pub result: Option<AttemptResult>,
    /// Why the result waits for a review (empty: it counts as it is).
    pub flags: Vec<AttemptFlag>,
    /// The committee's decision on a flagged result.
    pub review: Option<ReviewDecision>,
    /// Per question, right or not, as last scored (finished attempts).
    pub results_summary: Option<String>,
    /// The participant's token version the attempt accepts answers from:
    /// the starting token's, raised by a log-out while it is in progress.
    pub token_version: u32,
}

/// The condition that an item's `token_version` is `:ver` (items from
/// before versions count as version 0).
fn token_version_condition(version: u32) -> &'static str {
    if version == 0 {
        "(attribute_not_exists(token_version) OR token_version = :ver)"
    } else {
        "token_version = :ver"
    }
}

impl AttemptRecord {
    /// Whether the finished result counts toward rankings and prizes.
    pub fn counts_for_ranking(&self) -> bool {
        self.result.is_some() && counts_for_ranking(&self.flags, self.review)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptResult {
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub finished_at: DateTime<Utc>,
    pub prediction: Option<u64>,
}

fn millis_to_time(ms: i64, what: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| StoreError::corrupt(what.to_owned()))
}

impl AttemptRecord {
    /// A new attempt of `round` with its drawn paper, its clock starting `now`
    /// with the contest's time limit and grace.
    pub fn start(
        contest: &contest_domain::contest::Contest,
        participant_id: ParticipantId,
        round: &contest_domain::contest::Round,
        questions: Vec<AttemptQuestion>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            contest_id: contest.id.clone(),
            participant_id,
            attempt_id: AttemptId::generate(),
            round_id: round.id.clone(),
            status: AttemptStatus::InProgress,
            clock: AttemptClock::start(now, contest.time_limit(), contest.grace(), round.closes_at.to_utc()),
            total: questions.len() as u32,
            questions,
            answers: Answers::new(),
            result: None,
            flags: Vec::new(),
            review: None,
            results_summary: None,
            token_version: 0,
        }
    }

    pub(crate) fn from_item(cid: &ContestId, pid: &ParticipantId, item: &Item) -> Result<Self, StoreError> {
        let sk = get_s(item, keys::SK)?;
        let aid = sk.strip_prefix(keys::ATTEMPT_PREFIX).unwrap_or_default();
        let status = AttemptStatus::parse(get_s(item, "status")?).ok_or_else(|| StoreError::corrupt("status"))?;
        let answers = string_map(item, "answers")
            .into_iter()
            .filter_map(|(q, o)| Some((QuestionId::parse(q).ok()?, OptionId::parse(o).ok()?)))
            .collect();
        let result = if status.is_finished() {
            Some(AttemptResult {
                score: get_n(item, "score")?,
                total: get_n(item, "total")?,
                duration_ms: get_n(item, "duration_ms")?,
                finished_at: millis_to_time(get_n(item, "finished_at")?, "finished_at")?,
                prediction: opt_n(item, "prediction")?,
            })
        } else {
            None
        };
        Ok(Self {
            contest_id: cid.clone(),
            participant_id: pid.clone(),
            attempt_id: AttemptId::parse(aid).map_err(|_| StoreError::corrupt("attempt sk"))?,
            round_id: RoundId::parse(get_s(item, "round_id")?).map_err(|_| StoreError::corrupt("round_id"))?,
            status,
            clock: AttemptClock {
                started_at: millis_to_time(get_n(item, "started_at")?, "started_at")?,
                deadline: millis_to_time(get_n(item, "deadline")?, "deadline")?,
                grace: Duration::milliseconds(get_n(item, "grace_ms")?),
            },
            total: get_n(item, "total")?,
            questions: Vec::new(),
            answers,
            result,
            flags: item
                .get("flags")
                .and_then(|v| v.as_ss().ok())
                .map(|flags| flags.iter().filter_map(|f| AttemptFlag::parse(f)).collect())
                .unwrap_or_default(),
            review: crate::item::opt_s(item, "review").and_then(ReviewDecision::parse),
            results_summary: crate::item::opt_s(item, "results").map(str::to_owned),
            token_version: opt_n(item, "token_version")?.unwrap_or(0),
        })
    }

    /// The attempt with its paper, from the items a batch read returned.
    fn from_items(
        cid: &ContestId,
        pid: &ParticipantId,
        attempt: &Item,
        paper: Option<&Item>,
    ) -> Result<Self, StoreError> {
        let mut record = Self::from_item(cid, pid, attempt)?;
        let paper = paper.ok_or_else(|| StoreError::corrupt(format!("attempt {} has no paper", record.attempt_id)))?;
        record.questions = get_deflated_json(paper, "questions_z")?;
        Ok(record)
    }

    fn paper_key(&self) -> Item {
        key(keys::attempt_paper(&self.contest_id, &self.attempt_id), keys::PAPER)
    }

    fn to_paper_item(&self) -> Item {
        // Deflated: a transaction bills the paper twice per kilobyte.
        let mut item = self.paper_key();
        item.insert("questions_z".into(), deflated_json(&self.questions));
        item
    }

    fn to_new_item(&self) -> Item {
        let mut item =
            key(keys::participant(&self.contest_id, &self.participant_id), keys::attempt_sk(&self.attempt_id));
        item.insert("round_id".into(), s(self.round_id.as_str()));
        item.insert("status".into(), s(self.status.as_str()));
        item.insert("started_at".into(), n(self.clock.started_at.timestamp_millis()));
        item.insert("deadline".into(), n(self.clock.deadline.timestamp_millis()));
        item.insert("grace_ms".into(), n(self.clock.grace.num_milliseconds()));
        item.insert("closes_at".into(), n(self.clock.closes_at().timestamp_millis()));
        item.insert("total".into(), n(self.total));
        // Per question, the option ids that are valid answers: lets an
        // autosave validate every answer inside its write condition.
        let option_sets = self
            .questions
            .iter()
            .map(|q| {
                let ids = q.options.iter().map(|o| o.id.to_string()).collect();
                (q.id.to_string(), AttributeValue::Ss(ids))
            })
            .collect();
        item.insert("opts".into(), AttributeValue::M(option_sets));
        item.insert("answers".into(), AttributeValue::M(HashMap::new()));
        item.insert("token_version".into(), n(self.token_version));
        let shard = keys::shard_of(self.attempt_id.as_str());
        item.insert(keys::GSI2_PK.into(), s(keys::open_attempts(shard)));
        item.insert(keys::GSI3_PK.into(), s(keys::contest_attempts(&self.contest_id, shard)));
        item.insert(
            keys::GSI3_SK.into(),
            s(keys::attempt_index_sk(self.clock.started_at.timestamp_millis(), &self.attempt_id)),
        );
        item.insert(
            keys::GSI2_SK.into(),
            s(keys::open_attempt_sk(self.clock.closes_at().timestamp_millis(), &self.contest_id)),
        );
        item
    }
}

/// Why a start was refused; read from the profile as it stood when the
/// transaction's condition failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartRejection {
    NotRegistered,
    Barred,
    /// An attempt is in progress; it stops accepting answers at the instant.
    AttemptInProgress(AttemptId, i64),
    LimitReached,
    /// The token's version is not the profile's: the participant logged out.
    Revoked,
    /// Lost a race with a concurrent request; try again.
    Contended,
}

/// Everything a finish writes, computed by the caller from the attempt and
/// profile it read.
#[derive(Debug, Clone)]
pub struct FinishWrite<'a> {
    pub attempt: &'a AttemptRecord,
    pub profile: &'a Profile,
    pub outcome: &'a Outcome,
    pub prediction: Option<u64>,
    /// Why the result waits for a review; a flagged result is not a best
    /// result until accepted.
    pub flags: &'a [AttemptFlag],
    pub organization_name: &'a str,
    /// Whether a first finish counts in the organization's participation
    /// (a unit with a staff list counts only the people on it).
    pub counts_in_tally: bool,
    /// False for a practice round: its results are never best results,
    /// never counted in a tally, never a "finished" round.
    pub ranked: bool,
    pub leaderboard_shards: u32,
    pub now: DateTime<Utc>,
    /// The submitting token's version, checked on the profile in the same
    /// transaction (`None` for the closing job and for closing an abandoned
    /// attempt, which no token drives).
    pub token_version: Option<u32>,
}

impl Store {
    /// Starts an attempt in one transaction. The profile update's condition
    /// carries every invariant: registered, not barred, the token not
    /// revoked (the record's token version is the profile's), no attempt in
    /// progress, fewer than `max_attempts` in this round.
    pub async fn start_attempt(
        &self,
        record: &AttemptRecord,
        max_attempts: u32,
    ) -> Result<Result<(), StartRejection>, StoreError> {
        let profile_key = key(keys::participant(&record.contest_id, &record.participant_id), keys::PROFILE);
        let profile_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(profile_key))
            .update_expression(
                "SET active_attempt = :aid, active_closes_at = :closes, round_attempts.#round = if_not_exists(round_attempts.#round, :zero) + :one",
            )
            .condition_expression(format!(
                "attribute_exists(#pk) AND attribute_not_exists(active_attempt) AND attribute_not_exists(barred) \
                 AND (attribute_not_exists(round_attempts.#round) OR round_attempts.#round < :max) AND {}",
                token_version_condition(record.token_version)
            ))
            .expression_attribute_values(":ver", n(record.token_version))
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_names("#round", record.round_id.as_str())
            .expression_attribute_values(":aid", s(record.attempt_id.as_str()))
            .expression_attribute_values(":closes", n(record.clock.closes_at().timestamp_millis()))
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":max", n(max_attempts))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .build()
            .expect("complete");
        let attempt_put = Put::builder()
            .table_name(self.table_name())
            .set_item(Some(record.to_new_item()))
            .condition_expression(not_exists_condition())
            .expression_attribute_names("#pk", keys::PK)
            .build()
            .expect("complete");
        let paper_put = Put::builder()
            .table_name(self.table_name())
            .set_item(Some(record.to_paper_item()))
            .condition_expression(not_exists_condition())
            .expression_attribute_names("#pk", keys::PK)
            .build()
            .expect("complete");
        let result = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().update(profile_update).build())
            .transact_items(TransactWriteItem::builder().put(attempt_put).build())
            .transact_items(TransactWriteItem::builder().put(paper_put).build())
            .send()
            .await;
        let err = match result {
            Ok(_) => return Ok(Ok(())),
            Err(err) => err,
        };
        let Some(service) = err.as_service_error().filter(|e| is_cancellation(e)) else {
            return Err(classify(err));
        };
        // The failed condition's item comes back with the cancellation where
        // the store supports it; otherwise read it.
        let old_profile = match cancellation_items(service).into_iter().next().flatten() {
            Some(item) => Some(Profile::from_item(&item)?),
            None => self.get_profile(&record.contest_id, &record.participant_id).await?,
        };
        Ok(Err(match old_profile {
            None => StartRejection::NotRegistered,
            Some(profile) if profile.token_version != record.token_version => StartRejection::Revoked,
            Some(profile) if profile.barred => StartRejection::Barred,
            Some(profile) => match profile.active_attempt {
                // Our own earlier attempt committed before timing out.
                Some((aid, _)) if aid == record.attempt_id => return Ok(Ok(())),
                Some((aid, closes_at)) => StartRejection::AttemptInProgress(aid, closes_at),
                None if profile.attempts_in_round(&record.round_id) >= max_attempts => StartRejection::LimitReached,
                None => StartRejection::Contended,
            },
        }))
    }

    /// The attempt with its paper, in one strongly consistent batch read.
    pub async fn get_attempt(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        aid: &AttemptId,
    ) -> Result<Option<AttemptRecord>, StoreError> {
        Ok(self.read_attempt(cid, pid, aid, false).await?.0)
    }

    /// The attempt, its paper and its owner's profile in one strongly
    /// consistent batch read.
    pub async fn get_attempt_and_profile(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        aid: &AttemptId,
    ) -> Result<(Option<AttemptRecord>, Option<Profile>), StoreError> {
        self.read_attempt(cid, pid, aid, true).await
    }

    async fn read_attempt(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        aid: &AttemptId,
        with_profile: bool,
    ) -> Result<(Option<AttemptRecord>, Option<Profile>), StoreError> {
        let attempt_sk = keys::attempt_sk(aid);
        let mut wanted =
            vec![key(keys::participant(cid, pid), attempt_sk.clone()), key(keys::attempt_paper(cid, aid), keys::PAPER)];
        if with_profile {
            wanted.push(key(keys::participant(cid, pid), keys::PROFILE));
        }
        let request =
            KeysAndAttributes::builder().set_keys(Some(wanted)).consistent_read(true).build().expect("complete");
        let mut pending = HashMap::from([(self.table_name().to_owned(), request)]);
        let mut items = Vec::new();
        while !pending.is_empty() {
            let output =
                self.dynamo.batch_get_item().set_request_items(Some(pending)).send().await.map_err(classify)?;
            items.extend(output.responses.and_then(|mut r| r.remove(self.table_name())).unwrap_or_default());
            pending = output.unprocessed_keys.unwrap_or_default();
        }
        let mut attempt = None;
        let mut paper = None;
        let mut profile = None;
        for item in &items {
            match get_s(item, keys::SK)? {
                keys::PROFILE => profile = Some(Profile::from_item(item)?),
                keys::PAPER => paper = Some(item),
                sk if sk == attempt_sk => attempt = Some(item),
                _ => {}
            }
        }
        let attempt = attempt.map(|item| AttemptRecord::from_items(cid, pid, item, paper)).transpose()?;
        Ok((attempt, profile))
    }

    /// Many attempts with their papers, 50 per batch read (consistent).
    /// Unknown ones are left out.
    pub async fn attempts_with_papers(
        &self,
        cid: &ContestId,
        ids: &[(ParticipantId, AttemptId)],
    ) -> Result<Vec<AttemptRecord>, StoreError> {
        let mut records = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(50) {
            let wanted: Vec<Item> = chunk
                .iter()
                .flat_map(|(pid, aid)| {
                    [
                        key(keys::participant(cid, pid), keys::attempt_sk(aid)),
                        key(keys::attempt_paper(cid, aid), keys::PAPER),
                    ]
                })
                .collect();
            let request =
                KeysAndAttributes::builder().set_keys(Some(wanted)).consistent_read(true).build().expect("complete");
            let mut pending = HashMap::from([(self.table_name().to_owned(), request)]);
            let mut items = Vec::new();
            while !pending.is_empty() {
                let output =
                    self.dynamo.batch_get_item().set_request_items(Some(pending)).send().await.map_err(classify)?;
                items.extend(output.responses.and_then(|mut r| r.remove(self.table_name())).unwrap_or_default());
                pending = output.unprocessed_keys.unwrap_or_default();
            }
            let mut papers: HashMap<String, &Item> = HashMap::new();
            let mut attempts = Vec::new();
            for item in &items {
                let pk = get_s(item, keys::PK)?;
                if get_s(item, keys::SK)? == keys::PAPER {
                    papers.insert(pk.to_owned(), item);
                } else {
                    attempts.push(item);
                }
            }
            for item in attempts {
                let pk = get_s(item, keys::PK)?;
                let sk = get_s(item, keys::SK)?;
                let corrupt = || StoreError::corrupt(format!("attempt key {pk}/{sk}"));
                let pid = pk.rsplit_once("#P#").map(|(_, pid)| pid).ok_or_else(corrupt)?;
                let aid = sk.strip_prefix(keys::ATTEMPT_PREFIX).ok_or_else(corrupt)?;
                let pid = ParticipantId::parse(pid).map_err(|_| corrupt())?;
                let aid = AttemptId::parse(aid).map_err(|_| corrupt())?;
                let paper = papers.get(&keys::attempt_paper(cid, &aid)).copied();
                records.push(AttemptRecord::from_items(cid, &pid, item, paper)?);
            }
        }
        Ok(records)
    }

    /// Records a finished attempt's new score after a key correction, only
    /// if its score is still `previous` (a concurrent rescoring computes the
    /// same). Its review, if it has one, shows the new score too.
    pub async fn rescore_attempt(
        &self,
        attempt: &AttemptRecord,
        previous: u32,
        score: u32,
        results: &str,
    ) -> Result<bool, StoreError> {
        let cid = &attempt.contest_id;
        let updated = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, &attempt.participant_id), keys::attempt_sk(&attempt.attempt_id))))
            .update_expression("SET score = :score, results = :results")
            .condition_expression("score = :previous AND attribute_exists(finished_at)")
            .expression_attribute_values(":score", n(score))
            .expression_attribute_values(":results", s(results))
            .expression_attribute_values(":previous", n(previous))
            .send()
            .await;
        match updated {
            Ok(_) => {}
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                return Ok(false)
            }
            Err(err) => return Err(classify(err)),
        }
        if !attempt.flags.is_empty() {
            let review = self
                .dynamo
                .update_item()
                .table_name(self.table_name())
                .set_key(Some(key(keys::reviews(cid), keys::review_sk(&attempt.round_id, &attempt.attempt_id))))
                .update_expression("SET score = :score")
                .condition_expression("attribute_exists(#pk)")
                .expression_attribute_names("#pk", keys::PK)
                .expression_attribute_values(":score", n(score))
                .send()
                .await;
            match review {
                Ok(_) => {}
                Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {}
                Err(err) => return Err(classify(err)),
            }
        }
        Ok(true)
    }

    /// Merges answers into an attempt with one conditional update. The
    /// condition checks the attempt is open, not past its closing instant,
    /// that the token is not revoked (its version is the attempt's), and
    /// that every option belongs to its question. Returns false when the
    /// condition failed (the caller reads the attempt to say why).
    pub async fn save_answers(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        aid: &AttemptId,
        answers: &Answers,
        token_version: u32,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut sets = Vec::with_capacity(answers.len() + 1);
        let mut conditions = vec![
            "#status = :open".to_owned(),
            "closes_at >= :now".to_owned(),
            token_version_condition(token_version).to_owned(),
        ];
        let mut request = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, pid), keys::attempt_sk(aid))))
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":open", s(AttemptStatus::InProgress.as_str()))
            .expression_attribute_values(":now", n(now.timestamp_millis()))
            .expression_attribute_values(":ver", n(token_version));
        for (index, (question, option)) in answers.iter().enumerate() {
            sets.push(format!("answers.#q{index} = :o{index}"));
            conditions.push(format!("contains(opts.#q{index}, :o{index})"));
            request = request
                .expression_attribute_names(format!("#q{index}"), question.as_str())
                .expression_attribute_values(format!(":o{index}"), s(option.as_str()));
        }
        sets.push("saved_at = :now".to_owned());
        let result = request
            .update_expression(format!("SET {}", sets.join(", ")))
            .condition_expression(conditions.join(" AND "))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }

    /// Records an attempt's outcome in one transaction: the attempt (only if
    /// still in progress, so it is scored once), the profile (releasing the
    /// active slot), the round's best result when this one is better, and the
    /// organization's tally on the participant's first finished attempt.
    /// Returns false when another request finished the attempt first.
    pub async fn finish_attempt(&self, write: FinishWrite<'_>) -> Result<bool, StoreError> {
        let FinishWrite {
            attempt,
            profile,
            outcome,
            prediction,
            flags,
            organization_name,
            counts_in_tally,
            ranked,
            leaderboard_shards,
            now,
            token_version,
        } = write;
        let cid = &attempt.contest_id;
        let pid = &attempt.participant_id;
        let partition = keys::participant(cid, pid);

        let answers: HashMap<String, AttributeValue> =
            outcome.answers.iter().map(|(q, o)| (q.to_string(), s(o.as_str()))).collect();
        let mut attempt_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(partition.clone(), keys::attempt_sk(&attempt.attempt_id))))
            .update_expression(format!(
                "SET #status = :status, score = :score, duration_ms = :duration, finished_at = :finished, answers = :answers, \
                 results = :results, full_name = :name, organization_id = :org{} REMOVE gsi2pk, gsi2sk",
                if prediction.is_some() { ", prediction = :prediction" } else { "" }
            ))
            .condition_expression("#status = :open")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":open", s(AttemptStatus::InProgress.as_str()))
            .expression_attribute_values(":status", s(outcome.status.as_str()))
            .expression_attribute_values(":score", n(outcome.score))
            .expression_attribute_values(":duration", n(outcome.duration_ms))
            .expression_attribute_values(":finished", n(outcome.finished_at.timestamp_millis()))
            .expression_attribute_values(":answers", AttributeValue::M(answers))
            .expression_attribute_values(":results", s(contest_domain::attempt::results_summary(&attempt.questions, &outcome.answers)))
            .expression_attribute_values(":name", s(profile.full_name.as_str()))
            .expression_attribute_values(":org", s(profile.organization_id.as_str()));
        if let Some(prediction) = prediction {
            attempt_update = attempt_update.expression_attribute_values(":prediction", n(prediction));
        }
        if !flags.is_empty() {
            attempt_update = attempt_update
                .update_expression(format!(
                    "SET #status = :status, score = :score, duration_ms = :duration, finished_at = :finished, answers = :answers, \
                     results = :results, full_name = :name, organization_id = :org, flags = :flags{} REMOVE gsi2pk, gsi2sk",
                    if prediction.is_some() { ", prediction = :prediction" } else { "" }
                ))
                .expression_attribute_values(
                    ":flags",
                    AttributeValue::Ss(flags.iter().map(|f| f.as_str().to_owned()).collect()),
                );
        }

        let standing = Standing {
            score: outcome.score,
            duration_ms: outcome.duration_ms,
            finished_at_ms: outcome.finished_at.timestamp_millis(),
        };
        let sort_key = standing.sort_key(pid);
        // A barred person's results never become best results or count in a
        // tally; a flagged result waits for its review.
        let improves_best = ranked
            && !profile.barred
            && flags.is_empty()
            && profile.best.get(attempt.round_id.as_str()).is_none_or(|best| sort_key < *best);
        let first_finish = ranked && !profile.has_finished_attempt;
        let counts_in_tally = first_finish && counts_in_tally && !profile.barred;

        let mut profile_set = vec![];
        let mut profile_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(partition.clone(), keys::PROFILE)))
            .expression_attribute_values(":aid", s(attempt.attempt_id.as_str()));
        let mut profile_condition = "active_attempt = :aid".to_owned();
        // Which rounds the person has finished an attempt in: a unit's
        // follow-up of who has taken part this week.
        let mut profile_add = " ADD finished_attempts :one_finished".to_owned();
        profile_update = profile_update.expression_attribute_values(":one_finished", n(1));
        if ranked {
            profile_add.push_str(", finished_rounds :round_set");
            profile_update = profile_update
                .expression_attribute_values(":round_set", AttributeValue::Ss(vec![attempt.round_id.to_string()]));
        }
        if improves_best || counts_in_tally {
            // Barring marks the profile first: a finish that read it unbarred
            // fails here and reads it again.
            profile_condition.push_str(" AND attribute_not_exists(barred)");
        }
        if let Some(version) = token_version {
            profile_condition.push_str(" AND ");
            profile_condition.push_str(token_version_condition(version));
            profile_update = profile_update.expression_attribute_values(":ver", n(version));
        }
        if improves_best {
            profile_set.push("best.#round = :sort_key");
            profile_add.push_str(", rev :one");
            profile_update = profile_update
                .expression_attribute_names("#round", attempt.round_id.as_str())
                .expression_attribute_values(":sort_key", s(sort_key.clone()))
                .expression_attribute_values(":one", n(1));
        }
        if counts_in_tally {
            // The tally counted is the unit's as read: a change of unit
            // meanwhile makes this finish read the profile again.
            profile_condition.push_str(" AND organization_id = :tally_org");
            profile_update =
                profile_update.expression_attribute_values(":tally_org", s(profile.organization_id.as_str()));
        }
        if first_finish {
            profile_set.push("finished = :now");
            profile_condition.push_str(" AND attribute_not_exists(finished)");
            profile_update = profile_update.expression_attribute_values(":now", n(now.timestamp_millis()));
        }
        if first_finish {
            // Whether this person is in the organization's participation
            // count: an exclusion or a change of unit moves it back out.
            profile_set.push("counted = :counted");
            profile_update =
                profile_update.expression_attribute_values(":counted", AttributeValue::Bool(counts_in_tally));
        }
        let set_clause =
            if profile_set.is_empty() { String::new() } else { format!("SET {} ", profile_set.join(", ")) };
        let profile_update = profile_update
            .update_expression(format!("{set_clause}REMOVE active_attempt, active_closes_at{profile_add}"))
            .condition_expression(profile_condition)
            .build()
            .expect("complete");

        let mut request = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().update(attempt_update.build().expect("complete")).build())
            .transact_items(TransactWriteItem::builder().update(profile_update).build());

        if improves_best {
            let best = BestResult {
                attempt_id: &attempt.attempt_id,
                round_id: &attempt.round_id,
                score: outcome.score,
                total: outcome.total,
                duration_ms: outcome.duration_ms,
                finished_at: outcome.finished_at,
                prediction,
            }
            .item(cid, profile, organization_name, leaderboard_shards);
            request = request.transact_items(
                TransactWriteItem::builder()
                    .put(Put::builder().table_name(self.table_name()).set_item(Some(best)).build().expect("complete"))
                    .build(),
            );
        }
        if !flags.is_empty() {
            let review = ReviewItem {
                round_id: &attempt.round_id,
                attempt_id: &attempt.attempt_id,
                participant_id: pid,
                full_name: &profile.full_name,
                organization_id: &profile.organization_id,
                score: outcome.score,
                total: outcome.total,
                duration_ms: outcome.duration_ms,
                flags,
            }
            .item(cid);
            request = request.transact_items(
                TransactWriteItem::builder()
                    .put(Put::builder().table_name(self.table_name()).set_item(Some(review)).build().expect("complete"))
                    .build(),
            );
        }
        if counts_in_tally {
            request = request.transact_items(
                TransactWriteItem::builder()
                    .update(organization_tally_increment(self.table_name(), cid, &profile.organization_id, now))
                    .build(),
            );
        }

        match request.send().await {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(is_cancellation) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }
}

/// Moves an organization's participation count by `delta` (an exclusion,
/// its lifting, or a change of unit), leaving when it was reached alone.
pub(crate) fn tally_change(table: &str, cid: &ContestId, oid: &OrganizationId, delta: i64) -> Update {
    Update::builder()
        .table_name(table)
        .set_key(Some(key(keys::organizations(cid), keys::organization_sk(oid))))
        .update_expression("ADD participants :delta")
        .expression_attribute_values(":delta", n(delta))
        .build()
        .expect("complete")
}

fn organization_tally_increment(table: &str, cid: &ContestId, oid: &OrganizationId, now: DateTime<Utc>) -> Update {
    Update::builder()
        .table_name(table)
        .set_key(Some(key(keys::organizations(cid), keys::organization_sk(oid))))
        .update_expression("ADD participants :one SET reached_at = :now")
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":now", n(now.timestamp_millis()))
        .build()
        .expect("complete")
}

impl Store {
    /// The profile and every attempt, from one Query on the participant's
    /// partition.
    pub async fn participant_overview(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
    ) -> Result<Option<(Profile, Vec<AttemptRecord>)>, StoreError> {
        let items = self.query_partition(keys::participant(cid, pid)).await?;
        let mut profile = None;
        let mut attempts = Vec::new();
        for item in &items {
            let sk = get_s(item, keys::SK)?;
            if sk == keys::PROFILE {
                profile = Some(Profile::from_item(item)?);
            } else if sk.starts_with(keys::ATTEMPT_PREFIX) {
                attempts.push(AttemptRecord::from_item(cid, pid, item)?);
            }
        }
        attempts.sort_by_key(|a| a.clock.started_at);
        Ok(profile.map(|p| (p, attempts)))
    }
}

/// A participant's best result in a round: the item the round's leaderboard
/// index orders.
struct BestResult<'a> {
    attempt_id: &'a AttemptId,
    round_id: &'a RoundId,
    score: u32,
    total: u32,
    duration_ms: i64,
    finished_at: DateTime<Utc>,
    prediction: Option<u64>,
}

impl BestResult<'_> {
    fn standing(&self) -> Standing {
        Standing {
            score: self.score,
            duration_ms: self.duration_ms,
            finished_at_ms: self.finished_at.timestamp_millis(),
        }
    }

    fn item(&self, cid: &ContestId, profile: &Profile, organization_name: &str, leaderboard_shards: u32) -> Item {
        let pid = &profile.participant_id;
        let mut best = key(keys::participant(cid, pid), keys::best_sk(self.round_id));
        let shard = keys::shard_among(pid.as_str(), leaderboard_shards);
        best.insert(keys::GSI1_PK.into(), s(keys::leaderboard(cid, self.round_id, shard, leaderboard_shards)));
        best.insert(keys::GSI1_SK.into(), s(self.standing().sort_key(pid)));
        best.insert("participant_id".into(), s(pid.as_str()));
        best.insert("attempt_id".into(), s(self.attempt_id.as_str()));
        best.insert("full_name".into(), s(profile.full_name.as_str()));
        best.insert("organization_id".into(), s(profile.organization_id.as_str()));
        best.insert("organization_name".into(), s(organization_name));
        best.insert("score".into(), n(self.score));
        best.insert("total".into(), n(self.total));
        best.insert("duration_ms".into(), n(self.duration_ms));
        best.insert("finished_at".into(), n(self.finished_at.timestamp_millis()));
        if let Some(prediction) = self.prediction {
            best.insert("prediction".into(), n(prediction));
        }
        if profile.barred {
            // Left out of every ranking until the exclusion is lifted.
            best.insert("barred".into(), AttributeValue::Bool(true));
        }
        best
    }
}

/// A flagged result waiting for (or given) the committee's decision.
struct ReviewItem<'a> {
    round_id: &'a RoundId,
    attempt_id: &'a AttemptId,
    participant_id: &'a ParticipantId,
    full_name: &'a str,
    organization_id: &'a OrganizationId,
    score: u32,
    total: u32,
    duration_ms: i64,
    flags: &'a [AttemptFlag],
}

impl ReviewItem<'_> {
    fn item(&self, cid: &ContestId) -> Item {
        let mut item = key(keys::reviews(cid), keys::review_sk(self.round_id, self.attempt_id));
        item.insert("round_id".into(), s(self.round_id.as_str()));
        item.insert("attempt_id".into(), s(self.attempt_id.as_str()));
        item.insert("participant_id".into(), s(self.participant_id.as_str()));
        item.insert("full_name".into(), s(self.full_name));
        item.insert("organization_id".into(), s(self.organization_id.as_str()));
        item.insert("score".into(), n(self.score));
        item.insert("total".into(), n(self.total));
        item.insert("duration_ms".into(), n(self.duration_ms));
        item.insert("flags".into(), AttributeValue::Ss(self.flags.iter().map(|f| f.as_str().to_owned()).collect()));
        item
    }
}

/// A result under review, as the committee lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub round_id: RoundId,
    pub attempt_id: AttemptId,
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub organization_id: OrganizationId,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub flags: Vec<AttemptFlag>,
    pub decision: Option<ReviewDecision>,
    pub note: Option<String>,
}

fn review_from(item: &Item) -> Result<Review, StoreError> {
    let corrupt = |what: &str| StoreError::corrupt(format!("review {what}"));
    Ok(Review {
        round_id: RoundId::parse(get_s(item, "round_id")?).map_err(|_| corrupt("round_id"))?,
        attempt_id: AttemptId::parse(get_s(item, "attempt_id")?).map_err(|_| corrupt("attempt_id"))?,
        participant_id: ParticipantId::parse(get_s(item, "participant_id")?).map_err(|_| corrupt("participant_id"))?,
        full_name: get_s(item, "full_name")?.to_owned(),
        organization_id: OrganizationId::parse(get_s(item, "organization_id")?).map_err(|_| corrupt("organization"))?,
        score: get_n(item, "score")?,
        total: get_n(item, "total")?,
        duration_ms: get_n(item, "duration_ms")?,
        flags: item
            .get("flags")
            .and_then(|v| v.as_ss().ok())
            .map(|flags| flags.iter().filter_map(|f| AttemptFlag::parse(f)).collect())
            .unwrap_or_default(),
        decision: crate::item::opt_s(item, "decision").and_then(ReviewDecision::parse),
        note: crate::item::opt_s(item, "note").map(str::to_owned),
    })
}

/// What a recomputation needs to know about the contest.
#[derive(Debug, Clone, Copy)]
pub struct BestContext<'a> {
    pub organization_name: &'a str,
    pub leaderboard_shards: u32,
}

impl Store {
    /// A round's results under review, in attempt order.
    pub async fn reviews(&self, cid: &ContestId, rid: &RoundId) -> Result<Vec<Review>, StoreError> {
        let query = crate::query::PagedQuery::table(keys::reviews(cid)).sort_key_prefix(format!("{rid}#"));
        self.query_all(query).await?.iter().map(review_from).collect()
    }

    /// Every result under review in the contest.
    pub async fn all_reviews(&self, cid: &ContestId) -> Result<Vec<Review>, StoreError> {
        self.query_partition(keys::reviews(cid)).await?.iter().map(review_from).collect()
    }

    pub async fn review(&self, cid: &ContestId, rid: &RoundId, aid: &AttemptId) -> Result<Option<Review>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::reviews(cid), keys::review_sk(rid, aid))))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.as_ref().map(review_from).transpose()
    }

    /// Records the committee's decision on the review item and the attempt
    /// item at once.
    pub async fn decide_review(
        &self,
        review: &Review,
        cid: &ContestId,
        decision: ReviewDecision,
        note: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let review_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::reviews(cid), keys::review_sk(&review.round_id, &review.attempt_id))))
            .update_expression("SET decision = :decision, note = :note, decided_by = :by, decided_at = :at")
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":decision", s(decision.as_str()))
            .expression_attribute_values(":note", s(note))
            .expression_attribute_values(":by", s(by))
            .expression_attribute_values(":at", n(now.timestamp_millis()))
            .build()
            .expect("complete");
        let attempt_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, &review.participant_id), keys::attempt_sk(&review.attempt_id))))
            .update_expression("SET review = :decision")
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":decision", s(decision.as_str()))
            .build()
            .expect("complete");
        self.dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().update(review_update).build())
            .transact_items(TransactWriteItem::builder().update(attempt_update).build())
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// Makes the participant's best result in a round the best of their
    /// attempts that count (unflagged or accepted; a barred person's stays
    /// marked barred, out of every ranking), after
    /// a review, a regrade or an exclusion changed which ones count. The
    /// profile's revision guards against a concurrent finish: on a conflict
    /// the caller reads again and retries. Returns whether it was applied.
    pub async fn recompute_best(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        rid: &RoundId,
        context: BestContext<'_>,
    ) -> Result<bool, StoreError> {
        let items = self.query_partition(keys::participant(cid, pid)).await?;
        let mut profile = None;
        let mut revision = None;
        let mut attempts = Vec::new();
        for item in &items {
            let sk = get_s(item, keys::SK)?;
            if sk == keys::PROFILE {
                profile = Some(Profile::from_item(item)?);
                revision = opt_n::<i64>(item, "rev")?;
            } else if sk.starts_with(keys::ATTEMPT_PREFIX) {
                attempts.push(AttemptRecord::from_item(cid, pid, item)?);
            }
        }
        let Some(profile) = profile else { return Ok(true) };
        let best = {
            attempts
                .iter()
                .filter(|a| &a.round_id == rid && a.counts_for_ranking())
                .filter_map(|a| a.result.as_ref().map(|r| (a, r)))
                .map(|(a, r)| BestResult {
                    attempt_id: &a.attempt_id,
                    round_id: &a.round_id,
                    score: r.score,
                    total: r.total,
                    duration_ms: r.duration_ms,
                    finished_at: r.finished_at,
                    prediction: r.prediction,
                })
                .min_by(|a, b| a.standing().rank_order(&b.standing()))
        };
        // Already right (the common case of a rescoring pass run again):
        // nothing to write.
        let current = profile.best.get(rid.as_str());
        if current == best.as_ref().map(|b| b.standing().sort_key(pid)).as_ref() {
            return Ok(true);
        }
        let partition = keys::participant(cid, pid);
        let mut profile_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(partition.clone(), keys::PROFILE)))
            .expression_attribute_names("#round", rid.as_str())
            .expression_attribute_values(":one", n(1));
        profile_update = match revision {
            Some(revision) => {
                profile_update.condition_expression("rev = :rev").expression_attribute_values(":rev", n(revision))
            }
            None => profile_update
                .condition_expression("attribute_exists(#pk) AND attribute_not_exists(rev)")
                .expression_attribute_names("#pk", keys::PK),
        };
        let best_write = match &best {
            Some(best) => {
                profile_update = profile_update
                    .update_expression("SET best.#round = :sort_key ADD rev :one")
                    .expression_attribute_values(":sort_key", s(best.standing().sort_key(pid)));
                let item = best.item(cid, &profile, context.organization_name, context.leaderboard_shards);
                TransactWriteItem::builder()
                    .put(Put::builder().table_name(self.table_name()).set_item(Some(item)).build().expect("complete"))
                    .build()
            }
            None => {
                profile_update = profile_update.update_expression("REMOVE best.#round ADD rev :one");
                TransactWriteItem::builder()
                    .delete(
                        aws_sdk_dynamodb::types::Delete::builder()
                            .table_name(self.table_name())
                            .set_key(Some(key(partition, keys::best_sk(rid))))
                            .build()
                            .expect("complete"),
                    )
                    .build()
            }
        };
        let result = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().update(profile_update.build().expect("complete")).build())
            .transact_items(best_write)
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(is_cancellation) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }
}
