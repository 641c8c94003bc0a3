//! Realtime over WebSockets (Directus' `/websocket`): the hub that hears of
//! every published item write, and one connection's side of the JSON
//! message protocol (`auth`, `ping`, `subscribe`/`unsubscribe`, `items`),
//! answered through the same services as REST. The transport
//! (`http::websocket`) only moves frames; what a message means is here.
//!
//! A subscriber hears of a `create` or `update` as the items it may read,
//! shaped by its subscription's query (an item it may not read, or that
//! the query's filter leaves out, is not sent); of a `delete` as the keys.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use tokio::sync::broadcast;

use super::{Accountability, App, auth, context, items::Items};
use crate::engine::write::Change;
use crate::error::{Error, ErrorCode};
use crate::query::Query;
use crate::store::Pk;

/// Transactions a slow connection may fall behind by before it is dropped.
pub(crate) const BUFFER: usize = 1024;

/// Where item writes are published once their transaction is: every open
/// connection holds a receiver. The broadcast channel is bounded; a
/// connection that falls [`BUFFER`] transactions behind is closed
/// ([`broadcast::error::RecvError::Lagged`]), the others keep receiving.
#[derive(Debug)]
pub(crate) struct Hub {
    tx: broadcast::Sender<Arc<Vec<Change>>>,
    /// Authenticated connections open now (`WEBSOCKETS_REST_CONN_LIMIT` counts
    /// these: a handshake socket that has not authenticated yet is not one).
    clients: AtomicUsize,
}

impl Default for Hub {
    fn default() -> Self {
        Hub { tx: broadcast::channel(BUFFER).0, clients: AtomicUsize::new(0) }
    }
}

/// One counted connection of [`Hub::clients`]; dropping it uncounts it.
#[derive(Debug)]
pub(crate) struct Client<'a>(&'a AtomicUsize);

impl Drop for Client<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Hub {
    /// Publishes a committed transaction's writes, in order, as one item of
    /// the buffer (no receiver, or no write: nothing to do).
    pub(crate) fn publish(&self, changes: Vec<Change>) {
        if self.tx.receiver_count() == 0 || changes.is_empty() {
            return;
        }
        let _ = self.tx.send(Arc::new(changes));
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Arc<Vec<Change>>> {
        self.tx.subscribe()
    }

    /// Authenticated connections open now.
    pub(crate) fn clients(&self) -> usize {
        self.clients.load(Ordering::Relaxed)
    }

    /// Counts a connection as a client until the guard is dropped.
    pub(crate) fn enter(&self) -> Client<'_> {
        self.clients.fetch_add(1, Ordering::Relaxed);
        Client(&self.clients)
    }
}

/// The caller a token makes for a socket (a user, or the admin token), or
/// `None` when it is refused; without a token, the public policy.
pub(crate) fn socket_caller(
    app: &App,
    token: Option<&str>,
    ip: Option<IpAddr>,
) -> Option<Accountability> {
    let db = app.store.snapshot();
    match token {
        Some(token) => auth::authenticate(app, &db, Some(token), ip)
            .ok()
            .filter(|acc| acc.user.is_some() || acc.admin),
        None => Some(auth::public_accountability(&db, ip)),
    }
}

/// One subscription of a connection.
#[derive(Debug)]
struct Subscription {
    uid: Option<Value>,
    collection: String,
    query: Query,
    /// Only this action (`create`, `update`, `delete`), or all.
    event: Option<String>,
    /// One item only (`item`, as JavaScript's `String()` prints it): its
    /// `init` and events carry that item alone, an object, not a list.
    item: Option<String>,
}

/// What a connection does after a message.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) replies: Vec<Value>,
    /// Close the connection after the replies.
    pub(crate) close: bool,
    /// The message was an `auth` (it ends the wait for one after a token expired).
    pub(crate) auth: bool,
    /// The message reached Directus' message handlers (parsed, with a
    /// `type`, not an `auth`, not rate limited): only such a message
    /// answers a heartbeat ping.
    pub(crate) counted: bool,
}

impl Outcome {
    fn reply(v: Value) -> Outcome {
        Outcome { replies: vec![v], ..Outcome::default() }
    }

    fn close(v: Value) -> Outcome {
        Outcome { replies: vec![v], close: true, auth: false, counted: false }
    }
}

/// One connection's state: its caller and its subscriptions.
#[derive(Debug)]
pub(crate) struct Session {
    /// `None` until an `auth` succeeds in handshake mode.
    acc: Option<Accountability>,
    /// When the caller's access token expires (seconds since the epoch): the
    /// connection then falls back to the public policy and must `auth` again.
    expires_at: Option<i64>,
    ip: Option<IpAddr>,
    subscriptions: Vec<Subscription>,
    /// The rate limiter's window for this connection's messages: its start
    /// and the messages counted in it (refused ones too).
    window: Option<(Instant, u64)>,
}

/// `{"code": ..., "message": ...}` of an error message.
fn error_body(e: &Error) -> Value {
    let first = e.first();
    json!({"code": first.code.wire(), "message": first.message})
}

/// An error message of a type, with the message's `uid` when there is one.
fn error_reply(kind: &str, e: &Error, uid: Option<&Value>) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    m.insert("status".into(), json!("error"));
    m.insert("error".into(), error_body(e));
    if let Some(uid) = uid {
        m.insert("uid".into(), uid.clone());
    }
    Value::Object(m)
}

/// Adds `uid` to a reply when the message had one.
fn with_uid(mut v: Value, uid: Option<&Value>) -> Value {
    if let (Some(uid), Value::Object(m)) = (uid, &mut v) {
        m.insert("uid".into(), uid.clone());
    }
    v
}

/// Directus' validation error for a missing string property (zod's wording).
fn missing_string(field: &str) -> Error {
    Error::new(
        ErrorCode::InvalidPayload,
        format!(
            "Validation error: Invalid input: expected string, received undefined at \"{field}\""
        ),
    )
}

fn handshake_failed() -> Error {
    Error::new(ErrorCode::AuthFailed, "Authentication handshake failed.")
}

impl Session {
    /// A new connection: the caller and its token's expiry when the upgrade
    /// request carried a token (always in strict mode); otherwise, in
    /// handshake mode nobody until `auth`, in public mode the public policy.
    pub(crate) fn open(
        app: &App,
        ip: Option<IpAddr>,
        upgraded: Option<(Accountability, Option<i64>)>,
    ) -> Session {
        if let Some((acc, expires_at)) = upgraded {
            return Session {
                acc: Some(acc),
                expires_at,
                ip,
                subscriptions: Vec::new(),
                window: None,
            };
        }
        let acc = (app.config.websockets_rest_auth == "public")
            .then(|| auth::public_accountability(&app.store.snapshot(), ip));
        Session { acc, expires_at: None, ip, subscriptions: Vec::new(), window: None }
    }

    pub(crate) fn authenticated(&self) -> bool {
        self.acc.is_some()
    }

    /// When the caller's access token expires, seconds since the epoch.
    pub(crate) fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// The caller's token expired: the connection reads as the public from
    /// now on, and is told so (TOKEN_EXPIRED); it has the auth timeout to `auth` again.
    pub(crate) fn expire(&mut self, app: &App) -> Value {
        self.acc = Some(auth::public_accountability(&app.store.snapshot(), self.ip));
        self.expires_at = None;
        error_reply("auth", &Error::bare(ErrorCode::TokenExpired), None)
    }

    /// The message after a token expired and no `auth` came in time.
    pub(crate) fn auth_timeout() -> Value {
        error_reply("auth", &Error::bare(ErrorCode::AuthTimeout), None)
    }

    /// The error message a handshake connection gets when it does not authenticate in time.
    pub(crate) fn handshake_timeout() -> Value {
        error_reply("auth", &handshake_failed(), None)
    }

    /// With the rate limiter on, counts a message of an authenticated
    /// connection (Directus limits a client's messages, keyed by connection,
    /// with `RATE_LIMITER_WEBSOCKETS_*` over `RATE_LIMITER_*`): the error
    /// message when it is one too many.
    fn rate_limited(&mut self, app: &App) -> Option<Value> {
        let config = &app.config;
        if !config.rate_limiter_enabled || self.acc.is_none() {
            return None;
        }
        let points =
            config.rate_limiter_websockets_points.unwrap_or(config.rate_limiter_points.into());
        let duration = Duration::from_secs(
            config.rate_limiter_websockets_duration.unwrap_or(config.rate_limiter_duration),
        );
        let now = Instant::now();
        let (start, used) = match self.window {
            Some((start, used)) if now.duration_since(start) < duration => (start, used + 1),
            _ => (now, 1),
        };
        self.window = Some((start, used));
        if used <= points {
            return None;
        }
        let before_next = duration.saturating_sub(now.duration_since(start)).as_millis();
        let e = Error::new(
            ErrorCode::RequestsExceeded,
            format!("Too many messages, retry after {before_next}ms."),
        );
        Some(error_reply("server", &e, None))
    }

    /// Answers one text frame.
    pub(crate) fn handle(&mut self, app: &App, text: &str) -> Outcome {
        if let Some(refused) = self.rate_limited(app) {
            return Outcome::reply(refused);
        }
        let message: Option<Map<String, Value>> = serde_json::from_str(text).ok();
        let Some(message) = message else {
            let e = Error::new(ErrorCode::InvalidPayload, "Unable to parse the incoming message.");
            // Before the handshake, anything but a valid `auth` ends it.
            if self.acc.is_none() {
                return Outcome::close(Self::handshake_timeout());
            }
            return Outcome::reply(error_reply("server", &e, None));
        };
        let kind = message.get("type").and_then(Value::as_str).unwrap_or_default().to_owned();
        let uid = message.get("uid").filter(|v| v.is_string() || v.is_number()).cloned();
        if kind == "auth" {
            return Outcome { auth: true, ..self.auth(app, &message, uid.as_ref()) };
        }
        if self.acc.is_none() {
            return Outcome::close(Self::handshake_timeout());
        }
        let counted = message.get("type").is_some_and(Value::is_string);
        Outcome { counted, ..self.answer(app, &message, &kind, uid) }
    }

    /// A message of an authenticated socket, other than `auth`.
    fn answer(
        &mut self,
        app: &App,
        message: &Map<String, Value>,
        kind: &str,
        uid: Option<Value>,
    ) -> Outcome {
        match kind {
            "ping" => Outcome::reply(with_uid(json!({"type": "pong"}), uid.as_ref())),
            "subscribe" => Outcome::reply(self.subscribe(app, message, uid)),
            "unsubscribe" => {
                match &uid {
                    Some(uid) => self.subscriptions.retain(|s| s.uid.as_ref() != Some(uid)),
                    None => self.subscriptions.clear(),
                }
                Outcome::reply(with_uid(
                    json!({"type": "subscription", "event": "unsubscribe"}),
                    uid.as_ref(),
                ))
            }
            "items" => Outcome::reply(match self.items(app, message) {
                Ok(data) => with_uid(json!({"type": "items", "data": data}), uid.as_ref()),
                Err(e) => error_reply("items", &e, uid.as_ref()),
            }),
            // Directus ignores messages of other types (a `pong` among them).
            _ => Outcome::default(),
        }
    }

    /// `auth` with an access token, email and password, or a refresh token.
    /// A failed one ends the handshake; later, it drops the caller to the
    /// public policy and, unless the mode is public, ends the connection.
    fn auth(&mut self, app: &App, message: &Map<String, Value>, uid: Option<&Value>) -> Outcome {
        let first = self.acc.is_none();
        let text = |k: &str| message.get(k).and_then(Value::as_str);
        let public = auth::public_accountability(&app.store.snapshot(), self.ip);
        // The access token the connection holds from now on, and a new refresh token.
        let tokens: crate::error::Result<(String, Option<String>)> =
            if let Some(token) = text("access_token") {
                Ok((token.to_owned(), None))
            } else if let (Some(email), Some(password)) = (text("email"), text("password")) {
                auth::login(app, email, password, text("otp"), auth::Mode::Json, &public)
                    .map(|t| (t.access_token, Some(t.refresh_token)))
            } else if let Some(refresh) = text("refresh_token") {
                auth::refresh(app, refresh, auth::Mode::Json, self.ip)
                    .map(|t| (t.access_token, Some(t.refresh_token)))
            } else {
                Err(handshake_failed())
            };
        let result =
            tokens.and_then(|(access, refresh)| Ok((self.resolve(app, &access)?, access, refresh)));
        match result {
            Ok((acc, access, refresh)) => {
                self.acc = Some(acc);
                self.expires_at = auth::token_expiry(app, &access);
                let mut ok = with_uid(json!({"type": "auth", "status": "ok"}), uid);
                if let (Some(r), Value::Object(m)) = (refresh, &mut ok) {
                    m.insert("refresh_token".into(), json!(r));
                }
                Outcome::reply(ok)
            }
            Err(_) if first => Outcome::close(Self::handshake_timeout()),
            Err(_) => {
                self.acc = Some(public);
                self.expires_at = None;
                let failed = Error::new(ErrorCode::AuthFailed, "Authentication failed.");
                let reply = error_reply("auth", &failed, uid);
                if app.config.websockets_rest_auth == "public" {
                    Outcome::reply(reply)
                } else {
                    Outcome::close(reply)
                }
            }
        }
    }

    fn resolve(&self, app: &App, token: &str) -> crate::error::Result<Accountability> {
        let acc = auth::authenticate(app, &app.store.snapshot(), Some(token), self.ip)?;
        if acc.user.is_none() && !acc.admin {
            return Err(Error::new(ErrorCode::AuthFailed, "Authentication failed."));
        }
        Ok(acc)
    }

    fn caller(&self) -> &Accountability {
        // `handle` answers nothing but `auth` before there is a caller.
        static NOBODY: std::sync::LazyLock<Accountability> =
            std::sync::LazyLock::new(Accountability::default);
        self.acc.as_ref().unwrap_or(&NOBODY)
    }

    fn query(&self, app: &App, message: &Map<String, Value>) -> crate::error::Result<Query> {
        let raw = message.get("query").cloned().unwrap_or(Value::Null);
        context::body_query(app, self.caller(), &raw, true)
    }

    /// `subscribe`: the subscription replaces one with the same `uid`; the answer is `init`.
    fn subscribe(&mut self, app: &App, message: &Map<String, Value>, uid: Option<Value>) -> Value {
        let Some(collection) = message.get("collection").and_then(Value::as_str) else {
            return error_reply("subscribe", &missing_string("collection"), None);
        };
        let event = message.get("event").and_then(Value::as_str).map(str::to_owned);
        let item = message.get("item").map(js_string);
        let init = self.query(app, message).and_then(|query| {
            let items = Items::new(app, self.caller(), collection)?;
            let data = match (&event, &item) {
                (Some(_), _) => None,
                (None, Some(item)) => Some(items.read_one(&json!(item), &query)?),
                (None, None) => Some(Value::Array(items.read_by_query(&query)?)),
            };
            // The query must hold for the caller even when no data is sent.
            if data.is_none() {
                items.read_by_query(&Query { limit: Some(0.0), ..query.clone() })?;
            }
            Ok((query, data))
        });
        match init {
            Err(e) => error_reply("subscribe", &e, uid.as_ref()),
            Ok((query, data)) => {
                self.subscriptions.retain(|s| uid.is_none() || s.uid != uid);
                let mut reply = json!({"type": "subscription", "event": "init"});
                if let (Some(data), Value::Object(m)) = (data, &mut reply) {
                    m.insert("data".into(), data);
                }
                let reply = with_uid(reply, uid.as_ref());
                self.subscriptions.push(Subscription {
                    uid,
                    collection: collection.to_owned(),
                    query,
                    event,
                    item,
                });
                reply
            }
        }
    }

    /// `items`: create, read, update or delete through the items service.
    fn items(&self, app: &App, message: &Map<String, Value>) -> crate::error::Result<Value> {
        let collection = message
            .get("collection")
            .and_then(Value::as_str)
            .ok_or_else(|| missing_string("collection"))?;
        let action = message.get("action").and_then(Value::as_str).unwrap_or_default();
        let query = self.query(app, message)?;
        let items = Items::new(app, self.caller(), collection)?;
        let id = message.get("id").filter(|v| !v.is_null());
        let ids = message.get("ids").and_then(Value::as_array);
        let data = message.get("data").cloned().unwrap_or(Value::Null);
        let read_keys = |keys: &[Pk]| -> crate::error::Result<Value> {
            Ok(Value::Array(items.read_many(keys, &query)?))
        };
        match action {
            "create" => match &data {
                Value::Array(list) => read_keys(&items.create_many(list)?),
                _ => {
                    let pk = items.create_one(&data)?;
                    items.read_one(&pk.to_value(), &query)
                }
            },
            "read" => match (id, ids) {
                (Some(id), _) => items.read_one(id, &query),
                (None, Some(ids)) => {
                    let keys: Vec<Pk> = ids.iter().filter_map(Pk::from_value).collect();
                    read_keys(&keys)
                }
                (None, None) => Ok(Value::Array(items.read_by_query(&query)?)),
            },
            "update" => match (id, ids) {
                (Some(id), _) => {
                    let pk = items.update_one(id, &data)?;
                    items.read_one(&pk.to_value(), &query)
                }
                (None, Some(ids)) => read_keys(&items.update_many(ids, &data)?),
                (None, None) => Err(missing_string("id")),
            },
            "delete" => match (id, ids) {
                (Some(id), _) => {
                    items.delete_one(id)?;
                    Ok(id.clone())
                }
                (None, Some(ids)) => {
                    items.delete_many(ids)?;
                    Ok(Value::Array(ids.clone()))
                }
                (None, None) => Err(missing_string("id")),
            },
            _ => Err(Error::new(
                ErrorCode::InvalidPayload,
                "Validation error: Invalid input: expected \"create\" at \"action\"",
            )),
        }
    }

    /// The messages a published write makes for this connection's subscriptions.
    pub(crate) fn on_change(&self, app: &App, change: &Change) -> Vec<Value> {
        let Some(acc) = self.acc.as_ref() else { return Vec::new() };
        let mut out = Vec::new();
        for sub in &self.subscriptions {
            if sub.collection != change.collection
                || sub.event.as_deref().is_some_and(|e| e != change.action)
            {
                continue;
            }
            let data = match &sub.item {
                Some(item) => {
                    // Directus compares the event's keys, as the client sent
                    // them, with the item's string strictly (`keys.includes`,
                    // `!==`): an update of `1` from a body is not heard, of
                    // `"1"` from a URL it is.
                    if !change.keys.iter().any(|k| k.as_str() == Some(item.as_str())) {
                        continue;
                    }
                    if change.action == "delete" {
                        json!(item)
                    } else {
                        let read = Items::new(app, acc, &sub.collection)
                            .and_then(|items| items.read_one(&json!(item), &sub.query));
                        match read {
                            Ok(one) => one,
                            Err(e) => {
                                out.push(error_reply("subscribe", &e, sub.uid.as_ref()));
                                continue;
                            }
                        }
                    }
                }
                None if change.action == "delete" => Value::Array(change.keys.clone()),
                None => {
                    let keys: Vec<Pk> = change.keys.iter().filter_map(Pk::from_value).collect();
                    let read = Items::new(app, acc, &sub.collection)
                        .and_then(|items| items.read_many(&keys, &sub.query));
                    match read {
                        Ok(rows) if !rows.is_empty() => Value::Array(rows),
                        // Nothing the subscriber may read (or the item is gone again).
                        _ => continue,
                    }
                }
            };
            out.push(with_uid(
                json!({"type": "subscription", "event": change.action, "data": data}),
                sub.uid.as_ref(),
            ));
        }
        out
    }
}

/// A value as JavaScript's `String()` prints it (a subscription's `item`).
fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
