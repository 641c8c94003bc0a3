//! The read pipeline: resolve a query into a tree of levels (one per
//! collection reached through `fields`), then for each level filter, search,
//! sort and paginate rows, expand relations and project the requested keys.
//!
//! The tree mirrors Directus' own: `*` expands to every field, a relational
//! path (`author.name`) becomes a nested level, an alias field with no
//! nested fields (`comments`) yields the related keys, and a nested level
//! whose fields are all missing collapses to the row's primary key.
//!
//! One module per phase: `plan` builds the tree (the `fields` grammar, the
//! nested levels of relational fields, each level's filter, search, sort and
//! pagination); `select` picks a level's rows (filter, search, sort,
//! paginate); `project` turns rows into output objects, expanding
//! relations into nested JSON; `aggregate` answers `aggregate` and
//! `groupBy`. This module holds the tree they share.

mod aggregate;
mod function;
mod joined;
mod plan;
mod project;
mod select;
mod sort;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::filter::Cond;

pub(crate) use aggregate::aggregate;
pub(crate) use plan::plan;
pub(crate) use project::project;
pub(crate) use select::{count, select};

/// One node of the read tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A column, or a function of one (`year(published_on)`, `json(data, a)`).
    /// `alias` marks a column renamed by the `alias` parameter: Directus puts
    /// those after every other key, and a level of aliases only collapses to its key.
    Field {
        key: String,
        name: String,
        alias: bool,
    },
    /// `count(<o2m alias>)`.
    CountO2m {
        key: String,
        related: String,
        fk: String,
    },
    M2o {
        key: String,
        field: String,
        level: Box<Level>,
    },
    O2m {
        key: String,
        fk: String,
        level: Box<Level>,
    },
    A2o {
        key: String,
        field: String,
        collection_field: String,
        levels: IndexMap<String, Level>,
    },
}

impl Node {
    fn is_alias_field(&self) -> bool {
        matches!(self, Node::Field { alias: true, .. })
    }

    fn key(&self) -> &str {
        match self {
            Node::Field { key, .. }
            | Node::CountO2m { key, .. }
            | Node::M2o { key, .. }
            | Node::O2m { key, .. }
            | Node::A2o { key, .. } => key,
        }
    }
}

/// One collection level of the read tree with its own query.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub(crate) collection: String,
    pub(crate) children: Vec<Node>,
    pub(crate) cond: Cond,
    pub(crate) search: Option<String>,
    pub(crate) sort: Vec<SortKey>,
    pub(crate) limit: Option<usize>,
    pub(crate) offset: usize,
    /// The level's `alias` parameter: output key → the field it renames.
    pub(crate) alias: Map<String, Value>,
    /// An invalid query of a nested level (its `deep` filter or sort): Directus
    /// applies a nested query only when the level above has rows, so the error
    /// surfaces only then ([`Level::deferred_error`]).
    pub(crate) deferred: Option<Box<crate::error::Error>>,
    /// A nested O2M level's `deep` `_aggregate` grouped by its foreign key:
    /// the level answers one aggregate object per parent instead of rows.
    pub(crate) aggregate: Option<Box<crate::query::Query>>,
}

impl Level {
    /// A level that reads `children` of every row of `collection`: no
    /// condition, search, sort, limit or offset yet.
    pub(crate) fn new(
        collection: &str,
        children: Vec<Node>,
        alias: serde_json::Map<String, serde_json::Value>,
    ) -> Level {
        Level {
            collection: collection.to_owned(),
            children,
            cond: crate::engine::filter::Cond::True,
            search: None,
            sort: Vec::new(),
            limit: None,
            offset: 0,
            alias,
            deferred: None,
            aggregate: None,
        }
    }

    /// The first deferred error of the nested levels, reported once the root has rows.
    pub(crate) fn deferred_error(&self) -> Option<crate::error::Error> {
        if let Some(e) = &self.deferred {
            return Some((**e).clone());
        }
        self.children.iter().find_map(|node| match node {
            Node::M2o { level, .. } | Node::O2m { level, .. } => level.deferred_error(),
            Node::A2o { levels, .. } => levels.values().find_map(Level::deferred_error),
            Node::Field { .. } | Node::CountO2m { .. } => None,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct SortKey {
    pub(crate) desc: bool,
    pub(crate) by: SortBy,
}

#[derive(Debug, Clone)]
pub(crate) enum SortBy {
    /// A column or function of the current level.
    Local(String),
    /// Through M2O/O2M hops to a column of another collection.
    Path(Vec<Hop>, String),
    /// An aggregate output (`count`, `sum.views`) when grouping: groups sort
    /// by it in `aggregate.rs` (which reads the sort itself), rows do not.
    Output,
}

#[derive(Debug, Clone)]
pub(crate) enum Hop {
    M2o { field: String, related: String },
    O2m { related: String, fk: String },
    A2o { field: String, collection_field: String, scope: String },
}
