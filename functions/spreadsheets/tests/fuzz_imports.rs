//! Hostile files never crash the importers; `make fuzz` runs many more cases.

use proptest::prelude::*;
use spreadsheets::import::{organization_rows, question_rows, Format};
use std::io::{Cursor, Read, Write};

/// A .docx archive holding `document` as word/document.xml.
fn docx(document: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(document).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The shipped sample's word/document.xml.
fn sample_document() -> Vec<u8> {
    let sample = include_bytes!("../../../contests/mau-cau-hoi.docx");
    let mut archive = zip::ZipArchive::new(Cursor::new(&sample[..])).unwrap();
    let mut document = Vec::new();
    archive.by_name("word/document.xml").unwrap().read_to_end(&mut document).unwrap();
    document
}

/// Paragraph texts authors might write, and some they should not.
const LINES: &[&str] = &[
    "Câu 1. Hỏi?",
    "Câu 2: Hỏi khác?",
    "CÂU 3 -",
    "Câu 999999. Cuối?",
    "A. Có",
    "B) Không",
    "c. Chưa rõ\tD. Khác",
    "F.",
    "Đáp án: B",
    "ĐA: z",
    "Chủ đề: CCHC",
    "Nguồn:",
    "Tuần thi: Tuần 1; tuan-2",
    "Xáo trộn phương án: không",
    "Giải thích: …",
    "Văn bản thêm",
    "",
    "\t",
];

proptest! {
    #[test]
    fn importers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        for format in [Format::Csv, Format::Xlsx, Format::Json, Format::Docx] {
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

    /// Documents made of author-like paragraphs (with line breaks, bold and
    /// tabs): never a panic, and every row is numbered as a «Câu» written.
    #[test]
    fn docx_rows_keep_their_written_numbers(
        paragraphs in prop::collection::vec((prop::sample::select(LINES), any::<bool>(), any::<bool>()), 0..40)
    ) {
        let mut body = String::new();
        for (text, bold, line_break) in &paragraphs {
            let properties = if *bold { "<w:b/>" } else { "" };
            let text = text.replace('\t', "</w:t><w:tab/><w:t>");
            let end = if *line_break { "<w:br/>" } else { "" };
            body.push_str(&format!("<w:p><w:r><w:rPr>{properties}</w:rPr><w:t>{text}</w:t>{end}</w:r></w:p>"));
        }
        let document = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        if let Ok(rows) = question_rows(&docx(document.as_bytes()), Format::Docx) {
            prop_assert!(rows.iter().all(|r| [1, 2, 3, 999_999].contains(&r.row)), "{rows:?}");
        }
    }

    /// The sample's XML with bytes overwritten or cut short: errors, not
    /// panics.
    #[test]
    fn damaged_docx_xml_never_panics(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut document = sample_document();
        for (at, byte) in edits {
            let at = at.index(document.len());
            document[at] = byte;
        }
        if truncate {
            document.truncate(cut.index(document.len()));
        }
        let _ = question_rows(&docx(&document), Format::Docx);
    }
}
