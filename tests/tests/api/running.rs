//! Running the contest day to day (issue 17), against moto: finding,
//! correcting and helping participants, disqualification, regrading and
//! voiding (including a pass interrupted halfway), a bank that fits how
//! questions are written, announcements, practice and reviews.

use chrono::Duration;
use contest_tests::{contest_file, spawn_app_with, Participant, TestApp, CONTEST_ID, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn audit_actions(audit: &Value) -> Vec<String> {
    audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

/// A contest whose every attempt holds all five questions, in the bank's
/// order of options when `shuffle` is off.
fn five_questions() -> Value {
    contest_file(5, 5)
}

/// Starts an attempt and answers every question right, except the listed
/// questions, answered with their option at `wrong_index` in the attempt.
async fn answered_attempt(app: &TestApp, who: &Participant, round: &str) -> (String, Value) {
    let attempt = app.start(who, round).await.expect(StatusCode::CREATED);
    let aid = attempt["attempt_id"].as_str().unwrap().to_owned();
    (aid, attempt)
}

async fn submit_all_right_but(app: &TestApp, who: &Participant, round: &str, wrong: &[(&str, &str)]) -> String {
    let (aid, attempt) = answered_attempt(app, who, round).await;
    let mut answers = app.answer_key(who, &aid).await;
    for (qid, text) in wrong {
        let question = attempt["questions"].as_array().unwrap().iter().find(|q| q["id"] == *qid).unwrap();
        let option = question["options"].as_array().unwrap().iter().find(|o| o["text"] == *text).unwrap();
        answers.insert(qid.to_string(), option["id"].as_str().unwrap().to_owned());
    }
    app.state.clock.advance(Duration::seconds(30));
    app.submit(who, &aid, json!({ "answers": answers, "prediction": 1 })).await.expect(StatusCode::OK);
    aid
}

fn scores(board: &Value) -> Vec<(String, u64)> {
    board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_owned(), e["score"].as_u64().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_committee_finds_people_by_phone_in_any_form_by_name_without_diacritics_and_by_unit() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let an = app.register("Nguyễn Văn An", "0912000101", "phuong-1").await;
    app.register("Trần Thị Bình", "0912000102", "phong-noi-vu").await;
    app.register("Đặng Văn Ân", "0912000103", "phong-noi-vu").await;
    app.take_attempt(&an, "open", 3, 60, Some(1)).await;

    let search = |q: &str| {
        let q = q.to_owned();
        let app = &app;
        let organizer = organizer.clone();
        async move {
            let url = format!("/participants?q={}", urlencode(&q));
            app.admin(Method::GET, &url, &organizer, None).await.expect(StatusCode::OK)
        }
    };
    for phone in ["+84912000101", "+84 912 000 101", "84912000101", "0912.000.101"] {
        let found = search(phone).await;
        assert_eq!(found["participants"].as_array().unwrap().len(), 1, "{phone}: {found}");
        let person = &found["participants"][0];
        assert_eq!(person["full_name"], "Nguyễn Văn An");
        assert_eq!(person["phone"], "0912000101");
        assert_eq!(person["attempts_finished"], 1);
        assert_eq!(person["disqualified"], false);
        assert!(person["registered_at"].as_str().unwrap().ends_with("+07:00"));
    }
    let by_name: Vec<String> = search("van an").await["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["full_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(by_name.len(), 2, "«van an» matches Văn An and Văn Ân: {by_name:?}");
    assert_eq!(search("000102").await["participants"][0]["full_name"], "Trần Thị Bình", "part of a phone");
    let unit = app
        .admin(Method::GET, "/participants?organization=phong-noi-vu", &organizer, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(unit["participants"].as_array().unwrap().len(), 2);
    assert_eq!(unit["next_cursor"], Value::Null);
    let both = app.admin(Method::GET, "/participants?q=dang&organization=phong-noi-vu", &organizer, None).await;
    assert_eq!(both.expect(StatusCode::OK)["participants"][0]["full_name"], "Đặng Văn Ân");

    // Paging: each page ends where the next begins, newest first.
    let cid = CONTEST_ID.parse().unwrap();
    let store = &app.state.store;
    let filter = contest_store::directory::DirectoryFilter::default();
    let first = store.search_participants(&cid, &filter, None, 2).await.unwrap();
    let cursor = contest_store::directory::DirectoryCursor::parse(first.next_cursor.as_deref().unwrap()).unwrap();
    let second = store.search_participants(&cid, &filter, Some(&cursor), 2).await.unwrap();
    let names: Vec<_> = first.participants.iter().chain(&second.participants).map(|p| p.full_name.as_str()).collect();
    assert_eq!(names, ["Đặng Văn Ân", "Trần Thị Bình", "Nguyễn Văn An"]);

    app.admin(Method::GET, "/participants?q=12", &organizer, None)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    app.admin(Method::GET, "/participants?cursor=xyz", &organizer, None)
        .await
        .expect_error(StatusCode::BAD_REQUEST, "INVALID_QUERY");
    app.admin(Method::GET, "/participants?organization=khong-co", &organizer, None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "ORGANIZATION_NOT_FOUND");

    // The profile lists every attempt, and looking at it is audited.
    let profile =
        app.admin(Method::GET, &format!("/participants/{}", an.id), &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(profile["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(
        (profile["attempts"][0]["round_id"].as_str(), profile["attempts"][0]["score"].as_u64()),
        (Some("open"), Some(3))
    );
    assert_eq!(profile["attempts"][0]["status"], "submitted");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(audit_actions(&audit)[0], "participant.view");
    app.admin(Method::GET, &format!("/participants/{}", "0".repeat(32)), &organizer, None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "PARTICIPANT_NOT_FOUND");
}

async fn tallies(app: &TestApp) -> std::collections::BTreeMap<String, u64> {
    let board = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    board["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["organization_id"].as_str().unwrap().to_owned(), o["participants"].as_u64().unwrap()))
        .collect()
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_change_of_unit_moves_the_tally_the_leaderboard_and_the_exports() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let person = app.register("Lê Văn Nhầm", "0912000201", "phuong-1").await;
    app.take_attempt(&person, "open", 4, 60, Some(1)).await;
    let before = tallies(&app).await;
    assert_eq!((before["phuong-1"], before["phong-noi-vu"]), (1, 0));

    let edit = json!({"full_name": "Lê Văn Đúng", "organization_id": "phong-noi-vu", "birth_year": 1985});
    let edited = app.admin(Method::PUT, &format!("/participants/{}", person.id), &organizer, Some(edit)).await;
    let edited = edited.expect(StatusCode::OK);
    assert_eq!(
        (edited["full_name"].as_str(), edited["organization_id"].as_str()),
        (Some("Lê Văn Đúng"), Some("phong-noi-vu"))
    );
    assert_eq!(edited["birth_year"], 1985);
    let after = tallies(&app).await;
    assert_eq!((after["phuong-1"], after["phong-noi-vu"]), (0, 1), "the tally moved with the person");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"][0]["name"], "Lê Văn Đúng");
    assert_eq!(board["entries"][0]["organization"], "Phòng Nội vụ");
    let me = app.get("/me", Some(&person.token)).await.expect(StatusCode::OK);
    assert_eq!(me["participant"]["organization_id"], "phong-noi-vu");

    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    let entry = &audit["entries"][0];
    assert_eq!(entry["action"], "participant.edit");
    assert_eq!(entry["detail"]["before"]["full_name"], "Lê Văn Nhầm");
    assert_eq!(entry["detail"]["after"]["organization_id"], "phong-noi-vu");

    let bad = json!({"full_name": "Lê Văn Đúng", "organization_id": "khong-co"});
    app.admin(Method::PUT, &format!("/participants/{}", person.id), &organizer, Some(bad))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "UNKNOWN_ORGANIZATION");
}

#[tokio::test]
async fn a_reset_code_works_once_revokes_earlier_tokens_and_five_wrong_codes_void_it() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let person = app.register("Phạm Quên Mật Khẩu", "0912000301", "phuong-1").await;
    let issued = app
        .admin(Method::POST, &format!("/participants/{}/reset-code", person.id), &organizer, None)
        .await
        .expect(StatusCode::CREATED);
    let code = issued["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert!(issued["expires_at"].as_str().unwrap().ends_with("+07:00"));

    let reset = |code: String, password: &'static str| {
        let app = &app;
        async move {
            app.post(
                "/password-reset",
                None,
                Some(json!({"phone": "+84 912 000 301", "code": code, "new_password": password})),
            )
            .await
        }
    };
    // Typed in lowercase with a dash, as people read it out.
    let typed = format!("{}-{}", code[..4].to_lowercase(), &code[4..]);
    let session = reset(typed, "mat-khau-moi-1").await.expect(StatusCode::OK);
    assert_eq!(session["participant"]["id"], person.id.as_str());
    let fresh_token = session["token"].as_str().unwrap().to_owned();
    app.get("/me", Some(&fresh_token)).await.expect(StatusCode::OK);
    app.get("/me", Some(&person.token)).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    reset(code.clone(), "mat-khau-moi-2").await.expect_error(StatusCode::BAD_REQUEST, "RESET_CODE_INVALID");
    let login = |password: &'static str| {
        let app = &app;
        async move { app.post("/login", None, Some(json!({"phone": "0912000301", "password": password}))).await }
    };
    login("mat-khau-moi-1").await.expect(StatusCode::OK);
    login(PASSWORD).await.expect_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");

    // A new code; five wrong tries void it, even the right code afterwards.
    let issued = app
        .admin(Method::POST, &format!("/participants/{}/reset-code", person.id), &organizer, None)
        .await
        .expect(StatusCode::CREATED);
    let code = issued["code"].as_str().unwrap().to_owned();
    let wrong = if code == "AAAAAAAA" { "CCCCCCCC" } else { "AAAAAAAA" };
    for _ in 0..5 {
        reset(wrong.to_owned(), "mat-khau-moi-3").await.expect_error(StatusCode::BAD_REQUEST, "RESET_CODE_INVALID");
    }
    reset(code, "mat-khau-moi-3").await.expect_error(StatusCode::BAD_REQUEST, "RESET_CODE_INVALID");
    // An unknown phone gets the same answer.
    app.post(
        "/password-reset",
        None,
        Some(json!({"phone": "0912999999", "code": "AAAAAAAA", "new_password": "mat-khau-moi-4"})),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "RESET_CODE_INVALID");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert!(!audit.to_string().contains(&issued["code"].as_str().unwrap().to_string()), "the code is never logged");
    assert_eq!(audit_actions(&audit)[0], "participant.reset_code");
}

#[tokio::test]
async fn forgotten_passwords_by_email_send_a_code_and_never_say_whether_the_phone_exists() {
    let store = contest_tests::test_store().await;
    let contest = contest_file(30, 5);
    let definition = contest_domain::contest::ContestDefinition::from_json(&contest.to_string()).unwrap();
    store.save_definition(&definition).await.unwrap();
    let keys = contest_usecases::TokenKeys::generate();
    let mut state =
        contest_usecases::App::new(store, keys, contest_usecases::Clock::system(), std::time::Duration::from_secs(60));
    state.email = state.email.clone().from_address("Ban To chuc <no-reply@cuocthi.example.vn>");
    let app = contest_tests::serve(state).await;
    let info = app.get("", None).await.expect(StatusCode::OK);
    assert_eq!(info["password_reset_by_email"], true);

    let mailbox = format!("an.{}@example.vn", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    app.register_raw(json!({"full_name": "Võ Thị Thư", "phone": "0912000401", "password": PASSWORD,
        "organization_id": "phuong-1", "email": mailbox}))
        .await
        .expect(StatusCode::CREATED);
    let known = app.post("/password-reset/request", None, Some(json!({"phone": "+84912000401"}))).await;
    let unknown = app.post("/password-reset/request", None, Some(json!({"phone": "0912000499"}))).await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!((unknown.status, &unknown.body), (StatusCode::ACCEPTED, &known.body), "the same answer either way");

    let mail =
        contest_tests::sent_emails().await.into_iter().find(|m| m.to.contains(&mailbox)).expect("an e-mail went out");
    assert!(mail.subject.contains("Mã đặt lại mật khẩu"), "{}", mail.subject);
    let code: String = mail.body.split("là: ").nth(1).expect("the code is in the body").chars().take(8).collect();
    let session = app
        .post(
            "/password-reset",
            None,
            Some(json!({"phone": "0912000401", "code": code, "new_password": "mat-khau-moi"})),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(session["participant"]["full_name"], "Võ Thị Thư");
}

/// Two people take the open round: the leader answers all five right; the
/// runner-up answers `q002` with «Phương án một». The round then closes and
/// is decided.
async fn decided_round(app: &TestApp) -> (String, Participant, Participant) {
    let organizer = app.organizer_token().await;
    let leader = app.register("Người Dẫn Đầu", "0912000501", "phuong-1").await;
    let runner = app.register("Người Về Nhì", "0912000502", "phong-noi-vu").await;
    submit_all_right_but(app, &leader, "open", &[]).await;
    submit_all_right_but(app, &runner, "open", &[("q002", "Phương án một")]).await;
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&organizer).await;
    (organizer, leader, runner)
}

fn winner_names(winners: &Value) -> Vec<String> {
    winners["winners"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn disqualifying_a_winner_recomputes_the_round_and_a_published_one_needs_confirmation() {
    let app = spawn_app_with(five_questions()).await;
    let (organizer, leader, runner) = decided_round(&app).await;
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winner_names(&winners), ["Người Dẫn Đầu", "Người Về Nhì"]);

    let path = format!("/participants/{}/disqualify", leader.id);
    app.admin(Method::POST, &path, &organizer, Some(json!({"reason": "  "})))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "INVALID_REASON");
    let change = app
        .admin(Method::POST, &path, &organizer, Some(json!({"reason": "Nhờ người khác làm bài hộ"})))
        .await
        .expect(StatusCode::OK);
    assert_eq!(change["participant"]["disqualified"], true);
    assert_eq!(change["winners_recomputed"], json!(["open"]));
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winner_names(&winners), ["Người Về Nhì"]);
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(scores(&board), [("Người Về Nhì".to_owned(), 4)]);
    let units = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    let phuong = units["entries"].as_array().unwrap().iter().find(|o| o["organization_id"] == "phuong-1").unwrap();
    assert_eq!(phuong["participants"], 0, "out of the tally");
    let found = app.admin(Method::GET, "/participants?q=0912000501", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(found["participants"][0]["disqualified"], true);
    let profile = app.admin(Method::GET, &format!("/participants/{}", leader.id), &organizer, None).await;
    assert_eq!(profile.expect(StatusCode::OK)["disqualification"]["reason"], "Nhờ người khác làm bài hộ");
    app.start(&leader, "future").await.expect_error(StatusCode::FORBIDDEN, "PARTICIPANT_BARRED");

    // Reinstating, then publishing: a change now corrects a public list.
    let reinstate = format!("/participants/{}/reinstate", leader.id);
    app.admin(Method::POST, &reinstate, &organizer, None).await.expect(StatusCode::OK);
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winner_names(&winners), ["Người Dẫn Đầu", "Người Về Nhì"]);
    app.admin(Method::POST, "/winners/publish?round=open", &organizer, None).await.expect(StatusCode::OK);
    let reason = json!({"reason": "Thông tin đăng ký sai sự thật"});
    app.admin(Method::POST, &path, &organizer, Some(reason.clone()))
        .await
        .expect_error(StatusCode::CONFLICT, "CONFIRMATION_REQUIRED");
    let change =
        app.admin(Method::POST, &format!("{path}?confirm=true"), &organizer, Some(reason)).await.expect(StatusCode::OK);
    assert_eq!(change["winners_corrected"], json!(["open"]));
    let public = app.get("/rounds/open/winners", None).await.expect(StatusCode::OK);
    assert_eq!(public["winners"][0]["name"], "Người Về Nhì");
    assert!(public["corrected_at"].is_string(), "the public list says it was corrected: {public}");
    // Recomputing again changes nothing: it is idempotent.
    let again = app.admin(Method::POST, "/winners/recompute?round=open&confirm=true", &organizer, None).await;
    assert_eq!(again.expect(StatusCode::OK)["attempts_rescored"], 0);
    let public_again = app.get("/rounds/open/winners", None).await.expect(StatusCode::OK);
    assert_eq!(public_again["winners"], public["winners"]);
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    let actions = audit_actions(&audit);
    assert!(
        actions.contains(&"participant.disqualify".to_owned()) && actions.contains(&"participant.reinstate".to_owned())
    );
    assert!(actions.contains(&"winners.recompute".to_owned()));
    let _ = runner;
}

#[tokio::test]
async fn a_regrade_rescores_finished_attempts_and_changes_the_leaderboard() {
    let app = spawn_app_with(five_questions()).await;
    let (organizer, _leader, _runner) = decided_round(&app).await;
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(scores(&board), [("Người Dẫn Đầu".to_owned(), 5), ("Người Về Nhì".to_owned(), 4)]);

    // q002's key was wrong: «Phương án một» is right.
    let questions = app.admin(Method::GET, "/questions", &organizer, None).await.expect(StatusCode::OK);
    let q002 = questions["questions"].as_array().unwrap().iter().find(|q| q["id"] == "q002").unwrap().clone();
    assert_eq!(q002["drawn"], true);
    let edit = json!({"text": q002["text"], "options": q002["options"], "answer": "A", "status": "approved",
                      "topic": q002["topic"], "source": q002["source"]});
    app.admin(Method::PUT, "/questions/q002", &organizer, Some(edit.clone()))
        .await
        .expect_error(StatusCode::CONFLICT, "REGRADE_REQUIRED");
    let regraded =
        app.admin(Method::PUT, "/questions/q002?regrade=true", &organizer, Some(edit)).await.expect(StatusCode::OK);
    assert_eq!(regraded["regrade"]["attempts_checked"], 2);
    assert_eq!(regraded["regrade"]["attempts_rescored"], 2);
    assert_eq!(regraded["regrade"]["winners_recomputed"], json!(["open"]));
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(scores(&board), [("Người Về Nhì".to_owned(), 5), ("Người Dẫn Đầu".to_owned(), 4)]);
    let winners = app.admin(Method::GET, "/winners?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(winner_names(&winners), ["Người Về Nhì", "Người Dẫn Đầu"]);
    let stats = app.admin(Method::GET, "/questions", &organizer, None).await.expect(StatusCode::OK);
    let q002 = stats["questions"].as_array().unwrap().iter().find(|q| q["id"] == "q002").unwrap();
    assert_eq!(
        (q002["stats"]["correct"].as_u64(), q002["correction"]["answer"].as_str()),
        (Some(1), Some("Phương án một"))
    );
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(audit["entries"][0]["action"], "question.regrade");
    assert_eq!(audit["entries"][0]["detail"]["before"]["answer"], "C");
    assert_eq!(audit["entries"][0]["detail"]["after"]["answer"], "A");

    // Voiding q003 gives the point to everyone: both back to five and four.
    let voided = app.admin(Method::POST, "/questions/q003/void", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!((voided["status"].as_str(), voided["attempts_checked"].as_u64()), (Some("archived"), Some(2)));
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(
        scores(&board),
        [("Người Về Nhì".to_owned(), 5), ("Người Dẫn Đầu".to_owned(), 4)],
        "both had q003 right"
    );
}

#[tokio::test]
async fn a_voided_question_counts_for_everyone_who_was_given_it() {
    let app = spawn_app_with(five_questions()).await;
    let organizer = app.organizer_token().await;
    let blank = app.register("Người Bỏ Trống", "0912000601", "phuong-1").await;
    app.take_attempt(&blank, "open", 2, 60, Some(1)).await;
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"][0]["score"], 2);
    let voided = app.admin(Method::POST, "/questions/q005/void", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(voided["attempts_rescored"], 1);
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"][0]["score"], 3, "unanswered, and still right");
    let mine = app.get("/me", Some(&blank.token)).await.expect(StatusCode::OK);
    assert_eq!(mine["attempts"][0]["score"], 3);
}

#[tokio::test]
async fn a_regrade_interrupted_halfway_runs_again_without_counting_twice() {
    let app = spawn_app_with(five_questions()).await;
    let organizer = app.organizer_token().await;
    let mut people = Vec::new();
    for n in 0..6 {
        let who = app.register(&format!("Người Thứ {n}"), &format!("09120007{n:02}"), "phuong-1").await;
        // Everyone answers q004 with «Phương án hai», which becomes right.
        submit_all_right_but(&app, &who, "open", &[("q004", "Phương án hai")]).await;
        people.push(who);
    }
    let tally_before = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);

    // The correction is recorded, and the pass dies after half the attempts.
    let cid: contest_domain::ContestId = CONTEST_ID.parse().unwrap();
    let qid: contest_domain::QuestionId = "q004".parse().unwrap();
    let contest =
        contest_usecases::organizer::regrade::record_answer_correction(&app.state, &cid, &qid, "Phương án hai")
            .await
            .unwrap();
    let summaries = app.state.store.contest_attempts(&cid).await.unwrap();
    let ids = contest_usecases::organizer::regrade::attempts_using(&summaries, &["q004"].into_iter().collect());
    assert_eq!(ids.len(), 6);
    let (_, rescored) =
        contest_usecases::organizer::regrade::rescore_attempts(&app.state, &contest, &ids[..3]).await.unwrap();
    assert_eq!(rescored, 3);

    // Run again (as the organizer would, with «Tính lại»): only the rest move.
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&organizer).await;
    let report =
        app.admin(Method::POST, "/winners/recompute?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!((report["attempts_checked"].as_u64(), report["attempts_rescored"].as_u64()), (Some(6), Some(3)));
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert!(scores(&board).iter().all(|(_, score)| *score == 5), "{board}");
    assert_eq!(board["entries"].as_array().unwrap().len(), 6, "one best result each, none doubled");
    let tally_after = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(tally_after["entries"], tally_before["entries"], "tallies count people, never twice");
    let third = app.admin(Method::POST, "/winners/recompute?round=open", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(third["attempts_rescored"], 0);
    for who in &people {
        let mine = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
        assert_eq!(mine["attempts"][0]["score"], 5);
    }
}

#[tokio::test]
async fn a_question_may_keep_its_option_order_and_drawn_questions_are_archived_not_deleted() {
    // Two attempts draw at most ten of twelve: at least two stay fresh.
    let mut file = contest_file(12, 5);
    for question in file["questions"].as_array_mut().unwrap() {
        question["shuffle_options"] = json!(false);
    }
    let app = spawn_app_with(file).await;
    let organizer = app.organizer_token().await;
    let who = app.register("Người Thử Thứ Tự", "0912000801", "phuong-1").await;
    for _ in 0..2 {
        let attempt = app.start(&who, "open").await.expect(StatusCode::CREATED);
        for question in attempt["questions"].as_array().unwrap() {
            let texts: Vec<&str> =
                question["options"].as_array().unwrap().iter().map(|o| o["text"].as_str().unwrap()).collect();
            assert_eq!(texts, ["Phương án một", "Phương án hai", "Phương án ba", "Phương án bốn"]);
        }
        let aid = attempt["attempt_id"].as_str().unwrap();
        app.submit(&who, aid, json!({"answers": {}})).await.expect(StatusCode::OK);
    }

    let bank = app.admin(Method::GET, "/questions", &organizer, None).await.expect(StatusCode::OK);
    let drawn: Vec<String> = bank["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["drawn"] == true)
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect();
    let fresh: Vec<String> = bank["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["drawn"] == false)
        .map(|q| q["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!drawn.is_empty() && !fresh.is_empty(), "{bank}");
    app.admin(Method::DELETE, &format!("/questions/{}", drawn[0]), &organizer, None)
        .await
        .expect_error(StatusCode::CONFLICT, "QUESTION_DRAWN");
    app.admin(Method::DELETE, &format!("/questions/{}", fresh[0]), &organizer, None).await.expect(StatusCode::OK);
    app.admin(Method::DELETE, &format!("/questions/{}", fresh[0]), &organizer, None)
        .await
        .expect_error(StatusCode::NOT_FOUND, "QUESTION_NOT_FOUND");

    // Bulk: archiving too many would starve the open round, so nothing happens.
    let all: Vec<Value> = bank["questions"].as_array().unwrap().iter().map(|q| q["id"].clone()).collect();
    app.admin(Method::POST, "/questions/bulk", &organizer, Some(json!({"action": "archive", "question_ids": all})))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "INVALID_QUESTION");
    let report = app
        .admin(
            Method::POST,
            "/questions/bulk",
            &organizer,
            Some(json!({"action": "delete", "question_ids": [drawn[0], fresh[1], "q999"]})),
        )
        .await
        .expect(StatusCode::OK);
    let outcomes: Vec<(String, bool)> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["question_id"].as_str().unwrap().to_owned(), r["ok"].as_bool().unwrap()))
        .collect();
    assert!(
        outcomes.contains(&(drawn[0].clone(), false))
            && outcomes.contains(&(fresh[1].clone(), true))
            && outcomes.contains(&("q999".into(), false))
    );
    let archived = app
        .admin(
            Method::POST,
            "/questions/bulk",
            &organizer,
            Some(json!({"action": "archive", "question_ids": [drawn[0]]})),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(archived["changed"], 1);
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(audit_actions(&audit)[..2], ["questions.bulk", "questions.bulk"]);
}

#[tokio::test]
async fn a_word_document_imports_with_a_preview_numbered_by_question() {
    let mut file = contest_file(30, 5);
    file["rounds"][0]["name"] = json!("Tuần 1");
    let app = spawn_app_with(file).await;
    let organizer = app.organizer_token().await;
    let sample = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../contests/mau-cau-hoi.docx")).unwrap();
    let docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let preview = app.upload("/questions/import", &organizer, docx, sample.clone()).await.expect(StatusCode::OK);
    assert_eq!(preview["report"]["errors"], json!([]), "{preview}");
    let valid = preview["report"]["valid"].as_u64().unwrap();
    assert!(valid >= 5, "{preview}");
    let kept = preview["report"]["preview"].as_array().unwrap().iter().find(|q| q["shuffle_options"] == false);
    assert!(kept.is_some(), "the sample's «Xáo trộn phương án: không» is kept");
    let imported =
        app.upload("/questions/import?dry_run=false", &organizer, docx, sample).await.expect(StatusCode::CREATED);
    assert_eq!(imported["imported"].as_u64(), Some(valid));

    // A document with a missing answer: the error names the question.
    let broken = contest_tests::docx_with_paragraphs(&[
        "Câu 1. Hỏi gì?",
        "A. Một",
        "B. Hai",
        "Câu 2: Hỏi nữa?",
        "A. Ba",
        "B. Bốn",
        "Đáp án: B",
    ]);
    let preview = app.upload("/questions/import", &organizer, docx, broken.clone()).await.expect(StatusCode::OK);
    assert_eq!(preview["report"]["errors"][0]["row"], 1, "{preview}");
    app.upload("/questions/import?dry_run=false", &organizer, docx, broken)
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "IMPORT_HAS_ERRORS");
    app.upload("/organizations/import", &organizer, docx, vec![b'P', b'K'])
        .await
        .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_FILE_TYPE");
}

#[tokio::test]
async fn announcements_are_published_newest_first_and_drafts_stay_private() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let first = app
        .admin(
            Method::POST,
            "/announcements",
            &organizer,
            Some(json!({"title": "Khai mạc cuộc thi", "body": "Tuần 1 mở từ 8 giờ.\nChúc các bạn thành công!"})),
        )
        .await
        .expect(StatusCode::CREATED);
    app.state.clock.advance(Duration::seconds(5));
    let draft = app
        .admin(
            Method::POST,
            "/announcements",
            &organizer,
            Some(json!({"title": "Bản nháp", "body": "Chưa đăng", "published": false})),
        )
        .await
        .expect(StatusCode::CREATED);
    app.state.clock.advance(Duration::seconds(5));
    app.admin(
        Method::POST,
        "/announcements",
        &organizer,
        Some(json!({"title": "Đổi giờ tuần 2", "body": "Tuần 2 kéo dài thêm một ngày."})),
    )
    .await
    .expect(StatusCode::CREATED);
    let public = app.get("/announcements", None).await.expect(StatusCode::OK);
    let titles: Vec<&str> =
        public["announcements"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Đổi giờ tuần 2", "Khai mạc cuộc thi"]);
    assert_eq!(public["announcements"][1]["body"], "Tuần 1 mở từ 8 giờ.\nChúc các bạn thành công!");

    let id = draft["id"].as_str().unwrap();
    app.admin(
        Method::PUT,
        &format!("/announcements/{id}"),
        &organizer,
        Some(json!({"title": "Lịch thi thử", "body": "Thi thử mở suốt cuộc thi."})),
    )
    .await
    .expect(StatusCode::OK);
    app.admin(Method::DELETE, &format!("/announcements/{}", first["id"].as_str().unwrap()), &organizer, None)
        .await
        .expect(StatusCode::OK);
    let public = app.get("/announcements", None).await.expect(StatusCode::OK);
    let titles: Vec<&str> =
        public["announcements"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Đổi giờ tuần 2", "Lịch thi thử"]);
    app.admin(Method::POST, "/announcements", &organizer, Some(json!({"title": "", "body": "x"})))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "INVALID_ANNOUNCEMENT");
    app.admin(Method::PUT, "/announcements/khong-co", &organizer, Some(json!({"title": "a", "body": "b"})))
        .await
        .expect_error(StatusCode::NOT_FOUND, "ANNOUNCEMENT_NOT_FOUND");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    let entry = audit["entries"].as_array().unwrap().iter().find(|e| e["action"] == "announcement.update").unwrap();
    assert_eq!(
        (entry["detail"]["before"]["title"].as_str(), entry["detail"]["after"]["title"].as_str()),
        (Some("Bản nháp"), Some("Lịch thi thử"))
    );
}

#[tokio::test]
async fn practice_is_unlimited_unranked_and_reviewed_while_a_real_round_is_reviewed_only_after_it_closes() {
    let mut file = contest_file(12, 4);
    let (opens_at, closes_at) = (file["rounds"][2]["opens_at"].clone(), file["rounds"][1]["closes_at"].clone());
    file["rounds"].as_array_mut().unwrap().push(json!({
        "id": "thi-thu", "name": "Thi thử", "practice": true, "opens_at": opens_at, "closes_at": closes_at}));
    // q009–q012 are the practice pool; q001–q008 serve the real rounds.
    for question in &mut file["questions"].as_array_mut().unwrap()[8..] {
        question["rounds"] = json!(["thi-thu"]);
    }
    let app = spawn_app_with(file).await;
    let who = app.register("Người Luyện Tập", "0912000901", "phuong-1").await;
    let mut practice_ids = Vec::new();
    for _ in 0..3 {
        let attempt = app.start(&who, "thi-thu").await.expect(StatusCode::CREATED);
        let aid = attempt["attempt_id"].as_str().unwrap().to_owned();
        let ids: Vec<String> =
            attempt["questions"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap().to_owned()).collect();
        assert!(ids.iter().all(|id| id.as_str() >= "q009"), "only the practice pool: {ids:?}");
        app.submit(&who, &aid, json!({"answers": {}})).await.expect(StatusCode::OK);
        practice_ids.push(aid);
    }
    let me = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    let practice = me["rounds"].as_array().unwrap().iter().find(|r| r["round_id"] == "thi-thu").unwrap();
    assert_eq!((practice["attempts_remaining"].clone(), practice["practice"].clone()), (Value::Null, json!(true)));
    assert_eq!(me["attempts"][0]["review_available"], true);
    let board = app.get("/rounds/thi-thu/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"], json!([]), "practice is never ranked");
    let units = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    assert!(units["entries"].as_array().unwrap().iter().all(|o| o["participants"] == 0), "nor tallied");

    let review =
        app.get(&format!("/attempts/{}/review", practice_ids[0]), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(review["questions"].as_array().unwrap().len(), 4);
    assert_eq!(review["withheld"], 0);
    for question in review["questions"].as_array().unwrap() {
        assert!(question["correct"].is_string(), "{question}");
        assert_eq!((question["your_answer"].clone(), question["is_correct"].clone()), (Value::Null, json!(false)));
        assert_eq!(question["source"], "Bộ kiểm thử");
    }

    // The real round: no review while it is open, then one that still
    // withholds the keys of questions the next round may draw.
    let real = app.take_attempt(&who, "open", 4, 60, Some(1)).await;
    let aid = real["attempt_id"].as_str().unwrap();
    app.get(&format!("/attempts/{aid}/review"), Some(&who.token))
        .await
        .expect_error(StatusCode::CONFLICT, "REVIEW_NOT_YET_AVAILABLE");
    app.state.clock.advance(Duration::days(7));
    let review = app.get(&format!("/attempts/{aid}/review"), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(review["withheld"], 4, "every question may still be drawn next week");
    assert!(review["questions"].as_array().unwrap().iter().all(|q| q["correct"].is_null() && q["source"] == ""));
    app.state.clock.advance(Duration::days(7));
    let review = app.get(&format!("/attempts/{aid}/review"), Some(&who.token)).await.expect(StatusCode::OK);
    assert_eq!(review["withheld"], 0, "after the last round, every key is shown");
    assert_eq!(review["score"], 4);
    let someone_else = app.register("Người Khác", "0912000902", "phuong-1").await;
    app.get(&format!("/attempts/{aid}/review"), Some(&someone_else.token))
        .await
        .expect_error(StatusCode::NOT_FOUND, "ATTEMPT_NOT_FOUND");
}
