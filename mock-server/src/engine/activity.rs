//! The activity log and revisions (`directus_activity`, `directus_revisions`),
//! written by the write pipeline into the same draft database as the change
//! they record: a request that fails leaves no activity behind, and a change
//! is never published without its activity.
//!
//! As Directus 12.4's items service:
//!
//! - every item a recorded request creates, updates or deletes, nested ones
//!   included, gets an activity row (`item` as text); deletes stop there;
//! - creates and updates in collections whose `accountability` is `all` also
//!   get a revision. A create's `data` and `delta` are both the submitted
//!   payload without relational fields (`null` when nothing is left); an
//!   update's `data` is the row after the change without relational fields,
//!   its `delta` the columns written (M2O keys and server-set values such as
//!   `date_updated` included). An update that writes no column has no revision;
//! - nested writes are recorded first, the item they belong to last, and their
//!   revisions point at its revision (`parent`); for an update of several
//!   keys, at the first key's.
//!
//! Concealed values read as `**********` in `data` and `delta`, as on every read.

use serde_json::{Map, Value};

use super::values;
use crate::schema::{Collection, Field, Schema};
use crate::store::{Db, Pk, Row};
use crate::system;

/// Who a recorded write comes from (Directus' accountability).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Client {
    pub(crate) user: Option<String>,
    pub(crate) ip: Option<String>,
    pub(crate) user_agent: Option<String>,
    pub(crate) origin: Option<String>,
}

/// What a collection's `accountability` asks to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tracking {
    /// `null`: nothing (the log itself, presets).
    Nothing,
    /// `activity`: activity rows only.
    Activity,
    /// `all` (the default): activity and revisions.
    All,
}

impl Tracking {
    pub(crate) fn of(coll: &Collection) -> Tracking {
        match coll.meta.as_ref().map(|m| m.get("accountability")) {
            Some(Some(Value::Null)) => Tracking::Nothing,
            Some(Some(Value::String(s))) if s == "activity" => Tracking::Activity,
            _ => Tracking::All,
        }
    }
}

/// The log of one request: its client, and the revisions of nested writes
/// waiting for the revision of the item they were written for.
#[derive(Debug)]
pub(crate) struct Log {
    pub(crate) client: Client,
    /// One list per item being written, innermost last.
    frames: Vec<Vec<i64>>,
}

impl Log {
    pub(crate) fn new(client: Client) -> Log {
        Log { client, frames: Vec::new() }
    }

    /// An item's write starts: nested writes from here on are its children.
    pub(crate) fn enter(&mut self) {
        self.frames.push(Vec::new());
    }

    /// An item's write ends: the revisions of its nested writes.
    pub(crate) fn leave(&mut self) -> Vec<i64> {
        self.frames.pop().unwrap_or_default()
    }

    /// Records one action on one item; returns the activity's id.
    pub(crate) fn activity(
        &self,
        db: &mut Db,
        timestamp: &str,
        action: &str,
        collection: &str,
        item: &Pk,
    ) -> i64 {
        let c = &self.client;
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        let table = db.table_mut(system::ACTIVITY);
        let id = table.next_id();
        let mut row = Row::new();
        row.insert("id".into(), Value::from(id));
        row.insert("action".into(), Value::String(action.to_owned()));
        row.insert("user".into(), text(&c.user));
        row.insert("timestamp".into(), Value::String(timestamp.to_owned()));
        row.insert("ip".into(), text(&c.ip));
        row.insert("user_agent".into(), text(&c.user_agent));
        row.insert("collection".into(), Value::String(collection.to_owned()));
        row.insert("item".into(), Value::String(item.to_string()));
        row.insert("origin".into(), text(&c.origin));
        table.insert(Pk::Int(id), row);
        id
    }

    /// Records a revision for an activity, makes it the parent of `children`,
    /// and hands it to the enclosing item's write.
    pub(crate) fn revision(
        &mut self,
        db: &mut Db,
        activity: i64,
        collection: &str,
        item: &Pk,
        data: Value,
        delta: Value,
        children: &[i64],
    ) -> i64 {
        let table = db.table_mut(system::REVISIONS);
        let id = table.next_id();
        let mut row = Row::new();
        row.insert("id".into(), Value::from(id));
        row.insert("activity".into(), Value::from(activity));
        row.insert("collection".into(), Value::String(collection.to_owned()));
        row.insert("item".into(), Value::String(item.to_string()));
        row.insert("data".into(), data);
        row.insert("delta".into(), delta);
        row.insert("parent".into(), Value::Null);
        row.insert("version".into(), Value::Null);
        table.insert(Pk::Int(id), row);
        for child in children {
            if let Some(existing) = table.get(&Pk::Int(*child)) {
                let mut row = (**existing).clone();
                row.insert("parent".into(), Value::from(id));
                table.insert(Pk::Int(*child), row);
            }
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.push(id);
        }
        id
    }
}

/// Fields Directus leaves out of revision data (`getRelationsForCollection`):
/// foreign keys of M2O and M2A relations, and relational aliases (O2M, M2M, M2A).
fn is_relational(schema: &Schema, coll: &Collection, name: &str) -> bool {
    coll.fields.get(name).is_some_and(Field::is_alias)
        || schema.relations.iter().any(|r| r.collection == coll.name && r.field == name)
}

/// A submitted value as a read shows it (Directus' `prepareDelta`): concealed
/// values hidden, csv split, booleans and JSON text cast.
fn as_read(field: Option<&Field>, value: &Value) -> Value {
    let Some(field) = field else { return value.clone() };
    if field.has_special("conceal") {
        let set = match value {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => n.as_f64() != Some(0.0),
            Value::String(s) => !s.is_empty(),
            _ => true,
        };
        return if set { Value::String("**********".into()) } else { Value::Null };
    }
    match value {
        Value::String(s) if field.has_special("cast-csv") => {
            Value::Array(s.split(',').map(|p| Value::String(p.to_owned())).collect())
        }
        Value::String(s) if field.has_special("cast-json") => {
            serde_json::from_str(s).unwrap_or_else(|_| value.clone())
        }
        Value::Number(n) if field.has_special("cast-boolean") => match n.as_f64() {
            Some(1.0) => Value::Bool(true),
            Some(0.0) => Value::Bool(false),
            _ => value.clone(),
        },
        Value::String(s) if field.has_special("cast-boolean") && (s == "1" || s == "0") => {
            Value::Bool(s == "1")
        }
        _ => value.clone(),
    }
}

fn object_or_null(map: Map<String, Value>) -> Value {
    if map.is_empty() { Value::Null } else { Value::Object(map) }
}

/// A create's `data` and `delta`: the payload (with presets, before nested
/// writes) without relational fields.
pub(crate) fn create_delta(
    schema: &Schema,
    coll: &Collection,
    payload: &Map<String, Value>,
) -> Value {
    let out = payload
        .iter()
        .filter(|(k, _)| !is_relational(schema, coll, k))
        .map(|(k, v)| (k.clone(), as_read(coll.fields.get(k), v)))
        .collect();
    object_or_null(out)
}

/// An update's `delta`: the columns it writes, in field order; submitted values
/// as sent (after nested writes turned M2O objects into keys), server-set ones
/// as stored.
pub(crate) fn update_delta(
    coll: &Collection,
    submitted: &Map<String, Value>,
    written: &Row,
) -> Value {
    let out = coll
        .fields
        .values()
        .filter_map(|f| {
            let stored = written.get(&f.name)?;
            let value = match submitted.get(&f.name) {
                Some(v) => as_read(Some(f), v),
                None => values::render(f, stored),
            };
            Some((f.name.clone(), value))
        })
        .collect();
    object_or_null(out)
}

/// An update's `data`: the row after the change, as an admin reads it, without
/// relational fields; `null` for a key that has no row.
pub(crate) fn snapshot(schema: &Schema, coll: &Collection, row: Option<&Row>) -> Value {
    let Some(row) = row else { return Value::Null };
    let out = coll
        .fields
        .values()
        .filter(|f| !is_relational(schema, coll, &f.name))
        .filter_map(|f| row.get(&f.name).map(|v| (f.name.clone(), values::render(f, v))))
        .collect();
    object_or_null(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Schema {
        let collections = system::collections().into_iter().map(|c| (c.name.clone(), c)).collect();
        Schema::new(collections, system::relations())
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().expect("an object").clone()
    }

    #[test]
    fn create_delta_leaves_out_relations_and_conceals() {
        let schema = schema();
        let users = schema.collection(system::USERS).cloned().unwrap_or_else(|| unreachable!());
        let payload = map(json!({
            "email": "a@example.com", "password": "secret", "role": "r", "policies": [{"policy": "p"}]
        }));
        assert_eq!(
            create_delta(&schema, &users, &payload),
            json!({"email": "a@example.com", "password": "**********"})
        );
        assert_eq!(create_delta(&schema, &users, &map(json!({"role": "r"}))), Value::Null);
    }

    #[test]
    fn update_delta_keeps_foreign_keys_and_snapshot_drops_them() {
        let schema = schema();
        let users = schema.collection(system::USERS).cloned().unwrap_or_else(|| unreachable!());
        let submitted = map(json!({"role": "r", "first_name": "Ann"}));
        let written = map(json!({"role": "r", "first_name": "Ann"}));
        assert_eq!(
            update_delta(&users, &submitted, &written),
            json!({"first_name": "Ann", "role": "r"})
        );
        let row = map(json!({"id": "u", "first_name": "Ann", "role": "r", "token": "t"}));
        assert_eq!(
            snapshot(&schema, &users, Some(&row)),
            json!({"id": "u", "first_name": "Ann", "token": "**********"})
        );
        assert_eq!(snapshot(&schema, &users, None), Value::Null);
    }

    #[test]
    fn accountability_null_records_nothing() {
        let schema = schema();
        let activity =
            schema.collection(system::ACTIVITY).cloned().unwrap_or_else(|| unreachable!());
        let users = schema.collection(system::USERS).cloned().unwrap_or_else(|| unreachable!());
        assert_eq!(Tracking::of(&activity), Tracking::Nothing);
        assert_eq!(Tracking::of(&users), Tracking::All);
    }
}
