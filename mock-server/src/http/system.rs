//! System collections behind their own routes: `/users`, `/roles`,
//! `/policies`, `/permissions`, `/access`, `/settings`, `/users/me`.
//! They use the same items service as `/items`, on `directus_*` collections.

use axum::extract::{Path, State};
use axum::response::Response;
use http::{Method, Uri};
use serde_json::{Map, Value, json};

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context, no_content};
use crate::error::{Error, ErrorCode, Result};
use crate::service::items::Items;
use crate::store::Pk;
use crate::system;

/// The system collection a route segment serves.
fn collection_for(segment: &str) -> Option<&'static str> {
    Some(match segment {
        "users" => system::USERS,
        "roles" => system::ROLES,
        "policies" => system::POLICIES,
        "permissions" => system::PERMISSIONS,
        "access" => system::ACCESS,
        _ => return None,
    })
}

fn reread(result: Result<Value>) -> Reply {
    match result {
        Ok(v) => Ok(response::data(v, None)),
        Err(e) if e.code() == ErrorCode::Forbidden => Ok(no_content()),
        Err(e) => Err(e),
    }
}

/// Checks that Directus applies to user payloads before the generic ones.
fn check_user_payload(body: &Value, creating: bool) -> Result<()> {
    let check = |item: &Map<String, Value>| -> Result<()> {
        if let Some(Value::String(email)) = item.get("email") {
            let ok = email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !email.contains(' '));
            if !ok {
                let mut ext = Map::new();
                ext.insert("field".into(), json!("email"));
                ext.insert("path".into(), json!([]));
                ext.insert("type".into(), json!("email"));
                return Err(Error::many(vec![crate::error::ErrorItem {
                    code: ErrorCode::FailedValidation,
                    message: "Validation failed for field \"email\". Value has to be a valid email address.".into(),
                    extensions: ext,
                }]));
            }
        }
        if !creating && item.contains_key("tfa_secret") {
            return Err(Error::invalid_payload(
                "You can't change the \"tfa_secret\" value manually",
            ));
        }
        Ok(())
    };
    match body {
        Value::Object(m) => check(m.get("data").and_then(Value::as_object).unwrap_or(m)),
        Value::Array(items) => items.iter().filter_map(Value::as_object).try_for_each(check),
        _ => Ok(()),
    }
}

/// `/users`, `/roles`, `/policies`, `/permissions`, `/access`.
pub async fn collection(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(segment): Path<String>,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let Some(collection) = collection_for(&segment) else {
            return Err(Error::route_not_found(uri.path()));
        };
        let items = Items::new(&app, &ctx.acc, collection)?;
        match method {
            Method::GET | Method::HEAD => {
                let data = items.read_by_query(&ctx.query)?;
                Ok(response::data(Value::Array(data), items.meta(&ctx.query)?))
            }
            Method::POST => {
                if collection == system::USERS {
                    check_user_payload(&body, true)?;
                }
                match &body {
                    Value::Array(list) => {
                        let keys = items.create_many(list)?;
                        reread(items.read_many(&keys, &ctx.query).map(Value::Array))
                    }
                    _ => {
                        let key = items.create_one(&body)?;
                        reread(items.read_one(&key.to_value(), &ctx.query))
                    }
                }
            }
            Method::PATCH => {
                if collection == system::USERS {
                    check_user_payload(&body, false)?;
                }
                let keys: Vec<Pk> = match &body {
                    Value::Array(list) => items.update_batch(list)?,
                    _ => {
                        let data = body.get("data").cloned().unwrap_or(Value::Object(Map::new()));
                        let keys =
                            body.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
                        items.update_many(&keys, &data)?
                    }
                };
                reread(items.read_many(&keys, &ctx.query).map(Value::Array))
            }
            Method::DELETE => {
                let keys = match &body {
                    Value::Array(list) => list.clone(),
                    _ => body.get("keys").and_then(Value::as_array).cloned().unwrap_or_default(),
                };
                items.delete_many(&keys)?;
                Ok(no_content())
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `/users/:id` and friends.
pub async fn item(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path((segment, pk)): Path<(String, String)>,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let Some(collection) = collection_for(&segment) else {
            return Err(Error::route_not_found(uri.path()));
        };
        let items = Items::new(&app, &ctx.acc, collection)?;
        let key = Value::String(pk.clone());
        match method {
            Method::GET | Method::HEAD => {
                Ok(response::data(items.read_one(&key, &ctx.query)?, None))
            }
            Method::PATCH => {
                if collection == system::USERS {
                    check_user_payload(&body, false)?;
                }
                let updated = items.update_one(&key, &body)?;
                reread(items.read_one(&updated.to_value(), &ctx.query))
            }
            Method::DELETE => {
                items.delete_one(&key)?;
                Ok(no_content())
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `/users/me`.
pub async fn me(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let Some(user) = ctx.acc.user.clone() else {
            return Err(Error::bare(ErrorCode::InvalidCredentials));
        };
        let items = Items::new(&app, &ctx.acc, system::USERS)?;
        let key = Value::String(user.clone());
        match method {
            Method::GET | Method::HEAD => match items.read_one(&key, &ctx.query) {
                Ok(v) => Ok(response::data(v, None)),
                Err(e) if e.code() == ErrorCode::Forbidden => {
                    Ok(response::data(json!({"id": user}), None))
                }
                Err(e) => Err(e),
            },
            Method::PATCH => {
                check_user_payload(&body, false)?;
                items.update_one(&key, &body)?;
                reread(items.read_one(&key, &ctx.query))
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `/settings`: a singleton.
pub async fn settings(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let items = Items::new(&app, &ctx.acc, system::SETTINGS)?;
        match method {
            Method::GET | Method::HEAD => {
                Ok(response::data(items.read_singleton(&ctx.query)?, None))
            }
            Method::PATCH => {
                items.upsert_singleton(&body)?;
                reread(items.read_singleton(&ctx.query))
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}
