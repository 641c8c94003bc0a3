//! `/server/ping`, `/server/info`, `/server/health`, and the `/utils` routes.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, Uri, header};
use serde_json::Value;

use super::extract::Body as JsonBody;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::Error;
use crate::service::openapi::document as openapi_document;
use crate::service::{server as service, utils};

/// `GET /server/ping`: `pong` as text, no authentication.
pub(crate) async fn ping() -> Response {
    let mut resp = (StatusCode::OK, Body::from("pong")).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    resp
}

/// `GET /server/info`.
pub(crate) async fn info(State(state): State<AppState>, ctx: Context) -> Response {
    response::data(service::info(&state.app, &ctx.acc), None)
}

/// `GET /server/health`: needs a user or role; the body is health JSON, not an envelope.
pub(crate) async fn health(ctx: Context) -> Reply {
    let mut resp = response::json(StatusCode::OK, &service::health(&ctx.acc)?);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/health+json; charset=utf-8"),
    );
    Ok(resp)
}

/// `GET /`: a redirect to the Data Studio (`ROOT_REDIRECT`), which the mock does not serve.
pub(crate) async fn root() -> Response {
    let mut resp = (StatusCode::FOUND, Body::from("Found. Redirecting to ./admin")).into_response();
    resp.headers_mut().insert(header::LOCATION, HeaderValue::from_static("./admin"));
    resp
}

/// `POST /server/setup`: only possible while no user exists, which never holds for the mock.
pub(crate) async fn setup() -> Response {
    response::error(Error::forbidden())
}

/// `GET /utils/random/string?length=N` (1 to 500, default 32): a random nanoid-style string.
pub(crate) async fn random_string(State(state): State<AppState>, uri: Uri) -> Response {
    let raw = super::query_values(&uri, "length").next();
    let zod =
        |detail: &str| Error::invalid_query(format!("Validation error: {detail} at \"length\""));
    let length = match raw {
        None => 32,
        Some(text) => match text.parse::<f64>() {
            Err(_) => return response::error(zod("Invalid input: expected number, received NaN")),
            Ok(n) if n < 1.0 => {
                return response::error(zod("Too small: expected number to be >=1"));
            }
            Ok(n) if n > 500.0 => {
                return response::error(zod("Too big: expected number to be <=500"));
            }
            Ok(n) if n.fract() != 0.0 => {
                return response::error(zod("Invalid input: expected int, received number"));
            }
            Ok(n) => n as usize,
        },
    };
    response::data(Value::String(state.app.ids.token(length)), None)
}

/// `GET /server/specs/oas`: the OpenAPI document of what the caller may use.
pub(crate) async fn openapi(
    State(state): State<AppState>,
    ctx: Context,
    headers: http::HeaderMap,
) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let doc = openapi_document(&state.app, &ctx.acc, &format!("http://{host}"));
    response::json(StatusCode::OK, &doc)
}

/// `POST /utils/sort/:collection {item, to}`: 200 with an empty body.
pub(crate) async fn sort(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    JsonBody(body): JsonBody,
) -> Reply {
    utils::sort(&state.app, &ctx.acc, &collection, &body)?;
    Ok(StatusCode::OK.into_response())
}

/// `POST /utils/cache/clear[?system]`: admins only, 200 with an empty body.
pub(crate) async fn clear_cache(State(state): State<AppState>, ctx: Context, uri: Uri) -> Reply {
    // `?system`, `?system=` and any truthy value clear the system caches too.
    let system = super::query_values(&uri, "system").any(|v| !matches!(v, "false" | "0"));
    utils::clear_cache(&ctx.acc)?;
    state.responses.clear();
    if system {
        state.schemas.clear();
    }
    Ok(StatusCode::OK.into_response())
}
