//! The licence: by default the mock behaves like a licensed Directus (custom
//! permission rules, no seat or collection caps). With `core_limits`
//! (`DIRECTUS_MOCK_CORE_LIMITS=true`) it enforces what an unlicensed Directus
//! 12.4 (the Core tier) does: RESOURCE_RESTRICTED for custom permission
//! rules, LIMIT_EXCEEDED for a 4th admin or app user, a 26th active
//! collection and a 6th active flow. `GET /license` describes whichever applies.

use serde_json::{Map, Value, json};

use super::App;
use crate::config::Profile;
use crate::error::{Error, ErrorCode, Result};
use crate::schema::{Collection, Schema};
use crate::store::Db;
use crate::system;

/// Seats of the Core tier: active users with admin or app access.
pub(crate) const CORE_SEATS: usize = 3;
/// Active collections of the Core tier.
pub(crate) const CORE_COLLECTIONS: usize = 25;
/// Active flows of the Core tier (inactive flows are free).
pub(crate) const CORE_FLOWS: usize = 5;

fn restricted(category: &str) -> Error {
    Error::new(ErrorCode::ResourceRestricted, format!("{category} is a restricted resource."))
        .with("category", category)
}

/// LIMIT_EXCEEDED for a category (`seats`, `collections`).
pub(crate) fn limit_exceeded(category: &str) -> Error {
    Error::new(ErrorCode::LimitExceeded, format!("{category} limit exceeded."))
        .with("category", category)
}

fn non_empty_object(v: Option<&Value>) -> bool {
    v.is_some_and(|v| v.as_object().is_some_and(|m| !m.is_empty()))
}

/// Whether a permission payload is a "custom rule" the Core tier refuses: on a
/// user collection, a field list other than `["*"]`, an item rule, a validation
/// or presets. `creating`: a missing field list counts as one.
fn is_custom_rule(p: &Map<String, Value>, creating: bool) -> bool {
    let system =
        p.get("collection").and_then(Value::as_str).is_some_and(|c| c.starts_with("directus_"));
    if system {
        return false;
    }
    let fields_custom = match p.get("fields") {
        None => creating,
        Some(Value::Array(list)) => !(list.len() == 1 && list[0] == json!("*")),
        Some(Value::String(s)) => s != "*",
        Some(_) => true,
    };
    fields_custom
        || non_empty_object(p.get("permissions"))
        || non_empty_object(p.get("validation"))
        || non_empty_object(p.get("presets"))
}

/// Checks a `/permissions` payload (one, a list, or `{data}` of a batch update).
pub(crate) fn check_permissions(app: &App, body: &Value, creating: bool) -> Result<()> {
    if !app.config.core_limits {
        return Ok(());
    }
    let custom = match body {
        Value::Array(items) => {
            items.iter().filter_map(Value::as_object).any(|p| is_custom_rule(p, creating))
        }
        Value::Object(m) => match m.get("data").and_then(Value::as_object) {
            Some(data) => is_custom_rule(data, false),
            None => is_custom_rule(m, creating),
        },
        _ => false,
    };
    if custom { Err(restricted("custom_permission_rules_enabled")) } else { Ok(()) }
}

/// Checks the permissions nested in a `/policies` payload.
pub(crate) fn check_policies(app: &App, body: &Value) -> Result<()> {
    let policies: Vec<&Map<String, Value>> = match body {
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        Value::Object(m) => vec![m.get("data").and_then(Value::as_object).unwrap_or(m)],
        _ => Vec::new(),
    };
    for policy in policies {
        if let Some(Value::Array(perms)) = policy.get("permissions") {
            check_permissions(app, &Value::Array(perms.clone()), true)?;
        }
    }
    Ok(())
}

/// Active users with admin or app access.
pub(crate) fn seats(db: &Db) -> usize {
    db.table(system::USERS).map_or(0, |users| {
        users
            .rows
            .values()
            .filter(|row| row.get("status").and_then(Value::as_str) == Some("active"))
            .filter_map(|row| row.get("id").and_then(Value::as_str))
            .filter_map(|id| super::auth::user_accountability(db, id))
            .filter(|acc| acc.admin || acc.app)
            .count()
    })
}

/// Flows whose status is active.
pub(crate) fn active_flows(db: &Db) -> usize {
    db.table(system::FLOWS).map_or(0, |flows| {
        flows
            .rows
            .values()
            .filter(|row| row.get("status").and_then(Value::as_str) == Some("active"))
            .count()
    })
}

/// Whether a collection counts against the Core tier's cap: a user collection
/// with a table, metadata and `meta.status` active (folders, tables without
/// metadata and archived collections are free).
pub(crate) fn counts(c: &Collection) -> bool {
    !c.system && c.has_table && c.meta.is_some() && c.active()
}

/// User collections that count against the cap.
pub(crate) fn active_collections(db: &Db) -> usize {
    active_in(&db.schema)
}

/// User collections of a schema that count against the cap.
pub(crate) fn active_in(schema: &Schema) -> usize {
    schema.collections.values().filter(|c| counts(c)).count()
}

/// A schema change (creating a collection, activating one, applying a
/// migration) may not go over the cap: the check runs on the changed schema,
/// inside the change's transaction, given how many counted before. It
/// applies with the Core limits switched on, and under the `directus-12`
/// profile, which reproduces an unlicensed 12.4.
pub(crate) fn check_collections(app: &App, before: usize, after: &Schema) -> Result<()> {
    let enforced = app.config.core_limits || app.config.profile == Profile::Directus12;
    let now = active_in(after);
    if enforced && now > CORE_COLLECTIONS.max(before) {
        return Err(limit_exceeded("collections"));
    }
    Ok(())
}

/// `GET /license`.
pub(crate) fn info(app: &App) -> Value {
    let db = app.store.snapshot();
    let usage = json!({"seats": seats(&db), "collections": active_collections(&db), "flows": active_flows(&db)});
    if app.config.core_limits {
        json!({
            "name": "Core", "editable": true, "status": "active", "source": null, "downgrade_reason": null,
            "expires_at": -1,
            "entitlements": {
                "seats": {"limit": CORE_SEATS}, "collections": {"limit": CORE_COLLECTIONS}, "flows": {"limit": CORE_FLOWS},
                "sso_enabled": {"default": false}, "activity_historical_timeframe": {"limit": 2_592_000},
                "revision_historical_timeframe": {"limit": 2_592_000}, "telemetry_required": {"default": true},
                "offline_enabled": {"default": true}, "custom_llms_enabled": {"default": false},
                "custom_permission_rules_enabled": {"default": false}, "display_powered_by": "DIRECTUS",
                "production_enabled": {"default": true}, "ai_translations_enabled": {"default": false}
            },
            "grace_period": -1, "offline": true, "usage": usage,
        })
    } else {
        json!({
            "name": "Mock", "editable": false, "status": "active", "source": null, "downgrade_reason": null,
            "expires_at": -1,
            "entitlements": {
                "seats": {"limit": -1}, "collections": {"limit": -1}, "flows": {"limit": -1},
                "sso_enabled": {"default": false}, "custom_permission_rules_enabled": {"default": true},
                "display_powered_by": "DIRECTUS", "production_enabled": {"default": true}
            },
            "grace_period": -1, "offline": true, "usage": usage,
        })
    }
}
