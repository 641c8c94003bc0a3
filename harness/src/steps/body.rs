//! Assertions on the whole body: a JSON document (subset or exact, with
//! `jsonmatch` placeholders), a snapshot file, or the text byte for byte.

use anyhow::{Result, anyhow, bail, ensure};
use cucumber::gherkin::Step;
use cucumber::then;

use super::{docstring, parse_json};
use crate::jsonmatch::{self, Mode};
use crate::report::DiffRecord;
use crate::world::ConformanceWorld;

/// Keeps the diff for the report and fails with it.
fn differs(w: &mut ConformanceWorld, mismatch: String, lines: String) -> Result<()> {
    w.diff = Some(DiffRecord { mismatch: mismatch.clone(), lines: lines.clone() });
    bail!("{mismatch}\n{lines}")
}

fn match_body(w: &mut ConformanceWorld, step: &Step, mode: Mode) -> Result<()> {
    let text = docstring(step).ok_or_else(|| anyhow!("this step needs a JSON doc string"))?;
    let expected = parse_json(&w.interpolate(text)?, "the expected response")?;
    let ex = w.last()?;
    let actual = w.last_json()?;
    if let Some(m) = jsonmatch::compare(&expected, actual, mode) {
        let mismatch = format!("{}: response differs {m}", ex.summary());
        let lines = jsonmatch::diff(&expected, actual);
        return differs(w, mismatch, lines);
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
    let expected = expected.strip_suffix('⏎').unwrap_or(expected).to_owned();
    let ex = w.last()?;
    ensure!(ex.text == expected, "{}: body is {:?}, expected {expected:?}", ex.summary(), ex.text);
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
        let mismatch = format!("{}: differs from snapshot {name} {m}", ex.summary());
        let lines = jsonmatch::diff(&expected, actual);
        return differs(w, mismatch, lines);
    }
    Ok(())
}
