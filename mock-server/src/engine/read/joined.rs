//! 12.4's aggregates over joined rows (`--profile directus-12`): an aggregate
//! whose filter goes through a one-to-many relation runs over a LEFT JOIN of
//! every child of each relation the filter names (the same relational path is
//! one join, however often the filter names it; a parent without children is
//! one row of NULLs). A condition written without a quantifier is tested on
//! each joined row; `_some`/`_none` keep testing all children, but their join
//! multiplies the parent all the same; `count(children)` joins nothing. So a
//! parent counts (and sums) once per joined row that passes the filter;
//! `count(*)` and a count of the primary key stay distinct.
//!
//! Observed on 12.4 (SQLite): parents 1..4 with children x=[1,2,3], [5], [], [7,8];
//! `filter[kids][x][_gt]=1&aggregate[sum]=v` is 12 (2×1 + 1×2 + 2×4), with
//! `_some` 13, `_and:[kids.x>1, kids.x<3]` 1 (one child row holds both).
//! The mock follows joins from the root and through many-to-ones; a
//! one-to-many inside another one's condition is tested as usual.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::engine::Ctx;
use crate::engine::filter::{Cond, Quant};
use crate::store::{Pk, Row};

/// Join products larger than this are left as one row (the fixture's are far smaller).
const MAX_JOINED: usize = 10_000;

/// One join: its relational path, the children's collection, and the rows it adds.
struct Join {
    path: String,
    related: String,
    children: Vec<Option<Arc<Row>>>,
}

/// How many joined rows of `row` pass `cond` (1 when the filter names no one-to-many).
pub(crate) fn multiplicity(cx: &Ctx<'_>, cond: &Cond, row: &Arc<Row>, collection: &str) -> usize {
    let mut joins = Vec::new();
    collect(cx, cond, Some(row), collection, "", &mut joins);
    if joins.is_empty() {
        return 1;
    }
    let total = joins.iter().try_fold(1usize, |n, j| n.checked_mul(j.children.len()));
    if total.is_none_or(|n| n > MAX_JOINED) {
        return 1;
    }
    let mut passing = 0;
    let mut index = vec![0usize; joins.len()];
    loop {
        let binding: HashMap<&str, (Option<&Row>, &str)> = joins
            .iter()
            .zip(&index)
            .map(|(j, &i)| (j.path.as_str(), (j.children[i].as_deref(), j.related.as_str())))
            .collect();
        if bound(cx, cond, Some(row), collection, "", &binding) {
            passing += 1;
        }
        // The next combination, as an odometer over the joins.
        let mut k = 0;
        loop {
            if k == joins.len() {
                return passing;
            }
            index[k] += 1;
            if index[k] < joins[k].children.len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

/// The row a many-to-one field of `row` points at.
fn m2o_row(cx: &Ctx<'_>, row: Option<&Row>, field: &str, related: &str) -> Option<Arc<Row>> {
    let fk = row.and_then(|r| r.get(field)).cloned().unwrap_or(Value::Null);
    Pk::from_value(&fk).and_then(|pk| cx.db.row(related, &pk).cloned())
}

/// The joins a condition makes, from the root and through many-to-ones.
fn collect(
    cx: &Ctx<'_>,
    cond: &Cond,
    row: Option<&Row>,
    collection: &str,
    prefix: &str,
    joins: &mut Vec<Join>,
) {
    match cond {
        Cond::All(items) | Cond::Any(items) => {
            for c in items {
                collect(cx, c, row, collection, prefix, joins);
            }
        }
        Cond::M2o { field, related, inner } => {
            let target = m2o_row(cx, row, field, related);
            collect(cx, inner, target.as_deref(), related, &format!("{prefix}{field}."), joins);
        }
        Cond::O2m { related, fk, .. } => {
            let path = format!("{prefix}{related}.{fk}");
            if joins.iter().any(|j| j.path == path) {
                return;
            }
            let children = match row {
                Some(r) => cx.children_of(collection, related, fk, r),
                None => Arc::new(Vec::new()),
            };
            let mut children: Vec<Option<Arc<Row>>> = children.iter().cloned().map(Some).collect();
            if children.is_empty() {
                children.push(None);
            }
            joins.push(Join { path, related: related.clone(), children });
        }
        _ => {}
    }
}

/// Whether a condition holds for one joined row: a condition without a
/// quantifier on a joined relation tests that row's child.
fn bound(
    cx: &Ctx<'_>,
    cond: &Cond,
    row: Option<&Row>,
    collection: &str,
    prefix: &str,
    binding: &HashMap<&str, (Option<&Row>, &str)>,
) -> bool {
    match cond {
        Cond::All(items) => items.iter().all(|c| bound(cx, c, row, collection, prefix, binding)),
        Cond::Any(items) => items.iter().any(|c| bound(cx, c, row, collection, prefix, binding)),
        Cond::M2o { field, related, inner } => {
            let target = m2o_row(cx, row, field, related);
            bound(cx, inner, target.as_deref(), related, &format!("{prefix}{field}."), binding)
        }
        Cond::O2m { related, fk, quant: Quant::Implicit, inner } => {
            match binding.get(format!("{prefix}{related}.{fk}").as_str()) {
                Some((child, child_collection)) => inner.eval(*child, cx, child_collection),
                None => cond.eval(row, cx, collection),
            }
        }
        other => other.eval(row, cx, collection),
    }
}

/// Whether a condition names a one-to-many (the only filters 12.4 joins for).
pub(crate) fn joins_any(cond: &Cond) -> bool {
    match cond {
        Cond::All(items) | Cond::Any(items) => items.iter().any(joins_any),
        Cond::M2o { inner, .. } => joins_any(inner),
        Cond::O2m { .. } => true,
        _ => false,
    }
}
