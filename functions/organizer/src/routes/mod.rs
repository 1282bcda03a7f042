pub mod audit;
pub mod contests;
pub mod exclusions;
pub mod exports;
pub mod jobs_route;
pub mod login;
pub mod organizations;
pub mod questions;
pub mod stats;
pub mod winners;

use contest_domain::contest::Contest;
use contest_domain::ContestId;
use http_common::{ApiError, AppState};
use serde_json::Value;

/// The contest as stored now: organizers must never act on a cached copy.
pub async fn fresh_contest(state: &AppState, raw_id: &str) -> Result<(ContestId, Contest), ApiError> {
    let cid = ContestId::parse(raw_id).map_err(|_| ApiError::contest_not_found())?;
    let contest = state.store.get_contest(&cid).await?.ok_or_else(ApiError::contest_not_found)?;
    Ok((cid, contest))
}

/// Writes the audit entry for a change already made.
pub async fn audit(state: &AppState, cid: &ContestId, who: &str, action: &str, detail: Value) -> Result<(), ApiError> {
    state.store.record_audit(cid, who, action, &detail, state.clock.now()).await?;
    Ok(())
}

pub fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}
