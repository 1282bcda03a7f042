//! Result exports in the private exports bucket: write one, list them with
//! download links valid 15 minutes.

use contest_domain::ContestId;
use serde::Serialize;
use spreadsheets::export::ExportFile;

use crate::{App, Error, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportCreated {
    pub export_id: String,
    pub files: Vec<ExportFileInfo>,
}

/// A written file: name, type, size and SHA-256 (as in the export's manifest).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportFileInfo {
    pub name: String,
    pub content_type: &'static str,
    pub sha256: String,
    pub size: usize,
}

impl From<ExportFile> for ExportFileInfo {
    fn from(file: ExportFile) -> Self {
        Self { name: file.name, content_type: file.content_type, sha256: file.sha256, size: file.size }
    }
}

pub async fn create(app: &App, who: &Organizer, cid: &ContestId) -> Result<ExportCreated, Error> {
    let contest = app.fresh_contest(cid).await?;
    let (export_id, files) = super::results::write_export(app, &contest, app.clock.now()).await?;
    #[derive(Serialize)]
    struct Created<'a> {
        export_id: &'a str,
    }
    super::record(app, cid, who, "export.create", Created { export_id: &export_id }).await?;
    Ok(ExportCreated { export_id, files: files.into_iter().map(ExportFileInfo::from).collect() })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportList {
    pub exports: Vec<ExportEntry>,
    /// How long each download link works.
    pub links_valid_seconds: u64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportEntry {
    pub export_id: String,
    pub created_at: Option<String>,
    pub files: Vec<ExportLink>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExportLink {
    pub name: String,
    /// Presigned download URL.
    pub url: String,
}

pub async fn list(app: &App, cid: &ContestId) -> Result<ExportList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let exports = app
        .store
        .list_exports(&contest.id)
        .await?
        .into_iter()
        .map(|export| ExportEntry {
            created_at: created_at(&export.export_id),
            files: export.files.into_iter().map(|(name, url)| ExportLink { name, url }).collect(),
            export_id: export.export_id,
        })
        .collect();
    Ok(ExportList { exports, links_valid_seconds: contest_store::exports::DOWNLOAD_LINK_LIFETIME.as_secs() })
}

/// Export ids start with their creation time in Vietnam time.
pub(crate) fn created_at(export_id: &str) -> Option<String> {
    let stamp = export_id.get(..15)?;
    let naive = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some(naive.and_local_timezone(contest_domain::time::vietnam()).single()?.to_rfc3339())
}

/// Whose contacts a contact list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactScope {
    /// The prize winners of every decided round (to hand the prizes over).
    Winners,
    /// Every participant whose data has not been erased.
    All,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactListRequest {
    pub scope: ContactScope,
}

/// A contact list (names, units, phone numbers, e-mail): the only export
/// that carries phone numbers, written only when an organizer asks for it,
/// and recorded in the audit log as an access to personal data.
pub async fn contact_list(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    request: ContactListRequest,
) -> Result<ExportCreated, Error> {
    use spreadsheets::export::{build_export, Cell, Sheet};
    let contest = app.fresh_contest(cid).await?;
    let now = app.clock.now();
    let organization = |oid: &contest_domain::OrganizationId| {
        contest.organization(oid).map_or_else(|| oid.to_string(), |o| o.name.clone())
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    match request.scope {
        ContactScope::Winners => {
            for (rid, stored) in app.store.all_winners(&contest.id).await? {
                let round = contest.round(&rid).map_or_else(|| rid.to_string(), |r| r.name.clone());
                let ids: Vec<_> = stored.winners.iter().map(|w| w.candidate.participant_id.clone()).collect();
                let profiles = app.store.profiles(&contest.id, &ids).await?;
                for winner in &stored.winners {
                    let Some(profile) = profiles.iter().find(|p| p.participant_id == winner.candidate.participant_id)
                    else {
                        continue;
                    };
                    if profile.erased {
                        continue;
                    }
                    rows.push(vec![
                        round.clone().into(),
                        winner.prize.label().into(),
                        profile.full_name.clone().into(),
                        organization(&profile.organization_id).into(),
                        profile.phone.clone().into(),
                        profile.email.clone().into(),
                    ]);
                }
            }
        }
        ContactScope::All => {
            let mut cursor = None;
            loop {
                let page =
                    app.store.search_participants(&contest.id, &Default::default(), cursor.as_ref(), 1000).await?;
                let ids: Vec<_> = page.participants.iter().map(|p| p.participant_id.clone()).collect();
                for profile in app.store.profiles(&contest.id, &ids).await? {
                    rows.push(vec![
                        Cell::Empty,
                        Cell::Empty,
                        profile.full_name.clone().into(),
                        organization(&profile.organization_id).into(),
                        profile.phone.clone().into(),
                        profile.email.clone().into(),
                    ]);
                }
                match page.next_cursor.as_deref().and_then(contest_store::directory::DirectoryCursor::parse) {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
        }
    }
    let count = rows.len();
    let sheet = Sheet {
        name: "Danh bạ liên hệ".into(),
        file_stem: "danh-ba-lien-he".into(),
        header: ["Tuần", "Giải", "Họ và tên", "Đơn vị", "Số điện thoại", "E-mail"].map(String::from).to_vec(),
        rows,
    };
    let export_id = format!(
        "{}-lien-he-{}",
        contest_domain::time::in_vietnam(now).format("%Y%m%d-%H%M%S"),
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    );
    let files = build_export(&export_id, contest.id.as_str(), &contest_domain::time::format_vietnam(now), &[sheet])
        .map_err(|err| Error::internal(format!("contact list workbook: {err}")))?;
    for file in &files {
        app.store.put_export_file(&contest.id, &export_id, &file.name, file.content_type, file.bytes.clone()).await?;
    }
    #[derive(Serialize)]
    struct Accessed<'a> {
        export_id: &'a str,
        scope: ContactScope,
        people: usize,
    }
    super::record(
        app,
        cid,
        who,
        "personal_data.contact_export",
        Accessed { export_id: &export_id, scope: request.scope, people: count },
    )
    .await?;
    Ok(ExportCreated { export_id, files: files.into_iter().map(ExportFileInfo::from).collect() })
}
