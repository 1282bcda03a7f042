// A container is given one request at a time: worker threads would only
// add their start-up and cross-thread wake-ups to every cold start.
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    http_common::init_tracing();
    let state = http_common::AppState::from_env().await?;
    lambda_http::run(organizer::imports_function::router(state)).await
}
