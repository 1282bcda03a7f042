//! The organizers' handlers: each parses its input, calls one use case of
//! `contest_usecases::organizer` and returns its answer.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use contest_domain::{AttemptId, ContestId, QuestionId};
use contest_usecases::organizer::{
    self, audit, contests, exclusions, exports, jobs, organizations, questions, reviews, roster, stats, winners,
};
use contest_usecases::ImportKind;
use http_common::{ApiBytes, ApiError, ApiJson, ApiQuery, AppState, ClientAddress, Ids, OptionalJson, OrganizerAuth};
use serde::Deserialize;

const CID: &str = "Contest id.";

/// An Excel workbook (.xlsx), as raw bytes: the first sheet is read.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary,
    content_media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
pub struct XlsxFile(#[allow(dead_code)] Vec<u8>);

/// A Word document (.docx), as raw bytes.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary,
    content_media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
pub struct DocxFile(#[allow(dead_code)] Vec<u8>);

/// CSV text: a header row, then one row per record; `,` or `;` separated;
/// a UTF-8 BOM is ignored.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, content_media_type = "text/csv")]
pub struct CsvFile(#[allow(dead_code)] String);

http_common::api_errors!(LoginErrors:
    InvalidJson, InvalidCredentials, LoginLocked, PayloadTooLarge, Internal, StoreUnavailable);

/// Organizer log-in; returns an organizer token (8 h). Five failures in 15
/// minutes lock the username (existing or not) for 15 minutes, and thirty
/// lock the calling address: 429 `LOGIN_LOCKED` with `Retry-After`, even
/// for the right password.
#[utoipa::path(post, path = "/api/admin/login", tag = "organizer", operation_id = "organizerLogin",
    request_body = organizer::LoginRequest, security(()),
    responses((status = 200, description = "Logged in.", body = organizer::OrganizerSession), LoginErrors))]
pub async fn login(
    State(app): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<organizer::LoginRequest>,
) -> Result<Json<organizer::OrganizerSession>, ApiError> {
    Ok(Json(organizer::login(&app, body, &address).await?))
}

http_common::api_errors!(ListContestsErrors: Unauthenticated, Forbidden, Internal, StoreUnavailable);

/// Every contest of the deployment.
#[utoipa::path(get, path = "/api/admin/contests", tag = "organizer", operation_id = "listContests",
    security(("organizerToken" = [])),
    responses((status = 200, description = "The contests.", body = contests::ContestList), ListContestsErrors))]
pub async fn list_contests(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
) -> Result<Json<contests::ContestList>, ApiError> {
    Ok(Json(contests::list(&app, &who).await?))
}

http_common::api_errors!(CreateContestErrors:
    InvalidJson, InvalidContest, Unauthenticated, Forbidden, ContestExists, PayloadTooLarge, Internal, StoreUnavailable);

/// A new contest from its settings (the contest-file fields without
/// questions and exclusions, `id` included). Its question bank is imported
/// next; attempts cannot start before.
#[utoipa::path(post, path = "/api/admin/contests", tag = "organizer", operation_id = "createContest",
    request_body(content = contest_domain::contest::ContestFile,
        description = "Contest settings: the contest-file fields (docs/contest-format.md) without `questions` and `excluded_phones`."),
    security(("organizerToken" = [])),
    responses((status = 201, description = "Created.", body = contests::ContestEnvelope), CreateContestErrors))]
pub async fn create_contest(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    ApiJson(settings): ApiJson<serde_json::Value>,
) -> Result<(StatusCode, Json<contests::ContestEnvelope>), ApiError> {
    Ok((StatusCode::CREATED, Json(contests::create(&app, &who, settings).await?)))
}

http_common::api_errors!(GetContestErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// The contest's settings, its rounds' status and the size of its bank.
#[utoipa::path(get, path = "/api/admin/contests/{cid}", tag = "organizer", operation_id = "getContestSettings",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The contest.", body = contests::AdminContest), GetContestErrors))]
pub async fn get_contest(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<contests::AdminContest>, ApiError> {
    Ok(Json(contests::get(&app, &cid).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConfirmQuery {
    /// `true` confirms changing rounds that already have results.
    #[param(value_type = Option<bool>)]
    confirm: Option<String>,
}

impl ConfirmQuery {
    pub fn confirmed(&self) -> bool {
        self.confirm.as_deref() == Some("true")
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionUpdateQuery {
    /// `true` allows moving the key of a question finished attempts used:
    /// they are rescored.
    #[param(value_type = Option<bool>)]
    regrade: Option<String>,
    /// `true` confirms correcting published winners.
    #[param(value_type = Option<bool>)]
    confirm: Option<String>,
}

http_common::api_errors!(UpdateContestErrors:
    InvalidJson, InvalidContest, ContestIdMismatch, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound,
    ConfirmationRequired, ShardsLocked, PayloadTooLarge, Internal, StoreUnavailable, NotFound);

/// Replaces the settings. Moving or removing a round that already has
/// results needs `?confirm=true`: it changes what participants were told.
#[utoipa::path(put, path = "/api/admin/contests/{cid}", tag = "organizer", operation_id = "updateContest",
    params(("cid" = ContestId, Path, description = CID), ConfirmQuery),
    request_body(content = contest_domain::contest::ContestFile,
        description = "Contest settings; `id` must match the path."),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Saved.", body = contests::ContestEnvelope), UpdateContestErrors))]
pub async fn update_contest(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<ConfirmQuery>,
    ApiJson(settings): ApiJson<serde_json::Value>,
) -> Result<Json<contests::ContestEnvelope>, ApiError> {
    let confirmed = query.confirm.as_deref() == Some("true");
    Ok(Json(contests::update(&app, &who, &cid, settings, confirmed).await?))
}

http_common::api_errors!(ListQuestionsErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// The whole bank, with each question's statistics.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/questions", tag = "organizer", operation_id = "listQuestions",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The bank.", body = questions::QuestionList), ListQuestionsErrors))]
pub async fn list_questions(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<questions::QuestionList>, ApiError> {
    Ok(Json(questions::list(&app, &cid).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuestionImportQuery {
    /// Anything but `false` only previews: nothing is written.
    #[param(value_type = Option<bool>)]
    dry_run: Option<String>,
    /// The imported questions' status: `approved` (default) or `draft`.
    #[param(value_type = Option<contest_domain::contest::QuestionStatus>)]
    status: Option<String>,
}

fn content_type(headers: &HeaderMap) -> &str {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

http_common::api_errors!(ImportQuestionsErrors:
    InvalidStatus, UnreadableFile, SpreadsheetTooLarge, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, PayloadTooLarge,
    UnsupportedFileType, ImportHasErrors, Internal, StoreUnavailable, NotFound);

/// Imports questions from XLSX, CSV or JSON. A preview (the default) writes
/// nothing; a real import writes only a clean file.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/questions/import", tag = "organizer", operation_id = "importQuestions",
    params(("cid" = ContestId, Path, description = CID), QuestionImportQuery),
    request_body(description = "The file (at most 4 MB). Columns: câu hỏi, A, B, C, D (E, F optional), đáp án, chủ đề, nguồn, tuần thi, xáo trộn phương án. JSON: a list of questions or `{\"questions\": [...]}`. Word: «Câu 1. …», options «A. …» to «F. …», «Đáp án: B» or the answer in bold or underlined, optional «Chủ đề:», «Nguồn:», «Tuần thi:», «Xáo trộn phương án: không» lines (contests/mau-cau-hoi.docx is a sample); row numbers are then question numbers.", content(
        (DocxFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (CsvFile = "text/csv"),
        (Object = "application/json"))),
    security(("organizerToken" = [])),
    responses(
        (status = 200, description = "Preview: nothing written.", body = questions::QuestionImport),
        (status = 201, description = "Imported.", body = questions::QuestionImport),
        ImportQuestionsErrors))]
pub async fn import_questions(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<QuestionImportQuery>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<questions::QuestionImport>), ApiError> {
    let format = questions::import_format(content_type(&headers), ImportKind::Questions)?;
    let dry_run = query.dry_run.as_deref() != Some("false");
    let status = questions::parse_status(query.status.as_deref())?;
    let report = questions::import(&app, &who, &cid, format, &body, dry_run, status).await?;
    Ok((if dry_run { StatusCode::OK } else { StatusCode::CREATED }, Json(report)))
}

http_common::api_errors!(UpdateQuestionErrors:
    InvalidJson, InvalidQuery, InvalidQuestion, Unauthenticated, Forbidden, ContestNotFound, QuestionNotFound,
    DuplicateQuestion, RegradeRequired, ConfirmationRequired, PayloadTooLarge, Internal, BusyRetry, StoreUnavailable,
    NotFound);

/// Edits one question (or approves a draft). Attempts already drawn keep
/// their own copy of the text. Moving the key of a question that finished
/// attempts used needs `?regrade=true` (409 `REGRADE_REQUIRED` otherwise):
/// they are rescored, and best results and decided winners follow
/// (published winners only with `?confirm=true`).
#[utoipa::path(put, path = "/api/admin/contests/{cid}/questions/{qid}", tag = "organizer", operation_id = "updateQuestion",
    params(("cid" = ContestId, Path, description = CID), ("qid" = QuestionId, Path, description = "Question id."),
        QuestionUpdateQuery),
    request_body = questions::QuestionEdit, security(("organizerToken" = [])),
    responses((status = 200, description = "Saved.", body = questions::QuestionEnvelope), UpdateQuestionErrors))]
pub async fn update_question(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, qid)): Ids<(ContestId, QuestionId)>,
    ApiQuery(query): ApiQuery<QuestionUpdateQuery>,
    ApiJson(edit): ApiJson<questions::QuestionEdit>,
) -> Result<Json<questions::QuestionEnvelope>, ApiError> {
    let regrade = query.regrade.as_deref() == Some("true");
    let confirmed = query.confirm.as_deref() == Some("true");
    Ok(Json(questions::update(&app, &who, &cid, &qid, edit, regrade, confirmed).await?))
}

http_common::api_errors!(GetExclusionsErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// The phone numbers that may not take part.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/exclusions", tag = "organizer", operation_id = "getExclusions",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The list.", body = exclusions::Exclusions), GetExclusionsErrors))]
pub async fn get_exclusions(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<exclusions::Exclusions>, ApiError> {
    Ok(Json(exclusions::get(&app, &cid).await?))
}

http_common::api_errors!(PutExclusionsErrors:
    InvalidJson, InvalidPhone, Unauthenticated, Forbidden, ContestNotFound, PayloadTooLarge, Internal, StoreUnavailable, NotFound);

/// Replaces the list: people already registered with a newly listed phone
/// are barred, people taken off it are restored.
#[utoipa::path(put, path = "/api/admin/contests/{cid}/exclusions", tag = "organizer", operation_id = "putExclusions",
    params(("cid" = ContestId, Path, description = CID)), request_body = exclusions::ExclusionsRequest,
    security(("organizerToken" = [])),
    responses((status = 200, description = "Saved.", body = exclusions::ExclusionsResult), PutExclusionsErrors))]
pub async fn put_exclusions(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<exclusions::ExclusionsRequest>,
) -> Result<Json<exclusions::ExclusionsResult>, ApiError> {
    Ok(Json(exclusions::update(&app, &who, &cid, body).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundQuery {
    /// Round id.
    #[param(value_type = String, pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    round: Option<String>,
}

http_common::api_errors!(GetWinnersErrors:
    RoundRequired, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, RoundNotFound, Internal, StoreUnavailable, NotFound);

/// A round's winners (empty until the round has closed and the closing job
/// decided it).
#[utoipa::path(get, path = "/api/admin/contests/{cid}/winners", tag = "organizer", operation_id = "getWinners",
    params(("cid" = ContestId, Path, description = CID), RoundQuery), security(("organizerToken" = [])),
    responses((status = 200, description = "The winners.", body = winners::AdminWinners), GetWinnersErrors))]
pub async fn get_winners(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<RoundQuery>,
) -> Result<Json<winners::AdminWinners>, ApiError> {
    Ok(Json(winners::get(&app, &cid, query.round.as_deref()).await?))
}

http_common::api_errors!(PublishWinnersErrors:
    InvalidJson, RoundRequired, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, RoundNotFound,
    WinnersNotDecided, PayloadTooLarge, Internal, StoreUnavailable, NotFound);

/// Publishes (or withdraws) a decided round's winners.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/winners/publish", tag = "organizer", operation_id = "publishWinners",
    params(("cid" = ContestId, Path, description = CID), RoundQuery),
    request_body(content = Option<winners::PublishRequest>, description = "May be empty (publishes)."),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Done.", body = winners::PublishResult), PublishWinnersErrors))]
pub async fn publish_winners(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<RoundQuery>,
    OptionalJson(body): OptionalJson<winners::PublishRequest>,
) -> Result<Json<winners::PublishResult>, ApiError> {
    Ok(Json(winners::publish(&app, &who, &cid, query.round.as_deref(), body).await?))
}

http_common::api_errors!(RankingErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// The collective ranking as the plan awards it, with the prizes members won.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/organizations/ranking", tag = "organizer", operation_id = "organizationsRanking",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The ranking.", body = organizations::CollectiveRanking), RankingErrors))]
pub async fn organizations_ranking(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<organizations::CollectiveRanking>, ApiError> {
    Ok(Json(organizations::ranking(&app, &cid).await?))
}

http_common::api_errors!(UpdateOrganizationErrors:
    InvalidJson, InvalidOrganization, Unauthenticated, Forbidden, ContestNotFound, PayloadTooLarge, Internal,
    StoreUnavailable, NotFound);

/// Adds or edits one organization.
#[utoipa::path(put, path = "/api/admin/contests/{cid}/organizations/{oid}", tag = "organizer", operation_id = "updateOrganization",
    params(("cid" = ContestId, Path, description = CID),
           ("oid" = String, Path, description = "Organization id (a new one adds the organization).")),
    request_body = organizations::OrganizationEdit, security(("organizerToken" = [])),
    responses((status = 200, description = "Saved.", body = organizations::OrganizationEditResult), UpdateOrganizationErrors))]
pub async fn update_organization(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, oid)): Ids<(ContestId, String)>,
    ApiJson(edit): ApiJson<organizations::OrganizationEdit>,
) -> Result<Json<organizations::OrganizationEditResult>, ApiError> {
    Ok(Json(organizations::update(&app, &who, &cid, &oid, edit).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DryRunQuery {
    /// Anything but `false` only previews: nothing is written.
    #[param(value_type = Option<bool>)]
    dry_run: Option<String>,
}

http_common::api_errors!(ImportOrganizationsErrors:
    UnreadableFile, SpreadsheetTooLarge, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, PayloadTooLarge, UnsupportedFileType,
    ImportHasErrors, Internal, StoreUnavailable, NotFound);

/// Imports organizations from XLSX or CSV: a row whose id exists updates
/// it, any other adds one. A preview (the default) writes nothing.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/organizations/import", tag = "organizer", operation_id = "importOrganizations",
    params(("cid" = ContestId, Path, description = CID), DryRunQuery),
    request_body(description = "The file (at most 4 MB).", content(
        (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (CsvFile = "text/csv"))),
    security(("organizerToken" = [])),
    responses(
        (status = 200, description = "Preview: nothing written.", body = organizations::OrganizationImport),
        (status = 201, description = "Imported.", body = organizations::OrganizationImport),
        ImportOrganizationsErrors))]
pub async fn import_organizations(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<DryRunQuery>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<organizations::OrganizationImport>), ApiError> {
    let format = questions::import_format(content_type(&headers), ImportKind::Organizations)?;
    let dry_run = query.dry_run.as_deref() != Some("false");
    let report = organizations::import(&app, &who, &cid, format, &body, dry_run).await?;
    Ok((if dry_run { StatusCode::OK } else { StatusCode::CREATED }, Json(report)))
}

http_common::api_errors!(AuditErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// Who changed what, newest first (the last 200 entries).
#[utoipa::path(get, path = "/api/admin/contests/{cid}/audit", tag = "organizer", operation_id = "auditLog",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The log.", body = audit::AuditLog), AuditErrors))]
pub async fn audit_log(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<audit::AuditLog>, ApiError> {
    Ok(Json(audit::list(&app, &cid).await?))
}

http_common::api_errors!(StatsErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// Live statistics for the charts.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/stats", tag = "organizer", operation_id = "statistics",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The statistics.", body = stats::StatisticsReport), StatsErrors))]
pub async fn statistics(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<stats::StatisticsReport>, ApiError> {
    Ok(Json(stats::get(&app, &cid).await?))
}

http_common::api_errors!(ExportErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, StoreUnavailable, NotFound);

/// Exports newest first, each file with a download link valid 15 minutes.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/exports", tag = "organizer", operation_id = "listExports",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The exports.", body = exports::ExportList), ExportErrors))]
pub async fn list_exports(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<exports::ExportList>, ApiError> {
    Ok(Json(exports::list(&app, &cid).await?))
}

/// Writes a results export (XLSX and CSV, with a manifest of SHA-256s).
#[utoipa::path(post, path = "/api/admin/contests/{cid}/exports", tag = "organizer", operation_id = "createExport",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 201, description = "Written.", body = exports::ExportCreated), ExportErrors))]
pub async fn create_export(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<(StatusCode, Json<exports::ExportCreated>), ApiError> {
    Ok((StatusCode::CREATED, Json(exports::create(&app, &who, &cid).await?)))
}

http_common::api_errors!(JobErrors: Unauthenticated, Forbidden, ContestNotFound, Internal, BusyRetry, StoreUnavailable);

/// Runs the round-closing job now, for every contest of the deployment.
#[utoipa::path(post, path = "/api/admin/jobs/close-rounds", tag = "organizer", operation_id = "closeRoundsNow",
    security(("organizerToken" = [])),
    responses((status = 200, description = "What the job did.", body = jobs::JobReport), JobErrors))]
pub async fn close_rounds_now(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
) -> Result<Json<jobs::JobReport>, ApiError> {
    Ok(Json(jobs::run_now(&app, &who).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewsQuery {
    /// Round id; every round when absent.
    #[param(value_type = Option<String>, pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    round: Option<String>,
}

http_common::api_errors!(ListReviewsErrors:
    InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, RoundNotFound, NotFound, Internal, StoreUnavailable);

/// Results waiting for (or given) the committee's review: finished faster
/// than `min_seconds_per_question` allows (`TOO_FAST`). Waiting ones first.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/reviews", tag = "organizer", operation_id = "listReviews",
    params(("cid" = ContestId, Path, description = CID), ReviewsQuery), security(("organizerToken" = [])),
    responses((status = 200, description = "The flagged results.", body = reviews::ReviewList), ListReviewsErrors))]
pub async fn list_reviews(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<ReviewsQuery>,
) -> Result<Json<reviews::ReviewList>, ApiError> {
    Ok(Json(reviews::list(&app, &cid, query.round.as_deref()).await?))
}

http_common::api_errors!(DecideReviewErrors:
    InvalidJson, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, AttemptNotFound, ReviewNotFound, NotFound,
    ConfirmationRequired, PayloadTooLarge, Internal, BusyRetry, StoreUnavailable);

/// Accepts or rejects a flagged result. The participant's best result and
/// the round's winners follow (published winners only with `?confirm=true`:
/// a correction, recorded as such in the audit log).
#[utoipa::path(post, path = "/api/admin/contests/{cid}/reviews/{aid}", tag = "organizer", operation_id = "decideReview",
    params(("cid" = ContestId, Path, description = CID), ("aid" = AttemptId, Path, description = "The flagged attempt."), ConfirmQuery),
    request_body = reviews::DecisionRequest, security(("organizerToken" = [])),
    responses((status = 200, description = "Decided.", body = reviews::ReviewEntry), DecideReviewErrors))]
pub async fn decide_review(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, aid)): Ids<(ContestId, AttemptId)>,
    ApiQuery(query): ApiQuery<ConfirmQuery>,
    ApiJson(body): ApiJson<reviews::DecisionRequest>,
) -> Result<Json<reviews::ReviewEntry>, ApiError> {
    let confirmed = query.confirm.as_deref() == Some("true");
    Ok(Json(reviews::decide(&app, &who, &cid, &aid, body, confirmed).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterQuery {
    /// A unit's id; every unit with a list when absent.
    #[param(value_type = Option<String>, pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    organization: Option<String>,
}

http_common::api_errors!(RosterErrors:
    InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, OrganizationNotFound, NotFound, Internal, StoreUnavailable);

/// A unit's staff list, with who has registered and the rounds they took part in.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/roster", tag = "organizer", operation_id = "roster",
    params(("cid" = ContestId, Path, description = CID), RosterQuery), security(("organizerToken" = [])),
    responses((status = 200, description = "The list.", body = roster::RosterList), RosterErrors))]
pub async fn roster(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<RosterQuery>,
) -> Result<Json<roster::RosterList>, ApiError> {
    Ok(Json(roster::list(&app, &cid, query.organization.as_deref()).await?))
}

http_common::api_errors!(ImportRosterErrors:
    UnreadableFile, InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, NotFound, PayloadTooLarge,
    UnsupportedFileType, ImportHasErrors, Internal, StoreUnavailable);

/// Imports staff lists (danh sách cán bộ): replaces the list of each unit
/// the file names. XLSX or CSV with columns mã đơn vị, họ và tên, năm sinh
/// (số điện thoại optional), or JSON `{"entries": [...]}`. A preview (the
/// default) writes nothing; with any bad row nothing is written.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/roster/import", tag = "organizer", operation_id = "importRoster",
    params(("cid" = ContestId, Path, description = CID), DryRunQuery),
    request_body(description = "The file (at most 4 MB).", content(
        (XlsxFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (CsvFile = "text/csv"),
        (spreadsheets::import::JsonRoster = "application/json"))),
    security(("organizerToken" = [])),
    responses(
        (status = 200, description = "Preview: nothing written.", body = roster::RosterImport),
        (status = 201, description = "Imported.", body = roster::RosterImport),
        ImportRosterErrors))]
pub async fn import_roster(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<DryRunQuery>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<roster::RosterImport>), ApiError> {
    let format = questions::import_format(content_type(&headers), ImportKind::Roster)?;
    let dry_run = query.dry_run.as_deref() != Some("false");
    let report = roster::import(&app, &who, &cid, format, &body, dry_run).await?;
    Ok((if dry_run { StatusCode::OK } else { StatusCode::CREATED }, Json(report)))
}
