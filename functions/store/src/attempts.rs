//! Attempts: start (one transaction), autosave (one conditional update),
//! finish (one transaction guarded by the attempt's status).

use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem, Update,
};
use chrono::{DateTime, Duration, Utc};
use contest_domain::attempt::{Answers, AttemptClock, AttemptQuestion, AttemptStatus, Outcome};
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
        round_id: RoundId,
        questions: Vec<AttemptQuestion>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            contest_id: contest.id.clone(),
            participant_id,
            attempt_id: AttemptId::generate(),
            round_id,
            status: AttemptStatus::InProgress,
            clock: AttemptClock::start(now, contest.time_limit(), contest.grace()),
            total: questions.len() as u32,
            questions,
            answers: Answers::new(),
            result: None,
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
    pub organization_name: &'a str,
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
        let FinishWrite { attempt, profile, outcome, prediction, organization_name, leaderboard_shards, now, token_version } =
            write;
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
            .expression_attribute_values(":results", s(results_summary(&attempt.questions, &outcome.answers)))
            .expression_attribute_values(":name", s(profile.full_name.as_str()))
            .expression_attribute_values(":org", s(profile.organization_id.as_str()));
        if let Some(prediction) = prediction {
            attempt_update = attempt_update.expression_attribute_values(":prediction", n(prediction));
        }

        let standing = Standing {
            score: outcome.score,
            duration_ms: outcome.duration_ms,
            finished_at_ms: outcome.finished_at.timestamp_millis(),
        };
        let sort_key = standing.sort_key(pid);
        let improves_best = profile.best.get(attempt.round_id.as_str()).is_none_or(|best| sort_key < *best);
        let first_finish = !profile.has_finished_attempt;

        let mut profile_set = vec![];
        let mut profile_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(partition.clone(), keys::PROFILE)))
            .expression_attribute_values(":aid", s(attempt.attempt_id.as_str()));
        let mut profile_condition = "active_attempt = :aid".to_owned();
        if let Some(version) = token_version {
            profile_condition.push_str(" AND ");
            profile_condition.push_str(token_version_condition(version));
            profile_update = profile_update.expression_attribute_values(":ver", n(version));
        }
        if improves_best {
            profile_set.push("best.#round = :sort_key");
            profile_update = profile_update
                .expression_attribute_names("#round", attempt.round_id.as_str())
                .expression_attribute_values(":sort_key", s(sort_key.clone()));
        }
        if first_finish {
            profile_set.push("finished = :now");
            profile_condition.push_str(" AND attribute_not_exists(finished)");
            profile_update = profile_update.expression_attribute_values(":now", n(now.timestamp_millis()));
        }
        let set_clause =
            if profile_set.is_empty() { String::new() } else { format!("SET {} ", profile_set.join(", ")) };
        let profile_update = profile_update
            .update_expression(format!("{set_clause}REMOVE active_attempt, active_closes_at"))
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
            let mut best = key(partition.clone(), keys::best_sk(&attempt.round_id));
            let shard = keys::shard_among(pid.as_str(), leaderboard_shards);
            best.insert(keys::GSI1_PK.into(), s(keys::leaderboard(cid, &attempt.round_id, shard, leaderboard_shards)));
            best.insert(keys::GSI1_SK.into(), s(sort_key));
            best.insert("participant_id".into(), s(pid.as_str()));
            best.insert("attempt_id".into(), s(attempt.attempt_id.as_str()));
            best.insert("full_name".into(), s(profile.full_name.as_str()));
            best.insert("organization_id".into(), s(profile.organization_id.as_str()));
            best.insert("organization_name".into(), s(organization_name));
            best.insert("score".into(), n(outcome.score));
            best.insert("total".into(), n(outcome.total));
            best.insert("duration_ms".into(), n(outcome.duration_ms));
            best.insert("finished_at".into(), n(outcome.finished_at.timestamp_millis()));
            if let Some(prediction) = prediction {
                best.insert("prediction".into(), n(prediction));
            }
            request = request.transact_items(
                TransactWriteItem::builder()
                    .put(Put::builder().table_name(self.table_name()).set_item(Some(best)).build().expect("complete"))
                    .build(),
            );
        }
        if first_finish {
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

/// Per question, whether it was answered right: `q001:1;q002:0;q003:-`
/// (`-` unanswered). Compact, so the attempts index can carry it.
fn results_summary(questions: &[contest_domain::attempt::AttemptQuestion], answers: &Answers) -> String {
    questions
        .iter()
        .map(|q| {
            let mark = match answers.get(&q.id) {
                None => "-",
                Some(option) if option == &q.correct => "1",
                Some(_) => "0",
            };
            format!("{}:{mark}", q.id)
        })
        .collect::<Vec<_>>()
        .join(";")
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
