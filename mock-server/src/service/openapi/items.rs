//! `/items/<c>` and `/items/<c>/{id}`: the operations of a user collection.

use serde_json::{Map, Value, json};

use super::schemas::{pk_type, required_fields};
use crate::engine::{Access, Action};
use crate::schema::{Collection, Schema};

const LIST_PARAMETERS: &[&str] = &[
    "Fields",
    "Filter",
    "Search",
    "Sort",
    "Limit",
    "Offset",
    "Page",
    "Aggregate",
    "GroupBy",
    "Deep",
    "Alias",
    "Export",
    "Version",
    "Backlink",
    "Meta",
];
const UPDATE_PARAMETERS: &[&str] =
    &["Fields", "Filter", "Search", "Sort", "Limit", "Offset", "Page"];

fn refs(names: &[&str]) -> Value {
    Value::Array(
        names.iter().map(|n| json!({"$ref": format!("#/components/parameters/{n}")})).collect(),
    )
}

/// The bodies of a collection's item operations.
struct ItemBodies {
    /// Create and update bodies: one item or a list.
    one_or_many: Value,
    /// What a create answers: the item, or the list of items sent.
    created: Value,
    /// What a list read and a batch update answer (one object for a singleton).
    list: Value,
    /// What a read or update of one item answers.
    one: Value,
}

fn item_bodies(schema: &Schema, coll: &Collection, tag: &str) -> ItemBodies {
    let schema_ref = json!({"$ref": format!("#/components/schemas/{tag}")});
    // Directus writes `type: object` next to the reference where a client reads
    // items; a dotted path on a plain field (`fields=title.foo`) collapses an
    // item to its key.
    let typed_ref = json!({"anyOf": [
        {"type": "object", "$ref": format!("#/components/schemas/{tag}")},
        pk_type(schema, &coll.name),
    ]});
    let required = required_fields(coll);
    let to_create = if required.is_empty() {
        schema_ref.clone()
    } else {
        json!({"allOf": [schema_ref, {"required": required}]})
    };
    let one_or_many = json!({"oneOf": [{"type": "array", "items": to_create}, to_create]});
    let data = |v: &Value| json!({"type": "object", "properties": {"data": v}});
    if coll.singleton() {
        return ItemBodies {
            one_or_many,
            created: data(&schema_ref),
            list: data(&typed_ref),
            one: data(&typed_ref),
        };
    }
    ItemBodies {
        one_or_many,
        created: data(&json!({"oneOf": [{"type": "array", "items": schema_ref}, schema_ref]})),
        list: data(&json!({"type": "array", "items": typed_ref})),
        one: data(&typed_ref),
    }
}

/// `/items/<c>` and `/items/<c>/{id}`, one operation per action the caller holds.
pub(super) fn item_paths(
    paths: &mut Map<String, Value>,
    schema: &Schema,
    access: &Access,
    coll: &Collection,
    tag: &str,
) {
    let bodies = item_bodies(schema, coll, tag);
    let ok = |schema: Option<&Value>| match schema {
        Some(s) => {
            json!({"description": "Successful request", "content": {"application/json": {"schema": s}}})
        }
        None => json!({"description": "Successful request"}),
    };
    let id_param = json!({
        "name": "id", "in": "path", "required": true, "description": "The item's primary key.",
        "schema": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
    });
    let unauthorized = json!({"$ref": "#/components/responses/UnauthorizedError"});
    let not_found = json!({"$ref": "#/components/responses/NotFoundError"});
    let name = &coll.name;
    let mut list = Map::new();
    let mut detail = Map::new();
    let op = |id: String, summary: String, parameters: Value| json!({"summary": summary, "tags": ["Items", tag], "operationId": id, "parameters": parameters});
    if access.can(name, Action::Create) {
        let mut o =
            op(format!("create{tag}"), format!("Create one or more {name} items."), json!([]));
        o["requestBody"] = json!({"content": {"application/json": {"schema": bodies.one_or_many}}});
        o["responses"] = json!({"200": ok(Some(&bodies.created)), "401": unauthorized});
        list.insert("post".into(), o);
    }
    if access.can(name, Action::Read) {
        let mut o = op(format!("read{tag}"), format!("List {name} items."), refs(LIST_PARAMETERS));
        o["security"] = json!([{"Auth": []}]);
        let mut page = bodies.list.clone();
        page["properties"]["meta"] = json!({"$ref": "#/components/schemas/x-metadata"});
        o["responses"] = json!({"200": ok(Some(&page)), "401": unauthorized});
        list.insert("get".into(), o);
        let mut o = op(
            format!("readSingle{tag}"),
            format!("Read one {name} item by its key."),
            json!([{"$ref": "#/components/parameters/Fields"}, {"$ref": "#/components/parameters/Version"}, {"$ref": "#/components/parameters/VersionRaw"}, id_param]),
        );
        o["responses"] =
            json!({"200": ok(Some(&bodies.one)), "401": unauthorized, "404": not_found});
        detail.insert("get".into(), o);
    }
    if access.can(name, Action::Update) {
        let mut o = op(
            format!("update{tag}"),
            format!("Update several {name} items."),
            refs(UPDATE_PARAMETERS),
        );
        o["requestBody"] = json!({"content": {"application/json": {"schema": bodies.one_or_many}}});
        o["responses"] = json!({"200": ok(Some(&bodies.list)), "401": unauthorized});
        list.insert("patch".into(), o);
        let mut o = op(
            format!("updateSingle{tag}"),
            format!("Update one {name} item."),
            json!([{"$ref": "#/components/parameters/Fields"}, id_param]),
        );
        let typed_ref = json!({"type": "object", "$ref": format!("#/components/schemas/{tag}")});
        o["requestBody"] = json!({"content": {"application/json": {"schema": typed_ref}}});
        o["responses"] =
            json!({"200": ok(Some(&bodies.one)), "401": unauthorized, "404": not_found});
        detail.insert("patch".into(), o);
    }
    if access.can(name, Action::Delete) {
        let mut o = op(format!("delete{tag}"), format!("Delete several {name} items."), json!([]));
        o["responses"] = json!({"200": ok(None), "401": unauthorized});
        list.insert("delete".into(), o);
        let mut o =
            op(format!("deleteSingle{tag}"), format!("Delete one {name} item."), json!([id_param]));
        o["responses"] = json!({"200": ok(None), "401": unauthorized, "404": not_found});
        detail.insert("delete".into(), o);
    }
    if !list.is_empty() {
        paths.insert(format!("/items/{name}"), Value::Object(list));
    }
    if !detail.is_empty() {
        paths.insert(format!("/items/{name}/{{id}}"), Value::Object(detail));
    }
}
