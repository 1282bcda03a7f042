//! `make soak`: a steady mixed load on a running gateway for a bounded time
//! (SOAK_SECONDS, default 600): virtual participants register, start, save
//! answers as the page batches them and submit, over and over. Reports
//! errors, latency, the gateway's memory growth, and that every
//! acknowledged answer is stored.

use contest_bench::virtual_participants::{percentile_ms, rss_kb, Crowd, Pace};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Default)]
struct Audit {
    attempts_checked: u64,
    answers_acknowledged: u64,
    answers_lost: u64,
}

/// Quick thinkers (60 ms a question on average), so that each user goes
/// round the whole cycle every couple of seconds and the run mixes every
/// operation all the time.
fn pace() -> Pace {
    Pace { think_ms: 0..=120, change_of_mind: 0.1 }
}

async fn participant_cycle(crowd: &Crowd, round: &str, serial: u64, audit: &std::sync::Mutex<Audit>) {
    let Ok(session) = crowd.register(serial, "phuong-1").await else {
        return;
    };
    let Ok(attempt) = crowd.start(&session, round).await else {
        return;
    };
    let mut journal = crowd.answer(&session, &attempt, &pace()).await;
    if crowd.submit(&session, &attempt, &mut journal, serial % 50).await.is_err() {
        return;
    }
    if let Ok(stored) = crowd.read_attempt(&session, &attempt).await {
        let mut audit = audit.lock().expect("audit lock");
        audit.attempts_checked += 1;
        audit.answers_acknowledged += journal.acknowledged.len() as u64;
        audit.answers_lost += journal.lost_in(&stored) as u64;
    }
}

#[tokio::main]
async fn main() {
    let base = std::env::var("BASE_URL").expect("BASE_URL of a running gateway");
    let pid = std::env::var("GATEWAY_PID").unwrap_or_default();
    let seconds: u64 = std::env::var("SOAK_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(600);
    let users: u64 = std::env::var("SOAK_USERS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let contest = std::env::var("SOAK_CONTEST").unwrap_or_else(|_| "cchc-2022".into());
    let round = std::env::var("SOAK_ROUND").unwrap_or_else(|_| "tuan-1".into());
    let crowd = Crowd::new(&base, &contest, None);
    let audit = Arc::new(std::sync::Mutex::new(Audit::default()));
    let serial = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);

    // Warm up, then take the memory baseline.
    participant_cycle(&crowd, &round, serial.fetch_add(1, Ordering::Relaxed), &audit).await;
    let rss_start = rss_kb(&pid);
    let started = Instant::now();
    let workers: Vec<_> = (0..users)
        .map(|_| {
            let (crowd, round, audit, serial) = (crowd.clone(), round.clone(), audit.clone(), serial.clone());
            tokio::spawn(async move {
                while Instant::now() < deadline {
                    let n = serial.fetch_add(1, Ordering::Relaxed);
                    participant_cycle(&crowd, &round, n, &audit).await;
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rss_end = rss_kb(&pid);
    let mut tally = crowd.tally();
    let requests = tally.requests();
    println!();
    println!("Soak: {users} virtual participants for {elapsed:.0} s against {base}");
    println!("{:<14} {:>8} {:>9} {:>9} {:>9}", "operation", "count", "p50 ms", "p95 ms", "p99 ms");
    for (name, samples) in tally.service.iter_mut() {
        let count = samples.len();
        let (p50, p95, p99) = (percentile_ms(samples, 0.5), percentile_ms(samples, 0.95), percentile_ms(samples, 0.99));
        println!("{name:<14} {count:>8} {p50:>9.1} {p95:>9.1} {p99:>9.1}");
    }
    let errors = tally.error_count();
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
    let audit = audit.lock().expect("audit lock");
    println!(
        "stored state: {} attempts checked, {} acknowledged answers, {} lost",
        audit.attempts_checked, audit.answers_acknowledged, audit.answers_lost
    );
    let ok = errors == 0 && audit.answers_lost == 0 && audit.attempts_checked > 0;
    println!("soak {}", if ok { "PASS" } else { "FAIL" });
    if !ok {
        std::process::exit(1);
    }
}
