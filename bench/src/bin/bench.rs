//! `make bench`, parts 1, 2 and 6: for each operation through the HTTP
//! gateway, the DynamoDB requests it makes (counted by an SDK interceptor),
//! its median latency next to the storage floor — the same requests timed on
//! the wire, and replayed raw against the same moto — and, from the items it
//! really read and wrote, what 10,000 attempts cost on AWS.

use contest_bench::capacity::{self, ItemsAfter, Units};
use contest_bench::page_policy::PagePolicy;
use contest_bench::report::{Report, Verdict};
use contest_bench::wire::{Exchange, WireRecorder};
use contest_tests::{contest_file, spawn_app_on, Participant, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

/// One measured operation: per call, its latency and the DynamoDB requests it made.
struct Measured {
    name: &'static str,
    function: &'static str,
    participant_path: bool,
    request_target: Option<usize>,
    calls: Vec<Call>,
}

struct Call {
    latency: Duration,
    /// Argon2id time inside the call: deliberate work, reported apart.
    hashing: Duration,
    exchanges: Vec<Exchange>,
}

impl Call {
    fn wire(&self) -> Duration {
        self.exchanges.iter().map(|e| e.wire).sum()
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Bench {
    app: TestApp,
    recorder: WireRecorder,
    iterations: usize,
}

impl Bench {
    async fn measure<F, Fut>(
        &self,
        name: &'static str,
        function: &'static str,
        target: Option<usize>,
        op: F,
    ) -> Measured
    where
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = ()>,
    {
        self.measure_times(self.iterations, name, function, target, op).await
    }

    async fn measure_times<F, Fut>(
        &self,
        times: usize,
        name: &'static str,
        function: &'static str,
        target: Option<usize>,
        mut op: F,
    ) -> Measured
    where
        F: FnMut(usize) -> Fut,
        Fut: Future<Output = ()>,
    {
        let mut calls = Vec::with_capacity(times);
        for index in 0..times {
            self.recorder.take();
            let hashing_before = contest_bench::password_time::spent();
            let started = Instant::now();
            op(index).await;
            let latency = started.elapsed();
            let hashing = contest_bench::password_time::spent() - hashing_before;
            calls.push(Call { latency, hashing, exchanges: self.recorder.take() });
        }
        Measured { name, function, participant_path: function != "organizer", request_target: target, calls }
    }

    /// Sends the recorded requests again, byte for byte (signature headers
    /// included: moto reads the region from them), with a plain HTTP client:
    /// storage with none of our code around it.
    async fn replay(&self, client: &reqwest::Client, exchanges: &[Exchange]) -> Duration {
        let mut total = Duration::ZERO;
        for exchange in exchanges {
            let mut request =
                client.post(contest_tests::moto_endpoint()).body(serde_json::to_vec(&exchange.request).expect("json"));
            for (name, value) in &exchange.headers {
                if !matches!(name.to_ascii_lowercase().as_str(), "content-length" | "host") {
                    request = request.header(name, value);
                }
            }
            let started = Instant::now();
            let response = request.send().await.expect("replay");
            let _ = response.bytes().await;
            total += started.elapsed();
        }
        total
    }

    /// The items the recorded requests updated or checked, as they are now.
    async fn items_after(&self, exchanges: &[Exchange]) -> ItemsAfter {
        let store = &self.app.state.store;
        let mut items = ItemsAfter::new();
        for (pk, sk) in capacity::keys_to_size(exchanges) {
            let found = store
                .dynamo()
                .get_item()
                .table_name(store.table_name())
                .key("pk", aws_sdk_dynamodb::types::AttributeValue::S(pk.clone()))
                .key("sk", aws_sdk_dynamodb::types::AttributeValue::S(sk.clone()))
                .consistent_read(true)
                .send()
                .await
                .expect("read item back");
            if let Some(item) = found.item {
                items.insert((pk, sk), to_json(&item));
            }
        }
        self.recorder.take();
        items
    }
}

fn to_json(
    item: &std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>,
) -> serde_json::Map<String, Value> {
    use aws_sdk_dynamodb::types::AttributeValue as A;
    fn value(v: &A) -> Value {
        match v {
            A::S(s) => json!({"S": s}),
            A::N(n) => json!({"N": n}),
            A::Bool(b) => json!({"BOOL": b}),
            A::Null(_) => json!({"NULL": true}),
            A::Ss(items) => json!({"SS": items}),
            A::Ns(items) => json!({"NS": items}),
            A::L(items) => json!({"L": items.iter().map(value).collect::<Vec<_>>()}),
            A::M(map) => {
                json!({"M": map.iter().map(|(k, v)| (k.clone(), value(v))).collect::<serde_json::Map<_, _>>()})
            }
            A::B(bytes) => json!({"B": "x".repeat(bytes.as_ref().len() * 4 / 3)}),
            _ => Value::Null,
        }
    }
    item.iter().map(|(k, v)| (k.clone(), value(v))).collect()
}

/// A new participant's registration, consenting to the notice of
/// `version`; `serial` picks the phone number.
fn registration_body(serial: usize, version: &str) -> Value {
    json!({"full_name": format!("Thí sinh {serial}"), "phone": phone(serial), "password": PASSWORD, "organization_id": "phuong-1",
           "consent": true, "privacy_notice_version": version})
}

fn phone(i: usize) -> String {
    format!("09{:08}", 10_000_000 + i)
}

fn five_answers(attempt: &Value) -> Value {
    let answers: serde_json::Map<_, _> = attempt["questions"]
        .as_array()
        .expect("questions")
        .iter()
        .take(5)
        .map(|q| (q["id"].as_str().expect("id").to_owned(), q["options"][0]["id"].clone()))
        .collect();
    Value::Object(answers)
}

#[tokio::main]
async fn main() {
    let iterations: usize = std::env::var("BENCH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    contest_bench::password_time::install();
    let recorder = WireRecorder::default();
    let store = contest_tests::test_store_instrumented(recorder.clone()).await;
    // The demo contest's real questions: item sizes, and so the cost, depend on them.
    let mut contest = contest_file(60, 20);
    let demo: Value = serde_json::from_str(include_str!("../../../contests/cchc-2022.json")).expect("demo contest");
    // Only the questions of the real rounds: the practice round's own
    // questions name a round («thi-thu») this contest does not have.
    let round_ids: Vec<Value> = contest["rounds"].as_array().into_iter().flatten().map(|r| r["id"].clone()).collect();
    let for_these_rounds = |q: &&Value| match q.get("rounds").and_then(Value::as_array) {
        Some(rounds) => rounds.iter().all(|r| round_ids.contains(r)),
        None => true,
    };
    contest["questions"] =
        demo["questions"].as_array().into_iter().flatten().filter(for_these_rounds).cloned().collect();
    let contest_id = contest_domain::ContestId::parse(contest["id"].as_str().expect("contest id")).expect("contest id");
    let question_ids: Vec<contest_domain::QuestionId> = contest["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|q| contest_domain::QuestionId::parse(q["id"].as_str().expect("question id")).expect("question id"))
        .collect();
    let app = spawn_app_on(store, contest).await;
    let bench = Bench { app, recorder, iterations };
    let app = &bench.app;

    // A running contest drew each question of its bank for the first time
    // long ago; that first draw costs a one-time write (the mark that keeps a
    // drawn question from being deleted), which the steady state leaves out.
    app.state.store.mark_drawn(&contest_id, &question_ids, chrono::Utc::now()).await.expect("mark the bank drawn");
    // Warm the per-container caches (contest, question bank), as a warm Lambda would be.
    let warm = app.register("Khởi Động", &phone(99_999), "phuong-1").await;
    app.start(&warm, "open").await.expect(StatusCode::CREATED);
    let organizer = app.organizer_token().await;
    let version = &app.privacy_notice_version().await;

    let mut results = Vec::new();
    results.push(
        bench
            .measure("register", "registration", None, |i| async move {
                app.register_raw(registration_body(i, version)).await.expect(StatusCode::CREATED);
            })
            .await,
    );
    let mut participants: Vec<Participant> = Vec::new();
    for i in 0..iterations {
        let reply = app
            .post("/login", None, Some(json!({"phone": phone(i), "password": PASSWORD})))
            .await
            .expect(StatusCode::OK);
        participants.push(Participant {
            id: reply["participant"]["id"].as_str().expect("id").to_owned(),
            token: reply["token"].as_str().expect("token").to_owned(),
        });
    }
    bench.recorder.take();
    results.push(
        bench
            .measure("login", "registration", None, |i| async move {
                app.post("/login", None, Some(json!({"phone": phone(i), "password": PASSWORD})))
                    .await
                    .expect(StatusCode::OK);
            })
            .await,
    );
    results.push(
        bench
            .measure("contest info", "registration", Some(0), |_| async {
                app.get("", None).await.expect(StatusCode::OK);
            })
            .await,
    );
    let people = &participants;
    results.push(
        bench
            .measure("start", "start-attempt", Some(1), |i| async move {
                app.start(&people[i], "open").await.expect(StatusCode::CREATED);
            })
            .await,
    );
    let mut attempts = Vec::new();
    for who in people {
        attempts.push(app.start(who, "open").await.expect(StatusCode::OK));
    }
    let attempts = &attempts;
    results.push(
        bench
            .measure("resume", "start-attempt", None, |i| async move {
                app.start(&people[i], "open").await.expect(StatusCode::OK);
            })
            .await,
    );
    results.push(
        bench
            .measure("autosave (5 answers)", "submit", Some(1), |i| async move {
                let attempt_id = attempts[i]["attempt_id"].as_str().expect("attempt");
                app.save(&people[i], attempt_id, five_answers(&attempts[i])).await.expect(StatusCode::OK);
            })
            .await,
    );
    results.push(
        bench
            .measure("submit", "submit", Some(2), |i| async move {
                let attempt_id = attempts[i]["attempt_id"].as_str().expect("attempt");
                app.submit(&people[i], attempt_id, json!({"prediction": 3})).await.expect(StatusCode::OK);
            })
            .await,
    );
    results.push(
        bench
            .measure("round leaderboard", "ranking", Some(1), |_| async {
                app.get("/rounds/open/leaderboard?limit=50", None).await.expect(StatusCode::OK);
            })
            .await,
    );
    results.push(
        bench
            .measure("organizations leaderboard", "ranking", Some(1), |_| async {
                app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
            })
            .await,
    );
    results.push(
        bench
            .measure("my page", "registration", None, |i| async move {
                app.get("/me", Some(&people[i].token)).await.expect(StatusCode::OK);
            })
            .await,
    );
    let organizer = &organizer;
    results.push(
        bench
            .measure("admin stats", "organizer", None, |_| async move {
                app.admin(Method::GET, "/stats", organizer, None).await.expect(StatusCode::OK);
            })
            .await,
    );

    let export = bench
        .measure_times(3, "admin export", "organizer", None, |_| async move {
            app.admin(Method::POST, "/exports", organizer, None).await.expect(StatusCode::CREATED);
        })
        .await;
    let export_queries = export_reads_at_scale(&export, iterations + 1);
    results.push(export);

    // The raw floor: each operation's own requests sent again, outside our code.
    let client = reqwest::Client::new();
    let mut replays = BTreeMap::new();
    for m in &results {
        let mut samples = Vec::new();
        for call in &m.calls {
            if !call.exchanges.is_empty() {
                samples.push(bench.replay(&client, &call.exchanges).await);
            }
        }
        if !samples.is_empty() {
            replays.insert(m.name, median(samples));
        }
    }

    let mut report = Report::new("10-requests", "Round trips and latency against the storage floor");
    report.paragraph(&format!(
        "{iterations} calls per operation through the local HTTP gateway (the same axum routers as the Lambdas, release build) \
         against moto on loopback. *Requests* are counted by an interceptor on the DynamoDB client. *Floor* is the median, per call, \
         of the time the operation's own DynamoDB requests spent on the wire; *replay* sends those same requests again, byte for byte, \
         from a plain HTTP client. Ratio = median latency ÷ median floor (target ≤ 1.3). Register and login are compared without \
         their Argon2id time, measured inside each call (a tracing layer timing the password span) and reported separately: \
         deliberate work, not overhead."
    ));
    let mut rows = Vec::new();
    let mut summary = Vec::new();
    let mut argon2 = Vec::new();
    for m in &results {
        let calls = m.calls.len();
        let mut per_op: BTreeMap<&str, usize> = BTreeMap::new();
        for call in &m.calls {
            for exchange in &call.exchanges {
                *per_op.entry(exchange.operation.as_str()).or_default() += 1;
            }
        }
        let requests = per_op.values().sum::<usize>() as f64 / calls as f64;
        let scans = per_op.get("Scan").copied().unwrap_or(0);
        let detail =
            per_op.iter().map(|(op, n)| format!("{op}×{}", *n as f64 / calls as f64)).collect::<Vec<_>>().join(" + ");
        let latency = median(m.calls.iter().map(|c| c.latency).collect());
        let floor = median(m.calls.iter().map(Call::wire).collect());
        let hashing = median(m.calls.iter().map(|c| c.hashing).collect());
        let own = median(m.calls.iter().map(|c| c.latency.saturating_sub(c.hashing)).collect());
        if !hashing.is_zero() {
            argon2.push(format!("{} {:.1} ms", m.name, ms(hashing)));
        }
        let ratio = (!floor.is_zero()).then(|| own.as_secs_f64() / floor.as_secs_f64());
        let latency_text = if hashing.is_zero() {
            format!("{:.2}", ms(latency))
        } else {
            format!("{:.2} ({:.2} + Argon2id)", ms(latency), ms(own))
        };
        let replay = replays.get(m.name).copied();
        let request_verdict = match m.request_target {
            Some(target) => Verdict::at_most(requests, target as f64),
            None => Verdict::None,
        };
        let ratio_verdict = ratio.map_or(Verdict::None, |r| Verdict::at_most(r, 1.3));
        let scan_verdict = if m.participant_path { Verdict::at_most(scans as f64, 0.0) } else { Verdict::None };
        rows.push(vec![
            m.name.to_owned(),
            format!("{requests:.2}"),
            m.request_target.map_or("—".into(), |t| format!("≤ {t}")),
            request_verdict.to_string(),
            if detail.is_empty() { "— (cached)".into() } else { detail },
            latency_text,
            format!("{:.2}", ms(floor)),
            replay.map_or("—".into(), |r| format!("{:.2}", ms(r))),
            ratio.map_or(format!("+{:.2} ms, no storage", ms(own)), |r| format!("{r:.2}")),
            ratio_verdict.to_string(),
            if m.participant_path { format!("{scans} {scan_verdict}") } else { "— (organizer)".into() },
        ]);
        if let Some(target) = m.request_target {
            summary.push((
                format!("{}: DynamoDB requests", m.name),
                format!("{requests:.2}"),
                format!("≤ {target}"),
                request_verdict,
            ));
        }
        if let Some(r) = ratio {
            summary.push((
                format!("{}: latency ÷ storage floor", m.name),
                format!("{r:.2}"),
                "≤ 1.3".into(),
                ratio_verdict,
            ));
        }
    }
    let total_scans: usize = results
        .iter()
        .filter(|m| m.participant_path)
        .flat_map(|m| &m.calls)
        .flat_map(|c| &c.exchanges)
        .filter(|e| e.operation == "Scan")
        .count();
    summary.push((
        "Scans on participant paths".into(),
        total_scans.to_string(),
        "0".into(),
        Verdict::at_most(total_scans as f64, 0.0),
    ));
    summary.push(export_queries);
    summary.push(("Argon2id (19 MiB, t=2) per call, medians".into(), argon2.join(", "), "—".into(), Verdict::None));
    report.table(
        &[
            "operation",
            "requests",
            "target",
            "",
            "requests per call",
            "median ms",
            "floor ms",
            "replay ms",
            "ratio",
            "",
            "Scan",
        ],
        rows,
    );
    report.summary(summary);

    cost_model(&bench, &results, &mut report).await;
    report.finish();
}

/// The export reads a round's results with paged Queries: from the bytes
/// it read per result here, how many 1 MB pages 100,000 results take.
fn export_reads_at_scale(export: &Measured, results: usize) -> (String, String, String, Verdict) {
    let call = &export.calls[0];
    let scans = call.exchanges.iter().filter(|e| e.operation == "Scan").count();
    let queries: Vec<_> = call.exchanges.iter().filter(|e| e.operation == "Query").collect();
    let bytes: usize = queries
        .iter()
        .flat_map(|e| e.response["Items"].as_array().into_iter().flatten())
        .filter_map(Value::as_object)
        .map(capacity::item_size)
        .sum();
    let per_result = bytes as f64 / results as f64;
    let pages = (per_result * 100_000.0 / (1024.0 * 1024.0)).ceil() + queries.len() as f64;
    (
        "export: DynamoDB reads".into(),
        format!(
            "{} requests for {results} results ({} Query, {scans} Scan); {per_result:.0} bytes read per result → ≈ {pages:.0} paged Queries for 100,000",
            call.exchanges.len(),
            queries.len()
        ),
        "paged Query, no Scan".into(),
        Verdict::at_most(scans as f64, 0.0),
    )
}

/// Prices (USD, us-east-1 list prices, 2025; ap-southeast-1 is up to ~25 %
/// higher on some lines) — the assumptions the cost figure stands on.
const LAMBDA_PER_GB_SECOND: f64 = 0.000_013_333_4;
const LAMBDA_PER_REQUEST: f64 = 0.20 / 1e6;
const HTTP_API_PER_REQUEST: f64 = 1.00 / 1e6;
const DYNAMO_PER_WRITE_UNIT: f64 = 0.625 / 1e6;
const DYNAMO_PER_READ_UNIT: f64 = 0.125 / 1e6;
const DYNAMO_PER_GB_MONTH: f64 = 0.25 + 0.20; // storage + point-in-time recovery
const S3_PER_PUT: f64 = 0.005 / 1000.0;
const S3_PER_GET: f64 = 0.0004 / 1000.0;

/// The largest attempt item a step wrote, as stored right after it.
async fn attempt_item_size(exchanges: &[Exchange], bench: &Bench) -> Option<usize> {
    let items = bench.items_after(exchanges).await;
    items.iter().filter(|((_, sk), _)| sk.starts_with("ATTEMPT#")).map(|(_, item)| capacity::item_size(item)).max()
}

/// Memory per function as deployed (infra/template.yaml, or its Globals).
fn memory_mb(function: &str) -> f64 {
    let template = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../infra/template.yaml"))
        .expect("infra/template.yaml");
    let logical: String =
        function.split('-').map(|part| part[..1].to_uppercase() + &part[1..]).collect::<String>() + "Function";
    let mut section = String::new();
    let mut found = BTreeMap::new();
    for line in template.lines() {
        if line.starts_with("  ") && !line.starts_with("   ") && line.trim_end().ends_with(':') {
            section = line.trim().trim_end_matches(':').to_owned();
        }
        if let Some(value) = line.trim().strip_prefix("MemorySize:") {
            found.entry(section.clone()).or_insert(value.trim().parse::<f64>().unwrap_or(0.0));
        }
    }
    found.get(&logical).or_else(|| found.get("Function")).copied().expect("a MemorySize for every function")
}

/// One attempt as the page makes it, priced from what the handlers really
/// did in this run: the requests, the item sizes, the measured durations.
/// Request units per call, averaged over an operation's measured calls (each
/// call's items sized as they are now).
async fn mean_units(bench: &Bench, measured: &Measured) -> Units {
    let mut total = Units::default();
    for call in &measured.calls {
        for exchange in &call.exchanges {
            total += capacity::units(exchange, &bench.items_after(std::slice::from_ref(exchange)).await);
        }
    }
    let calls = measured.calls.len().max(1) as f64;
    Units { read: total.read / calls, write: total.write / calls }
}

async fn cost_model(bench: &Bench, results: &[Measured], report: &mut Report) {
    let app = &bench.app;
    let pace_ms: u64 =
        std::env::var("BENCH_SECONDS_PER_QUESTION").ok().and_then(|v| v.parse::<u64>().ok()).unwrap_or(15) * 1000;
    let policy = PagePolicy::of_the_page();
    let duration_of = |name: &str| -> (Duration, &'static str) {
        let m = results.iter().find(|m| m.name == name).expect("measured");
        (median(m.calls.iter().map(|c| c.latency).collect()), m.function)
    };

    // A new participant's whole journey, each step's requests recorded.
    bench.recorder.take();
    let mut steps: Vec<(&str, &str, usize, Units)> = Vec::new();
    let mut attempt_bytes = 0;
    // Items are sized right after each step: an autosave is billed on the
    // attempt as it is then, not as it is after the submit.
    macro_rules! record {
        ($name:expr, $timing:expr, $count:expr, $exchanges:expr) => {{
            let exchanges: Vec<Exchange> = $exchanges;
            let mut units = Units::default();
            for exchange in &exchanges {
                let items_after = bench.items_after(std::slice::from_ref(exchange)).await;
                units += capacity::units(exchange, &items_after);
            }
            if let Some(size) = attempt_item_size(&exchanges, &bench).await {
                attempt_bytes = attempt_bytes.max(size);
            }
            steps.push(($name, $timing, $count, units));
        }};
    }
    app.get("", None).await.expect(StatusCode::OK);
    record!("contest info", "contest info", 1, bench.recorder.take());
    let reply = app
        .register_raw(json!({"full_name": "Thí sinh chi phí", "phone": phone(88_888), "password": PASSWORD, "organization_id": "phuong-1"}))
        .await
        .expect(StatusCode::CREATED);
    let who = Participant {
        id: reply["participant"]["id"].as_str().expect("id").into(),
        token: reply["token"].as_str().expect("token").into(),
    };
    record!("register", "register", 1, bench.recorder.take());
    app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    record!("my page", "my page", 1, bench.recorder.take());
    let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
    record!("start", "start", 1, bench.recorder.take());
    // Each attempt draws its own questions, and the paper's size (billed by
    // the KB, twice in a transaction) varies with their texts: the start is
    // billed at the mean of every start measured above, not at this one draw.
    let measured_starts = results.iter().find(|m| m.name == "start").expect("start measured");
    if let Some(start) = steps.iter_mut().find(|step| step.0 == "start") {
        start.3 = mean_units(bench, measured_starts).await;
    }
    let attempt_id = attempt["attempt_id"].as_str().expect("attempt").to_owned();
    let questions = attempt["questions"].as_array().expect("questions").clone();
    let batches = policy.batches(questions.len(), Duration::from_millis(pace_ms));
    let choice = |q: &Value| (q["id"].as_str().expect("id").to_owned(), q["options"][1]["id"].clone());
    let mut saves = Vec::new();
    let mut answered = 0;
    for size in &batches {
        let answers: serde_json::Map<_, _> = questions[answered..answered + size].iter().map(choice).collect();
        answered += size;
        app.save(&who, &attempt_id, Value::Object(answers)).await.expect(StatusCode::OK);
        saves.extend(bench.recorder.take());
    }
    let save_count = batches.len();
    record!("autosave", "autosave (5 answers)", save_count, saves);
    // What is still unsent travels with the submit, as the page sends it.
    let rest: serde_json::Map<_, _> = questions[answered..].iter().map(choice).collect();
    app.submit(&who, &attempt_id, json!({"prediction": 7, "answers": rest})).await.expect(StatusCode::OK);
    record!("submit", "submit", 1, bench.recorder.take());
    app.get("/rounds/open/leaderboard?limit=50", None).await.expect(StatusCode::OK);
    record!("round leaderboard", "round leaderboard", 1, bench.recorder.take());
    app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    record!("organizations leaderboard", "organizations leaderboard", 1, bench.recorder.take());

    let per_attempts = 10_000.0;
    let mut rows = Vec::new();
    let (mut requests, mut gb_seconds, mut units) = (0.0, 0.0, Units::default());
    for (name, timing, count, step) in &steps {
        let step = *step;
        let (latency, function) = duration_of(timing);
        let memory = memory_mb(function);
        // Lambda bills each invocation's duration rounded up to the millisecond.
        let billed = (ms(latency)).ceil() / 1000.0 * memory / 1024.0;
        let count = *count as f64;
        requests += count;
        gb_seconds += billed * count;
        units += step;
        rows.push(vec![
            name.to_string(),
            format!("{count}"),
            function.to_owned(),
            format!("{memory:.0}"),
            format!("{:.1}", ms(latency)),
            format!("{:.2}", step.read),
            format!("{:.1}", step.write),
        ]);
    }
    // One export of the round's results (XLSX + CSV + manifest) per 10,000 attempts, downloaded once.
    let s3 = 3.0 * S3_PER_PUT + 3.0 * S3_PER_GET;
    let stored_gb = per_attempts * (attempt_bytes as f64 * 2.0) / 1e9;
    let lines = [
        ("Lambda requests", requests * per_attempts * LAMBDA_PER_REQUEST),
        ("Lambda duration (arm64)", gb_seconds * per_attempts * LAMBDA_PER_GB_SECOND),
        ("API Gateway HTTP API", requests * per_attempts * HTTP_API_PER_REQUEST),
        ("DynamoDB writes (on-demand)", units.write * per_attempts * DYNAMO_PER_WRITE_UNIT),
        ("DynamoDB reads (on-demand)", units.read * per_attempts * DYNAMO_PER_READ_UNIT),
        ("DynamoDB storage + PITR, one month", stored_gb * DYNAMO_PER_GB_MONTH),
        ("S3 (one export of the round)", s3),
    ];
    let total: f64 = lines.iter().map(|(_, cost)| cost).sum();

    // The autosave count depends on how fast people answer: the same model
    // at other paces, one autosave more or less at a time.
    let per_autosave = {
        let (_, timing, count, step) = steps.iter().find(|s| s.0 == "autosave").expect("autosave step");
        let (latency, function) = duration_of(timing);
        let per_call = Units { read: step.read / *count as f64, write: step.write / *count as f64 };
        per_attempts
            * (LAMBDA_PER_REQUEST
                + HTTP_API_PER_REQUEST
                + ms(latency).ceil() / 1000.0 * memory_mb(function) / 1024.0 * LAMBDA_PER_GB_SECOND
                + per_call.write * DYNAMO_PER_WRITE_UNIT
                + per_call.read * DYNAMO_PER_READ_UNIT)
    };
    let paces: Vec<Vec<String>> = [5u64, 10, 15, 30, 60]
        .iter()
        .map(|seconds| {
            let saves = policy.batches(questions.len(), Duration::from_secs(*seconds)).len();
            let at_pace = total + (saves as f64 - save_count as f64) * per_autosave;
            vec![
                format!("{seconds} s"),
                format!("{} min", questions.len() as u64 * seconds / 60),
                saves.to_string(),
                format!("${at_pace:.3}"),
            ]
        })
        .collect();

    let mut cost = Report::new("60-cost", "Cost per 10,000 attempts");
    cost.paragraph(&format!(
        "One attempt as the page makes it: contest info, register, my page, start, {save_count} autosaves, submit, the two leaderboards \
         ({requests:.0} API requests). The autosaves follow the page's batching (static-site/js/journal.js: {}) for a participant \
         answering one question every {} s (`BENCH_SECONDS_PER_QUESTION`); what is unsent goes with the submit. Read/write units are computed from the items these requests really read and wrote in this run \
         (attempt item {} bytes; transactions count double, index copies add writes; the start at the mean of the {} starts \
         measured above, as each draws its own questions and its paper's size varies with them); Lambda duration is this run's median latency \
         (moto included, so an over-estimate) at each function's memory from `infra/template.yaml`. Prices: us-east-1 list prices \
         (Lambda arm64 $0.0000133334/GB-s + $0.20/M, HTTP API $1.00/M, DynamoDB on-demand $0.625/M writes, $0.125/M reads, \
         $0.25 + $0.20 PITR per GB-month, S3 $0.005/1,000 PUT); free tiers not deducted.",
        policy.describe(),
        pace_ms / 1000,
        attempt_bytes,
        measured_starts.calls.len()
    ));
    cost.table(&["step", "calls", "function", "MB", "ms", "read units (all calls)", "write units (all calls)"], rows);
    cost.table(
        &["line", "USD per 10,000 attempts"],
        lines.iter().map(|(name, usd)| vec![name.to_string(), format!("{usd:.4}")]).collect(),
    );
    cost.paragraph(&format!("The same attempt at other paces (each autosave ${per_autosave:.4} per 10,000 attempts):"));
    cost.table(&["one answer every", "attempt takes", "autosaves", "USD per 10,000 attempts"], paces);
    cost.summary(vec![
        (
            "Request units per attempt".into(),
            format!("{:.1} read, {:.1} write", units.read, units.write),
            "—".into(),
            Verdict::None,
        ),
        (
            "AWS cost per 10,000 attempts".into(),
            format!("${total:.3}"),
            "≤ $0.50".into(),
            Verdict::at_most(total, 0.50),
        ),
    ]);
    report.append(cost);
}
