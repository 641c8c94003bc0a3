//! Schema migrations as transactions: an apply that fails halfway leaves the
//! schema as it was, and a snapshot applied to a fresh server reproduces it.

mod common;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::{Value, json};

async fn snapshot(app: &TestApp) -> Value {
    let resp = app.send("GET", "/schema/snapshot", Some(ADMIN), None).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    resp.json()["data"].clone()
}

async fn diff(app: &TestApp, snapshot: &Value) -> (StatusCode, Value) {
    let resp = app.send("POST", "/schema/diff", Some(ADMIN), Some(&snapshot.to_string())).await;
    let body = resp.json();
    (resp.status, body)
}

#[tokio::test]
async fn a_failing_apply_changes_nothing() {
    let app = TestApp::fixture();
    let before = snapshot(&app).await;
    let (status, body) = diff(
        &app,
        &json!({"version": 2, "directus": "12.4.0", "vendor": "sqlite",
                "collections": [{"collection": "fresh", "meta": {}, "schema": {"name": "fresh"}}],
                "fields": [{"collection": "fresh", "field": "id", "type": "integer", "meta": {},
                            "schema": {"is_primary_key": true, "has_auto_increment": true}}],
                "systemFields": [],
                // The relation's field does not exist: the apply fails after creating `fresh`.
                "relations": [{"collection": "fresh", "field": "nope", "related_collection": "countries",
                               "meta": {}, "schema": {"on_delete": "SET NULL"}}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let resp =
        app.send("POST", "/schema/apply", Some(ADMIN), Some(&body["data"].to_string())).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{}", resp.text);
    assert_eq!(resp.code().as_deref(), Some("INVALID_PAYLOAD"));
    assert_eq!(snapshot(&app).await, before);
    let fresh = app.send("GET", "/collections/fresh", Some(ADMIN), None).await;
    assert_eq!(fresh.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_fixture_snapshot_applies_to_an_empty_server() {
    let source = TestApp::fixture();
    let target = TestApp::with_config(mock_server::Config::default());
    let wanted = snapshot(&source).await;
    let (status, body) = diff(&target, &wanted).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let resp =
        target.send("POST", "/schema/apply", Some(ADMIN), Some(&body["data"].to_string())).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT, "{}", resp.text);
    let got = snapshot(&target).await;
    assert_eq!(got["collections"], wanted["collections"]);
    assert_eq!(got["relations"], wanted["relations"]);
    let names = |s: &Value| -> Vec<(String, String)> {
        s["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| (f["collection"].to_string(), f["field"].to_string()))
            .collect()
    };
    assert_eq!(names(&got), names(&wanted));
}

#[tokio::test]
async fn a_diff_is_stable_and_its_hash_follows_the_schema() {
    let app = TestApp::fixture();
    let wanted = json!({"version": 2, "directus": "12.4.0", "vendor": "sqlite",
                        "collections": [{"collection": "x", "meta": {}, "schema": {"name": "x"}}],
                        "fields": [], "systemFields": [], "relations": []});
    let (_, first) = diff(&app, &wanted).await;
    let (_, second) = diff(&app, &wanted).await;
    assert_eq!(first, second);
    let resp = app
        .send(
            "POST",
            "/collections",
            Some(ADMIN),
            Some(&json!({"collection": "y", "meta": {}, "schema": {}}).to_string()),
        )
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    let (_, third) = diff(&app, &wanted).await;
    assert_ne!(first["data"]["hash"], third["data"]["hash"]);
    assert_eq!(first["data"]["diff"], third["data"]["diff"]);
}

/// `GET /schema/snapshot` of a real Directus 12.4 (SQLite) provisioned with the
/// conformance fixture by the harness, recorded once.
const RECORDED: &str = include_str!("data/fixture-snapshot-directus-12.4.json");

#[tokio::test]
async fn the_fixture_snapshot_is_directus_12_4s_key_for_key() {
    let app = TestApp::fixture();
    let recorded: Value = serde_json::from_str(RECORDED).expect("the recorded snapshot is JSON");
    let got = snapshot(&app).await;
    // Serialized, so the order of keys counts too.
    assert_eq!(got.to_string(), recorded.to_string());
    let (status, body) = diff(&app, &recorded).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
}

/// A snapshot uploaded as the file of a multipart body (CRLF line ends, as
/// browsers and curl send them).
fn multipart(file_type: &str, content: &str) -> String {
    format!(
        "--XX\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnot a file\r\n\
         --XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"snapshot\"\r\n\
         Content-Type: {file_type}\r\n\r\n{content}\r\n--XX--\r\n"
    )
}

#[tokio::test]
async fn a_snapshot_file_diffs_like_a_json_body() {
    let app = TestApp::fixture();
    let recorded: Value = serde_json::from_str(RECORDED).expect("the recorded snapshot is JSON");
    let send = |body: String| {
        app.send_with_content_type(
            "POST",
            "/schema/diff",
            Some(ADMIN),
            body,
            "multipart/form-data; boundary=XX",
        )
    };
    let same = send(multipart("application/json", &recorded.to_string())).await;
    assert_eq!(same.status, StatusCode::NO_CONTENT, "{}", same.text);
    // Any other file is YAML to Directus; JSON is YAML.
    let yaml = send(multipart("text/yaml", &recorded.to_string())).await;
    assert_eq!(yaml.status, StatusCode::NO_CONTENT, "{}", yaml.text);
    let bad = send(multipart("application/json", "{nope")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bad.json()["errors"][0]["extensions"]["reason"],
        json!("Uploaded file is not valid JSON")
    );
    let none =
        send("--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--XX--\r\n".into())
            .await;
    assert_eq!(
        none.json()["errors"][0]["extensions"]["reason"],
        json!("No file was included in the request")
    );
}
