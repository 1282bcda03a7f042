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
        (Method::DELETE, format!("{base}/me"), None, true, 405, "METHOD_NOT_ALLOWED"),
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
