//! Payload validation: the rules Directus checks before writing a row
//! (`required` and `nnull` from the schema, `meta.validation` of fields,
//! permission `validation`), and the FAILED_VALIDATION errors they produce.
//!
//! Directus turns each rule into a Joi schema; the error `type` depends on
//! which Joi check failed. This module reproduces those outcomes: a rule only
//! looks at fields present in the payload (except `_submitted`), rules are
//! parsed like filters first (so `{"n":{"_gte":1,"_lte":5}}` checks both
//! operators), `null`
//! against a comparison is `required`, a number outside the safe integer
//! range is `unsafe`, several accepted values make `in`.

use serde_json::{Map, Value, json};

use super::values::{as_f64, parse_datetime};
use crate::error::{ErrorCode, ErrorItem};
use crate::query::operators::{Key, Logical, Op};

/// One failed check, before it becomes an error item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    pub(crate) field: String,
    pub(crate) kind: &'static str,
    pub(crate) extra: Option<(&'static str, Value)>,
    /// How the message shows the limit when it differs from `extra` (dates).
    pub(crate) shown: Option<String>,
}

impl Failure {
    pub(crate) fn new(field: &str, kind: &'static str) -> Failure {
        Failure { field: field.to_owned(), kind, extra: None, shown: None }
    }
}

/// Validates `payload` against `rule` (a filter, `_and`/`_or` of field rules).
pub(crate) fn check(rule: &Value, payload: &Map<String, Value>) -> Vec<Failure> {
    let Value::Object(map) = rule else { return Vec::new() };
    let Some((key, inner)) = map.iter().next() else { return Vec::new() };
    match Logical::parse(key) {
        Some(Logical::And) => inner
            .as_array()
            .map(|items| items.iter().flat_map(|r| check(r, payload)).collect())
            .unwrap_or_default(),
        Some(Logical::Or) => {
            let Some(items) = inner.as_array() else { return Vec::new() };
            let mut swallowed = Vec::new();
            for item in items {
                let errs = check(item, payload);
                if errs.is_empty() {
                    return Vec::new();
                }
                swallowed.extend(errs);
            }
            swallowed
        }
        None => check_field(key, inner, payload),
    }
}

/// The rule of one field: its first operator, or nested field rules.
fn check_field(field: &str, inner: &Value, payload: &Map<String, Value>) -> Vec<Failure> {
    let Value::Object(ops) = inner else { return Vec::new() };
    // Nested field rules (`{"author":{"name":{...}}}`) check a nested object
    // payload; Joi's object schema passes a missing value and fails any other
    // (null, a key): `object.base`, which Directus reports as `required`.
    if ops.keys().next().is_some_and(|k| matches!(Key::parse(k), Key::Field(_))) {
        return match payload.get(field) {
            Some(Value::Object(nested)) => check(inner, nested),
            None => Vec::new(),
            Some(_) => vec![Failure::new(field, "required")],
        };
    }
    // Like the Joi schema Directus builds: the first operator is the rule.
    let Some((op, operand)) = ops.iter().next() else { return Vec::new() };
    let Some(op) = Op::parse(op) else { return Vec::new() };
    check_op(field, op, operand, payload.get(field)).into_iter().collect()
}

fn fail(field: &str, kind: &'static str, extra: Option<(&'static str, Value)>) -> Option<Failure> {
    Some(Failure { field: field.to_owned(), kind, extra, shown: None })
}

/// A failure whose `type` is the operator's name (`eq`, `nstarts_with`).
fn fail_op(field: &str, op: Op, extra: Option<(&'static str, Value)>) -> Option<Failure> {
    fail(field, op.name(), extra)
}

/// Joi's `valid(a, b)` / `invalid(a, b)` outcome types.
fn only_failure(field: &str, valids: Vec<Value>, negated: bool) -> Option<Failure> {
    if negated {
        if valids.len() > 1 {
            return fail_op(field, Op::Nin, Some(("invalid", Value::Array(valids))));
        }
        return match valids.into_iter().next() {
            Some(Value::Null) => fail_op(field, Op::Nnull, None),
            Some(Value::String(s)) if s.is_empty() => fail_op(field, Op::Nempty, None),
            Some(v) => fail_op(field, Op::Neq, Some(("invalid", v))),
            None => None,
        };
    }
    if valids.len() > 1 {
        return fail_op(field, Op::In, Some(("valid", Value::Array(valids))));
    }
    match valids.into_iter().next() {
        Some(Value::Null) => fail_op(field, Op::Null, None),
        Some(Value::String(s)) if s.is_empty() => fail_op(field, Op::Empty, None),
        Some(v) => fail_op(field, Op::Eq, Some(("valid", v))),
        None => None,
    }
}

/// The values Joi accepts for `_eq`: the value and its string/number twin.
fn eq_valids(operand: &Value) -> Vec<Value> {
    match operand {
        Value::Number(n) => vec![operand.clone(), Value::String(n.to_string())],
        Value::Null | Value::Bool(_) => vec![operand.clone()],
        Value::String(s) if s.is_empty() => vec![operand.clone()],
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(f) => vec![operand.clone(), json!(f)],
            Err(_) => vec![operand.clone()],
        },
        other => vec![other.clone()],
    }
}

fn loosely_equal(a: &Value, b: &Value) -> bool {
    a == b || matches!((as_f64(a), as_f64(b)), (Some(x), Some(y)) if x == y)
}

/// One operator rule on the field's value (`None`: the field is not in the payload).
fn check_op(field: &str, op: Op, operand: &Value, value: Option<&Value>) -> Option<Failure> {
    if op == Op::Submitted {
        return if value.is_none() { fail(field, "required", None) } else { None };
    }
    let value = value?;
    match op {
        Op::Eq | Op::Neq => {
            let valids = eq_valids(operand);
            let hit = valids.iter().any(|v| loosely_equal(v, value));
            if (op == Op::Eq) != hit { only_failure(field, valids, op == Op::Neq) } else { None }
        }
        Op::In | Op::Nin => {
            let list = operand.as_array().cloned().unwrap_or_else(|| vec![operand.clone()]);
            let hit = list.iter().any(|v| v == value);
            if (op == Op::In) != hit { only_failure(field, list, op == Op::Nin) } else { None }
        }
        Op::Null => (!value.is_null()).then(|| Failure::new(field, op.name())),
        Op::Nnull => value.is_null().then(|| Failure::new(field, op.name())),
        Op::Empty => (value.as_str() != Some("")).then(|| Failure::new(field, op.name())),
        Op::Nempty => (value.as_str() == Some("")).then(|| Failure::new(field, op.name())),
        Op::Gt | Op::Gte | Op::Lt | Op::Lte => compare_rule(field, op, operand, value),
        Op::Between | Op::Nbetween => range_rule(field, op, operand, value),
        Op::Contains | Op::Icontains | Op::Ncontains => contains_rule(field, op, operand, value),
        Op::StartsWith
        | Op::NstartsWith
        | Op::IstartsWith
        | Op::NistartsWith
        | Op::EndsWith
        | Op::NendsWith
        | Op::IendsWith
        | Op::NiendsWith => affix_rule(field, op, operand, value),
        Op::Regex => regex_rule(field, operand, value),
        // Directus' Joi schema has no check for the other operators.
        _ => None,
    }
}

/// `_between` is `_gte` the low bound and `_lte` the high one; `_nbetween`
/// fails with the low bound's `lt` when the value is inside.
fn range_rule(field: &str, op: Op, operand: &Value, value: &Value) -> Option<Failure> {
    let bounds = operand.as_array().cloned().unwrap_or_default();
    let [lo, hi] = bounds.as_slice() else { return None };
    if op == Op::Between {
        compare_rule(field, Op::Gte, lo, value).or_else(|| compare_rule(field, Op::Lte, hi, value))
    } else {
        let below = compare_rule(field, Op::Lt, lo, value).is_none();
        let above = compare_rule(field, Op::Gt, hi, value).is_none();
        if below || above { None } else { compare_rule(field, Op::Lt, lo, value) }
    }
}

/// `_contains`, `_icontains`, `_ncontains` on a text or on a list of texts.
fn contains_rule(field: &str, op: Op, operand: &Value, value: &Value) -> Option<Failure> {
    let Value::String(needle) = operand else { return None };
    let check_one = |s: &str| -> bool {
        if op == Op::Icontains {
            s.to_lowercase().contains(&needle.to_lowercase())
        } else {
            s.contains(needle.as_str())
        }
    };
    let hit = match value {
        Value::String(s) => check_one(s),
        Value::Array(items) => items.iter().any(|i| i.as_str().is_some_and(check_one)),
        _ => return fail(field, "required", None),
    };
    let ok = if op == Op::Ncontains { !hit } else { hit };
    if ok { None } else { fail_op(field, op, Some(("substring", Value::String(needle.clone())))) }
}

/// `_starts_with`, `_ends_with` and their case-insensitive and negated forms.
fn affix_rule(field: &str, op: Op, operand: &Value, value: &Value) -> Option<Failure> {
    let Value::String(needle) = operand else { return None };
    let Value::String(s) = value else { return fail(field, "required", None) };
    let insensitive =
        matches!(op, Op::IstartsWith | Op::NistartsWith | Op::IendsWith | Op::NiendsWith);
    let (s, n) = if insensitive {
        (s.to_lowercase(), needle.to_lowercase())
    } else {
        (s.clone(), needle.clone())
    };
    let starts =
        matches!(op, Op::StartsWith | Op::NstartsWith | Op::IstartsWith | Op::NistartsWith);
    let hit = if starts { s.starts_with(&n) } else { s.ends_with(&n) };
    let negated = matches!(op, Op::NstartsWith | Op::NistartsWith | Op::NendsWith | Op::NiendsWith);
    if hit != negated {
        None
    } else {
        fail_op(field, op, Some(("substring", Value::String(needle.clone()))))
    }
}

/// The body of a `_regex` pattern: without its slashes when it has both.
fn pattern_body(pattern: &str) -> &str {
    if pattern.len() > 1 && pattern.starts_with('/') && pattern.ends_with('/') {
        &pattern[1..pattern.len() - 1]
    } else {
        pattern
    }
}

/// `_regex`: a JavaScript pattern, with or without its slashes.
fn regex_rule(field: &str, operand: &Value, value: &Value) -> Option<Failure> {
    let Value::String(pattern) = operand else { return None };
    let Value::String(s) = value else { return fail(field, "required", None) };
    match regress::Regex::new(pattern_body(pattern)) {
        Ok(re) if re.find(s).is_some() => None,
        Ok(_) => fail_op(field, Op::Regex, Some(("invalid", value.clone()))),
        // `invalid_pattern` refused the write before any rule ran.
        Err(_) => None,
    }
}

/// The first `_regex` pattern of a rule that JavaScript's `RegExp` would not
/// compile, as the error Directus answers (500) for every payload the rule
/// set checks: it builds every rule before validating.
pub(crate) fn invalid_pattern(rule: &Value) -> Option<String> {
    match rule {
        Value::Object(map) => map.iter().find_map(|(key, inner)| match (key.as_str(), inner) {
            ("_regex", Value::String(pattern)) => {
                let body = pattern_body(pattern);
                regress::Regex::new(body)
                    .err()
                    .map(|e| format!("Invalid regular expression: /{body}/: {e}"))
            }
            _ => invalid_pattern(inner),
        }),
        Value::Array(items) => items.iter().find_map(invalid_pattern),
        _ => None,
    }
}

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// `_gt`, `_gte`, `_lt`, `_lte`: a number schema when the limit is a number, a date schema otherwise.
fn compare_rule(field: &str, op: Op, operand: &Value, value: &Value) -> Option<Failure> {
    let numeric_operand = crate::vendor::number_of(operand);
    let (ordering, valid, shown) = match numeric_operand {
        // A number schema: the value must convert to a safe number.
        Some(limit) => {
            let Some(v) = crate::vendor::number_of(value) else {
                return fail(field, "required", None);
            };
            if v.abs() > MAX_SAFE {
                return fail(field, "unsafe", None);
            }
            let valid = if limit.fract() == 0.0 && limit.abs() <= MAX_SAFE {
                json!(limit as i64)
            } else {
                json!(limit)
            };
            (v.partial_cmp(&limit), valid, None)
        }
        // A date schema: the limit is a Date, shown as JavaScript prints it.
        None => {
            let (Some(v), Some(limit)) = (
                value.as_str().and_then(parse_datetime),
                operand.as_str().and_then(parse_datetime),
            ) else {
                return fail(field, "required", None);
            };
            let utc = limit.and_utc();
            let valid = json!(utc.to_rfc3339_opts(chrono::SecondsFormat::Millis, true));
            let shown = utc.format("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)");
            (Some(v.cmp(&limit)), valid, Some(shown.to_string()))
        }
    };
    use std::cmp::Ordering::*;
    let ok = matches!(
        (op, ordering),
        (Op::Gt, Some(Greater))
            | (Op::Gte, Some(Greater | Equal))
            | (Op::Lt, Some(Less))
            | (Op::Lte, Some(Less | Equal))
    );
    if ok {
        None
    } else {
        Some(Failure {
            field: field.to_owned(),
            kind: op.name(),
            extra: Some(("valid", valid)),
            shown,
        })
    }
}

/// Turns failures into FAILED_VALIDATION error items, with the nested `path`.
pub(crate) fn to_errors(failures: Vec<Failure>, path: &[String]) -> Vec<ErrorItem> {
    failures
        .into_iter()
        .map(|f| {
            let mut ext = Map::new();
            ext.insert("field".into(), Value::String(f.field.clone()));
            ext.insert(
                "path".into(),
                Value::Array(path.iter().cloned().map(Value::String).collect()),
            );
            ext.insert("type".into(), Value::String(f.kind.into()));
            if let Some((k, v)) = &f.extra {
                ext.insert((*k).into(), v.clone());
            }
            ErrorItem {
                code: ErrorCode::FailedValidation,
                message: message(&f, path),
                extensions: ext,
            }
        })
        .collect()
}

fn message(f: &Failure, path: &[String]) -> String {
    let at = if path.is_empty() { String::new() } else { format!(" at \"{}\"", path.join(".")) };
    let mut m = format!("Validation failed for field \"{}\"{at}.", f.field);
    let detail = match Op::from_name(f.kind) {
        Some(op) => op_detail(op, f),
        None => other_detail(f.kind).map(str::to_owned),
    };
    if let Some(detail) = detail {
        m.push(' ');
        m.push_str(&detail);
    }
    m
}

/// The sentence for a failed operator rule (its `type` is the operator's name).
fn op_detail(op: Op, f: &Failure) -> Option<String> {
    let shown = |v: &Value| f.shown.clone().unwrap_or_else(|| crate::error::display_value(v));
    let list = |v: &Value| -> String {
        match v {
            Value::Array(items) => {
                items.iter().map(|i| format!("\"{}\"", shown(i))).collect::<Vec<_>>().join(", ")
            }
            other => format!("\"{}\"", shown(other)),
        }
    };
    let extra = f.extra.as_ref().map(|(_, v)| v);
    Some(match (op, extra) {
        (Op::Eq, Some(v)) => format!("Value has to be \"{}\".", shown(v)),
        (Op::Lt, Some(v)) => format!("Value has to be less than \"{}\".", shown(v)),
        (Op::Lte, Some(v)) => format!("Value has to be less than or equal to \"{}\".", shown(v)),
        (Op::Gt, Some(v)) => format!("Value has to be greater than \"{}\".", shown(v)),
        (Op::Gte, Some(v)) => {
            format!("Value has to be greater than or equal to \"{}\".", shown(v))
        }
        (Op::In, Some(v)) => format!("Value has to be one of {}.", list(v)),
        (Op::Neq, Some(v)) => format!("Value can't be \"{}\".", shown(v)),
        (Op::Nin, Some(v)) => format!("Value can't be one of {}.", list(v)),
        (Op::Contains | Op::Icontains, Some(v)) => {
            format!("Value has to contain \"{}\".", shown(v))
        }
        (Op::Ncontains, Some(v)) => format!("Value can't contain \"{}\".", shown(v)),
        (Op::Null, _) => "Value has to be null.".to_owned(),
        (Op::Nnull, _) => "Value can't be null.".to_owned(),
        (Op::Empty, _) => "Value has to be empty.".to_owned(),
        (Op::Nempty, _) => "Value can't be empty.".to_owned(),
        (Op::Regex, _) => "Value doesn't have the correct format.".to_owned(),
        _ => return None,
    })
}

/// The sentence for a failure that is no operator rule.
fn other_detail(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "required" => "Value is required.",
        "email" => "Value has to be a valid email address.",
        "unsafe" => "Value is not a safe number.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rule: &Value, payload: &Value) -> Vec<String> {
        let map = payload.as_object().expect("a payload object").clone();
        to_errors(check(rule, &map), &[]).into_iter().map(|e| e.message).collect()
    }

    #[test]
    fn a_nested_rule_passes_a_missing_value_and_fails_any_but_an_object() {
        let rule = json!({"policy": {"name": {"_eq": "Writers"}}});
        let kinds = |payload: Value| -> Vec<&'static str> {
            let map = payload.as_object().expect("an object").clone();
            check(&rule, &map).into_iter().map(|f| f.kind).collect()
        };
        assert!(kinds(json!({})).is_empty());
        assert!(kinds(json!({"policy": {"name": "Writers"}})).is_empty());
        assert_eq!(kinds(json!({"policy": {"name": "Other"}})), ["eq"]);
        assert_eq!(kinds(json!({"policy": null})), ["required"]);
        assert_eq!(kinds(json!({"policy": "a-key"})), ["required"]);
    }

    #[test]
    fn regex_rules_are_javascript_patterns() {
        let fails = |pattern: &str, value: &str| {
            !run(&json!({"c": {"_regex": pattern}}), &json!({"c": value})).is_empty()
        };
        // A backreference and a lookbehind, which Rust's `regex` does not compile.
        assert!(!fails("^(a)\\1$", "aa"));
        assert!(fails("^(a)\\1$", "ab"));
        assert!(!fails("(?<=x)y", "xy"));
        assert!(fails("(?<=x)y", "zy"));
        assert!(!fails("/^\\u0041$/", "A"));
        assert_eq!(invalid_pattern(&json!({"_and": [{"c": {"_regex": "^a"}}]})), None);
        let message = invalid_pattern(&json!({"_and": [{"c": {"_regex": "("}}]}));
        assert!(message.is_some_and(|m| m.starts_with("Invalid regular expression: /(/: ")));
    }

    #[test]
    fn rules() {
        assert_eq!(
            run(&json!({"n":{"_lte":5}}), &json!({"n":7})),
            vec!["Validation failed for field \"n\". Value has to be less than or equal to \"5\"."]
        );
        assert_eq!(
            run(&json!({"n":{"_lte":5}}), &json!({"n":null})),
            vec!["Validation failed for field \"n\". Value is required."]
        );
        assert!(run(&json!({"n":{"_lte":5}}), &json!({})).is_empty());
        assert_eq!(
            run(&json!({"a":{"_submitted":true}}), &json!({})),
            vec!["Validation failed for field \"a\". Value is required."]
        );
        assert_eq!(
            run(&json!({"l":{"_in":["low","high"]}}), &json!({"l":"mid"})),
            vec!["Validation failed for field \"l\". Value has to be one of \"low\", \"high\"."]
        );
        assert_eq!(
            run(&json!({"c":{"_regex":"^[A-Z]{3}$"}}), &json!({"c":"abc"})),
            vec!["Validation failed for field \"c\". Value doesn't have the correct format."]
        );
        assert!(
            run(&json!({"_or":[{"c":{"_null":true}},{"c":{"_regex":"^A"}}]}), &json!({"c":null}))
                .is_empty()
        );
        assert_eq!(
            run(&json!({"n":{"_lte":5}}), &json!({"n":-1e20})),
            vec!["Validation failed for field \"n\". Value is not a safe number."]
        );
        assert_eq!(
            run(&json!({"d":{"_gte":"2020-01-01"}}), &json!({"d":"2019-12-31"})),
            vec![
                "Validation failed for field \"d\". Value has to be greater than or equal to \"Wed Jan 01 2020 00:00:00 GMT+0000 (Coordinated Universal Time)\"."
            ]
        );
        assert_eq!(
            run(&json!({"_or":[{"n":{"_null":true}},{"n":{"_gte":10}}]}), &json!({"n":3})),
            vec![
                "Validation failed for field \"n\". Value has to be null.",
                "Validation failed for field \"n\". Value has to be greater than or equal to \"10\"."
            ]
        );
    }
}
