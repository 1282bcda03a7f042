//! Fair play (issue 14): rounds close for everyone at their closing time,
//! no counts leak while predictions are open, per-round pools, fast results
//! reviewed before they can win, staff lists, registration brakes, and
//! exclusions that hold.

use chrono::{DateTime, Duration, Utc};
use contest_tests::{contest_file, spawn_app_with, Participant, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn at(text: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text.as_str().expect("a time")).expect("RFC 3339").to_utc()
}

fn iso(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The test contest with its open round closing `minutes` from now.
fn closing_in(minutes: i64) -> Value {
    let mut file = contest_file(30, 5);
    file["rounds"][0]["closes_at"] = json!(iso(Utc::now() + Duration::minutes(minutes)));
    file
}

async fn answer_all(app: &TestApp, who: &Participant, attempt: &Value) -> String {
    let aid = attempt["attempt_id"].as_str().unwrap().to_owned();
    let key = app.answer_key(who, &aid).await;
    app.save(who, &aid, json!(key)).await.expect(StatusCode::OK);
    aid
}

#[tokio::test]
async fn an_attempt_started_a_minute_before_the_close_is_capped_scored_and_considered_for_prizes() {
    let app = spawn_app_with(closing_in(1)).await;
    let closes_at = at(&app.get("", None).await.expect(StatusCode::OK)["rounds"][0]["closes_at"]);
    let late = app.register("Người Cuối Giờ", "0912001401", "phuong-1").await;
    let attempt = app.start(&late, "open").await.expect(StatusCode::CREATED);
    assert_eq!(at(&attempt["deadline"]), closes_at, "the deadline is the round's close, not start + 30 min");
    let aid = answer_all(&app, &late, &attempt).await;

    // Within the grace period after the close, the round is not decided yet.
    app.state.clock.advance(Duration::seconds(65));
    let organizer = app.organizer_token().await;
    let report = app.admin_post_job(&organizer).await;
    assert!(
        !report["rounds_closed"].as_array().unwrap().contains(&json!("test-contest/open")),
        "decided before its attempts could end: {report}"
    );

    // Past the close and the grace: the abandoned attempt is closed with
    // what was saved, and only then the round is decided.
    app.state.clock.advance(Duration::seconds(30));
    let report = app.admin_post_job(&organizer).await;
    assert_eq!(report["attempts_closed"], 1, "{report}");
    assert_eq!(report["rounds_closed"], json!(["test-contest/open"]), "{report}");
    let result = app.get(&format!("/attempts/{aid}"), Some(&late.token)).await.expect(StatusCode::OK);
    assert_eq!((result["status"].as_str(), result["score"].as_u64()), (Some("timed_out"), Some(5)));
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winners["winners"][0]["name"], "Người Cuối Giờ", "{winners}");
}

#[tokio::test]
async fn the_page_knows_the_deadline_before_the_clock_starts() {
    let app = spawn_app_with(closing_in(12)).await;
    let info = app.get("", None).await.expect(StatusCode::OK);
    let remaining = at(&info["rounds"][0]["closes_at"]) - at(&info["server_time"]);
    assert!(remaining < Duration::minutes(13) && remaining > Duration::minutes(11));
    assert_eq!(info["time_limit_seconds"], 1800);
}

#[tokio::test]
async fn the_leaderboard_hides_counts_while_predictions_are_open() {
    let mut file = contest_file(30, 5);
    file.as_object_mut().unwrap().remove("live_leaderboard"); // default: hidden with a prediction question
    let app = spawn_app_with(file).await;
    assert_eq!(app.get("", None).await.expect(StatusCode::OK)["live_leaderboard"], false);
    let who = app.register("Người Dự Đoán", "0912001402", "phuong-1").await;
    app.take_attempt(&who, "open", 5, 200, Some(1)).await;

    let hidden = app.get("/rounds/open/leaderboard?limit=200", None).await.expect(StatusCode::OK);
    assert_eq!(hidden["visible"], false, "{hidden}");
    assert_eq!(hidden["entries"], json!([]));
    assert!(hidden["closes_at"].is_string());
    // The participant still sees their own result.
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(me["rounds"][0]["best_score"], 5);

    app.state.clock.advance(Duration::days(7));
    let shown = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(shown["visible"], true);
    assert_eq!(shown["entries"][0]["name"], "Người Dự Đoán");
}

#[tokio::test]
async fn each_round_draws_from_its_own_pool() {
    let mut file = contest_file(12, 5);
    for index in 0..6 {
        file["questions"][index]["rounds"] = json!(["future"]);
    }
    let app = spawn_app_with(file).await;
    let who = app.register("Người Rút Đề", "0912001403", "phuong-1").await;
    for _ in 0..2 {
        let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
        for question in attempt["questions"].as_array().unwrap() {
            let number: usize = question["id"].as_str().unwrap()[1..].parse().unwrap();
            assert!(number > 6, "q{number:03} belongs to the next round only");
        }
        app.submit(&who, attempt["attempt_id"].as_str().unwrap(), json!({})).await.expect(StatusCode::OK);
    }
    let organizer = app.organizer_token().await;
    let contest = app.admin(Method::GET, "", &organizer, None).await.expect(StatusCode::OK);
    let pools: Vec<_> =
        contest["pools"].as_array().unwrap().iter().map(|p| (p["round_id"].clone(), p["approved"].clone())).collect();
    assert_eq!(pools, vec![(json!("open"), json!(6)), (json!("future"), json!(12)), (json!("past"), json!(6))]);

    // Settings that leave a round unable to draw an attempt are refused, naming it.
    let mut update = contest_file(0, 7);
    for field in ["questions", "excluded_phones"] {
        update.as_object_mut().unwrap().remove(field);
    }
    let reply = app.admin(Method::PUT, "", &organizer, Some(update)).await;
    reply.expect_error(StatusCode::BAD_REQUEST, "INVALID_CONTEST");
    assert!(reply.body["error"]["message"].as_str().unwrap().contains("Tuần đang mở"), "{}", reply.text);
}

#[tokio::test]
async fn a_full_score_in_one_second_waits_for_review_before_it_can_win() {
    let mut file = contest_file(30, 5);
    file["min_seconds_per_question"] = json!(3);
    let app = spawn_app_with(file).await;
    let script = app.register("Kịch Bản Nhanh", "0912001404", "phuong-1").await;
    let person = app.register("Người Đọc Kỹ", "0912001405", "phuong-1").await;
    let fast = app.take_attempt(&script, "open", 5, 1, None).await;
    assert_eq!(fast["score"], 5);
    app.take_attempt(&person, "open", 4, 300, None).await;

    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    let names: Vec<_> = board["entries"].as_array().unwrap().iter().map(|e| e["name"].clone()).collect();
    assert_eq!(names, vec![json!("Người Đọc Kỹ")], "a flagged result is not ranked before its review");
    let mine = app.get("/me", Some(&script.token)).await.expect(StatusCode::OK);
    assert_eq!(mine["attempts"][0]["committee_review"], "pending", "the participant is told");

    let organizer = app.organizer_token().await;
    let reviews = app.admin(Method::GET, "/reviews?round=open", &organizer, None).await.expect(StatusCode::OK);
    let review = &reviews["reviews"][0];
    assert_eq!(
        (review["full_name"].as_str(), review["flags"].clone(), review["decision"].clone(), review["score"].as_u64()),
        (Some("Kịch Bản Nhanh"), json!(["TOO_FAST"]), Value::Null, Some(5)),
        "{reviews}"
    );
    let aid = fast["attempt_id"].as_str().unwrap();

    // Accepted, it counts like any other result.
    let decided = app
        .admin(
            Method::POST,
            &format!("/reviews/{aid}"),
            &organizer,
            Some(json!({"decision": "accepted", "note": "Đã gọi điện xác minh"})),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(decided["decision"], "accepted");
    let mine = app.get("/me", Some(&script.token)).await.expect(StatusCode::OK);
    assert_eq!(mine["attempts"][0]["committee_review"], "accepted");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"][0]["name"], "Kịch Bản Nhanh");

    // Rejected, it leaves the rankings and the winners.
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&organizer).await;
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winners["winners"][0]["name"], "Kịch Bản Nhanh");
    app.admin(Method::POST, &format!("/reviews/{aid}"), &organizer, Some(json!({"decision": "rejected"})))
        .await
        .expect(StatusCode::OK);
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winners["winners"][0]["name"], "Người Đọc Kỹ", "recomputed before publication: {winners}");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"].as_array().unwrap().len(), 1);

    // Once published, changing a decision is a correction that must be confirmed.
    app.admin(Method::POST, "/winners/publish?round=open", &organizer, None).await.expect(StatusCode::OK);
    let body = json!({"decision": "accepted", "note": "Hội đồng xem xét lại"});
    app.admin(Method::POST, &format!("/reviews/{aid}"), &organizer, Some(body.clone()))
        .await
        .expect_error(StatusCode::CONFLICT, "CONFIRMATION_REQUIRED");
    app.admin(Method::POST, &format!("/reviews/{aid}?confirm=true"), &organizer, Some(body))
        .await
        .expect(StatusCode::OK);
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(
        (winners["winners"][0]["name"].as_str(), winners["published"].as_bool()),
        (Some("Kịch Bản Nhanh"), Some(true))
    );
    assert!(winners["corrected_at"].is_string(), "{winners}");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    let actions: Vec<_> =
        audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect();
    assert_eq!(actions.iter().filter(|a| a.starts_with("review.decide")).count(), 3, "{actions:?}");
    assert_eq!(actions[0], "review.decide.correction");
}

fn roster_contest() -> Value {
    let mut file = contest_file(30, 5);
    file["organizations"] = json!([
        {"id": "phuong-1", "name": "UBND Phường 1", "group": "Phường, xã", "headcount": 40},
        {"id": "phong-noi-vu", "name": "Phòng Nội vụ", "group": "Cơ quan", "headcount": 10},
        {"id": "nhan-dan", "name": "Nhân dân", "group": "Nhân dân", "kind": "open"}
    ]);
    file
}

fn registration(name: &str, phone: &str, organization: &str, birth_year: Option<i64>) -> Value {
    json!({"full_name": name, "phone": phone, "password": PASSWORD, "organization_id": organization, "birth_year": birth_year})
}

#[tokio::test]
async fn only_the_people_on_a_units_staff_list_count_for_it() {
    let app = spawn_app_with(roster_contest()).await;
    let organizer = app.organizer_token().await;
    let list = json!({"entries": [
        {"organization_id": "phong-noi-vu", "full_name": "Nguyễn Thị Ánh", "birth_year": 1985},
        {"organization_id": "phong-noi-vu", "full_name": "Lê Văn Bình", "birth_year": 1990, "phone": "0912001499"}
    ]});
    let preview = app
        .upload("/roster/import", &organizer, "application/json", list.to_string().into_bytes())
        .await
        .expect(StatusCode::OK);
    assert_eq!((preview["dry_run"].as_bool(), preview["imported"].as_u64()), (Some(true), Some(0)));
    app.upload("/roster/import?dry_run=false", &organizer, "application/json", list.to_string().into_bytes())
        .await
        .expect(StatusCode::CREATED);

    // Someone not on the list cannot register into the unit.
    let invented = app.register_raw(registration("Người Bịa Ra", "0912001410", "phong-noi-vu", Some(1980))).await;
    invented.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "NOT_ON_ROSTER");
    assert!(invented.body["error"]["message"].as_str().unwrap().contains("liên hệ"), "{}", invented.text);
    // A listed entry with a phone only matches that phone.
    app.register_raw(registration("Lê Văn Bình", "0912001411", "phong-noi-vu", Some(1990)))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "NOT_ON_ROSTER");
    // The name matches whatever its Unicode form, case and spacing.
    let decomposed = "NGUYE\u{302}\u{303}N  thi\u{323}   A\u{301}nh";
    app.register_raw(registration(decomposed, "0912001412", "phong-noi-vu", Some(1985)))
        .await
        .expect(StatusCode::CREATED);
    // The entry is claimed: nobody else can take it.
    app.register_raw(registration("Nguyễn Thị Ánh", "0912001413", "phong-noi-vu", Some(1985)))
        .await
        .expect_error(StatusCode::CONFLICT, "ROSTER_ENTRY_TAKEN");

    let roster =
        app.admin(Method::GET, "/roster?organization=phong-noi-vu", &organizer, None).await.expect(StatusCode::OK);
    let entries = roster["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let claimed: Vec<_> = entries.iter().filter(|e| !e["participant_id"].is_null()).collect();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0]["full_name"], "Nguyễn Thị Ánh");
    assert_eq!(claimed[0]["rounds_completed"], json!([]));

    // The unit's headcount is the list's length; its rate can never pass 100 %.
    let board = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    let unit =
        board["entries"].as_array().unwrap().iter().find(|e| e["organization_id"] == "phong-noi-vu").unwrap().clone();
    assert_eq!(unit["headcount"], 2);
    assert!(
        board["entries"].as_array().unwrap().iter().all(|e| e["organization_id"] != "nhan-dan"),
        "open organizations are not ranked"
    );
}

#[tokio::test]
async fn two_registrations_racing_for_one_entry_claim_it_once() {
    let app = spawn_app_with(roster_contest()).await;
    let organizer = app.organizer_token().await;
    let list =
        json!({"entries": [{"organization_id": "phong-noi-vu", "full_name": "Trần Văn Cường", "birth_year": 1979}]});
    app.upload("/roster/import?dry_run=false", &organizer, "application/json", list.to_string().into_bytes())
        .await
        .expect(StatusCode::CREATED);
    let racers = (0..6).map(|n| {
        app.register_raw(registration("Trần Văn Cường", &format!("09120015{n:02}"), "phong-noi-vu", Some(1979)))
    });
    let replies = futures::future::join_all(racers).await;
    let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
    let taken = replies.iter().filter(|r| r.code() == "ROSTER_ENTRY_TAKEN").count();
    assert_eq!((created, taken), (1, 5), "{:?}", replies.iter().map(|r| &r.text).collect::<Vec<_>>());
}

#[tokio::test]
async fn registration_needs_a_solved_challenge_once() {
    let mut file = contest_file(30, 5);
    file["registration_challenge"] = json!(true);
    let app = spawn_app_with(file).await;
    let body = |altcha: Option<String>| {
        let mut body = registration("Người Thật", "0912001420", "phuong-1", None);
        if let Some(altcha) = altcha {
            body["altcha"] = json!(altcha);
        }
        body
    };
    app.register_raw(body(None)).await.expect_error(StatusCode::BAD_REQUEST, "CHALLENGE_REQUIRED");
    app.register_raw(body(Some("bm90IGEgc29sdXRpb24=".into())))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "CHALLENGE_FAILED");
    let challenge = app.get("/challenge", None).await.expect(StatusCode::OK);
    assert_eq!((challenge["algorithm"].as_str(), challenge["maxnumber"].as_u64()), (Some("SHA-256"), Some(20_000)));
    assert!(challenge["salt"].as_str().unwrap().contains("?expires="));
    let solution = contest_tests::solve_challenge(&challenge);
    app.register_raw(body(Some(solution.clone()))).await.expect(StatusCode::CREATED);
    let mut again = body(Some(solution));
    again["phone"] = json!("0912001421");
    app.register_raw(again).await.expect_error(StatusCode::BAD_REQUEST, "CHALLENGE_FAILED");
}

#[tokio::test]
async fn registrations_from_one_address_are_limited_per_hour() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let limits = contest_usecases::Limits { registrations_per_address_per_hour: 3 };
    let app = contest_tests::serve(app.state.clone().with_limits(limits)).await;
    for n in 0..3 {
        app.register(&format!("Người Thứ {n}"), &format!("09120014{:02}", 30 + n), "phuong-1").await;
    }
    let fourth = app.register_raw(registration("Người Thứ Tư", "0912001439", "phuong-1", None)).await;
    fourth.expect_error(StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS");
}

#[tokio::test]
async fn a_person_barred_during_an_open_attempt_never_comes_back() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let who = app.register("Người Bị Loại", "0912001440", "phuong-1").await;
    let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = answer_all(&app, &who, &attempt).await;
    let organizer = app.organizer_token().await;
    app.admin(Method::PUT, "/exclusions", &organizer, Some(json!({"phones": ["0999999999", "0912001440"]})))
        .await
        .expect(StatusCode::OK);
    let result = app.submit(&who, &aid, json!({})).await.expect(StatusCode::OK);
    assert_eq!(result["score"], 5, "the attempt is scored");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"], json!([]), "but its result is no best result");
    let organizations = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    assert!(organizations["entries"].as_array().unwrap().iter().all(|e| e["participants"] == 0), "{organizations}");
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&organizer).await;
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winners["winners"], json!([]));
}

#[tokio::test]
async fn loading_an_edited_file_bars_and_restores_registered_people() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let who = app.register("Người Trong Tệp", "0912001450", "phuong-1").await;
    app.take_attempt(&who, "open", 3, 200, None).await;
    let mut file = contest_file(30, 5);
    file["excluded_phones"] = json!(["0999999999", "+84912001450"]);
    let definition = contest_domain::contest::ContestDefinition::from_json(&file.to_string()).unwrap();
    let report = app.state.store.save_definition(&definition).await.unwrap();
    assert_eq!(report.exclusions_added, 1);
    assert_eq!(app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK)["entries"], json!([]));
    let tallies = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    assert!(tallies["entries"].as_array().unwrap().iter().all(|e| e["participants"] == 0), "{tallies}");

    let definition = contest_domain::contest::ContestDefinition::from_json(&contest_file(30, 5).to_string()).unwrap();
    assert_eq!(app.state.store.save_definition(&definition).await.unwrap().exclusions_removed, 1);
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"][0]["name"], "Người Trong Tệp");
}

#[tokio::test]
async fn sms_verification_finishes_a_registration_with_the_code() {
    let mut file = contest_file(30, 5);
    file["phone_verification"] = json!("sms");
    let app = spawn_app_with(file).await;
    let pending = app
        .register_raw(registration("Người Nhận Tin", "0912001460", "phuong-1", None))
        .await
        .expect(StatusCode::ACCEPTED);
    let vid = pending["verification_id"].as_str().unwrap();
    assert!(pending["expires_at"].is_string());
    let code = contest_tests::sent_sms()
        .await
        .into_iter()
        .filter(|(phone, _)| phone == "+84912001460")
        .filter_map(|(_, message)| {
            message.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).map(str::to_owned)
        })
        .last()
        .expect("a code was sent");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let reply = app.post("/register/verify", None, Some(json!({"verification_id": vid, "code": wrong}))).await;
    reply.expect_error(StatusCode::BAD_REQUEST, "VERIFICATION_CODE_INVALID");
    let session = app
        .post("/register/verify", None, Some(json!({"verification_id": vid, "code": code})))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(session["participant"]["full_name"], "Người Nhận Tin");
    app.post("/register/verify", None, Some(json!({"verification_id": vid, "code": code})))
        .await
        .expect_error(StatusCode::GONE, "VERIFICATION_EXPIRED");
    app.post("/login", None, Some(json!({"phone": "0912001460", "password": PASSWORD}))).await.expect(StatusCode::OK);
}

#[tokio::test]
async fn five_wrong_codes_void_a_verification() {
    let mut file = contest_file(30, 5);
    file["phone_verification"] = json!("sms");
    let app = spawn_app_with(file).await;
    let pending = app
        .register_raw(registration("Người Đoán Mã", "0912001470", "phuong-1", None))
        .await
        .expect(StatusCode::ACCEPTED);
    let vid = pending["verification_id"].as_str().unwrap();
    let mut codes = Vec::new();
    for guess in 0..6 {
        let reply = app
            .post("/register/verify", None, Some(json!({"verification_id": vid, "code": format!("99999{guess}")})))
            .await;
        codes.push(reply.code().to_owned());
    }
    assert_eq!(codes[..4], ["VERIFICATION_CODE_INVALID"; 4]);
    assert!(codes[4..].iter().all(|c| c == "VERIFICATION_EXPIRED"), "{codes:?}");
}
