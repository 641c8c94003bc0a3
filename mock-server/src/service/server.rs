//! The server's own facts: `/server/info` (and GraphQL's `server_info`),
//! `/server/health`, the project name files are named after.

use serde_json::{Value, json};

use super::{Accountability, App};
use crate::config::Config;
use crate::engine::values::as_bool;
use crate::error::{Error, Result};
use crate::store::{Pk, Row};
use crate::system;

/// The version the mock reports being.
const VERSION: &str = "12.4.0";

/// The settings row (`directus_settings` is a singleton with key 1); without
/// one, every setting reads as `null`, as Directus' defaults do.
fn settings(app: &App) -> Row {
    let db = app.store.snapshot();
    db.row(system::SETTINGS, &Pk::Int(1)).map(|r| (**r).clone()).unwrap_or_default()
}

/// The project's name (`Directus` until one is set): downloads are named after it.
pub(crate) fn project_name(app: &App) -> String {
    settings(app)
        .get("project_name")
        .and_then(Value::as_str)
        .map_or_else(|| "Directus".into(), str::to_owned)
}

/// The settings `/server/info` reports under `project`, in Directus' order.
const PROJECT_KEYS: &[&str] = &[
    "project_name",
    "project_descriptor",
    "project_logo",
    "project_color",
    "default_appearance",
    "default_theme_light",
    "default_theme_dark",
    "theme_light_overrides",
    "theme_dark_overrides",
    "default_language",
    "public_foreground",
    "public_background",
    "public_favicon",
    "public_note",
    "custom_css",
    "public_registration",
    "public_registration_verify_email",
];

/// `/server/info`: the public project settings for everyone, the server's
/// limits and features for a caller with a user or role.
pub(crate) fn info(app: &App, acc: &Accountability) -> Value {
    let settings = settings(app);
    let s = |k: &str| settings.get(k).cloned().unwrap_or(Value::Null);
    // Stored as SQLite stores booleans (1/0); read back as cast-boolean does.
    let flag = |k: &str| as_bool(&s(k)).map_or(Value::Null, Value::Bool);
    // Every key is the setting as stored (`null` when never set); the
    // appearance is never null in Directus' settings (`auto` by default).
    let mut project = serde_json::Map::new();
    for key in PROJECT_KEYS {
        let value = match *key {
            "public_registration" | "public_registration_verify_email" => flag(key),
            "default_appearance" => match s(key) {
                Value::Null => json!("auto"),
                v => v,
            },
            _ => s(key),
        };
        project.insert((*key).to_owned(), value);
    }
    let project = Value::Object(project);
    let license = json!({
        "source": null,
        "entitlements": {"production_enabled": true, "ai_translations_enabled": false, "display_powered_by": "DIRECTUS"}
    });
    let mut data = json!({ "project": project });
    if (acc.user.is_some() || acc.role.is_some())
        && let (Value::Object(d), Value::Object(e)) = (&mut data, server_features(&app.config))
    {
        d.extend(e);
    }
    if let Value::Object(d) = &mut data {
        d.insert("license".into(), license);
    }
    data
}

/// What `/server/info` adds for a caller with a user or role.
fn server_features(config: &Config) -> Value {
    let rate_limit = if config.rate_limiter_enabled {
        json!({"points": config.rate_limiter_points, "duration": config.rate_limiter_duration})
    } else {
        json!(false)
    };
    json!({
        "project_owner_enabled": true,
        "mcp_enabled": true,
        "ai_enabled": true,
        "mcp_oauth_enabled": false,
        "mcp_oauth_dcr_enabled": false,
        "mcp_oauth_cimd_enabled": false,
        "autoSave": {"revisionInterval": 300},
        "ai_providers": [],
        "files": {"mimeTypeAllowList": mime_allow_list(config)},
        "rateLimit": rate_limit,
        "rateLimitGlobal": false,
        "extensions": {"limit": null},
        "queryLimit": query_limit(config),
        "websocket": websocket(config),
        "version": VERSION,
    })
}

/// `files.mimeTypeAllowList`: `FILES_MIME_TYPE_ALLOW_LIST` as a list.
fn mime_allow_list(config: &Config) -> Value {
    config
        .files
        .files_mime_type_allow_list
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| json!(t))
        .collect()
}

/// `websocket`: `false` with realtime off, else its transports, heartbeat and
/// the collaborative editing and log features 12.4 lists.
fn websocket(config: &Config) -> Value {
    if !config.websockets_enabled {
        return json!(false);
    }
    let graphql = if config.websockets_graphql_enabled {
        json!({"authentication": config.websockets_graphql_auth, "path": "/graphql"})
    } else {
        json!(false)
    };
    let heartbeat = if config.websockets_heartbeat_enabled {
        json!(config.websockets_heartbeat_period)
    } else {
        json!(false)
    };
    json!({
        "rest": {"authentication": config.websockets_rest_auth, "path": "/websocket"},
        "graphql": graphql,
        "heartbeat": heartbeat,
        "collaborativeEditing": true,
        "logs": {"allowedLogLevels": {"info": 30, "warn": 40, "error": 50, "fatal": 60}},
    })
}

/// `queryLimit` of the server info: the default limit and `QUERY_LIMIT_MAX` (-1: none).
fn query_limit(config: &Config) -> Value {
    let max = config.query_limit_max.map_or(json!(-1), |m| json!(m));
    json!({"default": config.query_limit_default, "max": max})
}

/// `/server/health`: FORBIDDEN without a user or role; admins see the details.
pub(crate) fn health(acc: &Accountability) -> Result<Value> {
    if acc.user.is_none() && acc.role.is_none() {
        return Err(Error::forbidden());
    }
    Ok(if acc.admin {
        json!({"status": "ok", "releaseId": VERSION, "serviceId": "directus-mock", "checks": {}})
    } else {
        json!({"status": "ok"})
    })
}
