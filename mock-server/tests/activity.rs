//! The activity log and revisions at the router's boundary: what nested writes
//! record, in which order, with which `data`, `delta` and `parent`; and that a
//! failed request records nothing (activity shares the write's transaction).

mod common;

use common::{ADMIN, TestApp};
use http::StatusCode;
use serde_json::json;

const ACTIVITY: &str =
    "/activity?fields=id,action,user,timestamp,collection,item,revisions&sort=id";
const REVISIONS: &str = "/revisions?fields=id,activity,collection,item,data,delta,parent&sort=id";

#[tokio::test]
async fn fixture_loading_is_not_recorded() {
    let app = TestApp::fixture();
    assert_eq!(app.get("/activity").await.json(), json!({"data": []}));
    assert_eq!(app.get("/revisions").await.json(), json!({"data": []}));
}

#[tokio::test]
async fn nested_create_records_children_first_with_their_parent_revision() {
    let app = TestApp::fixture();
    let body = json!({"title": "T", "author": {"name": "A"}, "comments": [{"text": "c1"}, {"text": "c2"}]});
    let created = app
        .send(
            "POST",
            "/items/articles?fields=id,author,comments",
            Some(ADMIN),
            Some(&body.to_string()),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    let data = created.json();
    let (article, author) = (data["data"]["id"].clone(), data["data"]["author"].clone());
    let (c1, c2) = (data["data"]["comments"][0].clone(), data["data"]["comments"][1].clone());
    let s = |v: &serde_json::Value| v.to_string();
    let admin = mock_server::ADMIN_USER_ID;
    let at = "2026-01-02T03:04:05.000Z";
    assert_eq!(
        app.get(ACTIVITY).await.json(),
        json!({"data": [
            {"id": 1, "action": "create", "user": admin, "timestamp": at, "collection": "authors", "item": s(&author), "revisions": [1]},
            {"id": 2, "action": "create", "user": admin, "timestamp": at, "collection": "comments", "item": s(&c1), "revisions": [2]},
            {"id": 3, "action": "create", "user": admin, "timestamp": at, "collection": "comments", "item": s(&c2), "revisions": [3]},
            {"id": 4, "action": "create", "user": admin, "timestamp": at, "collection": "articles", "item": s(&article), "revisions": [4]},
        ]})
    );
    // Relational fields (the M2O key, the O2M alias, the children's foreign key) are left out.
    assert_eq!(
        app.get(REVISIONS).await.json(),
        json!({"data": [
            {"id": 1, "activity": 1, "collection": "authors", "item": s(&author), "data": {"name": "A"}, "delta": {"name": "A"}, "parent": 4},
            {"id": 2, "activity": 2, "collection": "comments", "item": s(&c1), "data": {"text": "c1"}, "delta": {"text": "c1"}, "parent": 4},
            {"id": 3, "activity": 3, "collection": "comments", "item": s(&c2), "data": {"text": "c2"}, "delta": {"text": "c2"}, "parent": 4},
            {"id": 4, "activity": 4, "collection": "articles", "item": s(&article), "data": {"title": "T"}, "delta": {"title": "T"}, "parent": null},
        ]})
    );

    // An update that only deselects children: their updates have revisions, the
    // article's own activity has none (no column written), so theirs have no parent.
    let path = format!("/items/articles/{article}");
    let updated = app.send("PATCH", &path, Some(ADMIN), Some(r#"{"comments": []}"#)).await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    let tail = app
        .get("/activity?filter[id][_gt]=4&fields=action,collection,item,revisions.delta,revisions.parent&sort=id")
        .await;
    assert_eq!(
        tail.json(),
        json!({"data": [
            {"action": "update", "collection": "comments", "item": s(&c1), "revisions": [{"delta": {"article": null}, "parent": null}]},
            {"action": "update", "collection": "comments", "item": s(&c2), "revisions": [{"delta": {"article": null}, "parent": null}]},
            {"action": "update", "collection": "articles", "item": s(&article), "revisions": []},
        ]})
    );
}

#[tokio::test]
async fn update_data_is_the_row_after_the_change_and_delete_has_no_revision() {
    let app = TestApp::fixture();
    let updated = app
        .send(
            "PATCH",
            "/items/authors/1",
            Some(ADMIN),
            Some(r#"{"name": "Renamed", "country": null}"#),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    let revisions = app.get("/revisions?fields=data,delta").await.json();
    assert_eq!(revisions["data"][0]["delta"], json!({"name": "Renamed", "country": null}));
    let data = &revisions["data"][0]["data"];
    assert_eq!(data["id"], json!(1));
    assert_eq!(data["name"], json!("Renamed"));
    assert!(data.get("country").is_none() && data.get("articles").is_none(), "{data}");

    let deleted = app.send("DELETE", "/items/comments/1", Some(ADMIN), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let last = app.get("/activity?sort=-id&limit=1&fields=action,collection,item,revisions").await;
    assert_eq!(
        last.json(),
        json!({"data": [{"action": "delete", "collection": "comments", "item": "1", "revisions": []}]})
    );
}

#[tokio::test]
async fn a_failed_request_records_nothing() {
    let app = TestApp::fixture();
    // The author is valid and written first; the comment's key does not exist.
    let body = json!({"title": "never", "author": {"name": "kept?"}, "comments": [999]});
    let failed = app.send("POST", "/items/articles", Some(ADMIN), Some(&body.to_string())).await;
    assert_eq!(failed.status, StatusCode::FORBIDDEN, "{}", failed.text);
    assert_eq!(app.get("/activity").await.json(), json!({"data": []}));
    assert_eq!(app.get("/revisions").await.json(), json!({"data": []}));
}

#[tokio::test]
async fn logins_and_logouts_are_the_users_own_activity() {
    let app = TestApp::fixture();
    let login = json!({"email": "admin@example.com", "password": "admin-password"}).to_string();
    let tokens = app.send("POST", "/auth/login", None, Some(&login)).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.text);
    let refresh = tokens.json()["data"]["refresh_token"].clone();
    let logout = json!({"refresh_token": refresh}).to_string();
    let out = app.send("POST", "/auth/logout", None, Some(&logout)).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    let admin = mock_server::ADMIN_USER_ID;
    assert_eq!(
        app.get("/activity?fields=action,user,collection,item,revisions").await.json(),
        json!({"data": [
            {"action": "login", "user": admin, "collection": "directus_users", "item": admin, "revisions": []},
            {"action": "logout", "user": admin, "collection": "directus_users", "item": admin, "revisions": []},
        ]})
    );
}
