//! Extractors that reject with Directus errors: a malformed JSON body is
//! INVALID_PAYLOAD, a body over the size limit too; a body that is not JSON
//! is read as `{}`, as Directus' JSON parser ignores other content types.

use axum::extract::{FromRequest, FromRequestParts, Request};
use http::header;
use http::request::Parts;
use serde_json::{Map, Value};

use super::{AppState, Context};
use crate::error::Error;

/// The parsed JSON body (`{}` when absent or not JSON).
#[derive(Debug, Clone)]
pub(crate) struct Body(pub(crate) Value);

impl FromRequest<AppState> for Body {
    type Rejection = Error;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|ct| {
                ct == "application/json"
                    || (ct.starts_with("application/") && ct.ends_with("+json"))
            });
        let limit = state.app.config.max_payload_size;
        let bytes = axum::body::to_bytes(req.into_body(), limit)
            .await
            .map_err(|_| Error::invalid_payload("request entity too large"))?;
        if !is_json || bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Body(Value::Object(Map::new())));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ (Value::Object(_) | Value::Array(_))) => Ok(Body(v)),
            Ok(_) => Err(Error::invalid_payload(format!(
                "Unexpected token '{}', \"{}\" is not valid JSON",
                String::from_utf8_lossy(&bytes[..1]),
                String::from_utf8_lossy(&bytes).chars().take(20).collect::<String>()
            ))),
            Err(e) => Err(Error::invalid_payload(json_error_reason(&e, &bytes))),
        }
    }
}

/// A parser message in the spirit of Node's (`... in JSON at position N`).
fn json_error_reason(e: &serde_json::Error, bytes: &[u8]) -> String {
    if e.is_eof() {
        return "Unexpected end of JSON input".into();
    }
    let line = e.line();
    let column = e.column();
    let mut position = 0usize;
    let mut current_line = 1usize;
    for (i, b) in bytes.iter().enumerate() {
        if current_line == line {
            position = i + column.saturating_sub(1);
            break;
        }
        if *b == b'\n' {
            current_line += 1;
        }
    }
    format!(
        "{} in JSON at position {position}",
        capitalize(e.to_string().split(" at line").next().unwrap_or("Invalid JSON"))
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Context {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Context>()
            .cloned()
            .ok_or_else(|| Error::internal("request context missing"))
    }
}
