//! The control API (`--control`): reset to the start-up state, named states
//! saved and restored, bad names and unknown states, and the whole API
//! absent without the flag.

mod common;

use common::{ADMIN, TestApp};

fn with_control(on: bool) -> TestApp {
    TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        control: on,
        ..mock_server::Config::default()
    })
}

async fn author_names(app: &TestApp) -> Vec<String> {
    let r = app.get("/items/authors?fields=name&sort=id&limit=-1").await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["data"]
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["name"].as_str().unwrap_or("").to_owned())
        .collect()
}

async fn add_author(app: &TestApp, name: &str) {
    let body = format!(r#"{{"name":"{name}"}}"#);
    let r = app.send("POST", "/items/authors", Some(ADMIN), Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn reset_returns_to_the_fixture() {
    let app = with_control(true);
    let start = author_names(&app).await;
    add_author(&app, "Temporary").await;
    let r = app.send("PATCH", "/settings", Some(ADMIN), Some(r#"{"project_name":"X"}"#)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(author_names(&app).await.len(), start.len() + 1);
    let r = app.send("POST", "/__mock/reset", None, None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(author_names(&app).await, start);
    let settings = app.get("/settings").await.json();
    assert_ne!(settings["data"]["project_name"], "X");
    // A schema change is undone too, and GraphQL sees the old schema again.
    let r = app
        .send("POST", "/collections", Some(ADMIN), Some(r#"{"collection":"scratch","schema":{}}"#))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(app.get("/items/scratch").await.status, 200);
    app.send("POST", "/__mock/reset", None, None).await;
    assert_eq!(app.get("/items/scratch").await.status, 403);
    let gql =
        app.send("POST", "/graphql", Some(ADMIN), Some(r#"{"query":"{ scratch { id } }"}"#)).await;
    assert!(gql.text.contains("GRAPHQL_VALIDATION"), "{}", gql.text);
}

#[tokio::test]
async fn named_states_are_saved_and_restored() {
    let app = with_control(true);
    add_author(&app, "Saved").await;
    let r = app.send("PUT", "/__mock/states/after-one", None, None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let saved = author_names(&app).await;
    add_author(&app, "Later").await;
    let r = app.send("POST", "/__mock/states/after-one/restore", None, None).await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(author_names(&app).await, saved);
    // A restored state can be written to, and restored again unchanged.
    add_author(&app, "Again").await;
    app.send("POST", "/__mock/states/after-one/restore", None, None).await;
    assert_eq!(author_names(&app).await, saved);
    let list = app.send("GET", "/__mock/states", None, None).await.json();
    assert_eq!(list["data"], serde_json::json!(["after-one", "start"]));
}

#[tokio::test]
async fn bad_names_and_unknown_states_are_errors() {
    let app = with_control(true);
    let r = app.send("POST", "/__mock/states/nope/restore", None, None).await;
    assert_eq!((r.status.as_u16(), r.code().as_deref()), (404, Some("ROUTE_NOT_FOUND")));
    assert!(r.text.contains("No saved state named"), "{}", r.text);
    let long = "x".repeat(65);
    for bad in ["a%20b", "%C3%A9", long.as_str()] {
        let r = app.send("PUT", &format!("/__mock/states/{bad}"), None, None).await;
        assert_eq!(
            (r.status.as_u16(), r.code().as_deref()),
            (400, Some("INVALID_PAYLOAD")),
            "{bad}"
        );
    }
    let r = app.send("PUT", "/__mock/states/start", None, None).await;
    assert_eq!(r.code().as_deref(), Some("INVALID_PAYLOAD"));
    let r = app.send("GET", "/__mock/reset", None, None).await;
    assert_eq!(r.code().as_deref(), Some("ROUTE_NOT_FOUND"), "wrong method");
}

#[tokio::test]
async fn without_the_flag_there_is_no_control_api() {
    let app = with_control(false);
    for (method, path) in [
        ("POST", "/__mock/reset"),
        ("GET", "/__mock/states"),
        ("PUT", "/__mock/states/a"),
        ("POST", "/__mock/states/a/restore"),
    ] {
        let r = app.send(method, path, None, None).await;
        assert_eq!(
            (r.status.as_u16(), r.code().as_deref()),
            (404, Some("ROUTE_NOT_FOUND")),
            "{path}"
        );
    }
}
