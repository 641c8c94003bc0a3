//! The file library: `/files` and `/folders` with the rules Directus' files
//! and folders services add to the items service's own.
//!
//! - Uploads (`upload.rs`): a multipart body's parts, one at a time — the
//!   fields before a file become its metadata, then the file is stored.
//! - JSON creates need a `type`; a `filename_disk` is sanitized and must be
//!   unique (FORBIDDEN); it cannot change in a bulk update.
//! - Bytes follow rows: [`after_commit`] runs after every write the items
//!   service publishes and deletes the bytes of removed files, moves those
//!   whose `filename_disk` changed, and forgets their cached transforms.
//! - Folders of `type: flows` belong to flows: only admins see, create or change them.
//! - Importing from a URL is `import.rs`; the derived facts (titles, media
//!   types, sizes, image headers) are `meta.rs`.

pub(crate) mod import;
pub(crate) mod meta;
pub(crate) mod upload;

use serde_json::{Map, Value, json};

use super::items::{Items, Written};
use super::{Accountability, App};
use crate::error::{Error, ErrorCode, Result};
use crate::query::Query;
use crate::query::operators::{Logical, Op};
use crate::storage::sanitize_key;
use crate::store::{Pk, Table};
use crate::system::{FILES, FOLDERS, SETTINGS};

/// The storage location every file names (`STORAGE_LOCATIONS`' first).
pub(crate) const LOCATION: &str = "local";

/// The folder new uploads go to when they name none (`storage_default_folder`).
pub(crate) fn default_folder(app: &App) -> Value {
    let db = app.store.snapshot();
    db.table(SETTINGS)
        .and_then(|t| t.rows.values().next())
        .and_then(|row| row.get("storage_default_folder"))
        .filter(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null)
}

/// Saves an upload's bytes; a storage that fails is Directus' SERVICE_UNAVAILABLE.
pub(crate) fn save(app: &App, key: &str, bytes: bytes::Bytes) -> Result<()> {
    app.storage.put(key, bytes).map_err(|e| {
        tracing::warn!(key, error = %e, "could not save a file");
        let reason = format!("Couldn't save file {key}");
        Error::new(
            ErrorCode::ServiceUnavailable,
            format!("Service \"files\" is unavailable. {reason}."),
        )
        .with("service", "files")
        .with("reason", reason)
    })
}

/// Whether another file than `except` already stores its bytes under `key`.
fn filename_taken(app: &App, key: &str, except: Option<&str>) -> bool {
    let db = app.store.snapshot();
    db.table(FILES).is_some_and(|t| {
        t.rows.iter().any(|(pk, row)| {
            row.get("filename_disk").and_then(Value::as_str) == Some(key)
                && except.is_none_or(|e| pk.to_string() != e)
        })
    })
}

/// A `filename_disk` a client sent: sanitized, and refused (FORBIDDEN) when
/// another file has it.
fn check_filename_disk(
    app: &App,
    data: &mut Map<String, Value>,
    except: Option<&str>,
) -> Result<()> {
    let Some(Value::String(name)) = data.get("filename_disk") else { return Ok(()) };
    let clean = sanitize_key(name);
    if filename_taken(app, &clean, except) {
        return Err(Error::forbidden());
    }
    data.insert("filename_disk".into(), Value::String(clean));
    Ok(())
}

/// `POST /files` with a JSON body: a file row without bytes (`type` required).
pub(crate) fn create(items: &Items<'_>, body: &Value) -> Result<Written> {
    let Some(mut data) = body.as_object().cloned().filter(|m| m.get("type").is_some_and(truthy))
    else {
        return Err(Error::invalid_payload("\"type\" is required"));
    };
    check_filename_disk(items.app, &mut data, None)?;
    items.create_one(&Value::Object(data)).map(Written::One)
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false)) && v != &json!("") && v != &json!(0)
}

/// `PATCH /files` (and `/files/:id` through [`update_one`]): a changed
/// `filename_disk` moves the bytes; in a bulk update it is refused.
pub(crate) fn update(items: &Items<'_>, body: &Value) -> Result<Written> {
    let bulk_rename = match body {
        Value::Array(list) => {
            list.len() > 1 && list.iter().any(|i| i.get("filename_disk").is_some())
        }
        Value::Object(m) => {
            let data_renames = m.get("data").and_then(|d| d.get("filename_disk")).is_some();
            let many = m.get("keys").and_then(Value::as_array).is_none_or(|k| k.len() > 1);
            data_renames && many
        }
        _ => false,
    };
    if bulk_rename {
        return Err(Error::invalid_payload(
            "\"filename_disk\" cannot be modified in bulk operations",
        ));
    }
    items.update(body)
}

/// `PATCH /files/:id` with a JSON body.
pub(crate) fn update_one(items: &Items<'_>, pk: &str, body: &Value) -> Result<Written> {
    let mut body = body.clone();
    if let Value::Object(data) = &mut body {
        check_filename_disk(items.app, data, Some(pk))?;
    }
    items.update_item(pk, &body)
}

/// After a published write: bytes follow the file rows it removed or moved,
/// and transforms of changed files are forgotten. `fresh` is the key whose
/// bytes the write itself stored (an upload's): a row moved onto it lets its
/// old bytes go.
pub(crate) fn after_commit(
    app: &App,
    before: Option<&Table>,
    after: Option<&Table>,
    fresh: Option<&str>,
) {
    let (Some(before), Some(after)) = (before, after) else { return };
    if std::sync::Arc::ptr_eq(&before.cache, &after.cache) {
        return;
    }
    let disk = |row: &Map<String, Value>| {
        row.get("filename_disk").and_then(Value::as_str).map(sanitize_key)
    };
    for change in before.rows.diff(&after.rows) {
        match change {
            imbl::ordmap::DiffItem::Add(..) => {}
            imbl::ordmap::DiffItem::Remove(pk, row) => {
                app.transforms.forget(&pk.to_string());
                if let Some(key) = disk(row) {
                    log_failure(app.storage.delete(&key), &key);
                }
            }
            imbl::ordmap::DiffItem::Update { old: (pk, old), new: (_, new) } => {
                app.transforms.forget(&pk.to_string());
                let (Some(from), Some(to)) = (disk(old), disk(new)) else { continue };
                if from == to {
                    continue;
                }
                move_bytes(app, &from, &to, fresh == Some(to.as_str()));
            }
        }
    }
}

/// A file's bytes follow its new `filename_disk`: moved there, or (when
/// something is there already, e.g. the bytes the write itself stored)
/// the row is repointed and only a fresh upload lets the old bytes go.
fn move_bytes(app: &App, from: &str, to: &str, fresh: bool) {
    match app.storage.get(to) {
        Ok(Some(_)) if fresh => log_failure(app.storage.delete(from), from),
        Ok(Some(_)) => {}
        Ok(None) => match app.storage.get(from) {
            Ok(Some(bytes)) => {
                log_failure(app.storage.put(to, bytes), to);
                log_failure(app.storage.delete(from), from);
            }
            Ok(None) => {}
            Err(e) => log_failure(Err(e), from),
        },
        Err(e) => log_failure(Err(e), to),
    }
}

fn log_failure(result: std::io::Result<()>, key: &str) {
    if let Err(e) = result {
        tracing::warn!(key, error = %e, "the storage could not follow a file's row");
    }
}

/// The caller may see folders of flows only as an admin.
fn hides_flows(acc: &Accountability) -> bool {
    !acc.admin
}

/// A folder read's query for the caller: without flows' folders for non-admins.
pub(crate) fn folders_query(acc: &Accountability, query: &Query) -> Query {
    let mut q = query.clone();
    if hides_flows(acc) {
        let rule = Op::Neq.on("type", "flows");
        q.filter = Some(match q.filter.take() {
            Some(existing) if existing.as_object().is_some_and(|m| !m.is_empty()) => {
                Logical::And.of(vec![existing, rule])
            }
            _ => rule,
        });
    }
    q
}

/// `GET /folders` by a non-admin crashes in 12.4: its folders service assigns
/// the flows rule to the controller's frozen query (a TypeError, answered as
/// the generic 500). SEARCH, reads by id and GraphQL are not affected. Only
/// the directus-12 profile reproduces it.
pub(crate) fn check_folders_get(app: &App, acc: &Accountability) -> Result<()> {
    if app.config.profile == crate::config::Profile::Directus12 && hides_flows(acc) {
        return Err(Error::new(ErrorCode::InternalServerError, "An unexpected error occurred."));
    }
    Ok(())
}

/// A `SEARCH /folders` body for the caller: its `query` (which replaces the
/// URL's) also leaves flows' folders out for non-admins, as Directus' folders
/// service adds the rule to every query it reads by.
pub(crate) fn folders_search_body(acc: &Accountability, body: &Value) -> Value {
    let mut body = body.clone();
    if !hides_flows(acc) {
        return body;
    }
    let Some(Value::Object(query)) = body.get_mut("query") else { return body };
    let rule = json!({"type": {"_neq": "flows"}});
    let existing = match query.remove("filter") {
        Some(Value::String(text)) => serde_json::from_str(&text).unwrap_or(Value::String(text)),
        Some(other) => other,
        None => Value::Null,
    };
    let filter = match existing {
        Value::Object(m) if m.is_empty() => rule,
        Value::Null => rule,
        other => json!({"_and": [other, rule]}),
    };
    query.insert("filter".into(), filter);
    body
}

/// Whether one of `keys` is a folder of flows.
fn any_flows_folder(app: &App, keys: &[Value]) -> bool {
    let db = app.store.snapshot();
    keys.iter().filter_map(Pk::from_value).any(|k| {
        db.row(FOLDERS, &k).and_then(|r| r.get("type")).and_then(Value::as_str) == Some("flows")
    })
}

/// The checks Directus' folders service makes for non-admins before a write:
/// no folder of flows is created, changed, deleted or used as a parent.
pub(crate) fn check_folders_write(
    app: &App,
    acc: &Accountability,
    body: &Value,
    targets: &[Value],
    action: &str,
) -> Result<()> {
    if !hides_flows(acc) {
        return Ok(());
    }
    let items: Vec<&Map<String, Value>> = match body {
        Value::Array(list) => list.iter().filter_map(Value::as_object).collect(),
        Value::Object(m) => vec![m.get("data").and_then(Value::as_object).unwrap_or(m)],
        _ => Vec::new(),
    };
    for item in items {
        if item.get("type").and_then(Value::as_str) == Some("flows") {
            let reason = if action == "create" {
                "Cannot create a flows folder"
            } else {
                "Cannot change a folder into a flows folder"
            };
            return Err(Error::invalid_payload(reason));
        }
        if let Some(parent) = item.get("parent").filter(|p| p.is_string())
            && any_flows_folder(app, std::slice::from_ref(parent))
        {
            return Err(Error::invalid_payload("Cannot nest a folder under a flows folder"));
        }
    }
    if action != "create" && any_flows_folder(app, targets) {
        return Err(Error::invalid_payload(format!("Cannot {action} a flows folder")));
    }
    Ok(())
}

/// The keys a folder update or delete names (an array body, or `keys`).
pub(crate) fn named_keys(body: &Value) -> Vec<Value> {
    match body {
        Value::Array(list) => {
            list.iter().map(|i| i.get("id").cloned().unwrap_or_else(|| i.clone())).collect()
        }
        Value::Object(m) => m.get("keys").and_then(Value::as_array).cloned().unwrap_or_default(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_body_hides_flows_folders_from_non_admins() {
        let user = Accountability::default();
        let admin = Accountability { admin: true, ..Accountability::default() };
        let rule = json!({"type": {"_neq": "flows"}});
        let check = |acc: &Accountability, body: Value, expected: Value| {
            assert_eq!(folders_search_body(acc, &body), expected);
        };
        check(&user, json!({"query": {}}), json!({"query": {"filter": rule}}));
        check(
            &user,
            json!({"query": {"filter": {"name": {"_eq": "a"}}}}),
            json!({"query": {"filter": {"_and": [{"name": {"_eq": "a"}}, rule]}}}),
        );
        check(
            &user,
            json!({"query": {"filter": "{\"name\":{\"_eq\":\"a\"}}"}}),
            json!({"query": {"filter": {"_and": [{"name": {"_eq": "a"}}, rule]}}}),
        );
        check(&user, json!({"keys": ["x"]}), json!({"keys": ["x"]}));
        check(&admin, json!({"query": {}}), json!({"query": {}}));
    }
}
