//! System collections (`directus_users`, `directus_roles`, `directus_policies`,
//! `directus_permissions`, `directus_access`, `directus_settings`,
//! `directus_sessions`, `directus_activity`, `directus_revisions`) as schema
//! collections, and the rows a fresh `directus bootstrap` creates.
//!
//! They live in the same store as user collections, so the same query engine
//! serves `/users?filter=...` and relations that cross into system data
//! (`user_created.email`).

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::schema::{
    Collection, DeselectAction, Field, FieldSchema, FieldType, OnDelete, Relation,
};

mod platform;

pub(crate) use platform::{
    COMMENTS, DASHBOARDS, FLOWS, NOTIFICATIONS, OPERATIONS, PANELS, PRESETS, SHARES, TRANSLATIONS,
    VERSIONS,
};

pub(crate) const USERS: &str = "directus_users";
pub(crate) const ROLES: &str = "directus_roles";
pub(crate) const POLICIES: &str = "directus_policies";
pub(crate) const PERMISSIONS: &str = "directus_permissions";
pub(crate) const ACCESS: &str = "directus_access";
pub(crate) const SETTINGS: &str = "directus_settings";
pub(crate) const SESSIONS: &str = "directus_sessions";
pub(crate) const ACTIVITY: &str = "directus_activity";
pub(crate) const REVISIONS: &str = "directus_revisions";

mod files;
mod meta;
mod settings;
pub(crate) use files::{FILES, FOLDERS};
pub(crate) use settings::fresh_row as fresh_settings_row;

/// Names Directus knows as system collections (served by their own routes).
pub(crate) const KNOWN: &[&str] = &[
    "directus_access",
    "directus_activity",
    "directus_collections",
    "directus_comments",
    "directus_dashboards",
    "directus_deployment_projects",
    "directus_deployment_runs",
    "directus_deployments",
    "directus_extensions",
    "directus_fields",
    "directus_files",
    "directus_flows",
    "directus_folders",
    "directus_migrations",
    "directus_notifications",
    "directus_oauth_clients",
    "directus_oauth_codes",
    "directus_oauth_consents",
    "directus_oauth_tokens",
    "directus_operations",
    "directus_panels",
    "directus_permissions",
    "directus_policies",
    "directus_presets",
    "directus_relations",
    "directus_revisions",
    "directus_roles",
    "directus_sessions",
    "directus_settings",
    "directus_shares",
    "directus_translations",
    "directus_users",
    "directus_versions",
];

/// System collections Directus has no service for (its `getService` refuses
/// them as FORBIDDEN, the administrator included): the schema's metadata,
/// migrations and the OAuth server's tables (sessions and extensions have
/// their own services in the mock, as in Directus).
const NO_SERVICE: &[&str] = &[
    "directus_collections",
    "directus_fields",
    "directus_relations",
    "directus_migrations",
    "directus_oauth_clients",
    "directus_oauth_codes",
    "directus_oauth_consents",
    "directus_oauth_tokens",
];

/// Whether Directus reads and writes this collection through an items service.
pub(crate) fn has_service(collection: &str) -> bool {
    !NO_SERVICE.contains(&collection)
}

/// The system fields with a database index in a fresh Directus 12.4 on SQLite:
/// the `systemFields` of a schema snapshot (the only system property a
/// migration may change).
pub(crate) const INDEXED_FIELDS: &[(&str, &str)] = &[
    ("directus_activity", "timestamp"),
    ("directus_oauth_clients", "date_created"),
    ("directus_oauth_codes", "expires_at"),
    ("directus_oauth_codes", "used_at"),
    ("directus_oauth_consents", "client"),
    ("directus_oauth_tokens", "code_hash"),
    ("directus_oauth_tokens", "expires_at"),
    ("directus_oauth_tokens", "previous_session"),
    ("directus_oauth_tokens", "session"),
    ("directus_revisions", "activity"),
    ("directus_revisions", "parent"),
    ("directus_sessions", "oauth_client"),
];

/// The further system fields MariaDB indexes in a fresh Directus 12.4
/// (observed): InnoDB keeps an index on every foreign key column, and
/// Directus' migrations gave MySQL foreign keys to `directus_collections`
/// that the other databases do not keep.
pub(crate) const MYSQL_INDEXED_FIELDS: &[(&str, &str)] = &[
    ("directus_access", "policy"),
    ("directus_access", "role"),
    ("directus_access", "user"),
    ("directus_activity", "collection"),
    ("directus_collections", "group"),
    ("directus_comments", "user_created"),
    ("directus_comments", "user_updated"),
    ("directus_dashboards", "user_created"),
    ("directus_deployment_projects", "user_created"),
    ("directus_deployment_runs", "project"),
    ("directus_deployment_runs", "user_created"),
    ("directus_deployments", "user_created"),
    ("directus_fields", "collection"),
    ("directus_files", "folder"),
    ("directus_files", "modified_by"),
    ("directus_files", "uploaded_by"),
    ("directus_flows", "folder"),
    ("directus_flows", "user_created"),
    ("directus_folders", "parent"),
    ("directus_notifications", "recipient"),
    ("directus_notifications", "sender"),
    ("directus_oauth_codes", "client"),
    ("directus_oauth_codes", "user"),
    ("directus_oauth_tokens", "user"),
    ("directus_operations", "flow"),
    ("directus_operations", "user_created"),
    ("directus_panels", "dashboard"),
    ("directus_panels", "user_created"),
    ("directus_permissions", "collection"),
    ("directus_permissions", "policy"),
    ("directus_presets", "collection"),
    ("directus_presets", "role"),
    ("directus_presets", "user"),
    ("directus_relations", "many_collection"),
    ("directus_relations", "one_collection"),
    ("directus_revisions", "collection"),
    ("directus_revisions", "version"),
    ("directus_roles", "parent"),
    ("directus_sessions", "share"),
    ("directus_sessions", "user"),
    ("directus_settings", "project_logo"),
    ("directus_settings", "public_background"),
    ("directus_settings", "public_favicon"),
    ("directus_settings", "public_foreground"),
    ("directus_settings", "public_registration_role"),
    ("directus_settings", "storage_default_folder"),
    ("directus_shares", "collection"),
    ("directus_shares", "role"),
    ("directus_shares", "user_created"),
    ("directus_users", "role"),
    ("directus_versions", "collection"),
    ("directus_versions", "user_created"),
    ("directus_versions", "user_updated"),
];

pub(crate) fn is_system(name: &str) -> bool {
    KNOWN.contains(&name)
}

struct Def {
    name: &'static str,
    ty: FieldType,
    special: &'static [&'static str],
    pk: bool,
    nullable: bool,
    unique: bool,
    default: Value,
}

fn f(name: &'static str, ty: FieldType) -> Def {
    Def { name, ty, special: &[], pk: false, nullable: true, unique: false, default: Value::Null }
}

impl Def {
    fn pk(mut self) -> Def {
        self.pk = true;
        self.nullable = false;
        self
    }
    fn special(mut self, s: &'static [&'static str]) -> Def {
        self.special = s;
        self
    }
    fn required(mut self) -> Def {
        self.nullable = false;
        self
    }
    fn unique(mut self) -> Def {
        self.unique = true;
        self
    }
    fn default(mut self, v: Value) -> Def {
        self.default = v;
        self
    }
}

/// A collection whose writes Directus does not record (`accountability: null`).
fn untracked(mut coll: Collection) -> Collection {
    if let Some(meta) = coll.meta.as_mut() {
        meta.insert("accountability".into(), Value::Null);
    }
    coll
}

fn collection(name: &str, defs: Vec<Def>, singleton: bool) -> Collection {
    let mut fields = IndexMap::new();
    for d in defs {
        let mut meta = Map::new();
        meta.insert("system".into(), Value::Bool(true));
        if !d.special.is_empty() {
            meta.insert("special".into(), json!(d.special));
        }
        let schema = (d.ty != FieldType::Alias).then(|| FieldSchema {
            is_primary_key: d.pk,
            has_auto_increment: d.pk && d.ty == FieldType::Integer,
            is_nullable: d.nullable,
            is_unique: d.unique,
            is_indexed: false,
            default_value: d.default.clone(),
            max_length: None,
            numeric_precision: None,
            numeric_scale: None,
            data_type: None,
        });
        fields.insert(
            d.name.to_owned(),
            Field {
                collection: name.to_owned(),
                name: d.name.to_owned(),
                ty: d.ty,
                meta: Some(meta),
                schema,
                foreign_key: None,
            },
        );
    }
    let meta = system_collection_meta(name, singleton);
    Collection { name: name.to_owned(), meta: Some(meta), has_table: true, fields, system: true }
}

/// A system collection's `meta` as 12.4 answers it: fewer keys than a user
/// collection's, its note a translation key, and the icon, display template
/// and archive settings the Data Studio shows it with.
fn system_collection_meta(name: &str, singleton: bool) -> Map<String, Value> {
    let (icon, template) = match name {
        ACCESS => (json!("admin_panel_settings"), json!("{{ policy.name }}")),
        "directus_collections" => (json!("database"), Value::Null),
        "directus_fields" => (json!("input"), Value::Null),
        "directus_relations" => (json!("merge_type"), Value::Null),
        FILES => (json!("folder"), json!("{{ $thumbnail }} {{ title }}")),
        FOLDERS => (Value::Null, json!("{{ name }}")),
        PERMISSIONS | POLICIES => (json!("admin_panel_settings"), Value::Null),
        platform::PRESETS => (json!("bookmark"), Value::Null),
        ROLES => (json!("supervised_user_circle"), Value::Null),
        USERS => (json!("people_alt"), json!("{{ first_name }} {{ last_name }}")),
        platform::SHARES => (json!("share"), Value::Null),
        "directus_deployments" => (json!("cloud_upload"), Value::Null),
        _ => (Value::Null, Value::Null),
    };
    let mut meta = Map::new();
    meta.insert("collection".into(), json!(name));
    meta.insert("hidden".into(), Value::Bool(false));
    meta.insert("singleton".into(), Value::Bool(singleton));
    meta.insert("icon".into(), icon);
    meta.insert("note".into(), json!(format!("$t:directus_collection.{name}")));
    meta.insert("translations".into(), Value::Null);
    meta.insert("display_template".into(), template);
    meta.insert("accountability".into(), json!("all"));
    if name == USERS {
        meta.insert("archive_field".into(), json!("status"));
        meta.insert("archive_value".into(), json!("archived"));
        meta.insert("unarchive_value".into(), json!("draft"));
    }
    meta.insert("system".into(), Value::Bool(true));
    meta
}

/// The system collections with their fields.
pub(crate) fn collections() -> Vec<Collection> {
    vec![
        users(),
        roles(),
        policies(),
        permissions(),
        access(),
        settings::settings(),
        sessions(),
        activity(),
        revisions(),
        files::files(),
        files::folders(),
    ]
    .into_iter()
    .chain(platform::collections())
    .chain(meta::collections())
    .collect()
}

/// `directus_users`: accounts, their role, credentials and preferences.
fn users() -> Collection {
    use FieldType::*;
    collection(
        USERS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("first_name", String),
            f("last_name", String),
            f("email", String).unique(),
            f("password", Hash).special(&["hash", "conceal"]),
            f("location", String),
            f("title", String),
            f("description", Text),
            f("tags", Json).special(&["cast-json"]),
            f("avatar", Uuid),
            f("language", String),
            f("tfa_secret", String).special(&["conceal"]),
            f("status", String).required().default(json!("active")),
            f("role", Uuid).special(&["m2o"]),
            f("token", String).special(&["conceal"]).unique(),
            f("last_access", Timestamp),
            f("last_page", String),
            f("provider", String).required().default(json!("default")),
            f("external_identifier", String).unique(),
            f("auth_data", Json).special(&["cast-json"]),
            f("email_notifications", Boolean).special(&["cast-boolean"]).default(json!(true)),
            f("appearance", String),
            f("theme_dark", String),
            f("theme_light", String),
            f("theme_light_overrides", Json).special(&["cast-json"]),
            f("theme_dark_overrides", Json).special(&["cast-json"]),
            f("text_direction", String).required().default(json!("auto")),
            f("policies", Alias).special(&["m2m"]),
        ],
        false,
    )
}

/// `directus_roles`: a tree of roles (`parent`), with their users and policies.
fn roles() -> Collection {
    use FieldType::*;
    collection(
        ROLES,
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("name", String).required(),
            f("icon", String).required().default(json!("supervised_user_circle")),
            f("description", Text),
            f("parent", Uuid).special(&["m2o"]),
            f("children", Alias).special(&["o2m"]),
            f("policies", Alias).special(&["m2m"]),
            f("users", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_policies`: what a role or user may do, and from where.
fn policies() -> Collection {
    use FieldType::*;
    collection(
        POLICIES,
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("name", String).required(),
            f("icon", String).required().default(json!("badge")),
            f("description", Text),
            f("ip_access", Csv).special(&["cast-csv"]),
            f("enforce_tfa", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("admin_access", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("app_access", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("permissions", Alias).special(&["o2m"]),
            f("users", Alias).special(&["o2m"]),
            f("roles", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_permissions`: one rule of a policy for a collection and action.
fn permissions() -> Collection {
    use FieldType::*;
    collection(
        PERMISSIONS,
        vec![
            f("id", Integer).pk(),
            f("collection", String).required(),
            f("action", String).required(),
            f("permissions", Json).special(&["cast-json"]),
            f("validation", Json).special(&["cast-json"]),
            f("presets", Json).special(&["cast-json"]),
            f("fields", Csv).special(&["cast-csv"]),
            f("policy", Uuid).special(&["m2o"]).required(),
        ],
        false,
    )
}

/// `directus_access`: a policy attached to a role or a user.
fn access() -> Collection {
    use FieldType::*;
    collection(
        ACCESS,
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("role", Uuid).special(&["m2o"]),
            f("user", Uuid).special(&["m2o"]),
            f("policy", Uuid).special(&["m2o"]).required(),
            f("sort", Integer),
        ],
        false,
    )
}

/// `directus_sessions`: refresh tokens and the sessions of session-mode logins.
fn sessions() -> Collection {
    use FieldType::*;
    collection(
        SESSIONS,
        vec![
            f("token", String).pk(),
            f("user", Uuid),
            f("expires", Timestamp).required(),
            f("ip", String),
            f("user_agent", Text),
            f("share", Uuid),
            f("origin", String),
            f("next_token", String),
            f("oauth_client", String),
        ],
        false,
    )
}

/// `directus_activity`: the activity log (its own writes are not recorded).
fn activity() -> Collection {
    use FieldType::*;
    untracked(collection(
        ACTIVITY,
        vec![
            f("id", Integer).pk(),
            f("action", String).required(),
            f("user", String),
            f("timestamp", Timestamp)
                .special(&["date-created", "cast-timestamp"])
                .required()
                .default(json!("CURRENT_TIMESTAMP")),
            f("ip", String),
            f("user_agent", Text),
            f("collection", String).required(),
            f("item", String).required(),
            f("origin", String),
            f("revisions", Alias).special(&["o2m"]),
        ],
        false,
    ))
}

/// `directus_revisions`: each item write's data and delta (not recorded either).
fn revisions() -> Collection {
    use FieldType::*;
    untracked(collection(
        REVISIONS,
        vec![
            f("id", Integer).pk(),
            f("activity", Integer).required(),
            f("collection", String).required(),
            f("item", String).required(),
            f("data", Json).special(&["cast-json"]),
            f("delta", Json).special(&["cast-json"]),
            f("parent", Integer),
            f("version", String),
        ],
        false,
    ))
}

fn rel(
    collection: &str,
    field: &str,
    related: &str,
    one_field: Option<&str>,
    junction: Option<&str>,
    on_delete: impl Into<Option<OnDelete>>,
) -> Relation {
    Relation {
        collection: collection.to_owned(),
        field: field.to_owned(),
        related_collection: Some(related.to_owned()),
        one_field: one_field.map(str::to_owned),
        one_collection_field: None,
        one_allowed_collections: None,
        junction_field: junction.map(str::to_owned),
        sort_field: None,
        one_deselect_action: DeselectAction::Nullify,
        on_delete: on_delete.into(),
        has_meta: true,
    }
}

/// Relations between system collections.
pub(crate) fn relations() -> Vec<Relation> {
    vec![
        rel(USERS, "role", ROLES, Some("users"), None, OnDelete::SetNull),
        rel(ROLES, "parent", ROLES, Some("children"), None, OnDelete::SetNull),
        rel(PERMISSIONS, "policy", POLICIES, Some("permissions"), None, OnDelete::Cascade),
        rel(ACCESS, "role", ROLES, Some("policies"), Some("policy"), OnDelete::Cascade),
        rel(ACCESS, "user", USERS, Some("policies"), Some("policy"), OnDelete::Cascade),
        rel(ACCESS, "policy", POLICIES, None, Some("role"), OnDelete::Cascade),
        rel(SESSIONS, "user", USERS, None, None, OnDelete::Cascade),
        // No foreign key in the database: activity outlives the users it names.
        rel(ACTIVITY, "user", USERS, None, None, None),
        rel(REVISIONS, "activity", ACTIVITY, Some("revisions"), None, OnDelete::Cascade),
        rel(REVISIONS, "parent", REVISIONS, None, None, OnDelete::NoAction),
        rel(SETTINGS, "public_registration_role", ROLES, None, None, OnDelete::SetNull),
    ]
    .into_iter()
    .chain(platform::relations())
    .chain(files::relations())
    .chain(meta::relations())
    .collect()
}

/// One-to-many aliases over a relation that already has another (or no) `one_field`:
/// Directus lists a policy's access rows both as `users` and as `roles`.
/// `(one collection, alias, many collection, foreign key)`.
pub(crate) const EXTRA_O2M: &[(&str, &str, &str, &str)] =
    &[(POLICIES, "users", ACCESS, "policy"), (POLICIES, "roles", ACCESS, "policy")];

/// Fixed ids of the rows bootstrap creates, so logs and tests can name them.
pub(crate) const ADMIN_ROLE_ID: &str = "5a1b2c3d-0000-4000-8000-000000000001";
pub(crate) const ADMIN_POLICY_ID: &str = "5a1b2c3d-0000-4000-8000-000000000002";
/// The public policy's id is fixed by Directus' migrations (tools that move
/// projects rely on it); the others are random in Directus.
pub(crate) const PUBLIC_POLICY_ID: &str = "abf8a154-5b1c-4a46-ac9c-7300570f4f17";
pub const ADMIN_USER_ID: &str = "5a1b2c3d-0000-4000-8000-000000000004";
