//! The writes of content versioning: `POST /versions/:id/save` (changes
//! merged into the version's delta, a `version_save` activity with a
//! revision that names the version) and `POST /versions/:id/promote` (the
//! delta written to the main item, when the main item is still the one the
//! version was made from).

use serde_json::{Map, Value, json};

use super::object_hash::object_hash;
use super::versions::{main_item, row_of, strip_stamps, unprocessable};
use crate::engine::Action;
use crate::engine::activity::{Log, Tracking};
use crate::engine::write::Gate;
use crate::error::{Error, ErrorCode, Result};
use crate::service::items::Items;
use crate::service::{Accountability, App};
use crate::store::Pk;
use crate::system;

/// `POST /versions/:id/save`: the changes (`body`) merged into the delta and
/// stamped with the caller and the time; answers the main item with the
/// whole delta over it. `patch_revision` (`?patchRevision`) folds the save
/// into the caller's last revision of this version instead of a new one.
pub(crate) fn save(
    app: &App,
    acc: &Accountability,
    id: &str,
    body: &Value,
    patch_revision: bool,
) -> Result<Value> {
    let version = row_of(app, acc, id)?;
    let versions = Items::new(app, acc, system::VERSIONS)?;
    let collection = version.get("collection").and_then(Value::as_str).unwrap_or_default();
    let item = version.get("item").and_then(Value::as_str).map(str::to_owned);
    let db = app.store.snapshot();
    let mut result = match &item {
        Some(item) => main_item(&versions, &db, collection, item)?,
        None => json!({}),
    };
    let changes = body.as_object().filter(|m| !m.is_empty()).cloned();
    if let (Some(item), Some(changes)) = (&item, &changes) {
        record_save(app, acc, id, collection, item, changes, patch_revision)?;
    }
    let mut delta = version.get("delta").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(mut changes) = changes {
        changes.insert("_user".into(), acc.user.clone().map_or(Value::Null, Value::String));
        let now = app.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        changes.insert("_date".into(), Value::String(now));
        delta.extend(changes);
    }
    // Directus writes the delta as an administrator with the caller's identity.
    let writer = Accountability { admin: true, ..acc.clone() };
    let system_versions = Items::new(app, &writer, system::VERSIONS)?.plain();
    system_versions.update_one(&Value::String(id.to_owned()), &json!({"delta": delta}))?;
    if let Some(out) = result.as_object_mut() {
        out.extend(delta);
    }
    Ok(result)
}

/// The activity and revision of a save of an item's version.
fn record_save(
    app: &App,
    acc: &Accountability,
    id: &str,
    collection: &str,
    item: &str,
    changes: &Map<String, Value>,
    patch_revision: bool,
) -> Result<()> {
    let Some(client) = acc.activity_client() else { return Ok(()) };
    let now = app.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let item_key = Pk::Str(item.into());
    app.store.write::<_, Error>(|db| {
        let Some(coll) = db.schema.collection(collection).cloned() else { return Ok(()) };
        let tracking = Tracking::of(&coll);
        if tracking == Tracking::Nothing {
            return Ok(());
        }
        if patch_revision && tracking == Tracking::All && patch_last(db, acc, id, changes) {
            return Ok(());
        }
        let mut log = Log::new(client);
        let activity = log.activity(db, &now, "version_save", collection, &item_key);
        if tracking == Tracking::All {
            let delta = Value::Object(changes.clone());
            let revision =
                log.revision(db, activity, collection, &item_key, delta.clone(), delta, &[]);
            let table = db.table_mut(system::REVISIONS);
            if let Some(existing) = table.get(&Pk::Int(revision)).cloned() {
                let mut row = (*existing).clone();
                row.insert("version".into(), Value::String(id.to_owned()));
                table.insert(Pk::Int(revision), row);
            }
        }
        Ok(())
    })
}

/// `?patchRevision`: merges the changes into the latest revision of the
/// version when the caller made it; whether there was one to merge into.
fn patch_last(
    db: &mut crate::store::Db,
    acc: &Accountability,
    id: &str,
    changes: &Map<String, Value>,
) -> bool {
    let Some(revisions) = db.table(system::REVISIONS) else { return false };
    let latest = revisions
        .rows
        .iter()
        .filter(|(_, r)| r.get("version").and_then(Value::as_str) == Some(id))
        .max_by_key(|(_, r)| r.get("activity").and_then(Value::as_i64).unwrap_or(0))
        .map(|(pk, r)| (pk.clone(), (**r).clone()));
    let Some((pk, mut row)) = latest else { return false };
    let activity = row.get("activity").and_then(Value::as_i64).unwrap_or(0);
    let author = db
        .row(system::ACTIVITY, &Pk::Int(activity))
        .and_then(|a| a.get("user").and_then(Value::as_str).map(str::to_owned));
    if author != acc.user {
        return false;
    }
    for key in ["data", "delta"] {
        let mut merged = row.get(key).and_then(Value::as_object).cloned().unwrap_or_default();
        merged.extend(changes.clone());
        row.insert(key.into(), Value::Object(merged));
    }
    db.table_mut(system::REVISIONS).insert(pk, row);
    true
}

/// `POST /versions/:id/promote {mainHash, fields?}`: the delta (or its
/// `fields`) written to the main item as the caller, when `mainHash` is
/// the main item's hash now; a version of a singleton without its row
/// creates the row. Answers the main item's key.
pub(crate) fn promote(app: &App, acc: &Accountability, id: &str, body: &Value) -> Result<Value> {
    let version = row_of(app, acc, id)?;
    let collection =
        version.get("collection").and_then(Value::as_str).unwrap_or_default().to_owned();
    let item = version.get("item").and_then(Value::as_str).map(str::to_owned);
    let main_hash = body.get("mainHash").and_then(Value::as_str);
    if item.is_some() && main_hash.is_none() {
        return Err(Error::invalid_payload("\"mainHash\" field is required"));
    }
    let db = app.store.snapshot();
    let access = acc.access(&db);
    let gate = Gate { db: &db, access: &access };
    match &item {
        Some(item) => {
            gate.check_access(&collection, Action::Update, Some(&[Value::String(item.clone())]))?
        }
        None => gate.check_access(&collection, Action::Create, None)?,
    }
    let Some(delta) = version.get("delta").filter(|d| !d.is_null()) else {
        return Err(unprocessable(app.config.profile, "No changes to promote"));
    };
    let main = Items::new(app, acc, &collection)?;
    if let Some(item) = &item {
        let hash = object_hash(&main.read_one(&Value::String(item.clone()), &Default::default())?);
        if Some(hash.as_str()) != main_hash {
            return Err(Error::bare(ErrorCode::VersionHashMismatch).with("mainHash", hash));
        }
    }
    let mut payload = strip_stamps(delta.clone()).as_object().cloned().unwrap_or_default();
    if let Some(fields) = body.get("fields").and_then(Value::as_array) {
        payload.retain(|k, _| fields.iter().any(|f| f.as_str() == Some(k)));
    }
    let payload = Value::Object(payload);
    match item {
        Some(item) => {
            main.update_one(&Value::String(item.clone()), &payload)?;
            Ok(Value::String(item))
        }
        None => {
            let key = main.create_one(&payload)?.to_value();
            let writer = Accountability { admin: true, ..acc.clone() };
            let versions = Items::new(app, &writer, system::VERSIONS)?.plain();
            let text = crate::engine::values::scalar_text(&key);
            versions.update_one(&Value::String(id.to_owned()), &json!({"item": text}))?;
            Ok(key)
        }
    }
}
