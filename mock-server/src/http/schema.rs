//! `/collections`, `/fields` and `/relations`: the endpoints that shape the
//! schema, each a call to `service::schema`.
//!
//! Every handler of a route with a body reads it, also where it does not
//! use it: Directus parses every JSON body, so a malformed one is
//! INVALID_PAYLOAD.

use axum::extract::{Path, State};
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::service::schema as service;

fn list(v: Vec<Value>) -> Reply {
    Ok(response::data(Value::Array(v), None))
}

fn one(v: Value) -> Reply {
    Ok(response::data(v, None))
}

/// `GET /collections`.
pub(crate) async fn collections(State(state): State<AppState>, ctx: Context) -> Reply {
    list(service::read_collections(&state.app, &ctx.acc)?)
}

/// `POST /collections`: one collection, or a list of them.
pub(crate) async fn create_collections(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    match &body {
        Value::Array(items) => list(
            items
                .iter()
                .map(|c| service::create_collection(&state.app, &ctx.acc, c))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        _ => one(service::create_collection(&state.app, &ctx.acc, &body)?),
    }
}

/// `GET /collections/:collection`.
pub(crate) async fn collection(
    State(state): State<AppState>,
    ctx: Context,
    Path(name): Path<String>,
) -> Reply {
    one(service::read_collection(&state.app, &ctx.acc, &name)?)
}

/// `PATCH /collections/:collection`.
pub(crate) async fn update_collection(
    State(state): State<AppState>,
    ctx: Context,
    Path(name): Path<String>,
    Body(body): Body,
) -> Reply {
    one(service::update_collection(&state.app, &ctx.acc, &name, &body)?)
}

/// `DELETE /collections/:collection`.
pub(crate) async fn delete_collection(
    State(state): State<AppState>,
    ctx: Context,
    Path(name): Path<String>,
) -> Reply {
    service::delete_collection(&state.app, &ctx.acc, &name)?;
    Ok(no_content())
}

/// `GET /fields`.
pub(crate) async fn all_fields(State(state): State<AppState>, ctx: Context) -> Reply {
    list(service::read_fields(&state.app, &ctx.acc, None)?)
}

/// `GET /fields/:collection`.
pub(crate) async fn fields(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
) -> Reply {
    list(service::read_fields(&state.app, &ctx.acc, Some(&collection))?)
}

/// `POST /fields/:collection`.
pub(crate) async fn create_field(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Reply {
    one(service::create_field(&state.app, &ctx.acc, &collection, &body)?)
}

/// `PATCH /fields/:collection`: several fields at once (204 for an empty list).
pub(crate) async fn update_fields(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Reply {
    service::update_fields(&state.app, &ctx.acc, &collection, &body)?
        .map_or_else(|| Ok(no_content()), list)
}

/// `GET /fields/:collection/:field`.
pub(crate) async fn field(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, field)): Path<(String, String)>,
) -> Reply {
    one(service::read_field(&state.app, &ctx.acc, &collection, &field)?)
}

/// `PATCH /fields/:collection/:field`.
pub(crate) async fn update_field(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, field)): Path<(String, String)>,
    Body(body): Body,
) -> Reply {
    one(service::update_field(&state.app, &ctx.acc, &collection, &field, &body)?)
}

/// `DELETE /fields/:collection/:field`.
pub(crate) async fn delete_field(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, field)): Path<(String, String)>,
) -> Reply {
    service::delete_field(&state.app, &ctx.acc, &collection, &field)?;
    Ok(no_content())
}

/// `GET /relations`.
pub(crate) async fn relations(State(state): State<AppState>, ctx: Context) -> Reply {
    list(service::read_relations(&state.app, &ctx.acc, None)?)
}

/// `POST /relations`.
pub(crate) async fn create_relation(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    one(service::create_relation(&state.app, &ctx.acc, &body)?)
}

/// `GET /relations/:collection`.
pub(crate) async fn collection_relations(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
) -> Reply {
    list(service::read_relations(&state.app, &ctx.acc, Some(&collection))?)
}

/// `GET /relations/:collection/:field`.
pub(crate) async fn relation(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, field)): Path<(String, String)>,
) -> Reply {
    one(service::read_relation(&state.app, &ctx.acc, &collection, &field)?)
}

/// `PATCH /relations/:collection/:field`.
pub(crate) async fn update_relation(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, field)): Path<(String, String)>,
    Body(body): Body,
) -> Reply {
    one(service::update_relation(&state.app, &ctx.acc, &collection, &field, &body)?)
}

/// `DELETE /relations/:collection/:field`.
pub(crate) async fn delete_relation(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, field)): Path<(String, String)>,
) -> Reply {
    service::delete_relation(&state.app, &ctx.acc, &collection, &field)?;
    Ok(no_content())
}
