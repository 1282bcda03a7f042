//! Start-attempt function: draws an attempt in an open round (or resumes the
//! one in progress) and serves an attempt back to its owner.

mod routes;

use axum::Router;
use http_common::AppState;

http_common::route_table! {
    "/api/contests/{cid}/rounds/{rid}/attempts" => { POST: routes::start },
    "/api/contests/{cid}/attempts/{aid}" => { GET: routes::get_attempt },
    "/api/contests/{cid}/attempts/{aid}/review" => { GET: routes::review },
}

/// What this function may do, for its least-privilege policy. DynamoDB
/// transactions are authorized per contained action (Put, Update,
/// ConditionCheck), so they appear as those.
pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    dynamodb: &[
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:BatchGetItem",
        "dynamodb:UpdateItem",
        "dynamodb:PutItem",
    ],
    s3: &[],
    verifies_tokens: true,
    signs_tokens: false,
    reads_challenge_key: false,
    sends_sms: false,
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
