//! Malformed and hostile requests: each gets a 4xx with a stable code and a
//! Vietnamese message, never a 5xx, and stored data stays as it was.

use contest_tests::{spawn_app, Reply, CONTEST_ID};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn malformed_requests_get_clear_client_errors_and_change_nothing() {
    let app = spawn_app().await;
    let who = app.register("Kiểm Tra Đầu Vào", "0912000401", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(reqwest::StatusCode::CREATED);
    let aid = started["attempt_id"].as_str().unwrap().to_owned();
    let question = started["questions"][0]["id"].as_str().unwrap().to_owned();
    let option = started["questions"][0]["options"][0]["id"].as_str().unwrap().to_owned();
    let before = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);
    let me_before = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);

    let huge = "x".repeat(70 * 1024);
    let base = format!("/api/contests/{CONTEST_ID}");
    let answers = format!("{base}/attempts/{aid}/answers");
    let submit = format!("{base}/attempts/{aid}/submit");
    let register = format!("{base}/register");
    let login = format!("{base}/login");
    // (method, path, body, authenticated, expected status, expected code)
    let cases: Vec<(Method, String, Option<Vec<u8>>, bool, u16, &str)> = vec![
        (Method::POST, register.clone(), Some(b"{not json".to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, register.clone(), Some(b"".to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, register.clone(), Some(br#"{"full_name": 5}"#.to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, register.clone(), Some(br#"{"full_name":"A B","phone":"0912000402","password":"12345678","organization_id":"phuong-1","role":"admin"}"#.to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, register.clone(), Some(b"[1,2,3]".to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, register.clone(), Some(b"\xff\xfe{}".to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, register.clone(), Some(huge.clone().into_bytes()), false, 413, "PAYLOAD_TOO_LARGE"),
        (Method::POST, register.clone(), Some(json!({"full_name":"A\u{0}B","phone":"0912000402","password":"12345678","organization_id":"phuong-1"}).to_string().into_bytes()), false, 400, "INVALID_FULL_NAME"),
        (Method::POST, register.clone(), Some(json!({"full_name":"Tên","phone":"0912000402","password":"12345678","organization_id":"../phuong-1"}).to_string().into_bytes()), false, 400, "UNKNOWN_ORGANIZATION"),
        (Method::POST, register.clone(), Some(json!({"full_name":"Tên Dài","phone":"0912000402","password":"12345678","organization_id":"phuong-1","birth_year":99999999999999999999u128 as f64}).to_string().into_bytes()), false, 400, "INVALID_JSON"),
        (Method::POST, login.clone(), Some(br#"{"phone":"0912000401"}"#.to_vec()), false, 400, "INVALID_JSON"),
        (Method::POST, login.clone(), Some(json!({"phone":"0912000401","password": huge[..200].to_string()}).to_string().into_bytes()), false, 401, "INVALID_CREDENTIALS"),
        (Method::GET, "/api/contests/khong-ton-tai".into(), None, false, 404, "CONTEST_NOT_FOUND"),
        (Method::GET, "/api/contests/..%2F..%2Fetc".into(), None, false, 404, "CONTEST_NOT_FOUND"),
        (Method::GET, "/api/contests/A%23B".into(), None, false, 404, "CONTEST_NOT_FOUND"),
        (Method::GET, format!("{base}/rounds/open/leaderboard?limit=-1"), None, false, 400, "INVALID_LIMIT"),
        (Method::GET, format!("{base}/rounds/open/leaderboard?limit=abc"), None, false, 400, "INVALID_LIMIT"),
        (Method::GET, format!("{base}/rounds/open/leaderboard?limit=100000"), None, false, 400, "INVALID_LIMIT"),
        (Method::GET, format!("{base}/rounds/khong-co/leaderboard"), None, false, 404, "ROUND_NOT_FOUND"),
        (Method::GET, "/api/khong-co-duong-nay".into(), None, false, 404, "NOT_FOUND"),
        (Method::PATCH, format!("{base}/me"), None, true, 405, "METHOD_NOT_ALLOWED"),
        (Method::DELETE, format!("{base}/me"), None, true, 400, "INVALID_JSON"),
        (Method::GET, format!("{base}/attempts/not-an-id"), None, true, 404, "ATTEMPT_NOT_FOUND"),
        (Method::GET, format!("{base}/attempts/{}", "0".repeat(32)), None, true, 404, "ATTEMPT_NOT_FOUND"),
        (Method::PUT, answers.clone(), Some(b"{}".to_vec()), true, 400, "INVALID_JSON"),
        (Method::PUT, answers.clone(), Some(br#"{"answers": []}"#.to_vec()), true, 400, "INVALID_JSON"),
        (Method::PUT, answers.clone(), Some(json!({"answers": {&question: 3}}).to_string().into_bytes()), true, 400, "INVALID_JSON"),
        (Method::PUT, answers.clone(), Some(json!({"answers": {&question: "a#b"}}).to_string().into_bytes()), true, 400, "UNKNOWN_OPTION"),
        (Method::PUT, answers.clone(), Some(json!({"answers": {"../q": &option}}).to_string().into_bytes()), true, 400, "UNKNOWN_QUESTION"),
        (Method::PUT, answers.clone(), Some(json!({"answers": {"q999": &option}}).to_string().into_bytes()), true, 400, "UNKNOWN_QUESTION"),
        (Method::PUT, answers.clone(), Some(json!({"answers": (0..101).map(|i| (format!("q{i}"), json!("x"))).collect::<serde_json::Map<_, _>>()}).to_string().into_bytes()), true, 400, "TOO_MANY_ANSWERS"),
        (Method::PUT, answers.clone(), None, false, 401, "UNAUTHENTICATED"),
        (Method::POST, submit.clone(), Some(r#"{"prediction": "mười"}"#.as_bytes().to_vec()), true, 400, "INVALID_JSON"),
        (Method::POST, submit.clone(), Some(br#"{"prediction": -1}"#.to_vec()), true, 400, "INVALID_JSON"),
        (Method::POST, submit.clone(), Some(br#"{"prediction": 1e40}"#.to_vec()), true, 400, "INVALID_JSON"),
        (Method::POST, submit.clone(), Some(br#"{"answers": {"q999": "abc"}}"#.to_vec()), true, 400, "UNKNOWN_QUESTION"),
        (Method::POST, submit.clone(), Some(huge.into_bytes()), true, 413, "PAYLOAD_TOO_LARGE"),
        (Method::POST, format!("{base}/rounds/open/attempts"), None, false, 401, "UNAUTHENTICATED"),
    ];
    let total = cases.len();
    let mut server_errors = 0;
    for (method, path, body, authenticated, status, code) in cases {
        let mut request = app.client.request(method.clone(), format!("{}{path}", app.base));
        if authenticated {
            request = request.bearer_auth(&who.token);
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body);
        }
        let reply: Reply = app.send(request).await;
        if reply.status.is_server_error() {
            server_errors += 1;
        }
        assert_eq!(reply.status.as_u16(), status, "{method} {path}: {}", reply.text);
        reply.expect_error(reply.status, code);
    }
    println!("{total} bad inputs, {server_errors} server errors");
    contest_tests::record_summary(&format!("{total} bad inputs, {server_errors} server errors"));

    let after = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);
    let mut before_without_clock = before.clone();
    let mut after_without_clock = after.clone();
    before_without_clock["server_time"] = json!(null);
    after_without_clock["server_time"] = json!(null);
    assert_eq!(before_without_clock, after_without_clock, "the attempt changed");
    let mut me_after = app.get("/me", Some(&who.token)).await.expect(StatusCode::OK);
    let mut me_before = me_before;
    me_before["server_time"] = json!(null);
    me_after["server_time"] = json!(null);
    assert_eq!(me_before, me_after, "the participant changed");
    // The phone of the refused registrations was never taken.
    app.register("Người Sau", "0912000402", "phuong-1").await;
}

fn send_case<'a>(
    app: &'a contest_tests::TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: Option<Vec<u8>>,
) -> impl std::future::Future<Output = Reply> + 'a {
    let mut request = app.client.request(method, format!("{}{path}", app.base));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.header("content-type", content_type).body(body);
    }
    app.send(request)
}

/// More of the participant routes, and every organizer route: each hostile
/// request gets its 4xx with a code and a Vietnamese message, and nothing
/// stored changes.
#[tokio::test]
async fn more_hostile_requests_across_all_routes() {
    let app = spawn_app().await;
    let organizer = app.organizer_token().await;
    let who = app.register("Kiểm Tra Thêm", "0912000410", "phuong-1").await;
    let started = app.start(&who, "open").await.expect(StatusCode::CREATED);
    let aid = started["attempt_id"].as_str().unwrap().to_owned();
    let question = started["questions"][0]["id"].as_str().unwrap().to_owned();
    let base = format!("/api/contests/{CONTEST_ID}");
    let admin = format!("/api/admin/contests/{CONTEST_ID}");
    let settings_before = app.admin(Method::GET, "", &organizer, None).await.expect(StatusCode::OK);
    let bank_before = app.admin(Method::GET, "/questions", &organizer, None).await.expect(StatusCode::OK);
    let attempt_before = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);

    let register = format!("{base}/register");
    let person = |extra: serde_json::Value| {
        let mut body = json!({"full_name": "Người Lạ", "phone": "0912000411", "password": "mat-khau-123", "organization_id": "phuong-1"});
        for (key, value) in extra.as_object().unwrap() {
            body[key] = value.clone();
        }
        body.to_string().into_bytes()
    };
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let mut settings = settings_before["contest"].clone();
    let limits = settings.as_object_mut().unwrap().remove("limits").unwrap();
    for (key, value) in limits.as_object().unwrap() {
        settings[key] = value.clone();
    }
    let with = |key: &str, value: serde_json::Value| {
        let mut changed = settings.clone();
        changed[key] = value;
        changed.to_string().into_bytes()
    };
    let mut bad_round = settings.clone();
    bad_round["rounds"][0]["closes_at"] = json!("2000-01-01T00:00:00+07:00");
    let mut silly_date = settings.clone();
    silly_date["rounds"][0]["opens_at"] = json!("2022-13-45T99:00:00+07:00");
    let existing_text = bank_before["questions"][0]["text"].as_str().unwrap().to_owned();
    let second_id = bank_before["questions"][1]["id"].as_str().unwrap().to_owned();

    let p = Some(who.token.as_str());
    let o = Some(organizer.as_str());
    let j = "application/json";
    let cases: Vec<(Method, String, Option<&str>, &str, Option<Vec<u8>>, u16, &str)> = vec![
        (Method::POST, register.clone(), None, j, Some(person(json!({"phone": "abc"}))), 400, "INVALID_PHONE"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"phone": "+84 0912"}))), 400, "INVALID_PHONE"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"full_name": "Ă".repeat(101)}))), 400, "INVALID_FULL_NAME"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"full_name": "\u{7}\u{7}\u{7}"}))), 400, "INVALID_FULL_NAME"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"password": "1234567"}))), 400, "PASSWORD_TOO_SHORT"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"password": "x".repeat(200)}))), 400, "PASSWORD_TOO_LONG"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"organization_id": ""}))), 400, "UNKNOWN_ORGANIZATION"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"organization_id": "phuong-9"}))), 400, "UNKNOWN_ORGANIZATION"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"birth_year": "1990"}))), 400, "INVALID_JSON"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"birth_year": -5}))), 400, "INVALID_BIRTH_YEAR"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"email": "a@b"}))), 400, "INVALID_EMAIL"),
        (Method::POST, register.clone(), None, j, Some(person(json!({"full_name": null}))), 400, "INVALID_JSON"),
        (Method::POST, register.clone(), None, j, Some(b"null".to_vec()), 400, "INVALID_JSON"),
        (Method::POST, register.clone(), None, j, Some(b"\"chuoi\"".to_vec()), 400, "INVALID_JSON"),
        (Method::POST, register.clone(), None, j, Some(deep.into_bytes()), 400, "INVALID_JSON"),
        (Method::POST, register.clone(), None, j, Some(br#"{"full_name":"A B","full_name":"C D","phone":"0912000411","password":"mat-khau-123","organization_id":"phuong-1"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, format!("{base}/login"), None, j, Some(br#"{"phone":912000410,"password":"x"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, format!("{base}/login"), None, j, Some(br#"{"phone":"","password":"mat-khau-123"}"#.to_vec()), 400, "INVALID_PHONE"),
        (Method::POST, format!("{base}/rounds/OPEN/attempts"), p, j, None, 404, "ROUND_NOT_FOUND"),
        (Method::POST, format!("{base}/rounds/{}/attempts", "r".repeat(65)), p, j, None, 404, "ROUND_NOT_FOUND"),
        (Method::POST, "/api/contests/%2e%2e/rounds/open/attempts".into(), p, j, None, 404, "NOT_FOUND"),
        (Method::GET, format!("{base}/attempts/{}", aid.to_uppercase()), p, j, None, 404, "ATTEMPT_NOT_FOUND"),
        (Method::PUT, format!("{base}/attempts/{aid}/answers"), p, j, Some(br#"{"answers": null}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::PUT, format!("{base}/attempts/{aid}/answers"), p, j, Some(json!({"answers": {&question: null}}).to_string().into_bytes()), 400, "INVALID_JSON"),
        (Method::PUT, format!("{base}/attempts/{aid}/answers"), p, j, Some(json!({"answers": {"": "abc"}}).to_string().into_bytes()), 400, "UNKNOWN_QUESTION"),
        (Method::PUT, format!("{base}/attempts/{aid}/answers"), p, j, Some(json!({"answers": {&question: "ABCDEFGH"}}).to_string().into_bytes()), 400, "UNKNOWN_OPTION"),
        (Method::PUT, format!("{base}/attempts/{aid}/answers"), p, j, Some(br#"{"answers": {}, "extra": 1}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::PUT, format!("{base}/attempts/{aid}/answers"), p, j, Some(br#"{"answers": "q001=a"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, format!("{base}/attempts/{aid}/submit"), p, j, Some(br#"{"prediction": 1.5}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, format!("{base}/attempts/{aid}/submit"), p, j, Some(br#"{"prediction": 4294967296}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, format!("{base}/attempts/{aid}/submit"), p, j, Some(br#"{"answers": []}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, format!("{base}/attempts/{aid}/submit"), p, j, Some(br#"{"score": 20}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::GET, format!("{base}/rounds/open/leaderboard?limit=0"), None, j, None, 400, "INVALID_LIMIT"),
        (Method::GET, format!("{base}/rounds/open/leaderboard?limit=1.5"), None, j, None, 400, "INVALID_LIMIT"),
        (Method::GET, "/api/contests/khong-co/organizations/leaderboard".into(), None, j, None, 404, "CONTEST_NOT_FOUND"),
        (Method::GET, format!("{base}/rounds/khong-co/winners"), None, j, None, 404, "ROUND_NOT_FOUND"),
        (Method::POST, "/api/admin/login".into(), None, j, Some(br#"{"password":"x"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::POST, "/api/admin/login".into(), None, j, Some(br#"{"username":"BAN-TO-CHUC","password":"mat-khau-btc-2022"}"#.to_vec()), 401, "INVALID_CREDENTIALS"),
        (Method::PUT, admin.clone(), o, j, Some(b"{}".to_vec()), 400, "INVALID_CONTEST"),
        (Method::PUT, admin.clone(), o, j, Some(b"not json".to_vec()), 400, "INVALID_JSON"),
        (Method::PUT, admin.clone(), o, j, Some(with("id", json!("cuoc-thi-khac"))), 400, "CONTEST_ID_MISMATCH"),
        (Method::PUT, admin.clone(), o, j, Some(with("questions_per_attempt", json!(-1))), 400, "INVALID_CONTEST"),
        (Method::PUT, admin.clone(), o, j, Some(with("questions_per_attempt", json!(500))), 400, "INVALID_CONTEST"),
        (Method::PUT, admin.clone(), o, j, Some(with("tie_breaks", json!(["duration"]))), 400, "INVALID_CONTEST"),
        (Method::PUT, admin.clone(), o, j, Some(bad_round.to_string().into_bytes()), 400, "INVALID_CONTEST"),
        (Method::PUT, admin.clone(), o, j, Some(silly_date.to_string().into_bytes()), 400, "INVALID_CONTEST"),
        (Method::POST, "/api/admin/contests".into(), o, j, Some(settings.to_string().into_bytes()), 409, "CONTEST_EXISTS"),
        (Method::POST, "/api/admin/contests".into(), o, j, Some(with("id", json!("Có Dấu"))), 400, "INVALID_CONTEST"),
        (Method::POST, format!("{admin}/questions/import"), o, "image/png", Some(vec![0x89, b'P', b'N', b'G']), 415, "UNSUPPORTED_FILE_TYPE"),
        (Method::POST, format!("{admin}/questions/import"), o, "text/csv", Some("Câu hỏi,A,B\nHỏi?,X,Y\n".as_bytes().to_vec()), 400, "UNREADABLE_FILE"),
        (Method::POST, format!("{admin}/questions/import?status=bogus"), o, "text/csv", Some("Câu hỏi,A,B,Đáp án\nHỏi?,X,Y,A\n".as_bytes().to_vec()), 400, "INVALID_STATUS"),
        (Method::POST, format!("{admin}/questions/import?dry_run=false"), o, "text/csv", Some("Câu hỏi,A,B,Đáp án\nHỏi?,X,X,A\n".as_bytes().to_vec()), 422, "IMPORT_HAS_ERRORS"),
        (Method::PUT, format!("{admin}/questions/q999"), o, j, Some(br#"{"text":"T?","options":["A","B"],"answer":"A","status":"approved"}"#.to_vec()), 404, "QUESTION_NOT_FOUND"),
        (Method::PUT, format!("{admin}/questions/{second_id}"), o, j, Some(br#"{"text":"T?","options":["A","B"],"answer":"C","status":"approved"}"#.to_vec()), 400, "INVALID_QUESTION"),
        (Method::PUT, format!("{admin}/questions/{second_id}"), o, j, Some(json!({"text": existing_text, "options": ["A", "B"], "answer": "A", "status": "approved"}).to_string().into_bytes()), 409, "DUPLICATE_QUESTION"),
        (Method::PUT, format!("{admin}/questions/{second_id}"), o, j, Some(br#"{"text":"T?","options":["A","B"],"answer":"A","status":"secret"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::PUT, format!("{admin}/exclusions"), o, j, Some(br#"{"phones": "0912345678"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::PUT, format!("{admin}/exclusions"), o, j, Some(br#"{"phones": ["=cmd|' /C calc'!A0"]}"#.to_vec()), 400, "INVALID_PHONE"),
        (Method::PUT, format!("{admin}/organizations/phuong-1"), o, j, Some(br#"{"name":"X","headcount":-1}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::PUT, format!("{admin}/organizations/phuong-1"), o, j, Some(br#"{"name":"","headcount":10}"#.to_vec()), 400, "INVALID_ORGANIZATION"),
        (Method::PUT, format!("{admin}/organizations/Co%20Dau"), o, j, Some(br#"{"name":"X","headcount":10}"#.to_vec()), 400, "INVALID_ORGANIZATION"),
        (Method::POST, format!("{admin}/organizations/import"), o, j, Some(b"[]".to_vec()), 415, "UNSUPPORTED_FILE_TYPE"),
        (Method::GET, format!("{admin}/winners"), o, j, None, 400, "ROUND_REQUIRED"),
        (Method::GET, format!("{admin}/winners?round=khong-co"), o, j, None, 404, "ROUND_NOT_FOUND"),
        (Method::POST, format!("{admin}/winners/publish?round=open"), o, j, None, 409, "WINNERS_NOT_DECIDED"),
        (Method::POST, format!("{admin}/winners/publish?round=open"), o, j, Some(br#"{"published":"yes"}"#.to_vec()), 400, "INVALID_JSON"),
        (Method::GET, "/api/admin/contests/khong-co/stats".into(), o, j, None, 404, "CONTEST_NOT_FOUND"),
        (Method::GET, format!("{admin}/stats"), p, j, None, 403, "FORBIDDEN"),
        (Method::POST, "/api/admin/jobs/close-rounds".into(), p, j, None, 403, "FORBIDDEN"),
        (Method::POST, format!("{admin}/exports"), None, j, None, 401, "UNAUTHENTICATED"),
    ];
    let total = cases.len();
    let mut server_errors = 0;
    for (method, path, token, content_type, body, status, code) in cases {
        let reply = send_case(&app, method.clone(), &path, token, content_type, body).await;
        server_errors += usize::from(reply.status.is_server_error());
        assert_eq!(reply.status.as_u16(), status, "{method} {path}: {}", reply.text);
        reply.expect_error(reply.status, code);
    }
    contest_tests::record_summary(&format!(
        "{total} more bad inputs (all routes, organizer included), {server_errors} server errors"
    ));

    let mut settings_after = app.admin(Method::GET, "", &organizer, None).await.expect(StatusCode::OK);
    let mut settings_before = settings_before;
    settings_before["server_time"] = json!(null);
    settings_after["server_time"] = json!(null);
    assert_eq!(settings_before, settings_after, "contest settings unchanged");
    let bank_after = app.admin(Method::GET, "/questions", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(bank_before, bank_after, "question bank unchanged");
    let mut attempt_after = app.get(&format!("/attempts/{aid}"), Some(&who.token)).await.expect(StatusCode::OK);
    let mut attempt_before = attempt_before;
    attempt_before["server_time"] = json!(null);
    attempt_after["server_time"] = json!(null);
    assert_eq!(attempt_before, attempt_after, "attempt unchanged");
    let exclusions = app.admin(Method::GET, "/exclusions", &organizer, None).await.expect(StatusCode::OK);
    assert_eq!(exclusions["phones"], json!(["0999999999"]));
}
