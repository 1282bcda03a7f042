//! The application layer: every use case of the platform, between the HTTP
//! handlers (which parse input and render output) and the store (which
//! speaks DynamoDB and S3). Nothing here knows about HTTP: use cases take
//! parsed input and return `Serialize` structs or one typed [`Error`].

pub mod account;
pub mod app;
pub mod attempts;
pub mod challenge;
mod clock;
pub mod email;
pub mod error;
pub mod identity;
pub mod organizer;
pub mod password;
pub mod privacy;
pub mod rankings;
pub mod registration;
pub mod sms;
pub mod tokens;

pub use app::{App, Limits};
pub use clock::Clock;
pub use error::{BusyWith, Error, ErrorCode, ImportKind};
pub use identity::{Denied, Organizer, OrganizerRole, Participant};
pub use tokens::{Claims, KeyRole, TokenKeys};

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
