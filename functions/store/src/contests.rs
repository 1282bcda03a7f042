//! Contest definitions: loading a contest file idempotently, and reading the
//! contest and its question bank back.

use aws_sdk_dynamodb::types::{DeleteRequest, PutRequest, WriteRequest};
use contest_domain::contest::{Contest, ContestDefinition, Question};
use contest_domain::{ContestId, Phone};
use std::collections::{BTreeMap, BTreeSet};

use crate::error::classify;
use crate::item::{get_json, get_json_bytes, get_s, json, json_bytes, key, n, s, Item};
use crate::keys;
use crate::transact::is_condition_failure;
use crate::{Store, StoreError};

/// What a load changed; all zeros when the same file is loaded twice.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadReport {
    pub contest_written: bool,
    pub questions_written: usize,
    pub questions_removed: usize,
    pub exclusions_added: usize,
    pub exclusions_removed: usize,
    pub organizations_added: usize,
}

impl LoadReport {
    pub fn changed_anything(&self) -> bool {
        *self != Self::default()
    }
}

const BATCH_LIMIT: usize = 25;

/// The contest's settings as JSON bytes. Every function reads them at cold
/// start; `LEGACY_CONTEST_ATTRIBUTE` (JSON in a string) is still read from
/// items written before, until the contest is next saved.
const CONTEST_ATTRIBUTE: &str = "contest_json";
const LEGACY_CONTEST_ATTRIBUTE: &str = "contest";

fn contest_from_item(item: &Item) -> Result<Contest, StoreError> {
    if item.contains_key(CONTEST_ATTRIBUTE) {
        get_json_bytes(item, CONTEST_ATTRIBUTE)
    } else {
        get_json(item, LEGACY_CONTEST_ATTRIBUTE)
    }
}

impl Store {
    pub async fn get_contest(&self, cid: &ContestId) -> Result<Option<Contest>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::contest(cid), keys::META)))
            .send()
            .await
            .map_err(classify)?;
        output.item.map(|item| contest_from_item(&item)).transpose()
    }

    /// The whole question bank, paged through.
    pub async fn list_questions(&self, cid: &ContestId) -> Result<Vec<Question>, StoreError> {
        Ok(self.bank(cid).await?.questions)
    }

    /// Makes the stored contest equal the definition, writing only what
    /// differs: loading the same file twice changes nothing. Participants,
    /// attempts and tallies are never touched.
    pub async fn save_definition(&self, definition: &ContestDefinition) -> Result<LoadReport, StoreError> {
        let cid = &definition.contest.id;
        let mut report = LoadReport::default();

        let stored = self.get_contest(cid).await?;
        // Key corrections made on the organizer page survive a reload of the file.
        let mut contest = definition.contest.clone();
        if let Some(stored) = &stored {
            contest.key_corrections.extend(stored.key_corrections.clone());
        }
        if stored.as_ref() != Some(&contest) {
            let mut item = key(keys::contest(cid), keys::META);
            item.insert(CONTEST_ATTRIBUTE.into(), json_bytes(&contest));
            self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
            report.contest_written = true;
        }

        self.sync_questions(cid, &definition.questions, &mut report).await?;
        let exclusions = self.set_exclusions(cid, &definition.excluded_phones).await?;
        report.exclusions_added = exclusions.exclusions_added;
        report.exclusions_removed = exclusions.exclusions_removed;
        self.ensure_organization_tallies(&definition.contest, &mut report).await?;
        self.register_contest(cid).await?;
        Ok(report)
    }

    async fn register_contest(&self, cid: &ContestId) -> Result<(), StoreError> {
        self.dynamo
            .put_item()
            .table_name(self.table_name())
            .set_item(Some(key(keys::CONTESTS.to_owned(), cid.as_str())))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// Every contest in the table, from the registry partition.
    pub async fn contest_ids(&self) -> Result<Vec<ContestId>, StoreError> {
        let items = self.query_partition(keys::CONTESTS.to_owned()).await?;
        items
            .iter()
            .map(|item| ContestId::parse(get_s(item, keys::SK)?).map_err(|_| StoreError::corrupt("registry")))
            .collect()
    }

    /// Writes the contest settings (rounds, limits, organizations...) and
    /// creates tallies for new organizations.
    pub async fn save_contest(&self, contest: &Contest) -> Result<(), StoreError> {
        let mut item = key(keys::contest(&contest.id), keys::META);
        item.insert(CONTEST_ATTRIBUTE.into(), json_bytes(contest));
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        self.ensure_organization_tallies(contest, &mut LoadReport::default()).await?;
        self.register_contest(&contest.id).await
    }

    /// Creates a contest only if its id is free; returns false if taken.
    pub async fn create_contest(&self, contest: &Contest) -> Result<bool, StoreError> {
        let mut item = key(keys::contest(&contest.id), keys::META);
        item.insert(CONTEST_ATTRIBUTE.into(), json_bytes(contest));
        let result = self
            .dynamo
            .put_item()
            .table_name(self.table_name())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .send()
            .await;
        match result {
            Ok(_) => {}
            Err(err) if is_condition_failure(&err) => return Ok(false),
            Err(err) => return Err(classify(err)),
        }
        self.ensure_organization_tallies(contest, &mut LoadReport::default()).await?;
        self.register_contest(&contest.id).await?;
        Ok(true)
    }

    /// Adds or replaces questions in the bank.
    pub async fn put_questions(&self, cid: &ContestId, questions: &[Question]) -> Result<(), StoreError> {
        let writes = questions
            .iter()
            .map(|question| {
                let mut item = key(keys::questions(cid), keys::question_sk(&question.id));
                item.insert("question".into(), json(question));
                item.insert("status".into(), json(&question.status));
                put_request(item)
            })
            .collect();
        self.batch_write(writes).await
    }

    pub async fn excluded_phones(&self, cid: &ContestId) -> Result<Vec<String>, StoreError> {
        let stored = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::contest(cid), keys::EXCLUSIONS)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        Ok(match stored.item {
            Some(item) => get_json::<BTreeSet<String>>(&item, "phones")?.into_iter().collect(),
            None => Vec::new(),
        })
    }

    /// Replaces the exclusion list. People already registered with a newly
    /// listed phone are barred (they can no longer start attempts and drop
    /// out of every ranking); people taken off the list are restored.
    pub async fn set_exclusions(&self, cid: &ContestId, phones: &[Phone]) -> Result<LoadReport, StoreError> {
        let previous: BTreeSet<String> = self.excluded_phones(cid).await?.into_iter().collect();
        let mut report = LoadReport::default();
        self.sync_exclusions(cid, phones, &mut report).await?;
        let wanted: BTreeSet<String> = phones.iter().map(|p| p.as_str().to_owned()).collect();
        for (phone, barred) in
            wanted.difference(&previous).map(|p| (p, true)).chain(previous.difference(&wanted).map(|p| (p, false)))
        {
            let phone = Phone::parse(phone).map_err(|_| StoreError::corrupt("excluded phone"))?;
            if let Some(account) = self.get_account(cid, &phone).await? {
                let reason = crate::directory::BarReason::Excluded;
                self.set_bar_reason(cid, &account.participant_id, reason, barred, None).await?;
            }
        }
        Ok(report)
    }

    async fn sync_questions(
        &self,
        cid: &ContestId,
        questions: &[Question],
        report: &mut LoadReport,
    ) -> Result<(), StoreError> {
        let existing: BTreeMap<String, String> = self
            .query_all(
                crate::query::PagedQuery::table(keys::questions(cid)).sort_key_prefix(keys::QUESTION_PREFIX.into()),
            )
            .await?
            .iter()
            .map(|item| Ok((get_s(item, keys::SK)?.to_owned(), get_s(item, "question")?.to_owned())))
            .collect::<Result<_, StoreError>>()?;
        let mut writes = Vec::new();
        let mut wanted = BTreeSet::new();
        for question in questions {
            let sk = keys::question_sk(&question.id);
            let body = serde_json::to_string(question).expect("questions serialise");
            if existing.get(&sk) != Some(&body) {
                let mut item = key(keys::questions(cid), sk.clone());
                item.insert("question".into(), s(body));
                item.insert("status".into(), json(&question.status));
                writes.push(put_request(item));
                report.questions_written += 1;
            }
            wanted.insert(sk);
        }
        for sk in existing.keys().filter(|sk| !wanted.contains(*sk)) {
            writes.push(delete_request(key(keys::questions(cid), sk.clone())));
            report.questions_removed += 1;
        }
        self.batch_write(writes).await
    }

    async fn sync_exclusions(
        &self,
        cid: &ContestId,
        phones: &[Phone],
        report: &mut LoadReport,
    ) -> Result<(), StoreError> {
        let list_key = key(keys::contest(cid), keys::EXCLUSIONS);
        let stored = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(list_key.clone()))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        let previous: BTreeSet<String> = match stored.item {
            Some(item) => get_json(&item, "phones")?,
            None => BTreeSet::new(),
        };
        let wanted: BTreeSet<String> = phones.iter().map(|p| p.as_str().to_owned()).collect();
        if previous == wanted {
            return Ok(());
        }
        let mut writes = Vec::new();
        for phone in wanted.difference(&previous) {
            let phone = Phone::parse(phone).map_err(|_| StoreError::corrupt("excluded phone"))?;
            writes.push(put_request(key(keys::phone(cid, &phone), keys::BARRED)));
            report.exclusions_added += 1;
        }
        for phone in previous.difference(&wanted) {
            let phone = Phone::parse(phone).map_err(|_| StoreError::corrupt("excluded phone"))?;
            writes.push(delete_request(key(keys::phone(cid, &phone), keys::BARRED)));
            report.exclusions_removed += 1;
        }
        let mut list = list_key;
        list.insert("phones".into(), json(&wanted));
        writes.push(put_request(list));
        self.batch_write(writes).await
    }

    async fn ensure_organization_tallies(&self, contest: &Contest, report: &mut LoadReport) -> Result<(), StoreError> {
        for organization in &contest.organizations {
            let result = self
                .dynamo
                .put_item()
                .table_name(self.table_name())
                .set_item(Some(key(keys::organizations(&contest.id), keys::organization_sk(&organization.id))))
                .item("participants", n(0))
                .condition_expression("attribute_not_exists(#pk)")
                .expression_attribute_names("#pk", keys::PK)
                .send()
                .await;
            match result {
                Ok(_) => report.organizations_added += 1,
                Err(err) if is_condition_failure(&err) => {}
                Err(err) => return Err(classify(err)),
            }
        }
        Ok(())
    }

    pub(crate) async fn batch_write(&self, writes: Vec<WriteRequest>) -> Result<(), StoreError> {
        for chunk in writes.chunks(BATCH_LIMIT) {
            let mut pending = chunk.to_vec();
            let mut backoff = std::time::Duration::from_millis(50);
            while !pending.is_empty() {
                let output = self
                    .dynamo
                    .batch_write_item()
                    .request_items(self.table_name(), pending)
                    .send()
                    .await
                    .map_err(classify)?;
                pending =
                    output.unprocessed_items.and_then(|mut map| map.remove(self.table_name())).unwrap_or_default();
                if !pending.is_empty() {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(std::time::Duration::from_secs(2));
                }
            }
        }
        Ok(())
    }
}

pub(crate) fn put_request(item: Item) -> WriteRequest {
    WriteRequest::builder().put_request(PutRequest::builder().set_item(Some(item)).build().expect("item set")).build()
}

pub(crate) fn delete_request(key: Item) -> WriteRequest {
    WriteRequest::builder()
        .delete_request(DeleteRequest::builder().set_key(Some(key)).build().expect("key set"))
        .build()
}
