//! The round-closing job as its own Lambda entry point, for the schedule
//! (EventBridge sends a scheduled event, not an HTTP request).

use lambda_runtime::{service_fn, Error, LambdaEvent};

// A container is given one request at a time: worker threads would only
// add their start-up and cross-thread wake-ups to every cold start.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    http_common::init_tracing();
    let state = http_common::AppState::without_tokens_from_env()?;
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let state = state.clone();
        async move {
            let report = organizer::jobs::run_closing_job(&state, state.clock.now(), organizer::jobs::SCHEDULE_ACTOR)
                .await
                .map_err(|err| format!("{}: {}", err.code, err.message))?;
            Ok::<_, Error>(serde_json::to_value(report)?)
        }
    }))
    .await
}
