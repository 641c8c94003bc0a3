//! CORS as Directus configures it: the `cors` package (2.8.5) in front of
//! every route, set up from the `CORS_*` variables read with Directus'
//! casting rules (`@directus/env`). It is off unless `CORS_ENABLED=true` and
//! `CORS_ORIGIN` allows something:
//!
//! - `true`: any origin, reflected; `*`: `Access-Control-Allow-Origin: *`;
//!   one origin: always that one; a comma-separated list of origins and
//!   `regex:<pattern>` entries (JavaScript regular expressions, as
//!   `@directus/env` builds them): the request's origin when one matches, no
//!   `Access-Control-Allow-Origin` otherwise; `false`: no CORS at all.
//! - A preflight (any `OPTIONS`) is answered here: 204 with the allowed
//!   methods and headers, the max age and the exposed headers; every other
//!   response (errors and rate limits included) gets the origin, the
//!   credentials flag and the exposed headers, and `Vary: Origin`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{HeaderMap, HeaderValue, StatusCode, header};
use regress::Regex;

use super::AppState;
use crate::config::FilesConfig;

/// One entry of an origin list.
#[derive(Debug, Clone)]
enum Allowed {
    Exact(String),
    Pattern(Regex),
    /// A list entry that is `true` (any origin) or `false` (none).
    Flag(bool),
}

impl Allowed {
    fn allows(&self, origin: &str) -> bool {
        match self {
            Allowed::Exact(o) => o == origin,
            Allowed::Pattern(re) => re.find(origin).is_some(),
            Allowed::Flag(b) => *b,
        }
    }
}

/// What `CORS_ORIGIN` says, as `cors` reads the value Directus made of it.
#[derive(Debug, Clone)]
enum Origin {
    /// `*` (or an empty value): every origin, as `*`.
    Star,
    /// One origin, sent whatever the request's is.
    Fixed(String),
    /// The request's origin, when one entry allows it.
    List(Vec<Allowed>),
}

/// The CORS policy of a server.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    origin: Origin,
    methods: String,
    allowed_headers: Option<String>,
    exposed_headers: Option<String>,
    credentials: bool,
    max_age: Option<String>,
}

/// `@directus/env`'s `cast` of one value without a known type: `regex:` and
/// the other prefixes, booleans, numbers, lists at commas, JSON, or the text.
fn cast_entry(value: &str) -> Option<Allowed> {
    if let Some(pattern) = value.strip_prefix("regex:") {
        return Regex::new(pattern).ok().map(Allowed::Pattern);
    }
    let value = value.strip_prefix("string:").unwrap_or(value);
    match value {
        "" => None,
        "true" => Some(Allowed::Flag(true)),
        "false" => Some(Allowed::Flag(false)),
        v if !v.starts_with('0') && v.parse::<f64>().is_ok() => Some(Allowed::Flag(true)),
        v => Some(Allowed::Exact(v.to_owned())),
    }
}

/// The text of a list-valued variable (`CORS_METHODS`, ...): its entries joined
/// by commas, empty ones dropped; `None` when nothing is left.
fn list_text(value: &str) -> Option<String> {
    let value = value.strip_prefix("array:").unwrap_or(value);
    let parts: Vec<&str> = value.split(',').filter(|p| !p.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(","))
}

impl Policy {
    /// The policy of a configuration, or `None` when CORS is off.
    pub(crate) fn from_config(c: &FilesConfig) -> Option<Policy> {
        let enabled = matches!(c.cors_enabled.trim(), "true" | "boolean:true" | "boolean:1");
        if !enabled {
            return None;
        }
        let raw = c.cors_origin.trim();
        let origin = if let Some(pattern) = raw.strip_prefix("regex:") {
            Origin::List(vec![Allowed::Pattern(Regex::new(pattern).ok()?)])
        } else if let Some(list) = raw.strip_prefix("array:") {
            Origin::List(list.split(',').filter_map(cast_entry).collect())
        } else if raw.contains(',') {
            Origin::List(raw.split(',').filter_map(cast_entry).collect())
        } else if let Ok(serde_json::Value::Array(items)) = serde_json::from_str(raw) {
            Origin::List(items.iter().filter_map(|v| v.as_str()).filter_map(cast_entry).collect())
        } else {
            match cast_entry(raw) {
                None | Some(Allowed::Flag(false)) => return None,
                Some(Allowed::Flag(true)) => Origin::List(vec![Allowed::Flag(true)]),
                Some(Allowed::Exact(o)) if o == "*" => Origin::Star,
                Some(Allowed::Exact(o)) => Origin::Fixed(o),
                Some(pattern) => Origin::List(vec![pattern]),
            }
        };
        Some(Policy {
            origin,
            methods: list_text(&c.cors_methods).unwrap_or_default(),
            allowed_headers: list_text(&c.cors_allowed_headers),
            exposed_headers: list_text(&c.cors_exposed_headers),
            credentials: c.cors_credentials.trim() == "true",
            max_age: Some(c.cors_max_age.trim().to_owned()).filter(|m| !m.is_empty()),
        })
    }

    /// `Access-Control-Allow-Origin` for a request, if any, and whether `Vary: Origin` goes with it.
    fn allow_origin(&self, request_origin: Option<&str>) -> (Option<String>, bool) {
        match &self.origin {
            Origin::Star => (Some("*".into()), false),
            Origin::Fixed(o) => (Some(o.clone()), true),
            Origin::List(entries) => {
                let allowed = request_origin.filter(|o| entries.iter().any(|e| e.allows(o)));
                (allowed.map(str::to_owned), true)
            }
        }
    }

    fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    }

    /// The headers every answer gets (preflights get more, [`Policy::preflight`]).
    fn apply(&self, headers: &mut HeaderMap, request_origin: Option<&str>, vary: bool) {
        let (origin, varies) = self.allow_origin(request_origin);
        if let Some(o) = origin {
            Self::set(headers, "access-control-allow-origin", &o);
        }
        if varies && vary && !headers.contains_key(header::VARY) {
            headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        if self.credentials {
            headers.insert("access-control-allow-credentials", HeaderValue::from_static("true"));
        }
        if let Some(exposed) = &self.exposed_headers {
            Self::set(headers, "access-control-expose-headers", exposed);
        }
    }

    fn preflight(&self, request: &HeaderMap) -> Response {
        let mut resp = (StatusCode::NO_CONTENT, Body::empty()).into_response();
        let origin = request.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let headers = resp.headers_mut();
        headers.insert("x-powered-by", HeaderValue::from_static("Directus"));
        self.apply(headers, origin, true);
        Self::set(headers, "access-control-allow-methods", &self.methods);
        match &self.allowed_headers {
            Some(allowed) => Self::set(headers, "access-control-allow-headers", allowed),
            None => {
                headers.append(
                    header::VARY,
                    HeaderValue::from_static("Access-Control-Request-Headers"),
                );
                if let Some(asked) = request.get("access-control-request-headers").cloned() {
                    headers.insert("access-control-allow-headers", asked);
                }
            }
        }
        if let Some(age) = &self.max_age {
            Self::set(headers, "access-control-max-age", age);
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        resp
    }
}

/// The middleware: preflights answered, other answers given the CORS headers.
pub(crate) async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(policy) = &state.cors else { return next.run(req).await };
    if req.method() == http::Method::OPTIONS {
        return policy.preflight(req.headers());
    }
    let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let mut resp = next.run(req).await;
    policy.apply(resp.headers_mut(), origin.as_deref(), true);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(origin: &str) -> Option<Policy> {
        let c = FilesConfig {
            cors_enabled: "true".into(),
            cors_origin: origin.into(),
            ..FilesConfig::default()
        };
        Policy::from_config(&c)
    }

    fn allowed(origin: &str, request: &str) -> Option<String> {
        policy(origin)?.allow_origin(Some(request)).0
    }

    #[test]
    fn origins_are_read_as_directus_casts_them() {
        assert!(policy("false").is_none());
        assert_eq!(allowed("true", "http://a.test").as_deref(), Some("http://a.test"));
        assert_eq!(allowed("*", "http://a.test").as_deref(), Some("*"));
        assert_eq!(allowed("http://b.test", "http://a.test").as_deref(), Some("http://b.test"));
        let list = r"http://127.0.0.1:5173,regex:^http://localhost:\d+$";
        assert_eq!(
            allowed(list, "http://localhost:3000").as_deref(),
            Some("http://localhost:3000")
        );
        assert_eq!(
            allowed(list, "http://127.0.0.1:5173").as_deref(),
            Some("http://127.0.0.1:5173")
        );
        assert_eq!(allowed(list, "http://evil.test"), None);
        let off = FilesConfig { cors_origin: "true".into(), ..FilesConfig::default() };
        assert!(Policy::from_config(&off).is_none());
    }
}
