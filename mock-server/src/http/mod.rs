//! The HTTP layer: the URL table, the request context (token, accountability,
//! sanitized query), wire types and status codes. Handlers parse a request,
//! call a service and render its result as a Directus response; they never
//! parse headers themselves and never touch the store or the engine
//! (`tests/architecture.rs` holds them to that).
//!
//! [`Shared`] is the handlers' state: the services' [`App`] and the caches
//! that belong to the transports (item responses, generated GraphQL
//! schemas). Every route of [`router`] lists its methods the same way
//! (`methods()`); an unknown method or path is ROUTE_NOT_FOUND, answered by
//! [`not_found`] alone.

pub(crate) mod activity;
pub(crate) mod auth;
pub(crate) mod cache;
pub(crate) mod control;
pub(crate) mod cors;
pub(crate) mod export;
pub(crate) mod extensions;
pub(crate) mod extract;
pub(crate) mod files;
pub(crate) mod flows;
pub(crate) mod graphql;
pub(crate) mod graphql_ws;
pub(crate) mod items;
pub(crate) mod json_syntax;
pub(crate) mod migrations;
pub(crate) mod multipart;
pub(crate) mod response;
pub(crate) mod schema;
pub(crate) mod server;
pub(crate) mod studio;
pub(crate) mod system;
pub(crate) mod websocket;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, any};
use http::{HeaderValue, header};

use crate::error::{Error, ErrorCode};
use crate::graphql::SchemaCache;
use crate::query::Query;
use crate::service::{Accountability, App, RequestInfo, context as request_context, limits};

/// What every handler shares: the services' state, and the caches that
/// belong to the transports (the services know nothing of them).
pub(crate) struct Shared {
    pub(crate) app: Arc<App>,
    /// Item read responses of the current database generation (see [`cache`]).
    pub(crate) responses: cache::ResponseCache,
    /// Generated GraphQL schemas, handed to the GraphQL executor.
    pub(crate) schemas: Arc<SchemaCache>,
    /// The CORS policy (`CORS_*`), when CORS is on.
    pub(crate) cors: Option<cors::Policy>,
}

/// Shared state of the handlers.
pub(crate) type AppState = Arc<Shared>;

/// The request context the middleware attaches for every handler.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub(crate) acc: Accountability,
    /// The sanitized URL query (`fields=*` default when any parameter is present).
    pub(crate) query: Query,
}

/// The sockets' routes at their paths (`WEBSOCKETS_REST_PATH`, `WEBSOCKETS_GRAPHQL_PATH`):
/// the config keeps them off the API's own routes; `/graphql` upgrades itself.
fn socket_routes(config: &crate::config::Config) -> Router<AppState> {
    let (rest, graphql) = (&config.websockets_rest_path, &config.websockets_graphql_path);
    let mut routes = Router::new();
    if rest != "/graphql" {
        routes = routes.route(rest, methods().get(websocket::upgrade));
    }
    if graphql != "/graphql" && graphql != rest {
        routes = routes.route(graphql, methods().get(graphql::socket));
    }
    routes
}

/// The whole URL table. Every route lists its methods with [`methods`];
/// any other method is ROUTE_NOT_FOUND, answered in one place.
pub fn router(app: Arc<App>) -> Router {
    let cors = cors::Policy::from_config(&app.config.files);
    let studio = studio::for_config(&app.config);
    let state = Arc::new(Shared {
        app,
        responses: cache::ResponseCache::default(),
        schemas: Arc::default(),
        cors,
    });
    let api = socket_routes(&state.app.config)
        .route("/", methods().get(server::root))
        .route("/server/ping", methods().get(server::ping))
        .merge(control_routes())
        .route("/server/info", methods().get(server::info))
        .route("/server/health", methods().get(server::health))
        .route("/server/setup", methods().post(server::setup))
        .route("/server/specs/oas", methods().get(server::openapi))
        .route("/server/specs/graphql", methods().get(graphql::specs))
        .route("/server/specs/graphql/{scope}", methods().get(graphql::specs_scope))
        .route("/utils/random/string", methods().get(server::random_string))
        .route("/utils/sort/{collection}", methods().post(server::sort))
        .route("/utils/cache/clear", methods().post(server::clear_cache))
        // GraphQL answers every method itself: 405 for all but GET and POST.
        .route("/graphql", methods().any(graphql::items))
        .route("/graphql/system", methods().any(graphql::system))
        .route("/graphql/{*rest}", methods().any(graphql::items))
        .route("/auth", methods().any(auth::providers))
        .route("/auth/login", methods().post(auth::login))
        .route("/auth/refresh", methods().post(auth::refresh))
        .route("/auth/logout", methods().post(auth::logout))
        .route("/auth/password/request", methods().post(auth::password_request))
        .route(
            "/items/{collection}",
            methods()
                .get(items::list)
                .search(items::search)
                .post(items::create)
                .patch(items::update)
                .delete(items::delete),
        )
        .route(
            "/items/{collection}/{pk}",
            methods().get(items::one).patch(items::update_one).delete(items::delete_one),
        )
        .route("/collections", methods().get(schema::collections).post(schema::create_collections))
        .route(
            "/collections/{collection}",
            methods()
                .get(schema::collection)
                .patch(schema::update_collection)
                .delete(schema::delete_collection),
        )
        .route("/fields", methods().get(schema::all_fields))
        .route(
            "/fields/{collection}",
            methods().get(schema::fields).post(schema::create_field).patch(schema::update_fields),
        )
        .route(
            "/fields/{collection}/{field}",
            methods().get(schema::field).patch(schema::update_field).delete(schema::delete_field),
        )
        .route("/relations", methods().get(schema::relations).post(schema::create_relation))
        .route("/relations/{collection}", methods().get(schema::collection_relations))
        .route(
            "/relations/{collection}/{field}",
            methods()
                .get(schema::relation)
                .patch(schema::update_relation)
                .delete(schema::delete_relation),
        )
        .route("/schema/snapshot", methods().get(migrations::snapshot))
        .route("/schema/diff", methods().post(migrations::diff))
        .route("/schema/apply", methods().post(migrations::apply))
        .merge(library())
        .route("/users/me", methods().get(system::me).patch(system::update_me))
        .route("/users/me/track/page", methods().patch(system::track_page))
        .route("/users/me/tfa/generate", methods().post(system::tfa_generate))
        .route("/users/me/tfa/enable", methods().post(system::tfa_enable))
        .route("/users/me/tfa/disable", methods().post(system::tfa_disable))
        .route("/users/{id}/tfa/disable", methods().post(system::tfa_disable_for))
        .route("/roles/me", methods().get(system::my_roles))
        .route("/policies/me/globals", methods().get(system::my_policy_globals))
        .route("/permissions/me", methods().get(system::my_permissions))
        .route("/permissions/me/{collection}", methods().get(system::my_collection_permissions))
        .route("/permissions/me/{collection}/{pk}", methods().get(system::my_item_permissions))
        .route("/license", methods().get(system::license_info))
        .route("/settings", methods().get(system::settings).patch(system::update_settings))
        .route("/activity", methods().get(activity::list).search(activity::search))
        .route("/activity/{pk}", methods().get(activity::one))
        .route("/revisions", methods().get(activity::list).search(activity::search))
        .route("/revisions/{pk}", methods().get(activity::one))
        .route("/shares/auth", methods().post(system::share_login))
        .route("/shares/invite", methods().post(system::share_invite))
        .route("/shares/info/{id}", methods().get(system::share_info))
        .route("/flows/trigger/{id}", methods().get(flows::trigger).post(flows::trigger))
        .route("/versions/{id}/compare", methods().get(system::version_compare))
        .route("/versions/{id}/save", methods().post(system::version_save))
        .route("/versions/{id}/promote", methods().post(system::version_promote))
        .merge(extension_routes())
        .route(
            "/{system}",
            methods()
                .get(system::list)
                .search(system::search)
                .post(system::create)
                .patch(system::update)
                .delete(system::delete),
        )
        .route(
            "/{system}/{pk}",
            methods().get(system::one).patch(system::update_one).delete(system::delete_one),
        )
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&state), context))
        .layer(middleware::from_fn_with_state(Arc::clone(&state), control::observe))
        .with_state(Arc::clone(&state));
    // The Data Studio's routes sit outside the request context: Directus serves
    // `/admin` before it authenticates, so a stale token never spoils the page.
    // Outside both: preflights, rate limits and errors get CORS headers too.
    studio.merge(api).layer(middleware::from_fn_with_state(state, cors::layer))
}

/// `/extensions`: the installed list (none), the app's bundle and the registry
/// an offline Directus answers.
fn extension_routes() -> Router<AppState> {
    Router::new()
        .route("/extensions", methods().get(extensions::list))
        .route("/extensions/sources/{chunk}", methods().get(extensions::source))
        .route("/extensions/registry", methods().get(extensions::registry))
        .route("/extensions/registry/{kind}/{id}", methods().get(extensions::registry_page))
        .route("/extensions/registry/install", methods().post(extensions::install))
        .route("/extensions/registry/reinstall", methods().post(extensions::reinstall))
        .route("/extensions/registry/uninstall/{id}", methods().delete(extensions::uninstall))
        .route("/extensions/{id}", methods().patch(extensions::change).delete(extensions::change))
}

/// The control plane under `/__mock/` (answered only with `--control`).
fn control_routes() -> Router<AppState> {
    Router::new()
        .route("/__mock/reset", methods().post(control::reset))
        .route("/__mock/states", methods().get(control::states))
        .route("/__mock/states/{name}", methods().put(control::save))
        .route("/__mock/states/{name}/restore", methods().post(control::restore))
        .route("/__mock/journal", methods().get(control::journal).delete(control::clear_journal))
        .route(
            "/__mock/faults",
            methods().get(control::faults).post(control::add_fault).delete(control::clear_faults),
        )
        .route("/__mock/faults/{id}", methods().delete(control::remove_fault))
        .route(
            "/__mock/clock",
            methods().get(control::clock).put(control::set_clock).delete(control::unset_clock),
        )
        .route("/__mock/clock/advance", methods().post(control::advance_clock))
        .route("/__mock/ids", methods().get(control::ids).put(control::set_ids))
}

/// The file library's routes: `/files`, `/folders` and `/assets`.
fn library() -> Router<AppState> {
    Router::new()
        .route(
            "/files",
            methods()
                .get(files::list)
                .search(files::list)
                .post(files::create)
                .patch(files::update)
                .delete(files::delete),
        )
        .route("/files/import", methods().post(files::import))
        .route(
            "/files/{pk}",
            methods().get(files::one).patch(files::update_one).delete(files::delete_one),
        )
        .route(
            "/folders",
            methods()
                .get(files::folders_list)
                .search(files::folders_list)
                .post(files::folders_create)
                .patch(files::folders_update)
                .delete(files::folders_delete),
        )
        .route(
            "/folders/{pk}",
            methods().get(files::folder).patch(files::folder_update).delete(files::folder_delete),
        )
        .route("/assets/{pk}", methods().get(files::asset))
        .route("/assets/{pk}/{filename}", methods().get(files::asset_named))
}

/// A route's methods: add handlers with axum's `.get(h)`, `.post(h)`, ...
/// (`get` also answers HEAD) and Directus' own with [`DirectusMethods`].
/// Every other method is ROUTE_NOT_FOUND, without the `Allow` header axum
/// would add (Directus sends none).
fn methods() -> MethodRouter<AppState> {
    // `any` is axum's only way to a method router that adds no `Allow` header.
    any(not_found)
}

/// What a route built with [`methods`] can add beyond axum's `MethodFilter`.
trait DirectusMethods {
    /// Directus' `SEARCH`: a read with the query in the body.
    fn search<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self;
    /// Every method the route does not name, instead of ROUTE_NOT_FOUND.
    fn any<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self;
}

impl DirectusMethods for MethodRouter<AppState> {
    fn search<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self {
        self.fallback(move |State(state): State<AppState>, req: Request| async move {
            if req.method().as_str() == "SEARCH" {
                handler.call(req, state).await
            } else {
                not_found(req).await
            }
        })
    }

    fn any<H: Handler<T, AppState>, T: 'static>(self, handler: H) -> Self {
        self.fallback(handler)
    }
}

/// Unknown routes and methods: ROUTE_NOT_FOUND with the full path.
pub(crate) async fn not_found(req: Request) -> Response {
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

/// The request's cookies, `(name, value)`, in order.
pub(crate) fn cookies(headers: &http::HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';').filter_map(|c| c.trim().split_once('=')))
}

/// The first cookie of that name.
pub(crate) fn cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    cookies(headers).find(|(k, _)| *k == name).map(|(_, v)| v.to_owned())
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
    let cookie = cookie(req.headers(), auth::SESSION_COOKIE);
    Ok((cookie.clone(), cookie.is_some()))
}

/// The client's address, when the server knows it (not in in-process tests).
pub(crate) fn client_ip(req: &Request) -> Option<std::net::IpAddr> {
    req.extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_canonical())
}

/// Authenticates, sanitizes the URL query, and sets the headers Directus sends on every response.
async fn context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let app = &state.app;
    let path = req.uri().path().to_owned();
    let ip = client_ip(&req);
    let parsed = extract::read_json_body(req, app.config.max_payload_size).await;
    let limited = match parsed {
        Err(err) => Err(err),
        Ok(req) if path == "/" || path == "/robots.txt" => Ok(req),
        Ok(req) => limits::check_rate(app, ip).map(|()| req),
    };
    let mut response = match limited {
        Err(err) => response::error(err),
        Ok(req) => route(app, req, &path, ip, next).await,
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

/// A request that passed the body parser and the rate limiter: OPTIONS, the
/// ping, or the caller's context and the route.
async fn route(
    app: &App,
    mut req: Request,
    path: &str,
    ip: Option<std::net::IpAddr>,
    next: Next,
) -> Response {
    if req.method() == http::Method::OPTIONS {
        // Express' default answer to OPTIONS (CORS is off): the methods, as text.
        return options_response();
    }
    if path == "/server/ping" {
        return next.run(req).await;
    }
    match build_context(app, &req, ip) {
        Ok(ctx) => {
            let caller = control::Caller(ctx.acc.user.clone());
            req.extensions_mut().insert(ctx);
            let mut response = next.run(req).await;
            // For the control plane's journal.
            response.extensions_mut().insert(caller);
            response
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
    let header_text = |name: header::HeaderName| {
        req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    let info = RequestInfo {
        user_agent: header_text(header::USER_AGENT),
        origin: header_text(header::ORIGIN),
    };
    let raw = req.uri().query().unwrap_or("");
    let (acc, query) =
        request_context::request(app, token.as_deref(), ip, info, raw).map_err(|e| {
            // A session cookie that no longer authenticates is cleared.
            let clear = from_cookie
                && matches!(e.code(), ErrorCode::InvalidCredentials | ErrorCode::InvalidToken);
            (e, clear)
        })?;
    Ok(Context { acc, query })
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
