//! Schema migrations, as Directus 12.4 does them: `GET /schema/snapshot`
//! (the managed user schema, sorted, without ids), `POST /schema/diff` (a
//! snapshot against the current one, as `deep-diff` operations) and
//! `POST /schema/apply` (a diff, checked against the hash of the schema it
//! was made from, applied as one store transaction: a failing apply changes
//! nothing).
//!
//! The hash is a SHA-1 of the current snapshot and the version, like
//! Directus' `object-hash` of `{item, version}`, but not byte for byte the
//! same value: it changes exactly when the snapshot does, which is what a
//! client relies on.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use sha1::{Digest, Sha1};

use super::schema::{self as schema_service, parse_collection, parse_field};
use super::{Accountability, App};
use crate::error::{Error, Result};
use crate::schema::{Collection, Schema};

/// The Directus version a snapshot names.
pub const DIRECTUS_VERSION: &str = "12.4.0";
/// The database the mock follows.
pub const VENDOR: &str = "sqlite";
/// `version` of a full snapshot; a partial one (scoped to some collections) is 2.
const FULL: u64 = 1;
const PARTIAL: u64 = 2;
const VENDORS: &str = "mysql, postgres, cockroachdb, sqlite, oracle, mssql, redshift";

/// Which collections a snapshot covers (`?includeCollections=` / `?excludeCollections=`).
#[derive(Debug, Clone, Default)]
pub enum Scope {
    #[default]
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

/// What `?mode=` asks of a diff: `mirror` also deletes, `merge` only adds and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Mirror,
    Merge,
}

fn require_admin(acc: &Accountability) -> Result<()> {
    if acc.admin { Ok(()) } else { Err(Error::forbidden()) }
}

/// `GET /schema/snapshot`.
pub fn snapshot(app: &App, acc: &Accountability, scope: &Scope) -> Result<Value> {
    require_admin(acc)?;
    Ok(build(&app.store.snapshot().schema, scope))
}

/// `POST /schema/diff`: `None` when the snapshot matches the schema (204).
pub fn diff(
    app: &App,
    acc: &Accountability,
    after: &Value,
    force: bool,
    mode: Mode,
) -> Result<Option<Value>> {
    require_admin(acc)?;
    let current = build(&app.store.snapshot().schema, &Scope::All);
    validate_snapshot(after, force)?;
    let diff = snapshot_diff(&current, after, mode);
    let empty = ["collections", "fields", "systemFields", "relations"]
        .iter()
        .all(|k| diff.get(*k).and_then(Value::as_array).is_none_or(Vec::is_empty));
    if empty {
        return Ok(None);
    }
    Ok(Some(json!({ "hash": hash(&current), "diff": diff })))
}

/// `POST /schema/apply`.
pub fn apply(app: &App, acc: &Accountability, payload: &Value, force: bool) -> Result<()> {
    require_admin(acc)?;
    validate_apply(payload)?;
    let diff = &payload["diff"];
    let empty = ["collections", "fields", "systemFields", "relations"]
        .iter()
        .all(|k| diff[*k].as_array().is_none_or(Vec::is_empty));
    if empty {
        return Ok(());
    }
    // One schema change like any other: one transaction, the collection cap
    // checked on the finished draft, so a failing apply leaves nothing behind.
    schema_service::with_schema(app, |schema, db| {
        let current = build(&db.schema, &Scope::All);
        if payload["hash"].as_str() != Some(hash(&current).as_str()) && !force {
            return Err(stale(&current, diff));
        }
        apply_diff(schema, db, &current, diff)
    })
}

/// The hash of a snapshot: SHA-1 (hex) of `{"item": snapshot, "version": ...}`.
pub fn hash(snapshot: &Value) -> String {
    let text = serde_json::to_string(&json!({ "item": snapshot, "version": DIRECTUS_VERSION }))
        .unwrap_or_default();
    Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------
// The snapshot

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
fn build(schema: &Schema, scope: &Scope) -> Value {
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
                fields.push((coll.name.as_str(), position, field.to_json(position, sort)));
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
        .map(|(i, _)| sanitize_relation(&sort_deep(omit_meta_id(schema.relation_json(i)))))
        .collect();

    json!({
        "version": if scope.is_some() { PARTIAL } else { FULL },
        "directus": DIRECTUS_VERSION,
        "vendor": VENDOR,
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

fn sanitize_collection(c: &Value) -> Value {
    pick(c, &["collection", "fields", "meta", "schema.name"])
}

/// `all_schema`: the whole `schema` is left out (an auto-increment primary key's).
fn sanitize_field(f: &Value, all_schema: bool) -> Value {
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

fn sanitize_relation(r: &Value) -> Value {
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

fn sanitize_system_field(f: &Value) -> Value {
    pick(f, &["collection", "field", "schema.is_indexed"])
}

// ---------------------------------------------------------------------------
// deep-diff: the operations Directus' diffs are made of

/// `deep-diff`'s `diff(lhs, rhs)`: `None` when there is no difference.
pub fn deep_diff(lhs: Option<&Value>, rhs: Option<&Value>) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    deep(lhs, rhs, &mut Vec::new(), &mut out);
    (!out.is_empty()).then_some(out)
}

fn op(kind: &str, path: &[Value]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    if !path.is_empty() {
        m.insert("path".into(), Value::Array(path.to_vec()));
    }
    m
}

fn new_op(path: &[Value], rhs: &Value) -> Value {
    let mut m = op("N", path);
    m.insert("rhs".into(), rhs.clone());
    Value::Object(m)
}

fn deleted_op(path: &[Value], lhs: &Value) -> Value {
    let mut m = op("D", path);
    m.insert("lhs".into(), lhs.clone());
    Value::Object(m)
}

fn edit_op(path: &[Value], lhs: &Value, rhs: &Value) -> Value {
    let mut m = op("E", path);
    m.insert("lhs".into(), lhs.clone());
    m.insert("rhs".into(), rhs.clone());
    Value::Object(m)
}

fn array_op(path: &[Value], index: usize, item: Value) -> Value {
    let mut m = op("A", path);
    m.insert("index".into(), json!(index));
    m.insert("item".into(), item);
    Value::Object(m)
}

fn type_of(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn deep(lhs: Option<&Value>, rhs: Option<&Value>, path: &mut Vec<Value>, out: &mut Vec<Value>) {
    let (l, r) = match (lhs, rhs) {
        (None, None) => return,
        (None, Some(r)) => return out.push(new_op(path, r)),
        (Some(l), None) => return out.push(deleted_op(path, l)),
        (Some(l), Some(r)) => (l, r),
    };
    if type_of(l) != type_of(r) {
        return out.push(edit_op(path, l, r));
    }
    match (l, r) {
        (Value::Object(lm), Value::Object(rm)) => {
            for (k, lv) in lm {
                path.push(json!(k));
                deep(Some(lv), rm.get(k), path, out);
                path.pop();
            }
            for (k, rv) in rm {
                if !lm.contains_key(k) {
                    path.push(json!(k));
                    deep(None, Some(rv), path, out);
                    path.pop();
                }
            }
        }
        (Value::Array(la), Value::Array(ra)) => {
            // deep-diff walks arrays from the end: additions, deletions, then common items.
            let (mut i, mut j) = (ra.len() as isize - 1, la.len() as isize - 1);
            while i > j {
                out.push(array_op(path, i as usize, new_op(&[], &ra[i as usize])));
                i -= 1;
            }
            while j > i {
                out.push(array_op(path, j as usize, deleted_op(&[], &la[j as usize])));
                j -= 1;
            }
            while i >= 0 {
                path.push(json!(i));
                deep(Some(&la[i as usize]), Some(&ra[i as usize]), path, out);
                path.pop();
                i -= 1;
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if a.as_f64() != b.as_f64() {
                out.push(edit_op(path, l, r));
            }
        }
        _ => {
            if l != r {
                out.push(edit_op(path, l, r));
            }
        }
    }
}

/// `deep-diff`'s `applyChange`: one operation applied to `target` in place.
fn apply_change(target: &mut Value, change: &Value) {
    let path: Vec<&Value> = change
        .get("path")
        .and_then(Value::as_array)
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let kind = change.get("kind").and_then(Value::as_str).unwrap_or("");
    let Some((last, parents)) = path.split_last() else {
        if kind == "A" {
            apply_array_change(target, change);
        }
        return;
    };
    let mut it = target;
    for (i, key) in parents.iter().enumerate() {
        let next_is_index = path.get(i + 1).is_some_and(|k| k.is_number());
        let Some(child) = child_mut(it, key, next_is_index) else { return };
        it = child;
    }
    match kind {
        "A" => {
            if let Some(arr) = child_mut(it, last, true) {
                apply_array_change(arr, change);
            }
        }
        "D" => match (it, *last) {
            (Value::Object(m), Value::String(k)) => {
                m.shift_remove(k);
            }
            (Value::Array(a), Value::Number(n)) => {
                if let Some(slot) = n.as_u64().and_then(|n| a.get_mut(n as usize)) {
                    *slot = Value::Null;
                }
            }
            _ => {}
        },
        "E" | "N" => {
            if let Some(slot) = child_mut(it, last, false) {
                *slot = change.get("rhs").cloned().unwrap_or(Value::Null);
            }
        }
        _ => {}
    }
}

/// How far past the end of an array an operation may write (JavaScript
/// makes a sparse array; the mock refuses to allocate for a huge index).
const MAX_GAP: usize = 1024;

/// The child at `key`, created (`{}` or `[]`) when missing.
fn child_mut<'a>(it: &'a mut Value, key: &Value, array: bool) -> Option<&'a mut Value> {
    let empty = || if array { Value::Array(Vec::new()) } else { Value::Object(Map::new()) };
    match (it, key) {
        (Value::Object(m), Value::String(k)) => Some(m.entry(k.clone()).or_insert_with(empty)),
        (Value::Object(m), Value::Number(n)) => Some(m.entry(n.to_string()).or_insert_with(empty)),
        (Value::Array(a), Value::Number(n)) => {
            let n = n.as_u64()? as usize;
            if n > a.len() + MAX_GAP {
                return None;
            }
            if a.len() <= n {
                a.resize(n + 1, Value::Null);
            }
            if a[n].is_null() {
                a[n] = empty();
            }
            a.get_mut(n)
        }
        _ => None,
    }
}

fn apply_array_change(arr: &mut Value, change: &Value) {
    let (Some(index), Some(item), Value::Array(a)) =
        (change.get("index").and_then(Value::as_u64), change.get("item"), arr)
    else {
        return;
    };
    let index = index as usize;
    match item.get("kind").and_then(Value::as_str) {
        Some("D") if index < a.len() => {
            a.remove(index);
        }
        Some("E" | "N") if index <= a.len() + MAX_GAP => {
            if a.len() <= index {
                a.resize(index + 1, Value::Null);
            }
            a[index] = item.get("rhs").cloned().unwrap_or(Value::Null);
        }
        Some("A") => {
            if let Some(inner) = a.get_mut(index) {
                apply_array_change(inner, item);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// The diff

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn first_kind(entry: &Value) -> Option<&str> {
    entry.pointer("/diff/0/kind").and_then(Value::as_str)
}

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
fn snapshot_diff(current: &Value, after: &Value, mode: Mode) -> Value {
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
    let same = |a: &Value, b: &Value, keys: &[&str]| keys.iter().all(|k| a.get(*k) == b.get(*k));

    // Collections: the current ones (changed or removed), then the new ones.
    let (cur_c, aft_c) = (list(current, "collections"), list(after, "collections"));
    let mut collections = Vec::new();
    for c in cur_c {
        let a = aft_c.iter().find(|a| same(a, c, &["collection"])).map(sanitize_collection);
        let d = item_diff(Some(&sanitize_collection(c)), a.as_ref());
        collections.extend(entry(head(&[("collection", c["collection"].clone())]), d));
    }
    for a in aft_c.iter().filter(|a| !cur_c.iter().any(|c| same(a, c, &["collection"]))) {
        let d = item_diff(None, Some(&sanitize_collection(a)));
        collections.extend(entry(head(&[("collection", a["collection"].clone())]), d));
    }
    collections.retain(|e| keep(e, &scope));

    // Fields: an alias that becomes a column (or back) is removed and created again.
    let (cur_f, aft_f) = (list(current, "fields"), list(after, "fields"));
    let key = ["collection", "field"];
    let alias_switch = |c: &Value, a: &Value| {
        c.get("type") != a.get("type")
            && (text(c, "type") == Some("alias") || text(a, "type") == Some("alias"))
    };
    let mut fields = Vec::new();
    for c in cur_f {
        let a = aft_f.iter().find(|a| same(a, c, &key));
        let auto_pk = c.pointer("/schema/is_primary_key").and_then(Value::as_bool) == Some(true)
            && c.pointer("/schema/has_auto_increment").and_then(Value::as_bool) == Some(true);
        let a = a.filter(|a| !alias_switch(c, a)).map(|a| sanitize_field(a, auto_pk));
        let d = item_diff(Some(&sanitize_field(c, auto_pk)), a.as_ref());
        let h = head(&[("collection", c["collection"].clone()), ("field", c["field"].clone())]);
        fields.extend(entry(h, d));
    }
    for a in aft_f {
        let existing = cur_f.iter().find(|c| same(a, c, &key)).filter(|c| !alias_switch(c, a));
        if existing.is_none() {
            let d = item_diff(None, Some(&sanitize_field(a, false)));
            let h = head(&[("collection", a["collection"].clone()), ("field", a["field"].clone())]);
            fields.extend(entry(h, d));
        }
    }
    fields.retain(|e| keep(e, &scope));

    // System fields: one missing from the snapshot loses its index.
    let (cur_s, aft_s) = (list(current, "systemFields"), list(after, "systemFields"));
    let invert = |f: &Value| {
        let mut f = f.clone();
        if let Some(Value::Bool(b)) = f.pointer_mut("/schema/is_indexed") {
            *b = !*b;
        }
        f
    };
    let mut system_fields = Vec::new();
    for c in cur_s {
        let a = aft_s
            .iter()
            .find(|a| same(a, c, &key))
            .map(sanitize_system_field)
            .unwrap_or_else(|| invert(c));
        let d = deep_diff(Some(&sanitize_system_field(c)), Some(&a));
        let h = head(&[("collection", c["collection"].clone()), ("field", c["field"].clone())]);
        system_fields.extend(entry(h, d));
    }
    for a in aft_s {
        let indexed = a.pointer("/schema/is_indexed").and_then(Value::as_bool) == Some(true);
        if indexed && !cur_s.iter().any(|c| same(a, c, &key)) {
            let d = deep_diff(Some(&invert(a)), Some(&sanitize_system_field(a)));
            let h = head(&[("collection", a["collection"].clone()), ("field", a["field"].clone())]);
            system_fields.extend(entry(h, d));
        }
    }
    system_fields.retain(|e| keep(e, &system_scope));

    // Relations.
    let (cur_r, aft_r) = (list(current, "relations"), list(after, "relations"));
    let mut relations = Vec::new();
    let rel_head = |r: &Value| {
        head(&[
            ("collection", r["collection"].clone()),
            ("field", r["field"].clone()),
            ("related_collection", r.get("related_collection").cloned().unwrap_or(Value::Null)),
        ])
    };
    for c in cur_r {
        let a = aft_r.iter().find(|a| same(a, c, &key)).map(sanitize_relation);
        let d = item_diff(Some(&sanitize_relation(c)), a.as_ref());
        relations.extend(entry(rel_head(c), d));
    }
    for a in aft_r.iter().filter(|a| !cur_r.iter().any(|c| same(a, c, &key))) {
        let d = item_diff(None, Some(&sanitize_relation(a)));
        relations.extend(entry(rel_head(a), d));
    }
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

// ---------------------------------------------------------------------------
// Validation

fn invalid(reason: impl Into<String>) -> Error {
    Error::invalid_payload(reason)
}

/// Directus' `validateSnapshot`: the shape (Joi), then version and vendor unless forced.
fn validate_snapshot(s: &Value, force: bool) -> Result<()> {
    let Value::Object(m) = s else { return Err(invalid("\"value\" must be of type object")) };
    match m.get("version") {
        None => return Err(invalid("\"version\" is required")),
        // Joi converts a numeric string.
        Some(v)
            if [FULL, PARTIAL]
                .iter()
                .any(|n| v.as_u64() == Some(*n) || v.as_str() == Some(&n.to_string())) => {}
        Some(_) => return Err(invalid("\"version\" must be one of [1, 2]")),
    }
    let directus = match m.get("directus") {
        None => return Err(invalid("\"directus\" is required")),
        Some(Value::String(d)) => d.as_str(),
        Some(_) => return Err(invalid("\"directus\" must be a string")),
    };
    let vendor = match m.get("vendor") {
        None => None,
        Some(Value::String(v)) if VENDORS.split(", ").any(|k| k == v) => Some(v.as_str()),
        Some(_) => return Err(invalid(format!("\"vendor\" must be one of [{VENDORS}]"))),
    };
    for key in ["collections", "fields", "systemFields", "relations"] {
        match m.get(key) {
            None | Some(Value::Array(_)) => {}
            Some(_) => return Err(invalid(format!("\"{key}\" must be an array"))),
        }
        for (i, item) in list(s, key).iter().enumerate() {
            if !item.is_object() {
                return Err(invalid(format!("\"{key}[{i}]\" must be of type object")));
            }
        }
    }
    if force {
        return Ok(());
    }
    const BYPASS: &str = "You can bypass this check by passing the \"force\" query parameter";
    if directus != DIRECTUS_VERSION {
        return Err(invalid(format!(
            "Provided snapshot's directus version {directus} does not match the current instance's version {DIRECTUS_VERSION}. {BYPASS}"
        )));
    }
    match vendor {
        None => Err(invalid(format!(
            "Provided snapshot does not contain the \"vendor\" property. {BYPASS}"
        ))),
        Some(v) if v != VENDOR => Err(invalid(format!(
            "Provided snapshot's vendor {v} does not match the current instance's vendor {VENDOR}. {BYPASS}"
        ))),
        Some(_) => Ok(()),
    }
}

/// One deep-diff operation (Joi's `deepdiff` schema), at `at`.
fn validate_op(op: &Value, at: &str) -> Result<()> {
    if !op.is_object() {
        return Err(invalid(format!("\"{at}\" must be of type object")));
    }
    let kind = match op.get("kind") {
        None => return Err(invalid(format!("\"{at}.kind\" is required"))),
        Some(Value::String(k)) if ["N", "D", "E", "A"].contains(&k.as_str()) => k.as_str(),
        Some(_) => return Err(invalid(format!("\"{at}.kind\" must be one of [N, D, E, A]"))),
    };
    match op.get("path") {
        None => {}
        Some(Value::Array(p)) => {
            if let Some(i) = p.iter().position(|k| !(k.is_string() || k.is_number())) {
                return Err(invalid(format!("\"{at}.path[{i}]\" must be one of [string, number]")));
            }
        }
        Some(_) => return Err(invalid(format!("\"{at}.path\" must be an array"))),
    }
    if !matches!(kind, "N" | "A") && op.get("lhs").is_none() {
        return Err(invalid(format!("\"{at}.lhs\" is required")));
    }
    if !matches!(kind, "D" | "A") && op.get("rhs").is_none() {
        return Err(invalid(format!("\"{at}.rhs\" is required")));
    }
    if kind == "A" {
        match op.get("index") {
            Some(i) if i.is_number() => {}
            Some(_) => return Err(invalid(format!("\"{at}.index\" must be a number"))),
            None => return Err(invalid(format!("\"{at}.index\" is required"))),
        }
        match op.get("item") {
            Some(item) => validate_op(item, &format!("{at}.item"))?,
            None => return Err(invalid(format!("\"{at}.item\" is required"))),
        }
    }
    Ok(())
}

/// Directus' Joi schema of `POST /schema/apply`: `{hash, diff:{collections, fields, systemFields, relations}}`.
fn validate_apply(p: &Value) -> Result<()> {
    let Value::Object(m) = p else { return Err(invalid("\"value\" must be of type object")) };
    match m.get("hash") {
        None => return Err(invalid("\"hash\" is required")),
        Some(Value::String(_)) => {}
        Some(_) => return Err(invalid("\"hash\" must be a string")),
    }
    let diff = match m.get("diff") {
        None => return Err(invalid("\"diff\" is required")),
        Some(d @ Value::Object(_)) => d,
        Some(_) => return Err(invalid("\"diff\" must be of type object")),
    };
    for key in ["collections", "fields", "systemFields", "relations"] {
        let items = match diff.get(key) {
            None => return Err(invalid(format!("\"diff.{key}\" is required"))),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(invalid(format!("\"diff.{key}\" must be an array"))),
        };
        let needs_field = key != "collections";
        for (i, item) in items.iter().enumerate() {
            let at = format!("diff.{key}[{i}]");
            if !item.is_object() {
                return Err(invalid(format!("\"{at}\" must be of type object")));
            }
            let names: &[&str] =
                if needs_field { &["collection", "field"] } else { &["collection"] };
            for name in names {
                match item.get(*name) {
                    None => return Err(invalid(format!("\"{at}.{name}\" is required"))),
                    Some(Value::String(_)) => {}
                    Some(_) => return Err(invalid(format!("\"{at}.{name}\" must be a string"))),
                }
            }
            let ops = match item.get("diff") {
                None => return Err(invalid(format!("\"{at}.diff\" is required"))),
                Some(Value::Array(ops)) => ops,
                Some(_) => return Err(invalid(format!("\"{at}.diff\" must be an array"))),
            };
            for (j, op) in ops.iter().enumerate() {
                validate_op(op, &format!("{at}.diff[{j}]"))?;
            }
        }
    }
    Ok(())
}

/// The error of a diff made from another schema: the first item that cannot
/// apply any more, else the generic hash mismatch.
fn stale(current: &Value, diff: &Value) -> Error {
    let again = "Please generate a new diff and try again";
    let key = ["collection", "field"];
    let has = |list_key: &str, e: &Value, keys: &[&str]| {
        list(current, list_key).iter().any(|c| keys.iter().all(|k| c.get(*k) == e.get(*k)))
    };
    for e in list(diff, "collections") {
        let name = text(e, "collection").unwrap_or_default();
        match first_kind(e) {
            Some("N") if has("collections", e, &["collection"]) => {
                return invalid(format!(
                    "Provided diff is trying to create collection \"{name}\" but it already exists. {again}"
                ));
            }
            Some("D") if !has("collections", e, &["collection"]) => {
                return invalid(format!(
                    "Provided diff is trying to delete collection \"{name}\" but it does not exist. {again}"
                ));
            }
            _ => {}
        }
    }
    let dotted = |e: &Value| {
        format!(
            "{}.{}",
            text(e, "collection").unwrap_or_default(),
            text(e, "field").unwrap_or_default()
        )
    };
    for e in list(diff, "fields") {
        match first_kind(e) {
            Some("N") if has("fields", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to create field \"{}\" but it already exists. {again}",
                    dotted(e)
                ));
            }
            Some("D") if !has("fields", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to delete field \"{}\" but it does not exist. {again}",
                    dotted(e)
                ));
            }
            _ => {}
        }
    }
    for e in list(diff, "systemFields") {
        let Some(kind) = first_kind(e) else { continue };
        if kind != "E" {
            let action = match kind {
                "N" => "create",
                "D" => "delete",
                _ => "update array",
            };
            return invalid(format!(
                "Provided diff is trying to {action} field \"{}\" but this action is not supported. {again}",
                dotted(e)
            ));
        }
        let path = e
            .pointer("/diff/0/path")
            .and_then(Value::as_array)
            .map(|p| {
                p.iter()
                    .map(|k| k.as_str().map(str::to_owned).unwrap_or_else(|| k.to_string()))
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .unwrap_or_default();
        if path != "schema.is_indexed" {
            return invalid(format!(
                "Provided diff is trying to alter property \"{path}\" on \"{}\" but currently only \"schema.is_indexed\" is supported. {again}",
                dotted(e)
            ));
        }
    }
    for e in list(diff, "relations") {
        let mut name = dotted(e);
        if let Some(related) = text(e, "related_collection").filter(|r| !r.is_empty()) {
            name.push_str(&format!("-> {related}"));
        }
        match first_kind(e) {
            Some("N") if has("relations", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to create relation \"{name}\" but it already exists. {again}"
                ));
            }
            Some("D") if !has("relations", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to delete relation \"{name}\" but it does not exist. {again}"
                ));
            }
            _ => {}
        }
    }
    invalid(
        "Provided hash does not match the current instance's schema hash, indicating the schema has changed after this diff was generated. Please generate a new diff and try again or use the \"force\" query parameter to bypass this check",
    )
}

// ---------------------------------------------------------------------------
// Applying

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
fn apply_diff(
    schema: &mut Schema,
    db: &mut crate::store::Db,
    current: &Value,
    diff: &Value,
) -> Result<()> {
    let collections = list(diff, "collections");
    let mut fields: Vec<&Value> = list(diff, "fields").iter().collect();
    let find = |key: &str, e: &Value, keys: &[&str]| -> Option<Value> {
        list(current, key).iter().find(|c| keys.iter().all(|k| c.get(*k) == e.get(*k))).cloned()
    };
    let ops = |e: &Value| -> Vec<Value> { list(e, "diff").to_vec() };

    // New collections, with their fields; a collection in a new group after its group.
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
                find("collections", &json!({"collection": g}), &["collection"]).is_some()
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
        schema_service::insert_collection(schema, parse_collection(&payload)?)?;
        fields.retain(|f| text(f, "collection") != Some(name.as_str()));
        let children: Vec<&Value> =
            collections.iter().filter(is_new).filter(|c| group_of(c) == Some(&name)).collect();
        queue.extend(children);
    }

    for e in collections.iter().filter(|e| first_kind(e) == Some("D")) {
        let name = text(e, "collection").unwrap_or_default();
        // Directus drops the relations first, so an O2M alias on the other side stays.
        schema
            .relations
            .retain(|r| r.collection != name && r.related_collection.as_deref() != Some(name));
        schema_service::remove_collection(schema, name)?;
    }
    for e in collections.iter().filter(|e| matches!(first_kind(e), Some("E" | "A"))) {
        if let Some(values) = patched(find("collections", e, &["collection"]).as_ref(), &ops(e)) {
            let name = text(e, "collection").unwrap_or_default();
            schema_service::patch_collection(schema, name, &values)?;
        }
    }

    let mut relations: Vec<&Value> = list(diff, "relations").iter().collect();
    for e in fields {
        let (collection, field) =
            (text(e, "collection").unwrap_or_default(), text(e, "field").unwrap_or_default());
        let first = e.pointer("/diff/0").cloned().unwrap_or(Value::Null);
        let nested = nested_meta_update(&first);
        match text(&first, "kind") {
            Some("N") if !nested => {
                let rhs = first.get("rhs").cloned().unwrap_or(Value::Null);
                schema_service::insert_field(
                    schema,
                    db,
                    collection,
                    parse_field(collection, &rhs)?,
                )?;
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
                if let Some(values) =
                    patched(find("fields", e, &["collection", "field"]).as_ref(), &ops(e))
                {
                    schema_service::patch_field(schema, collection, field, &values)?;
                }
            }
        }
    }

    for e in list(diff, "systemFields").iter().filter(|e| first_kind(e) == Some("E")) {
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
                schema_service::insert_relation(schema, &payload)?;
            }
            Some("E" | "A") => {
                let current = find("relations", e, &["collection", "field"]);
                if let Some(values) = patched(current.as_ref(), &ops(e)) {
                    schema_service::patch_relation(schema, collection, field, &values)?;
                }
            }
            Some("D") => schema_service::remove_relation(schema, collection, field)?,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(l: Value, r: Value) -> Value {
        json!(deep_diff(Some(&l), Some(&r)))
    }

    #[test]
    fn deep_diff_matches_the_npm_package() {
        assert_eq!(ops(json!({"a": 1}), json!({"a": 1})), Value::Null);
        assert_eq!(
            ops(json!({"a": 1, "b": 2}), json!({"a": 2, "c": 3})),
            json!([{"kind": "E", "path": ["a"], "lhs": 1, "rhs": 2},
                   {"kind": "D", "path": ["b"], "lhs": 2},
                   {"kind": "N", "path": ["c"], "rhs": 3}])
        );
        assert_eq!(
            ops(json!({"l": [1, 2]}), json!({"l": [1, 3, 4]})),
            json!([{"kind": "A", "path": ["l"], "index": 2, "item": {"kind": "N", "rhs": 4}},
                   {"kind": "E", "path": ["l", 1], "lhs": 2, "rhs": 3}])
        );
        assert_eq!(
            ops(json!({"m": null}), json!({"m": {}})),
            json!([{"kind": "E", "path": ["m"], "lhs": null, "rhs": {}}])
        );
        assert_eq!(
            json!(deep_diff(None, Some(&json!({"x": 1})))),
            json!([{"kind": "N", "rhs": {"x": 1}}])
        );
        // Checked against the npm package deep-diff 1.0.2, which Directus 12.4 uses.
        assert_eq!(
            ops(json!({"l": [1, 2, 3]}), json!({"l": [1]})),
            json!([{"kind": "A", "path": ["l"], "index": 2, "item": {"kind": "D", "lhs": 3}},
                   {"kind": "A", "path": ["l"], "index": 1, "item": {"kind": "D", "lhs": 2}}])
        );
    }

    #[test]
    fn apply_change_undoes_a_diff() {
        let l = json!({"a": 1, "b": [1, 2, 3], "m": {"x": null}});
        let r = json!({"a": 2, "b": [1, 5], "m": {"x": "y", "z": true}});
        let mut target = l.clone();
        for op in deep_diff(Some(&l), Some(&r)).unwrap_or_default() {
            apply_change(&mut target, &op);
        }
        assert_eq!(target, r);
    }

    #[test]
    fn a_huge_array_index_is_ignored() {
        let mut target = json!({"l": [1]});
        apply_change(
            &mut target,
            &json!({"kind": "E", "path": ["l", 4_000_000_000_u64], "lhs": 1, "rhs": 2}),
        );
        apply_change(
            &mut target,
            &json!({"kind": "A", "path": ["l"], "index": 4_000_000_000_u64, "item": {"kind": "N", "rhs": 2}}),
        );
        assert_eq!(target, json!({"l": [1]}));
    }

    #[test]
    fn pick_keeps_existing_paths_in_order() {
        let v = json!({"schema": {"b": 2, "name": "x"}, "meta": null, "collection": "c"});
        assert_eq!(
            pick(&v, &["collection", "meta", "schema.name", "schema.nope"]).to_string(),
            r#"{"collection":"c","meta":null,"schema":{"name":"x"}}"#
        );
        assert_eq!(pick(&json!({"schema": null}), &["schema.name"]), json!({}));
    }

    #[test]
    fn the_hash_is_40_hex_and_follows_the_snapshot() {
        let a = hash(&json!({"collections": []}));
        assert_eq!(a.len(), 40);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, hash(&json!({"collections": [{"collection": "x"}]})));
    }
}
