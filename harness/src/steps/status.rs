//! Assertions on the status and on Directus' error envelope
//! (`{"errors":[{"message","extensions":{"code"}}]}`).

use anyhow::{Result, anyhow, ensure};
use cucumber::then;
use serde_json::Value;

use super::expected_text;
use crate::codes;
use crate::world::ConformanceWorld;

#[then(regex = r#"^the status is (\d{3})$"#)]
async fn status_is(w: &mut ConformanceWorld, status: u16) -> Result<()> {
    let ex = w.last()?;
    ensure!(ex.status == status, "{}, expected {status}: {}", ex.summary(), ex.body_excerpt());
    Ok(())
}

/// Checks the Directus error envelope and that the code comes with its status.
fn check_error(w: &ConformanceWorld, code: &str) -> Result<()> {
    let ex = w.last()?;
    let json = ex.json.as_ref().ok_or_else(|| {
        anyhow!("{}: expected an error envelope, body is {:?}", ex.summary(), ex.body_excerpt())
    })?;
    let errors = json.get("errors").and_then(Value::as_array).ok_or_else(|| {
        anyhow!("{}: expected {{\"errors\":[...]}}, got {}", ex.summary(), ex.body_excerpt())
    })?;
    ensure!(!errors.is_empty(), "{}: \"errors\" is empty", ex.summary());
    for (i, e) in errors.iter().enumerate() {
        ensure!(
            e.get("message").is_some_and(Value::is_string),
            "{}: errors[{i}] has no string message",
            ex.summary()
        );
        ensure!(
            e.pointer("/extensions/code").is_some_and(Value::is_string),
            "{}: errors[{i}] has no extensions.code",
            ex.summary()
        );
    }
    let got = ex.error_code().unwrap_or("");
    ensure!(got == code, "{}, expected {code}: {}", ex.summary(), ex.body_excerpt());
    if let Some(status) = codes::status_of(code) {
        ensure!(ex.status == status, "{}, expected status {status} for {code}", ex.summary());
    }
    Ok(())
}

#[then(regex = r#"^the response is an error ([A-Z_]+)$"#)]
async fn is_error(w: &mut ConformanceWorld, code: String) -> Result<()> {
    check_error(w, &code)
}

#[then(regex = r#"^the response is an error ([A-Z_]+) with status (\d{3})$"#)]
async fn is_error_status(w: &mut ConformanceWorld, code: String, status: u16) -> Result<()> {
    let ex = w.last()?;
    ensure!(ex.status == status, "{}, expected status {status}", ex.summary());
    let got = ex.error_code().unwrap_or("");
    ensure!(got == code, "{}, expected {code}: {}", ex.summary(), ex.body_excerpt());
    Ok(())
}

fn first_error_field(w: &ConformanceWorld, pointer: &str) -> Result<Option<String>> {
    let json = w.last_json()?;
    Ok(json.pointer(&format!("/errors/0{pointer}")).and_then(Value::as_str).map(str::to_owned))
}

#[then(regex = r#"^the error message is "(.*)"$"#)]
async fn error_message(w: &mut ConformanceWorld, expected: String) -> Result<()> {
    let expected = expected_text(w, &expected)?;
    let got = first_error_field(w, "/message")?;
    ensure!(
        got.as_deref() == Some(expected.as_str()),
        "{}: message is {got:?}, expected {expected:?}",
        w.last()?.summary()
    );
    Ok(())
}

#[then(regex = r#"^the error reason is "(.*)"$"#)]
async fn error_reason(w: &mut ConformanceWorld, expected: String) -> Result<()> {
    let expected = expected_text(w, &expected)?;
    let got = first_error_field(w, "/extensions/reason")?;
    ensure!(
        got.as_deref() == Some(expected.as_str()),
        "{}: reason is {got:?}, expected {expected:?}",
        w.last()?.summary()
    );
    Ok(())
}

#[then(regex = r#"^the error has no reason$"#)]
async fn error_no_reason(w: &mut ConformanceWorld) -> Result<()> {
    let json = w.last_json()?;
    ensure!(
        json.pointer("/errors/0/extensions/reason").is_none(),
        "{}: extensions.reason is present",
        w.last()?.summary()
    );
    Ok(())
}
