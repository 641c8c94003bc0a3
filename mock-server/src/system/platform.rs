//! The system collections of the platform around the content: bookmarks and
//! layouts (`directus_presets`), the Data Studio's translation strings
//! (`directus_translations`), insights (`directus_dashboards`,
//! `directus_panels`), item comments (`directus_comments`), notifications
//! (`directus_notifications`), shares (`directus_shares`), content versions
//! (`directus_versions`), flows (`directus_flows`, `directus_operations`) and
//! the installed extensions (`directus_extensions`), with their fields and
//! relations as Directus 12.4's `/fields` and `/relations` report them.

use serde_json::json;

use super::{ROLES, USERS, collection, f, rel, untracked};
use crate::schema::{Collection, FieldType, OnDelete, Relation};

pub(crate) const PRESETS: &str = "directus_presets";
pub(crate) const TRANSLATIONS: &str = "directus_translations";
pub(crate) const DASHBOARDS: &str = "directus_dashboards";
pub(crate) const PANELS: &str = "directus_panels";
pub(crate) const COMMENTS: &str = "directus_comments";
pub(crate) const NOTIFICATIONS: &str = "directus_notifications";
pub(crate) const SHARES: &str = "directus_shares";
pub(crate) const VERSIONS: &str = "directus_versions";
pub(crate) const FLOWS: &str = "directus_flows";
pub(crate) const OPERATIONS: &str = "directus_operations";
const EXTENSIONS: &str = "directus_extensions";

/// The platform's system collections with their fields.
pub(super) fn collections() -> Vec<Collection> {
    vec![
        presets(),
        translations(),
        dashboards(),
        panels(),
        comments(),
        notifications(),
        shares(),
        versions(),
        flows(),
        operations(),
        extensions(),
    ]
}

/// `directus_presets`: a user's, a role's or everyone's layout of a
/// collection, or a bookmark (untracked: Directus records no activity).
fn presets() -> Collection {
    use FieldType::*;
    untracked(collection(
        PRESETS,
        vec![
            f("id", Integer).pk(),
            f("bookmark", String),
            f("user", String).special(&["m2o"]),
            f("role", String).special(&["m2o"]),
            f("collection", String),
            f("search", String),
            f("layout", String).default(json!("tabular")),
            f("layout_query", Json).special(&["cast-json"]),
            f("layout_options", Json).special(&["cast-json"]),
            f("refresh_interval", Integer),
            f("filter", Json).special(&["cast-json"]),
            f("icon", String).default(json!("bookmark")),
            f("color", String),
        ],
        false,
    ))
}

/// `directus_translations`: custom translation strings, one per key and language.
fn translations() -> Collection {
    use FieldType::*;
    collection(
        TRANSLATIONS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("language", String).required(),
            f("key", String).required(),
            f("value", Text).required(),
        ],
        false,
    )
}

/// `directus_dashboards`: an insights dashboard and its panels.
fn dashboards() -> Collection {
    use FieldType::*;
    collection(
        DASHBOARDS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("name", String).required(),
            f("icon", String).required().default(json!("dashboard")),
            f("note", Text),
            created_at(),
            f("user_created", String).special(&["user-created"]),
            f("color", String),
            f("panels", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_panels`: one panel of a dashboard.
fn panels() -> Collection {
    use FieldType::*;
    collection(
        PANELS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("dashboard", String).required(),
            f("name", String),
            f("icon", String),
            f("color", String),
            f("show_header", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("note", Text),
            f("type", String).required(),
            f("position_x", Integer).required(),
            f("position_y", Integer).required(),
            f("width", Integer).required(),
            f("height", Integer).required(),
            f("options", Json).special(&["cast-json"]),
            created_at(),
            f("user_created", String).special(&["user-created"]),
        ],
        false,
    )
}

/// `directus_comments`: a comment on an item of a collection.
fn comments() -> Collection {
    use FieldType::*;
    collection(
        COMMENTS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("collection", String).required(),
            f("item", String).required(),
            f("comment", Text).required(),
            created_at(),
            f("date_updated", Timestamp)
                .special(&["date-updated", "cast-timestamp"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
            f("user_updated", String).special(&["user-updated"]),
        ],
        false,
    )
}

/// `directus_notifications`: a message to a user, read in the Data Studio.
fn notifications() -> Collection {
    use FieldType::*;
    collection(
        NOTIFICATIONS,
        vec![
            f("id", Integer).pk(),
            f("timestamp", Timestamp)
                .special(&["date-created", "cast-timestamp"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("status", String).default(json!("inbox")),
            f("recipient", String).required(),
            f("sender", String),
            f("subject", String).required(),
            f("message", Text),
            f("collection", String),
            f("item", String),
        ],
        false,
    )
}

/// `directus_shares`: a link that lets anyone (with the password, in the
/// time window, up to a number of uses) read one item.
fn shares() -> Collection {
    use FieldType::*;
    collection(
        SHARES,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("name", String),
            f("collection", String).required(),
            f("item", String).required(),
            f("role", String),
            f("password", Hash).special(&["hash", "conceal"]),
            f("user_created", String).special(&["user-created"]),
            created_at(),
            f("date_start", DateTime),
            f("date_end", DateTime),
            f("times_used", Integer).default(json!(0)),
            f("max_uses", Integer),
        ],
        false,
    )
}

/// `directus_versions`: a named draft of an item (or of a singleton's first
/// item) and its changes (`delta`).
fn versions() -> Collection {
    use FieldType::*;
    collection(
        VERSIONS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("key", String).required(),
            f("name", String),
            f("collection", String).required(),
            f("item", String),
            f("hash", String),
            created_at(),
            f("date_updated", Timestamp)
                .special(&["date-updated", "cast-timestamp"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
            f("user_updated", String).special(&["user-updated"]),
            f("delta", Json).special(&["cast-json"]),
        ],
        false,
    )
}

/// `directus_flows`: a trigger and the first operation of its chain.
fn flows() -> Collection {
    use FieldType::*;
    collection(
        FLOWS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("name", String).required(),
            f("icon", String),
            f("color", String),
            f("description", Text),
            f("status", String).required().default(json!("active")),
            f("trigger", String),
            f("accountability", String).default(json!("all")),
            f("options", Json).special(&["cast-json"]),
            f("operation", String).unique(),
            f("date_created", DateTime)
                .special(&["date-created"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
            // A relation to `directus_folders` in Directus (the mock's files
            // and folders are not part of this module).
            f("folder", String).special(&["m2o"]),
            f("operations", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_operations`: one step of a flow, with its successors on
/// success (`resolve`) and failure (`reject`).
fn operations() -> Collection {
    use FieldType::*;
    collection(
        OPERATIONS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("name", String),
            f("key", String).required(),
            f("type", String).required(),
            f("position_x", Integer).required(),
            f("position_y", Integer).required(),
            f("options", Json).special(&["cast-json"]),
            f("resolve", String).unique(),
            f("reject", String).unique(),
            f("flow", String).required(),
            f("date_created", DateTime)
                .special(&["date-created"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
        ],
        false,
    )
}

/// `directus_extensions`: the installed extensions (none in the mock).
fn extensions() -> Collection {
    use FieldType::*;
    collection(
        EXTENSIONS,
        vec![
            f("enabled", Boolean).special(&["cast-boolean"]).required().default(json!(true)),
            f("id", Uuid).pk().special(&["uuid"]).unique(),
            f("folder", String).required(),
            f("source", String).required(),
            f("bundle", String),
        ],
        false,
    )
}

/// `date_created` as most platform collections have it.
fn created_at() -> super::Def {
    f("date_created", FieldType::Timestamp)
        .special(&["date-created", "cast-timestamp"])
        .default(json!("CURRENT_TIMESTAMP"))
}

/// Relations of the platform's collections (those into `directus_collections`,
/// which the mock keeps outside the store, and into `directus_folders` are left out).
pub(super) fn relations() -> Vec<Relation> {
    use OnDelete::{Cascade, NoAction, SetNull};
    vec![
        rel(PRESETS, "user", USERS, None, None, Cascade),
        rel(PRESETS, "role", ROLES, None, None, Cascade),
        rel(DASHBOARDS, "user_created", USERS, None, None, SetNull),
        rel(PANELS, "dashboard", DASHBOARDS, Some("panels"), None, Cascade),
        rel(PANELS, "user_created", USERS, None, None, SetNull),
        rel(COMMENTS, "user_created", USERS, None, None, SetNull),
        rel(COMMENTS, "user_updated", USERS, None, None, NoAction),
        rel(NOTIFICATIONS, "recipient", USERS, None, None, Cascade),
        rel(NOTIFICATIONS, "sender", USERS, None, None, NoAction),
        rel(SHARES, "role", ROLES, None, None, Cascade),
        rel(SHARES, "user_created", USERS, None, None, SetNull),
        rel(super::SESSIONS, "share", SHARES, None, None, Cascade),
        rel(VERSIONS, "user_created", USERS, None, None, SetNull),
        rel(VERSIONS, "user_updated", USERS, None, None, NoAction),
        rel(super::REVISIONS, "version", VERSIONS, None, None, Cascade),
        rel(FLOWS, "user_created", USERS, None, None, SetNull),
        // No foreign key in the database: a flow names its first operation.
        rel(FLOWS, "operation", OPERATIONS, None, None, None),
        rel(OPERATIONS, "flow", FLOWS, Some("operations"), None, Cascade),
        rel(OPERATIONS, "resolve", OPERATIONS, None, None, NoAction),
        rel(OPERATIONS, "reject", OPERATIONS, None, None, NoAction),
        rel(OPERATIONS, "user_created", USERS, None, None, SetNull),
    ]
}
