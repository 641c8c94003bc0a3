//! `/items/:collection` and `/items/:collection/:pk`: parse, call the items
//! service, render. A write is answered by its re-read with the request's
//! URL query, or 204 when the caller may not read what they wrote. Reads of
//! GET and HEAD go through the response cache.
//!
//! Every handler here reads the body, also where it does not use it:
//! Directus parses every JSON body, so a malformed one is INVALID_PAYLOAD.

use axum::extract::{Path, State};
use axum::response::Response;
use http::{Method, Uri};
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::error::{Error, ErrorCode, Result};
use crate::service::items::Items;

/// Server errors show their raw message to administrators only; everyone else
/// reads "An unexpected error occurred.".
fn for_caller(result: Reply, ctx: &Context) -> Response {
    result.unwrap_or_else(|err| {
        if err.code() == ErrorCode::InternalServerError && !ctx.acc.admin {
            return response::error(Error::bare(ErrorCode::InternalServerError));
        }
        response::error(err)
    })
}

/// The items service for a collection of the items route.
fn items<'a>(state: &'a AppState, ctx: &'a Context, collection: &str) -> Result<Items<'a>> {
    Items::for_items_route(&state.app, &ctx.acc, collection)
}

/// Serves a read from the response cache, or runs it and keeps its answer.
async fn cached(
    state: &AppState,
    ctx: &Context,
    method: &Method,
    uri: &Uri,
    run: impl FnOnce() -> Response,
) -> Response {
    if !state.app.config.response_cache {
        return run();
    }
    let generation = state.app.generation();
    let Some(key) = super::cache::key(generation, ctx, method, uri) else { return run() };
    if let Some(body) = state.responses.get(generation, &key) {
        return super::cache::response(body);
    }
    let resp = run();
    if !super::cache::cacheable(&resp) {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            state.responses.put(generation, key, bytes.clone());
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        Err(_) => Response::from_parts(parts, axum::body::Body::empty()),
    }
}

/// `GET /items/:collection`: the list (a singleton's item), or an `?export=` file.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(collection): Path<String>,
) -> Response {
    cached(&state, &ctx, &method, &uri, || {
        for_caller(read_list(&state, &ctx, &collection, None), &ctx)
    })
    .await
}

/// `SEARCH /items/:collection`: a read with its query (or keys) in the body.
pub(crate) async fn search(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Response {
    for_caller(read_list(&state, &ctx, &collection, Some(&body)), &ctx)
}

fn read_list(state: &AppState, ctx: &Context, collection: &str, search: Option<&Value>) -> Reply {
    let items = items(state, ctx, collection)?;
    let (data, query) = items.read_list(&ctx.query, search)?;
    if let Some(format) = &query.export {
        return response::export(collection, format, &data, state.app.now().naive_utc());
    }
    let meta = items.meta(&query)?;
    Ok(response::data(data, meta))
}

/// `POST /items/:collection`: one item or a list.
pub(crate) async fn create(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Response {
    let result = items(&state, &ctx, &collection).and_then(|items| {
        let written = items.create(&body)?;
        Ok(response::reread(items.reread(&written, &ctx.query)?))
    });
    for_caller(result, &ctx)
}

/// `PATCH /items/:collection`: a batch, by keys or by query (a singleton's upsert).
pub(crate) async fn update(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Response {
    let result = items(&state, &ctx, &collection).and_then(|items| {
        let written = items.update(&body)?;
        Ok(response::reread(items.reread(&written, &ctx.query)?))
    });
    for_caller(result, &ctx)
}

/// `DELETE /items/:collection`: by keys or by query.
pub(crate) async fn delete(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Response {
    let result = items(&state, &ctx, &collection).and_then(|items| items.delete(&body));
    for_caller(result.map(|()| no_content()), &ctx)
}

/// `GET /items/:collection/:pk`: the item, or an `?export=` file.
pub(crate) async fn one(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path((collection, pk)): Path<(String, String)>,
) -> Response {
    cached(&state, &ctx, &method, &uri, || {
        for_caller(read_one(&state, &ctx, &collection, pk), &ctx)
    })
    .await
}

fn read_one(state: &AppState, ctx: &Context, collection: &str, pk: String) -> Reply {
    let data = items(state, ctx, collection)?.read_one(&Value::String(pk), &ctx.query)?;
    match &ctx.query.export {
        Some(format) => response::export(collection, format, &data, state.app.now().naive_utc()),
        None => Ok(response::data(data, None)),
    }
}

/// `PATCH /items/:collection/:pk`.
pub(crate) async fn update_one(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, pk)): Path<(String, String)>,
    Body(body): Body,
) -> Response {
    let result = items(&state, &ctx, &collection).and_then(|items| {
        let written = items.update_item(&pk, &body)?;
        Ok(response::reread(items.reread(&written, &ctx.query)?))
    });
    for_caller(result, &ctx)
}

/// `DELETE /items/:collection/:pk`.
pub(crate) async fn delete_one(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, pk)): Path<(String, String)>,
) -> Response {
    let result = items(&state, &ctx, &collection)
        .and_then(|items| items.delete_one(&Value::String(pk)))
        .map(|()| no_content());
    for_caller(result, &ctx)
}
