//! Handlers of the committee's daily work: finding and helping participants
//! (search, profile, corrections, reset codes, disqualification), the
//! bank's corrections (regrade, void, delete, bulk actions), recomputing a
//! round, and announcements.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contest_domain::{ContestId, OrganizationId, ParticipantId, QuestionId, RoundId};
use contest_usecases::organizer::{announcements, exports, paperwork, participants, questions, regrade};
use http_common::{ApiError, ApiJson, ApiQuery, AppState, Ids, OrganizerAuth};
use serde::Deserialize;

use crate::routes::ConfirmQuery;

const CID: &str = "Contest id.";
const PID: &str = "Participant id (32 hex digits).";

http_common::api_errors!(SearchParticipantsErrors:
    InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, OrganizationNotFound, NotFound, Internal, StoreUnavailable);

/// Finds participants by phone (any usual form, or at least 3 of its
/// digits), by name (without regard to case or diacritics) and by unit,
/// newest registrations first, 50 per page.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/participants", tag = "organizer", operation_id = "searchParticipants",
    params(("cid" = ContestId, Path, description = CID), participants::SearchQuery), security(("organizerToken" = [])),
    responses((status = 200, description = "One page.", body = participants::ParticipantSearch), SearchParticipantsErrors))]
pub async fn search_participants(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<participants::SearchQuery>,
) -> Result<Json<participants::ParticipantSearch>, ApiError> {
    Ok(Json(participants::search(&app, &cid, query).await?))
}

http_common::api_errors!(ParticipantErrors:
    Unauthenticated, Forbidden, ContestNotFound, ParticipantNotFound, NotFound, Internal, StoreUnavailable);

/// A participant's profile with every attempt (round, status, score,
/// duration, flags). Recorded in the audit log as a look at personal data.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/participants/{pid}", tag = "organizer", operation_id = "getParticipant",
    params(("cid" = ContestId, Path, description = CID), ("pid" = ParticipantId, Path, description = PID)),
    security(("organizerToken" = [])),
    responses((status = 200, description = "The profile.", body = participants::ParticipantDetail), ParticipantErrors))]
pub async fn get_participant(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, pid)): Ids<(ContestId, ParticipantId)>,
) -> Result<Json<participants::ParticipantDetail>, ApiError> {
    Ok(Json(participants::get(&app, &who, &cid, &pid).await?))
}

http_common::api_errors!(EditParticipantErrors:
    InvalidJson, InvalidFullName, InvalidBirthYear, UnknownOrganization, Unauthenticated, Forbidden, ContestNotFound,
    ParticipantNotFound, NotFound, PayloadTooLarge, Internal, BusyRetry, StoreUnavailable);

/// Corrects a participant's name, unit and birth year. A change of unit
/// moves them in the participation tallies; leaderboards and unpublished
/// winners show the new name and unit.
#[utoipa::path(put, path = "/api/admin/contests/{cid}/participants/{pid}", tag = "organizer", operation_id = "editParticipant",
    params(("cid" = ContestId, Path, description = CID), ("pid" = ParticipantId, Path, description = PID)),
    request_body = participants::ParticipantEdit, security(("organizerToken" = [])),
    responses((status = 200, description = "Saved.", body = participants::ParticipantDetail), EditParticipantErrors))]
pub async fn edit_participant(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, pid)): Ids<(ContestId, ParticipantId)>,
    ApiJson(body): ApiJson<participants::ParticipantEdit>,
) -> Result<Json<participants::ParticipantDetail>, ApiError> {
    Ok(Json(participants::edit(&app, &who, &cid, &pid, body).await?))
}

/// Issues a one-time code (8 characters, valid 24 hours) to give the
/// participant by phone; it replaces any earlier code. Shown once.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/participants/{pid}/reset-code", tag = "organizer",
    operation_id = "issueResetCode",
    params(("cid" = ContestId, Path, description = CID), ("pid" = ParticipantId, Path, description = PID)),
    security(("organizerToken" = [])),
    responses((status = 201, description = "Issued.", body = participants::IssuedResetCode), ParticipantErrors))]
pub async fn issue_reset_code(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, pid)): Ids<(ContestId, ParticipantId)>,
) -> Result<(StatusCode, Json<participants::IssuedResetCode>), ApiError> {
    Ok((StatusCode::CREATED, Json(participants::issue_reset_code(&app, &who, &cid, &pid).await?)))
}

http_common::api_errors!(DisqualifyErrors:
    InvalidJson, InvalidQuery, InvalidReason, Unauthenticated, Forbidden, ContestNotFound, ParticipantNotFound, NotFound,
    ConfirmationRequired, PayloadTooLarge, Internal, BusyRetry, StoreUnavailable);

/// Disqualifies a participant: out of every ranking, tally and winners
/// list. Decided rounds are recomputed; published ones need
/// `?confirm=true` and are marked corrected.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/participants/{pid}/disqualify", tag = "organizer",
    operation_id = "disqualifyParticipant",
    params(("cid" = ContestId, Path, description = CID), ("pid" = ParticipantId, Path, description = PID), ConfirmQuery),
    request_body = participants::DisqualifyRequest, security(("organizerToken" = [])),
    responses((status = 200, description = "Disqualified.", body = participants::StandingChange), DisqualifyErrors))]
pub async fn disqualify(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, pid)): Ids<(ContestId, ParticipantId)>,
    ApiQuery(query): ApiQuery<ConfirmQuery>,
    ApiJson(body): ApiJson<participants::DisqualifyRequest>,
) -> Result<Json<participants::StandingChange>, ApiError> {
    let change = participants::set_disqualified(&app, &who, &cid, &pid, Some(body.reason), query.confirmed()).await?;
    Ok(Json(change))
}

http_common::api_errors!(ReinstateErrors:
    InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, ParticipantNotFound, NotFound, ConfirmationRequired,
    Internal, BusyRetry, StoreUnavailable);

/// Lifts a disqualification; decided rounds are recomputed as for a disqualification.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/participants/{pid}/reinstate", tag = "organizer",
    operation_id = "reinstateParticipant",
    params(("cid" = ContestId, Path, description = CID), ("pid" = ParticipantId, Path, description = PID), ConfirmQuery),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Reinstated.", body = participants::StandingChange), ReinstateErrors))]
pub async fn reinstate(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, pid)): Ids<(ContestId, ParticipantId)>,
    ApiQuery(query): ApiQuery<ConfirmQuery>,
) -> Result<Json<participants::StandingChange>, ApiError> {
    Ok(Json(participants::set_disqualified(&app, &who, &cid, &pid, None, query.confirmed()).await?))
}

http_common::api_errors!(DeleteQuestionErrors:
    Unauthenticated, Forbidden, ContestNotFound, QuestionNotFound, QuestionDrawn, InvalidQuestion, NotFound, Internal,
    StoreUnavailable);

/// Deletes a question no attempt ever drew; a drawn one is archived instead
/// (409 `QUESTION_DRAWN`).
#[utoipa::path(delete, path = "/api/admin/contests/{cid}/questions/{qid}", tag = "organizer", operation_id = "deleteQuestion",
    params(("cid" = ContestId, Path, description = CID), ("qid" = QuestionId, Path, description = "Question id.")),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Deleted.", body = questions::Deleted), DeleteQuestionErrors))]
pub async fn delete_question(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, qid)): Ids<(ContestId, QuestionId)>,
) -> Result<Json<questions::Deleted>, ApiError> {
    Ok(Json(questions::delete(&app, &who, &cid, &qid).await?))
}

http_common::api_errors!(BulkQuestionsErrors:
    InvalidJson, InvalidBulkAction, InvalidQuestion, Unauthenticated, Forbidden, ContestNotFound, NotFound,
    PayloadTooLarge, Internal, StoreUnavailable);

/// Approves, returns to draft, archives or deletes up to 500 questions.
/// Refused as a whole if a round not yet closed would be left without
/// enough questions; otherwise each question has its outcome.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/questions/bulk", tag = "organizer", operation_id = "bulkQuestions",
    params(("cid" = ContestId, Path, description = CID)), request_body = questions::BulkRequest,
    security(("organizerToken" = [])),
    responses((status = 200, description = "Done.", body = questions::BulkReport), BulkQuestionsErrors))]
pub async fn bulk_questions(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<questions::BulkRequest>,
) -> Result<Json<questions::BulkReport>, ApiError> {
    Ok(Json(questions::bulk(&app, &who, &cid, body).await?))
}

http_common::api_errors!(VoidQuestionErrors:
    InvalidQuery, Unauthenticated, Forbidden, ContestNotFound, QuestionNotFound, NotFound, ConfirmationRequired,
    Internal, BusyRetry, StoreUnavailable);

/// Voids a question: right for everyone who was given it, and archived.
/// Finished attempts are rescored, best results and decided winners follow
/// (published ones only with `?confirm=true`).
#[utoipa::path(post, path = "/api/admin/contests/{cid}/questions/{qid}/void", tag = "organizer", operation_id = "voidQuestion",
    params(("cid" = ContestId, Path, description = CID), ("qid" = QuestionId, Path, description = "Question id."), ConfirmQuery),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Voided and rescored.", body = regrade::VoidReport), VoidQuestionErrors))]
pub async fn void_question(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, qid)): Ids<(ContestId, QuestionId)>,
    ApiQuery(query): ApiQuery<ConfirmQuery>,
) -> Result<Json<regrade::VoidReport>, ApiError> {
    Ok(Json(regrade::void(&app, &who, &cid, &qid, query.confirmed()).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RecomputeQuery {
    /// The decided round to recompute.
    #[param(value_type = String, pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    round: Option<String>,
    /// `true` confirms correcting published winners.
    #[param(value_type = Option<bool>)]
    confirm: Option<String>,
}

http_common::api_errors!(RecomputeErrors:
    InvalidQuery, RoundRequired, Unauthenticated, Forbidden, ContestNotFound, RoundNotFound, WinnersNotDecided, NotFound,
    ConfirmationRequired, Internal, BusyRetry, StoreUnavailable);

/// Recomputes a decided round's winners (and rescoring under every key
/// correction) after exclusions, disqualifications or regrades. Idempotent:
/// also the way to finish a pass that was interrupted.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/winners/recompute", tag = "organizer", operation_id = "recomputeWinners",
    params(("cid" = ContestId, Path, description = CID), RecomputeQuery), security(("organizerToken" = [])),
    responses((status = 200, description = "Recomputed.", body = regrade::RescoreReport), RecomputeErrors))]
pub async fn recompute_winners(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<RecomputeQuery>,
) -> Result<Json<regrade::RescoreReport>, ApiError> {
    let raw = query.round.ok_or(contest_usecases::Error::RoundRequired)?;
    let rid = RoundId::parse(raw).map_err(|_| contest_usecases::Error::RoundNotFound)?;
    let confirmed = query.confirm.as_deref() == Some("true");
    Ok(Json(regrade::recompute_round(&app, &who, &cid, &rid, confirmed).await?))
}

http_common::api_errors!(ListAnnouncementsErrors: Unauthenticated, Forbidden, ContestNotFound, NotFound, Internal, StoreUnavailable);

/// Every announcement, drafts included, newest first.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/announcements", tag = "organizer", operation_id = "listAnnouncements",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The list.", body = announcements::AnnouncementList), ListAnnouncementsErrors))]
pub async fn list_announcements(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<announcements::AnnouncementList>, ApiError> {
    Ok(Json(announcements::list(&app, &cid).await?))
}

http_common::api_errors!(WriteAnnouncementErrors:
    InvalidJson, InvalidAnnouncement, Unauthenticated, Forbidden, ContestNotFound, AnnouncementNotFound, NotFound,
    PayloadTooLarge, Internal, StoreUnavailable);

/// Writes a new announcement (published unless `published: false`).
#[utoipa::path(post, path = "/api/admin/contests/{cid}/announcements", tag = "organizer", operation_id = "createAnnouncement",
    params(("cid" = ContestId, Path, description = CID)), request_body = announcements::AnnouncementRequest,
    security(("organizerToken" = [])),
    responses((status = 201, description = "Created.", body = announcements::AnnouncementView), WriteAnnouncementErrors))]
pub async fn create_announcement(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<announcements::AnnouncementRequest>,
) -> Result<(StatusCode, Json<announcements::AnnouncementView>), ApiError> {
    Ok((StatusCode::CREATED, Json(announcements::create(&app, &who, &cid, body).await?)))
}

/// Edits an announcement, or publishes or withdraws it.
#[utoipa::path(put, path = "/api/admin/contests/{cid}/announcements/{id}", tag = "organizer", operation_id = "updateAnnouncement",
    params(("cid" = ContestId, Path, description = CID), ("id" = String, Path, description = "Announcement id (16 hex digits).")),
    request_body = announcements::AnnouncementRequest, security(("organizerToken" = [])),
    responses((status = 200, description = "Saved.", body = announcements::AnnouncementView), WriteAnnouncementErrors))]
pub async fn update_announcement(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, id)): Ids<(ContestId, String)>,
    ApiJson(body): ApiJson<announcements::AnnouncementRequest>,
) -> Result<Json<announcements::AnnouncementView>, ApiError> {
    Ok(Json(announcements::update(&app, &who, &cid, &id, body).await?))
}

http_common::api_errors!(DeleteAnnouncementErrors:
    Unauthenticated, Forbidden, ContestNotFound, AnnouncementNotFound, NotFound, Internal, StoreUnavailable);

/// Deletes an announcement.
#[utoipa::path(delete, path = "/api/admin/contests/{cid}/announcements/{id}", tag = "organizer", operation_id = "deleteAnnouncement",
    params(("cid" = ContestId, Path, description = CID), ("id" = String, Path, description = "Announcement id (16 hex digits).")),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Deleted.", body = announcements::AnnouncementView), DeleteAnnouncementErrors))]
pub async fn delete_announcement(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, id)): Ids<(ContestId, String)>,
) -> Result<Json<announcements::AnnouncementView>, ApiError> {
    Ok(Json(announcements::delete(&app, &who, &cid, &id).await?))
}

http_common::api_errors!(EraseErrors:
    Unauthenticated, Forbidden, ContestNotFound, ParticipantNotFound, NotFound, Internal, BusyRetry, StoreUnavailable);

/// Erases a participant's personal data at their request: the phone
/// number, e-mail, birth year and password go, the name becomes «Người dự
/// thi đã rút khỏi cuộc thi», every token stops working; attempts stay,
/// anonymous. Irreversible; audited.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/participants/{pid}/erase", tag = "organizer", operation_id = "eraseParticipant",
    params(("cid" = ContestId, Path, description = CID), ("pid" = ParticipantId, Path, description = PID)),
    security(("organizerToken" = [])),
    responses((status = 200, description = "Erased.", body = participants::Erased), EraseErrors))]
pub async fn erase(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, pid)): Ids<(ContestId, ParticipantId)>,
) -> Result<Json<participants::Erased>, ApiError> {
    Ok(Json(participants::erase(&app, &who, &cid, &pid).await?))
}

http_common::api_errors!(ContactListErrors:
    InvalidJson, Unauthenticated, Forbidden, ContestNotFound, NotFound, PayloadTooLarge, Internal, StoreUnavailable);

/// A contact list (names, units, phone numbers, e-mail) of the winners or
/// of everyone, written to the exports bucket: the only export with phone
/// numbers, recorded in the audit log as an access to personal data.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/exports/contacts", tag = "organizer", operation_id = "contactList",
    params(("cid" = ContestId, Path, description = CID)), request_body = exports::ContactListRequest,
    security(("organizerToken" = [])),
    responses((status = 201, description = "Written.", body = exports::ExportCreated), ContactListErrors))]
pub async fn contact_list(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<exports::ContactListRequest>,
) -> Result<(StatusCode, Json<exports::ExportCreated>), ApiError> {
    Ok((StatusCode::CREATED, Json(exports::contact_list(&app, &who, &cid, body).await?)))
}

http_common::api_errors!(CreateDocumentErrors:
    InvalidJson, RoundRequired, Unauthenticated, Forbidden, ContestNotFound, RoundNotFound, WinnersNotDecided, NotFound,
    PayloadTooLarge, Internal, StoreUnavailable);

/// Writes one of the committee's documents (Word, in the format of Nghị
/// định 30/2020/NĐ-CP) from the contest's real data: the weekly results
/// notice (`round` required, decided), the final report, the draft award
/// decision. Answers a download link valid 15 minutes.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/documents", tag = "organizer", operation_id = "createDocument",
    params(("cid" = ContestId, Path, description = CID)), request_body = paperwork::DocumentRequest,
    security(("organizerToken" = [])),
    responses((status = 201, description = "Written.", body = paperwork::DocumentCreated), CreateDocumentErrors))]
pub async fn create_document(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiJson(body): ApiJson<paperwork::DocumentRequest>,
) -> Result<(StatusCode, Json<paperwork::DocumentCreated>), ApiError> {
    Ok((StatusCode::CREATED, Json(paperwork::create_document(&app, &who, &cid, body).await?)))
}

http_common::api_errors!(ListDocumentsErrors: Unauthenticated, Forbidden, ContestNotFound, NotFound, Internal, StoreUnavailable);

/// The documents written so far, newest first, with fresh download links.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/documents", tag = "organizer", operation_id = "listDocuments",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The documents.", body = paperwork::DocumentList), ListDocumentsErrors))]
pub async fn list_documents(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<paperwork::DocumentList>, ApiError> {
    Ok(Json(paperwork::list_documents(&app, &cid).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RoundQuery {
    /// The decided round.
    #[param(value_type = String, pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    round: Option<String>,
}

http_common::api_errors!(CertificatesErrors:
    InvalidQuery, RoundRequired, Unauthenticated, Forbidden, ContestNotFound, RoundNotFound, WinnersNotDecided,
    NoCertificates, NotFound, Internal, StoreUnavailable);

/// A decided round's certificates (prize winners, and every finisher when
/// the contest gives certificates of participation) as one PDF, each with
/// its own QR code and verification code. Answers a link valid 15 minutes.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/certificates", tag = "organizer", operation_id = "roundCertificates",
    params(("cid" = ContestId, Path, description = CID), RoundQuery), security(("organizerToken" = [])),
    responses((status = 201, description = "Written.", body = paperwork::CertificatesCreated), CertificatesErrors))]
pub async fn round_certificates(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    ApiQuery(query): ApiQuery<RoundQuery>,
) -> Result<(StatusCode, Json<paperwork::CertificatesCreated>), ApiError> {
    Ok((StatusCode::CREATED, Json(paperwork::round_certificates(&app, &who, &cid, query.round.as_deref()).await?)))
}

http_common::api_errors!(FollowUpLinksErrors: Unauthenticated, Forbidden, ContestNotFound, NotFound, Internal, StoreUnavailable);

/// Every unit's follow-up link.
#[utoipa::path(get, path = "/api/admin/contests/{cid}/follow-up-links", tag = "organizer", operation_id = "followUpLinks",
    params(("cid" = ContestId, Path, description = CID)), security(("organizerToken" = [])),
    responses((status = 200, description = "The links.", body = paperwork::FollowUpLinks), FollowUpLinksErrors))]
pub async fn follow_up_links(
    State(app): State<AppState>,
    _auth: OrganizerAuth,
    Ids(cid): Ids<ContestId>,
) -> Result<Json<paperwork::FollowUpLinks>, ApiError> {
    Ok(Json(paperwork::follow_up_links(&app, &cid).await?))
}

http_common::api_errors!(FollowUpLinkErrors:
    Unauthenticated, Forbidden, ContestNotFound, OrganizationNotFound, FollowUpLinkNotFound, NotFound, Internal,
    StoreUnavailable);

/// A new secret link for the unit head (`/don-vi/?t=TOKEN`), replacing the
/// unit's earlier one.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/organizations/{oid}/follow-up-link", tag = "organizer",
    operation_id = "createFollowUpLink",
    params(("cid" = ContestId, Path, description = CID), ("oid" = String, Path, description = "Organization id.")),
    security(("organizerToken" = [])),
    responses((status = 201, description = "Created.", body = paperwork::FollowUpLinkView), FollowUpLinkErrors))]
pub async fn create_follow_up_link(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, oid)): Ids<(ContestId, String)>,
) -> Result<(StatusCode, Json<paperwork::FollowUpLinkView>), ApiError> {
    let oid = OrganizationId::parse(oid).map_err(|_| contest_usecases::Error::OrganizationNotFound)?;
    Ok((StatusCode::CREATED, Json(paperwork::create_follow_up_link(&app, &who, &cid, &oid).await?)))
}

/// Revokes the unit's link: it answers 404 from now on.
#[utoipa::path(delete, path = "/api/admin/contests/{cid}/organizations/{oid}/follow-up-link", tag = "organizer",
    operation_id = "revokeFollowUpLink",
    params(("cid" = ContestId, Path, description = CID), ("oid" = String, Path, description = "Organization id.")),
    security(("organizerToken" = [])),
    responses((status = 204, description = "Revoked."), FollowUpLinkErrors))]
pub async fn revoke_follow_up_link(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids((cid, oid)): Ids<(ContestId, String)>,
) -> Result<StatusCode, ApiError> {
    let oid = OrganizationId::parse(oid).map_err(|_| contest_usecases::Error::FollowUpLinkNotFound)?;
    paperwork::revoke_follow_up_link(&app, &who, &cid, &oid).await?;
    Ok(StatusCode::NO_CONTENT)
}

http_common::api_errors!(PosterErrors:
    InvalidJson, Unauthenticated, Forbidden, ContestNotFound, OrganizationNotFound, NotFound, PayloadTooLarge, Internal,
    StoreUnavailable);

/// A printable A4 poster (PDF) with the title, the dates, the link and a
/// large QR code; a unit's variant preselects the unit. Answers a download
/// link valid 15 minutes.
#[utoipa::path(post, path = "/api/admin/contests/{cid}/posters", tag = "organizer", operation_id = "createPoster",
    params(("cid" = ContestId, Path, description = CID)), request_body = paperwork::PosterRequest,
    security(("organizerToken" = [])),
    responses((status = 201, description = "Written.", body = paperwork::PosterCreated), PosterErrors))]
pub async fn create_poster(
    State(app): State<AppState>,
    OrganizerAuth(who): OrganizerAuth,
    Ids(cid): Ids<ContestId>,
    http_common::OptionalJson(request): http_common::OptionalJson<paperwork::PosterRequest>,
) -> Result<(StatusCode, Json<paperwork::PosterCreated>), ApiError> {
    Ok((StatusCode::CREATED, Json(paperwork::poster(&app, &who, &cid, request).await?)))
}
