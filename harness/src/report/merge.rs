//! `directus-conformance merge`: the reports of the shards of one run
//! (`--shard I/N`, run on as many machines) combined into the report one run
//! would have written: every scenario once, totals counted again, durations
//! added. Reports of different targets, or shards that overlap, are refused.

use std::collections::HashSet;

use anyhow::{Result, bail};

use super::matrix::target_key;
use super::{Report, Totals};

/// Combines shard reports of one target into one report.
pub fn merge_shards(reports: Vec<Report>) -> Result<Report> {
    let mut reports = reports.into_iter();
    let Some(mut merged) = reports.next() else { bail!("nothing to merge") };
    let key = target_key(&merged);
    let mut seen: HashSet<(String, usize, String)> =
        merged.scenarios.iter().map(|s| (s.file.clone(), s.line, s.name.clone())).collect();
    for r in reports {
        if target_key(&r) != key {
            bail!(
                "{} and {} are not shards of one run (another target, version or database); \
                 `directus-conformance report` shows different targets side by side",
                merged.target,
                r.target
            );
        }
        if r.settings.tags != merged.settings.tags || r.settings.name != merged.settings.name {
            bail!("the shards were selected differently (--tags, --name): merge shards of one run");
        }
        for s in &r.scenarios {
            if !seen.insert((s.file.clone(), s.line, s.name.clone())) {
                bail!(
                    "{}:{} {:?} is in two of the reports: the shards overlap",
                    s.file,
                    s.line,
                    s.name
                );
            }
        }
        merged.duration_ms += r.duration_ms;
        merged.stopped_early |= r.stopped_early;
        merged.scenarios.extend(r.scenarios);
    }
    merged.scenarios.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let mut totals = Totals::default();
    for s in &merged.scenarios {
        totals.count(s.status);
    }
    merged.totals = totals;
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ScenarioResult, Status};

    fn report(url: &str, scenarios: &[(&str, usize, Status)]) -> Report {
        let mut r = Report::empty();
        r.target = url.into();
        r.identity.url = url.into();
        for (name, line, status) in scenarios {
            let mut s =
                ScenarioResult::new("F", "features/items/read.feature", name, *line, vec![]);
            s.status = *status;
            r.totals.count(*status);
            r.scenarios.push(s);
        }
        r.duration_ms = 10;
        r
    }

    #[test]
    fn shards_merge_into_one_report() {
        let a = report("http://x", &[("B", 9, Status::Failed), ("A", 3, Status::Passed)]);
        let b = report("http://x", &[("C", 5, Status::NotRun)]);
        let m = merge_shards(vec![a, b]).expect("merges");
        let names: Vec<&str> = m.scenarios.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["A", "C", "B"]);
        assert_eq!((m.totals.passed, m.totals.failed, m.totals.not_run), (1, 1, 1));
        assert_eq!(m.duration_ms, 20);
    }

    #[test]
    fn other_targets_and_overlaps_are_refused() {
        let a = report("http://x", &[("A", 3, Status::Passed)]);
        let other = report("http://y", &[("B", 4, Status::Passed)]);
        assert!(
            merge_shards(vec![a.clone(), other]).unwrap_err().to_string().contains("not shards")
        );
        let again = report("http://x", &[("A", 3, Status::Failed)]);
        assert!(merge_shards(vec![a, again]).unwrap_err().to_string().contains("overlap"));
    }
}
