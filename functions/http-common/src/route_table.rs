//! Each function declares its routes once, in a table: the router is built
//! from it, the API description collects its handlers' documentation from
//! it, and the same table tells the infrastructure check which routes the
//! API Gateway must send to that function.

/// Builds `ROUTES` (method, path), `routes()` and `openapi()` from one table:
///
/// ```ignore
/// http_common::route_table! {
///     "/api/contests/{cid}" => { GET: routes::contest_info },
///     "/api/admin/contests/{cid}" => { GET: routes::get_contest, PUT: routes::update_contest },
///     "/api/admin/contests/{cid}/questions/import" => { POST: routes::import } with DefaultBodyLimit::max(N),
/// }
/// ```
///
/// Every handler carries a `#[utoipa::path]`. The macro also generates the
/// test that checks the method list and the handlers against each other
/// ([`check_route_table`]).
#[macro_export]
macro_rules! route_table {
    ($($path:literal => { $($method:ident : $handler:path),+ $(,)? } $(with $layer:expr)?),* $(,)?) => {
        /// (method, path) of every route this function serves.
        pub const ROUTES: &[(&str, &str)] = &[$($((stringify!($method), $path),)+)*];

        pub fn routes() -> axum::Router<$crate::AppState> {
            axum::Router::new()$(.route(
                $path,
                axum::routing::MethodRouter::new()
                    $(.on(axum::routing::MethodFilter::$method, $handler))+
                    $(.layer($layer))?
            ))*
        }

        /// This function's part of the API description.
        pub fn openapi() -> $crate::reexport::utoipa::openapi::OpenApi {
            use $crate::reexport::utoipa::OpenApi as _;
            #[derive($crate::reexport::utoipa::OpenApi)]
            #[openapi(paths($($($handler),+),*))]
            struct Description;
            Description::openapi()
        }

        #[cfg(test)]
        mod route_table_check {
            #[tokio::test]
            async fn serves_exactly_its_route_table() {
                let state = $crate::route_table::unreachable_state().await;
                let router = $crate::serve(super::routes(), state);
                $crate::route_table::check_route_table(router, super::ROUTES).await.unwrap();
            }
        }
    };
}

/// The AWS permissions a function needs; the infrastructure template must
/// grant exactly these.
#[derive(Debug, Clone, Copy)]
pub struct Permissions {
    pub dynamodb: &'static [&'static str],
    pub s3: &'static [&'static str],
    /// Whose tokens it checks: it is given that role's public key only.
    pub verifies: Option<contest_usecases::KeyRole>,
    /// Whose tokens it issues: it may read that role's private key only.
    pub signs: Option<contest_usecases::KeyRole>,
    /// The partition keys it writes, as IAM `StringLike` patterns for the
    /// `dynamodb:LeadingKeys` condition on its write actions; `None` where
    /// its writes span every kind of item (see docs/security.md).
    pub writes: Option<&'static [&'static str]>,
    /// Whether it reads the registration challenge's HMAC key.
    pub reads_challenge_key: bool,
    /// Whether it sends text messages (SNS Publish to phone numbers).
    pub sends_sms: bool,
    /// Whether it sends e-mail (SES, a forgotten password's code).
    pub sends_email: bool,
}

/// Partition keys of a participant's own items: the profile, attempts and
/// best results (`CONTEST#{cid}#P#{pid}`).
pub const PARTICIPANT_ITEMS: &str = "CONTEST#*#P#*";
/// A phone's account, login counter and bar (`CONTEST#{cid}#PHONE#{phone}`).
pub const PHONE_ITEMS: &str = "CONTEST#*#PHONE#*";
/// An attempt's paper (`CONTEST#{cid}#PAPER#{aid}`).
pub const PAPER_ITEMS: &str = "CONTEST#*#PAPER#*";
/// A contest's organization tallies (`CONTEST#{cid}#ORGS`).
pub const TALLY_ITEMS: &str = "CONTEST#*#ORGS";
/// Anything of a contest (`CONTEST#{cid}...`), not the organizer accounts
/// nor the log-in counters outside contests.
pub const CONTEST_ITEMS: &str = "CONTEST#*";
/// A unit's staff list, whose entries registrations claim (`CONTEST#{cid}#ROSTER#{oid}`).
pub const ROSTER_ITEMS: &str = "CONTEST#*#ROSTER#*";
/// A registration waiting for its SMS code (`CONTEST#{cid}#VERIFY#{vid}`).
pub const VERIFICATION_ITEMS: &str = "CONTEST#*#VERIFY#*";
/// Rate counters of the registration brakes (`RATE#{scope}#{subject}#{window}`).
pub const RATE_ITEMS: &str = "RATE#*";
/// Spent registration challenges (`CHALLENGE#{signature}`).
pub const CHALLENGE_ITEMS: &str = "CHALLENGE#*";
/// Results waiting for the committee's review (`CONTEST#{cid}#REVIEWS`).
pub const REVIEW_ITEMS: &str = "CONTEST#*#REVIEWS";
/// Which certificate a contest gave whom (`CONTEST#{cid}#CERTS`).
pub const CERTIFICATE_ITEMS: &str = "CONTEST#*#CERTS";
/// Certificates' public records (`CERT#{code}`).
pub const CERTIFICATE_RECORDS: &str = "CERT#*";
/// Decided winners per round (`CONTEST#{cid}#WINNERS`).
pub const WINNERS_ITEMS: &str = "CONTEST#*#WINNERS";
/// The question bank and its drawn marks (`CONTEST#{cid}#QUESTIONS`).
pub const QUESTION_ITEMS: &str = "CONTEST#*#QUESTIONS";
/// The contest registry (`CONTESTS`).
pub const CONTEST_REGISTRY: &str = "CONTESTS";

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use tower::ServiceExt;

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

/// Proves a router serves exactly the table: every listed (method, path)
/// reaches a handler, and every other method on a listed path gets 405.
/// Paths outside the table cannot be served: the router is built from it.
pub async fn check_route_table(router: axum::Router, table: &[(&str, &str)]) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut paths: Vec<&str> = table.iter().map(|(_, path)| *path).collect();
    paths.dedup();
    for path in paths {
        let concrete: String = path
            .split('/')
            .map(|segment| if segment.starts_with('{') { "x" } else { segment })
            .collect::<Vec<_>>()
            .join("/");
        for method in METHODS {
            let request = Request::builder()
                .method(Method::from_bytes(method.as_bytes()).expect("valid method"))
                .uri(&concrete)
                .body(Body::empty())
                .expect("valid request");
            let response = router.clone().oneshot(request).await.expect("infallible");
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap_or_default();
            let fallback = status == StatusCode::NOT_FOUND && bytes.windows(11).any(|w| w == b"\"NOT_FOUND\"");
            let listed = table.contains(&(method, path));
            if listed && (fallback || status == StatusCode::METHOD_NOT_ALLOWED) {
                problems.push(format!("{method} {path} is listed but not served ({status})"));
            }
            if !listed && status != StatusCode::METHOD_NOT_ALLOWED {
                problems.push(format!("{method} {path} is served ({status}) but not listed"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// State whose store points at a closed port: for tests that exercise
/// routing without storage (a handler touching the store fails fast, 503).
pub async fn unreachable_state() -> crate::AppState {
    let sdk_config = contest_store::Store::sdk_loader()
        .endpoint_url("http://127.0.0.1:9")
        .region(aws_config_region())
        .credentials_provider(aws_sdk_credentials())
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .load()
        .await;
    let store = contest_store::Store::from_sdk_config(
        &sdk_config,
        contest_store::StoreConfig { table_name: "unreachable".into(), exports_bucket: "unreachable".into() },
    );
    let tokens = contest_usecases::TokenKeys::generate();
    crate::AppState::new(store, tokens, contest_usecases::Clock::system(), std::time::Duration::from_secs(60))
}

fn aws_config_region() -> aws_config::Region {
    aws_config::Region::new("ap-southeast-1")
}

fn aws_sdk_credentials() -> aws_credential_types::Credentials {
    aws_credential_types::Credentials::new("unused", "unused", None, None, "route-check")
}
