//! Ranking function: the round leaderboard, the organizations' participation
//! ranking, published winners and announcements, certificates (a
//! participant's own, and anyone's verification), units' follow-up pages,
//! the health check and the API description.

mod routes;

use axum::Router;
use contest_usecases::KeyRole;
use http_common::AppState;

http_common::route_table! {
    "/api/health" => { GET: routes::health },
    "/api/openapi.json" => { GET: routes::openapi },
    "/api/contests/{cid}/rounds/{rid}/leaderboard" => { GET: routes::leaderboard },
    "/api/contests/{cid}/organizations/leaderboard" => { GET: routes::organizations },
    "/api/contests/{cid}/rounds/{rid}/winners" => { GET: routes::winners },
    "/api/contests/{cid}/announcements" => { GET: routes::announcements },
    "/api/contests/{cid}/me/certificates" => { GET: routes::my_certificates },
    "/api/verify/{code}" => { GET: routes::verify },
    "/api/units/{token}" => { GET: routes::unit },
}

/// What this function may do, for its least-privilege policy.
pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    dynamodb: &[
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:DescribeTable",
        // A unit's follow-up reads its members' profiles.
        "dynamodb:BatchGetItem",
        // A participant's certificate gets its code on first download.
        "dynamodb:PutItem",
    ],
    s3: &[],
    verifies: Some(KeyRole::Participant),
    signs: None,
    writes: Some(&[http_common::route_table::CERTIFICATE_ITEMS, http_common::route_table::CERTIFICATE_RECORDS]),
    reads_challenge_key: false,
    sends_sms: false,
    sends_email: false,
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
