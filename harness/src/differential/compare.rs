//! What two answers are compared on, after normalizing only what is random by
//! nature (hashes' salts, generated uuids) and sorting lists whose order the
//! request does not fix (compared as multisets); and the known differences.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context as _, Result};
use regex::Regex;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// Values that are random by nature, replaced by a placeholder before comparing.
#[derive(Debug)]
pub(crate) struct Normalizer {
    uuid: Regex,
    /// The fixture's own uuids, which are data and stay.
    fixed: HashSet<String>,
}

impl Normalizer {
    pub(crate) fn new(fixed: HashSet<String>) -> Normalizer {
        let uuid = Regex::new(
            r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        )
        .unwrap_or_else(|_| unreachable!("a valid pattern"));
        Normalizer { uuid, fixed }
    }

    /// `ordered`: the top-level list keeps its order; every other list is a multiset.
    pub(crate) fn value(&self, v: &Value, ordered: bool) -> Value {
        match v {
            Value::String(s) if s.starts_with("$argon2") => json!("<hash>"),
            Value::String(s) if self.uuid.is_match(s) && !self.fixed.contains(s) => json!("<uuid>"),
            Value::Array(items) => {
                let mut out: Vec<Value> = items.iter().map(|i| self.value(i, false)).collect();
                if !ordered {
                    out.sort_by_cached_key(canon);
                }
                Value::Array(out)
            }
            Value::Object(m) => {
                Value::Object(m.iter().map(|(k, v)| (k.clone(), self.value(v, false))).collect())
            }
            other => other.clone(),
        }
    }
}

/// What a REST answer is compared on: the status, and the data and meta of a
/// success or the codes and messages of an error.
pub(crate) fn rest_view(n: &Normalizer, status: u16, body: Option<&Value>, ordered: bool) -> Value {
    let Some(body) = body else { return json!({"status": status, "body": "<not JSON>"}) };
    if let Some(errors) = body.get("errors") {
        return json!({"status": status, "errors": errors_view(errors)});
    }
    json!({
        "status": status,
        "data": n.value(body.get("data").unwrap_or(&Value::Null), ordered),
        "meta": body.get("meta").map(|m| n.value(m, false)),
    })
}

/// What a GraphQL answer is compared on.
pub(crate) fn graphql_view(
    n: &Normalizer,
    status: u16,
    body: Option<&Value>,
    ordered: bool,
) -> Value {
    let Some(body) = body else { return json!({"status": status, "body": "<not JSON>"}) };
    let data = body.get("data").map(|d| n.value(d, false));
    let data = match (data, ordered) {
        // The root field's list keeps its order when the request fixes it.
        (Some(Value::Object(m)), true) => Some(Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let original = body.pointer(&format!("/data/{k}")).unwrap_or(&v);
                    (k, n.value(original, true))
                })
                .collect(),
        )),
        (d, _) => d,
    };
    json!({"status": status, "data": data, "errors": body.get("errors").map(errors_view)})
}

/// Errors as a sorted list of (code, message); the order and paths of errors vary.
fn errors_view(errors: &Value) -> Value {
    let mut list: Vec<Value> = errors
        .as_array()
        .map(|a| {
            a.iter().map(|e| json!([e.pointer("/extensions/code"), e.get("message")])).collect()
        })
        .unwrap_or_default();
    list.sort_by_cached_key(canon);
    Value::Array(list)
}

/// A value's text with every object's keys sorted: the key of a multiset's order.
fn canon(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", Value::String((*k).clone()), canon(&m[*k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(canon).collect::<Vec<_>>().join(","))
        }
        other => other.to_string(),
    }
}

/// The same data read over REST and GraphQL, in one shape: GraphQL's
/// `field_func { year }` as REST's `field_year`, and scalars compared by their
/// text (GraphQL serializes keys as strings and some numbers as text).
pub(crate) fn loose(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                match (k.strip_suffix("_func"), v) {
                    (Some(field), Value::Object(funcs)) => {
                        for (f, x) in funcs {
                            out.insert(format!("{field}_{f}"), loose(x));
                        }
                    }
                    _ => {
                        out.insert(k.clone(), loose(v));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut out: Vec<Value> = items.iter().map(loose).collect();
            out.sort_by_cached_key(canon);
            Value::Array(out)
        }
        Value::Number(n) => json!(scalar_text(&n.to_string())),
        Value::String(s) => json!(scalar_text(s)),
        other => other.clone(),
    }
}

fn scalar_text(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() && !s.trim().is_empty() => format!("{f}"),
        _ => s.to_owned(),
    }
}

/// A known difference: where it shows and why it is not fixed.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Known {
    /// `rest`, `graphql`, `parity-target`, `parity-reference` or `write`.
    pub(crate) kind: String,
    /// A regular expression over the request (REST path and query, or GraphQL query).
    pub(crate) request: String,
    pub(crate) reason: String,
    /// Optionally, a regular expression the two answers must match too, written
    /// `<target's> | <reference's>` as compact JSON.
    #[serde(default)]
    pub(crate) answers: Option<String>,
    #[serde(skip)]
    pattern: Option<Regex>,
    #[serde(skip)]
    answers_pattern: Option<Regex>,
}

#[derive(Debug, Deserialize)]
struct KnownFile {
    #[serde(default)]
    difference: Vec<Known>,
}

/// The known differences of a file.
pub(crate) fn load_known(path: &Path) -> Result<Vec<Known>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file: KnownFile =
        toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    file.difference
        .into_iter()
        .map(|mut k| {
            let re = Regex::new(&k.request)
                .with_context(|| format!("{}: bad pattern {:?}", path.display(), k.request))?;
            k.pattern = Some(re);
            if let Some(a) = &k.answers {
                let re = Regex::new(a)
                    .with_context(|| format!("{}: bad pattern {a:?}", path.display()))?;
                k.answers_pattern = Some(re);
            }
            Ok(k)
        })
        .collect()
}

impl Known {
    /// Whether the entry explains a difference of `kind` on `request` (matched decoded).
    pub(crate) fn covers(&self, kind: &str, request: &str, answers: &str) -> bool {
        let decoded = percent_encoding::percent_decode_str(request).decode_utf8_lossy();
        self.kind == kind
            && self.pattern.as_ref().is_some_and(|p| p.is_match(&decoded))
            && self.answers_pattern.as_ref().is_none_or(|p| p.is_match(answers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsorted_lists_compare_as_multisets_and_random_values_are_masked() {
        let n = Normalizer::new(HashSet::from(["5f0c7a2e-0000-4000-8000-000000000001".to_owned()]));
        let a = json!([{"id": 2, "u": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}, {"id": 1, "h": "$argon2id$v=19$x"}]);
        let b = json!([{"id": 1, "h": "$argon2id$v=19$y"}, {"id": 2, "u": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed"}]);
        assert_eq!(n.value(&a, false), n.value(&b, false));
        assert_ne!(n.value(&a, true), n.value(&b, true));
        let fixed = json!("5f0c7a2e-0000-4000-8000-000000000001");
        assert_eq!(n.value(&fixed, false), fixed);
        assert_ne!(n.value(&json!([1, 2]), false), n.value(&json!([1, 3]), false));
    }

    #[test]
    fn graphql_function_fields_and_scalar_text_match_rest() {
        let rest = json!([{"id": 1, "published_on_year": 2024, "price": 9.99}]);
        let gql = json!([{"id": "1", "published_on_func": {"year": 2024}, "price": "9.99"}]);
        assert_eq!(loose(&rest), loose(&gql));
        assert_ne!(loose(&json!([{"id": 1}])), loose(&json!([{"id": "2"}])));
    }
}
