//! Transactions and conditional writes: the conditions every invariant is
//! written as, and reading back why DynamoDB refused one.

use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;

use crate::item::Item;

pub(crate) fn cancellation_codes(err: &TransactWriteItemsError) -> Vec<String> {
    match err {
        TransactWriteItemsError::TransactionCanceledException(cancel) => {
            cancel.cancellation_reasons().iter().map(|reason| reason.code().unwrap_or("None").to_owned()).collect()
        }
        _ => Vec::new(),
    }
}

pub(crate) fn cancellation_items(err: &TransactWriteItemsError) -> Vec<Option<Item>> {
    match err {
        TransactWriteItemsError::TransactionCanceledException(cancel) => {
            cancel.cancellation_reasons().iter().map(|reason| reason.item().cloned()).collect()
        }
        _ => Vec::new(),
    }
}

pub(crate) fn is_cancellation(err: &TransactWriteItemsError) -> bool {
    // Conflicts with concurrent transactions arrive as a cancellation too,
    // with the reason code `TransactionConflict`.
    matches!(err, TransactWriteItemsError::TransactionCanceledException(_))
}

pub(crate) fn not_exists_condition() -> &'static str {
    "attribute_not_exists(#pk)"
}

pub(crate) fn is_condition_failure<R>(err: &SdkError<PutItemError, R>) -> bool {
    err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception())
}
