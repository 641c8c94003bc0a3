//! graphql-js' wording for validation problems, where async-graphql words
//! them differently: clients and tests compare these messages.
//!
//! - `Cannot query field "x" on type "T".` with graphql-js' suggestions
//!   (`suggestionList`: optimal-string-alignment distance on lower case, at
//!   most 40% of the input's length + 1, closest first, then natural order);
//! - `... must have a selection of subfields. Did you mean "f { ... }"?`;
//! - `Unknown fragment "F".` at the fragment's name;
//! - `Variable "$x" is never used in operation "S".`, and the period that
//!   ends graphql-js' fragment messages (`is never used.`, `can never be of type "T".`);
//! - scalar literals of the wrong kind (`Int cannot represent non-integer
//!   value: "x"`), at the value rather than at the argument.

use async_graphql::Pos;
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition};
use async_graphql::registry::{MetaType, Registry};
use async_graphql_value::Value as AstValue;

use super::arguments::{self, Argument, Fragments};
use super::syntax::{Shape, ValueTree, value_tree};

/// Rewrites one async-graphql validation message (and its location) as
/// graphql-js has it. Without introspection Directus hides every `Did you
/// mean` hint, which would reveal the schema.
pub(crate) fn rewrite(
    registry: &Registry,
    message: &str,
    pos: &mut [Pos],
    introspection: bool,
) -> String {
    let message = rewrite_with_hints(registry, message, pos);
    if introspection {
        return message;
    }
    match message.split_once(" Did you mean") {
        Some((head, _)) => head.to_owned(),
        None => message,
    }
}

fn rewrite_with_hints(registry: &Registry, message: &str, pos: &mut [Pos]) -> String {
    if let Some(rest) = message.strip_prefix("Unknown field ") {
        let message = format!("Cannot query field {rest}");
        return with_field_suggestions(registry, &message);
    }
    // `Invalid value for argument "filter.title", unknown field "_gt" of type "string_filter_operators"`
    if let Some((_, rest)) = message.split_once(", unknown field ")
        && let Some((field, ty)) = rest.split_once(" of type ")
    {
        return format!("Field {field} is not defined by type {ty}.");
    }
    if message.starts_with("Field \"") && message.ends_with("has no subfields") {
        return format!("{message}.");
    }
    if let Some(head) = message.strip_suffix("must have a selection of subfields")
        && let Some(name) = head.strip_prefix("Field \"").and_then(|r| r.split('"').next())
    {
        return format!(
            "{head}must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?"
        );
    }
    if let Some(name) = message.strip_prefix("Unknown fragment: ") {
        // graphql-js points at the name, after the `...`.
        for p in pos.iter_mut() {
            p.column += 3;
        }
        return format!("Unknown fragment {name}.");
    }
    if message.starts_with("Cannot query field ") {
        return with_field_suggestions(registry, message);
    }
    // `Variable "$x" is not used by operation "S"` / `is not used`.
    if let Some(head) = message.strip_prefix("Variable \"")
        && let Some((var, rest)) = head.split_once('"')
    {
        if let Some(op) = rest.strip_prefix(" is not used by operation ") {
            return format!("Variable \"{var}\" is never used in operation {op}.");
        }
        if rest == " is not used" {
            return format!("Variable \"{var}\" is never used.");
        }
    }
    // graphql-js ends these with a period; async-graphql does not.
    if message.starts_with("Fragment \"")
        && (message.ends_with(" is never used") || message.contains(" can never be of type "))
    {
        return format!("{message}.");
    }
    message.to_owned()
}

/// `Cannot query field "nope" on type "articles".` + ` Did you mean "code" or "notes"?`
fn with_field_suggestions(registry: &Registry, message: &str) -> String {
    // async-graphql sometimes suggests on its own, by other rules.
    let message = message.split(" Did you mean").next().unwrap_or(message);
    let mut quoted = message.split('"').skip(1).step_by(2);
    let (Some(field), Some(ty)) = (quoted.next(), quoted.next()) else {
        return message.to_owned();
    };
    let names: Vec<&str> = match registry.types.get(ty) {
        Some(MetaType::Object { fields, .. } | MetaType::Interface { fields, .. }) => {
            fields.keys().map(String::as_str).filter(|n| !n.starts_with("__")).collect()
        }
        _ => Vec::new(),
    };
    format!("{message}{}", did_you_mean(&suggestion_list(field, &names)))
}

/// graphql-js' `didYouMean`: up to five quoted suggestions.
pub(crate) fn did_you_mean(suggestions: &[String]) -> String {
    let quoted: Vec<String> = suggestions.iter().take(5).map(|s| format!("\"{s}\"")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!(" Did you mean {one}?"),
        [a, b] => format!(" Did you mean {a} or {b}?"),
        [init @ .., last] => format!(" Did you mean {}, or {last}?", init.join(", ")),
    }
}

/// graphql-js' `suggestionList`.
pub(crate) fn suggestion_list(input: &str, options: &[&str]) -> Vec<String> {
    let threshold = input.chars().count() * 4 / 10 + 1;
    let mut scored: Vec<(usize, &str)> = options
        .iter()
        .filter_map(|o| lexical_distance(input, o, threshold).map(|d| (d, *o)))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| natural_compare(a.1, b.1)));
    scored.into_iter().map(|(_, o)| o.to_owned()).collect()
}

/// Optimal string alignment distance, case-insensitive (a case-only
/// difference counts 1), or `None` above the threshold.
fn lexical_distance(a: &str, b: &str, threshold: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    if la == lb {
        return Some(1);
    }
    let (x, y): (Vec<char>, Vec<char>) = (la.chars().collect(), lb.chars().collect());
    if x.len().abs_diff(y.len()) > threshold {
        return None;
    }
    let mut rows = vec![vec![0usize; y.len() + 1]; x.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=x.len() {
        let mut smallest = usize::MAX;
        for j in 1..=y.len() {
            let cost = usize::from(x[i - 1] != y[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
            smallest = smallest.min(d);
        }
        if smallest > threshold {
            return None;
        }
    }
    let d = rows[x.len()][y.len()];
    (d <= threshold).then_some(d)
}

/// graphql-js' `naturalCompare`: digit runs compare as numbers.
fn natural_compare(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut m = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    m.push(c);
                    x.next();
                }
                let mut n = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    n.push(d);
                    y.next();
                }
                let (m, n) = (m.parse::<u128>().unwrap_or(0), n.parse::<u128>().unwrap_or(0));
                if m != n {
                    return m.cmp(&n);
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

/// A literal graphql-js refuses, as (argument position, problem position, message).
pub(crate) type ScalarProblem = (Pos, Pos, String);

/// Walks the operation's field arguments (through fragments) and reports what
/// graphql-js' ValuesOfCorrectTypeRule reports for literals: built-in
/// scalars of the wrong kind (Int, Float, String, Boolean, ID), input object
/// fields that are required and missing or not defined, and null for a
/// non-null input field.
pub(crate) fn scalar_literal_errors(
    registry: &Registry,
    source: &str,
    doc: &ExecutableDocument,
    operation: &OperationDefinition,
    root: &str,
) -> Vec<ScalarProblem> {
    let mut checker = Checker { registry, out: Vec::new() };
    let set = &operation.selection_set.node;
    arguments::walk(registry, doc, root, set, Fragments::EachSpread, &mut |arg| {
        if let Argument::Field { name, value, def } = arg {
            let tree = value_tree(source, value.pos.line, value.pos.column);
            let at = Spot { argument: name.pos, fallback: value.pos };
            checker.check(&def.ty, &value.node, tree.as_ref(), at);
        }
    });
    checker.out
}

/// Checks each literal against the type expected there.
struct Checker<'a> {
    registry: &'a Registry,
    out: Vec<ScalarProblem>,
}

impl Checker<'_> {
    fn report(&mut self, at: Spot, tree: Option<&ValueTree>, message: String) {
        let pos = tree.map_or(at.fallback, |t| Pos { line: t.line, column: t.column });
        self.out.push((at.argument, pos, message));
    }

    fn check(&mut self, ty: &str, value: &AstValue, tree: Option<&ValueTree>, at: Spot) {
        let base = ty.trim_end_matches('!');
        if matches!(value, AstValue::Null) {
            if ty.ends_with('!') {
                self.report(at, tree, format!("Expected value of type \"{ty}\", found null."));
            }
            return;
        }
        if let Some(inner) = base.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            match (value, tree.map(|t| &t.shape)) {
                (AstValue::List(items), Some(Shape::List(trees))) => {
                    for (item, t) in items.iter().zip(trees) {
                        self.check(inner, item, Some(t), at);
                    }
                }
                (AstValue::List(items), _) => {
                    for item in items {
                        self.check(inner, item, None, at);
                    }
                }
                (other, _) => self.check(inner, other, tree, at),
            }
            return;
        }
        if matches!(value, AstValue::Variable(_)) {
            return;
        }
        if let Some(MetaType::InputObject { input_fields, name, .. }) =
            self.registry.types.get(base)
        {
            let AstValue::Object(fields) = value else { return };
            let trees: &[(String, usize, usize, ValueTree)] = match tree.map(|t| &t.shape) {
                Some(Shape::Object(f)) => f,
                _ => &[],
            };
            for (field, def) in input_fields {
                if def.ty.ends_with('!')
                    && def.default_value.is_none()
                    && !fields.contains_key(field.as_str())
                {
                    self.report(
                        at,
                        tree,
                        format!(
                            "Field \"{name}.{field}\" of required type \"{}\" was not provided.",
                            def.ty
                        ),
                    );
                }
            }
            let known: Vec<&str> = input_fields.keys().map(String::as_str).collect();
            for (key, v) in fields {
                let spot = trees.iter().find(|t| t.0 == key.as_str());
                match input_fields.get(key.as_str()) {
                    Some(def) => self.check(&def.ty, v, spot.map(|t| &t.3), at),
                    None => {
                        let pos = spot.map_or(at.fallback, |t| Pos { line: t.1, column: t.2 });
                        let hint = did_you_mean(&suggestion_list(key, &known));
                        self.out.push((
                            at.argument,
                            pos,
                            format!("Field \"{key}\" is not defined by type \"{name}\".{hint}"),
                        ));
                    }
                }
            }
            return;
        }
        let shown = value.to_string();
        let problem = match (base, value) {
            ("Int", AstValue::Number(n)) if n.is_i64() => {
                let i = n.as_i64().unwrap_or(0);
                (i32::try_from(i).is_err()).then(|| {
                    format!("Int cannot represent non 32-bit signed integer value: {shown}")
                })
            }
            ("Int", _) => Some(format!("Int cannot represent non-integer value: {shown}")),
            ("Float", AstValue::Number(_)) => None,
            ("Float", _) => Some(format!("Float cannot represent non numeric value: {shown}")),
            ("String", AstValue::String(_)) => None,
            ("String", _) => Some(format!("String cannot represent a non string value: {shown}")),
            ("Boolean", AstValue::Boolean(_)) => None,
            ("Boolean", _) => {
                Some(format!("Boolean cannot represent a non boolean value: {shown}"))
            }
            ("ID", AstValue::String(_)) => None,
            ("ID", AstValue::Number(n)) if n.is_i64() => None,
            ("ID", _) => {
                Some(format!("ID cannot represent a non-string and non-integer value: {shown}"))
            }
            _ => None,
        };
        if let Some(message) = problem {
            self.report(at, tree, message);
        }
    }
}

/// Where an argument is, and where its value starts (when the value's own
/// parts cannot be located).
#[derive(Clone, Copy)]
struct Spot {
    argument: Pos,
    fallback: Pos,
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    // graphql-js' own outputs for these inputs.
    #[rstest]
    #[case("nope", &["id", "code", "notes", "title", "status"], &["code", "notes"])]
    #[case("titl", &["title", "tags", "id"], &["title"])]
    #[case("Title", &["tilt", "title"], &["title", "tilt"])]
    #[case("auther", &["author", "editor", "authors"], &["author", "authors"])]
    #[case("x", &["id", "y"], &["y"])]
    fn suggestions_follow_graphql_js(
        #[case] input: &str,
        #[case] options: &[&str],
        #[case] expected: &[&str],
    ) {
        assert_eq!(suggestion_list(input, options), expected);
    }

    #[rstest]
    #[case(&[], "")]
    #[case(&["a"], " Did you mean \"a\"?")]
    #[case(&["a", "b"], " Did you mean \"a\" or \"b\"?")]
    #[case(&["a", "b", "c", "d", "e", "f"], " Did you mean \"a\", \"b\", \"c\", \"d\", or \"e\"?")]
    fn did_you_mean_lists_at_most_five(#[case] suggestions: &[&str], #[case] expected: &str) {
        let owned: Vec<String> = suggestions.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(did_you_mean(&owned), expected);
    }

    #[test]
    fn natural_order_compares_digit_runs_as_numbers() {
        assert_eq!(natural_compare("a10", "a9"), std::cmp::Ordering::Greater);
        assert_eq!(natural_compare("abc", "abd"), std::cmp::Ordering::Less);
    }
}
