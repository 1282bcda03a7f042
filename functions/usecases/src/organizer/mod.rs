//! What the organizing committee does from its page: settings, the question
//! bank, exclusions, winners, organizations, statistics, exports, the audit
//! log, and the round-closing job. Every change is audited.

pub mod announcements;
pub mod audit;
pub mod contests;
pub mod exclusions;
pub mod exports;
pub mod jobs;
pub mod organizations;
pub mod participants;
pub mod regrade;
pub mod questions;
pub mod results;
pub mod reviews;
pub mod roster;
pub mod stats;
pub mod winners;

use contest_domain::ContestId;
use serde::{Deserialize, Serialize};

use crate::{password, App, Error, Organizer};

/// Writes the audit entry for a change already made.
pub(crate) async fn record(
    app: &App,
    cid: &ContestId,
    who: &Organizer,
    action: &str,
    detail: impl Serialize,
) -> Result<(), Error> {
    let detail = serde_json::to_value(detail).map_err(Error::internal)?;
    app.store.record_audit(cid, &who.username, action, &detail, app.clock.now()).await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = OrganizerLoginRequest)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizerSession {
    /// EdDSA-signed JWT, role `organizer`, valid 8 h.
    pub token: String,
    pub username: String,
}

pub async fn login(app: &App, request: LoginRequest) -> Result<OrganizerSession, Error> {
    let stored = if contest_domain::ids::is_valid_username(&request.username) && request.password.len() <= 128 {
        app.store.organizer_password_hash(&request.username).await?
    } else {
        None
    };
    if !password::verify(request.password, stored).await {
        return Err(Error::InvalidOrganizerCredentials);
    }
    let token = app.tokens.issue_organizer(&request.username, app.clock.now()).await?;
    tracing::info!(organizer = %request.username, "organizer logged in");
    Ok(OrganizerSession { token, username: request.username })
}
