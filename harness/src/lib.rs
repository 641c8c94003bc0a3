//! `directus-conformance`: runs the Gherkin conformance suite against a
//! Directus-compatible server over HTTP.
//!
//! A run connects to the target (or starts the embedded mock on a free
//! loopback port), provisions the fixture through public admin endpoints,
//! runs the selected scenarios one after another (resetting the fixture after
//! each scenario that writes), removes what it created — also after failures
//! and Ctrl-C — and judges the results against the target's expectations.
//!
//! The phases of a run, each in its module: `options` (what a run is told),
//! `scenarios` (the suite on disk and the selection), `plan` (which server
//! runs which scenario; `variants` are the server configurations), `target`
//! (the embedded mock, admin credentials), `pass` (cucumber against one
//! server, with `provision` and the step vocabulary in `steps`), and `report`
//! (verdicts against `expectations`, the output).
//!
//! Architecture invariant: verdicts come from HTTP exchanges only. The
//! embedded mock is started here, but nothing of its internals is consulted.

#![warn(unreachable_pub)]

mod api;
mod codes;
mod content;
pub mod differential;
mod expectations;
mod interrupt;
mod jsonmatch;
mod openapi;
mod options;
mod pass;
mod plan;
mod provision;
pub mod report;
mod scenarios;
mod steps;
mod target;
mod variants;
mod vendor;
mod world;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Result, anyhow};

pub use crate::options::{Color, Format, HarnessError, Options, Shard};
pub(crate) use crate::scenarios::relative;
pub use crate::scenarios::{ScenarioInfo, scenarios};

use crate::expectations::Expectations;
use crate::interrupt::Interrupt;
use crate::pass::{Pass, PassOutcome, Shared, run_pass};
use crate::plan::Plan;
use crate::provision::Fixture;
use crate::report::{Progress, Raw, Report, RunFacts, RunSettings, ScenarioResult, TargetIdentity};
use crate::variants::variant_capabilities;

/// Where the repository's suite lives (the default for `--features` and `--fixture`).
pub const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Runs the suite and returns the judged report.
pub async fn run(opts: Options) -> Result<Report, HarnessError> {
    let setup = HarnessError::Setup;
    let started = Instant::now();
    if opts.variants {
        print!("{}", variants::variants_listing());
        return Ok(Report::empty());
    }
    let root = PathBuf::from(REPO_ROOT);
    let features_dir = opts.features.clone().unwrap_or_else(|| root.join("features"));
    let fixture_dir = opts.fixture.clone().unwrap_or_else(|| root.join("fixtures/conformance"));
    let all = scenarios(&features_dir).map_err(setup)?;
    scenarios::ensure_unique_names(&all).map_err(setup)?;
    let expectations = load_expectations(&opts, &all).map_err(setup)?;
    let vendor = target::run_vendor(&opts).await.map_err(setup)?;
    let plan = Plan::new(&opts, &all, vendor).map_err(setup)?;
    if opts.list {
        println!("{}", plan.listing().map_err(setup)?);
        return Ok(Report::empty());
    }
    let total = plan.runnable.len() + plan.per_variant.iter().map(|(_, l)| l.len()).sum::<usize>();
    let shared = Shared {
        opts: &opts,
        features_dir,
        fixture: Fixture::load(&fixture_dir).map_err(setup)?,
        jwt_secret: plan.jwt_secret.clone(),
        snapshots: root.join("snapshots"),
        interrupted: Interrupt::listen(),
        progress: Progress::new(total, opts.quiet),
        expected: expectations.entries.iter().map(|e| e.scenario.clone()).collect(),
        vendor: plan.selection.vendor.clone(),
    };
    let settings = run_settings(&opts, &plan);
    let (target, main) = run_main_pass(&shared, &plan).await?;
    let mut collected = main.results;
    let mut stopped_early = main.stopped;
    if !stopped_early {
        let (more, stopped) = run_variant_passes(&shared, &plan).await?;
        collected.extend(more);
        stopped_early = stopped;
    }
    let facts = RunFacts { target, identity: main.identity, settings, started, stopped_early };
    let report = report::verdicts(facts, collected, &expectations, &plan.skipped);
    if let Some(p) = &opts.json {
        report.write_json(p).map_err(setup)?;
    }
    if let Some(p) = &opts.junit {
        report.write_junit(p).map_err(setup)?;
    }
    if let Some(p) = &opts.html {
        report::html::write(std::slice::from_ref(&report), p).map_err(setup)?;
    }
    if let Some(p) = &opts.write_expectations {
        let text = expectations::baseline(&report).map_err(setup)?;
        std::fs::write(p, text)
            .map_err(|e| setup(anyhow!("writing the baseline {}: {e}", p.display())))?;
    }
    Ok(report)
}

/// The settings a report records: what was selected, declared and checked.
fn run_settings(opts: &Options, plan: &Plan<'_>) -> RunSettings {
    RunSettings {
        harness_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        tags: opts.tags.clone(),
        name: opts.name.clone(),
        capabilities: plan.selection.capabilities.clone(),
        expectations: opts.expectations.as_deref().map(relative),
        mock_profile: opts
            .target
            .is_none()
            .then(|| clap::ValueEnum::to_possible_value(&opts.mock_profile))
            .flatten()
            .map(|v| v.get_name().to_owned()),
        check_openapi: opts.checks_openapi(),
        strict_openapi: opts.strict_openapi,
        fail_fast: opts.fail_fast,
    }
}

/// The expectations file, which must name only scenarios the suite has.
fn load_expectations(opts: &Options, all: &[ScenarioInfo]) -> Result<Expectations> {
    let expectations = match &opts.expectations {
        Some(p) => Expectations::load(p)?,
        None => Expectations::default(),
    };
    let known: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
    let stale = expectations.unknown(&known);
    if !stale.is_empty() {
        return Err(anyhow!(
            "the expectations file names scenarios the suite does not have: {}",
            stale.join("; ")
        ));
    }
    Ok(expectations)
}

/// The main target: the given server, or the embedded mock (stopped on return).
/// Returns how the target is called in the report, and the results.
async fn run_main_pass(
    shared: &Shared<'_>,
    plan: &Plan<'_>,
) -> Result<(String, PassOutcome), HarnessError> {
    let opts = shared.opts;
    let (base, _mock) = match &opts.target {
        Some(url) => (url.trim_end_matches('/').to_owned(), None),
        None => {
            let vendor = plan.selection.vendor.as_deref();
            let (url, mock) = target::start_mock(opts.mock_profile, vendor, &[])
                .await
                .map_err(HarnessError::Setup)?;
            (url, Some(mock))
        }
    };
    let target_name =
        if opts.target.is_none() { format!("embedded mock ({base})") } else { base.clone() };
    if !opts.quiet {
        let mut skipped = match plan.skipped.len() {
            0 => String::new(),
            n => format!(" ({n} need capabilities the target lacks)"),
        };
        match (&plan.selection.vendor, plan.other_databases) {
            (_, 0) => {}
            (Some(v), n) => {
                skipped.push_str(&format!(" on {v} ({n} for other databases left out)"))
            }
            (None, n) => skipped.push_str(&format!(
                " ({n} for particular databases left out: the target does not say which it runs \
                 on; pass --vendor)"
            )),
        }
        eprintln!(
            "directus-conformance: {} scenarios against {target_name}{skipped}",
            plan.runnable.len()
        );
    }
    if plan.runnable.is_empty() && !plan.per_variant.is_empty() {
        let identity = TargetIdentity {
            url: base,
            embedded: opts.target.is_none(),
            ..TargetIdentity::default()
        };
        return Ok((target_name, PassOutcome { results: Vec::new(), identity, stopped: false }));
    }
    let pass = Pass {
        label: target_name.clone(),
        base,
        scenarios: Arc::new(scenarios::places(&plan.runnable)),
        only: None,
        provision: plan.main_needs_fixture(),
        capabilities: &plan.selection.capabilities,
    };
    Ok((target_name, run_pass(shared, &pass).await?))
}

/// One embedded mock per variant the selected scenarios need, one after
/// another; whether `--fail-fast` stopped one.
async fn run_variant_passes(
    shared: &Shared<'_>,
    plan: &Plan<'_>,
) -> Result<(Vec<(ScenarioResult, Raw)>, bool), HarnessError> {
    let opts = shared.opts;
    let mut collected = Vec::new();
    for (v, list) in &plan.per_variant {
        let vendor = plan.selection.vendor.as_deref();
        let (base, _mock) = target::start_mock(opts.mock_profile, vendor, v.env)
            .await
            .map_err(HarnessError::Setup)?;
        let caps = variant_capabilities(&plan.selection.capabilities, v);
        let label = format!("embedded mock with {} ({base})", v.about);
        if !opts.quiet {
            eprintln!("directus-conformance: {} scenarios against {label}", list.len());
        }
        let pass = Pass {
            label,
            base,
            scenarios: Arc::new(scenarios::places(list)),
            only: Some(v.capability),
            provision: v.fixture,
            capabilities: &caps,
        };
        let outcome = run_pass(shared, &pass).await?;
        collected.extend(outcome.results);
        if outcome.stopped {
            return Ok((collected, true));
        }
    }
    Ok((collected, false))
}
