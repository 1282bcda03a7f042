//! The question bank: list, import (XLSX, CSV, JSON) with a preview, edit.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use contest_domain::contest::{check_question_content, normalized_question_text, QuestionStatus};
use contest_domain::import::check_rows;
use contest_domain::QuestionId;
use http_common::{ApiError, ApiJson, ApiPath, AppState, OrganizerAuth};
use serde::Deserialize;
use serde_json::{json, Value};
use spreadsheets::import::{question_rows, Format};

pub async fn list(State(state): State<AppState>, _auth: OrganizerAuth, ApiPath(cid): ApiPath<String>) -> Result<Json<Value>, ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    let bank = state.store.list_questions(&cid).await?;
    let stats = crate::stats::question_stats(&state.store.contest_attempts(&cid).await?);
    let questions: Vec<_> = bank
        .iter()
        .map(|question| {
            let mut entry = json!(question);
            entry["stats"] = json!(stats.get(question.id.as_str()));
            entry
        })
        .collect();
    Ok(Json(json!({ "questions": questions })))
}

fn parse_status(raw: Option<&str>) -> Result<QuestionStatus, ApiError> {
    match raw {
        None | Some("approved") => Ok(QuestionStatus::Approved),
        Some("draft") => Ok(QuestionStatus::Draft),
        Some(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "INVALID_STATUS", "Trạng thái phải là approved hoặc draft.")),
    }
}

/// `POST .../questions/import?dry_run=true|false&status=approved|draft`.
/// A preview writes nothing; a real import writes only a clean file: with
/// any bad row nothing is written and every problem is listed.
pub async fn import(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    ApiPath(cid): ApiPath<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    http_common::ApiBytes(body): http_common::ApiBytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let format = Format::from_content_type(content_type).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_FILE_TYPE",
            "Chỉ nhận tệp Excel (.xlsx), CSV hoặc JSON.",
        )
    })?;
    let dry_run = super::query_param(query.as_deref(), "dry_run") != Some("false");
    let status = parse_status(super::query_param(query.as_deref(), "status"))?;
    let rows = question_rows(&body, format)
        .map_err(|err| ApiError::new(StatusCode::BAD_REQUEST, "UNREADABLE_FILE", err.to_string()))?;
    let bank = state.store.list_questions(&cid).await?;
    let (questions, errors) = check_rows(rows, &bank, status);
    let report = json!({
        "dry_run": dry_run,
        "valid": questions.len(),
        "errors": errors,
        "preview": questions.iter().take(20).collect::<Vec<_>>(),
    });
    if dry_run {
        return Ok((StatusCode::OK, Json(json!({ "imported": 0, "report": report, "errors": errors }))));
    }
    if !errors.is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "IMPORT_HAS_ERRORS",
            format!("Tệp có {} lỗi nên chưa nhập câu nào. Xem trước để sửa từng dòng.", errors.len()),
        ));
    }
    state.store.put_questions(&cid, &questions).await?;
    super::audit(&state, &cid, &auth.username, "questions.import", json!({ "imported": questions.len(), "status": status })).await?;
    Ok((StatusCode::CREATED, Json(json!({ "imported": questions.len(), "errors": [] }))))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionEdit {
    text: String,
    options: Vec<String>,
    answer: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    source: String,
    status: QuestionStatus,
}

/// `PUT .../questions/{qid}`: edits one question (or approves a draft).
/// Attempts already drawn keep their own copy, so results never change.
pub async fn update(
    State(state): State<AppState>,
    auth: OrganizerAuth,
    ApiPath((cid, qid)): ApiPath<(String, String)>,
    ApiJson(edit): ApiJson<QuestionEdit>,
) -> Result<Json<Value>, ApiError> {
    let (cid, _) = super::fresh_contest(&state, &cid).await?;
    let not_found = || ApiError::new(StatusCode::NOT_FOUND, "QUESTION_NOT_FOUND", "Không tìm thấy câu hỏi.");
    let qid = QuestionId::parse(qid).map_err(|_| not_found())?;
    let bank = state.store.list_questions(&cid).await?;
    let mut question = bank.iter().find(|q| q.id == qid).cloned().ok_or_else(not_found)?;
    let content = check_question_content(&edit.text, &edit.options, &edit.answer).map_err(|problems| {
        let detail: Vec<_> = problems.into_iter().map(|(field, message)| format!("{field}: {message}")).collect();
        ApiError::new(StatusCode::BAD_REQUEST, "INVALID_QUESTION", format!("Câu hỏi chưa hợp lệ: {}", detail.join("; ")))
    })?;
    let text_key = normalized_question_text(&content.text);
    if bank.iter().any(|q| q.id != qid && normalized_question_text(&q.text) == text_key) {
        return Err(ApiError::new(StatusCode::CONFLICT, "DUPLICATE_QUESTION", "Đã có câu hỏi khác với nội dung này."));
    }
    question.text = content.text;
    question.options = content.options;
    question.answer_index = content.answer_index;
    question.topic = edit.topic.trim().to_owned();
    question.source = edit.source.trim().to_owned();
    question.status = edit.status;
    state.store.put_questions(&cid, std::slice::from_ref(&question)).await?;
    super::audit(&state, &cid, &auth.username, "question.update", json!({ "question_id": qid, "status": question.status })).await?;
    Ok(Json(json!({ "question": question })))
}
