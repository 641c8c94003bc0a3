//! Endpoints whose work the mock does not do — schema migrations (`/schema/diff`,
//! `/schema/apply`) and importing a file from a URL (`/files/import`) — with
//! the checks Directus makes before that work, so their errors are real:
//! FORBIDDEN for non-admins, UNSUPPORTED_MEDIA_TYPE for a body that is neither
//! JSON nor multipart, INVALID_PAYLOAD without a URL. What would need the work
//! answers loudly: SERVICE_UNAVAILABLE naming the service, as Directus does
//! when it cannot reach an external file.

use axum::extract::State;
use axum::response::Response;
use http::{HeaderMap, header};
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::{Error, ErrorCode};

/// The media type of a request body, `unknown` without a `Content-Type`.
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

fn unavailable(service: &str, reason: &str) -> Error {
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("Service \"{service}\" is unavailable. {reason}."),
    )
    .with("service", service)
    .with("reason", reason)
}

/// `POST /schema/diff` and `POST /schema/apply` (admin only).
pub async fn schema_migration(ctx: Context, headers: HeaderMap) -> Response {
    let result = (|| -> Reply {
        if !ctx.acc.admin {
            return Err(Error::forbidden());
        }
        let media = media_type(&headers);
        let json = media == "application/json" || media.ends_with("+json");
        if !json && media != "multipart/form-data" {
            return Err(Error::new(
                ErrorCode::UnsupportedMediaType,
                format!("Unsupported media type \"{media}\" in Content-Type header."),
            )
            .with("mediaType", media)
            .with("where", "Content-Type header"));
        }
        tracing::warn!("schema migrations are not implemented by the mock");
        Err(unavailable("schema", "The mock does not implement schema migrations"))
    })();
    result.unwrap_or_else(response::error)
}

/// `POST /files/import`: the mock stores no files, so no URL can be fetched.
pub async fn files_import(State(app): State<AppState>, ctx: Context, Body(body): Body) -> Response {
    let result = (|| -> Reply {
        let url = match body.get("url") {
            Some(Value::String(url)) if !url.is_empty() => url.clone(),
            Some(Value::String(_)) => {
                return Err(Error::invalid_payload("\"url\" is not allowed to be empty"));
            }
            Some(_) => return Err(Error::invalid_payload("\"url\" must be a string")),
            None => return Err(Error::invalid_payload("\"url\" is required")),
        };
        let db = app.store.snapshot();
        if !ctx.acc.admin
            && !ctx.acc.access(&db).can("directus_files", crate::engine::Action::Create)
        {
            return Err(Error::forbidden_reason(
                "You don't have permission to perform \"create\" for collection \"directus_files\" or it does not exist.",
            ));
        }
        Err(unavailable("external-file", &format!("Couldn't fetch file from URL \"{url}\"")))
    })();
    result.unwrap_or_else(response::error)
}
