//! Endpoints whose work the mock does not do — importing a file from a URL
//! (`/files/import`) — with the checks Directus makes before that work, so
//! their errors are real: INVALID_PAYLOAD without a URL, FORBIDDEN without
//! create access to `directus_files`. What would need the work answers
//! loudly: SERVICE_UNAVAILABLE naming the service, as Directus does when it
//! cannot reach an external file.

use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::error::{Error, ErrorCode};

fn unavailable(service: &str, reason: &str) -> Error {
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("Service \"{service}\" is unavailable. {reason}."),
    )
    .with("service", service)
    .with("reason", reason)
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
