//! A thin HTTP client for a target: one request, one [`Exchange`] that knows
//! how to describe itself (`PATCH /items/articles/7 -> 400 INVALID_PAYLOAD`).

use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use reqwest::Method;
use serde_json::Value;

/// A request and its response, as the steps and the report see it.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
    /// The body parsed as JSON, if it is JSON.
    pub json: Option<Value>,
    /// From sending the request to the end of the body.
    pub elapsed: Duration,
}

impl Exchange {
    /// `errors[0].extensions.code`, when the body is an error envelope.
    pub fn error_code(&self) -> Option<&str> {
        self.json.as_ref()?.get("errors")?.get(0)?.get("extensions")?.get("code")?.as_str()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The `Set-Cookie` header that sets `name`, if any.
    pub fn set_cookie(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .map(|(_, v)| v.as_str())
            .find(|v| v.split_once('=').is_some_and(|(n, _)| n.trim() == name))
    }

    /// The `Set-Cookie` header for `name`, or an error saying the response has none.
    pub fn required_set_cookie(&self, name: &str) -> Result<&str> {
        self.set_cookie(name).ok_or_else(|| anyhow!("{}: no Set-Cookie for {name}", self.summary()))
    }

    /// `GET /items/articles -> 403 FORBIDDEN`.
    pub fn summary(&self) -> String {
        let code = self.error_code().map(|c| format!(" {c}")).unwrap_or_default();
        format!("{} {} -> {}{code}", self.method, self.path, self.status)
    }

    /// The body, shortened for messages.
    pub fn body_excerpt(&self) -> String {
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
pub struct Api {
    pub base: String,
    client: reqwest::Client,
}

/// How a request authenticates.
#[derive(Debug, Clone, Default)]
pub enum Auth {
    #[default]
    None,
    Bearer(String),
}

/// A request to send.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub auth: Auth,
    pub body: Option<Vec<u8>>,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl Api {
    pub fn new(base: &str, timeout: Duration) -> Result<Api> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .pool_max_idle_per_host(8)
            // Redirects are part of what a scenario checks (GET / is 302).
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("building the HTTP client")?;
        Ok(Api { base: base.trim_end_matches('/').to_owned(), client })
    }

    /// Sends a request; transport problems are errors, any HTTP status is an exchange.
    pub async fn send(&self, req: Request) -> Result<Exchange> {
        let method = Method::from_bytes(req.method.as_bytes())
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
        let resp = builder.send().await.with_context(|| {
            format!("{} {} failed to reach {}", req.method, req.path, self.base)
        })?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let text = resp
            .text()
            .await
            .with_context(|| format!("{} {}: reading the body", req.method, req.path))?;
        let json = serde_json::from_str(&text).ok();
        let elapsed = started.elapsed();
        Ok(Exchange { method: req.method, path: req.path, status, headers, text, json, elapsed })
    }

    /// A JSON request that must answer `expected`; anything else is an error describing the exchange.
    pub async fn expect(
        &self,
        method: &str,
        path: &str,
        auth: &Auth,
        body: Option<&Value>,
        expected: u16,
    ) -> Result<Exchange> {
        let req = Request {
            method: method.to_owned(),
            path: path.to_owned(),
            auth: auth.clone(),
            body: body.map(|b| serde_json::to_vec(b).unwrap_or_default()),
            ..Request::default()
        };
        let ex = self.send(req).await?;
        if ex.status != expected {
            return Err(anyhow!("{}, expected {expected}: {}", ex.summary(), ex.body_excerpt()));
        }
        Ok(ex)
    }
}
