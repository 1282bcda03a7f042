//! Accounts and profiles. The phone is the login key, so uniqueness per
//! contest is the account item's existence, checked in the same transaction
//! that consults the exclusion list.

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
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
    pub barred: bool,
    /// Raised by each log-out; tokens carry the version they were issued at.
    pub token_version: u32,
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
            phone: get_s(item, "phone")?.to_owned(),
            organization_id: OrganizationId::parse(get_s(item, "organization_id")?)
                .map_err(|_| StoreError::corrupt("organization_id"))?,
            birth_year: opt_n(item, "birth_year")?,
            email: opt_s(item, "email").map(str::to_owned),
            created_at_ms: get_n(item, "created_at")?,
            active_attempt,
            round_attempts,
            best: string_map(item, "best"),
            has_finished_attempt: item.contains_key("finished"),
            barred: item.contains_key("barred"),
            token_version: opt_n(item, "token_version")?.unwrap_or(0),
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
        profile.insert("round_attempts".into(), AttributeValue::M(HashMap::new()));
        profile.insert("best".into(), AttributeValue::M(HashMap::new()));
        if let Some(year) = registration.birth_year {
            profile.insert("birth_year".into(), n(year.value()));
        }
        if let Some(email) = &registration.email {
            profile.insert("email".into(), s(email.as_str()));
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
        let result = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().condition_check(barred_check).build())
            .transact_items(put(account))
            .transact_items(put(profile))
            .send()
            .await;
        match result {
            Ok(_) => Ok(Ok(())),
            Err(err) => {
                let Some(service) = err.as_service_error() else { return Err(classify(err)) };
                let codes = cancellation_codes(service);
                if codes.first().map(String::as_str) == Some("ConditionalCheckFailed") {
                    Ok(Err(RegisterRejection::Barred))
                } else if codes.iter().skip(1).any(|c| c == "ConditionalCheckFailed") {
                    // Our own earlier attempt may have committed before timing out.
                    let ours =
                        self.get_account(cid, &registration.phone).await?.is_some_and(|a| &a.participant_id == pid);
                    Ok(if ours { Ok(()) } else { Err(RegisterRejection::PhoneTaken) })
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
                None => update.condition_expression(format!(
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
