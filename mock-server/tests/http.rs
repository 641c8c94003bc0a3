//! The HTTP layer at its boundary: the router in-process, and one real socket.

mod common;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn list_and_single_item_envelopes() {
    let app = TestApp::fixture();
    let list = app.get("/items/tags?fields=id,name").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.json(),
        json!({"data": [{"id": 1, "name": "news"}, {"id": 2, "name": "tech"}, {"id": 3, "name": "life"}]})
    );
    let one = app.get("/items/tags/2?fields=name").await;
    assert_eq!(one.json(), json!({"data": {"name": "tech"}}));
}

#[tokio::test]
async fn missing_items_are_forbidden_for_every_method() {
    let app = TestApp::fixture();
    for (method, body) in [("GET", None), ("PATCH", Some(r#"{"name":"x"}"#)), ("DELETE", None)] {
        let resp = app.send(method, "/items/tags/999", Some(ADMIN), body).await;
        assert_eq!(resp.status, StatusCode::FORBIDDEN, "{method}");
        assert_eq!(resp.code().as_deref(), Some("FORBIDDEN"), "{method}");
    }
}

#[tokio::test]
async fn the_directus_12_profile_lets_an_admin_patch_a_missing_item() {
    let app = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        profile: mock_server::Profile::Directus12,
        ..mock_server::Config::default()
    });
    let resp = app.send("PATCH", "/items/tags/999", Some(ADMIN), Some(r#"{"name":"x"}"#)).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT);
    assert!(resp.text.is_empty());
}

#[tokio::test]
async fn bad_input_gets_directus_errors_not_panics() {
    let app = TestApp::fixture();
    let cases: &[(&str, &str, Option<&str>, u16, &str)] = &[
        ("POST", "/items/tags", Some("{not json"), 400, "INVALID_PAYLOAD"),
        ("POST", "/items/tags", Some("[[[[1]]]]"), 400, "FAILED_VALIDATION"),
        ("GET", "/items/tags?limit=abc", None, 400, "INVALID_QUERY"),
        ("GET", "/items/tags?filter={bad", None, 400, "INVALID_QUERY"),
        ("GET", "/items/tags?filter[_or]=x", None, 400, "INVALID_QUERY"),
        ("GET", "/items/tags?fields=nope", None, 403, "FORBIDDEN"),
        ("GET", "/items/tags?fields=a(b(c))", None, 400, "INVALID_QUERY"),
        ("GET", "/items/tags?sort=nope", None, 403, "FORBIDDEN"),
        ("GET", "/items/tags?filter[name][_gt]=1", None, 400, "INVALID_QUERY"),
        ("GET", "/no/such/route", None, 404, "ROUTE_NOT_FOUND"),
        ("PUT", "/items/tags", Some("{}"), 404, "ROUTE_NOT_FOUND"),
        ("GET", "/items/tags/1?access_token=x", None, 401, "INVALID_CREDENTIALS"),
        ("POST", "/utils/sort/comments", Some("{not json"), 400, "INVALID_PAYLOAD"),
        ("POST", "/utils/sort/comments", Some("[1]"), 400, "INVALID_PAYLOAD"),
        ("POST", "/utils/sort/comments", Some(r#"{"item": "abc", "to": "zzz"}"#), 403, "FORBIDDEN"),
        ("POST", "/utils/sort/comments", Some(r#"{"item": 1e308, "to": -1}"#), 403, "FORBIDDEN"),
        ("POST", "/utils/sort/no_such", Some(r#"{"item": 1, "to": 2}"#), 403, "FORBIDDEN"),
        ("GET", "/items/tags?export=pdf", None, 400, "INVALID_QUERY"),
        ("POST", "/server/specs/oas", None, 404, "ROUTE_NOT_FOUND"),
    ];
    for (method, path, body, status, code) in cases {
        let resp = app.send(method, path, Some(ADMIN), *body).await;
        // The access_token case needs the header gone to be about the token.
        let resp = if path.contains("access_token") {
            app.send(method, path, None, *body).await
        } else {
            resp
        };
        assert_eq!(resp.status.as_u16(), *status, "{method} {path}: {}", resp.text);
        assert_eq!(resp.code().as_deref(), Some(*code), "{method} {path}: {}", resp.text);
    }
}

#[tokio::test]
async fn error_bodies_have_the_directus_shape() {
    let app = TestApp::fixture();
    let resp = app.get("/items/nope").await;
    insta::with_settings!({snapshot_path => "../../snapshots/mock-server", prepend_module_to_snapshot => false}, {
        insta::assert_json_snapshot!("unknown_collection_error", resp.json());
    });
}

#[tokio::test]
async fn created_items_use_the_injected_clock_and_ids() {
    let app = TestApp::fixture();
    let resp = app.send("POST", "/items/things", Some(ADMIN), Some(r#"{"label":"new"}"#)).await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.text);
    let id = resp.json().pointer("/data/id").and_then(|v| v.as_str()).expect("an id").to_owned();
    assert!(id.starts_with("00000000-0000-4000-8000-"), "{id}");
}

#[tokio::test]
async fn serves_on_a_real_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server =
        tokio::spawn(mock_server::run(listener, mock_server::Config::default(), async move {
            let _ = rx.await;
        }));
    let client = reqwest::Client::new();
    let ping = client.get(format!("http://{addr}/server/ping")).send().await.expect("ping");
    assert_eq!(ping.status().as_u16(), 200);
    assert_eq!(ping.headers().get("x-powered-by").and_then(|v| v.to_str().ok()), Some("Directus"));
    assert_eq!(ping.text().await.expect("a text body"), "pong");
    let me = client
        .get(format!("http://{addr}/users/me?fields=email"))
        .bearer_auth("admin-static-token")
        .send()
        .await
        .expect("me");
    assert_eq!(
        me.json::<serde_json::Value>().await.expect("a JSON body"),
        json!({"data": {"email": "admin@example.com"}})
    );
    let _ = tx.send(());
    server.await.expect("join").expect("clean shutdown");
}

#[tokio::test]
async fn graphql_introspection_can_be_turned_off() {
    let app = TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        graphql_introspection: false,
        ..mock_server::Config::default()
    });
    let body = r#"{"query": "{ __schema { queryType { name } } __typename articles_by_id(id: 1) { title } }"}"#;
    let resp = app.send("POST", "/graphql", Some(ADMIN), Some(body)).await;
    assert_eq!(resp.status.as_u16(), 400, "{}", resp.text);
    assert!(
        resp.text.contains(
            r#"GraphQL introspection has been disabled, but the requested query contained the field \"__schema\"."#
        ),
        "{}",
        resp.text
    );
    let body = r#"{"query": "{ __typename articles_by_id(id: 1) { title } }"}"#;
    let resp = app.send("POST", "/graphql", Some(ADMIN), Some(body)).await;
    assert_eq!(
        resp.text,
        r#"{"data":{"__typename":"Query","articles_by_id":{"title":"Hello World"}}}"#
    );
    assert_eq!(app.get("/server/specs/graphql").await.status.as_u16(), 404);
}

#[tokio::test]
async fn graphql_errors_keep_the_directus_shape() {
    let app = TestApp::fixture();
    let resp = app
        .send(
            "POST",
            "/graphql",
            Some(ADMIN),
            Some(r#"{"query": "{ articles_by_id(id: 999) { id } }"}"#),
        )
        .await;
    assert_eq!(resp.status.as_u16(), 200);
    assert_eq!(
        resp.text,
        r#"{"data":{"articles_by_id":null},"errors":[{"message":"You don't have permission to access this.","extensions":{"code":"FORBIDDEN"},"locations":[{"line":1,"column":3}],"path":["articles_by_id"]}]}"#
    );
    let resp =
        app.send("POST", "/graphql", Some(ADMIN), Some(r#"{"query": "{ articles { id }"}"#)).await;
    assert_eq!(resp.status.as_u16(), 400);
    assert!(resp.text.contains(r#""code":"GRAPHQL_VALIDATION""#), "{}", resp.text);
}

#[tokio::test]
async fn the_response_cache_never_serves_stale_or_foreign_answers() {
    let app = TestApp::fixture();
    assert!(app.app.config.response_cache, "the cache is on by default");
    let first = app.get("/items/tags/1?fields=name").await;
    assert_eq!(first.json(), json!({"data": {"name": "news"}}));
    let again = app.get("/items/tags/1?fields=name").await;
    assert_eq!(again.json(), first.json());
    // A write starts a new generation: the next read sees it.
    let patched =
        app.send("PATCH", "/items/tags/1", Some(ADMIN), Some(r#"{"name":"changed"}"#)).await;
    assert_eq!(patched.status, StatusCode::OK);
    let fresh = app.get("/items/tags/1?fields=name").await;
    assert_eq!(fresh.json(), json!({"data": {"name": "changed"}}));
    // The same URL for another caller is that caller's answer, not the admin's.
    let anonymous = app.send("GET", "/items/tags/1?fields=name", None, None).await;
    assert_eq!(anonymous.status, StatusCode::FORBIDDEN);
    // Errors are never kept.
    let missing = app.get("/items/tags/999").await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
}
