use contest_tests::{find_answer_fields, spawn_app, CONTEST_ID};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn health_answers_when_the_table_does() {
    let app = spawn_app().await;
    let reply = app.send(app.client.get(format!("{}/api/health", app.base))).await;
    assert_eq!(reply.expect(StatusCode::OK)["status"], "ok");
}

#[tokio::test]
async fn public_contest_info_lists_rounds_with_status_and_organizations() {
    let app = spawn_app().await;
    let info = app.get("", None).await.expect(StatusCode::OK);
    assert_eq!(info["id"], CONTEST_ID);
    assert_eq!(info["questions_per_attempt"], 5);
    let statuses: Vec<_> = info["rounds"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, vec!["open", "upcoming", "closed"]);
    assert!(info["rounds"][0]["opens_at"].as_str().unwrap().ends_with("+07:00"));
    assert_eq!(info["organizations"][0]["name"], "UBND Phường 1");
    assert!(info["organizations"][0].get("headcount").is_none());
    assert!(find_answer_fields(&info).is_empty());
}

/// Register, start, autosave, resume, submit, then see the score on every
/// page that shows it: the whole participant journey.
#[tokio::test]
async fn full_attempt_from_registration_to_leaderboards() {
    let app = spawn_app().await;
    let an = app.register("Nguyễn Văn An", "0912000001", "phuong-1").await;

    let started = app.start(&an, "open").await.expect(StatusCode::CREATED);
    let attempt_id = started["attempt_id"].as_str().unwrap().to_owned();
    let questions = started["questions"].as_array().unwrap().clone();
    assert_eq!(questions.len(), 5);
    assert_eq!(started["answers"], json!({}));
    assert_eq!(started["status"], "in_progress");
    assert!(find_answer_fields(&started).is_empty(), "answer key leaked: {started}");

    let key = app.answer_key(&an, &attempt_id).await;
    // Four right, the last one wrong, saved in two batches.
    let mut answers = serde_json::Map::new();
    for (index, question) in questions.iter().enumerate() {
        let qid = question["id"].as_str().unwrap();
        let option = if index < 4 {
            key[qid].clone()
        } else {
            question["options"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap())
                .find(|o| *o != key[qid])
                .unwrap()
                .to_owned()
        };
        answers.insert(qid.to_owned(), Value::String(option));
    }
    let first: serde_json::Map<_, _> = answers.iter().take(2).map(|(k, v)| (k.clone(), v.clone())).collect();
    let rest: serde_json::Map<_, _> = answers.iter().skip(2).map(|(k, v)| (k.clone(), v.clone())).collect();
    assert_eq!(app.save(&an, &attempt_id, Value::Object(first.clone())).await.expect(StatusCode::OK)["saved"], 2);

    let resumed = app.get(&format!("/attempts/{attempt_id}"), Some(&an.token)).await.expect(StatusCode::OK);
    assert_eq!(resumed["answers"], Value::Object(first));
    assert_eq!(resumed["questions"], Value::Array(questions.clone()));
    assert!(find_answer_fields(&resumed).is_empty());

    app.save(&an, &attempt_id, Value::Object(rest)).await.expect(StatusCode::OK);
    let result = app.submit(&an, &attempt_id, json!({"prediction": 3})).await.expect(StatusCode::OK);
    assert_eq!(result["status"], "submitted");
    assert_eq!(result["score"], 4);
    assert_eq!(result["total"], 5);
    assert!(result["duration_ms"].as_i64().unwrap() >= 0);
    assert!(find_answer_fields(&result).is_empty());

    let me = app.get("/me", Some(&an.token)).await.expect(StatusCode::OK);
    assert_eq!(me["participant"]["full_name"], "Nguyễn Văn An");
    assert_eq!(me["attempts"][0]["status"], "submitted");
    assert_eq!(me["attempts"][0]["score"], 4);
    assert_eq!(me["rounds"][0]["attempts_used"], 1);
    assert_eq!(me["rounds"][0]["attempts_remaining"], 1);
    assert_eq!(me["rounds"][0]["best_score"], 4);
    assert!(me["active_attempt_id"].is_null());
    assert!(find_answer_fields(&me).is_empty());

    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"][0]["name"], "Nguyễn Văn An");
    assert_eq!(board["entries"][0]["organization"], "UBND Phường 1");
    assert_eq!(board["entries"][0]["score"], 4);
    assert_eq!(board["entries"][0]["rank"], 1);
    assert!(!board.to_string().contains("0912000001"), "phone leaked: {board}");

    let organizations = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    let first_org = &organizations["entries"][0];
    assert_eq!(first_org["organization_id"], "phuong-1");
    assert_eq!(first_org["participants"], 1);
    assert_eq!(first_org["headcount"], 4);
    assert_eq!(first_org["participation_rate"], 0.25);
}

#[tokio::test]
async fn leaderboard_orders_by_score_then_duration_then_submission() {
    let app = spawn_app().await;
    let clock = app.state.clock.clone();
    // (name, phone, correct answers, seconds spent)
    let plan = [
        ("Chậm đủ điểm", "0912000011", 5, 600),
        ("Nhanh đủ điểm", "0912000012", 5, 60),
        ("Nhanh thiếu điểm", "0912000013", 3, 30),
    ];
    for (name, phone, correct, seconds) in plan {
        let who = app.register(name, phone, "phong-noi-vu").await;
        let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
        let attempt_id = attempt["attempt_id"].as_str().unwrap();
        let key = app.answer_key(&who, attempt_id).await;
        let answers: serde_json::Map<_, _> =
            key.into_iter().take(correct).map(|(q, o)| (q, Value::String(o))).collect();
        clock.advance(chrono::Duration::seconds(seconds));
        app.submit(&who, attempt_id, json!({ "answers": answers })).await.expect(StatusCode::OK);
    }
    let board = app.get("/rounds/open/leaderboard?limit=10", None).await.expect(StatusCode::OK);
    let names: Vec<_> = board["entries"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Nhanh đủ điểm", "Chậm đủ điểm", "Nhanh thiếu điểm"]);
    let durations: Vec<_> =
        board["entries"].as_array().unwrap().iter().map(|e| e["duration_ms"].as_i64().unwrap()).collect();
    // The clock was moved forward by these; real time adds a few milliseconds.
    for (measured, moved) in durations.iter().zip([60_000, 600_000, 30_000]) {
        assert!((moved..moved + 5_000).contains(measured), "{durations:?}");
    }
    let limited = app.get("/rounds/open/leaderboard?limit=2", None).await.expect(StatusCode::OK);
    assert_eq!(limited["entries"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn best_attempt_counts_and_organization_counts_a_person_once() {
    let app = spawn_app().await;
    let who = app.register("Trần Thị Bình", "0912000021", "phuong-1").await;
    let mut scores = Vec::new();
    for correct in [4, 2] {
        let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
        let attempt_id = attempt["attempt_id"].as_str().unwrap();
        let key = app.answer_key(&who, attempt_id).await;
        let answers: serde_json::Map<_, _> =
            key.into_iter().take(correct).map(|(q, o)| (q, Value::String(o))).collect();
        scores.push(
            app.submit(&who, attempt_id, json!({ "answers": answers })).await.expect(StatusCode::OK)["score"].clone(),
        );
    }
    assert_eq!(scores, vec![json!(4), json!(2)]);
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"].as_array().unwrap().len(), 1);
    assert_eq!(board["entries"][0]["score"], 4);
    let organizations = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(organizations["entries"][0]["participants"], 1);
}

#[tokio::test]
async fn pages_and_api_carry_security_headers() {
    let app = spawn_app().await;
    let page = app.client.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors"), "{csp}");
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    let api = app.client.get(format!("{}/api/health", app.base)).send().await.unwrap();
    assert_eq!(api.headers()["content-security-policy"], "default-src 'none'; frame-ancestors 'none'");
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert_eq!(api.headers()["cache-control"], "no-store");
}

/// A round's leaderboard spread over several partitions reads back, merged,
/// in exactly the order of the unsharded one.
#[tokio::test]
async fn a_sharded_leaderboard_merges_to_the_unsharded_order() {
    let mut orders = Vec::new();
    for shards in [1, 4] {
        let mut contest = contest_tests::contest_file(30, 5);
        contest["leaderboard_shards"] = json!(shards);
        let app = contest_tests::spawn_app_with(contest).await;
        for n in 0..12u64 {
            let who = app.register(&format!("Người {n:02}"), &format!("09120020{n:02}"), "phuong-1").await;
            // Scores 0–5 repeat, durations all differ: a strict order.
            app.take_attempt(&who, "open", (n % 6) as usize, 30 + (n as i64 * 7) % 50, None).await;
        }
        let names = |board: &Value| -> Vec<String> {
            board["entries"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_owned()).collect()
        };
        let full = names(&app.get("/rounds/open/leaderboard?limit=200", None).await.expect(StatusCode::OK));
        let top = names(&app.get("/rounds/open/leaderboard?limit=5", None).await.expect(StatusCode::OK));
        assert_eq!(full.len(), 12);
        assert_eq!(top, full[..5].to_vec(), "{shards} shards: top 5 is the head of the full order");
        orders.push(full);
    }
    assert_eq!(orders[0], orders[1], "sharded and unsharded orders agree");
}
