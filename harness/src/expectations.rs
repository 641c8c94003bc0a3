//! Expectations per target: the scenarios known to fail there, each with the
//! catalog IDs, what the target does instead, and why. A listed scenario
//! that passes is an unexpected pass and fails the run, so the file stays
//! true (web-platform-tests metadata, V8's test262.status).

use std::path::Path;

use anyhow::{Context as _, Result, bail};
use serde::Deserialize;

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

#[derive(Debug, Clone, Deserialize)]
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
