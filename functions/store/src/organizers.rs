//! Organizer accounts and the audit log of what they change.

use chrono::{DateTime, Utc};
use contest_domain::ContestId;
use serde_json::Value;

use crate::error::classify;
use crate::item::{get_json, get_n, get_s, json, key, n, s};
use crate::keys;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at_ms: i64,
    pub who: String,
    pub action: String,
    pub detail: Value,
}

/// An organizer account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizerAccount {
    pub username: String,
    pub password_hash: String,
    /// `admin` or `viewer` (accounts from before roles are admins).
    pub role: String,
    /// The contests the account may see; `None` for every contest.
    pub contests: Option<Vec<String>>,
    /// Raised by every password change and by disabling: tokens carrying an
    /// older version are refused.
    pub token_version: u32,
    pub disabled: bool,
}

/// What `contest organizer add` sets.
#[derive(Debug, Clone, Copy)]
pub struct OrganizerSettings<'a> {
    pub password_hash: &'a str,
    pub role: &'a str,
    pub contests: Option<&'a [String]>,
}

impl Store {
    /// Creates the organizer, or replaces their password, role and contests
    /// (and enables a disabled account). One update that also raises the
    /// token version, so every token issued before is revoked at once.
    pub async fn put_organizer(
        &self,
        username: &str,
        settings: OrganizerSettings<'_>,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let mut request = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::organizer(username), keys::ACCOUNT)))
            .expression_attribute_values(":hash", s(settings.password_hash))
            .expression_attribute_values(":role", s(settings.role))
            .expression_attribute_values(":now", n(now.timestamp_millis()))
            .expression_attribute_values(":one", n(1))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew);
        let expression = match settings.contests {
            Some(contests) => {
                request = request.expression_attribute_values(
                    ":contests",
                    aws_sdk_dynamodb::types::AttributeValue::L(contests.iter().map(|c| s(c.as_str())).collect()),
                );
                "SET password_hash = :hash, #role = :role, contests = :contests, updated_at = :now \
                 ADD token_version :one REMOVE disabled"
            }
            None => {
                "SET password_hash = :hash, #role = :role, updated_at = :now \
                     ADD token_version :one REMOVE disabled, contests"
            }
        };
        let output = request
            .update_expression(expression)
            .expression_attribute_names("#role", "role")
            .send()
            .await
            .map_err(classify)?;
        get_n(&output.attributes.unwrap_or_default(), "token_version")
    }

    /// Disables the account and revokes its tokens. False when there is no
    /// such account.
    pub async fn disable_organizer(&self, username: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let result = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::organizer(username), keys::ACCOUNT)))
            .update_expression("SET disabled = :now, updated_at = :now ADD token_version :one")
            .condition_expression("attribute_exists(password_hash)")
            .expression_attribute_values(":now", n(now.timestamp_millis()))
            .expression_attribute_values(":one", n(1))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }

    /// The account, read strongly consistently: a revocation takes effect
    /// on the very next request.
    pub async fn get_organizer(&self, username: &str) -> Result<Option<OrganizerAccount>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::organizer(username), keys::ACCOUNT)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        let Some(item) = output.item else { return Ok(None) };
        let contests = match item.get("contests") {
            Some(aws_sdk_dynamodb::types::AttributeValue::L(list)) => {
                Some(list.iter().filter_map(|v| v.as_s().ok().cloned()).collect())
            }
            _ => None,
        };
        Ok(Some(OrganizerAccount {
            username: username.to_owned(),
            password_hash: get_s(&item, "password_hash")?.to_owned(),
            role: crate::item::opt_s(&item, "role").unwrap_or("admin").to_owned(),
            contests,
            token_version: crate::item::opt_n(&item, "token_version")?.unwrap_or(0),
            disabled: item.contains_key("disabled"),
        }))
    }

    pub async fn record_audit(
        &self,
        cid: &ContestId,
        who: &str,
        action: &str,
        detail: &Value,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sort = format!("{:015}#{}", now.timestamp_millis(), uuid_like());
        let mut item = key(keys::audit(cid), sort);
        item.insert("who".into(), s(who));
        item.insert("action".into(), s(action));
        item.insert("detail".into(), json(detail));
        item.insert("at".into(), n(now.timestamp_millis()));
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        Ok(())
    }

    /// Newest first.
    pub async fn audit_log(&self, cid: &ContestId, limit: i32) -> Result<Vec<AuditEntry>, StoreError> {
        let output = self
            .dynamo
            .query()
            .table_name(self.table_name())
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":pk", s(keys::audit(cid)))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(classify)?;
        output
            .items
            .unwrap_or_default()
            .iter()
            .map(|item| {
                Ok(AuditEntry {
                    at_ms: get_n(item, "at")?,
                    who: get_s(item, "who")?.to_owned(),
                    action: get_s(item, "action")?.to_owned(),
                    detail: get_json(item, "detail")?,
                })
            })
            .collect()
    }
}

/// Unique enough to keep two entries of the same millisecond apart.
fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!("{:x}{:06x}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed) & 0xff_ffff)
}
