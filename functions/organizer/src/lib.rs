//! The organizers' API under `/api/admin`, for organizer tokens only, as
//! three functions: the admin routes and organizer login (bin organizer),
//! spreadsheet imports (bin organizer_imports) and exports with closing
//! rounds on demand (bin organizer_exports), which keeps each binary small and
//! each role narrow. Also home of the round-closing job, which the schedule
//! (AWS) or a timer (local gateway) runs.

pub mod jobs;
pub mod results;
mod routes;
pub mod stats;

use axum::routing::{get, post, put};
use axum::Router;
use http_common::AppState;

/// Spreadsheets are larger than any participant request; still well under
/// Lambda's 6 MB payload limit.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

http_common::route_table! {
    "/api/admin/login" => [POST] post(routes::login::handle),
    "/api/admin/contests" => [GET | POST] get(routes::contests::list).post(routes::contests::create),
    "/api/admin/contests/{cid}" => [GET | PUT] get(routes::contests::get).put(routes::contests::update),
    "/api/admin/contests/{cid}/questions" => [GET] get(routes::questions::list),
    "/api/admin/contests/{cid}/questions/{qid}" => [PUT] put(routes::questions::update),
    "/api/admin/contests/{cid}/exclusions" => [GET | PUT] get(routes::exclusions::get).put(routes::exclusions::update),
    "/api/admin/contests/{cid}/winners" => [GET] get(routes::winners::get),
    "/api/admin/contests/{cid}/winners/publish" => [POST] post(routes::winners::publish),
    "/api/admin/contests/{cid}/organizations/ranking" => [GET] get(routes::organizations::ranking),
    "/api/admin/contests/{cid}/organizations/{oid}" => [PUT] put(routes::organizations::update),
    "/api/admin/contests/{cid}/audit" => [GET] get(routes::audit::list),
    "/api/admin/contests/{cid}/stats" => [GET] get(routes::stats::get),
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
    ],
    s3: &[],
    verifies_tokens: true,
    signs_tokens: true,
};

/// The scheduled round-closing job (bin close_rounds): the organizer's table
/// access, and writing the closed round's export (one PutObject); no token
/// keys (it answers no requests).
pub const JOB_PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    s3: &["s3:PutObject"],
    verifies_tokens: false,
    signs_tokens: false,
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
    use axum::extract::DefaultBodyLimit;
    use axum::routing::post;
    use axum::Router;
    use http_common::AppState;

    http_common::route_table! {
        "/api/admin/contests/{cid}/questions/import" =>
            [POST] post(crate::routes::questions::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
        "/api/admin/contests/{cid}/organizations/import" =>
            [POST] post(crate::routes::organizations::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
    }

    pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
        s3: &[],
        verifies_tokens: true,
        signs_tokens: false,
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
    use axum::routing::{get, post};
    use axum::Router;
    use http_common::AppState;

    http_common::route_table! {
        "/api/admin/contests/{cid}/exports" => [GET | POST] get(crate::routes::exports::list).post(crate::routes::exports::create),
        "/api/admin/jobs/close-rounds" => [POST] post(crate::routes::jobs_route::run),
    }

    pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
        s3: &["s3:PutObject", "s3:GetObject", "s3:ListBucket"],
        verifies_tokens: true,
        signs_tokens: false,
        ..super::PERMISSIONS
    };

    pub fn router(state: AppState) -> Router {
        http_common::serve(routes(), state)
    }
}
