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
use super::items::{read_list, search_method};
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::Error;
use crate::service::items::Items;
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
        let (data, query) = read_list(&app, &ctx, &items, false, is_search, &body)?;
        Ok(response::data(data, items.meta(&query)?))
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
