//! The API description is generated from the code: the committed copy
//! (`api/openapi.json`, what `/api/openapi.json` serves) must be exactly
//! what the code generates, and cover exactly the routes the functions serve.
//! `UPDATE_OPENAPI=1 cargo test openapi` rewrites the copy.

use contest_tests::spawn_app;
use reqwest::StatusCode;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[test]
fn the_committed_document_is_the_generated_one() {
    let generated = gateway::openapi_json();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../api/openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write api/openapi.json");
    }
    let committed = std::fs::read_to_string(&path).expect("api/openapi.json");
    assert!(
        committed == generated,
        "api/openapi.json differs from the code's description: run `UPDATE_OPENAPI=1 cargo test openapi` and commit it"
    );
}

#[tokio::test]
async fn the_document_lists_exactly_the_served_routes() {
    let document: serde_json::Value =
        serde_json::from_str(include_str!("../../../api/openapi.json")).expect("valid JSON");
    let mut documented = BTreeSet::new();
    for (path, operations) in document["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let served: BTreeSet<_> = gateway::functions()
        .into_iter()
        .flat_map(|(_, table, _)| table.iter().map(|(method, path)| (method.to_string(), path.to_string())))
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let phantom: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty() && phantom.is_empty(),
        "served but not documented: {undocumented:?}; documented but not served: {phantom:?}"
    );

    let app = spawn_app().await;
    let reply = app.send(app.client.get(format!("{}/api/openapi.json", app.base))).await;
    assert_eq!(reply.expect(StatusCode::OK), document);
}
