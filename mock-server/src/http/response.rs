//! Wire types: the `{"data": ...}` envelope, the error envelope, 204.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Map, Value};

use crate::error::Error;

/// A JSON response with Directus' content type.
pub(crate) fn json(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = (status, Body::from(bytes)).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    resp
}

/// `{"data": ...}` with an optional `meta`.
pub(crate) fn data(value: Value, meta: Option<Value>) -> Response {
    let mut body = Map::new();
    if let Some(meta) = meta {
        body.insert("meta".into(), meta);
    }
    body.insert("data".into(), value);
    json(StatusCode::OK, &Value::Object(body))
}

/// An empty 204 response.
pub(crate) fn no_content() -> Response {
    (StatusCode::NO_CONTENT, Body::empty()).into_response()
}

/// A write's answer: its re-read, or 204 when the caller may not read what they wrote.
pub(crate) fn reread(data: Option<Value>) -> Response {
    data.map_or_else(no_content, |data| self::data(data, None))
}

/// `?export=`: the data as a file download named after the collection and the time
/// (Directus' stamp: zero-padded month and day, unpadded hours, minutes and seconds).
pub(crate) fn export(
    collection: &str,
    format: &str,
    data: &Value,
    now: chrono::NaiveDateTime,
) -> Reply {
    use chrono::{Datelike, Timelike};
    let bytes = super::export::render(format, data).ok_or_else(|| {
        Error::invalid_query("\"export\" must be one of [csv, csv_utf8, json, xml, yaml]")
    })?;
    let (extension, media_type) = super::export::file_type(format);
    let stamp = format!(
        "{}{:02}{:02}-{}{}{}",
        now.year(),
        now.month(),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let mut resp = (StatusCode::OK, Body::from(bytes)).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    let disposition = format!("attachment; filename=\"{collection} {stamp}.{extension}\"");
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

/// The error envelope with the error's status and headers.
pub(crate) fn error(err: Error) -> Response {
    let mut resp = json(err.status(), &err.to_body());
    for (name, value) in &err.headers {
        if let Ok(v) = HeaderValue::from_str(value) {
            resp.headers_mut().insert(*name, v);
        }
    }
    resp
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        error(self)
    }
}

/// A handler's result: a response or a Directus error.
pub(crate) type Reply = Result<Response, Error>;
