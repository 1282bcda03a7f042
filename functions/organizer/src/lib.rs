//! The organizers' API under `/api/admin`, for organizer tokens only, as
//! three functions: the admin routes and organizer login (bin organizer),
//! spreadsheet imports (bin organizer_imports) and exports with closing
//! rounds on demand (bin organizer_exports), which keeps each binary small and
//! each role narrow. The round-closing job (bin close_rounds) runs on the
//! schedule; its work is `contest_usecases::organizer::jobs`.

mod desk;
mod routes;

use axum::Router;
use contest_usecases::KeyRole;
use http_common::route_table;
use http_common::AppState;

/// Spreadsheets are larger than any participant request; still well under
/// Lambda's 6 MB payload limit.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

http_common::route_table! {
    "/api/admin/login" => { POST: routes::login },
    "/api/admin/contests" => { GET: routes::list_contests, POST: routes::create_contest },
    "/api/admin/contests/{cid}" => { GET: routes::get_contest, PUT: routes::update_contest },
    "/api/admin/contests/{cid}/questions" => { GET: routes::list_questions },
    "/api/admin/contests/{cid}/questions/{qid}" => { PUT: routes::update_question, DELETE: desk::delete_question },
    "/api/admin/contests/{cid}/questions/{qid}/void" => { POST: desk::void_question },
    "/api/admin/contests/{cid}/questions/bulk" => { POST: desk::bulk_questions },
    "/api/admin/contests/{cid}/participants" => { GET: desk::search_participants },
    "/api/admin/contests/{cid}/participants/{pid}" => { GET: desk::get_participant, PUT: desk::edit_participant },
    "/api/admin/contests/{cid}/participants/{pid}/reset-code" => { POST: desk::issue_reset_code },
    "/api/admin/contests/{cid}/participants/{pid}/disqualify" => { POST: desk::disqualify },
    "/api/admin/contests/{cid}/participants/{pid}/reinstate" => { POST: desk::reinstate },
    "/api/admin/contests/{cid}/participants/{pid}/erase" => { POST: desk::erase },
    "/api/admin/contests/{cid}/announcements" => { GET: desk::list_announcements, POST: desk::create_announcement },
    "/api/admin/contests/{cid}/announcements/{id}" => { PUT: desk::update_announcement, DELETE: desk::delete_announcement },
    "/api/admin/contests/{cid}/winners/recompute" => { POST: desk::recompute_winners },
    "/api/admin/contests/{cid}/follow-up-links" => { GET: desk::follow_up_links },
    "/api/admin/contests/{cid}/organizations/{oid}/follow-up-link" =>
        { POST: desk::create_follow_up_link, DELETE: desk::revoke_follow_up_link },
    "/api/admin/contests/{cid}/exclusions" => { GET: routes::get_exclusions, PUT: routes::put_exclusions },
    "/api/admin/contests/{cid}/winners" => { GET: routes::get_winners },
    "/api/admin/contests/{cid}/winners/publish" => { POST: routes::publish_winners },
    "/api/admin/contests/{cid}/organizations/ranking" => { GET: routes::organizations_ranking },
    "/api/admin/contests/{cid}/organizations/{oid}" => { PUT: routes::update_organization },
    "/api/admin/contests/{cid}/audit" => { GET: routes::audit_log },
    "/api/admin/contests/{cid}/reviews" => { GET: routes::list_reviews },
    "/api/admin/contests/{cid}/reviews/{aid}" => { POST: routes::decide_review },
    "/api/admin/contests/{cid}/roster" => { GET: routes::roster },
    "/api/admin/contests/{cid}/stats" => { GET: routes::statistics },
}

/// What this function may do, for its least-privilege policy. DynamoDB
/// transactions are authorized per contained action (Put, Update,
/// ConditionCheck), so they appear as those.
pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    dynamodb: &[
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:BatchGetItem",
        "dynamodb:DeleteItem",
        // Deleting a question checks that no attempt drew it (bank.rs).
        "dynamodb:ConditionCheckItem",
    ],
    s3: &[],
    verifies: Some(KeyRole::Organizer),
    signs: Some(KeyRole::Organizer),
    // Every kind of item: contests and the registry, questions, exclusions
    // and barred phones, profiles, winners, the audit log, organizer and
    // address log-in counters (docs/security.md).
    writes: None,
    reads_challenge_key: false,
    sends_sms: false,
    sends_email: false,
};

/// The scheduled round-closing job (bin close_rounds): the organizer's table
/// access limited to contests' items, and writing the closed round's export
/// (one PutObject); no token keys (it answers no requests).
pub const JOB_PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    s3: &["s3:PutObject", "s3:ListBucket", "s3:DeleteObject"],
    verifies: None,
    signs: None,
    // Attempts, profiles, best results, tallies, winners, the audit log.
    writes: Some(&[route_table::CONTEST_ITEMS]),
    ..PERMISSIONS
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}

/// Spreadsheet imports, their own function (bin organizer_imports): the
/// parsers of uploaded files run where the signing key and the exports
/// bucket are out of reach, and their code (calamine, zip, XML) stays out
/// of the other admin routes' binary.
pub mod imports_function {
    use super::MAX_UPLOAD_BYTES;
    use crate::routes as handlers;
    use axum::extract::DefaultBodyLimit;
    use axum::Router;
    use http_common::AppState;

    http_common::route_table! {
        "/api/admin/contests/{cid}/questions/import" =>
            { POST: handlers::import_questions } with DefaultBodyLimit::max(MAX_UPLOAD_BYTES),
        "/api/admin/contests/{cid}/organizations/import" =>
            { POST: handlers::import_organizations } with DefaultBodyLimit::max(MAX_UPLOAD_BYTES),
        "/api/admin/contests/{cid}/roster/import" =>
            { POST: handlers::import_roster } with DefaultBodyLimit::max(MAX_UPLOAD_BYTES),
    }

    pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
        s3: &[],
        verifies: Some(contest_usecases::KeyRole::Organizer),
        signs: None,
        // Questions, the contest item and registry (organizations), the
        // audit log: never an organizer account.
        writes: Some(&[http_common::route_table::CONTEST_ITEMS, http_common::route_table::CONTEST_REGISTRY]),
        ..super::PERMISSIONS
    };

    pub fn router(state: AppState) -> Router {
        http_common::serve(routes(), state)
    }
}

/// Result exports and closing rounds on demand, their own function (bin
/// organizer_exports): the only organizer routes that write spreadsheets
/// and reach the exports bucket.
pub mod exports_function {
    use crate::routes as handlers;
    use axum::Router;
    use http_common::AppState;

    http_common::route_table! {
        "/api/admin/contests/{cid}/exports" => { GET: handlers::list_exports, POST: handlers::create_export },
        "/api/admin/contests/{cid}/exports/contacts" => { POST: crate::desk::contact_list },
        "/api/admin/contests/{cid}/documents" => { GET: crate::desk::list_documents, POST: crate::desk::create_document },
        "/api/admin/contests/{cid}/certificates" => { POST: crate::desk::round_certificates },
        "/api/admin/contests/{cid}/posters" => { POST: crate::desk::create_poster },
        "/api/admin/jobs/close-rounds" => { POST: handlers::close_rounds_now },
    }

    pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
        s3: &["s3:PutObject", "s3:GetObject", "s3:ListBucket"],
        verifies: Some(contest_usecases::KeyRole::Organizer),
        signs: None,
        // Closing rounds (attempts, profiles, tallies, winners), the audit log.
        // Exports and the audit log under the contest's items; certificates'
        // public records under their codes.
        writes: Some(&[http_common::route_table::CONTEST_ITEMS, http_common::route_table::CERTIFICATE_RECORDS]),
        ..super::PERMISSIONS
    };

    pub fn router(state: AppState) -> Router {
        http_common::serve(routes(), state)
    }
}
