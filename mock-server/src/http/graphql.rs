//! `/graphql`, `/graphql/system` (and any other `/graphql/<path>`, which
//! Directus serves as the items endpoint), plus the SDL download
//! `/server/specs/graphql[/items|/system]`. Reads the request (GET query
//! string or POST JSON body), runs it through `graphql::exec`, and renders
//! either the 200 GraphQL body or a REST-shaped error.

use std::sync::Arc;

use axum::body::Body as RawBody;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use serde_json::{Value, json};

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::{Error, ErrorCode};
use crate::graphql::Scope;
use crate::graphql::exec::{self, GqlRequest};
use crate::query::qs;
use crate::service::server;

/// `/graphql` and `/graphql/<anything>`.
pub(crate) async fn items(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    Body(body): Body,
) -> Response {
    let config = &state.app.config;
    if let Ok(ws) = ws
        && config.websockets_enabled
        && config.websockets_graphql_enabled
        && uri.path() == config.websockets_graphql_path
    {
        return super::graphql_ws::upgrade(state, ws, ctx.acc, &uri, &headers);
    }
    handle(state, ctx, Scope::Items, method, uri, headers, body).await
}

/// `WEBSOCKETS_GRAPHQL_PATH` when it is not `/graphql`: only the graphql-ws upgrade.
pub(crate) async fn socket(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let config = &state.app.config;
    match ws {
        Ok(ws) if config.websockets_enabled && config.websockets_graphql_enabled => {
            super::graphql_ws::upgrade(state, ws, ctx.acc, &uri, &headers)
        }
        _ => response::error(crate::error::Error::route_not_found(uri.path())),
    }
}

/// `/graphql/system`.
pub(crate) async fn system(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Body(body): Body,
) -> Response {
    handle(state, ctx, Scope::System, method, uri, headers, body).await
}

fn non_empty_string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn read_request(method: &Method, uri: &Uri, body: &Value) -> Result<GqlRequest, Error> {
    if *method == Method::GET {
        let params = qs::parse(uri.query().unwrap_or(""));
        let variables = match non_empty_string(params.get("variables")) {
            Some(text) => Some(
                serde_json::from_str::<Value>(&text)
                    .map_err(|_| Error::invalid_query("Variables are invalid JSON"))?,
            ),
            None => None,
        };
        return Ok(GqlRequest {
            query: non_empty_string(params.get("query")),
            variables,
            operation_name: non_empty_string(params.get("operationName")),
            get: true,
            cookies: Vec::new(),
        });
    }
    Ok(GqlRequest {
        query: non_empty_string(body.get("query")),
        variables: body.get("variables").filter(|v| !v.is_null()).cloned(),
        operation_name: non_empty_string(body.get("operationName")),
        get: false,
        cookies: Vec::new(),
    })
}

async fn handle(
    state: AppState,
    ctx: Context,
    scope: Scope,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Value,
) -> Response {
    if method != Method::GET && method != Method::POST {
        return response::error(
            Error::new(
                ErrorCode::MethodNotAllowed,
                format!("Invalid method \"{method}\" used. Should be one of \"GET\", \"POST\"."),
            )
            .with("allowed", json!(["GET", "POST"]))
            .with("current", method.as_str())
            .with_header("allow", "GET, POST"),
        );
    }
    let mut request = match read_request(&method, &uri, &body) {
        Ok(r) => r,
        Err(e) => return response::error(e),
    };
    request.cookies = super::cookies(&headers).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let schemas = Arc::clone(&state.schemas);
    match exec::execute(Arc::clone(&state.app), schemas, ctx.acc, scope, request).await {
        Ok(reply) => {
            let mut resp = response::json(StatusCode::OK, &reply.body);
            for cookie in reply.set_cookies {
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    resp.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            resp
        }
        Err(e) => response::error(e),
    }
}

/// `GET /server/specs/graphql`: the items SDL.
pub(crate) async fn specs(State(state): State<AppState>, ctx: Context, uri: Uri) -> Reply {
    specs_reply(&state, &ctx, &uri, "items")
}

/// `GET /server/specs/graphql/:scope` (`items` or `system`).
pub(crate) async fn specs_scope(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(scope): Path<String>,
) -> Reply {
    specs_reply(&state, &ctx, &uri, &scope)
}

/// The SDL as a download named after the project and the day.
fn specs_reply(state: &AppState, ctx: &Context, uri: &Uri, scope: &str) -> Reply {
    if !state.app.config.graphql_introspection {
        return Err(Error::route_not_found(uri.path()));
    }
    let scope = match scope {
        "items" => Scope::Items,
        "system" => Scope::System,
        _ => return Err(Error::route_not_found(uri.path())),
    };
    let sdl = exec::sdl(&state.app, &state.schemas, &ctx.acc, scope)?;
    let project = server::project_name(&state.app);
    let date = state.app.now().format("%Y-%m-%d");
    let mut resp = (StatusCode::OK, RawBody::from(sdl)).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream; charset=utf-8"),
    );
    if let Ok(v) =
        HeaderValue::from_str(&format!("attachment; filename=\"{project}_{date}.graphql\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}
