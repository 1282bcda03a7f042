//! `make bench`: per participant operation, the DynamoDB requests it makes
//! (counted by an SDK interceptor) and its median latency through the HTTP
//! gateway, next to the median of a raw GetItem against the same moto in the
//! same run: the storage floor every request stands on.

use contest_tests::{contest_file, spawn_app_with, Participant, TestApp, PASSWORD};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

struct Measurement {
    name: &'static str,
    samples: Vec<Duration>,
    requests: BTreeMap<String, u64>,
    target: Option<u64>,
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn per_call(counts: &BTreeMap<String, u64>, calls: usize) -> (f64, String) {
    let total: u64 = counts.values().sum();
    let detail = counts.iter().map(|(op, n)| format!("{op}×{}", *n as f64 / calls as f64)).collect::<Vec<_>>().join(" + ");
    (total as f64 / calls as f64, if detail.is_empty() { "—".into() } else { detail })
}

async fn measure<F, Fut>(app: &TestApp, name: &'static str, target: Option<u64>, iterations: usize, mut op: F) -> Measurement
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let counter = app.state.store.requests();
    let mut samples = Vec::with_capacity(iterations);
    counter.reset();
    for index in 0..iterations {
        let started = Instant::now();
        op(index).await;
        samples.push(started.elapsed());
    }
    let requests = counter.snapshot();
    Measurement { name, samples, requests, target }
}

#[tokio::main]
async fn main() {
    let iterations: usize = std::env::var("BENCH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let app = spawn_app_with(contest_file(60, 20)).await;
    let phone = |i: usize| format!("09{:08}", 10_000_000 + i);

    // Warm the per-container caches, as a warm Lambda would be.
    let warm = app.register("Khởi Động", &phone(99_999), "phuong-1").await;
    app.start(&warm, "open").await.expect(StatusCode::CREATED);

    let mut results = Vec::new();
    let mut participants: Vec<Participant> = Vec::new();
    let registered = measure(&app, "register (argon2id)", Some(1), iterations, |i| {
        let app = &app;
        async move {
            let body = json!({"full_name": format!("Thí sinh {i}"), "phone": phone(i), "password": PASSWORD, "organization_id": "phuong-1"});
            app.register_raw(body).await.expect(StatusCode::CREATED);
        }
    })
    .await;
    results.push(registered);
    for i in 0..iterations {
        let reply = app.post("/login", None, Some(json!({"phone": phone(i), "password": PASSWORD}))).await.expect(StatusCode::OK);
        participants.push(Participant {
            id: reply["participant"]["id"].as_str().unwrap().to_owned(),
            token: reply["token"].as_str().unwrap().to_owned(),
        });
    }
    results.push(
        measure(&app, "login (argon2id)", Some(2), iterations, |i| {
            let app = &app;
            async move {
                app.post("/login", None, Some(json!({"phone": phone(i), "password": PASSWORD}))).await.expect(StatusCode::OK);
            }
        })
        .await,
    );
    results.push(measure(&app, "contest info", Some(0), iterations, |_| async { app.get("", None).await.expect(StatusCode::OK); }).await);

    let mut attempts: Vec<Value> = Vec::new();
    let started = measure(&app, "start", Some(1), iterations, |i| {
        let app = &app;
        let who = &participants[i];
        async move {
            app.start(who, "open").await.expect(StatusCode::CREATED);
        }
    })
    .await;
    results.push(started);
    for who in &participants {
        attempts.push(app.start(who, "open").await.expect(StatusCode::OK));
    }
    results.push(
        measure(&app, "resume", Some(2), iterations, |i| {
            let app = &app;
            let who = &participants[i];
            async move {
                app.start(who, "open").await.expect(StatusCode::OK);
            }
        })
        .await,
    );
    results.push(
        measure(&app, "autosave (5 answers)", Some(1), iterations, |i| {
            let app = &app;
            let who = &participants[i];
            let attempt = &attempts[i];
            async move {
                let answers: serde_json::Map<_, _> = attempt["questions"].as_array().unwrap().iter().take(5)
                    .map(|q| (q["id"].as_str().unwrap().to_owned(), q["options"][0]["id"].clone())).collect();
                app.save(who, attempt["attempt_id"].as_str().unwrap(), Value::Object(answers)).await.expect(StatusCode::OK);
            }
        })
        .await,
    );
    results.push(
        measure(&app, "submit", Some(2), iterations, |i| {
            let app = &app;
            let who = &participants[i];
            let attempt = &attempts[i];
            async move {
                app.submit(who, attempt["attempt_id"].as_str().unwrap(), json!({"prediction": 3})).await.expect(StatusCode::OK);
            }
        })
        .await,
    );
    results.push(measure(&app, "round leaderboard", Some(1), iterations, |_| async { app.get("/rounds/open/leaderboard?limit=50", None).await.expect(StatusCode::OK); }).await);
    results.push(measure(&app, "organizations leaderboard", Some(1), iterations, |_| async { app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK); }).await);
    results.push(measure(&app, "my contest page", Some(1), iterations, |i| {
        let app = &app;
        let who = &participants[i];
        async move { app.get("/me", Some(&who.token)).await.expect(StatusCode::OK); }
    }).await);

    // The storage floor: a raw GetItem from the same process to the same moto.
    let store = &app.state.store;
    let mut raw = Vec::with_capacity(iterations * 2);
    for _ in 0..iterations * 2 {
        let started = Instant::now();
        store
            .dynamo()
            .get_item()
            .table_name(store.table_name())
            .key("pk", aws_sdk_dynamodb::types::AttributeValue::S(format!("CONTEST#{}", contest_tests::CONTEST_ID)))
            .key("sk", aws_sdk_dynamodb::types::AttributeValue::S("META".into()))
            .send()
            .await
            .expect("raw GetItem");
        raw.push(started.elapsed());
    }
    let floor = median(&mut raw);

    println!();
    println!("Benchmark: {iterations} iterations per operation, moto at {}", contest_tests::moto_endpoint());
    println!("Raw DynamoDB GetItem median (storage floor): {:.2} ms", floor.as_secs_f64() * 1000.0);
    println!();
    println!("{:<28} {:>9} {:>7} {:>11} {:>10}  {}", "operation", "requests", "target", "median ms", "×GetItem", "requests per call");
    for mut m in results {
        let (per, detail) = per_call(&m.requests, m.samples.len());
        let med = median(&mut m.samples);
        let verdict = match m.target {
            Some(t) if per <= t as f64 => format!("≤{t} PASS"),
            Some(t) => format!("≤{t} MISS"),
            None => "—".into(),
        };
        println!(
            "{:<28} {:>9.2} {:>7} {:>11.2} {:>10.2}  {}",
            m.name,
            per,
            verdict,
            med.as_secs_f64() * 1000.0,
            med.as_secs_f64() / floor.as_secs_f64(),
            detail
        );
    }
    println!();
    println!("Targets (issue 2): start 1 request (a transaction), autosave 1, submit ≤ 2, leaderboard 1.");
    println!("resume = the refused start transaction + reading the attempt; login/register include argon2id (19 MiB, t=2).");
}
