//! The per-container caches: a contest is read from the table once however
//! many requests ask for it at the same moment, and an unknown contest is
//! never cached.

use contest_domain::ContestId;
use contest_tests::{contest_file, test_store_instrumented, ActionRecorder, CONTEST_ID};
use contest_usecases::{App, Clock, TokenKeys};
use std::time::Duration;

#[tokio::test]
async fn concurrent_requests_load_a_contest_once_and_misses_are_not_cached() {
    let recorder = ActionRecorder::default();
    let store = test_store_instrumented(recorder.clone()).await;
    let definition =
        contest_domain::contest::ContestDefinition::from_json(&contest_file(10, 5).to_string()).expect("contest");
    store.save_definition(&definition).await.expect("load");
    let app = App::new(store, TokenKeys::generate(), Clock::system(), Duration::from_secs(60));
    let cid = ContestId::parse(CONTEST_ID).unwrap();

    recorder.take_counts();
    let loads = (0..20).map(|_| app.contest(&cid));
    let contests = futures::future::try_join_all(loads).await.expect("contest");
    assert!(contests.iter().all(|c| c.id == cid));
    assert_eq!(recorder.take_counts().get("dynamodb:GetItem").copied(), Some(1), "one read for 20 concurrent requests");

    let missing = ContestId::parse("khong-co").unwrap();
    for _ in 0..2 {
        assert!(matches!(app.contest(&missing).await, Err(contest_usecases::Error::ContestNotFound)));
    }
    assert_eq!(recorder.take_counts().get("dynamodb:GetItem").copied(), Some(2), "a miss is read again next time");
}

#[tokio::test]
async fn the_local_gateway_compresses_and_caches_like_the_cdn() {
    let app = contest_tests::spawn_app().await;
    for encoding in ["br", "gzip"] {
        let page = app.client.get(format!("{}/", app.base)).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(page.headers()["content-encoding"], encoding);
        assert_eq!(page.headers()["cache-control"], "no-cache", "HTML is revalidated");
        let api = app.client.get(app.url("")).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(api.headers()["content-encoding"], encoding, "JSON too");
    }
    let plain = app.client.get(format!("{}/", app.base)).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none(), "only when the browser asks");
    // Content-hashed assets, when the built site has them, are immutable.
    let asset = app.client.get(format!("{}/assets/does-not-exist.js", app.base)).send().await.unwrap();
    assert_eq!(asset.status(), reqwest::StatusCode::NOT_FOUND);
}
