//! Remembered values: taken from a response, set directly or built, and used
//! as `{{name}}` in later steps (`ConformanceWorld::interpolate`).

use anyhow::{Result, anyhow, bail};
use cucumber::{given, then, when};
use serde_json::Value;

use super::parse_json;
use crate::jsonmatch;
use crate::world::ConformanceWorld;

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

/// The last response's body as text (an export that is not JSON, e.g. YAML), to send back.
#[given(regex = r#"^I remember the body as "([^"]+)"$"#)]
#[when(regex = r#"^I remember the body as "([^"]+)"$"#)]
#[then(regex = r#"^I remember the body as "([^"]+)"$"#)]
async fn remember_body(w: &mut ConformanceWorld, name: String) -> Result<()> {
    let text = w.last()?.text.clone();
    w.vars.insert(name, Value::String(text));
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

/// Sets a value directly. Worded as an action: `Then "<json path>" is <json>`
/// is an assertion, so `"<name>" is "<text>"` could not also be a setter.
#[given(regex = r#"^I set "([^"]+)" to "(.*)"$"#)]
#[when(regex = r#"^I set "([^"]+)" to "(.*)"$"#)]
async fn set_var(w: &mut ConformanceWorld, name: String, value: String) -> Result<()> {
    let value = w.interpolate(&value)?;
    w.vars.insert(name, Value::String(value));
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
