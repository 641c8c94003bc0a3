//! Directus' `getSnapshotDiff(current, after)`: per collection, field,
//! system field and relation, the `deep-diff` operations from the current
//! snapshot to the submitted one (`mode=merge` keeps all but removals).

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::deep_diff::deep_diff;
use super::snapshot::{
    sanitize_collection, sanitize_field, sanitize_relation, sanitize_system_field,
};
use super::{Mode, PARTIAL, first_kind, list, text};

/// An item's diff, where a new or removed `meta` key becomes one edit of the whole `meta`.
fn item_diff(current: Option<&Value>, after: Option<&Value>) -> Option<Vec<Value>> {
    let diff = deep_diff(current, after)?;
    let nested_meta = diff.iter().any(|c| {
        let kind = text(c, "kind");
        kind == Some("N")
            || (kind == Some("D") && c.pointer("/path/0").and_then(Value::as_str) == Some("meta"))
    });
    let (Some(current), Some(after)) = (current, after) else { return Some(diff) };
    if !nested_meta {
        return Some(diff);
    }
    let mut meta = Map::new();
    meta.insert("kind".into(), json!("E"));
    meta.insert("path".into(), json!(["meta"]));
    if let Some(lhs) = current.get("meta") {
        meta.insert("lhs".into(), lhs.clone());
    }
    if let Some(rhs) = after.get("meta") {
        meta.insert("rhs".into(), rhs.clone());
    }
    let mut out = vec![Value::Object(meta)];
    out.extend(
        diff.into_iter().filter(|c| c.pointer("/path/0").and_then(Value::as_str) != Some("meta")),
    );
    Some(out)
}

/// `mode=merge` keeps everything but the removal of a whole item.
fn delete_allowed(entry: &Value, mode: Mode) -> bool {
    mode != Mode::Merge || first_kind(entry) != Some("D") || entry.pointer("/diff/0/path").is_some()
}

fn entry(mut head: Map<String, Value>, diff: Option<Vec<Value>>) -> Option<Value> {
    head.insert("diff".into(), Value::Array(diff?));
    Some(Value::Object(head))
}

fn head(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
}

/// Directus' `getSnapshotDiff(current, after)`.
pub(super) fn snapshot_diff(current: &Value, after: &Value, mode: Mode) -> Value {
    let partial = after.get("version").and_then(Value::as_u64) == Some(PARTIAL);
    let scope: Option<BTreeSet<&str>> = partial.then(|| {
        ["collections", "fields", "relations"]
            .iter()
            .flat_map(|k| list(after, k))
            .filter_map(|i| text(i, "collection"))
            .collect()
    });
    let system_scope: Option<BTreeSet<&str>> = partial.then(|| {
        list(after, "systemFields").iter().filter_map(|i| text(i, "collection")).collect()
    });
    let keep = |e: &Value, scope: &Option<BTreeSet<&str>>| {
        delete_allowed(e, mode)
            && scope.as_ref().is_none_or(|s| text(e, "collection").is_some_and(|c| s.contains(c)))
    };
    let pair = |key: &str| (list(current, key), list(after, key));

    let mut collections = collections_diff(pair("collections"));
    collections.retain(|e| keep(e, &scope));
    let mut fields = fields_diff(pair("fields"));
    fields.retain(|e| keep(e, &scope));
    let mut system_fields = system_fields_diff(pair("systemFields"));
    system_fields.retain(|e| keep(e, &system_scope));
    let mut relations = relations_diff(pair("relations"));
    relations.retain(|e| keep(e, &scope));

    // A removed collection takes its fields and relations with it.
    let deleted: Vec<&str> = collections
        .iter()
        .filter(|e| first_kind(e) == Some("D"))
        .filter_map(|e| text(e, "collection"))
        .collect();
    let survives = |e: &Value| text(e, "collection").is_none_or(|c| !deleted.contains(&c));
    let fields: Vec<Value> = fields.into_iter().filter(survives).collect();
    let relations: Vec<Value> = relations.into_iter().filter(survives).collect();

    json!({
        "collections": collections,
        "fields": fields,
        "systemFields": system_fields,
        "relations": relations,
    })
}

/// Whether two items have the same values under `keys`.
fn same(a: &Value, b: &Value, keys: &[&str]) -> bool {
    keys.iter().all(|k| a.get(*k) == b.get(*k))
}

const FIELD_KEY: [&str; 2] = ["collection", "field"];

/// The entry head of a field or system field.
fn field_head(f: &Value) -> Map<String, Value> {
    head(&[("collection", f["collection"].clone()), ("field", f["field"].clone())])
}

/// Collections: the current ones (changed or removed), then the new ones.
fn collections_diff((current, after): (&[Value], &[Value])) -> Vec<Value> {
    let key = ["collection"];
    let mut out = Vec::new();
    for c in current {
        let a = after.iter().find(|a| same(a, c, &key)).map(sanitize_collection);
        let d = item_diff(Some(&sanitize_collection(c)), a.as_ref());
        out.extend(entry(head(&[("collection", c["collection"].clone())]), d));
    }
    for a in after.iter().filter(|a| !current.iter().any(|c| same(a, c, &key))) {
        let d = item_diff(None, Some(&sanitize_collection(a)));
        out.extend(entry(head(&[("collection", a["collection"].clone())]), d));
    }
    out
}

/// Fields: an alias that becomes a column (or back) is removed and created again.
fn fields_diff((current, after): (&[Value], &[Value])) -> Vec<Value> {
    let alias_switch = |c: &Value, a: &Value| {
        c.get("type") != a.get("type")
            && (text(c, "type") == Some("alias") || text(a, "type") == Some("alias"))
    };
    let mut out = Vec::new();
    for c in current {
        let a = after.iter().find(|a| same(a, c, &FIELD_KEY));
        let auto_pk = c.pointer("/schema/is_primary_key").and_then(Value::as_bool) == Some(true)
            && c.pointer("/schema/has_auto_increment").and_then(Value::as_bool) == Some(true);
        let a = a.filter(|a| !alias_switch(c, a)).map(|a| sanitize_field(a, auto_pk));
        let d = item_diff(Some(&sanitize_field(c, auto_pk)), a.as_ref());
        out.extend(entry(field_head(c), d));
    }
    for a in after {
        let existing =
            current.iter().find(|c| same(a, c, &FIELD_KEY)).filter(|c| !alias_switch(c, a));
        if existing.is_none() {
            let d = item_diff(None, Some(&sanitize_field(a, false)));
            out.extend(entry(field_head(a), d));
        }
    }
    out
}

/// System fields: one missing from the snapshot loses its index.
fn system_fields_diff((current, after): (&[Value], &[Value])) -> Vec<Value> {
    let invert = |f: &Value| {
        let mut f = f.clone();
        if let Some(Value::Bool(b)) = f.pointer_mut("/schema/is_indexed") {
            *b = !*b;
        }
        f
    };
    let mut out = Vec::new();
    for c in current {
        let a = after
            .iter()
            .find(|a| same(a, c, &FIELD_KEY))
            .map(sanitize_system_field)
            .unwrap_or_else(|| invert(c));
        let d = deep_diff(Some(&sanitize_system_field(c)), Some(&a));
        out.extend(entry(field_head(c), d));
    }
    for a in after {
        let indexed = a.pointer("/schema/is_indexed").and_then(Value::as_bool) == Some(true);
        if indexed && !current.iter().any(|c| same(a, c, &FIELD_KEY)) {
            let d = deep_diff(Some(&invert(a)), Some(&sanitize_system_field(a)));
            out.extend(entry(field_head(a), d));
        }
    }
    out
}

/// Relations, by collection and field.
fn relations_diff((current, after): (&[Value], &[Value])) -> Vec<Value> {
    let rel_head = |r: &Value| {
        head(&[
            ("collection", r["collection"].clone()),
            ("field", r["field"].clone()),
            ("related_collection", r.get("related_collection").cloned().unwrap_or(Value::Null)),
        ])
    };
    let mut out = Vec::new();
    for c in current {
        let a = after.iter().find(|a| same(a, c, &FIELD_KEY)).map(sanitize_relation);
        let d = item_diff(Some(&sanitize_relation(c)), a.as_ref());
        out.extend(entry(rel_head(c), d));
    }
    for a in after.iter().filter(|a| !current.iter().any(|c| same(a, c, &FIELD_KEY))) {
        let d = item_diff(None, Some(&sanitize_relation(a)));
        out.extend(entry(rel_head(a), d));
    }
    out
}
