//! Brakes against scripts: counters per time window (registrations per
//! address, codes per phone), and proof-of-work solutions that can be spent
//! once. Each is one conditional write, so the limit holds across every
//! Lambda container; the items expire on their own (`expires_at`).

use aws_sdk_dynamodb::types::ReturnValue;
use chrono::{DateTime, Utc};

use crate::error::classify;
use crate::item::{key, n};
use crate::keys;
use crate::{Store, StoreError};

/// A limit of `limit` events per `window_seconds` for one subject.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit<'a> {
    /// What is counted (`REGISTER`, `SMS`...).
    pub scope: &'a str,
    pub limit: u32,
    pub window_seconds: i64,
}

impl Store {
    /// Counts one event of `subject`. Over the limit, nothing is counted and
    /// the answer is how many seconds remain until the window ends.
    pub async fn take_rate_token(
        &self,
        rate: RateLimit<'_>,
        subject: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<u32, i64>, StoreError> {
        let window = now.timestamp().div_euclid(rate.window_seconds.max(1));
        let window_end = (window + 1) * rate.window_seconds.max(1);
        let result = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::rate(rate.scope, subject, window), keys::RATE)))
            .update_expression("ADD #count :one SET #expires = :expires")
            .condition_expression("attribute_not_exists(#count) OR #count < :limit")
            .expression_attribute_names("#count", "count")
            .expression_attribute_names("#expires", keys::EXPIRES_AT)
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":limit", n(rate.limit))
            .expression_attribute_values(":expires", n(window_end + 60))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await;
        match result {
            Ok(output) => Ok(Ok(crate::item::get_n(&output.attributes.unwrap_or_default(), "count")?)),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                Ok(Err((window_end - now.timestamp()).max(1)))
            }
            Err(err) => Err(classify(err)),
        }
    }

    /// Records a proof-of-work solution as spent; false if it already was.
    /// Kept until the challenge itself expires.
    pub async fn spend_challenge(&self, signature: &str, expires_at: i64) -> Result<bool, StoreError> {
        let mut item = key(keys::spent_challenge(signature), keys::SPENT);
        item.insert(keys::EXPIRES_AT.into(), n(expires_at));
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
            Ok(_) => Ok(true),
            Err(err) if crate::transact::is_condition_failure(&err) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }
}
