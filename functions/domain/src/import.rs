//! Question-bank imports: rows from a spreadsheet, CSV or JSON checked one by
//! one, so the organizer sees every bad row (with its row number and reason)
//! before anything is written.

use serde::Serialize;
use std::collections::HashSet;

use crate::contest::{
    check_question_content, normalized_question_text, parse_question_rounds, Organization, OrganizationKind, Question,
    QuestionStatus, Round,
};
use crate::QuestionId;

/// One question as read from an import file, before any checking.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuestionRow {
    /// The row number the organizer sees in their spreadsheet (header = 1).
    pub row: usize,
    pub text: String,
    pub options: Vec<String>,
    pub answer: String,
    pub topic: String,
    pub source: String,
    /// Round ids or names (`tuần thi`), as written.
    pub rounds: Vec<String>,
    /// Whether to shuffle the options, as written ("có", "không", empty:
    /// the default, shuffled).
    pub shuffle_options: String,
}

/// A yes/no cell: "có"/"không", "x"/"", "true"/"false", "1"/"0"; empty is
/// `None` (the default applies).
pub fn parse_yes_no(raw: &str) -> Result<Option<bool>, String> {
    let key = crate::registration::normalized_name(raw).to_lowercase();
    match key.as_str() {
        "" => Ok(None),
        "có" | "co" | "c" | "x" | "yes" | "y" | "true" | "1" => Ok(Some(true)),
        "không" | "khong" | "k" | "no" | "n" | "false" | "0" => Ok(Some(false)),
        _ => Err(format!("«{}» không phải «có» hoặc «không»", raw.trim())),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RowError {
    pub row: usize,
    pub message: String,
}

fn field_label(field: &str) -> String {
    match field {
        "text" => "câu hỏi".into(),
        "answer" => "đáp án".into(),
        "options" => "phương án".into(),
        other => match other.strip_prefix("options[").and_then(|rest| rest.strip_suffix(']')) {
            Some(index) => match index.parse::<u8>() {
                Ok(i) if i < 26 => format!("phương án {}", (b'A' + i) as char),
                _ => format!("phương án thứ {}", index.parse::<usize>().map_or(0, |i| i + 1)),
            },
            None => other.to_owned(),
        },
    }
}

/// The next `qNNN` id not taken by the bank or this import.
fn next_id(taken: &mut HashSet<String>, counter: &mut usize) -> QuestionId {
    loop {
        *counter += 1;
        let candidate = format!("q{:03}", *counter);
        if taken.insert(candidate.clone()) {
            return QuestionId::parse(candidate).expect("qNNN is a valid id");
        }
    }
}

/// Checks rows against each other and against the existing bank. Trailing
/// empty option columns are ignored (a two-option question leaves C and D
/// empty). Returns the questions to add and every row's problems.
pub fn check_rows(
    rows: Vec<QuestionRow>,
    bank: &[Question],
    status: QuestionStatus,
    rounds: &[Round],
) -> (Vec<Question>, Vec<RowError>) {
    let mut seen_texts: HashSet<String> = bank.iter().map(|q| normalized_question_text(&q.text)).collect();
    let mut taken_ids: HashSet<String> = bank.iter().map(|q| q.id.to_string()).collect();
    let mut counter = 0;
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    for mut row in rows {
        while row.options.last().is_some_and(|o| o.trim().is_empty()) {
            row.options.pop();
        }
        let question_rounds = match parse_question_rounds(&row.rounds, rounds) {
            Ok(found) => found,
            Err(message) => {
                errors.push(RowError { row: row.row, message: format!("tuần thi: {message}") });
                continue;
            }
        };
        let shuffle_options = match parse_yes_no(&row.shuffle_options) {
            Ok(value) => value.unwrap_or(true),
            Err(message) => {
                errors.push(RowError { row: row.row, message: format!("xáo trộn phương án: {message}") });
                continue;
            }
        };
        match check_question_content(&row.text, &row.options, &row.answer) {
            Err(problems) => errors.extend(problems.into_iter().map(|(field, message)| RowError {
                row: row.row,
                message: format!("{}: {message}", field_label(&field)),
            })),
            Ok(content) if !seen_texts.insert(normalized_question_text(&content.text)) => errors.push(RowError {
                row: row.row,
                message: "câu hỏi trùng với một câu đã có trong ngân hàng hoặc trong tệp".into(),
            }),
            Ok(content) => questions.push(Question {
                id: next_id(&mut taken_ids, &mut counter),
                text: content.text,
                options: content.options,
                answer_index: content.answer_index,
                topic: row.topic.trim().to_owned(),
                source: row.source.trim().to_owned(),
                status,
                rounds: question_rounds,
                shuffle_options,
            }),
        }
    }
    (questions, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contest::tests::sample_definition;

    fn row(n: usize, text: &str, options: &[&str], answer: &str) -> QuestionRow {
        QuestionRow {
            row: n,
            text: text.into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            answer: answer.into(),
            ..Default::default()
        }
    }

    #[test]
    fn every_bad_row_is_reported_with_its_number_and_reason() {
        let bank = sample_definition(3).questions; // "Câu hỏi số 1?" … and ids q001–q003
        let rows = vec![
            row(2, "Câu mới thứ nhất?", &["Có", "Không", "", ""], "a"),
            row(3, "Thiếu đáp án?", &["Có", "Không"], ""),
            row(4, "Đáp án ngoài phương án?", &["Có", "Không"], "C"),
            row(5, "câu hỏi  số 1?", &["Có", "Không"], "A"),
            row(6, "Câu mới thứ nhất?", &["Có", "Không"], "B"),
            row(7, "", &["Có", "Không"], "A"),
            row(8, "Phương án trùng?", &["Có", "có"], "A"),
        ];
        let rounds = sample_definition(3).contest.rounds;
        let (questions, errors) = check_rows(rows, &bank, QuestionStatus::Approved, &rounds);
        assert_eq!(questions.len(), 1);
        assert_eq!(questions[0].id.as_str(), "q004");
        assert_eq!(questions[0].options, vec!["Có", "Không"]);
        assert_eq!(questions[0].answer_index, 0);
        let summary: Vec<_> = errors.iter().map(|e| (e.row, e.message.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (3, "đáp án: thiếu đáp án"),
                (4, "đáp án: đáp án «C» không nằm trong các phương án A–B"),
                (5, "câu hỏi trùng với một câu đã có trong ngân hàng hoặc trong tệp"),
                (6, "câu hỏi trùng với một câu đã có trong ngân hàng hoặc trong tệp"),
                (7, "câu hỏi: không được để trống"),
                (8, "phương án B: phương án trùng với một phương án khác"),
            ]
        );
    }

    #[test]
    fn rows_name_their_rounds_by_id_or_name() {
        let rounds = sample_definition(3).contest.rounds; // tuan-1 "Tuần 1", tuan-2 "Tuần 2"
        let mut first = row(2, "Một?", &["X", "Y"], "A");
        first.rounds = vec!["tuần  2".into(), "tuan-1".into()];
        let mut second = row(3, "Hai?", &["X", "Y"], "A");
        second.rounds = vec!["Tuần 9".into()];
        let (questions, errors) = check_rows(vec![first, second], &[], QuestionStatus::Approved, &rounds);
        assert_eq!(questions[0].rounds, vec![rounds[1].id.clone(), rounds[0].id.clone()]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("Tuần 9"), "{errors:?}");
    }

    #[test]
    fn a_row_may_keep_its_options_in_order() {
        let mut kept = row(2, "Cả A và B?", &["X", "Y", "Cả A và B đều đúng"], "C");
        kept.shuffle_options = "Không".into();
        let shuffled = row(3, "Mặc định?", &["X", "Y"], "A");
        let mut wrong = row(4, "Sai?", &["X", "Y"], "A");
        wrong.shuffle_options = "có lẽ".into();
        let (questions, errors) = check_rows(vec![kept, shuffled, wrong], &[], QuestionStatus::Approved, &[]);
        assert_eq!(questions.iter().map(|q| q.shuffle_options).collect::<Vec<_>>(), vec![false, true]);
        assert_eq!(
            errors,
            vec![RowError {
                row: 4, message: "xáo trộn phương án: «có lẽ» không phải «có» hoặc «không»".into()
            }]
        );
    }

    #[test]
    fn an_answer_naming_several_options_says_so() {
        let rows = vec![
            row(2, "Hai đáp án?", &["X", "Y", "Z"], "A, C"),
            row(3, "Ba đáp án?", &["X", "Y", "Z"], "a;b và c"),
            row(4, "Ngoài phương án?", &["X", "Y"], "A, D"),
        ];
        let (_, errors) = check_rows(rows, &[], QuestionStatus::Approved, &[]);
        let summary: Vec<_> = errors.iter().map(|e| (e.row, e.message.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (2, "đáp án: đáp án «A, C» có nhiều hơn một phương án; mỗi câu chỉ có một đáp án đúng"),
                (3, "đáp án: đáp án «a;b và c» có nhiều hơn một phương án; mỗi câu chỉ có một đáp án đúng"),
                (4, "đáp án: đáp án «A, D» không nằm trong các phương án A–B"),
            ]
        );
    }

    #[test]
    fn imported_questions_take_the_requested_status() {
        let (questions, errors) = check_rows(vec![row(2, "Nháp?", &["X", "Y"], "B")], &[], QuestionStatus::Draft, &[]);
        assert!(errors.is_empty());
        assert_eq!(questions[0].status, QuestionStatus::Draft);
        assert_eq!(questions[0].id.as_str(), "q001");
    }
}

/// An organization row as read from a file, before checking.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganizationRow {
    pub row: usize,
    pub id: String,
    pub name: String,
    pub group: String,
    pub headcount: String,
    /// `đơn vị` (a unit, the default) or `tự do` (the public, businesses).
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganizationMerge {
    pub organizations: Vec<Organization>,
    pub added: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
}

/// An organization kind as written in a file or form: `đơn vị`/`unit`, or
/// `tự do`/`open` (the public, businesses). None for anything else.
pub fn parse_kind(raw: &str) -> Option<OrganizationKind> {
    match raw.trim().to_lowercase().as_str() {
        "unit" | "đơn vị" | "don vi" => Some(OrganizationKind::Unit),
        "open" | "tự do" | "tu do" | "mở" | "mo" => Some(OrganizationKind::Open),
        _ => None,
    }
}

/// Merges rows into the contest's organizations: a row whose id exists
/// updates it, any other adds one. Headcounts must be whole numbers ≥ 1.
pub fn merge_organization_rows(rows: Vec<OrganizationRow>, existing: &[Organization]) -> OrganizationMerge {
    let mut merge = OrganizationMerge { organizations: existing.to_vec(), ..Default::default() };
    let mut seen = HashSet::new();
    for row in rows {
        let error = |message: &str| RowError { row: row.row, message: message.to_owned() };
        let name = row.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 200 {
            merge.errors.push(error("tên đơn vị phải có từ 1 đến 200 ký tự"));
            continue;
        }
        let Ok(id) = crate::OrganizationId::parse(row.id.as_str()) else {
            merge.errors.push(error("mã đơn vị không hợp lệ (chữ thường không dấu, số, dấu gạch ngang)"));
            continue;
        };
        let current = existing.iter().find(|o| o.id == id);
        let Some(kind) = parse_kind(&row.kind)
            .or_else(|| row.kind.trim().is_empty().then(|| current.map_or(OrganizationKind::Unit, |o| o.kind)))
        else {
            merge.errors.push(error("loại phải là «đơn vị» hoặc «tự do»"));
            continue;
        };
        let headcount = match (kind, row.headcount.trim()) {
            (OrganizationKind::Open, "") => 0.0,
            (_, raw) => match raw.parse::<f64>().ok().filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 1e7) {
                Some(n) => n,
                None => {
                    merge.errors.push(error("số người phải là số nguyên từ 1 trở lên"));
                    continue;
                }
            },
        };
        if !seen.insert(id.clone()) {
            merge.errors.push(error("đơn vị xuất hiện hai lần trong tệp"));
            continue;
        }
        // A unit's staff list gives its headcount: the row cannot change it.
        let staff_list = kind == OrganizationKind::Unit && current.is_some_and(|o| o.staff_list);
        let headcount = if staff_list { current.map_or(0, |o| o.headcount) } else { headcount as u32 };
        let organization = Organization { id, name, group: row.group.trim().to_owned(), headcount, kind, staff_list };
        match merge.organizations.iter_mut().find(|o| o.id == organization.id) {
            Some(current) if *current == organization => {}
            Some(current) => {
                *current = organization;
                merge.updated += 1;
            }
            None => {
                merge.organizations.push(organization);
                merge.added += 1;
            }
        }
    }
    merge
}

#[cfg(test)]
mod organization_tests {
    use super::*;
    use crate::contest::tests::sample_definition;

    fn row(n: usize, id: &str, name: &str, headcount: &str) -> OrganizationRow {
        OrganizationRow {
            row: n,
            id: id.into(),
            name: name.into(),
            group: "Nhóm".into(),
            headcount: headcount.into(),
            kind: String::new(),
        }
    }

    #[test]
    fn merges_updates_adds_and_reports_bad_rows() {
        let existing = sample_definition(3).contest.organizations; // phuong-1, headcount 40
        let merge = merge_organization_rows(
            vec![
                row(2, "phuong-1", "UBND Phường 1", "45"),
                row(3, "phuong-2", "UBND Phường 2", "30"),
                row(4, "phuong-3", "UBND Phường 3", "ba mươi"),
                row(5, "Phuong 4", "UBND Phường 4", "20"),
                row(6, "phuong-2", "Trùng", "10"),
                row(7, "phuong-5", "", "10"),
            ],
            &existing,
        );
        assert_eq!((merge.added, merge.updated), (1, 1));
        assert_eq!(merge.organizations.len(), 2);
        assert_eq!(merge.organizations[0].headcount, 45);
        let rows: Vec<_> = merge.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, vec![4, 5, 6, 7]);
    }
}

/// A staff-list row as read from a file, before checking.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterRow {
    pub row: usize,
    pub organization_id: String,
    pub full_name: String,
    pub birth_year: String,
    pub phone: String,
}

/// A checked staff-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterLine {
    pub organization_id: crate::OrganizationId,
    pub full_name: String,
    /// What registration compares (see [`crate::registration::normalized_name`]).
    pub name_key: String,
    pub birth_year: u16,
    pub phone: Option<crate::Phone>,
}

/// Checks staff-list rows: each names one of the contest's units (not an
/// open organization), a valid name and birth year, and optionally a mobile
/// number. Returns the entries and every row's problems.
pub fn check_roster_rows(
    rows: Vec<RosterRow>,
    organizations: &[Organization],
    today: chrono::NaiveDate,
) -> (Vec<RosterLine>, Vec<RowError>) {
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for row in rows {
        let mut problems = Vec::new();
        let organization = crate::OrganizationId::parse(row.organization_id.trim())
            .ok()
            .and_then(|id| organizations.iter().find(|o| o.id == id));
        match organization {
            None => problems.push(format!("mã đơn vị «{}» không có trong cuộc thi", row.organization_id.trim())),
            Some(org) if org.kind == OrganizationKind::Open => {
                problems.push(format!("«{}» là đối tượng tự do, không dùng danh sách cán bộ", org.name))
            }
            Some(_) => {}
        }
        let name = crate::registration::FullName::parse(&row.full_name)
            .map_err(|e| problems.push(format!("họ và tên: {}", e.message)));
        let birth_year = row
            .birth_year
            .trim()
            .parse::<i64>()
            .ok()
            .ok_or_else(|| "năm sinh phải là một số, ví dụ 1985".to_owned())
            .and_then(|year| crate::registration::BirthYear::parse(year, today).map_err(|e| e.message))
            .map_err(|message| problems.push(format!("năm sinh: {message}")));
        let phone = match row.phone.trim() {
            "" => Ok(None),
            raw => {
                crate::Phone::parse(raw).map(Some).map_err(|e| problems.push(format!("số điện thoại: {}", e.message)))
            }
        };
        match (organization, name, birth_year, phone) {
            (Some(org), Ok(name), Ok(birth_year), Ok(phone)) if problems.is_empty() => lines.push(RosterLine {
                organization_id: org.id.clone(),
                name_key: crate::registration::normalized_name(name.as_str()),
                full_name: name.as_str().to_owned(),
                birth_year: birth_year.value(),
                phone,
            }),
            _ => errors.extend(problems.into_iter().map(|message| RowError { row: row.row, message })),
        }
    }
    (lines, errors)
}

#[cfg(test)]
mod roster_tests {
    use super::*;
    use crate::contest::tests::sample_definition;

    fn row(n: usize, org: &str, name: &str, year: &str, phone: &str) -> RosterRow {
        RosterRow {
            row: n,
            organization_id: org.into(),
            full_name: name.into(),
            birth_year: year.into(),
            phone: phone.into(),
        }
    }

    #[test]
    fn checks_every_row_and_normalizes_names() {
        let mut organizations = sample_definition(3).contest.organizations; // phuong-1
        organizations.push(Organization {
            id: crate::OrganizationId::parse("nhan-dan").unwrap(),
            name: "Nhân dân".into(),
            group: String::new(),
            headcount: 0,
            kind: OrganizationKind::Open,
            staff_list: false,
        });
        let today = chrono::NaiveDate::from_ymd_opt(2022, 10, 17).unwrap();
        let (lines, errors) = check_roster_rows(
            vec![
                row(2, "phuong-1", "  Nguyễn   Văn An ", "1985", "+84912345678"),
                row(3, "khong-co", "Lê Bình", "1990", ""),
                row(4, "nhan-dan", "Trần Cường", "1990", ""),
                row(5, "phuong-1", "Đỗ Dung", "năm", ""),
                row(6, "phuong-1", "Phạm E", "1992", "12"),
            ],
            &organizations,
            today,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!((lines[0].full_name.as_str(), lines[0].name_key.as_str()), ("Nguyễn Văn An", "nguyễn văn an"));
        assert_eq!(lines[0].phone.as_ref().map(|p| p.as_str()), Some("0912345678"));
        let rows: Vec<_> = errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, vec![3, 4, 5, 6]);
    }
}
