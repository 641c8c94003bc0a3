//! The control API (`--control`): reset to the start-up state, named states
//! saved and restored, the request journal, injected faults, the clock and
//! seeded ids, bad input to each, and the whole API absent without the flag.

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
        ("GET", "/__mock/journal"),
        ("DELETE", "/__mock/journal"),
        ("GET", "/__mock/faults"),
        ("POST", "/__mock/faults"),
        ("DELETE", "/__mock/faults/1"),
        ("GET", "/__mock/clock"),
        ("PUT", "/__mock/clock"),
        ("POST", "/__mock/clock/advance"),
        ("PUT", "/__mock/ids"),
    ] {
        let r = app.send(method, path, None, None).await;
        assert_eq!(
            (r.status.as_u16(), r.code().as_deref()),
            (404, Some("ROUTE_NOT_FOUND")),
            "{path}"
        );
    }
}

async fn control(app: &TestApp, method: &str, path: &str, body: Option<&str>) -> common::Response {
    app.send(method, path, None, body).await
}

async fn journal(app: &TestApp, query: &str) -> Vec<serde_json::Value> {
    let r = control(app, "GET", &format!("/__mock/journal{query}"), None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["data"].as_array().expect("list").clone()
}

#[tokio::test]
async fn the_journal_records_requests_and_filters_them() {
    let app = with_control(true);
    app.get("/items/authors?fields=name&sort=-id&sort=name").await;
    app.send("GET", "/items/authors/999999", None, None).await;
    app.send("GET", "/server/ping", None, None).await;
    control(&app, "GET", "/__mock/states", None).await;
    let all = journal(&app, "").await;
    // The control API's own requests are not journaled.
    assert_eq!(all.len(), 3, "{all:#?}");
    let first = &all[0];
    assert_eq!(first["method"], "GET");
    assert_eq!(first["path"], "/items/authors");
    assert_eq!(first["query"], serde_json::json!({"fields":"name","sort":["-id","name"]}));
    assert_eq!(first["status"], 200);
    assert_eq!(first["user"], mock_server::ADMIN_USER_ID);
    assert_eq!(first["at"], "2026-01-02T03:04:05.000Z");
    assert!(first["duration_ms"].as_f64().is_some_and(|d| d >= 0.0), "{first}");
    assert_eq!(all[1]["status"], 403);
    assert_eq!(all[1]["user"], serde_json::Value::Null);
    assert!(all[0]["id"].as_u64() < all[1]["id"].as_u64());
    let items = journal(&app, "?path=/items/*").await;
    assert_eq!(items.len(), 2);
    assert_eq!(journal(&app, "?path=/items/*&status=403").await.len(), 1);
    assert_eq!(journal(&app, "?method=post").await.len(), 0);
    let last = journal(&app, "?limit=1").await;
    assert_eq!(last[0]["path"], "/server/ping");
    for bad in ["?status=ok", "?verb=GET", "?path=items"] {
        let r = control(&app, "GET", &format!("/__mock/journal{bad}"), None).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
    let r = control(&app, "DELETE", "/__mock/journal", None).await;
    assert_eq!(r.status, 204);
    assert!(journal(&app, "").await.is_empty());
}

#[tokio::test]
async fn faults_answer_the_next_n_matching_requests() {
    let app = with_control(true);
    let rule = r#"{"method":"GET","path":"/items/authors*","code":"SERVICE_UNAVAILABLE","times":2,"message":"Down for the test"}"#;
    let r = control(&app, "POST", "/__mock/faults", Some(rule)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json()["data"]["id"].clone();
    assert_eq!(r.json()["data"]["status"], 503);
    // Another method or path is not matched.
    let r = app.send("POST", "/items/authors", Some(ADMIN), Some(r#"{"name":"Kept"}"#)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    for _ in 0..2 {
        let r = app.get("/items/authors/1").await;
        assert_eq!((r.status.as_u16(), r.code().as_deref()), (503, Some("SERVICE_UNAVAILABLE")));
        assert_eq!(r.json()["errors"][0]["message"], "Down for the test");
    }
    assert_eq!(app.get("/items/authors/1").await.status, 200, "used up");
    let faulted = journal(&app, "?status=503").await;
    assert_eq!(faulted.len(), 2);
    assert_eq!(faulted[0]["fault"], id);
    // A delay serves the request after it.
    let r =
        control(&app, "POST", "/__mock/faults", Some(r#"{"path":"/server/ping","delay_ms":150}"#))
            .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let started = std::time::Instant::now();
    let r = app.send("GET", "/server/ping", None, None).await;
    assert_eq!((r.status.as_u16(), r.text.as_str()), (200, "pong"));
    assert!(started.elapsed() >= std::time::Duration::from_millis(150));
    // Listed, removed one by one or all at once.
    control(&app, "POST", "/__mock/faults", Some(r#"{"path":"*","status":500,"times":9}"#)).await;
    control(&app, "POST", "/__mock/faults", Some(r#"{"path":"/x","code":"FORBIDDEN"}"#)).await;
    let listed = control(&app, "GET", "/__mock/faults", None).await.json();
    assert_eq!(listed["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(listed["data"][0]["remaining"], 9);
    let first = listed["data"][0]["id"].as_u64().expect("id");
    let r = control(&app, "DELETE", &format!("/__mock/faults/{first}"), None).await;
    assert_eq!(r.status, 204);
    let r = control(&app, "DELETE", &format!("/__mock/faults/{first}"), None).await;
    assert_eq!((r.status.as_u16(), r.code().as_deref()), (404, Some("ROUTE_NOT_FOUND")));
    assert_eq!(control(&app, "DELETE", "/__mock/faults", None).await.status, 204);
    assert_eq!(
        control(&app, "GET", "/__mock/faults", None).await.json()["data"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn malformed_fault_rules_are_clear_errors() {
    let app = with_control(true);
    for (rule, says) in [
        (r#"{"code":"FORBIDDEN"}"#, "\"path\" is required"),
        (r#"{"path":"/x"}"#, "answers an error"),
        (r#"{"path":"/x","status":200}"#, "\"status\""),
        (r#"{"path":"/x","code":"OOPS"}"#, "not a Directus error code"),
        (r#"{"path":"/x","code":"FORBIDDEN","times":-1}"#, "\"times\""),
        (r#"{"path":"/x","code":"FORBIDDEN","methd":"GET"}"#, "unknown key \"methd\""),
        ("[]", "JSON object"),
    ] {
        let r = control(&app, "POST", "/__mock/faults", Some(rule)).await;
        assert_eq!(
            (r.status.as_u16(), r.code().as_deref()),
            (400, Some("INVALID_PAYLOAD")),
            "{rule}"
        );
        let message = r.json()["errors"][0]["message"].as_str().unwrap_or("").to_owned();
        assert!(
            message.contains("Malformed fault rule") && message.contains(says),
            "{rule}: {message}"
        );
    }
    let r = control(&app, "POST", "/__mock/faults", Some("{not json")).await;
    assert_eq!(r.code().as_deref(), Some("INVALID_PAYLOAD"));
    assert_eq!(
        control(&app, "GET", "/__mock/faults", None).await.json()["data"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn the_clock_is_set_frozen_and_advanced() {
    let app = with_control(true);
    let r = control(&app, "PUT", "/__mock/clock", Some(r#"{"now":"2030-05-06T07:08:09Z"}"#)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json()["data"],
        serde_json::json!({"now":"2030-05-06T07:08:09.000Z","set":true,"frozen":true})
    );
    // Writes are stamped with it (the activity log's timestamp).
    add_author(&app, "Stamped").await;
    let activity = app.get("/activity?sort=-id&limit=1&fields=timestamp").await.json();
    let stamp = activity["data"][0]["timestamp"].as_str().unwrap_or("").to_owned();
    assert!(stamp.starts_with("2030-05-06T07:08:09"), "{stamp}");
    // A token expires when the clock passes its expiry.
    let login = app.admin_login().await;
    assert_eq!(login.status, 200, "{}", login.text);
    let token = login.json()["data"]["access_token"].as_str().expect("a token").to_owned();
    assert_eq!(app.send("GET", "/users/me", Some(&token), None).await.status, 200);
    let r = control(&app, "POST", "/__mock/clock/advance", Some(r#"{"seconds":901}"#)).await;
    assert_eq!(r.json()["data"]["now"], "2030-05-06T07:23:10.000Z");
    let r = app.send("GET", "/users/me", Some(&token), None).await;
    assert_eq!((r.status.as_u16(), r.code().as_deref()), (401, Some("TOKEN_EXPIRED")));
    // Bad input.
    for body in [
        r#"{"now":"yesterday"}"#,
        r#"{}"#,
        r#"{"now":"2030-01-01T00:00:00Z","frozen":1}"#,
        r#"{"at":1}"#,
    ] {
        let r = control(&app, "PUT", "/__mock/clock", Some(body)).await;
        assert_eq!(r.code().as_deref(), Some("INVALID_PAYLOAD"), "{body}");
    }
    let r = control(&app, "POST", "/__mock/clock/advance", Some(r#"{"seconds":"1"}"#)).await;
    assert_eq!(r.code().as_deref(), Some("INVALID_PAYLOAD"));
    // Back to the clock the mock was built with (the tests' fixed one).
    let r = control(&app, "DELETE", "/__mock/clock", None).await;
    assert_eq!(
        r.json()["data"],
        serde_json::json!({"now":"2026-01-02T03:04:05.000Z","set":false,"frozen":false})
    );
}

async fn new_user_id(app: &TestApp, email: &str) -> String {
    let body = format!(r#"{{"email":"{email}"}}"#);
    let r = app.send("POST", "/users", Some(ADMIN), Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["data"]["id"].as_str().expect("an id").to_owned()
}

#[tokio::test]
async fn seeded_ids_and_keys_repeat_after_a_reset() {
    let app = with_control(true);
    let r = control(&app, "PUT", "/__mock/ids", Some(r#"{"seed":7}"#)).await;
    assert_eq!(r.json()["data"], serde_json::json!({"seed":7}));
    let random = app.get("/utils/random/string?length=20").await.json()["data"].clone();
    let user = new_user_id(&app, "one@example.com").await;
    assert_eq!(uuid::Uuid::parse_str(&user).map(|u| u.get_version_num()), Ok(4));
    control(&app, "PUT", "/__mock/ids", Some(r#"{"seed":7}"#)).await;
    assert_eq!(app.get("/utils/random/string?length=20").await.json()["data"], random);
    // After a reset, the same requests hand out the same uuids and auto-increment keys.
    control(&app, "PUT", "/__mock/ids", Some(r#"{"seed":8}"#)).await;
    let first = (new_user_id(&app, "a@example.com").await, author_key(&app, "A").await);
    let other = new_user_id(&app, "b@example.com").await;
    assert_ne!(first.0, other);
    // Reset goes back to the start-up ids (unseeded here): seed again, then repeat.
    assert_eq!(control(&app, "POST", "/__mock/reset", None).await.status, 204);
    assert_eq!(
        control(&app, "GET", "/__mock/ids", None).await.json()["data"]["seed"],
        serde_json::Value::Null
    );
    control(&app, "PUT", "/__mock/ids", Some(r#"{"seed":8}"#)).await;
    assert_eq!((new_user_id(&app, "a@example.com").await, author_key(&app, "A").await), first);
    for body in [r#"{"seed":-1}"#, r#"{"seed":"7"}"#, r#"{}"#] {
        let r = control(&app, "PUT", "/__mock/ids", Some(body)).await;
        assert_eq!(r.code().as_deref(), Some("INVALID_PAYLOAD"), "{body}");
    }
}

async fn author_key(app: &TestApp, name: &str) -> serde_json::Value {
    let body = format!(r#"{{"name":"{name}"}}"#);
    let r = app.send("POST", "/items/authors", Some(ADMIN), Some(&body)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["data"]["id"].clone()
}

#[tokio::test]
async fn start_up_clock_and_seed_come_from_the_configuration_and_reset_returns_to_them() {
    let config = mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        control: true,
        now: Some("2031-02-03T04:05:06Z".parse().expect("a date")),
        id_seed: Some(99),
        ..mock_server::Config::default()
    };
    let app = TestApp::with_config(config.clone());
    let twin = TestApp::with_config(config);
    // Two mocks from the same fixture and seed hand out the same ids.
    let first = new_user_id(&app, "x@example.com").await;
    assert_eq!(first, new_user_id(&twin, "x@example.com").await);
    control(&app, "POST", "/__mock/clock/advance", Some(r#"{"seconds":60}"#)).await;
    control(&app, "POST", "/__mock/faults", Some(r#"{"path":"*","code":"FORBIDDEN"}"#)).await;
    assert_eq!(control(&app, "POST", "/__mock/reset", None).await.status, 204);
    let clock = control(&app, "GET", "/__mock/clock", None).await.json();
    assert_eq!(clock["data"]["now"], "2031-02-03T04:05:06.000Z");
    assert_eq!(
        control(&app, "GET", "/__mock/faults", None).await.json()["data"],
        serde_json::json!([])
    );
    assert!(journal(&app, "").await.is_empty());
    assert_eq!(control(&app, "GET", "/__mock/ids", None).await.json()["data"]["seed"], 99);
    // The first user after a reset gets the id the first user got.
    assert_eq!(new_user_id(&app, "x@example.com").await, first);
    assert_ne!(new_user_id(&app, "y@example.com").await, first);
}

#[tokio::test]
async fn now_in_a_permission_rule_reads_the_set_clock() {
    let app = with_control(true);
    // The public policy may read the articles published by $NOW.
    let rule = r#"{"policy":"abf8a154-5b1c-4a46-ac9c-7300570f4f17","collection":"articles","action":"read",
        "fields":["id"],"permissions":{"published_on":{"_lte":"$NOW"}}}"#;
    let r = app.send("POST", "/permissions", Some(ADMIN), Some(rule)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    control(&app, "PUT", "/__mock/clock", Some(r#"{"now":"2000-01-01T00:00:00Z"}"#)).await;
    let in_2000 = public_articles(&app).await;
    control(&app, "PUT", "/__mock/clock", Some(r#"{"now":"2100-01-01T00:00:00Z"}"#)).await;
    let in_2100 = public_articles(&app).await;
    assert_eq!(in_2000, 0, "nothing is published by 2000");
    assert!(in_2100 >= 3, "everything dated is published by 2100: {in_2100}");
}

async fn public_articles(app: &TestApp) -> usize {
    let r = app.send("GET", "/items/articles?fields=id&sort=id&limit=-1", None, None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["data"].as_array().expect("list").len()
}

#[tokio::test]
async fn a_named_state_keeps_the_clock_and_the_id_position() {
    let app = with_control(true);
    control(&app, "PUT", "/__mock/ids", Some(r#"{"seed":11}"#)).await;
    control(&app, "PUT", "/__mock/clock", Some(r#"{"now":"2030-05-06T07:08:09Z"}"#)).await;
    new_user_id(&app, "before@example.com").await;
    assert_eq!(control(&app, "PUT", "/__mock/states/mid", None).await.status, 204);
    let next = (new_user_id(&app, "a@example.com").await, author_key(&app, "A").await);
    // Move everything on: another seed, another time.
    control(&app, "PUT", "/__mock/ids", Some(r#"{"seed":12}"#)).await;
    control(&app, "PUT", "/__mock/clock", Some(r#"{"now":null}"#)).await;
    assert_eq!(control(&app, "POST", "/__mock/states/mid/restore", None).await.status, 204);
    let clock = control(&app, "GET", "/__mock/clock", None).await.json();
    assert_eq!(clock["data"]["now"], "2030-05-06T07:08:09.000Z");
    assert_eq!(clock["data"]["frozen"], true);
    assert_eq!(
        control(&app, "GET", "/__mock/ids", None).await.json()["data"]["seed"],
        serde_json::json!(11)
    );
    // The same requests after the restore hand out the same uuid and key.
    assert_eq!((new_user_id(&app, "a@example.com").await, author_key(&app, "A").await), next);
}
