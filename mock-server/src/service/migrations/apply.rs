//! Applying a diff (`POST /schema/apply`) to a draft schema and store, in
//! Directus' order; `service::schema` holds the draft-level operations.
//!
//! The diff passed `validate_apply`: every entry's `collection` (and
//! `field`) is a string and every operation has the keys its kind needs, so
//! the `unwrap_or_default()`s below on those keys never take their default.

use serde_json::{Value, json};

use super::deep_diff::apply_change;
use super::{first_kind, list, text};
use crate::error::Result;
use crate::schema::Schema;
use crate::service::schema::{self as schema_service, parse_collection, parse_field};
use crate::store::Db;
use crate::vendor::Vendor;

/// Whether the first operation is a `meta.<key>` addition or removal (an update, not a create/delete).
fn nested_meta_update(op: &Value) -> bool {
    matches!(text(op, "kind"), Some("N" | "D"))
        && op
            .get("path")
            .and_then(Value::as_array)
            .is_some_and(|p| p.len() >= 2 && p.first().and_then(Value::as_str) == Some("meta"))
}

/// The group (`meta.group`) of a collection a diff creates.
fn group_of(e: &Value) -> Option<&str> {
    e.pointer("/diff/0/rhs/meta/group").and_then(Value::as_str)
}

/// The current snapshot item with a diff's operations applied.
fn patched(current: Option<&Value>, ops: &[Value]) -> Option<Value> {
    let mut value = current?.clone();
    for op in ops {
        apply_change(&mut value, op);
    }
    Some(value)
}

/// Directus' `applyDiff`, on a draft schema and store: collections created
/// (parents of a group first), removed, changed; fields; system field
/// indexes; relations. The first error abandons the draft.
pub(super) fn apply_diff(
    schema: &mut Schema,
    db: &mut Db,
    current: &Value,
    diff: &Value,
) -> Result<()> {
    let current = Current(current);
    let mut fields: Vec<&Value> = list(diff, "fields").iter().collect();
    create_collections(schema, db.vendor, &current, list(diff, "collections"), &mut fields)?;
    change_collections(schema, &current, list(diff, "collections"))?;
    let mut relations: Vec<&Value> = list(diff, "relations").iter().collect();
    apply_fields(schema, db, &current, fields, &mut relations)?;
    apply_system_fields(schema, list(diff, "systemFields"));
    apply_relations(schema, db, &current, relations)
}

/// The current snapshot, where the items a diff entry changes are looked up.
struct Current<'a>(&'a Value);

impl Current<'_> {
    /// The item of `list_key` whose `keys` equal the entry's.
    fn find(&self, list_key: &str, e: &Value, keys: &[&str]) -> Option<Value> {
        list(self.0, list_key).iter().find(|c| keys.iter().all(|k| c.get(*k) == e.get(*k))).cloned()
    }
}

/// The operations of a diff entry.
fn ops(e: &Value) -> Vec<Value> {
    list(e, "diff").to_vec()
}

/// New collections, with their fields (taken out of `fields`); a collection
/// in a new group after its group.
fn create_collections(
    schema: &mut Schema,
    vendor: Vendor,
    current: &Current<'_>,
    collections: &[Value],
    fields: &mut Vec<&Value>,
) -> Result<()> {
    let is_new = |e: &&Value| first_kind(e) == Some("N") && e.pointer("/diff/0/rhs").is_some();
    let created_now = |g: &str| {
        collections.iter().any(|e| first_kind(e) == Some("N") && text(e, "collection") == Some(g))
    };
    let mut queue: Vec<&Value> = collections
        .iter()
        .filter(is_new)
        .filter(|e| match group_of(e) {
            None => true,
            Some(g) => {
                current.find("collections", &json!({"collection": g}), &["collection"]).is_some()
                    && !created_now(g)
            }
        })
        .collect();
    let mut next = 0;
    while let Some(e) = queue.get(next).copied() {
        next += 1;
        let name = text(e, "collection").unwrap_or_default().to_owned();
        let mut payload = e.pointer("/diff/0/rhs").cloned().unwrap_or(Value::Null);
        let own: Vec<Value> = fields
            .iter()
            .filter(|f| text(f, "collection") == Some(name.as_str()))
            .filter_map(|f| f.pointer("/diff/0/rhs").cloned())
            .collect();
        if let Value::Object(m) = &mut payload {
            m.insert("fields".into(), Value::Array(own));
        }
        schema_service::insert_collection(schema, parse_collection(&payload, vendor)?)?;
        fields.retain(|f| text(f, "collection") != Some(name.as_str()));
        let children: Vec<&Value> =
            collections.iter().filter(is_new).filter(|c| group_of(c) == Some(&name)).collect();
        queue.extend(children);
    }
    Ok(())
}

/// Removed collections, then changed ones.
fn change_collections(
    schema: &mut Schema,
    current: &Current<'_>,
    collections: &[Value],
) -> Result<()> {
    for e in collections.iter().filter(|e| first_kind(e) == Some("D")) {
        let name = text(e, "collection").unwrap_or_default();
        // Directus drops the relations first, so an O2M alias on the other side stays.
        schema
            .relations
            .retain(|r| r.collection != name && r.related_collection.as_deref() != Some(name));
        schema_service::remove_collection(schema, name)?;
    }
    for e in collections.iter().filter(|e| matches!(first_kind(e), Some("E" | "A"))) {
        let found = current.find("collections", e, &["collection"]);
        if let Some(values) = patched(found.as_ref(), &ops(e)) {
            let name = text(e, "collection").unwrap_or_default();
            schema_service::patch_collection(schema, name, &values)?;
        }
    }
    Ok(())
}

/// Fields created, removed (with the relations of a removed field, unless the
/// diff creates them) or changed.
fn apply_fields(
    schema: &mut Schema,
    db: &mut Db,
    current: &Current<'_>,
    fields: Vec<&Value>,
    relations: &mut Vec<&Value>,
) -> Result<()> {
    for e in fields {
        let (collection, field) =
            (text(e, "collection").unwrap_or_default(), text(e, "field").unwrap_or_default());
        let first = e.pointer("/diff/0").cloned().unwrap_or(Value::Null);
        let nested = nested_meta_update(&first);
        match text(&first, "kind") {
            Some("N") if !nested => {
                let rhs = first.get("rhs").cloned().unwrap_or(Value::Null);
                let parsed = parse_field(collection, &rhs, db.vendor)?;
                schema_service::insert_field(schema, db, collection, parsed)?;
            }
            Some("D") if !nested => {
                schema_service::remove_field(schema, db, collection, field)?;
                relations.retain(|r| {
                    !(text(r, "collection") == Some(collection)
                        && text(r, "field") == Some(field)
                        && !list(r, "diff").iter().any(|d| text(d, "kind") == Some("N")))
                });
            }
            _ => {
                let found = current.find("fields", e, &["collection", "field"]);
                if let Some(values) = patched(found.as_ref(), &ops(e)) {
                    schema_service::patch_field(schema, collection, field, &values)?;
                }
            }
        }
    }
    Ok(())
}

/// The indexes of system fields (the only system property a diff may change).
fn apply_system_fields(schema: &mut Schema, system_fields: &[Value]) {
    for e in system_fields.iter().filter(|e| first_kind(e) == Some("E")) {
        let key = (
            text(e, "collection").unwrap_or_default().to_owned(),
            text(e, "field").unwrap_or_default().to_owned(),
        );
        let mut values = json!({"collection": key.0, "field": key.1});
        for op in list(e, "diff") {
            apply_change(&mut values, op);
        }
        match values.pointer("/schema/is_indexed").and_then(Value::as_bool) {
            Some(true) => {
                schema.indexed_system_fields.insert(key);
            }
            Some(false) => {
                schema.indexed_system_fields.remove(&key);
            }
            None => {}
        }
    }
}

/// Relations created, changed or removed.
fn apply_relations(
    schema: &mut Schema,
    db: &Db,
    current: &Current<'_>,
    relations: Vec<&Value>,
) -> Result<()> {
    for e in relations {
        let (collection, field) =
            (text(e, "collection").unwrap_or_default(), text(e, "field").unwrap_or_default());
        match first_kind(e) {
            Some("N") => {
                let mut payload = e.pointer("/diff/0/rhs").cloned().unwrap_or(json!({}));
                if let Value::Object(m) = &mut payload {
                    m.insert("collection".into(), json!(collection));
                    m.insert("field".into(), json!(field));
                }
                schema_service::insert_relation(schema, db, &payload)?;
            }
            Some("E" | "A") => {
                let found = current.find("relations", e, &["collection", "field"]);
                if let Some(values) = patched(found.as_ref(), &ops(e)) {
                    schema_service::patch_relation(schema, collection, field, &values)?;
                }
            }
            Some("D") => schema_service::remove_relation(schema, collection, field)?,
            _ => {}
        }
    }
    Ok(())
}
