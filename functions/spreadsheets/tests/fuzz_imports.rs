//! Hostile files never crash the importers; `make fuzz` runs many more cases.

use proptest::prelude::*;
use spreadsheets::import::{organization_rows, question_rows, Format};

proptest! {
    #[test]
    fn importers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for format in [Format::Csv, Format::Xlsx, Format::Json] {
            let _ = question_rows(&bytes, format);
            let _ = organization_rows(&bytes, format);
        }
    }

    /// CSV-looking text with the right header and random rows: every row
    /// comes back with its spreadsheet row number, in order.
    #[test]
    fn csv_rows_keep_their_numbers(cells in prop::collection::vec(prop::collection::vec("[^\\n\\r\"]{0,12}", 6), 1..30)) {
        let mut text = String::from("Câu hỏi,A,B,C,D,Đáp án\n");
        for row in &cells {
            let quoted: Vec<String> = row.iter().map(|c| format!("\"{c}\"")).collect();
            text.push_str(&quoted.join(","));
            text.push('\n');
        }
        if let Ok(rows) = question_rows(text.as_bytes(), Format::Csv) {
            prop_assert!(rows.windows(2).all(|w| w[0].row < w[1].row));
            prop_assert!(rows.iter().all(|r| r.row >= 2 && r.row <= cells.len() + 1));
        }
    }
}
