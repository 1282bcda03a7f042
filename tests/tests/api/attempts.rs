use chrono::Duration;
use contest_tests::{contest_file, spawn_app, spawn_app_with};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn first_option(attempt: &Value, index: usize) -> (String, String) {
    let question = &attempt["questions"][index];
    (question["id"].as_str().unwrap().to_owned(), question["options"][0]["id"].as_str().unwrap().to_owned())
}

fn attempt_id(attempt: &Value) -> String {
    attempt["attempt_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn starting_again_resumes_the_attempt_in_progress_with_its_answers() {
    let app = spawn_app().await;
    let who = app.register("Đặng Văn Hải", "0912000201", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let (question, option) = first_option(&started, 0);
    app.save(&who, &attempt_id(&started), json!({ &question: &option })).await.expect(StatusCode::OK);
    let resumed = app.start(&who, "open").await.expect(StatusCode::OK);
    assert_eq!(resumed["attempt_id"], started["attempt_id"]);
    assert_eq!(resumed["deadline"], started["deadline"]);
    assert_eq!(resumed["questions"], started["questions"]);
    assert_eq!(resumed["answers"], json!({ question: option }));
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(me["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(me["rounds"][0]["attempts_used"], 1);
}

#[tokio::test]
async fn attempts_per_round_are_limited() {
    let app = spawn_app().await;
    let who = app.register("Bùi Thị Lan", "0912000202", "phuong-1").await;
    for _ in 0..2 {
        let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
        app.submit(&who, &attempt_id(&attempt), json!({})).await.expect(StatusCode::OK);
    }
    app.start(&who, "open").await.expect_error(StatusCode::CONFLICT, "ATTEMPT_LIMIT_REACHED");
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(me["rounds"][0]["attempts_remaining"], 0);
}

#[tokio::test]
async fn rounds_only_accept_attempts_while_open() {
    let app = spawn_app().await;
    let who = app.register("Ngô Văn Minh", "0912000203", "phuong-1").await;
    app.start(&who, "future").await.expect_error(StatusCode::CONFLICT, "ROUND_NOT_OPEN");
    app.start(&who, "past").await.expect_error(StatusCode::CONFLICT, "ROUND_NOT_OPEN");
    app.start(&who, "khong-co").await.expect_error(StatusCode::NOT_FOUND, "ROUND_NOT_FOUND");
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert!(me["attempts"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn after_deadline_and_grace_answers_are_refused_and_only_saved_ones_count() {
    let app = spawn_app().await;
    let who = app.register("Đỗ Thị Ngọc", "0912000204", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = attempt_id(&started);
    let key = app.answer_key(&who, &aid).await;
    let (q0, q1) = (started["questions"][0]["id"].as_str().unwrap(), started["questions"][1]["id"].as_str().unwrap());
    app.save(&who, &aid, json!({ q0: key[q0] })).await.expect(StatusCode::OK);

    // Within the grace period an answer still counts.
    app.state.clock.advance(Duration::seconds(1800 + 10));
    app.save(&who, &aid, json!({ q1: key[q1] })).await.expect(StatusCode::OK);

    app.state.clock.advance(Duration::seconds(10));
    let q2 = started["questions"][2]["id"].as_str().unwrap();
    app.save(&who, &aid, json!({ q2: key[q2] })).await.expect_error(StatusCode::CONFLICT, "ATTEMPT_CLOSED");
    let all: serde_json::Map<_, _> = key.iter().map(|(q, o)| (q.clone(), Value::String(o.clone()))).collect();
    let result = app.submit(&who, &aid, json!({ "answers": all })).await.expect(StatusCode::OK);
    assert_eq!(result["status"], "timed_out");
    assert_eq!(result["score"], 2, "late answers must not count: {result}");
    assert_eq!(result["duration_ms"], 1_800_000);
    // Repeating the submit changes nothing.
    let mut again = app.submit(&who, &aid, json!({})).await.expect(StatusCode::OK);
    let mut first = result.clone();
    again["server_time"] = Value::Null;
    first["server_time"] = Value::Null;
    assert_eq!(again, first);
}

#[tokio::test]
async fn an_abandoned_attempt_is_closed_when_the_next_one_starts() {
    let app = spawn_app().await;
    let who = app.register("Lý Văn Phúc", "0912000205", "phuong-1").await;
    let abandoned = app.start(&who, "open").await.expect(StatusCode::CREATED);
    app.state.clock.advance(Duration::minutes(45));
    let next = app.start(&who, "open").await.expect(StatusCode::CREATED);
    assert_ne!(next["attempt_id"], abandoned["attempt_id"]);
    let old = app.get(&format!("/attempts/{}", attempt_id(&abandoned)), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(old["status"], "timed_out");
    assert_eq!(old["score"], 0);
}

#[tokio::test]
async fn reading_an_expired_attempt_closes_it() {
    let app = spawn_app().await;
    let who = app.register("Mai Thị Quỳnh", "0912000206", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    app.state.clock.advance(Duration::minutes(31));
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert!(me["active_attempt_id"].is_null(), "an attempt past its window is not active");
    let read = app.get(&format!("/attempts/{}", attempt_id(&started)), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(read["status"], "timed_out");
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert!(me["active_attempt_id"].is_null());
}

/// The real clock, a real short time limit: nothing mocked.
#[tokio::test]
async fn a_short_time_limit_expires_in_real_time() {
    let mut contest = contest_file(10, 3);
    contest["time_limit_seconds"] = json!(1);
    contest["grace_seconds"] = json!(1);
    let app = spawn_app_with(contest).await;
    let who = app.register("Thời Gian Thực", "0912000207", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let (question, option) = first_option(&started, 0);
    app.save(&who, &attempt_id(&started), json!({ &question: &option })).await.expect(StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(2300)).await;
    let (late_question, late_option) = first_option(&started, 1);
    app.save(&who, &attempt_id(&started), json!({ late_question: late_option }))
        .await
        .expect_error(StatusCode::CONFLICT, "ATTEMPT_CLOSED");
    let result = app.submit(&who, &attempt_id(&started), json!({})).await.expect(StatusCode::OK);
    assert_eq!(result["status"], "timed_out");
    assert_eq!(result["duration_ms"], 1000);
}

#[tokio::test]
async fn submit_is_idempotent_and_later_saves_are_refused() {
    let app = spawn_app().await;
    let who = app.register("Hồ Văn Sơn", "0912000208", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = attempt_id(&started);
    let mut first = app.submit(&who, &aid, json!({"prediction": 7})).await.expect(StatusCode::OK);
    app.state.clock.advance(Duration::seconds(30));
    let (question, option) = first_option(&started, 0);
    let mut second = app
        .submit(&who, &aid, json!({"answers": { &question: &option }, "prediction": 9}))
        .await
        .expect(StatusCode::OK);
    first["server_time"] = Value::Null;
    second["server_time"] = Value::Null;
    assert_eq!(first, second);
    assert_eq!(first["prediction"], 7);
    app.save(&who, &aid, json!({ question: option })).await.expect_error(StatusCode::CONFLICT, "ATTEMPT_CLOSED");
}

#[tokio::test]
async fn only_the_owner_can_read_save_or_submit_an_attempt() {
    let app = spawn_app().await;
    let owner = app.register("Chủ Bài Thi", "0912000209", "phuong-1").await;
    let intruder = app.register("Người Khác", "0912000210", "phuong-1").await;
    let started = app.start(&owner, "open").await.expect(StatusCode::CREATED);
    let aid = attempt_id(&started);
    let (question, option) = first_option(&started, 0);
    app.get(&format!("/attempts/{aid}"), Some(&intruder.token))
        .await
        .expect_error(StatusCode::NOT_FOUND, "ATTEMPT_NOT_FOUND");
    app.save(&intruder, &aid, json!({ &question: &option }))
        .await
        .expect_error(StatusCode::NOT_FOUND, "ATTEMPT_NOT_FOUND");
    app.submit(&intruder, &aid, json!({})).await.expect_error(StatusCode::NOT_FOUND, "ATTEMPT_NOT_FOUND");
    // The owner's attempt is untouched.
    let mine = app.get(&format!("/attempts/{aid}"), Some(&owner.token)).await.expect(StatusCode::OK);
    assert_eq!(mine["status"], "in_progress");
    assert_eq!(mine["answers"], json!({}));
}

#[tokio::test]
async fn answers_must_belong_to_the_attempt() {
    let app = spawn_app().await;
    let first = app.register("Người Một", "0912000211", "phuong-1").await;
    let second = app.register("Người Hai", "0912000212", "phuong-1").await;
    let mine = app.start(&first, "open").await.expect(StatusCode::CREATED);
    let theirs = app.start(&second, "open").await.expect(StatusCode::CREATED);
    let aid = attempt_id(&mine);
    let (question, _) = first_option(&mine, 0);
    let (_, foreign_option) = first_option(&theirs, 0);
    app.save(&first, &aid, json!({ &question: foreign_option }))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "UNKNOWN_OPTION");
    let bank_ids: Vec<String> = (1..=30).map(|n| format!("q{n:03}")).collect();
    let drawn: Vec<&str> = mine["questions"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap()).collect();
    let outside = bank_ids.iter().find(|id| !drawn.contains(&id.as_str())).unwrap();
    let (_, my_option) = first_option(&mine, 0);
    app.save(&first, &aid, json!({ outside: &my_option }))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "UNKNOWN_QUESTION");
    app.submit(&first, &aid, json!({"answers": { outside: &my_option }}))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "UNKNOWN_QUESTION");
    // Nothing of that was stored.
    let stored = app.get(&format!("/attempts/{aid}"), Some(&first.token)).await.expect(StatusCode::OK);
    assert_eq!(stored["answers"], json!({}));
    assert_eq!(stored["status"], "in_progress");
}

#[tokio::test]
async fn a_later_save_overwrites_the_same_question() {
    let app = spawn_app().await;
    let who = app.register("Đổi Ý", "0912000213", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = attempt_id(&started);
    let question = started["questions"][0]["id"].as_str().unwrap();
    let options: Vec<&str> =
        started["questions"][0]["options"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap()).collect();
    app.save(&who, &aid, json!({ question: options[0] })).await.expect(StatusCode::OK);
    app.save(&who, &aid, json!({ question: options[1] })).await.expect(StatusCode::OK);
    let stored = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(stored["answers"], json!({ question: options[1] }));
}

#[tokio::test]
async fn prediction_only_where_the_contest_asks_for_one() {
    let mut contest = contest_file(10, 3);
    contest.as_object_mut().unwrap().remove("prediction_question");
    let app = spawn_app_with(contest).await;
    let who = app.register("Không Dự Đoán", "0912000214", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = attempt_id(&started);
    app.submit(&who, &aid, json!({"prediction": 5}))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "PREDICTION_NOT_ALLOWED");
    let result = app.submit(&who, &aid, json!({})).await.expect(StatusCode::OK);
    assert_eq!(result["status"], "submitted");
    assert!(result["prediction"].is_null());
}
