//! What the round-closing job and the organizers read and write about a
//! round as a whole: every result, the winners, abandoned attempts.

use contest_domain::winners::{Candidate, Winner};
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, RoundId};

use crate::error::classify;
use crate::item::{get_json, get_n, get_s, json, key, n, opt_n, s, Item};
use crate::keys;
use crate::query::PagedQuery;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWinners {
    pub winners: Vec<Winner>,
    pub real_number: Option<u64>,
    pub published: bool,
    pub computed_at_ms: i64,
    /// When published winners were last corrected (recomputed after a
    /// review, an exclusion or a regrade), if ever.
    pub corrected_at_ms: Option<i64>,
    /// At publication: the SHA-256 of the round's results file and how many
    /// people it ranks, so anyone holding the file can check it.
    pub fingerprint: Option<ResultsFingerprint>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsFingerprint {
    /// The export's `xep-hang-{rid}.csv`.
    pub file: String,
    pub sha256: String,
    pub ranked_participants: u32,
}

fn candidate_from(item: &Item) -> Result<Candidate, StoreError> {
    Ok(Candidate {
        participant_id: ParticipantId::parse(get_s(item, "participant_id")?).map_err(|_| StoreError::corrupt("pid"))?,
        full_name: get_s(item, "full_name")?.to_owned(),
        organization_id: OrganizationId::parse(get_s(item, "organization_id")?)
            .map_err(|_| StoreError::corrupt("oid"))?,
        organization_name: get_s(item, "organization_name")?.to_owned(),
        score: get_n(item, "score")?,
        total: get_n(item, "total")?,
        duration_ms: get_n(item, "duration_ms")?,
        finished_at_ms: get_n(item, "finished_at")?,
        prediction: opt_n(item, "prediction")?,
    })
}

impl Store {
    /// Every participant's best result in the round (barred people left
    /// out), paged through the ranking index: no Scan.
    pub async fn round_results(
        &self,
        cid: &ContestId,
        rid: &RoundId,
        shards: u32,
    ) -> Result<Vec<Candidate>, StoreError> {
        self.leaderboard_items(cid, rid, shards, None).await?.iter().map(candidate_from).collect()
    }

    pub async fn save_winners(&self, cid: &ContestId, rid: &RoundId, stored: &StoredWinners) -> Result<(), StoreError> {
        let mut item = key(keys::winners(cid), rid.as_str());
        item.insert("winners".into(), json(&stored.winners));
        item.insert("published".into(), aws_sdk_dynamodb::types::AttributeValue::Bool(stored.published));
        item.insert("computed_at".into(), n(stored.computed_at_ms));
        if let Some(real) = stored.real_number {
            item.insert("real_number".into(), n(real));
        }
        if let Some(corrected) = stored.corrected_at_ms {
            item.insert("corrected_at".into(), n(corrected));
        }
        if let Some(fingerprint) = &stored.fingerprint {
            item.insert("results_file".into(), s(fingerprint.file.as_str()));
            item.insert("results_sha256".into(), s(fingerprint.sha256.as_str()));
            item.insert("ranked_participants".into(), n(fingerprint.ranked_participants));
        }
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        Ok(())
    }

    /// Publishes (with the results' fingerprint) or withdraws a round's winners.
    pub async fn set_winners_published(
        &self,
        cid: &ContestId,
        rid: &RoundId,
        published: bool,
        fingerprint: Option<&ResultsFingerprint>,
    ) -> Result<bool, StoreError> {
        let mut request = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::winners(cid), rid.as_str())))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":p", aws_sdk_dynamodb::types::AttributeValue::Bool(published));
        request = match fingerprint {
            Some(f) => request
                .update_expression(
                    "SET published = :p, results_file = :file, results_sha256 = :sha, ranked_participants = :count",
                )
                .expression_attribute_values(":file", s(f.file.as_str()))
                .expression_attribute_values(":sha", s(f.sha256.as_str()))
                .expression_attribute_values(":count", n(f.ranked_participants)),
            None => request.update_expression("SET published = :p"),
        };
        let result = request.send().await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }

    /// All rounds' winners of a contest, from one Query.
    pub async fn all_winners(&self, cid: &ContestId) -> Result<Vec<(RoundId, StoredWinners)>, StoreError> {
        let items = self.query_partition(keys::winners(cid)).await?;
        items
            .iter()
            .map(|item| {
                let rid = RoundId::parse(get_s(item, keys::SK)?).map_err(|_| StoreError::corrupt("winners sk"))?;
                Ok((
                    rid,
                    StoredWinners {
                        winners: get_json(item, "winners")?,
                        real_number: opt_n(item, "real_number")?,
                        published: item.get("published").and_then(|v| v.as_bool().ok()).copied().unwrap_or(false),
                        computed_at_ms: get_n(item, "computed_at")?,
                        corrected_at_ms: opt_n(item, "corrected_at")?,
                        fingerprint: match (
                            crate::item::opt_s(item, "results_file"),
                            crate::item::opt_s(item, "results_sha256"),
                            opt_n(item, "ranked_participants")?,
                        ) {
                            (Some(file), Some(sha256), Some(count)) => Some(ResultsFingerprint {
                                file: file.to_owned(),
                                sha256: sha256.to_owned(),
                                ranked_participants: count,
                            }),
                            _ => None,
                        },
                    },
                ))
            })
            .collect()
    }

    /// Attempts still open whose answers window closed before `before_ms`,
    /// across all contests, oldest first, from the sparse open-attempts index.
    pub async fn expired_open_attempts(&self, before_ms: i64, limit: i32) -> Result<ExpiredAttempts, StoreError> {
        // The shards at once: the job runs every minute, and one after
        // another they made every run wait for SHARDS round trips.
        let shard_queries = (0..keys::SHARDS).map(|shard| {
            self.dynamo
                .query()
                .table_name(self.table_name())
                .index_name(keys::GSI2)
                .key_condition_expression("#pk = :pk AND #sk < :before")
                .expression_attribute_names("#pk", keys::GSI2_PK)
                .expression_attribute_names("#sk", keys::GSI2_SK)
                .expression_attribute_values(":pk", s(keys::open_attempts(shard)))
                .expression_attribute_values(":before", s(format!("{before_ms:015}")))
                .limit(limit)
                .send()
        });
        let outputs = futures::future::try_join_all(shard_queries).await.map_err(classify)?;
        // A full page, or one cut short, may leave more for the next run.
        let more = outputs.iter().any(|output| output.last_evaluated_key.is_some());
        let items: Vec<Item> = outputs.into_iter().flat_map(|output| output.items.unwrap_or_default()).collect();
        let attempts = items
            .iter()
            .map(|item| {
                let pk = get_s(item, keys::PK)?;
                let sk = get_s(item, keys::SK)?;
                let corrupt = || StoreError::corrupt(format!("open attempt key {pk}/{sk}"));
                let rest = pk.strip_prefix("CONTEST#").ok_or_else(corrupt)?;
                let (cid, pid) = rest.split_once("#P#").ok_or_else(corrupt)?;
                let aid = sk.strip_prefix(keys::ATTEMPT_PREFIX).ok_or_else(corrupt)?;
                Ok((
                    ContestId::parse(cid).map_err(|_| corrupt())?,
                    ParticipantId::parse(pid).map_err(|_| corrupt())?,
                    AttemptId::parse(aid).map_err(|_| corrupt())?,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(ExpiredAttempts { attempts, more })
    }
}

/// Open attempts past their answers window, as one run of the closing job
/// reads them.
#[derive(Debug, Clone, Default)]
pub struct ExpiredAttempts {
    pub attempts: Vec<(ContestId, ParticipantId, AttemptId)>,
    /// Some shard had more than one run takes: rounds are not decided yet.
    pub more: bool,
}

/// An attempt as the statistics and exports see it, from the attempts index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptSummary {
    pub participant_id: ParticipantId,
    pub attempt_id: AttemptId,
    pub round_id: RoundId,
    pub status: contest_domain::attempt::AttemptStatus,
    pub started_at_ms: i64,
    pub closes_at_ms: i64,
    pub finished_at_ms: Option<i64>,
    pub score: Option<u32>,
    pub total: u32,
    pub duration_ms: Option<i64>,
    pub prediction: Option<u64>,
    /// Per question: answered right (`Some(true)`), wrong, or unanswered.
    pub results: Vec<(String, Option<bool>)>,
    pub full_name: Option<String>,
    pub organization_id: Option<String>,
}

fn summary_from(item: &Item) -> Result<AttemptSummary, StoreError> {
    let pk = get_s(item, keys::PK)?;
    let sk = get_s(item, keys::SK)?;
    let corrupt = || StoreError::corrupt(format!("attempt key {pk}/{sk}"));
    let pid = pk.rsplit_once("#P#").map(|(_, pid)| pid).ok_or_else(corrupt)?;
    let aid = sk.strip_prefix(keys::ATTEMPT_PREFIX).ok_or_else(corrupt)?;
    let results = crate::item::opt_s(item, "results")
        .unwrap_or_default()
        .split(';')
        .filter_map(|entry| entry.split_once(':'))
        .map(|(qid, mark)| {
            (
                qid.to_owned(),
                match mark {
                    "1" => Some(true),
                    "0" => Some(false),
                    _ => None,
                },
            )
        })
        .collect();
    Ok(AttemptSummary {
        participant_id: ParticipantId::parse(pid).map_err(|_| corrupt())?,
        attempt_id: AttemptId::parse(aid).map_err(|_| corrupt())?,
        round_id: RoundId::parse(get_s(item, "round_id")?).map_err(|_| corrupt())?,
        status: contest_domain::attempt::AttemptStatus::parse(get_s(item, "status")?).ok_or_else(corrupt)?,
        started_at_ms: get_n(item, "started_at")?,
        closes_at_ms: get_n(item, "closes_at")?,
        finished_at_ms: opt_n(item, "finished_at")?,
        score: opt_n(item, "score")?,
        total: get_n(item, "total")?,
        duration_ms: opt_n(item, "duration_ms")?,
        prediction: opt_n(item, "prediction")?,
        results,
        full_name: crate::item::opt_s(item, "full_name").map(str::to_owned),
        organization_id: crate::item::opt_s(item, "organization_id").map(str::to_owned),
    })
}

impl Store {
    /// Every attempt of a contest, oldest first, paged through every shard
    /// of the attempts index (its small projection, never the questions).
    pub async fn contest_attempts(&self, cid: &ContestId) -> Result<Vec<AttemptSummary>, StoreError> {
        let mut attempts = Vec::new();
        for shard in 0..keys::SHARDS {
            let query = PagedQuery::index(keys::GSI3, keys::GSI3_PK, keys::contest_attempts(cid, shard));
            for item in self.query_all(query).await? {
                attempts.push(summary_from(&item)?);
            }
        }
        attempts.sort_by_key(|a| (a.started_at_ms, a.attempt_id.clone()));
        Ok(attempts)
    }
}
