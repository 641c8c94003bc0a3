//! An exact cache of item read responses.
//!
//! The database is an immutable snapshot per generation (every write
//! publishes a new one), so the answer to a GET of `/items/...` depends only
//! on the generation, the caller's identity and the URL — except where the
//! query or one of the caller's permission rules reads the clock (`$NOW`,
//! dynamic variables), which is never cached.
//! Entries of an older generation are dropped the moment a newer one is seen,
//! so a response is never stale. Directus offers the same idea as
//! `CACHE_ENABLED` with auto-purge; frontend test suites re-read the same
//! URLs a lot. `--no-response-cache` (`RESPONSE_CACHE=false`) turns it off.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::response::Response;
use http::{HeaderValue, Method, StatusCode, Uri, header};

use super::Context;

/// Largest body kept, and the most entries (a frontend's working set, not a dump).
const MAX_BODY: usize = 256 * 1024;
const MAX_ENTRIES: usize = 1024;

#[derive(Debug, Default)]
pub(crate) struct ResponseCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    generation: u64,
    entries: HashMap<String, Bytes>,
}

/// The cache key of a request, or `None` when the request must not be cached.
pub(crate) fn key(generation: u64, ctx: &Context, method: &Method, uri: &Uri) -> Option<String> {
    if !matches!(*method, Method::GET | Method::HEAD) {
        return None;
    }
    let query = uri.query().unwrap_or("");
    // The clock and per-request variables change answers within a generation.
    if query.contains('$') || query.contains("%24") || query.contains("export") {
        return None;
    }
    let acc = &ctx.acc;
    if acc.rules_read_clock {
        return None;
    }
    Some(format!(
        "{generation}|{:?}|{:?}|{}|{}|{:?}|{:?}|{uri}",
        acc.user, acc.role, acc.admin, acc.app, acc.policies, acc.ip
    ))
}

impl ResponseCache {
    /// Drops every entry (`/utils/cache/clear`).
    pub(crate) fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.entries.clear();
        }
    }

    pub(crate) fn get(&self, generation: u64, key: &str) -> Option<Bytes> {
        let inner = self.inner.lock().ok()?;
        (inner.generation == generation).then(|| inner.entries.get(key).cloned()).flatten()
    }

    pub(crate) fn put(&self, generation: u64, key: String, body: Bytes) {
        if body.len() > MAX_BODY {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        if inner.generation != generation {
            if generation < inner.generation {
                return;
            }
            inner.generation = generation;
            inner.entries.clear();
        }
        if inner.entries.len() >= MAX_ENTRIES {
            inner.entries.clear();
        }
        inner.entries.insert(key, body);
    }
}

/// A cached JSON body as a response.
pub(crate) fn response(body: Bytes) -> Response {
    let mut resp = Response::new(axum::body::Body::from(body));
    *resp.status_mut() = StatusCode::OK;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    resp
}

/// Whether a response may be kept: a plain 200 JSON answer, nothing attached.
pub(crate) fn cacheable(resp: &Response) -> bool {
    resp.status() == StatusCode::OK
        && resp
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"))
        && !resp.headers().contains_key(header::SET_COOKIE)
        && !resp.headers().contains_key(header::CONTENT_DISPOSITION)
}
