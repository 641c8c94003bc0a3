//! Operation options with the flow's data in them, as Directus'
//! `applyOptionsData` renders them with micromustache: a string that is one
//! `{{ path }}` and nothing else becomes the value at the path (an object
//! stays an object); elsewhere each `{{ path }}` becomes text: objects and
//! `null` as JSON, a path that resolves to nothing as `undefined`.

use serde_json::Value;

/// Deepest nesting of options the renderer walks (options are stored JSON,
/// so this only guards against a pathological row).
const MAX_DEPTH: usize = 64;

/// `options` with every string rendered against `scope`.
pub(super) fn render(options: &Value, scope: &Value) -> Value {
    render_at(options, scope, 0)
}

fn render_at(item: &Value, scope: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return item.clone();
    }
    match item {
        Value::String(text) => render_text(text, scope),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| render_at(v, scope, depth + 1)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter().map(|(k, v)| (k.clone(), render_at(v, scope, depth + 1))).collect(),
        ),
        other => other.clone(),
    }
}

/// One string option.
fn render_text(text: &str, scope: &Value) -> Value {
    if let Some(path) = whole_tag(text)
        && let Some(value) = get(scope, path)
    {
        return value.clone();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open + 2..].find("}}") else { break };
        out.push_str(&rest[..open]);
        let path = rest[open + 2..open + 2 + close].trim();
        out.push_str(&as_text(get(scope, path)));
        rest = &rest[open + 2 + close + 2..];
    }
    out.push_str(rest);
    Value::String(out)
}

/// The path of a string that is a single tag (`{{ $last.id }}`), without spaces inside.
fn whole_tag(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    (!inner.is_empty() && !inner.contains(|c: char| c.is_whitespace() || c == '}')).then_some(inner)
}

/// A value as text inside a longer string, as JavaScript would print it.
fn as_text(value: Option<&Value>) -> String {
    match value {
        None => "undefined".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
    }
}

/// The value at a micromustache path (`a.b`, `a[0]`, `a['b']`), if any.
pub(super) fn get<'v>(scope: &'v Value, path: &str) -> Option<&'v Value> {
    let mut current = scope;
    for segment in segments(path) {
        current = match current {
            Value::Object(map) => map.get(&segment)?,
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn segments(path: &str) -> Vec<String> {
    path.split(['.', '['])
        .map(|s| s.trim_end_matches(']').trim_matches(|c| c == '\'' || c == '"').to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use super::*;

    #[rstest]
    #[case(json!("{{ $trigger.query.x }}"), json!("1"))]
    #[case(json!("{{$trigger.query}}"), json!({"x": "1", "y": [1, 2]}))]
    #[case(json!("a {{ $trigger.query.y }} b"), json!("a [1,2] b"))]
    #[case(json!("<{{ $trigger.nope }}>"), json!("<undefined>"))]
    #[case(json!("x{{ $last }}"), json!("xnull"))]
    #[case(json!("{{ $last }}"), json!(null))]
    #[case(json!("{{ $trigger.query.y[1] }}"), json!(2))]
    #[case(json!({"k": ["{{ n }}", 3]}), json!({"k": [7, 3]}))]
    #[case(json!("n={{ n }}, b={{ b }}"), json!("n=7, b=true"))]
    fn renders_like_directus(#[case] options: Value, #[case] expected: Value) {
        let scope = json!({"$trigger": {"query": {"x": "1", "y": [1, 2]}}, "$last": null, "n": 7, "b": true});
        assert_eq!(render(&options, &scope), expected);
    }
}
