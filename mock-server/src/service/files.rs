//! Files: what the mock does of Directus' file endpoints. It stores no
//! files, so importing one from a URL (`/files/import`) makes the checks
//! Directus makes before the work — INVALID_PAYLOAD without a URL,
//! FORBIDDEN without create access to `directus_files` — and then answers
//! loudly: SERVICE_UNAVAILABLE naming the service, as Directus does when it
//! cannot reach an external file.

use serde_json::Value;

use super::{Accountability, App};
use crate::engine::Action;
use crate::error::{Error, ErrorCode, Result};

fn unavailable(service: &str, reason: &str) -> Error {
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("Service \"{service}\" is unavailable. {reason}."),
    )
    .with("service", service)
    .with("reason", reason)
}

/// `POST /files/import {url}`: no URL can be fetched, so this is always an error.
pub(crate) fn import(app: &App, acc: &Accountability, body: &Value) -> Result<Value> {
    let url = match body.get("url") {
        Some(Value::String(url)) if !url.is_empty() => url,
        Some(Value::String(_)) => {
            return Err(Error::invalid_payload("\"url\" is not allowed to be empty"));
        }
        Some(_) => return Err(Error::invalid_payload("\"url\" must be a string")),
        None => return Err(Error::invalid_payload("\"url\" is required")),
    };
    if !acc.admin && !acc.access(&app.store.snapshot()).can("directus_files", Action::Create) {
        return Err(Error::forbidden_reason(
            "You don't have permission to perform \"create\" for collection \"directus_files\" or it does not exist.",
        ));
    }
    Err(unavailable("external-file", &format!("Couldn't fetch file from URL \"{url}\"")))
}
