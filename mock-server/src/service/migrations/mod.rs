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
//!
//! The phases, one module each: [`snapshot`] (the schema as a snapshot),
//! [`deep_diff`] (a port of the npm package's `diff` and `applyChange`),
//! [`diff`] (Directus' `getSnapshotDiff`), [`validate`] (the Joi schemas of
//! the bodies, and the error of a stale diff), [`apply`] (Directus'
//! `applyDiff` on a draft schema).

mod apply;
mod deep_diff;
mod diff;
mod snapshot;
mod validate;

use serde_json::{Value, json};
use sha1::{Digest, Sha1};

use super::schema as schema_service;
use super::{Accountability, App};
use crate::error::{Error, Result};

/// The Directus version a snapshot names.
const DIRECTUS_VERSION: &str = "12.4.0";
/// `version` of a full snapshot; a partial one (scoped to some collections) is 2.
const FULL: u64 = 1;
const PARTIAL: u64 = 2;
const VENDORS: &str = "mysql, postgres, cockroachdb, sqlite, oracle, mssql, redshift";

/// Which collections a snapshot covers (`?includeCollections=` / `?excludeCollections=`).
#[derive(Debug, Clone, Default)]
pub(crate) enum Scope {
    #[default]
    All,
    Include(Vec<String>),
    Exclude(Vec<String>),
}

/// What `?mode=` asks of a diff: `mirror` also deletes, `merge` only adds and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mode {
    #[default]
    Mirror,
    Merge,
}

fn require_admin(acc: &Accountability) -> Result<()> {
    if acc.admin { Ok(()) } else { Err(Error::forbidden()) }
}

/// `GET /schema/snapshot`.
pub(crate) fn snapshot(app: &App, acc: &Accountability, scope: &Scope) -> Result<Value> {
    require_admin(acc)?;
    let db = app.store.snapshot();
    Ok(snapshot::build(&db.schema, db.vendor, scope))
}

/// `POST /schema/diff`: `None` when the snapshot matches the schema (204).
pub(crate) fn diff(
    app: &App,
    acc: &Accountability,
    after: &Value,
    force: bool,
    mode: Mode,
) -> Result<Option<Value>> {
    require_admin(acc)?;
    let db = app.store.snapshot();
    let current = snapshot::build(&db.schema, db.vendor, &Scope::All);
    validate::validate_snapshot(after, force, db.vendor)?;
    let diff = diff::snapshot_diff(&current, after, mode);
    let empty = ["collections", "fields", "systemFields", "relations"]
        .iter()
        .all(|k| diff.get(*k).and_then(Value::as_array).is_none_or(Vec::is_empty));
    if empty {
        return Ok(None);
    }
    Ok(Some(json!({ "hash": hash(&current), "diff": diff })))
}

/// `POST /schema/apply`.
pub(crate) fn apply(app: &App, acc: &Accountability, payload: &Value, force: bool) -> Result<()> {
    require_admin(acc)?;
    validate::validate_apply(payload)?;
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
        let current = snapshot::build(&db.schema, db.vendor, &Scope::All);
        if payload["hash"].as_str() != Some(hash(&current).as_str()) && !force {
            return Err(validate::stale(&current, diff));
        }
        apply::apply_diff(schema, db, &current, diff)
    })
}

/// The hash of a snapshot: SHA-1 (hex) of `{"item": snapshot, "version": ...}`.
pub(crate) fn hash(snapshot: &Value) -> String {
    let text = serde_json::to_string(&json!({ "item": snapshot, "version": DIRECTUS_VERSION }))
        .unwrap_or_default();
    Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The array under `key` (none when missing).
fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The kind of a diff entry's first operation (`N`, `D`, `E`, `A`).
fn first_kind(entry: &Value) -> Option<&str> {
    entry.pointer("/diff/0/kind").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_40_hex_and_follows_the_snapshot() {
        let a = hash(&json!({"collections": []}));
        assert_eq!(a.len(), 40);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, hash(&json!({"collections": [{"collection": "x"}]})));
    }
}
