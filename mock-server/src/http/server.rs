//! `/server/ping`, `/server/info`, `/server/health`, and the `/utils` routes.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, Uri, header};
use serde_json::{Value, json};

use super::extract::Body as JsonBody;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::Error;
use crate::store::Pk;
use crate::system;

/// `GET /server/ping`: `pong` as text, no authentication.
pub async fn ping() -> Response {
    let mut resp = (StatusCode::OK, Body::from("pong")).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    resp
}

/// `GET /server/info`.
pub async fn info(State(app): State<AppState>, ctx: Context, method: Method, uri: Uri) -> Response {
    info_reply(&app, &ctx, &method, &uri).unwrap_or_else(response::error)
}

fn info_reply(app: &AppState, ctx: &Context, method: &Method, uri: &Uri) -> Reply {
    if !matches!(*method, Method::GET | Method::HEAD) {
        return Err(Error::route_not_found(uri.path()));
    }
    let db = app.store.snapshot();
    let settings = db.row(system::SETTINGS, &Pk::Int(1)).map(|r| (**r).clone()).unwrap_or_default();
    let s = |k: &str| settings.get(k).cloned().unwrap_or(Value::Null);
    // Stored as SQLite stores booleans (1/0); read back as cast-boolean does.
    let flag = |k: &str| crate::engine::values::as_bool(&s(k)).map_or(Value::Null, Value::Bool);
    let project = json!({
        "project_name": s("project_name"),
        "project_descriptor": null,
        "project_logo": s("project_logo"),
        "project_color": s("project_color"),
        "default_appearance": "auto",
        "default_theme_light": null,
        "default_theme_dark": null,
        "theme_light_overrides": null,
        "theme_dark_overrides": null,
        "default_language": s("default_language"),
        "public_foreground": null,
        "public_background": null,
        "public_favicon": null,
        "public_note": s("public_note"),
        "custom_css": null,
        "public_registration": flag("public_registration"),
        "public_registration_verify_email": flag("public_registration_verify_email"),
    });
    let license = json!({
        "source": null,
        "entitlements": {"production_enabled": true, "ai_translations_enabled": false, "display_powered_by": "DIRECTUS"}
    });
    let mut data = json!({ "project": project });
    if ctx.acc.user.is_some() || ctx.acc.role.is_some() {
        let rate_limit = if app.config.rate_limiter_enabled {
            json!({"points": app.config.rate_limiter_points, "duration": app.config.rate_limiter_duration})
        } else {
            json!(false)
        };
        let extra = json!({
            "project_owner_enabled": true,
            "mcp_enabled": true,
            "ai_enabled": true,
            "mcp_oauth_enabled": false,
            "mcp_oauth_dcr_enabled": false,
            "mcp_oauth_cimd_enabled": false,
            "autoSave": {"revisionInterval": 300},
            "ai_providers": [],
            "files": {"mimeTypeAllowList": ["*/*"]},
            "rateLimit": rate_limit,
            "rateLimitGlobal": false,
            "extensions": {"limit": null},
            "queryLimit": query_limit(&app.config),
            "websocket": false,
            "version": "12.4.0",
        });
        if let (Value::Object(d), Value::Object(e)) = (&mut data, extra) {
            d.extend(e);
        }
    }
    if let Value::Object(d) = &mut data {
        d.insert("license".into(), license);
    }
    Ok(response::data(data, None))
}

/// `GET /server/health`: needs a user or role; the body is health JSON, not an envelope.
pub async fn health(ctx: Context, method: Method, uri: Uri) -> Response {
    if !matches!(method, Method::GET | Method::HEAD) {
        return response::error(Error::route_not_found(uri.path()));
    }
    if ctx.acc.user.is_none() && ctx.acc.role.is_none() {
        return response::error(Error::forbidden());
    }
    let body = if ctx.acc.admin {
        json!({"status": "ok", "releaseId": "12.4.0", "serviceId": "directus-mock", "checks": {}})
    } else {
        json!({"status": "ok"})
    };
    let mut resp = response::json(StatusCode::OK, &body);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/health+json; charset=utf-8"),
    );
    resp
}

/// `GET /`: a redirect to the Data Studio (`ROOT_REDIRECT`), which the mock does not serve.
pub async fn root() -> Response {
    let mut resp = (StatusCode::FOUND, Body::from("Found. Redirecting to ./admin")).into_response();
    resp.headers_mut().insert(header::LOCATION, HeaderValue::from_static("./admin"));
    resp
}

/// `POST /server/setup`: only possible while no user exists, which never holds for the mock.
pub async fn setup() -> Response {
    response::error(Error::forbidden())
}

/// `GET /utils/random/string?length=N` (1 to 500, default 32): a random nanoid-style string.
pub async fn random_string(State(app): State<AppState>, uri: Uri) -> Response {
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
    response::data(Value::String(app.ids.token(length)), None)
}

/// `GET /server/specs/oas`: the OpenAPI document of what the caller may use.
pub async fn openapi(
    State(app): State<AppState>,
    ctx: Context,
    headers: http::HeaderMap,
) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let db = app.store.snapshot();
    let doc = crate::service::openapi::document(&db, &ctx.acc, &format!("http://{host}"));
    response::json(StatusCode::OK, &doc)
}

/// `POST /utils/sort/:collection {item, to}`: 200 with an empty body.
pub async fn sort(
    State(app): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
    JsonBody(body): JsonBody,
) -> Response {
    match crate::service::utils::sort(&app, &ctx.acc, &collection, &body) {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => response::error(e),
    }
}

/// `POST /utils/cache/clear[?system]`: admins only, 200 with an empty body.
pub async fn clear_cache(State(app): State<AppState>, ctx: Context, uri: Uri) -> Response {
    // `?system`, `?system=` and any truthy value clear the system caches too.
    let system = super::query_values(&uri, "system").any(|v| !matches!(v, "false" | "0"));
    match crate::service::utils::clear_cache(&app, &ctx.acc, system) {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => response::error(e),
    }
}

/// `queryLimit` of the server info: the default limit and `QUERY_LIMIT_MAX` (-1: none).
pub fn query_limit(config: &crate::config::Config) -> Value {
    let max = config.query_limit_max.map_or(json!(-1), |m| json!(m));
    json!({"default": crate::query::DEFAULT_LIMIT, "max": max})
}
