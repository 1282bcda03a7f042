//! The question bank: list with statistics, import (XLSX, CSV, JSON) with a
//! preview, edit one question.

use contest_domain::contest::{
    check_question_content, normalized_question_text, pool_problems, Contest, Question, QuestionStatus, RoundStatus,
};
use contest_domain::import::{check_rows, RowError};
use contest_domain::{ContestId, QuestionId};
use serde::{Deserialize, Serialize};
use spreadsheets::import::{question_rows, Format};

use super::regrade::{self, RescoreReport};
use super::results::require_confirmation_for_rounds;
use super::stats::{question_stats, QuestionStats};
use crate::{App, Error, ImportKind, Organizer};
use contest_store::bank::QuestionDeletion;
use std::collections::HashSet;

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
    /// The rounds whose attempts may draw it; empty: every round.
    pub rounds: Vec<contest_domain::RoundId>,
    /// Whether attempts show the options in a random order.
    pub shuffle_options: bool,
    /// How finished attempts fared on it; null when never drawn.
    pub stats: Option<QuestionStats>,
    /// An attempt drew it: it can be archived, not deleted.
    pub drawn: bool,
    /// The key was corrected after attempts used it (a regrade or a void).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correction: Option<contest_domain::attempt::KeyCorrection>,
}

impl QuestionWithStats {
    fn new(
        question: Question,
        stats: Option<QuestionStats>,
        drawn: bool,
        correction: Option<contest_domain::attempt::KeyCorrection>,
    ) -> Self {
        let Question { id, text, options, answer_index, topic, source, status, rounds, shuffle_options } = question;
        Self {
            id,
            text,
            options,
            answer_index,
            topic,
            source,
            status,
            rounds,
            shuffle_options,
            stats,
            drawn,
            correction,
        }
    }
}

pub async fn list(app: &App, cid: &ContestId) -> Result<QuestionList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.bank(&contest.id).await?;
    let stats = question_stats(&app.store.contest_attempts(&contest.id).await?);
    let questions = bank
        .questions
        .into_iter()
        .map(|question| {
            let question_stats = stats.get(question.id.as_str()).copied();
            let drawn = bank.drawn.contains(&question.id) || question_stats.is_some();
            let correction = contest.key_corrections.get(&question.id).cloned();
            QuestionWithStats::new(question, question_stats, drawn, correction)
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

/// Refuses a bank in which a round that has not closed yet could no longer
/// draw a whole attempt (archiving or deleting too much).
fn check_open_pools(contest: &Contest, bank: &[Question], now: chrono::DateTime<chrono::Utc>) -> Result<(), Error> {
    let mut open = contest.clone();
    open.rounds.retain(|round| round.status_at(now) != RoundStatus::Closed);
    let problems = pool_problems(&open, bank);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidQuestion(problems.into_iter().map(|p| ("rounds".to_owned(), p)).collect()))
    }
}

/// The import formats for a request's Content-Type.
pub fn import_format(content_type: &str, kind: ImportKind) -> Result<Format, Error> {
    Format::from_content_type(content_type)
        .filter(|format| kind != ImportKind::Organizations || *format != Format::Json)
        // Word documents hold questions; lists of units and staff are tables.
        .filter(|format| kind == ImportKind::Questions || *format != Format::Docx)
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
    let (questions, errors) = check_rows(rows, &bank, status, &contest.rounds);
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
    /// Round ids (or names) whose attempts may draw it; empty: every round.
    /// Unchanged when absent.
    #[serde(default)]
    pub rounds: Option<Vec<String>>,
    /// Whether attempts shuffle the options; unchanged when absent.
    #[serde(default)]
    pub shuffle_options: Option<bool>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionEnvelope {
    pub question: Question,
    /// When the key changed under `regrade=true`: what the rescoring did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regrade: Option<RescoreReport>,
}

/// Edits one question (or approves a draft). Attempts already drawn keep
/// their own copy of the text. Moving the key of a question that finished
/// attempts used is a regrade: refused without `regrade=true` (409
/// `REGRADE_REQUIRED`), and with it every such attempt is rescored, best
/// results and decided winners follow (published ones only with `confirm`).
pub async fn update(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    qid: &QuestionId,
    edit: QuestionEdit,
    regrade: bool,
    confirmed: bool,
) -> Result<QuestionEnvelope, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let before = bank.iter().find(|q| &q.id == qid).cloned().ok_or(Error::QuestionNotFound)?;
    let mut question = before.clone();
    let content = check_question_content(&edit.text, &edit.options, &edit.answer).map_err(Error::InvalidQuestion)?;
    let text_key = normalized_question_text(&content.text);
    if bank.iter().any(|q| &q.id != qid && normalized_question_text(&q.text) == text_key) {
        return Err(Error::DuplicateQuestion);
    }
    let new_key = normalized_question_text(&content.options[content.answer_index]);
    let key_moved = normalized_question_text(&before.options[before.answer_index]) != new_key;
    question.text = content.text;
    question.options = content.options;
    question.answer_index = content.answer_index;
    question.topic = edit.topic.trim().to_owned();
    question.source = edit.source.trim().to_owned();
    question.status = edit.status;
    if let Some(shuffle) = edit.shuffle_options {
        question.shuffle_options = shuffle;
    }
    if let Some(rounds) = &edit.rounds {
        question.rounds = contest_domain::contest::parse_question_rounds(rounds, &contest.rounds)
            .map_err(|message| Error::InvalidQuestion(vec![("rounds".into(), message)]))?;
    }
    let mut next_bank = bank.clone();
    if let Some(slot) = next_bank.iter_mut().find(|q| &q.id == qid) {
        *slot = question.clone();
    }
    // Leaving (or narrowing) a pool must not starve a round that has not closed.
    if before.status == QuestionStatus::Approved
        && (question.status != before.status || question.rounds != before.rounds)
    {
        check_open_pools(&contest, &next_bank, app.clock.now())?;
    }
    let mut used_by = Vec::new();
    if key_moved {
        let summaries = app.store.contest_attempts(&contest.id).await?;
        let wanted = HashSet::from([qid.as_str()]);
        used_by = regrade::attempts_using(&summaries, &wanted);
        if !used_by.is_empty() && !regrade {
            return Err(Error::RegradeRequired { attempts: used_by.len() });
        }
        if !used_by.is_empty() {
            require_confirmation_for_rounds(app, &contest, &regrade::rounds_using(&summaries, &wanted), confirmed)
                .await?;
        }
    }
    app.store.put_questions(&contest.id, std::slice::from_ref(&question)).await?;
    app.forget_contest(cid).await;
    let report = if used_by.is_empty() {
        None
    } else {
        let answer = question.options[question.answer_index].clone();
        let contest = regrade::record_correction(app, cid, qid, |correction| correction.answer = Some(answer)).await?;
        Some(regrade::rescore(app, &contest, std::slice::from_ref(qid), confirmed).await?)
    };
    #[derive(Serialize)]
    struct Snapshot<'a> {
        text: &'a str,
        options: &'a [String],
        answer: char,
        status: QuestionStatus,
        shuffle_options: bool,
        rounds: &'a [contest_domain::RoundId],
    }
    fn snapshot(q: &Question) -> Snapshot<'_> {
        Snapshot {
            text: &q.text,
            options: &q.options,
            answer: (b'A' + q.answer_index as u8) as char,
            status: q.status,
            shuffle_options: q.shuffle_options,
            rounds: &q.rounds,
        }
    }
    #[derive(Serialize)]
    struct Updated<'a> {
        question_id: &'a QuestionId,
        before: Snapshot<'a>,
        after: Snapshot<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        regrade: Option<&'a RescoreReport>,
    }
    let action = if report.is_some() { "question.regrade" } else { "question.update" };
    let detail =
        Updated { question_id: qid, before: snapshot(&before), after: snapshot(&question), regrade: report.as_ref() };
    super::record(app, cid, who, action, detail).await?;
    Ok(QuestionEnvelope { question, regrade: report })
}

/// Deletes a question no attempt ever drew (a drawn one can be archived).
pub async fn delete(app: &App, who: &Organizer, cid: &ContestId, qid: &QuestionId) -> Result<Deleted, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let question = bank.iter().find(|q| &q.id == qid).cloned().ok_or(Error::QuestionNotFound)?;
    let remaining: Vec<Question> = bank.into_iter().filter(|q| &q.id != qid).collect();
    check_open_pools(&contest, &remaining, app.clock.now())?;
    match app.store.delete_question(&contest.id, qid).await? {
        QuestionDeletion::Deleted => {}
        QuestionDeletion::NotFound => return Err(Error::QuestionNotFound),
        QuestionDeletion::Drawn => return Err(Error::QuestionDrawn),
    }
    app.forget_contest(cid).await;
    #[derive(Serialize)]
    struct Removed<'a> {
        question_id: &'a QuestionId,
        text: &'a str,
    }
    super::record(app, cid, who, "question.delete", Removed { question_id: qid, text: &question.text }).await?;
    Ok(Deleted { question_id: qid.clone() })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Deleted {
    pub question_id: QuestionId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BulkAction {
    Approve,
    /// Back to draft.
    Draft,
    /// Never drawn again; kept for the papers that hold it.
    Archive,
    /// Only questions never drawn.
    Delete,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkRequest {
    pub action: BulkAction,
    /// 1–500 question ids.
    #[schema(min_items = 1, max_items = 500)]
    pub question_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BulkOutcome {
    pub question_id: String,
    pub ok: bool,
    /// Why not (a machine code: QUESTION_NOT_FOUND, QUESTION_DRAWN).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BulkReport {
    pub action: BulkAction,
    pub changed: usize,
    pub results: Vec<BulkOutcome>,
}

/// Approves, returns to draft, archives or deletes many questions at once.
/// The whole request is refused if it would leave a round that has not
/// closed without enough questions; otherwise each question gets its own
/// outcome (a drawn question is not deleted, and says so).
pub async fn bulk(app: &App, who: &Organizer, cid: &ContestId, request: BulkRequest) -> Result<BulkReport, Error> {
    if request.question_ids.is_empty() || request.question_ids.len() > 500 {
        return Err(Error::InvalidBulkAction("question_ids: từ 1 đến 500 câu".into()));
    }
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let mut results = Vec::new();
    let mut targets: Vec<Question> = Vec::new();
    for raw in &request.question_ids {
        match QuestionId::parse(raw).ok().and_then(|qid| bank.iter().find(|q| q.id == qid)) {
            Some(question) if !targets.iter().any(|t| t.id == question.id) => targets.push(question.clone()),
            Some(_) => {}
            None => results.push(BulkOutcome {
                question_id: raw.chars().take(64).collect(),
                ok: false,
                code: Some("QUESTION_NOT_FOUND".into()),
                message: Some("Không có câu hỏi này trong ngân hàng.".into()),
            }),
        }
    }
    let status = match request.action {
        BulkAction::Approve => Some(QuestionStatus::Approved),
        BulkAction::Draft => Some(QuestionStatus::Draft),
        BulkAction::Archive => Some(QuestionStatus::Archived),
        BulkAction::Delete => None,
    };
    let next_bank: Vec<Question> = bank
        .iter()
        .filter_map(|q| match (targets.iter().any(|t| t.id == q.id), status) {
            (false, _) => Some(q.clone()),
            (true, Some(status)) => Some(Question { status, ..q.clone() }),
            (true, None) => None,
        })
        .collect();
    check_open_pools(&contest, &next_bank, app.clock.now())?;
    let mut changed = Vec::new();
    match status {
        Some(status) => {
            let updated: Vec<Question> =
                targets.iter().filter(|q| q.status != status).map(|q| Question { status, ..q.clone() }).collect();
            app.store.put_questions(&contest.id, &updated).await?;
            for question in &targets {
                results.push(BulkOutcome { question_id: question.id.to_string(), ok: true, code: None, message: None });
            }
            changed.extend(updated.iter().map(|q| q.id.clone()));
        }
        None => {
            for question in &targets {
                let outcome = app.store.delete_question(&contest.id, &question.id).await?;
                let (ok, code, message) = match outcome {
                    QuestionDeletion::Deleted => (true, None, None),
                    QuestionDeletion::NotFound => {
                        (false, Some("QUESTION_NOT_FOUND"), Some("Câu hỏi đã bị xóa trước đó."))
                    }
                    QuestionDeletion::Drawn => (
                        false,
                        Some("QUESTION_DRAWN"),
                        Some("Câu hỏi đã được dùng trong bài thi nên không xóa được; hãy chọn «Lưu trữ»."),
                    ),
                };
                if ok {
                    changed.push(question.id.clone());
                }
                results.push(BulkOutcome {
                    question_id: question.id.to_string(),
                    ok,
                    code: code.map(str::to_owned),
                    message: message.map(str::to_owned),
                });
            }
        }
    }
    app.forget_contest(cid).await;
    #[derive(Serialize)]
    struct Bulk<'a> {
        action: BulkAction,
        changed: &'a [QuestionId],
        refused: usize,
    }
    let refused = results.iter().filter(|r| !r.ok).count();
    super::record(app, cid, who, "questions.bulk", Bulk { action: request.action, changed: &changed, refused }).await?;
    Ok(BulkReport { action: request.action, changed: changed.len(), results })
}
