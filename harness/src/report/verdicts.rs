//! Judging raw results against the target's expectations: the verdicts, the
//! totals, the scenarios no server of the run could run, and what evidence
//! each result keeps (exchanges only where the scenario did not pass).

use std::time::Instant;

use serde_json::json;

use super::{
    ExpectedRecord, Raw, Report, RunSettings, ScenarioResult, Status, TargetIdentity, Totals,
};
use crate::expectations::Expectations;
use crate::scenarios::ScenarioInfo;

/// What a run knows about itself besides its results.
pub(crate) struct RunFacts {
    /// How the target is called in messages.
    pub(crate) target: String,
    pub(crate) identity: TargetIdentity,
    pub(crate) settings: RunSettings,
    pub(crate) started: Instant,
    /// `--fail-fast` stopped the run.
    pub(crate) stopped_early: bool,
}

/// The judged report: the results against the expectations, and the
/// scenarios no server of the run could run.
pub(crate) fn verdicts(
    facts: RunFacts,
    collected: Vec<(ScenarioResult, Raw)>,
    expectations: &Expectations,
    skipped: &[(&ScenarioInfo, String)],
) -> Report {
    let (mut results, mut totals) = judge(collected, expectations);
    if !facts.stopped_early {
        for (s, missing) in skipped {
            results.push(not_run(s, missing));
            totals.not_run += 1;
        }
    }
    Report {
        format: super::FORMAT,
        target: facts.target,
        identity: facts.identity,
        settings: facts.settings,
        duration_ms: facts.started.elapsed().as_millis() as u64,
        totals,
        stopped_early: facts.stopped_early,
        scenarios: results,
    }
}

/// Applies the expectations to raw results.
fn judge(
    results: Vec<(ScenarioResult, Raw)>,
    expectations: &Expectations,
) -> (Vec<ScenarioResult>, Totals) {
    let mut totals = Totals::default();
    let mut out = Vec::with_capacity(results.len());
    for (mut r, raw) in results {
        let expected = expectations.find(&r.name);
        r.status = match (&raw, expected) {
            (Raw::Passed, None) => Status::Passed,
            (Raw::Failed(_), None) => Status::Failed,
            (Raw::Failed(_), Some(_)) => Status::ExpectedFailure,
            (Raw::Passed, Some(_)) => Status::UnexpectedPass,
        };
        if let Some(e) = expected {
            r.expectation = Some(format!("{} ({}) [{}]", e.observed, e.reason, e.ids.join(", ")));
            r.expected = Some(ExpectedRecord {
                observed: e.observed.clone(),
                reason: e.reason.clone(),
                ids: e.ids.clone(),
            });
        }
        // The exchanges are the evidence of a failure; a pass needs none.
        if matches!(r.status, Status::Passed | Status::UnexpectedPass) {
            r.exchanges.clear();
        }
        totals.count(r.status);
        out.push(r);
    }
    (out, totals)
}

/// A not-run record for a scenario filtered out by capabilities.
fn not_run(s: &ScenarioInfo, missing: &str) -> ScenarioResult {
    let mut r = ScenarioResult::new(&s.feature, &s.file, &s.name, s.line, s.tags.clone());
    r.status = Status::NotRun;
    r.expectation = Some(format!("needs capability {missing}"));
    r.missing_capability = Some(missing.to_owned());
    r
}

/// JSON for `--list`: the scenarios a run would execute.
pub(crate) fn listing(scenarios: &[(String, String, Vec<String>)]) -> serde_json::Value {
    json!(
        scenarios
            .iter()
            .map(|(f, n, t)| json!({"feature": f, "name": n, "tags": t}))
            .collect::<Vec<_>>()
    )
}
