//! The operations a flow runs, each on its rendered options and the flow's
//! data so far: `condition`, `transform`, `log`, `sleep`, `throw-error`,
//! `trigger`, the item and `notification` operations (`item_ops.rs`),
//! `request` (`request.rs`), `json-web-token` (`jwt.rs`) and `mail`
//! (resolves, sends nothing). Directus' `exec` (a script) rejects with an
//! error saying the mock does not run it; a type Directus does not know
//! ends the chain with `null`, as there.

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::{
    App, MAX_FLOW_DEPTH, Outcome, Thrown, condition, item_ops, jwt, request, run_operation_flow,
};
use crate::service::Accountability;

/// Longest `sleep` the mock waits (Directus has no bound).
const MAX_SLEEP_MS: f64 = 60_000.0;

/// Directus' fallback for a `throw-error` without a code or a status.
const FALLBACK_CODE: &str = "INTERNAL_SERVER_ERROR";
const FALLBACK_MESSAGE: &str = "An unexpected error occurred.";

/// Runs one operation.
pub(super) fn run(
    app: &App,
    acc: &Accountability,
    kind: &str,
    options: &Value,
    data: &Map<String, Value>,
    depth: usize,
) -> Outcome {
    let option = |k: &str| options.get(k).unwrap_or(&Value::Null);
    match kind {
        "condition" => check(option("filter"), data),
        "transform" => match to_object(option("json")) {
            Ok(v) => Outcome::Resolve(v),
            Err(e) => Outcome::Reject(e, None),
        },
        "log" => {
            tracing::info!(target: "flows", "{}", to_text(option("message")));
            Outcome::Resolve(Value::Null)
        }
        "sleep" => {
            let ms = number(option("milliseconds")).unwrap_or(0.0).clamp(0.0, MAX_SLEEP_MS);
            std::thread::sleep(Duration::from_millis(ms as u64));
            Outcome::Resolve(Value::Null)
        }
        "throw-error" => throw(options),
        "trigger" => trigger(app, acc, options, depth),
        "item-create" | "item-read" | "item-update" | "item-delete" | "notification" => {
            item_ops::run(app, acc, kind, options)
        }
        // Directus hands the mail to its transport in the background and
        // resolves at once; the mock has no transport and logs it.
        "mail" => {
            tracing::info!(target: "flows", to = %to_text(option("to")), "a flow's mail is not sent by the mock");
            Outcome::Resolve(Value::Null)
        }
        "request" => request::run(app, options),
        "json-web-token" => jwt::run(app, options),
        "exec" => {
            tracing::warn!(operation = kind, "the mock does not run this operation");
            let message = format!("The mock does not run \"{kind}\" operations.");
            Outcome::Reject(json!({"name": "Error", "message": message}), None)
        }
        _ => {
            tracing::warn!(operation = kind, "couldn't find the operation");
            Outcome::Unknown
        }
    }
}

fn check(filter: &Value, data: &Map<String, Value>) -> Outcome {
    if filter.is_null() {
        return Outcome::Resolve(Value::Null);
    }
    match condition::check(filter, &Value::Object(data.clone())) {
        Ok(failures) if failures.is_empty() => Outcome::Resolve(Value::Null),
        Ok(failures) => Outcome::Reject(Value::Array(failures), None),
        Err(message) => {
            tracing::warn!(%message, "a condition the mock cannot evaluate");
            Outcome::Reject(json!({"name": "Error", "message": message}), None)
        }
    }
}

/// `throw-error`: a DirectusError with the options' code, status and message.
/// As data it serializes without its message (not an own property in Node).
fn throw(options: &Value) -> Outcome {
    let text = |k: &str| options.get(k).and_then(Value::as_str).map(str::to_owned);
    let status = options
        .get("status")
        .and_then(parse_int)
        .filter(|s| (100..=599).contains(s))
        .map_or(500, |s| s as u16);
    let thrown = Thrown {
        code: text("code").unwrap_or_else(|| FALLBACK_CODE.into()),
        status,
        message: text("message").unwrap_or_else(|| FALLBACK_MESSAGE.into()),
        extensions: Map::new(),
    };
    Outcome::Reject(thrown.data(), Some(thrown))
}

/// `trigger`: another flow (trigger `operation`) with the payload, once per
/// element of an array payload (the mock runs every iteration mode in order).
fn trigger(app: &App, acc: &Accountability, options: &Value, depth: usize) -> Outcome {
    if depth + 1 > MAX_FLOW_DEPTH {
        let message = format!("Flows triggered each other more than {MAX_FLOW_DEPTH} levels deep.");
        return Outcome::Reject(json!({"name": "Error", "message": message}), None);
    }
    let Some(flow) = options.get("flow").and_then(Value::as_str) else {
        return Outcome::Resolve(Value::Null);
    };
    let payload = match to_object(options.get("payload").unwrap_or(&Value::Null)) {
        Ok(p) => p,
        Err(e) => return Outcome::Reject(e, None),
    };
    if let Value::Array(items) = payload {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(run_operation_flow(app, acc, flow, item, depth + 1));
        }
        return Outcome::Resolve(Value::Array(out));
    }
    Outcome::Resolve(run_operation_flow(app, acc, flow, payload, depth + 1))
}

/// Directus' `optionToObject`: a string option is JSON text; a SyntaxError
/// serializes as `{}`.
pub(super) fn to_object(option: &Value) -> Result<Value, Value> {
    match option {
        Value::String(text) => serde_json::from_str(text).map_err(|_| json!({})),
        other => Ok(other.clone()),
    }
}

/// Directus' `optionToString`.
fn to_text(option: &Value) -> String {
    match option {
        Value::String(s) => s.clone(),
        Value::Object(_) | Value::Array(_) | Value::Null => {
            serde_json::to_string(option).unwrap_or_default()
        }
        other => other.to_string(),
    }
}

/// JavaScript's `Number()` of an option, when it is a finite number.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if s.trim().is_empty() => Some(0.0),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|f: &f64| f.is_finite())
}

/// JavaScript's `parseInt()`: the leading integer of the text.
fn parse_int(value: &Value) -> Option<i64> {
    let text = match value {
        Value::String(s) => s.trim_start().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let digits: String = text
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+')))
        .map(|(_, c)| c)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case(json!({"code": "TEAPOT", "status": "418", "message": "No"}), "TEAPOT", 418, "No")]
    #[case(json!({"status": "abc"}), FALLBACK_CODE, 500, FALLBACK_MESSAGE)]
    #[case(json!({"code": "X", "status": 409.7}), "X", 409, FALLBACK_MESSAGE)]
    #[case(json!({}), FALLBACK_CODE, 500, FALLBACK_MESSAGE)]
    fn throws_like_directus(
        #[case] options: Value,
        #[case] code: &str,
        #[case] status: u16,
        #[case] message: &str,
    ) {
        let Outcome::Reject(_, Some(thrown)) = throw(&options) else { panic!("not thrown") };
        assert_eq!(
            (thrown.code.as_str(), thrown.status, thrown.message.as_str()),
            (code, status, message)
        );
    }
}
