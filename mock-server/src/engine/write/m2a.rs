//! Nested M2A writes: an object in the `item` field of a many-to-any
//! junction row is created or updated in the collection its
//! `collection` field names (one of the allowed ones), and `item` stores its
//! key as text.

use serde_json::{Map, Value};

use super::Writer;
use crate::error::{Error, Result};
use crate::schema::Relation;

impl Writer<'_, '_> {
    /// Writes the M2A targets of a payload and puts their keys in it.
    pub(super) fn process_a2o(
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
}
