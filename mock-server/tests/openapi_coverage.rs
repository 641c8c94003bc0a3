//! The mock's own OpenAPI document (`GET /server/specs/oas` as the admin)
//! cannot fall behind its router: every route the router declares
//! (read from the HTTP layer's source, every `.route(` of `src/http/*.rs`,
//! so a new route is seen without editing this test) must be a documented path with each of its
//! methods; the generic routes are walked through what they serve (every
//! system collection that `/{system}` answers, every user collection under
//! `/items/{collection}`). Routes outside the API are excluded with a reason.

mod common;

use std::collections::BTreeSet;

use common::TestApp;
use serde_json::Value;

/// Routes that are not part of the documented REST API, with the reason.
const EXCLUDED: &[(&str, &str)] = &[
    ("/graphql", "GraphQL: its schema is /server/specs/graphql, not OpenAPI (12.4 omits it too)"),
    ("/graphql/system", "GraphQL, as above"),
    ("/graphql/{}", "GraphQL, as above"),
    ("/admin", "the Data Studio's HTML page, not the API"),
    ("/admin/{}", "the Data Studio's static files"),
    ("/items/{}", "walked per user collection below (`/items/<collection>`)"),
    ("/items/{}/{}", "walked per user collection below (`/items/<collection>/{id}`)"),
    ("/{}", "walked per system collection below (`/users`, `/presets`, ...)"),
    ("/{}/{}", "walked per system collection below"),
];

/// Route prefixes outside the API.
const EXCLUDED_PREFIXES: &[(&str, &str)] =
    &[("/__mock/", "the mock's control plane (only with --control), not Directus' API")];

/// Routes whose path is a variable: the WebSocket endpoints
/// (`WEBSOCKETS_REST_PATH`, `WEBSOCKETS_GRAPHQL_PATH`), which upgrade the
/// connection and answer no JSON (12.4 does not document them either).
const VARIABLE_PATHS: &[&str] = &["rest", "graphql"];

/// `/fields/{collection}/{field}` → `/fields/{}/{}`.
fn normalize(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { "{}" } else { s }).collect::<Vec<_>>().join("/")
}

/// The routes of a URL table's source: (path or variable, methods). Each
/// `.route(` starts a route; its methods are the `.get(`, `.post(`, ... calls
/// up to the next `.route(`, `.merge(`, `.fallback(` or `.layer(`.
fn routes(source: &str) -> Vec<(String, BTreeSet<&'static str>)> {
    let mut out = Vec::new();
    for chunk in source.split(".route(").skip(1) {
        let chunk = chunk.trim_start();
        let end = [".route(", ".merge(", ".fallback(", ".layer(", "\n}\n"]
            .iter()
            .filter_map(|m| chunk.find(m))
            .min()
            .unwrap_or(chunk.len());
        let body = &chunk[..end];
        let path = match body.strip_prefix('"') {
            Some(rest) => rest.split('"').next().expect("a closed literal").to_owned(),
            None => body.split([',', ')']).next().expect("an argument").trim().to_owned(),
        };
        let methods = ["get", "post", "patch", "delete", "put", "search", "any"]
            .into_iter()
            .filter(|m| body.contains(&format!(".{m}(")) || body.contains(&format!(" {m}(")))
            .collect();
        out.push((path, methods));
    }
    out
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let paths = doc["paths"].as_object().expect("the document has paths");
    paths
        .iter()
        .flat_map(|(path, ops)| {
            let ops = ops.as_object().expect("a path item is an object");
            ops.keys().map(move |m| (normalize(path), m.clone()))
        })
        .collect()
}

fn missing(doc: &BTreeSet<(String, String)>, path: &str, methods: &[&str]) -> Vec<String> {
    methods
        .iter()
        .filter(|m| !doc.contains(&(normalize(path), (**m).to_owned())))
        .map(|m| format!("{} {path}", m.to_uppercase()))
        .collect()
}

#[test]
fn the_route_reader_finds_paths_methods_and_variables() {
    let source = r#"Router::new()
        .route("/a/{x}", methods().get(h::a).search(h::s).patch(h::p))
        .route(
            "/b",
            methods().post(h::b),
        )
        .merge(other())
        .route(rest, methods().get(ws::upgrade))
        .route("/admin", get(index_page))
        .fallback(not_found)"#;
    let found = routes(source);
    let names: Vec<_> = found.iter().map(|(p, m)| (p.as_str(), m.len())).collect();
    assert_eq!(names, [("/a/{x}", 3), ("/b", 1), ("rest", 1), ("/admin", 1)]);
    assert!(found[0].1.contains("search") && !found[0].1.contains("post"));
}

#[tokio::test]
async fn every_route_the_mock_serves_is_in_the_admins_document() {
    let app = TestApp::fixture();
    let doc = app.get("/server/specs/oas").await.json();
    let doc = documented(&doc);
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/http/");
    let mut gaps = Vec::new();
    let mut literal = BTreeSet::new();
    for file in std::fs::read_dir(dir).expect("src/http/") {
        let file = file.expect("a directory entry").path();
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&file).expect("the router's source");
        for (path, methods) in routes(&source) {
            if !path.starts_with('/') {
                assert!(VARIABLE_PATHS.contains(&path.as_str()), "unexplained route {path}");
                continue;
            }
            let key = normalize(&path);
            literal.insert(path.clone());
            if EXCLUDED.iter().any(|(p, _)| *p == key)
                || EXCLUDED_PREFIXES.iter().any(|(p, _)| path.starts_with(p))
            {
                continue;
            }
            // OpenAPI 3.0 has no SEARCH method: a SEARCH route is its GET's.
            // `any`: the route answers every method itself; GET must be there.
            let wanted: Vec<&str> = methods
                .iter()
                .map(|m| if *m == "any" { "get" } else { m })
                .filter(|m| *m != "search")
                .collect();
            gaps.extend(missing(&doc, &path, &wanted));
        }
    }
    assert!(
        literal.len() > 80,
        "the route reader found {} routes: has the URL table moved?",
        literal.len()
    );

    // The generic routes, through what they serve: `/{system}` answers a
    // system collection when it is not ROUTE_NOT_FOUND there.
    let collections = app.get("/collections?limit=-1").await.json();
    let collections = collections["data"].as_array().expect("collections");
    let (mut system, mut user) = (0, 0);
    for c in collections {
        let name = c["collection"].as_str().expect("a name");
        if let Some(segment) = name.strip_prefix("directus_") {
            let list = format!("/{segment}");
            if literal.contains(&list) {
                continue;
            }
            let probe = app.send("PATCH", &list, Some(common::ADMIN), Some("{}")).await;
            if probe.code().as_deref() == Some("ROUTE_NOT_FOUND") {
                continue;
            }
            system += 1;
            gaps.extend(missing(&doc, &list, &["get", "post", "patch", "delete"]));
            gaps.extend(missing(&doc, &format!("{list}/{{id}}"), &["get", "patch", "delete"]));
        } else if !c["schema"].is_null() {
            user += 1;
            let list = format!("/items/{name}");
            gaps.extend(missing(&doc, &list, &["get", "post", "patch", "delete"]));
            gaps.extend(missing(&doc, &format!("{list}/{{id}}"), &["get", "patch", "delete"]));
        }
    }
    assert!(system >= 15, "`/{{system}}` served only {system} collections");
    assert!(user >= 10, "only {user} user collections");
    assert!(gaps.is_empty(), "routes the mock serves but its document leaves out: {gaps:#?}");
}
