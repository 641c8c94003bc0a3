//! `_json`: conditions on paths inside a JSON value, with the database's
//! extraction (SQLite's `json_extract` keeps JSON's types; PostgreSQL and
//! MariaDB extract text).

use serde_json::Value;

use super::eval_op;
use crate::query::operators::{Logical, Op};
use crate::schema::FieldType;
use crate::vendor::Vendor;

/// `_json`: conditions on paths inside a JSON value.
pub(super) fn json_filter(vendor: Vendor, value: &Value, filter: &Value) -> bool {
    let Value::Object(map) = filter else { return false };
    map.iter().all(|(path, inner)| match Logical::parse(path) {
        Some(Logical::And) => inner
            .as_array()
            .is_some_and(|items| items.iter().all(|f| json_filter(vendor, value, f))),
        Some(Logical::Or) => inner
            .as_array()
            .is_some_and(|items| items.iter().any(|f| json_filter(vendor, value, f))),
        None => {
            let at = json_path(value, path);
            inner.as_object().is_some_and(|ops| {
                ops.iter().all(|(op, operand)| {
                    let Some(op) = Op::parse(op) else { return false };
                    // `json_extract` keeps SQLite's storage classes: numbers compare as
                    // numbers, text as text, and a number never equals a text.
                    // PostgreSQL's `->>` and MySQL's JSON_UNQUOTE extract text: a
                    // number or boolean compares with a text operand as its text.
                    let text_operand = match operand {
                        Value::String(_) => true,
                        Value::Array(items) => items.iter().any(Value::is_string),
                        _ => false,
                    };
                    let at = match &at {
                        Value::Number(_) | Value::Bool(_)
                            if vendor.json_extracts_text() && text_operand =>
                        {
                            Value::String(at.to_string())
                        }
                        Value::Bool(b) => Value::from(u8::from(*b)),
                        Value::Array(_) | Value::Object(_) => Value::String(at.to_string()),
                        other => other.clone(),
                    };
                    eval_op(vendor, FieldType::Unknown, op, &at, operand)
                })
            })
        }
    })
}

/// Follows `a.b[0].c` inside a JSON value.
pub(crate) fn json_path(value: &Value, path: &str) -> Value {
    let mut current = value.clone();
    for part in path.split('.') {
        let (name, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            current = current.get(name).cloned().unwrap_or(Value::Null);
        }
        for idx in indexes.split('[').filter(|s| !s.is_empty()) {
            let idx = idx.trim_end_matches(']');
            current = idx
                .parse::<usize>()
                .ok()
                .and_then(|i| current.get(i).cloned())
                .unwrap_or(Value::Null);
        }
    }
    current
}
