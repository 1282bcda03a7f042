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
fn created_at(export_id: &str) -> Option<String> {
    let stamp = export_id.get(..15)?;
    let naive = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some(naive.and_local_timezone(contest_domain::time::vietnam()).single()?.to_rfc3339())
}
