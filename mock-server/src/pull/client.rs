//! The HTTP side of `pull`: a Directus client with the caller's token that
//! turns every answer into data or an error that says what went wrong
//! (unreachable, not a Directus, a token that is not valid or not an
//! administrator's, an error envelope's code and message).

use std::time::Duration;

use serde_json::Value;

/// A Directus reached with one token.
pub(crate) struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

/// How a request failed: the route does not exist on the source (an older
/// Directus), or anything else.
pub(crate) enum Failure {
    RouteNotFound,
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::Other(e)
    }
}

impl Client {
    pub(crate) fn new(base: &str, token: &str) -> anyhow::Result<Client> {
        let base = base.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            anyhow::bail!("--from {base}: expected an http:// URL");
        }
        if base.starts_with("https://") {
            anyhow::bail!(
                "--from {base}: this build of directus-mock speaks plain http only; reach the \
                 source through a local tunnel or proxy (for example http://127.0.0.1:8055)"
            );
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        Ok(Client { http, base, token: token.to_owned() })
    }

    /// `GET path` with the token; the body's `data` (or the whole body without one).
    pub(crate) async fn get(&self, path: &str) -> Result<Value, Failure> {
        let bytes = self.get_bytes(path).await?;
        let body: Value = serde_json::from_slice(&bytes).map_err(|e| {
            anyhow::anyhow!(
                "GET {path}: the answer is not JSON ({e}); is {} a Directus?",
                self.base
            )
        })?;
        Ok(match body {
            Value::Object(mut m) if m.contains_key("data") => {
                m.remove("data").unwrap_or(Value::Null)
            }
            other => other,
        })
    }

    /// `GET path` with the token, as bytes; Directus' errors as errors.
    pub(crate) async fn get_bytes(&self, path: &str) -> Result<Vec<u8>, Failure> {
        let url = format!("{}{path}", self.base);
        let resp =
            self.http.get(&url).bearer_auth(&self.token).send().await.map_err(|e| {
                anyhow::anyhow!("cannot reach {}: {}", self.base, reqwest_reason(&e))
            })?;
        let status = resp.status();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| anyhow::anyhow!("GET {path}: reading the answer: {e}"))?;
        if status.is_success() {
            return Ok(bytes.to_vec());
        }
        let (code, message) = error_of(&bytes);
        Err(match (status.as_u16(), code.as_str()) {
            (_, "ROUTE_NOT_FOUND") | (404, "") => Failure::RouteNotFound,
            (401, _) | (_, "INVALID_CREDENTIALS" | "TOKEN_EXPIRED" | "INVALID_TOKEN") => {
                Failure::Other(anyhow::anyhow!(
                    "{} refused the token ({status} {code}: {message})",
                    self.base
                ))
            }
            _ => Failure::Other(anyhow::anyhow!("GET {path} -> {status} {code}: {message}")),
        })
    }
}

/// The first error of a Directus error envelope: `(code, message)`.
fn error_of(bytes: &[u8]) -> (String, String) {
    let body: Value = serde_json::from_slice(bytes).unwrap_or(Value::Null);
    let first = body.get("errors").and_then(|e| e.get(0));
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_owned();
    (
        text(first.and_then(|e| e.get("extensions")).and_then(|x| x.get("code"))),
        text(first.and_then(|e| e.get("message"))),
    )
}

/// Why a request did not get an answer, in a sentence.
fn reqwest_reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "the request timed out".into()
    } else if e.is_connect() {
        "the connection failed (is the server running, and the URL right?)".into()
    } else {
        e.to_string()
    }
}
