//! `directus-mock`: an in-memory reference implementation of the Directus API.
//!
//! The request path is short and one-way: `http` (router, extractors, wire
//! types) → `service` (Directus' rules) → `engine` (query and relations,
//! synchronous and pure) → `store` (rows by collection and key, published
//! as immutable snapshots). `graphql` is a second transport beside `http`,
//! calling the same services. `tests/architecture.rs` checks that no layer
//! reaches where it must not; see ARCHITECTURE.md at the repository root.
//!
//! # Public API
//!
//! The modules are private and their items `pub(crate)`, so rustc reports
//! dead code (and `unreachable_pub` a stray `pub`). What other crates use is
//! re-exported here, and nothing else:
//!
//! - the `directus-mock` binary (`main.rs`) and the harness start a server:
//!   [`Config`] (with [`Config::set_var`] for a server variant), [`Profile`],
//!   [`Vendor`] (the database it behaves like),
//!   then [`run`], or [`build_app`] and [`serve`];
//! - `directus-mock pull` copies a Directus into a fixture: [`pull`] with
//!   [`PullArgs`];
//! - the integration tests (`tests/*.rs`) drive the [`router`] in-process
//!   over an [`App`] built by [`build_app_with`] with a fixed [`Clock`] and
//!   predictable [`IdGen`]; [`ADMIN_USER_ID`] is the bootstrap admin's key.
//!
//! No integration test reaches into the engine or the store: they judge the
//! mock over HTTP, as the harness does.

#![warn(unreachable_pub)]

mod config;
mod engine;
mod error;
mod graphql;
mod http;
mod pull;
mod query;
mod schema;
mod service;
mod staging;
mod storage;
mod store;
mod system;
mod vendor;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;
use tower::Layer;
use tower_http::normalize_path::NormalizePathLayer;

pub use config::{Config, FilesConfig, Profile};
pub use http::router;
pub use pull::{PullArgs, Pulled, pull};
pub use service::{App, Clock, IdGen, RandomIds, SystemClock};
pub use system::ADMIN_USER_ID;
pub use vendor::Vendor;

/// Builds the application state for a configuration (loading its fixture).
pub fn build_app(config: Config) -> anyhow::Result<Arc<App>> {
    build_app_with(config, Arc::new(SystemClock), Arc::new(RandomIds))
}

/// Builds the application state with an injected clock and id generator, so
/// tests can fix `$NOW`, `date_created` and generated keys.
pub fn build_app_with(
    mut config: Config,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdGen>,
) -> anyhow::Result<Arc<App>> {
    if config.studio {
        config.studio_dir = Some(http::studio::locate(&config)?);
    }
    Ok(Arc::new(service::bootstrap::build(config, clock, ids)?))
}

/// Serves the mock on an already-bound listener until `shutdown` resolves.
pub async fn run(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = build_app(config)?;
    serve(listener, app, shutdown).await
}

/// Serves prepared state (tests use this to share the state with assertions)
/// until `shutdown` resolves, then writes the state to `--export-on-exit`'s
/// directory, if the configuration names one.
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // Directus' retention schedule, for as long as the server runs.
    let retention = service::retention::schedule(&app.config)
        .map(|cron| tokio::spawn(service::retention::run_schedule(Arc::clone(&app), cron)));
    // Flows with a schedule trigger, for as long as the server runs.
    let schedules = tokio::spawn(service::flows::schedule::run(Arc::clone(&app)));
    // A socket path (WEBSOCKETS_REST_PATH, WEBSOCKETS_GRAPHQL_PATH) that is one of
    // the API's own routes cannot be served beside it: a clear error, not a panic.
    let router = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        http::router(Arc::clone(&app))
    }))
    .map_err(|_| {
        anyhow::anyhow!(
            "WEBSOCKETS_REST_PATH ({}) or WEBSOCKETS_GRAPHQL_PATH ({}) is a route of the API itself",
            app.config.websockets_rest_path,
            app.config.websockets_graphql_path
        )
    })?;
    // `/items/articles/` routes like `/items/articles`, as Express' non-strict routing does.
    let service = NormalizePathLayer::trim_trailing_slash().layer(router);
    // The peer address feeds the rate limiter and policies limited to some addresses.
    let make = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        std::net::SocketAddr,
    >(service);
    let served = axum::serve(listener, make).with_graceful_shutdown(shutdown).await;
    if let Some(task) = retention {
        task.abort();
    }
    schedules.abort();
    served?;
    if let Some(dir) = &app.config.export_on_exit {
        service::fixture::export(&app, dir)
            .map_err(|e| anyhow::anyhow!("exporting the state to {}: {e:#}", dir.display()))?;
        tracing::info!(dir = %dir.display(), "state exported");
    }
    Ok(())
}
