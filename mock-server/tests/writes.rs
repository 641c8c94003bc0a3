//! Write limits at the router's boundary: `MAX_BATCH_MUTATION` counts every
//! item a request writes, nested ones included, and a request over it keeps
//! nothing.

mod common;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::json;

fn limited(max: u64) -> TestApp {
    TestApp::with_config(mock_server::Config {
        fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
        max_batch_mutation: Some(max),
        ..mock_server::Config::default()
    })
}

#[tokio::test]
async fn max_batch_mutation_counts_nested_writes() {
    let app = limited(4);
    // 1 article + 1 author + 2 comments = 4: allowed.
    let body = json!({"title": "four", "author": {"name": "a"}, "comments": [{"text": "x"}, {"text": "y"}]});
    let ok = app
        .send("POST", "/items/articles?fields=title", Some(ADMIN), Some(&body.to_string()))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);

    // One more nested item is over the limit, and nothing of it is kept.
    let body = json!({"title": "five", "author": {"name": "b"}, "comments": [{"text": "x"}, {"text": "y"}, {"text": "z"}]});
    let over = app.send("POST", "/items/articles", Some(ADMIN), Some(&body.to_string())).await;
    assert_eq!(over.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        over.json(),
        json!({"errors": [{"message": "Invalid payload. Exceeded max batch mutation limit of 4.",
                           "extensions": {"reason": "Exceeded max batch mutation limit of 4", "code": "INVALID_PAYLOAD"}}]})
    );
    let kept = app.get("/items/articles?filter[title][_eq]=five&fields=id").await;
    assert_eq!(kept.json(), json!({"data": []}));

    // Updates and deletes count their keys; deselected children count too.
    let update = app
        .send(
            "PATCH",
            "/items/comments",
            Some(ADMIN),
            Some(r#"{"keys":[1,2,3,4,5],"data":{"text":"t"}}"#),
        )
        .await;
    assert_eq!(update.code().as_deref(), Some("INVALID_PAYLOAD"));
    let deselect = app
        .send(
            "PATCH",
            "/items/articles/1",
            Some(ADMIN),
            Some(r#"{"comments":[],"notes":[],"tags":[]}"#),
        )
        .await;
    assert_eq!(deselect.status, StatusCode::BAD_REQUEST, "1 update + 3 + 2 + 2 deselected");
    let delete = app.send("DELETE", "/items/comments", Some(ADMIN), Some("[1,2,3,4]")).await;
    assert_eq!(delete.status, StatusCode::NO_CONTENT);
}
