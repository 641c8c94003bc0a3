//! Relations through `/relations`: a relation row and, for a many-to-one,
//! the foreign key the database makes for it.

use serde_json::Value;

use super::{require_admin, with_schema};
use crate::error::{Error, QueriedIn, Result};
use crate::schema::{DeselectAction, OnDelete, Relation, Schema};
use crate::service::{Accountability, App};
use crate::store::Db;
use crate::vendor::Vendor;

/// Builds a relation from a `POST /relations` payload, checking it against the schema.
fn parse_relation(schema: &Schema, payload: &Value, vendor: Vendor) -> Result<Relation> {
    let collection = payload
        .get("collection")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_payload("\"collection\" is required"))?;
    let field = payload
        .get("field")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_payload("\"field\" is required"))?;
    let related = payload.get("related_collection").and_then(Value::as_str).map(str::to_owned);
    let Some(coll) = schema.collection(collection) else {
        return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
    };
    if !coll.fields.contains_key(field) {
        return Err(Error::invalid_payload(format!(
            "Field \"{field}\" doesn't exist in collection \"{collection}\""
        )));
    }
    if schema.relation(collection, field).is_some() {
        return Err(Error::invalid_payload(format!(
            "Field \"{field}\" in collection \"{collection}\" already has an associated relationship"
        )));
    }
    if let Some(r) = &related
        && schema.collection(r).is_none()
    {
        return Err(Error::collection_forbidden(r, &QueriedIn(None)));
    }
    let meta = payload.get("meta").and_then(Value::as_object).cloned().unwrap_or_default();
    let text = |k: &str| meta.get(k).and_then(Value::as_str).map(str::to_owned);
    let on_delete = match payload.get("schema") {
        Some(Value::Object(s)) => match s.get("on_delete").and_then(Value::as_str) {
            Some(raw) => Some(OnDelete::parse(raw).ok_or_else(|| {
                Error::invalid_payload("\"schema.on_delete\" must be one of [NO ACTION, SET NULL, SET DEFAULT, CASCADE, RESTRICT]")
            })?),
            None => Some(vendor.default_on_delete()),
        },
        _ if related.is_some() => Some(vendor.default_on_delete()),
        _ => None,
    };
    Ok(Relation {
        collection: collection.into(),
        field: field.into(),
        related_collection: related.clone(),
        one_field: text("one_field"),
        one_collection_field: text("one_collection_field"),
        one_allowed_collections: meta
            .get("one_allowed_collections")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
        junction_field: text("junction_field"),
        sort_field: text("sort_field"),
        one_deselect_action: if text("one_deselect_action").as_deref() == Some("delete") {
            DeselectAction::Delete
        } else {
            DeselectAction::Nullify
        },
        on_delete: if related.is_some() { on_delete } else { None },
        has_meta: true,
    })
}

/// `GET /relations` (optionally of one collection).
pub(crate) fn read_relations(
    app: &App,
    acc: &Accountability,
    collection: Option<&str>,
) -> Result<Vec<Value>> {
    let db = app.store.snapshot();
    let access = acc.access(&db);
    Ok(db
        .schema
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| collection.is_none_or(|c| r.collection == c))
        .filter(|(_, r)| acc.admin || access.can(&r.collection, crate::engine::Action::Read))
        .map(|(i, _)| db.vendor.foreign_key_info(db.schema.relation_json(i)))
        .collect())
}

pub(crate) fn read_relation(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
) -> Result<Value> {
    read_relations(app, acc, Some(collection))?
        .into_iter()
        .find(|r| r.get("field").and_then(Value::as_str) == Some(field))
        .ok_or_else(Error::forbidden)
}

/// `POST /relations`.
pub(crate) fn create_relation(app: &App, acc: &Accountability, payload: &Value) -> Result<Value> {
    require_admin(acc)?;
    let (collection, field) = with_schema(app, |schema, db| insert_relation(schema, db, payload))?;
    read_relation(app, acc, &collection, &field)
}

/// Adds a relation from a `POST /relations` payload to a draft schema, with
/// its foreign key (which may change the column's type, or be refused: `Vendor::foreign_key_column`).
pub(in crate::service) fn insert_relation(
    schema: &mut Schema,
    db: &Db,
    payload: &Value,
) -> Result<(String, String)> {
    let rel = parse_relation(schema, payload, db.vendor)?;
    let key = (rel.collection.clone(), rel.field.clone());
    let related_key = rel
        .related_collection
        .as_deref()
        .and_then(|related| schema.collection(related).and_then(|c| c.fields.get(c.pk())).cloned());
    if let (Some(related_key), Some(m2o)) = (related_key, schema.field(&key.0, &key.1)) {
        let on_delete = payload.pointer("/schema/on_delete").and_then(Value::as_str);
        let altered = db.vendor.foreign_key_column(&db.database, m2o, &related_key, on_delete)?;
        if let Some(s) = schema
            .collections
            .get_mut(&key.0)
            .and_then(|c| c.fields.get_mut(&key.1))
            .and_then(|f| f.schema.as_mut())
            .filter(|_| altered.is_some())
        {
            s.data_type = altered;
        }
    }
    schema.relations.push(rel);
    Ok(key)
}

/// `PATCH /relations/:c/:f`: meta and `on_delete`.
pub(crate) fn update_relation(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
    payload: &Value,
) -> Result<Value> {
    require_admin(acc)?;
    with_schema(app, |schema, _| patch_relation(schema, collection, field, payload))?;
    read_relation(app, acc, collection, field)
}

/// Merges a relation payload (meta, `schema.on_delete`) into a relation of a draft schema.
pub(in crate::service) fn patch_relation(
    schema: &mut Schema,
    collection: &str,
    field: &str,
    payload: &Value,
) -> Result<()> {
    let rel = schema
        .relations
        .iter_mut()
        .find(|r| r.collection == collection && r.field == field)
        .ok_or_else(Error::forbidden)?;
    if let Some(Value::Object(meta)) = payload.get("meta") {
        let text = |k: &str| meta.get(k).map(|v| v.as_str().map(str::to_owned));
        if let Some(v) = text("one_field") {
            rel.one_field = v;
        }
        if let Some(v) = text("sort_field") {
            rel.sort_field = v;
        }
        if let Some(v) = text("junction_field") {
            rel.junction_field = v;
        }
        if let Some(Some(v)) = text("one_deselect_action") {
            rel.one_deselect_action =
                if v == "delete" { DeselectAction::Delete } else { DeselectAction::Nullify };
        }
    }
    if let Some(on_delete) =
        payload.pointer("/schema/on_delete").and_then(Value::as_str).and_then(OnDelete::parse)
    {
        rel.on_delete = Some(on_delete);
    }
    Ok(())
}

/// `DELETE /relations/:c/:f`.
pub(crate) fn delete_relation(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
) -> Result<()> {
    require_admin(acc)?;
    with_schema(app, |schema, _| remove_relation(schema, collection, field))
}

/// Removes a relation from a draft schema.
pub(in crate::service) fn remove_relation(
    schema: &mut Schema,
    collection: &str,
    field: &str,
) -> Result<()> {
    let before = schema.relations.len();
    schema.relations.retain(|r| !(r.collection == collection && r.field == field));
    if schema.relations.len() == before {
        return Err(Error::forbidden());
    }
    Ok(())
}
