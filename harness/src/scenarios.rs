//! The suite on disk: feature files, the scenarios in them (outlines expanded
//! by example row, as cucumber runs them: each row with its `Examples`' tags
//! and its name with the row's values), and the selection a run makes (tags,
//! name, the target's database, capabilities).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use cucumber::feature::Ext as _;
use cucumber::gherkin;
use cucumber::tag::Ext as _;

use crate::REPO_ROOT;

/// Where a scenario (or an outline's row) is: its file, relative to the
/// repository when inside it, and its line (a row's own).
pub(crate) type ScenarioPlace = (String, usize);

/// One scenario as parsed from a feature file.
#[derive(Debug, Clone)]
pub struct ScenarioInfo {
    pub feature: String,
    pub file: String,
    pub name: String,
    pub line: usize,
    /// For a row of a Scenario Outline: the outline's line (its rows share a name
    /// unless the name has a `<column>`).
    pub outline: Option<usize>,
    /// The scenario's tags (a row's `Examples` tags included), then its feature's
    /// (without `@`).
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
        // The line of each `Examples` keyword, and its outline's.
        let outline_of: std::collections::HashMap<usize, usize> = all_scenarios(&feature)
            .flat_map(|sc| sc.examples.iter().map(|e| (e.position.line, sc.position.line)))
            .collect();
        let expanded =
            feature.expand_examples().map_err(|e| anyhow!("expanding {}: {e}", path.display()))?;
        for sc in all_scenarios(&expanded) {
            // A row keeps its `Examples` (and the keyword's position).
            let outline = sc.examples.first().and_then(|ex| outline_of.get(&ex.position.line));
            out.push(ScenarioInfo {
                feature: expanded.name.clone(),
                file: file.clone(),
                name: sc.name.clone(),
                line: sc.position.line,
                outline: outline.copied(),
                tags: sc.tags.iter().chain(expanded.tags.iter()).cloned().collect(),
            });
        }
    }
    Ok(out)
}

impl ScenarioInfo {
    pub(crate) fn place(&self) -> ScenarioPlace {
        (self.file.clone(), self.line)
    }
}

/// The places of some scenarios.
pub(crate) fn places<'a>(
    list: impl IntoIterator<Item = &'a &'a ScenarioInfo>,
) -> HashSet<ScenarioPlace> {
    list.into_iter().map(|s| s.place()).collect()
}

/// The scenarios of a feature, its rules' included.
fn all_scenarios(feature: &gherkin::Feature) -> impl Iterator<Item = &gherkin::Scenario> {
    feature.scenarios.iter().chain(feature.rules.iter().flat_map(|r| r.scenarios.iter()))
}

/// Scenario names are unique (the rows of one outline may share theirs): the
/// expectations files refer to them.
pub(crate) fn ensure_unique_names(all: &[ScenarioInfo]) -> Result<()> {
    let mut names = std::collections::HashMap::new();
    for s in all {
        let here = format!("{}:{}", s.file, s.outline.unwrap_or(s.line));
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

/// The selection: tags expression and name filter, the database of the
/// target, and the capabilities of the server the scenarios run on.
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    pub(crate) tags: Option<gherkin::tagexpr::TagOperation>,
    pub(crate) name: Option<String>,
    /// The target's database (`sqlite`, `postgres`, `mysql`, ...), if known.
    pub(crate) vendor: Option<String>,
    pub(crate) capabilities: Vec<String>,
}

impl Selection {
    /// Whether `--tags` and `--name` select a scenario.
    pub(crate) fn tags_and_name(&self, name: &str, tags: &[String]) -> bool {
        self.tags.as_ref().is_none_or(|op| op.eval(tags.iter()))
            && self.name.as_ref().is_none_or(|n| name.contains(n.as_str()))
    }

    /// Whether a scenario is written for the target's database: it names no
    /// database (`@vendor-<name>` or `@vendor-<name>-<behaviour>`), or names the target's. On a target whose
    /// database is unknown, only scenarios that name none are.
    pub(crate) fn for_this_database(&self, tags: &[String]) -> bool {
        // `@vendor-sqlite` or `@vendor-sqlite-<behaviour>`: the database is the
        // first word (no database's name has a dash).
        let mut named = tags
            .iter()
            .filter_map(|t| t.strip_prefix("vendor-"))
            .map(|rest| rest.split('-').next().unwrap_or(rest))
            .peekable();
        named.peek().is_none() || self.vendor.as_ref().is_some_and(|v| named.any(|n| n == v))
    }

    /// The first capability a scenario needs and the target lacks.
    pub(crate) fn missing_capability(&self, tags: &[String]) -> Option<String> {
        tags.iter()
            .filter_map(|t| t.strip_prefix("needs-"))
            .find(|cap| !self.capabilities.iter().any(|c| c == cap))
            .map(str::to_owned)
    }
}

#[cfg(test)]
mod tests {
    use super::Selection;

    fn on(vendor: Option<&str>) -> Selection {
        Selection {
            tags: None,
            name: None,
            vendor: vendor.map(str::to_owned),
            capabilities: Vec::new(),
        }
    }

    #[test]
    fn a_scenario_runs_on_the_databases_it_names() {
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let sqlite_like = tags(&["QUERY-LIKE", "vendor-sqlite-like-case"]);
        assert!(on(Some("sqlite")).for_this_database(&sqlite_like));
        assert!(!on(Some("postgres")).for_this_database(&sqlite_like));
        assert!(!on(None).for_this_database(&sqlite_like));
        let either = tags(&["vendor-postgres", "vendor-mysql-numbers"]);
        assert!(on(Some("mysql")).for_this_database(&either));
        assert!(!on(Some("sqlite")).for_this_database(&either));
        assert!(on(None).for_this_database(&tags(&["QUERY-LIKE"])));
    }
}
