//! The system collections Directus keeps its own machinery in: the schema's
//! metadata (`directus_collections`, `directus_fields`, `directus_relations`),
//! the migrations it ran, the OAuth server's clients, codes, consents and
//! tokens, and the deployment integrations. The mock keeps the schema in
//! `schema.rs`, not in these tables; they exist so that `/collections`,
//! `/fields`, `/relations` and GraphQL's system schema list what 12.4 lists
//! (their fields as 12.4's `/fields` reports them).

use serde_json::json;

use super::{FOLDERS, USERS, collection, f, rel, untracked};
use crate::schema::{Collection, FieldType, OnDelete, Relation};

const OAUTH_CLIENTS: &str = "directus_oauth_clients";
const DEPLOYMENTS: &str = "directus_deployments";
const DEPLOYMENT_PROJECTS: &str = "directus_deployment_projects";

/// The machinery's system collections with their fields.
pub(super) fn collections() -> Vec<Collection> {
    vec![
        collections_meta(),
        fields(),
        relations_meta(),
        migrations(),
        untracked(oauth_clients()),
        untracked(oauth_codes()),
        untracked(oauth_consents()),
        untracked(oauth_tokens()),
        deployments(),
        deployment_projects(),
        deployment_runs(),
    ]
}

/// Their relations, as 12.4's `/relations` lists them, but for those into
/// `directus_collections` and `directus_fields`: the mock holds no rows
/// there, so a `collection` column stays a plain value to read.
pub(super) fn relations() -> Vec<Relation> {
    let cascade = || Some(OnDelete::Cascade);
    let delete_children =
        |r: Relation| Relation { one_deselect_action: crate::schema::DeselectAction::Delete, ..r };
    vec![
        rel(DEPLOYMENTS, "user_created", USERS, None, None, OnDelete::SetNull),
        rel(DEPLOYMENT_PROJECTS, "user_created", USERS, None, None, OnDelete::SetNull),
        delete_children(rel(
            DEPLOYMENT_PROJECTS,
            "deployment",
            DEPLOYMENTS,
            Some("projects"),
            None,
            cascade(),
        )),
        rel("directus_deployment_runs", "user_created", USERS, None, None, OnDelete::SetNull),
        delete_children(rel(
            "directus_deployment_runs",
            "project",
            DEPLOYMENT_PROJECTS,
            Some("runs"),
            None,
            cascade(),
        )),
        rel("directus_oauth_consents", "client", OAUTH_CLIENTS, None, None, cascade()),
        rel("directus_oauth_consents", "user", USERS, None, None, cascade()),
        rel("directus_oauth_codes", "user", USERS, None, None, cascade()),
        rel("directus_oauth_codes", "client", OAUTH_CLIENTS, None, None, cascade()),
        rel("directus_oauth_tokens", "user", USERS, None, None, cascade()),
        rel("directus_oauth_tokens", "client", OAUTH_CLIENTS, Some("tokens"), None, cascade()),
        rel(super::SESSIONS, "oauth_client", OAUTH_CLIENTS, None, None, cascade()),
        rel(super::platform::FLOWS, "folder", FOLDERS, None, None, OnDelete::SetNull),
    ]
}

/// `directus_collections` as 12.4's `/fields/directus_collections` lists it.
fn collections_meta() -> Collection {
    use FieldType::*;
    collection(
        "directus_collections",
        vec![
            f("collection", String).pk(),
            f("icon", String),
            f("note", Text),
            f("display_template", String),
            f("hidden", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("singleton", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("translations", Json).special(&["cast-json"]),
            f("archive_field", String),
            f("archive_app_filter", Boolean)
                .special(&["cast-boolean"])
                .required()
                .default(json!(true)),
            f("archive_value", String),
            f("unarchive_value", String),
            f("sort_field", String),
            f("accountability", String).default(json!("all")),
            f("color", String),
            f("item_duplication_fields", Json).special(&["cast-json"]),
            f("sort", Integer),
            f("group", String),
            f("collapse", String).required().default(json!("open")),
            f("preview_url", String),
            f("versioning", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("status", String).required().default(json!("active")),
            f("autosave_revision_interval", Float),
            f("collection_divider", Alias).special(&["alias", "no-data"]),
            f("content_translations_divider", Alias).special(&["alias", "no-data"]),
            f("translations_enable_helper", Alias).special(&["alias", "no-data"]),
            f("preview_divider", Alias).special(&["alias", "no-data"]),
            f("content_versioning_divider", Alias).special(&["alias", "no-data"]),
            f("archive_divider", Alias).special(&["alias", "no-data"]),
            f("sort_divider", Alias).special(&["alias", "no-data"]),
            f("accountability_divider", Alias).special(&["alias", "no-data"]),
            f("duplication_divider", Alias).special(&["alias", "no-data"]),
        ],
        false,
    )
}

/// `directus_fields` as 12.4's `/fields/directus_fields` lists it.
fn fields() -> Collection {
    use FieldType::*;
    collection(
        "directus_fields",
        vec![
            f("id", Integer).pk(),
            f("collection", String).required(),
            f("field", String).required(),
            f("special", Csv).special(&["cast-csv"]),
            f("interface", String),
            f("options", Json).special(&["cast-json"]),
            f("display", String),
            f("display_options", Json).special(&["cast-json"]),
            f("readonly", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("hidden", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
            f("sort", Integer),
            f("width", String).default(json!("full")),
            f("translations", Json).special(&["cast-json"]),
            f("note", Text),
            f("conditions", Json).special(&["cast-json"]),
            f("required", Boolean).special(&["cast-boolean"]).default(json!(false)),
            f("group", String),
            f("validation", Json).special(&["cast-json"]),
            f("validation_message", Text),
            f("searchable", Boolean).special(&["cast-boolean"]).required().default(json!(true)),
        ],
        false,
    )
}

/// `directus_relations` as 12.4's `/fields/directus_relations` lists it.
fn relations_meta() -> Collection {
    use FieldType::*;
    collection(
        "directus_relations",
        vec![
            f("id", Integer).pk(),
            f("many_collection", String).required(),
            f("many_field", String).required(),
            f("one_collection", String),
            f("one_field", String),
            f("one_collection_field", String),
            f("one_allowed_collections", Csv).special(&["cast-csv"]),
            f("junction_field", String),
            f("sort_field", String),
            f("one_deselect_action", String).required().default(json!("nullify")),
        ],
        false,
    )
}

/// `directus_migrations` as 12.4's `/fields/directus_migrations` lists it.
fn migrations() -> Collection {
    use FieldType::*;
    collection(
        "directus_migrations",
        vec![
            f("version", String).pk(),
            f("name", String).required(),
            f("timestamp", DateTime).default(json!("CURRENT_TIMESTAMP")),
        ],
        false,
    )
}

/// `directus_oauth_clients` as 12.4's `/fields/directus_oauth_clients` lists it.
fn oauth_clients() -> Collection {
    use FieldType::*;
    collection(
        "directus_oauth_clients",
        vec![
            f("client_id", String).pk(),
            f("client_name", String).required(),
            f("redirect_uris", Json).special(&["cast-json"]).required(),
            f("grant_types", Json).special(&["cast-json"]).required(),
            f("token_endpoint_auth_method", String).required().default(json!("none")),
            f("client_secret_hash", String).special(&["conceal"]),
            f("registration_type", String).required().default(json!("dcr")),
            f("client_uri", Text),
            f("logo_uri", Text),
            f("tos_uri", Text),
            f("policy_uri", Text),
            f("metadata_fetched_at", Timestamp).special(&["cast-timestamp"]),
            f("metadata_expires_at", Timestamp).special(&["cast-timestamp"]),
            f("metadata_etag", String),
            f("date_created", Timestamp)
                .special(&["date-created", "cast-timestamp"])
                .required()
                .default(json!("CURRENT_TIMESTAMP")),
            f("tokens", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_oauth_codes` as 12.4's `/fields/directus_oauth_codes` lists it.
fn oauth_codes() -> Collection {
    use FieldType::*;
    collection(
        "directus_oauth_codes",
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("code_hash", String).special(&["conceal"]).required().unique(),
            f("client", String).special(&["m2o"]).required(),
            f("user", String).special(&["m2o"]).required(),
            f("redirect_uri", String).required(),
            f("resource", String).required(),
            f("code_challenge", String).required(),
            f("code_challenge_method", String).required(),
            f("scope", String),
            f("expires_at", Timestamp).special(&["cast-timestamp"]).required(),
            f("used_at", Timestamp).special(&["cast-timestamp"]),
        ],
        false,
    )
}

/// `directus_oauth_consents` as 12.4's `/fields/directus_oauth_consents` lists it.
fn oauth_consents() -> Collection {
    use FieldType::*;
    collection(
        "directus_oauth_consents",
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("user", String).special(&["m2o"]).required(),
            f("client", String).special(&["m2o"]).required(),
            f("redirect_uri", String).required(),
            f("scope", String),
            f("date_created", Timestamp).special(&["date-created", "cast-timestamp"]).required(),
            f("date_updated", Timestamp).special(&["date-updated", "cast-timestamp"]).required(),
        ],
        false,
    )
}

/// `directus_oauth_tokens` as 12.4's `/fields/directus_oauth_tokens` lists it.
fn oauth_tokens() -> Collection {
    use FieldType::*;
    collection(
        "directus_oauth_tokens",
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("client", String).special(&["m2o"]).required(),
            f("user", String).special(&["m2o"]).required(),
            f("session", String).special(&["conceal"]).required(),
            f("previous_session", String).special(&["conceal"]),
            f("resource", String).required(),
            f("code_hash", String).special(&["conceal"]).required(),
            f("scope", String),
            f("expires_at", Timestamp).special(&["cast-timestamp"]).required(),
            f("date_created", Timestamp).special(&["date-created", "cast-timestamp"]).required(),
        ],
        false,
    )
}

/// `directus_deployments` as 12.4's `/fields/directus_deployments` lists it.
fn deployments() -> Collection {
    use FieldType::*;
    collection(
        "directus_deployments",
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("provider", String).required().unique(),
            f("credentials", Text).special(&["encrypt"]),
            f("options", Json).special(&["cast-json"]),
            f("date_created", Timestamp)
                .special(&["date-created", "cast-timestamp"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
            f("webhook_ids", Json).special(&["cast-json"]),
            f("webhook_secret", String),
            f("last_synced_at", Timestamp).special(&["cast-timestamp"]),
            f("projects", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_deployment_projects` as 12.4's `/fields/directus_deployment_projects` lists it.
fn deployment_projects() -> Collection {
    use FieldType::*;
    collection(
        "directus_deployment_projects",
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("deployment", String).required(),
            f("external_id", String).required(),
            f("name", String).required(),
            f("date_created", Timestamp)
                .special(&["date-created", "cast-timestamp"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
            f("url", String),
            f("framework", String),
            f("deployable", Boolean).special(&["cast-boolean"]).required().default(json!(true)),
            f("runs", Alias).special(&["o2m"]),
        ],
        false,
    )
}

/// `directus_deployment_runs` as 12.4's `/fields/directus_deployment_runs` lists it.
fn deployment_runs() -> Collection {
    use FieldType::*;
    collection(
        "directus_deployment_runs",
        vec![
            f("id", Uuid).pk().special(&["uuid"]),
            f("project", String).required(),
            f("external_id", String).required(),
            f("target", String).required(),
            f("date_created", Timestamp)
                .special(&["date-created", "cast-timestamp"])
                .default(json!("CURRENT_TIMESTAMP")),
            f("user_created", String).special(&["user-created"]),
            f("status", String),
            f("url", String),
            f("started_at", Timestamp).special(&["cast-timestamp"]),
            f("completed_at", Timestamp).special(&["cast-timestamp"]),
        ],
        false,
    )
}
