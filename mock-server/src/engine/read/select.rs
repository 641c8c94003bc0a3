//! Selecting the rows of one level: filter, search, sort and paginate.
//! Candidates come from the primary key or an exact equality index when the
//! level's condition pins one; a small page in one column's order walks that
//! column's sorted index; everything else scans in key order and sorts.

use std::sync::Arc;

use serde_json::Value;

use super::sort::sort_rows;
use super::{Level, SortBy};
use crate::engine::filter::{self, Cond};
use crate::engine::{Ctx, index, typed_key, values};
use crate::schema::FieldType;
use crate::store::{Pk, Row, Table};

/// The rows of a level that pass its filter and search, in sort order, within
/// its offset and limit. Uses the primary key and column indexes where they
/// answer exactly; otherwise scans in key order.
pub(crate) fn select(cx: &Ctx<'_>, level: &Level) -> Vec<Arc<Row>> {
    let Some(table) = cx.db.table(&level.collection) else { return Vec::new() };
    let pk = cx.db.schema.pk_of(&level.collection).to_owned();
    let pk_order = level.sort.is_empty()
        || (level.sort.len() == 1
            && !level.sort[0].desc
            && matches!(&level.sort[0].by, SortBy::Local(f) if *f == pk));

    // Candidates: by primary key, from an equality index, or every row (all in key order).
    let (candidates, residual) = candidates(cx, level, table, &pk);
    let keep_candidate = |r: &Arc<Row>| passes(cx, level, &residual, r);
    let rows_iter: Box<dyn Iterator<Item = &Arc<Row>>> = match &candidates {
        Some(rows) => Box::new(rows.iter().take_while(|_| cx.in_budget())),
        None => Box::new(table.rows.values().take_while(|_| cx.in_budget())),
    };

    if pk_order {
        let it = rows_iter.filter(|r| keep_candidate(r)).skip(level.offset);
        return match level.limit {
            Some(l) => it.take(l).cloned().collect(),
            None => it.cloned().collect(),
        };
    }
    let pool = candidates.as_ref().map_or(table.len(), |c| c.len());
    if let Some(rows) = by_column_index(cx, level, table, pool) {
        return rows;
    }
    let mut rows: Vec<Arc<Row>> = rows_iter.filter(|r| keep_candidate(r)).cloned().collect();
    sort_rows(cx, level, &mut rows);
    paginate(rows, level)
}

/// Whether a row passes a condition and the level's search.
fn passes(cx: &Ctx<'_>, level: &Level, cond: &Cond, r: &Arc<Row>) -> bool {
    cond.eval(Some(r), cx, &level.collection)
        && level.search.as_ref().is_none_or(|s| matches_search(cx, &level.collection, r, s))
}

/// Candidate rows, in key order: listed, or one bucket of an equality index
/// (walked in place, so selecting it costs nothing until rows are taken).
enum Candidates {
    Listed(Vec<Arc<Row>>),
    Bucket(Arc<index::ColumnIndex>, index::Key),
}

impl Candidates {
    fn len(&self) -> usize {
        match self {
            Candidates::Listed(rows) => rows.len(),
            Candidates::Bucket(index, key) => index.bucket_len(key),
        }
    }

    fn iter(&self) -> Box<dyn Iterator<Item = &Arc<Row>> + '_> {
        match self {
            Candidates::Listed(rows) => Box::new(rows.iter()),
            Candidates::Bucket(index, key) => Box::new(index.bucket(key)),
        }
    }
}

/// The rows the primary key or an equality index selects (in key order), and
/// the condition left to check on them; `None` for every row.
fn candidates(cx: &Ctx<'_>, level: &Level, table: &Table, pk: &str) -> (Option<Candidates>, Cond) {
    // Text keys under MariaDB's collation match more than the key itself
    // (`ALICE` finds `Alice`): the equality index answers those.
    let pk_type = cx.db.schema.field(&level.collection, pk).map_or(FieldType::Integer, |f| f.ty);
    if let Some((keys, residual)) =
        pk_split(&level.cond, pk).filter(|_| !cx.db.vendor.collates(pk_type))
    {
        let mut pks: Vec<Pk> =
            keys.iter().filter_map(|k| typed_key(cx.db, &level.collection, k)).collect();
        pks.sort();
        pks.dedup();
        let rows: Vec<Arc<Row>> = pks.iter().filter_map(|k| table.get(k).cloned()).collect();
        // The looked-up keys are the key condition: checking it again on each
        // row would cost the number of keys per row.
        return (Some(Candidates::Listed(rows)), residual);
    }
    match eq_bucket(cx, level) {
        Some((rows, residual)) => (Some(rows), residual),
        None => (None, level.cond.clone()),
    }
}

/// One plain column with a small window: walk that column's sorted index.
/// `pool` is how many candidate rows the other plans would look at.
fn by_column_index(
    cx: &Ctx<'_>,
    level: &Level,
    table: &Table,
    pool: usize,
) -> Option<Vec<Arc<Row>>> {
    let want = level.offset.saturating_add(level.limit?);
    let [key] = level.sort.as_slice() else { return None };
    let SortBy::Local(col) = &key.by else { return None };
    let field = cx.db.schema.field(&level.collection, col).filter(|f| !f.is_alias())?;
    let worth_it = pool > 0 && want.saturating_mul(table.len()) / pool < pool;
    if !worth_it {
        return None;
    }
    let index = index::column(cx.db.vendor, table, col, field.ty);
    let mut out = Vec::with_capacity(want.min(64));
    // `want` may be 0 (`limit=0`): check before taking a row, not after.
    for r in index.ordered(key.desc) {
        if out.len() >= want {
            break;
        }
        if passes(cx, level, &level.cond, r) {
            out.push(Arc::clone(r));
        }
    }
    Some(out.into_iter().skip(level.offset).collect())
}

/// How many rows of a level pass its filter and search (offset and limit ignored).
pub(crate) fn count(cx: &Ctx<'_>, level: &Level) -> usize {
    let Some(table) = cx.db.table(&level.collection) else { return 0 };
    if level.search.is_none() {
        if level.cond.is_true() {
            return table.len();
        }
        if let Some((rows, Cond::True)) = eq_bucket(cx, level) {
            return rows.len();
        }
    }
    let unbounded = Level { limit: None, offset: 0, sort: Vec::new(), ..level.clone() };
    select(cx, &unbounded).len()
}

/// Keys a condition pins the primary key to (`pk = v`, `pk IN (...)`, in a top-level AND).
fn pk_split(cond: &Cond, pk: &str) -> Option<(Vec<Value>, Cond)> {
    match cond {
        Cond::Leaf { target: filter::Target::Column { field, .. }, op, operand } if field == pk => {
            let keys = match op {
                crate::query::filter::Op::Eq if !operand.is_null() => vec![operand.clone()],
                crate::query::filter::Op::In => operand.as_array().cloned()?,
                _ => return None,
            };
            Some((keys, Cond::True))
        }
        Cond::All(items) => items.iter().enumerate().find_map(|(i, c)| {
            let (keys, rest) = pk_split(c, pk)?;
            let mut items = items.clone();
            items[i] = rest;
            items.retain(|c| !c.is_true());
            let residual = if items.is_empty() { Cond::True } else { Cond::All(items) };
            Some((keys, residual))
        }),
        _ => None,
    }
}

/// Rows an exact equality index selects for a top-level `_eq`, and what is left to check.
fn eq_bucket(cx: &Ctx<'_>, level: &Level) -> Option<(Candidates, Cond)> {
    let table = cx.db.table(&level.collection)?;
    let pick = |c: &Cond| -> Option<Candidates> {
        let Cond::Leaf {
            target: filter::Target::Column { field, ty },
            op: crate::query::filter::Op::Eq,
            operand,
        } = c
        else {
            return None;
        };
        let key = index::operand_key(cx.db.vendor, *ty, operand)?;
        let index = index::column(cx.db.vendor, table, field, *ty);
        if !index.clean() {
            return None;
        }
        Some(Candidates::Bucket(index, key))
    };
    match &level.cond {
        Cond::All(items) => {
            let (i, rows) = items.iter().enumerate().find_map(|(i, c)| pick(c).map(|r| (i, r)))?;
            let rest: Vec<Cond> =
                items.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c.clone()).collect();
            let residual = if rest.is_empty() { Cond::True } else { Cond::All(rest) };
            Some((rows, residual))
        }
        other => pick(other).map(|rows| (rows, Cond::True)),
    }
}

/// Applies the level's offset and limit.
pub(super) fn paginate<T>(rows: Vec<T>, level: &Level) -> Vec<T> {
    let it = rows.into_iter().skip(level.offset);
    match level.limit {
        Some(l) => it.take(l).collect(),
        None => it.collect(),
    }
}

/// Whether a row matches `search`: text columns contain it (case-insensitive),
/// number columns equal it, uuid columns are it.
pub(super) fn matches_search(cx: &Ctx<'_>, collection: &str, row: &Row, term: &str) -> bool {
    let Some(coll) = cx.db.schema.collection(collection) else { return false };
    let lower = term.to_lowercase();
    let numeric = canonical_number(term);
    let uuid = uuid::Uuid::parse_str(term).is_ok();
    coll.fields.values().any(|f| {
        if !f.searchable() || f.has_special("conceal") || f.is_alias() {
            return false;
        }
        let Some(v) = row.get(&f.name) else { return false };
        match f.ty {
            // `LOWER(column) LIKE '%term%'`, under MariaDB's collation in its mode.
            FieldType::String | FieldType::Text if cx.db.vendor.collates(f.ty) => {
                v.as_str().is_some_and(|s| {
                    crate::vendor::collated_like(&s.to_lowercase(), &format!("%{lower}%"))
                })
            }
            FieldType::String | FieldType::Text => {
                v.as_str().is_some_and(|s| values::like(&s.to_lowercase(), &format!("%{lower}%")))
            }
            t if t.is_numeric() => {
                numeric.is_some_and(|n| values::as_f64(v).is_some_and(|x| x == n))
                    && !(t.is_integer() && numeric.is_some_and(|n| n.fract() != 0.0))
            }
            FieldType::Uuid => uuid && v.as_str() == Some(term),
            _ => false,
        }
    })
}

/// A search term that is a canonical number (`6`, not `06` or `6.0`).
fn canonical_number(term: &str) -> Option<f64> {
    let n: f64 = term.parse().ok()?;
    let canonical =
        if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") };
    (canonical == term).then_some(n)
}
