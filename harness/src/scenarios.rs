//! The suite on disk: feature files, the scenarios in them (outlines expanded
//! by example row), and the selection a run makes (tags, name, capabilities).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use cucumber::gherkin;
use cucumber::tag::Ext as _;

use crate::REPO_ROOT;

/// One scenario as parsed from a feature file.
#[derive(Debug, Clone)]
pub struct ScenarioInfo {
    pub feature: String,
    pub file: String,
    pub name: String,
    pub line: usize,
    /// The scenario's tags, then its feature's (without `@`).
    pub tags: Vec<String>,
}

fn feature_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "feature") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// A path relative to the repository root when it is inside it, for messages.
pub(crate) fn relative(path: &Path) -> String {
    let root = std::fs::canonicalize(REPO_ROOT).unwrap_or_else(|_| PathBuf::from(REPO_ROOT));
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    full.strip_prefix(&root).map(Path::to_path_buf).unwrap_or(full).display().to_string()
}

/// Every scenario of the suite (outlines expanded by example row).
pub fn scenarios(dir: &Path) -> Result<Vec<ScenarioInfo>> {
    let mut out = Vec::new();
    for path in feature_files(dir)? {
        let feature = gherkin::Feature::parse_path(&path, gherkin::GherkinEnv::default())
            .map_err(|e| anyhow!("parsing {}: {e}", path.display()))?;
        let file = relative(&path);
        let all =
            feature.scenarios.iter().chain(feature.rules.iter().flat_map(|r| r.scenarios.iter()));
        for sc in all {
            let rows = sc
                .examples
                .iter()
                .map(|e| e.table.as_ref().map_or(0, |t| t.rows.len().saturating_sub(1)))
                .sum::<usize>();
            for _ in 0..rows.max(1) {
                out.push(ScenarioInfo {
                    feature: feature.name.clone(),
                    file: file.clone(),
                    name: sc.name.clone(),
                    line: sc.position.line,
                    tags: sc.tags.iter().chain(feature.tags.iter()).cloned().collect(),
                });
            }
        }
    }
    Ok(out)
}

/// Scenario names are unique: the expectations files refer to them.
pub(crate) fn ensure_unique_names(all: &[ScenarioInfo]) -> Result<()> {
    let mut names = std::collections::HashMap::new();
    for s in all {
        let here = format!("{}:{}", s.file, s.line);
        if let Some(prev) = names.insert(s.name.as_str(), here.clone())
            && prev != here
        {
            bail!(
                "scenario names must be unique (expectations refer to them): {:?} at {prev} and {here}",
                s.name
            );
        }
    }
    Ok(())
}

/// The selection: tags expression and name filter, and the capabilities of
/// the server the scenarios run on.
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    pub(crate) tags: Option<gherkin::tagexpr::TagOperation>,
    pub(crate) name: Option<String>,
    pub(crate) capabilities: Vec<String>,
}

impl Selection {
    pub(crate) fn selected(&self, name: &str, tags: &[String]) -> bool {
        self.tags.as_ref().is_none_or(|op| op.eval(tags.iter()))
            && self.name.as_ref().is_none_or(|n| name.contains(n.as_str()))
    }

    /// The first capability a scenario needs and the target lacks.
    pub(crate) fn missing_capability(&self, tags: &[String]) -> Option<String> {
        tags.iter()
            .filter_map(|t| t.strip_prefix("needs-"))
            .find(|cap| !self.capabilities.iter().any(|c| c == cap))
            .map(str::to_owned)
    }
}
