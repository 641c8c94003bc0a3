//! GraphQL subscriptions (graphql-ws' `subscribe`): a document whose one
//! root field is `<collection>_mutated(event:)` selecting `key`, `event` and
//! `data`. Each published write makes one payload per key, in the shape the
//! selection asks for. `data` is read per key as the subscriber, with the
//! `data` field's selection run as `<collection>_by_id` through [`exec`]
//! (the same services and permissions as any query); an item the subscriber
//! may not read makes no payload, as a read error skips the event in
//! Directus. A delete's `data` is null.

use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, OperationType, Selection, SelectionSet};
use serde_json::{Map, Value, json};

use super::exec::{self, GqlRequest};
use super::mutated_data::{self, Fragments, ReadTree, Walk};
use super::{SchemaCache, Scope};
use crate::engine::write::Change;
use crate::service::{Accountability, App};

/// One entry of the `_mutated` field's selection.
#[derive(Debug, Clone)]
enum Part {
    Key,
    Event,
    Typename,
    /// `data`: the `<collection>_by_id` query that reads it for a key, and
    /// its selection (what [`mutated_data`] masks).
    Data {
        query: String,
        set: SelectionSet,
    },
}

/// A compiled subscription of a connection.
#[derive(Debug, Clone)]
pub(crate) struct Mutated {
    pub(crate) collection: String,
    /// `event:` narrows the actions heard.
    event: Option<String>,
    /// The root field's response key (its alias, or `<collection>_mutated`).
    root: String,
    parts: Vec<(String, Part)>,
    /// What Directus reads of the item (the direct `data` field's fields).
    read: ReadTree,
    fragments: Arc<Fragments>,
    /// The `subscribe` payload's variables.
    variables: Map<String, Value>,
}

/// What a `subscribe` message's payload asks for.
#[derive(Debug)]
pub(crate) enum Compiled {
    /// A subscription to item writes.
    Subscription(Mutated),
    /// A query or mutation: answered once, then complete.
    Once,
    /// A subscription whose execution fails before it starts (a required
    /// variable missing): this body once, then complete, as graphql-ws sends it.
    Failed(Value),
}

/// graphql-ws' error payload: a list of GraphQL errors.
pub(crate) type Errors = Vec<Value>;

fn failed_to_parse() -> Errors {
    vec![json!({"message": "Failed to parse GraphQL document."})]
}

/// Reads a `subscribe` payload's document. Errors are graphql-ws' error payload.
pub(crate) async fn compile(
    app: &Arc<App>,
    schemas: &Arc<SchemaCache>,
    acc: &Accountability,
    query: &str,
    operation_name: Option<&str>,
    variables: Option<&Value>,
) -> Result<Compiled, Errors> {
    if query.len() > 100_000 || exec::count_tokens(query) > exec::TOKEN_LIMIT {
        return Err(failed_to_parse());
    }
    let doc = async_graphql::parser::parse_query(query).map_err(|_| failed_to_parse())?;
    let op = match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => op,
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.iter().find(|(n, _)| n.as_str() == name).map(|(_, op)| op).ok_or_else(|| {
                vec![json!({"message": format!("Unknown operation named \"{name}\".")})]
            })?
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().ok_or_else(failed_to_parse)?
        }
        _ => {
            return Err(vec![json!({
                "message": "Must provide operation name if query contains multiple operations."
            })]);
        }
    };
    if op.node.ty != OperationType::Subscription {
        return Ok(Compiled::Once);
    }
    // A caller who may read no collection has no `Subscription` type: graphql-js
    // validates the document, then execution fails (next, then complete).
    let schema =
        exec::schema_for(app, schemas, acc, Scope::Items).map_err(|_| failed_to_parse())?;
    if schema.registry().subscription_type.is_none() {
        let pos = op.pos;
        return Ok(Compiled::Failed(json!({"errors": [{
            "message": "Schema is not configured to execute subscription operation.",
            "locations": [{"line": pos.line, "column": pos.column}],
        }]})));
    }
    let roots: Vec<_> = op.node.selection_set.node.items.iter().collect();
    let [root] = roots.as_slice() else {
        return Err(vec![
            json!({"message": "Anonymous Subscription must select only one top level field."}),
        ]);
    };
    let Selection::Field(field) = &root.node else {
        return Err(failed_to_parse());
    };
    let name = field.node.name.node.as_str();
    let unknown = || {
        let pos = field.node.name.pos;
        vec![json!({
            "message": format!("Cannot query field \"{name}\" on type \"Subscription\"."),
            "locations": [{"line": pos.line, "column": pos.column}],
        })]
    };
    let collection = name.strip_suffix("_mutated").filter(|c| !c.is_empty()).ok_or_else(unknown)?;
    let given = match variables {
        Some(v @ Value::Object(_)) => async_graphql::Variables::from_json(v.clone()),
        _ => async_graphql::Variables::default(),
    };
    let missing = super::rules::missing_variables(&op.node, &given);
    // The document is validated against the caller's schema (its
    // `Subscription` type has the `_mutated` fields of what it may read).
    let req = GqlRequest {
        query: Some(query.to_owned()),
        variables: variables.filter(|v| v.is_object()).cloned(),
        operation_name: operation_name.map(str::to_owned),
        get: false,
        cookies: Vec::new(),
    };
    let checked =
        exec::execute(Arc::clone(app), Arc::clone(schemas), acc.clone(), Scope::Items, req).await;
    if let Err(e) = checked {
        return Err(match e.first().extensions.get("errors") {
            Some(Value::Array(list)) => list.clone(),
            _ => vec![json!({"message": e.first().message})],
        });
    }
    if !missing.is_empty() {
        let errors: Vec<Value> = missing
            .iter()
            .map(|e| {
                let at: Vec<Value> = e
                    .locations
                    .iter()
                    .map(|p| json!({"line": p.line, "column": p.column}))
                    .collect();
                json!({"message": e.message, "locations": at})
            })
            .collect();
        return Ok(Compiled::Failed(json!({"errors": errors})));
    }
    let event =
        field.node.arguments.iter().find(|(n, _)| n.node.as_str() == "event").and_then(|(_, v)| {
            match &v.node {
                async_graphql_value::Value::Enum(e) => Some(e.to_string()),
                async_graphql_value::Value::String(s) => Some(s.clone()),
                _ => None,
            }
        });
    let fragments = doc.fragments.clone();
    let set = &field.node.selection_set.node;
    let mut parts = Vec::new();
    let flat = Flatten { collection, fragments: &fragments, op: &op.node };
    flat.parts(set, &mut parts, 0)?;
    let read = mutated_data::direct_data(set).map(ReadTree::of).unwrap_or_default();
    let root = field.node.response_key().node.to_string();
    let variables = variables.and_then(Value::as_object).cloned().unwrap_or_default();
    Ok(Compiled::Subscription(Mutated {
        collection: collection.to_owned(),
        event,
        root,
        parts,
        read,
        fragments: Arc::new(fragments),
        variables,
    }))
}

/// Reads a `_mutated` selection into its parts, through fragments.
struct Flatten<'a> {
    collection: &'a str,
    fragments: &'a Fragments,
    op: &'a async_graphql::parser::types::OperationDefinition,
}

impl Flatten<'_> {
    fn parts(
        &self,
        set: &SelectionSet,
        parts: &mut Vec<(String, Part)>,
        depth: usize,
    ) -> Result<(), Errors> {
        if depth > 32 {
            return Err(failed_to_parse());
        }
        for item in &set.items {
            let f = match &item.node {
                Selection::Field(f) => f,
                Selection::InlineFragment(i) => {
                    self.parts(&i.node.selection_set.node, parts, depth + 1)?;
                    continue;
                }
                Selection::FragmentSpread(s) => {
                    let def = self
                        .fragments
                        .get(&s.node.fragment_name.node)
                        .ok_or_else(failed_to_parse)?;
                    self.parts(&def.node.selection_set.node, parts, depth + 1)?;
                    continue;
                }
            };
            let key = f.node.response_key().node.to_string();
            let part = match f.node.name.node.as_str() {
                "key" => Part::Key,
                "event" => Part::Event,
                "__typename" => Part::Typename,
                "data" => {
                    let sub = f.node.selection_set.node.clone();
                    let query =
                        mutated_data::data_query(self.collection, &sub, self.fragments, self.op)
                            .ok_or_else(failed_to_parse)?;
                    Part::Data { query, set: sub }
                }
                other => {
                    let pos = f.node.name.pos;
                    return Err(vec![json!({
                        "message": format!("Cannot query field \"{other}\" on type \"{}_mutated\".", self.collection),
                        "locations": [{"line": pos.line, "column": pos.column}],
                    })]);
                }
            };
            parts.push((key, part));
        }
        Ok(())
    }
}

/// Runs a query as the caller: its `data`, or `None` on any error.
async fn run(
    app: &Arc<App>,
    schemas: &Arc<SchemaCache>,
    acc: &Accountability,
    query: String,
    variables: Value,
) -> Option<Value> {
    let req = GqlRequest {
        query: Some(query),
        variables: Some(variables),
        operation_name: None,
        get: false,
        cookies: Vec::new(),
    };
    let reply =
        exec::execute(Arc::clone(app), Arc::clone(schemas), acc.clone(), Scope::Items, req).await;
    let body = reply.ok()?.body;
    if body.get("errors").is_some() {
        return None;
    }
    body.get("data").cloned()
}

/// Answers a query or mutation sent over the socket: the body of its `next`.
pub(crate) async fn once(
    app: &Arc<App>,
    schemas: &Arc<SchemaCache>,
    acc: &Accountability,
    req: GqlRequest,
) -> Value {
    let reply =
        exec::execute(Arc::clone(app), Arc::clone(schemas), acc.clone(), Scope::Items, req).await;
    match reply {
        Ok(r) => r.body,
        Err(e) => json!({"errors": [{"message": e.first().message}]}),
    }
}

/// A value as JavaScript's `String()` prints it (an `ID`).
fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Mutated {
    /// The `next` payloads a published write makes, one per key the caller may read.
    pub(crate) async fn payloads(
        &self,
        app: &Arc<App>,
        schemas: &Arc<SchemaCache>,
        acc: &Accountability,
        change: &Change,
    ) -> Vec<Value> {
        if change.collection != self.collection
            || self.event.as_deref().is_some_and(|e| e != change.action)
        {
            return Vec::new();
        }
        let mut out = Vec::new();
        'keys: for key in &change.keys {
            let key = js_string(key);
            let mut shaped = Map::new();
            let mut errors = Vec::new();
            for (name, part) in &self.parts {
                let value = match part {
                    Part::Key => json!(key),
                    Part::Event => json!(change.action),
                    Part::Typename => json!(format!("{}_mutated", self.collection)),
                    Part::Data { .. } if change.action == "delete" => Value::Null,
                    Part::Data { query, set } => {
                        let mut vars = self.variables.clone();
                        vars.insert("_mutated_key".into(), json!(key));
                        let read = run(app, schemas, acc, query.clone(), Value::Object(vars)).await;
                        let Some(Value::Object(mut m)) = read else { continue 'keys };
                        let Some(Value::Object(mut item)) = m.remove("item") else {
                            continue 'keys;
                        };
                        let Ok(schema) = exec::schema_for(app, schemas, acc, Scope::Items) else {
                            continue 'keys;
                        };
                        let mut walk = Walk {
                            registry: schema.registry(),
                            fragments: &self.fragments,
                            errors: Vec::new(),
                        };
                        let path = [json!(self.root), json!(name)];
                        let ty = self.collection.as_str();
                        let nulled = walk.mask(set, &mut item, &self.read, ty, &path, 0);
                        errors.append(&mut walk.errors);
                        if nulled { Value::Null } else { Value::Object(item) }
                    }
                };
                shaped.insert(name.clone(), value);
            }
            let mut data = Map::new();
            data.insert(self.root.clone(), Value::Object(shaped));
            if errors.is_empty() {
                out.push(json!({"data": data}));
            } else {
                out.push(json!({"data": data, "errors": errors}));
            }
        }
        out
    }
}
