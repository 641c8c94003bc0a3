//! `directus-conformance`: flags in, exit code out.
//!
//! Exit codes: 0 every scenario passed (or failed as expected), 1 conformance
//! failures or unexpected passes, 2 harness errors (bad flags, unreachable
//! target, provisioning failed, interrupted).
//!
//! `directus-conformance report a.json b.json --html out.html` renders JSON
//! reports of earlier runs side by side (exit 0, or 2 when a file is not a report).
//! `directus-conformance merge 1.json 2.json --json all.json --junit all.xml`
//! combines the reports of a run's shards (exit codes as a run's).

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: the mock allocates per request; glibc malloc was a fifth of its time under load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use harness::report::Report;
use harness::{Color, Format, Options};

/// Runs the Directus conformance suite against a server, or against the embedded mock.
///
/// Without --target, the embedded mock is started on a free loopback port
/// and the whole suite runs against it. With --target, the harness
/// provisions its fixture on that server through the public admin API,
/// runs the scenarios, and removes everything it created.
#[derive(Debug, Parser)]
#[command(
    name = "directus-conformance",
    version,
    args_conflicts_with_subcommands = true,
    after_help = "Examples:\n  directus-conformance\n  directus-conformance --target http://127.0.0.1:8055 --admin-token admin-static-token \\\n      --expectations harness/expectations/directus-12.4.toml --junit report.xml --html report.html\n  directus-conformance --tags '@ITEMS-READ-ONE-404' --list\n  directus-conformance report mock.json real.json --html matrix.html\n  directus-conformance --shard 1/2 --json 1.json && directus-conformance --shard 2/2 --json 2.json\n  directus-conformance merge 1.json 2.json --junit all.xml"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    options: Options,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render JSON reports of earlier runs (targets, vendors, versions, shards) side by
    /// side as one HTML page; reports of the same target are merged as shards.
    Report {
        /// JSON reports written with --json.
        #[arg(required = true, value_name = "JSON")]
        reports: Vec<PathBuf>,
        /// The HTML file to write.
        #[arg(long, value_name = "FILE")]
        html: PathBuf,
    },
    /// The generative differential test: seeded reads (REST and their GraphQL twins,
    /// valid and plausibly invalid), and with --writes lockstep write sequences
    /// between them, replayed against two servers provisioned with the
    /// fixture (--target, a real Directus, and --reference, the embedded mock by
    /// default), compared after normalizing random values; exit 1 when a difference is
    /// not in the --known file or the reference answers 5xx.
    Differential(harness::differential::DiffOptions),
    /// Combine the JSON reports of the shards of one run (--shard I/N on several
    /// machines) into the report one run writes, print its summary line, and exit as
    /// a run does (0, 1 with failures, 2 when the files are not shards of one run).
    Merge {
        /// JSON reports written with --json by the shards.
        #[arg(required = true, value_name = "JSON")]
        reports: Vec<PathBuf>,
        /// Write the merged JSON report.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
        /// Write the merged JUnit XML report.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Write the merged HTML report.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
}

/// `merge`: the shards' reports as one.
fn merge_reports(
    files: &[PathBuf],
    json: Option<&std::path::Path>,
    junit: Option<&std::path::Path>,
    html: Option<&std::path::Path>,
) -> ExitCode {
    let merged = files
        .iter()
        .map(|f| Report::load(f))
        .collect::<anyhow::Result<Vec<Report>>>()
        .and_then(harness::report::merge_shards)
        .and_then(|report| {
            if let Some(p) = json {
                report.write_json(p)?;
            }
            if let Some(p) = junit {
                report.write_junit(p)?;
            }
            if let Some(p) = html {
                harness::report::html::write(std::slice::from_ref(&report), p)?;
            }
            Ok(report)
        });
    match merged {
        Ok(report) => {
            println!("{}", report.summary_line());
            if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("directus-conformance: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `report`: the matrix page of several JSON reports.
fn render_reports(files: &[PathBuf], html: &std::path::Path) -> ExitCode {
    let mut reports = Vec::with_capacity(files.len());
    for f in files {
        match Report::load(f) {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprintln!("directus-conformance: {e:#}");
                return ExitCode::from(2);
            }
        }
    }
    match harness::report::html::write(&reports, html) {
        Ok(()) => {
            eprintln!(
                "directus-conformance: {} reports rendered to {}",
                reports.len(),
                html.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("directus-conformance: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `differential`: the summary, the unexplained differences, the exit code.
fn differential(opts: &harness::differential::DiffOptions) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("directus-conformance: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(harness::differential::differential(opts)) {
        Ok(summary) => {
            for d in summary.unexplained().take(opts.show) {
                eprintln!(
                    "--- {} difference: {}\n  target:    {}\n  reference: {}",
                    d.kind, d.request, d.target, d.reference
                );
            }
            println!("{}", summary.line());
            let bad = summary.unexplained().next().is_some() || summary.reference_crashes > 0;
            if bad { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("directus-conformance: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match &cli.command {
        Some(Command::Report { reports, html }) => return render_reports(reports, html),
        Some(Command::Merge { reports, json, junit, html }) => {
            return merge_reports(reports, json.as_deref(), junit.as_deref(), html.as_deref());
        }
        Some(Command::Differential(opts)) => return differential(opts),
        None => {}
    }
    let options = cli.options;
    let color = match options.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stderr().is_terminal(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("directus-conformance: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let listing = options.list || options.variants;
    let baseline = options.write_expectations.clone();
    let format = options.format;
    match runtime.block_on(harness::run(options)) {
        Ok(_) if listing => ExitCode::SUCCESS,
        Ok(report) => {
            report.print_failures(&mut std::io::stderr(), color);
            if format == Format::Github {
                for line in harness::report::github::annotations(&report) {
                    println!("{line}");
                }
            }
            println!("{}", report.summary_line());
            if let Some(file) = &baseline {
                // A baseline records the failures: the run that writes it is green.
                eprintln!("directus-conformance: the failures are recorded in {}", file.display());
                return ExitCode::SUCCESS;
            }
            if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("directus-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
