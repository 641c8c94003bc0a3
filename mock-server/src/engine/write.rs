//! The write pipeline: create, update and delete rows, including nested
//! relational writes, on a draft of the database inside one store
//! transaction. An error anywhere aborts the transaction, so nothing of a
//! failed request is kept.
//!
//! Per item, as Directus does: check access, validate the payload (with
//! presets), write M2O and M2A targets first so their keys exist, cast
//! values, write the row (primary key, unique and foreign-key checks), then
//! write O2M children (basic array form or `create`/`update`/`delete`), then
//! record the item in the activity log of a recorded request
//! ([`super::activity`]), in the same draft.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use super::activity::{self, Log, Tracking};
use super::filter::Cond;
use super::values::parse_datetime;
use super::{Access, Action, Ctx, read, typed_key, validate};
use crate::error::{Error, QueriedIn, Result};
use crate::query::Query;
use crate::query::filter::Filter;
use crate::schema::{Collection, DeselectAction, FieldType, OnDelete, RelKind, Relation};
use crate::store::{Db, Pk, Row};

/// Who writes, and the clock and generators a write may need.
pub struct Actor<'a> {
    pub user: Option<String>,
    pub role: Option<String>,
    pub now: DateTime<Utc>,
    /// Hashes values of `hash` fields (argon2 in the service layer).
    pub hash: &'a dyn Fn(&str) -> String,
    /// Generates UUIDs for `uuid` primary keys.
    pub uuid: &'a dyn Fn() -> String,
}

/// Writes on a draft database as one caller.
pub struct Writer<'w, 'a> {
    pub db: &'w mut Db,
    pub access: &'w Access,
    pub actor: &'w Actor<'a>,
    /// Item writes of this request so far, against `MAX_BATCH_MUTATION`.
    pub mutations: Mutations,
    /// The activity log of a recorded request (`None`: the write is not recorded).
    pub log: Option<Log>,
}

/// Counts the item writes of one request, nested ones included, like
/// Directus' mutation tracker: each created item counts one, an update or a
/// delete counts its keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mutations {
    limit: Option<u64>,
    used: u64,
}

impl Mutations {
    pub fn up_to(limit: Option<u64>) -> Mutations {
        Mutations { limit, used: 0 }
    }

    fn track(&mut self, count: usize) -> Result<()> {
        self.used += count as u64;
        match self.limit {
            Some(max) if self.used > max => {
                Err(Error::invalid_payload(format!("Exceeded max batch mutation limit of {max}")))
            }
            _ => Ok(()),
        }
    }
}

fn object(payload: &Value) -> Map<String, Value> {
    match payload {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    }
}

/// Checks that a key has the shape of the collection's primary key type:
/// malformed integers and UUIDs are the generic FORBIDDEN.
pub fn validate_key(coll: &Collection, key: &Value) -> Result<Pk> {
    let pk = coll.pk_field();
    let ty = pk.map(|f| f.ty).unwrap_or(FieldType::Integer);
    match ty {
        FieldType::Integer => match key {
            Value::Number(n) => n.as_i64().map(Pk::Int).ok_or_else(Error::forbidden),
            Value::String(s) => {
                let trimmed = s.trim();
                let ok = !trimmed.is_empty()
                    && trimmed
                        .chars()
                        .enumerate()
                        .all(|(i, c)| c.is_ascii_digit() || (i == 0 && c == '-'));
                if ok {
                    trimmed.parse::<i64>().map(Pk::Int).map_err(|_| Error::forbidden())
                } else {
                    Err(Error::forbidden())
                }
            }
            _ => Err(Error::forbidden()),
        },
        FieldType::Uuid => match key {
            Value::String(s) if uuid::Uuid::parse_str(s).is_ok() => Ok(Pk::Str(s.as_str().into())),
            _ => Err(Error::forbidden()),
        },
        FieldType::BigInteger => match key {
            Value::Number(n) => n.as_i64().map(Pk::Int).ok_or_else(Error::forbidden),
            Value::String(s) => Ok(s
                .trim()
                .parse::<i64>()
                .map(Pk::Int)
                .unwrap_or_else(|_| Pk::Str(s.as_str().into()))),
            _ => Err(Error::forbidden()),
        },
        _ => match key {
            Value::String(s) => Ok(Pk::Str(s.as_str().into())),
            Value::Number(n) => Ok(Pk::Str(n.to_string().into())),
            _ => Err(Error::forbidden()),
        },
    }
}

impl Writer<'_, '_> {
    fn coll(&self, collection: &str) -> Result<Collection> {
        self.db
            .schema
            .collection(collection)
            .cloned()
            .ok_or_else(|| Error::collection_forbidden(collection, &QueriedIn(None)))
    }

    /// The item rule for an action on a collection, resolved, or `None` if all items are allowed.
    fn item_rule(&self, collection: &str, action: Action) -> Result<Option<Cond>> {
        let Some(rule) = self.access.item_filter(collection, action) else { return Ok(None) };
        let admin = Access::admin();
        let cx = Ctx::new(self.db, &admin);
        Ok(Some(super::filter::resolve(&Filter::parse(&rule), collection, &cx)?))
    }

    /// Directus' access check for writes on existing keys: every key must exist and be allowed.
    fn validate_access(
        &self,
        collection: &str,
        action: Action,
        keys: &[Pk],
        fields: &[String],
    ) -> Result<()> {
        if self.access.admin {
            return Ok(());
        }
        let denied = || {
            if fields.is_empty() {
                Error::forbidden_reason(format!(
                    "You don't have permission to perform \"{}\" for collection \"{collection}\" or it does not exist.",
                    action.as_str()
                ))
            } else {
                let list: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
                Error::forbidden_reason(format!(
                    "You don't have permissions to perform \"{}\" for the field(s) {} in collection \"{collection}\" or it does not exist.",
                    action.as_str(),
                    list.join(", ")
                ))
            }
        };
        // Without any permission for the action, the collection itself is FORBIDDEN.
        if !self.access.can(collection, action) {
            return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
        }
        if keys.is_empty() {
            return Err(denied());
        }
        // Like reading the items with the action's permissions: no permission at
        // all is the collection's FORBIDDEN.
        if !self.access.can(collection, action) {
            return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
        }
        let coll = self.coll(collection)?;
        for f in fields {
            if !coll.fields.contains_key(f) || !self.access.field_allowed(collection, action, f) {
                return Err(Error::field_forbidden(f, collection, &QueriedIn(None)));
            }
        }
        let rule = self.item_rule(collection, action)?;
        let admin = Access::admin();
        let cx = Ctx::new(self.db, &admin);
        for key in keys {
            let Some(row) = self.db.row(collection, key) else { return Err(denied()) };
            if let Some(rule) = &rule
                && !rule.eval(Some(row), &cx, collection)
            {
                return Err(denied());
            }
        }
        Ok(())
    }

    /// Permission check, presets and validation of one payload (`processPayload`).
    fn process_payload(
        &self,
        collection: &str,
        action: Action,
        payload: Map<String, Value>,
        nested: &[String],
    ) -> Result<Map<String, Value>> {
        let coll = self.coll(collection)?;
        let mut rules: Vec<Value> = Vec::new();
        let mut with_presets = Map::new();
        if !self.access.admin {
            let perms = self.access.rules(collection, action);
            if perms.is_empty() {
                return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
            }
            if let Some(allowed) = self.access.allowed_fields(collection, action) {
                let denied: Vec<&str> =
                    payload.keys().filter(|k| !allowed.contains(k)).map(String::as_str).collect();
                if !denied.is_empty() {
                    return Err(Error::fields_forbidden(&denied, collection, &QueriedIn(None)));
                }
            }
            for p in perms {
                if let Some(Value::Object(presets)) = &p.presets {
                    for (k, v) in presets {
                        with_presets.insert(k.clone(), v.clone());
                    }
                }
                if let Some(v) = &p.validation
                    && v.as_object().is_some_and(|m| !m.is_empty())
                {
                    rules.push(v.clone());
                }
            }
        }
        for (k, v) in payload {
            with_presets.insert(k, v);
        }
        let mut field_rules: Vec<Value> = Vec::new();
        for field in coll.fields.values() {
            let Some(schema) = &field.schema else { continue };
            // An auto-increment key has a default (the sequence) but is not nullable.
            let nullable = schema.is_nullable || field.is_generated();
            if !nullable {
                if action == Action::Create
                    && schema.default_value.is_null()
                    && !schema.has_auto_increment
                {
                    field_rules
                        .push(serde_json::json!({ field.name.clone(): { "_submitted": true } }));
                }
                field_rules.push(serde_json::json!({ field.name.clone(): { "_nnull": true } }));
            }
            if let Some(v) = field.validation() {
                field_rules.push(
                    crate::query::filter::sanitize_filter(v, &Default::default())
                        .unwrap_or(Value::Null),
                );
            }
        }
        let all: Vec<Value> = field_rules
            .into_iter()
            .chain(rules)
            .filter(|r| r.as_object().is_some_and(|m| !m.is_empty()))
            .collect();
        if !all.is_empty() {
            let failures = validate::check(&serde_json::json!({ "_and": all }), &with_presets);
            if !failures.is_empty() {
                return Err(Error::many(validate::to_errors(failures, nested)));
            }
        }
        Ok(with_presets)
    }

    /// Creates one item (with nested writes) and returns its key.
    pub fn create_one(
        &mut self,
        collection: &str,
        payload: &Value,
        nested: &[String],
    ) -> Result<Pk> {
        let coll = self.coll(collection)?;
        if !coll.active() {
            return Err(inactive(collection));
        }
        self.mutations.track(1)?;
        let payload = self.process_payload(collection, Action::Create, object(payload), nested)?;
        let revision = (self.tracking(&coll) == Tracking::All)
            .then(|| activity::create_delta(&self.db.schema, &coll, &payload));
        self.enter();
        let payload = self.process_m2o(collection, payload, nested)?;
        let payload = self.process_a2o(collection, payload, nested)?;
        let pk_name = coll.pk().to_owned();

        let mut row = Row::new();
        for field in coll.fields.values() {
            if field.is_alias() {
                continue;
            }
            let value = match payload.get(&field.name) {
                Some(v) => {
                    Some(super::values::js_numbers(self.cast_value(&coll, &field.name, v)?))
                }
                None => None,
            };
            let value = self.special_value(&field.name, &coll, value, Action::Create);
            match value {
                Some(v) => {
                    row.insert(field.name.clone(), v);
                }
                None => {
                    let default = field.default_value().clone();
                    let default = match (&default, field.ty) {
                        (Value::String(s), FieldType::Timestamp | FieldType::DateTime)
                            if s == "CURRENT_TIMESTAMP" =>
                        {
                            Value::String(self.timestamp(field.ty))
                        }
                        _ => default,
                    };
                    row.insert(field.name.clone(), default);
                }
            }
        }

        // The primary key: given, generated, or the next auto-increment value.
        let pk_field = coll.pk_field().cloned();
        let given = row.get(&pk_name).cloned().filter(|v| !v.is_null());
        let pk = match given {
            Some(v) => validate_key(&coll, &v)?,
            None => match pk_field.as_ref().map(|f| f.ty) {
                Some(FieldType::Integer | FieldType::BigInteger) => {
                    Pk::Int(self.db.table_mut(collection).next_id())
                }
                Some(FieldType::Uuid) => Pk::Str((self.actor.uuid)().into()),
                _ => {
                    let item = validate::to_errors(
                        vec![validate::Failure::new(&pk_name, "required")],
                        nested,
                    );
                    return Err(Error::many(item));
                }
            },
        };
        row.insert(pk_name.clone(), pk.to_value());
        if self.db.row(collection, &pk).is_some() {
            return Err(Error::not_unique(collection, &pk_name, &pk.to_value()));
        }
        self.check_row_constraints(&coll, &row, Some(&pk))?;
        self.db.table_mut(collection).insert(pk.clone(), row);
        self.process_o2m(collection, &payload, &pk, nested)?;
        let children = self.leave();
        let revisions = revision.map(|data| vec![(data.clone(), data)]);
        self.record(&coll, "create", std::slice::from_ref(&pk), revisions, &children);
        Ok(pk)
    }

    pub fn create_many(
        &mut self,
        collection: &str,
        items: &[Value],
        nested: &[String],
    ) -> Result<Vec<Pk>> {
        items.iter().map(|item| self.create_one(collection, item, nested)).collect()
    }

    /// Updates existing items; keys that do not exist are skipped (admin) or denied (others).
    pub fn update_many(
        &mut self,
        collection: &str,
        keys: &[Pk],
        payload: &Value,
        nested: &[String],
    ) -> Result<Vec<Pk>> {
        let coll = self.coll(collection)?;
        if !coll.active() {
            return Err(inactive(collection));
        }
        self.mutations.track(keys.len())?;
        let data = object(payload);
        let fields: Vec<String> = data.keys().cloned().collect();
        self.validate_access(collection, Action::Update, keys, &fields)?;
        let data = self.process_payload(collection, Action::Update, data, nested)?;
        self.enter();
        let data = self.process_m2o(collection, data, nested)?;
        let data = self.process_a2o(collection, data, nested)?;
        let pk_name = coll.pk().to_owned();
        let mut changes = Row::new();
        for field in coll.fields.values() {
            if field.is_alias() || field.name == pk_name {
                continue;
            }
            let value = match data.get(&field.name) {
                Some(v) => {
                    Some(super::values::js_numbers(self.cast_value(&coll, &field.name, v)?))
                }
                None => None,
            };
            if let Some(v) = self.special_value(&field.name, &coll, value, Action::Update) {
                changes.insert(field.name.clone(), v);
            }
        }
        let has_payload_columns = coll
            .fields
            .values()
            .any(|f| !f.is_alias() && f.name != pk_name && data.contains_key(&f.name));
        let mut updated = Vec::new();
        for key in keys {
            let Some(existing) = self.db.row(collection, key).cloned() else { continue };
            if has_payload_columns {
                let mut row = (*existing).clone();
                for (k, v) in &changes {
                    row.insert(k.clone(), v.clone());
                }
                self.check_row_constraints(&coll, &row, Some(key))?;
                self.db.table_mut(collection).insert(key.clone(), row);
            }
            self.process_o2m(collection, &data, key, nested)?;
            updated.push(key.clone());
        }
        let children = self.leave();
        if self.log.is_some() {
            // Directus sorts the keys as JavaScript does: as text.
            let mut logged = keys.to_vec();
            logged.sort_by_key(|k| k.to_string());
            let written = if has_payload_columns { changes } else { Row::new() };
            let delta = activity::update_delta(&coll, &data, &written);
            let revisions =
                (self.tracking(&coll) == Tracking::All && !delta.is_null()).then(|| {
                    logged
                        .iter()
                        .map(|k| {
                            let row = self.db.row(collection, k).map(|r| &**r);
                            (activity::snapshot(&self.db.schema, &coll, row), delta.clone())
                        })
                        .collect()
                });
            self.record(&coll, "update", &logged, revisions, &children);
        }
        Ok(updated)
    }

    /// Updates an item when it exists, creates it otherwise (nested O2M upserts).
    pub fn upsert_one(
        &mut self,
        collection: &str,
        payload: &Value,
        nested: &[String],
    ) -> Result<Pk> {
        let coll = self.coll(collection)?;
        let pk_name = coll.pk().to_owned();
        if let Some(key) = payload.get(&pk_name).filter(|v| !v.is_null()) {
            let pk = validate_key(&coll, key)?;
            if self.db.row(collection, &pk).is_some() {
                let mut data = object(payload);
                data.remove(&pk_name);
                self.update_many(
                    collection,
                    std::slice::from_ref(&pk),
                    &Value::Object(data),
                    nested,
                )?;
                return Ok(pk);
            }
        }
        self.create_one(collection, payload, nested)
    }

    /// Keys of the rows a query selects, as the caller may read them (first 100 unless `limit`).
    pub fn keys_by_query(&self, collection: &str, query: &Query) -> Result<Vec<Pk>> {
        let coll = self.coll(collection)?;
        let cx = Ctx::new(self.db, self.access);
        let mut q = query.clone();
        q.fields = Some(vec![coll.pk().to_owned()]);
        let level = read::plan(&cx, collection, &q)?;
        let rows = read::select(&cx, &level);
        Ok(rows.iter().filter_map(|r| r.get(coll.pk()).and_then(Pk::from_value)).collect())
    }

    /// Deletes items, applying the database's ON DELETE rules to rows that reference them.
    pub fn delete_many(&mut self, collection: &str, keys: &[Pk]) -> Result<()> {
        let shown: Vec<Value> = keys.iter().map(Pk::to_value).collect();
        self.delete_many_as(collection, keys, &shown)
    }

    /// [`Self::delete_many`], with the keys as the client sent them: a delete that
    /// a foreign key refuses is an untranslated database error (500) that quotes
    /// them, as SQLite reports the statement.
    pub fn delete_many_as(&mut self, collection: &str, keys: &[Pk], sent: &[Value]) -> Result<()> {
        let coll = self.coll(collection)?;
        if !coll.active() {
            return Err(inactive(collection));
        }
        self.mutations.track(keys.len())?;
        self.validate_access(collection, Action::Delete, keys, &[])?;
        if self.delete_rows(collection, keys)? {
            self.record(&coll, "delete", keys, None, &[]);
            return Ok(());
        }
        let list: Vec<String> = sent
            .iter()
            .map(|k| match k {
                Value::String(s) => format!("'{}'", s.replace('\'', "''")),
                other => super::values::scalar_text(other),
            })
            .collect();
        Err(Error::internal(format!(
            "delete from `{collection}` where `{}` in ({}) - SQLITE_CONSTRAINT: FOREIGN KEY constraint failed",
            coll.pk(),
            list.join(", ")
        )))
    }

    /// Deletes rows and what cascades from them; `false` when a foreign key
    /// without an ON DELETE action still points at one of them.
    fn delete_rows(&mut self, collection: &str, keys: &[Pk]) -> Result<bool> {
        let existing: Vec<Pk> =
            keys.iter().filter(|k| self.db.row(collection, k).is_some()).cloned().collect();
        if existing.is_empty() {
            return Ok(true);
        }
        let referencing: Vec<Relation> = self
            .db
            .schema
            .relations
            .iter()
            .filter(|r| {
                r.related_collection.as_deref() == Some(collection) && r.on_delete.is_some()
            })
            .cloned()
            .collect();
        for rel in referencing {
            let Some(child_table) = self.db.table(&rel.collection) else { continue };
            let hits: Vec<Pk> = child_table
                .rows
                .iter()
                .filter(|(_, r)| {
                    r.get(&rel.field)
                        .and_then(|v| typed_key(self.db, collection, v))
                        .is_some_and(|k| existing.contains(&k))
                })
                .map(|(k, _)| k.clone())
                .collect();
            if hits.is_empty() {
                continue;
            }
            match rel.on_delete.unwrap_or(OnDelete::NoAction) {
                OnDelete::Cascade => {
                    if !self.delete_rows(&rel.collection.clone(), &hits)? {
                        return Ok(false);
                    }
                }
                OnDelete::SetNull | OnDelete::SetDefault => {
                    let default = if rel.on_delete == Some(OnDelete::SetDefault) {
                        self.db
                            .schema
                            .field(&rel.collection, &rel.field)
                            .map(|f| f.default_value().clone())
                            .unwrap_or(Value::Null)
                    } else {
                        Value::Null
                    };
                    let table = self.db.table_mut(&rel.collection);
                    for k in hits {
                        if let Some(row) = table.get(&k) {
                            let mut row = (**row).clone();
                            row.insert(rel.field.clone(), default.clone());
                            table.insert(k, row);
                        }
                    }
                }
                OnDelete::NoAction | OnDelete::Restrict => return Ok(false),
            }
        }
        let table = self.db.table_mut(collection);
        for k in &existing {
            table.remove(k);
        }
        Ok(true)
    }

    // ----- activity -----

    /// What the activity log keeps of writes to a collection in this request.
    fn tracking(&self, coll: &Collection) -> Tracking {
        if self.log.is_some() { Tracking::of(coll) } else { Tracking::Nothing }
    }

    /// An item's write starts (see [`Log::enter`]).
    fn enter(&mut self) {
        if let Some(log) = self.log.as_mut() {
            log.enter();
        }
    }

    /// An item's write ends: the revisions of its nested writes.
    fn leave(&mut self) -> Vec<i64> {
        self.log.as_mut().map(Log::leave).unwrap_or_default()
    }

    /// Records an action on keys: one activity each, and the revisions
    /// `(data, delta)` per key when there are any; the first key's revision
    /// becomes the parent of `children`.
    fn record(
        &mut self,
        coll: &Collection,
        action: &str,
        keys: &[Pk],
        revisions: Option<Vec<(Value, Value)>>,
        children: &[i64],
    ) {
        if self.tracking(coll) == Tracking::Nothing {
            return;
        }
        let Some(mut log) = self.log.take() else { return };
        let timestamp = self.timestamp(FieldType::Timestamp);
        let activities: Vec<i64> = keys
            .iter()
            .map(|k| log.activity(&mut *self.db, &timestamp, action, &coll.name, k))
            .collect();
        for (i, ((data, delta), (key, activity))) in
            revisions.into_iter().flatten().zip(keys.iter().zip(activities)).enumerate()
        {
            let parent_of: &[i64] = if i == 0 { children } else { &[] };
            log.revision(&mut *self.db, activity, &coll.name, key, data, delta, parent_of);
        }
        self.log = Some(log);
    }

    // ----- values -----

    fn timestamp(&self, ty: FieldType) -> String {
        match ty {
            FieldType::DateTime => self.actor.now.format("%Y-%m-%dT%H:%M:%S").to_string(),
            _ => self.actor.now.to_rfc3339_opts(SecondsFormat::Millis, true),
        }
    }

    /// Values the server sets itself (`uuid`, `date-created`, `user-updated`, ...).
    fn special_value(
        &self,
        field: &str,
        coll: &Collection,
        value: Option<Value>,
        action: Action,
    ) -> Option<Value> {
        let Some(f) = coll.fields.get(field) else { return value };
        let mut value = value;
        for special in f.special() {
            match (special, action) {
                ("uuid", Action::Create)
                    if value.as_ref().is_none_or(Value::is_null) && f.is_primary_key() =>
                {
                    value = None;
                }
                ("uuid", Action::Create) if value.as_ref().is_none_or(Value::is_null) => {
                    value = Some(Value::String((self.actor.uuid)()));
                }
                ("user-created", Action::Create) | ("user-updated", Action::Update) => {
                    value = Some(self.actor.user.clone().map(Value::String).unwrap_or(Value::Null));
                }
                ("role-created", Action::Create) | ("role-updated", Action::Update) => {
                    value = Some(self.actor.role.clone().map(Value::String).unwrap_or(Value::Null));
                }
                ("date-created", Action::Create) | ("date-updated", Action::Update) => {
                    value = Some(Value::String(self.timestamp(f.ty)));
                }
                _ => {}
            }
        }
        value
    }

    /// Casts a submitted value for storage as Directus and SQLite would: hashes
    /// hashed, csv joined, dates parsed and normalized, other lists and objects
    /// as JSON text, then the column's type affinity applied ([`affinity`]).
    fn cast_value(&self, coll: &Collection, field: &str, value: &Value) -> Result<Value> {
        let Some(f) = coll.fields.get(field) else { return Ok(value.clone()) };
        if value.is_null() {
            return Ok(Value::Null);
        }
        if f.ty == FieldType::Hash || f.has_special("hash") {
            let text = match value {
                // Directus leaves falsy values alone (they read back as null).
                _ if !truthy(value) => return Ok(affinity(f.ty, value.clone())),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            return Ok(Value::String((self.actor.hash)(&text)));
        }
        let cast = match (f.ty, value) {
            (FieldType::Csv, Value::Array(items)) => Value::String(
                items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            // JSON text is parsed here rather than on every read; the result is the same.
            (FieldType::Json, Value::String(s)) => {
                return Ok(serde_json::from_str(s).unwrap_or_else(|_| value.clone()));
            }
            (FieldType::Json, Value::Bool(b)) => return Ok(Value::from(u8::from(*b))),
            (FieldType::Json, other) => return Ok(other.clone()),
            (FieldType::Date, Value::String(s)) => {
                let dt = parse_iso(s).ok_or_else(|| {
                    Error::invalid_payload(format!("Invalid Date format in field \"{field}\""))
                })?;
                Value::String(dt.format("%Y-%m-%d").to_string())
            }
            (FieldType::DateTime, Value::String(s)) => {
                let dt = parse_iso(s).ok_or_else(|| {
                    Error::invalid_payload(format!("Invalid DateTime format in field \"{field}\""))
                })?;
                Value::String(dt.format("%Y-%m-%dT%H:%M:%S").to_string())
            }
            // Directus converts timestamps without checking them; an invalid one
            // fails later in JavaScript's Date (500).
            (FieldType::Timestamp, Value::String(s)) => match parse_iso(s) {
                Some(dt) => {
                    Value::String(dt.and_utc().to_rfc3339_opts(SecondsFormat::Millis, true))
                }
                None => return Err(Error::internal("Invalid time value")),
            },
            (_, Value::Array(_) | Value::Object(_)) => Value::String(value.to_string()),
            _ => value.clone(),
        };
        Ok(affinity(f.ty, cast))
    }

    /// Unique columns and foreign keys of a row about to be written.
    fn check_row_constraints(
        &self,
        coll: &Collection,
        row: &Row,
        own_key: Option<&Pk>,
    ) -> Result<()> {
        let table = self.db.table(&coll.name);
        for field in coll.fields.values() {
            let Some(schema) = &field.schema else { continue };
            let Some(value) = row.get(&field.name) else { continue };
            if schema.is_unique && !value.is_null() && !schema.is_primary_key {
                let clash = table.is_some_and(|t| {
                    t.rows
                        .iter()
                        .any(|(k, r)| Some(k) != own_key && r.get(&field.name) == Some(value))
                });
                if clash {
                    return Err(Error::not_unique(&coll.name, &field.name, value));
                }
            }
            if !schema.is_nullable && value.is_null() && !schema.has_auto_increment {
                return Err(Error::new(
                    crate::error::ErrorCode::NotNullViolation,
                    format!(
                        "Value for field \"{}\" in collection \"{}\" can't be null.",
                        field.name, coll.name
                    ),
                )
                .with("collection", coll.name.as_str())
                .with("field", field.name.as_str()));
            }
            if let Some((related, _)) = &field.foreign_key {
                let has_db_fk = self
                    .db
                    .schema
                    .relation(&coll.name, &field.name)
                    .is_some_and(|r| r.on_delete.is_some());
                if has_db_fk && !value.is_null() {
                    let exists = typed_key(self.db, related, value)
                        .is_some_and(|k| self.db.row(related, &k).is_some());
                    if !exists {
                        return Err(Error::invalid_foreign_key());
                    }
                }
            }
        }
        Ok(())
    }

    // ----- nested relations -----

    fn process_m2o(
        &mut self,
        collection: &str,
        mut payload: Map<String, Value>,
        nested: &[String],
    ) -> Result<Map<String, Value>> {
        let rels: Vec<(String, String)> = self
            .db
            .schema
            .relations
            .iter()
            .filter(|r| r.collection == collection && r.related_collection.is_some())
            // Directus tests with lodash `isObject`, so a list counts as a (keyless) object.
            .filter(|r| matches!(payload.get(&r.field), Some(Value::Object(_) | Value::Array(_))))
            .map(|r| (r.field.clone(), r.related_collection.clone().unwrap_or_default()))
            .collect();
        for (field, related) in rels {
            let record = match payload.get(&field) {
                Some(Value::Object(m)) => Value::Object(m.clone()),
                _ => Value::Object(Map::new()),
            };
            let mut path = nested.to_vec();
            path.push(field.clone());
            let key = self.upsert_related(&related, &record, &path)?;
            payload.insert(field, key.to_value());
        }
        Ok(payload)
    }

    /// An M2O or M2A target object: update it when its key exists, create it
    /// otherwise (a malformed key is only rejected by the create, after validation).
    fn upsert_related(&mut self, related: &str, record: &Value, path: &[String]) -> Result<Pk> {
        let coll = self.coll(related)?;
        let pk_name = coll.pk().to_owned();
        if let Some(key) = record.get(&pk_name).filter(|v| !v.is_null()) {
            let existing =
                validate_key(&coll, key).ok().filter(|pk| self.db.row(related, pk).is_some());
            if let Some(pk) = existing {
                let mut rest = object(record);
                rest.remove(&pk_name);
                if !rest.is_empty() {
                    self.update_many(
                        related,
                        std::slice::from_ref(&pk),
                        &Value::Object(rest),
                        path,
                    )?;
                }
                return Ok(pk);
            }
        }
        self.create_one(related, record, path)
    }

    fn process_a2o(
        &mut self,
        collection: &str,
        mut payload: Map<String, Value>,
        nested: &[String],
    ) -> Result<Map<String, Value>> {
        let rels: Vec<Relation> = self
            .db
            .schema
            .relations
            .iter()
            .filter(|r| r.collection == collection && r.related_collection.is_none())
            .filter(|r| matches!(payload.get(&r.field), Some(Value::Object(_))))
            .cloned()
            .collect();
        for rel in rels {
            let (Some(coll_field), Some(allowed)) =
                (&rel.one_collection_field, &rel.one_allowed_collections)
            else {
                continue;
            };
            let target = payload.get(coll_field).and_then(Value::as_str).map(str::to_owned);
            let Some(target) = target else {
                return Err(Error::invalid_payload(format!(
                    "Can't update nested record \"{}.{}\" without field \"{}.{coll_field}\" being set",
                    rel.collection, rel.field, rel.collection
                )));
            };
            if !allowed.contains(&target) {
                return Err(Error::invalid_payload(format!(
                    "\"{}.{}\" can't be linked to collection \"{target}\"",
                    rel.collection, rel.field
                )));
            }
            let record = payload.get(&rel.field).cloned().unwrap_or(Value::Null);
            let mut path = nested.to_vec();
            path.push(rel.field.clone());
            let key = self.upsert_related(&target, &record, &path)?;
            payload.insert(rel.field.clone(), Value::String(key.to_string()));
        }
        Ok(payload)
    }

    fn process_o2m(
        &mut self,
        collection: &str,
        payload: &Map<String, Value>,
        parent: &Pk,
        nested: &[String],
    ) -> Result<()> {
        let rels: Vec<Relation> = self
            .db
            .schema
            .relations
            .iter()
            .filter(|r| r.related_collection.as_deref() == Some(collection))
            .filter(|r| r.one_field.as_ref().is_some_and(|f| payload.contains_key(f)))
            .cloned()
            .collect();
        for rel in rels {
            let one_field = rel.one_field.clone().unwrap_or_default();
            let value = payload.get(&one_field).cloned().unwrap_or(Value::Null);
            let child_coll = self.coll(&rel.collection)?;
            let child_pk = child_coll.pk().to_owned();
            let mut path = nested.to_vec();
            path.push(one_field.clone());
            let parent_value = parent.to_value();
            match value {
                Value::Null | Value::Array(_) => {
                    let items = value.as_array().cloned().unwrap_or_default();
                    // First every element is looked at (unknown keys fail here), then the
                    // records are upserted in order, as Directus does.
                    let mut saved: Vec<Pk> = Vec::new();
                    let mut upserts: Vec<Map<String, Value>> = Vec::new();
                    for item in items {
                        let (key, record) = match &item {
                            Value::String(_) | Value::Number(_) => (Some(item.clone()), None),
                            Value::Object(m) => (
                                m.get(&child_pk).cloned().filter(|v| !v.is_null()),
                                Some(m.clone()),
                            ),
                            // Directus reads the key off the element: a TypeError (500).
                            Value::Null => {
                                return Err(Error::internal(format!(
                                    "Cannot read properties of null (reading '{child_pk}')"
                                )));
                            }
                            Value::Bool(b) => {
                                return Err(Error::internal(format!(
                                    "Cannot create property '{}' on boolean '{b}'",
                                    rel.field
                                )));
                            }
                            // A list loses the foreign key Directus sets on it: an
                            // unlinked child without fields.
                            Value::Array(_) => {
                                upserts.push(Map::new());
                                continue;
                            }
                        };
                        let existing = match &key {
                            Some(k) => validate_key(&child_coll, k).ok().and_then(|pk| {
                                self.db.row(&rel.collection, &pk).map(|r| {
                                    (pk, r.get(&rel.field).cloned().unwrap_or(Value::Null))
                                })
                            }),
                            None => None,
                        };
                        let mut record = match record {
                            Some(record) => record,
                            None => {
                                let Some((pk, current_parent)) = existing.clone() else {
                                    return Err(Error::forbidden());
                                };
                                if same_key(&current_parent, &parent_value) {
                                    saved.push(pk);
                                    continue;
                                }
                                Map::from_iter([(child_pk.clone(), pk.to_value())])
                            }
                        };
                        let linked =
                            existing.as_ref().is_some_and(|(_, p)| same_key(p, &parent_value));
                        if !linked {
                            record.insert(rel.field.clone(), parent_value.clone());
                        }
                        upserts.push(record);
                    }
                    for record in upserts {
                        saved.push(self.upsert_one(
                            &rel.collection,
                            &Value::Object(record),
                            &path,
                        )?);
                    }
                    let stale: Vec<Pk> = self
                        .db
                        .table(&rel.collection)
                        .map(|t| {
                            t.rows
                                .iter()
                                .filter(|(k, r)| {
                                    !saved.contains(k)
                                        && r.get(&rel.field)
                                            .is_some_and(|p| same_key(p, &parent_value))
                                })
                                .map(|(k, _)| k.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    self.deselect(&rel, &stale, &path)?;
                }
                Value::Object(alterations) => {
                    check_alterations(&alterations)?;
                    if let Some(Value::Array(creates)) = alterations.get("create") {
                        // Missing sort values continue after the highest sibling, by position
                        // in the list (`max + index + 1`; from 1 when the max is 0 or none).
                        let highest = rel.sort_field.as_ref().map(|sf| {
                            self.db
                                .table(&rel.collection)
                                .map(|t| {
                                    t.rows
                                        .values()
                                        .filter(|r| {
                                            r.get(&rel.field)
                                                .is_some_and(|p| same_key(p, &parent_value))
                                        })
                                        .filter_map(|r| r.get(sf).and_then(Value::as_f64))
                                        .fold(None, |acc: Option<f64>, v| {
                                            Some(acc.map_or(v, |a| a.max(v)))
                                        })
                                        .unwrap_or(0.0)
                                })
                                .unwrap_or(0.0)
                        });
                        for (index, item) in creates.iter().enumerate() {
                            let mut record = object(item);
                            if let (Some(sf), Some(max)) = (&rel.sort_field, highest) {
                                let position = (index + 1) as f64;
                                let value = if max == 0.0 { position } else { max + position };
                                record
                                    .entry(sf.clone())
                                    .or_insert(super::values::js_numbers(serde_json::json!(value)));
                            }
                            record.insert(rel.field.clone(), parent_value.clone());
                            self.create_one(&rel.collection, &Value::Object(record), &path)?;
                        }
                    }
                    if let Some(Value::Array(updates)) = alterations.get("update") {
                        for item in updates {
                            let mut record = object(item);
                            // Directus looks the child up by a key it does not have: a query
                            // builder error (500).
                            let Some(key) = record.remove(&child_pk) else {
                                return Err(Error::internal(format!(
                                    "Undefined binding(s) detected when compiling FIRST. Undefined column(s): [{child_pk}] query: select `{child_pk}`, `{fk}` from `{coll}` where `{child_pk}` = ? limit ?",
                                    fk = rel.field,
                                    coll = rel.collection
                                )));
                            };
                            let pk = validate_key(&child_coll, &key)?;
                            let linked = self
                                .db
                                .row(&rel.collection, &pk)
                                .and_then(|r| r.get(&rel.field).cloned())
                                .is_some_and(|p| same_key(&p, &parent_value));
                            if !linked {
                                record.insert(rel.field.clone(), parent_value.clone());
                            }
                            self.update_many(
                                &rel.collection,
                                &[pk],
                                &Value::Object(record),
                                &path,
                            )?;
                        }
                    }
                    if let Some(Value::Array(deletes)) = alterations.get("delete") {
                        let wanted: Vec<Pk> = deletes
                            .iter()
                            .filter_map(|k| validate_key(&child_coll, k).ok())
                            .collect();
                        let linked: Vec<Pk> = wanted
                            .into_iter()
                            .filter(|k| {
                                self.db
                                    .row(&rel.collection, k)
                                    .and_then(|r| r.get(&rel.field).cloned())
                                    .is_some_and(|p| same_key(&p, &parent_value))
                            })
                            .collect();
                        self.deselect(&rel, &linked, &path)?;
                    }
                }
                _ => {
                    return Err(Error::invalid_payload(
                        "Invalid one-to-many update structure: \"value\" must be of type object",
                    ));
                }
            }
        }
        Ok(())
    }

    /// Children removed from an O2M: nullified or deleted per `one_deselect_action`.
    fn deselect(&mut self, rel: &Relation, keys: &[Pk], path: &[String]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        match rel.one_deselect_action {
            DeselectAction::Delete => self.delete_many(&rel.collection, keys),
            DeselectAction::Nullify => {
                let patch = serde_json::json!({ rel.field.clone(): null });
                self.update_many(&rel.collection, keys, &patch, path).map(|_| ())
            }
        }
    }
}

/// JavaScript's truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The date formats Directus' `parseISO` accepts on write: what filters accept,
/// plus a bare year, a year and month, or a date with only an hour.
fn parse_iso(s: &str) -> Option<chrono::NaiveDateTime> {
    if let Some(dt) = parse_datetime(s) {
        return Some(dt);
    }
    let s = s.trim();
    let date = |y: &str, m: &str, d: &str| {
        chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    };
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => date(y, "1", "1")?.and_hms_opt(0, 0, 0),
        [y, m] if y.len() == 4 && m.len() == 2 => date(y, m, "1")?.and_hms_opt(0, 0, 0),
        [y, m, rest] if y.len() == 4 && m.len() == 2 => {
            let (d, h) = rest.split_once('T')?;
            date(y, m, d)?.and_hms_opt(h.parse().ok()?, 0, 0)
        }
        _ => None,
    }
}

/// What SQLite stores for a value in a column of the field's type (its type
/// affinity): text columns turn numbers and booleans into text, numeric,
/// date and boolean columns turn numeric text into numbers, and booleans are
/// the integers 1 and 0 everywhere.
fn affinity(ty: FieldType, value: Value) -> Value {
    let text = matches!(
        ty,
        FieldType::String | FieldType::Text | FieldType::Uuid | FieldType::Csv | FieldType::Hash
    );
    let numeric = ty.is_numeric()
        || matches!(
            ty,
            FieldType::Boolean
                | FieldType::Date
                | FieldType::DateTime
                | FieldType::Timestamp
                | FieldType::Time
        );
    match value {
        Value::Bool(b) if text => Value::String(u8::from(b).to_string()),
        Value::Bool(b) if numeric => Value::from(u8::from(b)),
        Value::Number(n) if text => Value::String(super::values::scalar_text(&Value::Number(n))),
        Value::String(s) if numeric => numeric_text(&s).unwrap_or(Value::String(s)),
        other => other,
    }
}

/// The number a well-formed SQLite numeric literal denotes (`"12"`, `" 2.50 "`,
/// `"1e3"`), as an integer when it has no fraction.
fn numeric_text(s: &str) -> Option<Value> {
    let t = s.trim();
    let body = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let digits = mantissa.chars().filter(char::is_ascii_digit).count();
    let mantissa_ok = digits > 0
        && mantissa.chars().filter(|c| *c == '.').count() <= 1
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.');
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    let f: f64 = t.parse().ok()?;
    if f.fract() == 0.0 && f.abs() < 9.2e18 {
        Some(Value::from(f as i64))
    } else {
        serde_json::Number::from_f64(f).map(Value::Number)
    }
}

/// The shape of the detailed form, checked like Directus' Joi schema: the known
/// keys in order (`create` and `update` lists of objects, `delete` a list of
/// keys), then unknown keys.
fn check_alterations(alterations: &Map<String, Value>) -> Result<()> {
    let bad = |what: String| {
        Err(Error::invalid_payload(format!("Invalid one-to-many update structure: {what}")))
    };
    for key in ["create", "update", "delete"] {
        let Some(value) = alterations.get(key) else { continue };
        let Some(items) = value.as_array() else {
            return bad(format!("\"{key}\" must be an array"));
        };
        for (i, item) in items.iter().enumerate() {
            let ok = match key {
                "delete" => match item {
                    Value::String(s) => !s.is_empty(),
                    Value::Number(n) => {
                        n.as_f64().is_some_and(|f| f.abs() <= 9_007_199_254_740_991.0)
                    }
                    _ => false,
                },
                _ => item.is_object(),
            };
            if !ok {
                return bad(if key == "delete" {
                    format!("\"{key}[{i}]\" does not match any of the allowed types")
                } else {
                    format!("\"{key}[{i}]\" must be of type object")
                });
            }
        }
    }
    if let Some(key) =
        alterations.keys().find(|k| !matches!(k.as_str(), "create" | "update" | "delete"))
    {
        return bad(format!("\"{key}\" is not allowed"));
    }
    Ok(())
}

fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => false,
        _ => super::values::scalar_text(a) == super::values::scalar_text(b),
    }
}

fn inactive(collection: &str) -> Error {
    Error::new(
        crate::error::ErrorCode::CollectionInactive,
        format!("Collection \"{collection}\" is inactive."),
    )
    .with("collection", collection)
}

/// The relation kind helper re-exported for services.
pub fn rel_kind(db: &Db, collection: &str, field: &str) -> Option<RelKind> {
    db.schema.rel(collection, field).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sqlite_affinity() {
        let cases = [
            (FieldType::Integer, json!("12"), json!(12)),
            (FieldType::Integer, json!(" 1e3 "), json!(1000)),
            (FieldType::Integer, json!("abc"), json!("abc")),
            (FieldType::Integer, json!("0x10"), json!("0x10")),
            (FieldType::Integer, json!("inf"), json!("inf")),
            (FieldType::Float, json!("2.50"), json!(2.5)),
            (FieldType::Boolean, json!(true), json!(1)),
            (FieldType::Boolean, json!("1"), json!(1)),
            (FieldType::Boolean, json!("true"), json!("true")),
            (FieldType::String, json!(5), json!("5")),
            (FieldType::String, json!(1.5), json!("1.5")),
            (FieldType::Text, json!(true), json!("1")),
            (FieldType::Time, json!("10:20"), json!("10:20")),
        ];
        for (ty, given, stored) in cases {
            assert_eq!(affinity(ty, given.clone()), stored, "{ty:?} {given}");
        }
    }

    #[test]
    fn iso_dates_directus_accepts() {
        let fmt = |s: &str| parse_iso(s).map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string());
        assert_eq!(fmt("2024").as_deref(), Some("2024-01-01T00:00:00"));
        assert_eq!(fmt("2024-05").as_deref(), Some("2024-05-01T00:00:00"));
        assert_eq!(fmt("2024-05-06T07").as_deref(), Some("2024-05-06T07:00:00"));
        assert_eq!(fmt("2024-05-06T10:20:30+02:00").as_deref(), Some("2024-05-06T08:20:30"));
        assert_eq!(fmt("06/05/2024"), None);
    }
}
