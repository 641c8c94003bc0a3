//! The utilities service: manual sorting (`/utils/sort/:collection`) and
//! clearing caches (`/utils/cache/clear`).
//!
//! Sorting moves one item to the place of another in the collection's
//! `sort_field`, the way the Data Studio's drag handle does. Before moving,
//! Directus repairs the sort column: rows without a value get the next ones
//! after the maximum (in key order), and if any value is shared the whole
//! column is renumbered 1..n by (value, key). The item then takes the target's
//! value and the rows in between shift by one towards the gap. Unlike 12.4,
//! which runs these as separate statements, the mock applies them as one
//! transaction: a sort that fails changes nothing.

use serde_json::{Map, Value};

use super::{Accountability, App};
use crate::config::Profile;
use crate::engine::values::sql_cmp;
use crate::engine::write::Change;
use crate::engine::{Action, typed_key};
use crate::error::{Error, ErrorCode, QueriedIn, Result};
use crate::store::{Db, Pk};

/// The body of a sort request, checked like Directus' zod schema
/// `{item: string | number, to: string | number}` (strict).
fn sort_body(body: &Value) -> Result<(Value, Value)> {
    let Value::Object(map) = body else {
        return Err(zod(vec!["Invalid input: expected object, received array".to_owned()]));
    };
    let mut issues = Vec::new();
    let mut pick = |key: &str| match map.get(key) {
        Some(v @ (Value::String(_) | Value::Number(_))) => Some(v.clone()),
        other => {
            let received = match other {
                None => "undefined",
                Some(Value::Null) => "null",
                Some(Value::Bool(_)) => "boolean",
                Some(Value::Array(_)) => "array",
                _ => "object",
            };
            issues.push(format!(
                "Invalid input: expected string, received {received} at \"{key}\" or Invalid input: expected number, received {received} at \"{key}\""
            ));
            None
        }
    };
    let item = pick("item");
    let to = pick("to");
    let unknown: Vec<String> =
        map.keys().filter(|k| *k != "item" && *k != "to").map(|k| format!("\"{k}\"")).collect();
    match unknown.len() {
        0 => {}
        1 => issues.push(format!("Unrecognized key: {}", unknown[0])),
        _ => issues.push(format!("Unrecognized keys: {}", unknown.join(", "))),
    }
    match (item, to) {
        (Some(item), Some(to)) if issues.is_empty() => Ok((item, to)),
        _ => Err(zod(issues)),
    }
}

fn zod(issues: Vec<String>) -> Error {
    Error::invalid_payload(format!("Validation error: {}", issues.join("; ")))
}

/// `POST /utils/sort/:collection {item, to}`.
pub(crate) fn sort(app: &App, acc: &Accountability, collection: &str, body: &Value) -> Result<()> {
    let db = app.store.snapshot();
    // The route's own check: the collection must exist (permissions come later).
    if db.schema.collection(collection).is_none() {
        return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
    }
    let (item, to) = sort_body(body)?;
    app.store.write(|db| {
        let coll = db.schema.collection(collection).cloned().ok_or_else(Error::forbidden)?;
        // System collections have no row in directus_collections, so no sort field.
        let sort_field = Some(&coll)
            .filter(|c| !c.system)
            .and_then(|c| c.sort_field())
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::invalid_payload(format!("Collection \"{collection}\" doesn't have a sort field"))
            })?;
        if !acc.admin {
            let access = acc.access(db);
            if !access.can(collection, Action::Update) {
                return Err(Error::forbidden_reason(format!(
                    "You don't have permission to perform \"update\" for collection \"{collection}\" or it does not exist."
                )));
            }
            if !access.field_allowed(collection, Action::Update, &sort_field) {
                // Directus interpolates the user as JavaScript prints it: `null` for none.
                let user = acc.user.as_deref().unwrap_or("null");
                return Err(Error::forbidden_reason(format!(
                    "'{user}' does not have permission to read the sort field '{collection}.{sort_field}'"
                )));
            }
        }
        let mut column = SortColumn::read(db, collection, &sort_field);
        column.fill_missing();
        column.renumber_if_shared();
        let found = |key: &Value| typed_key(db, collection, key).filter(|pk| column.has(pk));
        let (Some(item), Some(to)) = (found(&item), found(&to)) else {
            return Err(missing(app.config.profile, &sort_field));
        };
        column.move_to(&item, &to);
        column.write(db, collection, &sort_field);
        Ok(())
    })?;
    // Directus tells realtime subscribers of a sort as an update of the moved
    // item alone (the items it shifted are not named).
    let moved = Change::new("update", collection, vec![item]);
    app.realtime.publish(vec![moved]);
    Ok(())
}

/// The seed's rule for items that do not exist; 12.4 crashes reading the row.
fn missing(profile: Profile, sort_field: &str) -> Error {
    match profile {
        Profile::Seed => Error::forbidden(),
        Profile::Directus12 => Error::new(
            ErrorCode::InternalServerError,
            format!("Cannot read properties of undefined (reading '{sort_field}')"),
        ),
    }
}

/// The sort column of one collection: every row's key and value, in key order.
struct SortColumn {
    rows: Vec<(Pk, Value)>,
    changed: Vec<bool>,
}

impl SortColumn {
    /// An absent value is SQL's NULL; a collection without a table has no rows.
    fn read(db: &Db, collection: &str, field: &str) -> SortColumn {
        let rows: Vec<(Pk, Value)> = db
            .table(collection)
            .map(|t| {
                t.rows
                    .iter()
                    .map(|(pk, row)| (pk.clone(), row.get(field).cloned().unwrap_or(Value::Null)))
                    .collect()
            })
            .unwrap_or_default();
        let changed = vec![false; rows.len()];
        SortColumn { rows, changed }
    }

    fn has(&self, pk: &Pk) -> bool {
        self.rows.iter().any(|(k, _)| k == pk)
    }

    fn set(&mut self, i: usize, value: f64) {
        self.rows[i].1 = number(value);
        self.changed[i] = true;
    }

    fn value(&self, i: usize) -> Option<f64> {
        self.rows[i].1.as_f64()
    }

    /// Rows without a value get max+1, max+2, ... in key order.
    fn fill_missing(&mut self) {
        let mut last = (0..self.rows.len())
            .filter_map(|i| self.value(i))
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
        for i in 0..self.rows.len() {
            if self.rows[i].1.is_null() {
                let next = last.unwrap_or(0.0) + 1.0;
                self.set(i, next);
                last = Some(next);
            }
        }
    }

    /// When two rows share a value, the whole column becomes 1..n by (value, key).
    fn renumber_if_shared(&mut self) {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        order.sort_by(|&a, &b| {
            sql_cmp(&self.rows[a].1, &self.rows[b].1)
                .then_with(|| self.rows[a].0.cmp(&self.rows[b].0))
        });
        let shared =
            order.windows(2).any(|w| sql_cmp(&self.rows[w[0]].1, &self.rows[w[1]].1).is_eq());
        if shared {
            for (n, i) in order.into_iter().enumerate() {
                self.set(i, (n + 1) as f64);
            }
        }
    }

    /// The item takes the target's value; the rows between shift towards the gap.
    fn move_to(&mut self, item: &Pk, to: &Pk) {
        let index = |pk: &Pk| self.rows.iter().position(|(k, _)| k == pk);
        let (Some(i), Some(t)) = (index(item), index(to)) else { return };
        let (Some(source), Some(target)) = (self.value(i), self.value(t)) else { return };
        self.set(i, target);
        for j in 0..self.rows.len() {
            let Some(v) = self.value(j).filter(|_| j != i) else { continue };
            if source < target && v > source && v <= target {
                self.set(j, v - 1.0);
            } else if source >= target && v >= target && v <= source {
                self.set(j, v + 1.0);
            }
        }
    }

    fn write(self, db: &mut Db, collection: &str, field: &str) {
        let table = db.table_mut(collection);
        for ((pk, value), changed) in self.rows.into_iter().zip(self.changed) {
            if !changed {
                continue;
            }
            // Read from this draft: the row is there.
            let Some(row) = table.get(&pk) else { continue };
            let mut row: Map<String, Value> = (**row).clone();
            row.insert(field.to_owned(), value);
            table.insert(pk, row);
        }
    }
}

/// Whole numbers stay integers, as SQLite's integer affinity keeps them.
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 { Value::from(v as i64) } else { Value::from(v) }
}

/// `POST /utils/cache/clear[?system]`: admins only. The caches are the
/// transports' (responses, generated GraphQL schemas), which empty them once
/// this allows it. They are exact (keyed by database generation), so clearing
/// them changes no answer; it frees their memory.
pub(crate) fn clear_cache(acc: &Accountability) -> Result<()> {
    if !acc.admin {
        return Err(Error::forbidden());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    fn column(values: &[Value]) -> SortColumn {
        let rows: Vec<(Pk, Value)> =
            values.iter().enumerate().map(|(i, v)| (Pk::Int(i as i64 + 1), v.clone())).collect();
        let changed = vec![false; rows.len()];
        SortColumn { rows, changed }
    }

    fn values(c: &SortColumn) -> Vec<Value> {
        c.rows.iter().map(|(_, v)| v.clone()).collect()
    }

    // The first two were observed on Directus 12.4 (ids 1..n, sort values as given).
    #[rstest]
    #[case::repair_then_move_down(json!([1, 2, 1, null, 0]), 1, 2, json!([4, 3, 2, 5, 1]))]
    #[case::move_up(json!([4, 3, 2, 5, 1]), 1, 3, json!([2, 4, 3, 5, 1]))]
    #[case::onto_itself(json!([1, 2, 3]), 2, 2, json!([1, 2, 3]))]
    #[case::gaps_are_kept(json!([10, 20, 30]), 1, 3, json!([30, 19, 29]))]
    fn sort_moves_like_directus(
        #[case] before: Value,
        #[case] item: i64,
        #[case] to: i64,
        #[case] after: Value,
    ) {
        let mut c = column(before.as_array().expect("a JSON array"));
        c.fill_missing();
        c.renumber_if_shared();
        c.move_to(&Pk::Int(item), &Pk::Int(to));
        assert_eq!(Value::Array(values(&c)), after);
    }

    #[rstest]
    #[case::missing_to(json!({"item": 1}), "Validation error: Invalid input: expected string, received undefined at \"to\" or Invalid input: expected number, received undefined at \"to\"")]
    #[case::wrong_types(json!({"to": [], "item": {}}), "Validation error: Invalid input: expected string, received object at \"item\" or Invalid input: expected number, received object at \"item\"; Invalid input: expected string, received array at \"to\" or Invalid input: expected number, received array at \"to\"")]
    #[case::extra_keys(json!({"item": 1, "to": 2, "b": 1, "a": 2}), "Validation error: Unrecognized keys: \"b\", \"a\"")]
    #[case::array(json!([1]), "Validation error: Invalid input: expected object, received array")]
    fn sort_body_errors_read_like_zod(#[case] body: Value, #[case] reason: &str) {
        let err = sort_body(&body).expect_err("the body is invalid");
        assert_eq!(err.first().extensions.get("reason"), Some(&json!(reason)));
    }
}
