//! `directus-mock`: parses flags and runs the server.

use clap::Parser;

/// mimalloc: the mock allocates per request; glibc malloc was a fifth of its time under load.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An in-memory mock of the Directus 12 REST API, for tests and frontend development.
///
/// It bootstraps like a fresh Directus (an admin user with the given email,
/// password and static token) and can load a fixture at start-up. All data
/// lives in memory and is gone when the process ends.
#[derive(Debug, Parser)]
#[command(name = "directus-mock", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    config: mock_server::Config,
    /// Log filter (RUST_LOG syntax), e.g. `info` or `mock_server=debug`.
    #[arg(long, env = "LOG_LEVEL", default_value = "warn")]
    log_level: String,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Copies a running Directus (schema, roles, policies, permissions, users, settings,
    /// content, files, presets, translations, flows, ...) into a fixture directory through
    /// its public API, for `directus-mock --fixture DIR`.
    Pull(mock_server::PullArgs),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&cli.log_level)
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Some(Command::Pull(args)) = &cli.command {
        return match mock_server::pull(args).await {
            Ok(p) => {
                eprintln!(
                    "pulled {} into {}: {} collections with {} items, {} system rows, {} files",
                    args.from,
                    args.out.display(),
                    p.collections,
                    p.items,
                    p.system_rows,
                    p.files
                );
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!(
                    "directus-mock pull: {e:#}\n(nothing was written to {})",
                    args.out.display()
                );
                std::process::ExitCode::from(2)
            }
        };
    }
    let addr = format!("{}:{}", cli.config.host, cli.config.port);
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("directus-mock: cannot listen on {addr}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(addr);
    // The fixture loads before the line that says the mock is ready.
    let app = match mock_server::build_app(cli.config) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("directus-mock: {e:#}");
            return std::process::ExitCode::from(2);
        }
    };
    eprintln!(
        "directus-mock listening on http://{local} (admin {} / token {})",
        app.config.admin_email, app.config.admin_token
    );
    match mock_server::serve(listener, app, shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("directus-mock: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

/// Ctrl-C, or SIGTERM (what `kill`, a test runner or a container stop sends).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
