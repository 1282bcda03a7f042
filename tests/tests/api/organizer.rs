//! The organizers' API: roles, imports, exclusions, winners, the collective
//! ranking, exports to object storage and the round-closing job.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use chrono::Duration;
use contest_tests::{contest_file, spawn_app, spawn_app_with, CONTEST_ID};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[tokio::test]
async fn only_organizer_tokens_open_admin_routes() {
    let app = spawn_app().await;
    let organizer = app.organizer_token().await;
    let participant = app.register("Thí Sinh", "0912000501", "phuong-1").await;
    for path in ["", "/questions", "/exclusions", "/audit", "/exports", "/organizations/ranking", "/winners?round=open"]
    {
        app.admin(Method::GET, path, &participant.token, None).await.expect_error(StatusCode::FORBIDDEN, "FORBIDDEN");
        let anonymous = app.send(app.client.get(app.admin_url(path))).await;
        anonymous.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
        let reply = app.admin(Method::GET, path, &organizer, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
    }
    // Organizer tokens cannot take part.
    app.get("/me", Some(&organizer)).await.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let start = app.post("/rounds/open/attempts", Some(&organizer), None).await;
    start.expect_error(StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let wrong = app
        .send(
            app.client
                .post(format!("{}/api/admin/login", app.base))
                .json(&json!({"username": "ban-to-chuc", "password": "sai-mat-khau"})),
        )
        .await;
    wrong.expect_error(StatusCode::UNAUTHORIZED, "INVALID_CREDENTIALS");
}

fn workbook(rows: &[[&str; 8]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn import_preview_reports_each_bad_row_and_writes_nothing() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let file = workbook(&[
        ["Câu hỏi", "A", "B", "C", "D", "Đáp án", "Chủ đề", "Nguồn"],
        ["Câu hỏi mới hợp lệ?", "Một", "Hai", "Ba", "Bốn", "C", "Chủ đề", "Nguồn"],
        ["Câu thiếu đáp án?", "Một", "Hai", "Ba", "Bốn", "", "", ""],
        ["Câu đáp án sai?", "Một", "Hai", "", "", "D", "", ""],
        ["Câu hỏi kiểm thử số 1?", "Một", "Hai", "Ba", "Bốn", "A", "", ""],
        ["Câu hỏi mới thứ hai?", "Có", "Không", "", "", "b", "", ""],
    ]);
    let preview = app.upload("/questions/import?dry_run=true", &token, XLSX, file.clone()).await.expect(StatusCode::OK);
    assert_eq!(preview["imported"], 0);
    assert_eq!(preview["report"]["valid"], 2);
    assert_eq!(
        preview["errors"],
        json!([
            {"row": 3, "message": "đáp án: thiếu đáp án"},
            {"row": 4, "message": "đáp án: đáp án «D» không nằm trong các phương án A–B"},
            {"row": 5, "message": "câu hỏi trùng với một câu đã có trong ngân hàng hoặc trong tệp"}
        ])
    );
    let refused = app.upload("/questions/import?dry_run=false", &token, XLSX, file).await;
    refused.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "IMPORT_HAS_ERRORS");
    let bank = app.admin(Method::GET, "/questions", &token, None).await.expect(StatusCode::OK);
    assert_eq!(bank["questions"].as_array().unwrap().len(), 30, "nothing may be written");

    let csv =
        "\u{feff}Câu hỏi,A,B,C,D,Đáp án,Chủ đề,Nguồn\nCâu CSV một?,X,Y,Z,W,A,CSV,Tệp\nCâu CSV hai?,X,Y,,,B,CSV,Tệp\n";
    let done =
        app.upload("/questions/import?dry_run=false&status=draft", &token, "text/csv", csv.as_bytes().to_vec()).await;
    assert_eq!(done.expect(StatusCode::CREATED)["imported"], 2);
    let bank = app.admin(Method::GET, "/questions", &token, None).await.expect(StatusCode::OK);
    let drafts: Vec<_> = bank["questions"].as_array().unwrap().iter().filter(|q| q["status"] == "draft").collect();
    assert_eq!(drafts.len(), 2);

    // Approving a draft by editing it.
    let draft = drafts[0].clone();
    let qid = draft["id"].as_str().unwrap();
    let edit = json!({"text": draft["text"], "options": draft["options"], "answer": "B", "topic": "CSV", "source": "Tệp", "status": "approved"});
    let edited = app.admin(Method::PUT, &format!("/questions/{qid}"), &token, Some(edit)).await.expect(StatusCode::OK);
    assert_eq!(edited["question"]["status"], "approved");
    assert_eq!(edited["question"]["answer_index"], 1);

    let wrong_type = app.upload("/questions/import", &token, "image/png", vec![1, 2, 3]).await;
    wrong_type.expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_FILE_TYPE");
    let garbage = app.upload("/questions/import", &token, XLSX, b"not a workbook".to_vec()).await;
    garbage.expect_error(StatusCode::BAD_REQUEST, "UNREADABLE_FILE");

    let audit = app.admin(Method::GET, "/audit", &token, None).await.expect(StatusCode::OK);
    let actions: Vec<_> = audit["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["question.update", "questions.import"]);
    assert_eq!(audit["entries"][0]["who"], "ban-to-chuc");
}

#[tokio::test]
async fn barring_a_registered_person_removes_them_from_the_contest() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let member = app.register("Thành Viên Ban Tổ Chức", "0912000601", "phuong-1").await;
    let other = app.register("Người Dự Thi", "0912000602", "phuong-1").await;
    app.take_attempt(&member, "open", 5, 60, None).await;
    app.take_attempt(&other, "open", 3, 60, None).await;

    let barred =
        app.admin(Method::PUT, "/exclusions", &token, Some(json!({"phones": ["+84912000601", "0999999999"]}))).await;
    assert_eq!(barred.expect(StatusCode::OK)["added"], 1);
    app.start(&member, "open").await.expect_error(StatusCode::FORBIDDEN, "PARTICIPANT_BARRED");
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    let names: Vec<_> = board["entries"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Người Dự Thi"]);
    let newcomer = app
        .register_raw(json!({"full_name": "Tác Giả Câu Hỏi", "phone": "0912000601", "password": "mat-khau-123", "organization_id": "phuong-1"}))
        .await;
    newcomer.expect_error(StatusCode::FORBIDDEN, "PHONE_BARRED");

    app.admin(Method::PUT, "/exclusions", &token, Some(json!({"phones": ["0999999999"]}))).await.expect(StatusCode::OK);
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    assert_eq!(board["entries"].as_array().unwrap().len(), 2);
    let bad = app.admin(Method::PUT, "/exclusions", &token, Some(json!({"phones": ["12345"]}))).await;
    bad.expect_error(StatusCode::BAD_REQUEST, "INVALID_PHONE");
}

/// Two weekly rounds end to end: results, the closing job, winners by the
/// tie-break chain, the one-prize rule, publishing, the collective ranking
/// and the export in object storage.
#[tokio::test]
async fn rounds_close_with_winners_collective_ranking_and_exports() {
    let mut contest = contest_file(30, 5);
    contest["prizes"] = json!({"first": 1, "second": 1, "third": 1});
    let app = spawn_app_with(contest).await;
    let token = app.organizer_token().await;
    let an = app.register("An", "0912000701", "phuong-1").await;
    let binh = app.register("Bình", "0912000702", "phuong-1").await;
    let cuong = app.register("Cường", "0912000703", "phong-noi-vu").await;
    let dung = app.register("Dũng", "0912000704", "phong-noi-vu").await;
    let bo_do = app.register("Bỏ Dở", "0912000705", "phong-noi-vu").await;

    // Full scores: An, Bình, Cường → the real number is 3.
    app.take_attempt(&an, "open", 5, 300, Some(10)).await; // distance 7
    app.take_attempt(&binh, "open", 5, 600, Some(3)).await; // distance 0, slower
    app.take_attempt(&cuong, "open", 5, 100, Some(4)).await; // distance 1, fastest
    app.take_attempt(&dung, "open", 4, 10, Some(3)).await; // lower score
    let abandoned = app.start(&bo_do, "open").await.expect(StatusCode::CREATED);

    app.admin(Method::GET, "/winners?round=open", &token, None).await.expect(StatusCode::OK);
    app.state.clock.advance(Duration::days(7));
    let job = app.admin_post_job(&token).await;
    assert_eq!(job["attempts_closed"], 1);
    assert_eq!(job["rounds_closed"], json!([format!("{CONTEST_ID}/open"), format!("{CONTEST_ID}/past")]));
    let audit = app.admin(Method::GET, "/audit", &token, None).await.expect(StatusCode::OK);
    assert_eq!(
        (audit["entries"][0]["action"].as_str(), audit["entries"][0]["who"].as_str()),
        (Some("rounds.close"), Some("ban-to-chuc"))
    );
    let again = app.admin_post_job(&token).await;
    assert_eq!(
        again,
        json!({"attempts_closed": 0, "attempts_rescored": 0, "participants_erased": 0, "rounds_closed": [], "exports": []}),
        "the job is idempotent"
    );
    let closed = app.get(&format!("/attempts/{}", abandoned["attempt_id"].as_str().unwrap()), Some(&bo_do.token)).await;
    assert_eq!(closed.expect(StatusCode::OK)["status"], "timed_out");

    let winners = app.admin(Method::GET, "/winners?round=open", &token, None).await.expect(StatusCode::OK);
    assert_eq!(winners["real_number"], 3);
    let order: Vec<_> = winners["winners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["name"].as_str().unwrap(), w["prize"].as_str().unwrap()))
        .collect();
    assert_eq!(order, vec![("Bình", "first"), ("Cường", "second"), ("An", "third")]);

    let public = app.get("/rounds/open/winners", None).await.expect(StatusCode::OK);
    assert_eq!((public["published"].clone(), public["winners"].as_array().unwrap().len()), (json!(false), 0));
    app.admin(Method::POST, "/winners/publish?round=open", &token, None).await.expect(StatusCode::OK);
    let public = app.get("/rounds/open/winners", None).await.expect(StatusCode::OK);
    assert_eq!(public["winners"][0]["name"], "Bình");
    assert!(public["winners"][0].get("participant_id").is_none());

    // Week two ("future" is open now): Bình is best again but has a prize.
    app.take_attempt(&binh, "future", 5, 50, Some(1)).await;
    app.take_attempt(&dung, "future", 5, 200, Some(1)).await;
    app.take_attempt(&bo_do, "future", 3, 100, Some(1)).await;
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&token).await;
    let week_two = app.admin(Method::GET, "/winners?round=future", &token, None).await.expect(StatusCode::OK);
    let names: Vec<_> = week_two["winners"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Dũng", "Bỏ Dở"], "one prize per person for the whole contest");

    let ranking = app.admin(Method::GET, "/organizations/ranking", &token, None).await.expect(StatusCode::OK);
    let first = &ranking["entries"][0];
    assert_eq!((first["organization_id"].as_str(), first["participants"].as_u64()), (Some("phuong-1"), Some(2)));
    assert_eq!(first["prizes"], json!({"first": 1, "second": 0, "third": 1}));
    assert_eq!(ranking["entries"][1]["prizes"], json!({"first": 1, "second": 2, "third": 0}));

    // The export: written, listed with short-lived links, and its content
    // equals what the API ranks.
    let created = app.admin(Method::POST, "/exports", &token, None).await.expect(StatusCode::CREATED);
    let export_id = created["export_id"].as_str().unwrap().to_owned();
    let listed = app.admin(Method::GET, "/exports", &token, None).await.expect(StatusCode::OK);
    assert!(listed["links_valid_seconds"].as_u64().unwrap() <= 900);
    let export =
        listed["exports"].as_array().unwrap().iter().find(|e| e["export_id"] == export_id.as_str()).unwrap().clone();
    let mut downloads = std::collections::HashMap::new();
    for file in export["files"].as_array().unwrap() {
        let url = file["url"].as_str().unwrap();
        assert!(url.contains("X-Amz-Expires=900"), "{url}");
        let bytes = app.client.get(url).send().await.unwrap().bytes().await.unwrap().to_vec();
        downloads.insert(file["name"].as_str().unwrap().to_owned(), bytes);
    }
    let manifest: Value = serde_json::from_slice(&downloads["manifest.json"]).unwrap();
    for entry in manifest["files"].as_array().unwrap() {
        let bytes = &downloads[entry["name"].as_str().unwrap()];
        let digest: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(entry["sha256"], digest.as_str(), "{}", entry["name"]);
    }
    assert!(downloads["tap-the.csv"].starts_with("\u{feff}".as_bytes()));
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(downloads["ket-qua.xlsx"].clone())).unwrap();
    let sheet = book.worksheet_range("Xếp hạng Tuần đang mở").unwrap();
    let exported: Vec<String> = sheet
        .rows()
        .skip(1)
        .map(|r| match &r[1] {
            Data::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let board = app.get("/rounds/open/leaderboard", None).await.expect(StatusCode::OK);
    let ranked: Vec<String> =
        board["entries"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_owned()).collect();
    assert_eq!(exported, ranked);
    let all_attempts = book.worksheet_range("Tất cả lượt thi").unwrap();
    assert_eq!(all_attempts.rows().count(), 1 + 8, "header and every attempt");
    let tap_the = book.worksheet_range("Tập thể").unwrap();
    assert_eq!(tap_the.rows().nth(1).unwrap()[1], Data::String("UBND Phường 1".into()));
    // The bucket is private: without the signature there is nothing to read.
    let unsigned = export["files"][0]["url"].as_str().unwrap().split('?').next().unwrap().to_owned();
    let denied = app.client.get(unsigned).send().await.unwrap().status();
    assert!(denied.is_client_error(), "unsigned download answered {denied}");
}

#[tokio::test]
async fn settings_changes_need_confirmation_when_a_round_has_results() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let who = app.register("Đã Thi", "0912000801", "phuong-1").await;
    app.take_attempt(&who, "open", 2, 30, None).await;
    let current = app.admin(Method::GET, "", &token, None).await.expect(StatusCode::OK);
    let mut settings = current["contest"].clone();
    settings["rounds"][0]["closes_at"] = json!("2030-01-01T22:00:00+07:00");
    settings["title"] = json!("Tên mới của cuộc thi");
    settings["limits"] = Value::Null;
    let settings = flatten_limits(settings, &current["contest"]["limits"]);
    let asked = app.admin(Method::PUT, "", &token, Some(settings.clone())).await;
    asked.expect_error(StatusCode::CONFLICT, "CONFIRMATION_REQUIRED");
    let url = format!("{}?confirm=true", app.admin_url(""));
    let done = app.send(app.client.put(url).bearer_auth(&token).json(&settings)).await.expect(StatusCode::OK);
    assert_eq!(done["contest"]["title"], "Tên mới của cuộc thi");
    let mut invalid = settings.clone();
    invalid["questions_per_attempt"] = json!(500);
    app.admin(Method::PUT, "", &token, Some(invalid)).await.expect_error(StatusCode::BAD_REQUEST, "INVALID_CONTEST");
}

/// The stored contest nests its limits; the settings format, like the
/// contest file, has them at the top level.
fn flatten_limits(mut settings: Value, limits: &Value) -> Value {
    let object = settings.as_object_mut().unwrap();
    object.remove("limits");
    for (key, value) in limits.as_object().unwrap() {
        object.insert(key.clone(), value.clone());
    }
    settings
}

#[tokio::test]
async fn statistics_count_attempts_scores_and_questions() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let an = app.register("Thống Kê Một", "0912000901", "phuong-1").await;
    let binh = app.register("Thống Kê Hai", "0912000902", "phong-noi-vu").await;
    app.take_attempt(&an, "open", 5, 60, None).await;
    app.take_attempt(&an, "open", 2, 60, None).await;
    app.start(&binh, "open").await.expect(StatusCode::CREATED);

    let stats = app.admin(Method::GET, "/stats", &token, None).await.expect(StatusCode::OK);
    assert_eq!(stats["totals"], json!({"participants": 2, "finished_attempts": 2, "in_progress": 1}));
    assert_eq!(stats["rounds"][0]["round_id"], "open");
    assert_eq!(
        (stats["rounds"][0]["attempts"].as_u64(), stats["rounds"][0]["participants"].as_u64()),
        (Some(3), Some(2))
    );
    let distribution: Vec<u64> =
        stats["score_distribution"].as_array().unwrap().iter().map(|s| s["count"].as_u64().unwrap()).collect();
    assert_eq!(distribution, vec![0, 0, 1, 0, 0, 1]);
    assert_eq!(stats["days"].as_array().unwrap().iter().map(|d| d["attempts"].as_u64().unwrap()).sum::<u64>(), 3);
    assert_eq!(stats["organizations"][0]["organization_id"], "phuong-1");

    let bank = app.admin(Method::GET, "/questions", &token, None).await.expect(StatusCode::OK);
    let drawn: u64 = bank["questions"].as_array().unwrap().iter().filter_map(|q| q["stats"]["drawn"].as_u64()).sum();
    let correct: u64 =
        bank["questions"].as_array().unwrap().iter().filter_map(|q| q["stats"]["correct"].as_u64()).sum();
    assert_eq!((drawn, correct), (10, 7), "two finished attempts of 5 questions, 5 + 2 right");
}

#[tokio::test]
async fn organizations_are_edited_and_imported() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let edited = app
        .admin(
            Method::PUT,
            "/organizations/phuong-1",
            &token,
            Some(json!({"name": "UBND Phường 1", "group": "Phường, xã", "headcount": 50})),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["organization"]["headcount"], 50);
    let csv = "Tên đơn vị,Nhóm,Số người\nUBND Phường An Đôn,\"Phường, xã\",35\nXã Hải Lệ,\"Phường, xã\",không rõ\n";
    let preview =
        app.upload("/organizations/import", &token, "text/csv", csv.as_bytes().to_vec()).await.expect(StatusCode::OK);
    assert_eq!(preview["errors"], json!([{"row": 3, "message": "số người phải là số nguyên từ 1 trở lên"}]));
    let good = "Tên đơn vị,Nhóm,Số người\nUBND Phường An Đôn,\"Phường, xã\",35\n";
    let done = app.upload("/organizations/import?dry_run=false", &token, "text/csv", good.as_bytes().to_vec()).await;
    assert_eq!(done.expect(StatusCode::CREATED)["added"], 1);
    let info = app.get("", None).await.expect(StatusCode::OK);
    let ids: Vec<_> =
        info["organizations"].as_array().unwrap().iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect();
    assert!(ids.contains(&"ubnd-phuong-an-don".to_owned()), "{ids:?}");
    let ranking = app.admin(Method::GET, "/organizations/ranking", &token, None).await.expect(StatusCode::OK);
    assert_eq!(ranking["entries"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn organizers_create_a_contest_then_fill_its_bank() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    let mut settings = contest_file(0, 3);
    let object = settings.as_object_mut().unwrap();
    object.remove("questions");
    object.remove("excluded_phones");
    settings["id"] = json!("cuoc-thi-moi");
    settings["title"] = json!("Cuộc thi mới");
    let url = format!("{}/api/admin/contests", app.base);
    let created = app.send(app.client.post(&url).bearer_auth(&token).json(&settings)).await;
    assert_eq!(created.expect(StatusCode::CREATED)["contest"]["title"], "Cuộc thi mới");
    let again = app.send(app.client.post(&url).bearer_auth(&token).json(&settings)).await;
    again.expect_error(StatusCode::CONFLICT, "CONTEST_EXISTS");
    let listed = app.send(app.client.get(&url).bearer_auth(&token)).await.expect(StatusCode::OK);
    let ids: Vec<_> =
        listed["contests"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    assert!(ids.contains(&"cuoc-thi-moi".to_owned()), "{ids:?}");

    // Before its bank exists nobody can start; after the import they can.
    let base = format!("{}/api/contests/cuoc-thi-moi", app.base);
    let info = app.send(app.client.get(base.clone())).await.expect(StatusCode::OK);
    let who = app.send(app.client.post(format!("{base}/register")).json(&json!({"full_name": "Người Đầu Tiên", "phone": "0912001001", "password": "mat-khau-123", "organization_id": "phuong-1", "consent": true, "privacy_notice_version": info["privacy_notice_version"]}))).await;
    let token_p = who.expect(StatusCode::CREATED)["token"].as_str().unwrap().to_owned();
    let start = app.send(app.client.post(format!("{base}/rounds/open/attempts")).bearer_auth(&token_p)).await;
    start.expect_error(StatusCode::CONFLICT, "QUESTION_BANK_TOO_SMALL");
    let csv = "Câu hỏi,A,B,Đáp án\nMột?,X,Y,A\nHai?,X,Y,B\nBa?,X,Y,A\n";
    let import = app
        .send(
            app.client
                .post(format!("{url}/cuoc-thi-moi/questions/import?dry_run=false"))
                .bearer_auth(&token)
                .header("content-type", "text/csv")
                .body(csv),
        )
        .await;
    assert_eq!(import.expect(StatusCode::CREATED)["imported"], 3);
    // The start-attempt function caches a contest's bank for a minute; a
    // fresh app (a new container) sees the new bank at once.
}

/// Each link of the chain decides when the ones before it tie.
#[tokio::test]
async fn duration_and_submission_time_break_ties_in_their_turn() {
    // No prediction question: score, then duration, then submission.
    let mut contest = contest_file(30, 5);
    contest.as_object_mut().unwrap().remove("prediction_question");
    let app = spawn_app_with(contest).await;
    let token = app.organizer_token().await;
    let slow = app.register("Chậm Hơn", "0912001101", "phuong-1").await;
    let fast = app.register("Nhanh Hơn", "0912001102", "phuong-1").await;
    app.take_attempt(&slow, "open", 5, 900, None).await;
    app.take_attempt(&fast, "open", 5, 300, None).await;
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&token).await;
    let winners = app.admin(Method::GET, "/winners?round=open", &token, None).await.expect(StatusCode::OK);
    let names: Vec<_> = winners["winners"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Nhanh Hơn", "Chậm Hơn"], "shorter time first");

    // Submission time before duration: the earlier (if slower) submission wins.
    let mut contest = contest_file(30, 5);
    contest["tie_breaks"] = json!(["score", "submitted_at", "duration"]);
    let app = spawn_app_with(contest).await;
    let token = app.organizer_token().await;
    let early = app.register("Nộp Sớm", "0912001103", "phuong-1").await;
    let late = app.register("Nộp Muộn", "0912001104", "phuong-1").await;
    app.take_attempt(&early, "open", 5, 900, None).await;
    app.take_attempt(&late, "open", 5, 60, None).await;
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&token).await;
    let winners = app.admin(Method::GET, "/winners?round=open", &token, None).await.expect(StatusCode::OK);
    let names: Vec<_> = winners["winners"].as_array().unwrap().iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Nộp Sớm", "Nộp Muộn"], "earlier submission first");
}

#[tokio::test]
async fn formulas_in_names_are_neutralized_in_exports() {
    let app = spawn_app().await;
    let token = app.organizer_token().await;
    for (n, name) in ["=HYPERLINK(\"http://x\")", "+1 Cộng", "-2 Trừ", "@SUM(A1)"].iter().enumerate() {
        let who = app.register(name, &format!("091200130{n}"), "phuong-1").await;
        app.take_attempt(&who, "open", 1, 10, None).await;
    }
    app.admin(Method::POST, "/exports", &token, None).await.expect(StatusCode::CREATED);
    let listed = app.admin(Method::GET, "/exports", &token, None).await.expect(StatusCode::OK);
    let files = listed["exports"][0]["files"].as_array().unwrap();
    let url = files.iter().find(|f| f["name"] == "xep-hang-open.csv").unwrap()["url"].as_str().unwrap();
    let csv = app.client.get(url).send().await.unwrap().text().await.unwrap();
    let mut names = 0;
    for line in csv.lines().skip(1) {
        let cell = line.split(',').nth(1).unwrap().trim_matches('"');
        assert!(cell.starts_with('\''), "unescaped cell: {line}");
        names += 1;
    }
    assert_eq!(names, 4);
}

/// The closing job's role in infra/template.yaml is checked against
/// `organizer::JOB_PERMISSIONS` by `make infra-check`; this proves that list
/// covers every request the job really sends, the closed round's export
/// included (moto does not enforce IAM, so nothing else would notice).
#[tokio::test]
async fn the_closing_job_sends_only_requests_its_role_allows() {
    let recorder = contest_tests::ActionRecorder::default();
    let store = contest_tests::test_store_instrumented(recorder.clone()).await;
    let app = contest_tests::spawn_app_on(store, contest_file(30, 5)).await;
    let an = app.register("An", "0912000801", "phuong-1").await;
    let binh = app.register("Bình", "0912000802", "phuong-1").await;
    app.take_attempt(&an, "open", 5, 300, Some(3)).await;
    app.start(&binh, "open").await.expect(StatusCode::CREATED);
    app.state.clock.advance(Duration::days(7));

    recorder.take();
    let report = contest_usecases::organizer::jobs::run_closing_job(
        &app.state,
        app.state.clock.now(),
        contest_usecases::organizer::jobs::SCHEDULE_ACTOR,
    )
    .await
    .expect("the job runs");
    assert_eq!((report.attempts_closed, report.exports.is_empty()), (1, false), "{report:?}");
    let used = recorder.take();
    assert!(used.contains("s3:PutObject"), "{used:?}");
    assert_granted("the closing job", &used, organizer::JOB_PERMISSIONS);
}

/// Every request a function sends must be one its role (checked against its
/// permissions by `make infra-check`) allows.
fn assert_granted(
    function: &str,
    used: &std::collections::BTreeSet<String>,
    granted: http_common::route_table::Permissions,
) {
    for action in used {
        // IAM authorizes a transaction by the actions it contains (Put,
        // Update, ConditionCheck), which are in the list like any other.
        if action == "dynamodb:TransactWriteItems" {
            continue;
        }
        // The one operation here whose IAM action has another name.
        let needs = if action == "s3:ListObjectsV2" { "s3:ListBucket" } else { action.as_str() };
        assert!(
            granted.dynamodb.contains(&needs) || granted.s3.contains(&needs),
            "{function} sends {action}, which needs {needs}: its permissions (and so its role) do not grant it"
        );
    }
}

/// The imports and exports functions, through their routes: the requests
/// each sends stay within its own permissions (no S3 for imports).
#[tokio::test]
async fn the_import_and_export_functions_send_only_requests_their_roles_allow() {
    let recorder = contest_tests::ActionRecorder::default();
    let store = contest_tests::test_store_instrumented(recorder.clone()).await;
    let app = contest_tests::spawn_app_on(store, contest_file(30, 5)).await;
    let token = app.organizer_token().await;
    let an = app.register("An", "0912000811", "phuong-1").await;
    app.take_attempt(&an, "open", 5, 300, Some(3)).await;

    recorder.take();
    let questions = "Câu hỏi,A,B,C,D,Đáp án,Chủ đề,Nguồn\nCâu nhập?,X,Y,Z,W,A,CSV,Tệp\n";
    let imported =
        app.upload("/questions/import?dry_run=false", &token, "text/csv", questions.as_bytes().to_vec()).await;
    assert_eq!(imported.expect(StatusCode::CREATED)["imported"], 1);
    let organizations = "Tên đơn vị,Nhóm,Số người\nXã Hải Lệ,\"Phường, xã\",35\n";
    let added =
        app.upload("/organizations/import?dry_run=false", &token, "text/csv", organizations.as_bytes().to_vec()).await;
    assert_eq!(added.expect(StatusCode::CREATED)["added"], 1);
    let used = recorder.take();
    assert!(!used.is_empty() && !used.iter().any(|a| a.starts_with("s3:")), "{used:?}");
    assert_granted("organizer-imports", &used, organizer::imports_function::PERMISSIONS);

    app.admin(Method::POST, "/exports", &token, None).await.expect(StatusCode::CREATED);
    app.admin(Method::GET, "/exports", &token, None).await.expect(StatusCode::OK);
    app.state.clock.advance(Duration::days(7));
    app.admin_post_job(&token).await;
    let used = recorder.take();
    assert!(used.contains("s3:PutObject") && used.contains("s3:ListObjectsV2"), "{used:?}");
    assert_granted("organizer-exports", &used, organizer::exports_function::PERMISSIONS);
}
