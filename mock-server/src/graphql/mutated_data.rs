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

/// A selection set as GraphQL text without the fields' arguments: Directus
/// reads `data` with its `fields` alone (the arguments' `deep` is dropped),
/// so `kids(limit: 1)` reads every kid. Directives stay (graphql-js applies
/// `@include`/`@skip`), and so do the arguments inside a `_func` field
/// (`json(path:)`, which Directus turns into a field).
fn write_set(set: &SelectionSet, in_func: bool, out: &mut String) {
    out.push('{');
    for item in &set.items {
        out.push(' ');
        match &item.node {
            Selection::Field(f) => {
                let f = &f.node;
                if let Some(alias) = &f.alias {
                    out.push_str(&format!("{}: ", alias.node));
                }
                out.push_str(f.name.node.as_str());
                if in_func && !f.arguments.is_empty() {
                    let args: Vec<String> = f
                        .arguments
                        .iter()
                        .map(|(n, v)| format!("{}: {}", n.node, v.node))
                        .collect();
                    out.push_str(&format!("({})", args.join(", ")));
                }
                write_directives(&f.directives, out);
                if !f.selection_set.node.items.is_empty() {
                    out.push(' ');
                    let func = f.name.node.ends_with("_func");
                    write_set(&f.selection_set.node, func, out);
                }
            }
            Selection::InlineFragment(i) => {
                out.push_str("...");
                if let Some(t) = &i.node.type_condition {
                    out.push_str(&format!(" on {}", t.node.on.node));
                }
                write_directives(&i.node.directives, out);
                out.push(' ');
                write_set(&i.node.selection_set.node, in_func, out);
            }
            Selection::FragmentSpread(sp) => {
                out.push_str(&format!("...{}", sp.node.fragment_name.node));
                write_directives(&sp.node.directives, out);
            }
        }
    }
    out.push_str(" }");
}

fn write_directives(
    directives: &[Positioned<async_graphql::parser::types::Directive>],
    out: &mut String,
) {
    for d in directives {
        out.push_str(&format!(" @{}", d.node.name.node));
        if !d.node.arguments.is_empty() {
            let args: Vec<String> =
                d.node.arguments.iter().map(|(n, v)| format!("{}: {}", n.node, v.node)).collect();
            out.push_str(&format!("({})", args.join(", ")));
        }
    }
}

/// A fragment definition as text, its fields' arguments left out as in [`write_set`].
fn definition_text(name: &Name, def: &FragmentDefinition) -> String {
    let mut out = format!("fragment {name} on {}", def.type_condition.node.on.node);
    write_directives(&def.directives, &mut out);
    out.push(' ');
    write_set(&def.selection_set.node, false, &mut out);
    out
}

/// Whether `$name` occurs in a text as a whole variable name.
fn uses_variable(text: &str, name: &str) -> bool {
    let needle = format!("${name}");
    text.match_indices(&needle).any(|(at, _)| {
        let next = text[at + needle.len()..].chars().next();
        !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The `<collection>_by_id` query that reads a `data` selection for one key
/// (`$_mutated_key`), with the fragments it spreads and the variables it uses.
pub(crate) fn data_query(
    collection: &str,
    set: &SelectionSet,
    fragments: &Fragments,
    op: &OperationDefinition,
) -> Option<String> {
    let mut names = Vec::new();
    spread(set, fragments, &mut names);
    let mut defs = Vec::new();
    for name in &names {
        let def = fragments.get(name)?;
        defs.push(definition_text(name, &def.node));
    }
    let mut selection = String::new();
    write_set(set, false, &mut selection);
    let mut text = selection.clone();
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

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::types::DocumentOperations;

    /// The direct `data` selection of a document's one `_mutated` field.
    fn data_of(doc: &async_graphql::parser::types::ExecutableDocument) -> SelectionSet {
        let DocumentOperations::Single(op) = &doc.operations else { panic!("one operation") };
        let Selection::Field(root) = &op.node.selection_set.node.items[0].node else {
            panic!("a field")
        };
        direct_data(&root.node.selection_set.node).cloned().unwrap_or_default()
    }

    /// The read tree as `name`, `name(child ...)`, sorted.
    fn show(t: &ReadTree) -> String {
        let mut parts: Vec<String> =
            t.0.iter()
                .map(|(k, v)| match v {
                    Read::Leaf => k.clone(),
                    Read::Nested(c) => format!("{k}({})", show(c)),
                })
                .collect();
        parts.sort();
        parts.join(" ")
    }

    fn check(query: &str, read: &str, text: &str) {
        let doc = async_graphql::parser::parse_query(query).expect("parses");
        let set = data_of(&doc);
        assert_eq!(show(&ReadTree::of(&set)), read, "read tree of {query}");
        let mut out = String::new();
        write_set(&set, false, &mut out);
        assert_eq!(out, text, "text of {query}");
    }

    #[test]
    fn reads_direct_fields_and_inline_fragments_not_spreads() {
        check("subscription { t_mutated { data { id ...F } } }", "id", "{ id ...F }");
        check(
            "subscription { t_mutated { data { ... on t { a: name } } } }",
            "name",
            "{ ... on t { a: name } }",
        );
        check("subscription { t_mutated { data { kids { ...K } } } }", "", "{ kids { ...K } }");
        check(
            "subscription { t_mutated { data { kids(limit: 1) { n } } } }",
            "kids(n)",
            "{ kids { n } }",
        );
        check(
            "subscription($i: Boolean!) { t_mutated { data { n @include(if: $i) d_func { year } } } }",
            "d_func n",
            "{ n @include(if: $i) d_func { year } }",
        );
        check("subscription { t_mutated { key data { id } data { name } } }", "name", "{ name }");
    }
}
