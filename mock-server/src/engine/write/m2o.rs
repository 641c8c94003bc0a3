//! Nested M2O writes: an object (or a list, which Directus' `isObject` also
//! accepts) in a many-to-one field is created or updated in the related
//! collection first, and the field stores its key. M2A targets are upserted
//! the same way ([`Writer::upsert_related`]).

use serde_json::{Map, Value};

use super::{Writer, object, validate_key};
use crate::error::Result;
use crate::store::Pk;

impl Writer<'_, '_> {
    /// Writes the M2O targets of a payload and puts their keys in it.
    pub(super) fn process_m2o(
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
            .filter(|r| r.collection == collection)
            // Directus tests with lodash `isObject`, so a list counts as a (keyless) object.
            .filter(|r| matches!(payload.get(&r.field), Some(Value::Object(_) | Value::Array(_))))
            // An M2A has no related collection: `m2a.rs` writes those.
            .filter_map(|r| Some((r.field.clone(), r.related_collection.clone()?)))
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
    pub(super) fn upsert_related(
        &mut self,
        related: &str,
        record: &Value,
        path: &[String],
    ) -> Result<Pk> {
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
}
