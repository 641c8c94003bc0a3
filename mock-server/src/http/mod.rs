//! The HTTP layer: the URL table, the request context (token, accountability,
//! sanitized query), wire types and status codes. Handlers turn requests into
//! service calls and service results into Directus responses; they never
//! parse headers themselves and never touch the store.

pub mod auth;
pub mod extract;
pub mod graphql;
pub mod items;
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
use crate::service::{Accountability, App, auth as auth_service};

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
        .route("/server/ping", get(server::ping))
        .route("/server/info", any(server::info))
        .route("/server/health", any(server::health))
        .route("/server/specs/graphql", any(graphql::specs))
        .route("/server/specs/graphql/{scope}", any(graphql::specs_scope))
        .route("/graphql", any(graphql::items))
        .route("/graphql/system", any(graphql::system))
        .route("/graphql/{*rest}", any(graphql::items))
        .route("/auth", any(auth::providers))
        .route("/auth/login", post(auth::login))
        .route("/auth/refresh", post(auth::refresh))
        .route("/auth/logout", post(auth::logout))
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
        .route("/users/me", any(system::me))
        .route("/settings", any(system::settings))
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

/// The token of a request: `?access_token=`, a `Bearer` header, or the session cookie.
fn extract_token(req: &Request) -> Result<(Option<String>, bool), Error> {
    let query_token = req.uri().query().and_then(|q| {
        q.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k == "access_token")
                .then(|| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        })
    });
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

/// Authenticates, sanitizes the URL query, and sets the headers Directus sends on every response.
async fn context(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = if path == "/server/ping" {
        next.run(req).await
    } else {
        match build_context(&app, &req) {
            Ok(ctx) => {
                req.extensions_mut().insert(ctx);
                next.run(req).await
            }
            Err((err, clear_cookie)) => {
                let mut resp = response::error(err);
                if clear_cookie {
                    resp.headers_mut().append(
                        header::SET_COOKIE,
                        HeaderValue::from_static(
                            "directus_session_token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax",
                        ),
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
    response
}

fn build_context(app: &App, req: &Request) -> Result<Context, (Error, bool)> {
    let (token, from_cookie) = extract_token(req).map_err(|e| (e, false))?;
    let db = app.store.snapshot();
    let acc = auth_service::authenticate(app, &db, token.as_deref()).map_err(|e| {
        let clear = from_cookie
            && matches!(e.code(), ErrorCode::InvalidCredentials | ErrorCode::InvalidToken);
        (e, clear)
    })?;
    let raw = req.uri().query().unwrap_or("");
    // Reading the caller's user and role rows is only needed for `$CURRENT_...` variables.
    let dynamic = if raw.contains('$') || raw.contains("%24") {
        acc.query_dynamic_context(&db, app.now())
    } else {
        query::DynamicContext { now: Some(app.now()), ..Default::default() }
    };
    let query = query::from_url(raw, &dynamic).map_err(|e| (e, false))?;
    Ok(Context { acc, query, token_from_cookie: from_cookie })
}

/// An empty 204 response.
pub fn no_content() -> Response {
    (http::StatusCode::NO_CONTENT, Body::empty()).into_response()
}
