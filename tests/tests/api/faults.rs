//! The store stalls or drops connections mid-contest: participants get a
//! retryable 503 with a code quickly (bounded timeouts, never a hang), and
//! once the store is back every answer they retry is stored.

use contest_store::StoreTimeouts;
use contest_tests::fault_proxy::{Fault, FaultProxy};
use contest_tests::{contest_file, moto_endpoint, spawn_app_on, test_store_at};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_stalled_or_dropping_store_answers_503_and_loses_nothing_after_recovery() {
    let moto: std::net::SocketAddr = moto_endpoint().trim_start_matches("http://").parse().unwrap();
    let proxy = FaultProxy::start(moto).await;
    let timeouts = StoreTimeouts {
        connect: Duration::from_millis(300),
        attempt: Duration::from_millis(400),
        operation: Duration::from_millis(1500),
    };
    let app = spawn_app_on(test_store_at(&proxy.endpoint(), timeouts).await, contest_file(30, 5)).await;
    let who = app.register("Mạng Chập Chờn", "0912001201", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = started["attempt_id"].as_str().unwrap().to_owned();
    let questions = started["questions"].as_array().unwrap().clone();
    let answer = |index: usize| -> (String, Value) {
        (questions[index]["id"].as_str().unwrap().to_owned(), questions[index]["options"][1]["id"].clone())
    };
    let mut acknowledged = serde_json::Map::new();
    let mut failed = serde_json::Map::new();

    let (q, o) = answer(0);
    app.save(&who, &aid, json!({ &q: &o })).await.expect(StatusCode::OK);
    acknowledged.insert(q, o);

    for (fault, index) in [(Fault::Stall, 1), (Fault::Drop, 2)] {
        proxy.set(fault);
        let (q, o) = answer(index);
        let started_at = Instant::now();
        let reply = app.save(&who, &aid, json!({ &q: &o })).await;
        let waited = started_at.elapsed();
        reply.expect_error(StatusCode::SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE");
        assert!(waited < Duration::from_secs(5), "{fault:?}: answered after {waited:?}");
        failed.insert(q, o);
        let line = format!("fault case {fault:?}: 503 STORE_UNAVAILABLE after {} ms", waited.as_millis());
        println!("{line}");
        contest_tests::record_summary(&line);
    }

    // Back to normal: the page's journal re-sends what was not acknowledged.
    proxy.set(Fault::None);
    let mut retried = false;
    for _ in 0..10 {
        if app.save(&who, &aid, Value::Object(failed.clone())).await.status == StatusCode::OK {
            retried = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(retried, "the store came back but saves kept failing");
    acknowledged.extend(failed);
    let stored = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(stored["answers"], Value::Object(acknowledged), "every answer is stored");
    let result = app.submit(&who, &aid, json!({})).await.expect(StatusCode::OK);
    assert_eq!(result["status"], "submitted");
    contest_tests::record_summary("fault recovery: every acknowledged and retried answer stored, 0 lost");
}
