//! The `fields` grammar of one level, one function per kind of entry.
//! Wildcards are expanded first (`*`, `*.rest`); then each entry, its alias
//! resolved, is tried as, in order: `count(<o2m alias>)`, a relational path
//! (`author.name`, `item:headings.title`, or an O2M alias on its own), an M2A
//! scope without a path (`item:headings`), and finally a column or a function
//! of one (`title`, `year(date)`, `json(data, a.b)`). Columns become nodes at
//! once; relational roots collect the fields below them ([`Nested`]) and
//! become levels once every entry is read ([`super::nested`]), after the
//! unknown and forbidden columns are reported.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Builder;
use crate::engine::Action;
use crate::engine::read::Node;
use crate::error::{Error, QueriedIn, Result};
use crate::query::Deep;
use crate::query::fields::{
    function_name as func_name, function_output_key, normalize_function_path, split_call,
    split_path,
};
use crate::schema::{Collection, FieldType, RelKind};

/// The fields requested below one relational root.
pub(super) enum Nested {
    /// The same fields whatever the related collection.
    Plain(Vec<String>),
    /// Per M2A collection scope (`item:headings.title`).
    Scoped(IndexMap<String, Vec<String>>),
}

impl Nested {
    /// A root first seen with `scope` (`item:headings`) or without.
    fn new(scope: Option<&str>) -> Nested {
        match scope {
            Some(s) => Nested::Scoped(IndexMap::from([(s.to_owned(), Vec::new())])),
            None => Nested::Plain(Vec::new()),
        }
    }

    /// Adds an entry below the root: `rest` is the path after the root, if any.
    /// An unscoped path goes to every scope seen so far; a scoped path below a
    /// root first seen unscoped (`item.id,item:headings.title`) changes nothing.
    fn add(&mut self, scope: Option<&str>, rest: Option<String>) {
        match (self, scope, rest) {
            (Nested::Scoped(map), Some(s), Some(child)) => {
                map.entry(s.to_owned()).or_default().push(child);
            }
            (Nested::Plain(list), None, Some(child)) => list.push(child),
            // A scoped path after an unscoped one on the same root is dropped, as
            // Directus drops it (its unscoped list is what every collection reads).
            (Nested::Plain(_), Some(_), Some(_)) => {}
            (Nested::Scoped(map), None, Some(child)) => {
                for list in map.values_mut() {
                    list.push(child.clone());
                }
            }
            (Nested::Scoped(map), Some(s), None) => {
                map.entry(s.to_owned()).or_default();
            }
            (_, _, None) => {}
        }
    }

    /// Every field below the root, scoped or not (the level of an M2O or O2M).
    pub(super) fn all(&self) -> Vec<String> {
        match self {
            Nested::Plain(list) => list.clone(),
            Nested::Scoped(map) => map.values().flatten().cloned().collect(),
        }
    }

    /// The fields below the root for one M2A collection.
    pub(super) fn scoped(&self, collection: &str) -> Vec<String> {
        match self {
            Nested::Plain(list) => list.clone(),
            Nested::Scoped(map) => map.get(collection).cloned().unwrap_or_default(),
        }
    }

    /// The M2A collection scopes requested (none for a plain root).
    pub(super) fn scopes(&self) -> impl Iterator<Item = &String> {
        let map = match self {
            Nested::Scoped(map) => Some(map),
            Nested::Plain(_) => None,
        };
        map.into_iter().flat_map(IndexMap::keys)
    }
}

/// The level whose `fields` are being read.
struct At<'l> {
    collection: &'l str,
    coll: &'l Collection,
    alias: &'l Map<String, Value>,
}

/// What the entries of one level's `fields` have produced so far.
#[derive(Default)]
struct Selection {
    /// The output order by field key; `None` holds the place of a relational
    /// root until its level is built.
    order: IndexMap<String, Option<Node>>,
    /// Relational roots and the fields requested below them.
    relational: IndexMap<String, Nested>,
    /// Columns that do not exist, reported together.
    unknown: Vec<String>,
}

impl Selection {
    /// A relational root (`root` or `root:scope`) and the path below it.
    fn add_relational(&mut self, root: &str, rest: Option<String>) {
        let (root, scope) = match root.split_once(':') {
            Some((k, s)) => (k, Some(s)),
            None => (root, None),
        };
        self.order.entry(root.to_owned()).or_insert(None);
        let entry = self.relational.entry(root.to_owned()).or_insert_with(|| Nested::new(scope));
        entry.add(scope, rest);
    }

    /// The nodes in output order, renamed columns last.
    fn into_nodes(self) -> Vec<Node> {
        let (mut nodes, aliases): (Vec<Node>, Vec<Node>) =
            self.order.into_values().flatten().partition(|n| !n.is_alias_field());
        nodes.extend(aliases);
        // A plain field that is also expanded relationally is dropped (the nested form wins).
        let relational_keys: Vec<String> = nodes
            .iter()
            .filter(|n| !matches!(n, Node::Field { .. }))
            .map(|n| n.key().to_owned())
            .collect();
        nodes
            .into_iter()
            .filter(|n| {
                !(matches!(n, Node::Field { .. }) && relational_keys.iter().any(|k| k == n.key()))
            })
            .collect()
    }
}

impl Builder<'_, '_> {
    /// The nodes of one level from its `fields`: `path` is where the level
    /// sits ("Queried in"), `parent_relation` the relation that leads to it.
    pub(super) fn parse_fields(
        &self,
        collection: &str,
        fields: &[String],
        alias: &Map<String, Value>,
        deep: Option<&Deep>,
        parent_relation: Option<(&str, &str)>,
        path: &str,
    ) -> Result<Vec<Node>> {
        let fields = self.convert_wildcards(collection, fields, alias, parent_relation);
        let Some(coll) = self.cx.db.schema.collection(collection) else {
            return Err(Error::collection_forbidden(collection, &QueriedIn(Some(path))));
        };
        let at = At { collection, coll, alias };
        let mut selection = Selection::default();
        for field_key in &fields {
            self.parse_entry(&at, &mut selection, field_key)?;
        }
        if !selection.unknown.is_empty() {
            let refs: Vec<&str> = selection.unknown.iter().map(String::as_str).collect();
            return Err(Error::fields_forbidden(&refs, collection, &QueriedIn(Some(path))));
        }
        self.check_readable(collection, &selection.order, path)?;
        let relational = std::mem::take(&mut selection.relational);
        for (field_key, nested) in relational {
            match self.relational_node(collection, alias, deep, path, &field_key, &nested)? {
                Some(node) => selection.order.insert(field_key, Some(node)),
                None => selection.order.shift_remove(&field_key),
            };
        }
        Ok(selection.into_nodes())
    }

    /// `*` and `*.x` expanded for one collection.
    fn convert_wildcards(
        &self,
        collection: &str,
        fields: &[String],
        alias: &Map<String, Value>,
        parent_relation: Option<(&str, &str)>,
    ) -> Vec<String> {
        let Some(coll) = self.cx.db.schema.collection(collection) else { return Vec::new() };
        let allowed = self.readable_fields(collection, coll);
        if allowed.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for key in fields {
            if key == "*" {
                out.extend(allowed.iter().cloned());
                out.extend(alias.keys().cloned());
            } else if let Some(rest) = key.strip_prefix("*.") {
                let relational: Vec<&String> = allowed
                    .iter()
                    .filter(|f| self.wildcard_follows(collection, f, parent_relation))
                    .collect();
                expand_wildcard_path(&mut out, &allowed, &relational, alias, rest);
            } else {
                out.push(key.clone());
            }
        }
        out
    }

    /// Whether a field has a value to read: a column, or a relation's alias
    /// (Directus reads no value of a divider or group: it is not a field of the item).
    fn has_value(&self, collection: &str, coll: &Collection, field: &str) -> bool {
        coll.fields.get(field).is_some_and(|f| {
            f.ty != crate::schema::FieldType::Alias
                || self.cx.db.schema.rel(collection, field).is_some()
        })
    }

    /// The fields of a collection the caller may read: in schema order when
    /// every field is allowed, else in the order the permissions list them
    /// (Directus expands `*` to the allowed list as it stands).
    fn readable_fields(&self, collection: &str, coll: &Collection) -> Vec<String> {
        let readable = |f: &String| self.has_value(collection, coll, f);
        match self.cx.access.allowed_fields(collection, Action::Read) {
            None if self.cx.access.can(collection, Action::Read) => {
                coll.fields.keys().filter(|f| readable(f)).cloned().collect()
            }
            None => Vec::new(),
            Some(list) => {
                list.into_iter().filter(|f| coll.fields.contains_key(f) && readable(f)).collect()
            }
        }
    }

    /// Whether `*.x` expands below a field: any relational field, except the
    /// relation back to the parent level when `backlink` is off.
    fn wildcard_follows(
        &self,
        collection: &str,
        field: &str,
        parent_relation: Option<(&str, &str)>,
    ) -> bool {
        let schema = &self.cx.db.schema;
        if schema.rel(collection, field).is_none() {
            return false;
        }
        let rel = schema.relation_of(collection, field);
        let is_parent = parent_relation
            .is_some_and(|(c, fld)| rel.is_some_and(|r| r.collection == c && r.field == fld));
        !is_parent || self.backlink
    }

    /// One entry of `fields`, its alias resolved, tried as each kind in turn.
    fn parse_entry(&self, at: &At<'_>, selection: &mut Selection, field_key: &str) -> Result<()> {
        let name = match at.alias.get(field_key) {
            Some(Value::String(target)) => normalize_function_path(target),
            _ => normalize_function_path(field_key),
        };
        let is_call = name.contains('(') && name.contains(')');
        if is_call && let Some(node) = self.count_o2m(at, field_key, &name) {
            selection.order.insert(field_key.to_owned(), Some(node));
            return Ok(());
        }
        let relational_call =
            is_call && name.find('.').is_some_and(|d| name.find('(').is_some_and(|p| d < p));
        let is_o2m_alias =
            matches!(self.cx.db.schema.rel(at.collection, &name), Some(RelKind::O2m { .. }));
        if (!is_call || relational_call) && (name.contains('.') || is_o2m_alias) {
            let parts = split_path(if is_call { &name } else { field_key });
            let rest = (parts.len() > 1).then(|| parts[1..].join("."));
            selection.add_relational(&parts[0], rest);
            return Ok(());
        }
        if name.contains(':') {
            // An M2A scope without a path below it (`item:headings`).
            selection.add_relational(&name, None);
            return Ok(());
        }
        self.parse_column(at, selection, field_key, name)
    }

    /// `count(<o2m alias>)`: the number of related rows.
    fn count_o2m(&self, at: &At<'_>, field_key: &str, name: &str) -> Option<Node> {
        let (func, arg) = split_call(name)?;
        let arg_field = at.coll.fields.get(arg.trim());
        if func != "count" || !arg_field.is_some_and(|f| f.ty == FieldType::Alias) {
            return None;
        }
        let Some(RelKind::O2m { related, fk, .. }) =
            self.cx.db.schema.rel(at.collection, arg.trim())
        else {
            return None;
        };
        let key = if at.alias.contains_key(field_key) {
            field_key.to_owned()
        } else {
            function_output_key(func, arg)
        };
        Some(Node::CountO2m { key, related: related.clone(), fk: fk.clone() })
    }

    /// A plain field or a function of a local field.
    fn parse_column(
        &self,
        at: &At<'_>,
        selection: &mut Selection,
        field_key: &str,
        name: String,
    ) -> Result<()> {
        if func_name(&name) == Some("json") {
            crate::query::fields::parse_json_call(&name).map_err(Error::invalid_query)?;
        }
        let base = match split_call(&name) {
            Some((func, args)) => self.function_column(at.collection, func, args)?.to_owned(),
            None => name.clone(),
        };
        if !self.has_value(at.collection, at.coll, &base) {
            if !selection.unknown.contains(&base) {
                selection.unknown.push(base);
            }
            return Ok(());
        }
        let aliased = at.alias.contains_key(field_key);
        let key = match split_call(&name) {
            Some((func, args)) if !aliased => function_output_key(func, args),
            _ => field_key.to_owned(),
        };
        let alias = aliased && func_name(&name) != Some("json");
        selection.order.entry(field_key.to_owned()).or_insert(Some(Node::Field {
            key,
            name,
            alias,
        }));
        Ok(())
    }

    /// Fields the caller may not read (explicitly requested) are FORBIDDEN.
    fn check_readable(
        &self,
        collection: &str,
        order: &IndexMap<String, Option<Node>>,
        path: &str,
    ) -> Result<()> {
        let Some(allowed) = self.cx.access.allowed_fields(collection, Action::Read) else {
            return Ok(());
        };
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
        if denied.is_empty() {
            return Ok(());
        }
        Err(Error::fields_forbidden(&denied, collection, &QueriedIn(Some(path))))
    }
}

/// `*.rest`: `rest` below every relational field (and every alias of one),
/// the other fields as they are.
fn expand_wildcard_path(
    out: &mut Vec<String>,
    allowed: &[String],
    relational: &[&String],
    alias: &Map<String, Value>,
    rest: &str,
) {
    for f in relational {
        out.push(format!("{f}.{rest}"));
    }
    for f in allowed {
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
}
