//! `directus_versions`: content versioning as Directus 12.4's
//! `VersionsService` does it. A version is a named draft (`key`) of one item
//! of a collection with versioning on (or of a singleton's first item); it
//! keeps the main item's `object-hash` from when it was made, and its
//! changes (`delta`), stamped with who saved them (`_user`, `_date`).
//! `save` merges changes into the delta (recorded as `version_save`
//! activity), `compare` shows the delta beside the main item and whether the
//! main item changed since, and `promote` writes the delta to the main item
//! when its hash still matches. Reads with `?version=` are
//! `version_read`'s.

use serde_json::{Map, Value, json};

use super::Write;
use super::object_hash::object_hash;
use crate::config::Profile;
use crate::engine::Action;
use crate::engine::write::Writer;
use crate::error::{Error, ErrorCode, Result};
use crate::query::Query;
use crate::service::items::Items;
use crate::service::{Accountability, App};
use crate::store::{Db, Pk};
use crate::system;

/// The key of versions without an item, and the keys no version may take.
const DRAFT: &str = "draft";
const PUBLISHED: [&str; 2] = ["published", "main"];

/// Directus' 422 UnprocessableContentError (the seed's UNPROCESSABLE_ENTITY).
pub(super) fn unprocessable(profile: Profile, reason: &str) -> Error {
    let code = match profile {
        Profile::Seed => ErrorCode::UnprocessableEntity,
        Profile::Directus12 => ErrorCode::UnprocessableContent,
    };
    Error::new(code, format!("Can't process content. {reason}.")).with("reason", reason)
}

/// A Joi `object` of optional string keys (`required` ones must be there,
/// `nullable` ones may be null), unknown keys refused: its first error.
fn joi(body: &Value, keys: &[(&str, bool, bool)]) -> Result<()> {
    let invalid = |reason: String| Err(Error::invalid_payload(reason));
    let Some(map) = body.as_object() else {
        return invalid("\"value\" must be of type object".into());
    };
    for (key, required, nullable) in keys {
        match map.get(*key) {
            None if *required => return invalid(format!("\"{key}\" is required")),
            None => {}
            Some(Value::Null) if *nullable => {}
            Some(Value::String(s)) if s.is_empty() => {
                return invalid(format!("\"{key}\" is not allowed to be empty"));
            }
            Some(Value::String(_)) => {}
            Some(_) => return invalid(format!("\"{key}\" must be a string")),
        }
    }
    if let Some(extra) = map.keys().find(|k| !keys.iter().any(|(key, ..)| key == k)) {
        return invalid(format!("\"{extra}\" is not allowed"));
    }
    Ok(())
}

fn text(row: &Map<String, Value>, key: &str) -> Option<String> {
    row.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Whether a version (not `except`) has this key (any, for `None`), collection and item.
fn taken(
    db: &Db,
    key: Option<&str>,
    collection: &str,
    item: Option<&str>,
    except: Option<&Pk>,
) -> bool {
    db.table(system::VERSIONS).is_some_and(|t| {
        t.rows.iter().any(|(pk, row)| {
            Some(pk) != except
                && key.is_none_or(|key| text(row, "key").as_deref() == Some(key))
                && text(row, "collection").as_deref() == Some(collection)
                && text(row, "item").as_deref() == item
        })
    })
}

/// A singleton that already has its row takes no item-less version.
fn singleton_empty(app: &App, db: &Db, collection: &str) -> Result<()> {
    let singleton = db.schema.collection(collection).is_some_and(|c| c.singleton());
    if singleton && db.table(collection).is_some_and(|t| !t.rows.is_empty()) {
        let reason = format!("Singleton collection \"{collection}\" already contains an item");
        return Err(unprocessable(app.config.profile, &reason));
    }
    Ok(())
}

/// The main item as the caller reads it (every field).
pub(super) fn main_item(items: &Items<'_>, db: &Db, collection: &str, item: &str) -> Result<Value> {
    let main = Items::new(items.app, items.acc, collection)?;
    main.read_one_in(db, &Value::String(item.to_owned()), &Query::default())
}

/// `validateCreateData`, then the main item's hash: the payload to create.
fn prepare_create(items: &Items<'_>, w: &Writer<'_, '_>, body: &Value) -> Result<Value> {
    let profile = items.app.config.profile;
    joi(
        body,
        &[
            ("key", true, false),
            ("name", false, true),
            ("collection", true, false),
            ("item", false, true),
        ],
    )?;
    let key = body.get("key").and_then(Value::as_str).unwrap_or_default();
    let collection = body.get("collection").and_then(Value::as_str).unwrap_or_default();
    let item = body.get("item").and_then(Value::as_str);
    if PUBLISHED.contains(&key) {
        return Err(Error::invalid_payload(format!("\"{key}\" is a reserved version key")));
    }
    if item.is_none() && key != DRAFT {
        return Err(Error::invalid_payload(format!(
            "\"key\" must be \"{DRAFT}\" for versions not linked to an item"
        )));
    }
    let keys = item.map(|i| vec![Value::String(i.to_owned())]);
    if w.check_access(collection, Action::Read, keys.as_deref()).is_err() {
        return Err(Error::forbidden());
    }
    let coll = w.db.schema.collection(collection).ok_or_else(Error::forbidden)?;
    let versioning = coll.meta.as_ref().and_then(|m| m.get("versioning")) == Some(&json!(true));
    if !versioning {
        let reason = format!("Content Versioning is not enabled for collection \"{collection}\"");
        return Err(unprocessable(profile, &reason));
    }
    if item.is_none() {
        if !coll.singleton() {
            return Ok(with_hash(body, Value::Null));
        }
        singleton_empty(items.app, w.db, collection)?;
    }
    if taken(w.db, Some(key), collection, item, None) {
        let reason = match item {
            None => {
                format!("Singleton collection \"{collection}\" already has an item-less version")
            }
            Some(item) => format!(
                "Version \"{key}\" already exists for item \"{item}\" in collection \"{collection}\""
            ),
        };
        return Err(unprocessable(profile, &reason));
    }
    let hash = match item {
        Some(item) => Value::String(object_hash(&main_item(items, w.db, collection, item)?)),
        None => Value::Null,
    };
    Ok(with_hash(body, hash))
}

fn with_hash(body: &Value, hash: Value) -> Value {
    let mut out = body.as_object().cloned().unwrap_or_default();
    out.insert("hash".into(), hash);
    Value::Object(out)
}

/// `createMany`: one key per item within the batch.
fn check_batch(items: &Items<'_>, list: &[Value]) -> Result<()> {
    let mut seen = Vec::new();
    for v in list {
        let field = |k: &str| v.get(k).map(crate::engine::values::scalar_text);
        let Some(item) = v.get("item").filter(|i| !i.is_null()) else { continue };
        let item = crate::engine::values::scalar_text(item);
        let combo = (field("key"), field("collection"), item.clone());
        if seen.contains(&combo) {
            let reason = format!(
                "Cannot create multiple versions on \"{item}\" in collection \"{}\" with the same key \"{}\"",
                combo.1.unwrap_or_default(),
                combo.0.unwrap_or_default()
            );
            return Err(unprocessable(items.app.config.profile, &reason));
        }
        seen.push(combo);
    }
    Ok(())
}

/// `updateMany`'s checks: only `key`, `name` and `item` change, and each
/// version keeps a key of its own per item.
fn check_update(items: &Items<'_>, w: &Writer<'_, '_>, keys: &[Pk], data: &Value) -> Result<()> {
    let profile = items.app.config.profile;
    joi(data, &[("key", false, false), ("name", false, true), ("item", false, true)])?;
    if let Some(key) = data.get("key").and_then(Value::as_str).filter(|k| PUBLISHED.contains(k)) {
        return Err(Error::invalid_payload(format!("\"{key}\" is a reserved version key")));
    }
    let mut seen = Vec::new();
    for pk in keys {
        let Some(row) = w.db.row(system::VERSIONS, pk) else { return Err(Error::forbidden()) };
        let collection = text(row, "collection").unwrap_or_default();
        let item = match data.get("item") {
            Some(v) => v.as_str().map(str::to_owned),
            None => text(row, "item"),
        };
        let key =
            data.get("key").and_then(Value::as_str).map(str::to_owned).or_else(|| text(row, "key"));
        let key = key.unwrap_or_default();
        let Some(item) = item else {
            if key != DRAFT {
                return Err(Error::invalid_payload(format!(
                    "\"key\" must be \"{DRAFT}\" for versions not linked to an item"
                )));
            }
            if w.db.schema.collection(&collection).is_some_and(|c| c.singleton()) {
                singleton_empty(items.app, w.db, &collection)?;
                if taken(w.db, None, &collection, None, Some(pk)) {
                    let reason = format!(
                        "Singleton collection \"{collection}\" already has an item-less version"
                    );
                    return Err(unprocessable(profile, &reason));
                }
            }
            continue;
        };
        let combo = (key.clone(), collection.clone(), item.clone());
        if seen.contains(&combo) {
            let reason = format!(
                "Cannot update multiple versions on \"{item}\" in collection \"{collection}\" to the same key \"{key}\""
            );
            return Err(unprocessable(profile, &reason));
        }
        seen.push(combo);
        if taken(w.db, Some(&key), &collection, Some(&item), Some(pk)) {
            let reason = format!(
                "Version \"{key}\" already exists for item \"{item}\" in collection \"{collection}\""
            );
            return Err(unprocessable(profile, &reason));
        }
    }
    Ok(())
}

/// The checks of `VersionsService` before a write, and the payload a create writes.
pub(super) fn check(
    items: &Items<'_>,
    w: &Writer<'_, '_>,
    write: Write<'_>,
) -> Result<Option<Value>> {
    match write {
        Write::Create(body) => prepare_create(items, w, body).map(Some),
        Write::Batch(list) => check_batch(items, list).map(|()| None),
        Write::Update(keys, data) => check_update(items, w, keys, data).map(|()| None),
        Write::Delete => Ok(None),
    }
}

/// A version as `readOne` answers it: its delta without the save stamps,
/// with the item's key, and the item's `user-updated`/`date-updated` fields
/// (or, for a version without an item, `user-created`/`date-created`) from
/// the last save's stamps. Without its collection the mapping fails as in
/// Directus (the collection is looked up by an undefined name).
pub(crate) fn map_read(db: &Db, mut version: Value) -> Result<Value> {
    let Some(obj) = version.as_object_mut() else { return Ok(version) };
    let Some(delta) = obj.get("delta").filter(|d| !d.is_null()).cloned() else {
        return Ok(version);
    };
    let collection = obj.get("collection").and_then(Value::as_str).unwrap_or_default().to_owned();
    let Some(coll) = db.schema.collection(&collection) else {
        return Err(Error::collection_forbidden("", &crate::error::QueriedIn(None)));
    };
    let mut delta = delta.as_object().cloned().unwrap_or_default();
    let item = obj.get("item").cloned().unwrap_or(Value::Null);
    let has_item = !item.is_null();
    delta.insert(coll.pk().to_owned(), item);
    let (stamp_user, stamp_date) = (delta.get("_user").cloned(), delta.get("_date").cloned());
    let mut mapped = Map::new();
    for field in coll.fields.values() {
        let (user, date) = if has_item {
            ("user-updated", "date-updated")
        } else {
            ("user-created", "date-created")
        };
        if field.has_special(user) {
            mapped.insert(field.name.clone(), stamp_user.clone().unwrap_or(Value::Null));
        } else if field.has_special(date) {
            mapped.insert(field.name.clone(), stamp_date.clone().unwrap_or(Value::Null));
        } else if let Some(v) = delta.get(&field.name) {
            mapped.insert(field.name.clone(), strip_stamps(v.clone()));
        }
    }
    obj.insert("delta".into(), Value::Object(mapped));
    Ok(version)
}

/// A delta without its save stamps (`_user`, `_date`), at every depth.
pub(super) fn strip_stamps(value: Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| k != "_user" && k != "_date")
                .map(|(k, v)| (k, strip_stamps(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_stamps).collect()),
        other => other,
    }
}

/// A version's row as the system reads it, or FORBIDDEN.
fn version_row(app: &App, acc: &Accountability, id: &str) -> Result<Map<String, Value>> {
    let items = Items::new(app, acc, system::VERSIONS)?;
    let raw = items.read_one_raw(&Value::String(id.to_owned()))?;
    raw.as_object().cloned().ok_or_else(Error::forbidden)
}

/// `GET /versions/:id/compare`.
pub(crate) fn compare(app: &App, acc: &Accountability, id: &str) -> Result<Value> {
    let items = Items::new(app, acc, system::VERSIONS)?;
    let db = app.store.snapshot();
    let version = map_read(&db, items.read_one(&Value::String(id.to_owned()), &Query::default())?)?;
    let item = version.get("item").and_then(Value::as_str).map(str::to_owned);
    let Some(item) = item else {
        return Err(Error::forbidden_reason(format!(
            "Version with key {id} does not have an associated item"
        )));
    };
    let collection = version.get("collection").and_then(Value::as_str).unwrap_or_default();
    let main = main_item(&items, &db, collection, &item)?;
    let main_hash = object_hash(&main);
    let outdated = version.get("hash").and_then(Value::as_str) != Some(main_hash.as_str());
    let pk = db.schema.collection(collection).map_or("id", |c| c.pk()).to_owned();
    let mut current = version.get("delta").and_then(Value::as_object).cloned().unwrap_or_default();
    current.insert(pk, Value::String(item));
    Ok(json!({"outdated": outdated, "mainHash": main_hash, "current": current, "main": main}))
}

pub(crate) use super::version_write::{promote, save};

/// The row of a version for the writes of `version_write` (without the mapping of reads).
pub(super) fn row_of(app: &App, acc: &Accountability, id: &str) -> Result<Map<String, Value>> {
    version_row(app, acc, id)
}
