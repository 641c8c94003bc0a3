//! `/schema/snapshot`, `/schema/diff` and `/schema/apply`: the query flags
//! and the bodies (JSON, or a JSON file in a multipart upload), with the
//! checks Directus makes before the work (FORBIDDEN for non-admins, then
//! UNSUPPORTED_MEDIA_TYPE, then an empty body); `service::migrations` does
//! the rest.

use axum::extract::{FromRequest, RawQuery, Request, State};
use bytes::Bytes;
use http::header;
use serde_json::{Map, Value};

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::error::{Error, ErrorCode};
use crate::query::qs;
use crate::service::fixture::yaml;
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
pub(crate) async fn snapshot(
    State(state): State<AppState>,
    ctx: Context,
    RawQuery(raw): RawQuery,
) -> Reply {
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
    let data = service::snapshot(&state.app, &ctx.acc, &scope)?;
    match &ctx.query.export {
        Some(format) => response::export("Export", format, &data, state.app.now().naive_utc()),
        None => Ok(response::data(data, None)),
    }
}

/// The largest snapshot file Directus reads (`IMPORT_MAX_FILE_SIZE`, 50mb).
const MAX_FILE_SIZE: usize = 50 * 1024 * 1024;

/// The body of a diff or an apply, as Directus' `readFileUploadBody` reads it:
/// a JSON body (parsed before anything else, so malformed JSON is
/// INVALID_PAYLOAD even for a non-admin) must not be empty; otherwise, for an
/// admin, the first file of a multipart body, as JSON when its type says so and
/// as YAML otherwise (an empty file, or one that is only `null`, is no file);
/// any other content type is 415.
async fn upload_body(state: &AppState, ctx: &Context, req: Request) -> Result<Value, Error> {
    let header = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|v| !v.is_empty());
    let media =
        header.as_deref().map(|h| h.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    let media = media.unwrap_or_default();
    if media == "application/json" || media.ends_with("+json") {
        let Body(body) = Body::from_request(req, state).await?;
        if !ctx.acc.admin {
            return Err(Error::forbidden());
        }
        if body.as_object().is_some_and(Map::is_empty) || body.as_array().is_some_and(Vec::is_empty)
        {
            return Err(Error::invalid_payload("No data was included in the body"));
        }
        return Ok(body);
    }
    if !ctx.acc.admin {
        return Err(Error::forbidden());
    }
    let header = header.unwrap_or_else(|| "unknown".into());
    if media != "multipart/form-data" {
        return Err(Error::new(
            ErrorCode::UnsupportedMediaType,
            format!("Unsupported media type \"{header}\" in Content-Type header."),
        )
        .with("mediaType", header)
        .with("where", "Content-Type header"));
    }
    let bytes = axum::body::to_bytes(req.into_body(), MAX_FILE_SIZE)
        .await
        .map_err(|_| Error::new(ErrorCode::ContentTooLarge, "Uploaded content is too large."))?;
    let (mime, data) = first_file(&header, bytes).await?;
    let body = if mime == "application/json" {
        serde_json::from_slice::<Value>(&data)
            .map_err(|_| Error::invalid_payload("Uploaded file is not valid JSON"))?
    } else {
        // Directus reads any other file as YAML (JSON included).
        std::str::from_utf8(&data)
            .ok()
            .and_then(|text| yaml::parse(text).ok())
            .ok_or_else(|| Error::invalid_payload("Uploaded file is not valid YAML"))?
    };
    if body.is_null() {
        return Err(Error::invalid_payload("No file was included in the request"));
    }
    Ok(body)
}

/// The media type and content of the first file in a multipart body.
async fn first_file(header: &str, bytes: Bytes) -> Result<(String, Bytes), Error> {
    let broken = || Error::internal("Unexpected end of form");
    let boundary = multer::parse_boundary(header)
        .map_err(|_| Error::internal("Multipart: Boundary not found"))?;
    let stream = futures::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut form = multer::Multipart::new(stream, boundary);
    while let Some(field) = form.next_field().await.map_err(|_| broken())? {
        if field.file_name().is_none() {
            continue;
        }
        let mime =
            field.content_type().map_or("text/plain".to_owned(), |m| m.essence_str().to_owned());
        let data = field.bytes().await.map_err(|_| broken())?;
        return Ok((mime, data));
    }
    Err(Error::invalid_payload("No file was included in the request"))
}

/// `POST /schema/diff` (`?force`, `?mode=mirror|merge`): 200 with `{hash, diff}`, or 204.
pub(crate) async fn diff(
    State(state): State<AppState>,
    ctx: Context,
    RawQuery(raw): RawQuery,
    req: Request,
) -> Reply {
    let body = upload_body(&state, &ctx, req).await?;
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
    match service::diff(&state.app, &ctx.acc, &body, flag(&p, "force"), mode)? {
        Some(data) => Ok(response::data(data, None)),
        None => Ok(no_content()),
    }
}

/// `POST /schema/apply` (`?force`): 204.
pub(crate) async fn apply(
    State(state): State<AppState>,
    ctx: Context,
    RawQuery(raw): RawQuery,
    req: Request,
) -> Reply {
    let body = upload_body(&state, &ctx, req).await?;
    service::apply(&state.app, &ctx.acc, &body, flag(&params(raw), "force"))?;
    Ok(no_content())
}
