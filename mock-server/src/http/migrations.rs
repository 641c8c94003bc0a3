//! `/schema/snapshot`, `/schema/diff` and `/schema/apply`: the query flags
//! and the body checks Directus makes before the work (FORBIDDEN for
//! non-admins first, then UNSUPPORTED_MEDIA_TYPE, then an empty body);
//! `service::migrations` does the rest.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use http::HeaderMap;
use serde_json::{Map, Value};

use super::external::media_type;
use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context, no_content};
use crate::error::{Error, ErrorCode};
use crate::query::qs;
use crate::service::migrations::{self as service, Mode, Scope};

fn params(raw: Option<String>) -> Map<String, Value> {
    qs::parse(raw.as_deref().unwrap_or(""))
}

/// `?force` as Directus reads a query flag: a bare `?force` or a true-ish value.
fn flag(params: &Map<String, Value>, name: &str) -> bool {
    match params.get(name) {
        Some(Value::String(s)) => matches!(s.as_str(), "" | "true" | "1" | "yes" | "on"),
        Some(Value::Bool(b)) => *b,
        _ => false,
    }
}

/// A list parameter: `a,b` or repeated.
fn names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => s.split(',').map(str::to_owned).collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// `GET /schema/snapshot` (`?includeCollections=`, `?excludeCollections=`, `?export=json`).
pub async fn snapshot(
    State(app): State<AppState>,
    ctx: Context,
    RawQuery(raw): RawQuery,
) -> Response {
    let result = (|| -> Reply {
        if !ctx.acc.admin {
            return Err(Error::forbidden());
        }
        let p = params(raw);
        let scope = match (p.get("includeCollections"), p.get("excludeCollections")) {
            (Some(_), Some(_)) => {
                return Err(Error::invalid_payload(
                    "Validation error: \"includeCollections\" and \"excludeCollections\" parameters cannot be used together",
                ));
            }
            (Some(inc), None) => Scope::Include(names(inc)),
            (None, Some(exc)) => Scope::Exclude(names(exc)),
            (None, None) => Scope::All,
        };
        let data = service::snapshot(&app, &ctx.acc, &scope)?;
        match &ctx.query.export {
            Some(format) => response::export("Export", format, &data, app.now().naive_utc()),
            None => Ok(response::data(data, None)),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// What `readFileUploadBody` does before a diff or an apply: JSON bodies must
/// not be empty; multipart (a snapshot file) is not read by the mock.
fn upload_body(headers: &HeaderMap, body: Value) -> Result<Value, Error> {
    let media = media_type(headers);
    let json = media == "application/json" || media.ends_with("+json");
    if json {
        if body.as_object().is_some_and(Map::is_empty) || body.as_array().is_some_and(Vec::is_empty)
        {
            return Err(Error::invalid_payload("No data was included in the body"));
        }
        return Ok(body);
    }
    if media == "multipart/form-data" {
        tracing::warn!("schema snapshot files (multipart) are not read by the mock");
        return Err(Error::new(
            ErrorCode::ServiceUnavailable,
            "Service \"schema\" is unavailable. The mock reads schema snapshots and diffs as JSON bodies only.",
        )
        .with("service", "schema")
        .with("reason", "The mock reads schema snapshots and diffs as JSON bodies only"));
    }
    Err(Error::new(
        ErrorCode::UnsupportedMediaType,
        format!("Unsupported media type \"{media}\" in Content-Type header."),
    )
    .with("mediaType", media)
    .with("where", "Content-Type header"))
}

/// `POST /schema/diff` (`?force`, `?mode=mirror|merge`): 200 with `{hash, diff}`, or 204.
pub async fn diff(
    State(app): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        if !ctx.acc.admin {
            return Err(Error::forbidden());
        }
        let body = upload_body(&headers, body)?;
        let p = params(raw);
        let mode = match p.get("mode") {
            None => Mode::Mirror,
            Some(Value::String(m)) if m == "mirror" => Mode::Mirror,
            Some(Value::String(m)) if m == "merge" => Mode::Merge,
            Some(_) => {
                return Err(Error::invalid_payload(
                    "Validation error: Invalid option: expected one of \"merge\"|\"mirror\" at \"mode\"",
                ));
            }
        };
        match service::diff(&app, &ctx.acc, &body, flag(&p, "force"), mode)? {
            Some(data) => Ok(response::data(data, None)),
            None => Ok(no_content()),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `POST /schema/apply` (`?force`): 204.
pub async fn apply(
    State(app): State<AppState>,
    ctx: Context,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        if !ctx.acc.admin {
            return Err(Error::forbidden());
        }
        let body = upload_body(&headers, body)?;
        service::apply(&app, &ctx.acc, &body, flag(&params(raw), "force"))?;
        Ok(no_content())
    })();
    result.unwrap_or_else(response::error)
}
