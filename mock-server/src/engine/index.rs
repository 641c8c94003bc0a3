//! Column indexes, built on the first read that needs one and cached on the
//! table (see `store::TableCache`), then kept up to date by every write to it
//! in O(log n) per row: a hash index answering `_eq` exactly, and the rows
//! sorted by the column for `sort` with a small `limit`.
//!
//! An index only answers a filter by itself when every stored value has the
//! JSON kind the field type implies (`clean`); SQLite-style loose values
//! (text in an integer column) fall back to evaluating the filter per row.
//! Under MariaDB's collation (the `mysql` mode) text is keyed and ordered by
//! its collation key, so a bucket holds every value equal to the operand
//! (`Alice` and `alice`) and ties in the order are those the database sees.

use std::cmp::Ordering;
use std::sync::Arc;

use imbl::{HashMap as PHashMap, OrdMap};
use serde_json::Value;

use super::values::{as_bool, scalar_text, sql_cmp};
use crate::schema::FieldType;
use crate::store::{Derived, Pk, Row, Table};
use crate::vendor::{CollationKey, Vendor};

/// A hashable form of a value, per the field's comparison rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Null,
    Bool(bool),
    Num(u64),
    Str(String),
    /// Text under the database's collation.
    Coll(CollationKey),
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
fn stored_key(kind: Kind, collated: bool, v: &Value) -> Option<Key> {
    match (kind, v) {
        (_, Value::Null) => Some(Key::Null),
        (Kind::Text, Value::String(s)) if collated => Some(Key::Coll(CollationKey::of(s))),
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
pub(crate) fn operand_key(vendor: Vendor, ty: FieldType, operand: &Value) -> Option<Key> {
    match (kind_of(ty)?, operand) {
        (_, Value::Null) => None,
        (Kind::Text, Value::String(s)) if vendor.collates(ty) => {
            Some(Key::Coll(CollationKey::of(s)))
        }
        (Kind::Text, other) => Some(Key::Str(scalar_text(other))),
        (Kind::Number, Value::Number(n)) => n.as_f64().map(num_key),
        (Kind::Number, _) => None,
        (Kind::Bool, other) => as_bool(other).map(Key::Bool),
    }
}

/// A stored value ordered as SQL orders it ([`sql_cmp`]), with its collation key where
/// the database compares text under a collation.
#[derive(Debug, Clone)]
pub(crate) struct SortVal(Value, Option<CollationKey>);

impl SortVal {
    fn of(vendor: Vendor, v: &Value) -> SortVal {
        SortVal(v.clone(), vendor.text_key(FieldType::String, v))
    }
}

impl PartialEq for SortVal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SortVal {}

impl PartialOrd for SortVal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortVal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.1, &other.1) {
            (Some(a), Some(b)) => a.cmp(b),
            _ => sql_cmp(&self.0, &other.0),
        }
    }
}

type SortKey = (SortVal, Pk);

/// One column of a table, built once and then kept up to date by the store
/// as rows change ([`Derived::follow`]): persistent maps, so the next version
/// shares all but O(log n) nodes with this one.
#[derive(Debug, Clone)]
pub(crate) struct ColumnIndex {
    field: Arc<str>,
    kind: Option<Kind>,
    /// The database whose comparison the index follows.
    vendor: Vendor,
    /// Whether the column's text is keyed by its collation key.
    collated: bool,
    /// Stored values whose kind is not the one the field type implies.
    loose: usize,
    /// Rows per distinct value (only values of the expected kind).
    buckets: PHashMap<Key, OrdMap<Pk, Arc<Row>>>,
    /// Rows ordered as `ORDER BY column` with ties in primary key order.
    sorted: OrdMap<SortKey, Arc<Row>>,
}

static NULL: Value = Value::Null;

#[cfg(test)]
thread_local! {
    /// Rows visited by [`ColumnIndex::build`] on this thread (tests count work).
    pub(crate) static BUILT_ROWS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl ColumnIndex {
    fn build(vendor: Vendor, table: &Table, field: &str, ty: FieldType) -> ColumnIndex {
        let mut index = ColumnIndex {
            field: Arc::from(field),
            kind: kind_of(ty),
            vendor,
            collated: vendor.collates(ty),
            loose: 0,
            buckets: PHashMap::new(),
            sorted: OrdMap::new(),
        };
        for (pk, row) in table.rows.iter() {
            index.add(pk, row);
        }
        #[cfg(test)]
        BUILT_ROWS.with(|c| c.set(c.get() + table.len()));
        index
    }

    fn add(&mut self, pk: &Pk, row: &Arc<Row>) {
        let v = row.get(&*self.field).unwrap_or(&NULL);
        if let Some(kind) = self.kind {
            match stored_key(kind, self.collated, v) {
                Some(k) => {
                    self.buckets.entry(k).or_default().insert(pk.clone(), Arc::clone(row));
                }
                None => self.loose += 1,
            }
        }
        self.sorted.insert((SortVal::of(self.vendor, v), pk.clone()), Arc::clone(row));
    }

    fn drop_row(&mut self, pk: &Pk, row: &Row) {
        let v = row.get(&*self.field).unwrap_or(&NULL);
        if let Some(kind) = self.kind {
            match stored_key(kind, self.collated, v) {
                Some(k) => {
                    if let Some(bucket) = self.buckets.get_mut(&k) {
                        bucket.remove(pk);
                        if bucket.is_empty() {
                            self.buckets.remove(&k);
                        }
                    }
                }
                None => self.loose = self.loose.saturating_sub(1),
            }
        }
        self.sorted.remove(&(SortVal::of(self.vendor, v), pk.clone()));
    }

    /// Every stored value has the expected kind: [`Self::bucket`] answers `_eq` exactly.
    pub(crate) fn clean(&self) -> bool {
        self.kind.is_some() && self.loose == 0
    }

    /// The rows holding `key`, in primary key order (meaningful when [`Self::clean`]).
    pub(crate) fn bucket(&self, key: &Key) -> impl Iterator<Item = &Arc<Row>> {
        self.buckets.get(key).into_iter().flat_map(|rows| rows.values())
    }

    /// How many rows hold `key`, in O(1).
    pub(crate) fn bucket_len(&self, key: &Key) -> usize {
        self.buckets.get(key).map_or(0, OrdMap::len)
    }

    /// Rows in `ORDER BY column [DESC]` order; ties stay in primary key order.
    /// Descending walks the index backwards and hands each run of equal
    /// values out in primary key order, so taking k rows costs O(k) after
    /// an O(log n) start.
    pub(crate) fn ordered(&self, desc: bool) -> Box<dyn Iterator<Item = &Arc<Row>> + '_> {
        if !desc {
            return Box::new(self.sorted.values());
        }
        let mut back = self.sorted.iter().rev().peekable();
        // The current run, last key first: popping hands it out in key order.
        let mut run: Vec<&Arc<Row>> = Vec::new();
        Box::new(std::iter::from_fn(move || {
            if run.is_empty() {
                let ((v, _), r) = back.next()?;
                run.push(r);
                while let Some((_, r)) = back.next_if(|((w, _), _)| w == v) {
                    run.push(r);
                }
            }
            run.pop()
        }))
    }
}

impl Derived for ColumnIndex {
    fn follow(&self, pk: &Pk, old: Option<&Arc<Row>>, new: Option<&Arc<Row>>) -> Arc<dyn Derived> {
        let mut next = self.clone();
        if let Some(old) = old {
            next.drop_row(pk, old);
        }
        if let Some(new) = new {
            next.add(pk, new);
        }
        Arc::new(next)
    }
}

/// The index of `field` for the current version of `table`, comparing as
/// the database `vendor` does (a table's vendor never changes).
pub(crate) fn column(
    vendor: Vendor,
    table: &Table,
    field: &str,
    ty: FieldType,
) -> Arc<ColumnIndex> {
    table.cache.get_or_build(field, || ColumnIndex::build(vendor, table, field, ty))
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
        let idx = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
        assert_eq!(ids(idx.ordered(false)), vec![4, 2, 1, 3]);
        assert_eq!(ids(idx.ordered(true)), vec![1, 3, 2, 4]);
    }

    #[test]
    fn buckets_answer_eq_only_when_clean() {
        let t = table(&[json!("a"), json!("b"), json!("a")]);
        let idx = column(Vendor::Sqlite, &t, "v", FieldType::String);
        assert!(idx.clean());
        assert_eq!(ids(idx.bucket(&Key::Str("a".into()))), vec![1, 3]);
        let loose = table(&[json!(1), json!("x")]);
        assert!(!column(Vendor::Sqlite, &loose, "v", FieldType::Integer).clean());
    }

    fn row(id: i64, v: Value) -> Row {
        Row::from_iter([("id".to_owned(), json!(id)), ("v".to_owned(), v)])
    }

    #[test]
    fn a_write_makes_a_new_version_and_keeps_the_old_one() {
        let mut t = table(&[json!(1)]);
        let before = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
        t.insert(Pk::Int(9), row(9, json!(0)));
        let after = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
        assert_eq!(ids(before.ordered(false)), vec![1]);
        assert_eq!(ids(after.ordered(false)), vec![9, 1]);
    }

    /// Rows visited building indexes while `f` runs on this thread.
    fn built_rows(f: impl FnOnce()) -> usize {
        let start = BUILT_ROWS.with(std::cell::Cell::get);
        f();
        BUILT_ROWS.with(std::cell::Cell::get) - start
    }

    #[test]
    fn reads_between_writes_build_the_index_once_whatever_the_table_size() {
        for size in [1_000usize, 20_000] {
            let values: Vec<Value> = (0..size).map(|i| json!(i % 7)).collect();
            let mut t = table(&values);
            let visited = built_rows(|| {
                for w in 0..50i64 {
                    let idx = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
                    // A read of the 5 last rows in descending order.
                    let top: Vec<i64> = ids(idx.ordered(true).take(5));
                    assert_eq!(top.len(), 5);
                    let pk = size as i64 + 1 + w;
                    t.insert(Pk::Int(pk), row(pk, json!(100 + w)));
                    t.remove(&Pk::Int(w + 1));
                    let idx = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
                    assert_eq!(ids(idx.ordered(true).take(1)), vec![pk]);
                    assert_eq!(idx.bucket_len(&Key::Num(100f64.to_bits())), 1);
                }
            });
            // One build over the table, then only the changed rows: not 50 rebuilds.
            assert_eq!(visited, size, "size {size}");
        }
    }

    #[test]
    fn a_kept_index_equals_a_fresh_build() {
        let mut t = table(&[json!(3), json!(1), json!("x"), Value::Null, json!(1)]);
        let _ = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
        t.insert(Pk::Int(3), row(3, json!(2)));
        t.insert(Pk::Int(6), row(6, json!(1)));
        t.remove(&Pk::Int(1));
        let kept = column(Vendor::Sqlite, &t, "v", FieldType::Integer);
        let fresh = ColumnIndex::build(Vendor::Sqlite, &t, "v", FieldType::Integer);
        assert!(kept.clean(), "the loose value was overwritten");
        for desc in [false, true] {
            assert_eq!(ids(kept.ordered(desc)), ids(fresh.ordered(desc)));
        }
        assert_eq!(ids(kept.ordered(true)), vec![3, 2, 5, 6, 4]);
        assert_eq!(ids(kept.bucket(&Key::Num(1f64.to_bits()))), vec![2, 5, 6]);
    }
}
