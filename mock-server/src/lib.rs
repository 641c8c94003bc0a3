//! `directus-mock`: an in-memory reference implementation of the Directus API.
//!
//! The request path is short and one-way: [`http`] (router, extractors, wire
//! types) → [`service`] (Directus' rules) → [`engine`] (query and relations,
//! synchronous and pure) → [`store`] (rows by collection and key, published
//! as immutable snapshots). [`graphql`] is a second transport beside
//! [`http`], calling the same services. `tests/architecture.rs` checks that
//! no layer reaches where it must not; see ARCHITECTURE.md at the repository
//! root.

pub mod config;
pub mod engine;
pub mod error;
pub mod graphql;
pub mod http;
pub mod query;
pub mod schema;
pub mod service;
pub mod store;
pub mod system;

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;
use tower::Layer;
use tower_http::normalize_path::NormalizePathLayer;

pub use config::{Config, Profile};
pub use service::App;

/// Builds the application state for a configuration (loading its fixture).
pub fn build_app(config: Config) -> anyhow::Result<Arc<App>> {
    let app = service::bootstrap::build(
        config,
        Arc::new(service::SystemClock),
        Arc::new(service::RandomIds),
    )?;
    Ok(Arc::new(app))
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

/// Serves prepared state (tests use this to share the state with assertions).
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let router = http::router(app);
    // `/items/articles/` routes like `/items/articles`, as Express' non-strict routing does.
    let service = NormalizePathLayer::trim_trailing_slash().layer(router);
    // The peer address feeds the rate limiter and policies limited to some addresses.
    let make = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        std::net::SocketAddr,
    >(service);
    axum::serve(listener, make).with_graceful_shutdown(shutdown).await?;
    Ok(())
}
