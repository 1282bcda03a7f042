//! Submit function: autosaves answers and closes attempts with their score.

mod routes;

use axum::Router;
use contest_usecases::KeyRole;
use http_common::route_table;
use http_common::AppState;

http_common::route_table! {
    "/api/contests/{cid}/attempts/{aid}/answers" => { PUT: routes::save_answers },
    "/api/contests/{cid}/attempts/{aid}/submit" => { POST: routes::submit },
}

/// What this function may do, for its least-privilege policy. DynamoDB
/// transactions are authorized per contained action (Put, Update,
/// ConditionCheck), so they appear as those.
pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    dynamodb: &["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem", "dynamodb:PutItem"],
    s3: &[],
    verifies: Some(KeyRole::Participant),
    signs: None,
    // The attempt, profile and best result (the participant's partition),
    // the tally, and a flagged result's review.
    writes: Some(&[route_table::PARTICIPANT_ITEMS, route_table::TALLY_ITEMS, route_table::REVIEW_ITEMS]),
    reads_challenge_key: false,
    sends_sms: false,
    sends_email: false,
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
