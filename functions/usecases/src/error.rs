//! The one error type of the application layer. Each variant is a situation
//! a client must be told about; `http-common` maps every variant to its
//! HTTP status, stable machine code and Vietnamese message in one place.

use contest_domain::{DomainError, FieldError};
use contest_store::StoreError;

/// Every machine code the API answers with, in one list: the OpenAPI
/// document enumerates them per operation, and clients key on them.
macro_rules! error_codes {
    ($($variant:ident = $code:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ErrorCode { $($variant),* }

        impl ErrorCode {
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),* }
            }

            /// The code of a domain rule or field error, which carry theirs as text.
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some(ErrorCode::$variant),)* _ => None }
            }
        }
    };
}

error_codes! {
    // Input that cannot be read.
    InvalidJson = "INVALID_JSON",
    InvalidQuery = "INVALID_QUERY",
    PayloadTooLarge = "PAYLOAD_TOO_LARGE",
    NotFound = "NOT_FOUND",
    MethodNotAllowed = "METHOD_NOT_ALLOWED",
    // Field errors of a registration (contest_domain::registration).
    InvalidPhone = "INVALID_PHONE",
    // Well-formed but refused by a content rule (a name with hidden format characters).
    Validation = "VALIDATION",
    InvalidFullName = "INVALID_FULL_NAME",
    PasswordTooShort = "PASSWORD_TOO_SHORT",
    PasswordTooLong = "PASSWORD_TOO_LONG",
    InvalidBirthYear = "INVALID_BIRTH_YEAR",
    InvalidEmail = "INVALID_EMAIL",
    UnknownOrganization = "UNKNOWN_ORGANIZATION",
    // Lookups.
    ContestNotFound = "CONTEST_NOT_FOUND",
    RoundNotFound = "ROUND_NOT_FOUND",
    AttemptNotFound = "ATTEMPT_NOT_FOUND",
    QuestionNotFound = "QUESTION_NOT_FOUND",
    OrganizationNotFound = "ORGANIZATION_NOT_FOUND",
    ReviewNotFound = "REVIEW_NOT_FOUND",
    ParticipantNotFound = "PARTICIPANT_NOT_FOUND",
    AnnouncementNotFound = "ANNOUNCEMENT_NOT_FOUND",
    CertificateNotFound = "CERTIFICATE_NOT_FOUND",
    FollowUpLinkNotFound = "FOLLOW_UP_LINK_NOT_FOUND",
    // Identity.
    Unauthenticated = "UNAUTHENTICATED",
    Forbidden = "FORBIDDEN",
    InvalidCredentials = "INVALID_CREDENTIALS",
    LoginLocked = "LOGIN_LOCKED",
    PhoneBarred = "PHONE_BARRED",
    PhoneAlreadyRegistered = "PHONE_ALREADY_REGISTERED",
    ParticipantBarred = "PARTICIPANT_BARRED",
    ChallengeRequired = "CHALLENGE_REQUIRED",
    ChallengeFailed = "CHALLENGE_FAILED",
    TooManyRequests = "TOO_MANY_REQUESTS",
    NotOnRoster = "NOT_ON_ROSTER",
    RosterEntryTaken = "ROSTER_ENTRY_TAKEN",
    VerificationCodeInvalid = "VERIFICATION_CODE_INVALID",
    VerificationExpired = "VERIFICATION_EXPIRED",
    ResetCodeInvalid = "RESET_CODE_INVALID",
    WrongPassword = "WRONG_PASSWORD",
    ConsentRequired = "CONSENT_REQUIRED",
    EmailResetUnavailable = "EMAIL_RESET_UNAVAILABLE",
    // Attempts (contest_domain::DomainError and request shape).
    RoundNotOpen = "ROUND_NOT_OPEN",
    AttemptLimitReached = "ATTEMPT_LIMIT_REACHED",
    AttemptClosed = "ATTEMPT_CLOSED",
    UnknownQuestion = "UNKNOWN_QUESTION",
    UnknownOption = "UNKNOWN_OPTION",
    PredictionNotAllowed = "PREDICTION_NOT_ALLOWED",
    QuestionBankTooSmall = "QUESTION_BANK_TOO_SMALL",
    TooManyAnswers = "TOO_MANY_ANSWERS",
    ReviewNotYetAvailable = "REVIEW_NOT_YET_AVAILABLE",
    // Queries.
    InvalidLimit = "INVALID_LIMIT",
    RoundRequired = "ROUND_REQUIRED",
    InvalidStatus = "INVALID_STATUS",
    // Organizer operations.
    InvalidContest = "INVALID_CONTEST",
    ContestIdMismatch = "CONTEST_ID_MISMATCH",
    ContestExists = "CONTEST_EXISTS",
    ConfirmationRequired = "CONFIRMATION_REQUIRED",
    ShardsLocked = "SHARDS_LOCKED",
    InvalidQuestion = "INVALID_QUESTION",
    DuplicateQuestion = "DUPLICATE_QUESTION",
    InvalidOrganization = "INVALID_ORGANIZATION",
    UnsupportedFileType = "UNSUPPORTED_FILE_TYPE",
    UnreadableFile = "UNREADABLE_FILE",
    SpreadsheetTooLarge = "SPREADSHEET_TOO_LARGE",
    ImportHasErrors = "IMPORT_HAS_ERRORS",
    WinnersNotDecided = "WINNERS_NOT_DECIDED",
    RegradeRequired = "REGRADE_REQUIRED",
    NoCertificates = "NO_CERTIFICATES",
    QuestionDrawn = "QUESTION_DRAWN",
    InvalidReason = "INVALID_REASON",
    InvalidAnnouncement = "INVALID_ANNOUNCEMENT",
    InvalidBulkAction = "INVALID_BULK_ACTION",
    // The system.
    BusyRetry = "BUSY_RETRY",
    StoreUnavailable = "STORE_UNAVAILABLE",
    Internal = "INTERNAL",
}

/// Which request a `BusyRetry` answers, so the sentence says what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusyWith {
    /// Starting an attempt lost every race with concurrent requests.
    Starting,
    /// Closing an attempt lost every race with concurrent requests.
    Closing,
    /// A valid autosave was refused because the attempt changed meanwhile.
    Saving,
}

/// Whose import file a rejection is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Questions,
    Organizations,
    /// Units' staff lists (danh sách cán bộ).
    Roster,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request body is not JSON of the expected shape; the detail says where.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// The query string does not parse (a parameter given twice...).
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("route not found")]
    RouteNotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A form field breaks a rule; carries its own code, field and message.
    #[error(transparent)]
    Field(#[from] FieldError),
    /// A contest rule refuses the request (round closed, limit reached...).
    #[error(transparent)]
    Rule(#[from] DomainError),

    #[error("contest not found")]
    ContestNotFound,
    #[error("round not found")]
    RoundNotFound,
    #[error("attempt not found")]
    AttemptNotFound,
    #[error("question not found")]
    QuestionNotFound,
    #[error("organization not found")]
    OrganizationNotFound,
    /// The attempt has no flagged result to decide on.
    #[error("review not found")]
    ReviewNotFound,
    #[error("participant not found")]
    ParticipantNotFound,
    #[error("announcement not found")]
    AnnouncementNotFound,
    /// No certificate has this code (or it is not one).
    #[error("certificate not found")]
    CertificateNotFound,
    /// Unknown or revoked.
    #[error("follow-up link not found")]
    FollowUpLinkNotFound,
    /// A round without winners (nor finishers with certificates).
    #[error("no certificates to print")]
    NoCertificates,

    #[error("unauthenticated")]
    Unauthenticated,
    /// A valid token that may not do this: logging in again would not help.
    #[error("forbidden: {0:?}")]
    Forbidden(crate::identity::Denied),
    #[error("invalid credentials (participant)")]
    InvalidParticipantCredentials,
    #[error("invalid credentials (organizer)")]
    InvalidOrganizerCredentials,
    /// Too many failed log-ins: refused without checking the password.
    #[error("login locked for {retry_after_seconds} s")]
    LoginLocked { retry_after_seconds: i64 },
    #[error("phone barred")]
    PhoneBarred,
    #[error("phone already registered")]
    PhoneAlreadyRegistered,
    #[error("participant barred")]
    ParticipantBarred,
    #[error("proof-of-work challenge required")]
    ChallengeRequired,
    /// Wrong, expired or already used: one answer for all, so nothing leaks.
    #[error("proof-of-work challenge failed")]
    ChallengeFailed,
    #[error("too many requests; retry after {retry_after_seconds} s")]
    TooManyRequests { retry_after_seconds: i64 },
    /// The unit has a staff list and the person is not on it.
    #[error("not on the unit's staff list")]
    NotOnRoster,
    #[error("staff-list entry already claimed")]
    RosterEntryTaken,
    #[error("wrong verification code ({remaining} tries left)")]
    VerificationCodeInvalid { remaining: u32 },
    /// Expired, used, or voided by too many wrong codes.
    #[error("verification expired")]
    VerificationExpired,
    /// An exclusion list entry that is not a mobile number (1-based position).
    #[error("invalid excluded phone #{position}")]
    InvalidExcludedPhone { position: usize, raw: String },
    #[error("too many answers (at most {max})")]
    TooManyAnswers { max: usize },
    /// Wrong, expired, used or voided: one answer for all, so nothing leaks.
    #[error("reset code invalid")]
    ResetCodeInvalid,
    /// A signed-in participant confirming an action with a wrong password
    /// (not a log-in: the session stays).
    #[error("wrong password")]
    WrongPassword,
    /// No explicit consent, or consent to a notice that has changed since.
    #[error("consent required (notice changed: {notice_changed})")]
    ConsentRequired { notice_changed: bool },
    /// This deployment sends no e-mail: the committee gives codes by phone.
    #[error("e-mail reset unavailable")]
    EmailResetUnavailable,
    /// The round is still open: its key must not leak.
    #[error("review not yet available (round closes at {closes_at})")]
    ReviewNotYetAvailable { closes_at: String },

    #[error("invalid limit (1 to {max})")]
    InvalidLimit { max: i32 },
    #[error("round required")]
    RoundRequired,
    #[error("invalid question status")]
    InvalidStatus,

    #[error("invalid contest settings: {0:?}")]
    InvalidContest(Vec<String>),
    #[error("settings must be a JSON object")]
    ContestNotAnObject,
    #[error("contest id mismatch")]
    ContestIdMismatch,
    #[error("contest exists")]
    ContestExists,
    /// Changing these rounds' times needs the organizer's confirmation.
    #[error("confirmation required for {0:?}")]
    ConfirmationRequired(Vec<String>),
    #[error("leaderboard shards locked")]
    ShardsLocked,
    #[error("invalid question: {0:?}")]
    InvalidQuestion(Vec<(String, String)>),
    #[error("duplicate question")]
    DuplicateQuestion,
    #[error("invalid organization: {0}")]
    InvalidOrganization(String),
    #[error("unsupported file type for {0:?}")]
    UnsupportedFileType(ImportKind),
    #[error("unreadable file: {0}")]
    UnreadableFile(String),
    /// Refused before reading: it would unpack to more than a function may hold.
    #[error("spreadsheet too large: {0}")]
    SpreadsheetTooLarge(String),
    #[error("import has {errors} errors")]
    ImportHasErrors { kind: ImportKind, errors: usize },
    #[error("winners not decided")]
    WinnersNotDecided,
    /// Changing the key of a question finished attempts used needs `regrade=true`.
    #[error("regrade required ({attempts} finished attempts)")]
    RegradeRequired { attempts: usize },
    /// Attempts drew the question: it can be archived, not deleted.
    #[error("question drawn")]
    QuestionDrawn,
    #[error("invalid disqualification reason")]
    InvalidDisqualification,
    #[error("invalid announcement: {0:?}")]
    InvalidAnnouncement(Vec<(String, String)>),
    #[error("invalid bulk action: {0}")]
    InvalidBulkAction(String),
    /// Changing published winners is a correction the organizer confirms.
    #[error("correction of published winners needs confirmation")]
    CorrectionNeedsConfirmation,

    #[error("busy: {0:?}")]
    Busy(BusyWith),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A failure the client cannot act on; logged where it happens.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            Self::InvalidJson(_) => C::InvalidJson,
            Self::InvalidQuery(_) => C::InvalidQuery,
            Self::PayloadTooLarge => C::PayloadTooLarge,
            Self::RouteNotFound => C::NotFound,
            Self::MethodNotAllowed => C::MethodNotAllowed,
            Self::Field(err) => C::parse(err.code).unwrap_or(C::InvalidJson),
            Self::Rule(err) => C::parse(err.code()).unwrap_or(C::Internal),
            Self::ContestNotFound => C::ContestNotFound,
            Self::RoundNotFound => C::RoundNotFound,
            Self::AttemptNotFound => C::AttemptNotFound,
            Self::QuestionNotFound => C::QuestionNotFound,
            Self::OrganizationNotFound => C::OrganizationNotFound,
            Self::ReviewNotFound => C::ReviewNotFound,
            Self::ParticipantNotFound => C::ParticipantNotFound,
            Self::AnnouncementNotFound => C::AnnouncementNotFound,
            Self::CertificateNotFound => C::CertificateNotFound,
            Self::FollowUpLinkNotFound => C::FollowUpLinkNotFound,
            Self::NoCertificates => C::NoCertificates,
            Self::ResetCodeInvalid => C::ResetCodeInvalid,
            Self::WrongPassword => C::WrongPassword,
            Self::ConsentRequired { .. } => C::ConsentRequired,
            Self::EmailResetUnavailable => C::EmailResetUnavailable,
            Self::ReviewNotYetAvailable { .. } => C::ReviewNotYetAvailable,
            Self::RegradeRequired { .. } => C::RegradeRequired,
            Self::QuestionDrawn => C::QuestionDrawn,
            Self::InvalidDisqualification => C::InvalidReason,
            Self::InvalidAnnouncement(_) => C::InvalidAnnouncement,
            Self::InvalidBulkAction(_) => C::InvalidBulkAction,
            Self::Unauthenticated => C::Unauthenticated,
            Self::Forbidden(_) => C::Forbidden,
            Self::InvalidParticipantCredentials | Self::InvalidOrganizerCredentials => C::InvalidCredentials,
            Self::LoginLocked { .. } => C::LoginLocked,
            Self::PhoneBarred => C::PhoneBarred,
            Self::PhoneAlreadyRegistered => C::PhoneAlreadyRegistered,
            Self::ParticipantBarred => C::ParticipantBarred,
            Self::ChallengeRequired => C::ChallengeRequired,
            Self::ChallengeFailed => C::ChallengeFailed,
            Self::TooManyRequests { .. } => C::TooManyRequests,
            Self::NotOnRoster => C::NotOnRoster,
            Self::RosterEntryTaken => C::RosterEntryTaken,
            Self::VerificationCodeInvalid { .. } => C::VerificationCodeInvalid,
            Self::VerificationExpired => C::VerificationExpired,
            Self::InvalidExcludedPhone { .. } => C::InvalidPhone,
            Self::TooManyAnswers { .. } => C::TooManyAnswers,
            Self::InvalidLimit { .. } => C::InvalidLimit,
            Self::RoundRequired => C::RoundRequired,
            Self::InvalidStatus => C::InvalidStatus,
            Self::InvalidContest(_) | Self::ContestNotAnObject => C::InvalidContest,
            Self::ContestIdMismatch => C::ContestIdMismatch,
            Self::ContestExists => C::ContestExists,
            Self::ConfirmationRequired(_) | Self::CorrectionNeedsConfirmation => C::ConfirmationRequired,
            Self::ShardsLocked => C::ShardsLocked,
            Self::InvalidQuestion(_) => C::InvalidQuestion,
            Self::DuplicateQuestion => C::DuplicateQuestion,
            Self::InvalidOrganization(_) => C::InvalidOrganization,
            Self::UnsupportedFileType(_) => C::UnsupportedFileType,
            Self::UnreadableFile(_) => C::UnreadableFile,
            Self::SpreadsheetTooLarge(_) => C::SpreadsheetTooLarge,
            Self::ImportHasErrors { .. } => C::ImportHasErrors,
            Self::WinnersNotDecided => C::WinnersNotDecided,
            Self::Busy(_) => C::BusyRetry,
            Self::Store(StoreError::Unavailable { .. }) => C::StoreUnavailable,
            Self::Store(_) | Self::Internal(_) => C::Internal,
        }
    }

    /// Locked until the instant; the client is told how long to wait.
    pub fn login_locked(until: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self::LoginLocked { retry_after_seconds: (until - now).num_seconds().max(1) }
    }

    /// A file that could not be imported.
    pub fn import(err: spreadsheets::import::ImportError) -> Self {
        match err {
            spreadsheets::import::ImportError::TooLarge(_) => Self::SpreadsheetTooLarge(err.to_string()),
            other => Self::UnreadableFile(other.to_string()),
        }
    }

    /// An internal failure, logged here with what the client never sees.
    pub fn internal(what: impl std::fmt::Display) -> Self {
        tracing::error!(error = %what, "internal error");
        Self::Internal(what.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_domain_code_is_a_known_code() {
        let domain_codes = [
            contest_domain::Phone::parse("x").unwrap_err().code,
            contest_domain::registration::FullName::parse("x").unwrap_err().code,
            contest_domain::registration::FullName::parse("A\u{202E}B").unwrap_err().code,
            contest_domain::registration::Password::parse("x").unwrap_err().code,
            contest_domain::registration::Password::parse(&"x".repeat(200)).unwrap_err().code,
            contest_domain::registration::Email::parse("x").unwrap_err().code,
            contest_domain::registration::unknown_organization().code,
            contest_domain::registration::BirthYear::parse(1, chrono::NaiveDate::MIN).unwrap_err().code,
        ];
        for code in domain_codes {
            assert!(ErrorCode::parse(code).is_some(), "{code} is not in ErrorCode");
        }
        for rule in [
            DomainError::RoundNotOpenYet,
            DomainError::RoundClosed,
            DomainError::AttemptLimitReached { max: 1 },
            DomainError::AttemptClosed,
            DomainError::UnknownQuestion(String::new()),
            DomainError::UnknownOption(String::new()),
            DomainError::PredictionNotAllowed,
            DomainError::NotEnoughQuestions { needed: 1, available: 0 },
        ] {
            assert!(ErrorCode::parse(rule.code()).is_some(), "{} is not in ErrorCode", rule.code());
        }
    }

    #[test]
    fn codes_are_distinct_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
        }
    }
}
