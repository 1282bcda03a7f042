//! Spreadsheets in and out. Organizers keep question banks and organization
//! lists in Excel; results go back to them as Excel and CSV.

pub mod export;
pub mod guard;
pub mod import;
