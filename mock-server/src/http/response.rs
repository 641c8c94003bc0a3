//! Wire types: the `{"data": ...}` envelope, the error envelope, 204.

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Map, Value};

use crate::error::Error;

/// A JSON response with Directus' content type.
pub fn json(status: StatusCode, body: &Value) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = (status, Body::from(bytes)).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    resp
}

/// `{"data": ...}` with an optional `meta`.
pub fn data(value: Value, meta: Option<Value>) -> Response {
    let mut body = Map::new();
    if let Some(meta) = meta {
        body.insert("meta".into(), meta);
    }
    body.insert("data".into(), value);
    json(StatusCode::OK, &Value::Object(body))
}

/// The error envelope with the error's status and headers.
pub fn error(err: Error) -> Response {
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
pub type Reply = Result<Response, Error>;
