//! Accounts and profiles. The phone is the login key, so uniqueness per
//! contest is the account item's existence, checked in the same transaction
//! that consults the exclusion list.

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use contest_domain::account::search_key;
use contest_domain::registration::Registration;
use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, Phone, RoundId};
use std::collections::HashMap;

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, opt_n, opt_s, s, string_map, Item};
use crate::keys;
use crate::transact::{cancellation_codes, not_exists_condition};
use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct Account {
    pub participant_id: ParticipantId,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct Profile {
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub phone: String,
    pub organization_id: OrganizationId,
    pub birth_year: Option<u16>,
    pub email: Option<String>,
    pub created_at_ms: i64,
    /// The attempt in progress, with the instant it stops accepting answers.
    pub active_attempt: Option<(AttemptId, i64)>,
    pub round_attempts: HashMap<String, u32>,
    /// Per round, the sort key of the best finished attempt.
    pub best: HashMap<String, String>,
    pub has_finished_attempt: bool,
    /// Counted in the organization's participation tally.
    pub counted_in_tally: bool,
    pub barred: bool,
    /// The staff-list entry the person claimed when registering (its sort key).
    pub roster_entry: Option<String>,
    /// Rounds in which the person finished an attempt.
    pub finished_rounds: Vec<RoundId>,
    /// Why the person is out of the rankings (empty when not barred).
    pub bar_reasons: Vec<crate::directory::BarReason>,
    /// Counts changes of `bar_reasons` (None before the first).
    pub bar_version: Option<i64>,
    pub disqualification: Option<crate::directory::Disqualification>,
    /// Finished attempts (practice ones included).
    pub finished_attempts: u32,
    /// The person's data was erased (withdrawal, or the retention period).
    pub erased: bool,
    /// Raised by each log-out; tokens carry the version they were issued at.
    pub token_version: u32,
    /// When the person consented to the privacy notice, and to which version.
    pub consent: Option<(i64, String)>,
}

/// A profile's reasons for being barred; one barred before reasons were
/// recorded was barred by the exclusion list, the only reason then.
fn bar_reasons(item: &Item) -> Vec<crate::directory::BarReason> {
    let mut reasons: Vec<_> = item
        .get("bar_reasons")
        .and_then(|v| v.as_ss().ok())
        .map(|list| list.iter().filter_map(|r| crate::directory::BarReason::parse(r)).collect())
        .unwrap_or_default();
    if reasons.is_empty() && item.contains_key("barred") {
        reasons.push(crate::directory::BarReason::Excluded);
    }
    reasons.sort();
    reasons
}

impl Profile {
    pub(crate) fn from_item(item: &Item) -> Result<Self, StoreError> {
        let pk = get_s(item, keys::PK)?;
        let pid = pk.rsplit('#').next().unwrap_or_default();
        let active_attempt = match opt_s(item, "active_attempt") {
            Some(aid) => Some((
                AttemptId::parse(aid).map_err(|_| StoreError::corrupt("active_attempt"))?,
                get_n(item, "active_closes_at")?,
            )),
            None => None,
        };
        let round_attempts = item
            .get("round_attempts")
            .and_then(|v| v.as_m().ok())
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_n().ok().and_then(|n| n.parse().ok()).map(|n| (k.clone(), n)))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            participant_id: ParticipantId::parse(pid).map_err(|_| StoreError::corrupt("profile pk"))?,
            full_name: get_s(item, "full_name")?.to_owned(),
            // Empty once the person's data is erased.
            phone: opt_s(item, "phone").unwrap_or_default().to_owned(),
            organization_id: OrganizationId::parse(get_s(item, "organization_id")?)
                .map_err(|_| StoreError::corrupt("organization_id"))?,
            birth_year: opt_n(item, "birth_year")?,
            email: opt_s(item, "email").map(str::to_owned),
            created_at_ms: get_n(item, "created_at")?,
            active_attempt,
            round_attempts,
            best: string_map(item, "best"),
            has_finished_attempt: item.contains_key("finished"),
            // Profiles finished before the flag existed were all counted.
            counted_in_tally: match item.get("counted") {
                Some(value) => value.as_bool().ok().copied().unwrap_or(false),
                None => item.contains_key("finished"),
            },
            barred: item.contains_key("barred"),
            bar_reasons: bar_reasons(item),
            bar_version: opt_n(item, "bar_version")?,
            disqualification: crate::directory::Disqualification::from_item(item),
            finished_attempts: opt_n(item, "finished_attempts")?.unwrap_or_default(),
            erased: item.contains_key("erased"),
            roster_entry: opt_s(item, "roster_entry").map(str::to_owned),
            finished_rounds: item
                .get("finished_rounds")
                .and_then(|v| v.as_ss().ok())
                .map(|rounds| rounds.iter().filter_map(|r| RoundId::parse(r.as_str()).ok()).collect())
                .unwrap_or_default(),
            token_version: opt_n(item, "token_version")?.unwrap_or(0),
            consent: match (opt_n::<i64>(item, "consent_at")?, opt_s(item, "consent_version")) {
                (Some(at), Some(version)) => Some((at, version.to_owned())),
                _ => None,
            },
        })
    }

    pub fn attempts_in_round(&self, rid: &RoundId) -> u32 {
        self.round_attempts.get(rid.as_str()).copied().unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterRejection {
    Barred,
    PhoneTaken,
    /// The staff-list entry was claimed first by someone else.
    RosterEntryTaken,
    /// The unit's staff list appeared meanwhile: check against it again.
    RosterChanged,
}

impl Store {
    /// Creates the account and profile in one transaction that also checks
    /// the exclusion list, so neither a duplicate nor a barred phone can slip
    /// in between a check and a write.
    pub async fn register(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        registration: &Registration,
        password_hash: &str,
        roster: &crate::roster::RosterCheck,
        now: DateTime<Utc>,
    ) -> Result<Result<(), RegisterRejection>, StoreError> {
        let phone_pk = keys::phone(cid, &registration.phone);
        let names = HashMap::from([("#pk".to_owned(), keys::PK.to_owned())]);

        let barred_check = ConditionCheck::builder()
            .table_name(self.table_name())
            .set_key(Some(key(phone_pk.clone(), keys::BARRED)))
            .condition_expression(not_exists_condition())
            .set_expression_attribute_names(Some(names.clone()))
            .build()
            .expect("complete");

        let mut account = key(phone_pk, keys::ACCOUNT);
        account.insert("participant_id".into(), s(pid.as_str()));
        account.insert("password_hash".into(), s(password_hash));

        let mut profile = key(keys::participant(cid, pid), keys::PROFILE);
        profile.insert("full_name".into(), s(registration.full_name.as_str()));
        profile.insert("phone".into(), s(registration.phone.as_str()));
        profile.insert("organization_id".into(), s(registration.organization_id.as_str()));
        profile.insert("created_at".into(), n(now.timestamp_millis()));
        profile.insert("name_key".into(), s(search_key(registration.full_name.as_str())));
        // What the person consented to, and when (Nghị định 13/2023).
        profile.insert("consent_at".into(), n(now.timestamp_millis()));
        profile.insert("consent_version".into(), s(registration.consent_version.as_str()));
        profile.insert(keys::GSI4_PK.into(), s(keys::participants(cid)));
        profile.insert(keys::GSI4_SK.into(), s(keys::participant_index_sk(now.timestamp_millis(), pid)));
        profile.insert("round_attempts".into(), AttributeValue::M(HashMap::new()));
        profile.insert("best".into(), AttributeValue::M(HashMap::new()));
        if let Some(year) = registration.birth_year {
            profile.insert("birth_year".into(), n(year.value()));
        }
        if let Some(email) = &registration.email {
            profile.insert("email".into(), s(email.as_str()));
        }
        if let crate::roster::RosterCheck::Claim { entry_sort_key, .. } = roster {
            profile.insert("roster_entry".into(), s(entry_sort_key.as_str()));
        }

        let put = |item: Item| {
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(self.table_name())
                        .set_item(Some(item))
                        .condition_expression(not_exists_condition())
                        .set_expression_attribute_names(Some(names.clone()))
                        .build()
                        .expect("complete"),
                )
                .build()
        };

        // The token makes the SDK's own retry of a committed transaction (a
        // timed-out attempt) succeed instead of reporting a duplicate.
        let mut request = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().condition_check(barred_check).build())
            .transact_items(put(account))
            .transact_items(put(profile));
        request = match roster {
            crate::roster::RosterCheck::NoList => request.transact_items(
                TransactWriteItem::builder()
                    .condition_check(crate::roster::no_list_check(
                        self.table_name(),
                        cid,
                        &registration.organization_id,
                    ))
                    .build(),
            ),
            crate::roster::RosterCheck::Claim { organization_id, entry_sort_key } => request.transact_items(
                TransactWriteItem::builder()
                    .update(crate::roster::claim_update(
                        self.table_name(),
                        cid,
                        organization_id,
                        entry_sort_key,
                        pid,
                        now,
                    ))
                    .build(),
            ),
            crate::roster::RosterCheck::NotApplicable => request,
        };
        let result = request.send().await;
        match result {
            Ok(_) => Ok(Ok(())),
            Err(err) => {
                let Some(service) = err.as_service_error() else { return Err(classify(err)) };
                let codes = cancellation_codes(service);
                let failed = |index: usize| codes.get(index).map(String::as_str) == Some("ConditionalCheckFailed");
                if failed(0) {
                    Ok(Err(RegisterRejection::Barred))
                } else if failed(1) || failed(2) {
                    // Our own earlier attempt may have committed before timing
                    // out (its claim then fails too: it is ours).
                    let ours =
                        self.get_account(cid, &registration.phone).await?.is_some_and(|a| &a.participant_id == pid);
                    Ok(if ours { Ok(()) } else { Err(RegisterRejection::PhoneTaken) })
                } else if failed(3) {
                    Ok(Err(match roster {
                        crate::roster::RosterCheck::Claim { .. } => RegisterRejection::RosterEntryTaken,
                        _ => RegisterRejection::RosterChanged,
                    }))
                } else {
                    Err(classify(err))
                }
            }
        }
    }

    pub async fn get_account(&self, cid: &ContestId, phone: &Phone) -> Result<Option<Account>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::phone(cid, phone), keys::ACCOUNT)))
            .send()
            .await
            .map_err(classify)?;
        output
            .item
            .map(|item| {
                Ok(Account {
                    participant_id: ParticipantId::parse(get_s(&item, "participant_id")?)
                        .map_err(|_| StoreError::corrupt("participant_id"))?,
                    password_hash: get_s(&item, "password_hash")?.to_owned(),
                })
            })
            .transpose()
    }

    /// Many profiles at once (batch reads of 100), in no particular order;
    /// unknown ids are left out.
    pub async fn profiles(&self, cid: &ContestId, pids: &[ParticipantId]) -> Result<Vec<Profile>, StoreError> {
        let mut profiles = Vec::with_capacity(pids.len());
        for chunk in pids.chunks(100) {
            let keys: Vec<Item> = chunk.iter().map(|pid| key(keys::participant(cid, pid), keys::PROFILE)).collect();
            let request =
                aws_sdk_dynamodb::types::KeysAndAttributes::builder().set_keys(Some(keys)).build().expect("complete");
            let mut pending = HashMap::from([(self.table_name().to_owned(), request)]);
            while !pending.is_empty() {
                let output =
                    self.dynamo.batch_get_item().set_request_items(Some(pending)).send().await.map_err(classify)?;
                for item in output.responses.and_then(|mut r| r.remove(self.table_name())).unwrap_or_default() {
                    profiles.push(Profile::from_item(&item)?);
                }
                pending = output.unprocessed_keys.unwrap_or_default();
            }
        }
        Ok(profiles)
    }

    pub async fn get_profile(&self, cid: &ContestId, pid: &ParticipantId) -> Result<Option<Profile>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, pid), keys::PROFILE)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.as_ref().map(Profile::from_item).transpose()
    }

    /// Revokes every token of the participant: raises the profile's token
    /// version and copies it onto the attempt in progress (whose autosave
    /// condition checks it), in one transaction conditioned on the active
    /// attempt being the one read, so a start racing the log-out cannot
    /// slip by. Returns false when the token was already revoked (its
    /// version is not the profile's) or there is no such participant.
    pub async fn revoke_participant_tokens(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        token_version: u32,
    ) -> Result<bool, StoreError> {
        let new_version = token_version + 1;
        for _ in 0..5 {
            let Some(profile) = self.get_profile(cid, pid).await? else { return Ok(false) };
            if profile.token_version != token_version {
                return Ok(false);
            }
            let mut update = Update::builder()
                .table_name(self.table_name())
                .set_key(Some(key(keys::participant(cid, pid), keys::PROFILE)))
                .update_expression("SET token_version = :new")
                .expression_attribute_values(":new", n(new_version))
                .expression_attribute_values(":old", n(token_version));
            let version_condition = if token_version == 0 {
                "(attribute_not_exists(token_version) OR token_version = :old)"
            } else {
                "token_version = :old"
            };
            let mut request = self.dynamo.transact_write_items().client_request_token(crate::idempotency_token());
            update = match &profile.active_attempt {
                Some((aid, _)) => {
                    let attempt = Update::builder()
                        .table_name(self.table_name())
                        .set_key(Some(key(keys::participant(cid, pid), keys::attempt_sk(aid))))
                        .update_expression("SET token_version = :new")
                        .condition_expression("attribute_exists(#pk)")
                        .expression_attribute_names("#pk", keys::PK)
                        .expression_attribute_values(":new", n(new_version))
                        .build()
                        .expect("complete");
                    request = request.transact_items(TransactWriteItem::builder().update(attempt).build());
                    update
                        .condition_expression(format!("{version_condition} AND active_attempt = :aid"))
                        .expression_attribute_values(":aid", s(aid.as_str()))
                }
                None => update
                    .condition_expression(format!(
                        "attribute_exists(#pk) AND {version_condition} AND attribute_not_exists(active_attempt)"
                    ))
                    .expression_attribute_names("#pk", keys::PK),
            };
            let update = update.build().expect("complete");
            match request.transact_items(TransactWriteItem::builder().update(update).build()).send().await {
                Ok(_) => return Ok(true),
                // The profile changed since it was read (an attempt started
                // or finished, another log-out): read it again.
                Err(err) if err.as_service_error().is_some_and(crate::transact::is_cancellation) => continue,
                Err(err) => return Err(classify(err)),
            }
        }
        Err(StoreError::Unavailable("the profile kept changing during log-out".into()))
    }
}
