//! The root fields over collections: reads (list, singleton, by id,
//! aggregated) and mutations (create, update, delete), each one call to the
//! items service with the query its arguments and selection make.

use async_graphql::dynamic::{Field, FieldFuture, FieldValue, ResolverContext, TypeRef};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::{
    GqlCtx, arg, args_of, ctx_of, first_only, gql_error, list_arg, one, query_of, request_context,
    rows, with_env,
};
use crate::error::Error;
use crate::graphql::select;
use crate::query::Query;
use crate::service::items::Items;
use crate::store::Pk;

/// `<c>(filter, sort, limit, offset, page, search): [<c>!]!`.
pub(crate) fn read_list(name: &str, collection: &str) -> Field {
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
pub(crate) fn read_singleton(name: &str, collection: &str) -> Field {
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
pub(crate) fn read_by_id(name: &str, collection: &str, type_name: &str) -> Field {
    let c = collection.to_owned();
    // `<c>_by_version` reads the version's delta as stored (`versionRaw`).
    let raw = name.ends_with("_by_version");
    Field::new(name, TypeRef::named(type_name), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let mut q = query_of(&ctx, g, &c).map_err(gql_error)?;
            q.version_raw = raw && q.version.is_some();
            let items = Items::new(&g.app, &g.acc, &c).map_err(gql_error)?;
            let value = if items.is_singleton() {
                items.read_singleton(&q)
            } else {
                let id = arg(&args_of(&ctx), "id");
                items.read_one(&id, &q)
            };
            Ok(Some(one(value.map_err(gql_error)?)))
        })
    })
}

/// `<c>_aggregated(groupBy, filter, ...)`: the selection names the aggregate functions.
pub(crate) fn read_aggregated(name: &str, collection: &str) -> Field {
    let c = collection.to_owned();
    Field::new(name, TypeRef::named_nn_list_nn(format!("{collection}_aggregated")), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let q = aggregate_query(&ctx, g, &c).map_err(gql_error)?;
            let items = Items::new(&g.app, &g.acc, &c).map_err(gql_error)?;
            let out = aggregate_rows(&items, q).map_err(gql_error)?;
            Ok(Some(FieldValue::list(out.into_iter().map(FieldValue::owned_any))))
        })
    })
}

/// The query of an aggregate field: its arguments, with the aggregate
/// functions its selection names.
fn aggregate_query(
    ctx: &ResolverContext<'_>,
    g: &GqlCtx,
    collection: &str,
) -> Result<Query, Error> {
    let args = args_of(ctx);
    let (schema, dynamic) = request_context::graphql_query(&g.app, &g.acc);
    with_env(ctx, &schema, |env, set| {
        let mut q = select::root_query(env, collection, args, None, &dynamic)?;
        let mut aggregate: IndexMap<String, Vec<String>> = IndexMap::new();
        for (op, subs) in select::aggregate_selection(env, set) {
            aggregate.insert(op, subs);
        }
        q.aggregate = Some(aggregate);
        Ok(q)
    })
}

/// The aggregate rows, with `countAll` and (when grouped) `group` added.
fn aggregate_rows(items: &Items<'_>, mut q: Query) -> Result<Vec<Value>, Error> {
    let count_all = q.aggregate.as_mut().and_then(|a| a.shift_remove("countAll")).is_some();
    let mut out = if q.aggregate.as_ref().is_some_and(|a| !a.is_empty()) {
        items.read_by_query(&q)?
    } else {
        Vec::new()
    };
    if count_all {
        // `countAll` is `count(*)` per group; the engine's `count: ["*"]` computes it.
        let mut counting = q.clone();
        counting.aggregate = Some(IndexMap::from([("count".to_owned(), vec!["*".to_owned()])]));
        let counts = items.read_by_query(&counting)?;
        if out.is_empty() {
            out = counts.iter().map(|count| group_values(count, q.group.as_deref())).collect();
        }
        for (row, count) in out.iter_mut().zip(&counts) {
            if let Value::Object(m) = row {
                m.insert("countAll".into(), count.get("count").cloned().unwrap_or(Value::Null));
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
    Ok(out)
}

/// A row of only the grouping values of an aggregate row (none without `groupBy`).
fn group_values(row: &Value, group: Option<&[String]>) -> Value {
    let mut out = Map::new();
    if let (Some(group), Some(src)) = (group, row.as_object()) {
        for g in group {
            // A function's group (`year(date)`) comes back under its output key (`date_year`).
            let key = crate::query::fields::split_call(g).map_or_else(
                || g.clone(),
                |(f, args)| crate::query::fields::function_output_key(f, args),
            );
            if let Some(v) = src.get(&key) {
                out.insert(key, v.clone());
            }
        }
    }
    Value::Object(out)
}

fn has_selection(ctx: &ResolverContext<'_>) -> bool {
    !ctx.ctx.item.node.selection_set.node.items.is_empty()
}

/// `create_<c>_item(data)` and `create_<c>_items(data, ...query)`.
pub(crate) fn create(name: &str, collection: &str, many: bool, readable: bool) -> Field {
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
            let args = args_of(&ctx);
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            if many {
                let list = list_arg(&args, "data");
                let keys = items.create_many(&list).map_err(first_only)?;
                if !readable || !has_selection(&ctx) {
                    return Ok(Some(FieldValue::value(true)));
                }
                let q = query_of(&ctx, g, &c).map_err(gql_error)?;
                Ok(Some(rows(items.read_many(&keys, &q).map_err(gql_error)?)))
            } else {
                let key = items.create_one(&arg(&args, "data")).map_err(first_only)?;
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
pub(crate) enum UpdateKind {
    One,
    Many,
    Batch,
}

/// `update_<c>_item(id, data)`, `update_<c>_items(ids, data)`, `update_<c>_batch(data)`.
pub(crate) fn update(name: &str, collection: &str, kind: UpdateKind, readable: bool) -> Field {
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
            let data = arg(&args, "data");
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            let keys: Vec<Pk> = match kind {
                UpdateKind::One => {
                    vec![items.update_one(&arg(&args, "id"), &data).map_err(first_only)?]
                }
                UpdateKind::Many => {
                    items.update_many(&list_arg(&args, "ids"), &data).map_err(first_only)?
                }
                UpdateKind::Batch => {
                    items.update_batch(&list_arg(&args, "data")).map_err(first_only)?
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
pub(crate) fn update_singleton(name: &str, collection: &str, readable: bool) -> Field {
    let c = collection.to_owned();
    let ty = if readable { TypeRef::named(collection) } else { TypeRef::named(TypeRef::BOOLEAN) };
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let data = arg(&args_of(&ctx), "data");
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
pub(crate) fn delete(name: &str, collection: &str, many: bool) -> Field {
    let c = collection.to_owned();
    let ty = TypeRef::named(if many { "delete_many" } else { "delete_one" });
    Field::new(name, ty, move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let g = ctx_of(&ctx)?;
            let args = args_of(&ctx);
            let items = Items::new(&g.app, &g.acc, &c).map_err(first_only)?;
            // An `ID` argument is a string to Directus (graphql-js coerces `4` to
            // "4"), and a delete passes the keys on as given: realtime's delete
            // events carry them so.
            if many {
                let ids: Vec<Value> = list_arg(&args, "ids").iter().map(id_string).collect();
                items.delete_many(&ids).map_err(first_only)?;
                Ok(Some(FieldValue::owned_any(json!({ "ids": ids }))))
            } else {
                let id = id_string(&arg(&args, "id"));
                items.delete_one(&id).map_err(first_only)?;
                Ok(Some(FieldValue::owned_any(json!({ "id": id }))))
            }
        })
    })
}

/// An `ID` argument as graphql-js coerces it: a number becomes its string.
fn id_string(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}
