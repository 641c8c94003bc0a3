//! Schema-free validation of a filter's operator values, the way Directus'
//! query validator checks them, and the relational depth of a filter.

use std::fmt;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::query::operators::{Key, Kind, Logical, Op};

/// A problem in a filter value, with the path to the key that has it
/// (`filter._and.1.title._eqq`). The wire message is Directus' (the reason
/// only); the path goes to the log and to tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FilterError {
    pub(crate) path: String,
    pub(crate) reason: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

impl From<FilterError> for Error {
    fn from(e: FilterError) -> Error {
        tracing::debug!(path = %e.path, reason = %e.reason, "invalid filter");
        Error::invalid_query(e.reason)
    }
}

type Checked = std::result::Result<(), FilterError>;

fn fail(path: &str, reason: impl Into<String>) -> Checked {
    Err(FilterError { path: path.to_owned(), reason: reason.into() })
}

/// Checks operator values the way Directus' query validator does.
pub(crate) fn validate_filter(filter: &Value) -> Result<()> {
    Ok(check_filter(filter, "filter")?)
}

/// [`validate_filter`] with the path of the first problem.
pub(crate) fn check_filter(filter: &Value, path: &str) -> Checked {
    let Value::Object(map) = filter else { return Ok(()) };
    for (key, nested) in map {
        let here = format!("{path}.{key}");
        match Key::parse(key) {
            Key::Logical(_) => {
                if let Value::Array(items) = nested {
                    check_each(items, &here)?;
                }
            }
            Key::Op(op) => check_operand(op, nested, &here)?,
            Key::Quantifier(_) => check_filter(nested, &here)?,
            Key::Unknown(raw) => check_primitive(nested, raw, &here)?,
            Key::Field(_) => match nested {
                Value::Object(_) => check_filter(nested, &here)?,
                Value::Array(items) => check_each(items, &here)?,
                other => check_primitive(other, Op::Eq.wire(), &here)?,
            },
        }
    }
    Ok(())
}

/// The filters of a list, each at `<path>.<index>`.
fn check_each(items: &[Value], path: &str) -> Checked {
    for (i, item) in items.iter().enumerate() {
        check_filter(item, &format!("{path}.{i}"))?;
    }
    Ok(())
}

/// An operator's value, by its kind.
fn check_operand(op: Op, value: &Value, path: &str) -> Checked {
    let kind = op.kind();
    if kind.takes_list() {
        if value.as_array().is_none_or(|a| a.is_empty()) {
            return fail(path, format!("\"{op}\" has to be an array of values"));
        }
        return Ok(());
    }
    if kind.takes_flag() {
        if !(value.is_null() || value.as_str() == Some("") || value.is_boolean()) {
            return fail(path, format!("\"{op}\" has to be a boolean"));
        }
        return Ok(());
    }
    match kind {
        Kind::Geo => {
            if !(value.is_null() || value.as_str() == Some("") || is_geojson(value)) {
                return fail(path, format!("\"{op}\" has to be a valid GeoJSON object"));
            }
            Ok(())
        }
        Kind::Json => check_json_filter(value, path),
        _ => check_primitive(value, op.wire(), path),
    }
}

fn check_primitive(value: &Value, key: &str, path: &str) -> Checked {
    match value {
        Value::Null | Value::Bool(_) => Ok(()),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.is_nan() || f > 9_007_199_254_740_991.0 {
                fail(path, format!("The filter value for \"{key}\" is not a valid number"))
            } else {
                Ok(())
            }
        }
        Value::String(s) if s.is_empty() => fail(
            path,
            format!(
                "You can't filter for an empty string in \"{key}\". Use \"_empty\" or \"_nempty\" instead"
            ),
        ),
        Value::String(_) => Ok(()),
        _ => fail(
            path,
            format!("The filter value for \"{key}\" has to be a string, number, or boolean"),
        ),
    }
}

fn is_geojson(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str).is_some_and(|t| {
        matches!(
            t,
            "Point"
                | "LineString"
                | "Polygon"
                | "MultiPoint"
                | "MultiLineString"
                | "MultiPolygon"
                | "GeometryCollection"
                | "Feature"
                | "FeatureCollection"
        )
    })
}

fn check_json_filter(value: &Value, at: &str) -> Checked {
    let Value::Object(map) = value else {
        return fail(at, "\"_json\" filter value must be an object");
    };
    for (path, inner) in map {
        let here = format!("{at}.{path}");
        if path.is_empty() {
            return fail(&here, "\"_json\" path key must be a non-empty string");
        }
        if Logical::parse(path).is_some() {
            let Value::Array(items) = inner else {
                return fail(
                    &here,
                    format!("\"_json\" logical operator \"{path}\" must be an array"),
                );
            };
            for (i, item) in items.iter().enumerate() {
                check_json_filter(item, &format!("{here}.{i}"))?;
            }
            continue;
        }
        if let Err(reason) = crate::query::fields::parse_json_path(path) {
            return fail(&here, reason);
        }
        let Value::Object(inner_map) = inner else {
            return fail(
                &here,
                format!("\"_json\" inner filter for path \"{path}\" must be an object"),
            );
        };
        if let Some(nested) = inner_map.keys().find(|k| !k.starts_with('_')) {
            return fail(
                &here,
                format!(
                    "\"_json\" path \"{path}\" cannot contain a nested path \"{nested}\"; use a single flat path like \"{path}.{nested}\""
                ),
            );
        }
        check_filter(inner, &here)?;
    }
    Ok(())
}

/// Relational depth of a filter (or deep) object: field keys count, `_` keys do not.
pub(crate) fn depth(value: &Value, dot_keys: &[&str]) -> usize {
    let Value::Object(map) = value else { return 0 };
    let mut max = 0;
    for (key, nested) in map {
        // Paths inside a JSON value are not relations.
        if Op::parse(key) == Some(Op::Json) {
            continue;
        }
        if dot_keys.contains(&key.as_str()) {
            if let Value::Array(items) = nested {
                for item in items.iter().filter_map(Value::as_str) {
                    max = max.max(item.split('.').count());
                }
            }
            continue;
        }
        let inner = match nested {
            Value::Array(items) => items.iter().map(|v| depth(v, dot_keys)).max().unwrap_or(0),
            Value::Object(_) => depth(nested, dot_keys),
            _ => continue,
        };
        let d = if key.starts_with('_') { inner } else { inner + 1 };
        max = max.max(d);
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    /// Validates a filter and prints the first problem with its path.
    fn problem(raw: &str) -> String {
        let raw: Value = serde_json::from_str(raw).expect("a JSON case");
        match check_filter(&raw, "filter") {
            Ok(()) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    #[rstest]
    #[case(r#"{"title": {"_eq": "x"}}"#, "ok")]
    #[case(r#"{"id": {"_in": []}}"#, r#"filter.id._in: "_in" has to be an array of values"#)]
    #[case(r#"{"id": {"_null": "yes"}}"#, r#"filter.id._null: "_null" has to be a boolean"#)]
    #[case(r#"{"id": {"_null": ""}}"#, "ok")]
    #[case(r#"{"title": {"_eq": ""}}"#, r#"filter.title._eq: You can't filter for an empty string in "_eq". Use "_empty" or "_nempty" instead"#)]
    #[case(
        r#"{"title": {"_eq": [1]}}"#,
        r#"filter.title._eq: The filter value for "_eq" has to be a string, number, or boolean"#
    )]
    #[case(
        r#"{"views": {"_eq": 99999999999999999999}}"#,
        r#"filter.views._eq: The filter value for "_eq" is not a valid number"#
    )]
    #[case(r#"{"_and": [{"a": {"_eq": 1}}, {"title": {"_eqq": {}}}]}"#, r#"filter._and.1.title._eqq: The filter value for "_eqq" has to be a string, number, or boolean"#)]
    #[case(
        r#"{"g": {"_intersects": "x"}}"#,
        r#"filter.g._intersects: "_intersects" has to be a valid GeoJSON object"#
    )]
    #[case(
        r#"{"data": {"_json": []}}"#,
        r#"filter.data._json: "_json" filter value must be an object"#
    )]
    #[case(r#"{"data": {"_json": {"a": {"b": {"_eq": 1}}}}}"#, r#"filter.data._json.a: "_json" path "a" cannot contain a nested path "b"; use a single flat path like "a.b""#)]
    #[case(
        r#"{"data": {"_json": {"a[*]": {"_eq": 1}}}}"#,
        "filter.data._json.a[*]: Invalid JSON path: unsupported path expression"
    )]
    #[case(
        r#"{"data": {"_json": {"_or": [{"a": {"_in": []}}]}}}"#,
        r#"filter.data._json._or.0.a._in: "_in" has to be an array of values"#
    )]
    fn validates(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(problem(raw), expected, "filter {raw}");
    }

    #[rstest]
    #[case(r#"{"a": {"b": {"_eq": 1}}}"#, 2)]
    #[case(r#"{"_and": [{"a": {"_eq": 1}}]}"#, 1)]
    #[case(r#"{"data": {"_json": {"a": {"b": {"_eq": 1}}}}}"#, 1)]
    fn depth_counts_fields(#[case] raw: &str, #[case] expected: usize) {
        let raw: Value = serde_json::from_str(raw).expect("a JSON case");
        assert_eq!(depth(&raw, &[]), expected);
    }
}
