//! The permissions matrix: personas with field lists and item rules (the mock
//! has no licence limits), every collection and action, and the one property
//! that matters most — no response tells a persona about an item or a field
//! it may not see. A hidden item answers exactly like a missing one; a
//! forbidden field answers like a field that does not exist; lists, counts,
//! aggregates, filters and nested reads hold only what the persona may read.

mod common;

use std::collections::BTreeSet;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::{Value, json};

/// A persona: its token, and what the test expects it may see.
struct Persona {
    name: &'static str,
    token: String,
    /// Per collection: (readable ids, readable fields; empty = none readable).
    sees: Vec<(&'static str, BTreeSet<i64>, BTreeSet<&'static str>)>,
    /// Collections it may update and delete items of, with the ids it may touch.
    writes: Vec<(&'static str, BTreeSet<i64>)>,
}

const COLLECTIONS: &[&str] = &["articles", "authors", "notes", "tags"];

/// Rows each collection has in the fixture (plus `notes.owner`, set below).
fn all_ids(collection: &str) -> BTreeSet<i64> {
    match collection {
        "articles" => (1..=6).collect(),
        "authors" | "tags" | "notes" => (1..=3).collect(),
        _ => BTreeSet::new(),
    }
}

fn ids(list: &[i64]) -> BTreeSet<i64> {
    list.iter().copied().collect()
}

fn fields(list: &[&'static str]) -> BTreeSet<&'static str> {
    list.iter().copied().collect()
}

async fn ok(app: &TestApp, method: &str, path: &str, body: Value) -> Value {
    let resp = app.send(method, path, Some(ADMIN), Some(&body.to_string())).await;
    assert_eq!(resp.status, StatusCode::OK, "{method} {path}: {}", resp.text);
    resp.json()
}

/// A user with one policy of these permissions and a static token.
async fn persona(app: &TestApp, name: &str, permissions: Value) -> (String, String) {
    let policy = ok(
        app,
        "POST",
        "/policies",
        json!({"name": format!("matrix {name}"), "permissions": permissions}),
    )
    .await;
    let policy = policy["data"]["id"].as_str().expect("the policy's id").to_owned();
    let token = format!("matrix-{name}");
    let user = ok(
        app,
        "POST",
        "/users",
        json!({"email": format!("{name}@example.com"), "token": token, "policies": [{"policy": policy}]}),
    )
    .await;
    (token, user["data"]["id"].as_str().expect("the user's id").to_owned())
}

fn perm(collection: &str, action: &str, fields: &[&str], rule: Value) -> Value {
    json!({"collection": collection, "action": action, "fields": fields, "permissions": rule, "validation": {}})
}

async fn setup() -> (TestApp, Vec<Persona>) {
    let app = TestApp::fixture();
    // notes get an owner, so item rules can use $CURRENT_USER.
    ok(
        &app,
        "POST",
        "/fields/notes",
        json!({"field": "owner", "type": "uuid", "meta": {}, "schema": {}}),
    )
    .await;
    let published = json!({"status": {"_eq": "published"}});
    let (reader_token, _) = persona(
        &app,
        "published",
        json!([
            perm("articles", "read", &["id", "title", "status", "author"], published.clone()),
            perm("articles", "update", &["title"], published.clone()),
            perm("authors", "read", &["id", "name"], json!({})),
        ]),
    )
    .await;
    let mine = json!({"owner": {"_eq": "$CURRENT_USER"}});
    let (owner_token, owner_id) = persona(
        &app,
        "owner",
        json!([
            perm("notes", "read", &["*"], mine.clone()),
            perm("notes", "update", &["text"], mine.clone()),
            perm("notes", "delete", &["*"], mine.clone()),
            perm("tags", "read", &["id"], json!({"id": {"_in": [1, 3]}})),
        ]),
    )
    .await;
    for id in [1, 3] {
        ok(&app, "PATCH", &format!("/items/notes/{id}"), json!({"owner": owner_id})).await;
    }
    let (nobody_token, _) = persona(&app, "nobody", json!([])).await;
    let personas = vec![
        Persona {
            name: "published",
            token: reader_token,
            sees: vec![
                ("articles", ids(&[1, 2, 5]), fields(&["id", "title", "status", "author"])),
                ("authors", ids(&[1, 2, 3]), fields(&["id", "name"])),
            ],
            writes: vec![("articles", ids(&[1, 2, 5]))],
        },
        Persona {
            name: "owner",
            token: owner_token,
            sees: vec![
                ("notes", ids(&[1, 3]), fields(&["id", "text", "article", "owner"])),
                ("tags", ids(&[1, 3]), fields(&["id"])),
            ],
            writes: vec![("notes", ids(&[1, 3]))],
        },
        Persona { name: "nobody", token: nobody_token, sees: vec![], writes: vec![] },
    ];
    (app, personas)
}

impl Persona {
    fn visible(&self, collection: &str) -> Option<(&BTreeSet<i64>, &BTreeSet<&'static str>)> {
        self.sees.iter().find(|(c, _, _)| *c == collection).map(|(_, i, f)| (i, f))
    }

    async fn send(
        &self,
        app: &TestApp,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> (StatusCode, Value) {
        let resp = app.send(method, path, Some(&self.token), body).await;
        (resp.status, resp.json())
    }
}

/// The ids and field names of a `data` array.
fn rows(data: &Value) -> (BTreeSet<i64>, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for row in data.as_array().into_iter().flatten() {
        if let Some(id) = row.get("id").and_then(Value::as_i64) {
            ids.insert(id);
        }
        for k in row.as_object().into_iter().flat_map(|m| m.keys()) {
            keys.insert(k.clone());
        }
    }
    (ids, keys)
}

#[tokio::test]
async fn a_hidden_item_answers_exactly_like_a_missing_one() {
    let (app, personas) = setup().await;
    for p in &personas {
        for collection in COLLECTIONS {
            // A collection a persona has no rule for: it sees and writes no item.
            let visible = p.visible(collection).map(|(i, _)| i.clone()).unwrap_or_default();
            let writable = p
                .writes
                .iter()
                .find(|(c, _)| c == collection)
                .map(|(_, i)| i.clone())
                .unwrap_or_default();
            let missing = 999_999;
            for id in all_ids(collection) {
                for (method, body) in [
                    ("GET", None),
                    ("PATCH", Some(r#"{"title":"x","text":"x"}"#)),
                    ("DELETE", None),
                ] {
                    let allowed = match method {
                        "GET" => visible.contains(&id),
                        _ => writable.contains(&id),
                    };
                    if allowed {
                        continue;
                    }
                    let hidden =
                        p.send(&app, method, &format!("/items/{collection}/{id}"), body).await;
                    let gone =
                        p.send(&app, method, &format!("/items/{collection}/{missing}"), body).await;
                    assert_eq!(
                        hidden, gone,
                        "{} {method} /items/{collection}/{id} differs from a missing item",
                        p.name
                    );
                    assert_eq!(
                        hidden.0,
                        StatusCode::FORBIDDEN,
                        "{} {method} {collection}/{id}",
                        p.name
                    );
                    if visible.contains(&id) {
                        continue;
                    }
                    // The filter route to the same item finds nothing, like a missing key.
                    let by_filter = p
                        .send(
                            &app,
                            "GET",
                            &format!("/items/{collection}?fields=id&filter[id][_eq]={id}"),
                            None,
                        )
                        .await;
                    let by_missing = p
                        .send(
                            &app,
                            "GET",
                            &format!("/items/{collection}?fields=id&filter[id][_eq]={missing}"),
                            None,
                        )
                        .await;
                    assert_eq!(
                        by_filter, by_missing,
                        "{} filter on {collection}.id = {id}",
                        p.name
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn creating_without_permission_reads_like_an_unknown_collection() {
    let (app, personas) = setup().await;
    for p in &personas {
        for collection in COLLECTIONS {
            let (status, body) = p
                .send(&app, "POST", &format!("/items/{collection}"), Some(r#"{"name":"x"}"#))
                .await;
            let (_, unknown) =
                p.send(&app, "POST", "/items/no_such_collection", Some(r#"{"name":"x"}"#)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{} creates in {collection}", p.name);
            assert_eq!(
                body.to_string().replace(collection, "X"),
                unknown.to_string().replace("no_such_collection", "X"),
                "{} creates in {collection}",
                p.name
            );
        }
    }
    assert_eq!(
        app.get("/items/tags?aggregate[count]=*").await.json(),
        json!({"data": [{"count": 3}]})
    );
}

#[tokio::test]
async fn lists_counts_and_aggregates_hold_only_what_a_persona_may_read() {
    let (app, personas) = setup().await;
    for p in &personas {
        for collection in COLLECTIONS {
            let (status, body) =
                p.send(&app, "GET", &format!("/items/{collection}?meta=*"), None).await;
            let Some((visible, allowed)) = p.visible(collection) else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{} lists {collection}", p.name);
                let (_, unknown) = p.send(&app, "GET", "/items/no_such_collection", None).await;
                assert_eq!(
                    body["errors"][0]["message"].as_str().map(|m| m.replace(collection, "X")),
                    unknown["errors"][0]["message"]
                        .as_str()
                        .map(|m| m.replace("no_such_collection", "X")),
                    "{}: a forbidden collection must read like an unknown one",
                    p.name
                );
                continue;
            };
            assert_eq!(status, StatusCode::OK, "{} lists {collection}: {body}", p.name);
            let (ids, keys) = rows(&body["data"]);
            assert_eq!(&ids, visible, "{} sees these {collection}", p.name);
            let allowed: BTreeSet<String> = allowed.iter().map(|f| (*f).to_owned()).collect();
            assert!(keys.is_subset(&allowed), "{} sees fields {keys:?} of {collection}", p.name);
            assert_eq!(body["meta"]["total_count"], json!(visible.len()), "{} total_count", p.name);
            assert_eq!(
                body["meta"]["filter_count"],
                json!(visible.len()),
                "{} filter_count",
                p.name
            );
            let (_, agg) =
                p.send(&app, "GET", &format!("/items/{collection}?aggregate[count]=*"), None).await;
            assert_eq!(
                agg["data"][0]["count"],
                json!(visible.len()),
                "{} count({collection})",
                p.name
            );
            let (_, search) =
                p.send(&app, "GET", &format!("/items/{collection}?fields=id&search=e"), None).await;
            let (found, _) = rows(&search["data"]);
            assert!(found.is_subset(visible), "{} searching {collection} found {found:?}", p.name);
        }
    }
}

#[tokio::test]
async fn a_forbidden_field_answers_like_a_field_that_does_not_exist() {
    let (app, personas) = setup().await;
    let columns: &[(&str, &[&str])] = &[
        ("articles", &["id", "title", "status", "views", "body", "author", "secret"]),
        ("authors", &["id", "name", "born", "country"]),
        ("notes", &["id", "text", "article", "owner"]),
        ("tags", &["id", "name"]),
    ];
    for p in &personas {
        for (collection, cols) in columns {
            let Some((_, allowed)) = p.visible(collection) else { continue };
            for field in cols.iter().filter(|f| !allowed.contains(*f)) {
                for param in [
                    format!("fields={field}"),
                    format!("sort={field}"),
                    format!("filter[{field}][_null]=true"),
                ] {
                    let (status, hidden) =
                        p.send(&app, "GET", &format!("/items/{collection}?{param}"), None).await;
                    let (_, none) = p
                        .send(
                            &app,
                            "GET",
                            &format!("/items/{collection}?{}", param.replace(field, "zz_none")),
                            None,
                        )
                        .await;
                    assert_eq!(status, StatusCode::FORBIDDEN, "{} {collection}?{param}", p.name);
                    assert_eq!(
                        hidden.to_string().replace(field, "F"),
                        none.to_string().replace("zz_none", "F"),
                        "{} {collection}?{param}",
                        p.name
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn nested_reads_and_writes_stay_inside_the_rules() {
    let (app, personas) = setup().await;
    let published = &personas[0];
    // authors.articles is not readable through an o2m the persona has no field for,
    // but articles.author is: nested authors come with their allowed fields only.
    let (status, body) =
        published.send(&app, "GET", "/items/articles?fields=id,author.*", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for row in body["data"].as_array().into_iter().flatten() {
        if let Some(author) = row["author"].as_object() {
            let keys: BTreeSet<&str> = author.keys().map(String::as_str).collect();
            assert!(keys.is_subset(&fields(&["id", "name"])), "nested author fields {keys:?}");
        }
    }
    // An update that may touch a field outside the list is refused, and nothing changes.
    let (status, _) =
        published.send(&app, "PATCH", "/items/articles/1", Some(r#"{"views": 1000}"#)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get("/items/articles/1?fields=views").await.json(),
        json!({"data": {"views": 10}})
    );
    // An allowed update on a visible item works and is read back within the rules.
    let (status, body) = published
        .send(&app, "PATCH", "/items/articles/2?fields=title", Some(r#"{"title": "Edited"}"#))
        .await;
    assert_eq!((status, body), (StatusCode::OK, json!({"data": {"title": "Edited"}})));
    // Batch updates by query only reach visible items.
    let (status, _) = published
        .send(
            &app,
            "PATCH",
            "/items/articles",
            Some(r#"{"query": {"limit": -1}, "data": {"title": "All"}}"#),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let titles = app.get("/items/articles?fields=id,title&sort=id").await.json();
    let changed: Vec<i64> = titles["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["title"] == json!("All"))
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert_eq!(changed, vec![1, 2, 5], "update by query touched {changed:?}");
    // $CURRENT_USER: the owner deletes their own note, not another's.
    let owner = &personas[1];
    assert_eq!(owner.send(&app, "DELETE", "/items/notes/2", None).await.0, StatusCode::FORBIDDEN);
    assert_eq!(owner.send(&app, "DELETE", "/items/notes/1", None).await.0, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/items/notes?fields=id").await.json(),
        json!({"data": [{"id": 2}, {"id": 3}]})
    );
}
