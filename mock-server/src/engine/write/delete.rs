//! Deleting items with the database's ON DELETE rules: rows that reference a
//! deleted row are deleted in turn (CASCADE), set to null or their default
//! (SET NULL, SET DEFAULT), or refuse the whole delete (NO ACTION, RESTRICT)
//! with SQLite's untranslated error.

use std::collections::HashSet;

use serde_json::Value;

use super::{Writer, inactive};
use crate::engine::{Action, typed_key, values};
use crate::error::{Error, Result};
use crate::schema::{Collection, OnDelete, Relation};
use crate::store::{Pk, Row};
use crate::vendor::{FkRefusal, FkStatement};

impl Writer<'_, '_> {
    /// Deletes items, applying the database's ON DELETE rules to rows that
    /// reference them; `nested` is the payload path of a nested delete.
    pub(crate) fn delete_many(
        &mut self,
        collection: &str,
        keys: &[Pk],
        nested: &[String],
    ) -> Result<()> {
        let shown: Vec<Value> = keys.iter().map(Pk::to_value).collect();
        self.delete_many_as(collection, keys, &shown, nested)
    }

    /// [`Self::delete_many`], with the keys as the client sent them: a delete that
    /// a foreign key refuses is an untranslated database error (500) that quotes
    /// them, as SQLite reports the statement.
    pub(crate) fn delete_many_as(
        &mut self,
        collection: &str,
        keys: &[Pk],
        sent: &[Value],
        nested: &[String],
    ) -> Result<()> {
        let coll = self.coll(collection)?;
        if !coll.active() {
            return Err(inactive(collection));
        }
        self.mutations.track(keys.len())?;
        let (keys, sent) = &self.filter_delete(&coll, keys, sent, nested)?;
        self.validate_access(collection, Action::Delete, keys, &[])?;
        let Some(refused) = self.delete_rows(collection, keys)? else {
            self.record(&coll, "delete", keys, None, &[]);
            self.changed("delete", collection, sent.clone(), || sent.as_slice().into(), nested);
            return Ok(());
        };
        let quoted = sent
            .iter()
            .map(|k| match k {
                Value::String(s) => format!("'{}'", s.replace('\'', "''")),
                other => values::scalar_text(other),
            })
            .collect();
        let parent = refused.related_collection.clone().unwrap_or_default();
        let refusal = FkRefusal {
            parent_key: self.coll(&parent)?.pk().to_owned(),
            parent,
            child: refused.collection,
            field: refused.field,
            on_delete: refused.on_delete.unwrap_or(OnDelete::NoAction),
        };
        let statement =
            FkStatement { database: &self.db.database, table: collection, key: coll.pk(), quoted };
        Err(Error::internal(self.db.vendor.fk_delete_message(&statement, &refusal)))
    }

    /// The keys a nested delete's filter hooks leave (Directus deletes those).
    fn filter_delete(
        &mut self,
        coll: &Collection,
        keys: &[Pk],
        sent: &[Value],
        nested: &[String],
    ) -> Result<(Vec<Pk>, Vec<Value>)> {
        match self.filter_nested(&coll.name, "delete", sent.into(), None, nested)? {
            Value::Array(left) if left.as_slice() != sent => {
                let pks =
                    left.iter().map(|k| super::validate_key(coll, k)).collect::<Result<_>>()?;
                Ok((pks, left))
            }
            _ => Ok((keys.to_vec(), sent.to_vec())),
        }
    }

    /// Deletes rows and what cascades from them; the relation that refuses
    /// when a foreign key without an ON DELETE action still points at one of them.
    fn delete_rows(&mut self, collection: &str, keys: &[Pk]) -> Result<Option<Relation>> {
        let existing: Vec<Pk> =
            keys.iter().filter(|k| self.db.row(collection, k).is_some()).cloned().collect();
        if existing.is_empty() {
            return Ok(None);
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
            if let Some(refused) = self.on_delete(collection, &existing, &rel)? {
                return Ok(Some(refused));
            }
        }
        let table = self.db.table_mut(collection);
        for k in &existing {
            table.remove(k);
        }
        Ok(None)
    }

    /// Applies one relation's ON DELETE rule to the rows that reference the
    /// deleted `keys` of `collection`; the refusing relation when the rule refuses.
    fn on_delete(
        &mut self,
        collection: &str,
        keys: &[Pk],
        rel: &Relation,
    ) -> Result<Option<Relation>> {
        let Some(child_table) = self.db.table(&rel.collection) else { return Ok(None) };
        let wanted: HashSet<&Pk> = keys.iter().collect();
        let references = |r: &Row| {
            r.get(&rel.field)
                .and_then(|v| typed_key(self.db, collection, v))
                .is_some_and(|k| wanted.contains(&k))
        };
        // From the foreign key's index (a relation's field is always indexed), else a scan.
        let indexed: Option<Vec<Pk>> = keys
            .iter()
            .map(|k| child_table.keys_holding_text(&rel.field, k))
            .collect::<Option<Vec<Vec<Pk>>>>()
            .map(|lists| lists.into_iter().flatten().collect());
        let mut hits: Vec<Pk> = match indexed {
            Some(found) => found
                .into_iter()
                .filter(|k| child_table.get(k).is_some_and(|r| references(r)))
                .collect(),
            None => child_table
                .rows
                .iter()
                .filter(|(_, r)| references(r))
                .map(|(k, _)| k.clone())
                .collect(),
        };
        hits.sort();
        hits.dedup();
        if hits.is_empty() {
            return Ok(None);
        }
        // The caller passes only relations with a rule: the default is never taken.
        match rel.on_delete.unwrap_or(OnDelete::NoAction) {
            OnDelete::Cascade => self.delete_rows(&rel.collection, &hits),
            OnDelete::SetNull | OnDelete::SetDefault => {
                self.unlink(rel, hits);
                Ok(None)
            }
            OnDelete::NoAction | OnDelete::Restrict => Ok(Some(rel.clone())),
        }
    }

    /// SET NULL and SET DEFAULT: the referencing rows lose their reference.
    fn unlink(&mut self, rel: &Relation, hits: Vec<Pk>) {
        let default = if rel.on_delete == Some(OnDelete::SetDefault) {
            self.db
                .schema
                .field(&rel.collection, &rel.field)
                .map(super::stored_default)
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
}
