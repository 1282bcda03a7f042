//! The round-closing job as its own Lambda entry point, for the schedule
//! (EventBridge sends a scheduled event, not an HTTP request).

use contest_usecases::organizer::jobs::{run_closing_job, SCHEDULE_ACTOR};
use lambda_runtime::{service_fn, Error, LambdaEvent};

// A container is given one request at a time: worker threads would only
// add their start-up and cross-thread wake-ups to every cold start.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    contest_usecases::init_tracing();
    let app = contest_usecases::App::without_tokens_from_env()?;
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let app = app.clone();
        async move {
            let report = run_closing_job(&app, app.clock.now(), SCHEDULE_ACTOR).await?;
            Ok::<_, Error>(serde_json::to_value(report)?)
        }
    }))
    .await
}
