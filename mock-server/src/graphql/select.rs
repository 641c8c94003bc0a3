//! From a GraphQL selection to the Directus query REST would send, and from
//! the rows back to the response's keys.
//!
//! Every selected field is fetched under its response key (an alias when the
//! key differs from the field), so aliased fields with their own arguments
//! each get their own nested level. Nested arguments become `deep`
//! (`_filter`, `_sort`, `_limit`, ...). M2A union fragments become scoped
//! fields (`item:headings.title`), and the junction's collection column is
//! fetched under `<key>#c` so the union's member type is known. Function
//! fields (`published_on_func { year }`) are fetched as `year(published_on)`
//! under `<key>#f#<sub>` and regrouped into an object by [`reshape`].

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::Positioned;
use async_graphql::Value as GqlValue;
use async_graphql::Variables;
use async_graphql::parser::types::{Field, FragmentDefinition, Selection, SelectionSet};
use serde_json::{Map, Value, json};

use crate::error::Result;
use crate::query::operators::{Logical, Quantifier};
use crate::query::{self, DynamicContext, Query};
use crate::schema::{RelKind, Schema};

/// Where the walker finds fragments and variables of the running operation.
pub(crate) struct Env<'a> {
    pub(crate) fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    pub(crate) variables: &'a Variables,
    pub(crate) schema: &'a Schema,
    /// Whether the `filter` arguments of this level's fields read
    /// `<field>_func` as a function. Always, but under `--profile directus-12`:
    /// 12.4 builds `deep` with null-prototype nodes for levels without
    /// arguments, and its function replacement does not walk into those, so
    /// below such a level a `_func` key names an unknown field (FORBIDDEN).
    pub(crate) nested_funcs: bool,
    /// `--profile directus-12`: see [`Env::nested_funcs`].
    pub(crate) quirky_funcs: bool,
    /// A level above has arguments: lodash's merge of its `deep` node copied
    /// the levels below it into plain objects.
    pub(crate) cloned: bool,
}

impl Env<'_> {
    /// The environment of the level below field `f`: under 12.4's quirk, its
    /// filters' functions are read only if `f`'s `deep` node is a plain object
    /// (`f` has arguments or an aliased child with a selection, or a level
    /// above has arguments) and so were the nodes above it.
    fn below(&self, f: &Field) -> Env<'_> {
        let aliased_child = f.selection_set.node.items.iter().any(|i| match &i.node {
            Selection::Field(c) => {
                c.node.alias.is_some() && !c.node.selection_set.node.items.is_empty()
            }
            _ => false,
        });
        let has_args = !f.arguments.is_empty();
        let plain = has_args || aliased_child || self.cloned;
        Env {
            fragments: self.fragments,
            variables: self.variables,
            schema: self.schema,
            nested_funcs: !self.quirky_funcs || (self.nested_funcs && plain),
            quirky_funcs: self.quirky_funcs,
            cloned: self.cloned || has_args,
        }
    }
}

/// Resolves an argument value, substituting variables (missing ones are null).
pub(crate) fn const_value(
    variables: &Variables,
    value: &async_graphql::parser::types::Field,
    name: &str,
) -> Value {
    value
        .arguments
        .iter()
        .find(|(n, _)| n.node.as_str() == name)
        .map(|(_, v)| to_json(variables, &v.node))
        .unwrap_or(Value::Null)
}

/// An argument's AST value as JSON, with variables substituted.
pub(crate) fn to_json(variables: &Variables, value: &async_graphql_value::Value) -> Value {
    let resolved = value.clone().into_const_with(|name| {
        Ok::<_, std::convert::Infallible>(variables.get(&name).cloned().unwrap_or(GqlValue::Null))
    });
    match resolved {
        Ok(v) => v.into_json().unwrap_or(Value::Null),
        Err(never) => match never {},
    }
}

/// The parameters Directus builds for one root field.
#[derive(Debug, Default)]
pub(crate) struct Params {
    pub(crate) fields: Vec<String>,
    pub(crate) alias: Map<String, Value>,
    pub(crate) deep: Map<String, Value>,
}

/// Walks the selection of a field on `collection` into `fields`, `alias` and `deep`.
pub(crate) fn walk(env: &Env<'_>, collection: &str, set: &SelectionSet) -> Params {
    let mut params = Params::default();
    let mut alias = Map::new();
    walk_level(env, collection, set, "", &mut params.fields, &mut alias, &mut params.deep);
    keep_rows_whole(env, collection, "", 0, &mut params.fields, &alias);
    params.alias = alias;
    params.fields.dedup();
    params
}

/// Flattens fragments that do not narrow a union into a list of fields,
/// keeping union fragments with their type condition.
enum Item<'a> {
    Field(&'a async_graphql::parser::types::Field),
    Scoped(String, &'a SelectionSet),
}

fn flatten<'a>(env: &Env<'a>, set: &'a SelectionSet, union: bool, out: &mut Vec<Item<'a>>) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => out.push(Item::Field(&f.node)),
            Selection::InlineFragment(frag) => {
                let cond = frag.node.type_condition.as_ref().map(|t| t.node.on.node.to_string());
                match cond {
                    Some(c) if union && !c.ends_with("_union") => {
                        out.push(Item::Scoped(c, &frag.node.selection_set.node))
                    }
                    _ => flatten(env, &frag.node.selection_set.node, union, out),
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(def) = env.fragments.get(&spread.node.fragment_name.node) {
                    let c = def.node.type_condition.node.on.node.to_string();
                    if union && !c.ends_with("_union") {
                        out.push(Item::Scoped(c, &def.node.selection_set.node));
                    } else {
                        flatten(env, &def.node.selection_set.node, union, out);
                    }
                }
            }
        }
    }
}

fn walk_level(
    env: &Env<'_>,
    collection: &str,
    set: &SelectionSet,
    prefix: &str,
    fields: &mut Vec<String>,
    alias: &mut Map<String, Value>,
    deep: &mut Map<String, Value>,
) {
    let mut items = Vec::new();
    flatten(env, set, false, &mut items);
    for item in items {
        let Item::Field(f) = item else { continue };
        let name = f.name.node.as_str();
        if name.starts_with("__") {
            continue;
        }
        let key = f.alias.as_ref().map(|a| a.node.as_str()).unwrap_or(name);
        let schema = env.schema;
        // Function fields: `<field>_func { year month }`.
        if let Some(base) = name.strip_suffix("_func")
            && schema.field(collection, base).is_some()
            && !f.selection_set.node.items.is_empty()
        {
            let mut subs = Vec::new();
            flatten(env, &f.selection_set.node, false, &mut subs);
            for sub in subs {
                let Item::Field(s) = sub else { continue };
                let sub_name = s.name.node.as_str();
                if sub_name.starts_with("__") {
                    continue;
                }
                let sub_key = s.alias.as_ref().map(|a| a.node.as_str()).unwrap_or(sub_name);
                let expr = if sub_name == "json" {
                    let path = const_value(env.variables, s, "path");
                    format!("json({base}, {})", path.as_str().unwrap_or_default())
                } else {
                    format!("{sub_name}({base})")
                };
                let internal = format!("{key}#f#{sub_key}");
                alias.insert(internal.clone(), Value::String(expr));
                fields.push(format!("{prefix}{internal}"));
            }
            continue;
        }
        if key != name {
            alias.insert(key.to_owned(), Value::String(name.to_owned()));
        }
        let rel = schema.rel(collection, name).cloned();
        let has_children = !f.selection_set.node.items.is_empty();
        match rel {
            Some(RelKind::A2o { collection_field, allowed }) if has_children => {
                let internal = format!("{key}#c");
                alias.insert(internal.clone(), Value::String(collection_field.clone()));
                fields.push(format!("{prefix}{internal}"));
                let mut scoped = Vec::new();
                flatten(env, &f.selection_set.node, true, &mut scoped);
                let mut any = false;
                for s in scoped {
                    let Item::Scoped(member, member_set) = s else { continue };
                    if !allowed.contains(&member) {
                        continue;
                    }
                    any = true;
                    let child_prefix = format!("{prefix}{key}:{member}.");
                    let deep_key = format!("{key}:{member}");
                    let (child_alias, child_deep) =
                        walk_child(env, &member, member_set, &child_prefix, fields);
                    merge_deep(deep, &deep_key, child_alias, child_deep, Map::new());
                }
                if !any {
                    // Only `__typename`: the key tells the member type.
                    for member in &allowed {
                        fields.push(format!("{prefix}{key}:{member}.{}", schema.pk_of(member)));
                    }
                }
            }
            Some(RelKind::M2o { related }) | Some(RelKind::O2m { related, .. }) if has_children => {
                let child_prefix = format!("{prefix}{key}.");
                let (child_alias, child_deep) = walk_child(
                    &env.below(f),
                    &related,
                    &f.selection_set.node,
                    &child_prefix,
                    fields,
                );
                let mut args = Map::new();
                for (arg, value) in &f.arguments {
                    let v = to_json(env.variables, &value.node);
                    if v.is_null() {
                        continue;
                    }
                    let v = if arg.node.as_str() == "filter" {
                        convert_filter(schema, &related, v, env.nested_funcs)
                    } else {
                        v
                    };
                    args.insert(format!("_{}", arg.node), v);
                }
                merge_deep(deep, key, child_alias, child_deep, args);
            }
            _ => fields.push(format!("{prefix}{key}")),
        }
    }
}

/// One nested level: its fields under `prefix`, and its own alias and deep
/// maps. A level that selects nothing REST can read (only `__typename`)
/// still fetches its key, so the related item is there.
fn walk_child(
    env: &Env<'_>,
    collection: &str,
    set: &SelectionSet,
    prefix: &str,
    fields: &mut Vec<String>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut alias = Map::new();
    let mut deep = Map::new();
    let before = fields.len();
    walk_level(env, collection, set, prefix, fields, &mut alias, &mut deep);
    if fields.len() == before {
        fields.push(format!("{prefix}{}", env.schema.pk_of(collection)));
    }
    keep_rows_whole(env, collection, prefix, before, fields, &alias);
    (alias, deep)
}

/// A level whose fields are all aliases (function fields alone,
/// `published_on_func { week }`) would collapse each row to its key, as a
/// REST read with only aliased fields does; Directus' GraphQL selects
/// function fields directly, so the key is fetched beside them and the rows
/// stay objects (the extra key is not in the response's selection).
fn keep_rows_whole(
    env: &Env<'_>,
    collection: &str,
    prefix: &str,
    from: usize,
    fields: &mut Vec<String>,
    alias: &Map<String, Value>,
) {
    let own: Vec<&str> = fields[from..]
        .iter()
        .filter_map(|f| f.strip_prefix(prefix))
        .filter(|f| !f.contains('.'))
        .collect();
    let nested =
        fields[from..].iter().any(|f| f.strip_prefix(prefix).is_some_and(|f| f.contains('.')));
    if !own.is_empty() && !nested && own.iter().all(|f| alias.contains_key(*f)) {
        fields.push(format!("{prefix}{}", env.schema.pk_of(collection)));
    }
}

fn merge_deep(
    deep: &mut Map<String, Value>,
    key: &str,
    alias: Map<String, Value>,
    children: Map<String, Value>,
    args: Map<String, Value>,
) {
    if alias.is_empty() && children.is_empty() && args.is_empty() {
        return;
    }
    let mut level = Map::new();
    if !alias.is_empty() {
        level.insert("_alias".into(), Value::Object(alias));
    }
    level.extend(args);
    level.extend(children);
    deep.insert(key.to_owned(), Value::Object(level));
}

/// GraphQL filter spellings to REST ones: `<field>_func: {year: ...}` becomes
/// `year(<field>)`, and an M2A junction's `item__<collection>` becomes `item:<collection>`.
pub(crate) fn graphql_filter(schema: &Schema, collection: &str, filter: Value) -> Value {
    convert_filter(schema, collection, filter, true)
}

/// [`graphql_filter`], leaving `<field>_func` keys as they are unless `funcs`.
fn convert_filter(schema: &Schema, collection: &str, filter: Value, funcs: bool) -> Value {
    let graphql_filter = |schema: &Schema, collection: &str, filter: Value| {
        convert_filter(schema, collection, filter, funcs)
    };
    let Value::Object(map) = filter else { return filter };
    let mut out = Map::new();
    for (key, value) in map {
        if Logical::parse(&key).is_some() {
            let list = match value {
                Value::Array(items) => Value::Array(
                    items.into_iter().map(|i| graphql_filter(schema, collection, i)).collect(),
                ),
                other => other,
            };
            out.insert(key, list);
            continue;
        }
        if let Some(base) = key.strip_suffix("_func")
            && funcs
            && let Value::Object(inner) = &value
            && inner.len() == 1
            && let Some((func, ops)) = inner.iter().next()
        {
            out.insert(format!("{func}({base})"), ops.clone());
            continue;
        }
        if let Some((field, member)) = key.split_once("__")
            && let Some(RelKind::A2o { allowed, .. }) = schema.rel(collection, field)
            && allowed.iter().any(|a| a == member)
        {
            out.insert(format!("{field}:{member}"), graphql_filter(schema, member, value));
            continue;
        }
        let nested = match schema.rel(collection, &key) {
            Some(RelKind::M2o { related }) | Some(RelKind::O2m { related, .. }) => {
                let related = related.clone();
                match value {
                    Value::Object(m) => {
                        let mut inner = Map::new();
                        for (k, v) in m {
                            if Quantifier::parse(&k).is_some() {
                                inner.insert(k, graphql_filter(schema, &related, v));
                            } else {
                                inner.insert(k.clone(), v);
                            }
                        }
                        graphql_filter(schema, &related, Value::Object(inner))
                    }
                    other => other,
                }
            }
            _ => value,
        };
        out.insert(key, nested);
    }
    Value::Object(out)
}

/// The Directus query for a root field: its arguments (sanitized and
/// validated as REST's) plus the fields, aliases and deep levels of its selection.
pub(crate) fn root_query(
    env: &Env<'_>,
    collection: &str,
    args: Map<String, Value>,
    set: Option<&SelectionSet>,
    dynamic: &DynamicContext,
) -> Result<Query> {
    let mut raw = Map::new();
    for (k, v) in args {
        if v.is_null()
            || !matches!(
                k.as_str(),
                "filter" | "sort" | "limit" | "offset" | "page" | "search" | "groupBy" | "version"
            )
        {
            continue;
        }
        let v = if k == "filter" { graphql_filter(env.schema, collection, v) } else { v };
        raw.insert(k, v);
    }
    let mut q = query::sanitize(&raw, dynamic)?;
    if let Some(set) = set {
        let params = walk(env, collection, set);
        if !params.fields.is_empty() {
            q.fields = Some(params.fields);
        }
        if !params.alias.is_empty() {
            q.alias = Some(params.alias);
        }
        if !params.deep.is_empty() {
            let deep_query = query::sanitize(
                &Map::from_iter([("deep".to_owned(), Value::Object(params.deep))]),
                dynamic,
            )?;
            q.deep = deep_query.deep;
        }
    }
    query::validate(&q)?;
    Ok(q)
}

/// Regroups function results (`<key>#f#<sub>`) into objects, at every level.
pub(crate) fn reshape(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(reshape).collect()),
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if let Some((key, sub)) = k.split_once("#f#") {
                    let entry = out.entry(key.to_owned()).or_insert_with(|| json!({}));
                    if let Value::Object(m) = entry {
                        m.insert(sub.to_owned(), v);
                    }
                } else {
                    out.insert(k, reshape(v));
                }
            }
            Value::Object(out)
        }
        other => other,
    }
}

/// The aggregate functions a `<c>_aggregated` selection names, with their fields.
pub(crate) fn aggregate_selection(env: &Env<'_>, set: &SelectionSet) -> Vec<(String, Vec<String>)> {
    let mut items = Vec::new();
    flatten(env, set, false, &mut items);
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for item in items {
        let Item::Field(f) = item else { continue };
        let op = f.name.node.as_str();
        if op.starts_with("__") || op == "group" {
            continue;
        }
        let mut subs = Vec::new();
        flatten(env, &f.selection_set.node, false, &mut subs);
        let mut fields: Vec<String> = subs
            .into_iter()
            .filter_map(|s| match s {
                Item::Field(s) if !s.name.node.starts_with("__") => Some(s.name.node.to_string()),
                _ => None,
            })
            .collect();
        if op == "countAll" {
            fields = vec!["*".into()];
        }
        match out.iter_mut().find(|(o, _)| o == op) {
            Some((_, existing)) => existing.extend(fields),
            None => out.push((op.to_owned(), fields)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    fn m2a_schema() -> Schema {
        use crate::schema::{DeselectAction, Relation};
        let rel = Relation {
            collection: "pages_sections".into(),
            field: "item".into(),
            related_collection: None,
            one_field: None,
            one_collection_field: Some("collection".into()),
            one_allowed_collections: Some(vec!["headings".into(), "paragraphs".into()]),
            junction_field: Some("pages_id".into()),
            sort_field: None,
            one_deselect_action: DeselectAction::Nullify,
            on_delete: None,
            has_meta: true,
        };
        Schema::new(Default::default(), vec![rel])
    }

    #[test]
    fn graphql_filters_become_rest_filters() {
        let schema = m2a_schema();
        let check = |input: Value, expected: Value| {
            assert_eq!(graphql_filter(&schema, "pages_sections", input), expected);
        };
        check(
            json!({"published_on_func": {"year": {"_eq": 2024}}}),
            json!({"year(published_on)": {"_eq": 2024}}),
        );
        check(
            json!({"item__headings": {"title": {"_eq": "Welcome"}}}),
            json!({"item:headings": {"title": {"_eq": "Welcome"}}}),
        );
        check(
            json!({"_or": [{"item__nope": {"a": {"_eq": 1}}}, {"id": {"_eq": 1}}]}),
            json!({"_or": [{"item__nope": {"a": {"_eq": 1}}}, {"id": {"_eq": 1}}]}),
        );
    }

    #[test]
    fn function_results_are_regrouped() {
        assert_eq!(
            reshape(json!([{"id": 1, "d#f#year": 2024, "d#f#month": 1, "a": {"x#f#count": 2}}])),
            json!([{"id": 1, "d": {"year": 2024, "month": 1}, "a": {"x": {"count": 2}}}])
        );
    }
}
