//! Expectations per target: the scenarios known to fail there, each with the
//! catalog IDs, what the target does instead, and why. A listed scenario
//! that passes is an unexpected pass and fails the run, so the file stays
//! true (web-platform-tests metadata, V8's test262.status).

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};

use crate::report::{Report, Status};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expectations {
    /// What this file describes, e.g. `Directus 12.4.0, SQLite, unlicensed`:
    /// for its readers; a run judges by the entries.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "a key of the file format (unknown keys are refused), read by people"
    )]
    target: String,
    #[serde(default, rename = "expected_failure")]
    pub(crate) entries: Vec<ExpectedFailure>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExpectedFailure {
    /// The scenario's name, unique across the suite.
    pub(crate) scenario: String,
    /// The catalog IDs the deviation concerns.
    #[serde(default)]
    pub(crate) ids: Vec<String>,
    /// What the target does instead.
    pub(crate) observed: String,
    /// Why: a known disagreement between the seed and the target, with a source.
    pub(crate) reason: String,
}

impl Expectations {
    pub(crate) fn load(path: &Path) -> Result<Expectations> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading expectations {}", path.display()))?;
        let parsed: Expectations = toml::from_str(&text)
            .with_context(|| format!("parsing expectations {}", path.display()))?;
        let mut seen = std::collections::HashSet::new();
        for e in &parsed.entries {
            if !seen.insert(e.scenario.as_str()) {
                bail!("{}: scenario {:?} is listed twice", path.display(), e.scenario);
            }
            if e.reason.trim().is_empty() || e.observed.trim().is_empty() {
                bail!(
                    "{}: the entry for {:?} needs both `observed` and `reason`",
                    path.display(),
                    e.scenario
                );
            }
        }
        Ok(parsed)
    }

    pub(crate) fn find(&self, scenario: &str) -> Option<&ExpectedFailure> {
        self.entries.iter().find(|e| e.scenario == scenario)
    }

    /// Entries naming scenarios the suite does not have (stale entries are errors).
    pub(crate) fn unknown<'a>(&'a self, known: &[String]) -> Vec<&'a str> {
        self.entries
            .iter()
            .filter(|e| !known.contains(&e.scenario))
            .map(|e| e.scenario.as_str())
            .collect()
    }
}

/// What `--write-expectations` puts where a reason belongs: a person replaces it.
pub(crate) const PLACEHOLDER_REASON: &str =
    "TODO: why this target differs (a placeholder written by --write-expectations)";

/// The baseline `--write-expectations FILE` records: every scenario that failed
/// (or failed as the expectations said) in `report`, with what the target did
/// (the failure's first lines) and the reason the expectations gave, else a
/// placeholder. Run with it as `--expectations` and any new failure, or a
/// listed scenario that starts passing, fails the run.
pub(crate) fn baseline(report: &Report) -> Result<String> {
    #[derive(Serialize)]
    struct File {
        target: String,
        expected_failure: Vec<ExpectedFailure>,
    }
    let id = &report.identity;
    let target = [
        id.implementation.clone(),
        id.version.as_ref().map(|v| format!("version {v}")),
        id.database.clone(),
        Some(id.url.clone()),
    ];
    let mut entries = Vec::new();
    for s in &report.scenarios {
        if !matches!(s.status, Status::Failed | Status::ExpectedFailure) {
            continue;
        }
        let (observed, reason) = match &s.expected {
            Some(e) if s.status == Status::ExpectedFailure => {
                (e.observed.clone(), e.reason.clone())
            }
            _ => {
                (observed(s.failure.as_deref().unwrap_or("failed")), PLACEHOLDER_REASON.to_owned())
            }
        };
        entries.push(ExpectedFailure {
            scenario: s.name.clone(),
            ids: s.ids.clone(),
            observed,
            reason,
        });
    }
    let file = File {
        target: target.into_iter().flatten().collect::<Vec<_>>().join(", "),
        expected_failure: entries,
    };
    let header = "# A baseline written by directus-conformance --write-expectations: the scenarios\n\
                  # this target failed. Replace each placeholder reason with the real one, then gate\n\
                  # on regressions with --expectations FILE.\n\n";
    Ok(format!("{header}{}", toml::to_string(&file)?))
}

/// What a failure shows of the target, for `observed`: the step's check (its
/// second line, where the exchange and the mismatch are), cut to one line.
fn observed(failure: &str) -> String {
    let mut lines = failure.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("failed");
    let text = lines.next().unwrap_or(first);
    crate::report::cut(text, 300)
}
