//! Question-bank imports: rows from a spreadsheet, CSV or JSON checked one by
//! one, so the organizer sees every bad row (with its row number and reason)
//! before anything is written.

use serde::Serialize;
use std::collections::HashSet;

use crate::contest::{check_question_content, normalized_question_text, Question, QuestionStatus};
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
pub fn check_rows(rows: Vec<QuestionRow>, bank: &[Question], status: QuestionStatus) -> (Vec<Question>, Vec<RowError>) {
    let mut seen_texts: HashSet<String> = bank.iter().map(|q| normalized_question_text(&q.text)).collect();
    let mut taken_ids: HashSet<String> = bank.iter().map(|q| q.id.to_string()).collect();
    let mut counter = 0;
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    for mut row in rows {
        while row.options.last().is_some_and(|o| o.trim().is_empty()) {
            row.options.pop();
        }
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
        let (questions, errors) = check_rows(rows, &bank, QuestionStatus::Approved);
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
    fn imported_questions_take_the_requested_status() {
        let (questions, errors) = check_rows(vec![row(2, "Nháp?", &["X", "Y"], "B")], &[], QuestionStatus::Draft);
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
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrganizationMerge {
    pub organizations: Vec<crate::contest::Organization>,
    pub added: usize,
    pub updated: usize,
    pub errors: Vec<RowError>,
}

/// Merges rows into the contest's organizations: a row whose id exists
/// updates it, any other adds one. Headcounts must be whole numbers ≥ 1.
pub fn merge_organization_rows(
    rows: Vec<OrganizationRow>,
    existing: &[crate::contest::Organization],
) -> OrganizationMerge {
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
        let Some(headcount) =
            row.headcount.trim().parse::<f64>().ok().filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= 1e7)
        else {
            merge.errors.push(error("số người phải là số nguyên từ 1 trở lên"));
            continue;
        };
        if !seen.insert(id.clone()) {
            merge.errors.push(error("đơn vị xuất hiện hai lần trong tệp"));
            continue;
        }
        let organization =
            crate::contest::Organization { id, name, group: row.group.trim().to_owned(), headcount: headcount as u32 };
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
        OrganizationRow { row: n, id: id.into(), name: name.into(), group: "Nhóm".into(), headcount: headcount.into() }
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
