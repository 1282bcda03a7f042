//! Personal data (issue 20), against moto: notice and consent, access,
//! withdrawal and erasure by the committee, retention, and phone numbers
//! only where they are needed.

use chrono::Duration;
use contest_tests::{contest_file, spawn_app_with, TestApp, PASSWORD};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Every file of a fresh export, by name.
async fn fresh_export(app: &TestApp, organizer: &str, path: &str, body: Option<Value>) -> Vec<(String, Vec<u8>)> {
    let created = app.admin(Method::POST, path, organizer, body).await.expect(StatusCode::CREATED);
    let export_id = created["export_id"].as_str().unwrap().to_owned();
    let listed = app.admin(Method::GET, "/exports", organizer, None).await.expect(StatusCode::OK);
    let export =
        listed["exports"].as_array().unwrap().iter().find(|e| e["export_id"] == export_id.as_str()).unwrap().clone();
    let mut files = Vec::new();
    for file in export["files"].as_array().unwrap() {
        let bytes = app.client.get(file["url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap().to_vec();
        files.push((file["name"].as_str().unwrap().to_owned(), bytes));
    }
    files
}

fn csv_text(files: &[(String, Vec<u8>)]) -> String {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".csv"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect()
}

#[tokio::test]
async fn registration_needs_explicit_consent_to_the_notice_as_it_is_now() {
    let mut file = contest_file(30, 5);
    file["data_controller"] = json!("UBND thị xã Quảng Trị, số 1 Trần Hưng Đạo");
    let app = spawn_app_with(file).await;
    let info = app.get("", None).await.expect(StatusCode::OK);
    let notice = info["privacy_notice"].as_str().unwrap();
    assert!(notice.contains("UBND thị xã Quảng Trị") && notice.contains("Nghị định số 13/2023/NĐ-CP"), "{notice}");
    let version = info["privacy_notice_version"].as_str().unwrap().to_owned();
    assert!(info["personal_data_erased_at"].is_string());

    let body = |consent: Value, version: Value| {
        json!({"full_name": "Người Đồng Ý", "phone": "0912003001", "password": PASSWORD, "organization_id": "phuong-1",
               "consent": consent, "privacy_notice_version": version})
    };
    for (consent, given) in [(json!(false), json!(version)), (Value::Null, json!(version)), (json!(true), Value::Null)]
    {
        let reply = app.post("/register", None, Some(body(consent, given))).await;
        reply.expect_error(StatusCode::BAD_REQUEST, "CONSENT_REQUIRED");
        assert_eq!(reply.body["error"]["field"], "consent");
    }
    let stale = app.post("/register", None, Some(body(json!(true), json!("0123456789ab")))).await;
    stale.expect_error(StatusCode::BAD_REQUEST, "CONSENT_REQUIRED");
    assert!(stale.body["error"]["message"].as_str().unwrap().contains("cập nhật"));
    let session =
        app.post("/register", None, Some(body(json!(true), json!(version)))).await.expect(StatusCode::CREATED);
    let token = session["token"].as_str().unwrap();
    let data = app.get("/me/data", Some(token)).await.expect(StatusCode::OK);
    assert_eq!(data["consent"]["privacy_notice_version"], version.as_str());
    assert!(data["consent"]["given_at"].as_str().unwrap().ends_with("+07:00"));
}

#[tokio::test]
async fn a_participant_downloads_everything_stored_about_them() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let session = app
        .register_raw(json!({"full_name": "Trần Thị Dữ Liệu", "phone": "0912003101", "password": PASSWORD,
                             "organization_id": "phuong-1", "birth_year": 1990, "email": "du.lieu@example.vn"}))
        .await
        .expect(StatusCode::CREATED);
    let who = contest_tests::Participant {
        id: session["participant"]["id"].as_str().unwrap().to_owned(),
        token: session["token"].as_str().unwrap().to_owned(),
    };
    app.take_attempt(&who, "open", 3, 90, Some(2)).await;
    let reply = app.send(app.client.get(app.url("/me/data")).bearer_auth(&who.token)).await;
    let data = reply.expect(StatusCode::OK);
    assert_eq!(data["profile"]["phone"], "0912003101");
    assert_eq!(
        (data["profile"]["birth_year"].as_u64(), data["profile"]["email"].as_str()),
        (Some(1990), Some("du.lieu@example.vn"))
    );
    assert_eq!(data["profile"]["organization_name"], "UBND Phường 1");
    let attempt = &data["attempts"][0];
    assert_eq!((attempt["score"].as_u64(), attempt["prediction"].as_u64()), (Some(3), Some(2)));
    let answers = attempt["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 5);
    assert_eq!(answers.iter().filter(|a| a["answer"].is_string()).count(), 3);
    assert!(
        contest_tests::find_answer_fields(&data).iter().all(|field| field == "answer"),
        "no key in the download: {data}"
    );
    assert_eq!(data["prizes"], json!([]));
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(
        (audit["entries"][0]["action"].as_str(), audit["entries"][0]["who"].as_str()),
        (Some("participant.data_download"), Some("người dự thi"))
    );
}

#[tokio::test]
async fn withdrawing_erases_the_person_everywhere_and_frees_the_phone() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let leaving = app.register("Lê Văn Rút Lui", "0912003201", "phuong-1").await;
    let staying = app.register("Phạm Thị Ở Lại", "0912003202", "phuong-1").await;
    app.take_attempt(&leaving, "open", 5, 60, Some(2)).await;
    app.take_attempt(&staying, "open", 4, 60, Some(2)).await;
    let before = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(before["entries"][0]["name"], "Lê Văn Rút Lui");

    app.send(app.client.delete(app.url("/me")).bearer_auth(&leaving.token).json(&json!({"password": "sai-mat-khau"})))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "WRONG_PASSWORD");
    let gone = app
        .send(app.client.delete(app.url("/me")).bearer_auth(&leaving.token).json(&json!({"password": PASSWORD})))
        .await;
    assert!(gone.expect(StatusCode::OK)["message"].as_str().unwrap().contains("đã được xóa"));

    app.post("/login", None, Some(json!({"phone": "0912003201", "password": PASSWORD})))
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
    app.get("/me", Some(&leaving.token)).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    let names: Vec<&str> = board["entries"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Phạm Thị Ở Lại"]);
    let found = app.admin(Method::GET, "/participants?q=0912003201", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(found["participants"], json!([]));
    let found = app.admin(Method::GET, "/participants?q=rut lui", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(found["participants"], json!([]));
    let export = csv_text(&fresh_export(&app, &organizer, "/exports", None).await);
    assert!(!export.contains("Rút Lui") && !export.contains("0912003201"), "{export}");
    assert!(export.contains("Người dự thi đã rút khỏi cuộc thi"), "the attempt stays, anonymous");
    let profile = app.admin(Method::GET, &format!("/participants/{}", leaving.id), &organizer, None).await;
    profile.expect_error(StatusCode::NOT_FOUND, "PARTICIPANT_NOT_FOUND");

    // The number is free again: a new registration, a new person.
    let again = app.register("Lê Văn Rút Lui", "0912003201", "phuong-1").await;
    assert_ne!(again.id, leaving.id);
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["action"] == "participant.withdraw"));
}

#[tokio::test]
async fn the_committee_erases_on_request_and_phones_appear_only_where_needed() {
    let app = spawn_app_with(contest_file(30, 5)).await;
    let organizer = app.organizer_token().await;
    let asked = app.register("Võ Yêu Cầu Xóa", "0912003301", "phong-noi-vu").await;
    let other = app.register("Đỗ Văn Khác", "0912003302", "phuong-1").await;
    app.take_attempt(&asked, "open", 4, 60, Some(2)).await;
    app.take_attempt(&other, "open", 3, 60, Some(2)).await;

    let plain = csv_text(&fresh_export(&app, &organizer, "/exports", None).await);
    assert!(!plain.contains("0912003301") && !plain.contains("0912003302"), "no phone in a results export");
    let contacts = csv_text(&fresh_export(&app, &organizer, "/exports/contacts", Some(json!({"scope": "all"}))).await);
    assert!(contacts.contains("0912003301") && contacts.contains("0912003302"), "{contacts}");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(audit["entries"][0]["action"], "personal_data.contact_export");
    assert_eq!(audit["entries"][0]["detail"]["people"], 2);

    let erased = app
        .admin(Method::POST, &format!("/participants/{}/erase", asked.id), &organizer, None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(erased["erased"], true);
    let again = app.admin(Method::POST, &format!("/participants/{}/erase", asked.id), &organizer, None).await;
    assert_eq!(again.expect(StatusCode::OK)["erased"], false, "erasing twice is harmless");
    app.get("/me", Some(&asked.token)).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let everyone = app.admin(Method::GET, "/participants", &organizer, None).await.expect(StatusCode::OK);
    let names: Vec<&str> =
        everyone["participants"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Đỗ Văn Khác"]);
    let contacts = csv_text(&fresh_export(&app, &organizer, "/exports/contacts", Some(json!({"scope": "all"}))).await);
    assert!(!contacts.contains("0912003301"), "{contacts}");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["action"] == "participant.erase"));
    let units = app.get("/organizations/leaderboard", None).await.expect(StatusCode::OK);
    let noi_vu = units["entries"].as_array().unwrap().iter().find(|o| o["organization_id"] == "phong-noi-vu").unwrap();
    assert_eq!(noi_vu["participants"], 0, "a withdrawn person counts in no unit");
}

#[tokio::test]
async fn the_closing_job_erases_a_contest_s_personal_data_when_its_retention_ends() {
    let mut file = contest_file(30, 5);
    file["personal_data_retention_days"] = json!(0);
    let app = spawn_app_with(file).await;
    let organizer = app.organizer_token().await;
    for n in 0..3 {
        let who = app.register(&format!("Người Lưu Trữ {n}"), &format!("09120034{n:02}"), "phuong-1").await;
        app.take_attempt(&who, "open", 3, 60, Some(2)).await;
    }
    let early = app.admin(Method::POST, "/exports", &organizer, None).await.expect(StatusCode::CREATED);
    let nothing_yet = app.admin_post_job(&organizer).await;
    assert_eq!(nothing_yet["participants_erased"], 0, "the last round has not closed");

    // Past the last round's close (the next week's), retention 0 days.
    app.state.clock.advance(Duration::days(14));
    let job = app.admin_post_job(&organizer).await;
    assert_eq!(job["participants_erased"], 3);
    let search = app.admin(Method::GET, "/participants", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(search["participants"], json!([]));
    let contest = app.admin(Method::GET, "", &organizer, None).await.expect(StatusCode::OK);
    assert!(contest["personal_data_erased_at"].is_string(), "{contest}");
    let listed = app.admin(Method::GET, "/exports", &organizer, None).await.expect(StatusCode::OK);
    let kept: Vec<&Value> = listed["exports"].as_array().unwrap().iter().map(|e| &e["export_id"]).collect();
    assert!(!kept.contains(&&early["export_id"]), "the export made before is deleted: {kept:?}");
    let export = csv_text(&fresh_export(&app, &organizer, "/exports", None).await);
    assert!(!export.contains("Người Lưu Trữ") && !export.contains("09120034"), "{export}");
    let audit = app.admin(Method::GET, "/audit", &organizer, None).await.expect(StatusCode::OK);
    assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["action"] == "personal_data.retention_erase"));
    let again = app.admin_post_job(&organizer).await;
    assert_eq!(again["participants_erased"], 0, "done once");
}
