//! The npm package `object-hash` (SHA-1, hex, its default options) of a JSON
//! value, which Directus uses to tell whether a version's main item changed
//! (`hash`, `mainHash`): the same serialization, so a hash from the mock
//! equals Directus' for the same item.
//!
//! The package serializes a plain object with its keys sorted, after three
//! it adds itself (`prototype`, `__proto__`, `constructor`). Every object
//! shares the same prototype and constructor: the first object written
//! spells them out, and later ones refer back to them as `[CIRCULAR:1]` and
//! `[CIRCULAR:2]` (their places in the list of objects it has seen).

use serde_json::{Map, Value};
use sha1::{Digest, Sha1};

/// `Object.prototype` as the first object serializes it (seen second).
const PROTOTYPE: &str = "object:3:string:9:prototype:Undefined,string:9:__proto__:Null,string:11:constructor:fn:string:8:[native]string:20:function-name:Objectobject:0:,";
/// The `Object` constructor, serialized (seen third) and then referred to.
const CONSTRUCTOR: &str =
    "fn:string:8:[native]string:20:function-name:Objectstring:12:[CIRCULAR:2]";

/// `objectHash(value)`: SHA-1 of the serialization, as hex.
pub(crate) fn object_hash(value: &Value) -> String {
    let mut out = String::new();
    let mut seen_object = false;
    write(value, &mut out, &mut seen_object);
    let digest = Sha1::digest(out.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_str(s: &str, out: &mut String) {
    // The length is JavaScript's: UTF-16 code units.
    out.push_str(&format!("string:{}:{s}", s.encode_utf16().count()));
}

fn write(value: &Value, out: &mut String, seen_object: &mut bool) {
    match value {
        Value::Null => out.push_str("Null"),
        Value::Bool(b) => out.push_str(&format!("bool:{b}")),
        Value::Number(n) => out.push_str(&format!("number:{}", js_number(n))),
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push_str(&format!("array:{}:", items.len()));
            for item in items {
                write(item, out, seen_object);
            }
        }
        Value::Object(map) => write_object(map, out, seen_object),
    }
}

fn write_object(map: &Map<String, Value>, out: &mut String, seen_object: &mut bool) {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    out.push_str(&format!("object:{}:", keys.len() + 3));
    out.push_str("string:9:prototype:Undefined,string:9:__proto__:");
    if *seen_object {
        out.push_str("string:12:[CIRCULAR:1]");
    } else {
        out.push_str(PROTOTYPE);
    }
    *seen_object = true;
    out.push_str(",string:11:constructor:");
    out.push_str(CONSTRUCTOR);
    out.push(',');
    for key in keys {
        write_str(key, out);
        out.push(':');
        write(&map[key], out, seen_object);
        out.push(',');
    }
}

/// JavaScript's `Number.prototype.toString()` for a JSON number.
fn js_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    if f == 0.0 {
        return "0".into();
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        return format!("{f:.0}");
    }
    if f.abs() >= 1e21 || f.abs() < 1e-6 {
        let text = format!("{f:e}");
        return match text.split_once('e') {
            Some((mantissa, exp)) if !exp.starts_with('-') => format!("{mantissa}e+{exp}"),
            _ => text,
        };
    }
    f.to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn hashes_an_item_as_the_npm_package_does() {
        // Both hashes were computed by Directus 12.4 for these items.
        let item = json!({"id": 1, "title": "Doc", "body": "v1", "author": 1});
        assert_eq!(object_hash(&item), "a38fd4b573ff3d41222b264df3a98711b66ec4b1");
        let changed = json!({"id": 1, "title": "Doc", "body": "changed main", "author": 1});
        assert_eq!(object_hash(&changed), "a9b36ce7921f4b41a7949baf07aaee2e128e0ae5");
    }

    #[test]
    fn writes_nested_objects_with_references_to_the_shared_prototype() {
        let mut out = String::new();
        write(&json!({"a": {"b": 1}, "c": [1, {"d": null}], "e": true}), &mut out, &mut false);
        let expected = "object:6:string:9:prototype:Undefined,string:9:__proto__:object:3:string:9:prototype:Undefined,string:9:__proto__:Null,string:11:constructor:fn:string:8:[native]string:20:function-name:Objectobject:0:,,string:11:constructor:fn:string:8:[native]string:20:function-name:Objectstring:12:[CIRCULAR:2],string:1:a:object:4:string:9:prototype:Undefined,string:9:__proto__:string:12:[CIRCULAR:1],string:11:constructor:fn:string:8:[native]string:20:function-name:Objectstring:12:[CIRCULAR:2],string:1:b:number:1,,string:1:c:array:2:number:1object:4:string:9:prototype:Undefined,string:9:__proto__:string:12:[CIRCULAR:1],string:11:constructor:fn:string:8:[native]string:20:function-name:Objectstring:12:[CIRCULAR:2],string:1:d:Null,,string:1:e:bool:true,";
        assert_eq!(out, expected);
    }

    #[test]
    fn numbers_read_as_javascript_writes_them() {
        let n = |v: Value| js_number(v.as_number().expect("a number"));
        assert_eq!(n(json!(1.5)), "1.5");
        assert_eq!(n(json!(1e21)), "1e+21");
        assert_eq!(n(json!(-3)), "-3");
        assert_eq!(n(json!(2.0)), "2");
    }
}
