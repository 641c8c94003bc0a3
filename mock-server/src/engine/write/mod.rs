//! The write pipeline: create, update and delete rows, including nested
//! relational writes, on a draft of the database inside one store
//! transaction. An error anywhere aborts the transaction, so nothing of a
//! failed request is kept.
//!
//! Per item, as Directus does: check access, validate the payload (with
//! presets), write M2O and M2A targets first so their keys exist, cast
//! values, write the row (primary key, unique and foreign-key checks), then
//! write O2M children (basic array form or `create`/`update`/`delete`), then
//! record the item in the activity log of a recorded request
//! ([`super::activity`]), in the same draft.
//!
//! One module per part: `create`, `update` and `delete` write one
//! collection's rows; `m2o`, `m2a` and `o2m` are the nested writes of
//! each relation kind (an M2M is an O2M onto its junction, whose rows write
//! their M2O); `access` checks permissions and validates payloads;
//! `storage` turns submitted values into what SQLite would store and checks
//! a row's constraints; `record` hands each item write to the activity log;
//! `restore` puts rows back as a dump would (fixtures, imported state).

mod access;
mod create;
mod delete;
mod m2a;
mod m2o;
mod o2m;
mod record;
mod restore;
mod storage;
mod update;

pub(crate) use access::Gate;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::Access;
use super::activity::Log;
use crate::error::{Error, QueriedIn, Result};
use crate::schema::{Collection, FieldType};
use crate::store::{Db, Pk};

pub(crate) use restore::CONCEALED;
pub(crate) use storage::stored_default;

/// Who writes, and the clock and generators a write may need.
pub(crate) struct Actor<'a> {
    pub(crate) user: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) now: DateTime<Utc>,
    /// Hashes values of `hash` fields (argon2 in the service layer).
    pub(crate) hash: &'a dyn Fn(&str) -> Result<String>,
    /// Generates UUIDs for `uuid` primary keys.
    pub(crate) uuid: &'a dyn Fn() -> String,
}

/// Writes on a draft database as one caller.
pub(crate) struct Writer<'w, 'a> {
    pub(crate) db: &'w mut Db,
    pub(crate) access: &'w Access,
    pub(crate) actor: &'w Actor<'a>,
    /// Item writes of this request so far, against `MAX_BATCH_MUTATION`.
    pub(crate) mutations: Mutations,
    /// The activity log of a recorded request (`None`: the write is not recorded).
    pub(crate) log: Option<Log>,
    /// Every item write of the transaction, nested ones included, in order:
    /// what realtime subscribers hear of once it is published.
    pub(crate) changes: Vec<Change>,
    /// The service's event hooks on nested writes (`None`: the write emits no events).
    pub(crate) hooks: Option<&'w dyn Hooks>,
}

/// What the service layer runs inside a write, on each item a payload
/// writes through its relations (Directus' nested services run their own
/// `filter` hooks, inside the parent's transaction).
pub(crate) trait Hooks {
    /// The `filter` hooks of a nested `create`, `update` or `delete` of
    /// `collection`: the payload they leave (the keys, for a delete), or the
    /// error that blocks the whole write. `db` is the transaction's draft:
    /// what the hooks write or read happens there.
    fn filter(
        &self,
        db: &mut Db,
        collection: &str,
        action: &'static str,
        payload: Value,
        keys: Option<&[Value]>,
    ) -> Result<Value>;
}

/// One action on items of one collection (Directus' `items.create`,
/// `items.update` and `items.delete` action events).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Change {
    /// `create`, `update` or `delete`.
    pub(crate) action: &'static str,
    pub(crate) collection: String,
    /// The keys written; for a delete, as the client sent them.
    pub(crate) keys: Vec<Value>,
    /// What the action hooks of a nested write hear as its payload: the
    /// payload after its filter hooks and presets (the keys, for a delete).
    /// Null when the write runs no hooks.
    pub(crate) payload: Value,
    /// Written through a relational field of another item's payload.
    pub(crate) nested: bool,
}

impl Change {
    /// A change that is not a nested write (no payload kept).
    pub(crate) fn new(action: &'static str, collection: &str, keys: Vec<Value>) -> Change {
        Change {
            action,
            collection: collection.to_owned(),
            keys,
            payload: Value::Null,
            nested: false,
        }
    }
}

impl Writer<'_, '_> {
    /// Notes an action for the transaction's [`Change`]s; `payload` is kept
    /// for the action hooks of a nested write.
    fn changed(
        &mut self,
        action: &'static str,
        collection: &str,
        keys: Vec<Value>,
        payload: impl FnOnce() -> Value,
        nested: &[String],
    ) {
        let mut change = Change::new(action, collection, keys);
        if self.hooked(nested) {
            change.payload = payload();
            change.nested = true;
        }
        self.changes.push(change);
    }

    /// Whether a write at the payload path `nested` runs the service's hooks
    /// here: a nested write, when the write emits events.
    fn hooked(&self, nested: &[String]) -> bool {
        self.hooks.is_some() && !nested.is_empty()
    }

    /// The `filter` hooks of a nested write (`nested` is its payload path;
    /// an item written by the request itself had its hooks run by the service).
    fn filter_nested(
        &mut self,
        collection: &str,
        action: &'static str,
        payload: Value,
        keys: Option<&[Value]>,
        nested: &[String],
    ) -> Result<Value> {
        match self.hooks {
            Some(hooks) if !nested.is_empty() => {
                hooks.filter(self.db, collection, action, payload, keys)
            }
            _ => Ok(payload),
        }
    }
}

/// Counts the item writes of one request, nested ones included, like
/// Directus' mutation tracker: each created item counts one, an update or a
/// delete counts its keys.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mutations {
    limit: Option<u64>,
    used: u64,
}

impl Mutations {
    pub(crate) fn up_to(limit: Option<u64>) -> Mutations {
        Mutations { limit, used: 0 }
    }

    fn track(&mut self, count: usize) -> Result<()> {
        self.used += count as u64;
        match self.limit {
            Some(max) if self.used > max => {
                Err(Error::invalid_payload(format!("Exceeded max batch mutation limit of {max}")))
            }
            _ => Ok(()),
        }
    }
}

/// The fields of a payload (none when it is not an object).
fn object(payload: &Value) -> Map<String, Value> {
    match payload {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    }
}

/// Checks that a key has the shape of the collection's primary key type:
/// malformed integers and UUIDs are the generic FORBIDDEN.
pub(crate) fn validate_key(coll: &Collection, key: &Value) -> Result<Pk> {
    let pk = coll.pk_field();
    let ty = pk.map(|f| f.ty).unwrap_or(FieldType::Integer);
    match ty {
        FieldType::Integer => match key {
            Value::Number(n) => n.as_i64().map(Pk::Int).ok_or_else(Error::forbidden),
            Value::String(s) => {
                let trimmed = s.trim();
                let ok = !trimmed.is_empty()
                    && trimmed
                        .chars()
                        .enumerate()
                        .all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '-'));
                if ok {
                    trimmed.parse::<i64>().map(Pk::Int).map_err(|_| Error::forbidden())
                } else {
                    Err(Error::forbidden())
                }
            }
            _ => Err(Error::forbidden()),
        },
        FieldType::Uuid => match key {
            Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => Ok(Pk::Str(s.as_str().into())),
            _ => Err(Error::forbidden()),
        },
        FieldType::BigInteger => match key {
            Value::Number(n) => n.as_i64().map(Pk::Int).ok_or_else(Error::forbidden),
            Value::String(s) => Ok(s
                .trim()
                .parse::<i64>()
                .map(Pk::Int)
                .unwrap_or_else(|_| Pk::Str(s.as_str().into()))),
            _ => Err(Error::forbidden()),
        },
        _ => match key {
            Value::String(s) => Ok(Pk::Str(s.as_str().into())),
            Value::Number(n) => Ok(Pk::Str(n.to_string().into())),
            _ => Err(Error::forbidden()),
        },
    }
}

impl Writer<'_, '_> {
    /// A collection's schema; an unknown collection is FORBIDDEN.
    fn collection(&self, collection: &str) -> Result<&Collection> {
        self.db
            .schema
            .collection(collection)
            .ok_or_else(|| Error::collection_forbidden(collection, &QueriedIn(None)))
    }

    /// [`Self::collection`], owned: for a write that changes the draft it comes from.
    fn coll(&self, collection: &str) -> Result<Collection> {
        self.collection(collection).cloned()
    }
}

/// The error of a write to an inactive collection.
fn inactive(collection: &str) -> Error {
    Error::new(
        crate::error::ErrorCode::CollectionInactive,
        format!("Collection \"{collection}\" is inactive."),
    )
    .with("collection", collection)
}
