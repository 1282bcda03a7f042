//! What every function shares: application state, the error format, JSON and
//! path extraction that always answer 4xx on bad input, tokens, the contest
//! cache and the attempt-closing use case.

pub mod attempts;
pub mod auth;
pub mod cache;
pub mod clock;
pub mod error;
pub mod extract;
pub mod password;
pub mod route_table;
pub mod state;

pub use auth::{Claims, OrganizerAuth, ParticipantAuth, TokenKeys};
pub use clock::Clock;
pub use error::ApiError;
pub use extract::{ApiBytes, ApiJson, ApiPath, OptionalJson};
pub use state::{serve, serve_with_site, AppState};

/// Structured logs: JSON in Lambda (CloudWatch), compact text locally.
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let result = if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
        builder.json().without_time().try_init()
    } else {
        builder.compact().try_init()
    };
    // A second initialisation (tests spawning several apps) is harmless.
    drop(result);
}
