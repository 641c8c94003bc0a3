//! Setup steps that build data through several requests. Each request they
//! send must succeed; the first that does not fails the scenario with its
//! exchange (`POST /collections -> 403 LIMIT_EXCEEDED, expected 2xx: ...`).

use anyhow::{Result, anyhow, ensure};
use cucumber::gherkin::Step;
use cucumber::given;
use serde_json::Value;

use super::{docstring, parse_json};
use crate::api::{Method, Request};
use crate::world::ConformanceWorld;

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
    w.send(&persona, Request { method: Method::Post, path, body, ..Request::default() }).await?;
    w.last()?.ensure_success()
}

/// Whether a listed collection counts against an unlicensed Directus' cap: a
/// user collection with a table, metadata and status active (no status is active).
fn counts_against_licence(c: &Value) -> Result<bool> {
    let name =
        c["collection"].as_str().ok_or_else(|| anyhow!("a collection without a name: {c}"))?;
    let status = c["meta"]["status"].as_str().unwrap_or("active");
    Ok(!name.starts_with("directus_")
        && !c["schema"].is_null()
        && !c["meta"].is_null()
        && status == "active")
}

/// Tops the target up to `n` collections that count against an unlicensed
/// Directus' cap, creating the missing ones from the name template (`{{n}}`
/// numbers them).
#[given(
    regex = r#"^(\S+) creates collections named "([^"]+)" until (\d+) count against the licence$"#
)]
async fn fill_collections(
    w: &mut ConformanceWorld,
    persona: String,
    template: String,
    n: usize,
) -> Result<()> {
    let path = "/collections?limit=-1".to_owned();
    w.send(&persona, Request { method: Method::Get, path, ..Request::default() }).await?;
    let ex = w.last()?;
    ex.ensure_success()?;
    let listed =
        ex.json.as_ref().and_then(|j| j["data"].as_array()).ok_or_else(|| {
            anyhow!("{}: data is not a list: {}", ex.summary(), ex.body_excerpt())
        })?;
    let mut counted = 0;
    for c in listed {
        counted += usize::from(counts_against_licence(c)?);
    }
    ensure!(counted <= n, "the target already has {counted} active collections, more than {n}");
    for i in 1..=(n - counted) {
        let name = w.interpolate(&template.replace("{{n}}", &i.to_string()))?;
        let body = serde_json::json!({"collection": name, "schema": {}, "meta": {}});
        let body = Some(serde_json::to_vec(&body)?);
        let path = "/collections".to_owned();
        w.send(&persona, Request { method: Method::Post, path, body, ..Request::default() })
            .await?;
        w.last()?.ensure_success()?;
    }
    Ok(())
}
