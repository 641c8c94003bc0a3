//! Ordering rows by a level's sort keys, as SQL compares values (NULL where
//! the database puts it): a key is a
//! column or function of the row, or a value reached through relation hops
//! (the smallest one ascending, the largest descending, when a hop fans out).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::sync::Arc;

use serde_json::Value;

use super::function::local_value;
use super::{Hop, Level, SortBy, SortKey};
use crate::engine::Ctx;
use crate::engine::values::{order_cmp, sql_cmp};
use crate::query::fields::split_call;
use crate::store::Row;

/// Sorts rows by the level's sort keys (a stable sort: ties keep key order).
pub(super) fn sort_rows(cx: &Ctx<'_>, level: &Level, rows: &mut [Arc<Row>]) {
    let n = level.sort.len();
    if n == 0 || rows.len() < 2 {
        return;
    }
    let order = {
        // One flat list of keys, row by row: column values are borrowed, not copied.
        let keyed: Vec<Cow<'_, Value>> = rows
            .iter()
            .flat_map(|r| level.sort.iter().map(|k| sort_key(cx, level, r, k)))
            .collect();
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        idx.sort_by(|&a, &b| {
            for (i, key) in level.sort.iter().enumerate() {
                let ord = order_cmp(cx.db.vendor, &keyed[a * n + i], &keyed[b * n + i]);
                let ord = if key.desc { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            Ordering::Equal
        });
        idx
    };
    permute(rows, &order);
}

/// Puts `rows` in the order of the indexes in `order`.
fn permute(rows: &mut [Arc<Row>], order: &[usize]) {
    if order.iter().enumerate().all(|(i, &j)| i == j) {
        return;
    }
    let sorted: Vec<Arc<Row>> = order.iter().map(|&i| Arc::clone(&rows[i])).collect();
    rows.clone_from_slice(&sorted);
}

/// [`sort_value`], borrowing a plain column's value from the row.
fn sort_key<'r>(cx: &Ctx<'_>, level: &Level, row: &'r Row, key: &SortKey) -> Cow<'r, Value> {
    static NULL: Value = Value::Null;
    match &key.by {
        SortBy::Local(spec) if split_call(spec).is_none() => {
            Cow::Borrowed(row.get(spec).unwrap_or(&NULL))
        }
        _ => Cow::Owned(sort_value(cx, level, row, key)),
    }
}

/// The value a row sorts by for one key.
fn sort_value(cx: &Ctx<'_>, level: &Level, row: &Row, key: &SortKey) -> Value {
    match &key.by {
        SortBy::Local(spec) => local_value(cx, &level.collection, row, spec),
        SortBy::Output => Value::Null,
        SortBy::Path(hops, column) => {
            let mut current: Vec<(String, Arc<Row>)> =
                vec![(level.collection.clone(), Arc::new(row.clone()))];
            for hop in hops {
                let mut next = Vec::new();
                for (coll, r) in &current {
                    follow(cx, hop, coll, r, &mut next);
                }
                current = next;
            }
            let mut vals: Vec<Value> =
                current.iter().map(|(c, r)| local_value(cx, c, r, column)).collect();
            vals.sort_by(|a, b| order_cmp(cx.db.vendor, a, b));
            if key.desc {
                vals.pop().unwrap_or(Value::Null)
            } else {
                vals.into_iter().next().unwrap_or(Value::Null)
            }
        }
    }
}

/// Pushes the rows one hop reaches from a row of `coll` onto `next`.
fn follow(cx: &Ctx<'_>, hop: &Hop, coll: &str, r: &Row, next: &mut Vec<(String, Arc<Row>)>) {
    match hop {
        Hop::M2o { field, related } => {
            if let Some(t) = r.get(field).and_then(|k| cx.row_by_key(related, k)) {
                next.push((related.clone(), t));
            }
        }
        Hop::O2m { related, fk, .. } => {
            for c in cx.children_of(coll, related, fk, r).iter() {
                next.push((related.clone(), Arc::clone(c)));
            }
        }
        Hop::A2o { field, collection_field, scope } => {
            if r.get(collection_field).and_then(Value::as_str) == Some(scope.as_str())
                && let Some(t) = r.get(field).and_then(|k| cx.row_by_key(scope, k))
            {
                next.push((scope.clone(), t));
            }
        }
    }
}

/// Directus re-sorts each parent's nested list by its first sort key after slicing, NULLs last.
pub(super) fn resort_nulls_last(cx: &Ctx<'_>, level: &Level, rows: &mut [Arc<Row>]) {
    let Some(first) = level.sort.first() else { return };
    if rows.len() < 2 {
        return;
    }
    let order = {
        let keyed: Vec<Cow<'_, Value>> =
            rows.iter().map(|r| sort_key(cx, level, r, first)).collect();
        let mut idx: Vec<usize> = (0..rows.len()).collect();
        idx.sort_by(|&a, &b| match (keyed[a].is_null(), keyed[b].is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => {
                let o = sql_cmp(&keyed[a], &keyed[b]);
                if first.desc { o.reverse() } else { o }
            }
        });
        idx
    };
    permute(rows, &order);
}
