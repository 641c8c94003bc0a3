//! The fuzz corpus of bad inputs (`fuzz/regressions/<target>/`: the seeds and
//! every input a fuzz run found a fault with), replayed as the fuzz targets
//! send them: each gets a Directus envelope or a 204, and the mock stays up.

mod common;

use std::path::PathBuf;

use common::{ADMIN, TestApp};
use serde_json::json;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            (name, std::fs::read(&p).expect("a readable input"))
        })
        .collect()
}

fn encode(data: &[u8]) -> String {
    data.iter()
        .map(
            |&b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            },
        )
        .collect()
}

fn assert_envelope(what: &str, resp: &common::Response) {
    assert!(
        resp.status == http::StatusCode::NO_CONTENT || resp.text.starts_with('{'),
        "{what}: {} {}",
        resp.status,
        resp.text
    );
    // Anything else than JSON panics here.
    let _ = resp.json();
}

async fn still_up(app: &TestApp) {
    assert_eq!(app.get("/server/ping").await.text, "pong");
}

#[tokio::test]
async fn query_strings() {
    let app = TestApp::fixture();
    for (name, data) in inputs("query_params") {
        let text = String::from_utf8_lossy(&data);
        // As the target: bytes a URI cannot hold are left to the filter target.
        let text: String = text.chars().filter(|c| c.is_ascii_graphic() && *c != '#').collect();
        let resp = app.send("GET", &format!("/items/articles?{text}"), Some(ADMIN), None).await;
        assert_envelope(&name, &resp);
    }
    still_up(&app).await;
}

#[tokio::test]
async fn filters() {
    let app = TestApp::fixture();
    for (name, data) in inputs("filter") {
        let resp = app.get(&format!("/items/articles?filter={}", encode(&data))).await;
        assert_envelope(&name, &resp);
        let body = format!("{{\"query\":{{\"filter\":{}}}}}", String::from_utf8_lossy(&data));
        let resp = app.send("SEARCH", "/items/articles", Some(ADMIN), Some(&body)).await;
        assert_envelope(&name, &resp);
    }
    still_up(&app).await;
}

#[tokio::test]
async fn graphql_documents() {
    let app = TestApp::fixture();
    for (name, data) in inputs("graphql") {
        let body = json!({ "query": String::from_utf8_lossy(&data) }).to_string();
        for path in ["/graphql", "/graphql/system"] {
            let resp = app.send("POST", path, Some(ADMIN), Some(&body)).await;
            assert_envelope(&name, &resp);
        }
    }
    still_up(&app).await;
}

#[tokio::test]
async fn payloads() {
    let app = TestApp::fixture();
    for (name, data) in inputs("payload") {
        let body = String::from_utf8_lossy(&data).into_owned();
        let resp = app.send("PATCH", "/items/articles/1", Some(ADMIN), Some(&body)).await;
        assert_envelope(&name, &resp);
    }
    still_up(&app).await;
}
