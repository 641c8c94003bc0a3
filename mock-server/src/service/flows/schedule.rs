//! Scheduled flows: an active flow with `trigger: "schedule"` runs on each
//! tick of its `options.cron` (five fields, or six with seconds first, as
//! Directus' node-schedule reads it). A run has no caller: `$trigger`,
//! `$last` and `$accountability` are `null`, and its item operations run
//! with full access. A pattern that does not parse schedules nothing (a
//! warning, once per pattern). The mock looks for due flows every
//! [`TICK`] while it serves.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds};
use serde_json::Value;

use super::{App, Flow, load, run_chain};
use crate::service::Accountability;
use crate::system;

/// How often the mock looks for due flows.
const TICK: Duration = Duration::from_millis(200);

/// Runs due scheduled flows for as long as the server runs.
pub(crate) async fn run(app: Arc<App>) {
    let parser = CronParser::builder().seconds(Seconds::Optional).build();
    let mut warned = HashSet::new();
    let mut last = Utc::now();
    loop {
        tokio::time::sleep(TICK).await;
        let now = Utc::now();
        for flow in due(&app, &parser, &mut warned, last, now) {
            let app = Arc::clone(&app);
            tokio::task::spawn_blocking(move || {
                let everyone =
                    Accountability { admin: true, app: true, ..Accountability::default() };
                run_chain(&app, &everyone, Value::Null, &flow, Value::Null, 0);
            });
        }
        last = now;
    }
}

/// Active scheduled flows with a tick in `(from, to]`.
fn due(
    app: &App,
    parser: &CronParser,
    warned: &mut HashSet<String>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Flow> {
    let db = app.store.snapshot();
    let Some(table) = db.table(system::FLOWS) else { return Vec::new() };
    let mut out = Vec::new();
    for row in table.rows.values() {
        if row.get("trigger").and_then(Value::as_str) != Some("schedule") {
            continue;
        }
        let Some(flow) = row.get("id").and_then(Value::as_str).and_then(|id| load(&db, id)) else {
            continue;
        };
        let pattern = flow.options.get("cron").and_then(Value::as_str).unwrap_or_default();
        let Some(cron) = parse(parser, pattern, warned) else { continue };
        if cron.find_next_occurrence(&from, false).is_ok_and(|next| next <= to) {
            out.push(flow);
        }
    }
    out
}

fn parse(parser: &CronParser, pattern: &str, warned: &mut HashSet<String>) -> Option<Cron> {
    match parser.parse(pattern) {
        Ok(cron) => Some(cron),
        Err(e) => {
            if warned.insert(pattern.to_owned()) {
                tracing::warn!(
                    "Couldn't register cron trigger. Provided cron is invalid: {pattern} ({e})"
                );
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("* * * * * *", true)]
    #[case("*/5 * * * *", true)]
    #[case("not a cron", false)]
    #[case("", false)]
    fn reads_patterns_with_optional_seconds(#[case] pattern: &str, #[case] valid: bool) {
        let parser = CronParser::builder().seconds(Seconds::Optional).build();
        assert_eq!(parse(&parser, pattern, &mut HashSet::new()).is_some(), valid);
    }
}
