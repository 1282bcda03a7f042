//! `make soak`: a steady mixed load on a running gateway for a bounded time
//! (SOAK_SECONDS, default 600): virtual participants register, start, save
//! answers in batches and submit, over and over. Reports errors, latency,
//! the gateway's memory growth, and that every acknowledged answer is stored.

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

#[derive(Default)]
struct Tally {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    errors: BTreeMap<String, u64>,
    attempts_checked: u64,
    answers_acknowledged: u64,
    answers_lost: u64,
}

fn rss_kb(pid: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

async fn call(client: &Client, tally: &Mutex<Tally>, name: &'static str, request: reqwest::RequestBuilder) -> Option<Value> {
    let started = Instant::now();
    let result = request.send().await;
    let elapsed = started.elapsed();
    let mut tally = tally.lock().await;
    tally.latencies.entry(name).or_default().push(elapsed);
    match result {
        Ok(response) if response.status().is_success() => response.json().await.ok(),
        Ok(response) => {
            let status = response.status();
            let body: Value = response.json().await.unwrap_or_default();
            *tally.errors.entry(format!("{name} {status} {}", body["error"]["code"].as_str().unwrap_or(""))).or_default() += 1;
            None
        }
        Err(err) => {
            *tally.errors.entry(format!("{name} transport {}", err.without_url())).or_default() += 1;
            let _ = client;
            None
        }
    }
}

async fn participant_cycle(client: &Client, base: &str, contest: &str, round: &str, serial: u64, tally: &Mutex<Tally>) {
    let api = format!("{base}/api/contests/{contest}");
    let phone = format!("03{:08}", 10_000_000 + serial);
    let registered = call(
        client,
        tally,
        "register",
        client.post(format!("{api}/register")).json(&json!({
            "full_name": format!("Thí sinh thử tải {serial}"), "phone": phone,
            "password": "mat-khau-thu-tai", "organization_id": "phuong-1"
        })),
    )
    .await;
    let Some(token) = registered.and_then(|r| r["token"].as_str().map(str::to_owned)) else { return };
    let Some(attempt) = call(client, tally, "start", client.post(format!("{api}/rounds/{round}/attempts")).bearer_auth(&token)).await else { return };
    let attempt_id = attempt["attempt_id"].as_str().unwrap_or_default().to_owned();
    let questions = attempt["questions"].as_array().cloned().unwrap_or_default();
    let mut acknowledged = serde_json::Map::new();
    // As the page does: a batch of answers every few seconds of thinking.
    for batch in questions.chunks(5) {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let answers: serde_json::Map<_, _> =
            batch.iter().map(|q| (q["id"].as_str().unwrap_or_default().to_owned(), q["options"][serial as usize % 4]["id"].clone())).collect();
        let saved = call(client, tally, "autosave", client.put(format!("{api}/attempts/{attempt_id}/answers")).bearer_auth(&token).json(&json!({ "answers": answers }))).await;
        if saved.is_some() {
            acknowledged.extend(answers);
        }
    }
    if call(client, tally, "submit", client.post(format!("{api}/attempts/{attempt_id}/submit")).bearer_auth(&token).json(&json!({ "prediction": serial % 50 }))).await.is_none() {
        return;
    }
    if let Some(stored) = call(client, tally, "read attempt", client.get(format!("{api}/attempts/{attempt_id}")).bearer_auth(&token)).await {
        let mut tally = tally.lock().await;
        tally.attempts_checked += 1;
        for (question, option) in &acknowledged {
            tally.answers_acknowledged += 1;
            if stored["answers"].get(question) != Some(option) {
                tally.answers_lost += 1;
            }
        }
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let base = std::env::var("BASE_URL").expect("BASE_URL of a running gateway");
    let pid = std::env::var("GATEWAY_PID").unwrap_or_default();
    let seconds: u64 = std::env::var("SOAK_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(600);
    let users: u64 = std::env::var("SOAK_USERS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let contest = std::env::var("SOAK_CONTEST").unwrap_or_else(|_| "cchc-2022".into());
    let round = std::env::var("SOAK_ROUND").unwrap_or_else(|_| "tuan-1".into());
    let client = Client::builder().timeout(Duration::from_secs(30)).build().expect("client");
    let tally = Arc::new(Mutex::new(Tally::default()));
    let serial = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);

    // Warm up, then take the memory baseline.
    participant_cycle(&client, &base, &contest, &round, serial.fetch_add(1, Ordering::Relaxed), &tally).await;
    let rss_start = rss_kb(&pid);
    let started = Instant::now();
    let workers: Vec<_> = (0..users)
        .map(|_| {
            let (client, base, contest, round, tally, serial) = (client.clone(), base.clone(), contest.clone(), round.clone(), tally.clone(), serial.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let n = serial.fetch_add(1, Ordering::Relaxed);
                    participant_cycle(&client, &base, &contest, &round, n, &tally).await;
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rss_end = rss_kb(&pid);
    let mut tally = tally.lock().await;
    let requests: usize = tally.latencies.values().map(Vec::len).sum();
    println!();
    println!("Soak: {users} virtual participants for {elapsed:.0} s against {base}");
    println!("{:<14} {:>8} {:>9} {:>9}", "operation", "count", "p50 ms", "p95 ms");
    for (name, samples) in tally.latencies.iter_mut() {
        let count = samples.len();
        println!("{name:<14} {count:>8} {:>9.1} {:>9.1}", percentile(samples, 0.5), percentile(samples, 0.95));
    }
    let errors: u64 = tally.errors.values().sum();
    println!("requests {requests} ({:.1}/s), errors {errors}", requests as f64 / elapsed);
    for (kind, count) in &tally.errors {
        println!("  {count} × {kind}");
    }
    match (rss_start, rss_end) {
        (Some(start), Some(end)) => println!(
            "gateway memory (VmRSS): {:.1} MB → {:.1} MB ({:+.1} MB)",
            start as f64 / 1024.0,
            end as f64 / 1024.0,
            (end as f64 - start as f64) / 1024.0
        ),
        _ => println!("gateway memory: not measured (GATEWAY_PID not set)"),
    }
    println!(
        "stored state: {} attempts checked, {} acknowledged answers, {} lost",
        tally.attempts_checked, tally.answers_acknowledged, tally.answers_lost
    );
    let ok = errors == 0 && tally.answers_lost == 0 && tally.attempts_checked > 0;
    println!("soak {}", if ok { "PASS" } else { "FAIL" });
    if !ok {
        std::process::exit(1);
    }
    let _ = StatusCode::OK;
}
