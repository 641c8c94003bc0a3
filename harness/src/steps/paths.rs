//! Assertions on one value of the JSON body, named by a `data.0.title`-style
//! path (numeric segments index arrays; see `jsonmatch::at_path`).

use anyhow::{Result, anyhow, bail, ensure};
use cucumber::then;
use serde_json::Value;

use super::{expected_text, parse_json};
use crate::jsonmatch::{self, Mode};
use crate::world::ConformanceWorld;

/// The last exchange's summary and the value at `path` of its JSON body.
fn value_at<'w>(w: &'w ConformanceWorld, path: &str) -> Result<(String, &'w Value)> {
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    let actual = jsonmatch::at_path(json, path)
        .ok_or_else(|| anyhow!("{ex}: nothing at \"{path}\" in {json}"))?;
    Ok((ex, actual))
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

#[then(regex = r#"^"([^"]*)" is (.+)$"#)]
async fn path_is(w: &mut ConformanceWorld, path: String, expected: String) -> Result<()> {
    if expected == "absent" {
        return path_absent(w, &path);
    }
    if let Some(other) = expected.strip_prefix("not ") {
        return path_is_not(w, &path, other);
    }
    let expected = parse_json(&w.interpolate(&expected)?, "the expected value")?;
    let (ex, actual) = value_at(w, &path)?;
    if let Some(m) = jsonmatch::compare(&expected, actual, Mode::Exact) {
        bail!("{ex}: \"{path}\" {m}");
    }
    Ok(())
}

/// `Then "<path>" is not <json>` (dispatched from `path_is`, whose pattern also matches it).
fn path_is_not(w: &ConformanceWorld, path: &str, other: &str) -> Result<()> {
    let unexpected = parse_json(&w.interpolate(other)?, "the value")?;
    let (ex, actual) = value_at(w, path)?;
    if jsonmatch::compare(&unexpected, actual, Mode::Exact).is_none() {
        bail!("{ex}: \"{path}\" is {actual}, expected anything else");
    }
    Ok(())
}

/// `Then "<path>" is absent` (dispatched from `path_is`, whose pattern also matches it).
fn path_absent(w: &ConformanceWorld, path: &str) -> Result<()> {
    let ex = w.last()?.summary();
    let json = w.last_json()?;
    if let Some(v) = jsonmatch::at_path(json, path) {
        bail!("{ex}: expected nothing at \"{path}\", found {v}");
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

#[then(regex = r#"^"([^"]*)" has (\d+) items?$"#)]
async fn path_len(w: &mut ConformanceWorld, path: String, n: usize) -> Result<()> {
    let (ex, actual) = value_at(w, &path)?;
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

/// The string at a path, compared as plain text (no JSON escaping, so it
/// fits in tables): `Then "errors.0.message" reads "Unknown fragment "F"."`.
#[then(regex = r#"^"([^"]*)" reads "(.*)"$"#)]
async fn path_reads(w: &mut ConformanceWorld, path: String, expected: String) -> Result<()> {
    let expected = expected_text(w, &expected)?;
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
