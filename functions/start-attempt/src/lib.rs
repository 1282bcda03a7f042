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
        // The first draw of a question checks it still exists (bank.rs).
        "dynamodb:ConditionCheckItem",
    ],
    s3: &[],
    verifies: Some(KeyRole::Participant),
    signs: None,
    // The profile and attempt, the paper, the drawn marks of the bank;
    // closing an abandoned attempt also writes the best result (the
    // participant's partition), the tally and a flagged result's review.
    writes: Some(&[
        route_table::PARTICIPANT_ITEMS,
        route_table::PAPER_ITEMS,
        route_table::TALLY_ITEMS,
        route_table::QUESTION_ITEMS,
        route_table::REVIEW_ITEMS,
    ]),
    reads_challenge_key: false,
    sends_sms: false,
    sends_email: false,
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
