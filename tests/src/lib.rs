//! `spawn_app()`: the whole API (every function's router, as the local
//! gateway mounts them) on a random port, against a fresh table in the moto
//! server that `make test` starts. Each app has its own table, so tests run
//! in parallel without seeing each other.

use aws_sdk_dynamodb::config::{Credentials, Intercept, Region};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use contest_domain::contest::ContestDefinition;
use contest_store::{Store, StoreConfig};
use contest_usecases::{App, Clock, TokenKeys};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::PathBuf;

pub mod fault_proxy;

pub const CONTEST_ID: &str = "test-contest";
pub const PASSWORD: &str = "mat-khau-123";

pub fn moto_endpoint() -> String {
    std::env::var("TEST_AWS_ENDPOINT")
        .expect("TEST_AWS_ENDPOINT is not set: run the tests with `make test`, which starts a moto server for them")
}

pub async fn test_store() -> Store {
    test_store_at(&moto_endpoint(), contest_store::StoreTimeouts::default()).await
}

/// A store reached through `endpoint` (moto itself, or a proxy in front of
/// it) with the given timeouts, on a fresh table.
pub async fn test_store_at(endpoint: &str, timeouts: contest_store::StoreTimeouts) -> Store {
    test_store_with(endpoint, timeouts, Store::from_sdk_config).await
}

/// A store on a fresh table in moto whose DynamoDB and S3 requests `observer` also sees.
pub async fn test_store_instrumented(observer: impl Intercept + 'static) -> Store {
    test_store_with(&moto_endpoint(), contest_store::StoreTimeouts::default(), |sdk, config| {
        Store::instrumented(sdk, config, observer)
    })
    .await
}

async fn test_store_with(
    endpoint: &str,
    timeouts: contest_store::StoreTimeouts,
    build: impl FnOnce(&aws_config::SdkConfig, StoreConfig) -> Store,
) -> Store {
    let sdk_config = sdk_config_at(endpoint, timeouts).await;
    let suffix = uuid::Uuid::new_v4().simple().to_string();
    let config = StoreConfig { table_name: format!("test-{suffix}"), exports_bucket: format!("test-{suffix}") };
    let store = build(&sdk_config, config);
    store.create_table_if_missing().await.expect("create test table");
    store.create_bucket_if_missing().await.expect("create test bucket");
    store
}

/// The AWS configuration the tests' clients use: `endpoint` (moto, or a
/// proxy in front of it), the test region and credentials.
pub async fn sdk_config_at(endpoint: &str, timeouts: contest_store::StoreTimeouts) -> aws_config::SdkConfig {
    Store::sdk_loader_with(timeouts)
        .endpoint_url(endpoint)
        .region(Region::new("ap-southeast-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
        .load()
        .await
}

/// The IAM actions of the requests an SDK client sends (`dynamodb:GetItem`,
/// `s3:PutObject`, ...), with how many of each: to compare with a
/// function's declared permissions, or to count a use case's requests.
#[derive(Debug, Clone, Default)]
pub struct ActionRecorder {
    actions: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, usize>>>,
    /// Partition keys of the items written (Put, Update, Delete, in
    /// transactions and batches too), to compare with a function's
    /// `dynamodb:LeadingKeys` condition.
    written: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

/// The partition keys a DynamoDB write request's JSON body names.
fn written_partition_keys(operation: &str, body: &Value) -> Vec<String> {
    let pk = |item: &Value| item["pk"]["S"].as_str().map(str::to_owned);
    match operation {
        "PutItem" => pk(&body["Item"]).into_iter().collect(),
        "UpdateItem" | "DeleteItem" => pk(&body["Key"]).into_iter().collect(),
        "TransactWriteItems" => body["TransactItems"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| {
                pk(&item["Put"]["Item"]).or_else(|| pk(&item["Update"]["Key"])).or_else(|| pk(&item["Delete"]["Key"]))
            })
            .collect(),
        "BatchWriteItem" => body["RequestItems"]
            .as_object()
            .into_iter()
            .flat_map(|tables| tables.values())
            .flat_map(|requests| requests.as_array().into_iter().flatten())
            .filter_map(|request| pk(&request["PutRequest"]["Item"]).or_else(|| pk(&request["DeleteRequest"]["Key"])))
            .collect(),
        _ => Vec::new(),
    }
}

/// IAM `StringLike`: `*` matches any run of characters, `?` one.
pub fn string_like(pattern: &str, value: &str) -> bool {
    fn matches(p: &[char], v: &[char]) -> bool {
        match (p.first(), v.first()) {
            (None, None) => true,
            (Some('*'), _) => matches(&p[1..], v) || (!v.is_empty() && matches(p, &v[1..])),
            (Some('?'), Some(_)) => matches(&p[1..], &v[1..]),
            (Some(a), Some(b)) if a == b => matches(&p[1..], &v[1..]),
            _ => false,
        }
    }
    matches(&pattern.chars().collect::<Vec<_>>(), &value.chars().collect::<Vec<_>>())
}

impl ActionRecorder {
    /// The actions seen since the last take.
    pub fn take(&self) -> std::collections::BTreeSet<String> {
        self.take_counts().into_keys().collect()
    }

    /// The actions seen since the last take, with their counts.
    pub fn take_counts(&self) -> std::collections::BTreeMap<String, usize> {
        self.written.lock().expect("recorder lock").clear();
        std::mem::take(&mut *self.actions.lock().expect("recorder lock"))
    }

    /// The partition keys written since the last take (of either kind).
    pub fn take_written(&self) -> std::collections::BTreeSet<String> {
        std::mem::take(&mut *self.written.lock().expect("recorder lock"))
    }
}

impl Intercept for ActionRecorder {
    fn name(&self) -> &'static str {
        "ActionRecorder"
    }

    fn read_before_transmit(
        &self,
        context: &aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef<'_>,
        _components: &aws_smithy_runtime_api::client::runtime_components::RuntimeComponents,
        cfg: &mut aws_smithy_types::config_bag::ConfigBag,
    ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
        if let Some(metadata) = cfg.load::<aws_smithy_runtime_api::client::orchestrator::Metadata>() {
            let service = metadata.service().to_ascii_lowercase();
            *self
                .actions
                .lock()
                .expect("recorder lock")
                .entry(format!("{service}:{}", metadata.name()))
                .or_default() += 1;
            if service == "dynamodb" {
                let body = context.request().body().bytes().and_then(|bytes| serde_json::from_slice(bytes).ok());
                if let Some(body) = body {
                    self.written.lock().expect("recorder lock").extend(written_partition_keys(metadata.name(), &body));
                }
            }
        }
        Ok(())
    }
}

fn iso(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A contest with an open round, one that opens next week and one that
/// closed last week: `questions` in the bank, `per_attempt` drawn each time.
pub fn contest_file(questions: usize, per_attempt: usize) -> Value {
    let now = Utc::now();
    let questions: Vec<_> = (1..=questions)
        .map(|n| {
            let answer = ["A", "B", "C", "D"][n % 4];
            json!({"id": format!("q{n:03}"), "text": format!("Câu hỏi kiểm thử số {n}?"),
                   "options": ["Phương án một", "Phương án hai", "Phương án ba", "Phương án bốn"],
                   "answer": answer, "topic": "Kiểm thử", "source": "Bộ kiểm thử"})
        })
        .collect();
    json!({
        "id": CONTEST_ID,
        "title": "Cuộc thi kiểm thử",
        "description": "Dùng cho kiểm thử tự động.",
        "rules": "Thể lệ kiểm thử.",
        "time_limit_seconds": 1800,
        "grace_seconds": 15,
        "questions_per_attempt": per_attempt,
        "max_attempts_per_round": 2,
        "rounds": [
            {"id": "open", "name": "Tuần đang mở", "opens_at": iso(now - Duration::days(1)), "closes_at": iso(now + Duration::days(6))},
            {"id": "future", "name": "Tuần sau", "opens_at": iso(now + Duration::days(7)), "closes_at": iso(now + Duration::days(13))},
            {"id": "past", "name": "Tuần trước", "opens_at": iso(now - Duration::days(8)), "closes_at": iso(now - Duration::days(2))}
        ],
        "organizations": [
            {"id": "phuong-1", "name": "UBND Phường 1", "group": "Phường, xã", "headcount": 4},
            {"id": "phong-noi-vu", "name": "Phòng Nội vụ", "group": "Cơ quan", "headcount": 10}
        ],
        "excluded_phones": ["0999999999"],
        "prediction_question": "Dự đoán số người đạt điểm tối đa?",
        // Tests register freely, read leaderboards of open rounds and submit
        // at once: the challenge, hidden leaderboards and reviews of fast
        // results have tests of their own.
        "registration_challenge": false,
        "live_leaderboard": true,
        "min_seconds_per_question": 0,
        "questions": questions
    })
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: App,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(contest_file(30, 5)).await
}

pub async fn spawn_app_with(contest: Value) -> TestApp {
    spawn_app_on(test_store().await, contest).await
}

static LOGS: std::sync::OnceLock<std::sync::Arc<std::sync::Mutex<Vec<u8>>>> = std::sync::OnceLock::new();

struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the apps of this test process logged, at the production
/// level (`info`), so tests can prove what never reaches the logs.
pub fn captured_logs() -> String {
    let buffer = LOGS.get_or_init(install_log_capture);
    String::from_utf8_lossy(&buffer.lock().expect("log buffer")).into_owned()
}

fn install_log_capture() -> std::sync::Arc<std::sync::Mutex<Vec<u8>>> {
    let buffer = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let writer = buffer.clone();
    let _ = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::INFO)
        .with_ansi(false)
        .with_writer(move || LogBuffer(writer.clone()))
        .try_init();
    buffer
}

pub async fn spawn_app_on(store: Store, contest: Value) -> TestApp {
    spawn_app_with_keys(store, contest, TokenKeys::generate()).await
}

pub async fn spawn_app_with_keys(store: Store, contest: Value, tokens: TokenKeys) -> TestApp {
    LOGS.get_or_init(install_log_capture);
    let definition = ContestDefinition::from_json(&contest.to_string()).expect("valid test contest");
    store.save_definition(&definition).await.expect("load test contest");
    // The deployment's limits as the environment sets them (the defaults in
    // tests; `make bench` lifts the per-address registration limit).
    let limits = contest_usecases::Limits::from_env();
    serve(App::new(store, tokens, Clock::system(), std::time::Duration::from_secs(60)).with_limits(limits)).await
}

/// The whole API with this state, on a random port.
pub async fn serve(state: App) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let site = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../static-site");
    let app = gateway::app(state.clone(), &site);
    tokio::spawn(async move { axum_serve(listener, app).await });
    TestApp { base: format!("http://{address}"), client: reqwest::Client::new(), state }
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).await.expect("server");
}

/// A response as tests look at it: status and JSON body.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }

    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "unexpected status; body: {}", self.text);
        self.body
    }

    /// Asserts a client error with the stable code and a Vietnamese message.
    #[track_caller]
    pub fn expect_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "body: {}", self.text);
        assert_eq!(self.code(), code, "body: {}", self.text);
        let message = self.body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "error without message: {}", self.text);
    }
}

pub struct Participant {
    pub id: String,
    pub token: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/contests/{CONTEST_ID}{path}", self.base)
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, body, text }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        self.send(request).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = self.client.post(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(self.client.put(self.url(path)).bearer_auth(token).json(&body)).await
    }

    /// Registers with this body; a body without `consent` consents to the
    /// contest's privacy notice as it is now (tests of consent itself send
    /// their own `consent`).
    pub async fn register_raw(&self, mut body: Value) -> Reply {
        if body.get("consent").is_none() {
            if let Some(fields) = body.as_object_mut() {
                fields.insert("consent".into(), Value::Bool(true));
                fields.insert("privacy_notice_version".into(), Value::String(self.privacy_notice_version().await));
            }
        }
        self.post("/register", None, Some(body)).await
    }

    /// The version of the contest's privacy notice now.
    pub async fn privacy_notice_version(&self) -> String {
        let info = self.get("", None).await.expect(StatusCode::OK);
        info["privacy_notice_version"].as_str().expect("privacy_notice_version").to_owned()
    }

    pub async fn register(&self, name: &str, phone: &str, organization: &str) -> Participant {
        let body = self
            .register_raw(
                json!({"full_name": name, "phone": phone, "password": PASSWORD, "organization_id": organization}),
            )
            .await
            .expect(StatusCode::CREATED);
        Participant {
            id: body["participant"]["id"].as_str().expect("id").to_owned(),
            token: body["token"].as_str().expect("token").to_owned(),
        }
    }

    pub async fn start(&self, who: &Participant, round: &str) -> Reply {
        self.post(&format!("/rounds/{round}/attempts"), Some(&who.token), None).await
    }

    pub async fn save(&self, who: &Participant, attempt: &str, answers: Value) -> Reply {
        self.put(&format!("/attempts/{attempt}/answers"), &who.token, json!({ "answers": answers })).await
    }

    pub async fn submit(&self, who: &Participant, attempt: &str, body: Value) -> Reply {
        self.post(&format!("/attempts/{attempt}/submit"), Some(&who.token), Some(body)).await
    }

    /// The answer key of an attempt, read from the store as only the server
    /// can: question id → correct option id.
    pub async fn answer_key(&self, who: &Participant, attempt: &str) -> std::collections::BTreeMap<String, String> {
        let record = self
            .state
            .store
            .get_attempt(
                &CONTEST_ID.parse().expect("contest id"),
                &who.id.parse().expect("participant id"),
                &attempt.parse().expect("attempt id"),
            )
            .await
            .expect("store")
            .expect("attempt exists");
        record.questions.iter().map(|q| (q.id.to_string(), q.correct.to_string())).collect()
    }
}

/// Any key anywhere in a JSON document that would carry an answer key.
pub fn find_answer_fields(value: &Value) -> Vec<String> {
    const FORBIDDEN: [&str; 5] = ["correct", "answer", "answer_index", "answer_key", "is_correct"];
    let mut found = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if FORBIDDEN.contains(&key.as_str()) {
                    found.push(key.clone());
                }
                found.extend(find_answer_fields(inner));
            }
        }
        Value::Array(items) => items.iter().for_each(|item| found.extend(find_answer_fields(item))),
        _ => {}
    }
    found
}

pub const ORGANIZER: &str = "ban-to-chuc";
pub const ORGANIZER_PASSWORD: &str = "mat-khau-btc-2022";

impl TestApp {
    pub fn admin_url(&self, path: &str) -> String {
        format!("{}/api/admin/contests/{CONTEST_ID}{path}", self.base)
    }

    /// Creates the organizer account (as `contest organizer add` does) and
    /// logs in through the API.
    pub async fn organizer_token(&self) -> String {
        self.add_organizer(ORGANIZER, ORGANIZER_PASSWORD, "admin", &[]).await;
        self.organizer_login(ORGANIZER, ORGANIZER_PASSWORD).await.expect(StatusCode::OK)["token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Creates or updates an organizer account as `contest organizer add`
    /// does: `role` admin or viewer, limited to `contests` when not empty.
    pub async fn add_organizer(&self, username: &str, password: &str, role: &str, contests: &[&str]) {
        let hash = contest_usecases::password::hash_blocking(password).expect("hash");
        let contests: Vec<String> = contests.iter().map(|c| (*c).to_owned()).collect();
        let settings = contest_store::organizers::OrganizerSettings {
            password_hash: &hash,
            role,
            contests: (!contests.is_empty()).then_some(contests.as_slice()),
        };
        self.state.store.put_organizer(username, settings, Utc::now()).await.expect("organizer");
    }

    pub async fn organizer_login(&self, username: &str, password: &str) -> Reply {
        self.send(
            self.client
                .post(format!("{}/api/admin/login", self.base))
                .json(&json!({"username": username, "password": password})),
        )
        .await
    }

    pub async fn admin(&self, method: reqwest::Method, path: &str, token: &str, body: Option<Value>) -> Reply {
        let mut request = self.client.request(method, self.admin_url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    pub async fn upload(&self, path: &str, token: &str, content_type: &str, bytes: Vec<u8>) -> Reply {
        self.send(
            self.client.post(self.admin_url(path)).bearer_auth(token).header("content-type", content_type).body(bytes),
        )
        .await
    }

    /// Starts an attempt, answers `correct` questions right and the rest
    /// not at all, lets `seconds` pass on the server clock, and submits.
    pub async fn take_attempt(
        &self,
        who: &Participant,
        round: &str,
        correct: usize,
        seconds: i64,
        prediction: Option<u64>,
    ) -> Value {
        let attempt = self.start(who, round).await.expect(StatusCode::CREATED);
        let attempt_id = attempt["attempt_id"].as_str().expect("attempt id").to_owned();
        let key = self.answer_key(who, &attempt_id).await;
        let answers: serde_json::Map<String, Value> =
            key.into_iter().take(correct).map(|(q, o)| (q, Value::String(o))).collect();
        self.state.clock.advance(Duration::seconds(seconds));
        let mut body = json!({ "answers": answers });
        if let Some(prediction) = prediction {
            body["prediction"] = json!(prediction);
        }
        self.submit(who, &attempt_id, body).await.expect(StatusCode::OK)
    }
}

impl TestApp {
    pub async fn admin_post_job(&self, token: &str) -> Value {
        let reply =
            self.send(self.client.post(format!("{}/api/admin/jobs/close-rounds", self.base)).bearer_auth(token)).await;
        reply.expect(StatusCode::OK)
    }
}

/// Adds a line to the reliability summary `make test` prints at the end.
pub fn record_summary(line: &str) {
    use std::io::Write;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts/reliability-summary.txt");
    let _ = std::fs::create_dir_all(path.parent().expect("has a parent"));
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(file, "{line}");
    }
}

/// Solves a registration challenge as the page does (ALTCHA v1: the number
/// whose SHA-256 with the salt is the challenge) and encodes the payload as
/// the widget sends it.
pub fn solve_challenge(challenge: &Value) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let salt = challenge["salt"].as_str().expect("salt");
    let target = challenge["challenge"].as_str().expect("challenge");
    let max = challenge["maxnumber"].as_u64().expect("maxnumber");
    let number = (0..=max)
        .find(|n| Sha256::digest(format!("{salt}{n}")).iter().map(|b| format!("{b:02x}")).collect::<String>() == target)
        .expect("a challenge has a solution");
    let payload = json!({"algorithm": "SHA-256", "challenge": target, "number": number, "salt": salt,
        "signature": challenge["signature"], "took": 12.5});
    base64::engine::general_purpose::STANDARD.encode(payload.to_string())
}

impl TestApp {
    /// A fresh challenge, solved.
    pub async fn solved_challenge(&self) -> String {
        solve_challenge(&self.get("/challenge", None).await.expect(StatusCode::OK))
    }
}

/// The text messages moto's SNS has "sent" (tools/moto_server.py).
pub async fn sent_sms() -> Vec<(String, String)> {
    let body: Value =
        reqwest::get(format!("{}/moto-sms/", moto_endpoint())).await.expect("moto").json().await.expect("json");
    body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| {
            (m["phone"].as_str().unwrap_or_default().to_owned(), m["message"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

/// An e-mail moto's SES "sent".
#[derive(Debug, Clone)]
pub struct SentEmail {
    /// Every destination, as one text.
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub async fn sent_emails() -> Vec<SentEmail> {
    let body: Value =
        reqwest::get(format!("{}/moto-email/", moto_endpoint())).await.expect("moto").json().await.expect("json");
    body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| SentEmail {
            to: m["destinations"].to_string(),
            subject: m["subject"].as_str().unwrap_or_default().to_owned(),
            body: m["body"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// A minimal Word document whose body is these paragraphs, as an author's
/// file would hold them.
pub fn docx_with_paragraphs(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let escape = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body: String = paragraphs
        .iter()
        .map(|text| format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, escape(text)))
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let content_types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in
        [("[Content_Types].xml", content_types), ("_rels/.rels", rels), ("word/document.xml", document.as_str())]
    {
        writer.start_file(name, options).expect("zip entry");
        writer.write_all(text.as_bytes()).expect("zip write");
    }
    writer.finish().expect("zip").into_inner()
}
