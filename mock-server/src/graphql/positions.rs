//! graphql-js' VariablesInAllowedPosition rule, which async-graphql does not
//! apply to the mock's dynamic schema: a variable used where its declared
//! type does not fit (`$id: ID` for an `ID!` argument, `$ids: [ID]` for
//! `[ID]!`) is a validation error, `Variable "$id" of type "ID" used in
//! position expecting type "ID!".`, at the variable's definition and at the
//! use. A nullable variable may stand where a non-null type is expected
//! when it, or the argument or input field, has a default value.

use async_graphql::parser::types::{ExecutableDocument, OperationDefinition};
use async_graphql::registry::{MetaType, Registry};
use async_graphql::{Pos, ServerError};
use async_graphql_value::{ConstValue, Value as AstValue};

use super::arguments::{self, Argument, Fragments, named};
use super::syntax::{Shape, ValueTree, value_tree};

/// The misplaced variables of `operation`, in the order of their uses.
pub(super) fn variable_position_errors(
    registry: &Registry,
    source: &str,
    doc: &ExecutableDocument,
    operation: &OperationDefinition,
    root: &str,
) -> Vec<ServerError> {
    let mut checker = Checker { registry, operation, out: Vec::new() };
    arguments::walk(
        registry,
        doc,
        root,
        &operation.selection_set.node,
        Fragments::Once,
        &mut |arg| match arg {
            Argument::Directive(value) => {
                checker.check("Boolean!", false, &value.node, value.pos, None)
            }
            Argument::Field { value, def, .. } => {
                let tree = value_tree(source, value.pos.line, value.pos.column);
                let has_default = def.default_value.is_some();
                checker.check(&def.ty, has_default, &value.node, value.pos, tree.as_ref());
            }
        },
    );
    checker.out
}

/// Checks each argument's value against the type expected there.
struct Checker<'a> {
    registry: &'a Registry,
    operation: &'a OperationDefinition,
    out: Vec<ServerError>,
}

fn list_item(ty: &str) -> Option<&str> {
    ty.strip_prefix('[').and_then(|t| t.strip_suffix(']'))
}

/// graphql-js' `isTypeSubTypeOf` over input types written as text.
fn sub_type(sub: &str, sup: &str) -> bool {
    if sub == sup {
        return true;
    }
    if let Some(sup) = sup.strip_suffix('!') {
        return sub.strip_suffix('!').is_some_and(|sub| sub_type(sub, sup));
    }
    if let Some(sub) = sub.strip_suffix('!') {
        return sub_type(sub, sup);
    }
    match (list_item(sub), list_item(sup)) {
        (Some(sub), Some(sup)) => sub_type(sub, sup),
        _ => false,
    }
}

impl Checker<'_> {
    /// A value expected to be of type `ty` (`has_default`: the argument or
    /// input field has a default value), at `pos`, its parts at `tree`.
    fn check(
        &mut self,
        ty: &str,
        has_default: bool,
        value: &AstValue,
        pos: Pos,
        tree: Option<&ValueTree>,
    ) {
        match value {
            AstValue::Variable(name) => self.usage(name.as_str(), ty, has_default, pos),
            AstValue::List(items) => {
                let Some(inner) = list_item(ty.trim_end_matches('!')) else { return };
                let trees = match tree.map(|t| &t.shape) {
                    Some(Shape::List(trees)) => trees.as_slice(),
                    _ => &[],
                };
                for (i, item) in items.iter().enumerate() {
                    let t = trees.get(i);
                    let at = t.map_or(pos, |t| Pos { line: t.line, column: t.column });
                    self.check(inner, false, item, at, t);
                }
            }
            AstValue::Object(fields) => {
                let Some(MetaType::InputObject { input_fields, .. }) =
                    self.registry.types.get(named(ty))
                else {
                    return;
                };
                let trees = match tree.map(|t| &t.shape) {
                    Some(Shape::Object(trees)) => trees.as_slice(),
                    _ => &[],
                };
                for (key, v) in fields {
                    let Some(def) = input_fields.get(key.as_str()) else { continue };
                    let t = trees.iter().find(|t| t.0 == key.as_str()).map(|t| &t.3);
                    let at = t.map_or(pos, |t| Pos { line: t.line, column: t.column });
                    self.check(&def.ty, def.default_value.is_some(), v, at, t);
                }
            }
            _ => {}
        }
    }

    fn usage(&mut self, name: &str, location: &str, location_default: bool, pos: Pos) {
        let Some(def) =
            self.operation.variable_definitions.iter().find(|d| d.node.name.node.as_str() == name)
        else {
            return;
        };
        let declared = def.node.var_type.node.to_string();
        let var_default =
            def.node.default_value.as_ref().is_some_and(|v| !matches!(v.node, ConstValue::Null));
        let fits = match location.strip_suffix('!') {
            Some(nullable) if !declared.ends_with('!') => {
                (var_default || location_default) && sub_type(&declared, nullable)
            }
            _ => sub_type(&declared, location),
        };
        if !fits {
            let mut e = ServerError::new(
                format!(
                    "Variable \"${name}\" of type \"{declared}\" used in position expecting type \"{location}\"."
                ),
                Some(def.pos),
            );
            e.locations.push(pos);
            self.out.push(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sub_type;

    #[test]
    fn sub_types_follow_graphql_js() {
        assert!(sub_type("ID!", "ID"));
        assert!(!sub_type("ID", "ID!"));
        assert!(sub_type("[ID!]!", "[ID]"));
        assert!(!sub_type("[ID]", "[ID]!"));
        assert!(!sub_type("ID", "[ID]"));
        assert!(!sub_type("[ID]", "ID"));
    }
}
