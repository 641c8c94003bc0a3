//! The HTTP layer: the URL table, the request context (token, accountability,
//! sanitized query), wire types and status codes. Handlers turn requests into
//! service calls and service results into Directus responses; they never
//! parse headers themselves and never touch the store.

pub mod activity;
pub mod auth;
pub mod cache;
pub mod export;
pub mod external;
pub mod extract;
pub mod graphql;
pub mod items;
pub mod migrations;
pub mod response;
pub mod schema;
pub mod server;
pub mod system;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use http::{HeaderValue, header};

use crate::error::{Error, ErrorCode};
use crate::query::{self, Query};
use crate::service::{Accountability, App, RequestInfo, auth as auth_service};

/// Shared state of the handlers.
pub type AppState = Arc<App>;

/// The request context the middleware attaches for every handler.
#[derive(Debug, Clone)]
pub struct Context {
    pub acc: Accountability,
    /// The sanitized URL query (`fields=*` default when any parameter is present).
    pub query: Query,
    /// Where the token came from, so a bad session cookie can be cleared.
    pub token_from_cookie: bool,
}

/// The whole URL table.
pub fn router(app: AppState) -> Router {
    Router::new()
        .route("/", get(server::root).fallback(not_found))
        .route("/server/ping", get(server::ping).fallback(not_found))
        .route("/server/setup", post(server::setup).fallback(not_found))
        .route("/utils/random/string", get(server::random_string).fallback(not_found))
        .route("/utils/sort/{collection}", post(server::sort).fallback(not_found))
        .route("/utils/cache/clear", post(server::clear_cache).fallback(not_found))
        .route("/auth/password/request", post(auth::password_request).fallback(not_found))
        .route("/server/info", any(server::info))
        .route("/server/health", any(server::health))
        .route("/server/specs/oas", get(server::openapi).fallback(not_found))
        .route("/server/specs/graphql", any(graphql::specs))
        .route("/server/specs/graphql/{scope}", any(graphql::specs_scope))
        .route("/graphql", any(graphql::items))
        .route("/graphql/system", any(graphql::system))
        .route("/graphql/{*rest}", any(graphql::items))
        .route("/auth", any(auth::providers))
        .route("/auth/login", post(auth::login).fallback(not_found))
        .route("/auth/refresh", post(auth::refresh).fallback(not_found))
        .route("/auth/logout", post(auth::logout).fallback(not_found))
        .route("/items/{collection}", any(items::collection))
        .route("/items/{collection}/{pk}", any(items::item))
        .route("/collections", any(schema::collections))
        .route("/collections/{collection}", any(schema::collection))
        .route("/fields", any(schema::all_fields))
        .route("/fields/{collection}", any(schema::fields))
        .route("/fields/{collection}/{field}", any(schema::field))
        .route("/relations", any(schema::relations))
        .route("/relations/{collection}", any(schema::collection_relations))
        .route("/relations/{collection}/{field}", any(schema::relation))
        .route("/schema/snapshot", get(migrations::snapshot).fallback(not_found))
        .route("/schema/diff", post(migrations::diff).fallback(not_found))
        .route("/schema/apply", post(migrations::apply).fallback(not_found))
        .route("/files/import", post(external::files_import).fallback(not_found))
        .route("/users/me", any(system::me))
        .route("/users/me/tfa/generate", post(system::tfa_generate).fallback(not_found))
        .route("/users/me/tfa/enable", post(system::tfa_enable).fallback(not_found))
        .route("/users/me/tfa/disable", post(system::tfa_disable).fallback(not_found))
        .route("/users/{id}/tfa/disable", post(system::tfa_disable_for).fallback(not_found))
        .route("/roles/me", get(system::my_roles).fallback(not_found))
        .route("/policies/me/globals", get(system::my_policy_globals).fallback(not_found))
        .route("/permissions/me", get(system::my_permissions).fallback(not_found))
        .route("/license", get(system::license_info).fallback(not_found))
        .route("/settings", any(system::settings))
        .route("/activity", any(activity::list))
        .route("/activity/{pk}", any(activity::one))
        .route("/revisions", any(activity::list))
        .route("/revisions/{pk}", any(activity::one))
        .route("/{system}", any(system::collection))
        .route("/{system}/{pk}", any(system::item))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&app), context))
        .with_state(app)
}

/// Unknown routes and methods: ROUTE_NOT_FOUND with the full path.
pub async fn not_found(req: Request) -> Response {
    response::error(Error::route_not_found(req.uri().path()))
}

/// The raw (undecoded) values of one URL query parameter, in order: for the
/// few parameters read before or outside the sanitized query.
pub(crate) fn query_values<'a>(uri: &'a http::Uri, name: &'a str) -> impl Iterator<Item = &'a str> {
    uri.query().unwrap_or("").split('&').filter_map(move |pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then_some(v)
    })
}

/// The token of a request: `?access_token=`, a `Bearer` header, or the session cookie.
fn extract_token(req: &Request) -> Result<(Option<String>, bool), Error> {
    // An empty `?access_token=` counts as none, as in Directus.
    let query_token = query_values(req.uri(), "access_token")
        .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        .find(|t| !t.is_empty());
    let header_token =
        req.headers().get(header::AUTHORIZATION).and_then(|h| h.to_str().ok()).and_then(|h| {
            let parts: Vec<&str> = h.split(' ').collect();
            match parts.as_slice() {
                [scheme, token] if scheme.eq_ignore_ascii_case("bearer") => {
                    Some((*token).to_owned())
                }
                _ => None,
            }
        });
    if query_token.is_some() && header_token.is_some() {
        return Err(Error::invalid_payload(
            "The request uses more than one method for including an access token",
        ));
    }
    if let Some(t) = query_token.or(header_token) {
        return Ok((Some(t), false));
    }
    let cookie =
        req.headers().get_all(header::COOKIE).iter().filter_map(|h| h.to_str().ok()).find_map(
            |h| {
                h.split(';').find_map(|c| {
                    let (k, v) = c.trim().split_once('=')?;
                    (k == "directus_session_token").then(|| v.to_owned())
                })
            },
        );
    Ok((cookie.clone(), cookie.is_some()))
}

/// The client's address, when the server knows it (not in in-process tests).
fn client_ip(req: &Request) -> Option<std::net::IpAddr> {
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_canonical())
}

/// The IP rate limiter (`RATE_LIMITER_ENABLED`): REQUESTS_EXCEEDED with `Retry-After`.
fn rate_limit(app: &App, ip: Option<std::net::IpAddr>) -> Result<(), Error> {
    if !app.config.rate_limiter_enabled {
        return Ok(());
    }
    let Some(ip) = ip else { return Ok(()) };
    let window = std::time::Duration::from_secs(app.config.rate_limiter_duration);
    let used = app.rate_limits.consume(&ip.to_string(), Some(window), std::time::Instant::now());
    if used.consumed <= u64::from(app.config.rate_limiter_points) {
        return Ok(());
    }
    let before_next = used.before_next.unwrap_or_default();
    let reset = app.now() + chrono::Duration::from_std(before_next).unwrap_or_default();
    Err(Error::new(
        ErrorCode::RequestsExceeded,
        format!(
            "Too many requests, retry after {}.",
            crate::service::limits::short_duration(before_next)
        ),
    )
    .with("limit", app.config.rate_limiter_points)
    .with("reset", reset.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    .with_header("retry-after", (before_next.as_millis() as f64 / 1000.0).round().to_string()))
}

/// Authenticates, sanitizes the URL query, and sets the headers Directus sends on every response.
async fn context(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let ip = client_ip(&req);
    let limited = if path == "/" || path == "/robots.txt" { Ok(()) } else { rate_limit(&app, ip) };
    let mut response = if let Err(err) = limited {
        response::error(err)
    } else if req.method() == http::Method::OPTIONS {
        // Express' default answer to OPTIONS (CORS is off): the methods, as text.
        options_response()
    } else if path == "/server/ping" {
        next.run(req).await
    } else {
        match build_context(&app, &req, ip) {
            Ok(ctx) => {
                req.extensions_mut().insert(ctx);
                next.run(req).await
            }
            Err((err, clear_cookie)) => {
                let mut resp = response::error(err);
                if clear_cookie {
                    auth::clear_cookie(
                        &mut resp,
                        auth::SESSION_COOKIE,
                        app.config.session_cookie_ttl.as_secs(),
                    );
                }
                resp
            }
        }
    };
    let headers = response.headers_mut();
    headers.insert("x-powered-by", HeaderValue::from_static("Directus"));
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(header::VARY, HeaderValue::from_static("Origin, Cache-Control"));
    }
    if is_json && app.config.error_stacks() && response.status().as_u16() >= 400 {
        return with_stacks(response).await;
    }
    response
}

/// `NODE_ENV=development`: Directus' error handler adds the error's stack trace,
/// just before `code`, to the extensions of every error it answers with. The
/// mock's trace names the mock instead of JavaScript frames.
async fn with_stacks(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, axum::body::Body::empty());
    };
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return Response::from_parts(parts, axum::body::Body::from(bytes));
    };
    let errors = json.get_mut("errors").and_then(serde_json::Value::as_array_mut);
    for error in errors.into_iter().flatten() {
        let message = error.get("message").and_then(serde_json::Value::as_str).unwrap_or("");
        let stack = format!("DirectusError: {message}\n    at directus-mock");
        let Some(ext) = error.get_mut("extensions").and_then(serde_json::Value::as_object_mut)
        else {
            continue;
        };
        let code = ext.shift_remove("code");
        ext.insert("stack".into(), stack.into());
        if let Some(code) = code {
            ext.insert("code".into(), code);
        }
    }
    let bytes = serde_json::to_vec(&json).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

fn build_context(
    app: &App,
    req: &Request,
    ip: Option<std::net::IpAddr>,
) -> Result<Context, (Error, bool)> {
    let (token, from_cookie) = extract_token(req).map_err(|e| (e, false))?;
    let db = app.store.snapshot();
    let mut acc = auth_service::authenticate(app, &db, token.as_deref(), ip).map_err(|e| {
        let clear = from_cookie
            && matches!(e.code(), ErrorCode::InvalidCredentials | ErrorCode::InvalidToken);
        (e, clear)
    })?;
    let header_text = |name: header::HeaderName| {
        req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    acc.request = Some(RequestInfo {
        user_agent: header_text(header::USER_AGENT),
        origin: header_text(header::ORIGIN),
    });
    let raw = req.uri().query().unwrap_or("");
    // Reading the caller's user and role rows is only needed for `$CURRENT_...` variables.
    let mut dynamic = if raw.contains('$') || raw.contains("%24") {
        acc.query_dynamic_context(&db, app.now())
    } else {
        query::DynamicContext { now: Some(app.now()), ..Default::default() }
    };
    // Directus sanitizes the URL query only when there is one.
    dynamic.limit_max = app.config.query_limit_max.filter(|_| !raw.is_empty());
    let query = query::from_url(raw, &dynamic).map_err(|e| (e, false))?;
    Ok(Context { acc, query, token_from_cookie: from_cookie })
}

/// What Directus (Express, CORS off) answers to OPTIONS on an API route.
fn options_response() -> Response {
    const METHODS: &str = "POST,SEARCH,GET,HEAD,PATCH,DELETE";
    let mut resp = (http::StatusCode::OK, Body::from(METHODS)).into_response();
    resp.headers_mut().insert(header::ALLOW, HeaderValue::from_static(METHODS));
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    resp
}

/// An empty 204 response.
pub fn no_content() -> Response {
    (http::StatusCode::NO_CONTENT, Body::empty()).into_response()
}
