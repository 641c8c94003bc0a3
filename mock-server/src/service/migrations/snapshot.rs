//! The snapshot of a schema (`GET /schema/snapshot`): the managed user
//! collections, fields and relations, sorted, keys sorted, ids removed, and
//! the indexed system fields; and the `sanitize*` picks a diff compares.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::{DIRECTUS_VERSION, FULL, PARTIAL, Scope};
use crate::schema::{Collection, Schema};
use crate::vendor::Vendor;

/// The collections a scope keeps, `None` for a full snapshot. Unknown names
/// are ignored; Directus' system collections all count as known (the mock
/// models only some of them, but their indexed fields are in every snapshot).
fn resolve_scope(schema: &Schema, scope: &Scope) -> Option<BTreeSet<String>> {
    let system = crate::system::KNOWN
        .iter()
        .map(|c| (*c).to_owned())
        .chain(schema.indexed_system_fields.iter().map(|(c, _)| c.clone()));
    let all: BTreeSet<String> = schema.collections.keys().cloned().chain(system).collect();
    match scope {
        Scope::All => None,
        Scope::Include(names) => Some(names.iter().filter(|n| all.contains(*n)).cloned().collect()),
        Scope::Exclude(names) => Some(all.into_iter().filter(|n| !names.contains(n)).collect()),
    }
}

/// The snapshot of a schema: managed user collections, fields and relations,
/// sorted, keys sorted, ids removed; the indexed system fields.
pub(super) fn build(schema: &Schema, vendor: Vendor, scope: &Scope) -> Value {
    let scope = resolve_scope(schema, scope);
    let in_scope = |c: &str| scope.as_ref().is_none_or(|s| s.contains(c));
    let user = |c: &Collection| !c.system && !crate::system::is_system(&c.name);

    let mut collections: Vec<&Collection> = schema
        .collections
        .values()
        .filter(|c| user(c) && c.meta.is_some() && in_scope(&c.name))
        .collect();
    collections.sort_by(|a, b| a.name.cmp(&b.name));
    let collections: Vec<Value> =
        collections.iter().map(|c| sanitize_collection(&sort_deep(c.to_json()))).collect();

    // `meta.id` of a field is its position in `directus_fields` (as `GET /fields` shows it).
    let mut fields = Vec::new();
    let mut position = 0;
    for coll in schema.collections.values() {
        let mut sort = 0;
        for field in coll.fields.values() {
            position += 1;
            sort += usize::from(field.meta.is_some());
            if user(coll) && field.meta.is_some() && in_scope(&coll.name) {
                let json = vendor.column_types(field.to_json(position, sort));
                fields.push((coll.name.as_str(), position, json));
            }
        }
    }
    fields.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let fields: Vec<Value> = fields
        .into_iter()
        .map(|(_, _, f)| sanitize_field(&sort_deep(omit_meta_id(f)), false))
        .collect();

    let system_fields: Vec<Value> = schema
        .indexed_system_fields
        .iter()
        .filter(|(c, _)| in_scope(c))
        .map(|(c, f)| json!({"collection": c, "field": f, "schema": {"is_indexed": true}}))
        .collect();

    let mut relations: Vec<(usize, &crate::schema::Relation)> = schema
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.has_meta && !crate::system::is_system(&r.collection) && in_scope(&r.collection)
        })
        .collect();
    relations.sort_by(|a, b| (&a.1.collection, a.0).cmp(&(&b.1.collection, b.0)));
    let relations: Vec<Value> = relations
        .into_iter()
        .map(|(i, _)| vendor.foreign_key_info(schema.relation_json(i)))
        .map(|r| sanitize_relation(&sort_deep(omit_meta_id(r))))
        .collect();

    json!({
        "version": if scope.is_some() { PARTIAL } else { FULL },
        "directus": DIRECTUS_VERSION,
        "vendor": vendor.snapshot_name(),
        "collections": collections,
        "fields": fields,
        "systemFields": system_fields,
        "relations": relations,
    })
}

fn omit_meta_id(mut item: Value) -> Value {
    if let Some(Value::Object(meta)) = item.get_mut("meta") {
        meta.shift_remove("id");
    }
    item
}

/// Object keys sorted at every depth (lodash `sortBy(toPairs(...))`).
fn sort_deep(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut pairs: Vec<(String, Value)> = map.into_iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(pairs.into_iter().map(|(k, v)| (k, sort_deep(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_deep).collect()),
        other => other,
    }
}

/// lodash `pick` with dotted paths: the keys that exist, in the order of `paths`.
fn pick(value: &Value, paths: &[&str]) -> Value {
    fn set(map: &mut Map<String, Value>, keys: &[&str], v: Value) {
        match keys {
            [] => {}
            [last] => {
                map.insert((*last).to_owned(), v);
            }
            [first, rest @ ..] => {
                let entry =
                    map.entry((*first).to_owned()).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(inner) = entry {
                    set(inner, rest, v);
                }
            }
        }
    }
    let mut out = Map::new();
    for path in paths {
        let keys: Vec<&str> = path.split('.').collect();
        let mut cur = Some(value);
        for k in &keys {
            cur = cur.and_then(Value::as_object).and_then(|m| m.get(*k));
        }
        if let Some(v) = cur {
            set(&mut out, &keys, v.clone());
        }
    }
    Value::Object(out)
}

pub(super) fn sanitize_collection(c: &Value) -> Value {
    pick(c, &["collection", "fields", "meta", "schema.name"])
}

/// `all_schema`: the whole `schema` is left out (an auto-increment primary key's).
pub(super) fn sanitize_field(f: &Value, all_schema: bool) -> Value {
    const BASE: &[&str] = &["collection", "field", "type", "meta", "name", "children"];
    const SCHEMA: &[&str] = &[
        "schema.name",
        "schema.table",
        "schema.data_type",
        "schema.default_value",
        "schema.max_length",
        "schema.numeric_precision",
        "schema.numeric_scale",
        "schema.is_nullable",
        "schema.is_unique",
        "schema.is_indexed",
        "schema.is_primary_key",
        "schema.is_generated",
        "schema.generation_expression",
        "schema.has_auto_increment",
        "schema.foreign_key_table",
        "schema.foreign_key_column",
    ];
    if all_schema { pick(f, BASE) } else { pick(f, &[BASE, SCHEMA].concat()) }
}

pub(super) fn sanitize_relation(r: &Value) -> Value {
    pick(
        r,
        &[
            "collection",
            "field",
            "related_collection",
            "meta",
            "schema.table",
            "schema.column",
            "schema.foreign_key_table",
            "schema.foreign_key_column",
            "schema.constraint_name",
            "schema.on_update",
            "schema.on_delete",
        ],
    )
}

pub(super) fn sanitize_system_field(f: &Value) -> Value {
    pick(f, &["collection", "field", "schema.is_indexed"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_keeps_existing_paths_in_order() {
        let v = json!({"schema": {"b": 2, "name": "x"}, "meta": null, "collection": "c"});
        assert_eq!(
            pick(&v, &["collection", "meta", "schema.name", "schema.nope"]).to_string(),
            r#"{"collection":"c","meta":null,"schema":{"name":"x"}}"#
        );
        assert_eq!(pick(&json!({"schema": null}), &["schema.name"]), json!({}));
    }
}
