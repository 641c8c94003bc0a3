//! The `json-web-token` operation, as Directus runs it with node's
//! `jsonwebtoken`: `sign` a payload with a secret (HS256, HS384 or HS512;
//! `iat` unless `noTimestamp`, `exp` and `nbf` from `expiresIn` and
//! `notBefore`), `verify` a token (its payload, or `{header, payload,
//! signature}` with `complete`), `decode` one without checking it. A missing
//! option rejects with `{}` (a plain `Error`); a bad signature or an expired
//! token rejects with the library's `{name, message}`. Options the mock does
//! not read reject with a message saying so.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, crypto};
use serde_json::{Map, Value, json};

use super::operations::to_object;
use super::{App, Outcome};

/// Options of `sign` the mock reads.
const SIGN_OPTIONS: &[&str] = &["algorithm", "expiresIn", "notBefore", "noTimestamp"];
/// Options of `verify` and `decode` the mock reads.
const READ_OPTIONS: &[&str] = &["complete", "algorithms", "json"];

/// Runs the operation on its rendered options.
pub(super) fn run(app: &App, options: &Value) -> Outcome {
    let option = |k: &str| options.get(k).filter(|v| truthy(v));
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let extra = options.get("options").and_then(|o| to_object(o).ok()).unwrap_or(Value::Null);
    let extra = extra.as_object().cloned().unwrap_or_default();
    let now = app.now().timestamp();
    let result = match options.get("operation").and_then(Value::as_str) {
        Some("sign") => match (option("payload"), option("secret")) {
            (Some(payload), Some(secret)) => to_object(payload)
                .map_err(|_| Failure::Plain)
                .and_then(|payload| sign(&payload, &text(secret), &extra, now)),
            _ => Err(Failure::Plain),
        },
        Some("verify") => match (option("token"), option("secret")) {
            (Some(token), Some(secret)) => verify(&text(token), &text(secret), &extra, now),
            _ => Err(Failure::Plain),
        },
        Some("decode") => match option("token") {
            Some(token) => decode(&text(token), &extra),
            None => Err(Failure::Plain),
        },
        _ => Err(Failure::Plain),
    };
    match result {
        Ok(value) => Outcome::Resolve(value),
        Err(Failure::Plain) => Outcome::Reject(json!({}), None),
        Err(Failure::Library(data)) => Outcome::Reject(data, None),
        Err(Failure::Unsupported(message)) => {
            tracing::warn!(%message, "a json-web-token operation the mock does not run");
            Outcome::Reject(json!({"name": "Error", "message": message}), None)
        }
    }
}

enum Failure {
    /// A plain `Error`: it serializes as `{}`.
    Plain,
    /// A `JsonWebTokenError` or `TokenExpiredError`, as data.
    Library(Value),
    Unsupported(String),
}

fn library(name: &str, message: &str) -> Failure {
    Failure::Library(json!({"name": name, "message": message}))
}

fn truthy(v: &Value) -> bool {
    super::truthy(v)
}

fn unsupported(options: &Map<String, Value>, known: &[&str]) -> Result<(), Failure> {
    match options.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => {
            Err(Failure::Unsupported(format!("The mock's JSON Web Tokens do not read \"{k}\".")))
        }
        None => Ok(()),
    }
}

fn algorithm(name: Option<&str>) -> Result<Algorithm, Failure> {
    match name.unwrap_or("HS256") {
        "HS256" => Ok(Algorithm::HS256),
        "HS384" => Ok(Algorithm::HS384),
        "HS512" => Ok(Algorithm::HS512),
        other => Err(Failure::Unsupported(format!(
            "The mock signs with HS256, HS384 and HS512, not {other}."
        ))),
    }
}

fn sign(
    payload: &Value,
    secret: &str,
    options: &Map<String, Value>,
    now: i64,
) -> Result<Value, Failure> {
    unsupported(options, SIGN_OPTIONS)?;
    let Value::Object(claims) = payload else {
        return Err(Failure::Unsupported("The mock signs object payloads only.".into()));
    };
    let mut claims = claims.clone();
    let alg_name = options.get("algorithm").and_then(Value::as_str).unwrap_or("HS256");
    let alg = algorithm(Some(alg_name))?;
    let iat = claims.get("iat").and_then(Value::as_i64).unwrap_or(now);
    if !options.get("noTimestamp").is_some_and(truthy) {
        claims.insert("iat".into(), json!(iat));
    }
    for (option, claim) in [("notBefore", "nbf"), ("expiresIn", "exp")] {
        if let Some(span) = options.get(option) {
            let seconds = timespan(span).ok_or_else(|| {
                Failure::Unsupported(format!(
                    "\"{option}\" must be a number of seconds or a span like \"1h\"."
                ))
            })?;
            claims.insert(claim.into(), json!(iat + seconds));
        }
    }
    let header = json!({"alg": alg_name, "typ": "JWT"});
    let message = format!("{}.{}", encode(&header), encode(&Value::Object(claims)));
    let signature =
        crypto::sign(message.as_bytes(), &EncodingKey::from_secret(secret.as_bytes()), alg)
            .map_err(|_| Failure::Plain)?;
    Ok(Value::String(format!("{message}.{signature}")))
}

fn encode(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// A token's three parts: header, payload (as JSON) and signature.
fn parts(token: &str) -> Option<(Value, Value, String)> {
    let mut it = token.split('.');
    let (h, p, s) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let json = |part: &str| -> Option<Value> {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?).ok()
    };
    Some((json(h)?, json(p)?, s.to_owned()))
}

fn verify(
    token: &str,
    secret: &str,
    options: &Map<String, Value>,
    now: i64,
) -> Result<Value, Failure> {
    unsupported(options, READ_OPTIONS)?;
    let (header, payload, signature) =
        parts(token).ok_or_else(|| library("JsonWebTokenError", "jwt malformed"))?;
    let alg = algorithm(header.get("alg").and_then(Value::as_str))?;
    let message = &token[..token.len() - signature.len() - 1];
    let key = DecodingKey::from_secret(secret.as_bytes());
    if !crypto::verify(&signature, message.as_bytes(), &key, alg).unwrap_or(false) {
        return Err(library("JsonWebTokenError", "invalid signature"));
    }
    if let Some(exp) = payload.get("exp").and_then(Value::as_i64)
        && now >= exp
    {
        let at = chrono::DateTime::from_timestamp(exp, 0).unwrap_or_default();
        let at = at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        return Err(Failure::Library(
            json!({"name": "TokenExpiredError", "message": "jwt expired", "expiredAt": at}),
        ));
    }
    Ok(complete(options, header, payload, signature))
}

fn decode(token: &str, options: &Map<String, Value>) -> Result<Value, Failure> {
    unsupported(options, READ_OPTIONS)?;
    // node's `decode` answers null for what it cannot read.
    Ok(parts(token).map_or(Value::Null, |(header, payload, signature)| {
        complete(options, header, payload, signature)
    }))
}

fn complete(
    options: &Map<String, Value>,
    header: Value,
    payload: Value,
    signature: String,
) -> Value {
    if options.get("complete").is_some_and(truthy) {
        json!({"header": header, "payload": payload, "signature": signature})
    } else {
        payload
    }
}

/// Seconds of a `expiresIn`-style span: a number, or vercel/ms text.
fn timespan(span: &Value) -> Option<i64> {
    if let Some(n) = span.as_i64() {
        return Some(n);
    }
    let text = span.as_str()?.trim().to_ascii_lowercase();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let unit_seconds = match unit.trim() {
        "" => return Some((number / 1000.0).floor() as i64),
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "week" | "weeks" => 604_800.0,
        "y" | "yr" | "yrs" | "year" | "years" => 31_557_600.0,
        _ => return None,
    };
    Some((number * unit_seconds).floor() as i64)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[test]
    fn signs_as_node_does() {
        let token = sign(
            &json!({"a": 1, "b": "x"}),
            "s3cret",
            &Map::from_iter([("noTimestamp".into(), json!(true))]),
            0,
        );
        let Ok(Value::String(token)) = token else { panic!("not signed") };
        // Observed on Directus 12.4 for the same payload, secret and options.
        assert_eq!(
            token,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhIjoxLCJiIjoieCJ9.CmQIOo69sBZi2-tujcyTj0cBCG-Zf2FDOMOsfQwoSxo"
        );
        assert!(
            matches!(verify(&token, "s3cret", &Map::new(), 0), Ok(v) if v == json!({"a": 1, "b": "x"}))
        );
        assert!(matches!(verify(&token, "wrong", &Map::new(), 0), Err(Failure::Library(_))));
    }

    #[rstest]
    #[case(json!(60), Some(60))]
    #[case(json!("1h"), Some(3600))]
    #[case(json!("2 days"), Some(172_800))]
    #[case(json!("5000"), Some(5))]
    #[case(json!("soon"), None)]
    fn reads_spans_like_ms(#[case] span: Value, #[case] seconds: Option<i64>) {
        assert_eq!(timespan(&span), seconds);
    }
}
