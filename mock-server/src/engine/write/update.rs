//! Updating items: the same change (and nested writes) applied to each
//! existing key, then one activity per key and, for a collection that keeps
//! revisions, the updated item with the change as its delta.

use serde_json::{Map, Value};

use super::{Writer, inactive, object};
use crate::engine::Action;
use crate::engine::activity::{self, Tracking};
use crate::error::Result;
use crate::schema::Collection;
use crate::store::{Pk, Row};

impl Writer<'_, '_> {
    /// Updates existing items; keys that do not exist are skipped (admin) or denied (others).
    pub(crate) fn update_many(
        &mut self,
        collection: &str,
        keys: &[Pk],
        payload: &Value,
        nested: &[String],
    ) -> Result<Vec<Pk>> {
        let sent: Vec<Value> = keys.iter().map(Pk::to_value).collect();
        self.update_many_as(collection, keys, payload, nested, &sent)
    }

    /// [`Self::update_many`], its [`super::Change`] carrying the keys as the
    /// client sent them (`"1"` from a URL, `1` from a body), as Directus'
    /// update event does.
    pub(crate) fn update_many_as(
        &mut self,
        collection: &str,
        keys: &[Pk],
        payload: &Value,
        nested: &[String],
        sent: &[Value],
    ) -> Result<Vec<Pk>> {
        let coll = self.coll(collection)?;
        if !coll.active() {
            return Err(inactive(collection));
        }
        self.mutations.track(keys.len())?;
        let data = self.filter_nested(collection, "update", payload.clone(), Some(sent), nested)?;
        let data = object(&data);
        let fields: Vec<String> = data.keys().cloned().collect();
        self.validate_access(collection, Action::Update, keys, &fields)?;
        let data = self.process_payload(collection, Action::Update, data, nested)?;
        let heard = self.hooked(nested).then(|| Value::Object(data.clone()));
        self.enter();
        let data = self.process_m2o(collection, data, nested)?;
        let data = self.process_a2o(collection, data, nested)?;
        let pk_name = coll.pk();
        let changes = self.changes(&coll, &data)?;
        let has_payload_columns = coll
            .fields
            .values()
            .any(|f| !f.is_alias() && f.name != pk_name && data.contains_key(&f.name));
        // Directus sorts the keys as JavaScript does (as text) before it
        // writes: the nested rows of each key are created in that order.
        // Nested creates carry the parent's key as the request gave it.
        let mut ordered: Vec<(&Pk, Value)> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                let given = sent.get(i).filter(|_| sent.len() == keys.len()).cloned();
                (key, given.unwrap_or_else(|| key.to_value()))
            })
            .collect();
        ordered.sort_by_key(|(k, _)| k.to_string());
        let mut updated = Vec::new();
        for (key, given) in ordered {
            let Some(existing) = self.db.row(collection, key).cloned() else { continue };
            if has_payload_columns {
                let mut row = (*existing).clone();
                for (k, v) in &changes {
                    row.insert(k.clone(), v.clone());
                }
                self.check_row_constraints(&coll, &row, Some(key))?;
                self.db.table_mut(collection).insert(key.clone(), row);
            }
            self.process_o2m(collection, &data, key, &given, nested)?;
            updated.push(key.clone());
        }
        let children = self.leave();
        let written = if has_payload_columns { changes } else { Row::new() };
        self.record_update(collection, &coll, keys, &data, &written, &children);
        self.changed("update", collection, sent.to_vec(), || heard.unwrap_or_default(), nested);
        Ok(updated)
    }

    /// The columns an update writes: submitted values stored, and the values
    /// the server sets on update (`date-updated`, `user-updated`, ...).
    fn changes(&self, coll: &Collection, data: &Map<String, Value>) -> Result<Row> {
        let mut changes = Row::new();
        for field in coll.fields.values() {
            if field.is_alias() || field.name == coll.pk() {
                continue;
            }
            let value = self.submitted(coll, &field.name, data)?;
            if let Some(v) = self.special_value(&field.name, coll, value, Action::Update) {
                changes.insert(field.name.clone(), v);
            }
        }
        Ok(changes)
    }

    /// Records an update of `keys`: `written` are the columns it changed.
    fn record_update(
        &mut self,
        collection: &str,
        coll: &Collection,
        keys: &[Pk],
        data: &Map<String, Value>,
        written: &Row,
        children: &[i64],
    ) {
        if self.log.is_none() {
            return;
        }
        let mut logged = keys.to_vec();
        logged.sort_by_key(|k| k.to_string());
        let delta = activity::update_delta(coll, data, written);
        let revisions = (self.tracking(coll) == Tracking::All && !delta.is_null()).then(|| {
            logged
                .iter()
                .map(|k| {
                    let row = self.db.row(collection, k).map(|r| &**r);
                    (activity::snapshot(&self.db.schema, coll, row), delta.clone())
                })
                .collect()
        });
        self.record(coll, "update", &logged, revisions, children);
    }
}
