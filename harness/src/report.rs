//! Collecting scenario results from cucumber's events, judging them against
//! the target's expectations, and reporting: progress and failures on
//! stderr, JSON and JUnit files for CI, one summary line on stdout.

use std::collections::HashMap;
use std::io::{IsTerminal as _, Write as _};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use cucumber::event::{self, Cucumber, Feature, Rule, Scenario, StepError};
use cucumber::{Event, Writer, parser, writer};
use serde::Serialize;
use serde_json::json;

use crate::expectations::Expectations;
use crate::scenarios::ScenarioInfo;
use crate::world::ConformanceWorld;

/// How one scenario ended, before expectations are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Raw {
    Passed,
    Failed(String),
}

/// The verdict on one scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioResult {
    pub feature: String,
    pub file: String,
    pub name: String,
    pub line: usize,
    pub tags: Vec<String>,
    pub status: Status,
    pub duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expectation: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub expected_failures: usize,
    pub unexpected_passes: usize,
    pub not_run: usize,
}

/// The outcome of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub target: String,
    pub duration_ms: u64,
    pub totals: Totals,
    pub scenarios: Vec<ScenarioResult>,
}

impl Report {
    /// The report of a run that only listed (`--list`, `--variants`).
    pub(crate) fn empty() -> Report {
        Report {
            target: String::new(),
            duration_ms: 0,
            totals: Totals::default(),
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
        line
    }

    pub(crate) fn write_json(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(path, text + "\n").with_context(|| format!("writing {}", path.display()))
    }

    pub(crate) fn write_junit(&self, path: &Path) -> Result<()> {
        use quick_junit::{NonSuccessKind, Report as JReport, TestCase, TestCaseStatus, TestSuite};
        let mut report = JReport::new("directus-conformance");
        let mut suites: Vec<(String, TestSuite)> = Vec::new();
        for s in &self.scenarios {
            if !suites.iter().any(|(f, _)| *f == s.feature) {
                suites.push((s.feature.clone(), TestSuite::new(s.feature.clone())));
            }
            let status = match s.status {
                Status::Passed | Status::ExpectedFailure => TestCaseStatus::success(),
                Status::NotRun => TestCaseStatus::skipped(),
                Status::Failed | Status::UnexpectedPass => {
                    let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    let message = match s.status {
                        Status::UnexpectedPass => format!(
                            "unexpected pass: {}",
                            s.expectation.clone().unwrap_or_default()
                        ),
                        _ => s.failure.clone().unwrap_or_default(),
                    };
                    st.set_message(message.lines().next().unwrap_or_default().to_owned());
                    st.set_description(message);
                    st
                }
            };
            let mut case = TestCase::new(s.name.clone(), status);
            case.set_classname(s.file.clone());
            case.set_time(Duration::from_millis(s.duration_ms));
            if let Some((_, suite)) = suites.iter_mut().find(|(f, _)| *f == s.feature) {
                suite.add_test_case(case);
            }
        }
        for (_, suite) in suites {
            report.add_test_suite(suite);
        }
        let xml = report.to_string().context("rendering JUnit XML")?;
        std::fs::write(path, xml).with_context(|| format!("writing {}", path.display()))
    }

    /// Failures and unexpected passes, for people.
    pub fn print_failures(&self, out: &mut impl std::io::Write, color: bool) {
        let (red, dim, reset) =
            if color { ("\x1b[31m", "\x1b[2m", "\x1b[0m") } else { ("", "", "") };
        for s in &self.scenarios {
            match s.status {
                Status::Failed => {
                    let _ = writeln!(out, "\n{red}FAILED{reset} {}:{}  {}", s.file, s.line, s.name);
                    if !s.tags.is_empty() {
                        let _ = writeln!(
                            out,
                            "  {dim}{}{reset}",
                            s.tags.iter().map(|t| format!("@{t}")).collect::<Vec<_>>().join(" ")
                        );
                    }
                    for line in s.failure.clone().unwrap_or_default().lines() {
                        let _ = writeln!(out, "  {line}");
                    }
                }
                Status::UnexpectedPass => {
                    let _ = writeln!(
                        out,
                        "\n{red}UNEXPECTED PASS{reset} {}:{}  {}\n  the expectations file says: {}\n  remove the entry: the target now behaves as the scenario states",
                        s.file,
                        s.line,
                        s.name,
                        s.expectation.clone().unwrap_or_default()
                    );
                }
                _ => {}
            }
        }
    }
}

/// A scenario being run.
#[derive(Debug)]
struct Running {
    started: Instant,
    failure: Option<String>,
}

/// The cucumber writer: collects results and shows progress.
pub(crate) struct Collector {
    pub(crate) results: Vec<(ScenarioResult, Raw)>,
    pub(crate) parse_errors: Vec<String>,
    running: HashMap<(String, usize), Running>,
    progress: Progress,
}

impl Collector {
    pub(crate) fn new(total: usize, quiet: bool) -> Collector {
        Collector {
            results: Vec::new(),
            parse_errors: Vec::new(),
            running: HashMap::new(),
            progress: Progress::new(total, quiet),
        }
    }

    fn on_scenario(
        &mut self,
        feature: &cucumber::gherkin::Feature,
        sc: &cucumber::gherkin::Scenario,
        ev: &Scenario<ConformanceWorld>,
    ) {
        let key = (feature.name.clone(), sc.position.line);
        match ev {
            Scenario::Started => {
                self.running.insert(key, Running { started: Instant::now(), failure: None });
            }
            Scenario::Step(step, event::Step::Skipped)
            | Scenario::Background(step, event::Step::Skipped) => {
                if let Some(r) = self.running.get_mut(&key) {
                    r.failure.get_or_insert_with(|| {
                        format!("step {:?}: no step definition matches it (undefined steps fail the run)", step.value)
                    });
                }
            }
            Scenario::Step(step, event::Step::Failed(_, _, world, err))
            | Scenario::Background(step, event::Step::Failed(_, _, world, err)) => {
                let mut text =
                    format!("{}{}\n{}", step.keyword, step.value, indent(&step_error(err)));
                if let Some(w) = world
                    && !w.transcript.is_empty()
                {
                    text.push_str("\n  requests in this scenario:\n");
                    for line in &w.transcript {
                        text.push_str(&format!("    {line}\n"));
                    }
                }
                if let Some(r) = self.running.get_mut(&key) {
                    r.failure.get_or_insert(text);
                }
            }
            Scenario::Hook(kind, event::Hook::Failed(_, info)) => {
                let msg = panic_text(info);
                if let Some(r) = self.running.get_mut(&key) {
                    r.failure.get_or_insert(format!("{kind:?} hook failed: {msg}"));
                }
            }
            Scenario::Finished => {
                let Some(r) = self.running.remove(&key) else { return };
                let file = feature.path.as_deref().map(crate::relative).unwrap_or_default();
                let result = ScenarioResult {
                    feature: feature.name.clone(),
                    file,
                    name: sc.name.clone(),
                    line: sc.position.line,
                    tags: sc.tags.iter().chain(feature.tags.iter()).cloned().collect(),
                    status: if r.failure.is_some() { Status::Failed } else { Status::Passed },
                    duration_ms: r.started.elapsed().as_millis() as u64,
                    failure: r.failure.clone(),
                    expectation: None,
                };
                let raw = match r.failure {
                    Some(f) => Raw::Failed(f),
                    None => Raw::Passed,
                };
                self.progress.tick(&result.feature, raw == Raw::Passed);
                self.results.push((result, raw));
            }
            _ => {}
        }
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

fn panic_text(info: &event::Info) -> String {
    (**info)
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| (**info).downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(no message)".into())
}

fn step_error(err: &StepError) -> String {
    match err {
        StepError::NotFound => "no step definition matches this step".into(),
        StepError::AmbiguousMatch(e) => format!("more than one step definition matches: {e}"),
        StepError::Panic(info) => panic_text(info),
    }
}

impl Writer<ConformanceWorld> for Collector {
    type Cli = cucumber::cli::Empty;

    async fn handle_event(
        &mut self,
        ev: parser::Result<Event<Cucumber<ConformanceWorld>>>,
        _cli: &Self::Cli,
    ) {
        match ev {
            Err(e) => self.parse_errors.push(e.to_string()),
            Ok(ev) => match ev.value {
                Cucumber::Feature(feature, Feature::Scenario(sc, retryable)) => {
                    self.on_scenario(&feature, &sc, &retryable.event);
                }
                Cucumber::Feature(feature, Feature::Rule(_, Rule::Scenario(sc, retryable))) => {
                    self.on_scenario(&feature, &sc, &retryable.event);
                }
                Cucumber::Finished => self.progress.finish(),
                _ => {}
            },
        }
    }
}

impl writer::Normalized for Collector {}

/// Progress on stderr: a live line on a terminal, one line per feature otherwise.
struct Progress {
    total: usize,
    done: usize,
    failed: usize,
    feature: Option<(String, usize, usize)>,
    tty: bool,
    quiet: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        Progress {
            total,
            done: 0,
            failed: 0,
            feature: None,
            tty: std::io::stderr().is_terminal(),
            quiet,
        }
    }

    fn tick(&mut self, feature: &str, passed: bool) {
        self.done += 1;
        if !passed {
            self.failed += 1;
        }
        let same = self.feature.as_ref().is_some_and(|(f, _, _)| f == feature);
        if !same {
            self.flush_feature();
            self.feature = Some((feature.to_owned(), 0, 0));
        }
        if let Some((_, n, bad)) = self.feature.as_mut() {
            *n += 1;
            if !passed {
                *bad += 1;
            }
        }
        if self.tty && !self.quiet {
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\r\x1b[2K[{}/{}] {} failing so far  {}",
                self.done, self.total, self.failed, feature
            );
            let _ = err.flush();
        }
    }

    fn flush_feature(&mut self) {
        if self.quiet {
            return;
        }
        if let Some((name, n, bad)) = self.feature.take() {
            let mut err = std::io::stderr();
            if self.tty {
                let _ = write!(err, "\r\x1b[2K");
            }
            let verdict = if bad == 0 { "ok".to_owned() } else { format!("{bad} not passing") };
            let _ = writeln!(err, "  {name}: {n} scenarios, {verdict}");
        }
    }

    fn finish(&mut self) {
        self.flush_feature();
    }
}

/// The judged report: the results against the expectations, and the
/// scenarios no server of the run could run.
pub(crate) fn verdicts(
    target: String,
    started: Instant,
    collected: Vec<(ScenarioResult, Raw)>,
    expectations: &Expectations,
    skipped: &[(&ScenarioInfo, String)],
) -> Report {
    let (mut results, mut totals) = judge(collected, expectations);
    for (s, missing) in skipped {
        results.push(not_run(s, missing));
        totals.not_run += 1;
    }
    Report { target, duration_ms: started.elapsed().as_millis() as u64, totals, scenarios: results }
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
        }
        match r.status {
            Status::Passed => totals.passed += 1,
            Status::Failed => totals.failed += 1,
            Status::ExpectedFailure => totals.expected_failures += 1,
            Status::UnexpectedPass => totals.unexpected_passes += 1,
            Status::NotRun => totals.not_run += 1,
        }
        out.push(r);
    }
    (out, totals)
}

/// A not-run record for a scenario filtered out by capabilities.
fn not_run(s: &ScenarioInfo, missing: &str) -> ScenarioResult {
    ScenarioResult {
        feature: s.feature.clone(),
        file: s.file.clone(),
        name: s.name.clone(),
        line: s.line,
        tags: s.tags.clone(),
        status: Status::NotRun,
        duration_ms: 0,
        failure: None,
        expectation: Some(format!("needs capability {missing}")),
    }
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
