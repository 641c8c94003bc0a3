//! What a share's token may read, as Directus 12.4 computes it
//! (`getPermissionsForShare`): the shared item, and the items related to it
//! (children through one-to-many relations, parents through `$FOLLOW`
//! filters), limited by what both the share's role (the public's, without
//! one) and the user who created the share may read. An administrator on
//! either side leaves the other side's permissions; two administrators allow
//! every field.
//!
//! The permissions are Directus permission rows (`{collection, action,
//! permissions, validation, presets, fields}`), merged the way Directus
//! merges them (`_or` and `_and` of their rules, unions and intersections of
//! their fields), so the caller's `Access` is built from them like from
//! stored rows.

use std::collections::HashMap;
use std::net::IpAddr;

use serde_json::{Map, Value, json};

use crate::schema::Relation;
use crate::service::Accountability;
use crate::service::auth::accountability_for;
use crate::store::{Db, Pk};
use crate::system;

/// The permission rows of a share's token (all for `read`); none when the
/// share or its creator is gone.
pub(crate) fn permissions(db: &Db, share: &str, ip: Option<IpAddr>) -> Vec<Value> {
    let Some(row) = db.row(system::SHARES, &Pk::Str(share.into())) else { return Vec::new() };
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let (Some(collection), Some(item)) = (text(row.get("collection")), row.get("item").cloned())
    else {
        return Vec::new();
    };
    let creator = text(row.get("user_created"));
    let creator_role = creator
        .as_ref()
        .and_then(|u| db.row(system::USERS, &Pk::Str(u.as_str().into())))
        .and_then(|u| text(u.get("role")));
    let user =
        without_app(accountability_for(db, creator.as_deref(), creator_role.as_deref(), ip).0);
    let shared = without_app(accountability_for(db, None, text(row.get("role")).as_deref(), ip).0);
    let (user_perms, share_perms) = (stored_rows(db, &user), stored_rows(db, &shared));
    let is_admin = user.admin && shared.admin;
    let (permissions, field_maps): (Vec<Value>, Vec<HashMap<String, Vec<String>>>) =
        match (user.admin, shared.admin) {
            (true, true) => (Vec::new(), Vec::new()),
            (true, false) => (share_perms.clone(), vec![field_map(&share_perms)]),
            (false, true) => (user_perms.clone(), vec![field_map(&user_perms)]),
            (false, false) => (
                intersection(&share_perms, &user_perms),
                vec![field_map(&share_perms), field_map(&user_perms)],
            ),
        };
    let fields = if is_admin {
        json!(["*"])
    } else {
        permissions
            .iter()
            .find(|p| p.get("collection").and_then(Value::as_str) == Some(collection.as_str()))
            .and_then(|p| p.get("fields").cloned())
            .unwrap_or_else(|| json!([]))
    };
    let relations: Vec<&Relation> = db
        .schema
        .relations
        .iter()
        .filter(|r| field_maps.iter().all(|m| relation_allowed(r, m)))
        .collect();
    let pk = db.schema.collection(&collection).map_or("id", |c| c.pk()).to_owned();
    let mut generated = vec![(collection.clone(), json!({ pk.clone(): {"_eq": item.clone()} }))];
    traverse(&relations, &Root { pk: &pk, item: &item }, &collection, &[], &[], &mut generated);
    let mut allowed: Vec<String> = Vec::new();
    for (c, _) in &generated {
        if !allowed.contains(c) {
            allowed.push(c.clone());
        }
    }
    let rows: Vec<Value> =
        generated.into_iter().map(|(c, rule)| read_row(&c, rule, fields.clone())).collect();
    let generated = merge(Strategy::Or, rows);
    if is_admin {
        return generated;
    }
    let own: Vec<Value> = permissions
        .into_iter()
        .filter(|p| {
            p.get("action").and_then(Value::as_str) == Some("read")
                && p.get("collection")
                    .and_then(Value::as_str)
                    .is_some_and(|c| allowed.iter().any(|a| a == c))
        })
        .chain(generated)
        .collect();
    merge(Strategy::And, own)
}

/// Directus looks at a share's two sides without app access.
fn without_app(mut acc: Accountability) -> Accountability {
    acc.app = false;
    acc
}

/// The stored permission rows of an accountability's policies, fields as lists.
fn stored_rows(db: &Db, acc: &Accountability) -> Vec<Value> {
    let Some(table) = db.table(system::PERMISSIONS) else { return Vec::new() };
    table
        .rows
        .values()
        .filter(|r| {
            r.get("policy")
                .and_then(Value::as_str)
                .is_some_and(|p| acc.policies.iter().any(|x| x == p))
        })
        .map(|r| {
            let fields = match r.get("fields") {
                Some(Value::String(s)) => json!(s.split(',').collect::<Vec<_>>()),
                Some(v @ Value::Array(_)) => v.clone(),
                _ => Value::Null,
            };
            json!({
                "collection": r.get("collection"), "action": r.get("action"),
                "permissions": r.get("permissions"), "validation": r.get("validation"),
                "presets": r.get("presets"), "fields": fields,
            })
        })
        .collect()
}

/// The fields readable per collection (`fetchAllowedFieldMap` for `read`).
fn field_map(rows: &[Value]) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows.iter().filter(|r| r.get("action").and_then(Value::as_str) == Some("read")) {
        let Some(c) = row.get("collection").and_then(Value::as_str) else { continue };
        let entry = map.entry(c.to_owned()).or_default();
        for f in row.get("fields").and_then(Value::as_array).into_iter().flatten() {
            if let Some(f) = f.as_str().filter(|f| !entry.iter().any(|x| x == f)) {
                entry.push(f.to_owned());
            }
        }
    }
    map
}

/// Whether a relation survives `reduceSchema` for a field map.
fn relation_allowed(r: &Relation, map: &HashMap<String, Vec<String>>) -> bool {
    let has = |c: &str, f: &str| map.get(c).is_some_and(|fs| fs.iter().any(|x| x == "*" || x == f));
    let Some(many) = map.get(&r.collection) else { return false };
    if let Some(related) = &r.related_collection
        && map.get(related).is_none_or(Vec::is_empty)
    {
        return false;
    }
    if let Some(allowed) = &r.one_allowed_collections
        && !allowed.iter().all(|c| map.contains_key(c))
    {
        return false;
    }
    if !many.iter().any(|x| x == "*" || *x == r.field) {
        return false;
    }
    match (&r.related_collection, &r.one_field) {
        (Some(related), Some(one)) => has(related, one),
        _ => true,
    }
}

/// The shared item: its collection's key and its key.
struct Root<'a> {
    pk: &'a str,
    item: &'a Value,
}

/// Directus' `traverse`: a rule per related collection, reaching it along
/// `path` from the shared item.
fn traverse(
    relations: &[&Relation],
    root: &Root<'_>,
    current: &str,
    parents: &[String],
    path: &[String],
    out: &mut Vec<(String, Value)>,
) {
    if parents.iter().any(|p| p == current) || parents.len() > 16 {
        return;
    }
    let mut below: Vec<String> = parents.to_vec();
    below.push(current.to_owned());
    for r in relations {
        let related = r.related_collection.as_deref();
        if related == Some(current) {
            let p = [path, std::slice::from_ref(&r.field)].concat();
            out.push((r.collection.clone(), rule_at(&p, json!({"_eq": root.item}))));
            traverse(relations, root, &r.collection, &below, &p, out);
        } else if r.collection != current {
            continue;
        } else if let Some(related) = related {
            let follow = format!("$FOLLOW({},{})", r.collection, r.field);
            let p = [path, &[follow]].concat();
            out.push((related.to_owned(), rule_at(&p, json!({ root.pk: {"_eq": root.item} }))));
            if let Some(one) = &r.one_field {
                let p = [path, std::slice::from_ref(one)].concat();
                traverse(relations, root, related, &below, &p, out);
            }
        } else if let Some(allowed) = &r.one_allowed_collections {
            let scope = r.one_collection_field.clone().unwrap_or_default();
            let follow = format!("$FOLLOW({},{},{scope})", r.collection, r.field);
            let p = [path, &[follow]].concat();
            for c in allowed {
                out.push((c.clone(), rule_at(&p, json!({ root.pk: {"_eq": root.item} }))));
            }
        }
    }
}

/// `set({}, path.reverse(), value)`: the path read from its end.
fn rule_at(path: &[String], value: Value) -> Value {
    path.iter().fold(value, |inner, key| {
        let mut m = Map::new();
        m.insert(key.clone(), inner);
        Value::Object(m)
    })
}

fn read_row(collection: &str, rule: Value, fields: Value) -> Value {
    json!({"collection": collection, "action": "read", "permissions": rule, "validation": null,
           "presets": null, "fields": fields})
}

#[derive(Clone, Copy, PartialEq)]
enum Strategy {
    And,
    Or,
}

/// Directus' `mergePermissions`: one row per collection and action.
fn merge(strategy: Strategy, rows: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for row in rows {
        let key = |r: &Value| (r.get("collection").cloned(), r.get("action").cloned());
        match out.iter_mut().find(|r| key(r) == key(&row)) {
            Some(current) => *current = merge_one(strategy, current, &row),
            None => out.push(row),
        }
    }
    out
}

/// `mergePermissions("intersection", a, b)`: the collections and actions both have.
fn intersection(a: &[Value], b: &[Value]) -> Vec<Value> {
    let keys = |rows: &[Value]| -> Vec<(Value, Value)> {
        rows.iter()
            .map(|r| {
                (
                    r.get("collection").cloned().unwrap_or_default(),
                    r.get("action").cloned().unwrap_or_default(),
                )
            })
            .collect()
    };
    let (ka, kb) = (keys(a), keys(b));
    let both = merge(Strategy::Or, a.to_vec())
        .into_iter()
        .chain(merge(Strategy::Or, b.to_vec()))
        .filter(|r| {
            let k = (
                r.get("collection").cloned().unwrap_or_default(),
                r.get("action").cloned().unwrap_or_default(),
            );
            ka.contains(&k) && kb.contains(&k)
        })
        .collect();
    merge(Strategy::And, both)
}

fn merge_one(strategy: Strategy, current: &Value, new: &Value) -> Value {
    let logical = if strategy == Strategy::And { "_and" } else { "_or" };
    let mut out = current.as_object().cloned().unwrap_or_default();
    for key in ["permissions", "validation"] {
        let (cur, add) =
            (current.get(key).filter(|v| !v.is_null()), new.get(key).filter(|v| !v.is_null()));
        let Some(add) = add else { continue };
        let merged = match cur {
            Some(Value::Object(m)) if m.keys().next().map(String::as_str) == Some(logical) => {
                let mut list =
                    m.get(logical).and_then(Value::as_array).cloned().unwrap_or_default();
                list.push(add.clone());
                json!({ logical: list })
            }
            Some(cur) if strategy == Strategy::Or && (is_empty(cur) || is_empty(add)) => json!({}),
            Some(cur) => json!({ logical: [cur, add] }),
            None => json!({ logical: [add] }),
        };
        out.insert(key.into(), merged);
    }
    out.insert("fields".into(), merge_fields(current.get("fields"), new.get("fields"), strategy));
    if let Some(Value::Object(add)) = new.get("presets") {
        let mut presets =
            current.get("presets").and_then(Value::as_object).cloned().unwrap_or_default();
        presets.extend(add.clone());
        out.insert("presets".into(), Value::Object(presets));
    }
    Value::Object(out)
}

fn is_empty(v: &Value) -> bool {
    v.as_object().is_some_and(Map::is_empty)
}

/// Directus' `mergeFields`: an intersection (`and`) or a union (`or`); `*` is every field.
fn merge_fields(a: Option<&Value>, b: Option<&Value>, strategy: Strategy) -> Value {
    let list = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let (a, b) = (list(a), list(b));
    let star = |l: &[String]| l.iter().any(|f| f == "*");
    let fields: Vec<String> = if strategy == Strategy::And {
        if a.is_empty() || b.is_empty() {
            return json!([]);
        }
        if star(&a) {
            return json!(b);
        }
        if star(&b) {
            return json!(a);
        }
        a.into_iter().filter(|f| b.contains(f)).collect()
    } else {
        if a.is_empty() {
            return json!(b);
        }
        if b.is_empty() {
            return json!(a);
        }
        if star(&a) || star(&b) {
            return json!(["*"]);
        }
        let mut u = a;
        for f in b {
            if !u.contains(&f) {
                u.push(f);
            }
        }
        u
    };
    if star(&fields) { json!(["*"]) } else { json!(fields) }
}
