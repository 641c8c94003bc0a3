//! The `data` of a `<collection>_mutated` payload as Directus 12.4 builds it.
//!
//! Directus reads the written item once per event with the `fields` of the
//! `data` field written directly in the `_mutated` selection (the last one):
//! plain fields and inline fragments count, fragment spreads do not (nor a
//! `data` inside a fragment). graphql-js then resolves the whole selection,
//! fragments included, over that item: a field that was not read is null,
//! and a non-null one (the primary key, `ID!`) is an error that nulls its
//! nearest nullable parent, `data` itself at the top.
//!
//! The mock runs the selection as `<collection>_by_id` (with the fragments
//! it spreads and the variables it uses), then [`mask`]s what Directus would
//! not have read.

use std::collections::HashMap;

use async_graphql::Positioned;
use async_graphql::parser::types::{
    FragmentDefinition, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::registry::Registry;
use async_graphql_value::Name;
use serde_json::{Map, Value, json};

/// The fields Directus reads for `data`, as a tree of field names.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadTree(HashMap<String, Read>);

#[derive(Debug, Clone)]
enum Read {
    /// A scalar, or a `_func` object (read whole).
    Leaf,
    /// A relational field with the fields read below it.
    Nested(ReadTree),
}

/// A fragment of the document by name.
pub(crate) type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

impl ReadTree {
    /// Directus' `getQuery` over a selection: fields and inline fragments,
    /// no fragment spreads; a relational field with nothing read below it is not read.
    pub(crate) fn of(set: &SelectionSet) -> ReadTree {
        let mut tree = ReadTree::default();
        tree.add(set);
        tree
    }

    fn add(&mut self, set: &SelectionSet) {
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    if name.starts_with("__") {
                        continue;
                    }
                    let sub = &f.node.selection_set.node;
                    if sub.items.is_empty() || name.ends_with("_func") {
                        self.0.insert(name.to_owned(), Read::Leaf);
                        continue;
                    }
                    let mut child = match self.0.remove(name) {
                        Some(Read::Nested(t)) => t,
                        _ => ReadTree::default(),
                    };
                    child.add(sub);
                    if !child.0.is_empty() {
                        self.0.insert(name.to_owned(), Read::Nested(child));
                    }
                }
                Selection::InlineFragment(i) => self.add(&i.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
}

/// The last `data` field written directly in a `_mutated` selection (Directus' `parseFields`).
pub(crate) fn direct_data(set: &SelectionSet) -> Option<&SelectionSet> {
    set.items
        .iter()
        .rev()
        .filter_map(|item| match &item.node {
            Selection::Field(f) if f.node.name.node.as_str() == "data" => {
                Some(&f.node.selection_set.node)
            }
            _ => None,
        })
        .find(|s| !s.items.is_empty())
}

/// The names of the fragments a selection spreads, transitively, in document order.
fn spread(set: &SelectionSet, fragments: &Fragments, seen: &mut Vec<Name>) {
    for item in &set.items {
        match &item.node {
            Selection::Field(f) => spread(&f.node.selection_set.node, fragments, seen),
            Selection::InlineFragment(i) => spread(&i.node.selection_set.node, fragments, seen),
            Selection::FragmentSpread(s) => {
                let name = &s.node.fragment_name.node;
                if seen.contains(name) {
                    continue;
                }
                seen.push(name.clone());
                if let Some(def) = fragments.get(name) {
                    spread(&def.node.selection_set.node, fragments, seen);
                }
            }
        }
    }
}

/// The source text of the definition that starts at a position, up to its closing brace.
fn definition_text(source: &str, pos: async_graphql::Pos) -> Option<String> {
    let from = super::subscribe::offset(source, pos.line, pos.column)?;
    let body = super::subscribe::braced(source, from)?;
    let open = from + source.get(from..)?.find('{')?;
    Some(format!("{}{body}", source.get(from..open)?))
}

/// Whether `$name` occurs in a text as a whole variable name.
fn uses_variable(text: &str, name: &str) -> bool {
    let needle = format!("${name}");
    text.match_indices(&needle).any(|(at, _)| {
        let next = text[at + needle.len()..].chars().next();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The `<collection>_by_id` query that reads a `data` selection for one key:
/// `{selection}` is the data field's `{ ... }` text, `$_mutated_key` the key.
pub(crate) fn data_query(
    source: &str,
    collection: &str,
    selection: &str,
    set: &SelectionSet,
    fragments: &Fragments,
    op: &OperationDefinition,
) -> Option<String> {
    let mut names = Vec::new();
    spread(set, fragments, &mut names);
    let mut defs = Vec::new();
    for name in &names {
        let def = fragments.get(name)?;
        defs.push(definition_text(source, def.pos)?);
    }
    let mut text = selection.to_owned();
    for d in &defs {
        text.push(' ');
        text.push_str(d);
    }
    let mut vars = vec!["$_mutated_key: ID!".to_owned()];
    for v in &op.variable_definitions {
        let name = v.node.name.node.as_str();
        if name == "_mutated_key" || !uses_variable(&text, name) {
            continue;
        }
        let mut decl = format!("${name}: {}", v.node.var_type.node);
        if let Some(default) = &v.node.default_value {
            decl.push_str(&format!(" = {}", default.node));
        }
        vars.push(decl);
    }
    let head = format!(
        "query MutatedData({}) {{ item: {collection}_by_id(id: $_mutated_key) ",
        vars.join(", ")
    );
    let mut query = format!("{head}{selection} }}");
    for d in defs {
        query.push(' ');
        query.push_str(&d);
    }
    Some(query)
}

/// A field's declared type in the schema: the named type and whether it is non-null.
fn field_type<'r>(registry: &'r Registry, ty: &str, field: &str) -> Option<(&'r str, bool)> {
    let t = registry.types.get(ty)?.field_by_name(field)?.ty.as_str();
    let named = t.trim_matches(|c| c == '[' || c == ']' || c == '!');
    Some((named, t.ends_with('!')))
}

/// Where [`mask`] is: the type, the response path, the document's fragments.
pub(crate) struct Walk<'a> {
    pub(crate) registry: &'a Registry,
    pub(crate) fragments: &'a Fragments,
    pub(crate) errors: Vec<Value>,
}

impl Walk<'_> {
    /// Nulls what Directus did not read in one object. `true` when a non-null
    /// field became null: the caller nulls this object (or propagates).
    pub(crate) fn mask(
        &mut self,
        set: &SelectionSet,
        value: &mut Map<String, Value>,
        read: &ReadTree,
        ty: &str,
        path: &[Value],
        depth: usize,
    ) -> bool {
        if depth > 64 {
            return false;
        }
        for item in &set.items {
            let nulled = match &item.node {
                Selection::Field(f) => self.field(f, value, read, ty, path, depth),
                Selection::InlineFragment(i) => {
                    self.mask(&i.node.selection_set.node, value, read, ty, path, depth + 1)
                }
                Selection::FragmentSpread(s) => {
                    let fragments = self.fragments;
                    match fragments.get(&s.node.fragment_name.node) {
                        Some(def) => {
                            let set = &def.node.selection_set.node;
                            self.mask(set, value, read, ty, path, depth + 1)
                        }
                        None => false,
                    }
                }
            };
            if nulled {
                return true;
            }
        }
        false
    }

    fn field(
        &mut self,
        f: &Positioned<async_graphql::parser::types::Field>,
        value: &mut Map<String, Value>,
        read: &ReadTree,
        ty: &str,
        path: &[Value],
        depth: usize,
    ) -> bool {
        let (pos, f) = (f.pos, &f.node);
        let name = f.name.node.as_str();
        let key = f.response_key().node.as_str();
        if name.starts_with("__") || !value.contains_key(key) {
            return false;
        }
        let (child_ty, non_null) = field_type(self.registry, ty, name).unwrap_or(("", false));
        let mut here = path.to_vec();
        here.push(json!(key));
        let child_read = match read.0.get(name) {
            None => {
                value.insert(key.to_owned(), Value::Null);
                if non_null {
                    self.errors.push(json!({
                        "message": format!("Cannot return null for non-nullable field {ty}.{name}."),
                        "locations": [{"line": pos.line, "column": pos.column}],
                        "path": here,
                    }));
                }
                return non_null;
            }
            Some(Read::Leaf) => return false,
            Some(Read::Nested(t)) => t,
        };
        let sub = &f.selection_set.node;
        let nulled = match value.get_mut(key) {
            Some(Value::Object(m)) => self.mask(sub, m, child_read, child_ty, &here, depth + 1),
            Some(Value::Array(list)) => {
                for (i, el) in list.iter_mut().enumerate() {
                    let mut at = here.clone();
                    at.push(json!(i));
                    if let Value::Object(m) = el
                        && self.mask(sub, m, child_read, child_ty, &at, depth + 1)
                    {
                        *el = Value::Null;
                    }
                }
                false
            }
            _ => false,
        };
        if nulled {
            value.insert(key.to_owned(), Value::Null);
            return non_null;
        }
        false
    }
}
