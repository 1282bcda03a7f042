//! Which questions of the bank attempts have drawn. A question once drawn
//! lives on in papers and reviews, so it can be archived but not deleted:
//! the first draw of a question writes a mark beside it (only the first:
//! the cached bank knows the marks), checking in the same transaction that
//! the question still exists, and deleting checks that no mark exists.
//! Either the delete or the draw wins, never both.

use aws_sdk_dynamodb::types::{ConditionCheck, Delete, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use contest_domain::contest::Question;
use contest_domain::{ContestId, QuestionId};
use std::collections::HashSet;

use crate::error::classify;
use crate::item::{get_json, get_s, key, n, Item};
use crate::keys;
use crate::transact::is_cancellation;
use crate::{Store, StoreError};

/// The question bank with the marks of the questions attempts have drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bank {
    pub questions: Vec<Question>,
    pub drawn: HashSet<QuestionId>,
}

/// Pairs of (check, mark) per transaction, within DynamoDB's 100 items.
const MARKS_PER_TRANSACTION: usize = 50;

pub(crate) fn split_bank(items: &[Item]) -> Result<Bank, StoreError> {
    let mut bank = Bank::default();
    for item in items {
        let sk = get_s(item, keys::SK)?;
        if sk.starts_with(keys::QUESTION_PREFIX) {
            bank.questions.push(get_json(item, "question")?);
        } else if let Some(qid) = sk.strip_prefix(keys::DRAWN_PREFIX) {
            bank.drawn.insert(QuestionId::parse(qid).map_err(|_| StoreError::corrupt("drawn mark"))?);
        }
    }
    Ok(bank)
}

/// What a delete found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionDeletion {
    Deleted,
    NotFound,
    /// Attempts drew it: archive it instead.
    Drawn,
}

impl Store {
    /// The bank and its drawn marks, from one Query.
    pub async fn bank(&self, cid: &ContestId) -> Result<Bank, StoreError> {
        split_bank(&self.query_partition(keys::questions(cid)).await?)
    }

    /// Marks questions as drawn, each only if it still exists. Returns
    /// false when one of them was deleted meanwhile (draw again from a
    /// fresh bank); the marks of the other chunks may stand, which only
    /// keeps a question from being deleted.
    pub async fn mark_drawn(
        &self,
        cid: &ContestId,
        qids: &[QuestionId],
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        for chunk in qids.chunks(MARKS_PER_TRANSACTION) {
            let mut request = self.dynamo.transact_write_items().client_request_token(crate::idempotency_token());
            for qid in chunk {
                let check = ConditionCheck::builder()
                    .table_name(self.table_name())
                    .set_key(Some(key(keys::questions(cid), keys::question_sk(qid))))
                    .condition_expression("attribute_exists(#pk)")
                    .expression_attribute_names("#pk", keys::PK)
                    .build()
                    .expect("complete");
                let mut mark = key(keys::questions(cid), keys::drawn_sk(qid));
                mark.insert("drawn_at".into(), n(now.timestamp_millis()));
                let put = Put::builder().table_name(self.table_name()).set_item(Some(mark)).build().expect("complete");
                request = request
                    .transact_items(TransactWriteItem::builder().condition_check(check).build())
                    .transact_items(TransactWriteItem::builder().put(put).build());
            }
            match request.send().await {
                Ok(_) => {}
                Err(err) if err.as_service_error().is_some_and(is_cancellation) => return Ok(false),
                Err(err) => return Err(classify(err)),
            }
        }
        Ok(true)
    }

    /// Deletes a question no attempt has drawn.
    pub async fn delete_question(&self, cid: &ContestId, qid: &QuestionId) -> Result<QuestionDeletion, StoreError> {
        let delete = Delete::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::questions(cid), keys::question_sk(qid))))
            .condition_expression("attribute_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .build()
            .expect("complete");
        let never_drawn = ConditionCheck::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::questions(cid), keys::drawn_sk(qid))))
            .condition_expression("attribute_not_exists(#pk)")
            .expression_attribute_names("#pk", keys::PK)
            .build()
            .expect("complete");
        let result = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().delete(delete).build())
            .transact_items(TransactWriteItem::builder().condition_check(never_drawn).build())
            .send()
            .await;
        match result {
            Ok(_) => Ok(QuestionDeletion::Deleted),
            Err(err) => {
                let Some(service) = err.as_service_error().filter(|e| is_cancellation(e)) else {
                    return Err(classify(err));
                };
                let codes = crate::transact::cancellation_codes(service);
                let failed = |index: usize| codes.get(index).map(String::as_str) == Some("ConditionalCheckFailed");
                Ok(if failed(0) {
                    QuestionDeletion::NotFound
                } else if failed(1) {
                    QuestionDeletion::Drawn
                } else {
                    return Err(classify(err));
                })
            }
        }
    }
}
