//! Issue 16, read as an attacker would: password guessing (concurrent too),
//! token revocation, organizer roles and contest scope, participant
//! log-out, names that spoof, CSV formula injection through separators,
//! and workbooks that would exhaust memory.

use chrono::Duration;
use contest_tests::{contest_file, spawn_app, spawn_app_with, Participant, TestApp, PASSWORD};
use futures::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Sends `count` log-ins at once; returns how many got each (status, code),
/// and checks every 429 says when to come back.
async fn concurrent_logins(app: &TestApp, count: usize, send: impl Fn() -> reqwest::RequestBuilder) -> (usize, usize) {
    let replies = join_all((0..count).map(|_| send().send())).await;
    let (mut invalid, mut locked) = (0, 0);
    for reply in replies {
        let reply = reply.expect("answered");
        let status = reply.status();
        let retry_after = reply.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let body: Value = reply.json().await.expect("JSON");
        match (status, body["error"]["code"].as_str()) {
            (StatusCode::UNAUTHORIZED, Some("INVALID_CREDENTIALS")) => invalid += 1,
            (StatusCode::TOO_MANY_REQUESTS, Some("LOGIN_LOCKED")) => {
                let seconds: i64 = retry_after.expect("Retry-After").parse().expect("seconds");
                assert!((1..=15 * 60).contains(&seconds), "Retry-After {seconds}");
                assert!(body["error"]["message"].as_str().unwrap().contains("phút"), "{body}");
                locked += 1;
            }
            other => panic!("unexpected answer {other:?}: {body}"),
        }
    }
    let _ = app;
    (invalid, locked)
}

#[tokio::test]
async fn forty_concurrent_wrong_guesses_for_one_phone_evaluate_at_most_five() {
    let app = spawn_app().await;
    app.register("Nguyễn Văn Đoán", "0912016001", "phuong-1").await;
    let url = app.url("/login");
    let (invalid, locked) = concurrent_logins(&app, 40, || {
        app.client.post(&url).json(&json!({"phone": "0912016001", "password": "doan-sai-123"}))
    })
    .await;
    contest_tests::record_summary(&format!(
        "login throttle: 40 concurrent wrong guesses for one phone → {invalid} × 401, {locked} × 429"
    ));
    assert!(invalid <= 5, "{invalid} guesses were evaluated");
    assert_eq!(invalid + locked, 40);
    // Locked: even the right password is refused, without being checked.
    let right = app.post("/login", None, Some(json!({"phone": "0912016001", "password": PASSWORD}))).await;
    right.expect_error(StatusCode::TOO_MANY_REQUESTS, "LOGIN_LOCKED");
    // An unknown phone is throttled the same way.
    let (invalid, _) = concurrent_logins(&app, 12, || {
        app.client.post(&url).json(&json!({"phone": "0912016099", "password": "doan-sai-123"}))
    })
    .await;
    assert!(invalid <= 5, "{invalid}");
    // After the lockout, the right password works again.
    app.state.clock.advance(Duration::minutes(16));
    let body = app.post("/login", None, Some(json!({"phone": "0912016001", "password": PASSWORD}))).await;
    body.expect(StatusCode::OK);
}

#[tokio::test]
async fn forty_concurrent_wrong_guesses_for_one_organizer_evaluate_at_most_five() {
    let app = spawn_app().await;
    app.add_organizer("btc-doan", "mat-khau-dung-1", "admin", &[]).await;
    let url = format!("{}/api/admin/login", app.base);
    for username in ["btc-doan", "khong-co-ai"] {
        let (invalid, locked) = concurrent_logins(&app, 40, || {
            app.client.post(&url).json(&json!({"username": username, "password": "doan-sai-123"}))
        })
        .await;
        if username == "btc-doan" {
            contest_tests::record_summary(&format!(
                "login throttle: 40 concurrent wrong guesses for one organizer → {invalid} × 401, {locked} × 429"
            ));
        }
        assert!(invalid <= 5, "{username}: {invalid} guesses were evaluated");
        assert_eq!(invalid + locked, 40);
    }
    app.organizer_login("btc-doan", "mat-khau-dung-1")
        .await
        .expect_error(StatusCode::TOO_MANY_REQUESTS, "LOGIN_LOCKED");
    app.state.clock.advance(Duration::minutes(16));
    app.organizer_login("btc-doan", "mat-khau-dung-1").await.expect(StatusCode::OK);
}

/// Password spraying: a few guesses at each of many usernames, from one
/// address, hits the per-address limit (30 failures in 15 minutes).
#[tokio::test]
async fn one_address_guessing_many_organizer_usernames_is_locked_out() {
    let app = spawn_app().await;
    app.add_organizer("btc-that", "mat-khau-dung-1", "admin", &[]).await;
    let mut answers = Vec::new();
    for n in 0..8 {
        for _ in 0..4 {
            answers.push(app.organizer_login(&format!("btc-{n}"), "doan-sai-123").await.status);
        }
    }
    let refused = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((answers.len() - refused, refused), (30, 2), "{answers:?}");
    // The address is locked even for a real account with its right password.
    app.organizer_login("btc-that", "mat-khau-dung-1")
        .await
        .expect_error(StatusCode::TOO_MANY_REQUESTS, "LOGIN_LOCKED");
}

#[tokio::test]
async fn a_new_password_or_a_disabled_account_revokes_earlier_organizer_tokens() {
    let app = spawn_app().await;
    let old = app.organizer_token().await;
    app.admin(Method::GET, "/stats", &old, None).await.expect(StatusCode::OK);
    // `make organizer` again, with a new password: the old token stops at once.
    app.add_organizer(contest_tests::ORGANIZER, "mat-khau-moi-2022", "admin", &[]).await;
    app.admin(Method::GET, "/stats", &old, None).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.organizer_login(contest_tests::ORGANIZER, contest_tests::ORGANIZER_PASSWORD)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    let new = app.organizer_login(contest_tests::ORGANIZER, "mat-khau-moi-2022").await.expect(StatusCode::OK);
    let new = new["token"].as_str().unwrap().to_owned();
    app.admin(Method::GET, "/stats", &new, None).await.expect(StatusCode::OK);
    // `make organizer-disable`: refused, and so is logging in.
    assert!(app.state.store.disable_organizer(contest_tests::ORGANIZER, chrono::Utc::now()).await.unwrap());
    app.admin(Method::GET, "/stats", &new, None).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.organizer_login(contest_tests::ORGANIZER, "mat-khau-moi-2022")
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
}

async fn login_token(app: &TestApp, username: &str, password: &str) -> (String, Value) {
    let session = app.organizer_login(username, password).await.expect(StatusCode::OK);
    (session["token"].as_str().unwrap().to_owned(), session)
}

#[tokio::test]
async fn a_viewer_reads_everything_but_changes_nothing() {
    let app = spawn_app().await;
    let admin = app.organizer_token().await;
    let who = app.register("Trần Thị Xem", "0912016101", "phuong-1").await;
    app.take_attempt(&who, "open", 3, 60, None).await;
    app.add_organizer("btc-xem", "mat-khau-xem-1", "viewer", &[]).await;
    let (viewer, session) = login_token(&app, "btc-xem", "mat-khau-xem-1").await;
    assert_eq!(session["role"], "viewer");

    for path in ["", "/stats", "/winners?round=open", "/exports", "/audit", "/questions", "/exclusions"] {
        app.admin(Method::GET, path, &viewer, None).await.expect(StatusCode::OK);
    }
    app.admin(Method::POST, "/exports", &viewer, None).await.expect(StatusCode::CREATED);

    let settings = app.admin(Method::GET, "", &admin, None).await.expect(StatusCode::OK)["contest"].clone();
    let writes: Vec<(Method, &str, Option<Value>)> = vec![
        (Method::PUT, "", Some(settings)),
        (Method::PUT, "/exclusions", Some(json!({"phones": []}))),
        (Method::PUT, "/questions/q001", Some(json!({"text": "Sửa?"}))),
        (Method::POST, "/winners/publish?round=open", None),
        (Method::PUT, "/organizations/phuong-9", Some(json!({"name": "Phường 9", "group": "Phường"}))),
    ];
    for (method, path, body) in writes {
        let reply = app.admin(method.clone(), path, &viewer, body).await;
        reply.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
        assert!(reply.body["error"]["message"].as_str().unwrap().contains("chỉ có quyền xem"), "{}", reply.text);
    }
    let import = app.upload("/questions/import", &viewer, "text/csv", b"x".to_vec()).await;
    import.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let job = app.send(app.client.post(format!("{}/api/admin/jobs/close-rounds", app.base)).bearer_auth(&viewer)).await;
    job.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let create = app
        .send(app.client.post(format!("{}/api/admin/contests", app.base)).bearer_auth(&viewer).json(&json!({})))
        .await;
    create.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
}

#[tokio::test]
async fn an_organizer_scoped_to_another_contest_is_refused_here() {
    let app = spawn_app().await;
    app.add_organizer("btc-khac", "mat-khau-khac-1", "admin", &["cuoc-thi-khac"]).await;
    app.add_organizer("btc-day", "mat-khau-day-1", "admin", &[contest_tests::CONTEST_ID]).await;
    let (other, session) = login_token(&app, "btc-khac", "mat-khau-khac-1").await;
    assert_eq!(session["contests"], json!(["cuoc-thi-khac"]));
    for (method, path) in [(Method::GET, "/stats"), (Method::GET, ""), (Method::POST, "/exports")] {
        app.admin(method, path, &other, None).await.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    }
    let list = app.send(app.client.get(format!("{}/api/admin/contests", app.base)).bearer_auth(&other)).await;
    assert_eq!(list.expect(StatusCode::OK)["contests"], json!([]), "sees only its own contests");
    let job = app.send(app.client.post(format!("{}/api/admin/jobs/close-rounds", app.base)).bearer_auth(&other)).await;
    job.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");

    let (here, _) = login_token(&app, "btc-day", "mat-khau-day-1").await;
    app.admin(Method::GET, "/stats", &here, None).await.expect(StatusCode::OK);
    app.admin(Method::PUT, "/exclusions", &here, Some(json!({"phones": []}))).await.expect(StatusCode::OK);
    let list = app.send(app.client.get(format!("{}/api/admin/contests", app.base)).bearer_auth(&here)).await;
    assert_eq!(list.expect(StatusCode::OK)["contests"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn each_role_verifies_with_its_own_key_only() {
    let app = spawn_app().await;
    let who = app.register("Lê Văn Khóa", "0912016201", "phuong-1").await;
    let organizer = app.organizer_token().await;
    // A participant token on an admin route, an organizer token on a participant route.
    app.admin(Method::GET, "/stats", &who.token, None).await.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    app.get("/me", Some(&organizer)).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    app.start(&Participant { id: who.id.clone(), token: organizer.clone() }, "open")
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
}

#[tokio::test]
async fn logging_out_revokes_every_token_of_the_participant() {
    let app = spawn_app().await;
    let first = app.register("Phạm Thị Thoát", "0912016301", "phuong-1").await;
    let login = app.post("/login", None, Some(json!({"phone": "0912016301", "password": PASSWORD}))).await;
    let second =
        Participant { id: first.id.clone(), token: login.expect(StatusCode::OK)["token"].as_str().unwrap().into() };
    let attempt = app.start(&first, "open").await.expect(StatusCode::CREATED);
    let aid = attempt["attempt_id"].as_str().unwrap().to_owned();
    let question = attempt["questions"][0]["id"].as_str().unwrap().to_owned();
    let option = attempt["questions"][0]["options"][0]["id"].as_str().unwrap().to_owned();
    app.save(&first, &aid, json!({ &question: &option })).await.expect(StatusCode::OK);

    app.post("/logout", Some(&first.token), None).await.expect(StatusCode::NO_CONTENT);

    for token in [&first, &second] {
        app.get("/me", Some(&token.token)).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        app.get(&format!("/attempts/{aid}"), Some(&token.token))
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        app.save(token, &aid, json!({ &question: &option }))
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        app.submit(token, &aid, json!({"answers": {}})).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        app.start(token, "open").await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        app.post("/logout", Some(&token.token), None).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    }

    // Logging in again gives a token that carries on with the same attempt.
    let again = app.post("/login", None, Some(json!({"phone": "0912016301", "password": PASSWORD}))).await;
    let again =
        Participant { id: first.id.clone(), token: again.expect(StatusCode::OK)["token"].as_str().unwrap().into() };
    app.get("/me", Some(&again.token)).await.expect(StatusCode::OK);
    app.save(&again, &aid, json!({ &question: &option })).await.expect(StatusCode::OK);
    let submitted = app.submit(&again, &aid, json!({"answers": {}})).await.expect(StatusCode::OK);
    assert_eq!(submitted["attempt_id"], aid.as_str());
}

#[tokio::test]
async fn names_that_spoof_are_refused_and_names_are_stored_nfc() {
    let app = spawn_app().await;
    for (n, name) in
        ["Nguyễn\u{202E}nA nàV", "Trần\u{200B}Bình", "Lê\u{2066}Chi", "\u{FEFF}Phạm Dũng"].iter().enumerate()
    {
        let reply = app
            .register_raw(json!({"full_name": name, "phone": format!("091201640{n}"), "password": PASSWORD,
                                 "organization_id": "phuong-1"}))
            .await;
        reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION");
        assert_eq!(reply.body["error"]["field"], "full_name", "{}", reply.text);
    }
    let nfd = "Nguye\u{302}\u{303}n   Va\u{306}n An";
    let reply = app
        .register_raw(
            json!({"full_name": nfd, "phone": "0912016410", "password": PASSWORD, "organization_id": "phuong-1"}),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(reply["participant"]["full_name"], "Nguyễn Văn An");
    let me = app.get("/me", Some(reply["token"].as_str().unwrap())).await.expect(StatusCode::OK);
    assert_eq!(me["participant"]["full_name"], "Nguyễn Văn An");
}

#[tokio::test]
async fn a_semicolon_name_yields_no_formula_cell_in_any_export_with_either_separator() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let who = app.register("An;=1+2;@SUM(A1);+1", "0912016501", "phuong-1").await;
    app.take_attempt(&who, "open", 2, 30, None).await;
    let other = app.register("Bình,=cmd|' /C calc'!A0,", "0912016502", "phuong-1").await;
    app.take_attempt(&other, "open", 1, 30, None).await;
    app.admin(Method::POST, "/exports", &token, None).await.expect(StatusCode::CREATED);
    let listed = app.admin(Method::GET, "/exports", &token, None).await.expect(StatusCode::OK);
    let files = listed["exports"][0]["files"].as_array().unwrap().clone();
    let mut checked = 0;
    for file in files.iter().filter(|f| f["name"].as_str().unwrap().ends_with(".csv")) {
        let text = app.client.get(file["url"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
        let text = text.trim_start_matches('\u{feff}');
        for delimiter in [b',', b';'] {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(text.as_bytes());
            for record in reader.records() {
                for cell in record.unwrap().iter() {
                    assert!(
                        !cell.trim_start().starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{}: cell {cell:?} split on {:?}",
                        file["name"],
                        delimiter as char
                    );
                    checked += 1;
                }
            }
        }
    }
    let names: Vec<_> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"tat-ca-luot-thi.csv") && names.iter().any(|n| n.starts_with("xep-hang-")), "{names:?}");
    assert!(checked > 20, "{checked}");
}

#[tokio::test]
async fn hostile_workbooks_get_422_within_two_seconds() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let token = app.organizer_token().await;
    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Câu hỏi").unwrap();
    sheet.write_string(1_048_575, 16_383, "xa").unwrap();
    let two_cells = workbook.save_to_buffer().unwrap();
    for path in ["/questions/import", "/organizations/import"] {
        let started = std::time::Instant::now();
        let reply = app.upload(path, &token, xlsx, two_cells.clone()).await;
        let elapsed = started.elapsed();
        reply.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "SPREADSHEET_TOO_LARGE");
        assert!(elapsed < std::time::Duration::from_secs(2), "{path}: {elapsed:?}");
        contest_tests::record_summary(&format!("two-cell workbook (A1, XFD1048576) at {path}: 422 in {elapsed:?}"));
    }
    // The server is still there.
    app.admin(Method::GET, "/stats", &token, None).await.expect(StatusCode::OK);
}

/// In AWS the API answers only what came through CloudFront, which adds the
/// origin header with the secret from SSM; the execute-api endpoint called
/// directly gets 403. (The local gateway has no CDN and no check.)
#[tokio::test]
async fn the_functions_refuse_requests_that_bypass_the_cdn() {
    let app = spawn_app().await;
    let router = http_common::serve_behind_cdn(gateway::api_routes(), app.state.clone(), "bi-mat-cua-cdn");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let contest = format!("{base}/api/contests/{}", contest_tests::CONTEST_ID);
    for header in [None, Some("doan-bua")] {
        let mut request = app.client.get(&contest);
        if let Some(value) = header {
            request = request.header(http_common::ORIGIN_HEADER, value);
        }
        app.send(request).await.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    }
    let through_cdn = app.client.get(&contest).header(http_common::ORIGIN_HEADER, "bi-mat-cua-cdn");
    app.send(through_cdn).await.expect(StatusCode::OK);
}

/// The `dynamodb:LeadingKeys` conditions in infra/template.yaml are checked
/// against each function's declared `writes` by `make infra-check`; moto
/// enforces no IAM, so this proves the declarations cover every item each
/// function really writes, through its routes.
#[tokio::test]
async fn each_function_writes_only_the_partition_keys_its_role_allows() {
    let recorder = contest_tests::ActionRecorder::default();
    let store = contest_tests::test_store_instrumented(recorder.clone()).await;
    let app = contest_tests::spawn_app_on(store, contest_file(30, 5)).await;
    let token = app.organizer_token().await;
    let writes = |function: &str| {
        gateway::functions()
            .into_iter()
            .find(|(name, _, _)| *name == function)
            .and_then(|(_, _, permissions)| permissions.writes)
            .unwrap_or_else(|| panic!("{function} declares its writes"))
    };
    let check = |function: &str, written: std::collections::BTreeSet<String>| {
        assert!(!written.is_empty(), "{function} wrote nothing");
        let allowed = writes(function);
        for key in &written {
            assert!(
                allowed.iter().any(|pattern| contest_tests::string_like(pattern, key)),
                "{function} writes {key}, outside its LeadingKeys {allowed:?}"
            );
        }
    };

    recorder.take_counts();
    let an = app.register("Nguyễn Văn Ghi", "0912016601", "phuong-1").await;
    app.post("/login", None, Some(json!({"phone": "0912016601", "password": "sai-mat-khau"}))).await;
    let login = app.post("/login", None, Some(json!({"phone": "0912016601", "password": PASSWORD}))).await;
    let an = Participant { id: an.id, token: login.expect(StatusCode::OK)["token"].as_str().unwrap().into() };
    let other = app.register("Trần Thị Ghi", "0912016602", "phuong-1").await;
    app.post("/logout", Some(&other.token), None).await.expect(StatusCode::NO_CONTENT);
    check("registration", recorder.take_written());

    let attempt = app.start(&an, "open").await.expect(StatusCode::CREATED);
    let aid = attempt["attempt_id"].as_str().unwrap().to_owned();
    app.state.clock.advance(Duration::hours(1));
    // The abandoned attempt is closed by the next start.
    let next = app.start(&an, "open").await.expect(StatusCode::CREATED);
    assert_ne!(next["attempt_id"], aid.as_str());
    check("start-attempt", recorder.take_written());

    let aid = next["attempt_id"].as_str().unwrap().to_owned();
    let question = next["questions"][0]["id"].as_str().unwrap().to_owned();
    let option = next["questions"][0]["options"][0]["id"].as_str().unwrap().to_owned();
    app.save(&an, &aid, json!({ &question: &option })).await.expect(StatusCode::OK);
    app.submit(&an, &aid, json!({"answers": {}})).await.expect(StatusCode::OK);
    check("submit", recorder.take_written());

    let questions = "Câu hỏi,A,B,C,D,Đáp án,Chủ đề,Nguồn\nCâu nhập?,X,Y,Z,W,A,CSV,Tệp\n";
    app.upload("/questions/import?dry_run=false", &token, "text/csv", questions.as_bytes().to_vec())
        .await
        .expect(StatusCode::CREATED);
    let organizations = "Tên đơn vị,Nhóm,Số người\nXã Hải Lệ,\"Phường, xã\",35\n";
    app.upload("/organizations/import?dry_run=false", &token, "text/csv", organizations.as_bytes().to_vec())
        .await
        .expect(StatusCode::CREATED);
    check("organizer-imports", recorder.take_written());

    let binh = app.register("Lê Văn Bỏ", "0912016603", "phuong-1").await;
    app.start(&binh, "open").await.expect(StatusCode::CREATED);
    recorder.take_counts();
    app.admin(Method::POST, "/exports", &token, None).await.expect(StatusCode::CREATED);
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&token).await;
    check("organizer-exports", recorder.take_written());

    let cara = app.register("Phạm Thị Muộn", "0912016604", "phong-noi-vu").await;
    app.start(&cara, "open").await;
    recorder.take_counts();
    app.state.clock.advance(Duration::days(7));
    contest_usecases::organizer::jobs::run_closing_job(
        &app.state,
        app.state.clock.now(),
        contest_usecases::organizer::jobs::SCHEDULE_ACTOR,
    )
    .await
    .expect("the job runs");
    check("close-rounds", recorder.take_written());
}
