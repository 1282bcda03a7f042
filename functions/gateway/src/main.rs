use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    http_common::init_tracing();
    let state = http_common::AppState::from_env().await.map_err(|e| anyhow::anyhow!(e))?;
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into());
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8080);
    let static_dir = PathBuf::from(std::env::var("STATIC_DIR").unwrap_or_else(|_| "static-site".into()));
    let address: SocketAddr = format!("{host}:{port}").parse().context("HOST/PORT")?;
    let listener = tokio::net::TcpListener::bind(address).await.with_context(|| format!("bind {address}"))?;
    let job_seconds: u64 = std::env::var("CLOSING_JOB_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    gateway::spawn_closing_job(state.clone(), std::time::Duration::from_secs(job_seconds));
    println!("Cuộc thi đang chạy tại http://{address}  (Ctrl+C để dừng)");
    // The peer's address reaches the handlers: the per-address limits on
    // registrations and log-ins count by it.
    axum::serve(listener, gateway::app(state, &static_dir).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
