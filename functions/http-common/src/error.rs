//! The one place where an application error becomes an HTTP answer: its
//! status, its stable machine code and the Vietnamese sentence a person
//! reads, as `{"error": {"code", "message", "field"?}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contest_store::StoreError;
use contest_usecases::{BusyWith, Denied, Error, ErrorCode, ImportKind};
use serde::Serialize;

/// Every error a client sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<&'static str>,
    /// Seconds for the `Retry-After` header (429 and 503 answers).
    pub retry_after: Option<i64>,
}

/// The HTTP status of each machine code: one code, one status.
pub fn status_of(code: ErrorCode) -> StatusCode {
    use ErrorCode as C;
    match code {
        C::InvalidJson
        | C::InvalidQuery
        | C::InvalidPhone
        | C::InvalidFullName
        | C::PasswordTooShort
        | C::PasswordTooLong
        | C::InvalidBirthYear
        | C::InvalidEmail
        | C::UnknownOrganization
        | C::UnknownQuestion
        | C::UnknownOption
        | C::PredictionNotAllowed
        | C::TooManyAnswers
        | C::InvalidLimit
        | C::RoundRequired
        | C::InvalidStatus
        | C::InvalidContest
        | C::ContestIdMismatch
        | C::InvalidQuestion
        | C::InvalidOrganization
        | C::UnreadableFile
        | C::ChallengeRequired
        | C::ChallengeFailed
        | C::VerificationCodeInvalid
        | C::ResetCodeInvalid
        | C::WrongPassword
        | C::ConsentRequired
        | C::InvalidBulkAction => StatusCode::BAD_REQUEST,
        C::Unauthenticated | C::InvalidCredentials => StatusCode::UNAUTHORIZED,
        C::Forbidden | C::PhoneBarred | C::ParticipantBarred => StatusCode::FORBIDDEN,
        C::NotFound
        | C::ContestNotFound
        | C::RoundNotFound
        | C::AttemptNotFound
        | C::QuestionNotFound
        | C::OrganizationNotFound
        | C::ReviewNotFound
        | C::ParticipantNotFound
        | C::AnnouncementNotFound
        | C::CertificateNotFound
        | C::FollowUpLinkNotFound
        | C::EmailResetUnavailable => StatusCode::NOT_FOUND,
        C::VerificationExpired => StatusCode::GONE,
        C::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        C::PhoneAlreadyRegistered
        | C::RoundNotOpen
        | C::AttemptLimitReached
        | C::AttemptClosed
        | C::QuestionBankTooSmall
        | C::ContestExists
        | C::ConfirmationRequired
        | C::ShardsLocked
        | C::DuplicateQuestion
        | C::WinnersNotDecided
        | C::RosterEntryTaken
        | C::ReviewNotYetAvailable
        | C::RegradeRequired
        | C::QuestionDrawn
        | C::NoCertificates => StatusCode::CONFLICT,
        C::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        C::UnsupportedFileType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        C::ImportHasErrors
        | C::Validation
        | C::SpreadsheetTooLarge
        | C::NotOnRoster
        | C::InvalidReason
        | C::InvalidAnnouncement => StatusCode::UNPROCESSABLE_ENTITY,
        C::LoginLocked | C::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        C::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        C::BusyRetry | C::StoreUnavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The sentence a person reads, and the form field at fault.
fn message(err: &Error) -> (String, Option<&'static str>) {
    let text = |s: &str| (s.to_owned(), None);
    match err {
        Error::InvalidJson(detail) => (format!("Dữ liệu gửi lên không đúng định dạng: {detail}"), None),
        Error::InvalidQuery(detail) => (format!("Tham số trên địa chỉ không hợp lệ: {detail}"), None),
        Error::PayloadTooLarge => text("Dữ liệu gửi lên quá lớn (tối đa 64 KB)."),
        Error::RouteNotFound => text("Không tìm thấy địa chỉ yêu cầu."),
        Error::MethodNotAllowed => text("Phương thức không được hỗ trợ cho địa chỉ này."),
        Error::Field(field_error) => (field_error.message.clone(), field_error.field),
        Error::Rule(rule) => (rule.message(), None),
        Error::ContestNotFound => text("Không tìm thấy cuộc thi."),
        Error::RoundNotFound => text("Không tìm thấy tuần thi."),
        Error::AttemptNotFound => text("Không tìm thấy bài thi."),
        Error::QuestionNotFound => text("Không tìm thấy câu hỏi."),
        Error::OrganizationNotFound => text("Không tìm thấy đơn vị trong cuộc thi."),
        Error::ReviewNotFound => text("Bài thi này không nằm trong danh sách cần xét duyệt."),
        Error::ParticipantNotFound => text("Không tìm thấy người dự thi."),
        Error::AnnouncementNotFound => text("Không tìm thấy thông báo."),
        Error::CertificateNotFound => {
            text("Không tìm thấy giấy chứng nhận có mã này. Vui lòng kiểm tra lại mã (16 ký tự in trên giấy).")
        }
        Error::FollowUpLinkNotFound => {
            text("Đường dẫn theo dõi không còn hiệu lực. Vui lòng liên hệ Ban Tổ chức để được cấp đường dẫn mới.")
        }
        Error::NoCertificates => text("Tuần thi này chưa có người đạt giải (hoặc người hoàn thành phần thi) để cấp giấy chứng nhận."),
        Error::WrongPassword => ("Mật khẩu không đúng.".to_owned(), Some("password")),
        Error::ResetCodeInvalid => (
            "Mã đặt lại mật khẩu không đúng, đã hết hạn hoặc đã được dùng. Vui lòng kiểm tra lại hoặc liên hệ Ban Tổ chức \
             để được cấp mã mới."
                .to_owned(),
            Some("code"),
        ),
        Error::ConsentRequired { notice_changed: false } => (
            "Vui lòng đọc thông báo về xử lý dữ liệu cá nhân và đánh dấu ô đồng ý để đăng ký.".to_owned(),
            Some("consent"),
        ),
        Error::ConsentRequired { notice_changed: true } => (
            "Thông báo về xử lý dữ liệu cá nhân vừa được Ban Tổ chức cập nhật. Vui lòng tải lại trang, đọc lại \
             và đánh dấu đồng ý."
                .to_owned(),
            Some("consent"),
        ),
        Error::EmailResetUnavailable => text(
            "Cuộc thi chưa hỗ trợ gửi mã qua e-mail. Vui lòng liên hệ Ban Tổ chức để được cấp mã đặt lại mật khẩu.",
        ),
        Error::ReviewNotYetAvailable { closes_at } if closes_at.is_empty() => {
            text("Bài thi chưa nộp nên chưa xem lại được đáp án.")
        }
        Error::ReviewNotYetAvailable { closes_at } => (
            format!("Đáp án được công bố sau khi tuần thi kết thúc ({closes_at}) để bảo đảm công bằng."),
            None,
        ),
        Error::RegradeRequired { attempts } => (
            format!(
                "Đã có {attempts} bài thi dùng câu hỏi này. Đổi đáp án sẽ chấm lại các bài đó (và cập nhật xếp hạng, \
                 danh sách đạt giải chưa công bố). Xác nhận chấm lại nếu vẫn muốn đổi."
            ),
            Some("answer"),
        ),
        Error::QuestionDrawn => {
            text("Câu hỏi đã được dùng trong bài thi nên không xóa được. Hãy chọn «Lưu trữ» để không dùng câu này nữa.")
        }
        Error::InvalidDisqualification => ("Cần ghi lý do loại (tối đa 1000 ký tự).".to_owned(), Some("reason")),
        Error::InvalidAnnouncement(problems) => {
            let detail: Vec<_> = problems.iter().map(|(field, message)| format!("{field}: {message}")).collect();
            (format!("Thông báo chưa hợp lệ: {}", detail.join("; ")), None)
        }
        Error::InvalidBulkAction(detail) => (format!("Thao tác hàng loạt không hợp lệ: {detail}"), None),
        Error::Unauthenticated => text("Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Vui lòng đăng nhập lại."),
        Error::Forbidden(Denied::NotOrganizer) => text("Tài khoản này không có quyền của Ban Tổ chức."),
        Error::Forbidden(Denied::ReadOnly) => {
            text("Tài khoản của bạn chỉ có quyền xem, không được thay đổi dữ liệu. Liên hệ quản trị viên nếu cần quyền này.")
        }
        Error::Forbidden(Denied::OtherContest) => text("Tài khoản của bạn không được phân công quản lý cuộc thi này."),
        Error::Forbidden(Denied::NotThroughCdn) => {
            text("Yêu cầu phải đi qua địa chỉ chính thức của trang cuộc thi, không gọi trực tiếp vào máy chủ API.")
        }
        Error::InvalidParticipantCredentials => text("Số điện thoại hoặc mật khẩu không đúng."),
        Error::InvalidOrganizerCredentials => text("Tên đăng nhập hoặc mật khẩu không đúng."),
        Error::LoginLocked { retry_after_seconds } => {
            let minutes = (retry_after_seconds + 59) / 60;
            (format!("Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút."), None)
        }
        Error::PhoneBarred => {
            text("Số điện thoại này thuộc Ban Tổ chức hoặc tổ soạn thảo câu hỏi nên không được tham gia dự thi.")
        }
        Error::PhoneAlreadyRegistered => {
            ("Số điện thoại này đã được đăng ký. Vui lòng đăng nhập.".to_owned(), Some("phone"))
        }
        Error::ParticipantBarred => {
            text("Tài khoản này không được tham gia dự thi (thành viên Ban Tổ chức hoặc tổ soạn thảo câu hỏi).")
        }
        Error::ChallengeRequired => (
            "Vui lòng chờ trang xác minh bạn không phải chương trình tự động rồi gửi lại.".to_owned(),
            Some("altcha"),
        ),
        Error::ChallengeFailed => (
            "Xác minh chống đăng ký tự động không thành công hoặc đã hết hạn. Vui lòng gửi lại.".to_owned(),
            Some("altcha"),
        ),
        Error::TooManyRequests { retry_after_seconds } => (
            format!(
                "Có quá nhiều yêu cầu từ cùng một địa chỉ mạng hoặc cho cùng một số điện thoại. Vui lòng thử lại sau {} phút.",
                (retry_after_seconds + 59) / 60
            ),
            None,
        ),
        Error::NotOnRoster => (
            "Họ tên và năm sinh của bạn không có trong danh sách cán bộ mà đơn vị đã gửi Ban Tổ chức. \
             Vui lòng kiểm tra lại (họ tên đầy đủ, có dấu) hoặc liên hệ bộ phận phụ trách của đơn vị để được bổ sung."
                .to_owned(),
            Some("full_name"),
        ),
        Error::RosterEntryTaken => (
            "Người có họ tên và năm sinh này trong danh sách của đơn vị đã đăng ký tài khoản. \
             Nếu đó không phải bạn, vui lòng liên hệ đơn vị hoặc Ban Tổ chức."
                .to_owned(),
            Some("full_name"),
        ),
        Error::VerificationCodeInvalid { remaining } => (
            format!("Mã xác minh không đúng. Bạn còn {remaining} lần thử."),
            Some("code"),
        ),
        Error::VerificationExpired => text("Mã xác minh đã hết hạn hoặc đã được dùng. Vui lòng đăng ký lại để nhận mã mới."),
        Error::InvalidExcludedPhone { position, raw } => {
            (format!("Số thứ {position} («{raw}») không phải số di động hợp lệ."), None)
        }
        Error::TooManyAnswers { max } => (format!("Mỗi lần chỉ gửi được tối đa {max} câu trả lời."), None),
        Error::InvalidLimit { max } => (format!("Tham số limit phải là số từ 1 đến {max}."), None),
        Error::RoundRequired => text("Cần chọn tuần thi (tham số round)."),
        Error::InvalidStatus => text("Trạng thái phải là approved hoặc draft."),
        Error::InvalidContest(problems) => (format!("Cấu hình cuộc thi chưa hợp lệ: {}", problems.join("; ")), None),
        Error::ContestNotAnObject => text("Cấu hình cuộc thi phải là một đối tượng JSON."),
        Error::ContestIdMismatch => text("Mã cuộc thi không khớp với địa chỉ."),
        Error::ContestExists => text("Đã có cuộc thi với mã này."),
        Error::ConfirmationRequired(rounds) => {
            (format!("{} đã có người dự thi. Xác nhận nếu vẫn muốn đổi thời gian hoặc xóa.", rounds.join(", ")), None)
        }
        Error::ShardsLocked => text("Không thể đổi số phân vùng bảng xếp hạng khi cuộc thi đã có kết quả."),
        Error::InvalidQuestion(problems) => {
            let detail: Vec<_> = problems.iter().map(|(field, message)| format!("{field}: {message}")).collect();
            (format!("Câu hỏi chưa hợp lệ: {}", detail.join("; ")), None)
        }
        Error::DuplicateQuestion => text("Đã có câu hỏi khác với nội dung này."),
        Error::InvalidOrganization(message) => (message.clone(), None),
        Error::UnsupportedFileType(ImportKind::Questions) => {
            text("Chỉ nhận tệp Word (.docx), Excel (.xlsx), CSV hoặc JSON.")
        }
        Error::UnsupportedFileType(ImportKind::Organizations) => text("Chỉ nhận tệp Excel (.xlsx) hoặc CSV."),
        Error::UnsupportedFileType(ImportKind::Roster) => text("Chỉ nhận tệp Excel (.xlsx), CSV hoặc JSON."),
        Error::UnreadableFile(message) | Error::SpreadsheetTooLarge(message) => (message.clone(), None),
        Error::ImportHasErrors { kind: ImportKind::Questions, errors } => {
            (format!("Tệp có {errors} lỗi nên chưa nhập câu nào. Xem trước để sửa từng dòng."), None)
        }
        Error::ImportHasErrors { kind: ImportKind::Organizations, errors } => {
            (format!("Tệp có {errors} lỗi nên chưa nhập đơn vị nào."), None)
        }
        Error::ImportHasErrors { kind: ImportKind::Roster, errors } => {
            (format!("Tệp có {errors} lỗi nên chưa nhập danh sách nào. Xem trước để sửa từng dòng."), None)
        }
        Error::WinnersNotDecided => text("Tuần thi chưa kết thúc hoặc chưa xét giải, chưa thể công bố."),
        Error::CorrectionNeedsConfirmation => text(
            "Danh sách đạt giải của tuần này đã công bố: thay đổi sẽ là một lần đính chính. Xác nhận nếu vẫn muốn thực hiện.",
        ),
        Error::Busy(BusyWith::Starting) => text("Hệ thống đang bận. Vui lòng bấm bắt đầu lại sau giây lát."),
        Error::Busy(BusyWith::Closing) => text("Hệ thống đang xử lý bài thi này. Vui lòng thử lại sau giây lát."),
        Error::Busy(BusyWith::Saving) => text("Hệ thống đang bận, vui lòng thử lại."),
        Error::Store(StoreError::Unavailable(_)) => {
            text("Hệ thống đang bận. Câu trả lời của bạn vẫn được giữ trên máy; vui lòng thử lại sau giây lát.")
        }
        Error::Store(_) | Error::Internal(_) => text("Đã có lỗi hệ thống. Vui lòng thử lại sau."),
    }
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        match &err {
            Error::Store(StoreError::Unavailable(source)) => tracing::warn!(%source, "store unavailable"),
            Error::Store(other) => tracing::error!(error = %other, "store failure"),
            _ => {}
        }
        let code = err.code();
        let (message, field) = message(&err);
        let retry_after = match err {
            Error::LoginLocked { retry_after_seconds } | Error::TooManyRequests { retry_after_seconds } => {
                Some(retry_after_seconds)
            }
            _ if status_of(code) == StatusCode::SERVICE_UNAVAILABLE => Some(1),
            _ => None,
        };
        Self { status: status_of(code), code, message, field, retry_after }
    }
}

impl From<contest_domain::FieldError> for ApiError {
    fn from(err: contest_domain::FieldError) -> Self {
        Error::Field(err).into()
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        Error::Store(err).into()
    }
}

impl ApiError {
    pub fn route_not_found() -> Self {
        Error::RouteNotFound.into()
    }

    pub fn method_not_allowed() -> Self {
        Error::MethodNotAllowed.into()
    }

    pub fn internal() -> Self {
        Error::Internal(String::new()).into()
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: Body<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Envelope { error: Body { code: self.code.as_str(), message: &self.message, field: self.field } };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        response
    }
}
