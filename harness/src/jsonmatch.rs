//! Comparing a response body with what a scenario expects, and explaining
//! the difference to a person.
//!
//! Expected JSON may hold placeholders in string position: `"<any>"`,
//! `"<string>"`, `"<number>"`, `"<integer>"`, `"<boolean>"`, `"<uuid>"`,
//! `"<timestamp>"` (ISO 8601), `"<jwt>"`, `"<null-or-string>"`, and
//! `"<absent>"` as an object value (the key must not be there).
//!
//! `"<numeric 15.5>"` is the value 15.5 however the target's database types
//! it: a JSON number, or a string of one (`"15.50"`), as Directus answers
//! decimals, and aggregates on some databases. Scenarios whose point is not
//! the type use it, so they hold on every database; the types themselves are
//! pinned per database by scenarios tagged `@vendor-<database>`.
//!
//! Two modes: [`Mode::Subset`] (objects may have more keys than expected;
//! arrays must have the same length and match element by element) and
//! [`Mode::Exact`] (no extra keys anywhere).

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Subset,
    Exact,
}

/// The first place where actual and expected differ.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mismatch {
    /// JSON path like `data[0].title`.
    pub(crate) path: String,
    pub(crate) detail: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() { "(root)" } else { self.path.as_str() };
        write!(f, "at {path}: {}", self.detail)
    }
}

fn placeholder_matches(ph: &str, actual: &Value) -> Option<bool> {
    if let Some(n) = ph.strip_prefix("<numeric ").and_then(|r| r.strip_suffix('>')) {
        let wanted: f64 = n.trim().parse().ok()?;
        let got = match actual {
            Value::Number(v) => v.as_f64(),
            Value::String(t) => t.trim().parse::<f64>().ok().filter(|_| !t.trim().is_empty()),
            _ => None,
        };
        return Some(got == Some(wanted));
    }
    Some(match ph {
        "<any>" => true,
        "<string>" => actual.is_string(),
        "<number>" => actual.is_number(),
        "<integer>" => actual.as_i64().is_some() || actual.as_u64().is_some(),
        "<boolean>" => actual.is_boolean(),
        "<null>" => actual.is_null(),
        "<object>" => actual.is_object(),
        "<array>" => actual.is_array(),
        "<null-or-string>" => actual.is_null() || actual.is_string(),
        "<uuid>" => {
            actual.as_str().is_some_and(|s| uuid::Uuid::parse_str(s).is_ok() && s.len() == 36)
        }
        "<timestamp>" => actual.as_str().is_some_and(|s| {
            chrono::DateTime::parse_from_rfc3339(s).is_ok()
                || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        }),
        "<jwt>" => actual.as_str().is_some_and(|s| s.split('.').count() == 3 && s.len() > 20),
        _ => return None,
    })
}

/// A value for a message, cut after 117 characters (not bytes: the text may
/// be any language).
fn describe(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 120 {
        format!("{}…", text.chars().take(117).collect::<String>())
    } else {
        text
    }
}

/// Checks `actual` against `expected`; `None` when they match.
pub(crate) fn compare(expected: &Value, actual: &Value, mode: Mode) -> Option<Mismatch> {
    walk(expected, actual, mode, String::new())
}

fn walk(expected: &Value, actual: &Value, mode: Mode, path: String) -> Option<Mismatch> {
    if let Value::String(s) = expected
        && let Some(ok) = placeholder_matches(s, actual)
    {
        return (!ok)
            .then(|| Mismatch { path, detail: format!("expected {s}, got {}", describe(actual)) });
    }
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let child = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if ev.as_str() == Some("<absent>") {
                    if a.contains_key(k) {
                        return Some(Mismatch {
                            path: child,
                            detail: format!("expected no key, got {}", describe(&a[k])),
                        });
                    }
                    continue;
                }
                match a.get(k) {
                    None => {
                        return Some(Mismatch {
                            path: child,
                            detail: format!("missing key, expected {}", describe(ev)),
                        });
                    }
                    Some(av) => {
                        if let Some(m) = walk(ev, av, mode, child) {
                            return Some(m);
                        }
                    }
                }
            }
            if mode == Mode::Exact
                && let Some(extra) = a.keys().find(|k| !e.contains_key(*k))
            {
                let child = if path.is_empty() { extra.clone() } else { format!("{path}.{extra}") };
                return Some(Mismatch {
                    path: child,
                    detail: format!("unexpected key with {}", describe(&a[extra])),
                });
            }
            None
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Some(Mismatch {
                    path,
                    detail: format!("expected {} elements, got {}", e.len(), a.len()),
                });
            }
            e.iter()
                .zip(a)
                .enumerate()
                .find_map(|(i, (ev, av))| walk(ev, av, mode, format!("{path}[{i}]")))
        }
        (Value::Number(e), Value::Number(a)) => {
            let same = match (e.as_f64(), a.as_f64()) {
                (Some(x), Some(y)) => x == y,
                _ => e == a,
            };
            (!same).then(|| Mismatch { path, detail: format!("expected {e}, got {a}") })
        }
        (e, a) if e == a => None,
        (e, a) => Some(Mismatch {
            path,
            detail: format!("expected {}, got {}", describe(e), describe(a)),
        }),
    }
}

/// A readable line-by-line diff of expected and actual, pretty-printed.
pub(crate) fn diff(expected: &Value, actual: &Value) -> String {
    let e = serde_json::to_string_pretty(expected).unwrap_or_default();
    let a = serde_json::to_string_pretty(actual).unwrap_or_default();
    let diff = similar::TextDiff::from_lines(&e, &a);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "- ",
            similar::ChangeTag::Insert => "+ ",
            similar::ChangeTag::Equal => "  ",
        };
        out.push_str(sign);
        out.push_str(change.value());
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Follows `data.0.title`-style paths (numeric segments index arrays).
pub(crate) fn at_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = value;
    if path.is_empty() || path == "." {
        return Some(current);
    }
    for part in path.split('.') {
        current = match current {
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            Value::Object(map) => map.get(part)?,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[rstest]
    #[case(json!({"a": 1}), json!({"a": 1, "b": 2}), Mode::Subset, None)]
    #[case(json!({"a": 1}), json!({"a": 1, "b": 2}), Mode::Exact, Some("b"))]
    #[case(json!({"a": "<uuid>"}), json!({"a": "7a1e2c3d-4b5f-4a6b-8c7d-9e0f1a2b3c4d"}), Mode::Exact, None)]
    #[case(json!({"a": "<uuid>"}), json!({"a": "nope"}), Mode::Exact, Some("a"))]
    #[case(json!({"a": "<absent>"}), json!({"a": 1}), Mode::Subset, Some("a"))]
    #[case(json!([{"id": 1}]), json!([{"id": 1}, {"id": 2}]), Mode::Subset, Some(""))]
    #[case(json!({"n": 3}), json!({"n": 3.0}), Mode::Exact, None)]
    #[case(json!({"n": "<numeric 15.5>"}), json!({"n": 15.5}), Mode::Exact, None)]
    #[case(json!({"n": "<numeric 15.5>"}), json!({"n": "15.50"}), Mode::Exact, None)]
    #[case(json!({"n": "<numeric 6>"}), json!({"n": "6"}), Mode::Exact, None)]
    #[case(json!({"n": "<numeric 6>"}), json!({"n": 7}), Mode::Exact, Some("n"))]
    #[case(json!({"n": "<numeric 6>"}), json!({"n": "six"}), Mode::Exact, Some("n"))]
    #[case(json!({"n": "<numeric 0>"}), json!({"n": null}), Mode::Exact, Some("n"))]
    #[case(json!({"d": {"x": [1, {"y": "<number>"}]}}), json!({"d": {"x": [1, {"y": "2"}]}}), Mode::Subset, Some("d.x[1].y"))]
    fn matching(
        #[case] expected: Value,
        #[case] actual: Value,
        #[case] mode: Mode,
        #[case] at: Option<&str>,
    ) {
        assert_eq!(compare(&expected, &actual, mode).map(|m| m.path), at.map(str::to_owned));
    }

    /// A long non-ASCII value is cut on a character boundary (byte slicing
    /// panicked in the middle of `é`, `✓` or a CJK character).
    #[rstest]
    #[case("héllo wörld ✓ ")]
    #[case("漢字かな交じり文 ")]
    #[case("x漢")]
    fn long_non_ascii_values_are_described(#[case] unit: &str) {
        for n in 30..60 {
            let text = unit.repeat(n);
            let detail = compare(&json!({"a": "b"}), &json!({"a": text}), Mode::Exact)
                .expect("the values differ")
                .detail;
            let shown = detail.strip_prefix("expected \"b\", got ").expect("the detail names both");
            if text.chars().count() + 2 > 120 {
                assert_eq!(shown.chars().count(), 118, "{shown}");
                assert!(shown.ends_with('…'));
            } else {
                assert_eq!(shown, format!("{:?}", text));
            }
        }
    }

    #[test]
    fn paths() {
        let v = json!({"data": [{"id": 3}]});
        assert_eq!(at_path(&v, "data.0.id"), Some(&json!(3)));
        assert_eq!(at_path(&v, "data.1"), None);
    }
}
