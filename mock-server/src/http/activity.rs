//! `/activity` and `/revisions`: the activity log and revisions, read-only.
//! GET and SEARCH list them, GET `/:id` reads one; any other method is an
//! unknown route, as in Directus. Rows are written by the write pipeline
//! (`engine::activity`), never through these routes. Admins read everything,
//! app users their own activity (app access' minimal permissions), everyone
//! else gets the FORBIDDEN of a collection they may not read.

use axum::extract::{Path, State};
use http::Uri;
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::service::items::Items;
use crate::system;

/// The collection behind the first path segment.
fn collection_of(uri: &Uri) -> &'static str {
    if uri.path().starts_with("/revisions") { system::REVISIONS } else { system::ACTIVITY }
}

/// `GET /activity`, `GET /revisions`.
pub(crate) async fn list(State(state): State<AppState>, ctx: Context, uri: Uri) -> Reply {
    read_list(&state, &ctx, &uri, None)
}

/// `SEARCH /activity`, `SEARCH /revisions`: the query (or keys) in the body.
pub(crate) async fn search(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Body(body): Body,
) -> Reply {
    read_list(&state, &ctx, &uri, Some(&body))
}

fn read_list(state: &AppState, ctx: &Context, uri: &Uri, search: Option<&Value>) -> Reply {
    let items = Items::new(&state.app, &ctx.acc, collection_of(uri))?;
    let (data, query) = items.read_list(&ctx.query, search)?;
    Ok(response::data(data, items.meta(&query)?))
}

/// `GET /activity/:id`, `GET /revisions/:id`: a missing or hidden row is FORBIDDEN.
pub(crate) async fn one(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(pk): Path<String>,
) -> Reply {
    let items = Items::new(&state.app, &ctx.acc, collection_of(&uri))?;
    Ok(response::data(items.read_one(&Value::String(pk), &ctx.query)?, None))
}
