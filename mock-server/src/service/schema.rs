//! Schema changes through `/collections`, `/fields` and `/relations`, with
//! Directus' payload shapes and errors. Each change builds a new [`Schema`]
//! and publishes it with the rows in one store transaction.

use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::{Accountability, App};
use crate::error::{Error, QueriedIn, Result};
use crate::schema::{
    Collection, Field, FieldSchema, FieldType, Relation, Schema, collection_meta_defaults,
    field_meta_defaults,
};
use crate::store::Db;
use crate::vendor::Vendor;

mod relations;

pub(crate) use relations::{
    create_relation, delete_relation, read_relation, read_relations, update_relation,
};
pub(in crate::service) use relations::{insert_relation, patch_relation, remove_relation};

fn require_admin(acc: &Accountability) -> Result<()> {
    if acc.admin { Ok(()) } else { Err(Error::forbidden()) }
}

/// Parses one field payload (`{field, type, meta, schema}`) for `collection`.
pub(crate) fn parse_field(collection: &str, payload: &Value, vendor: Vendor) -> Result<Field> {
    let name = payload
        .get("field")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::invalid_payload("\"field\" is required"))?;
    let type_name = payload.get("type").and_then(Value::as_str).unwrap_or("alias");
    let ty = FieldType::parse(type_name).ok_or_else(|| {
        Error::invalid_payload(format!(
            "\"type\" must be one of the Directus field types, got \"{type_name}\""
        ))
    })?;
    let mut meta = match payload.get("meta") {
        Some(Value::Object(m)) => {
            let mut m = m.clone();
            m.remove("id");
            m.insert("collection".into(), json!(collection));
            m.insert("field".into(), json!(name));
            Some(m)
        }
        Some(Value::Null) | None => None,
        Some(_) => return Err(Error::invalid_payload("\"meta\" must be of type object")),
    };
    // Directus flags json fields, and on SQLite timestamp fields (its date
    // helper's `fieldFlagForField`; PostgreSQL's and MySQL's have none), giving
    // a field without meta one: such a field is managed after all.
    let flag = match ty {
        FieldType::Json => Some("cast-json"),
        FieldType::Timestamp if vendor == Vendor::Sqlite => Some("cast-timestamp"),
        _ => None,
    };
    if let Some(flag) = flag {
        let m = meta.get_or_insert_with(|| {
            let mut m = Map::new();
            m.insert("collection".into(), json!(collection));
            m.insert("field".into(), json!(name));
            m
        });
        let mut special: Vec<Value> = match m.get("special") {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::String(list)) => list.split(',').map(|s| json!(s.trim())).collect(),
            _ => Vec::new(),
        };
        if !special.iter().any(|s| s.as_str() == Some(flag)) {
            special.push(json!(flag));
        }
        m.insert("special".into(), Value::Array(special));
    }
    let mut schema = match (ty, payload.get("schema")) {
        (FieldType::Alias, _) => None,
        (_, Some(Value::Object(s))) => Some(FieldSchema::from_payload(ty, s)),
        (_, _) => Some(FieldSchema::from_payload(ty, &Map::new())),
    };
    let declared = ty;
    let ty = local_type(vendor, ty, meta.as_ref());
    if let Some(s) = schema.as_mut() {
        match (declared, ty) {
            // A uuid without the uuid special is a char(36) column read as a string.
            (FieldType::Uuid, FieldType::String) => s.data_type = Some("char"),
            // A decimal is a float column: no precision or scale.
            (FieldType::Decimal, FieldType::Float) => {
                s.numeric_precision = None;
                s.numeric_scale = None;
            }
            _ => {}
        }
    }
    let mut field = Field {
        collection: collection.into(),
        name: name.into(),
        ty,
        meta,
        schema,
        foreign_key: None,
    };
    vendor.created_column(&mut field);
    Ok(field)
}

/// The type a field has once created (Directus derives it from the column):
/// a `uuid` without the `uuid`/`file` special is a `char(36)` column, so a
/// `string`, except on PostgreSQL, which has a uuid type; a `decimal` is a
/// `float` column on SQLite only.
fn local_type(vendor: Vendor, ty: FieldType, meta: Option<&Map<String, Value>>) -> FieldType {
    let special = |name: &str| {
        meta.and_then(|m| m.get("special")).is_some_and(|s| match s {
            Value::Array(items) => items.iter().any(|i| i.as_str() == Some(name)),
            Value::String(list) => list.split(',').any(|i| i.trim() == name),
            _ => false,
        })
    };
    match ty {
        FieldType::Uuid if vendor == Vendor::Postgres => FieldType::Uuid,
        FieldType::Uuid if !(special("uuid") || special("file")) => FieldType::String,
        FieldType::Csv if !special("cast-csv") => FieldType::Text,
        FieldType::Hash if !special("hash") => FieldType::String,
        FieldType::Decimal if vendor == Vendor::Sqlite => FieldType::Float,
        other => other,
    }
}

fn auto_id(collection: &str) -> Field {
    let mut meta = Map::new();
    meta.insert("hidden".into(), json!(true));
    meta.insert("readonly".into(), json!(true));
    meta.insert("interface".into(), json!("input"));
    meta.insert("collection".into(), json!(collection));
    meta.insert("field".into(), json!("id"));
    Field {
        collection: collection.into(),
        name: "id".into(),
        ty: FieldType::Integer,
        meta: Some(meta),
        schema: Some(FieldSchema {
            is_primary_key: true,
            has_auto_increment: true,
            is_nullable: false,
            is_unique: false,
            is_indexed: false,
            default_value: Value::Null,
            max_length: None,
            numeric_precision: None,
            numeric_scale: None,
            data_type: None,
        }),
        foreign_key: None,
    }
}

fn check_collection_name(name: &str) -> Result<()> {
    if name.is_empty() || name.trim() != name {
        return Err(Error::invalid_payload("\"collection\" is not allowed to be empty"));
    }
    if name.starts_with("directus_") {
        return Err(Error::invalid_payload("\"collection\" can't start with \"directus_\""));
    }
    if name.contains('/') {
        return Err(Error::invalid_payload("\"collection\" can't contain \"/\""));
    }
    Ok(())
}

/// Builds a collection from a `POST /collections` payload.
pub(crate) fn parse_collection(payload: &Value, vendor: Vendor) -> Result<Collection> {
    let name = payload
        .get("collection")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::invalid_payload("\"collection\" is required"))?
        .to_owned();
    check_collection_name(&name)?;
    let meta = match payload.get("meta") {
        Some(Value::Object(m)) => {
            let mut full = collection_meta_defaults(&name);
            for (k, v) in m {
                full.insert(k.clone(), v.clone());
            }
            full.insert("collection".into(), json!(name));
            Some(full)
        }
        _ => None,
    };
    let has_table = matches!(payload.get("schema"), Some(Value::Object(_)));
    let mut fields = IndexMap::new();
    if has_table {
        if let Some(Value::Array(list)) = payload.get("fields") {
            for f in list {
                let field = parse_field(&name, f, vendor)?;
                fields.insert(field.name.clone(), field);
            }
        }
        if !fields.values().any(|f: &Field| f.is_primary_key()) {
            let mut with_id = IndexMap::new();
            with_id.insert("id".to_owned(), auto_id(&name));
            for (k, v) in fields {
                if k != "id" {
                    with_id.insert(k, v);
                }
            }
            fields = with_id;
        }
    }
    Ok(Collection { name, meta, has_table, fields, system: false })
}

/// Runs a schema change on a draft of the schema, inside one store
/// transaction. Every change is held to the collection cap here, on the
/// finished draft (so a migration that removes one collection as it adds
/// another is judged by its result).
pub(super) fn with_schema<T>(
    app: &App,
    f: impl FnOnce(&mut Schema, &mut Db) -> Result<T>,
) -> Result<T> {
    app.store.write(|db| {
        let before = super::license::active_in(&db.schema);
        let mut schema = (*db.schema).clone();
        let out = f(&mut schema, db)?;
        super::license::check_collections(app, before, &schema)?;
        schema.reindex();
        db.set_schema(schema);
        Ok(out)
    })
}

/// `GET /collections`.
pub(crate) fn read_collections(app: &App, acc: &Accountability) -> Result<Vec<Value>> {
    let db = app.store.snapshot();
    let access = acc.access(&db);
    Ok(db
        .schema
        .collections
        .values()
        .filter(|c| acc.admin || access.can(&c.name, crate::engine::Action::Read) || c.system)
        .map(|c| db.vendor.table_info(&db.database, c.to_json()))
        .collect())
}

pub(crate) fn read_collection(app: &App, acc: &Accountability, name: &str) -> Result<Value> {
    let db = app.store.snapshot();
    let access = acc.access(&db);
    match db.schema.collection(name) {
        Some(c) if acc.admin || access.can(name, crate::engine::Action::Read) => {
            Ok(db.vendor.table_info(&db.database, c.to_json()))
        }
        _ => Err(Error::forbidden()),
    }
}

/// `POST /collections`: the collection, its fields, and its table.
pub(crate) fn create_collection(app: &App, acc: &Accountability, payload: &Value) -> Result<Value> {
    require_admin(acc)?;
    let coll = parse_collection(payload, app.store.snapshot().vendor)?;
    let name = coll.name.clone();
    with_schema(app, |schema, _| insert_collection(schema, coll))?;
    read_collection(app, acc, &name)
}

/// Adds a parsed collection to a draft schema: the name must be free (the
/// collection cap is `with_schema`'s, on the finished draft).
pub(super) fn insert_collection(schema: &mut Schema, coll: Collection) -> Result<()> {
    let name = coll.name.clone();
    if schema.collections.contains_key(&name) {
        return Err(Error::invalid_payload(format!("Collection \"{name}\" already exists")));
    }
    schema.collections.insert(name, coll);
    Ok(())
}

/// `PATCH /collections/:c`: only `meta` changes.
pub(crate) fn update_collection(
    app: &App,
    acc: &Accountability,
    name: &str,
    payload: &Value,
) -> Result<Value> {
    require_admin(acc)?;
    with_schema(app, |schema, _| patch_collection(schema, name, payload))?;
    read_collection(app, acc, name)
}

/// Merges a payload's `meta` into a collection of a draft schema.
pub(super) fn patch_collection(schema: &mut Schema, name: &str, payload: &Value) -> Result<()> {
    let coll = schema.collections.get_mut(name).ok_or_else(Error::forbidden)?;
    if let Some(Value::Object(m)) = payload.get("meta") {
        let meta = coll.meta.get_or_insert_with(|| collection_meta_defaults(name));
        for (k, v) in m {
            meta.insert(k.clone(), v.clone());
        }
    }
    Ok(())
}

/// `DELETE /collections/:c`: the collection, its rows, and every relation touching it.
pub(crate) fn delete_collection(app: &App, acc: &Accountability, name: &str) -> Result<()> {
    require_admin(acc)?;
    with_schema(app, |schema, _| remove_collection(schema, name))
}

/// Removes a collection from a draft schema with every relation touching it
/// (its rows go when the schema is published).
pub(super) fn remove_collection(schema: &mut Schema, name: &str) -> Result<()> {
    if schema.collections.shift_remove(name).is_none() {
        return Err(Error::forbidden());
    }
    let removed: Vec<Relation> = schema
        .relations
        .iter()
        .filter(|r| r.collection == name || r.related_collection.as_deref() == Some(name))
        .cloned()
        .collect();
    schema
        .relations
        .retain(|r| r.collection != name && r.related_collection.as_deref() != Some(name));
    // Alias fields on other collections that pointed through a removed relation go too.
    for r in removed {
        if let (Some(related), Some(one_field)) = (&r.related_collection, &r.one_field)
            && let Some(c) = schema.collections.get_mut(related)
        {
            c.fields.shift_remove(one_field);
        }
    }
    Ok(())
}

/// `GET /fields` or `/fields/:c`.
pub(crate) fn read_fields(
    app: &App,
    acc: &Accountability,
    collection: Option<&str>,
) -> Result<Vec<Value>> {
    let db = app.store.snapshot();
    let access = acc.access(&db);
    if let Some(c) = collection
        && (db.schema.collection(c).is_none()
            || !(acc.admin || access.can(c, crate::engine::Action::Read)))
    {
        return Err(Error::collection_forbidden(c, &QueriedIn(None)));
    }
    let mut out = Vec::new();
    let mut position = 0;
    for coll in db.schema.collections.values() {
        // Directus numbers a collection's managed fields from 1.
        let mut sort = 0;
        for field in coll.fields.values() {
            position += 1;
            sort += usize::from(field.meta.is_some());
            if collection.is_some_and(|c| c != coll.name) {
                continue;
            }
            if !acc.admin && !access.can(&coll.name, crate::engine::Action::Read) {
                continue;
            }
            out.push(db.vendor.column_info(db.vendor.column_types(field.to_json(position, sort))));
        }
    }
    Ok(out)
}

pub(crate) fn read_field(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
) -> Result<Value> {
    let all = read_fields(app, acc, Some(collection))?;
    all.into_iter()
        .find(|f| f.get("field").and_then(Value::as_str) == Some(field))
        .ok_or_else(Error::forbidden)
}

/// `POST /fields/:c`.
pub(crate) fn create_field(
    app: &App,
    acc: &Accountability,
    collection: &str,
    payload: &Value,
) -> Result<Value> {
    require_admin(acc)?;
    let field = parse_field(collection, payload, app.store.snapshot().vendor)?;
    let name = field.name.clone();
    with_schema(app, |schema, db| insert_field(schema, db, collection, field))?;
    read_field(app, acc, collection, &name)
}

/// Adds a parsed field to a collection of a draft schema; existing rows get its default.
pub(super) fn insert_field(
    schema: &mut Schema,
    db: &mut Db,
    collection: &str,
    field: Field,
) -> Result<()> {
    let name = field.name.clone();
    let coll = schema
        .collections
        .get_mut(collection)
        .ok_or_else(|| Error::collection_forbidden(collection, &QueriedIn(None)))?;
    if coll.fields.contains_key(&name) {
        return Err(Error::invalid_payload(format!(
            "Field \"{name}\" already exists in collection \"{collection}\""
        )));
    }
    let default = crate::engine::write::stored_default(&field);
    let is_column = !field.is_alias();
    coll.fields.insert(name.clone(), field);
    if is_column {
        // Existing rows get the column's default.
        let table = db.table_mut(collection);
        let keys: Vec<_> = table.rows.keys().cloned().collect();
        for k in keys {
            if let Some(row) = table.get(&k) {
                let mut row = (**row).clone();
                row.insert(name.clone(), default.clone());
                table.insert(k, row);
            }
        }
    }
    Ok(())
}

/// `PATCH /fields/:c/:f`: meta, schema flags and type.
pub(crate) fn update_field(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
    payload: &Value,
) -> Result<Value> {
    require_admin(acc)?;
    if is_system_field(collection, field) {
        let indexed = system_field_index(payload)?;
        let key = (collection.to_owned(), field.to_owned());
        with_schema(app, |schema, _| {
            if indexed {
                schema.indexed_system_fields.insert(key);
            } else {
                schema.indexed_system_fields.remove(&key);
            }
            Ok(())
        })?;
    } else {
        with_schema(app, |schema, _| patch_field(schema, collection, field, payload))?;
    }
    read_field(app, acc, collection, field)
}

/// `PATCH /fields/:c`: a list of field changes (the app's field sorting), each applied as
/// `PATCH /fields/:c/:f` would be, in order and without a transaction (12.4 keeps the
/// earlier ones when a later one fails); the changed fields in the order given. An empty
/// list is `None` (12.4 answers 204). 12.4 crashes (500) on an element without `field`;
/// the mock answers INVALID_PAYLOAD.
pub(crate) fn update_fields(
    app: &App,
    acc: &Accountability,
    collection: &str,
    payload: &Value,
) -> Result<Option<Vec<Value>>> {
    if app.store.snapshot().schema.collection(collection).is_none() {
        return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
    }
    let list = payload
        .as_array()
        .ok_or_else(|| Error::invalid_payload("Submitted body has to be an array"))?;
    let name = |f: &Value| f.get("field").and_then(Value::as_str).map(str::to_owned);
    for f in list {
        let field = name(f).ok_or_else(|| Error::invalid_payload("\"field\" is required"))?;
        update_field(app, acc, collection, &field, f)?;
    }
    let read = list.iter().filter_map(name).map(|f| read_field(app, acc, collection, &f));
    let fields = read.collect::<Result<Vec<_>>>()?;
    Ok((!fields.is_empty()).then_some(fields))
}

/// A field Directus itself defines on a system collection (not one a user added to it).
fn is_system_field(collection: &str, field: &str) -> bool {
    crate::system::is_system(collection)
        && crate::system::collections()
            .iter()
            .any(|c| c.name == collection && c.fields.contains_key(field))
}

/// The only change 12.4 accepts to a system field: `{"schema": {"is_indexed": bool}}`
/// (beside the field's own name). Anything else is INVALID_PAYLOAD.
fn system_field_index(payload: &Value) -> Result<bool> {
    let invalid =
        || Error::invalid_payload("Only \"schema.is_indexed\" may be modified for system fields");
    let obj = payload.as_object().ok_or_else(invalid)?;
    if obj.keys().any(|k| k != "field" && k != "schema") {
        return Err(invalid());
    }
    let schema = obj.get("schema").and_then(Value::as_object).ok_or_else(invalid)?;
    if schema.len() != 1 {
        return Err(invalid());
    }
    schema.get("is_indexed").and_then(Value::as_bool).ok_or_else(invalid)
}

/// Merges a field payload (meta, type, schema flags) into a field of a draft schema.
pub(super) fn patch_field(
    schema: &mut Schema,
    collection: &str,
    field: &str,
    payload: &Value,
) -> Result<()> {
    let f = schema
        .collections
        .get_mut(collection)
        .and_then(|c| c.fields.get_mut(field))
        .ok_or_else(Error::forbidden)?;
    if let Some(Value::Object(m)) = payload.get("meta") {
        let meta = f.meta.get_or_insert_with(|| field_meta_defaults(collection, field, 0));
        for (k, v) in m {
            if k != "id" {
                meta.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(ty) = payload.get("type").and_then(Value::as_str).and_then(FieldType::parse) {
        f.ty = ty;
    }
    if let (Some(Value::Object(s)), Some(current)) = (payload.get("schema"), f.schema.as_mut()) {
        let merged = FieldSchema::from_payload(f.ty, s);
        if s.contains_key("is_nullable") {
            current.is_nullable = merged.is_nullable;
        }
        if s.contains_key("is_unique") {
            current.is_unique = merged.is_unique;
        }
        if s.contains_key("is_indexed") {
            current.is_indexed = merged.is_indexed;
        }
        if s.contains_key("default_value") {
            current.default_value = merged.default_value;
        }
        if s.contains_key("max_length") {
            current.max_length = merged.max_length;
        }
    }
    Ok(())
}

/// `DELETE /fields/:c/:f`.
pub(crate) fn delete_field(
    app: &App,
    acc: &Accountability,
    collection: &str,
    field: &str,
) -> Result<()> {
    require_admin(acc)?;
    if is_system_field(collection, field) {
        return Err(Error::forbidden());
    }
    with_schema(app, |schema, db| remove_field(schema, db, collection, field))
}

/// Removes a field (its relation, and its values in every row) from a draft schema.
pub(super) fn remove_field(
    schema: &mut Schema,
    db: &mut Db,
    collection: &str,
    field: &str,
) -> Result<()> {
    let coll = schema.collections.get_mut(collection).ok_or_else(Error::forbidden)?;
    if coll.fields.shift_remove(field).is_none() {
        return Err(Error::forbidden());
    }
    schema.relations.retain(|r| !(r.collection == collection && r.field == field));
    for r in schema.relations.iter_mut() {
        if r.related_collection.as_deref() == Some(collection)
            && r.one_field.as_deref() == Some(field)
        {
            r.one_field = None;
        }
    }
    let table = db.table_mut(collection);
    let keys: Vec<_> = table.rows.keys().cloned().collect();
    for k in keys {
        if let Some(row) = table.get(&k) {
            let mut row = (**row).clone();
            row.remove(field);
            table.insert(k, row);
        }
    }
    Ok(())
}

/// Applies a schema snapshot (`{collections, fields, relations}`), as the fixture loader does.
pub(crate) fn apply_snapshot(app: &App, acc: &Accountability, snapshot: &Value) -> Result<()> {
    // A section may be absent (a snapshot without relations); it may not be something else.
    let section = |key: &str| -> Result<&[Value]> {
        match snapshot.get(key) {
            None => Ok(&[]),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(Error::invalid_payload(format!("\"{key}\" must be an array"))),
        }
    };
    let (collections, fields, relations) =
        (section("collections")?, section("fields")?, section("relations")?);
    for c in collections {
        let name = c.get("collection").and_then(Value::as_str);
        let own: Vec<Value> = fields
            .iter()
            .filter(|f| name.is_some() && f.get("collection").and_then(Value::as_str) == name)
            .cloned()
            .collect();
        let mut payload = c.clone();
        if let Value::Object(m) = &mut payload {
            if m.get("schema").is_some_and(|s| !s.is_null()) {
                m.insert("schema".into(), json!({}));
            }
            m.insert("fields".into(), Value::Array(own));
        }
        create_collection(app, acc, &payload)?;
    }
    for r in relations {
        create_relation(app, acc, r)?;
    }
    Ok(())
}
