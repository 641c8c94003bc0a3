//! Validation rules graphql-js applies and async-graphql does not: a
//! single-use mutation used twice, introspection fields when introspection
//! is off (NoSchemaIntrospectionCustomRule), a scalar where an input object
//! belongs, and missing non-null variables (which graphql-js finds when
//! execution starts). Each walks the parsed operation and returns the
//! problems as graphql-js words them.

use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{Pos, ServerError, Variables};

/// `GRAPHQL_SINGLE_USE_MUTATIONS`' default list.
const SINGLE_USE: &[&str] = &[
    "auth_login",
    "auth_refresh",
    "auth_password_request",
    "auth_password_reset",
    "users_register",
    "users_register_verify",
    "users_invite_accept",
    "users_me_tfa_generate",
    "users_me_tfa_enable",
    "users_me_tfa_disable",
    "utils_cache_clear",
];

/// Walks a mutation's top-level selection (through fragments) and reports
/// the second use of a single-use mutation.
pub(super) fn single_use_errors(
    doc: &ExecutableDocument,
    operation: &OperationDefinition,
) -> Vec<ServerError> {
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    let mut errors = Vec::new();
    fn walk(
        doc: &ExecutableDocument,
        set: &SelectionSet,
        counts: &mut std::collections::HashMap<String, usize>,
        errors: &mut Vec<ServerError>,
        depth: usize,
    ) {
        if depth > 32 || !errors.is_empty() {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    if SINGLE_USE.contains(&name) {
                        let n = counts.entry(name.to_owned()).or_default();
                        *n += 1;
                        if *n > 1 {
                            errors.push(ServerError::new(
                                format!("\"{name}\" can only be used once per request"),
                                Some(f.pos),
                            ));
                            return;
                        }
                    }
                }
                Selection::InlineFragment(frag) => {
                    walk(doc, &frag.node.selection_set.node, counts, errors, depth + 1)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(def) = doc.fragments.get(&spread.node.fragment_name.node) {
                        walk(doc, &def.node.selection_set.node, counts, errors, depth + 1);
                    }
                }
            }
        }
    }
    if operation.ty == OperationType::Mutation {
        walk(doc, &operation.selection_set.node, &mut counts, &mut errors, 0);
    }
    errors
}

/// The return type of an introspection type's field, for the fields whose type is
/// itself an introspection type (the others return scalars).
fn introspection_field_type(parent: &str, field: &str) -> Option<&'static str> {
    Some(match (parent, field) {
        ("__Schema", "types" | "queryType" | "mutationType" | "subscriptionType") => "__Type",
        ("__Schema", "directives") => "__Directive",
        ("__Type", "kind") => "__TypeKind",
        ("__Type", "fields") => "__Field",
        ("__Type", "interfaces" | "possibleTypes" | "ofType") => "__Type",
        ("__Type", "enumValues") => "__EnumValue",
        ("__Type" | "__Field" | "__Directive", "inputFields" | "args") => "__InputValue",
        ("__Field" | "__InputValue", "type") => "__Type",
        ("__Directive", "locations") => "__DirectiveLocation",
        _ => return None,
    })
}

/// graphql-js' NoSchemaIntrospectionCustomRule, which Directus adds when
/// `GRAPHQL_INTROSPECTION=false`: one error per field whose type is an
/// introspection type (`__schema`, `__type` and what they select), in document order.
pub(super) fn introspection_errors(
    doc: &ExecutableDocument,
    operation: &OperationDefinition,
) -> Vec<ServerError> {
    fn walk(
        doc: &ExecutableDocument,
        set: &SelectionSet,
        parent: Option<&str>,
        errors: &mut Vec<ServerError>,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(f) => {
                    let name = f.node.name.node.as_str();
                    let ty = match parent {
                        None if name == "__schema" => Some("__Schema"),
                        None if name == "__type" => Some("__Type"),
                        None => None,
                        Some(p) => introspection_field_type(p, name),
                    };
                    if let Some(ty) = ty {
                        errors.push(ServerError::new(
                            format!(
                                "GraphQL introspection has been disabled, but the requested query contained the field \"{name}\"."
                            ),
                            Some(f.pos),
                        ));
                        walk(doc, &f.node.selection_set.node, Some(ty), errors, depth + 1);
                    }
                }
                Selection::InlineFragment(frag) => {
                    walk(doc, &frag.node.selection_set.node, parent, errors, depth + 1)
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(def) = doc.fragments.get(&spread.node.fragment_name.node) {
                        walk(doc, &def.node.selection_set.node, parent, errors, depth + 1);
                    }
                }
            }
        }
    }
    let mut errors = Vec::new();
    walk(doc, &operation.selection_set.node, None, &mut errors, 0);
    errors
}

/// `Variable "$id" of required type "ID!" was not provided.`, as graphql-js
/// reports when execution starts (a subscription's start; queries and
/// mutations coerce every value, `variables.rs`).
pub(super) fn missing_variables(
    operation: &OperationDefinition,
    variables: &Variables,
) -> Vec<ServerError> {
    operation
        .variable_definitions
        .iter()
        .filter(|def| {
            let d = &def.node;
            !d.var_type.node.nullable
                && d.default_value.is_none()
                && variables.get(&d.name.node).is_none_or(|v| *v == async_graphql::Value::Null)
        })
        .map(|def| {
            let d = &def.node;
            let message = if variables.get(&d.name.node).is_some() {
                format!(
                    "Variable \"${}\" of non-null type \"{}\" must not be null.",
                    d.name.node, d.var_type.node
                )
            } else {
                format!(
                    "Variable \"${}\" of required type \"{}\" was not provided.",
                    d.name.node, d.var_type.node
                )
            };
            ServerError::new(message, Some(def.pos))
        })
        .collect()
}

/// graphql-js rejects a scalar where an input object is expected
/// (`author: 999` for `create_authors_input`); async-graphql lets it pass.
pub(super) fn input_object_errors(
    schema: &async_graphql::dynamic::Schema,
    operation: &OperationDefinition,
) -> Vec<ServerError> {
    use async_graphql::registry::MetaType;
    use async_graphql_value::Value as AstValue;
    let registry = schema.registry();
    let root = match operation.ty {
        OperationType::Mutation => "Mutation",
        OperationType::Subscription => "Subscription",
        OperationType::Query => "Query",
    };
    fn named(ty: &str) -> &str {
        ty.trim_matches(|c| c == '[' || c == ']' || c == '!')
    }
    fn check(
        registry: &async_graphql::registry::Registry,
        ty: &str,
        value: &AstValue,
        pos: Pos,
        out: &mut Vec<ServerError>,
    ) {
        let name = named(ty);
        let Some(MetaType::InputObject { input_fields, .. }) = registry.types.get(name) else {
            return;
        };
        match value {
            AstValue::List(items) => {
                let inner = ty.trim_end_matches('!');
                let inner =
                    inner.strip_prefix('[').and_then(|t| t.strip_suffix(']')).unwrap_or(inner);
                for item in items {
                    check(registry, inner, item, pos, out);
                }
            }
            AstValue::Object(fields) => {
                for (k, v) in fields {
                    if let Some(field) = input_fields.get(k.as_str()) {
                        check(registry, &field.ty, v, pos, out);
                    }
                }
            }
            AstValue::Null | AstValue::Variable(_) => {}
            other => out.push(ServerError::new(
                format!("Expected value of type \"{ty}\", found {other}."),
                Some(pos),
            )),
        }
    }
    let mut out = Vec::new();
    let Some(MetaType::Object { fields, .. }) = registry.types.get(root) else { return out };
    for item in &operation.selection_set.node.items {
        let Selection::Field(f) = &item.node else { continue };
        let Some(def) = fields.get(f.node.name.node.as_str()) else { continue };
        for (name, value) in &f.node.arguments {
            if let Some(arg) = def.args.get(name.node.as_str()) {
                check(registry, &arg.ty, &value.node, value.pos, &mut out);
            }
        }
    }
    out
}
