//! Resolvers. Root fields turn their selection into one Directus query and
//! call the services (`Items`, `service::schema`, `service::auth`); every
//! nested field then reads its value from the parent's row by response key.

use std::sync::{Arc, Mutex};

use async_graphql::dynamic::{Field, FieldFuture, FieldValue, ResolverContext, TypeRef};
use async_graphql::parser::types::SelectionSet;
use async_graphql::{ErrorExtensions, Value as GqlValue};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::Scope;
use super::select::{self, Env};
use crate::error::{Error, ErrorCode};
use crate::query::Query;
use crate::service::items::Items;
use crate::service::{Accountability, App, auth as auth_service, schema as schema_service};
use crate::store::Pk;
use crate::system;

/// What every resolver of one request needs: the app, the caller, the scope,
/// the request's cookies and the cookies the response must set.
pub struct GqlCtx {
    pub app: Arc<App>,
    pub acc: Accountability,
    pub cookies: Vec<(String, String)>,
    pub set_cookies: Arc<Mutex<Vec<String>>>,
}

/// How a leaf value is serialized.
#[derive(Debug, Clone, Copy)]
pub enum Leaf {
    /// Keys are strings, also for integer keys.
    Id,
    /// Numbers and booleans print as text, as graphql-js' String does.
    Str,
    Int,
    Float,
    Other,
}

/// What a field of an object type holds.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Leaf(Leaf),
    Object,
    List,
    /// An M2A `item`: the member type is in the parent's `<key>#c`.
    Union,
}

/// The mock's error inside a GraphQL error, so the response keeps its code and extensions.
pub fn gql_error(err: Error) -> async_graphql::Error {
    let message = err.first().message.clone();
    let mut out = async_graphql::Error::new_with_source(err);
    out.message = message;
    out
}

/// Only the first error of a failing mutation is reported, as in Directus.
fn first_only(mut err: Error) -> async_graphql::Error {
    err.items.truncate(1);
    gql_error(err)
}

fn ctx_of<'a>(ctx: &ResolverContext<'a>) -> async_graphql::Result<&'a GqlCtx> {
    ctx.data::<GqlCtx>()
}

fn leaf_value(value: &Value, leaf: Leaf) -> GqlValue {
    let converted = match (leaf, value) {
        (Leaf::Id | Leaf::Str, Value::Number(n)) => Value::String(n.to_string()),
        (Leaf::Str, Value::Bool(b)) => Value::String(b.to_string()),
        (Leaf::Id, Value::Array(items)) => Value::Array(
            items
                .iter()
                .map(|v| match v {
                    Value::Number(n) => Value::String(n.to_string()),
                    other => other.clone(),
                })
                .collect(),
        ),
        (Leaf::Int | Leaf::Float, Value::String(s)) => {
            s.parse::<f64>().ok().map(|f| json!(f)).unwrap_or(Value::Null)
        }
        _ => value.clone(),
    };
    GqlValue::from_json(converted).unwrap_or(GqlValue::Null)
}

/// A value whose shape is read from the data (system types).
fn dynamic_value(value: &Value) -> Option<FieldValue<'static>> {
    match value {
        Value::Null => None,
        Value::Object(_) => Some(FieldValue::owned_any(value.clone())),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            Some(FieldValue::list(items.iter().map(|v| FieldValue::owned_any(v.clone()))))
        }
        other => Some(FieldValue::value(GqlValue::from_json(other.clone()).unwrap_or_default())),
    }
}

fn shaped(
    value: &Value,
    shape: Shape,
    discriminator: Option<&Value>,
) -> Option<FieldValue<'static>> {
    if value.is_null() {
        return None;
    }
    match shape {
        Shape::Leaf(leaf) => Some(FieldValue::value(leaf_value(value, leaf))),
        Shape::Object => value.is_object().then(|| FieldValue::owned_any(value.clone())),
        Shape::List => value
            .as_array()
            .map(|items| FieldValue::list(items.iter().map(|v| FieldValue::owned_any(v.clone())))),
        Shape::Union => {
            let member = discriminator.and_then(Value::as_str)?.to_owned();
            value.is_object().then(|| FieldValue::owned_any(value.clone()).with_type(member))
        }
    }
}

/// A field of a generated object type: the parent's value under the
/// response key (or the field name), shaped as declared.
pub fn field(name: &str, ty: TypeRef, shape: Shape) -> Field {
    let owned = name.to_owned();
    Field::new(name, ty, move |ctx| {
        let name = owned.clone();
        FieldFuture::new(async move {
            let parent = ctx.parent_value.try_downcast_ref::<Value>()?;
            let key = ctx.ctx.item.node.response_key().node.as_str();
            let value = parent.get(key).or_else(|| parent.get(&name)).unwrap_or(&Value::Null);
            let discriminator = parent.get(format!("{key}#c"));
            Ok(shaped(value, shape, discriminator))
        })
    })
}

/// A field of a fixed-shape type (aggregates, system types): read by field name.
pub fn by_name(name: &str, ty: TypeRef) -> Field {
    let owned = name.to_owned();
    let scalar = matches!(
        ty.type_name(),
        "JSON" | "String" | "Int" | "Float" | "Boolean" | "ID" | "GraphQLBigInt" | "Date" | "Hash"
    );
    let big_int = ty.type_name() == "GraphQLBigInt";
    Field::new(name, ty, move |ctx| {
        let name = owned.clone();
        FieldFuture::new(async move {
            let parent = ctx.parent_value.try_downcast_ref::<Value>()?;
            let value = parent.get(&name).filter(|v| !v.is_null());
            Ok(match value {
                Some(v) if big_int => Some(FieldValue::value(leaf_value(v, Leaf::Str))),
                Some(v) if scalar => {
                    Some(FieldValue::value(GqlValue::from_json(v.clone()).unwrap_or_default()))
                }
                Some(v) => dynamic_value(v),
                None => None,
            })
        })
    })
}

/// The running operation's fragments, variables and the current schema model.
fn with_env<T>(
    ctx: &ResolverContext<'_>,
    g: &GqlCtx,
    f: impl FnOnce(&Env<'_>, &SelectionSet) -> Result<T, Error>,
) -> Result<T, Error> {
    let db = g.app.store.snapshot();
    let env = Env {
        fragments: &ctx.ctx.query_env.fragments,
        variables: &ctx.ctx.query_env.variables,
        schema: &db.schema,
    };
    f(&env, &ctx.ctx.item.node.selection_set.node)
}

fn args_of(ctx: &ResolverContext<'_>) -> Map<String, Value> {
    let vars = &ctx.ctx.query_env.variables;
    ctx.ctx
        .item
        .node
        .arguments
        .iter()
        .map(|(n, v)| (n.node.to_string(), select::to_json(vars, &v.node)))
        .collect()
}

/// The query of a root field: its arguments plus its selection.
fn query_of(ctx: &ResolverContext<'_>, g: &GqlCtx, collection: &str) -> Result<Query, Error> {
    let args = args_of(ctx);
    let db = g.app.store.snapshot();
    let mut dynamic = g.acc.dynamic_context(&db, g.app.now());
    dynamic.limit_max = g.app.config.query_limit_max;
    with_env(ctx, g, |env, set| {
        let set = (!set.items.is_empty()).then_some(set);
        select::root_query(env, collection, args, set, &dynamic)
    })
}

fn rows(values: Vec<Value>) -> FieldValue<'static> {
    FieldValue::list(values.into_iter().map(|v| FieldValue::owned_any(select::reshape(v))))
}

fn one(value: Value) -> FieldValue<'static> {
    FieldValue::owned_any(select::reshape(value))
}

/// `<c>(filter, sort, limit, offset, page, search): [<c>!]!`.
pub fn read_list(name: &str, collection: &str) -> Field {
    let c = collection.to_owned();
    Field::new(name, TypeRef::named_nn_list_nn(collection), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let q = query_of(&ctx, g, &c).map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, &c).map_err(gql_error)?;
            Ok(Some(rows(items.read_by_query(&q).map_err(gql_error)?)))
        })
    })
}

/// A singleton: `<c>(version: String): <c>`.
pub fn read_singleton(name: &str, collection: &str) -> Field {
    let c = collection.to_owned();
    Field::new(name, TypeRef::named(collection), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let q = query_of(&ctx, g, &c).map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, &c).map_err(gql_error)?;
            Ok(Some(one(items.read_singleton(&q).map_err(gql_error)?)))
        })
    })
}

/// `<c>_by_id(id, version)` and `<c>_by_version(version, id)`.
pub fn read_by_id(name: &str, collection: &str, type_name: &str) -> Field {
    let c = collection.to_owned();
    Field::new(name, TypeRef::named(type_name), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let q = query_of(&ctx, g, &c).map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, &c).map_err(gql_error)?;
            let value = if items.is_singleton() {
                items.read_singleton(&q)
            } else {
                let id = args_of(&ctx).get("id").cloned().unwrap_or(Value::Null);
                items.read_one(&id, &q)
            };
            Ok(Some(one(value.map_err(gql_error)?)))
        })
    })
}

/// `<c>_aggregated(groupBy, filter, ...)`: the selection names the aggregate functions.
pub fn read_aggregated(name: &str, collection: &str) -> Field {
    let c = collection.to_owned();
    Field::new(name, TypeRef::named_nn_list_nn(format!("{collection}_aggregated")), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let db = g.app.store.snapshot();
            let mut dynamic = g.acc.dynamic_context(&db, g.app.now());
            dynamic.limit_max = g.app.config.query_limit_max;
            let q = with_env(&ctx, g, |env, set| {
                let mut q = select::root_query(env, &c, args, None, &dynamic)?;
                let mut aggregate: IndexMap<String, Vec<String>> = IndexMap::new();
                for (op, subs) in select::aggregate_selection(env, set) {
                    aggregate.insert(op, subs);
                }
                q.aggregate = Some(aggregate);
                Ok(q)
            })
            .map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, &c).map_err(gql_error)?;
            let mut q = q;
            let count_all = q.aggregate.as_mut().and_then(|a| a.shift_remove("countAll")).is_some();
            let mut out = if q.aggregate.as_ref().is_some_and(|a| !a.is_empty()) {
                items.read_by_query(&q).map_err(gql_error)?
            } else {
                Vec::new()
            };
            if count_all {
                // `countAll` is `count(*)` per group; the engine's `count: ["*"]` computes it.
                let mut counting = q.clone();
                counting.aggregate =
                    Some(IndexMap::from([("count".to_owned(), vec!["*".to_owned()])]));
                let counts = items.read_by_query(&counting).map_err(gql_error)?;
                if out.is_empty() {
                    out = counts.iter().map(|_| Value::Object(Map::new())).collect();
                    if let Some(group) = &q.group {
                        for (row, count) in out.iter_mut().zip(&counts) {
                            if let (Value::Object(m), Some(src)) = (row, count.as_object()) {
                                for g in group {
                                    if let Some(v) = src.get(g) {
                                        m.insert(g.clone(), v.clone());
                                    }
                                }
                            }
                        }
                    }
                }
                for (row, count) in out.iter_mut().zip(&counts) {
                    if let Value::Object(m) = row {
                        m.insert(
                            "countAll".into(),
                            count.get("count").cloned().unwrap_or(Value::Null),
                        );
                    }
                }
            }
            if q.group.is_some() {
                let mut ops: Vec<String> =
                    q.aggregate.as_ref().map(|a| a.keys().cloned().collect()).unwrap_or_default();
                ops.push("countAll".into());
                for row in &mut out {
                    if let Value::Object(m) = row {
                        let group: Map<String, Value> = m
                            .iter()
                            .filter(|(k, _)| !ops.contains(k))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        m.insert("group".into(), Value::Object(group));
                    }
                }
            }
            Ok(Some(FieldValue::list(out.into_iter().map(FieldValue::owned_any))))
        })
    })
}

fn has_selection(ctx: &ResolverContext<'_>) -> bool {
    !ctx.ctx.item.node.selection_set.node.items.is_empty()
}

/// `create_<c>_item(data)` and `create_<c>_items(data, ...query)`.
pub fn create(name: &str, collection: &str, many: bool, readable: bool) -> Field {
    let c = collection.to_owned();
    let ty = match (readable, many) {
        (false, _) => TypeRef::named(TypeRef::BOOLEAN),
        (true, true) => TypeRef::named_nn_list_nn(collection),
        (true, false) => TypeRef::named(collection),
    };
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let data = args_of(&ctx).get("data").cloned().unwrap_or(Value::Null);
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            if many {
                let list = match data {
                    Value::Array(list) => list,
                    Value::Null => Vec::new(),
                    other => vec![other],
                };
                let keys = items.create_many(&list).map_err(first_only)?;
                if !readable || !has_selection(&ctx) {
                    return Ok(Some(FieldValue::value(true)));
                }
                let q = query_of(&ctx, g, &c).map_err(gql_error)?;
                Ok(Some(rows(items.read_many(&keys, &q).map_err(gql_error)?)))
            } else {
                let key = items.create_one(&data).map_err(first_only)?;
                if !readable || !has_selection(&ctx) {
                    return Ok(Some(FieldValue::value(true)));
                }
                let q = query_of(&ctx, g, &c).map_err(gql_error)?;
                Ok(Some(one(items.read_one(&key.to_value(), &q).map_err(gql_error)?)))
            }
        })
    })
}

/// Which update mutation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UpdateKind {
    One,
    Many,
    Batch,
}

/// `update_<c>_item(id, data)`, `update_<c>_items(ids, data)`, `update_<c>_batch(data)`.
pub fn update(name: &str, collection: &str, kind: UpdateKind, readable: bool) -> Field {
    let c = collection.to_owned();
    let ty = match (readable, kind) {
        (false, _) => TypeRef::named(TypeRef::BOOLEAN),
        (true, UpdateKind::One) => TypeRef::named(collection),
        (true, _) => TypeRef::named_nn_list_nn(collection),
    };
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let data = args.get("data").cloned().unwrap_or(Value::Null);
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            let keys: Vec<Pk> = match kind {
                UpdateKind::One => {
                    let id = args.get("id").cloned().unwrap_or(Value::Null);
                    vec![items.update_one(&id, &data).map_err(first_only)?]
                }
                UpdateKind::Many => {
                    let ids =
                        args.get("ids").and_then(Value::as_array).cloned().unwrap_or_default();
                    items.update_many(&ids, &data).map_err(first_only)?
                }
                UpdateKind::Batch => {
                    let list = data.as_array().cloned().unwrap_or_default();
                    items.update_batch(&list).map_err(first_only)?
                }
            };
            if !readable || !has_selection(&ctx) {
                return Ok(Some(FieldValue::value(true)));
            }
            let q = query_of(&ctx, g, &c).map_err(gql_error)?;
            if kind == UpdateKind::One {
                let key = keys.first().map(Pk::to_value).unwrap_or(Value::Null);
                return Ok(Some(one(items.read_one(&key, &q).map_err(gql_error)?)));
            }
            Ok(Some(rows(items.read_many(&keys, &q).map_err(gql_error)?)))
        })
    })
}

/// `update_<singleton>(data)`: an upsert.
pub fn update_singleton(name: &str, collection: &str, readable: bool) -> Field {
    let c = collection.to_owned();
    let ty = if readable { TypeRef::named(collection) } else { TypeRef::named(TypeRef::BOOLEAN) };
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let data = args_of(&ctx).get("data").cloned().unwrap_or(Value::Null);
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            items.upsert_singleton(&data).map_err(first_only)?;
            if !readable || !has_selection(&ctx) {
                return Ok(Some(FieldValue::value(true)));
            }
            let q = query_of(&ctx, g, &c).map_err(gql_error)?;
            Ok(Some(one(items.read_singleton(&q).map_err(gql_error)?)))
        })
    })
}

/// `delete_<c>_item(id): delete_one` and `delete_<c>_items(ids): delete_many`.
pub fn delete(name: &str, collection: &str, many: bool) -> Field {
    let c = collection.to_owned();
    let ty = TypeRef::named(if many { "delete_many" } else { "delete_one" });
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            if many {
                let ids = args.get("ids").and_then(Value::as_array).cloned().unwrap_or_default();
                items.delete_many(&ids).map_err(first_only)?;
                Ok(Some(FieldValue::owned_any(json!({ "ids": ids }))))
            } else {
                let id = args.get("id").cloned().unwrap_or(Value::Null);
                items.delete_one(&id).map_err(first_only)?;
                Ok(Some(FieldValue::owned_any(json!({ "id": id }))))
            }
        })
    })
}

// ----- system scope -----

fn admin() -> Accountability {
    Accountability { admin: true, ..Accountability::default() }
}

/// `server_ping: String`.
pub fn server_ping() -> Field {
    Field::new("server_ping", TypeRef::named(TypeRef::STRING), |_| {
        FieldFuture::from_value(Some(GqlValue::from("pong")))
    })
}

/// `server_info: server_info`, the same facts as `GET /server/info`.
pub fn server_info() -> Field {
    Field::new("server_info", TypeRef::named("server_info"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let settings = Items::new(&g.app, &admin(), system::SETTINGS)
                .and_then(|items| items.read_singleton(&Query::default()))
                .unwrap_or(Value::Null);
            let s = |k: &str| settings.get(k).cloned().unwrap_or(Value::Null);
            // Stored as SQLite stores booleans (1/0); read back as cast-boolean does.
            let flag =
                |k: &str| crate::engine::values::as_bool(&s(k)).map_or(Value::Null, Value::Bool);
            let mut info = json!({
                "project": {
                    "project_name": s("project_name"),
                    "project_descriptor": null,
                    "project_logo": s("project_logo"),
                    "project_color": s("project_color"),
                    "default_language": s("default_language"),
                    "public_foreground": null,
                    "public_background": null,
                    "public_note": s("public_note"),
                    "custom_css": null,
                    "public_registration": flag("public_registration"),
                    "public_registration_verify_email": flag("public_registration_verify_email"),
                },
                "license": {
                    "source": null,
                    "entitlements": {
                        "production_enabled": true,
                        "ai_translations_enabled": false,
                        "display_powered_by": "DIRECTUS",
                    },
                },
            });
            if (g.acc.user.is_some() || g.acc.role.is_some())
                && let Value::Object(m) = &mut info
            {
                let config = &g.app.config;
                let rate = if config.rate_limiter_enabled {
                    json!({"points": config.rate_limiter_points, "duration": config.rate_limiter_duration})
                } else {
                    json!(false)
                };
                m.insert("rateLimit".into(), rate);
                m.insert("rateLimitGlobal".into(), json!(false));
                m.insert("websocket".into(), json!(false));
                m.insert("queryLimit".into(), crate::http::server::query_limit(config));
            }
            Ok(Some(FieldValue::owned_any(info)))
        })
    })
}

/// `server_health: JSON`: FORBIDDEN without a user or role.
pub fn server_health() -> Field {
    Field::new("server_health", TypeRef::named("JSON"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            if g.acc.user.is_none() && g.acc.role.is_none() {
                return Err(gql_error(Error::forbidden()));
            }
            let body = if g.acc.admin {
                json!({"status": "ok", "releaseId": "12.4.0", "serviceId": "directus-mock", "checks": {}})
            } else {
                json!({"status": "ok"})
            };
            Ok(Some(FieldValue::value(GqlValue::from_json(body).unwrap_or_default())))
        })
    })
}

/// `server_specs_graphql(scope)`: the SDL of a scope for the caller.
pub fn server_specs_graphql() -> Field {
    Field::new("server_specs_graphql", TypeRef::named(TypeRef::STRING), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let scope = match args_of(&ctx).get("scope").and_then(Value::as_str) {
                Some("system") => Scope::System,
                _ => Scope::Items,
            };
            let sdl = super::exec::sdl(&g.app, &g.acc, scope).map_err(gql_error)?;
            Ok(Some(FieldValue::value(sdl)))
        })
    })
}

/// `server_specs_oas`: the OpenAPI document of `/server/specs/oas` (Directus
/// passes no host here, so the server URL is the configured public URL, `/`).
pub fn server_specs_oas() -> Field {
    Field::new("server_specs_oas", TypeRef::named("JSON"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let db = g.app.store.snapshot();
            let doc = crate::service::openapi::document(&db, &g.acc, "/");
            Ok(Some(FieldValue::value(GqlValue::from_json(doc).unwrap_or_default())))
        })
    })
}

/// Which part of a schema list a root field returns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pick {
    All,
    Collection,
    One,
}

fn arg_str(args: &Map<String, Value>, key: &str) -> String {
    args.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// `collections` and `collections_by_name(name)`.
pub fn collections(name: &str, by_name: bool) -> Field {
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
pub fn fields(name: &str, pick: Pick) -> Field {
    schema_rows(
        name,
        pick,
        "directus_fields",
        schema_service::read_field,
        schema_service::read_fields,
    )
}

/// `relations`, `relations_in_collection(collection)`, `relations_by_name(collection, field)`.
pub fn relations(name: &str, pick: Pick) -> Field {
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
pub fn users_me() -> Field {
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
pub fn update_users_me() -> Field {
    Field::new("update_users_me", TypeRef::named(system::USERS), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let Some(user) = g.acc.user.clone() else {
                return Err(gql_error(Error::bare(ErrorCode::InvalidCredentials)));
            };
            let data = args_of(&ctx).get("data").cloned().unwrap_or(Value::Null);
            let items = Items::new(&g.app, &g.acc, system::USERS).map_err(first_only)?;
            let key = Value::String(user);
            items.update_one(&key, &data).map_err(first_only)?;
            let q = query_of(&ctx, g, system::USERS).map_err(gql_error)?;
            Ok(Some(one(items.read_one(&key, &q).map_err(gql_error)?)))
        })
    })
}

/// `roles_me: [directus_roles]`.
pub fn roles_me() -> Field {
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
pub fn policies_me_globals() -> Field {
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
            set.push(cookie(
                "directus_refresh_token",
                &tokens.refresh_token,
                config.refresh_token_ttl,
            ));
            json!({"access_token": tokens.access_token, "expires": tokens.expires, "refresh_token": null})
        }
        auth_service::Mode::Session => {
            set.push(cookie(
                "directus_session_token",
                &tokens.access_token,
                config.session_cookie_ttl,
            ));
            json!({"access_token": null, "expires": tokens.expires, "refresh_token": null})
        }
    }
}

/// `auth_login(email, password, mode, otp): auth_tokens`.
pub fn auth_login() -> Field {
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

fn refresh_token(g: &GqlCtx, args: &Map<String, Value>) -> Result<String, Error> {
    let mode = mode_of(args);
    let from_cookie =
        |name: &str| g.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let token = match (args.get("refresh_token").and_then(Value::as_str), mode) {
        (Some(t), _) => Some(t.to_owned()),
        (None, _) => from_cookie("directus_refresh_token"),
    };
    token.ok_or_else(|| {
        Error::invalid_payload("The refresh token is required in either the payload or cookie")
    })
}

/// `auth_refresh(refresh_token, mode): auth_tokens`.
pub fn auth_refresh() -> Field {
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
pub fn auth_logout() -> Field {
    Field::new("auth_logout", TypeRef::named(TypeRef::BOOLEAN), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let token = refresh_token(g, &args_of(&ctx)).map_err(gql_error)?;
            auth_service::logout(&g.app, &token, &g.acc).map_err(gql_error)?;
            Ok(Some(FieldValue::value(true)))
        })
    })
}

/// `utils_random_string(length): String` (default 32, at most 500).
pub fn utils_random_string() -> Field {
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

/// `utils_cache_clear: Void`: nothing is cached; FORBIDDEN unless admin.
pub fn utils_cache_clear() -> Field {
    Field::new("utils_cache_clear", TypeRef::named("Void"), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            crate::service::utils::clear_cache(&g.app, &g.acc, false).map_err(gql_error)?;
            Ok(None::<FieldValue<'_>>)
        })
    })
}

/// `utils_sort(collection, item, to): Boolean`, the service behind `POST /utils/sort`.
pub fn utils_sort() -> Field {
    Field::new("utils_sort", TypeRef::named(TypeRef::BOOLEAN), |ctx| {
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let collection = arg_str(&args, "collection");
            let body = json!({"item": args.get("item"), "to": args.get("to")});
            crate::service::utils::sort(&g.app, &g.acc, &collection, &body).map_err(gql_error)?;
            Ok(Some(FieldValue::value(true)))
        })
    })
}

/// A global mutation the mock does not implement: a loud error, never a silent success.
pub fn unsupported(name: &str, ty: &str) -> Field {
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
pub fn schema_mutation(name: &str, ty: &str) -> Field {
    let owned = name.to_owned();
    Field::new(name, TypeRef::named(ty), move |ctx| {
        let name = owned.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let data = args.get("data").cloned().unwrap_or(Value::Null);
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
