//! Restoring rows as a database dump would: the values a source stored (or
//! served) put back as they were, for fixtures and imported state. Unlike a
//! create, nothing is set by the server (`date-created`, `user-created` and
//! generated uuids keep the given values), no access, validation or foreign
//! key is checked (the source was consistent; its rows may come in any
//! order), alias fields are left out (they store nothing), and values keep
//! what they are: a hash already hashed is not hashed again, a concealed
//! value (`**********`, what an API read shows for a hash or a token) is
//! stored as NULL. Values are still cast for storage as a create casts them
//! (SQLite's affinity, dates, csv), which is idempotent on stored values.

use serde_json::Value;

use super::{Writer, object, validate_key};
use crate::error::{Error, Result};
use crate::schema::{Collection, FieldType};
use crate::store::{Pk, Row};

/// What an API read shows instead of a concealed value.
pub(crate) const CONCEALED: &str = "**********";

/// What a restore left out of its rows, for the log.
#[derive(Debug, Default)]
pub(crate) struct Restored {
    /// Rows written.
    pub(crate) rows: usize,
    /// Columns the collection does not have, with how many rows held them.
    pub(crate) unknown_fields: Vec<(String, usize)>,
}

impl Writer<'_, '_> {
    /// Writes rows into `collection` as given (replacing rows with the same key).
    pub(crate) fn restore_rows(&mut self, collection: &str, rows: &[Value]) -> Result<Restored> {
        let coll = self.coll(collection)?;
        let mut restored = Restored::default();
        for (i, item) in rows.iter().enumerate() {
            let Value::Object(given) = item else {
                return Err(Error::invalid_payload(format!(
                    "{collection}, row {i}: expected an object"
                )));
            };
            for key in given.keys() {
                if coll.fields.contains_key(key) {
                    continue;
                }
                match restored.unknown_fields.iter_mut().find(|(k, _)| k == key) {
                    Some((_, n)) => *n += 1,
                    None => restored.unknown_fields.push((key.clone(), 1)),
                }
            }
            let row = self.restored_row(&coll, item)?;
            let pk = match row.get(coll.pk()).filter(|v| !v.is_null()) {
                Some(key) => validate_key(&coll, key).map_err(|_| {
                    Error::invalid_payload(format!(
                        "{collection}, row {i}: the key {key} does not fit the primary key's type"
                    ))
                })?,
                None => Pk::Int(self.db.table_mut(collection).next_id()),
            };
            let mut row = row;
            row.insert(coll.pk().to_owned(), pk.to_value());
            self.db.table_mut(collection).insert(pk, row);
            restored.rows += 1;
        }
        Ok(restored)
    }

    /// A row's stored columns: given values cast for storage, the column's
    /// default where the row has none.
    fn restored_row(&self, coll: &Collection, item: &Value) -> Result<Row> {
        let given = object(item);
        let mut row = Row::new();
        for field in coll.fields.values() {
            if field.is_alias() {
                continue;
            }
            let value = match given.get(&field.name) {
                None => self.default_value(field),
                Some(Value::String(s)) if s == CONCEALED => Value::Null,
                // JSON is kept as given: a JSON string that looks like JSON stays a string.
                Some(v) if field.ty == FieldType::Json => v.clone(),
                Some(Value::String(s)) if field.is_concealed() && s.starts_with("$argon2") => {
                    Value::String(s.clone())
                }
                Some(_) => self.submitted(coll, &field.name, &given)?.unwrap_or(Value::Null),
            };
            row.insert(field.name.clone(), value);
        }
        Ok(row)
    }
}
