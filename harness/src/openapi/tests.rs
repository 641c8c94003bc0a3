//! A response body held to a document: path templates, statuses, `$ref`
//! into components (cycles included), `nullable`, and what is not documented.

use serde_json::{Value, json};

use super::Document;
use crate::api::Method;

fn document() -> Document {
    Document::new(json!({
        "openapi": "3.0.1",
        "servers": [{"url": "http://127.0.0.1:8055"}],
        "paths": {
            "/items/articles": {"get": {"responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/ItemsArticles"}}},
                }}}},
                "401": {"$ref": "#/components/responses/UnauthorizedError"},
            }}},
            "/items/articles/{id}": {"get": {"responses": {
                "2XX": {"description": "ok", "content": {"application/json; charset=utf-8": {"schema": {
                    "type": "object", "properties": {"data": {"$ref": "#/components/schemas/ItemsArticles"}},
                }}}},
                "default": {"description": "anything", "content": {"application/json": {"schema": {"type": "string"}}}},
            }}},
            "/items/articles/latest": {"get": {"responses": {"200": {"description": "no body documented"}}}},
        },
        "components": {
            "schemas": {
                "ItemsArticles": {"type": "object", "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string", "nullable": true},
                    "author": {"nullable": true, "oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Users"}]},
                }},
                "Users": {"type": "object", "properties": {
                    "id": {"type": "string"},
                    "articles": {"type": "array", "items": {"$ref": "#/components/schemas/ItemsArticles"}},
                }},
                "Error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
            },
            "responses": {"UnauthorizedError": {"description": "no", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}}},
            }}}}},
        },
    }))
}

/// The instance paths of the errors, or `None` when nothing documents the body.
fn check(method: Method, path: &str, status: u16, body: Value) -> Option<Vec<String>> {
    let documented = document().check(method, path, status, &body)?;
    Some(documented.errors.into_iter().map(|e| e.at).collect())
}

#[test]
fn a_body_that_agrees_has_no_errors() {
    let body = json!({"data": [{"id": 1, "title": null, "author": {"id": "u1", "articles": [{"id": 2}]}}]});
    assert_eq!(check(Method::Get, "/items/articles?fields=*.*", 200, body), Some(vec![]));
}

#[test]
fn nullable_accepts_null_and_only_null_besides_the_type() {
    let ok = json!({"data": [{"title": null, "author": null}]});
    assert_eq!(check(Method::Get, "/items/articles", 200, ok), Some(vec![]));
    let wrong = json!({"data": [{"title": 7}]});
    assert_eq!(
        check(Method::Get, "/items/articles", 200, wrong),
        Some(vec!["/data/0/title".into()])
    );
}

#[test]
fn refs_resolve_into_components_through_cycles() {
    let body = json!({"data": [{"author": {"id": "u1", "articles": [{"id": "not a number"}]}}]});
    assert_eq!(
        check(Method::Get, "/items/articles", 200, body),
        Some(vec!["/data/0/author".into()]),
        "the author is neither a key nor a user whose articles are articles"
    );
}

#[test]
fn a_response_ref_is_followed() {
    let body = json!({"errors": [{"extensions": {"code": "INVALID_CREDENTIALS"}}]});
    assert_eq!(check(Method::Get, "/items/articles", 401, body), Some(vec!["/errors/0".into()]));
    let document = document();
    let operation =
        document.check(Method::Get, "/items/articles", 401, &json!({})).map(|d| d.operation);
    assert_eq!(operation.as_deref(), Some("GET /items/articles 401"));
}

#[test]
fn templates_match_segments_and_literal_paths_win() {
    let doc = document();
    assert_eq!(doc.template("/items/articles/7?fields=id"), Some("/items/articles/{id}"));
    assert_eq!(doc.template("/items/articles/latest"), Some("/items/articles/latest"));
    assert_eq!(doc.template("/items/articles/a%20b"), Some("/items/articles/{id}"));
    assert_eq!(doc.template("/items/articles/"), None);
    assert_eq!(doc.template("/items/articles/7/more"), None);
}

#[test]
fn status_ranges_count_and_default_does_not() {
    let body = json!({"data": {"id": "seven"}});
    let documented =
        document().check(Method::Get, "/items/articles/7", 201, &body).expect("2XX documents 201");
    assert_eq!(documented.operation, "GET /items/articles/{id} 2XX");
    assert_eq!(documented.errors[0].at, "/data/id");
    assert_eq!(check(Method::Get, "/items/articles/7", 404, json!({})), None);
}

#[test]
fn what_is_not_documented_is_not_checked() {
    assert_eq!(check(Method::Post, "/items/articles", 200, json!(1)), None, "no such method");
    assert_eq!(check(Method::Get, "/items/tags", 200, json!(1)), None, "no such path");
    assert_eq!(
        check(Method::Get, "/items/articles/latest", 200, json!(1)),
        None,
        "no body documented"
    );
}

#[test]
fn the_server_urls_path_is_the_base_of_every_path() {
    let doc = Document::new(json!({
        "servers": [{"url": "https://cms.example/api/"}],
        "paths": {"/server/ping": {"get": {"responses": {"200": {"description": "pong"}}}}},
    }));
    assert_eq!(doc.template("/api/server/ping"), Some("/server/ping"));
}

#[test]
fn a_schema_that_does_not_compile_is_reported() {
    let doc = Document::new(json!({
        "paths": {"/x": {"get": {"responses": {"200": {"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}},
    }));
    let documented = doc.check(Method::Get, "/x", 200, &json!({})).expect("documented");
    assert_eq!(documented.errors.len(), 1);
    assert!(documented.errors[0].message.contains("does not compile"), "{:?}", documented.errors);
}
