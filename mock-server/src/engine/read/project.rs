//! Projecting selected rows into output objects: columns rendered as
//! Directus returns them, functions computed, and relations expanded into
//! nested JSON (an M2O object, an O2M list with its own filter, search, sort
//! and page, an M2A item of its collection's level).

use std::sync::Arc;

use serde_json::{Map, Value};

use super::function::{counts_children, function_value};
use super::select::{matches_search, paginate};
use super::sort::{resort_nulls_last, sort_rows};
use super::{Level, Node};
use crate::engine::Ctx;
use crate::engine::values::{self, render};
use crate::query::fields::{Func, split_call};
use crate::schema::{Field, FieldType};
use crate::store::{Row, Table};
use crate::vendor::Vendor;

/// Projects rows of a level into output objects (or keys, when the level selects nothing).
pub(crate) fn project(cx: &Ctx<'_>, level: &Level, rows: &[Arc<Row>]) -> Vec<Value> {
    let prepared = Prepared::new(cx, level);
    rows.iter().take_while(|_| cx.in_budget()).map(|r| prepared.row(cx, r)).collect()
}

/// A decimal column's scale (`numeric_scale`).
pub(super) fn scale_of(field: &Field) -> Option<u64> {
    field.schema.as_ref().and_then(|s| s.numeric_scale)
}

/// A function's value as the database hands it over: a date part or a count
/// of related rows in the database's number form.
pub(super) fn function_output(cx: &Ctx<'_>, func: Func, relational: bool, value: Value) -> Value {
    match func {
        Func::Count if relational => match value.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) => cx.db.vendor.count_value(n),
            None => value,
        },
        Func::Count | Func::Json => value,
        _ => cx.db.vendor.date_part_value(value),
    }
}

/// A level with its schema lookups and function parsing done once per request,
/// not once per row (projection was a fifth of a list read's time).
struct Prepared<'p> {
    level: &'p Level,
    pk: &'p str,
    pk_field: Option<&'p Field>,
    /// The level's table when its collection exists, and whether its key is
    /// an integer: an M2O target is looked up here ([`Ctx::row_by_key`]).
    table: Option<(&'p Table, bool)>,
    vendor: Vendor,
    /// The level selects nothing but renamed fields: each row collapses to its key.
    collapse: bool,
    nodes: Vec<Prep<'p>>,
}

enum Prep<'p> {
    Column {
        key: &'p str,
        name: &'p str,
        render: Option<values::Renderer>,
        /// The column's type and scale, for the database's number forms.
        number: Option<(FieldType, Option<u64>)>,
    },
    Func {
        key: &'p str,
        func: Option<Func>,
        arg: &'p str,
        args: &'p str,
        /// A count of related rows (not of a JSON array).
        relational: bool,
    },
    Count {
        key: &'p str,
        related: &'p str,
        fk: &'p str,
    },
    M2o {
        key: &'p str,
        field: &'p str,
        child: Box<Prepared<'p>>,
    },
    O2m {
        key: &'p str,
        fk: &'p str,
        child: Box<Prepared<'p>>,
    },
    A2o {
        key: &'p str,
        field: &'p str,
        collection_field: &'p str,
        levels: Vec<(&'p str, Prepared<'p>)>,
    },
}

impl<'p> Prepared<'p> {
    fn new(cx: &'p Ctx<'_>, level: &'p Level) -> Prepared<'p> {
        let coll = cx.db.schema.collection(&level.collection);
        let pk = cx.db.schema.pk_of(&level.collection);
        let nodes = level.children.iter().map(|node| Prep::new(cx, level, node)).collect();
        Prepared {
            level,
            pk,
            pk_field: coll.and_then(|c| c.fields.get(pk)),
            table: coll.and_then(|c| {
                let int = c.pk_field().is_some_and(|f| f.ty.is_integer());
                Some((cx.db.table(&level.collection)?, int))
            }),
            vendor: cx.db.vendor,
            collapse: level.children.iter().all(Node::is_alias_field),
            nodes,
        }
    }

    fn row(&self, cx: &Ctx<'_>, row: &Row) -> Value {
        if self.collapse {
            let raw = row.get(self.pk).cloned().unwrap_or(Value::Null);
            return match self.pk_field {
                Some(f) => self.vendor.column_value(f.ty, scale_of(f), render(f, &raw)),
                None => raw,
            };
        }
        let mut out = Map::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let (key, value) = node.value(cx, &self.level.collection, row);
            out.insert(key.to_owned(), value);
        }
        Value::Object(out)
    }
}

impl<'p> Prep<'p> {
    fn new(cx: &'p Ctx<'_>, level: &'p Level, node: &'p Node) -> Prep<'p> {
        match node {
            Node::Field { key, name, .. } => match split_call(name) {
                Some((func, args)) => {
                    let arg = args.split(',').next().unwrap_or("").trim();
                    Prep::Func {
                        key,
                        func: Func::parse(func),
                        arg,
                        args,
                        relational: counts_children(cx, &level.collection, arg),
                    }
                }
                None => {
                    let field = cx.db.schema.field(&level.collection, name);
                    Prep::Column {
                        key,
                        name,
                        render: field.map(values::Renderer::of),
                        number: field.map(|f| (f.ty, scale_of(f))),
                    }
                }
            },
            Node::CountO2m { key, related, fk } => Prep::Count { key, related, fk },
            Node::M2o { key, field, level: child } => {
                Prep::M2o { key, field, child: Box::new(Prepared::new(cx, child)) }
            }
            Node::O2m { key, fk, level: child } => {
                Prep::O2m { key, fk, child: Box::new(Prepared::new(cx, child)) }
            }
            Node::A2o { key, field, collection_field, levels } => Prep::A2o {
                key,
                field,
                collection_field,
                levels: levels.iter().map(|(c, l)| (c.as_str(), Prepared::new(cx, l))).collect(),
            },
        }
    }

    /// The output key and value of this node for a row of `collection`.
    fn value(&self, cx: &Ctx<'_>, collection: &str, row: &Row) -> (&str, Value) {
        match self {
            Prep::Column { key, name, render, number } => {
                let raw = row.get(*name);
                let value = match (render, raw) {
                    (Some(r), Some(raw)) => r.render(raw),
                    (_, raw) => raw.cloned().unwrap_or(Value::Null),
                };
                let value = match number {
                    Some((ty, scale)) => cx.db.vendor.column_value(*ty, *scale, value),
                    None => value,
                };
                (*key, value)
            }
            Prep::Func { key, func, arg, args, relational } => {
                let value = match func {
                    Some(f) => function_output(
                        cx,
                        *f,
                        *relational,
                        function_value(cx, collection, row, *f, arg, args),
                    ),
                    None => Value::Null,
                };
                (*key, value)
            }
            Prep::Count { key, related, fk } => {
                (*key, cx.db.vendor.count_value(cx.children_of(collection, related, fk, row).len()))
            }
            Prep::M2o { key, field, child } => {
                let related = row.get(*field).and_then(|k| child.row_by_key(k));
                (*key, child.related(cx, related))
            }
            Prep::O2m { key, fk, child } => (*key, child.children(cx, collection, fk, row)),
            Prep::A2o { key, field, collection_field, levels } => {
                let target = row.get(*collection_field).and_then(Value::as_str).unwrap_or_default();
                let child = levels.iter().find(|(c, _)| *c == target).map(|(_, p)| p);
                let value = match (child, row.get(*field)) {
                    (Some(child), Some(item_key)) => {
                        child.related(cx, cx.row_by_key(target, item_key))
                    }
                    _ => Value::Null,
                };
                (*key, value)
            }
        }
    }
}

impl Prepared<'_> {
    /// [`Ctx::row_by_key`] on this level's collection.
    fn row_by_key(&self, key: &Value) -> Option<Arc<Row>> {
        let (table, int) = self.table?;
        table.get(&crate::engine::key_as(int, key)?).cloned()
    }

    /// An M2O or M2A target as this level shows it: null when missing or filtered out.
    fn related(&self, cx: &Ctx<'_>, related: Option<Arc<Row>>) -> Value {
        let cl = &self.level.collection;
        match related {
            Some(r) if self.level.cond.eval(Some(&r), cx, cl) => self.row(cx, &r),
            _ => Value::Null,
        }
    }

    /// The O2M children of a row of `parent` through `fk`, filtered, searched,
    /// sorted and paginated by this level.
    fn children(&self, cx: &Ctx<'_>, parent: &str, fk: &str, row: &Row) -> Value {
        let cl = self.level;
        let mut rows = cx.children_where((parent, row), (&cl.collection, fk), |r| {
            cl.cond.eval(Some(r), cx, &cl.collection)
                && cl.search.as_ref().is_none_or(|s| matches_search(cx, &cl.collection, r, s))
        });
        if let Some(q) = &cl.aggregate {
            return super::aggregate::per_parent(cx, &cl.collection, fk, rows, q);
        }
        sort_rows(cx, cl, &mut rows);
        let mut rows = paginate(rows, cl);
        resort_nulls_last(cx, cl, &mut rows);
        Value::Array(rows.iter().map(|r| self.row(cx, r)).collect())
    }
}
