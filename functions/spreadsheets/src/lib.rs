//! Spreadsheets in and out. Organizers keep question banks and organization
//! lists in Excel (authors often write questions in Word); results go back
//! to them as Excel and CSV.

pub mod docx;
pub mod export;
pub mod guard;
pub mod import;
