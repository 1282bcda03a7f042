//! The only crate that speaks DynamoDB and S3. One table holds everything
//! (single-table design); every key is built in [`keys`], and every invariant
//! is a condition or a transaction here, never a read followed by a write.

pub mod announcements;
pub mod attempts;
pub mod bank;
pub mod certificates;
pub mod client;
pub mod contests;
pub mod directory;
pub mod erasure;
mod error;
pub mod exports;
mod item;
pub mod keys;
pub mod limits;
pub mod organizers;
pub mod participants;
mod query;
pub mod rankings;
pub mod reset;
pub mod roster;
pub mod rounds;
pub mod table;
pub mod throttle;
mod transact;
pub mod verification;

pub use client::{SdkEnvError, Store, StoreConfig, StoreTimeouts};
pub use error::StoreError;

/// A fresh token for one transaction: DynamoDB then treats the SDK's retries
/// of that same call as one, so a commit whose answer was lost to a timeout
/// is not executed twice nor reported as a conflict.
pub(crate) fn idempotency_token() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
