//! Requests an attacker or a heavy user would send: each is answered with a
//! Directus error (or its answer) and the mock stays up. Stack overflows
//! abort the test binary, and the fragment bomb runs under a timeout, so a
//! regression fails here.

mod common;

use std::time::Duration;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::{Value, json};

async fn graphql(app: &TestApp, path: &str, query: &str) -> common::Response {
    let body = json!({ "query": query }).to_string();
    app.send("POST", path, Some(ADMIN), Some(&body)).await
}

fn first_error(resp: &common::Response) -> Value {
    let body = resp.json();
    body.pointer("/errors/0/extensions/errors/0/message")
        .cloned()
        .unwrap_or_else(|| panic!("no GraphQL validation message in {body}"))
}

async fn still_up(app: &TestApp) {
    let ping = app.get("/server/ping").await;
    assert_eq!(ping.text, "pong");
}

#[tokio::test]
async fn a_list_literal_nested_2000_deep_is_a_validation_error() {
    let app = TestApp::fixture();
    for path in ["/graphql", "/graphql/system"] {
        let query = format!("{{ server_ping(x: {}1{}) }}", "[".repeat(2000), "]".repeat(2000));
        let resp = graphql(&app, path, &query).await;
        assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{path}: {}", resp.text);
        assert_eq!(resp.code().as_deref(), Some("GRAPHQL_VALIDATION"));
        assert_eq!(
            first_error(&resp),
            json!("Syntax Error: Document is nested more than 256 levels deep. Parsing aborted.")
        );
    }
    // The same over GET.
    let query = format!("{{ server_ping(x: {}1{}) }}", "[".repeat(2000), "]".repeat(2000));
    let encoded: String = query.chars().map(|c| format!("%{:02X}", c as u32)).collect();
    let resp = app.get(&format!("/graphql/system?query={encoded}")).await;
    assert_eq!(resp.code().as_deref(), Some("GRAPHQL_VALIDATION"));
    still_up(&app).await;
}

#[tokio::test]
async fn unclosed_brackets_are_a_validation_error() {
    let app = TestApp::fixture();
    let resp =
        graphql(&app, "/graphql/system", &format!("{{ server_ping(x: {}", "[".repeat(4990))).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);
    assert_eq!(resp.code().as_deref(), Some("GRAPHQL_VALIDATION"));
    still_up(&app).await;
}

#[tokio::test]
async fn nesting_up_to_the_limit_is_read_as_usual() {
    let app = TestApp::fixture();
    let query = format!("{{ server_ping(x: {}1{}) }}", "[".repeat(250), "]".repeat(250));
    let resp = graphql(&app, "/graphql/system", &query).await;
    assert_eq!(resp.code().as_deref(), Some("GRAPHQL_VALIDATION"));
    let message = first_error(&resp);
    assert!(message.as_str().is_some_and(|m| m.starts_with("Unknown argument \"x\"")), "{message}");
    let query = format!("{{ server_ping(x: {}", "[".repeat(250));
    let resp = graphql(&app, "/graphql/system", &query).await;
    assert_eq!(first_error(&resp), json!("Syntax Error: Unexpected <EOF>."));
}

fn fragment_bomb(levels: usize) -> String {
    let mut s = String::from("query { ...F0 }\n");
    for i in 0..levels {
        s += &format!("fragment F{i} on Query {{ server_ping ...F{n} ...F{n} }}\n", n = i + 1);
    }
    s + &format!("fragment F{levels} on Query {{ server_ping }}\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fragments_spread_twice_per_level_are_collected_once() {
    let app = TestApp::fixture();
    let resp = tokio::time::timeout(
        Duration::from_secs(20),
        graphql(&app, "/graphql/system", &fragment_bomb(22)),
    )
    .await
    .expect("answered in time");
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    assert_eq!(resp.json(), json!({"data": {"server_ping": "pong"}}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fragments_that_still_expand_past_the_budget_are_refused() {
    let app = TestApp::fixture();
    // Duplicate fields each spreading the next level: graphql-js merges the
    // fields, the mock counts the work and refuses it.
    let mut query = String::from("{ ...U0 }\n");
    for i in 0..24 {
        query += &format!(
            "fragment U{i} on Query {{ users_me {{ id }} a: server_info {{ project {{ project_name }} }} ...U{n} b: server_ping ...V{n} }}\n\
             fragment V{i} on Query {{ ...U{n} c: server_ping }}\n",
            n = i + 1
        );
    }
    query += "fragment U24 on Query { server_ping }\nfragment V24 on Query { server_ping }\n";
    let resp =
        tokio::time::timeout(Duration::from_secs(20), graphql(&app, "/graphql/system", &query))
            .await
            .expect("answered in time");
    assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{}", resp.text);
    assert_eq!(
        first_error(&resp),
        json!("Document selects more than 50000 fields once its fragments are expanded.")
    );
    still_up(&app).await;
}

/// A token as Directus signs it, for the admin, with `secret`.
async fn forged_admin_token(app: &TestApp, secret: &str) -> String {
    let me = app.get("/users/me?fields=id,role").await.json();
    let id = me.pointer("/data/id").and_then(Value::as_str).expect("the admin's id").to_owned();
    let role = me.pointer("/data/role").cloned().expect("the admin's role");
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"id": id, "role": role, "app_access": true, "admin_access": true,
                        "iat": now, "exp": now + 600, "iss": "directus"});
    jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("a token")
}

#[tokio::test]
async fn without_secret_tokens_are_signed_with_a_random_one() {
    let app = TestApp::fixture();
    // The string the mock used to sign with when SECRET was unset, and the
    // harness' own: neither opens a mock started without SECRET.
    let forged = forged_admin_token(&app, "conformance-secret-at-least-32-chars").await;
    let resp = app.send("GET", "/users/me?fields=id", Some(&forged), None).await;
    assert_eq!(resp.code().as_deref(), Some("INVALID_TOKEN"), "{}", resp.text);
    // The tokens it issues work.
    let login = app.admin_login().await.json();
    let token = login.pointer("/data/access_token").and_then(Value::as_str).expect("a token");
    let me = app.send("GET", "/users/me?fields=email", Some(token), None).await;
    assert_eq!(me.json(), json!({"data": {"email": "admin@example.com"}}));
}

#[tokio::test]
async fn a_configured_secret_signs_tokens() {
    let app = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        secret: Some("a-secret-of-at-least-thirty-two-bytes".into()),
        ..mock_server::Config::default()
    });
    let forged = forged_admin_token(&app, "a-secret-of-at-least-thirty-two-bytes").await;
    let resp = app.send("GET", "/users/me?fields=email", Some(&forged), None).await;
    assert_eq!(resp.json(), json!({"data": {"email": "admin@example.com"}}));
}

#[tokio::test]
async fn the_activity_log_keeps_at_most_its_bound() {
    let app = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        max_activity: 3,
        ..mock_server::Config::default()
    });
    for n in 0..10 {
        let body = json!({ "name": format!("Writer {n}") }).to_string();
        let resp = app.send("PATCH", "/items/authors/1", Some(ADMIN), Some(&body)).await;
        assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    }
    let activity = app.get("/activity?fields=id&sort=id&limit=-1").await.json();
    let ids: Vec<i64> = activity["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 3, "{activity}");
    // The newest stay, with their revisions; the older revisions went with their activity.
    let revisions = app.get("/revisions?fields=activity,data&limit=-1").await.json();
    let rows = revisions["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 3, "{revisions}");
    assert!(rows.iter().all(|r| r["activity"].as_i64().is_some_and(|a| ids.contains(&a))));
    assert!(rows.iter().any(|r| r["data"]["name"] == json!("Writer 9")), "{revisions}");
}

/// `{"_and":[…]}` wrapped `levels` times around a filter on `id`, as text (a
/// `serde_json::Value` that deep would itself recurse when dropped).
fn and_nested(levels: usize) -> String {
    format!("{}{{\"id\":{{\"_eq\":1}}}}{}", "{\"_and\":[".repeat(levels), "]}".repeat(levels))
}

fn encoded(text: &str) -> String {
    text.bytes().map(|c| format!("%{c:02X}")).collect()
}

#[tokio::test]
async fn json_bodies_nested_past_128_levels_are_invalid_payloads() {
    let app = TestApp::fixture();
    let body = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let resp = app.send("POST", "/items/articles", Some(ADMIN), Some(&body)).await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{}", resp.text);
    assert_eq!(resp.code().as_deref(), Some("INVALID_PAYLOAD"));
    // Within the bound, a deep value is stored as it is.
    let body = format!("{{\"title\":\"deep\",\"body\":\"{}\"}}", "[".repeat(120));
    let resp = app.send("POST", "/items/articles", Some(ADMIN), Some(&body)).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    still_up(&app).await;
}

/// An author with an article edited by an author with an article … `levels` times.
fn nested_author(levels: usize) -> String {
    let mut text = r#"{"name":"deep-leaf"}"#.to_owned();
    for n in 0..levels {
        text = format!(r#"{{"name":"deep-{n}","articles":[{{"title":"t{n}","editor":{text}}}]}}"#);
    }
    text
}

#[tokio::test]
async fn nested_writes_are_bounded_by_the_body_depth() {
    let app = TestApp::fixture();
    let resp = app.send("POST", "/items/authors", Some(ADMIN), Some(&nested_author(40))).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    let made = app.get("/items/authors?aggregate[count]=id&filter[name][_starts_with]=deep-").await;
    assert_eq!(made.json()["data"][0]["count"]["id"], json!(41), "{}", made.text);
    let resp = app.send("POST", "/items/authors", Some(ADMIN), Some(&nested_author(1000))).await;
    assert_eq!(resp.code().as_deref(), Some("INVALID_PAYLOAD"), "{}", resp.text);
    still_up(&app).await;
}

#[tokio::test]
async fn filters_nested_past_the_json_bound_are_refused() {
    let app = TestApp::fixture();
    for levels in [30, 62] {
        let resp =
            app.get(&format!("/items/articles?filter={}", encoded(&and_nested(levels)))).await;
        assert_eq!(resp.status, StatusCode::OK, "{levels}: {}", resp.text);
        assert_eq!(resp.json()["data"].as_array().map(Vec::len), Some(1));
    }
    let resp = app.get(&format!("/items/articles?filter={}", encoded(&and_nested(1000)))).await;
    assert_eq!(resp.code().as_deref(), Some("INVALID_QUERY"), "{}", resp.text);
    let body = format!("{{\"query\":{{\"filter\":{}}}}}", and_nested(5000));
    let resp = app.send("SEARCH", "/items/articles", Some(ADMIN), Some(&body)).await;
    assert_eq!(resp.code().as_deref(), Some("INVALID_PAYLOAD"), "{}", resp.text);
    // Bracket syntax: levels past QUERYSTRING_MAX_PARSE_DEPTH stay one key, a
    // field nobody may read.
    let brackets = format!("filter{}%5Bid%5D%5B_eq%5D=1", "%5B_and%5D%5B0%5D".repeat(2000));
    let resp = app.get(&format!("/items/articles?{brackets}")).await;
    assert_eq!(resp.code().as_deref(), Some("FORBIDDEN"), "{}", resp.text);
    still_up(&app).await;
}

#[tokio::test]
async fn graphql_filters_and_selections_are_bounded() {
    let app = TestApp::fixture();
    let filter = |levels: usize| {
        format!("{}{{id: {{_eq: 1}}}}{}", "{_and: [".repeat(levels), "]}".repeat(levels))
    };
    let resp =
        graphql(&app, "/graphql", &format!("{{ articles(filter: {}) {{ id }} }}", filter(120)))
            .await;
    assert_eq!(resp.json()["data"]["articles"], json!([{"id": "1"}]), "{}", resp.text);
    let resp =
        graphql(&app, "/graphql", &format!("{{ articles(filter: {}) {{ id }} }}", filter(2000)))
            .await;
    assert_eq!(resp.code().as_deref(), Some("GRAPHQL_VALIDATION"), "{}", resp.text);
    // Selections past MAX_RELATIONAL_DEPTH: Directus' error; far past it: a syntax error.
    let selection = |levels: usize| {
        let mut sel = "id".to_owned();
        for _ in 0..levels {
            sel = format!("id author {{ id articles {{ {sel} }} }}");
        }
        format!("{{ articles {{ {sel} }} }}")
    };
    let resp = graphql(&app, "/graphql", &selection(5)).await;
    assert_eq!(
        resp.json().pointer("/errors/0/extensions/reason"),
        Some(&json!("Max relational depth exceeded")),
        "{}",
        resp.text
    );
    let resp = graphql(&app, "/graphql", &selection(60)).await;
    assert_eq!(resp.code().as_deref(), Some("GRAPHQL_VALIDATION"), "{}", resp.text);
    still_up(&app).await;
}

#[tokio::test]
async fn a_read_past_its_budget_is_service_unavailable_and_the_mock_stays_up() {
    let app = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        read_budget: Duration::from_nanos(1),
        ..mock_server::Config::default()
    });
    // In batches small enough for their own re-read to stay under the first check.
    for batch in 0..6 {
        let rows: Vec<Value> =
            (0..200).map(|i| json!({"n": batch * 200 + i, "crowd": 1})).collect();
        let body = Value::from(rows).to_string();
        let created = app.send("POST", "/items/crowd_members", Some(ADMIN), Some(&body)).await;
        assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    }
    // A small read stops before the clock is first read.
    let small = app.send("GET", "/items/crowd_members?limit=5", Some(ADMIN), None).await;
    assert_eq!(small.status, StatusCode::OK, "{}", small.text);
    let all = app.send("GET", "/items/crowd_members?limit=-1", Some(ADMIN), None).await;
    assert_eq!(all.status, StatusCode::SERVICE_UNAVAILABLE, "{}", all.text);
    assert_eq!(all.code().as_deref(), Some("SERVICE_UNAVAILABLE"));
    still_up(&app).await;
    // Without a budget the same read answers every row.
    let unbounded = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        read_budget: Duration::ZERO,
        ..mock_server::Config::default()
    });
    let resp = unbounded.send("GET", "/items/crowd_members?limit=-1", Some(ADMIN), None).await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.json()["data"].as_array().map(Vec::len), Some(105));
}
