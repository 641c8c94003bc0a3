//! The read plan cache (`service::read_cache`) never serves a stale or a
//! foreign plan: the same URL read again after a schema change, after a
//! change of the caller's permissions, or by another caller answers as a
//! fresh read would. The response cache is off, so every answer is planned.

mod common;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::{Value, json};

/// `*` is expanded when planning, and the caller's fields and item rule are applied then.
const LIST: &str = "/items/tags?fields=*&sort=id&limit=3";

fn app() -> TestApp {
    TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        response_cache: false,
        ..mock_server::Config::default()
    })
}

async fn send(app: &TestApp, method: &str, path: &str, token: &str, body: Option<Value>) -> Value {
    let body = body.map(|b| b.to_string());
    let resp = app.send(method, path, Some(token), body.as_deref()).await;
    assert_eq!(resp.status, StatusCode::OK, "{method} {path}: {}", resp.text);
    resp.json()
}

/// The keys of the first item of a list answer, sorted.
fn keys(answer: &Value) -> Vec<String> {
    let mut keys: Vec<String> =
        answer["data"][0].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    keys
}

fn ids(answer: &Value) -> Vec<i64> {
    answer["data"].as_array().into_iter().flatten().filter_map(|i| i["id"].as_i64()).collect()
}

/// A user with a static token and one policy holding one read permission on
/// `tags`; returns the token and the permission's id.
async fn reader(app: &TestApp, fields: &[&str], rule: Value) -> (String, i64) {
    let policy = send(app, "POST", "/policies", ADMIN, Some(json!({"name": "cache reader"}))).await;
    let policy = policy["data"]["id"].as_str().expect("the policy's id").to_owned();
    let permission = json!({"policy": policy, "collection": "tags", "action": "read",
        "fields": fields, "permissions": rule});
    let permission = send(app, "POST", "/permissions", ADMIN, Some(permission)).await;
    let token = "cache-reader".to_owned();
    let user =
        json!({"email": "cache@example.com", "token": token, "policies": [{"policy": policy}]});
    send(app, "POST", "/users", ADMIN, Some(user)).await;
    (token, permission["data"]["id"].as_i64().expect("the permission's id"))
}

#[tokio::test]
async fn a_schema_change_is_planned_anew() {
    let app = app();
    assert_eq!(keys(&send(&app, "GET", LIST, ADMIN, None).await), ["articles", "id", "name"]);
    let field = json!({"field": "color", "type": "string", "meta": {}, "schema": {}});
    send(&app, "POST", "/fields/tags", ADMIN, Some(field)).await;
    let added = send(&app, "GET", LIST, ADMIN, None).await;
    assert_eq!(
        keys(&added),
        ["articles", "color", "id", "name"],
        "a stale plan misses the new field"
    );
    let resp = app.send("DELETE", "/fields/tags/color", Some(ADMIN), None).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT, "{}", resp.text);
    let dropped = send(&app, "GET", LIST, ADMIN, None).await;
    assert_eq!(keys(&dropped), ["articles", "id", "name"], "a stale plan shows the dropped field");
}

#[tokio::test]
async fn a_permission_change_is_planned_anew() {
    let app = app();
    let (token, permission) = reader(&app, &["id"], json!({"id": {"_eq": 1}})).await;
    let before = send(&app, "GET", LIST, &token, None).await;
    assert_eq!((keys(&before), ids(&before)), (vec!["id".to_owned()], vec![1]));
    let path = format!("/permissions/{permission}");
    let change = json!({"fields": ["id", "name"], "permissions": {"id": {"_in": [2, 3]}}});
    send(&app, "PATCH", &path, ADMIN, Some(change)).await;
    let after = send(&app, "GET", LIST, &token, None).await;
    assert_eq!(
        (keys(&after), ids(&after)),
        (vec!["id".to_owned(), "name".to_owned()], vec![2, 3]),
        "a stale plan keeps the old fields and item rule"
    );
}

#[tokio::test]
async fn another_caller_gets_their_own_plan() {
    let app = app();
    let (token, _) = reader(&app, &["id"], json!({"id": {"_eq": 2}})).await;
    // Both orders: the admin's plan first, then the reader's, then the admin's again.
    let admin = send(&app, "GET", LIST, ADMIN, None).await;
    assert_eq!(
        (keys(&admin), ids(&admin)),
        (vec!["articles".into(), "id".into(), "name".into()], vec![1, 2, 3])
    );
    let own = send(&app, "GET", LIST, &token, None).await;
    assert_eq!(
        (keys(&own), ids(&own)),
        (vec!["id".to_owned()], vec![2]),
        "the admin's plan was served"
    );
    let again = send(&app, "GET", LIST, ADMIN, None).await;
    assert_eq!(again, admin, "the reader's plan was served");
}
