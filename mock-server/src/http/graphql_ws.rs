//! GraphQL subscriptions on `/graphql` over the graphql-ws protocol
//! (subprotocol `graphql-transport-ws`; `WEBSOCKETS_ENABLED` and
//! `WEBSOCKETS_GRAPHQL_ENABLED`): `connection_init` (in handshake mode its
//! `payload.access_token` authenticates; without one the socket is closed
//! 4403; in strict mode the upgrade request's token did, in public mode it
//! or the public, the payload unread) answered `connection_ack`; `ping`/`pong`; `subscribe` answered with
//! `next` payloads (or `error`); `complete` ends a subscription. What a
//! document means is `graphql::subscribe`'s; this file moves frames.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::AppState;
use super::websocket::{Frame, read_frame};
use crate::graphql::exec::GqlRequest;
use crate::graphql::subscribe::{self, Compiled, Mutated};
use crate::service::{Accountability, realtime};

const SEND_TIMEOUT: Duration = Duration::from_secs(5);

/// The upgrade of `/graphql` to a graphql-ws connection. A token in the
/// upgrade request (`?access_token=` or the session cookie) authenticates
/// it in any mode, and strict mode (`WEBSOCKETS_GRAPHQL_AUTH=strict`)
/// needs one: without it, or with one Directus refuses, the upgrade gets a
/// bare 401. A request without the subprotocol is upgraded and closed 4406,
/// as graphql-ws does.
pub(crate) fn upgrade(
    state: AppState,
    ws: WebSocketUpgrade,
    acc: Accountability,
    uri: &http::Uri,
    headers: &http::HeaderMap,
) -> Response {
    let strict = state.app.config.websockets_graphql_auth == "strict";
    let upgraded = match super::websocket::upgrade_token(uri, headers) {
        Some(_) if !super::websocket::unauthenticated(&acc) => Some(acc.clone()),
        None if !strict => None,
        _ => return http::StatusCode::UNAUTHORIZED.into_response(),
    };
    let protocol = headers
        .get_all(http::header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim() == "graphql-transport-ws");
    let limit = state.app.config.max_payload_size;
    let ip = acc.ip;
    ws.protocols(["graphql-transport-ws"])
        .max_message_size(limit)
        .max_write_buffer_size(16 * 1024 * 1024)
        .on_upgrade(move |mut socket| async move {
            if !protocol {
                close(&mut socket, 4406, "Subprotocol not acceptable").await;
                return;
            }
            connection(state, socket, ip, upgraded).await;
        })
        .into_response()
}

async fn send(socket: &mut WebSocket, v: &Value) -> bool {
    let sent = tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::text(v.to_string())));
    matches!(sent.await, Ok(Ok(())))
}

async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) {
    let frame = Message::Close(Some(CloseFrame { code, reason: reason.into() }));
    let _ = tokio::time::timeout(SEND_TIMEOUT, socket.send(frame)).await;
}

/// `connection_init`'s `payload.access_token`.
fn token(message: &Map<String, Value>) -> Option<&str> {
    message
        .get("payload")
        .and_then(|p| p.get("access_token"))
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
}

/// What one client message does to the connection.
enum Step {
    Continue,
    Close(u16, &'static str),
}

struct Conn {
    state: AppState,
    ip: Option<std::net::IpAddr>,
    /// The caller the upgrade request's token made, if it carried one.
    upgraded: Option<Accountability>,
    /// Set once `connection_init` succeeded.
    acc: Option<Accountability>,
    inited: bool,
    /// Open subscriptions by id, each with whether a `complete` ended it.
    /// Directus' subscription is still waiting for its next write when the
    /// `complete` comes: that write is sent (its first payload), then it ends.
    subs: HashMap<String, (Mutated, bool)>,
}

async fn connection(
    state: AppState,
    mut socket: WebSocket,
    ip: Option<std::net::IpAddr>,
    upgraded: Option<Accountability>,
) {
    let mut events = state.app.realtime.subscribe();
    let mut conn = Conn { state, ip, upgraded, acc: None, inited: false, subs: HashMap::new() };
    // graphql-ws' default: no `connection_init` within 3 s closes the socket.
    let init_deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    loop {
        tokio::select! {
            frame = socket.recv() => {
                let text = match read_frame(frame) {
                    Frame::Text(t) => t,
                    Frame::Skip => continue,
                    Frame::End => return,
                };
                match conn.handle(&mut socket, &text).await {
                    Step::Continue => {}
                    Step::Close(code, reason) => {
                        close(&mut socket, code, reason).await;
                        return;
                    }
                }
            }
            change = events.recv() => match change {
                Ok(changes) => {
                    let Some(acc) = conn.acc.clone() else { continue };
                    let (app, schemas) = (&conn.state.app, &conn.state.schemas);
                    let mut ended = Vec::new();
                    for change in changes.iter() {
                        for (id, (sub, ending)) in &conn.subs {
                            if ended.contains(id) {
                                continue;
                            }
                            let mut payloads = sub.payloads(app, schemas, &acc, change).await;
                            if *ending && !payloads.is_empty() {
                                payloads.truncate(1);
                                ended.push(id.clone());
                            }
                            for payload in payloads {
                                let next = json!({"id": id, "type": "next", "payload": payload});
                                if !send(&mut socket, &next).await {
                                    return;
                                }
                            }
                        }
                    }
                    for id in ended {
                        conn.subs.remove(&id);
                    }
                }
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return,
            },
            _ = tokio::time::sleep_until(init_deadline), if !conn.inited => {
                close(&mut socket, 4408, "Connection initialisation timeout").await;
                return;
            }
        }
    }
}

impl Conn {
    async fn handle(&mut self, socket: &mut WebSocket, text: &str) -> Step {
        let Ok(message) = serde_json::from_str::<Map<String, Value>>(text) else {
            let e = json!({"type": "server", "status": "error", "error": {
                "code": "INVALID_PAYLOAD", "message": "Unable to parse the incoming message."}});
            return if send(socket, &e).await { Step::Continue } else { Step::Close(1000, "") };
        };
        let kind = message.get("type").and_then(Value::as_str).unwrap_or_default();
        let replies = match kind {
            "connection_init" => {
                // Directus authenticates each `connection_init` before graphql-ws
                // counts it: one without a token is closed 4403 even when repeated.
                if self.inited && token(&message).is_some() {
                    return Step::Close(4429, "Too many initialisation requests");
                }
                match self.init(&message) {
                    Ok(reply) => vec![reply],
                    Err(step) => return step,
                }
            }
            "ping" => vec![json!({"type": "pong"})],
            "pong" => return Step::Continue,
            "subscribe" => match self.subscribe(&message).await {
                Ok(replies) => replies,
                Err(step) => return step,
            },
            "complete" => {
                if let Some((_, ending)) =
                    message.get("id").and_then(Value::as_str).and_then(|id| self.subs.get_mut(id))
                {
                    *ending = true;
                }
                return Step::Continue;
            }
            _ => return Step::Close(4400, "Invalid message received"),
        };
        for reply in &replies {
            if !send(socket, reply).await {
                return Step::Close(1000, "");
            }
        }
        Step::Continue
    }

    /// `connection_init`: the caller of the connection, and the answer
    /// (`connection_ack`, or Directus' `auth` error for a token it refuses).
    fn init(&mut self, message: &Map<String, Value>) -> Result<Value, Step> {
        let app = &self.state.app;
        let mode = app.config.websockets_graphql_auth.as_str();
        if mode != "strict"
            && let Some(bad) = message.get("payload").and_then(|p| p.get("access_token"))
            && !bad.is_string()
        {
            // Directus parses the payload (`access_token`: an optional string)
            // before graphql-ws sees the message: an error, the socket stays.
            let message = format!(
                "Validation error: Invalid input: expected string, received {} at \"access_token\"",
                js_type(bad)
            );
            return Ok(json!({"type": "error", "status": "error",
                "error": {"code": "INVALID_PAYLOAD", "message": message}}));
        }
        if mode != "handshake" {
            // Strict mode authenticated the upgrade; public mode is the
            // upgrade's caller or the public. The payload's token is not read.
            if self.inited {
                return Err(Step::Close(4429, "Too many initialisation requests"));
            }
            self.acc = match &self.upgraded {
                Some(acc) => Some(acc.clone()),
                None if mode == "public" => realtime::socket_caller(app, None, self.ip),
                None => None,
            };
            self.inited = true;
            return Ok(json!({"type": "connection_ack"}));
        }
        let Some(token) = token(message) else {
            return Err(Step::Close(4403, "Forbidden"));
        };
        let Some(acc) = realtime::socket_caller(app, Some(token), self.ip) else {
            return Ok(json!({"type": "auth", "status": "error", "error": {
                "code": "AUTH_FAILED", "message": "Authentication failed."}}));
        };
        if self.inited {
            return Err(Step::Close(4429, "Too many initialisation requests"));
        }
        self.acc = Some(acc);
        self.inited = true;
        Ok(json!({"type": "connection_ack"}))
    }

    /// `subscribe`: the replies (an error, or a one-off answer and its `complete`).
    async fn subscribe(&mut self, message: &Map<String, Value>) -> Result<Vec<Value>, Step> {
        let Some(acc) = self.acc.clone() else {
            // Directus closes a handshake-mode socket that has no user yet
            // itself; otherwise graphql-ws refuses a subscribe before its ack.
            let handshake = self.state.app.config.websockets_graphql_auth == "handshake";
            if handshake && self.upgraded.as_ref().is_none_or(|a| a.user.is_none()) {
                return Err(Step::Close(4403, "Forbidden"));
            }
            return Err(Step::Close(4401, "Unauthorized"));
        };
        let Some(id) = message.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return Err(Step::Close(4400, "Invalid message received"));
        };
        if self.subs.contains_key(&id) {
            return Err(Step::Close(4409, "Subscriber already exists"));
        }
        let payload = message.get("payload").cloned().unwrap_or(Value::Null);
        let query = payload.get("query").and_then(Value::as_str).unwrap_or_default().to_owned();
        let operation_name =
            payload.get("operationName").and_then(Value::as_str).map(str::to_owned);
        let (app, schemas) = (Arc::clone(&self.state.app), Arc::clone(&self.state.schemas));
        let variables = payload.get("variables");
        match subscribe::compile(&app, &schemas, &acc, &query, operation_name.as_deref(), variables)
            .await
        {
            Err(errors) => Ok(vec![json!({"id": id, "type": "error", "payload": errors})]),
            Ok(Compiled::Failed(body)) => Ok(vec![
                json!({"id": id, "type": "next", "payload": body}),
                json!({"id": id, "type": "complete"}),
            ]),
            Ok(Compiled::Subscription(sub)) => {
                self.subs.insert(id, (sub, false));
                Ok(Vec::new())
            }
            Ok(Compiled::Once) => {
                let req = GqlRequest {
                    query: Some(query),
                    variables: payload.get("variables").filter(|v| v.is_object()).cloned(),
                    operation_name,
                    get: false,
                    cookies: Vec::new(),
                };
                let body = subscribe::once(&app, &schemas, &acc, req).await;
                Ok(vec![
                    json!({"id": id, "type": "next", "payload": body}),
                    json!({"id": id, "type": "complete"}),
                ])
            }
        }
    }
}

/// A JSON value's type as zod names it in its messages.
fn js_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
