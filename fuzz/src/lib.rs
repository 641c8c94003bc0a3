//! What every fuzz target shares: one mock with the conformance fixture,
//! built once per process, and a request sent through its router. An input
//! must get an answer (any status) and never a panic; a 5xx other than the
//! documented ones is a finding too.

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Mock {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
}

fn mock() -> &'static Mock {
    static MOCK: OnceLock<Mock> = OnceLock::new();
    MOCK.get_or_init(|| {
        let config = mock_server::Config {
            fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
            // Millions of writes: keep the log small.
            max_activity: 1_000,
            ..mock_server::Config::default()
        };
        let app: Arc<mock_server::App> = mock_server::build_app(config).expect("the mock builds");
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
        Mock { runtime, router: mock_server::router(app) }
    })
}

/// Sends one request as the admin; `None` when the input is not a valid URI.
pub fn send(method: &str, uri: &str, body: Option<Vec<u8>>) -> Option<(u16, Vec<u8>)> {
    let mock = mock();
    let builder = Request::builder()
        .method(method)
        .uri(uri)
        .header("Authorization", "Bearer admin-static-token")
        .header("Content-Type", "application/json");
    let req = builder.body(body.map_or_else(Body::empty, Body::from)).ok()?;
    mock.runtime.block_on(async {
        let resp = mock.router.clone().oneshot(req).await.ok()?;
        let status = resp.status().as_u16();
        let bytes = resp.into_body().collect().await.ok()?.to_bytes();
        Some((status, bytes.to_vec()))
    })
}

/// Every byte outside unreserved ASCII percent-encoded.
pub fn encode(data: &[u8]) -> String {
    percent_encoding::percent_encode(data, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The answer is a JSON document (Directus' envelope) unless it is a 204.
pub fn check(answer: Option<(u16, Vec<u8>)>) {
    if let Some((status, body)) = answer {
        assert!(status == 204 || body.first() == Some(&b'{'), "{status}: not an envelope");
    }
}
