//! The root fields of `/graphql/system`: the server (info, health, specs),
//! the schema (collections, fields, relations and their mutations), the
//! caller's own records, auth and utils, each a call to the service REST
//! calls too.

use async_graphql::dynamic::{Field, FieldFuture, FieldValue, TypeRef};
use async_graphql::{ErrorExtensions, Value as GqlValue};
use serde_json::{Map, Value, json};

use super::{GqlCtx, arg, args_of, ctx_of, first_only, gql_error, one, query_of, rows};
use crate::error::{Error, ErrorCode};
use crate::graphql::{Scope, exec};
use crate::service::auth::{REFRESH_COOKIE, SESSION_COOKIE};
use crate::service::items::Items;
use crate::service::{
    Accountability, App, auth as auth_service, openapi, schema as schema_service, server, utils,
};
use crate::store::Pk;
use crate::system;

/// `server_ping: String`.
pub(crate) fn server_ping() -> Field {
    Field::new("server_ping", TypeRef::named(TypeRef::STRING), |_| {
        FieldFuture::from_value(Some(GqlValue::from("pong")))
    })
}

/// `extensions: [directus_extensions!]!` (admins): the installed extensions, none.
pub(crate) fn extensions() -> Field {
    Field::new("extensions", TypeRef::named_nn_list_nn("directus_extensions"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let list = crate::service::extensions::list(&g.app, &g.acc).map_err(gql_error)?;
            let items = list.as_array().cloned().unwrap_or_default();
            Ok(Some(FieldValue::list(items.into_iter().map(FieldValue::owned_any))))
        })
    })
}

/// `server_info: server_info`, the same facts as `GET /server/info` (the
/// schema offers the fields GraphQL has).
pub(crate) fn server_info() -> Field {
    Field::new("server_info", TypeRef::named("server_info"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            Ok(Some(FieldValue::owned_any(server::info(&g.app, &g.acc))))
        })
    })
}

/// `server_health: JSON`: FORBIDDEN without a user or role.
pub(crate) fn server_health() -> Field {
    Field::new("server_health", TypeRef::named("JSON"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let body = server::health(&g.acc).map_err(gql_error)?;
            Ok(Some(FieldValue::value(GqlValue::from_json(body).unwrap_or_default())))
        })
    })
}

/// `server_specs_graphql(scope)`: the SDL of a scope for the caller.
pub(crate) fn server_specs_graphql() -> Field {
    Field::new("server_specs_graphql", TypeRef::named(TypeRef::STRING), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let scope = match args_of(&ctx).get("scope").and_then(Value::as_str) {
                Some("system") => Scope::System,
                _ => Scope::Items,
            };
            let sdl = exec::sdl(&g.app, &g.schemas, &g.acc, scope).map_err(gql_error)?;
            Ok(Some(FieldValue::value(sdl)))
        })
    })
}

/// `server_specs_oas`: the OpenAPI document of `/server/specs/oas` (Directus
/// passes no host here, so the server URL is the configured public URL, `/`).
pub(crate) fn server_specs_oas() -> Field {
    Field::new("server_specs_oas", TypeRef::named("JSON"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let doc = openapi::document(&g.app, &g.acc, "/");
            Ok(Some(FieldValue::value(GqlValue::from_json(doc).unwrap_or_default())))
        })
    })
}

/// Which part of a schema list a root field returns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Pick {
    All,
    Collection,
    One,
}

/// A string argument; the schema declares `collection` and `field` non-null
/// where a mutation needs them, so `""` only stands for one it ignores.
fn arg_str(args: &Map<String, Value>, key: &str) -> String {
    args.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// `collections` and `collections_by_name(name)`.
pub(crate) fn collections(name: &str, by_name: bool) -> Field {
    let ty = if by_name {
        TypeRef::named("directus_collections")
    } else {
        TypeRef::named_nn_list_nn("directus_collections")
    };
    Field::new(name, ty, move |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            if by_name {
                let name = arg_str(&args_of(&ctx), "name");
                let value =
                    schema_service::read_collection(&g.app, &g.acc, &name).map_err(gql_error)?;
                return Ok(Some(FieldValue::owned_any(value)));
            }
            let list = schema_service::read_collections(&g.app, &g.acc).map_err(gql_error)?;
            Ok(Some(FieldValue::list(list.into_iter().map(FieldValue::owned_any))))
        })
    })
}

/// `fields`, `fields_in_collection(collection)`, `fields_by_name(collection, field)`.
pub(crate) fn fields(name: &str, pick: Pick) -> Field {
    schema_rows(
        name,
        pick,
        "directus_fields",
        schema_service::read_field,
        schema_service::read_fields,
    )
}

/// `relations`, `relations_in_collection(collection)`, `relations_by_name(collection, field)`.
pub(crate) fn relations(name: &str, pick: Pick) -> Field {
    schema_rows(
        name,
        pick,
        "directus_relations",
        schema_service::read_relation,
        schema_service::read_relations,
    )
}

type ReadOne = fn(&App, &Accountability, &str, &str) -> crate::error::Result<Value>;
type ReadMany = fn(&App, &Accountability, Option<&str>) -> crate::error::Result<Vec<Value>>;

/// A root field over schema rows keyed by (collection, field): all of them,
/// those of one collection, or one, read by the same service REST calls.
fn schema_rows(name: &str, pick: Pick, ty: &str, one: ReadOne, many: ReadMany) -> Field {
    let ty = if pick == Pick::One { TypeRef::named(ty) } else { TypeRef::named_nn_list_nn(ty) };
    Field::new(name, ty, move |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let collection = arg_str(&args, "collection");
            if pick == Pick::One {
                let value = one(&g.app, &g.acc, &collection, &arg_str(&args, "field"))
                    .map_err(gql_error)?;
                return Ok(Some(FieldValue::owned_any(value)));
            }
            let which = (pick == Pick::Collection).then_some(collection.as_str());
            let list = many(&g.app, &g.acc, which).map_err(gql_error)?;
            Ok(Some(FieldValue::list(list.into_iter().map(FieldValue::owned_any))))
        })
    })
}

/// `users_me: directus_users`.
pub(crate) fn users_me() -> Field {
    Field::new("users_me", TypeRef::named(system::USERS), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let Some(user) = g.acc.user.clone() else { return Ok(None) };
            let q = query_of(&ctx, g, system::USERS).map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, system::USERS).map_err(gql_error)?;
            Ok(Some(one(items.read_one(&Value::String(user), &q).map_err(gql_error)?)))
        })
    })
}

/// `update_users_me(data): directus_users`.
pub(crate) fn update_users_me() -> Field {
    Field::new("update_users_me", TypeRef::named(system::USERS), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let Some(user) = g.acc.user.clone() else {
                return Err(gql_error(Error::bare(ErrorCode::InvalidCredentials)));
            };
            let data = arg(&args_of(&ctx), "data");
            let items = Items::new(&g.app, &g.acc, system::USERS).map_err(first_only)?;
            let key = Value::String(user);
            items.update_one(&key, &data).map_err(first_only)?;
            let q = query_of(&ctx, g, system::USERS).map_err(gql_error)?;
            Ok(Some(one(items.read_one(&key, &q).map_err(gql_error)?)))
        })
    })
}

/// `permissions_me`: what `GET /permissions/me` answers, as one JSON scalar
/// (null without a user or role).
pub(crate) fn permissions_me() -> Field {
    Field::new("permissions_me", TypeRef::named("permissions_me_type"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            if g.acc.user.is_none() && g.acc.role.is_none() {
                return Ok(None);
            }
            let access =
                crate::service::system_items::my_permissions(&g.app, &g.acc).map_err(gql_error)?;
            Ok(Some(FieldValue::value(GqlValue::from_json(access)?)))
        })
    })
}

/// `roles_me: [directus_roles]`.
pub(crate) fn roles_me() -> Field {
    Field::new("roles_me", TypeRef::named_list(system::ROLES), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let keys: Vec<Pk> = g.acc.roles.iter().map(|r| Pk::Str(r.as_str().into())).collect();
            let q = query_of(&ctx, g, system::ROLES).map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, system::ROLES).map_err(gql_error)?;
            Ok(Some(rows(items.read_many(&keys, &q).map_err(gql_error)?)))
        })
    })
}

/// `policies_me_globals: {enforce_tfa, app_access, admin_access}`.
pub(crate) fn policies_me_globals() -> Field {
    Field::new("policies_me_globals", TypeRef::named("policy_me_globals_type"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            Ok(Some(FieldValue::owned_any(json!({
                "enforce_tfa": false,
                "app_access": g.acc.app || g.acc.admin,
                "admin_access": g.acc.admin,
            }))))
        })
    })
}

fn mode_of(args: &Map<String, Value>) -> auth_service::Mode {
    args.get("mode")
        .and_then(Value::as_str)
        .and_then(auth_service::Mode::parse)
        .unwrap_or(auth_service::Mode::Json)
}

fn tokens_value(g: &GqlCtx, tokens: &auth_service::Tokens, mode: auth_service::Mode) -> Value {
    let cookie = |name: &str, value: &str, ttl: std::time::Duration| {
        format!("{name}={value}; Max-Age={}; Path=/; HttpOnly; SameSite=Lax", ttl.as_secs())
    };
    let config = &g.app.config;
    let mut set = match g.set_cookies.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    match mode {
        auth_service::Mode::Json => json!({
            "access_token": tokens.access_token,
            "expires": tokens.expires,
            "refresh_token": tokens.refresh_token,
        }),
        auth_service::Mode::Cookie => {
            set.push(cookie(REFRESH_COOKIE, &tokens.refresh_token, config.refresh_token_ttl));
            json!({"access_token": tokens.access_token, "expires": tokens.expires, "refresh_token": null})
        }
        auth_service::Mode::Session => {
            set.push(cookie(SESSION_COOKIE, &tokens.access_token, config.session_cookie_ttl));
            json!({"access_token": null, "expires": tokens.expires, "refresh_token": null})
        }
    }
}

/// `auth_login(email, password, mode, otp): auth_tokens`.
pub(crate) fn auth_login() -> Field {
    Field::new("auth_login", TypeRef::named("auth_tokens"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let mode = mode_of(&args);
            let otp = args.get("otp").and_then(Value::as_str).map(str::to_owned);
            let tokens = auth_service::login(
                &g.app,
                &arg_str(&args, "email"),
                &arg_str(&args, "password"),
                otp.as_deref(),
                mode,
                &g.acc,
            )
            .map_err(gql_error)?;
            Ok(Some(FieldValue::owned_any(tokens_value(g, &tokens, mode))))
        })
    })
}

/// The refresh token of an `auth_refresh` or `auth_logout`, where its mode says it is (12.4
/// looks nowhere else): `json` the `refresh_token` argument, `cookie` the refresh cookie,
/// `session` the session the session cookie's JWT names.
fn refresh_token(g: &GqlCtx, args: &Map<String, Value>) -> Result<String, Error> {
    let cookie = |name: &str| {
        g.cookies.iter().find(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.clone())
    };
    let token = match mode_of(args) {
        auth_service::Mode::Json => args
            .get("refresh_token")
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        auth_service::Mode::Cookie => cookie(REFRESH_COOKIE),
        auth_service::Mode::Session => {
            cookie(SESSION_COOKIE).and_then(|jwt| auth_service::session_of(&g.app, &jwt))
        }
    };
    token.ok_or_else(|| {
        Error::invalid_payload("The refresh token is required in either the payload or cookie")
    })
}

/// After a logout, 12.4 clears each auth cookie the request carried (an empty value with
/// the cookie's usual lifetime).
fn clear_cookies(g: &GqlCtx) {
    let config = &g.app.config;
    let mut set = match g.set_cookies.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    for (name, ttl) in
        [(REFRESH_COOKIE, config.refresh_token_ttl), (SESSION_COOKIE, config.session_cookie_ttl)]
    {
        if g.cookies.iter().any(|(k, v)| k == name && !v.is_empty()) {
            set.push(format!("{name}=; Max-Age={}; Path=/; HttpOnly; SameSite=Lax", ttl.as_secs()));
        }
    }
}

/// `auth_refresh(refresh_token, mode): auth_tokens`.
pub(crate) fn auth_refresh() -> Field {
    Field::new("auth_refresh", TypeRef::named("auth_tokens"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let token = refresh_token(g, &args).map_err(gql_error)?;
            let mode = mode_of(&args);
            let tokens =
                auth_service::refresh(&g.app, &token, mode, g.acc.ip).map_err(gql_error)?;
            Ok(Some(FieldValue::owned_any(tokens_value(g, &tokens, mode))))
        })
    })
}

/// `auth_logout(refresh_token, mode): Boolean`.
pub(crate) fn auth_logout() -> Field {
    Field::new("auth_logout", TypeRef::named(TypeRef::BOOLEAN), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let token = refresh_token(g, &args_of(&ctx)).map_err(gql_error)?;
            auth_service::logout(&g.app, &token, &g.acc).map_err(gql_error)?;
            clear_cookies(g);
            Ok(Some(FieldValue::value(true)))
        })
    })
}

/// `utils_random_string(length): String` (default 32, at most 500).
pub(crate) fn utils_random_string() -> Field {
    Field::new("utils_random_string", TypeRef::named(TypeRef::STRING), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let length = args_of(&ctx).get("length").and_then(Value::as_i64).unwrap_or(32);
            if !(1..=500).contains(&length) {
                return Err(gql_error(Error::invalid_payload(
                    "\"length\" must be between 1 and 500",
                )));
            }
            Ok(Some(FieldValue::value(g.app.ids.token(length.max(1) as usize))))
        })
    })
}

/// `utils_cache_clear: Void`: FORBIDDEN unless admin. The caches are exact
/// (keyed by database generation) and the transports'; the generated schemas
/// stay, as they do for `POST /utils/cache/clear` without `?system`.
pub(crate) fn utils_cache_clear() -> Field {
    Field::new("utils_cache_clear", TypeRef::named("Void"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            utils::clear_cache(&g.acc).map_err(gql_error)?;
            Ok(None::<FieldValue<'_>>)
        })
    })
}

/// `utils_sort(collection, item, to): Boolean`, the service behind `POST /utils/sort`.
pub(crate) fn utils_sort() -> Field {
    Field::new("utils_sort", TypeRef::named(TypeRef::BOOLEAN), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let collection = arg_str(&args, "collection");
            let body = json!({"item": args.get("item"), "to": args.get("to")});
            utils::sort(&g.app, &g.acc, &collection, &body).map_err(gql_error)?;
            Ok(Some(FieldValue::value(true)))
        })
    })
}

/// A global mutation the mock does not implement: a loud error, never a silent success.
pub(crate) fn unsupported(name: &str, ty: &str) -> Field {
    let owned = name.to_owned();
    Field::new(name, TypeRef::named(ty), move |_| {
        let name = owned.clone();
        FieldFuture::new(async move {
            Err::<Option<FieldValue<'_>>, _>(
                async_graphql::Error::new(format!("\"{name}\" is not supported by directus-mock"))
                    .extend_with(|_, e| e.set("code", "SERVICE_UNAVAILABLE")),
            )
        })
    })
}

/// The admin-only schema mutations, backed by `service::schema`.
pub(crate) fn schema_mutation(name: &str, ty: &str) -> Field {
    let owned = name.to_owned();
    Field::new(name, TypeRef::named(ty), move |ctx| {
        let name = owned.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let data = arg(&args, "data");
            let c = arg_str(&args, "collection");
            let f = arg_str(&args, "field");
            let (app, acc) = (&g.app, &g.acc);
            let result = match name.as_str() {
                "create_collections_item" => schema_service::create_collection(app, acc, &data),
                "update_collections_item" => schema_service::update_collection(app, acc, &c, &data),
                "delete_collections_item" => schema_service::delete_collection(app, acc, &c)
                    .map(|_| json!({"collection": c})),
                "create_fields_item" => schema_service::create_field(app, acc, &c, &data),
                "update_fields_item" => schema_service::update_field(app, acc, &c, &f, &data),
                "delete_fields_item" => schema_service::delete_field(app, acc, &c, &f)
                    .map(|_| json!({"collection": c, "field": f})),
                "create_relations_item" => schema_service::create_relation(app, acc, &data),
                "delete_relations_item" => schema_service::delete_relation(app, acc, &c, &f)
                    .map(|_| json!({"collection": c, "field": f})),
                _ => Err(Error::forbidden()),
            };
            Ok(Some(FieldValue::owned_any(result.map_err(first_only)?)))
        })
    })
}
