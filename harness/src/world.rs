//! The cucumber World: per-scenario state (the last exchange, remembered
//! values) plus a handle on the run (target, personas, fixture).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use serde_json::Value;

use crate::api::{Api, Auth, Exchange, Request};
use crate::openapi::Checker;
use crate::provision::{Fixture, Provisioned};
use crate::report::{BODY_LIMIT, DiffRecord, ExchangeRecord, Extras, ScenarioKey, Violation, cut};

/// What every scenario of a run shares.
#[derive(Debug)]
pub(crate) struct RunContext {
    pub(crate) api: Api,
    pub(crate) admin: Auth,
    pub(crate) fixture: Fixture,
    /// What provisioning created, the personas among it.
    pub(crate) provisioned: Provisioned,
    pub(crate) snapshots: PathBuf,
    pub(crate) update_snapshots: bool,
    /// The SECRET that signs the target's tokens, when known (capability `jwt-secret`).
    pub(crate) jwt_secret: Option<String>,
    /// `--check-openapi`: the target's documents, per caller.
    pub(crate) openapi: Option<Checker>,
}

#[derive(Debug, Default, cucumber::World)]
pub(crate) struct ConformanceWorld {
    /// Set by the `before` hook of every scenario.
    pub(crate) run: Option<Arc<RunContext>>,
    /// The last request and its response.
    last: Option<Exchange>,
    /// Values remembered with `I remember ... as "name"`, used as `{{name}}`.
    pub(crate) vars: HashMap<String, Value>,
    /// Whether the scenario sent anything but a read; the fixture is reset afterwards.
    pub(crate) wrote: bool,
    /// Every exchange of the scenario, for failure reports.
    pub(crate) transcript: Vec<String>,
    /// A random text per scenario, `{{unique}}`, for names that must not collide
    /// (emails, static tokens) across scenarios and runs.
    pub(crate) unique: String,
    /// The scenario, for handing its evidence to the report.
    pub(crate) key: ScenarioKey,
    /// Every exchange of the scenario, for the report of a failure.
    pub(crate) exchanges: Vec<ExchangeRecord>,
    /// The JSON diff of the body assertion that failed.
    pub(crate) diff: Option<DiffRecord>,
    /// Whether responses are held to the target's OpenAPI document (off for
    /// scenarios whose server counts requests: the document's would count).
    pub(crate) check_openapi: bool,
    /// Responses that disagree with the document.
    pub(crate) openapi: Vec<Violation>,
    /// The scenario's open WebSocket connections, by name (closed when it ends).
    pub(crate) sockets: HashMap<String, Socket>,
    /// Contents the harness serves on loopback for the scenario (imports from a URL).
    pub(crate) served: Vec<crate::steps::Served>,
}

/// A WebSocket connection of a scenario, and the messages it received.
pub(crate) struct Socket {
    pub(crate) stream: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    pub(crate) received: Vec<String>,
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket").field("received", &self.received).finish_non_exhaustive()
    }
}

impl ConformanceWorld {
    pub(crate) fn run(&self) -> Result<&Arc<RunContext>> {
        self.run
            .as_ref()
            .ok_or_else(|| anyhow!("the scenario has no run context (before hook did not run)"))
    }

    pub(crate) fn last(&self) -> Result<&Exchange> {
        self.last.as_ref().ok_or_else(|| anyhow!("no request was sent yet in this scenario"))
    }

    pub(crate) fn last_json(&self) -> Result<&Value> {
        let ex = self.last()?;
        ex.json.as_ref().ok_or_else(|| {
            anyhow!("{}: the body is not JSON: {:?}", ex.summary(), ex.body_excerpt())
        })
    }

    /// Replaces `{{name}}` with remembered values and persona details.
    pub(crate) fn interpolate(&self, text: &str) -> Result<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find("}}").ok_or_else(|| anyhow!("unclosed {{{{ in {text:?}"))?;
            let name = after[..end].trim();
            out.push_str(&self.lookup(name)?);
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn lookup(&self, name: &str) -> Result<String> {
        if name == "unique" {
            return Ok(self.unique.clone());
        }
        if let Some(v) = self.vars.get(name) {
            return Ok(match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
        }
        if name == "admin.token" {
            return match &self.run()?.admin {
                Auth::Bearer(token) => Ok(token.clone()),
                Auth::None => Err(anyhow!("the run has no admin token")),
            };
        }
        if let Some((persona, attr)) = name.split_once('.') {
            let run = self.run()?;
            let p = run
                .provisioned
                .personas
                .get(persona)
                .ok_or_else(|| anyhow!("unknown persona {persona:?} in {{{{{name}}}}}"))?;
            let value = match attr {
                "id" => &p.user_id,
                "email" => &p.email,
                "password" => &p.password,
                "token" => &p.token,
                _ => return Err(anyhow!("persona {persona} has no {attr}")),
            };
            return Ok(value.clone());
        }
        Err(anyhow!("nothing remembered as {name:?}"))
    }

    /// The credentials of a persona name used in a step.
    pub(crate) fn auth_for(&self, persona: &str) -> Result<Auth> {
        if persona == "anonymous" {
            return Ok(Auth::None);
        }
        let run = self.run()?;
        if persona == "admin" {
            return Ok(run.admin.clone());
        }
        if let Some(Value::String(token)) = self.vars.get(&format!("token:{persona}")) {
            return Ok(Auth::Bearer(token.clone()));
        }
        let personas = &run.provisioned.personas;
        let p = personas.get(persona).ok_or_else(|| {
            let mut known: Vec<&str> = personas.keys().map(String::as_str).collect();
            known.sort_unstable();
            anyhow!("unknown persona {persona:?}; known: admin, anonymous, {}", known.join(", "))
        })?;
        Ok(Auth::Bearer(p.token.clone()))
    }

    /// Sends a request as a persona and keeps the exchange (and, with
    /// `--check-openapi`, holds the response to the target's document).
    pub(crate) async fn send(&mut self, persona: &str, mut req: Request) -> Result<()> {
        req.auth = self.auth_for(persona)?;
        req.path = self.interpolate(&req.path)?;
        if !req.method.reads() {
            self.wrote = true;
        }
        let run = Arc::clone(self.run()?);
        let request_body =
            req.body.as_deref().map(|b| cut(&String::from_utf8_lossy(b), BODY_LIMIT));
        let auth = req.auth.clone();
        let ex = run.api.send(req).await?;
        self.transcript.push(format!("{persona}: {} {}", ex.summary(), ex.body_excerpt()));
        self.exchanges.push(ExchangeRecord {
            persona: persona.to_owned(),
            method: ex.method.to_string(),
            path: ex.path.clone(),
            request_body,
            status: ex.status,
            response_headers: ex.headers.clone(),
            response_body: cut(&ex.text, BODY_LIMIT),
            duration_ms: ex.elapsed.as_millis() as u64,
        });
        if self.check_openapi
            && let Some(checker) = &run.openapi
            && let Some(v) = checker.check(&run.api, &auth, persona, &ex).await
        {
            self.openapi.push(v);
        }
        self.last = Some(ex);
        Ok(())
    }

    /// The scenario's evidence for the report.
    pub(crate) fn take_extras(&mut self) -> Extras {
        Extras {
            exchanges: std::mem::take(&mut self.exchanges),
            diff: self.diff.take(),
            openapi: std::mem::take(&mut self.openapi),
        }
    }
}
