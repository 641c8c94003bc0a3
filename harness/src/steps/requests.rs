//! Request steps: a persona sends one HTTP request or GraphQL document, and
//! the exchange becomes the one the `Then` steps judge. Under `Given` a
//! request is setup, not the thing under test: anything but a 2xx (for
//! GraphQL, also an `errors` list) fails the scenario right there.

use anyhow::{Result, anyhow, bail};
use cucumber::gherkin::{Step, StepType};
use cucumber::{given, when};

use super::{docstring, parse_json};
use crate::api::{Method, Request};
use crate::world::ConformanceWorld;

/// Sends the request and, when the step is a `Given`, holds it to a 2xx.
async fn send(w: &mut ConformanceWorld, step: &Step, persona: &str, req: Request) -> Result<()> {
    w.send(persona, req).await?;
    if step.ty == StepType::Given {
        w.last()?.ensure_success()?;
    }
    Ok(())
}

#[given(expr = "{word} sends {method} {word}")]
#[when(expr = "{word} sends {method} {word}")]
async fn sends(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: Method,
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
    send(w, step, &persona, Request { method, path, body, ..Request::default() }).await
}

#[given(expr = "{word} sends {method} {word} with content type {string}")]
#[when(expr = "{word} sends {method} {word} with content type {string}")]
async fn sends_raw(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: Method,
    path: String,
    content_type: String,
) -> Result<()> {
    let body = match docstring(step) {
        Some(text) => w.interpolate(text)?.into_bytes(),
        None => Vec::new(),
    };
    let content_type = Some(content_type);
    let req = Request { method, path, body: Some(body), content_type, ..Request::default() };
    send(w, step, &persona, req).await
}

/// `with header "<name>: <value>"`.
#[given(expr = "{word} sends {method} {word} with header {string}")]
#[when(expr = "{word} sends {method} {word} with header {string}")]
async fn sends_with_header(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: Method,
    path: String,
    header: String,
) -> Result<()> {
    let Some((name, value)) =
        header.split_once(':').and_then(|(n, v)| Some((n, v.strip_prefix(' ')?)))
    else {
        bail!("the header {header:?} is not written \"<name>: <value>\"");
    };
    let body = match docstring(step) {
        Some(text) => Some(w.interpolate(text)?.into_bytes()),
        None => None,
    };
    let headers = vec![(name.to_owned(), w.interpolate(value)?)];
    send(w, step, &persona, Request { method, path, body, headers, ..Request::default() }).await
}

/// `with headers:` and a table of `| <name> | <value> |` rows (no header row).
#[given(expr = "{word} sends {method} {word} with headers:")]
#[when(expr = "{word} sends {method} {word} with headers:")]
async fn sends_with_headers(
    w: &mut ConformanceWorld,
    #[step] step: &Step,
    persona: String,
    method: Method,
    path: String,
) -> Result<()> {
    let table = step.table.as_ref().ok_or_else(|| anyhow!("this step needs a table of headers"))?;
    let mut headers = Vec::new();
    for row in &table.rows {
        let [name, value] = row.as_slice() else { bail!("a header row needs two cells: {row:?}") };
        headers.push((name.clone(), w.interpolate(value)?));
    }
    send(w, step, &persona, Request { method, path, headers, ..Request::default() }).await
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
    let req = Request { method: Method::Post, path, body: Some(text), ..Request::default() };
    w.send(persona, req).await?;
    w.wrote = wrote || document.contains("mutation");
    if step.ty == StepType::Given {
        let ex = w.last()?;
        ex.ensure_success()?;
        if ex.json.as_ref().and_then(|j| j.get("errors")).is_some_and(|e| !e.is_null()) {
            bail!("{}, expected no GraphQL errors: {}", ex.summary(), ex.body_excerpt());
        }
    }
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
