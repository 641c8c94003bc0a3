//! The cucumber World: per-scenario state (the last exchange, remembered
//! values) plus a handle on the run (target, personas, fixture).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

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
    /// What provisioning created, the personas among it; replaced when a
    /// failed reset makes the harness provision the fixture again.
    /// Read it with `provisioned()`.
    pub(crate) provisioned: Mutex<Arc<Provisioned>>,
    pub(crate) snapshots: PathBuf,
    pub(crate) update_snapshots: bool,
    /// The SECRET that signs the target's tokens, when known (capability `jwt-secret`).
    pub(crate) jwt_secret: Option<String>,
    /// `--check-openapi`: the target's documents, per caller.
    pub(crate) openapi: Option<Checker>,
    /// The capabilities of the pass' server (which personas to provision again).
    pub(crate) capabilities: Vec<String>,
    /// Set when the fixture could be neither reset nor provisioned again: why.
    /// The pass stops, as no later scenario could start from the fixture.
    /// The target's database, as a schema snapshot names it (`{{vendor}}`).
    pub(crate) vendor: Option<String>,
    pub(crate) broken: tokio::sync::watch::Sender<Option<String>>,
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

impl RunContext {
    /// What is provisioned now.
    pub(crate) fn provisioned(&self) -> Arc<Provisioned> {
        Arc::clone(&self.provisioned.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Resolves once the fixture is broken beyond repair, with why.
    pub(crate) async fn wait_broken(&self) -> String {
        let mut rx = self.broken.subscribe();
        match rx.wait_for(Option::is_some).await {
            Ok(why) => why.clone().unwrap_or_default(),
            // The sender lives in `self`: it cannot be gone while this waits.
            Err(_) => std::future::pending().await,
        }
    }

    /// Records a fresh provisioning (after a failed reset).
    pub(crate) fn replace_provisioned(&self, fresh: Provisioned) {
        *self.provisioned.lock().unwrap_or_else(PoisonError::into_inner) = Arc::new(fresh);
    }
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
        if name == "target" {
            return Ok(self.run()?.api.base().trim_end_matches('/').to_owned());
        }
        if name == "vendor" || name == "other_vendor" {
            // A database the target does not run on: PostgreSQL, or SQLite on PostgreSQL.
            let vendor = self.run()?.vendor.clone().ok_or_else(|| {
                anyhow!("{{{{{name}}}}}: the target does not say its database (pass --vendor)")
            })?;
            return Ok(match (name, vendor.as_str()) {
                ("vendor", _) => vendor,
                (_, "postgres") => "sqlite".to_owned(),
                _ => "postgres".to_owned(),
            });
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
            let provisioned = self.run()?.provisioned();
            let p = provisioned
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
        let provisioned = run.provisioned();
        let personas = &provisioned.personas;
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
        let reloads_flows = reloads_flows(&req);
        let ex = run.api.send(req).await?;
        if reloads_flows && (200..300).contains(&ex.status) {
            await_flow_reload(&run.api).await;
        }
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

/// Whether a request changes flows or operations, after which Directus
/// reloads its flows in the background: its answer comes before the reload
/// ends, and until then an event flow may not run at all.
fn reloads_flows(req: &Request) -> bool {
    if req.method.reads() {
        return false;
    }
    let path = req.path.split('?').next().unwrap_or_default();
    let mentions = |word: &str| {
        req.body.as_deref().is_some_and(|b| b.windows(word.len()).any(|w| w == word.as_bytes()))
    };
    (path.starts_with("/flows") && !path.starts_with("/flows/trigger"))
        || path.starts_with("/operations")
        || (path.starts_with("/graphql/system") && (mentions("flows") || mentions("operations")))
}

/// Waits until the target has reloaded its flows. Directus runs a webhook
/// flow only once its reload queue is idle, so asking for a flow that does
/// not exist returns (403) exactly when the reload is over.
async fn await_flow_reload(api: &Api) {
    let probe = Request {
        path: "/flows/trigger/00000000-0000-4000-8000-000000000000".to_owned(),
        ..Request::default()
    };
    // The probe's answer carries no information; a transport error will
    // surface on the scenario's next request.
    let _ = api.send(probe).await;
}
