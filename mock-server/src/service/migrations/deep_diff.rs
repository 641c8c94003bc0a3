//! A port of the npm package `deep-diff` 1.0.2, which Directus 12.4 uses:
//! `diff(lhs, rhs)` as a list of operations (`N`ew, `D`eleted, `E`dited,
//! `A`rray change) and `applyChange`, one operation applied in place.

use serde_json::{Map, Value, json};

/// `deep-diff`'s `diff(lhs, rhs)`: `None` when there is no difference.
pub(super) fn deep_diff(lhs: Option<&Value>, rhs: Option<&Value>) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    deep(lhs, rhs, &mut Vec::new(), &mut out);
    (!out.is_empty()).then_some(out)
}

fn op(kind: &str, path: &[Value]) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    if !path.is_empty() {
        m.insert("path".into(), Value::Array(path.to_vec()));
    }
    m
}

fn new_op(path: &[Value], rhs: &Value) -> Value {
    let mut m = op("N", path);
    m.insert("rhs".into(), rhs.clone());
    Value::Object(m)
}

fn deleted_op(path: &[Value], lhs: &Value) -> Value {
    let mut m = op("D", path);
    m.insert("lhs".into(), lhs.clone());
    Value::Object(m)
}

fn edit_op(path: &[Value], lhs: &Value, rhs: &Value) -> Value {
    let mut m = op("E", path);
    m.insert("lhs".into(), lhs.clone());
    m.insert("rhs".into(), rhs.clone());
    Value::Object(m)
}

fn array_op(path: &[Value], index: usize, item: Value) -> Value {
    let mut m = op("A", path);
    m.insert("index".into(), json!(index));
    m.insert("item".into(), item);
    Value::Object(m)
}

fn type_of(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn deep(lhs: Option<&Value>, rhs: Option<&Value>, path: &mut Vec<Value>, out: &mut Vec<Value>) {
    let (l, r) = match (lhs, rhs) {
        (None, None) => return,
        (None, Some(r)) => return out.push(new_op(path, r)),
        (Some(l), None) => return out.push(deleted_op(path, l)),
        (Some(l), Some(r)) => (l, r),
    };
    if type_of(l) != type_of(r) {
        return out.push(edit_op(path, l, r));
    }
    match (l, r) {
        (Value::Object(lm), Value::Object(rm)) => {
            for (k, lv) in lm {
                path.push(json!(k));
                deep(Some(lv), rm.get(k), path, out);
                path.pop();
            }
            for (k, rv) in rm {
                if !lm.contains_key(k) {
                    path.push(json!(k));
                    deep(None, Some(rv), path, out);
                    path.pop();
                }
            }
        }
        (Value::Array(la), Value::Array(ra)) => {
            // deep-diff walks arrays from the end: additions, deletions, then common items.
            let (mut i, mut j) = (ra.len() as isize - 1, la.len() as isize - 1);
            while i > j {
                out.push(array_op(path, i as usize, new_op(&[], &ra[i as usize])));
                i -= 1;
            }
            while j > i {
                out.push(array_op(path, j as usize, deleted_op(&[], &la[j as usize])));
                j -= 1;
            }
            while i >= 0 {
                path.push(json!(i));
                deep(Some(&la[i as usize]), Some(&ra[i as usize]), path, out);
                path.pop();
                i -= 1;
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if a.as_f64() != b.as_f64() {
                out.push(edit_op(path, l, r));
            }
        }
        _ => {
            if l != r {
                out.push(edit_op(path, l, r));
            }
        }
    }
}

/// `deep-diff`'s `applyChange`: one operation applied to `target` in place.
pub(super) fn apply_change(target: &mut Value, change: &Value) {
    let path: Vec<&Value> = change
        .get("path")
        .and_then(Value::as_array)
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let kind = change.get("kind").and_then(Value::as_str).unwrap_or("");
    let Some((last, parents)) = path.split_last() else {
        if kind == "A" {
            apply_array_change(target, change);
        }
        return;
    };
    let mut it = target;
    for (i, key) in parents.iter().enumerate() {
        let next_is_index = path.get(i + 1).is_some_and(|k| k.is_number());
        let Some(child) = child_mut(it, key, next_is_index) else { return };
        it = child;
    }
    match kind {
        "A" => {
            if let Some(arr) = child_mut(it, last, true) {
                apply_array_change(arr, change);
            }
        }
        "D" => match (it, *last) {
            (Value::Object(m), Value::String(k)) => {
                m.shift_remove(k);
            }
            (Value::Array(a), Value::Number(n)) => {
                if let Some(slot) = n.as_u64().and_then(|n| a.get_mut(n as usize)) {
                    *slot = Value::Null;
                }
            }
            _ => {}
        },
        "E" | "N" => {
            if let Some(slot) = child_mut(it, last, false) {
                *slot = change.get("rhs").cloned().unwrap_or(Value::Null);
            }
        }
        _ => {}
    }
}

/// How far past the end of an array an operation may write (JavaScript
/// makes a sparse array; the mock refuses to allocate for a huge index).
const MAX_GAP: usize = 1024;

/// The child at `key`, created (`{}` or `[]`) when missing.
fn child_mut<'a>(it: &'a mut Value, key: &Value, array: bool) -> Option<&'a mut Value> {
    let empty = || if array { Value::Array(Vec::new()) } else { Value::Object(Map::new()) };
    match (it, key) {
        (Value::Object(m), Value::String(k)) => Some(m.entry(k.clone()).or_insert_with(empty)),
        (Value::Object(m), Value::Number(n)) => Some(m.entry(n.to_string()).or_insert_with(empty)),
        (Value::Array(a), Value::Number(n)) => {
            let n = n.as_u64()? as usize;
            if n > a.len() + MAX_GAP {
                return None;
            }
            if a.len() <= n {
                a.resize(n + 1, Value::Null);
            }
            if a[n].is_null() {
                a[n] = empty();
            }
            a.get_mut(n)
        }
        _ => None,
    }
}

fn apply_array_change(arr: &mut Value, change: &Value) {
    let (Some(index), Some(item), Value::Array(a)) =
        (change.get("index").and_then(Value::as_u64), change.get("item"), arr)
    else {
        return;
    };
    let index = index as usize;
    match item.get("kind").and_then(Value::as_str) {
        Some("D") if index < a.len() => {
            a.remove(index);
        }
        Some("E" | "N") if index <= a.len() + MAX_GAP => {
            if a.len() <= index {
                a.resize(index + 1, Value::Null);
            }
            a[index] = item.get("rhs").cloned().unwrap_or(Value::Null);
        }
        Some("A") => {
            if let Some(inner) = a.get_mut(index) {
                apply_array_change(inner, item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(l: Value, r: Value) -> Value {
        json!(deep_diff(Some(&l), Some(&r)))
    }

    #[test]
    fn deep_diff_matches_the_npm_package() {
        assert_eq!(ops(json!({"a": 1}), json!({"a": 1})), Value::Null);
        assert_eq!(
            ops(json!({"a": 1, "b": 2}), json!({"a": 2, "c": 3})),
            json!([{"kind": "E", "path": ["a"], "lhs": 1, "rhs": 2},
                   {"kind": "D", "path": ["b"], "lhs": 2},
                   {"kind": "N", "path": ["c"], "rhs": 3}])
        );
        assert_eq!(
            ops(json!({"l": [1, 2]}), json!({"l": [1, 3, 4]})),
            json!([{"kind": "A", "path": ["l"], "index": 2, "item": {"kind": "N", "rhs": 4}},
                   {"kind": "E", "path": ["l", 1], "lhs": 2, "rhs": 3}])
        );
        assert_eq!(
            ops(json!({"m": null}), json!({"m": {}})),
            json!([{"kind": "E", "path": ["m"], "lhs": null, "rhs": {}}])
        );
        assert_eq!(
            json!(deep_diff(None, Some(&json!({"x": 1})))),
            json!([{"kind": "N", "rhs": {"x": 1}}])
        );
        // Checked against the npm package deep-diff 1.0.2, which Directus 12.4 uses.
        assert_eq!(
            ops(json!({"l": [1, 2, 3]}), json!({"l": [1]})),
            json!([{"kind": "A", "path": ["l"], "index": 2, "item": {"kind": "D", "lhs": 3}},
                   {"kind": "A", "path": ["l"], "index": 1, "item": {"kind": "D", "lhs": 2}}])
        );
    }

    #[test]
    fn apply_change_undoes_a_diff() {
        let l = json!({"a": 1, "b": [1, 2, 3], "m": {"x": null}});
        let r = json!({"a": 2, "b": [1, 5], "m": {"x": "y", "z": true}});
        let mut target = l.clone();
        for op in deep_diff(Some(&l), Some(&r)).expect("a difference") {
            apply_change(&mut target, &op);
        }
        assert_eq!(target, r);
    }

    #[test]
    fn a_huge_array_index_is_ignored() {
        let mut target = json!({"l": [1]});
        apply_change(
            &mut target,
            &json!({"kind": "E", "path": ["l", 4_000_000_000_u64], "lhs": 1, "rhs": 2}),
        );
        apply_change(
            &mut target,
            &json!({"kind": "A", "path": ["l"], "index": 4_000_000_000_u64, "item": {"kind": "N", "rhs": 2}}),
        );
        assert_eq!(target, json!({"l": [1]}));
    }
}
