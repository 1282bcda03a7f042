//! Reads tables (XLSX first sheet, CSV, JSON) into rows, matching columns by
//! their Vietnamese headers regardless of case, spacing and diacritics.
//! Question banks may also come as Word documents (see [`crate::docx`]).

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use contest_domain::import::{OrganizationRow, QuestionRow, RosterRow};
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
    /// Not a Word document, damaged, or beyond the bounds on hostile files.
    #[error("Không đọc được tệp Word: {0}")]
    Docx(String),
    /// A readable Word document not laid out as questions (see `docx`).
    #[error("Tệp Word chưa đúng mẫu câu hỏi: {0}")]
    DocxLayout(String),
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
    /// Word: question banks only.
    Docx,
}

impl Format {
    /// From a request's Content-Type.
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match mime.as_str() {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Some(Self::Xlsx),
            "text/csv" | "application/csv" => Some(Self::Csv),
            "application/json" => Some(Self::Json),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Some(Self::Docx),
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
            Format::Docx => Err(ImportError::Docx(
                "từ Word chỉ nhập được ngân hàng câu hỏi; danh sách đơn vị và cán bộ hãy nhập từ Excel hoặc CSV".into(),
            )),
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
/// optional), đáp án, chủ đề, nguồn; or from a Word document laid out as
/// [`crate::docx`] describes (rows numbered as its questions are).
pub fn question_rows(bytes: &[u8], format: Format) -> Result<Vec<QuestionRow>, ImportError> {
    match format {
        Format::Json => return question_rows_from_json(bytes),
        Format::Docx => return crate::docx::question_rows_from_docx(bytes),
        Format::Xlsx | Format::Csv => {}
    }
    let table = Table::read(bytes, format)?;
    let text = table.require("câu hỏi", &["cau hoi", "noi dung", "question", "text"])?;
    let answer = table.require("đáp án", &["dap an", "answer"])?;
    let topic = table.column(&["chu de", "topic"]);
    let source = table.column(&["nguon", "source"]);
    let rounds = table.column(&["tuan thi", "tuan", "rounds", "round"]);
    let shuffle =
        table.column(&["xao tron phuong an", "xao tron", "dao phuong an", "shuffle options", "shuffle_options"]);
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
            rounds: split_list(&cell(cells, rounds)),
            shuffle_options: cell(cells, shuffle),
        })
        .collect())
}

/// A cell listing several values: `tuan-1, tuan-2` or `Tuần 1; Tuần 2`.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split([',', ';', '|']).map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
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
    #[serde(default)]
    rounds: Vec<String>,
    shuffle_options: Option<bool>,
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
            rounds: q.rounds,
            shuffle_options: match q.shuffle_options {
                Some(true) => "có".into(),
                Some(false) => "không".into(),
                None => String::new(),
            },
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
        assert_eq!(
            Format::from_content_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Some(Format::Docx)
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
    let kind = table.column(&["loai", "loai don vi", "kind"]);
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
                kind: cell(cells, kind),
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

/// Staff-list rows from a table with columns mã đơn vị, họ và tên, năm sinh
/// and, optionally, số điện thoại; or JSON `{"entries": [{organization_id,
/// full_name, birth_year, phone?}]}` (rows numbered from 1).
pub fn roster_rows(bytes: &[u8], format: Format) -> Result<Vec<RosterRow>, ImportError> {
    if format == Format::Json {
        return roster_rows_from_json(bytes);
    }
    let table = Table::read(bytes, format)?;
    let organization = table.require("mã đơn vị", &["ma don vi", "ma", "don vi", "organization_id"])?;
    let name = table.require("họ và tên", &["ho va ten", "ho ten", "ten", "full_name"])?;
    let birth_year = table.require("năm sinh", &["nam sinh", "birth_year"])?;
    let phone = table.column(&["so dien thoai", "dien thoai", "sdt", "phone"]);
    Ok(table
        .rows
        .iter()
        .map(|(row, cells)| RosterRow {
            row: *row,
            organization_id: cell(cells, Some(organization)),
            full_name: cell(cells, Some(name)),
            birth_year: cell(cells, Some(birth_year)),
            phone: cell(cells, phone),
        })
        .collect())
}

/// A staff list as JSON.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RosterFile)]
pub struct JsonRoster {
    entries: Vec<JsonRosterEntry>,
}

#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RosterFileEntry)]
struct JsonRosterEntry {
    /// One of the contest's units.
    #[schema(pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    organization_id: String,
    #[schema(min_length = 2)]
    full_name: String,
    /// A year (number or text).
    #[schema(value_type = u16, minimum = 1900)]
    birth_year: serde_json::Value,
    /// Optional: when given, only this phone may claim the entry.
    #[serde(default)]
    phone: Option<String>,
}

fn roster_rows_from_json(bytes: &[u8]) -> Result<Vec<RosterRow>, ImportError> {
    let parsed: JsonRoster = serde_json::from_slice(bytes).map_err(|e| ImportError::Json(e.to_string()))?;
    if parsed.entries.len() > MAX_ROWS {
        return Err(ImportError::TooManyRows(MAX_ROWS));
    }
    Ok(parsed
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| RosterRow {
            row: index + 1,
            organization_id: entry.organization_id,
            full_name: entry.full_name,
            birth_year: match entry.birth_year {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            },
            phone: entry.phone.unwrap_or_default(),
        })
        .collect())
}

#[cfg(test)]
mod roster_tests {
    use super::*;

    #[test]
    fn reads_staff_lists_from_csv_and_json() {
        let csv = "Mã đơn vị;Họ và tên;Năm sinh;Số điện thoại\nphuong-1;Nguyễn Văn An;1985;0912345678\nphuong-1;Lê Thị Bình;1990;\n";
        let rows = roster_rows(csv.as_bytes(), Format::Csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].row, rows[0].full_name.as_str(), rows[0].birth_year.as_str()),
            (2, "Nguyễn Văn An", "1985")
        );
        assert_eq!(rows[1].phone, "");
        let json = r#"{"entries":[{"organization_id":"phuong-1","full_name":"An","birth_year":1985}]}"#;
        let rows = roster_rows(json.as_bytes(), Format::Json).unwrap();
        assert_eq!((rows[0].row, rows[0].birth_year.as_str()), (1, "1985"));
        assert!(roster_rows(b"{\"entries\":[{\"x\":1}]}", Format::Json).is_err());
    }

    #[test]
    fn question_rounds_split_on_commas_and_semicolons() {
        assert_eq!(split_list(" tuan-1, Tuần 2 ;tuan-3 "), vec!["tuan-1", "Tuần 2", "tuan-3"]);
        assert!(split_list("  ").is_empty());
    }
}
