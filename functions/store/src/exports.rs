//! Files the committee downloads, in the private exports bucket, handed out
//! only through presigned URLs that expire: result exports, documents,
//! certificates and posters, each kind in its own folder per contest.

use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use contest_domain::ContestId;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::error::classify;
use crate::{Store, StoreError};

/// How long a download link works.
pub const DOWNLOAD_LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// The kinds of files, each under `{folder}/{cid}/{id}/{name}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    Exports,
    Documents,
    Certificates,
    Posters,
}

impl Folder {
    const ALL: [Folder; 4] = [Folder::Exports, Folder::Documents, Folder::Certificates, Folder::Posters];

    fn name(self) -> &'static str {
        match self {
            Self::Exports => "exports",
            Self::Documents => "documents",
            Self::Certificates => "certificates",
            Self::Posters => "posters",
        }
    }

    fn prefix(self, cid: &ContestId) -> String {
        format!("{}/{cid}/", self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExport {
    pub export_id: String,
    pub files: Vec<(String, String)>,
}

impl Store {
    pub async fn put_export_file(
        &self,
        cid: &ContestId,
        export_id: &str,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), StoreError> {
        self.put_file(Folder::Exports, cid, export_id, name, content_type, bytes).await
    }

    pub async fn put_file(
        &self,
        folder: Folder,
        cid: &ContestId,
        id: &str,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), StoreError> {
        self.s3()
            .put_object()
            .bucket(&self.config.exports_bucket)
            .key(format!("{}{id}/{name}", folder.prefix(cid)))
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// A download link (valid [`DOWNLOAD_LINK_LIFETIME`]) for one file.
    pub async fn file_link(&self, folder: Folder, cid: &ContestId, id: &str, name: &str) -> Result<String, StoreError> {
        let presigning =
            PresigningConfig::expires_in(DOWNLOAD_LINK_LIFETIME).map_err(|e| StoreError::Failed(Box::new(e)))?;
        let request = self
            .s3()
            .get_object()
            .bucket(&self.config.exports_bucket)
            .key(format!("{}{id}/{name}", folder.prefix(cid)))
            .response_content_disposition(format!("attachment; filename=\"{name}\""))
            .presigned(presigning)
            .await
            .map_err(classify)?;
        Ok(request.uri().to_owned())
    }

    /// Exports newest first, each file with a presigned download URL.
    pub async fn list_exports(&self, cid: &ContestId) -> Result<Vec<StoredExport>, StoreError> {
        self.list_files(Folder::Exports, cid).await
    }

    /// A folder's files grouped by id, newest id first (ids start with
    /// their creation time), each with a download link.
    pub async fn list_files(&self, folder: Folder, cid: &ContestId) -> Result<Vec<StoredExport>, StoreError> {
        let prefix = folder.prefix(cid);
        let mut by_export: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut pages =
            self.s3().list_objects_v2().bucket(&self.config.exports_bucket).prefix(&prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(classify)?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                let Some((export_id, name)) = key.strip_prefix(&prefix).and_then(|rest| rest.split_once('/')) else {
                    continue;
                };
                by_export.entry(export_id.to_owned()).or_default().push(name.to_owned());
            }
        }
        let mut exports = Vec::new();
        for (export_id, names) in by_export.into_iter().rev() {
            let mut files = Vec::new();
            for name in names {
                let url = self.file_link(folder, cid, &export_id, &name).await?;
                files.push((name, url));
            }
            exports.push(StoredExport { export_id, files });
        }
        Ok(exports)
    }

    /// Deletes every file of the contest, of every kind (the end of the
    /// personal data's retention period); returns how many went.
    pub async fn delete_exports(&self, cid: &ContestId) -> Result<usize, StoreError> {
        let mut keys = Vec::new();
        for folder in Folder::ALL {
            let mut pages = self
                .s3()
                .list_objects_v2()
                .bucket(&self.config.exports_bucket)
                .prefix(folder.prefix(cid))
                .into_paginator()
                .send();
            while let Some(page) = pages.next().await {
                keys.extend(page.map_err(classify)?.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
            }
        }
        for key in &keys {
            self.s3().delete_object().bucket(&self.config.exports_bucket).key(key).send().await.map_err(classify)?;
        }
        Ok(keys.len())
    }
}
