//! Resolvers. Root fields turn their selection into one Directus query and
//! call the services (`Items`, `service::schema`, `service::auth`, ...),
//! never the store; every nested field then reads its value from the
//! parent's row by response key.
//!
//! This module holds what every resolver shares and the fields of generated
//! object types; [`items`] the root fields over collections (reads,
//! aggregates, mutations), [`system`] those of `/graphql/system` (server,
//! schema, the caller's own records, auth, utils).

mod items;
mod system;

use std::sync::{Arc, Mutex};

use async_graphql::Value as GqlValue;
use async_graphql::dynamic::{Field, FieldFuture, FieldValue, ResolverContext, TypeRef};
use async_graphql::parser::types::{Selection, SelectionSet};
use serde_json::{Map, Value, json};

pub(crate) use self::items::{
    UpdateKind, create, delete, read_aggregated, read_by_id, read_list, read_singleton, update,
    update_singleton,
};
pub(crate) use self::system::{
    Pick, auth_login, auth_logout, auth_refresh, collections, extensions, fields, permissions_me,
    policies_me_globals, relations, roles_me, schema_mutation, server_health, server_info,
    server_ping, server_specs_graphql, server_specs_oas, unsupported, update_users_me, users_me,
    utils_cache_clear, utils_random_string, utils_sort,
};
use super::SchemaCache;
use super::select::{self, Env};
use crate::error::Error;
use crate::query::Query;
use crate::schema::Schema;
use crate::service::{Accountability, App, context as request_context};

/// What every resolver of one request needs: the app, the generated schemas
/// (for the SDL field), the caller, the request's cookies and the cookies the
/// response must set.
pub(crate) struct GqlCtx {
    pub(crate) app: Arc<App>,
    pub(crate) schemas: Arc<SchemaCache>,
    pub(crate) acc: Accountability,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) set_cookies: Arc<Mutex<Vec<String>>>,
    /// Paths of objects whose selection holds nothing for their type:
    /// async-graphql answers them null, graphql-js `{}` (`exec::respond`).
    pub(crate) empty_objects: Arc<Mutex<Vec<Vec<String>>>>,
}

/// How a leaf value is serialized.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Leaf {
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
pub(crate) enum Shape {
    Leaf(Leaf),
    Object,
    List,
    /// An M2A `item`: the member type is in the parent's `<key>#c`.
    Union,
}

/// The mock's error inside a GraphQL error, so the response keeps its code and extensions.
pub(crate) fn gql_error(err: Error) -> async_graphql::Error {
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

/// A JSON value as GraphQL's output value.
fn gql_value(value: Value) -> async_graphql::Result<GqlValue> {
    GqlValue::from_json(value).map_err(|e| async_graphql::Error::new(e.to_string()))
}

/// A stored value serialized as a leaf type, as graphql-js serializes it:
/// numeric text is a number for `Int` and `Float` (SQLite keeps text in a
/// numeric column when it does not look like a number), anything else there
/// is a field error.
fn leaf_value(value: &Value, leaf: Leaf) -> async_graphql::Result<GqlValue> {
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
        (Leaf::Int, Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(f)
                if f.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&f) =>
            {
                json!(f as i64)
            }
            Ok(f) if f.fract() == 0.0 => {
                let message =
                    format!("Int cannot represent non 32-bit signed integer value: \"{s}\"");
                return Err(async_graphql::Error::new(message));
            }
            _ => {
                let message = format!("Int cannot represent non-integer value: \"{s}\"");
                return Err(async_graphql::Error::new(message));
            }
        },
        (Leaf::Int, Value::Number(n)) => match n.as_f64() {
            Some(f)
                if f.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&f) =>
            {
                value.clone()
            }
            Some(f) if f.fract() == 0.0 => {
                let message = format!("Int cannot represent non 32-bit signed integer value: {n}");
                return Err(async_graphql::Error::new(message));
            }
            _ => {
                let message = format!("Int cannot represent non-integer value: {n}");
                return Err(async_graphql::Error::new(message));
            }
        },
        // graphql-js serializes a boolean as 1 or 0 for an Int.
        (Leaf::Int, Value::Bool(b)) => json!(i64::from(*b)),
        (Leaf::Float, Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => json!(f),
            _ => {
                let message = format!("Float cannot represent non numeric value: \"{s}\"");
                return Err(async_graphql::Error::new(message));
            }
        },
        _ => value.clone(),
    };
    gql_value(converted)
}

/// A leaf's value, or null with the error at the field's path where graphql-js
/// cannot serialize it (text in an integer column of SQLite, an aggregate of
/// 12.4's that is a date): graphql-js nulls the field itself, where
/// async-graphql would drop it and lose the path.
fn leaf_or_null(
    ctx: &ResolverContext<'_>,
    value: &Value,
    leaf: Leaf,
) -> Option<FieldValue<'static>> {
    match leaf_value(value, leaf) {
        Ok(v) => Some(FieldValue::value(v)),
        Err(e) => {
            ctx.ctx.add_error(ctx.ctx.set_error_path(e.into_server_error(ctx.ctx.item.pos)));
            None
        }
    }
}

/// A value whose shape is read from the data (system types).
fn dynamic_value(value: &Value) -> async_graphql::Result<Option<FieldValue<'static>>> {
    Ok(match value {
        Value::Null => None,
        Value::Object(_) => Some(FieldValue::owned_any(value.clone())),
        Value::Array(items) if items.iter().any(Value::is_object) => {
            Some(FieldValue::list(items.iter().map(|v| FieldValue::owned_any(v.clone()))))
        }
        other => Some(FieldValue::value(gql_value(other.clone())?)),
    })
}

fn shaped(
    value: &Value,
    shape: Shape,
    discriminator: Option<&Value>,
) -> async_graphql::Result<Option<FieldValue<'static>>> {
    if value.is_null() {
        return Ok(None);
    }
    Ok(match shape {
        Shape::Leaf(leaf) => Some(FieldValue::value(leaf_value(value, leaf)?)),
        Shape::Object => value.is_object().then(|| FieldValue::owned_any(value.clone())),
        Shape::List => value
            .as_array()
            .map(|items| FieldValue::list(items.iter().map(|v| FieldValue::owned_any(v.clone())))),
        Shape::Union => {
            // Without its collection (`{key}#c`) an M2A item has no member type: null.
            let Some(member) = discriminator.and_then(Value::as_str) else { return Ok(None) };
            let member = member.to_owned();
            // A member no fragment selects comes back as its bare key: 12.4
            // answers it as an object without fields.
            let object = if value.is_object() { value.clone() } else { Value::Object(Map::new()) };
            Some(FieldValue::owned_any(object).with_type(member))
        }
    })
}

/// A field of a generated object type: the parent's value under the
/// response key (or the field name), shaped as declared.
pub(crate) fn field(name: &str, ty: TypeRef, shape: Shape) -> Field {
    let owned = name.to_owned();
    Field::new(name, ty, move |ctx| {
        let name = owned.clone();
        FieldFuture::new(async move {
            let parent = ctx.parent_value.try_downcast_ref::<Value>()?;
            let key = ctx.ctx.item.node.response_key().node.as_str();
            let value = parent.get(key).or_else(|| parent.get(&name)).unwrap_or(&Value::Null);
            let discriminator = parent.get(format!("{key}#c"));
            if let (Shape::Union, Some(member)) = (shape, discriminator.and_then(Value::as_str))
                && !value.is_null()
                && !selects_for(&ctx, &ctx.ctx.item.node.selection_set.node, member)
            {
                let path = ctx.ctx.path_node.map(|p| p.to_string_vec()).unwrap_or_default();
                ctx_of(&ctx)?.empty_objects.lock().map_err(|_| "poisoned")?.push(path);
            }
            if let Shape::Leaf(leaf) = shape
                && !value.is_null()
            {
                return Ok(leaf_or_null(&ctx, value, leaf));
            }
            shaped(value, shape, discriminator)
        })
    })
}

/// Whether a union's selection selects anything of member type `member`
/// (a field outside fragments is `__typename`, which every member has).
fn selects_for(ctx: &ResolverContext<'_>, set: &SelectionSet, member: &str) -> bool {
    let applies = |cond: Option<&str>, inner: &SelectionSet| match cond {
        Some(c) if c != member && c.ends_with("_union") => selects_for(ctx, inner, member),
        Some(c) => c == member && !inner.items.is_empty(),
        None => selects_for(ctx, inner, member),
    };
    set.items.iter().any(|item| match &item.node {
        Selection::Field(_) => true,
        Selection::InlineFragment(frag) => applies(
            frag.node.type_condition.as_ref().map(|t| t.node.on.node.as_str()),
            &frag.node.selection_set.node,
        ),
        Selection::FragmentSpread(spread) => {
            ctx.ctx.query_env.fragments.get(&spread.node.fragment_name.node).is_some_and(|def| {
                applies(
                    Some(def.node.type_condition.node.on.node.as_str()),
                    &def.node.selection_set.node,
                )
            })
        }
    })
}

/// A field of a fixed-shape type (aggregates, system types): read by field name.
pub(crate) fn by_name(name: &str, ty: TypeRef) -> Field {
    let owned = name.to_owned();
    let scalar = matches!(
        ty.type_name(),
        "JSON" | "String" | "Int" | "Float" | "Boolean" | "ID" | "GraphQLBigInt" | "Date" | "Hash"
    );
    // Int and Float take numbers in text as graphql-js' do (PostgreSQL's counts);
    // a value that cannot be one is null with an error at its path.
    let leaf = match ty.type_name() {
        "GraphQLBigInt" => Some(Leaf::Str),
        "Int" => Some(Leaf::Int),
        "Float" => Some(Leaf::Float),
        _ => None,
    };
    Field::new(name, ty, move |ctx| {
        let name = owned.clone();
        FieldFuture::new(async move {
            let parent = ctx.parent_value.try_downcast_ref::<Value>()?;
            let value = parent.get(&name).filter(|v| !v.is_null());
            match (value, leaf) {
                (Some(v), Some(leaf)) => Ok(leaf_or_null(&ctx, v, leaf)),
                (Some(v), None) if scalar => Ok(Some(FieldValue::value(gql_value(v.clone())?))),
                (Some(v), None) => dynamic_value(v),
                (None, _) => Ok(None),
            }
        })
    })
}

/// The running operation's fragments and variables over the schema model.
fn with_env<T>(
    ctx: &ResolverContext<'_>,
    schema: &Schema,
    f: impl FnOnce(&Env<'_>, &SelectionSet) -> Result<T, Error>,
) -> Result<T, Error> {
    let directus12 = ctx
        .data::<GqlCtx>()
        .is_ok_and(|g| g.app.config.profile == crate::config::Profile::Directus12);
    let env = Env {
        fragments: &ctx.ctx.query_env.fragments,
        variables: &ctx.ctx.query_env.variables,
        schema,
        nested_funcs: true,
        quirky_funcs: directus12,
        cloned: false,
    };
    f(&env, &ctx.ctx.item.node.selection_set.node)
}

/// A root field's arguments as JSON, variables substituted (not coerced:
/// see [`list_arg`]).
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

/// An argument, `null` when absent: the schema declares the required ones
/// non-null, so validation has already refused a request without them, and
/// the services judge a `null` payload of an optional one as Directus does.
fn arg(args: &Map<String, Value>, name: &str) -> Value {
    args.get(name).cloned().unwrap_or(Value::Null)
}

/// A list argument after GraphQL's input coercion: a single value is a list
/// of one (`ids: 1` is `ids: [1]`), an absent or `null` one an empty list.
fn list_arg(args: &Map<String, Value>, name: &str) -> Vec<Value> {
    match arg(args, name) {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// The query of a root field: its arguments plus its selection.
fn query_of(ctx: &ResolverContext<'_>, g: &GqlCtx, collection: &str) -> Result<Query, Error> {
    let args = args_of(ctx);
    let (schema, dynamic) = request_context::graphql_query(&g.app, &g.acc);
    with_env(ctx, &schema, |env, set| {
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
