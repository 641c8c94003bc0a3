//! Walks an operation's selections with the schema's types and hands every
//! argument written in them to a visitor: the one traversal behind the
//! checks async-graphql does not make on the mock's dynamic schema (literals
//! of the wrong kind in `messages`, misplaced variables in `positions`).

use std::collections::HashSet;

use async_graphql::Positioned;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::registry::{MetaInputValue, MetaType, Registry};
use async_graphql_value::{Name, Value as AstValue};

/// An argument met on the way.
pub(super) enum Argument<'d> {
    /// A directive's argument (`@include(if:)`, `@skip(if:)`).
    Directive(&'d Positioned<AstValue>),
    /// A field's argument the schema declares, with its declaration.
    Field { name: &'d Positioned<Name>, value: &'d Positioned<AstValue>, def: &'d MetaInputValue },
}

/// How often a fragment spread more than once is walked.
#[derive(Clone, Copy)]
pub(super) enum Fragments {
    /// At every spread.
    EachSpread,
    /// Once per operation.
    Once,
}

/// Deeper selections are not walked (the document's depth is bounded before).
const MAX_DEPTH: usize = 32;

/// Visits the arguments of `set`, a selection set of the type `root`.
pub(super) fn walk<'d>(
    registry: &'d Registry,
    doc: &'d ExecutableDocument,
    root: &str,
    set: &'d SelectionSet,
    fragments: Fragments,
    visit: &mut dyn FnMut(Argument<'d>),
) {
    let mut walker = Walker { registry, doc, fragments, seen: HashSet::new(), visit };
    walker.walk(root, set, 0);
}

/// The named type of a type written as text (`[ID!]!` → `ID`).
pub(super) fn named(ty: &str) -> &str {
    ty.trim_matches(|c| c == '[' || c == ']' || c == '!')
}

struct Walker<'d, 'v> {
    registry: &'d Registry,
    doc: &'d ExecutableDocument,
    fragments: Fragments,
    /// Fragments already walked, under [`Fragments::Once`].
    seen: HashSet<&'d str>,
    visit: &'v mut dyn FnMut(Argument<'d>),
}

impl<'d> Walker<'d, '_> {
    fn walk(&mut self, ty: &str, set: &'d SelectionSet, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    for directive in &f.node.directives {
                        for (_, value) in &directive.node.arguments {
                            (self.visit)(Argument::Directive(value));
                        }
                    }
                    let Some(MetaType::Object { fields, .. } | MetaType::Interface { fields, .. }) =
                        self.registry.types.get(ty)
                    else {
                        continue;
                    };
                    let Some(def) = fields.get(f.node.name.node.as_str()) else { continue };
                    for (name, value) in &f.node.arguments {
                        if let Some(arg) = def.args.get(name.node.as_str()) {
                            (self.visit)(Argument::Field { name, value, def: arg });
                        }
                    }
                    self.walk(named(&def.ty), &f.node.selection_set.node, depth + 1);
                }
                Selection::InlineFragment(frag) => {
                    let inner =
                        frag.node.type_condition.as_ref().map_or(ty, |c| c.node.on.node.as_str());
                    self.walk(inner, &frag.node.selection_set.node, depth + 1);
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    let Some((key, frag)) = self.doc.fragments.get_key_value(name) else {
                        continue;
                    };
                    if matches!(self.fragments, Fragments::Once) && !self.seen.insert(key.as_str())
                    {
                        continue;
                    }
                    let inner = frag.node.type_condition.node.on.node.as_str();
                    self.walk(inner, &frag.node.selection_set.node, depth + 1);
                }
            }
        }
    }
}
