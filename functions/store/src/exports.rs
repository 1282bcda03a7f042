//! Result exports in the private exports bucket, handed out only through
//! presigned URLs that expire.

use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use contest_domain::ContestId;
use std::collections::BTreeMap;
use std::time::Duration;

use crate::error::classify;
use crate::{Store, StoreError};

/// How long a download link works.
pub const DOWNLOAD_LINK_LIFETIME: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExport {
    pub export_id: String,
    pub files: Vec<(String, String)>,
}

fn prefix(cid: &ContestId) -> String {
    format!("exports/{cid}/")
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
        self.s3()
            .put_object()
            .bucket(&self.config.exports_bucket)
            .key(format!("{}{export_id}/{name}", prefix(cid)))
            .content_type(content_type)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// Exports newest first, each file with a presigned download URL.
    pub async fn list_exports(&self, cid: &ContestId) -> Result<Vec<StoredExport>, StoreError> {
        let mut by_export: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut pages =
            self.s3().list_objects_v2().bucket(&self.config.exports_bucket).prefix(prefix(cid)).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(classify)?;
            for object in page.contents() {
                let Some(key) = object.key() else { continue };
                let Some((export_id, name)) = key.strip_prefix(&prefix(cid)).and_then(|rest| rest.split_once('/'))
                else {
                    continue;
                };
                by_export.entry(export_id.to_owned()).or_default().push(name.to_owned());
            }
        }
        let presigning =
            PresigningConfig::expires_in(DOWNLOAD_LINK_LIFETIME).map_err(|e| StoreError::Failed(Box::new(e)))?;
        let mut exports = Vec::new();
        for (export_id, names) in by_export.into_iter().rev() {
            let mut files = Vec::new();
            for name in names {
                let request = self
                    .s3()
                    .get_object()
                    .bucket(&self.config.exports_bucket)
                    .key(format!("{}{export_id}/{name}", prefix(cid)))
                    .response_content_disposition(format!("attachment; filename=\"{name}\""))
                    .presigned(presigning.clone())
                    .await
                    .map_err(classify)?;
                files.push((name, request.uri().to_owned()));
            }
            exports.push(StoredExport { export_id, files });
        }
        Ok(exports)
    }

    /// Deletes every export of the contest (the end of the personal data's
    /// retention period); returns how many files went.
    pub async fn delete_exports(&self, cid: &ContestId) -> Result<usize, StoreError> {
        let mut keys = Vec::new();
        let mut pages =
            self.s3().list_objects_v2().bucket(&self.config.exports_bucket).prefix(prefix(cid)).into_paginator().send();
        while let Some(page) = pages.next().await {
            keys.extend(page.map_err(classify)?.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
        }
        for key in &keys {
            self.s3().delete_object().bucket(&self.config.exports_bucket).key(key).send().await.map_err(classify)?;
        }
        Ok(keys.len())
    }
}
