//! Organizer function: everything the organizing committee does, under
//! `/api/admin`, for organizer tokens only. Also home of the round-closing
//! job, which the schedule (AWS) or a timer (local gateway) runs.

pub mod jobs;
pub mod results;
mod routes;
pub mod stats;

use axum::extract::DefaultBodyLimit;
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
    "/api/admin/contests/{cid}/questions/import" =>
        [POST] post(routes::questions::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
    "/api/admin/contests/{cid}/questions/{qid}" => [PUT] put(routes::questions::update),
    "/api/admin/contests/{cid}/exclusions" => [GET | PUT] get(routes::exclusions::get).put(routes::exclusions::update),
    "/api/admin/contests/{cid}/winners" => [GET] get(routes::winners::get),
    "/api/admin/contests/{cid}/winners/publish" => [POST] post(routes::winners::publish),
    "/api/admin/contests/{cid}/organizations/ranking" => [GET] get(routes::organizations::ranking),
    "/api/admin/contests/{cid}/organizations/import" =>
        [POST] post(routes::organizations::import).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES)),
    "/api/admin/contests/{cid}/organizations/{oid}" => [PUT] put(routes::organizations::update),
    "/api/admin/contests/{cid}/exports" => [GET | POST] get(routes::exports::list).post(routes::exports::create),
    "/api/admin/contests/{cid}/audit" => [GET] get(routes::audit::list),
    "/api/admin/contests/{cid}/stats" => [GET] get(routes::stats::get),
    "/api/admin/jobs/close-rounds" => [POST] post(routes::jobs_route::run),
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
    s3: &["s3:PutObject", "s3:GetObject", "s3:ListBucket"],
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
