//! The step vocabulary: every step a scenario may use. Small and generic on
//! purpose, so a new scenario is Gherkin only. This list is the one
//! documentation of the steps, and a test (`tests.rs`) holds it to the step
//! definitions: a registered step missing here, or a step listed here that no
//! definition matches, fails `cargo test`. `Given/When` means the step is
//! registered under both keywords; `<placeholders>` stand for values.
//!
//! Personas: `admin`, `anonymous`, those of the fixture's `personas.json`, and
//! any name remembered as `token:<persona>` (that persona sends that token).
//! `{{name}}` in paths, bodies and expected values is a remembered value,
//! `{{<persona>.id}}` (`.email`, `.password`, `.token`) a persona's detail, `{{admin.token}}`
//! the admin's token, and
//! `{{unique}}` a random text per scenario (emails and tokens that must not collide).
//! `{{target}}` is the target's base URL (a flow's `request` operation calls the target itself).
//! `{{vendor}}` is the target's database as a schema snapshot names it, and
//! `{{other_vendor}}` one it does not run on (scenarios about the vendor check).
//!
//! Requests (`requests.rs`). Under `Given` a request is setup, not the thing
//! under test: anything but a 2xx (for GraphQL, also an `errors` list) fails
//! the scenario at that step, with the exchange.
//! - `Given/When <persona> sends <METHOD> <path>`, with an optional JSON doc string as the body.
//! - `Given/When <persona> sends <METHOD> <path> with content type "<content type>"`
//!   sends the doc string as it is.
//! - `Given/When <persona> sends <METHOD> <path> with header "<header>: <text>"`.
//! - `Given/When <persona> sends <METHOD> <path> with headers:` with a table of `| <header> | <text> |`.
//! - `Given/When <persona> queries <path>:` with a GraphQL document as doc string
//!   (POST `{"query": ...}`); only documents with a `mutation` trigger the fixture reset.
//! - `Given/When <persona> queries <path> with variables <json>:` adds `variables`.
//!
//! Setup through several requests (`setup.rs`), each of which must succeed:
//! - `Given <persona> creates <n> items in <collection> from:` with a JSON
//!   template in which `{{n}}` counts 1..n (one POST with all of them).
//! - `Given <persona> creates collections named "<text>" until <n> count against the licence`
//!   (`{{n}}` numbers the names).
//!
//! Remembered values (`variables.rs`):
//! - `Given/When/Then I remember "<json path>" as "<name>"` (from the last response).
//! - `Given/When/Then I remember the body as "<name>"` (the last response's body as text).
//! - `Given/When I change "<json path>" of "<name>" to <json>` edits a remembered value
//!   (send a schema snapshot back with one change).
//! - `Given/When I set "<name>" to "<text>"`.
//! - `Given "<name>" is "<text>" repeated <n> times`, `Given "<name>" is a string of
//!   <n> characters`, `Given "<name>" is a JSON array of <n> copies of <json>`
//!   (bodies over the limits).
//!
//! Status and errors (`status.rs`):
//! - `Then the status is <status>`.
//! - `Then the response is an error <CODE>` (the Directus error envelope, and the
//!   status the code comes with); `Then the response is an error <CODE> with status <status>`.
//! - `Then the error message is "<text>"`, `Then the error reason is "<text>"`,
//!   `Then the error has no reason`.
//!
//! The whole body (`body.rs`):
//! - `Then the response matches:` (subset) and `Then the response is exactly:`,
//!   with a JSON doc string (placeholders: see `jsonmatch`).
//! - `Then the body is empty`, `Then the body is "<text>"`, `Then the body is:`
//!   (a doc string, byte for byte; a last line `⏎` is a final newline).
//! - `Then the response matches the snapshot "<name>"`.
//!
//! Values in the body (`paths.rs`; `data.0.title`-style paths):
//! - `Then "<json path>" is <json>`, `Then "<json path>" is not <json>`,
//!   `Then "<json path>" is absent`.
//! - `Then "<json path>" has <n> items`, `Then the keys of "<json path>" are <json array>` (in order).
//! - `Then "<json path>" reads "<text>"` (a string as plain text),
//!   `Then "<json path>" starts with "<text>"`,
//!   `Then "<json path>" matches the pattern "<regex>"` (the whole string, e.g. a hash).
//!
//! Headers and cookies (`headers.rs`):
//! - `Then the header "<header>" is "<text>"`, `Then the header "<header>" contains "<text>"`,
//!   `Then there is no header "<header>"`.
//! - `Given/When/Then I remember the cookie "<cookie>" as "<name>"`.
//! - `Then the response sets the cookie "<cookie>"`, `Then the response clears the cookie "<cookie>"`,
//!   `Then the response sets no cookie "<cookie>"`, `Then the cookie "<cookie>" has "<text>"`.
//!
//! Tokens (`tokens.rs`):
//! - `Then the JWT "<name>" has the claims:` (a JSON subset).
//! - `Given "<name>" is a JWT signed with "<text>" that expires in <seconds> seconds:`
//!   (claims as an optional doc string), or `Given "<name>" is a JWT signed with the
//!   target's secret that expires in <seconds> seconds:` (for `@needs-jwt-secret` scenarios).
//! - `Given/When "<name>" is the one-time password for "<base32>"`.
//!
//! Files (`files.rs`; contents are named, not shipped: `png <w>x<h>`, `jpeg <w>x<h>`,
//! `plain png <w>x<h>` (one colour), `text <text>`, `bytes <n>`, `corrupt png`, `empty`, see `content.rs`):
//! - `Given/When <persona> sends <METHOD> <path> as multipart:` with a table
//!   `| part | content | filename | type |`; a row without filename and type is a text field.
//! - `Given the harness serves "<content>" as "<content type>" at "<name>"` remembers
//!   the URL of a loopback server answering that content as `{{<name>}}`.
//! - `Then the body has <n> bytes`, `Then the body is the content "<content>"`,
//!   `Then the body is a <format> image of <w>x<h>` (png, jpeg, webp, tiff, avif, gif),
//!   `Then the body's sha256 is "<hex>"`, `Then I remember the body's byte length as "<name>"`
//!   `Then the body has fewer bytes than "<name>"`, `Then the body has more bytes than "<name>"`
//!   and `Then the body's pixel at <x>,<y> is #<rrggbb>` (each channel within 16).
//!
//! Time (`timing.rs`):
//! - `Given/When I wait <n> seconds`, `Then the response took at least <n> ms`.
//!
//! Realtime (`websocket.rs`; server heartbeats `{"type":"ping"}` are skipped):
//! - `Given/When I open the websocket "<name>"` (the target's `/websocket`), and
//!   `Given/When I open the websocket "<name>" as <persona>` (the persona's token in
//!   `?access_token=`).
//! - `Then opening the websocket "<name>" is refused with status <status>` and
//!   `Then opening the websocket "<name>" as <persona> is refused with status <status>`
//!   (the upgrade answered with that HTTP status).
//! - `Then a websocket upgrade of "<path>" is not accepted within <n> ms` (refused,
//!   or left unanswered as Directus leaves a path no socket serves).
//! - `Given/When websocket "<name>" sends:` with a JSON doc string, sent as it is.
//! - `Given/When websocket "<name>" authenticates as <persona>` (an `auth` message
//!   with the persona's token, answered `{"type":"auth","status":"ok"}`).
//! - `Given/When/Then websocket "<name>" receives within <n> ms:` (the next message, a JSON subset),
//!   `Given/When/Then websocket "<name>" receives nothing within <n> ms`,
//!   `Then websocket "<name>" is closed within <n> ms` (messages before the close allowed).
//!   `Then websocket "<name>" is closed with code <status> within <n> ms` (the close frame's code).
//! - `Given/When I open the graphql websocket "<name>"` (the target's `/graphql`, subprotocol
//!   `graphql-transport-ws`) and `Given/When graphql websocket "<name>" initialises as <persona>`
//!   (`connection_init` with the persona's token in `payload.access_token`, answered `connection_ack`);
//!   `Given/When I open the graphql websocket "<name>" as <persona>` (the token in `?access_token=`),
//!   `Given/When I open the graphql websocket "<name>" without the subprotocol`, and
//!   `Then opening the graphql websocket "<name>" is refused with status <status>` and
//!   `Then opening the graphql websocket "<name>" as <persona> is refused with status <status>`.
//! - `Then websocket "<name>" receives a ping within <n> ms` (a server heartbeat; other
//!   messages before it are allowed).

mod body;
mod files;
mod headers;
mod paths;
mod requests;
mod setup;
mod status;
mod timing;
mod tokens;
mod variables;
mod websocket;

#[cfg(test)]
mod tests;

use anyhow::{Result, anyhow};
use cucumber::gherkin::Step;
use serde_json::Value;

use crate::world::ConformanceWorld;

pub(crate) use files::Served;

/// A step's doc string: the lines between its delimiters, as Gherkin defines
/// it (the parser keeps the newline after the opening delimiter and the one
/// before the closing delimiter; bodies sent as they are must not carry them).
fn docstring(step: &Step) -> Option<&str> {
    let text = step.docstring.as_deref()?;
    let text = text.strip_prefix('\n').unwrap_or(text);
    Some(text.strip_suffix('\n').unwrap_or(text))
}

fn parse_json(text: &str, what: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| anyhow!("{what} is not valid JSON ({e}): {text}"))
}

/// An expected text of a step: remembered values filled in, and `\"` read as `"`
/// (a quoted step argument cannot hold a bare quote).
fn expected_text(w: &ConformanceWorld, text: &str) -> Result<String> {
    Ok(w.interpolate(text)?.replace("\\\"", "\""))
}
