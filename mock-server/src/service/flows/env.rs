//! `$env` in a flow's data chain: the environment variables that
//! `FLOWS_ENV_ALLOW_LIST` names, each read the way `@directus/env` reads
//! every variable (a `type:` prefix, Directus' own typed variables, or a
//! guess from the text). Directus 12.4 picks them once at start-up from its
//! whole configuration, and so does the mock ([`environment`]); a variable the list names but the environment does
//! not hold is left out (Directus' built-in defaults, such as `PORT`'s, are
//! not reproduced).

use serde_json::{Map, Value};

use crate::query::{js_number, js_string};

/// The prefixes that force a type (`number:1`, `json:{"a":1}`).
const FLAGS: &[&str] = &["string", "number", "regex", "array", "json", "boolean"];

/// Directus' variables whose type is fixed whatever their text looks like
/// (`@directus/env`'s type map), the ones a flow might plausibly be allowed to read.
const TYPED: &[(&str, &str)] = &[
    ("HOST", "string"),
    ("PORT", "string"),
    ("DB_NAME", "string"),
    ("DB_USER", "string"),
    ("DB_PASSWORD", "string"),
    ("DB_DATABASE", "string"),
    ("DB_PORT", "number"),
    ("DB_EXCLUDE_TABLES", "array"),
    ("CACHE_SKIP_ALLOWED", "boolean"),
    ("IMPORT_IP_DENY_LIST", "array"),
    ("FILE_METADATA_ALLOW_LIST", "array"),
    ("OPENAPI_ENABLED", "boolean"),
    ("GRAPHQL_INTROSPECTION", "boolean"),
    ("MAX_BATCH_MUTATION", "number"),
    ("REDIS_ENABLED", "boolean"),
    ("REDIS_PASSWORD", "string"),
    ("HEALTHCHECK_ENABLED", "boolean"),
    ("METRICS_TOKENS", "array"),
    ("ADMIN_PASSWORD", "string"),
    ("ADMIN_TOKEN", "string"),
    ("KEY", "string"),
    ("SECRET", "string"),
    ("EMAIL_SMTP_PASSWORD", "string"),
];

/// `$env` of every flow run, read once at start-up (`App::flows_env`): the
/// variables `FLOWS_ENV_ALLOW_LIST` names, from the mock's environment.
pub(crate) fn environment(config: &crate::config::Config) -> Map<String, Value> {
    allowed(config.flows_env_allow_list.as_deref(), |name| config.env_var(name))
}

/// `$env` for a flow run: each variable `allow_list` names that `lookup` finds.
/// The list itself is read as Directus reads it (a comma-separated array, or
/// one name).
pub(crate) fn allowed(
    allow_list: Option<&str>,
    lookup: impl Fn(&str) -> Option<String>,
) -> Map<String, Value> {
    let Some(raw) = allow_list.filter(|raw| !raw.is_empty()) else {
        return Map::new();
    };
    let names: Vec<String> = match cast(raw, Some("FLOWS_ENV_ALLOW_LIST")) {
        // lodash's `pick` reads each name as JavaScript's String() does.
        Value::Array(items) => items.iter().map(js_string).collect(),
        one => js_string(&one).split(',').map(str::to_owned).collect(),
    };
    names
        .into_iter()
        .filter_map(|name| lookup(&name).map(|value| (name.clone(), cast(&value, Some(&name)))))
        .collect()
}

/// One variable's text as `@directus/env` casts it (`key` is its name, absent
/// for the items of an array).
pub(crate) fn cast(value: &str, key: Option<&str>) -> Value {
    let flag = value.split_once(':').map(|(prefix, _)| prefix).filter(|p| FLAGS.contains(p));
    let kind = flag
        .or_else(|| key.and_then(|k| TYPED.iter().find(|(name, _)| *name == k).map(|(_, t)| *t)))
        .unwrap_or_else(|| guess(value));
    let value = flag.map_or(value, |f| &value[f.len() + 1..]);
    match kind {
        "string" => Value::String(value.to_owned()),
        "number" => number(js_number(&Value::String(value.to_owned()))),
        "boolean" => Value::Bool(value == "true" || value == "1"),
        // A RegExp serializes as an empty object.
        "regex" => Value::Object(Map::new()),
        "array" => Value::Array(
            value
                .split(',')
                .map(|item| cast(item, None))
                .filter(|item| item.as_str() != Some(""))
                .collect(),
        ),
        _ => serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned())),
    }
}

/// `@directus/env`'s guess for a variable without a prefix or a fixed type.
fn guess(value: &str) -> &'static str {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if value == "true" || value == "false" {
        return "boolean";
    }
    let n = js_number(&Value::String(value.to_owned()));
    if !value.starts_with('0') && !value.is_empty() && (-SAFE..=SAFE).contains(&n) {
        return "number";
    }
    if value.contains(',') { "array" } else { "json" }
}

/// A JavaScript number as JSON: integers stay integers, NaN and the
/// infinities become null (as `JSON.stringify` writes them).
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    #[rstest]
    #[case("hello", json!("hello"))]
    #[case("42", json!(42))]
    #[case("-1.5", json!(-1.5))]
    // A leading zero keeps the text (a postcode, a phone number).
    #[case("0123", json!("0123"))]
    #[case("0x1F", json!("0x1F"))]
    #[case("0", json!(0))]
    #[case("true", json!(true))]
    #[case("false", json!(false))]
    #[case("a,b,,3", json!(["a", "b", 3]))]
    #[case(r#"{"a":[1]}"#, json!({"a": [1]}))]
    // Any comma makes an array, JSON or not (Directus' guess); `json:` keeps it whole.
    #[case(r#"{"a":[1,2]}"#, json!([r#"{"a":[1"#, "2]}"]))]
    #[case(r#"json:{"a":[1,2]}"#, json!({"a": [1, 2]}))]
    #[case("number:12", json!(12))]
    #[case("string:12", json!("12"))]
    #[case("boolean:1", json!(true))]
    #[case("boolean:yes", json!(false))]
    #[case("json:[1]", json!([1]))]
    #[case("array:one", json!(["one"]))]
    #[case("regex:^a$", json!({}))]
    #[case("other:12", json!("other:12"))]
    #[case("https://example.com/a", json!("https://example.com/a"))]
    #[case("99999999999999999999", json!(99_999_999_999_999_999_999.0))]
    fn variables_are_cast_as_directus_env_casts_them(#[case] text: &str, #[case] expected: Value) {
        assert_eq!(cast(text, Some("CUSTOM_NAME")), expected, "{text}");
    }

    #[test]
    fn directus_typed_variables_keep_their_type() {
        assert_eq!(cast("8055", Some("PORT")), json!("8055"));
        assert_eq!(cast("3306", Some("DB_PORT")), json!(3306));
        assert_eq!(cast("a", Some("DB_EXCLUDE_TABLES")), json!(["a"]));
    }

    #[test]
    fn only_the_listed_variables_that_are_set_are_picked() {
        let env = |name: &str| match name {
            "SITE" => Some("https://example.com".to_owned()),
            "LIMIT" => Some("25".to_owned()),
            "SECRET" => Some("s3cret".to_owned()),
            _ => None,
        };
        assert_eq!(
            Value::Object(allowed(Some("SITE,LIMIT,MISSING"), env)),
            json!({"SITE": "https://example.com", "LIMIT": 25})
        );
        assert_eq!(
            Value::Object(allowed(Some("SITE"), env)),
            json!({"SITE": "https://example.com"})
        );
        assert_eq!(Value::Object(allowed(None, env)), json!({}));
        assert_eq!(Value::Object(allowed(Some(""), env)), json!({}));
    }
}
