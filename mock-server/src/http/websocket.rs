//! `GET /websocket`: the upgrade, and one connection's frames moved between
//! the socket and [`crate::service::realtime::Session`], which answers them.
//! Per connection one task waits on a client frame, a published write (from
//! the bounded hub: a connection that falls behind is closed), the
//! heartbeat, the handshake's deadline, the expiry of the caller's token and
//! then the deadline for a new `auth`.
//!
//! The upgrade request itself may authenticate (`?access_token=` or the
//! session cookie; in strict mode it must, or it is refused with 401), and
//! past `WEBSOCKETS_REST_CONN_LIMIT` authenticated connections it is refused
//! with 403, both as bare statuses as Directus writes them.

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::{AppState, Context};
use crate::error::Error;
use crate::service::realtime::Session;
use crate::service::{Accountability, auth};

/// `GET /websocket` (`WEBSOCKETS_REST_PATH`): ROUTE_NOT_FOUND unless realtime is on (`WEBSOCKETS_ENABLED`).
pub(crate) async fn upgrade(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let config = &state.app.config;
    if !config.websockets_enabled {
        return super::response::error(Error::route_not_found(uri.path()));
    }
    let Ok(ws) = ws else {
        return super::response::error(Error::route_not_found(uri.path()));
    };
    if config.websockets_rest_conn_limit.is_some_and(|n| state.app.realtime.clients() as u64 >= n) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let upgraded = match upgrade_token(&uri, &headers) {
        Some(token) if !unauthenticated(&ctx.acc) => {
            Some((ctx.acc.clone(), auth::token_expiry(&state.app, &token)))
        }
        None if config.websockets_rest_auth != "strict" => None,
        _ => return StatusCode::UNAUTHORIZED.into_response(),
    };
    // The largest message a client may send (Directus caps messages by `MAX_PAYLOAD_SIZE`).
    let limit = state.app.config.max_payload_size;
    ws.max_message_size(limit)
        // What a client has not taken yet is bounded too: past it, a send fails
        // and the connection ends (a slow consumer is dropped).
        .max_write_buffer_size(MAX_UNSENT)
        .on_upgrade(move |socket| connection(state, socket, ctx.acc.ip, upgraded))
        .into_response()
}

/// The token of an upgrade request: Directus reads a socket's token off the
/// query (`?access_token=`) or the session cookie, not a header.
pub(super) fn upgrade_token(uri: &Uri, headers: &HeaderMap) -> Option<String> {
    super::query_values(uri, "access_token")
        .map(|v| percent_encoding::percent_decode_str(v).decode_utf8_lossy().into_owned())
        .find(|t| !t.is_empty())
        .or_else(|| super::cookie(headers, super::auth::SESSION_COOKIE))
}

/// Directus' test for a caller the token did not make anybody: no user, no role.
pub(super) fn unauthenticated(acc: &Accountability) -> bool {
    acc.user.is_none() && acc.role.is_none() && !acc.admin && acc.share.is_none()
}

/// How long one message may take to reach a client's socket: a client that
/// reads slower than that is dropped, so it never holds its task (or the
/// hub's buffer) for longer.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

/// Bytes of messages a client may leave unread in its connection's buffer.
const MAX_UNSENT: usize = 16 * 1024 * 1024;

/// Sends a message; `false` when the connection is gone or too slow.
async fn send(socket: &mut WebSocket, v: &Value) -> bool {
    let sent = tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::text(v.to_string())));
    matches!(sent.await, Ok(Ok(())))
}

/// Ends a connection with a close frame, unless the client is too slow to take it.
async fn close(socket: &mut WebSocket) {
    let _ = tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Close(None))).await;
}

/// When a token that expires at `exp` (seconds since the epoch) runs out, on tokio's clock.
fn instant_of(app: &crate::service::App, exp: i64) -> tokio::time::Instant {
    let left = exp.saturating_mul(1000).saturating_sub(app.now().timestamp_millis());
    tokio::time::Instant::now() + Duration::from_millis(u64::try_from(left).unwrap_or(0))
}

async fn connection(
    state: AppState,
    mut socket: WebSocket,
    ip: Option<std::net::IpAddr>,
    upgraded: Option<(Accountability, Option<i64>)>,
) {
    let app = &state.app;
    let config = &app.config;
    let mut events = app.realtime.subscribe();
    let mut session = Session::open(app, ip, upgraded);
    let auth_timeout = Duration::from_secs(config.websockets_rest_auth_timeout.max(1));
    let auth_deadline = tokio::time::Instant::now() + auth_timeout;
    let period = Duration::from_secs(config.websockets_heartbeat_period.max(1));
    let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    // Whether the client said anything since the last ping.
    let mut heard = true;
    // Counted against WEBSOCKETS_REST_CONN_LIMIT once authenticated (or public).
    let mut client = None;
    // After the token expired: when an `auth` must have come.
    let mut reauth: Option<tokio::time::Instant> = None;
    let far = tokio::time::Instant::now() + Duration::from_secs(86_400 * 365);
    loop {
        if client.is_none() && session.authenticated() {
            client = Some(app.realtime.enter());
        }
        let expiry = session.expires_at().map(|exp| instant_of(app, exp));
        tokio::select! {
            frame = socket.recv() => {
                let text = match read_frame(frame) {
                    Frame::Text(t) => t,
                    Frame::Skip => continue,
                    Frame::End => return,
                };
                let outcome = session.handle(app, &text);
                // Directus' heartbeat hears only messages its handlers get.
                heard |= outcome.counted;
                if outcome.auth {
                    reauth = None;
                }
                for reply in &outcome.replies {
                    if !send(&mut socket, reply).await {
                        return;
                    }
                }
                if outcome.close {
                    close(&mut socket).await;
                    return;
                }
            }
            change = events.recv() => match change {
                Ok(changes) => {
                    for change in changes.iter() {
                        for message in session.on_change(app, change) {
                            if !send(&mut socket, &message).await {
                                return;
                            }
                        }
                    }
                }
                // A slow consumer, [`crate::service::realtime::BUFFER`] writes behind: dropped.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return,
            },
            _ = heartbeat.tick(), if config.websockets_heartbeat_enabled => {
                if !heard {
                    close(&mut socket).await;
                    return;
                }
                heard = false;
                if !send(&mut socket, &json!({"type": "ping"})).await {
                    return;
                }
            }
            _ = tokio::time::sleep_until(auth_deadline), if !session.authenticated() => {
                let _ = send(&mut socket, &Session::handshake_timeout()).await;
                close(&mut socket).await;
                return;
            }
            _ = tokio::time::sleep_until(expiry.unwrap_or(far)), if expiry.is_some() => {
                if !send(&mut socket, &session.expire(app)).await {
                    return;
                }
                reauth = Some(tokio::time::Instant::now() + auth_timeout);
            }
            _ = tokio::time::sleep_until(reauth.unwrap_or(far)), if reauth.is_some() => {
                reauth = None;
                if !send(&mut socket, &Session::auth_timeout()).await {
                    return;
                }
                if config.websockets_rest_auth != "public" {
                    close(&mut socket).await;
                    return;
                }
            }
        }
    }
}

/// What a received frame means to a socket transport (`/websocket` and
/// graphql-ws): a message's text (a binary frame read as UTF-8), nothing
/// to act on (ping, pong), or the end of the connection.
pub(super) enum Frame {
    Text(String),
    Skip,
    End,
}

pub(super) fn read_frame(frame: Option<Result<Message, axum::Error>>) -> Frame {
    match frame {
        Some(Ok(Message::Text(t))) => Frame::Text(t.to_string()),
        Some(Ok(Message::Binary(b))) => Frame::Text(String::from_utf8_lossy(&b).into_owned()),
        Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Frame::End,
        Some(Ok(_)) => Frame::Skip,
    }
}
