//! A thin HTTP client for a target: one request, one [`Exchange`] that knows
//! how to describe itself (`PATCH /items/articles/7 -> 400 INVALID_PAYLOAD`).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, ensure};
use serde_json::Value;

/// An HTTP method a scenario may send: `{method}` in step expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, cucumber::Parameter)]
#[param(regex = "GET|POST|PATCH|DELETE|SEARCH|PUT|HEAD|OPTIONS", name = "method")]
pub(crate) enum Method {
    #[default]
    Get,
    Post,
    Patch,
    Delete,
    Search,
    Put,
    Head,
    Options,
}

impl Method {
    pub(crate) const ALL: [Method; 8] = [
        Method::Get,
        Method::Post,
        Method::Patch,
        Method::Delete,
        Method::Search,
        Method::Put,
        Method::Head,
        Method::Options,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Search => "SEARCH",
            Method::Put => "PUT",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether the method only reads: a scenario that sends nothing else
    /// leaves the fixture as it was and needs no reset.
    pub(crate) fn reads(self) -> bool {
        matches!(self, Method::Get | Method::Head | Method::Search | Method::Options)
    }
}

impl FromStr for Method {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| anyhow!("bad method {s}"))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request and its response, as the steps and the report see it.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) text: String,
    /// The body as received (files and assets are not text).
    pub(crate) bytes: Vec<u8>,
    /// The body parsed as JSON, if it is JSON.
    pub(crate) json: Option<Value>,
    /// From sending the request to the end of the body.
    pub(crate) elapsed: Duration,
}

impl Exchange {
    /// `errors[0].extensions.code`, when the body is an error envelope.
    pub(crate) fn error_code(&self) -> Option<&str> {
        self.json.as_ref()?.get("errors")?.get(0)?.get("extensions")?.get("code")?.as_str()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `Set-Cookie` header that sets `name`, if any.
    pub(crate) fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .find(|v| v.split_once('=').is_some_and(|(n, _)| n.trim() == name))
    }

    /// The `Set-Cookie` header for `name`, or an error saying the response has none.
    pub(crate) fn required_set_cookie(&self, name: &str) -> Result<&str> {
        self.set_cookie(name).ok_or_else(|| anyhow!("{}: no Set-Cookie for {name}", self.summary()))
    }

    /// A request that prepares a scenario must succeed; anything but a 2xx is
    /// an error describing the exchange:
    /// `POST /items/tags -> 400 INVALID_PAYLOAD, expected 2xx: {"errors":...}`.
    pub(crate) fn ensure_success(&self) -> Result<()> {
        ensure!(
            (200..300).contains(&self.status),
            "{}, expected 2xx: {}",
            self.summary(),
            self.body_excerpt()
        );
        Ok(())
    }

    /// `GET /items/articles -> 403 FORBIDDEN`.
    pub(crate) fn summary(&self) -> String {
        let code = self.error_code().map(|c| format!(" {c}")).unwrap_or_default();
        format!("{} {} -> {}{code}", self.method, self.path, self.status)
    }

    /// The body, shortened for messages.
    pub(crate) fn body_excerpt(&self) -> String {
        let text = match &self.json {
            Some(v) => serde_json::to_string(v).unwrap_or_default(),
            None => self.text.clone(),
        };
        if text.chars().count() > 600 {
            format!("{}…", text.chars().take(600).collect::<String>())
        } else {
            text
        }
    }
}

/// A target server and a way to reach it.
#[derive(Debug, Clone)]
pub(crate) struct Api {
    base: String,
    client: reqwest::Client,
    /// Whether a 429 is waited out (see [`Api::patient`]).
    patient: bool,
}

/// How a request authenticates.
#[derive(Debug, Clone, Default)]
pub(crate) enum Auth {
    #[default]
    None,
    Bearer(String),
}

/// A request to send.
#[derive(Debug, Clone, Default)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) auth: Auth,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
}

impl Api {
    pub(crate) fn new(base: &str, timeout: Duration) -> Result<Api> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .pool_max_idle_per_host(8)
            // Redirects are part of what a scenario checks (GET / is 302).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("building the HTTP client")?;
        Ok(Api { base: base.trim_end_matches('/').to_owned(), client, patient: false })
    }

    /// The same target for the harness' own requests (connecting, provisioning,
    /// resets, teardown): a `429 REQUESTS_EXCEEDED` from a rate-limited server is
    /// waited out as its `Retry-After` says, a few times, instead of failing the run.
    /// Scenario steps use the impatient client: a 429 is what some of them check.
    pub(crate) fn patient(&self) -> Api {
        Api { patient: true, ..self.clone() }
    }

    /// The base URL, for messages.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// Sends a request; transport problems are errors, any HTTP status is an exchange.
    pub(crate) async fn send(&self, req: Request) -> Result<Exchange> {
        /// How often a patient client waits out a 429, and its longest wait.
        const ATTEMPTS: usize = 6;
        const LONGEST_WAIT: Duration = Duration::from_secs(30);
        let mut attempt = 1;
        loop {
            let ex = self.send_once(req.clone()).await?;
            if !self.patient || ex.status != 429 || attempt == ATTEMPTS {
                return Ok(ex);
            }
            let wait = ex
                .header("retry-after")
                .and_then(|s| s.trim().parse::<f64>().ok())
                .filter(|s| s.is_finite() && *s >= 0.0)
                .map_or(Duration::from_secs(1), Duration::from_secs_f64)
                .clamp(Duration::from_millis(100), LONGEST_WAIT);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    async fn send_once(&self, req: Request) -> Result<Exchange> {
        let method = reqwest::Method::from_bytes(req.method.as_str().as_bytes())
            .map_err(|_| anyhow!("bad method {}", req.method))?;
        let url = format!("{}{}", self.base, req.path);
        let started = std::time::Instant::now();
        let mut builder = self.client.request(method, &url);
        if let Auth::Bearer(token) = &req.auth {
            builder = builder.header("Authorization", format!("Bearer {token}"));
        }
        for (k, v) in &req.headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        if let Some(body) = req.body {
            builder = builder
                .header("Content-Type", req.content_type.as_deref().unwrap_or("application/json"))
                .body(body);
        }
        // A server that answers before reading a whole body (a broken multipart upload)
        // closes that connection; a read sent on it from the pool is sent again once.
        let retry = if req.method.reads() { builder.try_clone() } else { None };
        let resp = match (builder.send().await, retry) {
            (Err(e), Some(again)) if !e.is_timeout() => again.send().await,
            (result, _) => result,
        };
        let resp = resp.with_context(|| {
            format!("{} {} failed to reach {}", req.method, req.path, self.base)
        })?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            // A header value that is not ASCII is shown as read, not as an empty string.
            .map(|(k, v)| {
                (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned())
            })
            .collect();
        let bytes = resp
            .bytes()
            .await
            .with_context(|| format!("{} {}: reading the body", req.method, req.path))?
            .to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).ok();
        let elapsed = started.elapsed();
        let (method, path) = (req.method, req.path);
        Ok(Exchange { method, path, status, headers, text, bytes, json, elapsed })
    }

    /// A JSON request that must answer `expected`; anything else is an error describing the exchange.
    pub(crate) async fn expect(
        &self,
        method: Method,
        path: &str,
        auth: &Auth,
        body: Option<&Value>,
        expected: u16,
    ) -> Result<Exchange> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .with_context(|| format!("{method} {path}: encoding the body"))?;
        let req = Request {
            method,
            path: path.to_owned(),
            auth: auth.clone(),
            body,
            ..Request::default()
        };
        let ex = self.send(req).await?;
        if ex.status != expected {
            return Err(anyhow!("{}, expected {expected}: {}", ex.summary(), ex.body_excerpt()));
        }
        Ok(ex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The step parameter's pattern and the enum list the same methods.
    #[test]
    fn the_method_parameter_matches_every_method_and_nothing_else() {
        use cucumber::Parameter as _;
        let re = regex::Regex::new(&format!("^(?:{})$", Method::REGEX)).unwrap();
        for m in Method::ALL {
            assert!(re.is_match(m.as_str()), "{m} is not matched by {}", Method::REGEX);
            assert_eq!(m.as_str().parse::<Method>().unwrap(), m);
        }
        assert_eq!(Method::REGEX.split('|').count(), Method::ALL.len());
        assert!("get".parse::<Method>().is_err());
    }

    /// A loopback server that answers `429 Retry-After: 0` to its first
    /// `limited` requests and 200 after; how many requests it got.
    fn rate_limited_server(
        limited: usize,
    ) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
        use std::io::{Read as _, Write as _};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let answer: &[u8] = if n < limited {
                    b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                } else {
                    b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                };
                let _ = stream.write_all(answer);
            }
        });
        (base, seen)
    }

    #[tokio::test]
    async fn a_patient_client_waits_out_a_rate_limiter_and_an_impatient_one_does_not() {
        use std::sync::atomic::Ordering;
        let ping = || Request { path: "/server/ping".into(), ..Request::default() };
        let (base, seen) = rate_limited_server(2);
        let api = Api::new(&base, Duration::from_secs(5)).unwrap();
        assert_eq!(api.send(ping()).await.unwrap().status, 429);
        assert_eq!(seen.load(Ordering::SeqCst), 1);
        assert_eq!(api.patient().send(ping()).await.unwrap().status, 200);
        assert_eq!(seen.load(Ordering::SeqCst), 3);

        // It gives up after a bounded number of tries, with the last 429.
        let (base, seen) = rate_limited_server(usize::MAX);
        let api = Api::new(&base, Duration::from_secs(5)).unwrap().patient();
        assert_eq!(api.send(ping()).await.unwrap().status, 429);
        assert_eq!(seen.load(Ordering::SeqCst), 6);
    }
}
