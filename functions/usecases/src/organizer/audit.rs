//! Who changed what, newest first.

use contest_domain::time::{format_vietnam, from_millis};
use contest_domain::ContestId;
use serde::Serialize;

use crate::{App, Error};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub at: Option<String>,
    pub who: String,
    pub action: String,
    /// What changed; its fields depend on the action.
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

pub async fn list(app: &App, cid: &ContestId) -> Result<AuditLog, Error> {
    let contest = app.fresh_contest(cid).await?;
    let entries = app
        .store
        .audit_log(&contest.id, 200)
        .await?
        .into_iter()
        .map(|entry| AuditEntry {
            at: from_millis(entry.at_ms).map(format_vietnam),
            who: entry.who,
            action: entry.action,
            detail: entry.detail,
        })
        .collect();
    Ok(AuditLog { entries })
}
