//! Atomicity under concurrency: many nested writes race on the router
//! in-process (a multi-threaded runtime, so they really overlap), some of
//! them fail deep inside their nested writes, and readers watch meanwhile.
//!
//! What is asserted does not depend on the interleaving: every response is
//! the one its request predicts, readers only ever see complete items, and
//! the final store equals (ids aside) the store that the successful requests
//! alone, replayed one by one on a fresh mock, produce. Appends to one
//! parent get the sort values 1..=K exactly once each, so no update is lost.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::{Value, json};

/// Writers racing; a quarter of them per failure kind fail, half succeed.
const WRITERS: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Ok,
    /// A second nested tag reuses the unique name "news".
    NotUnique,
    /// A nested tag without a name: validation two levels down.
    Invalid,
    /// A junction row pointing at a tag that does not exist.
    ForeignKey,
    /// A bare child key that does not exist.
    MissingChild,
}

fn outcome(i: usize) -> Outcome {
    match i % 8 {
        0 => Outcome::NotUnique,
        1 => Outcome::Invalid,
        2 => Outcome::ForeignKey,
        3 => Outcome::MissingChild,
        _ => Outcome::Ok,
    }
}

/// A create of an article with one nested item of every relation kind, and
/// its failing tail, if any, at the end of the nested writes.
fn create_body(i: usize) -> String {
    let mut comments =
        vec![json!({"text": format!("conc-c-{i}-a")}), json!({"text": format!("conc-c-{i}-b")})];
    let mut tags = vec![json!({"tags_id": {"name": format!("conc-tag-{i}")}})];
    match outcome(i) {
        Outcome::NotUnique => tags.push(json!({"tags_id": {"name": "news"}})),
        Outcome::Invalid => tags.push(json!({"tags_id": {"name": null}})),
        Outcome::ForeignKey => tags.push(json!({"tags_id": 99999})),
        Outcome::MissingChild => comments.push(json!(99999)),
        Outcome::Ok => {}
    }
    json!({
        "title": format!("conc-{i}"),
        "author": {"name": format!("conc-author-{i}")},
        "comments": comments,
        "notes": {"create": [{"text": format!("conc-n-{i}")}]},
        "tags": tags,
    })
    .to_string()
}

/// An append to article 3 (its sort value is the highest sibling's + 1), failing
/// after the append for failing writers.
fn append_body(i: usize) -> String {
    let mut body = json!({"comments": {"create": [{"text": format!("append-{i}")}]}});
    if outcome(i) != Outcome::Ok {
        body["tags"] = json!([{"tags_id": 99999}]);
    }
    body.to_string()
}

fn expected_create(i: usize) -> (StatusCode, Option<&'static str>) {
    match outcome(i) {
        Outcome::Ok => (StatusCode::OK, None),
        Outcome::NotUnique => (StatusCode::BAD_REQUEST, Some("RECORD_NOT_UNIQUE")),
        Outcome::Invalid => (StatusCode::BAD_REQUEST, Some("FAILED_VALIDATION")),
        Outcome::ForeignKey => (StatusCode::BAD_REQUEST, Some("INVALID_FOREIGN_KEY")),
        Outcome::MissingChild => (StatusCode::FORBIDDEN, Some("FORBIDDEN")),
    }
}

/// Checks that an article read while writers run is complete: a request is
/// visible entirely or not at all.
fn assert_complete(article: &Value) {
    let title = article["title"].as_str().expect("an article with a title");
    let i = title.trim_start_matches("conc-");
    assert_eq!(article["author"]["name"], json!(format!("conc-author-{i}")), "{article}");
    assert_eq!(article["comments"].as_array().map(Vec::len), Some(2), "{article}");
    assert_eq!(article["notes"], json!([{"text": format!("conc-n-{i}")}]), "{article}");
    assert_eq!(
        article["tags"],
        json!([{"tags_id": {"name": format!("conc-tag-{i}")}}]),
        "{article}"
    );
}

const ARTICLE_FIELDS: &str = "title,author.name,comments.text,notes.text,tags.tags_id.name";

async fn rows(app: &TestApp, path: &str) -> Vec<Value> {
    let resp = app.get(path).await;
    assert_eq!(resp.status, StatusCode::OK, "{path}: {}", resp.text);
    resp.json()["data"].as_array().expect("a list of rows").clone()
}

/// Lists sorted at every depth, so the comparison does not depend on the
/// order in which writers got their turn.
fn normalized(v: Value) -> Value {
    match v {
        Value::Array(items) => {
            let mut items: Vec<Value> = items.into_iter().map(normalized).collect();
            items.sort_by_key(Value::to_string);
            Value::Array(items)
        }
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, normalized(v))).collect()),
        other => other,
    }
}

/// The store without ids: every row of the collections the writers touch, by
/// the values that identify it and its relations.
async fn projection(app: &TestApp) -> Vec<(&'static str, Value)> {
    let paths = [
        ("articles", format!("/items/articles?limit=-1&fields={ARTICLE_FIELDS}")),
        ("authors", "/items/authors?limit=-1&fields=name,articles.title".to_owned()),
        ("comments", "/items/comments?limit=-1&fields=text,article.title".to_owned()),
        ("notes", "/items/notes?limit=-1&fields=text,article.title".to_owned()),
        ("tags", "/items/tags?limit=-1&fields=name".to_owned()),
        (
            "articles_tags",
            "/items/articles_tags?limit=-1&fields=articles_id.title,tags_id.name".to_owned(),
        ),
    ];
    let mut out = Vec::new();
    for (name, path) in paths {
        out.push((name, normalized(Value::Array(rows(app, &path).await))));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_nested_writes_keep_exactly_the_successful_ones() {
    let app = Arc::new(TestApp::fixture());
    let done = Arc::new(AtomicBool::new(false));

    // Readers: every article they see is complete.
    let mut readers = Vec::new();
    for _ in 0..3 {
        let (app, done) = (Arc::clone(&app), Arc::clone(&done));
        readers.push(tokio::spawn(async move {
            let mut seen = 0usize;
            while !done.load(Ordering::SeqCst) {
                let path = format!(
                    "/items/articles?limit=-1&filter[title][_starts_with]=conc-&fields={ARTICLE_FIELDS}"
                );
                for article in rows(&app, &path).await {
                    assert_complete(&article);
                    seen += 1;
                }
                tokio::task::yield_now().await;
            }
            seen
        }));
    }

    // Writers: a nested create and an append to a shared parent each.
    let mut writers = Vec::new();
    for i in 0..WRITERS {
        let app = Arc::clone(&app);
        writers.push(tokio::spawn(async move {
            let created = app
                .send("POST", "/items/articles?fields=id", Some(ADMIN), Some(&create_body(i)))
                .await;
            let appended = app
                .send("PATCH", "/items/articles/3?fields=id", Some(ADMIN), Some(&append_body(i)))
                .await;
            (i, created, appended)
        }));
    }
    for w in writers {
        let (i, created, appended) = w.await.expect("writer task");
        let (status, code) = expected_create(i);
        assert_eq!(created.status, status, "create {i}: {}", created.text);
        assert_eq!(created.code().as_deref(), code, "create {i}: {}", created.text);
        if outcome(i) == Outcome::Ok {
            assert_eq!(appended.status, StatusCode::OK, "append {i}: {}", appended.text);
        } else {
            assert_eq!(appended.code().as_deref(), Some("INVALID_FOREIGN_KEY"), "append {i}");
        }
    }
    done.store(true, Ordering::SeqCst);
    for r in readers {
        r.await.expect("reader task");
    }

    let ok: Vec<usize> = (0..WRITERS).filter(|i| outcome(*i) == Outcome::Ok).collect();

    // Exactly the successful creates, each complete; nothing of the failed ones.
    let created = rows(
        &app,
        &format!(
            "/items/articles?limit=-1&filter[title][_starts_with]=conc-&fields={ARTICLE_FIELDS}"
        ),
    )
    .await;
    let titles: BTreeSet<String> =
        created.iter().filter_map(|a| a["title"].as_str().map(str::to_owned)).collect();
    assert_eq!(titles, ok.iter().map(|i| format!("conc-{i}")).collect::<BTreeSet<_>>());
    created.iter().for_each(assert_complete);
    let leftovers =
        rows(&app, "/items/comments?limit=-1&fields=text&filter[text][_starts_with]=conc-").await;
    assert_eq!(leftovers.len(), 2 * ok.len());

    // No lost update: each successful append has its own sort value, 1..=K.
    let appended =
        rows(&app, "/items/comments?limit=-1&fields=text,sort&filter[article][_eq]=3").await;
    let texts: BTreeSet<String> =
        appended.iter().filter_map(|c| c["text"].as_str().map(str::to_owned)).collect();
    assert_eq!(texts, ok.iter().map(|i| format!("append-{i}")).collect::<BTreeSet<_>>());
    let mut sorts: Vec<i64> = appended.iter().filter_map(|c| c["sort"].as_i64()).collect();
    sorts.sort_unstable();
    assert_eq!(sorts, (1..=ok.len() as i64).collect::<Vec<_>>());

    // The same store as the successful requests alone, one after the other.
    let replay = TestApp::fixture();
    for i in &ok {
        let created = replay
            .send("POST", "/items/articles?fields=id", Some(ADMIN), Some(&create_body(*i)))
            .await;
        assert_eq!(created.status, StatusCode::OK, "replayed create {i}: {}", created.text);
        let appended = replay
            .send("PATCH", "/items/articles/3?fields=id", Some(ADMIN), Some(&append_body(*i)))
            .await;
        assert_eq!(appended.status, StatusCode::OK, "replayed append {i}: {}", appended.text);
    }
    let (raced, alone) = (projection(&app).await, projection(&replay).await);
    for ((name, raced), (_, alone)) in raced.into_iter().zip(alone) {
        assert_eq!(raced, alone, "{name} differ from the successful requests replayed alone");
    }
}
