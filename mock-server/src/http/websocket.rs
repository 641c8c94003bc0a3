//! `GET /websocket`: the upgrade, and one connection's frames moved between
//! the socket and [`crate::service::realtime::Session`], which answers them.
//! Per connection one task waits on four things: a client frame, a
//! published write (from the bounded hub: a connection that falls behind is
//! closed), the heartbeat, and the handshake's deadline.

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::broadcast::error::RecvError;

use super::{AppState, Context};
use crate::error::Error;
use crate::service::realtime::Session;

/// `GET /websocket`: ROUTE_NOT_FOUND unless realtime is on (`WEBSOCKETS_ENABLED`).
pub(crate) async fn upgrade(
    State(state): State<AppState>,
    ctx: Context,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if !state.app.config.websockets_enabled {
        return super::response::error(Error::route_not_found("/websocket"));
    }
    let Ok(ws) = ws else {
        return super::response::error(Error::route_not_found("/websocket"));
    };
    // The largest message a client may send (Directus caps messages by `MAX_PAYLOAD_SIZE`).
    let limit = state.app.config.max_payload_size;
    ws.max_message_size(limit)
        // What a client has not taken yet is bounded too: past it, a send fails
        // and the connection ends (a slow consumer is dropped).
        .max_write_buffer_size(MAX_UNSENT)
        .on_upgrade(move |socket| connection(state, socket, ctx.acc.ip))
        .into_response()
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

async fn connection(state: AppState, mut socket: WebSocket, ip: Option<std::net::IpAddr>) {
    let app = &state.app;
    let config = &app.config;
    let mut events = app.realtime.subscribe();
    let mut session = Session::open(app, ip);
    let auth_deadline = tokio::time::Instant::now()
        + Duration::from_secs(config.websockets_rest_auth_timeout.max(1));
    let period = Duration::from_secs(config.websockets_heartbeat_period.max(1));
    let mut heartbeat = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    // Whether the client said anything since the last ping.
    let mut heard = true;
    loop {
        tokio::select! {
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                    Some(Ok(_)) => continue,
                };
                heard = true;
                let outcome = session.handle(app, &text);
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
        }
    }
}
