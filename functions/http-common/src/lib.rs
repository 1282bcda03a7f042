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
/// `RUST_LOG` takes `level` or `target=level` lists (a `Targets` filter: the
/// regex-based `EnvFilter` added ~0.3 MB to every binary).
pub fn init_tracing() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter: tracing_subscriber::filter::Targets = std::env::var("RUST_LOG")
        .ok()
        .and_then(|directives| directives.parse().ok())
        .unwrap_or_else(|| tracing_subscriber::filter::Targets::new().with_default(tracing::Level::INFO));
    let builder = tracing_subscriber::fmt().with_target(false);
    let result = if std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some() {
        builder.json().without_time().finish().with(filter).try_init()
    } else {
        builder.compact().finish().with(filter).try_init()
    };
    // A second initialisation (tests spawning several apps) is harmless.
    drop(result);
}
