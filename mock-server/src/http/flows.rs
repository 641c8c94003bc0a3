//! `GET|POST /flows/trigger/:id`: runs a webhook or manual flow
//! (`service::flows`) and answers its return value as the body itself, not
//! in a `data` envelope; nothing (or `null`) is a 204, and a flow that
//! rejects with `error_on_reject` answers its thrown error.

use axum::extract::{Path, State};
use http::{HeaderMap, Method, StatusCode, Uri};
use serde_json::{Map, Value};

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::error::Error;
use crate::query::qs;
use crate::service::flows::{self, Answer, TriggerRequest};

/// `GET /flows/trigger/:id`, `POST /flows/trigger/:id`.
pub(crate) async fn trigger(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Path(id): Path<String>,
    Body(body): Body,
) -> Reply {
    // Directus' route only matches a UUID.
    if uuid::Uuid::parse_str(&id).is_err() || id.len() != 36 {
        return Err(Error::route_not_found(uri.path()));
    }
    let request = TriggerRequest {
        method: method.as_str().to_owned(),
        path: format!("/trigger/{id}"),
        query: Value::Object(qs::parse(uri.query().unwrap_or(""))),
        body,
        headers: header_map(&headers),
    };
    Ok(match flows::trigger(&state.app, &ctx.acc, &id, request).await? {
        Answer(Some(value)) => response::json(StatusCode::OK, &value),
        Answer(None) => no_content(),
    })
}

/// The request's headers as Node lists them: lower-case names, text values.
fn header_map(headers: &HeaderMap) -> Value {
    let mut out = Map::new();
    for (name, value) in headers {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        out.entry(name.as_str())
            .and_modify(|v| {
                if let Value::String(s) = v {
                    s.push_str(", ");
                    s.push_str(&text);
                }
            })
            .or_insert(Value::String(text));
    }
    Value::Object(out)
}
