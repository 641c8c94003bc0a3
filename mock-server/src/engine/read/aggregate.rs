//! `aggregate` and `groupBy`: the level's rows (filtered and searched, not
//! paginated) are grouped by the stored values of the group fields, each
//! group becomes one output object (its group values rendered, then one entry
//! per operation), and groups are sorted and paginated as SQL would.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Level;
use super::function::{counts_children, local_value};
use super::joined;
use super::project::{function_output, scale_of};
use super::select::{paginate, select};
use crate::engine::Ctx;
use crate::engine::values::{self, render};
use crate::error::{Error, QueriedIn, Result};
use crate::query::Query;
use crate::query::fields::{Func, function_output_key, split_call};
use crate::schema::FieldType;
use crate::store::Row;
use crate::vendor::Vendor;

/// The operations `aggregate` knows; others are ignored.
const OPERATIONS: [&str; 9] = [
    "count",
    "countDistinct",
    "countAll",
    "sum",
    "sumDistinct",
    "avg",
    "avgDistinct",
    "min",
    "max",
];

fn is_operation(op: &str) -> bool {
    OPERATIONS.contains(&op)
}

/// Runs `aggregate` (with optional `groupBy`) over the rows of a level.
pub(crate) fn aggregate(cx: &Ctx<'_>, level: &Level, query: &Query) -> Result<Vec<Value>> {
    let no_operations = IndexMap::new();
    let aggregate = query.aggregate.as_ref().unwrap_or(&no_operations);
    let group: &[String] = query.group.as_deref().unwrap_or_default();
    check_fields(cx, &level.collection, aggregate, group)?;
    // Unknown operations produce one empty object per row of the page (limit,
    // offset and page apply as to a plain read), as Directus does.
    if !aggregate.is_empty() && !aggregate.keys().any(|op| is_operation(op)) && group.is_empty() {
        let n = select(cx, level).len();
        return Ok((0..n).map(|_| Value::Object(Map::new())).collect());
    }
    let mut rows = select(cx, &Level { sort: Vec::new(), limit: None, offset: 0, ..level.clone() });
    if cx.joined_aggregates && joined::joins_any(&level.cond) {
        let collection = level.collection.as_str();
        rows = rows
            .into_iter()
            .flat_map(|r| {
                let n = joined::multiplicity(cx, &level.cond, &r, collection);
                std::iter::repeat_n(r, n)
            })
            .collect();
    }
    // The stored group values of each output row: groups sort by them, as SQL does.
    let outputs: Vec<(Vec<Value>, Value)> = group_rows(cx, &level.collection, group, rows)
        .into_values()
        .map(|(values, rows)| {
            let output = group_output(cx, &level.collection, group, &values, &rows, aggregate);
            (values, output)
        })
        .collect();
    if group.is_empty() {
        return Ok(outputs.into_iter().map(|(_, output)| output).collect());
    }
    Ok(sort_groups(cx.db.vendor, query, group, outputs, level))
}

/// A nested O2M `_aggregate` grouped by its foreign key, for one parent:
/// `[]` without children, else one object of the operations (the foreign key
/// itself left out, as Directus does).
pub(crate) fn per_parent(
    cx: &Ctx<'_>,
    collection: &str,
    fk: &str,
    rows: Vec<Arc<Row>>,
    query: &Query,
) -> Value {
    if rows.is_empty() {
        return Value::Array(Vec::new());
    }
    let no_operations = IndexMap::new();
    let aggregate = query.aggregate.as_ref().unwrap_or(&no_operations);
    let mut output = group_output(cx, collection, &[], &[], &rows, aggregate);
    if let Value::Object(obj) = &mut output {
        obj.remove(fk);
    }
    Value::Array(vec![output])
}

/// The fields of known operations and of `groupBy` must exist.
fn check_fields(
    cx: &Ctx<'_>,
    collection: &str,
    aggregate: &IndexMap<String, Vec<String>>,
    group: &[String],
) -> Result<()> {
    let schema = &cx.db.schema;
    for (op, fields) in aggregate.iter().filter(|(op, _)| is_operation(op)) {
        for f in fields {
            if f == "*" && (op == "count" || op == "countAll") {
                continue;
            }
            if schema.field(collection, f).is_none() {
                return Err(Error::field_forbidden(f, collection, &QueriedIn(None)));
            }
        }
    }
    for g in group {
        let base = split_call(g).map(|(_, a)| a.trim().to_owned()).unwrap_or_else(|| g.clone());
        if schema.field(collection, &base).is_none() {
            return Err(Error::field_forbidden(&base, collection, &QueriedIn(None)));
        }
    }
    Ok(())
}

/// Rows by the stored values of the group fields, in order of first
/// appearance; one group of every row without `groupBy`.
fn group_rows(
    cx: &Ctx<'_>,
    collection: &str,
    group: &[String],
    rows: Vec<Arc<Row>>,
) -> IndexMap<String, (Vec<Value>, Vec<Arc<Row>>)> {
    let mut groups: IndexMap<String, (Vec<Value>, Vec<Arc<Row>>)> = IndexMap::new();
    if group.is_empty() {
        groups.insert(String::new(), (Vec::new(), rows));
        return groups;
    }
    let types: Vec<FieldType> = group
        .iter()
        .map(|g| cx.db.schema.field(collection, g).map_or(FieldType::Unknown, |f| f.ty))
        .collect();
    for row in rows {
        let values: Vec<Value> =
            group.iter().map(|g| local_value(cx, collection, &row, g)).collect();
        // Values equal under the database's collation are one group, shown
        // with its first row's value.
        let key = values
            .iter()
            .zip(&types)
            .map(|(v, ty)| distinct_key(cx.db.vendor, *ty, v))
            .collect::<Vec<_>>()
            .join("\u{0}");
        groups.entry(key).or_insert_with(|| (values, Vec::new())).1.push(row);
    }
    groups
}

/// One output object: the group's values as Directus renders them, then the
/// result of each operation.
fn group_output(
    cx: &Ctx<'_>,
    collection: &str,
    group: &[String],
    values: &[Value],
    rows: &[Arc<Row>],
    aggregate: &IndexMap<String, Vec<String>>,
) -> Value {
    let mut obj = Map::new();
    for (g, v) in group.iter().zip(values) {
        let (key, rendered) = match split_call(g) {
            Some((func, args)) => {
                let arg = args.split(',').next().unwrap_or("").trim();
                let output = match Func::parse(func) {
                    Some(f) => {
                        function_output(cx, f, counts_children(cx, collection, arg), v.clone())
                    }
                    None => v.clone(),
                };
                (function_output_key(func, args), output)
            }
            None => match cx.db.schema.field(collection, g) {
                Some(f) => (g.clone(), cx.db.vendor.column_value(f.ty, scale_of(f), render(f, v))),
                None => (g.clone(), v.clone()),
            },
        };
        obj.insert(key, rendered);
    }
    let over = Over { cx, collection, rows };
    for (op, fields) in aggregate {
        if let Some(mut result) = operation_output(&over, op, fields) {
            if cx.render_aggregates
                && let Value::Object(inner) = &mut result
            {
                for (f, v) in inner.iter_mut() {
                    if let Some(field) = cx.db.schema.field(collection, f) {
                        *v = values::render_aggregate(field, v);
                    }
                }
            }
            obj.insert(op.clone(), result);
        }
    }
    Value::Object(obj)
}

/// The result of one operation over a group's rows; `count` with `*` is the
/// number of rows unless fields are counted too.
/// The rows are distinct unless 12.4's joined rows repeat them (`joined.rs`); `count(*)`
/// and a count of the primary key count each row once all the same.
fn operation_output(over: &Over<'_, '_>, op: &str, fields: &[String]) -> Option<Value> {
    let vendor = over.cx.db.vendor;
    let pk = over.cx.db.schema.pk_of(over.collection);
    let distinct = || {
        let mut seen = std::collections::HashSet::new();
        over.rows.iter().filter(|r| seen.insert(Arc::as_ptr(r))).count()
    };
    let value = |op: &str, f: &String| match op {
        "count" if f == pk => vendor.count_value(distinct()),
        _ => aggregate_value(over, op, f),
    };
    match op {
        "countAll" => None,
        "count" if fields.iter().any(|f| f == "*") => {
            let rest: Vec<&String> = fields.iter().filter(|f| *f != "*").collect();
            if rest.is_empty() {
                return Some(vendor.count_value(distinct()));
            }
            let inner: Map<String, Value> =
                rest.into_iter().map(|f| (f.clone(), value("count", f))).collect();
            Some(Value::Object(inner))
        }
        op if is_operation(op) => {
            let inner: Map<String, Value> =
                fields.iter().map(|f| (f.clone(), value(op, f))).collect();
            Some(Value::Object(inner))
        }
        _ => None,
    }
}

/// The rows of one group, with what their operations need to know.
struct Over<'c, 'r> {
    cx: &'c Ctx<'c>,
    collection: &'c str,
    rows: &'r [Arc<Row>],
}

/// What groups sort by: a group field (its stored values) or an output.
enum GroupSort {
    Group(usize),
    /// The path of an output (`count`, `sum.views`, `year(date)` as `date_year`).
    Output(String),
}

/// Sorts groups by the requested sort (group fields or aggregate outputs),
/// else by the first group field, and paginates them.
fn sort_groups(
    vendor: Vendor,
    query: &Query,
    group: &[String],
    mut keyed: Vec<(Vec<Value>, Value)>,
    level: &Level,
) -> Vec<Value> {
    let specs = group_sort(query, group);
    keyed.sort_by(|(sa, a), (sb, b)| {
        for (desc, by) in &specs {
            let o = match by {
                GroupSort::Group(i) => values::order_cmp(vendor, &sa[*i], &sb[*i]),
                GroupSort::Output(key) => {
                    values::order_cmp(vendor, &sort_value(a, key), &sort_value(b, key))
                }
            };
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
    paginate(keyed.into_iter().map(|(_, v)| v).collect(), level)
}

/// The sort of groups, each spec with its direction (`-` is descending).
fn group_sort(query: &Query, group: &[String]) -> Vec<(bool, GroupSort)> {
    let by = |spec: &str| match group.iter().position(|g| g == spec) {
        Some(i) => GroupSort::Group(i),
        None => GroupSort::Output(match split_call(spec) {
            Some((func, args)) => function_output_key(func, args),
            None => spec.to_owned(),
        }),
    };
    match &query.sort {
        Some(s) if !s.is_empty() => s
            .iter()
            .map(|x| match x.strip_prefix('-') {
                Some(r) => (true, by(r)),
                None => (false, by(x)),
            })
            .collect(),
        _ => vec![(false, GroupSort::Group(0))],
    }
}

/// An output as ORDER BY sees it: a count, sum or average is a number even
/// where the database hands it over as text (PostgreSQL's bigint and numeric).
fn sort_value(output: &Value, key: &str) -> Value {
    let value = output_at(output, key);
    let numeric = key.split('.').next().is_some_and(|op| {
        matches!(op, "count" | "countDistinct" | "sum" | "sumDistinct" | "avg" | "avgDistinct")
    });
    match value {
        Value::String(s) if numeric => s.parse::<f64>().ok().map_or(Value::Null, Value::from),
        other => other.clone(),
    }
}

/// The value at a dotted path of an output object (null when absent).
fn output_at<'v>(output: &'v Value, key: &str) -> &'v Value {
    static NULL: Value = Value::Null;
    key.split('.').try_fold(output, |cur, part| cur.get(part)).unwrap_or(&NULL)
}

fn aggregate_value(over: &Over<'_, '_>, op: &str, field: &str) -> Value {
    let vendor = over.cx.db.vendor;
    let column = over.cx.db.schema.field(over.collection, field);
    let (ty, scale) = column.map_or((FieldType::Unknown, None), |f| (f.ty, scale_of(f)));
    let vals: Vec<&Value> =
        over.rows.iter().filter_map(|r| r.get(field)).filter(|v| !v.is_null()).collect();
    let distinct = |vals: &[&Value]| -> Vec<Value> {
        let mut seen: HashMap<String, Value> = HashMap::new();
        for v in vals {
            seen.entry(distinct_key(vendor, ty, v)).or_insert_with(|| (*v).clone());
        }
        seen.into_values().collect()
    };
    // 12.4 on SQLite keeps dates as epoch milliseconds: their sum and average
    // are sums of those, read back as a value of the field (a date again).
    let dated = vendor == Vendor::Sqlite
        && matches!(ty, FieldType::Date | FieldType::DateTime | FieldType::Timestamp);
    let nums = |vals: &[Value]| -> Vec<f64> {
        vals.iter()
            .map(|v| if dated { epoch_millis(v) } else { values::sqlite_number(v) })
            .collect()
    };
    let as_date = |v: Value| match column {
        Some(f) if dated => render(f, &v),
        _ => v,
    };
    let number = |f: f64| -> Value {
        if f.fract() == 0.0 && f.abs() < 9e15 {
            Value::from(f as i64)
        } else {
            serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
        }
    };
    let owned: Vec<Value> = vals.iter().map(|v| (*v).clone()).collect();
    // A concealed field's extreme is concealed too (a password hash, a token).
    // MIN and MAX under the database's comparison (MariaDB's collation for text).
    let min_max = |a: &Value, b: &Value| values::order_cmp(vendor, a, b);
    let as_column = |v: Value| match column {
        Some(f) if f.is_concealed() => render(f, &v),
        _ => vendor.column_value(ty, scale, v),
    };
    match op {
        "count" => vendor.count_value(vals.len()),
        "countDistinct" => vendor.count_value(distinct(&vals).len()),
        "sum" | "sumDistinct" => {
            let set = if op == "sum" { owned } else { distinct(&vals) };
            if set.is_empty() {
                return Value::Null;
            }
            let sum = values::sqlite_sum(nums(&set));
            as_date(vendor.sum_value(ty, scale, sum).unwrap_or_else(|| number(sum)))
        }
        "avg" | "avgDistinct" => {
            let set = if op == "avg" { owned } else { distinct(&vals) };
            if set.is_empty() {
                return Value::Null;
            }
            let n = nums(&set);
            as_date(
                vendor.avg_value(ty, scale, &n).unwrap_or_else(|| {
                    number(values::sqlite_sum(n.iter().copied()) / n.len() as f64)
                }),
            )
        }
        "min" => owned.into_iter().min_by(min_max).map_or(Value::Null, as_column),
        "max" => owned.into_iter().max_by(min_max).map_or(Value::Null, as_column),
        _ => Value::Null,
    }
}

/// What makes two values one in `DISTINCT` and `GROUP BY`: the value itself,
/// or its collation key where the database compares the field's text under
/// one (MariaDB: `Alice` and `alice` are one value).
fn distinct_key(vendor: Vendor, ty: FieldType, v: &Value) -> String {
    match vendor.text_key(ty, v) {
        Some(key) => format!("{key:?}"),
        None => v.to_string(),
    }
}

/// A stored date as epoch milliseconds (a number is one already; what does
/// not read as a date is 0, as SQLite sums text it cannot read).
fn epoch_millis(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::String(s) => {
            values::parse_datetime(s).map_or(0.0, |d| d.and_utc().timestamp_millis() as f64)
        }
        _ => 0.0,
    }
}
