use thiserror::Error;

/// An input that breaks a rule, with the machine code clients key on and the
/// Vietnamese sentence a participant reads. The field, when there is one,
/// lets a form show the message next to the right input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{code}: {message}")]
pub struct FieldError {
    pub code: &'static str,
    pub field: Option<&'static str>,
    pub message: String,
}

impl FieldError {
    pub fn new(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        Self { code, field: Some(field), message: message.into() }
    }
}

/// Rule violations that arise while a contest runs (not from malformed input).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("round has not opened yet")]
    RoundNotOpenYet,
    #[error("round is closed")]
    RoundClosed,
    #[error("attempt limit reached")]
    AttemptLimitReached { max: u32 },
    #[error("attempt is closed")]
    AttemptClosed,
    #[error("question not in attempt")]
    UnknownQuestion(String),
    #[error("option not in question")]
    UnknownOption(String),
    #[error("contest has no prediction question")]
    PredictionNotAllowed,
    #[error("not enough approved questions")]
    NotEnoughQuestions { needed: usize, available: usize },
}

impl DomainError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::RoundNotOpenYet | Self::RoundClosed => "ROUND_NOT_OPEN",
            Self::AttemptLimitReached { .. } => "ATTEMPT_LIMIT_REACHED",
            Self::AttemptClosed => "ATTEMPT_CLOSED",
            Self::UnknownQuestion(_) => "UNKNOWN_QUESTION",
            Self::UnknownOption(_) => "UNKNOWN_OPTION",
            Self::PredictionNotAllowed => "PREDICTION_NOT_ALLOWED",
            Self::NotEnoughQuestions { .. } => "QUESTION_BANK_TOO_SMALL",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::RoundNotOpenYet => "Tuần thi này chưa mở. Vui lòng quay lại khi đến giờ thi.".into(),
            Self::RoundClosed => "Tuần thi này đã kết thúc.".into(),
            Self::AttemptLimitReached { max } => {
                format!("Bạn đã dùng hết {max} lượt thi của tuần này.")
            }
            Self::AttemptClosed => "Bài thi đã kết thúc, không thể thay đổi câu trả lời.".into(),
            Self::UnknownQuestion(id) => format!("Câu hỏi «{id}» không thuộc bài thi này."),
            Self::UnknownOption(id) => {
                format!("Phương án trả lời cho câu «{id}» không thuộc câu hỏi đó.")
            }
            Self::PredictionNotAllowed => "Cuộc thi này không có câu hỏi dự đoán.".into(),
            Self::NotEnoughQuestions { needed, available } => {
                format!("Ngân hàng câu hỏi chỉ có {available} câu đã duyệt, cần ít nhất {needed} câu.")
            }
        }
    }
}
