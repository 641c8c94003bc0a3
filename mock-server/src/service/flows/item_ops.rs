//! The item operations of a flow: `item-create`, `item-read`, `item-update`
//! and `item-delete`, through the items service as Directus' operations use
//! its `ItemsService`. `permissions` picks who they run as: the flow's
//! caller (`$trigger`, the default), everyone (`$full`), the public
//! (`$public`) or a role's id. They emit no event hooks (event flows,
//! realtime events) unless `emitEvents` is set, as there. A service error
//! rejects with the serialized error. The `notification` operation creates
//! in-app notifications the same way, with events (Directus' default).

use serde_json::{Map, Value, json};

use super::operations::to_object;
use super::{App, Outcome, Thrown, truthy};
use crate::error::{Error, Result};
use crate::query::{self, Query};
use crate::service::Accountability;
use crate::service::auth;
use crate::service::items::Items;
use crate::store::Pk;

/// Runs one item operation on its rendered options.
pub(super) fn run(app: &App, acc: &Accountability, kind: &str, options: &Value) -> Outcome {
    match operate(app, acc, kind, options) {
        Ok(value) => Outcome::Resolve(value),
        Err(err) => {
            let thrown = Thrown::from_error(&err);
            Outcome::Reject(thrown.data(), Some(thrown))
        }
    }
}

fn operate(app: &App, trigger: &Accountability, kind: &str, options: &Value) -> Result<Value> {
    let option = |k: &str| options.get(k).unwrap_or(&Value::Null);
    let acc = runs_as(app, trigger, option("permissions"));
    if kind == "notification" {
        return notify(app, &acc, options);
    }
    let collection = option("collection").as_str().unwrap_or_default();
    let mut items = Items::new(app, &acc, collection)?;
    items.events = truthy(option("emitEvents"));
    let keys: Vec<Value> = match option("key") {
        Value::Null => Vec::new(),
        Value::Array(keys) => keys.clone(),
        Value::String(s) if s.is_empty() => Vec::new(),
        key => vec![key.clone()],
    };
    let payload = to_object(option("payload")).unwrap_or(Value::Null);
    match kind {
        "item-create" => create(&items, payload),
        "item-read" => {
            let query = query_of(app, &acc, option("query"))?;
            match keys.as_slice() {
                [] => items.read_by_query(&query).map(Value::Array),
                [key] => items.read_one(key, &query),
                _ => {
                    let pks: Vec<Pk> = keys.iter().filter_map(Pk::from_value).collect();
                    items.read_many(&pks, &query).map(Value::Array)
                }
            }
        }
        "item-update" => {
            if payload.is_null() {
                return Ok(Value::Null);
            }
            match keys.as_slice() {
                [] => {
                    let query = query_of(app, &acc, option("query"))?;
                    items.update_by_query(&query, &payload).map(pk_values)
                }
                [key] => items.update_one(key, &payload).map(|pk| pk.to_value()),
                _ => items.update_many(&keys, &payload).map(pk_values),
            }
        }
        _ => match keys.as_slice() {
            [] => {
                let query = query_of(app, &acc, option("query"))?;
                items.delete_by_query(&query).map(pk_values)
            }
            [key] => items.delete_one(key).map(|()| key.clone()),
            _ => items.delete_many(&keys).map(|()| Value::Array(keys.clone())),
        },
    }
}

/// `item-create`: the payload, or each element of an array payload; the
/// created keys, always as a list.
fn create(items: &Items<'_>, payload: Value) -> Result<Value> {
    let list = match payload {
        Value::Null => return Ok(Value::Null),
        Value::Array(list) => list,
        one => vec![one],
    };
    items.create_many(&list).map(pk_values)
}

/// `notification`: one notification per recipient (a user id, or a list),
/// sent by the user the operation runs as; the created keys.
fn notify(app: &App, acc: &Accountability, options: &Value) -> Result<Value> {
    let option = |k: &str| options.get(k).cloned().unwrap_or(Value::Null);
    let recipients = match option("recipient") {
        Value::Array(list) => list,
        Value::Null => Vec::new(),
        one => vec![one],
    };
    let message = match option("message") {
        Value::Null => Value::Null,
        Value::String(s) if s.is_empty() => Value::Null,
        Value::String(s) => Value::String(s),
        other => Value::String(other.to_string()),
    };
    let rows: Vec<Value> = recipients
        .into_iter()
        .map(|recipient| {
            json!({"recipient": recipient, "sender": acc.user, "subject": option("subject"),
                   "message": message, "collection": option("collection"), "item": option("item")})
        })
        .collect();
    // Directus' notification operation creates with the service's default,
    // events emitted: realtime subscribers hear of them.
    let items = Items::new(app, acc, crate::system::NOTIFICATIONS)?;
    items.create_many(&rows).map(pk_values)
}

fn pk_values(keys: Vec<Pk>) -> Value {
    Value::Array(keys.iter().map(Pk::to_value).collect())
}

/// Who an item operation runs as.
fn runs_as(app: &App, trigger: &Accountability, permissions: &Value) -> Accountability {
    let db = app.store.snapshot();
    match permissions.as_str() {
        None | Some("" | "$trigger") => trigger.clone(),
        Some("$full") => Accountability { admin: true, app: true, ..Accountability::default() },
        Some("$public") => auth::public_accountability(&db, trigger.ip),
        Some(role) => auth::accountability_for(&db, None, Some(role), trigger.ip).0,
    }
}

/// The operation's `query` option (an object, or JSON text) as a query.
fn query_of(app: &App, acc: &Accountability, raw: &Value) -> Result<Query> {
    let params: Map<String, Value> = match to_object(raw) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        _ => return Err(Error::invalid_query("The operation's query must be an object.")),
    };
    let db = app.store.snapshot();
    query::from_params(params, &acc.dynamic_context(&db, app.now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_error_rejects_as_a_serialized_directus_error() {
        let err = Error::forbidden_reason("No.");
        let thrown = Thrown::from_error(&err);
        assert_eq!(
            thrown.data(),
            json!({"name": "DirectusError", "extensions": {"reason": "No."}, "code": "FORBIDDEN", "status": 403})
        );
    }
}
