//! The question bank: list with statistics, import (XLSX, CSV, JSON) with a
//! preview, edit one question.

use contest_domain::contest::{check_question_content, normalized_question_text, Question, QuestionStatus};
use contest_domain::import::{check_rows, RowError};
use contest_domain::{ContestId, QuestionId};
use serde::{Deserialize, Serialize};
use spreadsheets::import::{question_rows, Format};

use super::stats::{question_stats, QuestionStats};
use crate::{App, Error, ImportKind, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionList {
    pub questions: Vec<QuestionWithStats>,
}

/// A question of the bank as the committee sees it, key included.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionWithStats {
    pub id: QuestionId,
    pub text: String,
    pub options: Vec<String>,
    /// Index of the correct option in `options`.
    pub answer_index: usize,
    pub topic: String,
    pub source: String,
    pub status: QuestionStatus,
    /// How finished attempts fared on it; null when never drawn.
    pub stats: Option<QuestionStats>,
}

impl QuestionWithStats {
    fn new(question: Question, stats: Option<QuestionStats>) -> Self {
        let Question { id, text, options, answer_index, topic, source, status } = question;
        Self { id, text, options, answer_index, topic, source, status, stats }
    }
}

pub async fn list(app: &App, cid: &ContestId) -> Result<QuestionList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let stats = question_stats(&app.store.contest_attempts(&contest.id).await?);
    let questions = bank
        .into_iter()
        .map(|question| {
            let question_stats = stats.get(question.id.as_str()).copied();
            QuestionWithStats::new(question, question_stats)
        })
        .collect();
    Ok(QuestionList { questions })
}

/// `status` as given in a query string: approved (the default) or draft.
pub fn parse_status(raw: Option<&str>) -> Result<QuestionStatus, Error> {
    match raw {
        None | Some("approved") => Ok(QuestionStatus::Approved),
        Some("draft") => Ok(QuestionStatus::Draft),
        Some(_) => Err(Error::InvalidStatus),
    }
}

/// The import formats for a request's Content-Type.
pub fn import_format(content_type: &str, kind: ImportKind) -> Result<Format, Error> {
    Format::from_content_type(content_type)
        .filter(|format| kind == ImportKind::Questions || *format != Format::Json)
        .ok_or(Error::UnsupportedFileType(kind))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Questions the file would add.
    pub valid: usize,
    pub errors: Vec<RowError>,
    /// The first 20 questions the file would add.
    pub preview: Vec<Question>,
}

/// What an import answers: a preview (written nothing), or what it wrote.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionImport {
    pub imported: usize,
    /// Only in a preview.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<ImportReport>,
    pub errors: Vec<RowError>,
}

/// A preview writes nothing; a real import writes only a clean file: with
/// any bad row nothing is written and every problem is listed.
pub async fn import(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    format: Format,
    body: &[u8],
    dry_run: bool,
    status: QuestionStatus,
) -> Result<QuestionImport, Error> {
    let contest = app.fresh_contest(cid).await?;
    let rows = question_rows(body, format).map_err(Error::import)?;
    let bank = app.store.list_questions(&contest.id).await?;
    let (questions, errors) = check_rows(rows, &bank, status);
    if dry_run {
        let report = ImportReport {
            dry_run,
            valid: questions.len(),
            errors: errors.clone(),
            preview: questions.into_iter().take(20).collect(),
        };
        return Ok(QuestionImport { imported: 0, report: Some(report), errors });
    }
    if !errors.is_empty() {
        return Err(Error::ImportHasErrors { kind: ImportKind::Questions, errors: errors.len() });
    }
    app.store.put_questions(&contest.id, &questions).await?;
    #[derive(Serialize)]
    struct Imported {
        imported: usize,
        status: QuestionStatus,
    }
    super::record(app, cid, who, "questions.import", Imported { imported: questions.len(), status }).await?;
    Ok(QuestionImport { imported: questions.len(), report: None, errors: Vec::new() })
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionEdit {
    /// Not blank, at most 2000 characters after trimming; unlike every other question's.
    #[schema(pattern = "\\S")]
    pub text: String,
    /// 2–6 options, distinct even ignoring case and spacing.
    #[schema(min_items = 2, max_items = 6)]
    pub options: Vec<String>,
    /// The correct option's letter, A–F (within the options).
    #[schema(pattern = "^\\s*[A-Fa-f]\\s*$")]
    pub answer: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub source: String,
    pub status: QuestionStatus,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionEnvelope {
    pub question: Question,
}

/// Edits one question (or approves a draft). Attempts already drawn keep
/// their own copy, so results never change.
pub async fn update(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    qid: &QuestionId,
    edit: QuestionEdit,
) -> Result<QuestionEnvelope, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let mut question = bank.iter().find(|q| &q.id == qid).cloned().ok_or(Error::QuestionNotFound)?;
    let content = check_question_content(&edit.text, &edit.options, &edit.answer).map_err(Error::InvalidQuestion)?;
    let text_key = normalized_question_text(&content.text);
    if bank.iter().any(|q| &q.id != qid && normalized_question_text(&q.text) == text_key) {
        return Err(Error::DuplicateQuestion);
    }
    question.text = content.text;
    question.options = content.options;
    question.answer_index = content.answer_index;
    question.topic = edit.topic.trim().to_owned();
    question.source = edit.source.trim().to_owned();
    question.status = edit.status;
    app.store.put_questions(&contest.id, std::slice::from_ref(&question)).await?;
    #[derive(Serialize)]
    struct Updated<'a> {
        question_id: &'a QuestionId,
        status: QuestionStatus,
    }
    super::record(app, cid, who, "question.update", Updated { question_id: qid, status: question.status }).await?;
    Ok(QuestionEnvelope { question })
}
