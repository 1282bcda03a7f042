//! Result exports: one XLSX workbook (a sheet per round's full ranking,
//! winners, organizations, all attempts), the same tables as CSV files (UTF-8
//! with BOM so Excel shows Vietnamese), and a manifest with each file's
//! SHA-256 so a downloaded file can be checked.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A table as it goes into a sheet and a CSV file.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Sheet name (≤ 31 characters, as Excel requires).
    pub name: String,
    /// CSV file name without extension (ASCII).
    pub file_stem: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Cell::Text(value.to_owned())
    }
}

impl From<String> for Cell {
    fn from(value: String) -> Self {
        Cell::Text(value)
    }
}

impl From<u32> for Cell {
    fn from(value: u32) -> Self {
        Cell::Number(f64::from(value))
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Number(value as f64)
    }
}

impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Empty, Into::into)
    }
}

/// Characters that make a spreadsheet cell a formula (or, tab and CR, a
/// field boundary that starts one).
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Text a spreadsheet would run as a formula (a participant named
/// `=HYPERLINK(...)`) is prefixed with an apostrophe, as OWASP advises, and
/// so is every part that follows a `,` or `;` (or a line break): opened in
/// Excel set to the other separator (Vietnamese locales use `;`), a name
/// such as `An;=1+2;@SUM(A1)` would otherwise be split into cells that are
/// formulas. Spaces before such a part and a quote opening it are looked
/// through.
pub fn neutralize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    let mut part_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if part_start && (starts_formula(c) || (c == '"' && chars.peek().copied().is_some_and(starts_formula))) {
            out.push('\'');
        }
        out.push(c);
        part_start = matches!(c, ',' | ';' | '\n') || (part_start && c == ' ');
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportFile {
    pub name: String,
    pub content_type: &'static str,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub size: usize,
}

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    export_id: &'a str,
    contest_id: &'a str,
    created_at: &'a str,
    files: &'a [ExportFile],
}

pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";

fn file(name: String, content_type: &'static str, bytes: Vec<u8>) -> ExportFile {
    let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    ExportFile { name, content_type, size: bytes.len(), bytes, sha256 }
}

fn sheet_name(name: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
    let mut candidate = cleaned.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{cleaned} {n}");
        n += 1;
    }
    used.push(candidate.clone());
    candidate
}

pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let mut used = Vec::new();
    for sheet in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet_name(&sheet.name, &mut used))?;
        for (column, title) in sheet.header.iter().enumerate() {
            worksheet.write_string_with_format(0, column as u16, neutralize(title), &bold)?;
        }
        for (index, row) in sheet.rows.iter().enumerate() {
            let row_number = index as u32 + 1;
            for (column, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(text) => {
                        worksheet.write_string(row_number, column as u16, neutralize(text))?;
                    }
                    Cell::Number(value) => {
                        worksheet.write_number(row_number, column as u16, *value)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        worksheet.set_freeze_panes(1, 0)?;
        worksheet.autofit();
    }
    workbook.save_to_buffer()
}

/// Every text field quoted (numbers are not), so a separator inside a name
/// never splits it when read with the separator it was written with; and
/// every text neutralized, for readers that split on the other one.
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().quote_style(csv::QuoteStyle::NonNumeric).from_writer(&mut bytes);
        let header: Vec<String> = sheet.header.iter().map(|title| neutralize(title)).collect();
        writer.write_record(&header).expect("writing to memory cannot fail");
        for row in &sheet.rows {
            let record: Vec<String> = row
                .iter()
                .map(|cell| match cell {
                    Cell::Text(text) => neutralize(text),
                    Cell::Number(value) => value.to_string(),
                    Cell::Empty => String::new(),
                })
                .collect();
            writer.write_record(&record).expect("writing to memory cannot fail");
        }
        writer.flush().expect("writing to memory cannot fail");
    }
    bytes
}

/// The workbook, one CSV per sheet, and the manifest (last) listing them all
/// with their SHA-256.
pub fn build_export(
    export_id: &str,
    contest_id: &str,
    created_at: &str,
    sheets: &[Sheet],
) -> Result<Vec<ExportFile>, XlsxError> {
    let mut files = vec![file("ket-qua.xlsx".into(), XLSX_TYPE, workbook(sheets)?)];
    files.extend(sheets.iter().map(|sheet| file(format!("{}.csv", sheet.file_stem), CSV_TYPE, csv(sheet))));
    let manifest = Manifest { export_id, contest_id, created_at, files: &files };
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).expect("manifest serialises");
    files.push(file("manifest.json".into(), "application/json", manifest_bytes));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    fn sample() -> Vec<Sheet> {
        vec![
            Sheet {
                name: "Xếp hạng Tuần 1".into(),
                file_stem: "xep-hang-tuan-1".into(),
                header: vec!["Hạng".into(), "Họ và tên".into(), "Điểm".into()],
                rows: vec![
                    vec![1u32.into(), "Nguyễn Văn An".into(), 20u32.into()],
                    vec![2u32.into(), "=HYPERLINK(\"http://x\")".into(), Cell::Empty],
                ],
            },
            Sheet { name: "Đơn vị".into(), file_stem: "don-vi".into(), header: vec!["Tên".into()], rows: vec![] },
        ]
    }

    #[test]
    fn formulas_are_neutralized() {
        for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\"=1\""] {
            assert!(neutralize(dangerous).starts_with('\''), "{dangerous:?}");
        }
        assert_eq!(neutralize("Nguyễn"), "Nguyễn");
        assert_eq!(neutralize("An;=1+2;@SUM(A1);+1"), "An;'=1+2;'@SUM(A1);'+1");
        assert_eq!(neutralize("An, -1; \"=2"), "An, '-1; '\"=2");
        assert_eq!(neutralize("Phường 1, Quảng Trị"), "Phường 1, Quảng Trị");
    }

    /// Every cell of the CSV, read as a spreadsheet would with either
    /// separator (quotes honoured), and split naively on both.
    pub(crate) fn cells_both_ways(bytes: &[u8]) -> Vec<String> {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let mut cells = Vec::new();
        for delimiter in [b',', b';'] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes());
            for record in reader.records() {
                cells.extend(record.unwrap().iter().map(str::to_owned));
            }
        }
        cells.extend(text.lines().flat_map(|line| line.split([',', ';']).map(str::to_owned)));
        cells
    }

    #[test]
    fn no_csv_cell_starts_a_formula_with_either_separator() {
        let names = ["An;=1+2;@SUM(A1);+1", "Bình,=cmd|' /C calc'!A0,", "Chi;\t=1;\"=2\";-3", "@x", "Dũng; =4"];
        let sheet = Sheet {
            name: "Tất cả".into(),
            file_stem: "tat-ca-luot-thi".into(),
            header: vec!["Họ và tên".into(), "Điểm".into()],
            rows: names.iter().map(|n| vec![(*n).into(), 3u32.into()]).collect(),
        };
        let bytes = csv(&sheet);
        for cell in cells_both_ways(&bytes) {
            let cell = cell.trim_start_matches([' ', '"']);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {}",
                String::from_utf8_lossy(&bytes)
            );
        }
        // Read back with the separator it was written with, each name is one cell.
        let text = String::from_utf8(bytes).unwrap();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let read: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
        assert_eq!(read.len(), names.len());
        assert_eq!(read[0], "An;'=1+2;'@SUM(A1);'+1");
    }

    #[test]
    fn workbook_round_trips_through_calamine() {
        let bytes = workbook(&sample()).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["Xếp hạng Tuần 1", "Đơn vị"]);
        let range = book.worksheet_range("Xếp hạng Tuần 1").unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows[1][1], Data::String("Nguyễn Văn An".into()));
        assert_eq!(rows[1][2], Data::Float(20.0));
        assert_eq!(rows[2][1], Data::String("'=HYPERLINK(\"http://x\")".into()));
    }

    #[test]
    fn csv_has_bom_and_escapes() {
        let text = String::from_utf8(csv(&sample()[0])).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("Nguyễn Văn An"));
        assert!(text.contains("'=HYPERLINK"));
    }

    #[test]
    fn manifest_lists_every_file_with_its_hash() {
        let files = build_export("e1", "cchc-2022", "2022-10-24T08:00:00+07:00", &sample()).unwrap();
        let names: Vec<_> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec!["ket-qua.xlsx", "xep-hang-tuan-1.csv", "don-vi.csv", "manifest.json"]);
        let manifest: serde_json::Value = serde_json::from_slice(&files[3].bytes).unwrap();
        for (listed, file) in manifest["files"].as_array().unwrap().iter().zip(&files) {
            let digest: String = Sha256::digest(&file.bytes).iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(listed["sha256"], digest);
        }
    }
}
