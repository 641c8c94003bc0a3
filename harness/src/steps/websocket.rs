//! Realtime: WebSocket connections to the target's `/websocket`, messages
//! sent as JSON, and the messages the server sends back, matched within a
//! time bound. Server heartbeats (`{"type":"ping"}`) are skipped when
//! matching: their timing is the server's, not the scenario's.

use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use super::{docstring, parse_json};
use crate::jsonmatch::{self, Mode};
use crate::report::DiffRecord;
use crate::world::{ConformanceWorld, Socket};

/// The longest a scenario may wait for one message.
const MAX_WAIT_MS: u64 = 30_000;

fn socket<'w>(w: &'w mut ConformanceWorld, name: &str) -> Result<&'w mut Socket> {
    w.sockets.get_mut(name).ok_or_else(|| anyhow!("no websocket named {name:?} is open"))
}

/// What arrives next on a socket, heartbeats skipped: `Ok(None)` when the
/// bound passes first, `Err` when the server closed the connection.
async fn next_message(sock: &mut Socket, within: Duration) -> Result<Option<Value>> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let frame = match tokio::time::timeout_at(deadline, sock.stream.next()).await {
            Err(_) => return Ok(None),
            Ok(None) => bail!("the server closed the websocket"),
            Ok(Some(Err(e))) => bail!("the websocket failed: {e}"),
            Ok(Some(Ok(frame))) => frame,
        };
        let text = match frame {
            Message::Text(t) => t.to_string(),
            Message::Close(c) => bail!("the server closed the websocket ({c:?})"),
            _ => continue,
        };
        let value: Value = serde_json::from_str(&text)
            .map_err(|e| anyhow!("the server sent a message that is not JSON ({e}): {text}"))?;
        if value == json!({"type": "ping"}) {
            continue;
        }
        sock.received.push(text);
        return Ok(Some(value));
    }
}

type Stream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The `ws://` (or `wss://`) URL of a path of the target.
fn socket_url(base: &str, path: &str) -> Result<String> {
    let base = base.trim_end_matches('/');
    Ok(match base.split_once("://") {
        Some(("https", rest)) => format!("wss://{rest}{path}"),
        Some((_, rest)) => format!("ws://{rest}{path}"),
        None => bail!("the target {base} has no scheme"),
    })
}

/// A WebSocket upgrade of a path that the server must not take: refused, or
/// left unanswered (Directus leaves an upgrade of a path no socket serves
/// hanging) within the bound.
#[then(regex = r#"^a websocket upgrade of "([^"]+)" is not accepted within (\d+) ms$"#)]
async fn not_accepted(w: &mut ConformanceWorld, path: String, ms: u64) -> Result<()> {
    let run = w.run()?.clone();
    let url = socket_url(run.api.base(), &path)?;
    let within = Duration::from_millis(ms.min(MAX_WAIT_MS));
    match tokio::time::timeout(within, tokio_tungstenite::connect_async(url.as_str())).await {
        Err(_) => w.transcript.push(format!("{url}: no handshake within {ms} ms")),
        Ok(Ok(_)) => bail!("{url}: the upgrade was accepted"),
        Ok(Err(e)) => w.transcript.push(format!("{url}: not upgraded: {e}")),
    }
    Ok(())
}

/// The URL of a socket path, with a persona's token in `?access_token=` when one is named.
fn socket_url_as(w: &ConformanceWorld, path: &str, persona: Option<&str>) -> Result<String> {
    let run = w.run()?.clone();
    let mut url = socket_url(run.api.base(), path)?;
    if let Some(persona) = persona {
        match w.auth_for(persona)? {
            crate::api::Auth::Bearer(t) => {
                let t =
                    percent_encoding::utf8_percent_encode(&t, percent_encoding::NON_ALPHANUMERIC);
                url = format!("{url}?access_token={t}");
            }
            crate::api::Auth::None => {}
        }
    }
    Ok(url)
}

/// Connects within 10 s: the stream, or the HTTP status that refused the upgrade.
async fn handshake(
    url: &str,
    protocol: Option<&'static str>,
) -> Result<std::result::Result<Stream, u16>> {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut request = url.into_client_request()?;
    if let Some(protocol) = protocol {
        request.headers_mut().insert(
            "sec-websocket-protocol",
            tokio_tungstenite::tungstenite::http::HeaderValue::from_static(protocol),
        );
    }
    let connected =
        tokio::time::timeout(Duration::from_secs(10), tokio_tungstenite::connect_async(request))
            .await
            .map_err(|_| anyhow!("{url}: no WebSocket handshake within 10 s"))?;
    match connected {
        Ok((stream, response)) => {
            let accepted = response.headers().get("sec-websocket-protocol");
            if protocol.is_some() && accepted.and_then(|v| v.to_str().ok()) != protocol {
                bail!("{url}: the upgrade did not accept the subprotocol {protocol:?}");
            }
            Ok(Ok(stream))
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Ok(Err(response.status().as_u16()))
        }
        Err(e) => bail!("{url}: {e}"),
    }
}

/// Opens the target's socket (`/websocket`, or the variant's `WEBSOCKETS_REST_PATH`), with a persona's token in `?access_token=`
/// when one is named: the stream, or the HTTP status that refused the upgrade.
async fn connect(
    w: &ConformanceWorld,
    persona: Option<&str>,
) -> Result<(String, std::result::Result<Stream, u16>)> {
    let run = w.run()?.clone();
    let path = crate::variants::env_value(&run.capabilities, "WEBSOCKETS_REST_PATH", "/websocket");
    let url = socket_url_as(w, path, persona)?;
    let connected = handshake(&url, None).await?;
    Ok((url, connected))
}

/// Opens the target's `/graphql` (or the variant's `WEBSOCKETS_GRAPHQL_PATH`), with the
/// subprotocol `graphql-transport-ws` unless told otherwise and a persona's token in `?access_token=`.
async fn connect_graphql(
    w: &ConformanceWorld,
    persona: Option<&str>,
    protocol: bool,
) -> Result<(String, std::result::Result<Stream, u16>)> {
    let run = w.run()?.clone();
    let path = crate::variants::env_value(&run.capabilities, "WEBSOCKETS_GRAPHQL_PATH", "/graphql");
    let url = socket_url_as(w, path, persona)?;
    let connected = handshake(&url, protocol.then_some("graphql-transport-ws")).await?;
    Ok((url, connected))
}

/// Opens a graphql-ws connection to `/graphql`, with a persona's token in the upgrade
/// request when one is named, or without the subprotocol.
#[given(
    regex = r#"^I open the graphql websocket "([^"]+)"((?: as \S+| without the subprotocol)?)$"#
)]
#[when(
    regex = r#"^I open the graphql websocket "([^"]+)"((?: as \S+| without the subprotocol)?)$"#
)]
async fn open_graphql(w: &mut ConformanceWorld, name: String, suffix: String) -> Result<()> {
    let protocol = suffix != " without the subprotocol";
    let (url, connected) = connect_graphql(w, as_persona(&suffix), protocol).await?;
    let stream =
        connected.map_err(|status| anyhow!("{url}: the upgrade was refused with {status}"))?;
    w.transcript.push(format!("graphql websocket {name} opened: {url}"));
    w.sockets.insert(name, Socket { stream, received: Vec::new() });
    Ok(())
}

/// The server refuses a graphql-ws upgrade with an HTTP status.
#[then(
    regex = r#"^opening the graphql websocket "([^"]+)"((?: as \S+)?) is refused with status (\d+)$"#
)]
async fn graphql_refused(
    w: &mut ConformanceWorld,
    name: String,
    persona: String,
    status: u16,
) -> Result<()> {
    let (url, connected) = connect_graphql(w, as_persona(&persona), true).await?;
    match connected {
        Ok(stream) => {
            w.sockets.insert(name, Socket { stream, received: Vec::new() });
            bail!("{url}: the upgrade succeeded, expected it refused with {status}")
        }
        Err(got) if got == status => {
            w.transcript.push(format!("graphql websocket {name}: {url} refused with {got}"));
            Ok(())
        }
        Err(got) => bail!("{url}: the upgrade was refused with {got}, expected {status}"),
    }
}

/// graphql-ws' `connection_init` with the persona's token in `payload.access_token`, answered `connection_ack`.
#[given(regex = r#"^graphql websocket "([^"]+)" initialises as (\S+)$"#)]
#[when(regex = r#"^graphql websocket "([^"]+)" initialises as (\S+)$"#)]
async fn init_graphql(w: &mut ConformanceWorld, name: String, persona: String) -> Result<()> {
    let token = match w.auth_for(&persona)? {
        crate::api::Auth::Bearer(t) => t,
        crate::api::Auth::None => bail!("{persona} has no token to initialise with"),
    };
    let msg = json!({"type": "connection_init", "payload": {"access_token": token}}).to_string();
    let sock = socket(w, &name)?;
    sock.stream.send(Message::text(msg)).await?;
    match next_message(sock, Duration::from_secs(10)).await? {
        Some(v) if v == json!({"type": "connection_ack"}) => Ok(()),
        Some(v) => bail!("graphql websocket {name}: connection_init as {persona} answered {v}"),
        None => {
            bail!("graphql websocket {name}: connection_init as {persona} unanswered after 10 s")
        }
    }
}

/// The server closes the connection with a close code (messages before it are allowed).
#[then(regex = r#"^websocket "([^"]+)" is closed with code (\d+) within (\d+) ms$"#)]
async fn closed_with(w: &mut ConformanceWorld, name: String, code: u16, ms: u64) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_millis(ms.min(MAX_WAIT_MS));
    let sock = socket(w, &name)?;
    loop {
        match tokio::time::timeout_at(deadline, sock.stream.next()).await {
            Err(_) => bail!("websocket {name}: still open after {ms} ms"),
            Ok(Some(Ok(Message::Close(Some(frame))))) => {
                let got = u16::from(frame.code);
                if got != code {
                    bail!(
                        "websocket {name}: closed with code {got} ({}), expected {code}",
                        frame.reason
                    );
                }
                return Ok(());
            }
            Ok(Some(Ok(Message::Close(None)))) | Ok(None) => {
                bail!("websocket {name}: closed without a close code, expected {code}")
            }
            Ok(Some(Err(e))) => bail!("websocket {name}: failed ({e}), expected close code {code}"),
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// The persona of an optional ` as <persona>` of a step.
fn as_persona(suffix: &str) -> Option<&str> {
    suffix.strip_prefix(" as ")
}

/// Opens a socket, anonymously or with a persona's token in the upgrade request's query.
#[given(regex = r#"^I open the websocket "([^"]+)"((?: as \S+)?)$"#)]
#[when(regex = r#"^I open the websocket "([^"]+)"((?: as \S+)?)$"#)]
async fn open(w: &mut ConformanceWorld, name: String, persona: String) -> Result<()> {
    let (url, connected) = connect(w, as_persona(&persona)).await?;
    let stream =
        connected.map_err(|status| anyhow!("{url}: the upgrade was refused with {status}"))?;
    w.transcript.push(format!("websocket {name}: opened {url}"));
    w.sockets.insert(name, Socket { stream, received: Vec::new() });
    Ok(())
}

/// The server refuses the upgrade with an HTTP status.
#[then(regex = r#"^opening the websocket "([^"]+)"((?: as \S+)?) is refused with status (\d+)$"#)]
async fn refused(
    w: &mut ConformanceWorld,
    name: String,
    persona: String,
    status: u16,
) -> Result<()> {
    let (url, connected) = connect(w, as_persona(&persona)).await?;
    match connected {
        Ok(stream) => {
            w.sockets.insert(name, Socket { stream, received: Vec::new() });
            bail!("{url}: the upgrade succeeded, expected it refused with {status}")
        }
        Err(got) if got == status => {
            w.transcript.push(format!("websocket {name}: {url} refused with {got}"));
            Ok(())
        }
        Err(got) => bail!("{url}: the upgrade was refused with {got}, expected {status}"),
    }
}

/// A server heartbeat (`{"type":"ping"}`), which the other steps skip.
#[then(regex = r#"^websocket "([^"]+)" receives a ping within (\d+) ms$"#)]
async fn ping(w: &mut ConformanceWorld, name: String, ms: u64) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_millis(ms.min(MAX_WAIT_MS));
    let sock = socket(w, &name)?;
    loop {
        let frame = match tokio::time::timeout_at(deadline, sock.stream.next()).await {
            Err(_) => bail!("websocket {name}: no ping within {ms} ms"),
            Ok(None) => bail!("websocket {name}: the server closed the websocket"),
            Ok(Some(Err(e))) => bail!("websocket {name}: the websocket failed: {e}"),
            Ok(Some(Ok(frame))) => frame,
        };
        match frame {
            Message::Text(t) => {
                let value: Value = serde_json::from_str(&t).unwrap_or(Value::Null);
                sock.received.push(t.to_string());
                if value == json!({"type": "ping"}) {
                    return Ok(());
                }
            }
            Message::Close(c) => bail!("websocket {name}: the server closed the websocket ({c:?})"),
            _ => {}
        }
    }
}

#[given(regex = r#"^websocket "([^"]+)" sends:$"#)]
#[when(regex = r#"^websocket "([^"]+)" sends:$"#)]
async fn send(w: &mut ConformanceWorld, name: String, #[step] step: &Step) -> Result<()> {
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a doc string"))?;
    let text = w.interpolate(text)?;
    w.transcript.push(format!("websocket {name} >> {text}"));
    // The socket's server may write through REST and the socket alike.
    w.wrote = true;
    socket(w, &name)?.stream.send(Message::text(text)).await?;
    Ok(())
}

/// Authenticates in the handshake: an `auth` message with the persona's token, answered `ok`.
#[given(regex = r#"^websocket "([^"]+)" authenticates as (\S+)$"#)]
#[when(regex = r#"^websocket "([^"]+)" authenticates as (\S+)$"#)]
async fn authenticate(w: &mut ConformanceWorld, name: String, persona: String) -> Result<()> {
    let token = match w.auth_for(&persona)? {
        crate::api::Auth::Bearer(t) => t,
        crate::api::Auth::None => bail!("{persona} has no token to authenticate with"),
    };
    let msg = json!({"type": "auth", "access_token": token}).to_string();
    let sock = socket(w, &name)?;
    sock.stream.send(Message::text(msg)).await?;
    match next_message(sock, Duration::from_secs(10)).await? {
        Some(v) if v == json!({"type": "auth", "status": "ok"}) => Ok(()),
        Some(v) => bail!("websocket {name}: authentication as {persona} answered {v}"),
        None => bail!("websocket {name}: authentication as {persona} unanswered after 10 s"),
    }
}

#[given(regex = r#"^websocket "([^"]+)" receives within (\d+) ms:$"#)]
#[when(regex = r#"^websocket "([^"]+)" receives within (\d+) ms:$"#)]
#[then(regex = r#"^websocket "([^"]+)" receives within (\d+) ms:$"#)]
async fn receives(
    w: &mut ConformanceWorld,
    name: String,
    ms: u64,
    #[step] step: &Step,
) -> Result<()> {
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a JSON doc string"))?;
    let expected = parse_json(&w.interpolate(text)?, "the expected message")?;
    let within = Duration::from_millis(ms.min(MAX_WAIT_MS));
    let got = next_message(socket(w, &name)?, within).await?;
    let Some(actual) = got else {
        bail!("websocket {name}: no message within {ms} ms, expected {expected}")
    };
    w.transcript.push(format!("websocket {name} << {actual}"));
    if let Some(m) = jsonmatch::compare(&expected, &actual, Mode::Subset) {
        let mismatch = format!("websocket {name}: message differs {m}");
        let lines = jsonmatch::diff(&expected, &actual);
        w.diff = Some(DiffRecord { mismatch: mismatch.clone(), lines: lines.clone() });
        bail!("{mismatch}\n{lines}");
    }
    Ok(())
}

#[given(regex = r#"^websocket "([^"]+)" receives nothing within (\d+) ms$"#)]
#[when(regex = r#"^websocket "([^"]+)" receives nothing within (\d+) ms$"#)]
#[then(regex = r#"^websocket "([^"]+)" receives nothing within (\d+) ms$"#)]
async fn receives_nothing(w: &mut ConformanceWorld, name: String, ms: u64) -> Result<()> {
    let within = Duration::from_millis(ms.min(MAX_WAIT_MS));
    if let Some(v) = next_message(socket(w, &name)?, within).await? {
        bail!("websocket {name}: expected no message within {ms} ms, got {v}");
    }
    Ok(())
}

/// Messages before the close are allowed; the close must come within the bound.
#[then(regex = r#"^websocket "([^"]+)" is closed within (\d+) ms$"#)]
async fn closed(w: &mut ConformanceWorld, name: String, ms: u64) -> Result<()> {
    let within = Duration::from_millis(ms.min(MAX_WAIT_MS));
    let sock = socket(w, &name)?;
    loop {
        match next_message(sock, within).await {
            Err(_) => return Ok(()),
            Ok(None) => bail!("websocket {name}: still open after {ms} ms"),
            Ok(Some(_)) => {}
        }
    }
}
