//! Invariants under concurrent requests: the conditions in DynamoDB hold
//! them, not a read before a write.

use contest_tests::spawn_app;
use futures::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::HashSet;

#[tokio::test]
async fn fifty_concurrent_starts_make_exactly_one_attempt() {
    let app = spawn_app().await;
    let who = app.register("Đồng Thời", "0912000301", "phuong-1").await;
    let replies = join_all((0..50).map(|_| app.start(&who, "open"))).await;
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let resumed = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(created, 1, "{:?}", replies.iter().map(|r| (r.status, r.code().to_owned())).collect::<Vec<_>>());
    assert_eq!(resumed, 49);
    let ids: HashSet<_> = replies.iter().map(|r| r.body["attempt_id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 1);
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(me["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(me["rounds"][0]["attempts_used"], 1);
    contest_tests::record_summary("concurrency: 50 simultaneous starts → 1 attempt");
}

#[tokio::test]
async fn twenty_concurrent_submits_score_once_with_one_result() {
    let app = spawn_app().await;
    let who = app.register("Nộp Cùng Lúc", "0912000302", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = started["attempt_id"].as_str().unwrap().to_owned();
    let key = app.answer_key(&who, &aid).await;
    let answers: serde_json::Map<_, _> = key.into_iter().take(3).map(|(q, o)| (q, Value::String(o))).collect();
    let body = json!({ "answers": answers, "prediction": 2 });
    let replies = join_all((0..20).map(|_| app.submit(&who, &aid, body.clone()))).await;
    for reply in &replies {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    let distinct: HashSet<_> = replies
        .iter()
        .map(|r| {
            let mut body = r.body.clone();
            body["server_time"] = Value::Null;
            body.to_string()
        })
        .collect();
    assert_eq!(distinct.len(), 1, "every submit must see the same result: {distinct:?}");
    assert_eq!(replies[0].body["score"], 3);
    contest_tests::record_summary("concurrency: 20 simultaneous submits → scored once, one result");
    let organizations = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(organizations["entries"][0]["participants"], 1, "a participant is counted once");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn concurrent_registrations_of_one_phone_make_one_account() {
    let app = spawn_app().await;
    let body = json!({"full_name": "Đăng Ký Trùng", "phone": "0912000303", "password": contest_tests::PASSWORD, "organization_id": "phuong-1"});
    let replies = join_all((0..8).map(|_| app.register_raw(body.clone()))).await;
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let conflicts = replies.iter().filter(|r| r.code() == "PHONE_ALREADY_REGISTERED").count();
    assert_eq!((created, conflicts), (1, 7));
}

#[tokio::test]
async fn concurrent_starts_never_exceed_the_round_limit() {
    let app = spawn_app().await;
    let who = app.register("Giới Hạn", "0912000304", "phuong-1").await;
    // Use up one attempt, then race the start of the last one.
    let first = app.start(&who, "open").await.expect(StatusCode::CREATED);
    app.submit(&who, first["attempt_id"].as_str().unwrap(), json!({})).await.expect(StatusCode::OK);
    let replies = join_all((0..10).map(|_| app.start(&who, "open"))).await;
    assert_eq!(replies.iter().filter(|r| r.status == StatusCode::CREATED).count(), 1);
    let last = replies.iter().find(|r| r.status == StatusCode::CREATED).unwrap();
    app.submit(&who, last.body["attempt_id"].as_str().unwrap(), json!({})).await.expect(StatusCode::OK);
    let more = join_all((0..5).map(|_| app.start(&who, "open"))).await;
    assert!(
        more.iter().all(|r| r.code() == "ATTEMPT_LIMIT_REACHED"),
        "{:?}",
        more.iter().map(|r| r.text.clone()).collect::<Vec<_>>()
    );
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(me["attempts"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn two_tabs_saving_at_once_keep_the_last_write_per_question() {
    let app = spawn_app().await;
    let who = app.register("Hai Thẻ", "0912000305", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = started["attempt_id"].as_str().unwrap().to_owned();
    let questions = started["questions"].as_array().unwrap();
    // Tab A answers every question with its first option, tab B with its
    // second, interleaved; then tab B sends the final word on each.
    let batch = |option: usize| -> Value {
        Value::Object(
            questions
                .iter()
                .map(|q| (q["id"].as_str().unwrap().to_owned(), q["options"][option]["id"].clone()))
                .collect(),
        )
    };
    let replies = join_all((0..10).map(|i| app.save(&who, &aid, batch(i % 2)))).await;
    assert!(replies.iter().all(|r| r.status == StatusCode::OK));
    app.save(&who, &aid, batch(1)).await.expect(StatusCode::OK);
    let stored = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(stored["answers"], batch(1));
}

#[tokio::test]
async fn starts_racing_across_rounds_still_make_one_attempt() {
    let mut contest = contest_tests::contest_file(30, 5);
    // A second round open at the same time.
    contest["rounds"][1]["opens_at"] = contest["rounds"][0]["opens_at"].clone();
    let app = contest_tests::spawn_app_with(contest).await;
    let who = app.register("Hai Tuần", "0912000306", "phuong-1").await;
    let replies = join_all((0..20).map(|i| app.start(&who, if i % 2 == 0 { "open" } else { "future" }))).await;
    assert_eq!(replies.iter().filter(|r| r.status == StatusCode::CREATED).count(), 1);
    let ids: HashSet<_> = replies.iter().filter_map(|r| r.body["attempt_id"].as_str().map(str::to_owned)).collect();
    assert_eq!(ids.len(), 1, "one attempt in progress at a time, whatever the round");
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(me["attempts"].as_array().unwrap().len(), 1);
}
