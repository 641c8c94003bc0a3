//! Values computed from one row for `fields`, sort and `groupBy`: a column
//! as stored, or a function of one (`year(date)`, `count(o2m)`, the length
//! of a JSON array, `json(data, a.b)`).

use serde_json::Value;

use crate::engine::values;
use crate::engine::{Ctx, filter};
use crate::query::fields::{Func, split_call};
use crate::schema::{FieldType, RelKind};
use crate::store::Row;

/// A column, or a function of one, as stored (the value sorting and grouping use).
pub(super) fn local_value(cx: &Ctx<'_>, collection: &str, row: &Row, spec: &str) -> Value {
    match split_call(spec) {
        Some((func, args)) => {
            let Some(f) = Func::parse(func) else { return Value::Null };
            let arg = args.split(',').next().unwrap_or("").trim();
            function_value(cx, collection, row, f, arg, args)
        }
        None => row.get(spec).cloned().unwrap_or(Value::Null),
    }
}

/// Whether `count(arg)` counts related rows (a one-to-many, a many-to-many's
/// junction) rather than the items of a JSON array, as [`function_value`] decides.
pub(super) fn counts_children(cx: &Ctx<'_>, collection: &str, arg: &str) -> bool {
    matches!(cx.db.schema.rel(collection, arg), Some(RelKind::O2m { .. }))
}

/// A function of a column; `arg` is the column, `args` the whole argument list.
pub(super) fn function_value(
    cx: &Ctx<'_>,
    collection: &str,
    row: &Row,
    f: Func,
    arg: &str,
    args: &str,
) -> Value {
    let schema = &cx.db.schema;
    let ty = schema.field(collection, arg).map(|fl| fl.ty).unwrap_or(FieldType::Unknown);
    let stored = row.get(arg).cloned().unwrap_or(Value::Null);
    match f {
        Func::Count => match schema.rel(collection, arg) {
            Some(RelKind::O2m { related, fk, .. }) => {
                Value::from(cx.children_of(collection, related, fk, row).len())
            }
            _ => values::json_array_length(cx.db.vendor, Some(&stored)),
        },
        Func::Json => {
            let path = args.split_once(',').map(|(_, p)| p.trim()).unwrap_or("");
            filter::json_path(&stored, path)
        }
        other => values::date_part(cx.db.vendor, other, ty, &stored),
    }
}
