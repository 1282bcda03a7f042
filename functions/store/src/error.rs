use aws_sdk_dynamodb::error::SdkError;
use thiserror::Error;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The store did not answer in time or refused for load; worth retrying.
    #[error("storage temporarily unavailable: {0}")]
    Unavailable(#[source] BoxError),
    /// Stored data that does not decode: a bug or a hand-edited item.
    #[error("corrupt item: {0}")]
    Corrupt(String),
    /// The store refused the request for another reason (a bug, a missing
    /// table or bucket, a permission).
    #[error("storage request failed: {0}")]
    Failed(#[source] BoxError),
}

impl StoreError {
    pub fn corrupt(what: impl Into<String>) -> Self {
        Self::Corrupt(what.into())
    }
}

const RETRYABLE_CODES: [&str; 5] = [
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
];

/// Sorts an SDK error into retryable or not, keeping it as the source.
pub(crate) fn classify<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: aws_smithy_types::error::metadata::ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let retryable = match &err {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => true,
        SdkError::ServiceError(service) => RETRYABLE_CODES.contains(&service.err().code().unwrap_or_default()),
        _ => false,
    };
    if retryable {
        StoreError::Unavailable(Box::new(err))
    } else {
        StoreError::Failed(Box::new(err))
    }
}
