//! The item routes' whole bodies: Directus' batch shapes (`keys` xor
//! `query`, `data` for updates, checked as its Joi schema does), SEARCH
//! bodies, singletons behind collection routes, and the re-read that
//! answers a write.

use serde_json::{Map, Value};

use super::context::body_query;
use super::items::Items;
use crate::engine::write::validate_key;
use crate::error::{Error, ErrorCode, Result};
use crate::query::Query;
use crate::store::Pk;

/// What a write touched, for the re-read that answers it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Written {
    /// One item (a create or update of one object): read back as an object.
    One(Pk),
    /// Items of a batch: read back as a list, in sort order.
    Many(Vec<Pk>),
    /// A singleton's row.
    Singleton,
}

/// Which batch request a body belongs to (the rules differ a little).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Batch {
    Read,
    Update,
    Delete,
}

/// Directus' batch body validation (`keys` xor `query`, `data` for updates).
pub(crate) fn validate_batch(body: &Value, batch: Batch) -> Result<()> {
    let Some(map) = body.as_object() else {
        return Err(Error::invalid_payload("\"value\" must be of type object"));
    };
    if let Some(keys) = map.get("keys") {
        let Value::Array(items) = keys else {
            return Err(Error::invalid_payload("\"keys\" must be an array"));
        };
        if let Some(i) = items.iter().position(|k| !(k.is_string() || k.is_number())) {
            return Err(Error::invalid_payload(format!(
                "\"keys[{i}]\" must be one of [string, number]"
            )));
        }
    }
    if map.get("query").is_some_and(|q| !q.is_object()) {
        return Err(Error::invalid_payload("\"query\" must be of type object"));
    }
    if batch == Batch::Update {
        match map.get("data") {
            None => return Err(Error::invalid_payload("\"data\" is required")),
            Some(Value::Object(_)) => {}
            Some(_) => return Err(Error::invalid_payload("\"data\" must be of type object")),
        }
    }
    let allowed: &[&str] =
        if batch == Batch::Update { &["keys", "query", "data"] } else { &["keys", "query"] };
    if let Some(extra) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::invalid_payload(format!("\"{extra}\" is not allowed")));
    }
    if batch == Batch::Read {
        return Ok(());
    }
    match (map.contains_key("keys"), map.contains_key("query")) {
        (true, true) => Err(Error::invalid_payload(
            "\"value\" contains a conflict between exclusive peers [query, keys]",
        )),
        (false, false) => {
            Err(Error::invalid_payload("\"value\" must contain at least one of [query, keys]"))
        }
        _ => Ok(()),
    }
}

/// The `keys` of a body `validate_batch` accepted (so an array).
fn keys_of(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

impl Items<'_> {
    /// `POST` on a collection: one item (an object) or several (an array).
    /// A singleton has no such route.
    pub(crate) fn create(&self, body: &Value) -> Result<Written> {
        if self.is_singleton() {
            return Err(Error::route_not_found(&format!("/{}", self.collection)));
        }
        match body {
            Value::Array(list) => self.create_many(list).map(Written::Many),
            _ => self.create_one(body).map(Written::One),
        }
    }

    /// `PATCH` on a collection: a singleton's upsert, an array of items with
    /// their keys, or `{keys | query, data}`.
    pub(crate) fn update(&self, body: &Value) -> Result<Written> {
        if self.is_singleton() {
            self.upsert_singleton(body)?;
            return Ok(Written::Singleton);
        }
        if let Value::Array(list) = body {
            return self.update_batch(list).map(Written::Many);
        }
        validate_batch(body, Batch::Update)?;
        // `validate_batch` requires `data`, an object.
        let data = body.get("data").cloned().unwrap_or(Value::Object(Map::new()));
        let keys = if let Some(keys) = body.get("keys") {
            self.update_many(&keys_of(keys), &data)?
        } else {
            let query = self.query_in(body)?;
            self.update_by_query(&query, &data)?
        };
        Ok(Written::Many(keys))
    }

    /// `PATCH` on one item (`pk` as the URL has it). A singleton has no such route.
    pub(crate) fn update_item(&self, pk: &str, body: &Value) -> Result<Written> {
        if self.is_singleton() {
            return Err(Error::route_not_found(&format!("/{}/{pk}", self.collection)));
        }
        self.update_one(&Value::String(pk.to_owned()), body).map(Written::One)
    }

    /// `DELETE` on a collection: an array of keys, or `{keys | query}`.
    pub(crate) fn delete(&self, body: &Value) -> Result<()> {
        let targets_rows =
            body.as_object().is_some_and(|m| m.contains_key("keys") || m.contains_key("query"));
        if self.is_singleton() && !targets_rows {
            // Directus reads the batch's query off a body it does not have.
            return Err(Error::internal("Cannot read properties of undefined (reading 'limit')"));
        }
        if let Value::Array(list) = body {
            return self.delete_many(list);
        }
        validate_batch(body, Batch::Delete)?;
        if let Some(keys) = body.get("keys") {
            return self.delete_many(&keys_of(keys));
        }
        let query = self.query_in(body)?;
        self.delete_by_query(&query).map(|_| ())
    }

    /// `DELETE` on a collection whose controller does not check the body as a
    /// batch: a list of keys, `keys`, or else the body's `query` (without one
    /// Directus fails reading the query's limit).
    pub(crate) fn delete_unchecked(&self, body: &Value) -> Result<()> {
        if let Value::Array(list) = body {
            return self.delete_many(list);
        }
        if let Some(Value::Array(keys)) = body.get("keys") {
            return self.delete_many(keys);
        }
        if body.get("query").is_none_or(Value::is_null) {
            return Err(Error::internal("Cannot read properties of undefined (reading 'limit')"));
        }
        let query = self.query_in(body)?;
        self.delete_by_query(&query).map(|_| ())
    }

    /// The `query` of an update or delete body, sanitized (not validated) for the caller.
    fn query_in(&self, body: &Value) -> Result<Query> {
        body_query(self.app, self.acc, body.get("query").unwrap_or(&Value::Null), false)
    }

    /// The read of a list route (GET, HEAD, or SEARCH with its body): the URL
    /// query, or SEARCH's own `query` and `keys`; a singleton reads its one
    /// item. Returns the data and the query it was read with (for `meta` and
    /// `export`).
    pub(crate) fn read_list(
        &self,
        url_query: &Query,
        search: Option<&Value>,
    ) -> Result<(Value, Query)> {
        let mut query = url_query.clone();
        let mut keys: Option<Vec<Value>> = None;
        if let Some(body) = search {
            validate_batch(body, Batch::Read)?;
            if let Some(q) = body.get("query") {
                query = body_query(self.app, self.acc, q, true)?;
            }
            keys = body.get("keys").map(keys_of);
        }
        let data = if self.is_singleton() {
            self.read_singleton(&query)?
        } else if let Some(keys) = keys {
            Value::Array(self.read_keys(&keys, &query)?)
        } else {
            Value::Array(self.read_by_query(&query)?)
        };
        Ok((data, query))
    }

    /// Items by keys as a client sent them: a malformed key is FORBIDDEN.
    fn read_keys(&self, keys: &[Value], query: &Query) -> Result<Vec<Value>> {
        let db = self.app.store.snapshot();
        let coll = db.schema.collection(&self.collection).ok_or_else(Error::forbidden)?;
        let pks: Vec<Pk> = keys.iter().map(|k| validate_key(coll, k)).collect::<Result<_>>()?;
        self.read_many(&pks, query)
    }

    /// The re-read that answers a write, with the request's URL query. A
    /// FORBIDDEN re-read is `None`: the write happened, the caller just may not
    /// see it (Directus answers 204).
    pub(crate) fn reread(&self, written: &Written, query: &Query) -> Result<Option<Value>> {
        let read = match written {
            Written::One(pk) => self.read_one(&pk.to_value(), query),
            Written::Many(keys) => self.read_many(keys, query).map(Value::Array),
            Written::Singleton => self.read_singleton(query),
        };
        match read {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.code() == ErrorCode::Forbidden => Ok(None),
            Err(e) => Err(e),
        }
    }
}
