//! What only `/graphql/system` has: the server, schema, auth and utility
//! root fields, the types they return (`server_info`, `directus_collections`,
//! `auth_tokens`, ...), and the global mutations.

use async_graphql::dynamic::{Enum, Field, InputValue, Object, Scalar, TypeRef};

use super::{Caller, Types, View};
use crate::engine::Action;
use crate::graphql::resolve;
use crate::system;

/// The root query fields only `/graphql/system` has, with their types.
pub(super) fn query_fields(view: &View<'_>, types: &mut Types, caller: Caller) -> Vec<Field> {
    server_types(types, caller);
    auth_types(types);
    schema_types(types);
    types.enumeration(Enum::new("auth_mode").item("json").item("cookie").item("session"));
    types.enumeration(Enum::new("graphql_sdl_scope").item("items").item("system"));
    for (name, keys) in [
        ("delete_collection", &["collection"][..]),
        ("delete_field", &["collection", "field"][..]),
        ("delete_relation", &["collection", "field"][..]),
    ] {
        types.object(keys.iter().fold(Object::new(name), |o, k| {
            o.field(resolve::by_name(k, TypeRef::named(TypeRef::STRING)))
        }));
    }

    let mut query = Vec::new();
    // Both specs go with introspection (GRAPHQL_INTROSPECTION=false removes them).
    if caller.introspection {
        query.push(resolve::server_specs_oas());
        query.push(
            resolve::server_specs_graphql()
                .argument(InputValue::new("scope", TypeRef::named("graphql_sdl_scope"))),
        );
    }
    query.extend([resolve::server_ping(), resolve::server_info(), resolve::server_health()]);
    // App users get read access to the schema collections with Directus' minimal app permissions.
    if view.access.admin || caller.app {
        query.extend(schema_query_fields());
    }
    if view.access.admin {
        extension_types(types);
        query.push(resolve::extensions());
    }
    let user_like = view.access.can(system::USERS, Action::Read);
    if user_like && view.has(system::USERS, Action::Read) {
        query.push(resolve::users_me());
    }
    if view.has(system::PERMISSIONS, Action::Read) {
        types.scalar(Scalar::new("permissions_me_type"));
        query.push(resolve::permissions_me());
    }
    if view.has(system::ROLES, Action::Read) {
        query.push(resolve::roles_me());
    }
    if view.has(system::POLICIES, Action::Read) {
        query.push(resolve::policies_me_globals());
    }
    query
}

/// `collections`, `fields` and `relations`, all, by collection and by name.
fn schema_query_fields() -> [Field; 8] {
    let required = |n: &str| InputValue::new(n, TypeRef::named_nn(TypeRef::STRING));
    [
        resolve::collections("collections", false),
        resolve::collections("collections_by_name", true).argument(required("name")),
        resolve::fields("fields", resolve::Pick::All),
        resolve::fields("fields_in_collection", resolve::Pick::Collection)
            .argument(required("collection")),
        resolve::fields("fields_by_name", resolve::Pick::One)
            .argument(required("collection"))
            .argument(required("field")),
        resolve::relations("relations", resolve::Pick::All),
        resolve::relations("relations_in_collection", resolve::Pick::Collection)
            .argument(required("collection")),
        resolve::relations("relations_by_name", resolve::Pick::One)
            .argument(required("collection"))
            .argument(required("field")),
    ]
}

/// `directus_extensions` as GraphQL describes an installed extension.
fn extension_types(types: &mut Types) {
    types.object(
        Object::new("directus_extensions_schema")
            .field(resolve::by_name("type", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("local", TypeRef::named(TypeRef::BOOLEAN))),
    );
    types.object(
        Object::new("directus_extensions_meta")
            .field(resolve::by_name("enabled", TypeRef::named(TypeRef::BOOLEAN))),
    );
    types.object(
        Object::new("directus_extensions")
            .field(resolve::by_name("bundle", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("name", TypeRef::named_nn(TypeRef::STRING)))
            .field(resolve::by_name("schema", TypeRef::named("directus_extensions_schema")))
            .field(resolve::by_name("meta", TypeRef::named("directus_extensions_meta"))),
    );
}

/// `server_info` and its parts; a logged-in caller sees the limits too.
fn server_types(types: &mut Types, caller: Caller) {
    types.object(
        Object::new("server_info_project")
            .field(resolve::by_name("project_name", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("project_descriptor", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("project_logo", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("project_color", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("default_language", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_foreground", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_background", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_note", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("custom_css", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("public_registration", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name(
                "public_registration_verify_email",
                TypeRef::named(TypeRef::BOOLEAN),
            )),
    );
    types.object(
        Object::new("server_info_license_entitlements")
            .field(resolve::by_name("production_enabled", TypeRef::named_nn(TypeRef::BOOLEAN)))
            .field(resolve::by_name("ai_translations_enabled", TypeRef::named_nn(TypeRef::BOOLEAN)))
            .field(resolve::by_name("display_powered_by", TypeRef::named_nn(TypeRef::STRING))),
    );
    types.object(
        Object::new("server_info_license")
            .field(resolve::by_name("source", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name(
                "entitlements",
                TypeRef::named("server_info_license_entitlements"),
            )),
    );
    let mut info = Object::new("server_info")
        .field(resolve::by_name("project", TypeRef::named("server_info_project")))
        .field(resolve::by_name("license", TypeRef::named("server_info_license")));
    if caller.logged_in {
        types.object(
            Object::new("server_info_query_limit")
                .field(resolve::by_name("default", TypeRef::named(TypeRef::INT)))
                .field(resolve::by_name("max", TypeRef::named(TypeRef::INT))),
        );
        info = info
            .field(resolve::by_name("rateLimit", TypeRef::named("JSON")))
            .field(resolve::by_name("rateLimitGlobal", TypeRef::named("JSON")))
            .field(resolve::by_name("websocket", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name("queryLimit", TypeRef::named("server_info_query_limit")));
    }
    types.object(info);
}

/// What `policies_me_globals`, `auth_login`/`auth_refresh` and `users_me_tfa_generate` return.
fn auth_types(types: &mut Types) {
    types.object(
        Object::new("policy_me_globals_type")
            .field(resolve::by_name("enforce_tfa", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name("app_access", TypeRef::named(TypeRef::BOOLEAN)))
            .field(resolve::by_name("admin_access", TypeRef::named(TypeRef::BOOLEAN))),
    );
    types.object(
        Object::new("auth_tokens")
            .field(resolve::by_name("access_token", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("expires", TypeRef::named("GraphQLBigInt")))
            .field(resolve::by_name("refresh_token", TypeRef::named(TypeRef::STRING))),
    );
    types.object(
        Object::new("users_me_tfa_generate_data")
            .field(resolve::by_name("secret", TypeRef::named(TypeRef::STRING)))
            .field(resolve::by_name("otpauth_url", TypeRef::named(TypeRef::STRING))),
    );
}

fn object(name: &str, fields: &[(&str, TypeRef)]) -> Object {
    fields.iter().fold(Object::new(name), |o, (f, t)| o.field(resolve::by_name(f, t.clone())))
}
fn s() -> TypeRef {
    TypeRef::named(TypeRef::STRING)
}
fn s_nn() -> TypeRef {
    TypeRef::named_nn(TypeRef::STRING)
}
fn b() -> TypeRef {
    TypeRef::named(TypeRef::BOOLEAN)
}
fn b_nn() -> TypeRef {
    TypeRef::named_nn(TypeRef::BOOLEAN)
}
fn i() -> TypeRef {
    TypeRef::named(TypeRef::INT)
}
fn j() -> TypeRef {
    TypeRef::named("JSON")
}

/// `directus_collections`, `directus_fields`, `directus_relations` and their parts, as in 12.4's SDL.
fn schema_types(types: &mut Types) {
    collection_types(types);
    field_types(types);
    relation_types(types);
}

/// `directus_collections` with its `meta` and `schema`.
fn collection_types(types: &mut Types) {
    types.object(object(
        "directus_collections",
        &[
            ("collection", s()),
            ("meta", TypeRef::named("directus_collections_meta")),
            ("schema", TypeRef::named("directus_collections_schema")),
        ],
    ));
    types.object(object(
        "directus_collections_meta",
        &[
            ("collection", s_nn()),
            ("icon", s()),
            ("note", s()),
            ("display_template", s()),
            ("hidden", b_nn()),
            ("singleton", b_nn()),
            ("translations", j()),
            ("archive_field", s()),
            ("archive_app_filter", b_nn()),
            ("archive_value", s()),
            ("unarchive_value", s()),
            ("sort_field", s()),
            ("accountability", s()),
            ("color", s()),
            ("item_duplication_fields", j()),
            ("sort", i()),
            ("group", s()),
            ("collapse", s_nn()),
            ("preview_url", s()),
            ("versioning", b_nn()),
            ("status", s_nn()),
            ("autosave_revision_interval", TypeRef::named(TypeRef::FLOAT)),
        ],
    ));
    types.object(object("directus_collections_schema", &[("name", s()), ("comment", s())]));
}

/// `directus_fields` with its `meta` and `schema`.
fn field_types(types: &mut Types) {
    types.object(object(
        "directus_fields",
        &[
            ("collection", s()),
            ("field", s()),
            ("type", s()),
            ("meta", TypeRef::named("directus_fields_meta")),
            ("schema", TypeRef::named("directus_fields_schema")),
        ],
    ));
    types.object(object(
        "directus_fields_meta",
        &[
            ("id", TypeRef::named_nn(TypeRef::INT)),
            ("collection", s_nn()),
            ("field", s_nn()),
            ("special", TypeRef::named_list(TypeRef::STRING)),
            ("interface", s()),
            ("options", j()),
            ("display", s()),
            ("display_options", j()),
            ("readonly", b_nn()),
            ("hidden", b_nn()),
            ("sort", i()),
            ("width", s()),
            ("translations", j()),
            ("note", s()),
            ("conditions", j()),
            ("required", b()),
            ("group", s()),
            ("validation", j()),
            ("validation_message", s()),
            ("searchable", b_nn()),
        ],
    ));
    types.object(object(
        "directus_fields_schema",
        &[
            ("name", s()),
            ("table", s()),
            ("data_type", s()),
            ("default_value", s()),
            ("max_length", i()),
            ("numeric_precision", i()),
            ("numeric_scale", i()),
            ("is_generated", b()),
            ("generation_expression", s()),
            ("is_indexed", b()),
            ("is_nullable", b()),
            ("is_unique", b()),
            ("is_primary_key", b()),
            ("has_auto_increment", b()),
            ("foreign_key_column", s()),
            ("foreign_key_table", s()),
            ("comment", s()),
        ],
    ));
}

/// `directus_relations` with its `schema` and `meta`.
fn relation_types(types: &mut Types) {
    types.object(object(
        "directus_relations",
        &[
            ("collection", s()),
            ("field", s()),
            ("related_collection", s()),
            ("schema", TypeRef::named("directus_relations_schema")),
            ("meta", TypeRef::named("directus_relations_meta")),
        ],
    ));
    types.object(object(
        "directus_relations_schema",
        &[
            ("table", s_nn()),
            ("column", s_nn()),
            ("foreign_key_table", s_nn()),
            ("foreign_key_column", s_nn()),
            ("constraint_name", s()),
            ("on_update", s_nn()),
            ("on_delete", s_nn()),
        ],
    ));
    types.object(object(
        "directus_relations_meta",
        &[
            ("id", i()),
            ("many_collection", s()),
            ("many_field", s()),
            ("one_collection", s()),
            ("one_field", s()),
            ("one_collection_field", s()),
            ("one_allowed_collections", TypeRef::named_list(TypeRef::STRING)),
            ("junction_field", s()),
            ("sort_field", s()),
            ("one_deselect_action", s()),
        ],
    ));
}

/// The global mutations `/graphql/system` always has, the schema mutations
/// for admins, and `update_users_me`.
pub(super) fn mutation_fields(view: &View<'_>) -> Vec<Field> {
    let mut mutation = global_mutations();
    if view.access.admin {
        mutation.extend(schema_mutations());
    }
    if view.access.can(system::USERS, Action::Update) && view.has(system::USERS, Action::Update) {
        mutation.push(
            resolve::update_users_me()
                .argument(InputValue::new("data", TypeRef::named("update_directus_users_input"))),
        );
    }
    mutation
}

/// Auth, users and utility mutations.
fn global_mutations() -> Vec<Field> {
    let optional = |n: &str| InputValue::new(n, TypeRef::named(TypeRef::STRING));
    let required = |n: &str| InputValue::new(n, TypeRef::named_nn(TypeRef::STRING));
    let mode = || InputValue::new("mode", TypeRef::named("auth_mode"));
    vec![
        resolve::auth_login()
            .argument(required("email"))
            .argument(required("password"))
            .argument(mode())
            .argument(optional("otp")),
        resolve::auth_refresh().argument(optional("refresh_token")).argument(mode()),
        resolve::auth_logout().argument(optional("refresh_token")).argument(mode()),
        resolve::unsupported("auth_password_request", TypeRef::BOOLEAN)
            .argument(required("email"))
            .argument(optional("reset_url")),
        resolve::unsupported("auth_password_reset", TypeRef::BOOLEAN)
            .argument(required("token"))
            .argument(required("password")),
        resolve::unsupported("users_me_tfa_generate", "users_me_tfa_generate_data")
            .argument(required("password")),
        resolve::unsupported("users_me_tfa_enable", TypeRef::BOOLEAN)
            .argument(required("otp"))
            .argument(required("secret")),
        resolve::unsupported("users_me_tfa_disable", TypeRef::BOOLEAN).argument(required("otp")),
        resolve::utils_random_string()
            .argument(InputValue::new("length", TypeRef::named(TypeRef::INT))),
        resolve::utils_sort()
            .argument(required("collection"))
            .argument(InputValue::new("item", TypeRef::named_nn(TypeRef::ID)))
            .argument(InputValue::new("to", TypeRef::named_nn(TypeRef::ID))),
        resolve::unsupported("utils_revert", TypeRef::BOOLEAN)
            .argument(InputValue::new("revision", TypeRef::named_nn(TypeRef::ID))),
        resolve::utils_cache_clear(),
        resolve::unsupported("users_invite_accept", TypeRef::BOOLEAN)
            .argument(required("token"))
            .argument(required("password")),
        resolve::unsupported("users_register", TypeRef::BOOLEAN)
            .argument(required("email"))
            .argument(required("password"))
            .argument(optional("verification_url"))
            .argument(optional("first_name"))
            .argument(optional("last_name")),
        resolve::unsupported("users_register_verify", TypeRef::BOOLEAN).argument(required("token")),
    ]
}

/// Creating, updating and deleting collections, fields and relations.
fn schema_mutations() -> Vec<Field> {
    let required = |n: &str| InputValue::new(n, TypeRef::named_nn(TypeRef::STRING));
    vec![
        resolve::schema_mutation("create_collections_item", "directus_collections")
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        resolve::schema_mutation("update_collections_item", "directus_collections")
            .argument(required("collection"))
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        resolve::schema_mutation("delete_collections_item", "delete_collection")
            .argument(required("collection")),
        resolve::schema_mutation("create_fields_item", "directus_fields")
            .argument(required("collection"))
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        resolve::schema_mutation("update_fields_item", "directus_fields")
            .argument(required("collection"))
            .argument(required("field"))
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        resolve::schema_mutation("delete_fields_item", "delete_field")
            .argument(required("collection"))
            .argument(required("field")),
        resolve::schema_mutation("create_relations_item", "directus_relations")
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        resolve::schema_mutation("delete_relations_item", "delete_relation")
            .argument(required("collection"))
            .argument(required("field")),
    ]
}
