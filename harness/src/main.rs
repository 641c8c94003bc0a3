//! `directus-conformance`: flags in, exit code out.
//!
//! Exit codes: 0 every scenario passed (or failed as expected), 1 conformance
//! failures or unexpected passes, 2 harness errors (bad flags, unreachable
//! target, provisioning failed, interrupted).
//!
//! `directus-conformance report a.json b.json --html out.html` renders JSON
//! reports of earlier runs side by side (exit 0, or 2 when a file is not a report).

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
    after_help = "Examples:\n  directus-conformance\n  directus-conformance --target http://127.0.0.1:8055 --admin-token admin-static-token \\\n      --expectations harness/expectations/directus-12.4.toml --junit report.xml --html report.html\n  directus-conformance --tags '@ITEMS-READ-ONE-404' --list\n  directus-conformance report mock.json real.json --html matrix.html"
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    if let Some(Command::Report { reports, html }) = &cli.command {
        return render_reports(reports, html);
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
            if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("directus-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
