//! The committee and question authors may not take part: the list of
//! barred phone numbers.

use contest_domain::{ContestId, Phone};
use serde::{Deserialize, Serialize};

use crate::{App, Error, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Exclusions {
    pub phones: Vec<String>,
}

pub async fn get(app: &App, cid: &ContestId) -> Result<Exclusions, Error> {
    let contest = app.fresh_contest(cid).await?;
    Ok(Exclusions { phones: app.store.excluded_phones(&contest.id).await? })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExclusionsRequest {
    /// Mobile numbers in any usual form (0912…, +84 912…).
    pub phones: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExclusionsResult {
    /// The list as stored, in national form.
    #[schema(value_type = Vec<String>)]
    pub phones: Vec<Phone>,
    pub added: usize,
    pub removed: usize,
}

/// Replaces the list. People already registered with a newly listed phone
/// are barred; people taken off the list are restored.
pub async fn update(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    request: ExclusionsRequest,
) -> Result<ExclusionsResult, Error> {
    let contest = app.fresh_contest(cid).await?;
    let mut phones = Vec::new();
    for (index, raw) in request.phones.iter().enumerate() {
        let phone = Phone::parse(raw)
            .map_err(|_| Error::InvalidExcludedPhone { position: index + 1, raw: raw.chars().take(20).collect() })?;
        if !phones.contains(&phone) {
            phones.push(phone);
        }
    }
    let report = app.store.set_exclusions(&contest.id, &phones).await?;
    #[derive(Serialize)]
    struct Changed {
        added: usize,
        removed: usize,
        total: usize,
    }
    let changed = Changed { added: report.exclusions_added, removed: report.exclusions_removed, total: phones.len() };
    super::record(app, cid, who, "exclusions.update", changed).await?;
    Ok(ExclusionsResult { phones, added: report.exclusions_added, removed: report.exclusions_removed })
}
