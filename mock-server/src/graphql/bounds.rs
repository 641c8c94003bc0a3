//! Bounds on a GraphQL document, checked before anything recursive reads it.
//!
//! - **Nesting**: the parser, the syntax reading of `syntax.rs` and the
//!   validation walks recurse once per `{`, `[` or `(`; a document nested
//!   deeper than [`MAX_NESTING`] is refused before it is parsed (graphql-js
//!   has no such limit but Node's stack: Directus answers such documents with
//!   400 GRAPHQL_VALIDATION and an empty error, or a validation error when its
//!   JIT has warmed up).
//! - **Fragment spreads**: graphql-js collects each fragment once per
//!   selection set (`visitedFragmentNames`), so a chain of fragments that
//!   each spread the next one twice costs it nothing; async-graphql visits
//!   every spread. [`dedupe_spreads`] removes the spreads graphql-js would
//!   skip, then [`expanded_size`] counts the selections execution will visit,
//!   memoized per fragment, and a document over [`MAX_EXPANDED`] is refused.

use std::collections::{HashMap, HashSet};

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, FragmentDefinition, OperationDefinition, OperationType,
    Selection, SelectionSet,
};
use async_graphql::{Name, Positioned};

/// How deeply `{`, `[` and `(` may nest in a document.
pub(crate) const MAX_NESTING: usize = 256;

/// How many selections (fields, with fragments expanded) one document may ask for.
pub(crate) const MAX_EXPANDED: usize = 50_000;

/// Whether the document nests brackets deeper than `limit` (strings, block
/// strings and comments are skipped as graphql-js' lexer skips them).
pub(crate) fn nests_deeper_than(source: &str, limit: usize) -> bool {
    let bytes = source.as_bytes();
    let (mut i, mut depth) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i += 3;
                while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                    i += if bytes[i..].starts_with(b"\\\"\"\"") { 4 } else { 1 };
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    false
}

type Fragments = HashMap<Name, Positioned<FragmentDefinition>>;

/// Removes the fragment spreads graphql-js' `collectFields` skips because the
/// fragment was already visited in the same selection set: a spread without
/// directives after an unconditional spread of the same fragment, directly or
/// through fragments on the same type. What is removed never changes the
/// answer, the validation errors or the variables used.
pub(crate) fn dedupe_spreads(doc: &mut ExecutableDocument) {
    let fragments = doc.fragments.clone();
    for def in doc.fragments.values_mut() {
        let on = def.node.type_condition.node.on.node.to_string();
        dedupe(&mut def.node.selection_set.node, Some(&on), &fragments, &mut HashSet::new());
    }
    let ops: Vec<&mut Positioned<OperationDefinition>> = match &mut doc.operations {
        DocumentOperations::Single(op) => vec![op],
        DocumentOperations::Multiple(map) => map.values_mut().collect(),
    };
    for op in ops {
        let root = match op.node.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        dedupe(&mut op.node.selection_set.node, Some(root), &fragments, &mut HashSet::new());
    }
}

/// One selection set as one `collectFields` scope of type `on` (`None`: a
/// field's selection, whose type is not known here).
fn dedupe(
    set: &mut SelectionSet,
    on: Option<&str>,
    fragments: &Fragments,
    seen: &mut HashSet<Name>,
) {
    set.items.retain_mut(|item| match &mut item.node {
        Selection::Field(field) => {
            dedupe(&mut field.node.selection_set.node, None, fragments, &mut HashSet::new());
            true
        }
        Selection::InlineFragment(inline) => {
            let inline = &mut inline.node;
            if inline.type_condition.is_none() && inline.directives.is_empty() {
                dedupe(&mut inline.selection_set.node, on, fragments, seen);
            } else {
                // Skipped at run time, its spreads visit nothing for the scope.
                dedupe(&mut inline.selection_set.node, None, fragments, &mut seen.clone());
            }
            true
        }
        Selection::FragmentSpread(spread) => {
            let spread = &spread.node;
            if !spread.directives.is_empty() {
                return true;
            }
            let name = &spread.fragment_name.node;
            if seen.contains(name) {
                return false;
            }
            visit(name, on, fragments, seen);
            true
        }
    });
}

/// Marks a fragment visited, and what it visits in turn when its type is the
/// scope's (so its condition matches wherever the scope is collected).
fn visit(name: &Name, on: Option<&str>, fragments: &Fragments, seen: &mut HashSet<Name>) {
    if !seen.insert(name.clone()) {
        return;
    }
    let Some(def) = fragments.get(name) else { return };
    if on != Some(def.node.type_condition.node.on.node.as_str()) {
        return;
    }
    reach(&def.node.selection_set.node, on, fragments, seen);
}

fn reach(set: &SelectionSet, on: Option<&str>, fragments: &Fragments, seen: &mut HashSet<Name>) {
    for item in &set.items {
        match &item.node {
            Selection::Field(_) => {}
            Selection::InlineFragment(inline) => {
                let inline = &inline.node;
                if inline.type_condition.is_none() && inline.directives.is_empty() {
                    reach(&inline.selection_set.node, on, fragments, seen);
                }
            }
            Selection::FragmentSpread(spread) if spread.node.directives.is_empty() => {
                visit(&spread.node.fragment_name.node, on, fragments, seen);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// How many selections executing the document visits (fields, fragments
/// expanded where they are spread); `None` past `limit`. Each fragment's size
/// is computed once; a fragment spread within itself counts nothing (a
/// validation rule reports the cycle).
pub(crate) fn expanded_size(doc: &ExecutableDocument, limit: usize) -> Option<usize> {
    let mut sizes: HashMap<Name, Option<usize>> = HashMap::new();
    let mut total = 0usize;
    for (_, op) in doc.operations.iter() {
        total = total.saturating_add(size_of(&op.node.selection_set.node, doc, &mut sizes));
    }
    (total <= limit).then_some(total)
}

fn size_of(
    set: &SelectionSet,
    doc: &ExecutableDocument,
    sizes: &mut HashMap<Name, Option<usize>>,
) -> usize {
    let mut total = 0usize;
    for item in &set.items {
        let n = match &item.node {
            Selection::Field(f) => {
                1usize.saturating_add(size_of(&f.node.selection_set.node, doc, sizes))
            }
            Selection::InlineFragment(inline) => {
                size_of(&inline.node.selection_set.node, doc, sizes)
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                match sizes.get(name) {
                    Some(known) => known.unwrap_or(0),
                    None => match doc.fragments.get(name) {
                        Some(def) => {
                            sizes.insert(name.clone(), None);
                            let n = size_of(&def.node.selection_set.node, doc, sizes);
                            sizes.insert(name.clone(), Some(n));
                            n
                        }
                        None => 0,
                    },
                }
            }
        };
        total = total.saturating_add(n);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(source: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(source).expect("a valid document")
    }

    fn bomb(levels: usize) -> String {
        let mut s = String::from("query { ...F0 }\n");
        for i in 0..levels {
            s += &format!("fragment F{i} on Query {{ server_ping ...F{n} ...F{n} }}\n", n = i + 1);
        }
        s + &format!("fragment F{levels} on Query {{ server_ping }}\n")
    }

    #[test]
    fn nesting_is_counted_outside_strings_and_comments() {
        assert!(!nests_deeper_than("{ a(x: [[1]]) }", 4));
        assert!(nests_deeper_than("{ a(x: [[[1]]]) }", 4));
        assert!(!nests_deeper_than("{ a(x: \"[[[[[[\") # ((((((\n }", 2));
        assert!(!nests_deeper_than("{ a(x: \"\"\"[[[[ \\\"\"\" [[[\"\"\") }", 2));
        assert!(nests_deeper_than(&"[".repeat(5000), MAX_NESTING));
    }

    #[test]
    fn a_fragment_spread_twice_in_one_selection_set_is_collected_once() {
        let mut d = doc(&bomb(30));
        assert_eq!(expanded_size(&d, MAX_EXPANDED), None);
        dedupe_spreads(&mut d);
        assert_eq!(expanded_size(&d, MAX_EXPANDED), Some(31));
    }

    #[test]
    fn spreads_through_other_fragments_of_the_same_type_count_as_visited() {
        let mut d = doc("{ ...A ...C ...B }
             fragment A on Query { a ...C }
             fragment B on Query { b ...C }
             fragment C on Query { c }");
        dedupe_spreads(&mut d);
        // `...C` after `...A` goes; B's own `...C` stays (B may be spread elsewhere).
        assert_eq!(expanded_size(&d, MAX_EXPANDED), Some(4));
    }

    #[test]
    fn spreads_that_may_not_run_are_kept() {
        // Through a fragment on another type (it may not match), under a
        // directive, or after a conditional inline fragment.
        let mut d =
            doc("{ u { ...A ...B } ...C @include(if: true) ...C ... on Query { ...D } ...D }
             fragment A on Cat { ...E }
             fragment B on Dog { ...E }
             fragment C on Query { c }
             fragment D on Query { d }
             fragment E on Pet { e }");
        dedupe_spreads(&mut d);
        assert_eq!(expanded_size(&d, MAX_EXPANDED), Some(7));
    }

    #[test]
    fn duplicate_fields_with_spreads_are_bounded() {
        let mut s = String::from("{ ...U0 }\n");
        for i in 0..30 {
            s += &format!(
                "fragment U{i} on Query {{ a {{ ...U{n} }} b: a {{ ...U{n} }} }}\n",
                n = i + 1
            );
        }
        s += "fragment U30 on Query { x }";
        let mut d = doc(&s);
        dedupe_spreads(&mut d);
        assert_eq!(expanded_size(&d, MAX_EXPANDED), None);
    }
}
