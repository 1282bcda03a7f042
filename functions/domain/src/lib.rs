//! The contest's rules, free of any I/O so that every rule can be unit-tested
//! and reused by the functions, the CLI and the benchmarks alike.

pub mod account;
pub mod attempt;
pub mod contest;
pub mod error;
pub mod ids;
pub mod import;
pub mod paperwork;
pub mod phone;
pub mod privacy;
pub mod ranking;
pub mod registration;
pub mod time;
pub mod winners;

pub use error::{DomainError, FieldError};
pub use ids::{AttemptId, ContestId, OptionId, OrganizationId, ParticipantId, QuestionId, RoundId};
pub use phone::Phone;
