//! The step vocabulary. Small and generic on purpose, so a new scenario is
//! Gherkin only:
//!
//! - `When <persona> sends <METHOD> <path>` with an optional JSON doc string;
//!   `... with content type "<type>"` sends the doc string as it is.
//! - `Then the status is <n>`, `Then the response is an error <CODE>`,
//!   `Then the error message is "<text>"`, `Then the error reason is "<text>"`.
//! - `Then the response matches:` (subset) / `Then the response is exactly:`
//!   with a JSON doc string (placeholders: see `jsonmatch`).
//! - `Then "<path>" is <json>`, `Then "<path>" has <n> items`,
//!   `Then the keys of "<path>" are <json array>` (in order).
//! - `Then the body is empty`, `Then the header "<name>" is "<value>"`.
//! - `Then the response matches the snapshot "<name>"`.
//! - `When I remember "<path>" as "<name>"`; later `{{name}}` in paths and bodies.
//! - `Given <persona> creates <n> items in <collection> from:` with a JSON
//!   template in which `{{n}}` counts 1..n (one POST with all of them).
//! - `Given "<name>" is a string of <n> characters`, `Given "<name>" is a JSON
//!   array of <n> copies of <json>` (bodies over the 100-row limits).
//! - `When <persona> queries <path>:` with a GraphQL document as doc string
//!   (POST `{"query": ...}`); `... queries <path> with variables <json>:` adds
//!   `variables`. Only documents with a `mutation` trigger the fixture reset.
//! - `Given "<name>" is "<text>" repeated <n> times` (long documents, e.g. token limits).
//!
//! Personas: `admin`, `anonymous`, and those of the fixture's personas.json.

use anyhow::{Result, anyhow, bail, ensure};
use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use serde_json::Value;

use crate::api::Request;
use crate::codes;
use crate::jsonmatch::{self, Mode};
use crate::world::ConformanceWorld;

fn docstring(step: &Step) -> Option<&str> {
    step.docstring.as_deref()
}

fn parse_json(text: &str, what: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|e| anyhow!("{what} is not valid JSON ({e}): {text}"))
}

#[given(regex = r#"^(\S+) sends (GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS) (\S+)$"#)]
#[when(regex = r#"^(\S+) sends (GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS) (\S+)$"#)]
async fn sends(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: String,
    path: String,
) -> Result<()> {
    let body = match docstring(step) {
        Some(text) => {
            let text = w.interpolate(text)?;
            // Validate here so a typo in a feature is reported as such, not as a server error.
            parse_json(&text, "the request body")?;
            Some(text.into_bytes())
        }
        None => None,
    };
    w.send(&persona, Request { method, path, body, ..Request::default() }).await
}

#[given(
    regex = r#"^(\S+) sends (GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS) (\S+) with content type "([^"]*)"$"#
)]
#[when(
    regex = r#"^(\S+) sends (GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS) (\S+) with content type "([^"]*)"$"#
)]
async fn sends_raw(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: String,
    path: String,
    content_type: String,
) -> Result<()> {
    let body = match docstring(step) {
        Some(text) => w.interpolate(text)?.into_bytes(),
        None => Vec::new(),
    };
    w.send(
        &persona,
        Request {
            method,
            path,
            body: Some(body),
            content_type: Some(content_type),
            ..Request::default()
        },
    )
    .await
}

#[given(
    regex = r#"^(\S+) sends (GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS) (\S+) with header "([^":]+): ([^"]*)"$"#
)]
#[when(
    regex = r#"^(\S+) sends (GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS) (\S+) with header "([^":]+): ([^"]*)"$"#
)]
async fn sends_with_header(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: String,
    path: String,
    name: String,
    value: String,
) -> Result<()> {
    let body = match docstring(step) {
        Some(text) => Some(w.interpolate(text)?.into_bytes()),
        None => None,
    };
    let value = w.interpolate(&value)?;
    w.send(
        &persona,
        Request { method, path, body, headers: vec![(name, value)], ..Request::default() },
    )
    .await
}

#[given(regex = r#"^(\S+) creates (\d+) items in (\S+) from:?$"#)]
async fn creates_many(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    n: usize,
    collection: String,
) -> Result<()> {
    let template =
        docstring(step).ok_or_else(|| anyhow!("this step needs a JSON doc string template"))?;
    let mut items = Vec::with_capacity(n);
    for i in 1..=n {
        let text = w.interpolate(&template.replace("{{n}}", &i.to_string()))?;
        items.push(parse_json(&text, "the item template")?);
    }
    let body = Some(serde_json::to_vec(&Value::Array(items))?);
    let path = format!("/items/{collection}?fields=*&limit=-1");
    w.send(&persona, Request { method: "POST".into(), path, body, ..Request::default() }).await?;
    let ex = w.last()?;
    ensure!(
        ex.status == 200 || ex.status == 204,
        "{}: creating {n} items failed: {}",
        ex.summary(),
        ex.body_excerpt()
    );
    Ok(())
}

/// Sends a GraphQL document (and variables) as POST `{"query", "variables"}`.
async fn send_graphql(
    w: &mut ConformanceWorld,
    step: &Step,
    persona: &str,
    path: String,
    variables: Option<&str>,
) -> Result<()> {
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a GraphQL doc string"))?;
    // The doc string starts after its opening line: error locations count from the document.
    let text = text.strip_prefix('\n').unwrap_or(text);
    let document = w.interpolate(text.strip_suffix('\n').unwrap_or(text))?;
    let mut body = serde_json::json!({ "query": document });
    if let Some(vars) = variables {
        body["variables"] = parse_json(&w.interpolate(vars)?, "the variables")?;
    }
    let wrote = w.wrote;
    let text = serde_json::to_vec(&body)?;
    w.send(
        persona,
        Request { method: "POST".into(), path, body: Some(text), ..Request::default() },
    )
    .await?;
    w.wrote = wrote || document.contains("mutation");
    Ok(())
}

#[given(regex = r#"^(\S+) queries (\S+):$"#)]
#[when(regex = r#"^(\S+) queries (\S+):$"#)]
async fn graphql_query(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    path: String,
) -> Result<()> {
    send_graphql(w, step, &persona, path, None).await
}

#[given(regex = r#"^(\S+) queries (\S+) with variables (.+):$"#)]
#[when(regex = r#"^(\S+) queries (\S+) with variables (.+):$"#)]
async fn graphql_query_vars(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    path: String,
    variables: String,
) -> Result<()> {
    send_graphql(w, step, &persona, path, Some(&variables)).await
}

#[given(regex = r#"^I remember "([^"]*)" as "([^"]+)"$"#)]
#[when(regex = r#"^I remember "([^"]*)" as "([^"]+)"$"#)]
#[then(regex = r#"^I remember "([^"]*)" as "([^"]+)"$"#)]
async fn remember(w: &mut ConformanceWorld, path: String, name: String) -> Result<()> {
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let value = jsonmatch::at_path(json, &path)
        .cloned()
        .ok_or_else(|| anyhow!("{ex}: nothing at \"{path}\""))?;
    w.vars.insert(name, value);
    Ok(())
}

#[given(regex = r#"^"([^"]+)" is "(.*)" repeated (\d+) times$"#)]
async fn repeated_string(
    w: &mut ConformanceWorld,
    name: String,
    text: String,
    n: usize,
) -> Result<()> {
    w.vars.insert(name, Value::String(text.repeat(n)));
    Ok(())
}

#[given(regex = r#"^"([^"]+)" is a string of (\d+) characters$"#)]
async fn long_string(w: &mut ConformanceWorld, name: String, len: usize) -> Result<()> {
    w.vars.insert(name, Value::String("x".repeat(len)));
    Ok(())
}

/// A list of `n` copies of one JSON value, for scenarios about row limits.
#[given(regex = r#"^"([^"]+)" is a JSON array of (\d+) copies of (.+)$"#)]
async fn copies(w: &mut ConformanceWorld, name: String, n: usize, item: String) -> Result<()> {
    let item = parse_json(&w.interpolate(&item)?, "the copied value")?;
    w.vars.insert(name, Value::Array(vec![item; n]));
    Ok(())
}

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
    let expected = w.interpolate(&expected)?.replace("\\\"", "\"");
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
    let expected = w.interpolate(&expected)?.replace("\\\"", "\"");
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

fn match_body(w: &ConformanceWorld, step: &Step, mode: Mode) -> Result<()> {
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a JSON doc string"))?;
    let expected = parse_json(&w.interpolate(text)?, "the expected response")?;
    let ex = w.last()?;
    let actual = w.last_json()?;
    if let Some(m) = jsonmatch::compare(&expected, actual, mode) {
        bail!("{}: response differs {m}\n{}", ex.summary(), jsonmatch::diff(&expected, actual));
    }
    Ok(())
}

#[then(regex = r#"^the response matches:?$"#)]
async fn response_matches(w: &mut ConformanceWorld, #[step] step: &Step) -> Result<()> {
    match_body(w, step, Mode::Subset)
}

#[then(regex = r#"^the response is exactly:?$"#)]
async fn response_exactly(w: &mut ConformanceWorld, #[step] step: &Step) -> Result<()> {
    match_body(w, step, Mode::Exact)
}

#[then(regex = r#"^"([^"]*)" is (.+)$"#)]
async fn path_is(w: &mut ConformanceWorld, path: String, expected: String) -> Result<()> {
    let expected = parse_json(&w.interpolate(&expected)?, "the expected value")?;
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let actual = jsonmatch::at_path(json, &path)
        .ok_or_else(|| anyhow!("{ex}: nothing at \"{path}\" in {json}"))?;
    if let Some(m) = jsonmatch::compare(&expected, actual, Mode::Exact) {
        bail!("{ex}: \"{path}\" {m}");
    }
    Ok(())
}

#[then(regex = r#"^"([^"]*)" is absent$"#)]
async fn path_absent(w: &mut ConformanceWorld, path: String) -> Result<()> {
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    if let Some(v) = jsonmatch::at_path(json, &path) {
        bail!("{ex}: expected nothing at \"{path}\", found {v}");
    }
    Ok(())
}

#[then(regex = r#"^"([^"]*)" has (\d+) items?$"#)]
async fn path_len(w: &mut ConformanceWorld, path: String, n: usize) -> Result<()> {
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let actual =
        jsonmatch::at_path(json, &path).ok_or_else(|| anyhow!("{ex}: nothing at \"{path}\""))?;
    let len = actual
        .as_array()
        .map(Vec::len)
        .ok_or_else(|| anyhow!("{ex}: \"{path}\" is not an array: {actual}"))?;
    ensure!(len == n, "{ex}: \"{path}\" has {len} items, expected {n}");
    Ok(())
}

#[then(regex = r#"^the keys of "([^"]*)" are (\[.*\])$"#)]
async fn keys_are(w: &mut ConformanceWorld, path: String, expected: String) -> Result<()> {
    let expected: Vec<String> =
        serde_json::from_str(&expected).map_err(|e| anyhow!("bad key list {expected}: {e}"))?;
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let actual = jsonmatch::at_path(json, &path)
        .and_then(Value::as_object)
        .ok_or_else(|| anyhow!("{ex}: no object at \"{path}\""))?;
    let keys: Vec<&String> = actual.keys().collect();
    ensure!(
        keys == expected.iter().collect::<Vec<_>>(),
        "{ex}: keys of \"{path}\" are {keys:?}, expected {expected:?}"
    );
    Ok(())
}

#[then(regex = r#"^the body is empty$"#)]
async fn body_empty(w: &mut ConformanceWorld) -> Result<()> {
    let ex = w.last()?;
    ensure!(
        ex.text.is_empty(),
        "{}: expected an empty body, got {:?}",
        ex.summary(),
        ex.body_excerpt()
    );
    Ok(())
}

#[then(regex = r#"^the body is "(.*)"$"#)]
async fn body_is(w: &mut ConformanceWorld, expected: String) -> Result<()> {
    let ex = w.last()?;
    ensure!(
        ex.text == expected,
        "{}: body is {:?}, expected {expected:?}",
        ex.summary(),
        ex.body_excerpt()
    );
    Ok(())
}

#[then(regex = r#"^the header "([^"]+)" is "([^"]*)"$"#)]
async fn header_is(w: &mut ConformanceWorld, name: String, expected: String) -> Result<()> {
    let ex = w.last()?;
    let got = ex.header(&name);
    ensure!(
        got == Some(expected.as_str()),
        "{}: header {name} is {got:?}, expected {expected:?}",
        ex.summary()
    );
    Ok(())
}

#[then(regex = r#"^the header "([^"]+)" contains "([^"]*)"$"#)]
async fn header_contains(w: &mut ConformanceWorld, name: String, expected: String) -> Result<()> {
    let ex = w.last()?;
    let got = ex.header(&name);
    ensure!(
        got.is_some_and(|g| g.contains(&expected)),
        "{}: header {name} is {got:?}, expected it to contain {expected:?}",
        ex.summary()
    );
    Ok(())
}

#[then(regex = r#"^there is no header "([^"]+)"$"#)]
async fn header_absent(w: &mut ConformanceWorld, name: String) -> Result<()> {
    let ex = w.last()?;
    ensure!(
        ex.header(&name).is_none(),
        "{}: unexpected header {name}: {:?}",
        ex.summary(),
        ex.header(&name)
    );
    Ok(())
}

#[then(regex = r#"^the response matches the snapshot "([^"]+)"$"#)]
async fn snapshot(w: &mut ConformanceWorld, name: String) -> Result<()> {
    let run = w.run()?.clone();
    let ex = w.last()?;
    let actual = w.last_json()?;
    let path = run.snapshots.join(format!("{name}.json"));
    if run.update_snapshots {
        let text = serde_json::to_string_pretty(actual)? + "\n";
        std::fs::write(&path, text).map_err(|e| anyhow!("writing {}: {e}", path.display()))?;
        return Ok(());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        anyhow!(
            "snapshot {} is missing ({e}); run with --update-snapshots to record it",
            path.display()
        )
    })?;
    let expected = parse_json(&text, "the snapshot")?;
    if let Some(m) = jsonmatch::compare(&expected, actual, Mode::Exact) {
        bail!(
            "{}: differs from snapshot {name} {m}\n{}",
            ex.summary(),
            jsonmatch::diff(&expected, actual)
        );
    }
    Ok(())
}
