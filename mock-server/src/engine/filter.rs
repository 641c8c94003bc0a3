//! Filters resolved against the schema ([`Cond`]) and their evaluation on rows.
//!
//! Resolution is where Directus' schema-dependent filter errors come from:
//! unknown fields are FORBIDDEN with the path they were queried in, an
//! operator the field type does not offer is INVALID_QUERY, `_some`/`_none`
//! below the top level is INVALID_QUERY. Evaluation is pure and follows SQL:
//! a comparison with NULL is never true, M2O hops are left joins, and an
//! implicit O2M condition holds when some child (or, for a parent without
//! children, the all-NULL joined row) satisfies it.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::Arc;

use serde_json::Value;

use super::values::{self, compare, like, scalar_text};
use super::{Action, Ctx};
use crate::error::{Error, ErrorCode, QueriedIn, Result};
use crate::query::fields::{Func, split_call};
use crate::query::filter::Filter;
use crate::query::operators::{Kind, Logical, Op, Quantifier};
use crate::schema::{Collection, FieldType, RelKind};
use crate::store::{Pk, Row};
use crate::vendor::Vendor;

mod json;

use json::json_filter;
pub(crate) use json::json_path;

/// A filter bound to a collection.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    True,
    All(Vec<Cond>),
    Any(Vec<Cond>),
    /// An operator on a column (or a function of it) of the current row.
    Leaf {
        target: Target,
        op: Op,
        operand: Value,
    },
    /// Through a many-to-one: evaluated on the related row (all NULL when there is none).
    M2o {
        field: String,
        related: String,
        inner: Box<Cond>,
    },
    /// Through a one-to-many (or `$FOLLOW`): children whose `fk` is this row's key.
    O2m {
        related: String,
        fk: String,
        quant: Quant,
        inner: Box<Cond>,
    },
    /// `$FOLLOW(junction, item, collection)`: the M2A junction rows that point
    /// at this row (their `item` is its key as text, their `collection_field`
    /// this row's collection).
    FollowA2o {
        related: String,
        fk: String,
        collection_field: String,
        inner: Box<Cond>,
    },
    /// Through an M2A junction's `item`, scoped to one collection.
    A2o {
        field: String,
        collection_field: String,
        scope: String,
        inner: Box<Cond>,
    },
}

/// How an O2M condition quantifies over children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quant {
    /// `{"comments":{...}}`: a left join, so a parent without children is tested once with NULLs.
    Implicit,
    Some,
    None,
    /// 12.4 under `--profile directus-12`: an empty `_some`/`_none`, or one whose
    /// condition it drops, restricts nothing but still joins the relation (which
    /// an aggregate counts, see `read/joined.rs`).
    JoinOnly,
}

/// What a leaf compares.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    Column {
        field: String,
        ty: FieldType,
    },
    Func {
        func: Func,
        field: String,
        ty: FieldType,
    },
    /// `count(<o2m alias>)`.
    CountO2m {
        related: String,
        fk: String,
    },
    /// `count(<json field>)`: the array length.
    CountJson {
        field: String,
    },
}

/// Resolves a sanitized filter for `collection`.
pub(crate) fn resolve(filter: &Filter, collection: &str, cx: &Ctx<'_>) -> Result<Cond> {
    resolve_at(filter, collection, "", cx)
}

/// Like [`resolve`], for a filter queried at `path` (a `deep` level such as `comments`).
pub(crate) fn resolve_at(
    filter: &Filter,
    collection: &str,
    path: &str,
    cx: &Ctx<'_>,
) -> Result<Cond> {
    Resolver { cx, quantifier: Cell::new(None) }.resolve(filter, collection, path, true)
}

struct Resolver<'c, 'a> {
    cx: &'c Ctx<'a>,
    /// The quantifier Directus names when one is misplaced under the top-level
    /// key being resolved ([`path_quantifier`]).
    quantifier: Cell<Option<&'static str>>,
}

/// Directus' filter path of a top-level key: the key, then the first key of
/// each level below while it is a field or `_some`/`_none`. A misplaced
/// quantifier's error names `_none` if the path has one, else `_some`.
fn path_quantifier(inner: &Filter) -> Option<&'static str> {
    let (mut some, mut next) = (false, inner);
    loop {
        match next {
            Filter::Field { inner, .. } => next = inner,
            Filter::Quantified(Quantifier::None, _) => return Some("_none"),
            Filter::Quantified(Quantifier::Some, body) => {
                some = true;
                next = body;
            }
            Filter::Empty | Filter::Cmp { .. } | Filter::Logical(..) => {
                return some.then_some("_some");
            }
        }
    }
}

fn join_path(base: &str, field: &str) -> String {
    if base.is_empty() { field.to_owned() } else { format!("{base}.{field}") }
}

/// The key of a comparison as the client wrote it (`_eq`, or an unknown `_eqq`).
fn op_key(op: &std::result::Result<Op, String>) -> &str {
    match op {
        Ok(op) => op.wire(),
        Err(raw) => raw,
    }
}

fn validate_operator(
    ty: FieldType,
    op: &std::result::Result<Op, String>,
    concealed: bool,
) -> Result<Op> {
    let name = op_key(op);
    let type_name = ty.as_str();
    let Some(op) = op.as_ref().ok().copied().filter(|op| op.allowed_for(ty)) else {
        return Err(Error::invalid_query(format!(
            "\"{type_name}\" field type does not contain the \"{name}\" filter operator"
        )));
    };
    // A concealed field offers what a hash field offers.
    if concealed && !op.allowed_for(FieldType::Hash) {
        return Err(Error::invalid_query(format!(
            "Field with \"conceal\" special does not allow the \"{name}\" filter operator"
        )));
    }
    Ok(op)
}

impl Resolver<'_, '_> {
    fn resolve(&self, filter: &Filter, collection: &str, path: &str, top: bool) -> Result<Cond> {
        // Directus (knex) builds a nested group (`_and`, `_or`, an object of several
        // keys) after the conditions beside it, so an invalid condition beside a
        // group is the error even when the group's own one comes first.
        let all = |items: &[Filter]| -> Result<Vec<Cond>> {
            let mut out: Vec<Option<Cond>> = items.iter().map(|_| None).collect();
            for groups in [false, true] {
                for (slot, f) in out.iter_mut().zip(items) {
                    if matches!(f, Filter::Logical(..)) == groups {
                        *slot = Some(self.resolve(f, collection, path, top)?);
                    }
                }
            }
            Ok(out.into_iter().flatten().collect())
        };
        Ok(match filter {
            Filter::Empty => Cond::True,
            Filter::Logical(Logical::And, items) => Cond::All(all(items)?),
            // `_or: []` adds an empty group (no restriction), `_or` with a `{}` member too.
            Filter::Logical(Logical::Or, items) => {
                if items.is_empty() || items.contains(&Filter::Empty) {
                    Cond::True
                } else {
                    Cond::Any(all(items)?)
                }
            }
            // An operator without a field (`{"_eq":1}` at the root) is looked up as a field name.
            Filter::Cmp { op, .. } => {
                let name = op_key(op);
                return Err(Error::invalid_query(format!(
                    "Invalid filter key \"{name}\" on \"{collection}\""
                )));
            }
            Filter::Quantified(q, _) => {
                let named = self.quantifier.get().unwrap_or(q.wire());
                return Err(Error::invalid_query(format!(
                    "\"{named}\" can only be used with top level relational alias field"
                )));
            }
            Filter::Field { key, inner } if top => {
                // Directus names the quantifier of the key's whole path: `_none` if the
                // path has one, else `_some`.
                let outer = self.quantifier.replace(path_quantifier(inner));
                let cond = self.field(key, inner, collection, path, top);
                self.quantifier.set(outer);
                cond?
            }
            Filter::Field { key, inner } => self.field(key, inner, collection, path, top)?,
        })
    }

    /// A key under `collection`: `$FOLLOW(...)`, an M2A scope, a function, or a field.
    fn field(
        &self,
        key: &str,
        inner: &Filter,
        collection: &str,
        path: &str,
        top: bool,
    ) -> Result<Cond> {
        let schema = &self.cx.db.schema;
        let queried = QueriedIn(Some(path));
        let Some(coll) = schema.collection(collection) else {
            return Err(Error::collection_forbidden(collection, &queried));
        };
        if let Some(args) = key.strip_prefix("$FOLLOW(").and_then(|r| r.strip_suffix(')')) {
            return self.follow(args, key, inner, path);
        }
        if let Some((field, scope)) = key.split_once(':') {
            return self.a2o_scope(key, field, scope, inner, collection, path);
        }
        if let Some((name, arg)) = split_call(key) {
            return self.function(key, name, arg.trim(), inner, coll, path);
        }
        let Some(field) = coll.fields.get(key) else {
            // 12.4 names the unknown key with the keys its filter path goes on
            // through (`{"born_func": {"day": {...}}}`: "born_func", "day").
            let mut names = vec![key];
            let mut below = inner;
            while let Filter::Field { key, inner } = below {
                names.push(key.as_str());
                below = inner;
            }
            return Err(Error::fields_forbidden(&names, collection, &queried));
        };
        self.require_field(collection, key, path)?;
        let column = Target::Column { field: key.into(), ty: field.ty };
        match schema.rel(collection, key) {
            Some(RelKind::M2o { related }) => match inner {
                Filter::Cmp { .. } => self.leaves(inner, &column, field.ty, false),
                Filter::Quantified(..) => self.resolve(inner, collection, path, false),
                _ => self.m2o(key, related, inner, path),
            },
            Some(RelKind::O2m { related, fk, .. }) => {
                self.o2m(key, (related, fk), inner, collection, path, top)
            }
            // An unscoped many-to-any item: the keys under it are checked as fields of
            // the junction (403 if it has none of that name), then the missing scope
            // is the error.
            Some(RelKind::A2o { .. }) if !matches!(inner, Filter::Cmp { .. }) => {
                self.resolve(inner, collection, path, false)?;
                Err(Error::invalid_query(
                    "You have to provide a collection scope when sorting or filtering on a many-to-any item",
                ))
            }
            Some(RelKind::A2o { .. }) | None => match inner {
                Filter::Cmp { .. } => self.leaves(inner, &column, field.ty, field.is_concealed()),
                Filter::Quantified(..) => self.resolve(inner, collection, path, false),
                // A key nested under a plain field is looked up in the same collection.
                other => self.resolve(other, collection, path, false),
            },
        }
    }

    /// `$FOLLOW(collection, field)`: a reverse relation without an alias field;
    /// `$FOLLOW(collection, field, collection_field)` the reverse of an M2A.
    fn follow(&self, args: &str, key: &str, inner: &Filter, path: &str) -> Result<Cond> {
        let mut parts = args.split(',').map(str::trim);
        let (Some(related), Some(fk)) = (parts.next(), parts.next()) else {
            return Err(Error::invalid_query("Invalid filter object"));
        };
        if self.cx.db.schema.collection(related).is_none() {
            return Err(Error::collection_forbidden(related, &QueriedIn(Some(path))));
        }
        self.require_read(related, path)?;
        let inner = self.resolve(inner, related, &join_path(path, key), false)?;
        if let Some(collection_field) = parts.next() {
            return Ok(Cond::FollowA2o {
                related: related.into(),
                fk: fk.into(),
                collection_field: collection_field.into(),
                inner: Box::new(inner),
            });
        }
        Ok(Cond::O2m {
            related: related.into(),
            fk: fk.into(),
            quant: Quant::Implicit,
            inner: Box::new(inner),
        })
    }

    /// `item:headings`: an M2A item scoped to one collection.
    fn a2o_scope(
        &self,
        key: &str,
        field: &str,
        scope: &str,
        inner: &Filter,
        collection: &str,
        path: &str,
    ) -> Result<Cond> {
        let schema = &self.cx.db.schema;
        let Some(RelKind::A2o { collection_field, .. }) = schema.rel(collection, field) else {
            return Err(Error::field_forbidden(field, collection, &QueriedIn(Some(path))));
        };
        if schema.collection(scope).is_none() {
            // Directus finds unknown collections first, when it checks they are active.
            return Err(Error::collection_forbidden(scope, &QueriedIn(None)));
        }
        self.require_read(scope, path)?;
        let inner = self.resolve(inner, scope, &join_path(path, key), false)?;
        Ok(Cond::A2o {
            field: field.into(),
            collection_field: collection_field.clone(),
            scope: scope.into(),
            inner: Box::new(inner),
        })
    }

    /// Functions: `year(published_on)`, `count(comments)`, `count(data)`.
    fn function(
        &self,
        key: &str,
        name: &str,
        arg: &str,
        inner: &Filter,
        coll: &Collection,
        path: &str,
    ) -> Result<Cond> {
        let collection = coll.name.as_str();
        let Some(field) = coll.fields.get(arg) else {
            return Err(Error::field_forbidden(arg, collection, &QueriedIn(Some(path))));
        };
        let invalid =
            || Error::invalid_query(format!("Invalid filter key \"{key}\" on \"{collection}\""));
        let Some(func) = Func::parse(name) else { return Err(invalid()) };
        if func == Func::Json || !func.allowed_for(field.ty) {
            return Err(invalid());
        }
        let target = if func == Func::Count {
            match self.cx.db.schema.rel(collection, arg) {
                Some(RelKind::O2m { related, fk, .. }) => {
                    Target::CountO2m { related: related.clone(), fk: fk.clone() }
                }
                _ if field.ty == FieldType::Json => Target::CountJson { field: arg.into() },
                _ => return Err(invalid()),
            }
        } else {
            Target::Func { func, field: arg.into(), ty: field.ty }
        };
        self.leaves(inner, &target, FieldType::Integer, false)
    }

    /// Through a many-to-one: conditions on the related row.
    fn m2o(&self, key: &str, related: &str, inner: &Filter, path: &str) -> Result<Cond> {
        // Directus names the relation: `Queried in "author"`.
        self.require_read(related, &join_path(path, key))?;
        let inner = self.resolve(inner, related, &join_path(path, key), false)?;
        Ok(Cond::M2o { field: key.into(), related: related.into(), inner: Box::new(inner) })
    }

    /// Through a one-to-many: implicitly, or quantified by `_some`/`_none` at the top level.
    fn o2m(
        &self,
        key: &str,
        (related, fk): (&str, &str),
        inner: &Filter,
        collection: &str,
        path: &str,
        top: bool,
    ) -> Result<Cond> {
        let schema = &self.cx.db.schema;
        let child_path = join_path(path, key);
        self.require_read(related, &child_path)?;
        let related_pk = schema.pk_of(related).to_owned();
        let (quant, body) = match inner {
            // `_some: {}` and `_none: {}` restrict nothing.
            Filter::Quantified(_, b) if top && **b == Filter::Empty => {
                return Ok(self.join_only(related, fk));
            }
            Filter::Quantified(Quantifier::Some, b) if top => (Quant::Some, b.as_ref()),
            Filter::Quantified(Quantifier::None, b) if top => (Quant::None, b.as_ref()),
            Filter::Quantified(..) => return self.resolve(inner, collection, path, false),
            other => (Quant::Implicit, other),
        };
        if self.cx.drop_logical_quantifiers
            && !matches!(quant, Quant::Implicit)
            && matches!(body, Filter::Logical(..))
        {
            // 12.4 builds no condition for it, but its fields must exist and be readable.
            return match self.resolve(body, related, &child_path, true) {
                Err(e) if e.code() == ErrorCode::Forbidden => Err(e),
                _ => Ok(self.join_only(related, fk)),
            };
        }
        let inner = match body {
            Filter::Cmp { .. } => {
                let pk_field = schema.field(related, &related_pk);
                let ty = pk_field.map(|f| f.ty).unwrap_or(FieldType::Integer);
                self.leaves(body, &Target::Column { field: related_pk, ty }, ty, false)?
            }
            // An explicit quantifier's condition is a query of its own on the related
            // collection (Directus' subquery), where a quantifier is top level again.
            other => {
                let own_query = !matches!(quant, Quant::Implicit);
                self.resolve(other, related, &child_path, own_query)?
            }
        };
        Ok(Cond::O2m { related: related.into(), fk: fk.into(), quant, inner: Box::new(inner) })
    }

    /// A quantifier that restricts nothing: no condition, or 12.4's join without one.
    fn join_only(&self, related: &str, fk: &str) -> Cond {
        if !self.cx.joined_aggregates {
            return Cond::True;
        }
        let (related, fk) = (related.into(), fk.into());
        Cond::O2m { related, fk, quant: Quant::JoinOnly, inner: Box::new(Cond::True) }
    }

    /// Operators (possibly combined) applied to one target.
    fn leaves(
        &self,
        inner: &Filter,
        target: &Target,
        ty: FieldType,
        concealed: bool,
    ) -> Result<Cond> {
        match inner {
            Filter::Cmp { op, value } => {
                let op = validate_operator(ty, op, concealed)?;
                let operand = coerce_operand(ty, op, value)?;
                Ok(Cond::Leaf { target: target.clone(), op, operand })
            }
            Filter::Logical(logical, items) => {
                let conds = items
                    .iter()
                    .map(|f| self.leaves(f, target, ty, concealed))
                    .collect::<Result<_>>()?;
                Ok(match logical {
                    Logical::And => Cond::All(conds),
                    Logical::Or => Cond::Any(conds),
                })
            }
            Filter::Empty => Ok(Cond::True),
            Filter::Field { key, .. } => {
                // `{"title":{"foo":...}}`: the nested key is unknown in this collection.
                Err(Error::invalid_query(format!("Invalid filter key \"{key}\"")))
            }
            // Directus names `_some` here, whichever quantifier it was.
            Filter::Quantified(..) => Err(Error::invalid_query(
                "\"_some\" can only be used with top level relational alias field",
            )),
        }
    }

    fn require_read(&self, collection: &str, path: &str) -> Result<()> {
        if self.cx.access.can(collection, Action::Read) {
            Ok(())
        } else {
            Err(Error::collection_forbidden(collection, &QueriedIn(Some(path))))
        }
    }

    fn require_field(&self, collection: &str, field: &str, path: &str) -> Result<()> {
        if self.cx.access.field_allowed(collection, Action::Read, field) {
            Ok(())
        } else {
            Err(Error::field_forbidden(field, collection, &QueriedIn(Some(path))))
        }
    }
}

/// Casts operand values for the field type: JavaScript's `Number()` for numeric
/// types, so `"0x6"` is 6 and `null` inside a list or under `_gt` is 0.
fn coerce_operand(ty: FieldType, op: Op, value: &Value) -> Result<Value> {
    let numeric = ty.is_numeric();
    let cast = |v: &Value| -> Result<Value> {
        if !numeric {
            return Ok(v.clone());
        }
        let n = crate::query::js_number(v);
        if n.is_nan() {
            return Err(Error::invalid_query("Invalid numeric value"));
        }
        Ok(serde_json::Number::from_f64(n).map(Value::Number).unwrap_or(Value::Null))
    };
    let kind = op.kind();
    if kind.takes_list() {
        return match value {
            Value::Array(items) => Ok(Value::Array(items.iter().map(cast).collect::<Result<_>>()?)),
            other => Ok(Value::Array(vec![cast(other)?])),
        };
    }
    match kind {
        // `_eq: null` and `_neq: null` are IS (NOT) NULL, before any cast.
        Kind::Equality if value.is_null() => Ok(Value::Null),
        kind if kind.compares() => cast(value),
        _ => Ok(value.clone()),
    }
}

// ----- evaluation -----

impl Cond {
    pub(crate) fn is_true(&self) -> bool {
        matches!(self, Cond::True)
    }

    /// Evaluates on a row of the collection this condition was resolved for.
    /// `None` stands for the all-NULL row of a left join.
    pub(crate) fn eval(&self, row: Option<&Row>, cx: &Ctx<'_>, collection: &str) -> bool {
        match self {
            Cond::True => true,
            Cond::All(items) => items.iter().all(|c| c.eval(row, cx, collection)),
            Cond::Any(items) => items.iter().any(|c| c.eval(row, cx, collection)),
            Cond::Leaf { target, op, operand } => {
                let value = target_value(target, row, cx, collection);
                if *op == Op::Json {
                    return json_filter(cx.db.vendor, &value, operand);
                }
                eval_op(cx.db.vendor, target_type(target), *op, &value, operand)
            }
            Cond::M2o { field, related, inner } => {
                let fk = row.and_then(|r| r.get(field)).cloned().unwrap_or(Value::Null);
                let target = Pk::from_value(&fk).and_then(|pk| cx.db.row(related, &pk).cloned());
                inner.eval(target.as_deref(), cx, related)
            }
            Cond::O2m { related, fk, quant, inner } => {
                let children = match row {
                    Some(r) => cx.children_of(collection, related, fk, r),
                    None => Arc::new(Vec::new()),
                };
                match quant {
                    Quant::Implicit if children.is_empty() => inner.eval(None, cx, related),
                    Quant::Implicit | Quant::Some => {
                        children.iter().any(|c| inner.eval(Some(c), cx, related))
                    }
                    Quant::None => !children.iter().any(|c| inner.eval(Some(c), cx, related)),
                    Quant::JoinOnly => true,
                }
            }
            Cond::FollowA2o { related, fk, collection_field, inner } => {
                let pk = cx.db.schema.pk_of(collection);
                let key = row.and_then(|r| r.get(pk)).map(crate::engine::values::scalar_text);
                let Some(table) = cx.db.table(related) else { return false };
                table.rows.values().any(|child| {
                    child.get(collection_field).and_then(Value::as_str) == Some(collection)
                        && child.get(fk).map(crate::engine::values::scalar_text) == key
                        && inner.eval(Some(child), cx, related)
                })
            }
            Cond::A2o { field, collection_field, scope, inner } => {
                let Some(row) = row else { return inner.eval(None, cx, scope) };
                let in_scope =
                    row.get(collection_field).and_then(Value::as_str) == Some(scope.as_str());
                let target = if in_scope {
                    row.get(field).and_then(|key| cx.row_by_key(scope, key))
                } else {
                    None
                };
                inner.eval(target.as_deref(), cx, scope)
            }
        }
    }
}

fn target_type(target: &Target) -> FieldType {
    match target {
        Target::Column { ty, .. } => *ty,
        Target::Func { .. } | Target::CountO2m { .. } | Target::CountJson { .. } => {
            FieldType::Integer
        }
    }
}

fn target_value<'r>(
    target: &Target,
    row: Option<&'r Row>,
    cx: &Ctx<'_>,
    collection: &str,
) -> Cow<'r, Value> {
    static NULL: Value = Value::Null;
    // A missing related row (a NULL many-to-one in the join) has no children: its
    // count() is Directus' subquery over none, 0, not NULL.
    if let (None, Target::CountO2m { .. }) = (row, target) {
        return Cow::Owned(Value::from(0));
    }
    let Some(row) = row else { return Cow::Borrowed(&NULL) };
    Cow::Owned(match target {
        // A column is read in place: no copy of the stored value per row.
        Target::Column { field, .. } => return Cow::Borrowed(row.get(field).unwrap_or(&NULL)),
        Target::Func { func, field, ty } => {
            values::date_part(cx.db.vendor, *func, *ty, row.get(field).unwrap_or(&Value::Null))
        }
        Target::CountO2m { related, fk } => {
            Value::from(cx.children_of(collection, related, fk, row).len())
        }
        Target::CountJson { field } => values::json_array_length(cx.db.vendor, row.get(field)),
    })
}

/// One operator on one stored value, with SQL's NULL rules and the text
/// comparison of the database `vendor` (MariaDB's collation on its text
/// columns: [`Vendor::collates`]).
pub(crate) fn eval_op(
    vendor: Vendor,
    ty: FieldType,
    op: Op,
    value: &Value,
    operand: &Value,
) -> bool {
    use std::cmp::Ordering::*;
    let collated = vendor.collates(ty);
    let compare = |value: &Value, operand: &Value| match (
        vendor.text_key(ty, value),
        vendor.text_key(ty, operand),
    ) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => compare(ty, value, operand),
    };
    let cmp = || compare(value, operand);
    let text = || scalar_text(value);
    let pattern = || scalar_text(operand);
    // SQLite's LIKE ignores ASCII case; MariaDB's compares under the collation.
    let like = |text: &str, pattern: &str| {
        if collated { crate::vendor::collated_like(text, pattern) } else { like(text, pattern) }
    };
    match op {
        Op::Eq => {
            if operand.is_null() {
                value.is_null()
            } else {
                cmp() == Some(Equal)
            }
        }
        Op::Neq => {
            if operand.is_null() {
                !value.is_null()
            } else {
                matches!(cmp(), Some(Less | Greater))
            }
        }
        Op::Lt => cmp() == Some(Less),
        Op::Lte => matches!(cmp(), Some(Less | Equal)),
        Op::Gt => cmp() == Some(Greater),
        Op::Gte => matches!(cmp(), Some(Greater | Equal)),
        Op::In | Op::Nin => {
            if value.is_null() {
                return false;
            }
            let items: &[Value] = operand.as_array().map_or(&[], Vec::as_slice);
            let found = items.iter().any(|item| compare(value, item) == Some(Equal));
            if op == Op::In { found } else { !found && !items.iter().any(Value::is_null) }
        }
        Op::Null | Op::Nnull => {
            let want_null = !matches!(operand, Value::Bool(false));
            let is_null = value.is_null();
            if op == Op::Null { is_null == want_null } else { is_null != want_null }
        }
        Op::Empty | Op::Nempty => {
            let want = !matches!(operand, Value::Bool(false));
            let empty =
                value.is_null() || value.as_str().is_some_and(|s| vendor.is_empty_text(ty, s));
            if op == Op::Empty { empty == want } else { empty != want }
        }
        Op::Contains | Op::Ncontains => {
            if value.is_null() || operand.is_null() {
                return false;
            }
            let hit = like(&text(), &format!("%{}%", pattern()));
            if op == Op::Contains { hit } else { !hit }
        }
        Op::Icontains | Op::Nicontains => {
            if value.is_null() || operand.is_null() {
                return false;
            }
            let hit = (!collated && text().to_lowercase().contains(&pattern().to_lowercase()))
                || like(&text().to_lowercase(), &format!("%{}%", pattern().to_lowercase()));
            if op == Op::Icontains { hit } else { !hit }
        }
        Op::StartsWith | Op::NstartsWith | Op::IstartsWith | Op::NistartsWith => {
            if value.is_null() || operand.is_null() {
                return false;
            }
            let hit = like(&text().to_lowercase(), &format!("{}%", pattern().to_lowercase()));
            if matches!(op, Op::StartsWith | Op::IstartsWith) { hit } else { !hit }
        }
        Op::EndsWith | Op::NendsWith | Op::IendsWith | Op::NiendsWith => {
            if value.is_null() || operand.is_null() {
                return false;
            }
            let hit = like(&text().to_lowercase(), &format!("%{}", pattern().to_lowercase()));
            if matches!(op, Op::EndsWith | Op::IendsWith) { hit } else { !hit }
        }
        Op::Between | Op::Nbetween => {
            let items = operand.as_array().cloned().unwrap_or_default();
            if items.len() != 2 {
                return true;
            }
            if value.is_null() {
                return false;
            }
            let lo = compare(value, &items[0]);
            let hi = compare(value, &items[1]);
            let inside = matches!(lo, Some(Greater | Equal)) && matches!(hi, Some(Less | Equal));
            if op == Op::Between { inside } else { !inside && lo.is_some() && hi.is_some() }
        }
        Op::Ieq => !value.is_null() && text().to_lowercase() == pattern().to_lowercase(),
        Op::Nieq => !value.is_null() && text().to_lowercase() != pattern().to_lowercase(),
        // `Cond::eval` answers `_json` with the database's extraction ([`json_filter`]).
        Op::Json => json_filter(vendor, value, operand),
        // JavaScript's RegExp, as Directus compiles patterns.
        Op::Regex => regress::Regex::new(&pattern()).is_ok_and(|re| re.find(&text()).is_some()),
        Op::Intersects | Op::Nintersects | Op::IntersectsBbox | Op::NintersectsBbox => false,
        // A validation rule only: no field type offers it, so only a `_json` path reaches it.
        Op::Submitted => false,
    }
}
