//! The checks before the work: Directus' `validateSnapshot` (the body of a
//! diff), the Joi schema of an apply's body, and the error of a diff made
//! from another schema than the current one.

use serde_json::Value;

use super::{DIRECTUS_VERSION, FULL, PARTIAL, VENDORS, first_kind, list, text};
use crate::error::{Error, Result};
use crate::vendor::Vendor;

fn invalid(reason: impl Into<String>) -> Error {
    Error::invalid_payload(reason)
}

/// Directus' `validateSnapshot`: the shape (Joi), then version and vendor unless forced.
pub(super) fn validate_snapshot(s: &Value, force: bool, ours: Vendor) -> Result<()> {
    let Value::Object(m) = s else { return Err(invalid("\"value\" must be of type object")) };
    match m.get("version") {
        None => return Err(invalid("\"version\" is required")),
        // Joi converts a numeric string.
        Some(v)
            if [FULL, PARTIAL]
                .iter()
                .any(|n| v.as_u64() == Some(*n) || v.as_str() == Some(&n.to_string())) => {}
        Some(_) => return Err(invalid("\"version\" must be one of [1, 2]")),
    }
    let directus = match m.get("directus") {
        None => return Err(invalid("\"directus\" is required")),
        Some(Value::String(d)) => d.as_str(),
        Some(_) => return Err(invalid("\"directus\" must be a string")),
    };
    let vendor = match m.get("vendor") {
        None => None,
        Some(Value::String(v)) if VENDORS.split(", ").any(|k| k == v) => Some(v.as_str()),
        Some(_) => return Err(invalid(format!("\"vendor\" must be one of [{VENDORS}]"))),
    };
    for key in ["collections", "fields", "systemFields", "relations"] {
        match m.get(key) {
            None | Some(Value::Array(_)) => {}
            Some(_) => return Err(invalid(format!("\"{key}\" must be an array"))),
        }
        for (i, item) in list(s, key).iter().enumerate() {
            if !item.is_object() {
                return Err(invalid(format!("\"{key}[{i}]\" must be of type object")));
            }
        }
    }
    if force {
        return Ok(());
    }
    const BYPASS: &str = "You can bypass this check by passing the \"force\" query parameter";
    if directus != DIRECTUS_VERSION {
        return Err(invalid(format!(
            "Provided snapshot's directus version {directus} does not match the current instance's version {DIRECTUS_VERSION}. {BYPASS}"
        )));
    }
    match vendor {
        None => Err(invalid(format!(
            "Provided snapshot does not contain the \"vendor\" property. {BYPASS}"
        ))),
        Some(v) if v != ours.snapshot_name() => Err(invalid(format!(
            "Provided snapshot's vendor {v} does not match the current instance's vendor {}. {BYPASS}",
            ours.snapshot_name()
        ))),
        Some(_) => Ok(()),
    }
}

/// One deep-diff operation (Joi's `deepdiff` schema), at `at`.
fn validate_op(op: &Value, at: &str) -> Result<()> {
    if !op.is_object() {
        return Err(invalid(format!("\"{at}\" must be of type object")));
    }
    let kind = match op.get("kind") {
        None => return Err(invalid(format!("\"{at}.kind\" is required"))),
        Some(Value::String(k)) if ["N", "D", "E", "A"].contains(&k.as_str()) => k.as_str(),
        Some(_) => return Err(invalid(format!("\"{at}.kind\" must be one of [N, D, E, A]"))),
    };
    match op.get("path") {
        None => {}
        Some(Value::Array(p)) => {
            if let Some(i) = p.iter().position(|k| !(k.is_string() || k.is_number())) {
                return Err(invalid(format!("\"{at}.path[{i}]\" must be one of [string, number]")));
            }
        }
        Some(_) => return Err(invalid(format!("\"{at}.path\" must be an array"))),
    }
    if !matches!(kind, "N" | "A") && op.get("lhs").is_none() {
        return Err(invalid(format!("\"{at}.lhs\" is required")));
    }
    if !matches!(kind, "D" | "A") && op.get("rhs").is_none() {
        return Err(invalid(format!("\"{at}.rhs\" is required")));
    }
    if kind == "A" {
        match op.get("index") {
            Some(i) if i.is_number() => {}
            Some(_) => return Err(invalid(format!("\"{at}.index\" must be a number"))),
            None => return Err(invalid(format!("\"{at}.index\" is required"))),
        }
        match op.get("item") {
            Some(item) => validate_op(item, &format!("{at}.item"))?,
            None => return Err(invalid(format!("\"{at}.item\" is required"))),
        }
    }
    Ok(())
}

/// Directus' Joi schema of `POST /schema/apply`: `{hash, diff:{collections, fields, systemFields, relations}}`.
pub(super) fn validate_apply(p: &Value) -> Result<()> {
    let Value::Object(m) = p else { return Err(invalid("\"value\" must be of type object")) };
    match m.get("hash") {
        None => return Err(invalid("\"hash\" is required")),
        Some(Value::String(_)) => {}
        Some(_) => return Err(invalid("\"hash\" must be a string")),
    }
    let diff = match m.get("diff") {
        None => return Err(invalid("\"diff\" is required")),
        Some(d @ Value::Object(_)) => d,
        Some(_) => return Err(invalid("\"diff\" must be of type object")),
    };
    for key in ["collections", "fields", "systemFields", "relations"] {
        let items = match diff.get(key) {
            None => return Err(invalid(format!("\"diff.{key}\" is required"))),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(invalid(format!("\"diff.{key}\" must be an array"))),
        };
        let needs_field = key != "collections";
        for (i, item) in items.iter().enumerate() {
            let at = format!("diff.{key}[{i}]");
            if !item.is_object() {
                return Err(invalid(format!("\"{at}\" must be of type object")));
            }
            let names: &[&str] =
                if needs_field { &["collection", "field"] } else { &["collection"] };
            for name in names {
                match item.get(*name) {
                    None => return Err(invalid(format!("\"{at}.{name}\" is required"))),
                    Some(Value::String(_)) => {}
                    Some(_) => return Err(invalid(format!("\"{at}.{name}\" must be a string"))),
                }
            }
            let ops = match item.get("diff") {
                None => return Err(invalid(format!("\"{at}.diff\" is required"))),
                Some(Value::Array(ops)) => ops,
                Some(_) => return Err(invalid(format!("\"{at}.diff\" must be an array"))),
            };
            for (j, op) in ops.iter().enumerate() {
                validate_op(op, &format!("{at}.diff[{j}]"))?;
            }
        }
    }
    Ok(())
}

/// The error of a diff made from another schema: the first item that cannot
/// apply any more, else the generic hash mismatch.
pub(super) fn stale(current: &Value, diff: &Value) -> Error {
    let again = "Please generate a new diff and try again";
    let key = ["collection", "field"];
    let has = |list_key: &str, e: &Value, keys: &[&str]| {
        list(current, list_key).iter().any(|c| keys.iter().all(|k| c.get(*k) == e.get(*k)))
    };
    // Entries passed `validate_apply`: `collection` and `field` are strings.
    for e in list(diff, "collections") {
        let name = text(e, "collection").unwrap_or_default();
        match first_kind(e) {
            Some("N") if has("collections", e, &["collection"]) => {
                return invalid(format!(
                    "Provided diff is trying to create collection \"{name}\" but it already exists. {again}"
                ));
            }
            Some("D") if !has("collections", e, &["collection"]) => {
                return invalid(format!(
                    "Provided diff is trying to delete collection \"{name}\" but it does not exist. {again}"
                ));
            }
            _ => {}
        }
    }
    let dotted = |e: &Value| {
        format!(
            "{}.{}",
            text(e, "collection").unwrap_or_default(),
            text(e, "field").unwrap_or_default()
        )
    };
    for e in list(diff, "fields") {
        match first_kind(e) {
            Some("N") if has("fields", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to create field \"{}\" but it already exists. {again}",
                    dotted(e)
                ));
            }
            Some("D") if !has("fields", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to delete field \"{}\" but it does not exist. {again}",
                    dotted(e)
                ));
            }
            _ => {}
        }
    }
    for e in list(diff, "systemFields") {
        let Some(kind) = first_kind(e) else { continue };
        if kind != "E" {
            let action = match kind {
                "N" => "create",
                "D" => "delete",
                _ => "update array",
            };
            return invalid(format!(
                "Provided diff is trying to {action} field \"{}\" but this action is not supported. {again}",
                dotted(e)
            ));
        }
        let path = e
            .pointer("/diff/0/path")
            .and_then(Value::as_array)
            .map(|p| {
                p.iter()
                    .map(|k| k.as_str().map(str::to_owned).unwrap_or_else(|| k.to_string()))
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .unwrap_or_default();
        if path != "schema.is_indexed" {
            return invalid(format!(
                "Provided diff is trying to alter property \"{path}\" on \"{}\" but currently only \"schema.is_indexed\" is supported. {again}",
                dotted(e)
            ));
        }
    }
    for e in list(diff, "relations") {
        let mut name = dotted(e);
        if let Some(related) = text(e, "related_collection").filter(|r| !r.is_empty()) {
            name.push_str(&format!("-> {related}"));
        }
        match first_kind(e) {
            Some("N") if has("relations", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to create relation \"{name}\" but it already exists. {again}"
                ));
            }
            Some("D") if !has("relations", e, &key) => {
                return invalid(format!(
                    "Provided diff is trying to delete relation \"{name}\" but it does not exist. {again}"
                ));
            }
            _ => {}
        }
    }
    invalid(
        "Provided hash does not match the current instance's schema hash, indicating the schema has changed after this diff was generated. Please generate a new diff and try again or use the \"force\" query parameter to bypass this check",
    )
}
