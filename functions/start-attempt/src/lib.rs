//! Start-attempt function: draws an attempt in an open round (or resumes the
//! one in progress) and serves an attempt back to its owner.

mod routes;

use axum::Router;
use contest_usecases::KeyRole;
use http_common::route_table;
use http_common::AppState;

http_common::route_table! {
    "/api/contests/{cid}/rounds/{rid}/attempts" => { POST: routes::start },
    "/api/contests/{cid}/attempts/{aid}" => { GET: routes::get_attempt },
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
    verifies: Some(KeyRole::Participant),
    signs: None,
    // The profile and attempt, the paper; closing an abandoned attempt also
    // writes the best result (the participant's partition) and the tally.
    writes: Some(&[route_table::PARTICIPANT_ITEMS, route_table::PAPER_ITEMS, route_table::TALLY_ITEMS]),
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
