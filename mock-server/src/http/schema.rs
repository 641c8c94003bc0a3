//! `/collections`, `/fields` and `/relations`: the endpoints that shape the schema.

use axum::extract::{Path, State};
use axum::response::Response;
use http::{Method, Uri};
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context, no_content};
use crate::error::Error;
use crate::service::schema as service;

fn done(result: Reply) -> Response {
    result.unwrap_or_else(response::error)
}

fn list(v: Vec<Value>) -> Response {
    response::data(Value::Array(v), None)
}

/// `/collections`.
pub async fn collections(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => service::read_collections(&app, &ctx.acc).map(list),
        Method::POST => match &body {
            Value::Array(items) => items
                .iter()
                .map(|c| service::create_collection(&app, &ctx.acc, c))
                .collect::<Result<Vec<_>, _>>()
                .map(list),
            _ => service::create_collection(&app, &ctx.acc, &body).map(|v| response::data(v, None)),
        },
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/collections/:collection`.
pub async fn collection(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(name): Path<String>,
    Body(body): Body,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => {
            service::read_collection(&app, &ctx.acc, &name).map(|v| response::data(v, None))
        }
        Method::PATCH => service::update_collection(&app, &ctx.acc, &name, &body)
            .map(|v| response::data(v, None)),
        Method::DELETE => service::delete_collection(&app, &ctx.acc, &name).map(|()| no_content()),
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/fields`.
pub async fn all_fields(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => service::read_fields(&app, &ctx.acc, None).map(list),
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/fields/:collection`.
pub async fn fields(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(collection): Path<String>,
    Body(body): Body,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => {
            service::read_fields(&app, &ctx.acc, Some(&collection)).map(list)
        }
        Method::POST => service::create_field(&app, &ctx.acc, &collection, &body)
            .map(|v| response::data(v, None)),
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/fields/:collection/:field`.
pub async fn field(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path((collection, field)): Path<(String, String)>,
    Body(body): Body,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => service::read_field(&app, &ctx.acc, &collection, &field)
            .map(|v| response::data(v, None)),
        Method::PATCH => service::update_field(&app, &ctx.acc, &collection, &field, &body)
            .map(|v| response::data(v, None)),
        Method::DELETE => {
            service::delete_field(&app, &ctx.acc, &collection, &field).map(|()| no_content())
        }
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/relations`.
pub async fn relations(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => service::read_relations(&app, &ctx.acc, None).map(list),
        Method::POST => {
            service::create_relation(&app, &ctx.acc, &body).map(|v| response::data(v, None))
        }
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/relations/:collection`.
pub async fn collection_relations(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(collection): Path<String>,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => {
            service::read_relations(&app, &ctx.acc, Some(&collection)).map(list)
        }
        _ => Err(Error::route_not_found(uri.path())),
    })
}

/// `/relations/:collection/:field`.
pub async fn relation(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path((collection, field)): Path<(String, String)>,
    Body(body): Body,
) -> Response {
    done(match method {
        Method::GET | Method::HEAD => service::read_relation(&app, &ctx.acc, &collection, &field)
            .map(|v| response::data(v, None)),
        Method::PATCH => service::update_relation(&app, &ctx.acc, &collection, &field, &body)
            .map(|v| response::data(v, None)),
        Method::DELETE => {
            service::delete_relation(&app, &ctx.acc, &collection, &field).map(|()| no_content())
        }
        _ => Err(Error::route_not_found(uri.path())),
    })
}
