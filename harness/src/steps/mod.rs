//! The step vocabulary. Small and generic on purpose, so a new scenario is
//! Gherkin only:
//!
//! - `When <persona> sends <METHOD> <path>` with an optional JSON doc string;
//!   `... with content type "<type>"` sends the doc string as it is.
//! - `Then the status is <n>`, `Then the response is an error <CODE>`,
//!   `Then the error message is "<text>"`, `Then the error reason is "<text>"`.
//! - `Then the response matches:` (subset) / `Then the response is exactly:`
//!   with a JSON doc string (placeholders: see `jsonmatch`).
//! - `Then "<path>" is <json>` (or `is not <json>`, `is absent`), `Then "<path>" has <n> items`,
//!   `Then the keys of "<path>" are <json array>` (in order),
//!   `Then "<path>" matches the pattern "<regex>"` (a whole string, e.g. a hash).
//! - `Then the body is empty`, `Then the header "<name>" is "<value>"`.
//! - `Then the response matches the snapshot "<name>"`.
//! - `When I remember "<path>" as "<name>"`; later `{{name}}` in paths and bodies;
//!   `When I change "<path>" of "<name>" to <json>` edits a remembered value
//!   (send a schema snapshot back with one change).
//!   `Given "<name>" is "<text>"` sets one directly; `{{unique}}` is a random
//!   text per scenario (emails and tokens that must not collide).
//!   Remembering `token:<persona>` makes `<persona>` a persona sending that token.
//! - Auth: `When I remember the cookie "<name>" as "<var>"`; `Then the response
//!   sets the cookie "<name>"` / `clears the cookie` / `sets no cookie`, `Then the
//!   cookie "<name>" has "<text>"`; `Then the JWT "<var>" has the claims:` (subset);
//!   `Given "<var>" is a JWT signed with "<secret>" that expires in <n> seconds:`
//!   (or `with the target's secret`, for `@needs-jwt-secret` scenarios);
//!   `Given "<var>" is the one-time password for "<base32 secret>"`.
//! - Time: `When I wait <n> seconds`, `Then the response took at least <n> ms`.
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

/// Tops the target up to `n` collections that count against an unlicensed
/// Directus' cap (user collections with a table, metadata and status active),
/// creating the missing ones from the name template (`{{n}}` numbers them).
#[given(
    regex = r#"^(\S+) creates collections named "([^"]+)" until (\d+) count against the licence$"#
)]
async fn fill_collections(
    w: &mut ConformanceWorld,
    persona: String,
    template: String,
    n: usize,
) -> Result<()> {
    w.send(
        &persona,
        Request {
            method: "GET".into(),
            path: "/collections?limit=-1".into(),
            ..Request::default()
        },
    )
    .await?;
    let listed = w.last_json()?;
    let counted = listed["data"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|c| {
                    let name = c["collection"].as_str().unwrap_or("directus_");
                    let status = c["meta"]["status"].as_str().unwrap_or("active");
                    !name.starts_with("directus_")
                        && !c["schema"].is_null()
                        && !c["meta"].is_null()
                        && status == "active"
                })
                .count()
        })
        .unwrap_or(0);
    ensure!(counted <= n, "the target already has {counted} active collections, more than {n}");
    for i in 1..=(n - counted) {
        let name = w.interpolate(&template.replace("{{n}}", &i.to_string()))?;
        let body = serde_json::json!({"collection": name, "schema": {}, "meta": {}});
        w.send(
            &persona,
            Request {
                method: "POST".into(),
                path: "/collections".into(),
                body: Some(serde_json::to_vec(&body)?),
                ..Request::default()
            },
        )
        .await?;
        let ex = w.last()?;
        ensure!(
            ex.status == 200,
            "{}: creating collection {name} failed: {}",
            ex.summary(),
            ex.body_excerpt()
        );
    }
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

#[given(regex = r#"^I change "([^"]+)" of "([^"]+)" to (.+)$"#)]
#[when(regex = r#"^I change "([^"]+)" of "([^"]+)" to (.+)$"#)]
async fn change_remembered(
    w: &mut ConformanceWorld,
    path: String,
    name: String,
    value: String,
) -> Result<()> {
    let value = parse_json(&w.interpolate(&value)?, "the new value")?;
    let mut slot =
        w.vars.get_mut(&name).ok_or_else(|| anyhow!("nothing remembered as {name:?}"))?;
    for key in path.split('.') {
        slot = match slot {
            Value::Object(m) => m.entry(key.to_owned()).or_insert(Value::Null),
            Value::Array(a) => key
                .parse::<usize>()
                .ok()
                .and_then(|i| a.get_mut(i))
                .ok_or_else(|| anyhow!("{name} has no item {key} on the way to \"{path}\""))?,
            other => bail!("{name}: \"{path}\" goes through {other}"),
        };
    }
    *slot = value;
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
    if expected == "absent" {
        return path_absent(w, path);
    }
    if let Some(other) = expected.strip_prefix("not ") {
        return path_is_not(w, path, other);
    }
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

/// `Then "<path>" is not <json>` (dispatched from `path_is`, whose pattern also matches it).
fn path_is_not(w: &mut ConformanceWorld, path: String, other: &str) -> Result<()> {
    let unexpected = parse_json(&w.interpolate(other)?, "the value")?;
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let actual = jsonmatch::at_path(json, &path)
        .ok_or_else(|| anyhow!("{ex}: nothing at \"{path}\" in {json}"))?;
    if jsonmatch::compare(&unexpected, actual, Mode::Exact).is_none() {
        bail!("{ex}: \"{path}\" is {actual}, expected anything else");
    }
    Ok(())
}

#[then(regex = r#"^"([^"]*)" matches the pattern "(.*)"$"#)]
async fn path_matches_pattern(
    w: &mut ConformanceWorld,
    path: String,
    pattern: String,
) -> Result<()> {
    let re = regex::Regex::new(&format!("^(?:{pattern})$"))
        .map_err(|e| anyhow!("bad pattern {pattern:?}: {e}"))?;
    let (ex, actual) = string_at(w, &path)?;
    ensure!(
        re.is_match(&actual),
        "{ex}: \"{path}\" is {actual:?}, expected it to match {pattern:?}"
    );
    Ok(())
}

/// `Then "<path>" is absent` (dispatched from `path_is`, whose pattern also matches it).
fn path_absent(w: &mut ConformanceWorld, path: String) -> Result<()> {
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

/// The last exchange's summary and the string at `path` of its JSON body.
fn string_at(w: &ConformanceWorld, path: &str) -> Result<(String, String)> {
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let actual = jsonmatch::at_path(json, path)
        .and_then(Value::as_str)
        .ok_or_else(|| anyhow!("{ex}: no string at \"{path}\""))?;
    Ok((ex, actual.to_owned()))
}

/// The string at a path, compared as plain text (no JSON escaping, so it
/// fits in tables): `Then "errors.0.message" reads "Unknown fragment "F"."`.
#[then(regex = r#"^"([^"]*)" reads "(.*)"$"#)]
async fn path_reads(w: &mut ConformanceWorld, path: String, expected: String) -> Result<()> {
    let expected = w.interpolate(&expected)?.replace("\\\"", "\"");
    let (ex, actual) = string_at(w, &path)?;
    ensure!(actual == expected, "{ex}: \"{path}\" is {actual:?}, expected {expected:?}");
    Ok(())
}

#[then(regex = r#"^"([^"]*)" starts with "(.*)"$"#)]
async fn path_starts_with(w: &mut ConformanceWorld, path: String, prefix: String) -> Result<()> {
    let prefix = w.interpolate(&prefix)?;
    let (ex, actual) = string_at(w, &path)?;
    ensure!(
        actual.starts_with(&prefix),
        "{ex}: \"{path}\" is {actual:?}, expected it to start with {prefix:?}"
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

/// The body, byte for byte, as the doc string spells it; a last line `⏎`
/// stands for a final newline (doc strings drop theirs).
#[then(regex = r#"^the body is:$"#)]
async fn body_is_doc(w: &mut ConformanceWorld, #[step] step: &Step) -> Result<()> {
    let expected = docstring(step).ok_or_else(|| anyhow!("this step needs a doc string"))?;
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    let expected = expected.strip_suffix('\n').unwrap_or(expected);
    let expected = expected.strip_suffix('⏎').unwrap_or(expected).to_owned();
    let ex = w.last()?;
    ensure!(ex.text == expected, "{}: body is {:?}, expected {expected:?}", ex.summary(), ex.text);
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

#[given(regex = r#"^"([^"]+)" is "(.*)"$"#)]
#[when(regex = r#"^"([^"]+)" is "(.*)"$"#)]
async fn set_var(w: &mut ConformanceWorld, name: String, value: String) -> Result<()> {
    let value = w.interpolate(&value)?;
    w.vars.insert(name, Value::String(value));
    Ok(())
}

#[given(regex = r#"^I wait (\d+(?:\.\d+)?) seconds?$"#)]
#[when(regex = r#"^I wait (\d+(?:\.\d+)?) seconds?$"#)]
async fn wait(_w: &mut ConformanceWorld, seconds: f64) -> Result<()> {
    tokio::time::sleep(std::time::Duration::from_secs_f64(seconds)).await;
    Ok(())
}

#[then(regex = r#"^the response took at least (\d+) ms$"#)]
async fn took_at_least(w: &mut ConformanceWorld, ms: u64) -> Result<()> {
    let ex = w.last()?;
    ensure!(
        ex.elapsed.as_millis() as u64 >= ms,
        "{}: answered after {} ms, expected at least {ms} ms",
        ex.summary(),
        ex.elapsed.as_millis()
    );
    Ok(())
}

/// The value of the cookie a response sets: `name=value; ...`.
fn cookie_value(set_cookie: &str) -> &str {
    set_cookie.split(';').next().and_then(|kv| kv.split_once('=')).map_or("", |(_, v)| v.trim())
}

#[given(regex = r#"^I remember the cookie "([^"]+)" as "([^"]+)"$"#)]
#[when(regex = r#"^I remember the cookie "([^"]+)" as "([^"]+)"$"#)]
#[then(regex = r#"^I remember the cookie "([^"]+)" as "([^"]+)"$"#)]
async fn remember_cookie(w: &mut ConformanceWorld, cookie: String, name: String) -> Result<()> {
    let ex = w.last()?;
    let header = ex.required_set_cookie(&cookie)?;
    let value = cookie_value(header).to_owned();
    w.vars.insert(name, Value::String(value));
    Ok(())
}

#[then(regex = r#"^the response sets the cookie "([^"]+)"$"#)]
async fn sets_cookie(w: &mut ConformanceWorld, cookie: String) -> Result<()> {
    let ex = w.last()?;
    let header = ex.required_set_cookie(&cookie)?;
    ensure!(!cookie_value(header).is_empty(), "{}: {cookie} is set empty: {header}", ex.summary());
    Ok(())
}

#[then(regex = r#"^the response clears the cookie "([^"]+)"$"#)]
async fn clears_cookie(w: &mut ConformanceWorld, cookie: String) -> Result<()> {
    let ex = w.last()?;
    let header = ex.required_set_cookie(&cookie)?;
    ensure!(cookie_value(header).is_empty(), "{}: {cookie} is not cleared: {header}", ex.summary());
    Ok(())
}

#[then(regex = r#"^the response sets no cookie "([^"]+)"$"#)]
async fn sets_no_cookie(w: &mut ConformanceWorld, cookie: String) -> Result<()> {
    let ex = w.last()?;
    if let Some(header) = ex.set_cookie(&cookie) {
        bail!("{}: unexpected Set-Cookie {header}", ex.summary());
    }
    Ok(())
}

#[then(regex = r#"^the cookie "([^"]+)" has "([^"]*)"$"#)]
async fn cookie_has(w: &mut ConformanceWorld, cookie: String, text: String) -> Result<()> {
    let ex = w.last()?;
    let header = ex.required_set_cookie(&cookie)?;
    ensure!(header.contains(&text), "{}: {header} does not contain {text:?}", ex.summary());
    Ok(())
}

/// The payload of a JWT, decoded without checking its signature.
fn jwt_payload(token: &str) -> Result<Value> {
    use base64::Engine as _;
    let payload = token.split('.').nth(1).ok_or_else(|| anyhow!("{token:?} is not a JWT"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| anyhow!("the JWT payload is not base64url: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| anyhow!("the JWT payload is not JSON: {e}"))
}

#[then(regex = r#"^the JWT "([^"]+)" has the claims:?$"#)]
async fn jwt_claims(w: &mut ConformanceWorld, #[step] step: &Step, var: String) -> Result<()> {
    let token = w.interpolate(&format!("{{{{{var}}}}}"))?;
    let claims = jwt_payload(&token)?;
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a JSON doc string"))?;
    let expected = parse_json(&w.interpolate(text)?, "the expected claims")?;
    if let Some(m) = jsonmatch::compare(&expected, &claims, Mode::Subset) {
        bail!("the claims of {var} differ {m}\n{}", jsonmatch::diff(&expected, &claims));
    }
    Ok(())
}

#[given(
    regex = r#"^"([^"]+)" is a JWT signed with (the target's secret|"[^"]*") that expires in (-?\d+) seconds:?$"#
)]
async fn forge_jwt(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    name: String,
    secret: String,
    expires_in: i64,
) -> Result<()> {
    let secret = if secret == "the target's secret" {
        w.run()?.jwt_secret.clone().ok_or_else(|| {
            anyhow!("the target's secret is unknown: tag the scenario @needs-jwt-secret")
        })?
    } else {
        secret.trim_matches('"').to_owned()
    };
    let text = docstring(step).map(|t| w.interpolate(t)).transpose()?.unwrap_or("{}".into());
    let mut claims = parse_json(&text, "the claims")?;
    let now = chrono::Utc::now().timestamp();
    let map = claims.as_object_mut().ok_or_else(|| anyhow!("the claims must be an object"))?;
    map.entry("iat").or_insert(Value::from(now.min(now + expires_in) - 1));
    map.insert("exp".into(), Value::from(now + expires_in));
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .map_err(|e| anyhow!("signing the JWT: {e}"))?;
    w.vars.insert(name, Value::String(token));
    Ok(())
}

#[given(regex = r#"^"([^"]+)" is the one-time password for "([^"]+)"$"#)]
#[when(regex = r#"^"([^"]+)" is the one-time password for "([^"]+)"$"#)]
async fn one_time_password(w: &mut ConformanceWorld, name: String, secret: String) -> Result<()> {
    let secret = w.interpolate(&secret)?;
    let key = totp_rs::Secret::Encoded(secret.clone())
        .to_bytes()
        .map_err(|e| anyhow!("{secret:?} is not a base32 secret: {e:?}"))?;
    // SHA-1, 6 digits, 30 s steps: otplib's authenticator, which Directus uses.
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, key);
    // A code made in the last seconds of its 30 s step may be checked in the next one.
    let into_step = chrono::Utc::now().timestamp().rem_euclid(30);
    if into_step >= 27 {
        tokio::time::sleep(std::time::Duration::from_secs((30 - into_step) as u64 + 1)).await;
    }
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    w.vars.insert(name, Value::String(totp.generate(now)));
    Ok(())
}
