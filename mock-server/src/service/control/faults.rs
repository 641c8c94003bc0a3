//! Injected faults: the next N requests whose method and path match a rule
//! are answered with a Directus error (status and code), or delayed and then
//! served, or both. Rules are tried in the order they were added; a rule is
//! gone once it has been used N times.
//!
//! A rule, as JSON: `{"method": "GET", "path": "/items/articles*", "status":
//! 503, "code": "SERVICE_UNAVAILABLE", "message": "...", "times": 2,
//! "delay_ms": 500}`. `path` is required; `method` defaults to any; `status`
//! defaults to the code's own, `code` to the first of the error table with
//! that status; `times` to 1; a rule without `status` and `code` only delays.

use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::pattern::Pattern;
use crate::error::{Error, ErrorCode, Result};

/// The longest delay a rule may ask for.
pub(crate) const MAX_DELAY_MS: u64 = 60_000;
/// The most uses of one rule.
const MAX_TIMES: u64 = 1_000_000;
/// The most rules at once.
const MAX_RULES: usize = 1_000;

/// The error an injected fault answers with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) code: String,
    pub(crate) message: String,
}

/// One fault rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rule {
    pub(crate) id: u64,
    /// Upper case; `None` for any method.
    method: Option<String>,
    path: Pattern,
    pub(crate) answer: Option<Answer>,
    pub(crate) delay_ms: u64,
    /// Uses left.
    remaining: u64,
}

impl Rule {
    fn render(&self) -> Value {
        json!({
            "id": self.id,
            "method": self.method,
            "path": self.path.as_str(),
            "status": self.answer.as_ref().map(|a| a.status),
            "code": self.answer.as_ref().map(|a| &a.code),
            "message": self.answer.as_ref().map(|a| &a.message),
            "delay_ms": self.delay_ms,
            "remaining": self.remaining,
        })
    }
}

/// The active rules and the next rule's id.
#[derive(Default)]
pub(crate) struct Faults(Mutex<(u64, Vec<Rule>)>);

fn bad(message: impl Into<String>) -> Error {
    Error::invalid_payload(format!("Malformed fault rule: {}", message.into()))
}

fn uint(body: &Map<String, Value>, key: &str, min: u64, max: u64) -> Result<Option<u64>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(bad(format!("\"{key}\" must be a whole number from {min} to {max}, not {v}"))),
        },
    }
}

fn text<'a>(body: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(bad(format!("\"{key}\" must be a string, not {v}"))),
    }
}

fn is_method(m: &str) -> bool {
    matches!(m, "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "SEARCH" | "OPTIONS")
}

fn is_code(c: &str) -> bool {
    let mut chars = c.chars();
    c.len() <= 64
        && chars.next().is_some_and(|f| f.is_ascii_uppercase())
        && chars.all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
}

/// The error part of a rule, from `status`, `code` and `message`.
fn answer(body: &Map<String, Value>) -> Result<Option<Answer>> {
    let status = uint(body, "status", 400, 599)?.map(|s| s as u16);
    let code = text(body, "code")?;
    let message = text(body, "message")?;
    if let Some(c) = code.filter(|c| !is_code(c)) {
        return Err(bad(format!("\"code\" must be an error code like \"FORBIDDEN\", not \"{c}\"")));
    }
    let known = code.and_then(ErrorCode::from_wire);
    let (status, code) = match (status, code) {
        (None, None) if message.is_some() => {
            return Err(bad("a \"message\" needs a \"status\" or a \"code\""));
        }
        (None, None) => return Ok(None),
        (Some(s), Some(c)) => (s, c.to_owned()),
        (None, Some(c)) => match known {
            Some(k) => (k.status().as_u16(), c.to_owned()),
            None => {
                return Err(bad(format!("\"{c}\" is not a Directus error code: give \"status\"")));
            }
        },
        (Some(s), None) => match ErrorCode::ALL.iter().find(|k| k.status().as_u16() == s) {
            Some(k) => (s, k.wire().to_owned()),
            None => {
                return Err(bad(format!("no Directus error code has status {s}: give \"code\"")));
            }
        },
    };
    let message = message
        .map(str::to_owned)
        .or_else(|| ErrorCode::from_wire(&code).map(|k| k.default_message().to_owned()))
        .unwrap_or_else(|| "Injected fault.".to_owned());
    Ok(Some(Answer { status, code, message }))
}

/// Reads a rule (its id is given when it is added).
fn parse(body: &Value) -> Result<Rule> {
    let Some(body) = body.as_object() else {
        return Err(bad("the body must be a JSON object"));
    };
    const KEYS: &[&str] = &["method", "path", "status", "code", "message", "times", "delay_ms"];
    if let Some(key) = body.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(bad(format!("unknown key \"{key}\" (known: {})", KEYS.join(", "))));
    }
    let method = match text(body, "method")?.map(str::to_ascii_uppercase) {
        Some(m) if m == "*" => None,
        Some(m) if is_method(&m) => Some(m),
        Some(m) => return Err(bad(format!("\"{m}\" is not an HTTP method"))),
        None => None,
    };
    let Some(path) = text(body, "path")? else {
        return Err(bad("\"path\" is required (a path pattern, \"*\" for any run of characters)"));
    };
    let path = Pattern::parse(path).map_err(|e| bad(e.first().message.clone()))?;
    let answer = answer(body)?;
    let delay_ms = uint(body, "delay_ms", 0, MAX_DELAY_MS)?.unwrap_or(0);
    if answer.is_none() && delay_ms == 0 {
        return Err(bad(
            "a fault answers an error (\"status\", \"code\") or a delay (\"delay_ms\")",
        ));
    }
    let remaining = uint(body, "times", 1, MAX_TIMES)?.unwrap_or(1);
    Ok(Rule { id: 0, method, path, answer, delay_ms, remaining })
}

impl Faults {
    fn with<T>(&self, f: impl FnOnce(&mut (u64, Vec<Rule>)) -> T) -> T {
        match self.0.lock() {
            Ok(mut guard) => f(&mut guard),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// Adds a rule read from JSON; returns it as stored (with its id).
    pub(crate) fn add(&self, body: &Value) -> Result<Value> {
        let mut rule = parse(body)?;
        self.with(|(next, rules)| {
            if rules.len() >= MAX_RULES {
                return Err(bad(format!("at most {MAX_RULES} rules at once")));
            }
            *next += 1;
            rule.id = *next;
            let shown = rule.render();
            rules.push(rule);
            Ok(shown)
        })
    }

    pub(crate) fn list(&self) -> Vec<Value> {
        self.with(|(_, rules)| rules.iter().map(Rule::render).collect())
    }

    pub(crate) fn clear(&self) {
        self.with(|(_, rules)| rules.clear());
    }

    /// Removes one rule; whether it was there.
    pub(crate) fn remove(&self, id: u64) -> bool {
        self.with(|(_, rules)| {
            let before = rules.len();
            rules.retain(|r| r.id != id);
            rules.len() != before
        })
    }

    /// Uses the first rule that matches a request, if any.
    pub(crate) fn take(&self, method: &str, path: &str) -> Option<Rule> {
        self.with(|(_, rules)| {
            let at = rules.iter().position(|r| {
                r.method.as_deref().is_none_or(|m| m == method) && r.path.matches(path)
            })?;
            rules[at].remaining -= 1;
            let used = rules[at].clone();
            if rules[at].remaining == 0 {
                rules.remove(at);
            }
            Some(used)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(body: Value, expected: std::result::Result<Value, &str>) {
        let faults = Faults::default();
        match (faults.add(&body), expected) {
            (Ok(got), Ok(want)) => {
                for (k, v) in want.as_object().expect("object") {
                    assert_eq!(&got[k], v, "{k} of {body}");
                }
            }
            (Err(e), Err(want)) => {
                assert!(e.first().message.contains(want), "{} !~ {want}", e.first().message)
            }
            (got, want) => panic!("{body}: {got:?} vs {want:?}"),
        }
    }

    #[test]
    fn rules_read_with_defaults_and_clear_errors() {
        check(json!({"path":"/x","code":"FORBIDDEN"}), Ok(json!({"status":403,"remaining":1})));
        check(json!({"path":"/x","status":503}), Ok(json!({"code":"SERVICE_UNAVAILABLE"})));
        check(
            json!({"path":"/x","status":500,"code":"MY_CODE"}),
            Ok(json!({"message":"Injected fault."})),
        );
        check(
            json!({"path":"/x","delay_ms":10,"method":"get"}),
            Ok(json!({"method":"GET","status":null})),
        );
        check(json!({"path":"/x","status":418}), Err("no Directus error code has status 418"));
        check(json!({"path":"/x","code":"MY_CODE"}), Err("give \"status\""));
        check(json!({"path":"/x","code":"forbidden"}), Err("must be an error code"));
        check(json!({"path":"/x"}), Err("answers an error"));
        check(json!({"code":"FORBIDDEN"}), Err("\"path\" is required"));
        check(json!({"path":"x","code":"FORBIDDEN"}), Err("must start with"));
        check(json!({"path":"/x","status":200}), Err("from 400 to 599"));
        check(json!({"path":"/x","code":"FORBIDDEN","times":0}), Err("\"times\""));
        check(json!({"path":"/x","delay_ms":60001}), Err("\"delay_ms\""));
        check(json!({"path":"/x","code":"FORBIDDEN","method":"FETCH"}), Err("not an HTTP method"));
        check(json!({"path":"/x","code":"FORBIDDEN","when":1}), Err("unknown key \"when\""));
        check(json!([1]), Err("JSON object"));
    }

    #[test]
    fn a_rule_is_used_n_times_in_order() {
        let faults = Faults::default();
        faults.add(&json!({"path":"/a*","code":"FORBIDDEN","times":2})).expect("added");
        faults.add(&json!({"path":"/a/b","method":"POST","status":500})).expect("added");
        assert_eq!(faults.take("POST", "/a/b").map(|r| r.id), Some(1));
        assert_eq!(faults.take("GET", "/b"), None);
        assert_eq!(faults.take("POST", "/a/b").map(|r| r.id), Some(1));
        assert_eq!(faults.take("GET", "/a/b"), None);
        assert_eq!(faults.take("POST", "/a/b").map(|r| r.id), Some(2));
        assert!(faults.list().is_empty());
    }
}
