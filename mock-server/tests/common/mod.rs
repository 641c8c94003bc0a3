//! A test app: the mock's router driven in-process, with a fixed clock and
//! predictable ids, the conformance fixture loaded, and personas by token.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Body;
use chrono::{DateTime, TimeZone, Utc};
use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use mock_server::{Clock, IdGen};
use serde_json::Value;
use tower::ServiceExt;

pub const ADMIN: &str = "admin-static-token";

pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

/// Ids counting up from a fixed prefix, so snapshots are stable.
pub struct CountingIds(AtomicU64);

impl IdGen for CountingIds {
    fn uuid(&self) -> String {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        format!("00000000-0000-4000-8000-{n:012}")
    }

    fn token(&self, len: usize) -> String {
        let n = self.0.fetch_add(1, Ordering::SeqCst);
        format!("{n:0len$}")
    }
}

pub struct TestApp {
    pub app: Arc<mock_server::App>,
    router: axum::Router,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub text: String,
}

impl Response {
    /// The body as JSON: `null` when there is none (a 204), a panic when it is
    /// not JSON, so a test never mistakes a broken body for a missing one.
    pub fn json(&self) -> Value {
        if self.text.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", self.text))
    }

    pub fn code(&self) -> Option<String> {
        self.json().pointer("/errors/0/extensions/code").and_then(Value::as_str).map(str::to_owned)
    }
}

impl TestApp {
    /// The conformance fixture on a fresh mock.
    pub fn fixture() -> TestApp {
        Self::with_config(mock_server::Config {
            fixture: Some(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/conformance").into()),
            ..mock_server::Config::default()
        })
    }

    pub fn with_config(config: mock_server::Config) -> TestApp {
        let clock = Arc::new(FixedClock(
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().expect("a valid date"),
        ));
        let app =
            mock_server::build_app_with(config, clock, Arc::new(CountingIds(AtomicU64::new(1))))
                .expect("the mock builds");
        let router = mock_server::router(Arc::clone(&app));
        TestApp { app, router }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Response {
        match body {
            Some(b) => {
                self.send_with_content_type(method, path, token, b.to_owned(), "application/json")
                    .await
            }
            None => self.request(method, path, token, None).await,
        }
    }

    /// Sends a body as it is, with its content type.
    #[allow(dead_code)]
    pub async fn send_with_content_type(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: String,
        content_type: &str,
    ) -> Response {
        self.request(method, path, token, Some((body, content_type))).await
    }

    async fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(String, &str)>,
    ) -> Response {
        let mut req = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).expect("method"))
            .uri(path);
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let req = match body {
            Some((b, content_type)) => req.header("Content-Type", content_type).body(Body::from(b)),
            None => req.body(Body::empty()),
        }
        .expect("request");
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Response { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.send("GET", path, Some(ADMIN), None).await
    }

    /// `POST /auth/login` as the bootstrap administrator (ADMIN_PASSWORD).
    pub async fn admin_login(&self) -> Response {
        let body = r#"{"email":"admin@example.com","password":"admin-password"}"#;
        self.send("POST", "/auth/login", None, Some(body)).await
    }
}
