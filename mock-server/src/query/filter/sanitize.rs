//! Sanitizing a raw filter (from a URL or a body) as Directus does before it
//! validates one: dynamic variables, list values, literal coercion, and
//! hoisting of logical operators, so that every object has one key.

use serde_json::{Map, Value};

use super::dynamic::{DynamicContext, Malformed, Parsed, Vars};
use crate::error::{Error, Result};
use crate::query::operators::{Key, Kind, Logical, Op};

/// Sanitizes a parsed filter: dynamic variables, list values, literal coercion,
/// hoisting of logical operators. Any structural problem is `Invalid filter object`.
pub(crate) fn sanitize_filter(raw: &Value, ctx: &DynamicContext) -> Result<Value> {
    let invalid = || Error::invalid_query("Invalid filter object");
    let vars = Vars::new(raw, ctx);
    let parsed = parse_recursive(raw, &vars).map_err(|_| invalid())?;
    let Some(parsed) = parsed else { return Ok(Value::Null) };
    let coerced = coerce_literals(parsed);
    Ok(hoist_logical(coerced))
}

fn parse_recursive(filter: &Value, vars: &Vars<'_>) -> Parsed<Option<Value>> {
    let entries = match filter {
        Value::Null => return Ok(None),
        Value::Object(map) => {
            map.iter().map(|(k, v)| parse_entry(k, v, vars)).collect::<Parsed<Vec<_>>>()?
        }
        // Arrays are objects keyed by index in JavaScript.
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| parse_entry(&i.to_string(), v, vars))
            .collect::<Parsed<Vec<_>>>()?,
        scalar => return Ok(Some(single(Op::Eq.wire(), vars.resolve(scalar)?))),
    };
    Ok(Some(all_of(entries)))
}

/// Several entries of one level as one filter: `{}`, the entry, or their `_and`.
fn all_of(mut entries: Vec<Value>) -> Value {
    match entries.len() {
        0 => Value::Object(Map::new()),
        1 => entries.pop().unwrap_or(Value::Null),
        _ => single(Logical::And.wire(), Value::Array(entries)),
    }
}

fn single(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert(key.to_owned(), value);
    Value::Object(m)
}

fn parse_entry(key: &str, value: &Value, vars: &Vars<'_>) -> Parsed<Value> {
    let parsed = match Key::parse(key) {
        Key::Logical(_) => {
            let Value::Array(items) = value else { return Err(Malformed) };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(parse_recursive(item, vars)?.unwrap_or(Value::Null));
            }
            Value::Array(out)
        }
        Key::Op(op) => parse_operand(op, value, vars)?,
        Key::Unknown(_) => vars.resolve(value)?,
        Key::Quantifier(_) | Key::Field(_) => parse_recursive(value, vars)?.unwrap_or(Value::Null),
    };
    Ok(single(key, parsed))
}

/// An operator's value, by its kind.
fn parse_operand(op: Op, value: &Value, vars: &Vars<'_>) -> Parsed<Value> {
    match op.kind() {
        kind if kind.takes_list() => {
            let listed: Vec<Value> = match value {
                Value::Object(m) => m.values().cloned().collect(),
                Value::String(s) => s.split(',').map(|p| Value::String(p.to_owned())).collect(),
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            };
            Ok(Value::Array(flatten_resolved(listed.iter(), vars)?))
        }
        Kind::Geo => {
            let parsed = match value {
                Value::String(s) => serde_json::from_str(s).map_err(|_| Malformed)?,
                other => other.clone(),
            };
            vars.resolve(&parsed)
        }
        Kind::Json => parse_json_value(value, vars, 0),
        _ => vars.resolve(value),
    }
}

/// The value of a `_json` operator: paths to inner filters. Like Directus, a
/// string where an object belongs (or a logical operator without an array) is
/// an invalid filter; other scalars count as empty objects.
fn parse_json_value(value: &Value, vars: &Vars<'_>, depth: usize) -> Parsed<Value> {
    if depth > 64 {
        return Err(Malformed);
    }
    let map = match value {
        Value::Object(map) => map,
        Value::Array(items) => {
            let keyed: Map<String, Value> =
                items.iter().enumerate().map(|(i, v)| (i.to_string(), v.clone())).collect();
            return parse_json_value(&Value::Object(keyed), vars, depth + 1);
        }
        Value::String(s) if !s.is_empty() => return Err(Malformed),
        Value::Null => return Err(Malformed),
        _ => return Ok(Value::Object(Map::new())),
    };
    let mut out = Map::new();
    for (key, inner) in map {
        let parsed = match Key::parse(key) {
            Key::Logical(_) => {
                let Value::Array(items) = inner else { return Err(Malformed) };
                Value::Array(
                    items
                        .iter()
                        .map(|f| parse_json_value(f, vars, depth + 1))
                        .collect::<Parsed<_>>()?,
                )
            }
            Key::Op(op) if op.kind().takes_list() => match inner {
                Value::Array(items) => Value::Array(flatten_resolved(items.iter(), vars)?),
                Value::Object(m) => Value::Array(flatten_resolved(m.values(), vars)?),
                other => vars.resolve(other)?,
            },
            Key::Field(_) => parse_json_value(inner, vars, depth + 1)?,
            Key::Op(_) | Key::Unknown(_) | Key::Quantifier(_) => vars.resolve(inner)?,
        };
        out.insert(key.clone(), parsed);
    }
    Ok(Value::Object(out))
}

/// Resolves each item; a variable that is a list (`$CURRENT_ROLES`) adds its items.
fn flatten_resolved<'v>(
    items: impl Iterator<Item = &'v Value>,
    vars: &Vars<'_>,
) -> Parsed<Vec<Value>> {
    let mut out = Vec::new();
    for item in items {
        match vars.resolve(item)? {
            Value::Array(many) => out.extend(many),
            one => out.push(one),
        }
    }
    Ok(out)
}

/// `"true"`, `"false"`, `"null"` and `"NULL"` become JSON literals, anywhere in the filter.
fn coerce_literals(value: Value) -> Value {
    match value {
        Value::String(s) => match s.as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" | "NULL" => Value::Null,
            _ => Value::String(s),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(coerce_literals).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, coerce_literals(v))).collect())
        }
        other => other,
    }
}

/// Moves `_and`/`_or` found under a field above it: `{a:{_or:[x,y]}}` → `{_or:[{a:x},{a:y}]}`.
fn hoist_logical(filter: Value) -> Value {
    let Value::Object(map) = &filter else { return filter };
    let Some((key, inner)) = map.iter().next() else { return filter };
    match Key::parse(key) {
        Key::Logical(_) => {
            let items = match inner {
                Value::Array(items) => items.iter().cloned().map(hoist_logical).collect(),
                other => vec![other.clone()],
            };
            return single(key, Value::Array(items));
        }
        Key::Field(_) => {}
        Key::Op(_) | Key::Unknown(_) | Key::Quantifier(_) => return filter,
    }
    let child = hoist_logical(inner.clone());
    if let Value::Object(child_map) = &child
        && let Some((child_key, child_inner)) = child_map.iter().next()
        && Logical::parse(child_key).is_some()
    {
        let wrapped: Vec<Value> = child_inner
            .as_array()
            .map(|items| items.iter().map(|f| single(key, f.clone())).collect())
            .unwrap_or_default();
        return hoist_logical(single(child_key, Value::Array(wrapped)));
    }
    single(key, child)
}

#[cfg(test)]
mod tests {
    use super::super::Filter;
    use super::*;
    use rstest::rstest;

    /// Sanitizes a filter (as from a URL or body) and prints its normalized AST.
    fn normalized(raw: &str) -> String {
        let ctx = DynamicContext {
            user: Some("u1".into()),
            role: Some("r1".into()),
            roles: vec!["r1".into(), "r2".into()],
            policies: vec!["p1".into()],
            user_data: Some(serde_json::json!({"email": "u1@x", "role": {"name": "Boss"}})),
            ..DynamicContext::default()
        };
        let raw: Value = serde_json::from_str(raw).expect("a JSON case");
        match sanitize_filter(&raw, &ctx) {
            Ok(v) => Filter::parse(&v).to_string(),
            Err(e) => e.first().message.clone(),
        }
    }

    #[rstest]
    #[case(r#"{"title": "x"}"#, r#"title._eq:"x""#)]
    #[case(r#"{"views": {"_gt": 1, "_lt": 8}}"#, "_and[views._gt:1, views._lt:8]")]
    #[case(r#"{"a": {"_eq": "true"}, "b": {"_eq": "null"}}"#, "_and[a._eq:true, b._eq:null]")]
    #[case(r#"{"a": {"_eq": "NULL"}}"#, "a._eq:null")]
    #[case(
        r#"{"author": {"_or": [{"name": {"_eq": "A"}}, {"name": {"_eq": "B"}}]}}"#,
        r#"_or[author.name._eq:"A", author.name._eq:"B"]"#
    )]
    #[case(r#"{"a": {"b": {"_and": [{"c": {"_eq": 1}}]}}}"#, "_and[a.b.c._eq:1]")]
    #[case(r#"{"id": {"_in": "1,2"}}"#, r#"id._in:["1","2"]"#)]
    #[case(r#"{"id": {"_in": {"0": "1", "1": "2"}}}"#, r#"id._in:["1","2"]"#)]
    #[case(r#"{"id": {"_in": 5}}"#, "id._in:[5]")]
    #[case(
        r#"{"comments": {"_some": {"text": {"_eq": "c1"}}}}"#,
        r#"comments._some(text._eq:"c1")"#
    )]
    #[case(r#"{"comments": {"_none": {}}}"#, "comments._none({})")]
    #[case("{}", "{}")]
    #[case(r#"{"_or": []}"#, "_or[]")]
    #[case(r#"{"views": {"_foo": 1}}"#, "views._foo?:1")]
    #[case(r#"{"year(published_on)": {"_eq": 2024}}"#, "year(published_on)._eq:2024")]
    #[case(
        r#"{"sections": {"item:headings": {"title": {"_eq": "x"}}}}"#,
        r#"sections.item:headings.title._eq:"x""#
    )]
    #[case(r#"{"_or": "abc"}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"data": {"_json": "x"}}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"data": {"_json": {"_or": {"a": 1}}}}"#, "Invalid query. Invalid filter object.")]
    #[case(
        r#"{"data": {"_json": {"a": {"_eq": "$CURRENT_USER"}}}}"#,
        r#"data._json:{"a":{"_eq":"u1"}}"#
    )]
    fn normalizes(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(normalized(raw), expected, "filter {raw}");
    }

    #[rstest]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER"}}"#, r#"owner._eq:"u1""#)]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER.email"}}"#, r#"owner._eq:"u1@x""#)]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER.role.name"}}"#, r#"owner._eq:"Boss""#)]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USER.nope"}}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"owner": {"_eq": "$CURRENT_USERX"}}"#, "owner._eq:null")]
    #[case(r#"{"role": {"_eq": "$CURRENT_ROLE"}}"#, r#"role._eq:"r1""#)]
    #[case(r#"{"role": {"_eq": "$CURRENT_ROLE.name"}}"#, "Invalid query. Invalid filter object.")]
    #[case(r#"{"role": {"_in": "$CURRENT_ROLES"}}"#, r#"role._in:["r1","r2"]"#)]
    #[case(r#"{"role": {"_in": ["$CURRENT_ROLES"]}}"#, r#"role._in:["r1","r2"]"#)]
    #[case(r#"{"p": {"_in": "$CURRENT_POLICIES"}}"#, "p._in:[null]")]
    #[case(
        r#"{"p": {"_in": "$CURRENT_POLICIES"}, "u": {"_eq": "$CURRENT_USER.email"}}"#,
        r#"_and[p._in:["p1"], u._eq:"u1@x"]"#
    )]
    #[case(r#"{"x": {"_eq": "$OTHER"}}"#, r#"x._eq:"$OTHER""#)]
    fn dynamic_variables(#[case] raw: &str, #[case] expected: &str) {
        assert_eq!(normalized(raw), expected, "filter {raw}");
    }
}
