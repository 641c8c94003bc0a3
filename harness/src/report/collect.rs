//! Collecting scenario results from cucumber's events. The verdict of a
//! scenario comes from its events (a failed step, a failed hook, an
//! undefined step); its evidence (exchanges, the JSON diff, OpenAPI
//! violations) comes from the world, which hands it over in the `after` hook
//! through an [`ExtrasSink`] (cucumber runs that hook before it emits the
//! scenario's failure and `Finished` events).
//!
//! The results live in a [`Collected`] shared with the pass, so a run that
//! stops early (`--fail-fast`) keeps what it collected.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use cucumber::event::{self, Cucumber, Feature, Rule, Scenario, StepError};
use cucumber::{Event, Writer, gherkin, parser, writer};

use super::{DiffRecord, ExchangeRecord, Progress, Raw, ScenarioResult, Status, Violation};
use crate::world::ConformanceWorld;

/// A scenario of a pass: its feature file (or name) and line.
pub(crate) type ScenarioKey = (String, usize);

pub(crate) fn scenario_key(feature: &gherkin::Feature, sc: &gherkin::Scenario) -> ScenarioKey {
    let file =
        feature.path.as_ref().map_or_else(|| feature.name.clone(), |p| p.display().to_string());
    (file, sc.position.line)
}

/// What a world saw that the events do not carry.
#[derive(Debug, Default)]
pub(crate) struct Extras {
    pub(crate) exchanges: Vec<ExchangeRecord>,
    pub(crate) diff: Option<DiffRecord>,
    pub(crate) openapi: Vec<Violation>,
}

/// Where worlds leave their [`Extras`] for the collector.
pub(crate) type ExtrasSink = Arc<Mutex<HashMap<ScenarioKey, Extras>>>;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Debug, Default)]
struct CollectedState {
    results: Vec<(ScenarioResult, Raw)>,
    parse_errors: Vec<String>,
}

/// The results of a pass, readable after the pass ended or was stopped.
#[derive(Clone)]
pub(crate) struct Collected {
    state: Arc<Mutex<CollectedState>>,
    stop: Arc<tokio::sync::watch::Sender<bool>>,
}

impl Collected {
    pub(crate) fn new() -> Collected {
        Collected { state: Arc::default(), stop: Arc::new(tokio::sync::watch::channel(false).0) }
    }

    /// The results so far, and the feature files that did not parse.
    pub(crate) fn take(&self) -> (Vec<(ScenarioResult, Raw)>, Vec<String>) {
        let mut st = lock(&self.state);
        (std::mem::take(&mut st.results), std::mem::take(&mut st.parse_errors))
    }

    /// Whether `--fail-fast` asked the run to stop.
    pub(crate) fn stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Resolves once `--fail-fast` asks the run to stop.
    pub(crate) async fn wait_for_stop(&self) {
        let mut rx = self.stop.subscribe();
        let _ = rx.wait_for(|stop| *stop).await;
    }
}

/// How a pass' collector judges as it goes.
pub(crate) struct CollectorSettings {
    /// The server's label, when the run has several.
    pub(crate) server: Option<String>,
    /// OpenAPI violations fail the scenario.
    pub(crate) strict_openapi: bool,
    /// With `--fail-fast`: the scenarios the expectations say fail (their
    /// failures do not stop the run).
    pub(crate) fail_fast: Option<HashSet<String>>,
}

/// A scenario being run.
#[derive(Debug)]
struct Running {
    started: Instant,
    failure: Option<String>,
    step: Option<String>,
}

/// The cucumber writer: collects results and shows progress.
pub(crate) struct Collector {
    collected: Collected,
    extras: ExtrasSink,
    running: HashMap<ScenarioKey, Running>,
    progress: Progress,
    settings: CollectorSettings,
}

impl Collector {
    pub(crate) fn new(
        collected: Collected,
        extras: ExtrasSink,
        progress: Progress,
        settings: CollectorSettings,
    ) -> Collector {
        Collector { collected, extras, running: HashMap::new(), progress, settings }
    }

    fn fail(&mut self, key: &ScenarioKey, step: Option<String>, text: String) {
        if let Some(r) = self.running.get_mut(key)
            && r.failure.is_none()
        {
            r.failure = Some(text);
            r.step = step;
        }
    }

    fn on_scenario(
        &mut self,
        feature: &gherkin::Feature,
        sc: &gherkin::Scenario,
        ev: &Scenario<ConformanceWorld>,
    ) {
        let key = scenario_key(feature, sc);
        match ev {
            Scenario::Started => {
                let running = Running { started: Instant::now(), failure: None, step: None };
                self.running.insert(key, running);
            }
            Scenario::Step(step, event::Step::Skipped)
            | Scenario::Background(step, event::Step::Skipped) => {
                let text = format!(
                    "step {:?}: no step definition matches it (undefined steps fail the run)",
                    step.value
                );
                self.fail(&key, Some(format!("{}{}", step.keyword, step.value)), text);
            }
            Scenario::Step(step, event::Step::Failed(_, _, world, err))
            | Scenario::Background(step, event::Step::Failed(_, _, world, err)) => {
                let written = format!("{}{}", step.keyword, step.value);
                let mut text = format!("{written}\n{}", indent(&step_error(err)));
                if let Some(w) = world
                    && !w.transcript.is_empty()
                {
                    text.push_str("\n  requests in this scenario:\n");
                    for line in &w.transcript {
                        text.push_str(&format!("    {line}\n"));
                    }
                }
                self.fail(&key, Some(written), text);
            }
            Scenario::Hook(kind, event::Hook::Failed(_, info)) => {
                let text = format!("{kind:?} hook failed: {}", panic_text(info));
                self.fail(&key, None, text);
            }
            Scenario::Finished => self.finished(feature, sc, key),
            _ => {}
        }
    }

    fn finished(&mut self, feature: &gherkin::Feature, sc: &gherkin::Scenario, key: ScenarioKey) {
        let Some(r) = self.running.remove(&key) else { return };
        let extras = lock(&self.extras).remove(&key).unwrap_or_default();
        let file = feature.path.as_deref().map(crate::relative).unwrap_or_default();
        let tags = sc.tags.iter().chain(feature.tags.iter()).cloned().collect();
        let mut result =
            ScenarioResult::new(&feature.name, &file, &sc.name, sc.position.line, tags);
        result.duration_ms = r.started.elapsed().as_millis() as u64;
        result.server = self.settings.server.clone();
        result.exchanges = extras.exchanges;
        result.diff = extras.diff;
        result.openapi = extras.openapi;
        result.step = r.step;
        let failure = final_failure(r.failure, &result.openapi, self.settings.strict_openapi);
        result.status = if failure.is_some() { Status::Failed } else { Status::Passed };
        result.failure = failure.clone();
        let raw = failure.map_or(Raw::Passed, Raw::Failed);
        self.progress.tick(&result.feature, raw == Raw::Passed);
        let stop = raw != Raw::Passed
            && self
                .settings
                .fail_fast
                .as_ref()
                .is_some_and(|expected| !expected.contains(&result.name));
        lock(&self.collected.state).results.push((result, raw));
        if stop {
            self.collected.stop.send_replace(true);
        }
    }
}

/// How a scenario fails: as its steps and hooks say, or with
/// `--strict-openapi` because its responses disagree with the document.
fn final_failure(
    failure: Option<String>,
    violations: &[Violation],
    strict: bool,
) -> Option<String> {
    match failure {
        Some(f) => Some(f),
        None if strict && !violations.is_empty() => Some(openapi_failure(violations)),
        None => None,
    }
}

/// The failure of a scenario whose responses disagree with the document (`--strict-openapi`).
pub(crate) fn openapi_failure(violations: &[Violation]) -> String {
    let mut text =
        String::from("responses disagree with the target's OpenAPI document (--strict-openapi):");
    for v in violations {
        text.push_str(&format!(
            "\n  {}: {} (documented as {})",
            v.persona, v.exchange, v.operation
        ));
        for e in &v.errors {
            let at = if e.at.is_empty() { "(root)" } else { e.at.as_str() };
            text.push_str(&format!("\n    at {at}: {}", e.message));
        }
    }
    text
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
            Err(e) => lock(&self.collected.state).parse_errors.push(e.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ViolationError;

    fn violation() -> Violation {
        Violation {
            persona: "reader".into(),
            exchange: "GET /items/articles -> 200".into(),
            operation: "GET /items/articles 200".into(),
            errors: vec![ViolationError {
                at: "/data/0/views".into(),
                message: "\"many\" is not of types \"null\", \"integer\"".into(),
                schema: "/components/schemas/ItemsArticles/properties/views/type".into(),
            }],
        }
    }

    #[test]
    fn violations_fail_a_scenario_only_when_strict() {
        let v = [violation()];
        assert_eq!(final_failure(None, &v, false), None);
        assert_eq!(final_failure(None, &[], true), None);
        assert_eq!(
            final_failure(None, &v, true).as_deref(),
            Some(
                "responses disagree with the target's OpenAPI document (--strict-openapi):\n  reader: GET /items/articles -> 200 (documented as GET /items/articles 200)\n    at /data/0/views: \"many\" is not of types \"null\", \"integer\""
            )
        );
        assert_eq!(
            final_failure(Some("step".into()), &v, true).as_deref(),
            Some("step"),
            "a step's failure comes first"
        );
    }
}
