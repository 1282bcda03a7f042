//! The committee's announcements (thông báo), one partition per contest.

use contest_domain::ContestId;

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, opt_n, s, Item};
use crate::keys;
use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub id: String,
    pub title: String,
    pub body: String,
    pub published: bool,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub author: String,
}

impl Announcement {
    fn from_item(item: &Item) -> Result<Self, StoreError> {
        Ok(Self {
            id: get_s(item, keys::SK)?.to_owned(),
            title: get_s(item, "title")?.to_owned(),
            body: get_s(item, "body")?.to_owned(),
            published: item.get("published").and_then(|v| v.as_bool().ok()).copied().unwrap_or(false),
            created_at_ms: get_n(item, "created_at")?,
            updated_at_ms: opt_n(item, "updated_at")?.unwrap_or_default(),
            author: get_s(item, "author")?.to_owned(),
        })
    }

    fn item(&self, cid: &ContestId) -> Item {
        let mut item = key(keys::announcements(cid), self.id.as_str());
        item.insert("title".into(), s(self.title.as_str()));
        item.insert("body".into(), s(self.body.as_str()));
        item.insert("published".into(), aws_sdk_dynamodb::types::AttributeValue::Bool(self.published));
        item.insert("created_at".into(), n(self.created_at_ms));
        item.insert("updated_at".into(), n(self.updated_at_ms));
        item.insert("author".into(), s(self.author.as_str()));
        item
    }
}

impl Store {
    /// Every announcement of the contest, newest first.
    pub async fn announcements(&self, cid: &ContestId) -> Result<Vec<Announcement>, StoreError> {
        let mut list: Vec<Announcement> = self
            .query_partition(keys::announcements(cid))
            .await?
            .iter()
            .map(Announcement::from_item)
            .collect::<Result<_, _>>()?;
        list.sort_by(|a, b| b.created_at_ms.cmp(&a.created_at_ms).then_with(|| b.id.cmp(&a.id)));
        Ok(list)
    }

    pub async fn announcement(&self, cid: &ContestId, id: &str) -> Result<Option<Announcement>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::announcements(cid), id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        output.item.as_ref().map(Announcement::from_item).transpose()
    }

    /// Writes an announcement: a new one only if its id is free, an edit
    /// only if it still exists. Returns false otherwise.
    pub async fn put_announcement(
        &self,
        cid: &ContestId,
        announcement: &Announcement,
        new: bool,
    ) -> Result<bool, StoreError> {
        let condition = if new { "attribute_not_exists(#pk)" } else { "attribute_exists(#pk)" };
        let result = self
            .dynamo
            .put_item()
            .table_name(self.table_name())
            .set_item(Some(announcement.item(cid)))
            .condition_expression(condition)
            .expression_attribute_names("#pk", keys::PK)
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(err) if crate::transact::is_condition_failure(&err) => Ok(false),
            Err(err) => Err(classify(err)),
        }
    }

    /// Returns the deleted announcement, or None when there was none.
    pub async fn delete_announcement(&self, cid: &ContestId, id: &str) -> Result<Option<Announcement>, StoreError> {
        let output = self
            .dynamo
            .delete_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::announcements(cid), id)))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(classify)?;
        output.attributes.as_ref().filter(|item| !item.is_empty()).map(Announcement::from_item).transpose()
    }
}
