//! The `condition` operation: the flow's data against a filter, as Directus'
//! `validatePayload` checks it with every field required. A failing check
//! rejects with one FAILED_VALIDATION error per failing rule, shaped as a
//! serialized `DirectusError` (`field` the filter's first key, `path` the
//! rest, `type` the operator without its underscore, `valid` its operand, or
//! `invalid` for `_neq` and `_nin`).

use serde_json::{Value, json};

/// Deepest filter the check walks.
const MAX_DEPTH: usize = 32;

/// The failures of `data` against `filter`; empty when it passes.
pub(super) fn check(filter: &Value, data: &Value) -> Result<Vec<Value>, String> {
    let mut failures = Vec::new();
    walk(filter, data, &mut Vec::new(), &mut failures, 0)?;
    Ok(failures)
}

fn walk(
    filter: &Value,
    data: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<Value>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("The condition's filter is nested too deeply.".into());
    }
    let Value::Object(map) = filter else {
        return Err("A condition's filter must be an object.".into());
    };
    for (key, rule) in map {
        match key.as_str() {
            "_and" => {
                for part in rule.as_array().into_iter().flatten() {
                    walk(part, data, path, out, depth + 1)?;
                }
            }
            op if op.starts_with('_') => {
                let value = at(data, path);
                if !passes(op, value, rule)? {
                    out.push(failure(path, op, rule));
                }
            }
            field => {
                path.push(field.to_owned());
                walk(rule, data, path, out, depth + 1)?;
                path.pop();
            }
        }
    }
    Ok(())
}

fn at<'v>(data: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(data, |v, k| v.get(k))
}

/// Whether a value passes one operator; an operator the mock does not
/// evaluate here is an error, not a silent pass.
fn passes(op: &str, value: Option<&Value>, operand: &Value) -> Result<bool, String> {
    let num = |v: &Value| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
    let compare = |f: fn(f64, f64) -> bool| match (value.and_then(num), num(operand)) {
        (Some(a), Some(b)) => f(a, b),
        _ => false,
    };
    let list = || operand.as_array().cloned().unwrap_or_else(|| vec![operand.clone()]);
    Ok(match op {
        "_eq" => value.is_some_and(|v| loosely_equal(v, operand)),
        "_neq" => value.is_some_and(|v| !loosely_equal(v, operand)),
        "_gt" => compare(|a, b| a > b),
        "_gte" => compare(|a, b| a >= b),
        "_lt" => compare(|a, b| a < b),
        "_lte" => compare(|a, b| a <= b),
        "_in" => value.is_some_and(|v| list().iter().any(|o| loosely_equal(v, o))),
        "_nin" => value.is_some_and(|v| !list().iter().any(|o| loosely_equal(v, o))),
        "_null" => value.is_some_and(Value::is_null),
        "_nnull" => value.is_some_and(|v| !v.is_null()),
        "_contains" => {
            value.and_then(Value::as_str).zip(operand.as_str()).is_some_and(|(v, o)| v.contains(o))
        }
        _ => return Err(format!("The mock's condition operation does not evaluate \"{op}\".")),
    })
}

fn loosely_equal(value: &Value, operand: &Value) -> bool {
    value == operand
        || match (value, operand) {
            (Value::Number(a), Value::String(b)) | (Value::String(b), Value::Number(a)) => {
                b.parse::<f64>().ok() == a.as_f64()
            }
            _ => false,
        }
}

fn failure(path: &[String], op: &str, operand: &Value) -> Value {
    let (field, rest) = path.split_first().map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
    // Joi names the operand of a value that must not match `invalid`.
    let named = if matches!(op, "_neq" | "_nin") { "invalid" } else { "valid" };
    json!({
        "name": "DirectusError",
        "extensions": {"field": field, "path": rest, "type": op.trim_start_matches('_'), named: operand},
        "code": "FAILED_VALIDATION",
        "status": 400,
    })
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case(json!({"$trigger": {"body": {"n": {"_gt": 5}}}}), 0)]
    #[case(json!({"$trigger": {"body": {"n": {"_lt": 5}}}}), 1)]
    #[case(json!({"$trigger": {"body": {"n": {"_eq": "9"}}}}), 0)]
    #[case(json!({"_and": [{"$trigger": {"body": {"n": {"_gt": 10}}}}, {"$last": {"_null": true}}]}), 1)]
    fn checks_the_data(#[case] filter: Value, #[case] failures: usize) {
        let data = json!({"$trigger": {"body": {"n": 9}}, "$last": null});
        assert_eq!(check(&filter, &data).unwrap().len(), failures);
    }
}
