//! Reading what the target holds, with core endpoints only: every row of a
//! list (paging when the server caps limits), the ids behind a system
//! endpoint, the user collections, the settings. An answer without the
//! expected `data` is an error naming the exchange, never an empty list.

use anyhow::{Result, anyhow};
use serde_json::{Map, Value};

use crate::api::{Api, Auth, Exchange, Method};

/// The `data` of a JSON answer.
fn data(ex: Exchange) -> Result<Value> {
    let summary = ex.summary();
    ex.json
        .and_then(|mut j| j.get_mut("data").map(Value::take))
        .ok_or_else(|| anyhow!("{summary}: the answer has no data"))
}

/// The `data` of a JSON answer, which must be a list.
fn data_list(ex: Exchange) -> Result<Vec<Value>> {
    let summary = ex.summary();
    match data(ex)? {
        Value::Array(rows) => Ok(rows),
        other => Err(anyhow!("{summary}: data is not a list: {other}")),
    }
}

/// The `data` of `GET path` (a query without `limit`) with every row: `limit=-1`,
/// then, on a server that caps limits (`QUERY_LIMIT_MAX`) and so returned fewer
/// rows than it counted, the following pages of the same size.
pub(super) async fn read_all(api: &Api, admin: &Auth, path: &str) -> Result<Value> {
    let first = format!("{path}&limit=-1&meta=filter_count");
    let ex = api.expect(Method::Get, &first, admin, None, 200).await?;
    let summary = ex.summary();
    let counted =
        ex.json.as_ref().and_then(|j| j.pointer("/meta/filter_count")).and_then(Value::as_u64);
    let ex_has_meta = ex.json.as_ref().is_some_and(|j| j.get("meta").is_some());
    let mut rows = match data(ex)? {
        Value::Array(rows) => stored(rows),
        // A singleton answers one object: there is nothing to page through.
        single => return Ok(single),
    };
    // `/shares` answers no `meta`: its rows are all there is to read.
    let Some(counted) = counted else {
        if ex_has_meta {
            return Err(anyhow!("{summary}: no meta.filter_count"));
        }
        return Ok(Value::Array(rows));
    };
    let size = rows.len();
    let mut page = 2;
    while size > 0 && (rows.len() as u64) < counted {
        let next = format!("{path}&limit={size}&page={page}");
        let more = stored(data_list(api.expect(Method::Get, &next, admin, None, 200).await?)?);
        if more.is_empty() {
            break;
        }
        rows.extend(more);
        page += 1;
    }
    Ok(Value::Array(rows))
}

/// The rows of a list that are stored: Directus appends its minimal app
/// permissions (`system: true`, without an id) to every list of
/// `/permissions` a caller with app access reads; they are not rows.
fn stored(rows: Vec<Value>) -> Vec<Value> {
    rows.into_iter()
        .filter(|r| !(r.get("system") == Some(&Value::Bool(true)) && r.get("id").is_none()))
        .collect()
}

/// The text of a primary key, as paths and baselines use it.
pub(super) fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The ids of every row behind a system endpoint (`users`, `roles`, ...).
pub(super) async fn list_ids(api: &Api, admin: &Auth, endpoint: &str) -> Result<Vec<String>> {
    let path = format!("/{endpoint}?fields=id&sort=id");
    let Value::Array(rows) = read_all(api, admin, &path).await? else {
        return Err(anyhow!("GET {path}: data is not a list"));
    };
    Ok(rows.iter().filter_map(|r| r.get("id")).filter(|v| !v.is_null()).map(key_text).collect())
}

/// The names of the target's collections, system collections left out.
pub(super) async fn list_collections(api: &Api, admin: &Auth) -> Result<Vec<String>> {
    let ex = api.expect(Method::Get, "/collections", admin, None, 200).await?;
    let summary = ex.summary();
    let mut names = Vec::new();
    for c in data_list(ex)? {
        let name = c
            .get("collection")
            .and_then(Value::as_str)
            .ok_or_else(|| anyhow!("{summary}: a collection without a name: {c}"))?;
        if !name.starts_with("directus_") {
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

pub(super) async fn read_settings(api: &Api, admin: &Auth) -> Result<Map<String, Value>> {
    let ex = api.expect(Method::Get, "/settings", admin, None, 200).await?;
    let summary = ex.summary();
    match data(ex)? {
        Value::Object(settings) => Ok(settings),
        other => Err(anyhow!("{summary}: data is not an object: {other}")),
    }
}

/// The `id` of the row a create answered with.
pub(super) fn id_of(ex: &Exchange) -> Result<String> {
    ex.json
        .as_ref()
        .and_then(|j| j.pointer("/data/id"))
        .map(key_text)
        .ok_or_else(|| anyhow!("{}: the response carries no data.id", ex.summary()))
}
