//! Staff lists (danh sách cán bộ): who belongs to a unit. Registering into
//! a unit with a list claims one of its entries in the registration's own
//! transaction, so one entry can never be claimed twice.

use chrono::{DateTime, Utc};
use contest_domain::{ContestId, OrganizationId, ParticipantId};

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, opt_s, s, Item};
use crate::keys;
use crate::query::PagedQuery;
use crate::{Store, StoreError};

/// An entry of a unit's staff list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub entry_id: String,
    pub organization_id: OrganizationId,
    pub full_name: String,
    /// The name as registration compares it (NFC, lowercase, spaces collapsed).
    pub name_key: String,
    pub birth_year: u16,
    pub phone: Option<String>,
    /// Who claimed it by registering, if anyone.
    pub participant_id: Option<ParticipantId>,
}

impl RosterEntry {
    pub fn sort_key(&self) -> String {
        keys::roster_entry_sk(&self.name_key, self.birth_year, &self.entry_id)
    }

    fn from_item(oid: &OrganizationId, item: &Item) -> Result<Self, StoreError> {
        Ok(Self {
            entry_id: get_s(item, "entry_id")?.to_owned(),
            organization_id: oid.clone(),
            full_name: get_s(item, "full_name")?.to_owned(),
            name_key: get_s(item, "name_key")?.to_owned(),
            birth_year: get_n(item, "birth_year")?,
            phone: opt_s(item, "phone").map(str::to_owned),
            participant_id: opt_s(item, "participant_id")
                .map(|pid| ParticipantId::parse(pid).map_err(|_| StoreError::corrupt("roster participant_id")))
                .transpose()?,
        })
    }

    fn to_item(&self, cid: &ContestId) -> Item {
        let mut item = key(keys::roster(cid, &self.organization_id), self.sort_key());
        item.insert("entry_id".into(), s(self.entry_id.as_str()));
        item.insert("full_name".into(), s(self.full_name.as_str()));
        item.insert("name_key".into(), s(self.name_key.as_str()));
        item.insert("birth_year".into(), n(self.birth_year));
        if let Some(phone) = &self.phone {
            item.insert("phone".into(), s(phone.as_str()));
        }
        if let Some(pid) = &self.participant_id {
            item.insert("participant_id".into(), s(pid.as_str()));
        }
        item
    }
}

/// How a registration stands toward its unit's staff list, checked in the
/// registration's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RosterCheck {
    /// The unit has no list, and must still have none when the account is written.
    NoList,
    /// Claims this entry (its sort key), which must still be unclaimed.
    Claim { organization_id: OrganizationId, entry_sort_key: String },
    /// An open organization: no list applies.
    NotApplicable,
}

impl Store {
    /// The size of a unit's staff list, or None when it has none.
    pub async fn roster_size(&self, cid: &ContestId, oid: &OrganizationId) -> Result<Option<u32>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::roster(cid, oid), keys::ROSTER_LIST)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.map(|item| get_n(&item, "size")).transpose()
    }

    /// A unit's whole staff list.
    pub async fn roster(&self, cid: &ContestId, oid: &OrganizationId) -> Result<Vec<RosterEntry>, StoreError> {
        let query = PagedQuery::table(keys::roster(cid, oid)).sort_key_prefix(keys::ROSTER_ENTRY_PREFIX.to_owned());
        self.query_all(query).await?.iter().map(|item| RosterEntry::from_item(oid, item)).collect()
    }

    /// The entries registration would match: same normalized name and birth year.
    pub async fn roster_candidates(
        &self,
        cid: &ContestId,
        oid: &OrganizationId,
        name_key: &str,
        birth_year: u16,
    ) -> Result<Vec<RosterEntry>, StoreError> {
        let query =
            PagedQuery::table(keys::roster(cid, oid)).sort_key_prefix(keys::roster_match_prefix(name_key, birth_year));
        let entries: Vec<RosterEntry> = self
            .query_all(query)
            .await?
            .iter()
            .map(|item| RosterEntry::from_item(oid, item))
            .collect::<Result<_, _>>()?;
        // The prefix is a hash: keep only true matches.
        Ok(entries.into_iter().filter(|e| e.name_key == name_key && e.birth_year == birth_year).collect())
    }

    /// Replaces a unit's staff list. Entries that match one already claimed
    /// (same name, birth year and phone) keep their claim; the others are
    /// new. Returns the list's size.
    pub async fn replace_roster(
        &self,
        cid: &ContestId,
        oid: &OrganizationId,
        entries: Vec<RosterEntry>,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let existing = self.roster(cid, oid).await?;
        let mut claimed: Vec<&RosterEntry> = existing.iter().filter(|e| e.participant_id.is_some()).collect();
        let mut kept = Vec::with_capacity(entries.len());
        for mut entry in entries {
            let same = claimed.iter().position(|c| {
                c.name_key == entry.name_key && c.birth_year == entry.birth_year && c.phone == entry.phone
            });
            if let Some(index) = same {
                let previous = claimed.remove(index);
                entry.entry_id = previous.entry_id.clone();
                entry.participant_id = previous.participant_id.clone();
            }
            kept.push(entry);
        }
        let kept_keys: std::collections::HashSet<String> = kept.iter().map(RosterEntry::sort_key).collect();
        let mut writes = Vec::new();
        for old in existing.iter().filter(|e| !kept_keys.contains(&e.sort_key())) {
            writes.push(crate::contests::delete_request(key(keys::roster(cid, oid), old.sort_key())));
        }
        for entry in &kept {
            writes.push(crate::contests::put_request(entry.to_item(cid)));
        }
        let size = kept.len() as u32;
        let mut list = key(keys::roster(cid, oid), keys::ROSTER_LIST);
        list.insert("size".into(), n(size));
        list.insert("updated_at".into(), n(now.timestamp_millis()));
        writes.push(crate::contests::put_request(list));
        self.batch_write(writes).await?;
        Ok(size)
    }

    /// Every unit's list size, for the organizations that have one.
    pub async fn roster_sizes(
        &self,
        cid: &ContestId,
        organizations: &[OrganizationId],
    ) -> Result<Vec<(OrganizationId, Option<u32>)>, StoreError> {
        let reads = organizations.iter().map(|oid| async move { Ok((oid.clone(), self.roster_size(cid, oid).await?)) });
        futures::future::try_join_all(reads).await
    }
}

pub(crate) fn claim_update(
    table: &str,
    cid: &ContestId,
    oid: &OrganizationId,
    entry_sort_key: &str,
    pid: &ParticipantId,
    now: DateTime<Utc>,
) -> aws_sdk_dynamodb::types::Update {
    aws_sdk_dynamodb::types::Update::builder()
        .table_name(table)
        .set_key(Some(key(keys::roster(cid, oid), entry_sort_key)))
        .update_expression("SET participant_id = :pid, claimed_at = :now")
        .condition_expression("attribute_exists(#pk) AND attribute_not_exists(participant_id)")
        .expression_attribute_names("#pk", keys::PK)
        .expression_attribute_values(":pid", s(pid.as_str()))
        .expression_attribute_values(":now", n(now.timestamp_millis()))
        .build()
        .expect("complete")
}

/// Frees the entry `pid` claimed (a change of unit), so the person it
/// names can register again or be matched by a new registration.
pub(crate) fn release_update(
    table: &str,
    cid: &ContestId,
    oid: &OrganizationId,
    entry_sort_key: &str,
    pid: &ParticipantId,
) -> aws_sdk_dynamodb::types::Update {
    aws_sdk_dynamodb::types::Update::builder()
        .table_name(table)
        .set_key(Some(key(keys::roster(cid, oid), entry_sort_key)))
        .update_expression("REMOVE participant_id, claimed_at")
        .condition_expression("attribute_not_exists(participant_id) OR participant_id = :pid")
        .expression_attribute_values(":pid", s(pid.as_str()))
        .build()
        .expect("complete")
}

pub(crate) fn no_list_check(
    table: &str,
    cid: &ContestId,
    oid: &OrganizationId,
) -> aws_sdk_dynamodb::types::ConditionCheck {
    aws_sdk_dynamodb::types::ConditionCheck::builder()
        .table_name(table)
        .set_key(Some(key(keys::roster(cid, oid), keys::ROSTER_LIST)))
        .condition_expression("attribute_not_exists(#pk)")
        .expression_attribute_names("#pk", keys::PK)
        .build()
        .expect("complete")
}
