//! OpenAPI 3.0 schemas as JSON Schema (draft 4, which OpenAPI 3.0's schema
//! object extends): `nullable: true` becomes a union with `null` (or an
//! `anyOf` with `{"type": "null"}` around a `$ref` or a composition, which
//! a type list cannot reach), and the rest is JSON Schema already. OpenAPI's
//! own keywords (`example`, `discriminator`, `xml`, `readOnly`, ...) are
//! unknown keywords to JSON Schema and are ignored; `format`s are
//! annotations (`int64`, `password`), not checked.
//!
//! A response schema is validated inside a document whose root also holds
//! the converted `components`, so `$ref: "#/components/schemas/Users"`
//! resolves there, cycles included.

use serde_json::{Map, Value};

/// Past this depth a schema is left as it is (a document deeper than this is
/// no schema a server writes; the walk must end all the same).
const MAX_DEPTH: usize = 64;

/// Keywords whose value a `type` list cannot make nullable.
const COMPOSITIONS: &[&str] = &["$ref", "oneOf", "anyOf", "allOf", "not"];

/// Converts an OpenAPI 3.0 schema (and every schema inside it) to JSON Schema.
pub(crate) fn convert(schema: &Value) -> Value {
    walk(schema, 0)
}

fn walk(value: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return value.clone();
    }
    match value {
        Value::Object(map) => object(map, depth),
        Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, depth + 1)).collect()),
        other => other.clone(),
    }
}

fn object(map: &Map<String, Value>, depth: usize) -> Value {
    let mut out = Map::with_capacity(map.len());
    let mut nullable = false;
    for (key, value) in map {
        match (key.as_str(), value) {
            ("nullable", Value::Bool(b)) => nullable = *b,
            // Examples are data, not schemas: left as written.
            ("example" | "examples" | "default" | "enum" | "const", v) => {
                out.insert(key.clone(), v.clone());
            }
            (_, v) => {
                out.insert(key.clone(), walk(v, depth + 1));
            }
        }
    }
    if !nullable {
        return Value::Object(out);
    }
    if COMPOSITIONS.iter().any(|k| out.contains_key(*k)) {
        let null_type = serde_json::json!({"type": "null"});
        return serde_json::json!({"anyOf": [Value::Object(out), null_type]});
    }
    match out.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            out.insert("type".into(), serde_json::json!([t, "null"]));
        }
        Some(Value::Array(types)) if !types.iter().any(|t| t == "null") => {
            types.push(Value::from("null"));
        }
        _ => {}
    }
    if let Some(Value::Array(values)) = out.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[rstest]
    #[case(json!({"type": "string", "nullable": true}), json!({"type": ["string", "null"]}))]
    #[case(json!({"type": "string", "nullable": false}), json!({"type": "string"}))]
    #[case(json!({"type": "string", "enum": ["a"], "nullable": true}), json!({"type": ["string", "null"], "enum": ["a", null]}))]
    #[case(json!({"$ref": "#/components/schemas/Files", "nullable": true}), json!({"anyOf": [{"$ref": "#/components/schemas/Files"}, {"type": "null"}]}))]
    #[case(json!({"oneOf": [{"type": "string"}], "nullable": true}), json!({"anyOf": [{"oneOf": [{"type": "string"}]}, {"type": "null"}]}))]
    #[case(json!({"properties": {"a": {"type": "integer", "nullable": true}}}), json!({"properties": {"a": {"type": ["integer", "null"]}}}))]
    #[case(json!({"items": {"type": "integer", "nullable": true}, "example": {"nullable": true}}), json!({"items": {"type": ["integer", "null"]}, "example": {"nullable": true}}))]
    #[case(json!({"properties": {"nullable": {"type": "boolean"}}}), json!({"properties": {"nullable": {"type": "boolean"}}}))]
    fn conversions(#[case] openapi: Value, #[case] json_schema: Value) {
        assert_eq!(convert(&openapi), json_schema);
    }

    #[test]
    fn a_deep_document_ends_the_walk() {
        let mut deep = json!({"type": "string", "nullable": true});
        for _ in 0..200 {
            deep = json!({"items": deep});
        }
        let converted = convert(&deep);
        let mut inner = &converted;
        for _ in 0..200 {
            inner = &inner["items"];
        }
        // Left as written below the limit.
        assert_eq!(inner["nullable"], json!(true));
    }
}
