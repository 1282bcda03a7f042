use aws_sdk_dynamodb::error::SdkError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The store did not answer in time or refused for load; worth retrying.
    #[error("storage temporarily unavailable: {0}")]
    Unavailable(String),
    /// Stored data that does not decode: a bug or a hand-edited item.
    #[error("corrupt item: {0}")]
    Corrupt(String),
    #[error("storage error: {0}")]
    Other(String),
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

pub(crate) fn classify<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::fmt::Debug,
    R: std::fmt::Debug,
{
    match &err {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            StoreError::Unavailable(format!("{err:?}"))
        }
        SdkError::ServiceError(service) => {
            let code = service.err().code().unwrap_or_default();
            if RETRYABLE_CODES.contains(&code) {
                StoreError::Unavailable(code.to_owned())
            } else {
                StoreError::Other(format!("{code}: {:?}", service.err().message()))
            }
        }
        _ => StoreError::Other(format!("{err:?}")),
    }
}
