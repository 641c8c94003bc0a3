//! Reads with `?version=<key>` (REST, and GraphQL's `version` arguments), as
//! Directus 12.4's `handleVersion`: each version of that key in the
//! collection is written into a copy of the database (its item updated, or
//! an item created for a version without one), as the system and without
//! activity, then the items of those versions are read from the copy with
//! the caller's permissions and query, each with `$meta.version_id`. The
//! copy is dropped: nothing is written. With `versionRaw` (and one key, as
//! `<c>_by_version` reads), the item as stored with the version's delta laid
//! over it instead.

use serde_json::{Value, json};

use super::versions::{map_read, strip_stamps};
use crate::error::{Error, Result};
use crate::query::Query;
use crate::query::operators::{Logical, Op};
use crate::service::items::Items;
use crate::store::Db;
use crate::system;

/// The versions of `key` in `items`' collection (of one item when `item`),
/// read as the caller may read versions.
fn saves(items: &Items<'_>, db: &Db, key: &str, item: Option<&Value>) -> Result<Vec<Value>> {
    let versions = Items::new(items.app, items.acc, system::VERSIONS)?;
    let mut conds = vec![Op::Eq.on("key", key), Op::Eq.on("collection", items.collection.as_str())];
    if let Some(item) = item {
        conds.push(Op::Eq.on("item", crate::engine::values::scalar_text(item)));
    }
    let query =
        Query { filter: Some(Logical::And.of(conds)), limit: Some(-1.0), ..Query::default() };
    versions.read_in(db, &query)
}

/// The read of a query with a `version` (see the module doc).
pub(crate) fn read(
    items: &Items<'_>,
    db: &Db,
    key: Option<&Value>,
    query: &Query,
) -> Result<Vec<Value>> {
    let version = query.version.clone().unwrap_or_default();
    let mut plain = query.clone();
    plain.version = None;
    plain.version_raw = false;
    if let (Some(key), true) = (key, query.version_raw) {
        let original =
            items.read_in(db, &plain)?.into_iter().next().ok_or_else(Error::forbidden)?;
        let found = saves(items, db, &version, Some(key))?;
        let mut out = original;
        if let Some(first) = found.into_iter().next() {
            let mapped = map_read(db, first)?;
            if let (Some(obj), Some(delta)) =
                (out.as_object_mut(), mapped.get("delta").and_then(Value::as_object))
            {
                obj.extend(delta.clone());
            }
        }
        return Ok(vec![out]);
    }
    let versions = saves(items, db, &version, key)?;
    if versions.is_empty() {
        return if key.is_some() { Err(Error::forbidden()) } else { Ok(Vec::new()) };
    }
    let coll = db.schema.collection(&items.collection).ok_or_else(Error::forbidden)?;
    let pk = coll.pk().to_owned();
    let mut draft = db.clone();
    let mut ids: Vec<Value> = Vec::new();
    let mut meta: Vec<(String, Value)> = Vec::new();
    for v in &versions {
        let id = v.get("id").cloned().unwrap_or(Value::Null);
        let item = v.get("item").filter(|i| !i.is_null()).cloned();
        let delta = v.get("delta").filter(|d| !d.is_null()).map(|d| strip_stamps(d.clone()));
        match (item, delta) {
            (Some(item), None) => {
                meta.push((text(&item), json!({"version_id": id, "delta": {}})));
                ids.push(item);
            }
            (item, delta) => {
                let delta = delta.unwrap_or_else(|| json!({}));
                let written = items.sudo_on(&mut draft, |w| match &item {
                    Some(item) => {
                        let pk = crate::engine::write::validate_key(coll, item)?;
                        w.update_many(&items.collection, std::slice::from_ref(&pk), &delta, &[])?;
                        Ok(pk)
                    }
                    None => w.create_one(&items.collection, &delta, &[]),
                });
                match written {
                    Ok(written) => {
                        meta.push((written.to_string(), json!({"version_id": id})));
                        ids.push(written.to_value());
                    }
                    Err(e) if key.is_some() => return Err(e),
                    Err(e) => {
                        let error = e.to_body().pointer("/errors/0").cloned().unwrap_or_default();
                        if let Some(item) = item {
                            meta.push((
                                text(&item),
                                json!({"error": error, "version_id": id, "delta": delta}),
                            ));
                            ids.push(item);
                        }
                    }
                }
            }
        }
    }
    let fields = plain.fields.clone().unwrap_or_else(|| vec!["*".into()]);
    let has_pk = fields.is_empty() || fields.iter().any(|f| f == "*" || *f == pk);
    if !has_pk {
        plain.fields = Some([vec![pk.clone()], fields].concat());
    }
    let by_keys = Op::In.on(&pk, ids.clone());
    plain.filter = Some(match plain.filter.take() {
        Some(f) => Logical::And.of(vec![f, by_keys]),
        None => Logical::And.of(vec![by_keys]),
    });
    let rows = items.read_in(&draft, &plain)?;
    Ok(rows.into_iter().map(|row| with_meta(row, &pk, has_pk, &meta)).collect())
}

fn text(v: &Value) -> String {
    crate::engine::values::scalar_text(v)
}

/// A row read from the draft: `$meta` of its version, its key only if asked for.
fn with_meta(row: Value, pk: &str, has_pk: bool, meta: &[(String, Value)]) -> Value {
    let Value::Object(mut obj) = row else { return row };
    let key = obj.get(pk).map(text).unwrap_or_default();
    if !has_pk {
        obj.remove(pk);
    }
    if let Some((_, m)) = meta.iter().find(|(k, _)| *k == key) {
        obj.insert("$meta".into(), m.clone());
    }
    Value::Object(obj)
}
