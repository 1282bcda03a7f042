pub mod contest_info;
pub mod login;
pub mod me;
pub mod register;

use contest_domain::ContestId;
use http_common::ApiError;

pub fn parse_contest_id(raw: &str) -> Result<ContestId, ApiError> {
    ContestId::parse(raw).map_err(|_| ApiError::contest_not_found())
}
