//! Ranking function: the round leaderboard, the organizations' participation
//! ranking, published winners, and the health check.

mod routes;

use axum::routing::get;
use axum::Router;
use http_common::AppState;

http_common::route_table! {
    "/api/health" => [GET] get(routes::health::handle),
    "/api/openapi.json" => [GET] get(routes::openapi::handle),
    "/api/contests/{cid}/rounds/{rid}/leaderboard" => [GET] get(routes::leaderboard::handle),
    "/api/contests/{cid}/organizations/leaderboard" => [GET] get(routes::organizations::handle),
    "/api/contests/{cid}/rounds/{rid}/winners" => [GET] get(routes::winners::handle),
}

/// What this function may do, for its least-privilege policy. DynamoDB
/// transactions are authorized per contained action (Put, Update,
/// ConditionCheck), so they appear as those.
pub const PERMISSIONS: http_common::route_table::Permissions = http_common::route_table::Permissions {
    dynamodb: &["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
    s3: &[],
    verifies_tokens: true,
    signs_tokens: false,
};

pub fn router(state: AppState) -> Router {
    http_common::serve(routes(), state)
}
