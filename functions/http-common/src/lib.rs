//! The HTTP adapter every function shares: extractors that answer 4xx in
//! the API's format (JSON bodies, typed id paths, query strings), who is
//! calling (tokens), the one mapping from the use cases' errors to HTTP,
//! the route-table macro, the layers around every router, and the API
//! description's assembly.

pub mod auth;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod route_table;
pub mod state;

pub use auth::{ClientAddress, OrganizerAuth, ParticipantAuth};
pub use contest_usecases::init_tracing;
pub use error::ApiError;
pub use extract::{ApiBytes, ApiJson, ApiQuery, Ids, OptionalJson};
pub use state::{serve, serve_behind_cdn, serve_with_site, AppState, ORIGIN_HEADER};

/// What the macros need from this crate's dependencies.
#[doc(hidden)]
pub mod reexport {
    pub use contest_usecases::ErrorCode;
    pub use utoipa;
}
