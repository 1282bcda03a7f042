//! Registrations waiting for the SMS code (contest setting
//! `phone_verification: "sms"`): what was submitted, the code's hash, and
//! how many wrong codes were tried. They expire on their own.

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use chrono::{DateTime, Utc};
use contest_domain::ContestId;

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, s, Item};
use crate::keys;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRegistration {
    /// The registration as the use case will complete it (opaque here).
    pub payload: Vec<u8>,
    pub code_hash: String,
    pub expires_at: DateTime<Utc>,
    pub wrong_codes: u32,
}

fn pending_from(item: &Item) -> Result<PendingRegistration, StoreError> {
    Ok(PendingRegistration {
        payload: item
            .get("payload")
            .and_then(|v| v.as_b().ok())
            .map(|b| b.as_ref().to_vec())
            .ok_or_else(|| StoreError::corrupt("pending registration payload"))?,
        code_hash: get_s(item, "code_hash")?.to_owned(),
        expires_at: DateTime::from_timestamp(get_n(item, keys::EXPIRES_AT)?, 0)
            .ok_or_else(|| StoreError::corrupt("pending registration expiry"))?,
        wrong_codes: crate::item::opt_n(item, "wrong_codes")?.unwrap_or(0),
    })
}

impl Store {
    pub async fn put_pending_registration(
        &self,
        cid: &ContestId,
        verification_id: &str,
        pending: &PendingRegistration,
    ) -> Result<(), StoreError> {
        let mut item = key(keys::verification(cid, verification_id), keys::PENDING);
        item.insert("payload".into(), AttributeValue::B(Blob::new(pending.payload.clone())));
        item.insert("code_hash".into(), s(pending.code_hash.as_str()));
        item.insert(keys::EXPIRES_AT.into(), n(pending.expires_at.timestamp()));
        item.insert("wrong_codes".into(), n(0));
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        Ok(())
    }

    pub async fn pending_registration(
        &self,
        cid: &ContestId,
        verification_id: &str,
    ) -> Result<Option<PendingRegistration>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::verification(cid, verification_id), keys::PENDING)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.as_ref().map(pending_from).transpose()
    }

    /// Counts a wrong code; once `max` are counted the check is void (None).
    pub async fn count_wrong_code(
        &self,
        cid: &ContestId,
        verification_id: &str,
        max: u32,
    ) -> Result<Option<u32>, StoreError> {
        let result = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::verification(cid, verification_id), keys::PENDING)))
            .update_expression("ADD wrong_codes :one")
            .condition_expression("attribute_exists(#pk) AND wrong_codes < :max")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":max", n(max))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await;
        match result {
            Ok(output) => Ok(Some(get_n(&output.attributes.unwrap_or_default(), "wrong_codes")?)),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(None),
            Err(err) => Err(classify(err)),
        }
    }

    /// Removes a pending registration once used; false if it was already gone
    /// (a second verify with the same code).
    pub async fn take_pending_registration(&self, cid: &ContestId, verification_id: &str) -> Result<bool, StoreError> {
        let result = self
            .dynamo
            .delete_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::verification(cid, verification_id), keys::PENDING)))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }
}
