//! The time spent on passwords (Argon2id, waiting for a worker included),
//! measured by a tracing layer on the span the use cases open around every
//! hash and verification: the benchmarks report it apart from the request
//! overhead, without a hook in the product code.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tracing::span::{Attributes, Id};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

static SPENT_NANOS: AtomicU64 = AtomicU64::new(0);

/// Password time so far in this process.
pub fn spent() -> std::time::Duration {
    std::time::Duration::from_nanos(SPENT_NANOS.load(Ordering::Relaxed))
}

/// Installs the layer as the process's subscriber; call before the app starts.
pub fn install() {
    let _ = tracing_subscriber::registry().with(PasswordTime).try_init();
}

struct Started(Instant);

struct PasswordTime;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for PasswordTime {
    fn on_new_span(&self, attributes: &Attributes<'_>, id: &Id, context: Context<'_, S>) {
        if attributes.metadata().name() == contest_usecases::password::SPAN_NAME {
            if let Some(span) = context.span(id) {
                span.extensions_mut().insert(Started(Instant::now()));
            }
        }
    }

    fn on_close(&self, id: Id, context: Context<'_, S>) {
        if let Some(span) = context.span(&id) {
            if let Some(Started(at)) = span.extensions().get::<Started>() {
                SPENT_NANOS.fetch_add(at.elapsed().as_nanos() as u64, Ordering::Relaxed);
            }
        }
    }
}
