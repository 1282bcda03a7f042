//! Reads tables (XLSX first sheet, CSV, JSON) into rows, matching columns by
//! their Vietnamese headers regardless of case, spacing and diacritics.

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use contest_domain::import::{OrganizationRow, QuestionRow};
use std::io::Cursor;
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("Không đọc được tệp Excel: {0}")]
    Workbook(String),
    #[error("Không đọc được tệp CSV: {0}")]
    Csv(String),
    #[error("Không đọc được tệp JSON: {0}")]
    Json(String),
    #[error("Tệp không có dòng tiêu đề hoặc không có dữ liệu.")]
    Empty,
    #[error("Thiếu cột «{0}» trong dòng tiêu đề.")]
    MissingColumn(&'static str),
    #[error("Tệp có quá nhiều dòng (tối đa {0}).")]
    TooManyRows(usize),
    /// Refused before reading: it would unpack to more than the reader may
    /// hold (a sheet spread over millions of cells, a zip bomb).
    #[error("Tệp Excel quá lớn để đọc: {0}.")]
    TooLarge(String),
}

pub const MAX_ROWS: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
    Json,
}

impl Format {
    /// From a request's Content-Type.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match mime.as_str() {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Self::Xlsx),
            "text/csv" | "application/csv" => Some(Self::Csv),
            "application/json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// Header text reduced to plain lowercase ASCII words: "Câu hỏi" → "cau hoi".
pub fn normalize_header(header: &str) -> String {
    deunicode::deunicode(header).to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A table of strings with its header, whatever the file format.
pub struct Table {
    pub header: Vec<String>,
    /// (spreadsheet row number, cells)
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    pub fn read(bytes: &[u8], format: Format) -> Result<Self, ImportError> {
        match format {
            Format::Xlsx => read_xlsx(bytes),
            Format::Csv => read_csv(bytes),
            Format::Json => Err(ImportError::Json("JSON không phải dạng bảng".into())),
        }
    }

    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.contains(&normalize_header(h).as_str()))
    }

    pub fn require(&self, label: &'static str, names: &[&str]) -> Result<usize, ImportError> {
        self.column(names).ok_or(ImportError::MissingColumn(label))
    }
}

fn cells_to_table(mut rows: impl Iterator<Item = Vec<String>>) -> Result<Table, ImportError> {
    let header = rows.next().ok_or(ImportError::Empty)?;
    let mut data = Vec::new();
    for (index, cells) in rows.enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if data.len() == MAX_ROWS {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
        data.push((index + 2, cells));
    }
    Ok(Table { header, rows: data })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ImportError> {
    crate::guard::check_xlsx(bytes)?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ImportError::Workbook(e.to_string()))?;
    let range =
        workbook.worksheet_range_at(0).ok_or(ImportError::Empty)?.map_err(|e| ImportError::Workbook(e.to_string()))?;
    cells_to_table(range.rows().map(|row| row.iter().map(|cell| cell.to_string()).collect()))
}

fn read_csv(bytes: &[u8]) -> Result<Table, ImportError> {
    // Excel writes a BOM; it must not become part of the first header.
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let delimiter = sniff_delimiter(bytes);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        rows.push(record.iter().map(str::to_owned).collect());
        if rows.len() > MAX_ROWS + 1 {
            return Err(ImportError::TooManyRows(MAX_ROWS));
        }
    }
    cells_to_table(rows.into_iter())
}

/// Vietnamese Excel exports CSV with `;` where the decimal comma is in use.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |d: u8| first_line.iter().filter(|b| **b == d).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

fn cell(cells: &[String], index: Option<usize>) -> String {
    index.and_then(|i| cells.get(i)).map(|s| s.trim().to_owned()).unwrap_or_default()
}

/// Question rows from a table with columns câu hỏi, A, B, C, D (E, F
/// optional), đáp án, chủ đề, nguồn.
pub fn question_rows(bytes: &[u8], format: Format) -> Result<Vec<QuestionRow>, ImportError> {
    if format == Format::Json {
        return question_rows_from_json(bytes);
    }
    let table = Table::read(bytes, format)?;
    let text = table.require("câu hỏi", &["cau hoi", "noi dung", "question", "text"])?;
    let answer = table.require("đáp án", &["dap an", "answer"])?;
    let topic = table.column(&["chu de", "topic"]);
    let source = table.column(&["nguon", "source"]);
    let option_columns: Vec<usize> = ["a", "b", "c", "d", "e", "f"].iter().filter_map(|l| table.column(&[l])).collect();
    if option_columns.len() < 2 {
        return Err(ImportError::MissingColumn("A, B"));
    }
    Ok(table
        .rows
        .iter()
        .map(|(row, cells)| QuestionRow {
            row: *row,
            text: cell(cells, Some(text)),
            options: option_columns.iter().map(|c| cell(cells, Some(*c))).collect(),
            answer: cell(cells, Some(answer)),
            topic: cell(cells, topic),
            source: cell(cells, source),
        })
        .collect())
}

#[derive(serde::Deserialize)]
struct JsonQuestion {
    #[serde(default)]
    text: String,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    source: String,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum JsonQuestions {
    List(Vec<JsonQuestion>),
    Wrapped { questions: Vec<JsonQuestion> },
}

/// The contest file's question objects (ids are ignored: new ones are
/// assigned), either as a list or under `questions`. Rows are numbered
/// from 1 in file order.
fn question_rows_from_json(bytes: &[u8]) -> Result<Vec<QuestionRow>, ImportError> {
    let parsed: JsonQuestions = serde_json::from_slice(bytes).map_err(|e| ImportError::Json(e.to_string()))?;
    let list = match parsed {
        JsonQuestions::List(list) | JsonQuestions::Wrapped { questions: list } => list,
    };
    if list.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows(MAX_ROWS));
    }
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(index, q)| QuestionRow {
            row: index + 1,
            text: q.text,
            options: q.options,
            answer: q.answer,
            topic: q.topic,
            source: q.source,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_without_case_or_diacritics() {
        assert_eq!(normalize_header("  Câu   HỎI "), "cau hoi");
        assert_eq!(normalize_header("Đáp án"), "dap an");
        assert_eq!(normalize_header("Nguồn"), "nguon");
    }

    #[test]
    fn reads_csv_with_bom_semicolons_and_row_numbers() {
        let csv =
            "\u{feff}Câu hỏi;A;B;C;D;Đáp án;Chủ đề;Nguồn\nHỏi một?;X;Y;;;B;Đề;Nguồn 1\n;;;;;;;\nHỏi hai?;P;Q;R;S;d;;\n";
        let rows = question_rows(csv.as_bytes(), Format::Csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].row, rows[0].text.as_str(), rows[0].answer.as_str()), (2, "Hỏi một?", "B"));
        assert_eq!(rows[0].options, vec!["X", "Y", "", ""]);
        assert_eq!(rows[1].row, 4);
        assert_eq!(rows[1].topic, "");
    }

    #[test]
    fn names_the_missing_column() {
        let csv = "Câu hỏi,A,B\nHỏi?,X,Y\n";
        assert_eq!(question_rows(csv.as_bytes(), Format::Csv).unwrap_err(), ImportError::MissingColumn("đáp án"));
    }

    #[test]
    fn reads_json_lists_and_contest_files() {
        let list = r#"[{"text":"Hỏi?","options":["X","Y"],"answer":"A"}]"#;
        assert_eq!(question_rows(list.as_bytes(), Format::Json).unwrap()[0].row, 1);
        let wrapped = r#"{"questions":[{"id":"q1","text":"Hỏi?","options":["X","Y"],"answer":"A","topic":"T"}]}"#;
        assert_eq!(question_rows(wrapped.as_bytes(), Format::Json).unwrap()[0].topic, "T");
        assert!(matches!(question_rows(b"{", Format::Json), Err(ImportError::Json(_))));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(question_rows(b"PK\x03\x04garbage", Format::Xlsx), Err(ImportError::Workbook(_))));
        assert_eq!(question_rows(b"", Format::Csv).unwrap_err(), ImportError::Empty);
    }

    #[test]
    fn content_types_pick_the_format() {
        assert_eq!(Format::from_content_type("text/csv; charset=utf-8"), Some(Format::Csv));
        assert_eq!(
            Format::from_content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Some(Format::Xlsx)
        );
        assert_eq!(Format::from_content_type("image/png"), None);
    }
}

/// "UBND Phường An Đôn" → "ubnd-phuong-an-don".
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(64).collect()
}

/// Organization rows from a table with columns Tên đơn vị, Nhóm, Số người
/// and, optionally, Mã (otherwise derived from the name).
pub fn organization_rows(bytes: &[u8], format: Format) -> Result<Vec<OrganizationRow>, ImportError> {
    let table = Table::read(bytes, format)?;
    let name = table.require("tên đơn vị", &["ten don vi", "ten", "don vi", "name"])?;
    let headcount = table.require("số người", &["so nguoi", "bien che", "so luong", "headcount"])?;
    let group = table.column(&["nhom", "group"]);
    let id = table.column(&["ma", "ma don vi", "id"]);
    Ok(table
        .rows
        .iter()
        .map(|(row, cells)| {
            let name = cell(cells, Some(name));
            let given = cell(cells, id);
            OrganizationRow {
                row: *row,
                id: if given.is_empty() { slug(&name) } else { given },
                name,
                group: cell(cells, group),
                headcount: cell(cells, Some(headcount)),
            }
        })
        .collect())
}

#[cfg(test)]
mod organization_tests {
    use super::*;

    #[test]
    fn slugs_drop_diacritics_and_punctuation() {
        assert_eq!(slug("UBND Phường An Đôn"), "ubnd-phuong-an-don");
        assert_eq!(slug("  Phòng Tài chính – Kế hoạch "), "phong-tai-chinh-ke-hoach");
    }

    #[test]
    fn reads_organizations_deriving_missing_ids() {
        let csv = "Tên đơn vị,Nhóm,Số người,Mã\nUBND Phường 1,\"Phường, xã\",40,\nPhòng Nội vụ,Cơ quan,12,noi-vu\n";
        let rows = organization_rows(csv.as_bytes(), Format::Csv).unwrap();
        assert_eq!(
            (rows[0].id.as_str(), rows[0].group.as_str(), rows[0].headcount.as_str()),
            ("ubnd-phuong-1", "Phường, xã", "40")
        );
        assert_eq!(rows[1].id, "noi-vu");
    }
}
