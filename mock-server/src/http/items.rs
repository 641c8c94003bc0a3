//! `/items/:collection` and `/items/:collection/:pk`: parse, call the items
//! service, render. The re-read after a write uses the request's URL query
//! and turns a FORBIDDEN re-read into 204, as Directus does.

use axum::extract::{Path, State};
use axum::response::Response;
use http::{Method, Uri};
use serde_json::{Map, Value};

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context, no_content};
use crate::error::{Error, ErrorCode, Result};
use crate::query::{self, Query};
use crate::service::items::Items;
use crate::store::Pk;
use crate::system;

pub(super) fn search_method() -> Method {
    Method::from_bytes(b"SEARCH").unwrap_or(Method::GET)
}

/// Server errors show their raw message to administrators only; everyone else
/// reads "An unexpected error occurred.".
fn for_caller(err: Error, ctx: &Context) -> Response {
    if err.code() == ErrorCode::InternalServerError && !ctx.acc.admin {
        return response::error(Error::bare(ErrorCode::InternalServerError));
    }
    response::error(err)
}

/// Swallows a FORBIDDEN re-read: the write happened, the caller just may not see it.
fn reread(result: Result<Value>) -> Reply {
    match result {
        Ok(v) => Ok(response::data(v, None)),
        Err(e) if e.code() == ErrorCode::Forbidden => Ok(no_content()),
        Err(e) => Err(e),
    }
}

fn keys_of(value: &Value) -> Vec<Value> {
    value.as_array().cloned().unwrap_or_default()
}

/// Directus' batch body validation (`keys` xor `query`, `data` for updates).
pub(super) fn validate_batch(body: &Value, scope: &str) -> Result<()> {
    let Some(map) = body.as_object() else {
        return Err(Error::invalid_payload("\"value\" must be of type object"));
    };
    if let Some(keys) = map.get("keys") {
        match keys {
            Value::Array(items) => {
                for (i, k) in items.iter().enumerate() {
                    if !(k.is_string() || k.is_number()) {
                        return Err(Error::invalid_payload(format!(
                            "\"keys[{i}]\" must be one of [string, number]"
                        )));
                    }
                }
            }
            _ => return Err(Error::invalid_payload("\"keys\" must be an array")),
        }
    }
    if let Some(q) = map.get("query")
        && !q.is_object()
    {
        return Err(Error::invalid_payload("\"query\" must be of type object"));
    }
    if scope == "update" {
        match map.get("data") {
            None => return Err(Error::invalid_payload("\"data\" is required")),
            Some(Value::Object(_)) => {}
            Some(_) => return Err(Error::invalid_payload("\"data\" must be of type object")),
        }
    }
    let allowed: &[&str] =
        if scope == "update" { &["keys", "query", "data"] } else { &["keys", "query"] };
    if let Some(extra) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Error::invalid_payload(format!("\"{extra}\" is not allowed")));
    }
    if scope != "read" {
        match (map.contains_key("keys"), map.contains_key("query")) {
            (true, true) => {
                return Err(Error::invalid_payload(
                    "\"value\" contains a conflict between exclusive peers [query, keys]",
                ));
            }
            (false, false) => {
                return Err(Error::invalid_payload(
                    "\"value\" must contain at least one of [query, keys]",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A query inside a body (`SEARCH`, update/delete by query).
pub(super) fn body_query(
    app: &AppState,
    ctx: &Context,
    raw: &Value,
    validate: bool,
) -> Result<Query> {
    let params = raw.as_object().cloned().unwrap_or_default();
    let db = app.store.snapshot();
    let mut dynamic = ctx.acc.query_dynamic_context(&db, app.now());
    // A body's `query` goes through the sanitizer whenever it is there.
    dynamic.limit_max = app.config.query_limit_max.filter(|_| raw.is_object());
    if validate { query::from_params(params, &dynamic) } else { query::sanitize(&params, &dynamic) }
}

fn system_guard(collection: &str) -> Result<()> {
    if system::is_system(collection) { Err(Error::forbidden()) } else { Ok(()) }
}

/// `/items/:collection`.
pub async fn collection(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Response {
    cached(&app, &ctx, &method, &uri, || {
        handle_collection(&app, &ctx, &method, &uri, &collection, &body)
            .unwrap_or_else(|e| for_caller(e, &ctx))
    })
    .await
}

/// Serves a read from the response cache, or runs it and keeps its answer.
async fn cached(
    app: &AppState,
    ctx: &Context,
    method: &Method,
    uri: &Uri,
    run: impl FnOnce() -> Response,
) -> Response {
    if !app.config.response_cache {
        return run();
    }
    let generation = app.store.snapshot().generation;
    let Some(key) = super::cache::key(generation, ctx, method, uri) else { return run() };
    if let Some(body) = app.response_cache.get(generation, &key) {
        return super::cache::response(body);
    }
    let resp = run();
    if !super::cache::cacheable(&resp) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            app.response_cache.put(generation, key, bytes.clone());
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        Err(_) => Response::from_parts(parts, axum::body::Body::empty()),
    }
}

fn handle_collection(
    app: &AppState,
    ctx: &Context,
    method: &Method,
    uri: &Uri,
    collection: &str,
    body: &Value,
) -> Reply {
    let is_search = *method == search_method();
    if !matches!(
        *method,
        Method::GET | Method::HEAD | Method::POST | Method::PATCH | Method::DELETE
    ) && !is_search
    {
        return Err(Error::route_not_found(uri.path()));
    }
    if (!system::is_system(collection)
        || app.store.snapshot().schema.collection(collection).is_none())
        && system::is_system(collection)
    {
        return Err(Error::forbidden());
    }
    let items = Items::new(app, &ctx.acc, collection)?;
    system_guard(collection)?;
    let singleton = items.is_singleton();
    match *method {
        Method::POST => {
            if singleton {
                return Err(Error::route_not_found(&format!("/{collection}")));
            }
            match body {
                Value::Array(list) => {
                    let keys = items.create_many(list)?;
                    reread(items.read_many(&keys, &ctx.query).map(Value::Array))
                }
                _ => {
                    let key = items.create_one(body)?;
                    reread(items.read_one(&key.to_value(), &ctx.query))
                }
            }
        }
        Method::PATCH => {
            if singleton {
                items.upsert_singleton(body)?;
                return reread(items.read_singleton(&ctx.query));
            }
            let keys: Vec<Pk> = match body {
                Value::Array(list) => items.update_batch(list)?,
                _ => {
                    validate_batch(body, "update")?;
                    let data = body.get("data").cloned().unwrap_or(Value::Object(Map::new()));
                    if let Some(keys) = body.get("keys") {
                        items.update_many(&keys_of(keys), &data)?
                    } else {
                        let q =
                            body_query(app, ctx, body.get("query").unwrap_or(&Value::Null), false)?;
                        items.update_by_query(&q, &data)?
                    }
                }
            };
            reread(items.read_many(&keys, &ctx.query).map(Value::Array))
        }
        Method::DELETE => {
            if singleton
                && !body
                    .as_object()
                    .is_some_and(|m| m.contains_key("keys") || m.contains_key("query"))
            {
                return Err(Error::internal(
                    "Cannot read properties of undefined (reading 'limit')",
                ));
            }
            match body {
                Value::Array(list) => items.delete_many(list)?,
                _ => {
                    validate_batch(body, "delete")?;
                    if let Some(keys) = body.get("keys") {
                        items.delete_many(&keys_of(keys))?;
                    } else {
                        let q =
                            body_query(app, ctx, body.get("query").unwrap_or(&Value::Null), false)?;
                        items.delete_by_query(&q)?;
                    }
                }
            }
            Ok(no_content())
        }
        _ => {
            // GET, HEAD and SEARCH read.
            let (data, query) = read_list(app, ctx, &items, singleton, is_search, body)?;
            if let Some(format) = &query.export {
                return response::export(collection, format, &data, app.now().naive_utc());
            }
            let meta = items.meta(&query)?;
            Ok(response::data(data, meta))
        }
    }
}

/// The read of a list route (GET, HEAD, SEARCH): the URL query, or SEARCH's
/// body with its own `query` and `keys`; a singleton reads its one item.
/// Returns the data and the query it was read with (for `meta` and `export`).
pub(super) fn read_list(
    app: &AppState,
    ctx: &Context,
    items: &Items<'_>,
    singleton: bool,
    is_search: bool,
    body: &Value,
) -> Result<(Value, Query)> {
    let mut query = ctx.query.clone();
    let mut keys: Option<Vec<Value>> = None;
    if is_search {
        validate_batch(body, "read")?;
        if let Some(q) = body.get("query") {
            query = body_query(app, ctx, q, true)?;
        }
        keys = body.get("keys").map(keys_of);
    }
    let data = if singleton {
        items.read_singleton(&query)?
    } else if let Some(keys) = keys {
        let db = app.store.snapshot();
        let coll = db.schema.collection(&items.collection).cloned().ok_or_else(Error::forbidden)?;
        let pks: Vec<Pk> = keys
            .iter()
            .map(|k| crate::engine::write::validate_key(&coll, k))
            .collect::<Result<_>>()?;
        Value::Array(items.read_many(&pks, &query)?)
    } else {
        Value::Array(items.read_by_query(&query)?)
    };
    Ok((data, query))
}

/// `/items/:collection/:pk`.
pub async fn item(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path((collection, pk)): Path<(String, String)>,
    Body(body): Body,
) -> Response {
    cached(&app, &ctx, &method, &uri, || {
        handle_item(&app, &ctx, &method, &uri, &collection, &pk, &body)
            .unwrap_or_else(|e| for_caller(e, &ctx))
    })
    .await
}

fn handle_item(
    app: &AppState,
    ctx: &Context,
    method: &Method,
    uri: &Uri,
    collection: &str,
    pk: &str,
    body: &Value,
) -> Reply {
    if !matches!(*method, Method::GET | Method::HEAD | Method::PATCH | Method::DELETE) {
        return Err(Error::route_not_found(uri.path()));
    }
    if system::is_system(collection) && app.store.snapshot().schema.collection(collection).is_none()
    {
        return Err(Error::forbidden());
    }
    let items = Items::new(app, &ctx.acc, collection)?;
    system_guard(collection)?;
    let key = Value::String(pk.to_owned());
    match *method {
        Method::PATCH => {
            if items.is_singleton() {
                return Err(Error::route_not_found(&format!("/{collection}/{pk}")));
            }
            let updated = items.update_one(&key, body)?;
            reread(items.read_one(&updated.to_value(), &ctx.query))
        }
        Method::DELETE => {
            items.delete_one(&key)?;
            Ok(no_content())
        }
        _ => {
            let data = items.read_one(&key, &ctx.query)?;
            match &ctx.query.export {
                Some(format) => response::export(collection, format, &data, app.now().naive_utc()),
                None => Ok(response::data(data, None)),
            }
        }
    }
}
