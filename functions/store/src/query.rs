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
    sort_key_prefix: Option<String>,
}

impl PagedQuery {
    pub fn table(partition: String) -> Self {
        Self {
            index: None,
            key_attribute: keys::PK,
            key: partition,
            skip_barred: false,
            limit: None,
            sort_key_prefix: None,
        }
    }

    pub fn index(index: &'static str, key_attribute: &'static str, partition: String) -> Self {
        Self {
            index: Some(index),
            key_attribute,
            key: partition,
            skip_barred: false,
            limit: None,
            sort_key_prefix: None,
        }
    }

    /// Leaves out items of barred participants (filtered by DynamoDB).
    pub fn skip_barred(mut self) -> Self {
        self.skip_barred = true;
        self
    }

    /// Only the items whose sort key starts with `prefix` (table queries).
    pub fn sort_key_prefix(mut self, prefix: String) -> Self {
        self.sort_key_prefix = Some(prefix);
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
                .expression_attribute_names("#pk", query.key_attribute)
                .expression_attribute_values(":pk", s(query.key.clone()))
                .set_limit(query.limit.map(|l| l as i32))
                .set_exclusive_start_key(start_key);
            request = match &query.sort_key_prefix {
                Some(prefix) => request
                    .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expression_attribute_names("#sk", keys::SK)
                    .expression_attribute_values(":prefix", s(prefix.clone()))
                    .consistent_read(true),
                None => request.key_condition_expression("#pk = :pk"),
            };
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
