//! `/activity` and `/revisions`: the activity log and revisions, read-only.
//! GET and SEARCH list them, GET `/:id` reads one; any other method is an
//! unknown route, as in Directus. Rows are written by the write pipeline
//! (`engine::activity`), never through these routes. Admins read everything,
//! app users their own activity (app access' minimal permissions), everyone
//! else gets the FORBIDDEN of a collection they may not read.

use axum::extract::{Path, State};
use axum::response::Response;
use http::{Method, Uri};
use serde_json::Value;

use super::extract::Body;
use super::items::{body_query, search_method, validate_batch};
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::{Error, Result};
use crate::service::items::Items;
use crate::store::Pk;
use crate::system;

/// The collection behind the first path segment.
fn collection_of(uri: &Uri) -> &'static str {
    if uri.path().starts_with("/revisions") { system::REVISIONS } else { system::ACTIVITY }
}

/// `GET|SEARCH /activity`, `GET|SEARCH /revisions`.
pub async fn list(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let is_search = method == search_method();
        if !(is_search || method == Method::GET || method == Method::HEAD) {
            return Err(Error::route_not_found(uri.path()));
        }
        let items = Items::new(&app, &ctx.acc, collection_of(&uri))?;
        let mut query = ctx.query.clone();
        let mut keys = None;
        if is_search {
            validate_batch(&body, "read")?;
            if let Some(q) = body.get("query") {
                query = body_query(&app, &ctx, q, true)?;
            }
            keys = body.get("keys").and_then(Value::as_array).cloned();
        }
        let data = match keys {
            Some(keys) => {
                let pks: Vec<Pk> = keys.iter().map(read_key).collect::<Result<_>>()?;
                items.read_many(&pks, &query)?
            }
            None => items.read_by_query(&query)?,
        };
        Ok(response::data(Value::Array(data), items.meta(&query)?))
    })();
    result.unwrap_or_else(response::error)
}

/// `GET /activity/:id`, `GET /revisions/:id`: a missing or hidden row is FORBIDDEN.
pub async fn one(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(pk): Path<String>,
) -> Response {
    let result = (|| -> Reply {
        if !(method == Method::GET || method == Method::HEAD) {
            return Err(Error::route_not_found(uri.path()));
        }
        let items = Items::new(&app, &ctx.acc, collection_of(&uri))?;
        Ok(response::data(items.read_one(&Value::String(pk), &ctx.query)?, None))
    })();
    result.unwrap_or_else(response::error)
}

/// A key of `SEARCH {keys}`: both logs have integer keys.
fn read_key(key: &Value) -> Result<Pk> {
    Pk::from_value(key)
        .and_then(|pk| match pk {
            Pk::Str(s) => s.trim().parse().ok().map(Pk::Int),
            int => Some(int),
        })
        .ok_or_else(Error::forbidden)
}
