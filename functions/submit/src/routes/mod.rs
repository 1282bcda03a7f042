pub mod save_answers;
pub mod submit;

use contest_domain::attempt::Answers;
use contest_domain::{AttemptId, ContestId, DomainError, OptionId, QuestionId};
use http_common::ApiError;
use std::collections::BTreeMap;

/// More than any attempt may hold; also keeps the autosave's condition
/// expression under DynamoDB's 4 KB limit.
pub const MAX_ANSWERS_PER_REQUEST: usize = 100;

pub fn parse_answers(raw: BTreeMap<String, String>) -> Result<Answers, ApiError> {
    if raw.len() > MAX_ANSWERS_PER_REQUEST {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "TOO_MANY_ANSWERS",
            format!("Mỗi lần chỉ gửi được tối đa {MAX_ANSWERS_PER_REQUEST} câu trả lời."),
        ));
    }
    raw.into_iter()
        .map(|(question, option)| {
            let question_id = QuestionId::parse(question.as_str())
                .map_err(|_| DomainError::UnknownQuestion(question.chars().take(64).collect()))?;
            let option_id =
                OptionId::parse(option).map_err(|_| DomainError::UnknownOption(question_id.to_string()))?;
            Ok((question_id, option_id))
        })
        .collect()
}

pub fn parse_ids(cid: String, aid: String) -> Result<(ContestId, AttemptId), ApiError> {
    Ok((
        ContestId::parse(cid).map_err(|_| ApiError::contest_not_found())?,
        AttemptId::parse(aid).map_err(|_| ApiError::attempt_not_found())?,
    ))
}
