//! Units' staff lists (danh sách cán bộ): who counts for a unit. Once a
//! unit has one, only the people on it can register into it, and its
//! headcount is the list's length.

use contest_domain::contest::OrganizationKind;
use contest_domain::import::{check_roster_rows, RowError};
use contest_domain::{ContestId, OrganizationId, ParticipantId, RoundId};
use contest_store::roster::RosterEntry;
use serde::Serialize;
use spreadsheets::import::{roster_rows, Format};
use std::collections::{BTreeMap, HashMap};

use crate::{App, Error, ImportKind, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterImport {
    pub dry_run: bool,
    /// Entries written (0 in a preview).
    pub imported: usize,
    /// Each unit the file names, with the size of its new list.
    pub organizations: Vec<RosterSize>,
    pub errors: Vec<RowError>,
    /// The first 20 entries as they would be stored.
    pub preview: Vec<RosterPreview>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterSize {
    pub organization_id: OrganizationId,
    pub entries: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterPreview {
    pub organization_id: OrganizationId,
    pub full_name: String,
    pub birth_year: u16,
    /// Whether a phone number was given (the number itself is not shown).
    pub has_phone: bool,
}

/// Replaces the list of each unit the file names. A preview (the default)
/// writes nothing; with any bad row, nothing is written.
pub async fn import(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    format: Format,
    body: &[u8],
    dry_run: bool,
) -> Result<RosterImport, Error> {
    let mut contest = app.fresh_contest(cid).await?;
    let rows = roster_rows(body, format).map_err(|err| Error::UnreadableFile(err.to_string()))?;
    let now = app.clock.now();
    let (lines, errors) = check_roster_rows(rows, &contest.organizations, now.date_naive());
    let mut by_unit: BTreeMap<OrganizationId, Vec<RosterEntry>> = BTreeMap::new();
    for line in &lines {
        by_unit.entry(line.organization_id.clone()).or_default().push(RosterEntry {
            entry_id: uuid::Uuid::new_v4().simple().to_string(),
            organization_id: line.organization_id.clone(),
            full_name: line.full_name.clone(),
            name_key: line.name_key.clone(),
            birth_year: line.birth_year,
            phone: line.phone.as_ref().map(|p| p.as_str().to_owned()),
            participant_id: None,
        });
    }
    let mut report = RosterImport {
        dry_run,
        imported: 0,
        organizations: by_unit
            .iter()
            .map(|(id, entries)| RosterSize { organization_id: id.clone(), entries: entries.len() })
            .collect(),
        preview: lines
            .iter()
            .take(20)
            .map(|line| RosterPreview {
                organization_id: line.organization_id.clone(),
                full_name: line.full_name.clone(),
                birth_year: line.birth_year,
                has_phone: line.phone.is_some(),
            })
            .collect(),
        errors,
    };
    if dry_run {
        return Ok(report);
    }
    if !report.errors.is_empty() {
        return Err(Error::ImportHasErrors { kind: ImportKind::Roster, errors: report.errors.len() });
    }
    let mut sizes = HashMap::new();
    for (oid, entries) in by_unit {
        report.imported += entries.len();
        let size = app.store.replace_roster(&contest.id, &oid, entries, now).await?;
        sizes.insert(oid, size);
    }
    for organization in &mut contest.organizations {
        if let Some(size) = sizes.get(&organization.id) {
            organization.staff_list = true;
            organization.headcount = *size;
        }
    }
    app.store.save_contest(&contest).await?;
    app.forget_contest(&contest.id).await;
    super::record(app, cid, who, "roster.import", &report.organizations).await?;
    Ok(report)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterList {
    pub entries: Vec<RosterEntryView>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterEntryView {
    pub entry_id: String,
    pub organization_id: OrganizationId,
    pub full_name: String,
    pub birth_year: u16,
    /// Who registered as this person, if anyone has.
    pub participant_id: Option<ParticipantId>,
    /// Rounds in which that person finished an attempt, in round order.
    pub rounds_completed: Vec<RoundId>,
}

/// A unit's staff list (every unit's without `organization`), with who has
/// registered and taken part.
pub async fn list(app: &App, cid: &ContestId, organization: Option<&str>) -> Result<RosterList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let units: Vec<&contest_domain::contest::Organization> = match organization {
        Some(raw) => {
            let oid = OrganizationId::parse(raw).map_err(|_| Error::OrganizationNotFound)?;
            vec![contest.organization(&oid).ok_or(Error::OrganizationNotFound)?]
        }
        None => contest.organizations.iter().filter(|o| o.kind == OrganizationKind::Unit && o.staff_list).collect(),
    };
    let mut entries = Vec::new();
    for unit in units {
        entries.extend(app.store.roster(&contest.id, &unit.id).await?);
    }
    let claimed: Vec<ParticipantId> = entries.iter().filter_map(|e| e.participant_id.clone()).collect();
    let finished: HashMap<ParticipantId, Vec<RoundId>> = app
        .store
        .profiles(&contest.id, &claimed)
        .await?
        .into_iter()
        .map(|profile| (profile.participant_id, profile.finished_rounds))
        .collect();
    let mut views: Vec<RosterEntryView> = entries
        .into_iter()
        .map(|entry| {
            let done = entry.participant_id.as_ref().and_then(|pid| finished.get(pid));
            RosterEntryView {
                rounds_completed: contest
                    .rounds
                    .iter()
                    .filter(|round| done.is_some_and(|rounds| rounds.contains(&round.id)))
                    .map(|round| round.id.clone())
                    .collect(),
                entry_id: entry.entry_id,
                organization_id: entry.organization_id,
                full_name: entry.full_name,
                birth_year: entry.birth_year,
                participant_id: entry.participant_id,
            }
        })
        .collect();
    views.sort_by(|a, b| a.organization_id.cmp(&b.organization_id).then_with(|| a.full_name.cmp(&b.full_name)));
    Ok(RosterList { entries: views })
}
