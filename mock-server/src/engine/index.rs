//! Column indexes, built on demand for one version of a table and cached on
//! it (see `store::TableCache`): a hash index answering `_eq` exactly, and
//! the rows sorted by the column for `sort` with a small `limit`.
//!
//! An index only answers a filter by itself when every stored value has the
//! JSON kind the field type implies (`clean`); SQLite-style loose values
//! (text in an integer column) fall back to evaluating the filter per row.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::values::{as_bool, scalar_text, sql_cmp};
use crate::schema::FieldType;
use crate::store::{Row, Table};

/// A hashable form of a value, per the field's comparison rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Null,
    Bool(bool),
    Num(u64),
    Str(String),
}

/// How a field type's `_eq` compares, if an index can answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Bool,
}

fn kind_of(ty: FieldType) -> Option<Kind> {
    match ty {
        FieldType::String | FieldType::Text | FieldType::Uuid => Some(Kind::Text),
        FieldType::Integer | FieldType::BigInteger | FieldType::Float | FieldType::Decimal => {
            Some(Kind::Number)
        }
        FieldType::Boolean => Some(Kind::Bool),
        _ => None,
    }
}

fn num_key(f: f64) -> Key {
    let f = if f == 0.0 { 0.0 } else { f };
    Key::Num(f.to_bits())
}

/// The key of a stored value; `None` when the value has an unexpected kind.
fn stored_key(kind: Kind, v: &Value) -> Option<Key> {
    match (kind, v) {
        (_, Value::Null) => Some(Key::Null),
        (Kind::Text, Value::String(s)) => Some(Key::Str(s.clone())),
        (Kind::Number, Value::Number(n)) => n.as_f64().map(num_key),
        (Kind::Bool, Value::Bool(b)) => Some(Key::Bool(*b)),
        // SQLite stores booleans as 1 and 0.
        (Kind::Bool, Value::Number(n)) if n.as_f64() == Some(1.0) => Some(Key::Bool(true)),
        (Kind::Bool, Value::Number(n)) if n.as_f64() == Some(0.0) => Some(Key::Bool(false)),
        _ => None,
    }
}

/// The key an `_eq` operand selects.
pub(crate) fn operand_key(ty: FieldType, operand: &Value) -> Option<Key> {
    match (kind_of(ty)?, operand) {
        (_, Value::Null) => None,
        (Kind::Text, other) => Some(Key::Str(scalar_text(other))),
        (Kind::Number, Value::Number(n)) => n.as_f64().map(num_key),
        (Kind::Number, _) => None,
        (Kind::Bool, other) => as_bool(other).map(Key::Bool),
    }
}

/// One column of one table version.
#[derive(Debug, Default)]
pub(crate) struct ColumnIndex {
    /// Every stored value has the expected kind: `buckets` answer `_eq` exactly.
    pub(crate) clean: bool,
    /// Rows per distinct value, each list in primary key order.
    pub(crate) buckets: HashMap<Key, Arc<[Arc<Row>]>>,
    /// Rows ordered as `ORDER BY column` with ties in primary key order.
    pub(crate) sorted: Vec<Arc<Row>>,
    /// Start offsets of runs of equal values in `sorted` (for descending order with stable ties).
    pub(crate) runs: Vec<usize>,
}

impl ColumnIndex {
    fn build(table: &Table, field: &str, ty: FieldType) -> ColumnIndex {
        let kind = kind_of(ty);
        let mut clean = kind.is_some();
        let mut lists: HashMap<Key, Vec<Arc<Row>>> = HashMap::new();
        let mut pairs: Vec<(&Value, &Arc<Row>)> = Vec::with_capacity(table.len());
        static NULL: Value = Value::Null;
        for row in table.rows.values() {
            let v = row.get(field).unwrap_or(&NULL);
            if let Some(kind) = kind {
                match stored_key(kind, v) {
                    Some(k) => lists.entry(k).or_default().push(Arc::clone(row)),
                    None => clean = false,
                }
            }
            pairs.push((v, row));
        }
        // Stable: rows arrive in key order, so equal values keep it.
        pairs.sort_by(|a, b| sql_cmp(a.0, b.0));
        let mut runs = Vec::new();
        for i in 0..pairs.len() {
            if i == 0 || sql_cmp(pairs[i - 1].0, pairs[i].0) != Ordering::Equal {
                runs.push(i);
            }
        }
        let sorted = pairs.into_iter().map(|(_, r)| Arc::clone(r)).collect();
        let buckets = if clean {
            lists.into_iter().map(|(k, v)| (k, Arc::from(v))).collect()
        } else {
            HashMap::new()
        };
        ColumnIndex { clean, buckets, sorted, runs }
    }

    /// Rows in `ORDER BY column [DESC]` order; ties stay in primary key order.
    pub(crate) fn ordered(&self, desc: bool) -> Box<dyn Iterator<Item = &Arc<Row>> + '_> {
        if !desc {
            return Box::new(self.sorted.iter());
        }
        let len = self.sorted.len();
        Box::new((0..self.runs.len()).rev().flat_map(move |i| {
            let end = self.runs.get(i + 1).copied().unwrap_or(len);
            self.sorted[self.runs[i]..end].iter()
        }))
    }
}

/// The index of `field` for the current version of `table`.
pub(crate) fn column(table: &Table, field: &str, ty: FieldType) -> Arc<ColumnIndex> {
    table.cache.get_or_build(field, || ColumnIndex::build(table, field, ty))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Pk;
    use serde_json::json;

    fn table(values: &[Value]) -> Table {
        let mut t = Table::default();
        for (i, v) in values.iter().enumerate() {
            let mut row = Row::new();
            row.insert("id".into(), json!(i + 1));
            row.insert("v".into(), v.clone());
            t.insert(Pk::Int(i as i64 + 1), row);
        }
        t
    }

    fn ids<'a>(rows: impl Iterator<Item = &'a Arc<Row>>) -> Vec<i64> {
        rows.filter_map(|r| r.get("id").and_then(Value::as_i64)).collect()
    }

    #[test]
    fn sorted_with_stable_ties_both_ways() {
        let t = table(&[json!(2), json!(1), json!(2), Value::Null]);
        let idx = column(&t, "v", FieldType::Integer);
        assert_eq!(ids(idx.ordered(false)), vec![4, 2, 1, 3]);
        assert_eq!(ids(idx.ordered(true)), vec![1, 3, 2, 4]);
    }

    #[test]
    fn buckets_answer_eq_only_when_clean() {
        let t = table(&[json!("a"), json!("b"), json!("a")]);
        let idx = column(&t, "v", FieldType::String);
        assert!(idx.clean);
        assert_eq!(ids(idx.buckets[&Key::Str("a".into())].iter()), vec![1, 3]);
        let loose = table(&[json!(1), json!("x")]);
        assert!(!column(&loose, "v", FieldType::Integer).clean);
    }

    #[test]
    fn a_write_starts_a_new_cache() {
        let mut t = table(&[json!(1)]);
        let before = column(&t, "v", FieldType::Integer);
        t.insert(
            Pk::Int(9),
            Row::from_iter([("id".to_owned(), json!(9)), ("v".to_owned(), json!(0))]),
        );
        let after = column(&t, "v", FieldType::Integer);
        assert_eq!(before.sorted.len(), 1);
        assert_eq!(after.sorted.len(), 2);
    }
}
