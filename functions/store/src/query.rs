//! The one paged Query loop every partition and index read goes through.

use crate::error::classify;
use crate::item::{s, Item};
use crate::keys;
use crate::{Store, StoreError};

/// A Query for one partition key, of the table or of an index.
pub(crate) struct PagedQuery {
    index: Option<&'static str>,
    key_attribute: &'static str,
    key: String,
    skip_barred: bool,
    limit: Option<usize>,
}

impl PagedQuery {
    pub fn table(partition: String) -> Self {
        Self { index: None, key_attribute: keys::PK, key: partition, skip_barred: false, limit: None }
    }

    pub fn index(index: &'static str, key_attribute: &'static str, partition: String) -> Self {
        Self { index: Some(index), key_attribute, key: partition, skip_barred: false, limit: None }
    }

    /// Leaves out items of barred participants (filtered by DynamoDB).
    pub fn skip_barred(mut self) -> Self {
        self.skip_barred = true;
        self
    }

    /// Stops after this many items, reading pages of that size.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl Store {
    pub(crate) async fn query_all(&self, query: PagedQuery) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start_key = None;
        loop {
            let mut request = self
                .dynamo
                .query()
                .table_name(self.table_name())
                .set_index_name(query.index.map(str::to_owned))
                .key_condition_expression("#pk = :pk")
                .expression_attribute_names("#pk", query.key_attribute)
                .expression_attribute_values(":pk", s(query.key.clone()))
                .set_limit(query.limit.map(|l| l as i32))
                .set_exclusive_start_key(start_key);
            if query.skip_barred {
                request = request.filter_expression("attribute_not_exists(barred)");
            }
            let page = request.send().await.map_err(classify)?;
            items.extend(page.items.unwrap_or_default());
            start_key = page.last_evaluated_key;
            let enough = query.limit.is_some_and(|limit| items.len() >= limit);
            if enough || start_key.is_none() {
                if let Some(limit) = query.limit {
                    items.truncate(limit);
                }
                return Ok(items);
            }
        }
    }

    pub(crate) async fn query_partition(&self, pk: String) -> Result<Vec<Item>, StoreError> {
        self.query_all(PagedQuery::table(pk)).await
    }
}
