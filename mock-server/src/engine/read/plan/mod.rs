//! Building the read tree: [`plan`] turns a query on a collection into its
//! root [`Level`], validating fields, filter and sort. The [`Builder`]
//! carries what every level needs; its methods are split by what they build:
//! the `fields` grammar of one level ([`fields`]), the levels of relational
//! fields with their `deep` queries ([`nested`]), and a level's filter,
//! search, sort and pagination ([`query`]).

mod fields;
mod nested;
mod query;
mod unknown;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Level, Node};
use crate::engine::Ctx;
use crate::error::{Error, Result};
use crate::query::Query;
use crate::query::fields::Func;

/// Builds the tree for a query on `collection`, validating fields, filter and sort.
pub(crate) fn plan(cx: &Ctx<'_>, collection: &str, query: &Query) -> Result<Level> {
    let mut fields: Vec<String> = query.fields.clone().unwrap_or_else(|| vec!["*".into()]);
    if query.has_aggregate() {
        fields = Vec::new();
    }
    if let Some(group) = &query.group {
        fields = group.clone();
    }
    let mut seen = BTreeSet::new();
    fields.retain(|f| seen.insert(f.clone()));
    let alias = query.alias.clone().unwrap_or_default();
    let builder = Builder { cx, backlink: query.backlink.unwrap_or(true), limits: query.limits };
    let mut level = Level::new(collection, Vec::new(), alias.clone());
    // Directus checks the paths of filter and sort before those of fields.
    builder.apply_query(&mut level, query, None, true, "")?;
    level.children =
        builder.parse_fields(collection, &fields, &alias, query.deep.as_ref(), None, "")?;
    Ok(level)
}

/// Builds the levels of one query.
struct Builder<'c, 'a> {
    cx: &'c Ctx<'a>,
    /// `backlink`: whether `*.*` follows a relation back to the parent level.
    backlink: bool,
    /// The server's query limits: `QUERY_LIMIT_DEFAULT` bounds a nested level without a `deep` one.
    limits: crate::query::QueryLimits,
}

impl Builder<'_, '_> {
    /// A function known to Directus and allowed for the type of its field.
    fn check_function(&self, collection: &str, func: &str, arg: &str) -> Result<()> {
        let schema = &self.cx.db.schema;
        let invalid = || Error::invalid_query(format!("Invalid function specified \"{func}\""));
        let Some(f) = Func::parse(func) else { return Err(invalid()) };
        let Some(field) = schema.field(collection, arg) else { return Ok(()) };
        if !f.allowed_for(field.ty) {
            return Err(invalid());
        }
        Ok(())
    }

    /// The column a function call reads, checked: the first argument of
    /// `json(field, path)`, the whole argument of the others.
    fn function_column<'s>(&self, collection: &str, func: &str, args: &'s str) -> Result<&'s str> {
        let arg =
            if func == "json" { args.split(',').next().unwrap_or("").trim() } else { args.trim() };
        self.check_function(collection, func, arg)?;
        Ok(arg)
    }
}

/// A nested level before its `deep` query: Directus' default limit, no filter or sort.
fn empty_level(
    collection: &str,
    children: Vec<Node>,
    alias: Map<String, Value>,
    default_limit: usize,
) -> Level {
    Level { limit: Some(default_limit), ..Level::new(collection, children, alias) }
}
