//! The cucumber World: per-scenario state (the last exchange, remembered
//! values) plus a handle on the run (target, personas, fixture).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use serde_json::Value;

use crate::api::{Api, Auth, Exchange, Request};
use crate::provision::{Fixture, Provisioned};

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

    /// Sends a request as a persona and keeps the exchange.
    pub(crate) async fn send(&mut self, persona: &str, mut req: Request) -> Result<()> {
        req.auth = self.auth_for(persona)?;
        req.path = self.interpolate(&req.path)?;
        if !req.method.reads() {
            self.wrote = true;
        }
        let api = self.run()?.api.clone();
        let ex = api.send(req).await?;
        self.transcript.push(format!("{persona}: {} {}", ex.summary(), ex.body_excerpt()));
        self.last = Some(ex);
        Ok(())
    }
}
