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
pub mod paperwork;
pub mod participants;
pub mod questions;
pub mod regrade;
pub mod results;
pub mod reviews;
pub mod roster;
pub mod stats;
pub mod winners;

use contest_domain::ContestId;
use serde::{Deserialize, Serialize};

use contest_store::throttle::{Limit, Reservation, ThrottleKey};

use crate::tokens::OrganizerGrant;
use crate::{password, App, Claims, Error, Organizer, OrganizerRole};

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
    /// EdDSA-signed JWT, role `organizer`, valid 8 h (revoked earlier by a
    /// password change or by disabling the account).
    pub token: String,
    pub username: String,
    /// `admin` (everything) or `viewer` (read only).
    #[schema(example = "admin")]
    pub role: String,
    /// The contests this account may see; absent for every contest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contests: Option<Vec<String>>,
}

/// Checks the password after taking a slot for it, atomically, for the
/// username (five verifications per 15 minutes, whether the account exists
/// or not) and for the calling address (thirty); a locked username or
/// address is answered 429 without verifying anything, even the right
/// password.
pub async fn login(app: &App, request: LoginRequest, address: &str) -> Result<OrganizerSession, Error> {
    let now = app.clock.now();
    let user = ThrottleKey::organizer(&request.username);
    let caller = ThrottleKey::address(address);
    let user_count = match app.store.reserve_login(&user, Limit::per_account(), now).await? {
        Reservation::Granted { count } => count,
        Reservation::Locked { until } => return Err(Error::login_locked(until, now)),
    };
    let caller_count = match app.store.reserve_login(&caller, Limit::per_address(), now).await? {
        Reservation::Granted { count } => count,
        Reservation::Locked { until } => {
            app.store.release_login(&user).await?;
            return Err(Error::login_locked(until, now));
        }
    };
    let account = if contest_domain::ids::is_valid_username(&request.username) && request.password.len() <= 128 {
        app.store.get_organizer(&request.username).await?.filter(|account| !account.disabled)
    } else {
        None
    };
    let stored = account.as_ref().map(|a| a.password_hash.clone());
    if !password::verify(request.password, stored).await {
        let (a, b) = tokio::join!(
            app.store.login_failed(&user, user_count, Limit::per_account(), now),
            app.store.login_failed(&caller, caller_count, Limit::per_address(), now),
        );
        a?;
        b?;
        tracing::info!(organizer = %request.username, "organizer log-in failed");
        return Err(Error::InvalidOrganizerCredentials);
    }
    let account = account.expect("verification succeeds only for a known account");
    let (a, b) = tokio::join!(app.store.clear_login_failures(&user), app.store.release_login(&caller));
    a?;
    b?;
    let grant = OrganizerGrant {
        username: account.username.clone(),
        access: account.role.clone(),
        contests: account.contests.clone(),
        version: account.token_version,
    };
    let token = app.tokens.issue_organizer(&grant, now).await?;
    tracing::info!(organizer = %account.username, role = %account.role, "organizer logged in");
    Ok(OrganizerSession { token, username: account.username, role: account.role, contests: account.contests })
}

/// The organizer a verified token names, as their account stands now: one
/// strongly consistent read per request. A token of an earlier version (the
/// password changed since) or of a disabled or deleted account is refused.
pub async fn authenticate(app: &App, claims: &Claims) -> Result<Organizer, Error> {
    let account = app.store.get_organizer(&claims.sub).await?.ok_or(Error::Unauthenticated)?;
    if account.disabled || account.token_version != claims.ver {
        return Err(Error::Unauthenticated);
    }
    let role = OrganizerRole::parse(&account.role).ok_or(Error::Unauthenticated)?;
    let contests =
        account.contests.map(|list| list.iter().filter_map(|cid| ContestId::parse(cid.as_str()).ok()).collect());
    Ok(Organizer { username: account.username, role, contests })
}
