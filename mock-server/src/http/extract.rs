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

/// A JSON body, parsed once for every route by [`read_json_body`].
#[derive(Debug, Clone)]
struct ParsedJson(Value);

impl FromRequest<AppState> for Body {
    type Rejection = Error;

    async fn from_request(mut req: Request, _state: &AppState) -> Result<Self, Self::Rejection> {
        let parsed = req.extensions_mut().remove::<ParsedJson>();
        Ok(Body(parsed.map_or_else(|| Value::Object(Map::new()), |p| p.0)))
    }
}

/// Whether the request says its body is JSON (`application/json` or `+json`).
fn is_json(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .is_some_and(|ct| {
            ct == "application/json" || (ct.starts_with("application/") && ct.ends_with("+json"))
        })
}

/// Directus parses a JSON body before anything else looks at the request
/// (`express.json` in strict mode, ahead of routing, tokens and the rate
/// limiter), so a malformed body is INVALID_PAYLOAD on every path and method.
/// The parsed value rides along for [`Body`]; the bytes stay in the request
/// for handlers that read them raw.
pub(crate) async fn read_json_body(req: Request, limit: usize) -> Result<Request, Error> {
    if !is_json(&req) {
        return Ok(req);
    }
    let (mut parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Error::invalid_payload("request entity too large"))?;
    // An empty body is the one a client forgot to send: `{}`.
    if !bytes.is_empty() {
        let value = match serde_json::from_slice::<Value>(&bytes) {
            Ok(v @ (Value::Object(_) | Value::Array(_))) => v,
            other => return Err(Error::invalid_payload(rejection(&bytes, other.err()))),
        };
        parts.extensions.insert(ParsedJson(value));
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

/// Why a body was refused: V8's words where Directus would refuse it too,
/// else serde_json's (the mock's own limits, such as its nesting depth).
fn rejection(bytes: &[u8], error: Option<serde_json::Error>) -> String {
    let text = String::from_utf8_lossy(bytes);
    super::json_syntax::reason(&text).unwrap_or_else(|| {
        let what = error.map_or_else(|| "Invalid JSON".to_owned(), |e| e.to_string());
        let what = what.split(" at line").next().unwrap_or(&what).to_owned();
        format!("{what} (a limit of the mock)")
    })
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
