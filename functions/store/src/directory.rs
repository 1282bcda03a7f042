//! The committee's directory of participants: finding them (index gsi4),
//! correcting a profile, and barring them from the rankings for a reason
//! (the exclusion list, or a disqualification).

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use contest_domain::account::search_key;
use contest_domain::{ContestId, OrganizationId, ParticipantId};
use std::collections::HashMap;

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, opt_n, opt_s, s, Item};
use crate::keys;
use crate::participants::Profile;
use crate::transact::is_cancellation;
use crate::{Store, StoreError};

/// Optimistic updates retry this often after losing a race with an attempt.
const MAX_TRIES: usize = 5;
/// Directory entries DynamoDB evaluates per request while searching.
const SEARCH_PAGE: i32 = 500;

/// A participant as the directory lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub phone: String,
    pub organization_id: OrganizationId,
    pub birth_year: Option<u16>,
    pub registered_at_ms: i64,
    pub barred: bool,
    pub disqualified: bool,
}

impl Listing {
    fn from_item(item: &Item) -> Result<Self, StoreError> {
        let sort = get_s(item, keys::GSI4_SK)?;
        let pid = sort.split_once('#').map(|(_, pid)| pid).unwrap_or_default();
        Ok(Self {
            participant_id: ParticipantId::parse(pid).map_err(|_| StoreError::corrupt("directory gsi4sk"))?,
            full_name: get_s(item, "full_name")?.to_owned(),
            phone: get_s(item, "phone")?.to_owned(),
            organization_id: OrganizationId::parse(get_s(item, "organization_id")?)
                .map_err(|_| StoreError::corrupt("organization_id"))?,
            birth_year: opt_n(item, "birth_year")?,
            registered_at_ms: get_n(item, "created_at")?,
            barred: item.contains_key("barred"),
            disqualified: item.contains_key("disqualified"),
        })
    }
}

/// What the committee searches by; every given part must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryFilter {
    /// Part of the name, as [`search_key`] reduces it.
    pub name_key: Option<String>,
    /// A whole phone number in its stored form (`0912345678`).
    pub phone: Option<String>,
    /// Some digits of the phone number.
    pub phone_digits: Option<String>,
    pub organization_id: Option<OrganizationId>,
}

/// One page of a search and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryPage {
    pub participants: Vec<Listing>,
    pub next_cursor: Option<String>,
}

/// Why a person is out of every ranking. Both can hold at once; the person
/// returns only when neither does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BarReason {
    /// Their phone is on the contest's exclusion list.
    Excluded,
    /// The committee disqualified them.
    Disqualified,
    /// They withdrew: their personal data is erased, their attempts stay
    /// anonymous in the statistics.
    Withdrawn,
}

impl BarReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Excluded => "excluded",
            Self::Disqualified => "disqualified",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Excluded, Self::Disqualified, Self::Withdrawn].into_iter().find(|r| r.as_str() == value)
    }
}

/// The committee's record of a disqualification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disqualification {
    pub reason: String,
    pub by: String,
    pub at_ms: i64,
}

impl Disqualification {
    pub(crate) fn from_item(item: &Item) -> Option<Self> {
        let map = item.get("disqualification")?.as_m().ok()?;
        let text = |name: &str| map.get(name).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
        Some(Self {
            reason: text("reason"),
            by: text("by"),
            at_ms: map.get("at").and_then(|v| v.as_n().ok()).and_then(|v| v.parse().ok()).unwrap_or_default(),
        })
    }

    fn attribute(&self) -> AttributeValue {
        AttributeValue::M(HashMap::from([
            ("reason".to_owned(), s(self.reason.as_str())),
            ("by".to_owned(), s(self.by.as_str())),
            ("at".to_owned(), n(self.at_ms)),
        ]))
    }
}

/// A committee's correction of what a participant typed at registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileEdit {
    pub full_name: String,
    pub organization_id: OrganizationId,
    pub birth_year: Option<u16>,
}

/// How an edit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    Applied,
    /// No such participant.
    NotFound,
}

impl Store {
    /// Searches the directory, newest registrations first, `limit` at a time.
    /// Erased participants are never listed. The cursor is the last listed
    /// entry's index key, so a page ends exactly where it was cut.
    pub async fn search_participants(
        &self,
        cid: &ContestId,
        filter: &DirectoryFilter,
        cursor: Option<&DirectoryCursor>,
        limit: usize,
    ) -> Result<DirectoryPage, StoreError> {
        let mut conditions = vec!["attribute_not_exists(erased)".to_owned()];
        let mut values: HashMap<String, AttributeValue> =
            HashMap::from([(":pk".to_owned(), s(keys::participants(cid)))]);
        if let Some(name) = &filter.name_key {
            conditions.push("contains(name_key, :name)".into());
            values.insert(":name".into(), s(name.as_str()));
        }
        if let Some(phone) = &filter.phone {
            conditions.push("phone = :phone".into());
            values.insert(":phone".into(), s(phone.as_str()));
        }
        if let Some(digits) = &filter.phone_digits {
            conditions.push("contains(phone, :digits)".into());
            values.insert(":digits".into(), s(digits.as_str()));
        }
        if let Some(oid) = &filter.organization_id {
            conditions.push("organization_id = :org".into());
            values.insert(":org".into(), s(oid.as_str()));
        }
        let mut start_key = cursor.map(|cursor| cursor.start_key(cid));
        let mut participants = Vec::new();
        loop {
            let page = self
                .dynamo
                .query()
                .table_name(self.table_name())
                .index_name(keys::GSI4)
                .key_condition_expression("#pk = :pk")
                .expression_attribute_names("#pk", keys::GSI4_PK)
                .filter_expression(conditions.join(" AND "))
                .set_expression_attribute_values(Some(values.clone()))
                .scan_index_forward(false)
                .limit(SEARCH_PAGE)
                .set_exclusive_start_key(start_key)
                .send()
                .await
                .map_err(classify)?;
            for item in page.items.unwrap_or_default() {
                participants.push(Listing::from_item(&item)?);
                if participants.len() == limit {
                    let last = get_s(&item, keys::GSI4_SK)?.to_owned();
                    return Ok(DirectoryPage { participants, next_cursor: Some(last) });
                }
            }
            start_key = page.last_evaluated_key;
            if start_key.is_none() {
                return Ok(DirectoryPage { participants, next_cursor: None });
            }
        }
    }

    /// Every participant of an organization (for its follow-up and its
    /// staff), erased ones left out.
    pub async fn organization_members(
        &self,
        cid: &ContestId,
        oid: &OrganizationId,
    ) -> Result<Vec<Listing>, StoreError> {
        let filter = DirectoryFilter { organization_id: Some(oid.clone()), ..Default::default() };
        Ok(self.search_participants(cid, &filter, None, usize::MAX).await?.participants)
    }

    /// Corrects a profile. A change of unit moves the person's place in the
    /// participation tallies in the same transaction, and frees the staff
    /// list entry they claimed in the old unit. The copies of the name and
    /// unit on attempts, best results and reviews follow
    /// ([`Store::refresh_participant_copies`]).
    pub async fn edit_profile(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        edit: &ProfileEdit,
    ) -> Result<EditOutcome, StoreError> {
        for _ in 0..MAX_TRIES {
            let Some(profile) = self.get_profile(cid, pid).await? else { return Ok(EditOutcome::NotFound) };
            let moves_unit = profile.organization_id != edit.organization_id;
            let mut update = Update::builder()
                .table_name(self.table_name())
                .set_key(Some(key(keys::participant(cid, pid), keys::PROFILE)))
                .expression_attribute_values(":name", s(edit.full_name.as_str()))
                .expression_attribute_values(":key", s(search_key(&edit.full_name)))
                .expression_attribute_values(":org", s(edit.organization_id.as_str()))
                .expression_attribute_values(":old_org", s(profile.organization_id.as_str()))
                .expression_attribute_values(":counted", AttributeValue::Bool(profile.counted_in_tally));
            // What the tally moves depend on must still be as read: the unit,
            // whether the person is counted, and whether they are barred.
            let mut condition =
                "organization_id = :old_org AND (counted = :counted OR attribute_not_exists(counted))".to_owned();
            condition.push_str(if profile.barred {
                " AND attribute_exists(barred)"
            } else {
                " AND attribute_not_exists(barred)"
            });
            let mut set = vec!["full_name = :name", "name_key = :key", "organization_id = :org"];
            let mut remove = Vec::new();
            match edit.birth_year {
                Some(year) => {
                    set.push("birth_year = :year");
                    update = update.expression_attribute_values(":year", n(year));
                }
                None => remove.push("birth_year"),
            }
            if moves_unit && profile.roster_entry.is_some() {
                remove.push("roster_entry");
            }
            let expression = if remove.is_empty() {
                format!("SET {}", set.join(", "))
            } else {
                format!("SET {} REMOVE {}", set.join(", "), remove.join(", "))
            };
            let update =
                update.update_expression(expression).condition_expression(condition).build().expect("complete");
            let mut request = self
                .dynamo
                .transact_write_items()
                .client_request_token(crate::idempotency_token())
                .transact_items(TransactWriteItem::builder().update(update).build());
            if moves_unit && profile.counted_in_tally && !profile.barred {
                for (oid, delta) in [(&profile.organization_id, -1), (&edit.organization_id, 1)] {
                    request = request.transact_items(
                        TransactWriteItem::builder()
                            .update(crate::attempts::tally_change(self.table_name(), cid, oid, delta))
                            .build(),
                    );
                }
            }
            if let (true, Some(entry)) = (moves_unit, &profile.roster_entry) {
                request = request.transact_items(
                    TransactWriteItem::builder()
                        .update(crate::roster::release_update(
                            self.table_name(),
                            cid,
                            &profile.organization_id,
                            entry,
                            pid,
                        ))
                        .build(),
                );
            }
            match request.send().await {
                Ok(_) => return Ok(EditOutcome::Applied),
                // An attempt finished meanwhile (or another edit): read again.
                Err(err) if err.as_service_error().is_some_and(is_cancellation) => continue,
                Err(err) => return Err(classify(err)),
            }
        }
        Err(StoreError::Unavailable("the profile kept changing during the edit".into()))
    }

    /// Writes the participant's current name and unit onto the copies that
    /// lists read without the profile: finished attempts (exports and the
    /// attempts index), best results (leaderboards) and reviews. Idempotent.
    pub async fn refresh_participant_copies(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        organization_name: Option<&str>,
    ) -> Result<(), StoreError> {
        let items = self.query_partition(keys::participant(cid, pid)).await?;
        let Some(profile) = items
            .iter()
            .find(|item| opt_s(item, keys::SK) == Some(keys::PROFILE))
            .map(Profile::from_item)
            .transpose()?
        else {
            return Ok(());
        };
        for item in &items {
            let sk = get_s(item, keys::SK)?;
            let (partition, sort, with_org_name) = if sk.starts_with(keys::BEST_PREFIX) {
                (keys::participant(cid, pid), sk.to_owned(), true)
            } else if sk.starts_with(keys::ATTEMPT_PREFIX) && item.contains_key("full_name") {
                (keys::participant(cid, pid), sk.to_owned(), false)
            } else {
                continue;
            };
            if opt_s(item, "full_name") == Some(profile.full_name.as_str())
                && opt_s(item, "organization_id") == Some(profile.organization_id.as_str())
            {
                continue;
            }
            self.set_name_and_unit(partition, sort, &profile, organization_name.filter(|_| with_org_name)).await?;
            if sk.starts_with(keys::ATTEMPT_PREFIX) && item.contains_key("flags") {
                if let (Some(round), Some(aid)) = (opt_s(item, "round_id"), sk.strip_prefix(keys::ATTEMPT_PREFIX)) {
                    let review_sort = format!("{round}#{aid}");
                    self.set_name_and_unit(keys::reviews(cid), review_sort, &profile, None).await?;
                }
            }
        }
        Ok(())
    }

    async fn set_name_and_unit(
        &self,
        partition: String,
        sort: String,
        profile: &Profile,
        organization_name: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut request = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(partition, sort)))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":name", s(profile.full_name.as_str()))
            .expression_attribute_values(":org", s(profile.organization_id.as_str()));
        request = match organization_name {
            Some(name) => request
                .update_expression("SET full_name = :name, organization_id = :org, organization_name = :org_name")
                .expression_attribute_values(":org_name", s(name)),
            None => request.update_expression("SET full_name = :name, organization_id = :org"),
        };
        match request.send().await {
            Ok(_) => Ok(()),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(()),
            Err(err) => Err(classify(err)),
        }
    }

    /// Adds or lifts one reason to keep a participant out of the rankings.
    /// The profile changes first, with the organization's tally in the same
    /// transaction when the person enters or leaves the barred state (a
    /// barred person counts nowhere); then every best result is marked or
    /// unmarked, which the rankings filter on. Marking the profile first
    /// closes the race with an attempt finishing meanwhile: its transaction
    /// requires an unbarred profile, so it either committed before (and its
    /// best result is marked here) or fails and reads the profile again.
    /// Returns whether the person is barred afterwards (`None`: no such
    /// participant).
    pub async fn set_bar_reason(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        reason: BarReason,
        on: bool,
        disqualification: Option<&Disqualification>,
    ) -> Result<Option<bool>, StoreError> {
        let mut barred_now = None;
        for _ in 0..MAX_TRIES {
            let Some(profile) = self.get_profile(cid, pid).await? else { return Ok(None) };
            let mut reasons = profile.bar_reasons.clone();
            let had = reasons.contains(&reason);
            if on == had {
                barred_now = Some(profile.barred);
                break;
            }
            if on {
                reasons.push(reason);
            } else {
                reasons.retain(|r| *r != reason);
            }
            let enters = !profile.barred && on;
            let leaves = profile.barred && reasons.is_empty();
            let mut update = Update::builder()
                .table_name(self.table_name())
                .set_key(Some(key(keys::participant(cid, pid), keys::PROFILE)))
                .expression_attribute_names("#pk", keys::PK);
            let mut set = Vec::new();
            let mut remove = Vec::new();
            if reasons.is_empty() {
                remove.push("bar_reasons");
            } else {
                set.push("bar_reasons = :reasons");
                update = update.expression_attribute_values(
                    ":reasons",
                    AttributeValue::Ss(reasons.iter().map(|r| r.as_str().to_owned()).collect()),
                );
            }
            if enters {
                set.push("barred = :yes");
                update = update.expression_attribute_values(":yes", AttributeValue::Bool(true));
            }
            if leaves {
                remove.push("barred");
            }
            if reason == BarReason::Disqualified {
                match (on, disqualification) {
                    (true, Some(record)) => {
                        set.push("disqualified = :yes_d, disqualification = :record");
                        update = update
                            .expression_attribute_values(":yes_d", AttributeValue::Bool(true))
                            .expression_attribute_values(":record", record.attribute());
                    }
                    _ => remove.push("disqualified, disqualification"),
                }
            }
            // The reasons must still be as read (their version), so two
            // changes never both move the person in or out of the tally.
            let condition = match profile.bar_version {
                Some(version) => {
                    update = update.expression_attribute_values(":version", n(version));
                    "attribute_exists(#pk) AND bar_version = :version"
                }
                None if profile.barred => {
                    "attribute_exists(#pk) AND attribute_not_exists(bar_version) AND attribute_exists(barred)"
                }
                None => "attribute_exists(#pk) AND attribute_not_exists(bar_version) AND attribute_not_exists(barred)",
            };
            let mut expression = String::new();
            if !set.is_empty() {
                expression.push_str(&format!("SET {}", set.join(", ")));
            }
            expression.push_str(" ADD bar_version :one");
            update = update.expression_attribute_values(":one", n(1));
            if !remove.is_empty() {
                expression.push_str(&format!(" REMOVE {}", remove.join(", ")));
            }
            let update =
                update.update_expression(expression.trim()).condition_expression(condition).build().expect("complete");
            let mut request = self
                .dynamo
                .transact_write_items()
                .client_request_token(crate::idempotency_token())
                .transact_items(TransactWriteItem::builder().update(update).build());
            if profile.counted_in_tally && (enters || leaves) {
                let delta = if enters { -1 } else { 1 };
                request = request.transact_items(
                    TransactWriteItem::builder()
                        .update(crate::attempts::tally_change(self.table_name(), cid, &profile.organization_id, delta))
                        .build(),
                );
            }
            match request.send().await {
                Ok(_) => {
                    barred_now = Some(!reasons.is_empty());
                    break;
                }
                Err(err) if err.as_service_error().is_some_and(is_cancellation) => continue,
                Err(err) => return Err(classify(err)),
            }
        }
        let Some(barred) = barred_now else {
            return Err(StoreError::Unavailable("the profile kept changing while barring".into()));
        };
        self.mark_best_results(cid, pid, barred).await?;
        Ok(Some(barred))
    }

    /// Marks (or unmarks) every best result of a participant as barred.
    async fn mark_best_results(&self, cid: &ContestId, pid: &ParticipantId, barred: bool) -> Result<(), StoreError> {
        let query =
            crate::query::PagedQuery::table(keys::participant(cid, pid)).sort_key_prefix(keys::BEST_PREFIX.into());
        for item in self.query_all(query).await? {
            let sk = get_s(&item, keys::SK)?.to_owned();
            if item.contains_key("barred") == barred {
                continue;
            }
            let request = self
                .dynamo
                .update_item()
                .table_name(self.table_name())
                .set_key(Some(key(keys::participant(cid, pid), sk)));
            let request = if barred {
                request
                    .update_expression("SET barred = :yes")
                    .expression_attribute_values(":yes", AttributeValue::Bool(true))
            } else {
                request.update_expression("REMOVE barred")
            };
            request.send().await.map_err(classify)?;
        }
        Ok(())
    }
}

/// Where a directory page starts: the last listed entry's index key
/// (`{created ms}#{pid}`), parsed, so a forged cursor cannot point outside
/// the contest's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryCursor {
    created_at_ms: i64,
    participant_id: ParticipantId,
}

impl DirectoryCursor {
    pub fn parse(cursor: &str) -> Option<Self> {
        let (millis, pid) = cursor.split_once('#')?;
        Some(Self {
            created_at_ms: millis.parse().ok().filter(|ms: &i64| *ms >= 0)?,
            participant_id: ParticipantId::parse(pid).ok()?,
        })
    }

    fn start_key(&self, cid: &ContestId) -> Item {
        let mut start = key(keys::participant(cid, &self.participant_id), keys::PROFILE);
        start.insert(keys::GSI4_PK.into(), s(keys::participants(cid)));
        start.insert(keys::GSI4_SK.into(), s(keys::participant_index_sk(self.created_at_ms, &self.participant_id)));
        start
    }
}
