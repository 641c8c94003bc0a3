//! `directus_settings`, the project's settings (a singleton), with its fields
//! as Directus 12.4's `GET /fields/directus_settings` lists them (columns in
//! the database's order, then the form's aliases: dividers, notices, groups),
//! and the row a fresh 12.4 install holds.

use serde_json::{Map, Value, json};

use super::{Def, SETTINGS, collection, f};
use crate::schema::{Collection, FieldType};

/// The models a fresh 12.4 install allows per AI provider (a migration writes
/// them into the row; the columns themselves have no default).
const AI_ALLOWED_MODELS: &[(&str, &[&str])] = &[
    ("ai_openai_allowed_models", &["gpt-5.4-nano", "gpt-5.4-mini", "gpt-5.4"]),
    ("ai_anthropic_allowed_models", &["claude-haiku-4-5", "claude-sonnet-4-6"]),
    (
        "ai_google_allowed_models",
        &["gemini-3-pro-preview", "gemini-3-flash-preview", "gemini-2.5-pro", "gemini-2.5-flash"],
    ),
];

fn defs() -> Vec<Def> {
    use FieldType::*;
    vec![
        f("id", Integer).pk(),
        f("project_name", String).required().default(json!("Directus")),
        f("project_url", String),
        f("project_color", String).required().default(json!("#6644FF")),
        f("project_logo", String),
        f("public_foreground", String),
        f("public_background", String),
        f("public_note", Text),
        f("auth_login_attempts", Integer).default(json!(25)),
        f("auth_password_policy", String),
        f("storage_asset_transform", String).default(json!("all")),
        f("storage_asset_presets", Json).special(&["cast-json"]),
        f("custom_css", Text),
        f("storage_default_folder", String),
        f("basemaps", Json).special(&["cast-json"]),
        f("mapbox_key", String),
        f("module_bar", Json).special(&["cast-json"]),
        f("project_descriptor", String),
        f("default_language", String).required().default(json!("en-US")),
        f("custom_aspect_ratios", Json).special(&["cast-json"]),
        f("public_favicon", String),
        f("default_appearance", String).required().default(json!("auto")),
        f("default_theme_light", String),
        f("theme_light_overrides", Json).special(&["cast-json"]),
        f("default_theme_dark", String),
        f("theme_dark_overrides", Json).special(&["cast-json"]),
        f("report_error_url", String),
        f("report_bug_url", String),
        f("report_feature_url", String),
        f("public_registration", Boolean)
            .special(&["cast-boolean"])
            .required()
            .default(json!(false)),
        f("public_registration_verify_email", Boolean)
            .special(&["cast-boolean"])
            .required()
            .default(json!(true)),
        f("public_registration_role", String).special(&["m2o"]),
        f("public_registration_email_filter", Json).special(&["cast-json"]),
        f("visual_editor_urls", Json).special(&["cast-json"]),
        f("project_id", String),
        f("mcp_enabled", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
        f("mcp_allow_deletes", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
        f("mcp_prompts_collection", String),
        f("mcp_system_prompt_enabled", Boolean)
            .special(&["cast-boolean"])
            .required()
            .default(json!(true)),
        f("mcp_system_prompt", Text),
        f("project_owner", String),
        f("project_usage", String),
        f("org_name", String),
        f("product_updates", Boolean).special(&["cast-boolean"]),
        f("project_status", String),
        f("ai_openai_api_key", Text).special(&["encrypt"]),
        f("ai_anthropic_api_key", Text).special(&["encrypt"]),
        f("ai_system_prompt", Text),
        f("ai_google_api_key", Text).special(&["encrypt"]),
        f("ai_openai_compatible_api_key", Text).special(&["encrypt"]),
        f("ai_openai_compatible_base_url", Text),
        f("ai_openai_compatible_name", Text),
        f("ai_openai_compatible_models", Json).special(&["cast-json"]),
        f("ai_openai_compatible_headers", Json).special(&["cast-json"]),
        f("ai_openai_allowed_models", Json).special(&["cast-json"]),
        f("ai_anthropic_allowed_models", Json).special(&["cast-json"]),
        f("ai_google_allowed_models", Json).special(&["cast-json"]),
        f("collaborative_editing_enabled", Boolean)
            .special(&["cast-boolean"])
            .required()
            .default(json!(false)),
        f("ai_translation_default_model", Text),
        f("ai_translation_glossary", Json).special(&["cast-json"]),
        f("ai_translation_style_guide", Text),
        f("license_key", String).special(&["encrypt"]),
        f("license_token", Text).special(&["encrypt"]),
        f("mcp_oauth_enabled", Boolean).special(&["cast-boolean"]).required().default(json!(false)),
        f("mcp_oauth_dcr_enabled", Boolean)
            .special(&["cast-boolean"])
            .required()
            .default(json!(false)),
        f("mcp_oauth_cimd_enabled", Boolean)
            .special(&["cast-boolean"])
            .required()
            .default(json!(false)),
        f("default_save_action", String).required().default(json!("save-and-quit")),
        f("modules_divider", Alias).special(&["alias", "no-data"]),
        f("visual_editor_divider", Alias).special(&["alias", "no-data"]),
        f("security_divider", Alias).special(&["alias", "no-data"]),
        f("public_registration_divider", Alias).special(&["alias", "no-data"]),
        f("files_divider", Alias).special(&["alias", "no-data"]),
        f("reporting_divider", Alias).special(&["alias", "no-data"]),
        f("collaborative_editing_divider", Alias).special(&["alias", "no-data"]),
        f("map_divider", Alias).special(&["alias", "no-data"]),
        f("image_editor", Alias).special(&["alias", "no-data"]),
        f("theming_group", Alias).special(&["alias", "no-data", "group"]),
        f("branding_divider", Alias).special(&["alias", "no-data"]),
        f("theming_divider", Alias).special(&["alias", "no-data"]),
        f("ai_group", Alias).special(&["alias", "no-data", "group"]),
        f("ai_divider", Alias).special(&["alias", "no-data"]),
        f("ai_notice", Alias).special(&["alias", "no-data"]),
        f("ai_translation_divider", Alias).special(&["alias", "no-data"]),
        f("ai_translations_notice", Alias).special(&["alias", "no-data"]),
        f("ai_openai_compatible_divider", Alias).special(&["alias", "no-data"]),
        f("ai_openai_compatible_notice", Alias).special(&["alias", "no-data"]),
        f("mcp_group", Alias).special(&["alias", "no-data", "group"]),
        f("mcp_divider", Alias).special(&["alias", "no-data"]),
        f("mcp_notice", Alias).special(&["alias", "no-data"]),
        f("mcp_prompts_collection_validation", Alias).special(&["alias", "no-data"]),
        f("mcp_oauth_clients_link", Alias).special(&["alias", "no-data"]),
        f("mcp_system_prompt_divider", Alias).special(&["alias", "no-data"]),
    ]
}

/// `directus_settings`: the project's settings (a singleton).
pub(super) fn settings() -> Collection {
    collection(SETTINGS, defs(), true)
}

/// The settings row of a fresh project: every column at its default, the
/// project's name, its generated id (12.4 makes a random one at install) and
/// the AI models a migration allows.
pub(crate) fn fresh_row(project_name: &str, project_id: &str) -> Value {
    let mut row = Map::new();
    for d in defs().into_iter().filter(|d| d.ty != FieldType::Alias) {
        row.insert(d.name.to_owned(), d.default);
    }
    row.insert("id".into(), json!(1));
    row.insert("project_name".into(), json!(project_name));
    row.insert("project_id".into(), json!(project_id));
    for (field, models) in AI_ALLOWED_MODELS {
        row.insert((*field).to_owned(), json!(models));
    }
    Value::Object(row)
}
