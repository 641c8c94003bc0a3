//! Time: waiting (token expiry, rate-limit windows) and how long a response took.

use anyhow::{Result, ensure};
use cucumber::{given, then, when};

use crate::world::ConformanceWorld;

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
