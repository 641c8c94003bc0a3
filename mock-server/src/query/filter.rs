//! Filters: the typed AST the engine resolves against the schema, and the two
//! schema-free stages before it.
//!
//! - [`sanitize_filter`] normalizes a raw filter (dynamic variables, list
//!   values, literal coercion, hoisting of logical operators). After it, every
//!   JSON object of a filter has at most one key: several keys at one level
//!   become an `_and`, and an `_and`/`_or` found directly under a field is
//!   hoisted above it.
//! - [`check_filter`] validates operator values the way Directus' query
//!   validator does, with the path of the bad key.
//! - [`Filter::parse`] turns normalized JSON into a [`Filter`] tree whose keys
//!   the operator table ([`super::operators`]) classifies.

mod check;
mod dynamic;
mod sanitize;

use std::fmt;

use serde_json::Value;

pub(crate) use super::operators::Op;
use super::operators::{Key, Logical, Quantifier};
pub(crate) use check::{depth, validate_filter};
pub(crate) use dynamic::DynamicContext;
pub(crate) use sanitize::sanitize_filter;

/// A filter, normalized: one key per level.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    /// `{}`: no restriction.
    Empty,
    /// `_and` / `_or` over a list of filters.
    Logical(Logical, Vec<Filter>),
    /// An operator applied in the current field context. `op` is the raw key
    /// for an unknown `_name`, which the engine rejects with the field's type
    /// in the message.
    Cmp { op: Result<Op, String>, value: Value },
    /// Descends into a field (or a function key such as `year(published_on)`,
    /// an M2A scope `item:headings`, or `$FOLLOW(collection, field)`).
    Field { key: String, inner: Box<Filter> },
    /// `_some` / `_none` on an O2M alias.
    Quantified(Quantifier, Box<Filter>),
}

impl Filter {
    /// Builds the AST from a sanitized (normalized) filter.
    pub(crate) fn parse(value: &Value) -> Filter {
        let Value::Object(map) = value else {
            return Filter::Cmp { op: Ok(Op::Eq), value: value.clone() };
        };
        let mut parts: Vec<Filter> = map.iter().map(|(k, v)| Self::parse_entry(k, v)).collect();
        match parts.len() {
            0 => Filter::Empty,
            1 => parts.pop().unwrap_or(Filter::Empty),
            _ => Filter::Logical(Logical::And, parts),
        }
    }

    fn parse_entry(key: &str, value: &Value) -> Filter {
        match Key::parse(key) {
            Key::Logical(logical) => {
                let items: Vec<Filter> = match value {
                    Value::Array(items) => items.iter().map(Filter::parse).collect(),
                    other => vec![Filter::parse(other)],
                };
                Filter::Logical(logical, items)
            }
            Key::Quantifier(q) => Filter::Quantified(q, Box::new(Filter::parse(value))),
            Key::Op(op) => Filter::Cmp { op: Ok(op), value: value.clone() },
            Key::Unknown(raw) => Filter::Cmp { op: Err(raw.to_owned()), value: value.clone() },
            Key::Field(k) => {
                Filter::Field { key: k.to_owned(), inner: Box::new(Filter::parse(value)) }
            }
        }
    }
}

impl fmt::Display for Filter {
    /// A compact one-line form: `status._eq:"draft"`, `_and[a._gt:1, b._null:true]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Empty => f.write_str("{}"),
            Filter::Logical(logical, items) => {
                write!(f, "{logical}[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Filter::Cmp { op, value } => match op {
                Ok(op) => write!(f, "{op}:{value}"),
                Err(raw) => write!(f, "{raw}?:{value}"),
            },
            Filter::Field { key, inner } => write!(f, "{key}.{inner}"),
            Filter::Quantified(q, inner) => write!(f, "{q}({inner})"),
        }
    }
}
