//! The report of a run, as data: every scenario with its verdict, and for
//! those that did not pass what a person needs to see why (the request and
//! response exchanges, the JSON diff, the expectation's reason, OpenAPI
//! violations), the target's identity and the run's settings.
//!
//! The JSON file (`--json`) is this model serialized; it is the input of
//! every other rendering (`--html`, `directus-conformance report a.json
//! b.json --html out.html`), so it carries everything they show. New fields
//! are optional when read, so reports written before them still load.
//!
//! The renderings, each in its module: `terminal` (failures on stderr),
//! `junit`, `html` (one self-contained page; several reports become a
//! matrix through `matrix`), `github` (workflow annotations). `merge`
//! combines the reports of a run's shards into one. Collecting
//! the results from cucumber's events is `collect` (with `progress`), and
//! judging them against the expectations is `verdicts`.

mod collect;
pub mod github;
pub mod html;
mod junit;
pub mod matrix;
mod merge;
mod progress;
mod terminal;
mod verdicts;

use std::path::Path;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

pub(crate) use collect::{
    Collected, Collector, CollectorSettings, Extras, ExtrasSink, ScenarioKey, scenario_key,
};
pub use merge::merge_shards;
pub(crate) use progress::Progress;
pub(crate) use verdicts::{RunFacts, listing, verdicts};

/// The version of the JSON report's shape: 1 had no `format` key; 2 added the
/// target's identity, the run's settings and each scenario's evidence.
pub(crate) const FORMAT: u32 = 2;

/// Bodies kept in the report are cut after this many characters.
pub(crate) const BODY_LIMIT: usize = 16_000;

/// How one scenario ended, before expectations are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Raw {
    Passed,
    Failed(String),
}

/// The verdict on one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    /// Failed, as the expectations file says it does on this target.
    ExpectedFailure,
    /// Listed in the expectations file, but passed: the file is out of date.
    UnexpectedPass,
    /// Not run: the target does not declare a capability the scenario needs.
    NotRun,
}

impl Status {
    /// Every status, in the order reports show them.
    pub(crate) const ALL: [Status; 5] = [
        Status::Passed,
        Status::ExpectedFailure,
        Status::Failed,
        Status::UnexpectedPass,
        Status::NotRun,
    ];

    /// The word a person reads (`expected failure`).
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::ExpectedFailure => "expected failure",
            Status::UnexpectedPass => "unexpected pass",
            Status::NotRun => "not run",
        }
    }

    /// The JSON spelling (`expected_failure`), also used as a CSS class.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::ExpectedFailure => "expected_failure",
            Status::UnexpectedPass => "unexpected_pass",
            Status::NotRun => "not_run",
        }
    }
}

/// One request a scenario sent and the response it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRecord {
    /// Who sent it: a persona name (`admin`, `anonymous`, `editor`, ...).
    pub persona: String,
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<String>,
    pub status: u16,
    #[serde(default)]
    pub response_headers: Vec<(String, String)>,
    /// The body as text, cut after [`BODY_LIMIT`] characters.
    pub response_body: String,
    pub duration_ms: u64,
}

/// Where a JSON body differed from the expected document, and the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffRecord {
    /// `at data.name: expected "x", got "y"`.
    pub mismatch: String,
    /// The pretty-printed documents line by line, each line starting with
    /// `- ` (expected only), `+ ` (actual only) or two spaces.
    pub lines: String,
}

/// A response body that disagrees with the target's OpenAPI document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub persona: String,
    /// `GET /items/articles/1?fields=id -> 200`.
    pub exchange: String,
    /// The documented operation: `GET /items/articles/{id}` and the status key.
    pub operation: String,
    pub errors: Vec<ViolationError>,
}

/// One schema error in a response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViolationError {
    /// JSON pointer into the body (`/data/0/views`).
    pub at: String,
    pub message: String,
    /// Where in the document's schema (`/properties/data/items/...`).
    pub schema: String,
}

/// The expectations file's entry for a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpectedRecord {
    pub observed: String,
    pub reason: String,
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioResult {
    pub feature: String,
    pub file: String,
    pub name: String,
    pub line: usize,
    pub tags: Vec<String>,
    pub status: Status,
    pub duration_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// The expectation (`observed (reason) [ids]`), or for a scenario not
    /// run, the capability it needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expectation: Option<String>,
    /// The suite's area: the directory under `features/` (`items`, `query`, ...).
    #[serde(default)]
    pub area: String,
    /// The catalog IDs among the tags.
    #[serde(default)]
    pub ids: Vec<String>,
    /// Which server ran it, when the run had several (variants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The step that failed, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The requests of a scenario that did not pass, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<ExchangeRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diff: Option<DiffRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<ExpectedRecord>,
    /// The capability a scenario not run needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_capability: Option<String>,
    /// Responses that disagree with the target's OpenAPI document (`--check-openapi`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub openapi: Vec<Violation>,
}

impl ScenarioResult {
    /// A result with the fields every scenario has; the rest empty.
    pub(crate) fn new(
        feature: &str,
        file: &str,
        name: &str,
        line: usize,
        tags: Vec<String>,
    ) -> ScenarioResult {
        ScenarioResult {
            feature: feature.to_owned(),
            file: file.to_owned(),
            name: name.to_owned(),
            line,
            area: area_of(file),
            ids: catalog_ids(&tags),
            tags,
            status: Status::Passed,
            duration_ms: 0,
            failure: None,
            expectation: None,
            server: None,
            step: None,
            exchanges: Vec::new(),
            diff: None,
            expected: None,
            missing_capability: None,
            openapi: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub expected_failures: usize,
    pub unexpected_passes: usize,
    pub not_run: usize,
}

impl Totals {
    pub(crate) fn count(&mut self, status: Status) {
        match status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::ExpectedFailure => self.expected_failures += 1,
            Status::UnexpectedPass => self.unexpected_passes += 1,
            Status::NotRun => self.not_run += 1,
        }
    }

    pub fn get(&self, status: Status) -> usize {
        match status {
            Status::Passed => self.passed,
            Status::Failed => self.failed,
            Status::ExpectedFailure => self.expected_failures,
            Status::UnexpectedPass => self.unexpected_passes,
            Status::NotRun => self.not_run,
        }
    }

    pub fn all(&self) -> usize {
        Status::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// What the target says it is (`/server/info` and `/schema/snapshot` as the admin).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetIdentity {
    pub url: String,
    /// Whether the harness started the target (the embedded mock).
    #[serde(default)]
    pub embedded: bool,
    /// The implementation: `X-Powered-By` of `/server/ping`, or `directus-mock`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<String>,
    /// The Directus version it reports (`/server/info` `version`, `/schema/snapshot` `directus`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The database vendor (`/schema/snapshot` `vendor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

/// How the run was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSettings {
    pub harness_version: String,
    /// When the run started (UTC, RFC 3339).
    pub started_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The capabilities the main target declared (or the embedded mock has).
    #[serde(default)]
    pub capabilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expectations: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_profile: Option<String>,
    #[serde(default)]
    pub check_openapi: bool,
    #[serde(default)]
    pub strict_openapi: bool,
    #[serde(default)]
    pub fail_fast: bool,
}

/// The outcome of a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    #[serde(default = "first_format")]
    pub format: u32,
    /// How the target is called in messages.
    pub target: String,
    #[serde(default)]
    pub identity: TargetIdentity,
    #[serde(default)]
    pub settings: RunSettings,
    pub duration_ms: u64,
    pub totals: Totals,
    /// `--fail-fast` stopped the run at its first failure: scenarios after it are missing.
    #[serde(default)]
    pub stopped_early: bool,
    pub scenarios: Vec<ScenarioResult>,
}

fn first_format() -> u32 {
    1
}

impl Report {
    /// The report of a run that only listed (`--list`, `--variants`).
    pub(crate) fn empty() -> Report {
        Report {
            format: FORMAT,
            target: String::new(),
            identity: TargetIdentity::default(),
            settings: RunSettings::default(),
            duration_ms: 0,
            totals: Totals::default(),
            stopped_early: false,
            scenarios: Vec::new(),
        }
    }

    /// Whether the run found conformance problems (failures or stale expectations).
    pub fn failed(&self) -> bool {
        self.totals.failed > 0 || self.totals.unexpected_passes > 0
    }

    /// `N passed, M failed, K expected failures`, plus the rarer counts when non-zero.
    pub fn summary_line(&self) -> String {
        let t = &self.totals;
        let mut line = format!(
            "{} passed, {} failed, {} expected failures",
            t.passed, t.failed, t.expected_failures
        );
        if t.unexpected_passes > 0 {
            line.push_str(&format!(", {} unexpected passes", t.unexpected_passes));
        }
        if t.not_run > 0 {
            line.push_str(&format!(", {} not run (capability not declared)", t.not_run));
        }
        let violations: usize = self.scenarios.iter().map(|s| s.openapi.len()).sum();
        if violations > 0 {
            let scenarios = self.scenarios.iter().filter(|s| !s.openapi.is_empty()).count();
            let plural = |n: usize, word: &str| {
                if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
            };
            line.push_str(&format!(
                ", {} in {} {} with the OpenAPI document",
                plural(violations, "response"),
                plural(scenarios, "scenario"),
                if violations == 1 { "disagrees" } else { "disagree" }
            ));
        }
        if self.stopped_early {
            line.push_str(", stopped at the first failure (--fail-fast)");
        }
        line
    }

    /// Reads a JSON report; one written before format 2 gets its areas and IDs derived.
    pub fn load(path: &Path) -> Result<Report> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut report: Report = serde_json::from_str(&text).with_context(|| {
            format!("{} is not a directus-conformance JSON report", path.display())
        })?;
        for s in &mut report.scenarios {
            if s.area.is_empty() {
                s.area = area_of(&s.file);
            }
            if s.ids.is_empty() {
                s.ids = catalog_ids(&s.tags);
            }
        }
        if report.identity.url.is_empty() {
            report.identity.url = report.target.clone();
        }
        Ok(report)
    }

    pub fn write_json(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n").with_context(|| format!("writing {}", path.display()))
    }

    pub fn write_junit(&self, path: &Path) -> Result<()> {
        let xml = junit::render(self)?;
        std::fs::write(path, xml).with_context(|| format!("writing {}", path.display()))
    }

    /// Failures and unexpected passes, for people.
    pub fn print_failures(&self, out: &mut impl std::io::Write, color: bool) {
        terminal::print_failures(self, out, color);
    }
}

/// The area of a feature file: the directory under `features/`
/// (`features/query/filter.feature` → `query`), else the file's directory.
pub(crate) fn area_of(file: &str) -> String {
    let parts: Vec<&str> = file.split(['/', '\\']).collect();
    if let Some(i) = parts.iter().position(|p| *p == "features")
        && i + 2 < parts.len()
    {
        return parts[i + 1].to_owned();
    }
    match parts.len() {
        0 | 1 => "(root)".to_owned(),
        n => parts[n - 2].to_owned(),
    }
}

/// The catalog IDs among tags: upper-case words with digits and dashes (`ITEMS-READ-ONE-404`).
pub(crate) fn catalog_ids(tags: &[String]) -> Vec<String> {
    tags.iter()
        .filter(|t| {
            t.starts_with(|c: char| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        })
        .cloned()
        .collect()
}

/// Text cut after `limit` characters (on a character boundary), marked when cut.
pub(crate) fn cut(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((i, _)) => format!("{}… ({} characters cut)", &text[..i], text[i..].chars().count()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("features/items/read.feature", "items")]
    #[case("/abs/repo/features/query/deep/x.feature", "query")]
    #[case("harness/tests/data/failing/failing.feature", "failing")]
    #[case("lonely.feature", "(root)")]
    fn areas(#[case] file: &str, #[case] area: &str) {
        assert_eq!(area_of(file), area);
    }

    #[test]
    fn catalog_ids_are_the_upper_case_tags() {
        let tags: Vec<String> =
            ["ITEMS-READ-ONE-404", "needs-license", "vendor-sqlite-week", "QUERY-LIMIT", "Mixed"]
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
        assert_eq!(catalog_ids(&tags), ["ITEMS-READ-ONE-404", "QUERY-LIMIT"]);
    }

    #[test]
    fn the_summary_line_counts_openapi_disagreements() {
        let mut report = Report::empty();
        report.totals.passed = 2;
        let mut s = ScenarioResult::new("F", "f.feature", "A", 1, vec![]);
        s.openapi.push(Violation {
            persona: "admin".into(),
            exchange: "GET /x -> 200".into(),
            operation: "GET /x 200".into(),
            errors: vec![],
        });
        report.scenarios.push(s.clone());
        assert_eq!(
            report.summary_line(),
            "2 passed, 0 failed, 0 expected failures, 1 response in 1 scenario disagrees with the OpenAPI document"
        );
        s.openapi.push(s.openapi[0].clone());
        report.scenarios.push(s);
        assert_eq!(
            report.summary_line(),
            "2 passed, 0 failed, 0 expected failures, 3 responses in 2 scenarios disagree with the OpenAPI document"
        );
    }

    #[test]
    fn cutting_counts_characters() {
        assert_eq!(cut("héllo", 10), "héllo");
        assert_eq!(cut("héllo", 2), "hé… (3 characters cut)");
    }

    /// A report written before format 2 (no identity, settings, areas) still loads.
    #[test]
    fn a_format_1_report_loads() {
        let dir = std::env::temp_dir().join(format!("conformance-v1-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("v1.json");
        let v1 = serde_json::json!({
            "target": "http://127.0.0.1:8055", "duration_ms": 5,
            "totals": {"passed": 1, "failed": 0, "expected_failures": 0, "unexpected_passes": 0, "not_run": 0},
            "scenarios": [{"feature": "Reading", "file": "features/items/read.feature", "name": "One",
                "line": 3, "tags": ["ITEMS-READ-ONE"], "status": "passed", "duration_ms": 5}],
        });
        std::fs::write(&file, v1.to_string()).expect("write");
        let report = Report::load(&file).expect("loads");
        assert_eq!(report.format, 1);
        assert_eq!(report.identity.url, "http://127.0.0.1:8055");
        assert_eq!(report.scenarios[0].area, "items");
        assert_eq!(report.scenarios[0].ids, ["ITEMS-READ-ONE"]);
    }
}
