pub mod get_attempt;
pub mod start;
