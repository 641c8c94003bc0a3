//! graphql-js' coercion of variable values (`coerceVariableValues`), which
//! runs when execution starts, after the document validated: a non-null
//! variable not provided or null, and a value its declared type cannot take
//! (a scalar of the wrong kind, an input object field unknown or missing,
//! a scalar where an object belongs). Each problem is an error of its own,
//! answered with status 200 and nothing resolved, worded as graphql-js words
//! it: `Variable "$data" got invalid value "many" at "data.views"; Int cannot
//! represent non-integer value: "many"`, the value shown by graphql-js'
//! `inspect`.

use async_graphql::parser::types::OperationDefinition;
use async_graphql::registry::{MetaType, Registry};
use async_graphql::{ServerError, Variables};
use serde_json::{Map, Value};

use super::messages::{did_you_mean, suggestion_list};

/// graphql-js stops collecting coercion errors at this many.
const MAX_ERRORS: usize = 50;

/// The coercion problems of the operation's variables, in the order of their
/// definitions; `variables` are the request's, as JSON. The names of the
/// variables with a problem come back too: async-graphql must not see their
/// values (it would report them as validation errors).
pub(super) fn coercion_errors(
    registry: &Registry,
    operation: &OperationDefinition,
    variables: &Map<String, Value>,
    hints: bool,
) -> (Vec<ServerError>, Vec<String>) {
    let mut errors = Vec::new();
    let mut invalid = Vec::new();
    for def in &operation.variable_definitions {
        let d = &def.node;
        let name = d.name.node.as_str();
        let ty = d.var_type.node.to_string();
        let before = errors.len();
        match variables.get(name) {
            None if d.default_value.is_none() && ty.ends_with('!') => {
                errors.push(format!(
                    "Variable \"${name}\" of required type \"{ty}\" was not provided."
                ));
            }
            None => {}
            Some(Value::Null) if ty.ends_with('!') => {
                errors.push(format!(
                    "Variable \"${name}\" of non-null type \"{ty}\" must not be null."
                ));
            }
            Some(value) => {
                let mut c = Coercion { registry, hints, variable: name, out: &mut errors };
                c.coerce(&ty, value, &mut Vec::new());
            }
        }
        if errors.len() > before {
            invalid.push(name.to_owned());
        }
        if errors.len() >= MAX_ERRORS {
            errors.truncate(MAX_ERRORS);
            break;
        }
    }
    let errors = errors
        .into_iter()
        .map(|m| {
            let pos = def_pos(operation, &m);
            ServerError::new(m, Some(pos))
        })
        .collect();
    (errors, invalid)
}

/// The position of the definition of the variable a message names.
fn def_pos(operation: &OperationDefinition, message: &str) -> async_graphql::Pos {
    let name = message.strip_prefix("Variable \"$").and_then(|r| r.split('"').next()).unwrap_or("");
    operation
        .variable_definitions
        .iter()
        .find(|d| d.node.name.node.as_str() == name)
        .map_or(async_graphql::Pos::default(), |d| d.pos)
}

/// The variables async-graphql runs with: those without a coercion problem.
pub(super) fn without(variables: Variables, invalid: &[String]) -> Variables {
    let mut variables = variables;
    for name in invalid {
        variables.remove(&async_graphql::Name::new(name));
    }
    variables
}

struct Coercion<'a> {
    registry: &'a Registry,
    hints: bool,
    variable: &'a str,
    out: &'a mut Vec<String>,
}

/// One step of a path into a variable's value.
enum Step {
    Key(String),
    Index(usize),
}

impl Coercion<'_> {
    fn report(&mut self, path: &[Step], value: &Value, problem: &str) {
        let mut message =
            format!("Variable \"${}\" got invalid value {}", self.variable, inspect(value));
        if !path.is_empty() {
            let at: String = path
                .iter()
                .map(|s| match s {
                    Step::Key(k) => format!(".{k}"),
                    Step::Index(i) => format!("[{i}]"),
                })
                .collect();
            message.push_str(&format!(" at \"{}{at}\"", self.variable));
        }
        let problem = if self.hints {
            problem
        } else {
            problem.split(" Did you mean").next().unwrap_or(problem)
        };
        self.out.push(format!("{message}; {problem}"));
    }

    /// graphql-js' `coerceInputValue` of `value` to the type written `ty`.
    fn coerce(&mut self, ty: &str, value: &Value, path: &mut Vec<Step>) {
        if let Some(inner) = ty.strip_suffix('!') {
            if value.is_null() {
                self.report(
                    path,
                    value,
                    &format!("Expected non-nullable type \"{ty}\" not to be null."),
                );
                return;
            }
            return self.coerce(inner, value, path);
        }
        if value.is_null() {
            return;
        }
        if let Some(inner) = ty.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Step::Index(i));
                        self.coerce(inner, item, path);
                        path.pop();
                    }
                }
                // A single value stands for a list of one.
                other => self.coerce(inner, other, path),
            }
            return;
        }
        match self.registry.types.get(ty) {
            Some(MetaType::InputObject { input_fields, .. }) => {
                let Value::Object(fields) = value else {
                    self.report(path, value, &format!("Expected type \"{ty}\" to be an object."));
                    return;
                };
                for (name, def) in input_fields {
                    match fields.get(name.as_str()) {
                        None if def.ty.ends_with('!') && def.default_value.is_none() => {
                            let problem = format!(
                                "Field \"{name}\" of required type \"{}\" was not provided.",
                                def.ty
                            );
                            self.report(path, value, &problem);
                        }
                        None => {}
                        Some(v) => {
                            path.push(Step::Key(name.clone()));
                            self.coerce(&def.ty, v, path);
                            path.pop();
                        }
                    }
                }
                let known: Vec<&str> = input_fields.keys().map(String::as_str).collect();
                for key in fields.keys().filter(|k| !input_fields.contains_key(k.as_str())) {
                    let hint = did_you_mean(&suggestion_list(key, &known));
                    let problem = format!("Field \"{key}\" is not defined by type \"{ty}\".{hint}");
                    self.report(path, value, &problem);
                }
            }
            Some(MetaType::Enum { enum_values, .. }) => {
                let names: Vec<&str> = enum_values.keys().map(String::as_str).collect();
                let (problem, input) = match value {
                    Value::String(s) if enum_values.contains_key(s.as_str()) => return,
                    Value::String(s) => {
                        (format!("Value \"{s}\" does not exist in \"{ty}\" enum."), s.clone())
                    }
                    other => {
                        let shown = inspect(other);
                        (
                            format!("Enum \"{ty}\" cannot represent non-string value: {shown}."),
                            shown,
                        )
                    }
                };
                let hint = did_you_mean(&suggestion_list(&input, &names)).replacen(
                    " Did you mean ",
                    " Did you mean the enum value ",
                    1,
                );
                self.report(path, value, &format!("{problem}{hint}"));
            }
            _ => {
                if let Some(problem) = scalar_problem(ty, value) {
                    self.report(path, value, &problem);
                }
            }
        }
    }
}

/// What the scalar `ty`'s `parseValue` throws for `value`, if anything.
fn scalar_problem(ty: &str, value: &Value) -> Option<String> {
    let shown = inspect(value);
    let integer = value.as_f64().filter(|f| f.fract() == 0.0 && f.is_finite());
    match ty {
        "Int" => match integer {
            None => Some(format!("Int cannot represent non-integer value: {shown}")),
            Some(i) if i > f64::from(i32::MAX) || i < f64::from(i32::MIN) => {
                Some(format!("Int cannot represent non 32-bit signed integer value: {shown}"))
            }
            Some(_) => None,
        },
        "Float" => (!value.is_number())
            .then(|| format!("Float cannot represent non numeric value: {shown}")),
        // Directus' Date and Hash are GraphQL's String under other names.
        "String" | "Date" | "Hash" => (!value.is_string())
            .then(|| format!("String cannot represent a non string value: {shown}")),
        "Boolean" => (!value.is_boolean())
            .then(|| format!("Boolean cannot represent a non boolean value: {shown}")),
        "ID" => (!value.is_string() && integer.is_none())
            .then(|| format!("ID cannot represent value: {shown}")),
        "GraphQLBigInt" => (!value.is_string())
            .then(|| "Expected type \"GraphQLBigInt\". Value must be a String".to_owned()),
        "GraphQLStringOrFloat" => (!value.is_string() && !value.is_number()).then(|| {
            "Expected type \"GraphQLStringOrFloat\". Value must be either a String or a Float"
                .to_owned()
        }),
        _ => None,
    }
}

/// graphql-js' `inspect`: strings as JSON, objects as `{ key: value }`, lists
/// of up to ten items, and `[Object]` / `[Array]` past two levels.
pub(crate) fn inspect(value: &Value) -> String {
    inspect_at(value, 0)
}

fn inspect_at(value: &Value, depth: usize) -> String {
    match value {
        Value::String(_) | Value::Bool(_) | Value::Null => value.to_string(),
        Value::Number(n) => js_number(n),
        Value::Array(items) if items.is_empty() => "[]".into(),
        Value::Array(_) if depth >= 2 => "[Array]".into(),
        Value::Array(items) => {
            let mut shown: Vec<String> =
                items.iter().take(10).map(|v| inspect_at(v, depth + 1)).collect();
            match items.len().saturating_sub(10) {
                0 => {}
                1 => shown.push("... 1 more item".into()),
                more => shown.push(format!("... {more} more items")),
            }
            format!("[{}]", shown.join(", "))
        }
        Value::Object(m) if m.is_empty() => "{}".into(),
        Value::Object(_) if depth >= 2 => "[Object]".into(),
        Value::Object(m) => {
            let shown: Vec<String> =
                m.iter().map(|(k, v)| format!("{k}: {}", inspect_at(v, depth + 1))).collect();
            format!("{{ {} }}", shown.join(", "))
        }
    }
}

/// A JSON number as JavaScript's `String(n)` prints it (`3.0` is `3`).
fn js_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
        Some(f) => f.to_string(),
        None => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_shown_as_graphql_js_inspects_them() {
        assert_eq!(
            inspect(&json!({"title": "x", "rating": 3.0, "n": null})),
            r#"{ title: "x", rating: 3, n: null }"#
        );
        assert_eq!(
            inspect(&json!({"a": {"b": {"c": 1}, "l": [[1]]}})),
            "{ a: { b: [Object], l: [Array] } }"
        );
        assert_eq!(inspect(&json!([])), "[]");
        assert_eq!(inspect(&json!({})), "{}");
        let long: Vec<u8> = (0..12).collect();
        assert_eq!(inspect(&json!(long)), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ... 2 more items]");
        assert_eq!(inspect(&json!(1.5)), "1.5");
    }

    #[test]
    fn scalars_refuse_what_their_parse_value_throws_on() {
        assert!(scalar_problem("Int", &json!(3.0)).is_none());
        assert!(scalar_problem("Int", &json!(1.5)).is_some());
        assert!(
            scalar_problem("Int", &json!(3_000_000_000_i64)).is_some_and(|m| m.contains("32-bit"))
        );
        assert!(scalar_problem("ID", &json!(7)).is_none());
        assert!(scalar_problem("ID", &json!(true)).is_some());
        assert!(scalar_problem("Date", &json!(5)).is_some());
        assert!(scalar_problem("JSON", &json!({"a": 1})).is_none());
    }
}
