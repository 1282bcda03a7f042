//! One-time password-reset codes. Only a hash of the code is stored, next
//! to the profile; every try is counted *before* the code is compared, so at
//! most [`MAX_RESET_TRIES`] guesses are ever evaluated, whatever the
//! concurrency, and the code is void after them.

use aws_sdk_dynamodb::types::{Delete, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use contest_domain::{ContestId, ParticipantId, Phone};

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, s};
use crate::keys;
use crate::transact::is_cancellation;
use crate::{Store, StoreError};

pub const MAX_RESET_TRIES: u32 = 5;

/// A reset code's stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResetCode {
    pub code_hash: String,
    pub expires_at: DateTime<Utc>,
}

/// What a try found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetTry {
    /// The try was counted; compare the code against this hash.
    Counted { code_hash: String, tries: u32 },
    /// No code, an expired one, or one already tried too often.
    NoValidCode,
}

impl Store {
    /// Stores a new code for the participant, replacing any earlier one.
    pub async fn put_reset_code(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        code: &StoredResetCode,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut item = key(keys::participant(cid, pid), keys::RESET);
        item.insert("code_hash".into(), s(code.code_hash.as_str()));
        item.insert("tries".into(), n(0));
        item.insert("issued_by".into(), s(by));
        item.insert("issued_at".into(), n(now.timestamp_millis()));
        item.insert("valid_until".into(), n(code.expires_at.timestamp_millis()));
        item.insert(keys::EXPIRES_AT.into(), n(code.expires_at.timestamp()));
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        Ok(())
    }

    /// Counts one try at the participant's code (atomically, refusing once
    /// the tries are used up or the code has expired) and returns the hash to
    /// compare against.
    pub async fn count_reset_try(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        now: DateTime<Utc>,
    ) -> Result<ResetTry, StoreError> {
        let counted = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, pid), keys::RESET)))
            .update_expression("ADD tries :one")
            .condition_expression("attribute_exists(#pk) AND tries < :max AND valid_until > :now")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":max", n(MAX_RESET_TRIES))
            .expression_attribute_values(":now", n(now.timestamp_millis()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew)
            .send()
            .await;
        match counted {
            Ok(output) => {
                let item = output.attributes.unwrap_or_default();
                Ok(ResetTry::Counted {
                    code_hash: get_s(&item, "code_hash")?.to_owned(),
                    tries: get_n(&item, "tries")?,
                })
            }
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                Ok(ResetTry::NoValidCode)
            }
            Err(err) => Err(classify(err)),
        }
    }

    /// Voids the participant's code (used up, or tried too often).
    pub async fn delete_reset_code(&self, cid: &ContestId, pid: &ParticipantId) -> Result<(), StoreError> {
        self.dynamo
            .delete_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, pid), keys::RESET)))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// Spends the code and sets the new password in one transaction: the
    /// code must still exist (two requests racing with the right code
    /// cannot both reset). Returns false when it was already spent.
    pub async fn reset_password(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        phone: &Phone,
        code_hash: &str,
        password_hash: &str,
    ) -> Result<bool, StoreError> {
        let spend = Delete::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, pid), keys::RESET)))
            .condition_expression("code_hash = :hash")
            .expression_attribute_values(":hash", s(code_hash))
            .build()
            .expect("complete");
        let account = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::phone(cid, phone), keys::ACCOUNT)))
            .update_expression("SET password_hash = :password")
            .condition_expression("participant_id = :pid")
            .expression_attribute_values(":password", s(password_hash))
            .expression_attribute_values(":pid", s(pid.as_str()))
            .build()
            .expect("complete");
        let result = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().delete(spend).build())
            .transact_items(TransactWriteItem::builder().update(account).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(is_cancellation) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }
}
