//! The Core tier's caps under `core_limits`, which the Gherkin suite cannot
//! reach without knowing how many collections other areas' fixtures hold.

mod common;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::json;

fn core() -> TestApp {
    TestApp::with_config(mock_server::Config {
        core_limits: true,
        ..mock_server::Config::default()
    })
}

#[tokio::test]
async fn the_26th_active_collection_is_limit_exceeded() {
    let app = core();
    let create = |name: String, meta: serde_json::Value| {
        json!({"collection": name, "meta": meta, "schema": {}}).to_string()
    };
    for i in 0..25 {
        let resp = app
            .send("POST", "/collections", Some(ADMIN), Some(&create(format!("c{i}"), json!({}))))
            .await;
        assert_eq!(resp.status, StatusCode::OK, "collection {i}: {}", resp.text);
    }
    let over =
        app.send("POST", "/collections", Some(ADMIN), Some(&create("c25".into(), json!({})))).await;
    assert_eq!(over.status, StatusCode::FORBIDDEN);
    assert_eq!(
        over.json(),
        json!({"errors": [{"message": "collections limit exceeded.", "extensions": {"category": "collections", "code": "LIMIT_EXCEEDED"}}]})
    );
    // Inactive collections and folders do not count.
    let inactive = app
        .send(
            "POST",
            "/collections",
            Some(ADMIN),
            Some(&create("off".into(), json!({"status": "inactive"}))),
        )
        .await;
    assert_eq!(inactive.status, StatusCode::OK, "{}", inactive.text);
    let folder = app
        .send(
            "POST",
            "/collections",
            Some(ADMIN),
            Some(&json!({"collection": "folder", "meta": {}, "schema": null}).to_string()),
        )
        .await;
    assert_eq!(folder.status, StatusCode::OK, "{}", folder.text);
    let usage = app.get("/license").await.json();
    assert_eq!(usage["data"]["usage"]["collections"], json!(25));
}

#[tokio::test]
async fn without_core_limits_custom_rules_and_many_seats_are_fine() {
    let app = TestApp::fixture();
    let policy = app
        .send(
            "POST",
            "/policies",
            Some(ADMIN),
            Some(&json!({"name": "app", "app_access": true, "permissions": [
                {"collection": "tags", "action": "read", "fields": ["id"], "permissions": {"id": {"_eq": 1}}}]})
            .to_string()),
        )
        .await;
    assert_eq!(policy.status, StatusCode::OK, "{}", policy.text);
    let id = policy.json()["data"]["id"].clone();
    for i in 0..5 {
        let user = app
            .send(
                "POST",
                "/users",
                Some(ADMIN),
                Some(
                    &json!({"email": format!("seat{i}@example.com"), "policies": [{"policy": id}]})
                        .to_string(),
                ),
            )
            .await;
        assert_eq!(user.status, StatusCode::OK, "seat {i}: {}", user.text);
    }
    assert_eq!(app.get("/license").await.json()["data"]["name"], json!("Mock"));
}
