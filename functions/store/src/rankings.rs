//! Leaderboards: one Query on the ranking index per round, one Query on the
//! organizations' partition for the collective ranking.

use chrono::{DateTime, Utc};
use contest_domain::{ContestId, OrganizationId, RoundId};
use std::collections::HashMap;

use crate::item::{get_n, get_s, opt_n, Item};
use crate::keys;
use crate::query::PagedQuery;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderboardRow {
    pub participant_id: String,
    pub full_name: String,
    pub organization_id: String,
    pub organization_name: String,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub finished_at_ms: i64,
}

impl Store {
    /// The round's best results in every leaderboard shard, the shards read
    /// at once, barred people left out; at most `limit` per shard.
    pub(crate) async fn leaderboard_items(
        &self,
        cid: &ContestId,
        rid: &RoundId,
        shards: u32,
        limit: Option<usize>,
    ) -> Result<Vec<Item>, StoreError> {
        let shard_reads = (0..shards.max(1)).map(|shard| {
            let query =
                PagedQuery::index(keys::GSI1, keys::GSI1_PK, keys::leaderboard(cid, rid, shard, shards)).skip_barred();
            self.query_all(match limit {
                Some(limit) => query.limit(limit),
                None => query,
            })
        });
        Ok(futures::future::try_join_all(shard_reads).await?.into_iter().flatten().collect())
    }

    /// The best result of each participant in a round, best first, without
    /// barred people: one Query per leaderboard shard (one, unless the
    /// contest is sharded), more pages only when barred entries were
    /// filtered out of the first.
    pub async fn leaderboard(
        &self,
        cid: &ContestId,
        rid: &RoundId,
        shards: u32,
        limit: i32,
    ) -> Result<Vec<LeaderboardRow>, StoreError> {
        let limit = limit.max(1) as usize;
        // Scatter-gather: the top `limit` of each shard hold the overall top.
        let mut rows = self.leaderboard_items(cid, rid, shards, Some(limit)).await?;
        if shards > 1 {
            rows.sort_by(|a, b| crate::item::opt_s(a, keys::GSI1_SK).cmp(&crate::item::opt_s(b, keys::GSI1_SK)));
            rows.truncate(limit);
        }
        rows.iter()
            .map(|item| {
                Ok(LeaderboardRow {
                    participant_id: get_s(item, "participant_id")?.to_owned(),
                    full_name: get_s(item, "full_name")?.to_owned(),
                    organization_id: get_s(item, "organization_id")?.to_owned(),
                    organization_name: get_s(item, "organization_name")?.to_owned(),
                    score: get_n(item, "score")?,
                    total: get_n(item, "total")?,
                    duration_ms: get_n(item, "duration_ms")?,
                    finished_at_ms: get_n(item, "finished_at")?,
                })
            })
            .collect()
    }

    /// Per organization: participants with a finished attempt, and when the
    /// organization reached that count.
    pub async fn organization_counts(
        &self,
        cid: &ContestId,
    ) -> Result<HashMap<OrganizationId, (u32, Option<DateTime<Utc>>)>, StoreError> {
        let items = self.query_partition(keys::organizations(cid)).await?;
        items
            .iter()
            .map(|item| {
                let sk = get_s(item, keys::SK)?;
                let oid = sk.strip_prefix(keys::ORG_PREFIX).unwrap_or_default();
                let reached_at = opt_n::<i64>(item, "reached_at")?.and_then(DateTime::from_timestamp_millis);
                Ok((
                    OrganizationId::parse(oid).map_err(|_| StoreError::corrupt("org sk"))?,
                    (get_n(item, "participants")?, reached_at),
                ))
            })
            .collect()
    }
}
