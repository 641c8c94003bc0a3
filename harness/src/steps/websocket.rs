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

#[given(regex = r#"^I open the websocket "([^"]+)"$"#)]
#[when(regex = r#"^I open the websocket "([^"]+)"$"#)]
async fn open(w: &mut ConformanceWorld, name: String) -> Result<()> {
    let run = w.run()?.clone();
    let base = run.api.base().trim_end_matches('/');
    let url = match base.split_once("://") {
        Some(("https", rest)) => format!("wss://{rest}/websocket"),
        Some((_, rest)) => format!("ws://{rest}/websocket"),
        None => bail!("the target {base} has no scheme"),
    };
    let (stream, _) = tokio::time::timeout(
        Duration::from_secs(10),
        tokio_tungstenite::connect_async(url.as_str()),
    )
    .await
    .map_err(|_| anyhow!("{url}: no WebSocket handshake within 10 s"))?
    .map_err(|e| anyhow!("{url}: {e}"))?;
    w.transcript.push(format!("websocket {name}: opened {url}"));
    w.sockets.insert(name, Socket { stream, received: Vec::new() });
    Ok(())
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
