//! Leaderboards: one Query on the ranking index per round, one Query on the
//! organizations' partition for the collective ranking.

use chrono::DateTime;
use contest_domain::{ContestId, OrganizationId, RoundId};

use crate::error::classify;
use crate::item::{get_n, get_s, opt_n, s};
use crate::keys;
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationCount {
    pub organization_id: OrganizationId,
    pub participants: u32,
    pub reached_at_ms: Option<i64>,
}

impl Store {
    /// The best result of each participant in a round, best first, without
    /// barred people. Usually one page; more only when barred entries were
    /// filtered out of the first.
    pub async fn leaderboard(&self, cid: &ContestId, rid: &RoundId, limit: i32) -> Result<Vec<LeaderboardRow>, StoreError> {
        let mut rows = Vec::new();
        let mut start_key = None;
        loop {
            let output = self
                .dynamo
                .query()
                .table_name(self.table_name())
                .index_name(keys::GSI1)
                .key_condition_expression("#pk = :pk")
                .filter_expression("attribute_not_exists(barred)")
                .expression_attribute_names("#pk", keys::GSI1_PK)
                .expression_attribute_values(":pk", s(keys::leaderboard(cid, rid)))
                .scan_index_forward(true)
                .limit(limit)
                .set_exclusive_start_key(start_key)
                .send()
                .await
                .map_err(classify)?;
            rows.extend(output.items.unwrap_or_default());
            start_key = output.last_evaluated_key;
            if rows.len() >= limit as usize || start_key.is_none() {
                break;
            }
        }
        rows.truncate(limit as usize);
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

    pub async fn organization_counts(&self, cid: &ContestId) -> Result<Vec<OrganizationCount>, StoreError> {
        let items = self.query_partition(keys::organizations(cid)).await?;
        items
            .iter()
            .map(|item| {
                let sk = get_s(item, keys::SK)?;
                let oid = sk.strip_prefix(keys::ORG_PREFIX).unwrap_or_default();
                Ok(OrganizationCount {
                    organization_id: OrganizationId::parse(oid).map_err(|_| StoreError::corrupt("org sk"))?,
                    participants: get_n(item, "participants")?,
                    reached_at_ms: opt_n(item, "reached_at")?.filter(|ms| DateTime::from_timestamp_millis(*ms).is_some()),
                })
            })
            .collect()
    }
}
