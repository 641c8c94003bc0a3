//! Creating items: one item with its nested writes (M2O and M2A targets
//! first, the row with its defaults and primary key, then O2M children), a
//! batch of them, and the upsert nested O2M writes use.

use serde_json::Value;

use super::{Writer, inactive, object, validate_key};
use crate::engine::activity::{self, Tracking};
use crate::engine::{Action, validate};
use crate::error::{Error, Result};
use crate::schema::{Collection, Field, FieldType};
use crate::store::{Pk, Row};

impl Writer<'_, '_> {
    /// Creates one item (with nested writes) and returns its key.
    pub(crate) fn create_one(
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
        let payload = self.filter_nested(collection, "create", payload.clone(), None, nested)?;
        let payload = self.process_payload(collection, Action::Create, object(&payload), nested)?;
        let heard = self.hooked(nested).then(|| Value::Object(payload.clone()));
        let revision = (self.tracking(&coll) == Tracking::All)
            .then(|| activity::create_delta(&self.db.schema, &coll, &payload));
        self.enter();
        let payload = self.process_m2o(collection, payload, nested)?;
        let payload = self.process_a2o(collection, payload, nested)?;
        let pk_name = coll.pk().to_owned();

        let mut row = self.new_row(&coll, &payload)?;
        let pk = self.new_key(collection, &coll, &row, nested)?;
        row.insert(pk_name.clone(), pk.to_value());
        let taken_as_text = || {
            let (table, field) = (self.db.table(collection)?, coll.fields.get(&pk_name)?);
            super::storage::collated_holders(self.db, table, field, &pk.to_value())?.next()
        };
        if self.db.row(collection, &pk).is_some() || taken_as_text().is_some() {
            return Err(self.db.vendor.primary_key_taken(collection, &pk_name, &pk.to_value()));
        }
        self.check_row_constraints(&coll, &row, Some(&pk))?;
        self.db.table_mut(collection).insert(pk.clone(), row);
        self.process_o2m(collection, &payload, &pk, &pk.to_value(), nested)?;
        let children = self.leave();
        let revisions = revision.map(|data| vec![(data.clone(), data)]);
        self.record(&coll, "create", std::slice::from_ref(&pk), revisions, &children);
        self.changed(
            "create",
            collection,
            vec![pk.to_value()],
            || heard.unwrap_or_default(),
            nested,
        );
        Ok(pk)
    }

    /// Updates an item when it exists, creates it otherwise (nested O2M upserts).
    pub(crate) fn upsert_one(
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

    /// The columns of a new row: submitted values stored, values the server
    /// sets, and defaults for the rest.
    fn new_row(&self, coll: &Collection, payload: &serde_json::Map<String, Value>) -> Result<Row> {
        let mut row = Row::new();
        for field in coll.fields.values() {
            if field.is_alias() {
                continue;
            }
            let value = self.submitted(coll, &field.name, payload)?;
            let value = match self.special_value(&field.name, coll, value, Action::Create) {
                Some(v) => v,
                None => self.default_value(field),
            };
            row.insert(field.name.clone(), value);
        }
        Ok(row)
    }

    /// A column's default; `CURRENT_TIMESTAMP` is now.
    pub(super) fn default_value(&self, field: &Field) -> Value {
        let default = super::stored_default(field);
        match (&default, field.ty) {
            (Value::String(s), FieldType::Timestamp | FieldType::DateTime)
                if s == "CURRENT_TIMESTAMP" =>
            {
                Value::String(self.timestamp(field.ty))
            }
            _ => default,
        }
    }

    /// The primary key: given, generated, or the next auto-increment value.
    fn new_key(
        &mut self,
        collection: &str,
        coll: &Collection,
        row: &Row,
        nested: &[String],
    ) -> Result<Pk> {
        let pk_name = coll.pk();
        if let Some(v) = row.get(pk_name).filter(|v| !v.is_null()) {
            return validate_key(coll, v);
        }
        match coll.pk_field().map(|f| f.ty) {
            Some(FieldType::Integer | FieldType::BigInteger) => {
                Ok(Pk::Int(self.db.table_mut(collection).next_id()))
            }
            Some(FieldType::Uuid) => Ok(Pk::Str((self.actor.uuid)().into())),
            _ => {
                let item =
                    validate::to_errors(vec![validate::Failure::new(pk_name, "required")], nested);
                Err(Error::many(item))
            }
        }
    }
}
