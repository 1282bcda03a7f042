//! The local gateway: every function's routes on one port, at exactly the
//! paths API Gateway serves them, and the static site at `/`.

use axum::http::{header, HeaderValue};
use axum::Router;
use http_common::AppState;
use std::path::Path;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Every function's name, route table and permissions: what the template
/// must match (printed by `route_manifest`) and what the API description
/// must cover.
pub fn functions() -> Vec<(&'static str, &'static [(&'static str, &'static str)], http_common::route_table::Permissions)>
{
    vec![
        ("registration", registration::ROUTES, registration::PERMISSIONS),
        ("start-attempt", start_attempt::ROUTES, start_attempt::PERMISSIONS),
        ("submit", submit::ROUTES, submit::PERMISSIONS),
        ("ranking", ranking::ROUTES, ranking::PERMISSIONS),
        ("organizer", organizer::ROUTES, organizer::PERMISSIONS),
        ("organizer-imports", organizer::imports_function::ROUTES, organizer::imports_function::PERMISSIONS),
        ("organizer-exports", organizer::exports_function::ROUTES, organizer::exports_function::PERMISSIONS),
        // The scheduled round-closing job (organizer crate, bin close_rounds):
        // no routes, the organizer's table access and nothing else.
        ("close-rounds", &[], organizer::JOB_PERMISSIONS),
    ]
}

/// All API routes of all functions, as one router.
pub fn api_routes() -> Router<AppState> {
    registration::routes()
        .merge(start_attempt::routes())
        .merge(submit::routes())
        .merge(ranking::routes())
        .merge(organizer::routes())
        .merge(organizer::imports_function::routes())
        .merge(organizer::exports_function::routes())
}

/// The whole API description: every function's part, in one document.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    http_common::openapi::document([
        registration::openapi(),
        start_attempt::openapi(),
        submit::openapi(),
        ranking::openapi(),
        organizer::openapi(),
        organizer::imports_function::openapi(),
        organizer::exports_function::openapi(),
    ])
}

/// The document as committed in `api/openapi.json` and served at `/api/openapi.json`.
pub fn openapi_json() -> String {
    let mut text = openapi_document().to_pretty_json().expect("the document serialises");
    text.push('\n');
    text
}

/// Runs the round-closing job every `period`, as the schedule does in AWS.
pub fn spawn_closing_job(state: AppState, period: std::time::Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            use contest_usecases::organizer::jobs::{run_closing_job, SCHEDULE_ACTOR};
            if let Err(err) = run_closing_job(&state, state.clock.now(), SCHEDULE_ACTOR).await {
                tracing::warn!(%err, "round-closing job failed; retrying next tick");
            }
        }
    })
}

/// The site's policy: only its own scripts and styles, API calls to itself,
/// and framing by the portals in `FRAME_ANCESTORS` (space-separated origins;
/// `*` when unset, for local use). In AWS the CDN sets the same policy.
pub fn site_security_policy() -> HeaderValue {
    let ancestors = std::env::var("FRAME_ANCESTORS").unwrap_or_else(|_| "*".to_owned());
    let policy = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"))
}

/// The site as the CDN serves it: content-hashed files under `/assets/`
/// (built by `scripts/build-site.sh`) never change, so browsers keep them a
/// year without asking; `/embed.js` is kept five minutes; everything else
/// (HTML, `config.js`, the worker, `og-image.png`) is revalidated, so a fix
/// reaches everyone at once.
pub fn app(state: AppState, static_dir: &Path) -> Router {
    let immutable = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, site_security_policy()))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        // Compressed once at build time (NAME.br, NAME.gz beside each asset),
        // harder than on the fly; the compression layer leaves them alone.
        .service(ServeDir::new(static_dir.join("assets")).precompressed_br().precompressed_gzip());
    let revalidated = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, site_security_policy()))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .service(ServeDir::new(static_dir).append_index_html_on_directories(true));
    // The portals' one-line embed loads /embed.js by its address: kept five
    // minutes, as the CDN does (scripts/deploy.sh).
    let embed = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, site_security_policy()))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
        .service(tower_http::services::ServeFile::new(static_dir.join("embed.js")));
    let site = Router::new()
        .nest_service("/assets", immutable)
        .route_service("/embed.js", embed)
        .fallback_service(revalidated);
    // Compressed like CloudFront does (gzip or Brotli, as the browser
    // accepts), the API's JSON included: what is measured locally is what
    // travels in AWS.
    http_common::serve_with_site(api_routes(), state, site).layer(tower_http::compression::CompressionLayer::new())
}
