//! Registration function: public contest info, sign-up, log-in and the
//! participant's own overview. The only function holding the participant
//! signing key.

mod routes;

use axum::Router;
use contest_usecases::KeyRole;
use http_common::route_table;
use http_common::AppState;

http_common::route_table! {
    "/api/contests/{cid}" => { GET: routes::contest_info },
    "/api/contests/{cid}/challenge" => { GET: routes::challenge },
    "/api/contests/{cid}/register" => { POST: routes::register },
    "/api/contests/{cid}/register/verify" => { POST: routes::verify },
    "/api/contests/{cid}/login" => { POST: routes::login },
    "/api/contests/{cid}/password-reset" => { POST: routes::reset_password },
    "/api/contests/{cid}/password-reset/request" => { POST: routes::request_password_reset },
    "/api/contests/{cid}/me" => { GET: routes::me, DELETE: routes::withdraw },
    "/api/contests/{cid}/me/data" => { GET: routes::my_data },
    "/api/contests/{cid}/logout" => { POST: routes::logout },
}

/// What this function may do, for its least-privilege policy. DynamoDB
/// transactions are authorized per contained action (Put, Update,
/// ConditionCheck), so they appear as those.
pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    dynamodb: &[
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        // A participant's own attempts with their papers (their data download).
        "dynamodb:BatchGetItem",
    ],
    s3: &[],
    verifies: Some(KeyRole::Participant),
    signs: Some(KeyRole::Participant),
    // Accounts and log-in counters (the phone's partition), profiles and
    // reset codes (the participant's), staff-list claims, pending SMS
    // checks, the brakes' rate counters and spent challenges; a withdrawal
    // also moves the tally, renames reviews and recomputes unpublished
    // winners.
    writes: Some(&[
        route_table::PHONE_ITEMS,
        route_table::PARTICIPANT_ITEMS,
        route_table::ROSTER_ITEMS,
        route_table::VERIFICATION_ITEMS,
        route_table::RATE_ITEMS,
        route_table::CHALLENGE_ITEMS,
        route_table::TALLY_ITEMS,
        route_table::REVIEW_ITEMS,
        route_table::WINNERS_ITEMS,
    ]),
    reads_challenge_key: true,
    sends_sms: true,
    sends_email: true,
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
