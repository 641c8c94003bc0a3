//! `directus-conformance`: flags in, exit code out.
//!
//! Exit codes: 0 every scenario passed (or failed as expected), 1 conformance
//! failures or unexpected passes, 2 harness errors (bad flags, unreachable
//! target, provisioning failed, interrupted).

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the mock allocates per request; glibc malloc was a fifth of its time under load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use harness::{Color, Options};

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
    after_help = "Examples:\n  directus-conformance\n  directus-conformance --target http://127.0.0.1:8055 --admin-token admin-static-token \\\n      --expectations harness/expectations/directus-12.4.toml --junit report.xml\n  directus-conformance --tags '@ITEMS-READ-ONE-404' --list"
)]
struct Cli {
    #[command(flatten)]
    options: Options,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
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
    match runtime.block_on(harness::run(options)) {
        Ok(_) if listing => ExitCode::SUCCESS,
        Ok(report) => {
            report.print_failures(&mut std::io::stderr(), color);
            println!("{}", report.summary_line());
            if report.failed() { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) => {
            eprintln!("directus-conformance: {e}");
            ExitCode::from(2)
        }
    }
}
