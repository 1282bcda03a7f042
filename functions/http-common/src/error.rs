use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contest_domain::{DomainError, FieldError};
use contest_store::StoreError;
use serde_json::json;

/// Every error a client sees: a status, a stable machine code, a Vietnamese
/// sentence, and the form field at fault when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None }
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại.",
        )
    }

    pub fn contest_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "CONTEST_NOT_FOUND", "Không tìm thấy cuộc thi.")
    }

    pub fn round_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "ROUND_NOT_FOUND", "Không tìm thấy tuần thi.")
    }

    pub fn attempt_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "ATTEMPT_NOT_FOUND", "Không tìm thấy bài thi.")
    }

    pub fn route_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", "Không tìm thấy địa chỉ yêu cầu.")
    }

    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "Phương thức không được hỗ trợ cho địa chỉ này.")
    }

    pub fn payload_too_large() -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "Dữ liệu gửi lên quá lớn (tối đa 64 KB).")
    }

    pub fn invalid_json(detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_JSON",
            format!("Dữ liệu gửi lên không đúng định dạng: {detail}"),
        )
    }

    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "Đã có lỗi hệ thống. Vui lòng thử lại sau.")
    }
}

impl From<FieldError> for ApiError {
    fn from(err: FieldError) -> Self {
        Self { status: StatusCode::BAD_REQUEST, code: err.code, message: err.message, field: err.field }
    }
}

impl From<DomainError> for ApiError {
    fn from(err: DomainError) -> Self {
        let status = match err {
            DomainError::UnknownQuestion(_) | DomainError::UnknownOption(_) | DomainError::PredictionNotAllowed => {
                StatusCode::BAD_REQUEST
            }
            DomainError::RoundNotOpenYet
            | DomainError::RoundClosed
            | DomainError::AttemptLimitReached { .. }
            | DomainError::AttemptClosed
            | DomainError::NotEnoughQuestions { .. } => StatusCode::CONFLICT,
        };
        Self::new(status, err.code(), err.message())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Unavailable(detail) => {
                tracing::warn!(%detail, "store unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "STORE_UNAVAILABLE",
                    "Hệ thống đang bận. Câu trả lời của bạn vẫn được giữ trên máy; vui lòng thử lại sau giây lát.",
                )
            }
            other => {
                tracing::error!(error = %other, "store failure");
                Self::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "code": self.code, "message": self.message });
        if let Some(field) = self.field {
            body["field"] = json!(field);
        }
        let mut response = (self.status, Json(json!({ "error": body }))).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}
