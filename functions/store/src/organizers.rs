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

impl Store {
    /// Creates the organizer, or replaces their password.
    pub async fn put_organizer(
        &self,
        username: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut item = key(keys::organizer(username), keys::ACCOUNT);
        item.insert("password_hash".into(), s(password_hash));
        item.insert("updated_at".into(), n(now.timestamp_millis()));
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        Ok(())
    }

    pub async fn organizer_password_hash(&self, username: &str) -> Result<Option<String>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::organizer(username), keys::ACCOUNT)))
            .send()
            .await
            .map_err(classify)?;
        output.item.map(|item| get_s(&item, "password_hash").map(str::to_owned)).transpose()
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
