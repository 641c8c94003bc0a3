//! Nested O2M writes, after the parent row exists: the children listed in a
//! one-to-many field, in Directus' two forms. The basic form (a list of keys
//! and objects) makes the list the parent's children: each element is
//! linked, updated or created, and the children left out are deselected.
//! The detailed form (`{create, update, delete}`) changes only what it names.
//! A deselected child is nullified or deleted per the relation's
//! `one_deselect_action`. An M2M or M2A field is an O2M onto its junction,
//! whose rows then write their own M2O or M2A side.

use serde_json::{Map, Value};

use super::{Writer, object, validate_key};
use crate::engine::values;
use crate::error::{Error, Result};
use crate::schema::{Collection, DeselectAction, Relation};
use crate::store::Pk;

/// One O2M field of a parent being written.
struct Children {
    /// The relation; its many side (`collection`, `field`) holds the foreign key.
    rel: Relation,
    /// The children's collection.
    coll: Collection,
    /// The parent's key, as the children's foreign key holds it.
    parent: Value,
    /// The parent's key as the request gave it (`"1"` from a URL), which is
    /// what the children's payloads carry in their foreign key, as in Directus.
    given: Value,
    /// The payload path of the field, for validation errors.
    path: Vec<String>,
}

/// What the basic form does with one element of the list.
enum Element {
    /// Already a child of this parent: kept as it is.
    Keep(Pk),
    /// Created, or updated and linked to this parent.
    Upsert(Map<String, Value>),
}

impl Writer<'_, '_> {
    /// Writes the O2M fields of a payload for the parent `parent` of
    /// `collection` (`given`: its key as the request gave it).
    pub(super) fn process_o2m(
        &mut self,
        collection: &str,
        payload: &Map<String, Value>,
        parent: &Pk,
        given: &Value,
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
            let Some(one_field) = rel.one_field.clone() else { continue };
            let mut path = nested.to_vec();
            path.push(one_field.clone());
            let children = Children {
                coll: self.coll(&rel.collection)?,
                rel,
                parent: parent.to_value(),
                given: given.clone(),
                path,
            };
            match payload.get(&one_field) {
                None | Some(Value::Null) => self.replace_children(&children, &[])?,
                Some(Value::Array(items)) => self.replace_children(&children, items)?,
                Some(Value::Object(alterations)) => self.alter_children(&children, alterations)?,
                Some(_) => {
                    return Err(Error::invalid_payload(
                        "Invalid one-to-many update structure: \"value\" must be of type object",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The basic form: `items` become the parent's children.
    fn replace_children(&mut self, children: &Children, items: &[Value]) -> Result<()> {
        // First every element is looked at (unknown keys fail here), then the
        // records are upserted in order, as Directus does.
        let mut saved: Vec<Pk> = Vec::new();
        let mut upserts: Vec<Map<String, Value>> = Vec::new();
        for item in items {
            match self.element(children, item)? {
                Element::Keep(pk) => saved.push(pk),
                Element::Upsert(record) => upserts.push(record),
            }
        }
        let rel = &children.rel;
        for record in upserts {
            saved.push(self.upsert_one(&rel.collection, &Value::Object(record), &children.path)?);
        }
        let saved: std::collections::HashSet<Pk> = saved.into_iter().collect();
        let stale: Vec<Pk> =
            self.linked_children(children).into_iter().filter(|k| !saved.contains(k)).collect();
        self.deselect(rel, &stale, &children.path)
    }

    /// The keys of the children this parent has now, in key order: from the
    /// foreign key's index (a relation's field is always indexed), else a scan.
    fn linked_children(&self, children: &Children) -> Vec<Pk> {
        let rel = &children.rel;
        let Some(table) = self.db.table(&rel.collection) else { return Vec::new() };
        let parent = Pk::from_value(&children.parent);
        match parent.and_then(|p| table.keys_holding_text(&rel.field, &p)) {
            Some(keys) => keys,
            None => table
                .rows
                .iter()
                .filter(|(_, r)| r.get(&rel.field).is_some_and(|p| same_key(p, &children.parent)))
                .map(|(k, _)| k.clone())
                .collect(),
        }
    }

    /// One element of the basic form: a child's key or a record.
    fn element(&self, children: &Children, item: &Value) -> Result<Element> {
        let child_pk = children.coll.pk();
        let (key, record) = match item {
            Value::String(_) | Value::Number(_) => (Some(item), None),
            Value::Object(m) => (m.get(child_pk).filter(|v| !v.is_null()), Some(m)),
            // Directus reads the key off the element: a TypeError (500).
            Value::Null => {
                return Err(Error::internal(format!(
                    "Cannot read properties of null (reading '{child_pk}')"
                )));
            }
            Value::Bool(b) => {
                return Err(Error::internal(format!(
                    "Cannot create property '{}' on boolean '{b}'",
                    children.rel.field
                )));
            }
            // A list loses the foreign key Directus sets on it: an
            // unlinked child without fields.
            Value::Array(_) => return Ok(Element::Upsert(Map::new())),
        };
        let existing = key.and_then(|k| self.child_with_parent(children, k));
        let linked = existing.as_ref().is_some_and(|(_, p)| same_key(p, &children.parent));
        let mut record = match record {
            Some(record) => record.clone(),
            None => {
                let Some((pk, _)) = existing else { return Err(Error::forbidden()) };
                if linked {
                    return Ok(Element::Keep(pk));
                }
                Map::from_iter([(child_pk.to_owned(), pk.to_value())])
            }
        };
        if !linked {
            record.insert(children.rel.field.clone(), children.given.clone());
        }
        Ok(Element::Upsert(record))
    }

    /// An existing child by a key as sent, with the parent its foreign key holds.
    fn child_with_parent(&self, children: &Children, key: &Value) -> Option<(Pk, Value)> {
        let pk = validate_key(&children.coll, key).ok()?;
        let row = self.db.row(&children.rel.collection, &pk)?;
        let parent = row.get(&children.rel.field).cloned().unwrap_or(Value::Null);
        Some((pk, parent))
    }

    /// Whether the child `pk` exists and belongs to this parent.
    fn is_linked(&self, children: &Children, pk: &Pk) -> bool {
        self.db
            .row(&children.rel.collection, pk)
            .and_then(|r| r.get(&children.rel.field))
            .is_some_and(|p| same_key(p, &children.parent))
    }

    /// The detailed form: `create`, then `update`, then `delete`.
    fn alter_children(
        &mut self,
        children: &Children,
        alterations: &Map<String, Value>,
    ) -> Result<()> {
        check_alterations(alterations)?;
        if let Some(Value::Array(creates)) = alterations.get("create") {
            self.create_children(children, creates)?;
        }
        if let Some(Value::Array(updates)) = alterations.get("update") {
            for item in updates {
                self.update_child(children, item)?;
            }
        }
        if let Some(Value::Array(deletes)) = alterations.get("delete") {
            let linked: Vec<Pk> = deletes
                .iter()
                .filter_map(|k| validate_key(&children.coll, k).ok())
                .filter(|k| self.is_linked(children, k))
                .collect();
            self.deselect(&children.rel, &linked, &children.path)?;
        }
        Ok(())
    }

    /// `create`: new children of this parent, numbered after their siblings
    /// when the relation has a sort field.
    fn create_children(&mut self, children: &Children, creates: &[Value]) -> Result<()> {
        let rel = &children.rel;
        let highest = rel.sort_field.as_ref().map(|sf| self.highest_sort(children, sf));
        for (index, item) in creates.iter().enumerate() {
            let mut record = object(item);
            if let (Some(sf), Some(max)) = (&rel.sort_field, highest) {
                let position = (index + 1) as f64;
                let value = if max == 0.0 { position } else { max + position };
                record.entry(sf.clone()).or_insert(values::js_numbers(serde_json::json!(value)));
            }
            record.insert(rel.field.clone(), children.given.clone());
            self.create_one(&rel.collection, &Value::Object(record), &children.path)?;
        }
        Ok(())
    }

    /// The highest sort value among the parent's children (0 without any).
    fn highest_sort(&self, children: &Children, sort_field: &str) -> f64 {
        // Missing sort values continue after the highest sibling, by position
        // in the list (`max + index + 1`; from 1 when the max is 0 or none).
        let Some(table) = self.db.table(&children.rel.collection) else { return 0.0 };
        self.linked_children(children)
            .iter()
            .filter_map(|k| table.get(k))
            .filter_map(|r| r.get(sort_field).and_then(Value::as_f64))
            .fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| a.max(v))))
            .unwrap_or(0.0)
    }

    /// `update`: one child by its key, linked to this parent if it is not yet.
    fn update_child(&mut self, children: &Children, item: &Value) -> Result<()> {
        let child_pk = children.coll.pk();
        let rel = &children.rel;
        let mut record = object(item);
        // Directus looks the child up by a key it does not have: a query
        // builder error (500).
        let Some(key) = record.remove(child_pk) else {
            return Err(Error::internal(format!(
                "Undefined binding(s) detected when compiling FIRST. Undefined column(s): [{child_pk}] query: select `{child_pk}`, `{fk}` from `{coll}` where `{child_pk}` = ? limit ?",
                fk = rel.field,
                coll = rel.collection
            )));
        };
        let pk = validate_key(&children.coll, &key)?;
        if !self.is_linked(children, &pk) {
            record.insert(rel.field.clone(), children.given.clone());
        }
        self.update_many(&rel.collection, &[pk], &Value::Object(record), &children.path)?;
        Ok(())
    }

    /// Children removed from an O2M: nullified or deleted per `one_deselect_action`.
    fn deselect(&mut self, rel: &Relation, keys: &[Pk], path: &[String]) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        match rel.one_deselect_action {
            DeselectAction::Delete => self.delete_many(&rel.collection, keys, path),
            DeselectAction::Nullify => {
                let patch = serde_json::json!({ rel.field.clone(): null });
                self.update_many(&rel.collection, keys, &patch, path).map(|_| ())
            }
        }
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

/// Whether two values are the same key, compared as text (`1` and `"1"`);
/// null is no key.
fn same_key(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => false,
        _ => values::scalar_text(a) == values::scalar_text(b),
    }
}
