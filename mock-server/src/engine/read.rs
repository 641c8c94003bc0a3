//! The read pipeline: resolve a query into a tree of levels (one per
//! collection reached through `fields`), then for each level filter, search,
//! sort and paginate rows, expand relations and project the requested keys.
//!
//! The tree mirrors Directus' own: `*` expands to every field, a relational
//! path (`author.name`) becomes a nested level, an alias field with no
//! nested fields (`comments`) yields the related keys, and a nested level
//! whose fields are all missing collapses to the row's primary key.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::filter::{self, Cond};
use super::values::{self, render, sql_cmp};
use super::{Action, Ctx};
use crate::error::{Error, ErrorCode, QueriedIn, Result};
use crate::query::fields::{
    Func, function_name as func_name, function_output_key, normalize_function_path, split_call,
    split_path,
};
use crate::query::filter::Filter;
use crate::query::{Deep, Query};
use crate::schema::{Field, FieldType, RelKind};
use crate::store::Row;

/// One node of the read tree.
#[derive(Debug, Clone)]
pub enum Node {
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
pub struct Level {
    pub collection: String,
    pub children: Vec<Node>,
    pub cond: Cond,
    pub search: Option<String>,
    pub sort: Vec<SortKey>,
    pub limit: Option<usize>,
    pub offset: usize,
    /// For nested O2M lists: re-sort after slicing by the first sort key, NULLs last.
    pub alias: Map<String, Value>,
}

#[derive(Debug, Clone)]
pub struct SortKey {
    pub desc: bool,
    pub by: SortBy,
}

#[derive(Debug, Clone)]
pub enum SortBy {
    /// A column or function of the current level.
    Local(String),
    /// Through M2O/O2M hops to a column of another collection.
    Path(Vec<Hop>, String),
    /// An aggregate output (`count`, `sum.views`) when grouping.
    Output(String),
}

#[derive(Debug, Clone)]
pub enum Hop {
    M2o { field: String, related: String },
    O2m { related: String, fk: String, parent: String },
    A2o { field: String, collection_field: String, scope: String },
}

/// What a list read returns.
#[derive(Debug, Clone)]
pub struct ReadOutput {
    pub data: Vec<Value>,
}

/// Builds the tree for a query on `collection`, validating fields, filter and sort.
pub fn plan(cx: &Ctx<'_>, collection: &str, query: &Query) -> Result<Level> {
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
    let builder = Builder { cx, backlink: query.backlink.unwrap_or(true) };
    let mut level = Level {
        collection: collection.to_owned(),
        children: Vec::new(),
        cond: Cond::True,
        search: None,
        sort: Vec::new(),
        limit: None,
        offset: 0,
        alias: alias.clone(),
    };
    // Directus checks the paths of filter and sort before those of fields.
    builder.apply_query(&mut level, query, None, true, "")?;
    level.children =
        builder.parse_fields(collection, &fields, &alias, query.deep.as_ref(), None, "")?;
    Ok(level)
}

struct Builder<'c, 'a> {
    cx: &'c Ctx<'a>,
    backlink: bool,
}

enum Nested {
    Plain(Vec<String>),
    Scoped(IndexMap<String, Vec<String>>),
}

impl Builder<'_, '_> {
    /// `*` and `*.x` expanded for one collection.
    fn convert_wildcards(
        &self,
        collection: &str,
        fields: &[String],
        alias: &Map<String, Value>,
        parent_relation: Option<(&str, &str)>,
    ) -> Vec<String> {
        let schema = &self.cx.db.schema;
        let Some(coll) = schema.collection(collection) else { return Vec::new() };
        let all: Vec<String> = coll.fields.keys().cloned().collect();
        let allowed: Vec<String> = match self.cx.access.allowed_fields(collection, Action::Read) {
            None if self.cx.access.can(collection, Action::Read) => all.clone(),
            None => Vec::new(),
            Some(list) => all.iter().filter(|f| list.contains(f)).cloned().collect(),
        };
        if allowed.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for key in fields {
            if !key.contains('*') {
                out.push(key.clone());
                continue;
            }
            if key == "*" {
                out.extend(allowed.iter().cloned());
                out.extend(alias.keys().cloned());
                continue;
            }
            let parts: Vec<&str> = key.split('.').collect();
            if parts.first() == Some(&"*") && parts.len() > 1 {
                let rest = parts[1..].join(".");
                let relational: Vec<&String> = allowed
                    .iter()
                    .filter(|f| match schema.rel(collection, f) {
                        None => false,
                        Some(_) => {
                            let rel = schema.relation_of(collection, f);
                            let is_parent = parent_relation.is_some_and(|(c, fld)| {
                                rel.is_some_and(|r| r.collection == c && r.field == fld)
                            });
                            !is_parent || self.backlink
                        }
                    })
                    .collect();
                for f in &relational {
                    out.push(format!("{f}.{rest}"));
                }
                for f in &allowed {
                    if !relational.contains(&f) {
                        out.push(f.clone());
                    }
                }
                for (k, v) in alias {
                    let target = v.as_str().unwrap_or_default();
                    if relational.iter().any(|f| f.as_str() == target) {
                        out.push(format!("{k}.{rest}"));
                    } else {
                        out.push(k.clone());
                    }
                }
                continue;
            }
            out.push(key.clone());
        }
        out
    }

    fn parse_fields(
        &self,
        collection: &str,
        fields: &[String],
        alias: &Map<String, Value>,
        deep: Option<&Deep>,
        parent_relation: Option<(&str, &str)>,
        path: &str,
    ) -> Result<Vec<Node>> {
        let schema = &self.cx.db.schema;
        let fields = self.convert_wildcards(collection, fields, alias, parent_relation);
        let Some(coll) = schema.collection(collection) else {
            return Err(Error::collection_forbidden(collection, &QueriedIn(Some(path))));
        };
        let mut order: IndexMap<String, Option<Node>> = IndexMap::new();
        let mut relational: IndexMap<String, Nested> = IndexMap::new();
        let mut unknown: Vec<String> = Vec::new();

        for field_key in &fields {
            let mut name = field_key.clone();
            if let Some(Value::String(target)) = alias.get(field_key) {
                name = target.clone();
            }
            let name = normalize_function_path(&name);
            let is_call = name.contains('(') && name.contains(')');
            if is_call && let Some((func, arg)) = split_call(&name) {
                let arg_field = coll.fields.get(arg.trim());
                if func == "count"
                    && arg_field.is_some_and(|f| f.ty == FieldType::Alias)
                    && let Some(RelKind::O2m { related, fk, .. }) =
                        schema.rel(collection, arg.trim())
                {
                    let out_key = if alias.contains_key(field_key) {
                        field_key.clone()
                    } else {
                        function_output_key(func, arg)
                    };
                    order.insert(
                        field_key.clone(),
                        Some(Node::CountO2m {
                            key: out_key,
                            related: related.clone(),
                            fk: fk.clone(),
                        }),
                    );
                    continue;
                }
            }
            let relational_call =
                is_call && name.find('.').is_some_and(|d| name.find('(').is_some_and(|p| d < p));
            let is_o2m_alias = matches!(schema.rel(collection, &name), Some(RelKind::O2m { .. }));
            if (!is_call || relational_call) && (name.contains('.') || is_o2m_alias) {
                let parts = split_path(if is_call { &name } else { field_key });
                let mut root = parts[0].clone();
                let mut scope = None;
                if let Some((k, s)) = root.clone().split_once(':') {
                    root = k.to_owned();
                    scope = Some(s.to_owned());
                }
                order.entry(root.clone()).or_insert(None);
                let entry = relational.entry(root.clone()).or_insert_with(|| match &scope {
                    Some(s) => Nested::Scoped(IndexMap::from([(s.clone(), Vec::new())])),
                    None => Nested::Plain(Vec::new()),
                });
                if parts.len() > 1 {
                    let child = parts[1..].join(".");
                    match (entry, &scope) {
                        (Nested::Scoped(map), Some(s)) => {
                            map.entry(s.clone()).or_default().push(child)
                        }
                        (Nested::Plain(list), None) => list.push(child),
                        (Nested::Scoped(map), None) => {
                            for list in map.values_mut() {
                                list.push(child.clone());
                            }
                        }
                        (Nested::Plain(list), Some(_)) => list.push(child),
                    }
                } else if let (Nested::Scoped(map), Some(s)) = (entry, &scope) {
                    map.entry(s.clone()).or_default();
                }
                continue;
            }
            if let Some((k, s)) = name.split_once(':') {
                order.entry(k.to_owned()).or_insert(None);
                let entry = relational
                    .entry(k.to_owned())
                    .or_insert_with(|| Nested::Scoped(IndexMap::new()));
                if let Nested::Scoped(map) = entry {
                    map.entry(s.to_owned()).or_default();
                }
                continue;
            }
            // A plain field or a function of a local field.
            if func_name(&name) == Some("json") {
                crate::query::fields::parse_json_call(&name).map_err(Error::invalid_query)?;
            }
            let base = match split_call(&name) {
                Some((func, args)) => {
                    let arg = if func == "json" {
                        args.split(',').next().unwrap_or("").trim()
                    } else {
                        args.trim()
                    };
                    self.check_function(collection, func, arg)?;
                    arg.to_owned()
                }
                None => name.clone(),
            };
            if !coll.fields.contains_key(&base) {
                if !unknown.contains(&base) {
                    unknown.push(base.clone());
                }
                continue;
            }
            let out_key = match split_call(&name) {
                Some((func, args)) if !alias.contains_key(field_key) => {
                    function_output_key(func, args)
                }
                _ => field_key.clone(),
            };
            let is_alias = alias.contains_key(field_key) && func_name(&name) != Some("json");
            order.entry(field_key.clone()).or_insert(Some(Node::Field {
                key: out_key,
                name,
                alias: is_alias,
            }));
        }

        if !unknown.is_empty() {
            let refs: Vec<&str> = unknown.iter().map(String::as_str).collect();
            return Err(Error::fields_forbidden(&refs, collection, &QueriedIn(Some(path))));
        }
        // Fields the caller may not read (explicitly requested) are FORBIDDEN.
        if let Some(allowed) = self.cx.access.allowed_fields(collection, Action::Read) {
            let denied: Vec<&str> = order
                .values()
                .flatten()
                .filter_map(|n| match n {
                    Node::Field { name, .. } => {
                        let base = split_call(name)
                            .map(|(_, a)| a.split(',').next().unwrap_or("").trim())
                            .unwrap_or(name.as_str());
                        (!allowed.iter().any(|a| a == base)).then_some(base)
                    }
                    _ => None,
                })
                .collect();
            if !denied.is_empty() {
                return Err(Error::fields_forbidden(&denied, collection, &QueriedIn(Some(path))));
            }
        }

        for (field_key, nested) in relational {
            let field_name =
                alias.get(&field_key).and_then(Value::as_str).unwrap_or(&field_key).to_owned();
            let child_path =
                if path.is_empty() { field_key.clone() } else { format!("{path}.{field_key}") };
            let Some(rel) = schema.rel(collection, &field_name).cloned() else {
                // A dotted path whose root is not a relation (unknown or a plain
                // column) selects nothing, as in Directus.
                order.shift_remove(&field_key);
                continue;
            };
            let relation = schema
                .relation_of(collection, &field_name)
                .map(|r| (r.collection.clone(), r.field.clone()));
            let parent_rel = relation.as_ref().map(|(c, f)| (c.as_str(), f.as_str()));
            let node = match rel {
                RelKind::A2o { allowed, collection_field } => {
                    let mut levels = IndexMap::new();
                    if let Nested::Scoped(map) = &nested {
                        for scoped in map.keys() {
                            if let Some(c) = schema.collection(scoped)
                                && !c.active()
                            {
                                return Err(Error::new(
                                    ErrorCode::CollectionInactive,
                                    format!("Collection \"{scoped}\" is inactive."),
                                )
                                .with("collection", scoped.as_str()));
                            }
                        }
                    }
                    for target in allowed.iter() {
                        let Some(target_coll) = schema.collection(target) else { continue };
                        if !target_coll.active() || !self.cx.access.can(target, Action::Read) {
                            continue;
                        }
                        let child_fields: Vec<String> = match &nested {
                            Nested::Plain(list) => list.clone(),
                            Nested::Scoped(map) => map.get(target).cloned().unwrap_or_default(),
                        };
                        let deep_key = format!("{field_key}:{target}");
                        let child_deep = deep.and_then(|d| d.child(&deep_key));
                        let child_alias =
                            child_deep.and_then(|d| d.query.alias.clone()).unwrap_or_default();
                        let children = self.parse_fields(
                            target,
                            &child_fields,
                            &child_alias,
                            child_deep,
                            parent_rel,
                            &format!("{child_path}:{target}"),
                        )?;
                        let mut level = empty_level(target, children, child_alias);
                        if let Some(d) = child_deep {
                            self.apply_query(
                                &mut level,
                                &d.query,
                                None,
                                false,
                                &format!("{child_path}:{target}"),
                            )?;
                        }
                        level.limit = None;
                        levels.insert(target.clone(), level);
                    }
                    Node::A2o {
                        key: field_key.clone(),
                        field: field_name.clone(),
                        collection_field,
                        levels,
                    }
                }
                RelKind::M2o { related } | RelKind::O2m { related, .. } => {
                    if !self.cx.access.can(&related, Action::Read) {
                        order.shift_remove(&field_key);
                        continue;
                    }
                    let child_fields = match &nested {
                        Nested::Plain(list) => list.clone(),
                        Nested::Scoped(map) => map.values().flatten().cloned().collect(),
                    };
                    let child_deep = deep.and_then(|d| d.child(&field_key));
                    let child_alias =
                        child_deep.and_then(|d| d.query.alias.clone()).unwrap_or_default();
                    let children = self.parse_fields(
                        &related,
                        &child_fields,
                        &child_alias,
                        child_deep,
                        parent_rel,
                        &child_path,
                    )?;
                    let mut level = empty_level(&related, children, child_alias);
                    let is_o2m =
                        matches!(schema.rel(collection, &field_name), Some(RelKind::O2m { .. }));
                    let default_sort = if is_o2m {
                        let sort_field = schema
                            .relation_of(collection, &field_name)
                            .and_then(|r| r.sort_field.clone())
                            .or_else(|| {
                                schema
                                    .collection(&related)
                                    .and_then(|c| c.sort_field().map(str::to_owned))
                            })
                            .unwrap_or_else(|| {
                                schema
                                    .collection(&related)
                                    .map(|c| c.pk().to_owned())
                                    .unwrap_or_default()
                            });
                        Some(sort_field)
                    } else {
                        None
                    };
                    let empty = Query::default();
                    let q = child_deep.map(|d| d.query.as_ref()).unwrap_or(&empty);
                    self.apply_query(&mut level, q, default_sort, false, &child_path)?;
                    if is_o2m {
                        let fk = match schema.rel(collection, &field_name) {
                            Some(RelKind::O2m { fk, .. }) => fk.clone(),
                            _ => String::new(),
                        };
                        Node::O2m { key: field_key.clone(), fk, level: Box::new(level) }
                    } else {
                        level.limit = None;
                        level.offset = 0;
                        Node::M2o {
                            key: field_key.clone(),
                            field: field_name.clone(),
                            level: Box::new(level),
                        }
                    }
                }
            };
            order.insert(field_key.clone(), Some(node));
        }

        let (mut nodes, aliases): (Vec<Node>, Vec<Node>) =
            order.into_values().flatten().partition(|n| !n.is_alias_field());
        nodes.extend(aliases);
        // A plain field that is also expanded relationally is dropped (the nested form wins).
        let relational_keys: Vec<String> = nodes
            .iter()
            .filter(|n| !matches!(n, Node::Field { .. }))
            .map(|n| n.key().to_owned())
            .collect();
        Ok(nodes
            .into_iter()
            .filter(|n| {
                !(matches!(n, Node::Field { .. }) && relational_keys.iter().any(|k| k == n.key()))
            })
            .collect())
    }

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

    /// Applies filter, search, sort and pagination of a (root or deep) query to a level.
    fn apply_query(
        &self,
        level: &mut Level,
        q: &Query,
        default_sort: Option<String>,
        root: bool,
        path: &str,
    ) -> Result<()> {
        let collection = level.collection.clone();
        let mut conds = Vec::new();
        if let Some(filter) = &q.filter {
            let parsed = Filter::parse(filter);
            let cond = filter::resolve_at(&parsed, &collection, path, self.cx)?;
            if !cond.is_true() {
                conds.push(cond);
            }
        }
        if let Some(rule) = self.cx.access.item_filter(&collection, Action::Read) {
            let parsed = Filter::parse(&rule);
            conds.push(filter::resolve(
                &parsed,
                &collection,
                &Ctx::new(self.cx.db, &super::Access::admin()),
            )?);
        }
        level.cond = match conds.len() {
            0 => Cond::True,
            1 => conds.pop().unwrap_or(Cond::True),
            _ => Cond::All(conds),
        };
        level.search = q.search.clone();
        let sort = match &q.sort {
            Some(s) if !s.is_empty() => s.clone(),
            _ => match default_sort {
                Some(s) => vec![s],
                None if root => {
                    let schema = &self.cx.db.schema;
                    let coll = schema.collection(&collection);
                    let field = q
                        .group
                        .as_ref()
                        .and_then(|g| g.first().cloned())
                        .or_else(|| coll.and_then(|c| c.sort_field().map(str::to_owned)))
                        .or_else(|| coll.map(|c| c.pk().to_owned()));
                    if q.has_aggregate() && q.group.is_none() {
                        Vec::new()
                    } else {
                        field.into_iter().collect()
                    }
                }
                None => Vec::new(),
            },
        };
        level.sort = sort
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| self.sort_key(&collection, s, q, &level.alias, path))
            .collect::<Result<_>>()?;
        level.limit = q.effective_limit();
        level.offset = q.effective_offset();
        Ok(())
    }

    fn sort_key(
        &self,
        collection: &str,
        raw: &str,
        q: &Query,
        alias: &Map<String, Value>,
        path: &str,
    ) -> Result<SortKey> {
        let schema = &self.cx.db.schema;
        let (desc, spec) = match raw.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let parts = split_path(spec);
        if let Some(agg) = &q.aggregate
            && agg.contains_key(&parts[0])
        {
            let key = if parts.len() > 1 {
                format!("{}.{}", parts[0], parts[1])
            } else {
                parts[0].clone()
            };
            return Ok(SortKey { desc, by: SortBy::Output(key) });
        }
        if parts.len() == 1 {
            let resolved = alias.get(spec).and_then(Value::as_str).unwrap_or(spec).to_owned();
            let base = match split_call(&resolved) {
                Some((func, args)) => {
                    let arg = if func == "json" {
                        args.split(',').next().unwrap_or("").trim()
                    } else {
                        args.trim()
                    };
                    self.check_function(collection, func, arg)?;
                    arg.to_owned()
                }
                None => resolved.clone(),
            };
            let root = base.split(':').next().unwrap_or(&base).to_owned();
            if schema.field(collection, &root).is_none() {
                return Err(Error::field_forbidden(&root, collection, &QueriedIn(Some(path))));
            }
            if !self.cx.access.field_allowed(collection, Action::Read, &root) {
                return Err(Error::field_forbidden(&root, collection, &QueriedIn(Some(path))));
            }
            match schema.rel(collection, &root) {
                Some(RelKind::O2m { related, fk, .. }) => {
                    let pk =
                        schema.collection(related).map(|c| c.pk().to_owned()).unwrap_or_default();
                    let hop = Hop::O2m {
                        related: related.clone(),
                        fk: fk.clone(),
                        parent: collection.to_owned(),
                    };
                    return Ok(SortKey { desc, by: SortBy::Path(vec![hop], pk) });
                }
                _ => return Ok(SortKey { desc, by: SortBy::Local(resolved) }),
            }
        }
        // A relational path: follow hops, the last part is a column (or function) there.
        let mut hops = Vec::new();
        let mut current = collection.to_owned();
        let mut queried = path.to_owned();
        for (i, part) in parts.iter().enumerate() {
            let last = i == parts.len() - 1;
            let (name, scope) = match part.split_once(':') {
                Some((n, s)) => (n.to_owned(), Some(s.to_owned())),
                None => (part.clone(), None),
            };
            let base =
                split_call(&name).map(|(_, a)| a.trim().to_owned()).unwrap_or_else(|| name.clone());
            if schema.field(&current, &base).is_none() {
                return Err(Error::field_forbidden(&base, &current, &QueriedIn(Some(&queried))));
            }
            if last {
                return Ok(SortKey { desc, by: SortBy::Path(hops, name) });
            }
            match schema.rel(&current, &base) {
                Some(RelKind::M2o { related }) => {
                    hops.push(Hop::M2o { field: base.clone(), related: related.clone() });
                    current = related.clone();
                }
                Some(RelKind::O2m { related, fk, .. }) => {
                    hops.push(Hop::O2m {
                        related: related.clone(),
                        fk: fk.clone(),
                        parent: current.clone(),
                    });
                    current = related.clone();
                }
                Some(RelKind::A2o { collection_field, .. }) => {
                    let Some(scope) = scope else {
                        // Without a scope the next part is looked up on the junction
                        // itself; only a part found there reaches the scope check.
                        let next = split_call(&parts[i + 1])
                            .map(|(_, a)| a.trim().to_owned())
                            .unwrap_or_else(|| parts[i + 1].clone());
                        if schema.field(&current, &next).is_none() {
                            return Err(Error::field_forbidden(
                                &next,
                                &current,
                                &QueriedIn(Some(&queried)),
                            ));
                        }
                        return Err(Error::invalid_query(
                            "You have to provide a collection scope when sorting or filtering on a many-to-any item",
                        ));
                    };
                    hops.push(Hop::A2o {
                        field: base.clone(),
                        collection_field: collection_field.clone(),
                        scope: scope.clone(),
                    });
                    current = scope;
                }
                None => {
                    return Err(Error::field_forbidden(
                        &parts[i + 1],
                        &current,
                        &QueriedIn(Some(part)),
                    ));
                }
            }
            if !self.cx.access.can(&current, Action::Read) {
                return Err(Error::collection_forbidden(&current, &QueriedIn(Some(part))));
            }
            queried = if queried.is_empty() { part.clone() } else { format!("{queried}.{part}") };
        }
        Ok(SortKey { desc, by: SortBy::Local(spec.to_owned()) })
    }
}

fn empty_level(collection: &str, children: Vec<Node>, alias: Map<String, Value>) -> Level {
    Level {
        collection: collection.to_owned(),
        children,
        cond: Cond::True,
        search: None,
        sort: Vec::new(),
        limit: Some(crate::query::DEFAULT_LIMIT as usize),
        offset: 0,
        alias,
    }
}

// ----- execution -----

/// The rows of a level that pass its filter and search, in sort order, within
/// its offset and limit. Uses the primary key and column indexes where they
/// answer exactly; otherwise scans in key order.
pub fn select(cx: &Ctx<'_>, level: &Level) -> Vec<Arc<Row>> {
    let Some(table) = cx.db.table(&level.collection) else { return Vec::new() };
    let pk =
        cx.db.schema.collection(&level.collection).map(|c| c.pk().to_owned()).unwrap_or_default();
    let passes = |cond: &Cond, r: &Arc<Row>| -> bool {
        cond.eval(Some(r), cx, &level.collection)
            && level.search.as_ref().is_none_or(|s| matches_search(cx, &level.collection, r, s))
    };
    let keep = |r: &Arc<Row>| passes(&level.cond, r);
    let want = level.limit.map(|l| level.offset.saturating_add(l));
    let pk_order = level.sort.is_empty()
        || (level.sort.len() == 1
            && !level.sort[0].desc
            && matches!(&level.sort[0].by, SortBy::Local(f) if *f == pk));

    // Candidates: by primary key, from an equality index, or every row (all in key order).
    let (candidates, residual): (Option<Arc<[Arc<Row>]>>, Cond) =
        if let Some(keys) = pk_lookup(&level.cond, &pk) {
            let mut pks: Vec<crate::store::Pk> =
                keys.iter().filter_map(|k| super::typed_key(cx.db, &level.collection, k)).collect();
            pks.sort();
            pks.dedup();
            (
                Some(pks.iter().filter_map(|k| table.get(k).cloned()).collect::<Vec<_>>().into()),
                level.cond.clone(),
            )
        } else {
            match eq_bucket(cx, level) {
                Some((rows, residual)) => (Some(rows), residual),
                None => (None, level.cond.clone()),
            }
        };
    let keep_candidate = |r: &Arc<Row>| passes(&residual, r);
    let rows_iter: Box<dyn Iterator<Item = &Arc<Row>>> = match &candidates {
        Some(rows) => Box::new(rows.iter()),
        None => Box::new(table.rows.values()),
    };

    if pk_order {
        let it = rows_iter.filter(|r| keep_candidate(r)).skip(level.offset);
        return match level.limit {
            Some(l) => it.take(l).cloned().collect(),
            None => it.cloned().collect(),
        };
    }

    // One plain column with a small window: walk that column's sorted index.
    if let (Some(want), [key]) = (want, level.sort.as_slice())
        && let SortBy::Local(col) = &key.by
    {
        let field = cx.db.schema.field(&level.collection, col).filter(|f| !f.is_alias());
        let pool = candidates.as_ref().map_or(table.len(), |c| c.len());
        let worth_it = pool > 0 && want.saturating_mul(table.len()) / pool < pool;
        if let (Some(field), true) = (field, worth_it) {
            let index = super::index::column(table, col, field.ty);
            let mut out = Vec::with_capacity(want.min(64));
            for r in index.ordered(key.desc) {
                if keep(r) {
                    out.push(Arc::clone(r));
                    if out.len() >= want {
                        break;
                    }
                }
            }
            return out.into_iter().skip(level.offset).collect();
        }
    }

    let mut rows: Vec<Arc<Row>> = rows_iter.filter(|r| keep_candidate(r)).cloned().collect();
    sort_rows(cx, level, &mut rows);
    paginate(rows, level)
}

/// How many rows of a level pass its filter and search (offset and limit ignored).
pub fn count(cx: &Ctx<'_>, level: &Level) -> usize {
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
fn pk_lookup(cond: &Cond, pk: &str) -> Option<Vec<Value>> {
    match cond {
        Cond::Leaf { target: filter::Target::Column { field, .. }, op, operand } if field == pk => {
            match op {
                crate::query::filter::Op::Eq if !operand.is_null() => Some(vec![operand.clone()]),
                crate::query::filter::Op::In => operand.as_array().cloned(),
                _ => None,
            }
        }
        Cond::All(items) => items.iter().find_map(|c| pk_lookup(c, pk)),
        _ => None,
    }
}

/// Rows an exact equality index selects for a top-level `_eq`, and what is left to check.
fn eq_bucket(cx: &Ctx<'_>, level: &Level) -> Option<(Arc<[Arc<Row>]>, Cond)> {
    let table = cx.db.table(&level.collection)?;
    let pick = |c: &Cond| -> Option<Arc<[Arc<Row>]>> {
        let Cond::Leaf {
            target: filter::Target::Column { field, ty },
            op: crate::query::filter::Op::Eq,
            operand,
        } = c
        else {
            return None;
        };
        let key = super::index::operand_key(*ty, operand)?;
        let index = super::index::column(table, field, *ty);
        if !index.clean {
            return None;
        }
        Some(index.buckets.get(&key).cloned().unwrap_or_else(|| Arc::from(Vec::new())))
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
pub fn paginate<T>(rows: Vec<T>, level: &Level) -> Vec<T> {
    let it = rows.into_iter().skip(level.offset);
    match level.limit {
        Some(l) => it.take(l).collect(),
        None => it.collect(),
    }
}

fn sort_rows(cx: &Ctx<'_>, level: &Level, rows: &mut [Arc<Row>]) {
    if level.sort.is_empty() {
        return;
    }
    let keyed: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| level.sort.iter().map(|k| sort_value(cx, level, r, k)).collect())
        .collect();
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    idx.sort_by(|&a, &b| {
        for (i, key) in level.sort.iter().enumerate() {
            let ord = sql_cmp(&keyed[a][i], &keyed[b][i]);
            let ord = if key.desc { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    });
    let sorted: Vec<Arc<Row>> = idx.iter().map(|&i| Arc::clone(&rows[i])).collect();
    rows.clone_from_slice(&sorted);
}

fn sort_value(cx: &Ctx<'_>, level: &Level, row: &Row, key: &SortKey) -> Value {
    match &key.by {
        SortBy::Local(spec) => local_value(cx, &level.collection, row, spec),
        SortBy::Output(_) => Value::Null,
        SortBy::Path(hops, column) => {
            let mut current: Vec<(String, Arc<Row>)> =
                vec![(level.collection.clone(), Arc::new(row.clone()))];
            for hop in hops {
                let mut next = Vec::new();
                for (coll, r) in &current {
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
                            if r.get(collection_field).and_then(Value::as_str)
                                == Some(scope.as_str())
                                && let Some(t) = r.get(field).and_then(|k| cx.row_by_key(scope, k))
                            {
                                next.push((scope.clone(), t));
                            }
                        }
                    }
                }
                current = next;
            }
            let mut vals: Vec<Value> =
                current.iter().map(|(c, r)| local_value(cx, c, r, column)).collect();
            vals.sort_by(sql_cmp);
            if key.desc {
                vals.pop().unwrap_or(Value::Null)
            } else {
                vals.into_iter().next().unwrap_or(Value::Null)
            }
        }
    }
}

/// A column, or a function of one, as stored (the value sorting and grouping use).
fn local_value(cx: &Ctx<'_>, collection: &str, row: &Row, spec: &str) -> Value {
    match split_call(spec) {
        Some((func, args)) => {
            let Some(f) = Func::parse(func) else { return Value::Null };
            let arg = args.split(',').next().unwrap_or("").trim();
            function_value(cx, collection, row, f, arg, args)
        }
        None => row.get(spec).cloned().unwrap_or(Value::Null),
    }
}

fn function_value(
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
            _ => values::json_array_length(Some(&stored)),
        },
        Func::Json => {
            let path = args.split_once(',').map(|(_, p)| p.trim()).unwrap_or("");
            filter::json_path(&stored, path)
        }
        other => values::date_part(other, ty, &stored),
    }
}

fn matches_search(cx: &Ctx<'_>, collection: &str, row: &Row, term: &str) -> bool {
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

/// Projects rows of a level into output objects (or keys, when the level selects nothing).
pub fn project(cx: &Ctx<'_>, level: &Level, rows: &[Arc<Row>]) -> Vec<Value> {
    let prepared = Prepared::new(cx, level);
    rows.iter().map(|r| prepared.row(cx, r)).collect()
}

/// A level with its schema lookups and function parsing done once per request,
/// not once per row (projection was a fifth of a list read's time).
struct Prepared<'p> {
    level: &'p Level,
    pk: &'p str,
    pk_field: Option<&'p Field>,
    /// The level selects nothing but renamed fields: each row collapses to its key.
    collapse: bool,
    nodes: Vec<Prep<'p>>,
}

enum Prep<'p> {
    Column {
        key: &'p str,
        name: &'p str,
        render: Option<values::Renderer>,
    },
    Func {
        key: &'p str,
        func: Option<Func>,
        arg: &'p str,
        args: &'p str,
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
        let pk = coll.map(|c| c.pk()).unwrap_or_default();
        let nodes = level
            .children
            .iter()
            .map(|node| match node {
                Node::Field { key, name, .. } => match split_call(name) {
                    Some((func, args)) => Prep::Func {
                        key,
                        func: Func::parse(func),
                        arg: args.split(',').next().unwrap_or("").trim(),
                        args,
                    },
                    None => Prep::Column {
                        key,
                        name,
                        render: coll.and_then(|c| c.fields.get(name)).map(values::Renderer::of),
                    },
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
                    levels: levels
                        .iter()
                        .map(|(c, l)| (c.as_str(), Prepared::new(cx, l)))
                        .collect(),
                },
            })
            .collect();
        Prepared {
            level,
            pk,
            pk_field: coll.and_then(|c| c.fields.get(pk)),
            collapse: level.children.iter().all(Node::is_alias_field),
            nodes,
        }
    }

    fn row(&self, cx: &Ctx<'_>, row: &Row) -> Value {
        let level = self.level;
        if self.collapse {
            let raw = row.get(self.pk).cloned().unwrap_or(Value::Null);
            return match self.pk_field {
                Some(f) => render(f, &raw),
                None => raw,
            };
        }
        let mut out = Map::new();
        for node in &self.nodes {
            match node {
                Prep::Column { key, name, render } => {
                    let raw = row.get(*name).cloned().unwrap_or(Value::Null);
                    let value = match render {
                        Some(r) => r.render(&raw),
                        None => raw,
                    };
                    out.insert((*key).to_owned(), value);
                }
                Prep::Func { key, func, arg, args } => {
                    let value = match func {
                        Some(f) => function_value(cx, &level.collection, row, *f, arg, args),
                        None => Value::Null,
                    };
                    out.insert((*key).to_owned(), value);
                }
                Prep::Count { key, related, fk } => {
                    let n = cx.children_of(&level.collection, related, fk, row).len();
                    out.insert((*key).to_owned(), Value::from(n));
                }
                Prep::M2o { key, field, child } => {
                    let cl = &child.level.collection;
                    let related = row.get(*field).and_then(|k| cx.row_by_key(cl, k));
                    let value = match related {
                        Some(r) if child.level.cond.eval(Some(&r), cx, cl) => child.row(cx, &r),
                        _ => Value::Null,
                    };
                    out.insert((*key).to_owned(), value);
                }
                Prep::O2m { key, fk, child } => {
                    let cl = child.level;
                    let children = cx.children_of(&level.collection, &cl.collection, fk, row);
                    let mut rows: Vec<Arc<Row>> = children
                        .iter()
                        .filter(|r| cl.cond.eval(Some(r), cx, &cl.collection))
                        .filter(|r| {
                            cl.search
                                .as_ref()
                                .is_none_or(|s| matches_search(cx, &cl.collection, r, s))
                        })
                        .cloned()
                        .collect();
                    sort_rows(cx, cl, &mut rows);
                    let mut rows = paginate(rows, cl);
                    resort_nulls_last(cx, cl, &mut rows);
                    let items = rows.iter().map(|r| child.row(cx, r)).collect();
                    out.insert((*key).to_owned(), Value::Array(items));
                }
                Prep::A2o { key, field, collection_field, levels } => {
                    let target =
                        row.get(*collection_field).and_then(Value::as_str).unwrap_or_default();
                    let child = levels.iter().find(|(c, _)| *c == target).map(|(_, p)| p);
                    let value = match (child, row.get(*field)) {
                        (Some(child), Some(item_key)) => match cx.row_by_key(target, item_key) {
                            Some(r) if child.level.cond.eval(Some(&r), cx, target) => {
                                child.row(cx, &r)
                            }
                            _ => Value::Null,
                        },
                        _ => Value::Null,
                    };
                    out.insert((*key).to_owned(), value);
                }
            }
        }
        Value::Object(out)
    }
}

/// Directus re-sorts each parent's nested list by its first sort key after slicing, NULLs last.
fn resort_nulls_last(cx: &Ctx<'_>, level: &Level, rows: &mut Vec<Arc<Row>>) {
    let Some(first) = level.sort.first() else { return };
    let keyed: Vec<(Value, Arc<Row>)> =
        rows.drain(..).map(|r| (sort_value(cx, level, &r, first), r)).collect();
    let mut keyed = keyed;
    keyed.sort_by(|(a, _), (b, _)| match (a.is_null(), b.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => {
            let o = sql_cmp(a, b);
            if first.desc { o.reverse() } else { o }
        }
    });
    rows.extend(keyed.into_iter().map(|(_, r)| r));
}

// ----- aggregation -----

/// Runs `aggregate` (with optional `groupBy`) over the rows of a level.
pub fn aggregate(cx: &Ctx<'_>, level: &Level, query: &Query) -> Result<Vec<Value>> {
    let schema = &cx.db.schema;
    let collection = &level.collection;
    let aggregate = query.aggregate.clone().unwrap_or_default();
    for (op, fields) in &aggregate {
        let known = matches!(
            op.as_str(),
            "count"
                | "countDistinct"
                | "countAll"
                | "sum"
                | "sumDistinct"
                | "avg"
                | "avgDistinct"
                | "min"
                | "max"
        );
        if !known {
            continue;
        }
        for f in fields {
            if f == "*" && (op == "count" || op == "countAll") {
                continue;
            }
            if schema.field(collection, f).is_none() {
                return Err(Error::field_forbidden(f, collection, &QueriedIn(None)));
            }
        }
    }
    let group: Vec<String> = query.group.clone().unwrap_or_default();
    for g in &group {
        let base = split_call(g).map(|(_, a)| a.trim().to_owned()).unwrap_or_else(|| g.clone());
        if schema.field(collection, &base).is_none() {
            return Err(Error::field_forbidden(&base, collection, &QueriedIn(None)));
        }
    }
    let rows = select(cx, &Level { sort: Vec::new(), limit: None, offset: 0, ..level.clone() });
    let mut groups: IndexMap<String, (Vec<Value>, Vec<Arc<Row>>)> = IndexMap::new();
    if group.is_empty() {
        groups.insert(String::new(), (Vec::new(), rows));
    } else {
        for row in rows {
            let values: Vec<Value> =
                group.iter().map(|g| local_value(cx, collection, &row, g)).collect();
            let key = serde_json::to_string(&values).unwrap_or_default();
            groups.entry(key).or_insert_with(|| (values, Vec::new())).1.push(row);
        }
    }
    let mut out: Vec<Value> = Vec::new();
    // The stored group values of each output row: groups sort by them, as SQL does.
    let mut stored: Vec<Vec<Value>> = Vec::new();
    for (_, (values, rows)) in groups {
        let mut obj = Map::new();
        stored.push(values.clone());
        for (g, v) in group.iter().zip(values) {
            let key = match split_call(g) {
                Some((func, args)) => function_output_key(func, args),
                None => g.clone(),
            };
            let rendered = match schema.field(collection, g) {
                Some(f) => render(f, &v),
                None => v,
            };
            obj.insert(key, rendered);
        }
        for (op, fields) in &aggregate {
            match op.as_str() {
                "countAll" => {}
                "count" if fields.iter().any(|f| f == "*") => {
                    obj.insert("count".into(), Value::from(rows.len()));
                    let rest: Vec<&String> = fields.iter().filter(|f| *f != "*").collect();
                    if !rest.is_empty() {
                        let mut inner = Map::new();
                        for f in rest {
                            inner.insert(f.clone(), aggregate_value("count", &rows, f));
                        }
                        obj.insert("count".into(), Value::Object(inner));
                    }
                }
                "count" | "countDistinct" | "sum" | "sumDistinct" | "avg" | "avgDistinct"
                | "min" | "max" => {
                    let mut inner = Map::new();
                    for f in fields {
                        inner.insert(f.clone(), aggregate_value(op, &rows, f));
                    }
                    obj.insert(op.clone(), Value::Object(inner));
                }
                _ => {}
            }
        }
        out.push(Value::Object(obj));
    }
    // Unknown operations produce one empty object per row, as Directus does.
    if !aggregate.is_empty()
        && aggregate.keys().all(|op| {
            !matches!(
                op.as_str(),
                "count"
                    | "countDistinct"
                    | "countAll"
                    | "sum"
                    | "sumDistinct"
                    | "avg"
                    | "avgDistinct"
                    | "min"
                    | "max"
            )
        })
        && group.is_empty()
    {
        let n = count(cx, level);
        return Ok((0..n).map(|_| Value::Object(Map::new())).collect());
    }
    // Sort groups: by the requested sort (group fields or aggregate outputs), else first group field.
    if !group.is_empty() {
        let sort_specs: Vec<(bool, String)> = match &query.sort {
            Some(s) if !s.is_empty() => s
                .iter()
                .map(|x| match x.strip_prefix('-') {
                    Some(r) => (true, r.to_owned()),
                    None => (false, x.clone()),
                })
                .collect(),
            _ => vec![(false, group[0].clone())],
        };
        let mut keyed: Vec<(Vec<Value>, Value)> = stored.into_iter().zip(out).collect();
        keyed.sort_by(|(sa, a), (sb, b)| {
            for (desc, spec) in &sort_specs {
                let o = match group.iter().position(|g| g == spec) {
                    Some(i) => sql_cmp(&sa[i], &sb[i]),
                    None => {
                        let key = match split_call(spec) {
                            Some((func, args)) => function_output_key(func, args),
                            None => spec.clone(),
                        };
                        let pick = |v: &Value| -> Value {
                            let mut cur = v.clone();
                            for part in key.split('.') {
                                cur = cur.get(part).cloned().unwrap_or(Value::Null);
                            }
                            cur
                        };
                        sql_cmp(&pick(a), &pick(b))
                    }
                };
                let o = if *desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        out = paginate(keyed.into_iter().map(|(_, v)| v).collect(), level);
    }
    Ok(out)
}

fn aggregate_value(op: &str, rows: &[Arc<Row>], field: &str) -> Value {
    let vals: Vec<&Value> =
        rows.iter().filter_map(|r| r.get(field)).filter(|v| !v.is_null()).collect();
    let distinct = |vals: &[&Value]| -> Vec<Value> {
        let mut seen: HashMap<String, Value> = HashMap::new();
        for v in vals {
            seen.entry(v.to_string()).or_insert_with(|| (*v).clone());
        }
        seen.into_values().collect()
    };
    let nums = |vals: &[Value]| -> Vec<f64> { vals.iter().map(values::sqlite_number).collect() };
    let number = |f: f64| -> Value {
        if f.fract() == 0.0 && f.abs() < 9e15 {
            Value::from(f as i64)
        } else {
            serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)
        }
    };
    let owned: Vec<Value> = vals.iter().map(|v| (*v).clone()).collect();
    match op {
        "count" => Value::from(vals.len()),
        "countDistinct" => Value::from(distinct(&vals).len()),
        "sum" | "sumDistinct" => {
            let set = if op == "sum" { owned } else { distinct(&vals) };
            if set.is_empty() { Value::Null } else { number(values::sqlite_sum(nums(&set))) }
        }
        "avg" | "avgDistinct" => {
            let set = if op == "avg" { owned } else { distinct(&vals) };
            if set.is_empty() {
                Value::Null
            } else {
                let n = nums(&set);
                number(values::sqlite_sum(n.iter().copied()) / n.len() as f64)
            }
        }
        "min" => owned.into_iter().min_by(sql_cmp).unwrap_or(Value::Null),
        "max" => owned.into_iter().max_by(sql_cmp).unwrap_or(Value::Null),
        _ => Value::Null,
    }
}
