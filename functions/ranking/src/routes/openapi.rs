//! `GET /api/openapi.json`: the API's description (api/openapi.json in the
//! repository), for client developers and the schema-based tests.

use axum::http::header;
use axum::response::IntoResponse;

const DOCUMENT: &str = include_str!("../../../../api/openapi.json");

pub async fn handle() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], DOCUMENT)
}
