//! `/extensions`: the mock has no extensions, and answers as an installed
//! Directus 12.4 without any does — an empty list (for callers who may read
//! `directus_extensions`), the empty app bundle the Data Studio loads at
//! start-up, and a marketplace registry it cannot reach (no network), for
//! administrators only.

use serde_json::Value;

use super::items::Items;
use super::{Accountability, App};
use crate::engine::Action;
use crate::error::{Error, ErrorCode, QueriedIn, Result};

const EXTENSIONS: &str = "directus_extensions";

/// `/extensions/sources/index.js`: the app extensions' bundle, with no extension in it.
pub(crate) const APP_BUNDLE: &str = "const interfaces = [];const displays = [];const layouts = [];const modules = [];const panels = [];const themes = [];const operations = [];\n\nexport { displays, interfaces, layouts, modules, operations, panels, themes };\n";

/// `GET /extensions`: the installed extensions (none), for callers who may read them.
pub(crate) fn list(app: &App, acc: &Accountability) -> Result<Value> {
    let items = Items::new(app, acc, EXTENSIONS)?;
    let db = app.store.snapshot();
    if !acc.access(&db).can(EXTENSIONS, Action::Read) {
        return Err(Error::collection_forbidden(&items.collection, &QueriedIn(None)));
    }
    Ok(Value::Array(Vec::new()))
}

/// The registry routes are for administrators (anonymous callers included:
/// Directus checks an accountability that is there).
fn admin_only(acc: &Accountability) -> Result<()> {
    if acc.admin { Ok(()) } else { Err(Error::forbidden()) }
}

/// What an offline Directus answers when the marketplace registry cannot be reached.
fn registry_unreachable() -> Error {
    let reason = "Unable to connect to the registry server";
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("Service \"marketplace\" is unavailable. {reason}."),
    )
    .with("service", "marketplace")
    .with("reason", reason)
}

/// `GET /extensions/registry`, `/registry/account/:id`, `/registry/extension/:id`.
pub(crate) fn registry(acc: &Accountability) -> Result<Value> {
    admin_only(acc)?;
    Err(registry_unreachable())
}

/// `POST /extensions/registry/install {extension, version}`: the download fails.
pub(crate) fn install(acc: &Accountability, body: &Value) -> Result<()> {
    admin_only(acc)?;
    let given = |k: &str| super::platform::truthy(body.get(k));
    if !given("extension") || !given("version") {
        return Err(Error::forbidden());
    }
    Err(Error::internal("fetch failed"))
}

/// `POST /extensions/registry/reinstall {extension}`, `DELETE
/// /extensions/registry/uninstall/:id`: no such extension is installed.
pub(crate) fn not_installed(acc: &Accountability) -> Result<()> {
    admin_only(acc)?;
    Err(Error::forbidden())
}

/// `PATCH` and `DELETE /extensions/:id`: nothing to change, nothing to answer.
pub(crate) fn change(acc: &Accountability) -> Result<()> {
    admin_only(acc)
}
