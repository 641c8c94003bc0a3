//! Assertions on response headers and on the cookies a response sets
//! (Directus' session and refresh cookies), and remembering a cookie's value.

use anyhow::{Result, bail, ensure};
use cucumber::{given, then, when};
use serde_json::Value;

use super::expected_text;
use crate::world::ConformanceWorld;

#[then(regex = r#"^the header "([^"]+)" is "(.*)"$"#)]
async fn header_is(w: &mut ConformanceWorld, name: String, expected: String) -> Result<()> {
    let expected = expected_text(w, &expected)?;
    let ex = w.last()?;
    let got = ex.header(&name);
    ensure!(
        got == Some(expected.as_str()),
        "{}: header {name} is {got:?}, expected {expected:?}",
        ex.summary()
    );
    Ok(())
}

#[then(regex = r#"^the header "([^"]+)" contains "(.*)"$"#)]
async fn header_contains(w: &mut ConformanceWorld, name: String, expected: String) -> Result<()> {
    let expected = expected_text(w, &expected)?;
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
