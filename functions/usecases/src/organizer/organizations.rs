//! Organizations: the collective ranking with prizes, editing one, and
//! importing a list.

use contest_domain::contest::{Organization, OrganizationKind};
use contest_domain::import::{merge_organization_rows, OrganizationRow, RowError};
use contest_domain::ranking::PrizeTally;
use contest_domain::time::format_vietnam;
use contest_domain::{ContestId, OrganizationId};
use serde::{Deserialize, Serialize};
use spreadsheets::import::{organization_rows, Format};

use crate::rankings::rounded_rate;
use crate::{App, Error, ImportKind, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CollectiveRanking {
    pub entries: Vec<CollectiveEntry>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CollectiveEntry {
    pub rank: usize,
    pub organization_id: OrganizationId,
    pub name: String,
    pub participants: u32,
    pub headcount: u32,
    pub participation_rate: f64,
    pub reached_at: Option<String>,
    pub prizes: PrizeTally,
}

/// The collective ranking as the plan awards it, with the prizes members won.
pub async fn ranking(app: &App, cid: &ContestId) -> Result<CollectiveRanking, Error> {
    let contest = app.fresh_contest(cid).await?;
    let standings = super::results::organization_standings(app, &contest).await?;
    let entries = standings
        .into_iter()
        .enumerate()
        .map(|(index, t)| CollectiveEntry {
            rank: index + 1,
            participation_rate: rounded_rate(&t),
            reached_at: t.reached_at.map(format_vietnam),
            organization_id: t.organization_id,
            name: t.name,
            participants: t.participants,
            headcount: t.headcount,
            prizes: t.prizes,
        })
        .collect();
    Ok(CollectiveRanking { entries })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationEdit {
    /// Not blank, at most 200 characters after collapsing whitespace.
    #[schema(pattern = "\\S")]
    pub name: String,
    #[serde(default)]
    pub group: String,
    /// Required for a unit (at least 1); an open organization has none.
    /// A unit with a staff list keeps the list's size.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 10_000_000)]
    pub headcount: Option<u32>,
    /// `unit` (the default for a new organization) or `open`; unchanged when absent.
    #[serde(default)]
    pub kind: Option<OrganizationKind>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationEditResult {
    pub organization: Option<Organization>,
    /// A new organization (its id was not in the contest).
    pub added: bool,
}

/// Adds or edits one organization.
pub async fn update(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    oid: &str,
    edit: OrganizationEdit,
) -> Result<OrganizationEditResult, Error> {
    let mut contest = app.fresh_contest(cid).await?;
    let existing = contest.organizations.iter().find(|o| o.id.as_str() == oid);
    let headcount = edit.headcount.or_else(|| existing.map(|o| o.headcount).filter(|h| *h > 0));
    let row = OrganizationRow {
        row: 1,
        id: oid.to_owned(),
        name: edit.name,
        group: edit.group,
        headcount: headcount.map(|h| h.to_string()).unwrap_or_default(),
        kind: edit
            .kind
            .map(|kind| match kind {
                OrganizationKind::Unit => "unit".to_owned(),
                OrganizationKind::Open => "open".to_owned(),
            })
            .unwrap_or_default(),
    };
    let merge = merge_organization_rows(vec![row], &contest.organizations);
    if let Some(error) = merge.errors.first() {
        return Err(Error::InvalidOrganization(error.message.clone()));
    }
    contest.organizations = merge.organizations;
    app.store.save_contest(&contest).await?;
    let added = merge.added == 1;
    #[derive(Serialize)]
    struct Edited<'a> {
        organization_id: &'a str,
        added: bool,
    }
    super::record(app, cid, who, "organization.update", Edited { organization_id: oid, added }).await?;
    let organization = contest.organizations.into_iter().find(|o| o.id.as_str() == oid);
    Ok(OrganizationEditResult { organization, added })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrganizationImport {
    pub dry_run: bool,
    /// Organizations added by this request (0 in a preview).
    pub imported: usize,
    pub added: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
    /// Every organization as the contest would have them.
    pub preview: Vec<Organization>,
}

/// Imports an organization list from CSV or XLSX; a preview writes nothing.
pub async fn import(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    format: Format,
    body: &[u8],
    dry_run: bool,
) -> Result<OrganizationImport, Error> {
    let mut contest = app.fresh_contest(cid).await?;
    let rows = organization_rows(body, format).map_err(Error::import)?;
    let merge = merge_organization_rows(rows, &contest.organizations);
    let report = OrganizationImport {
        dry_run,
        imported: if dry_run { 0 } else { merge.added },
        added: merge.added,
        updated: merge.updated,
        errors: merge.errors,
        preview: merge.organizations,
    };
    if dry_run {
        return Ok(report);
    }
    if !report.errors.is_empty() {
        return Err(Error::ImportHasErrors { kind: ImportKind::Organizations, errors: report.errors.len() });
    }
    contest.organizations = report.preview.clone();
    app.store.save_contest(&contest).await?;
    #[derive(Serialize)]
    struct Imported {
        added: usize,
        updated: usize,
    }
    super::record(app, cid, who, "organizations.import", Imported { added: report.added, updated: report.updated })
        .await?;
    Ok(report)
}
