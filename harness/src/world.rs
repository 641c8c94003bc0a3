//! The cucumber World: per-scenario state (the last exchange, remembered
//! values) plus a handle on the run (target, personas, fixture).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use serde_json::Value;

use crate::api::{Api, Auth, Exchange, Request};
use crate::provision::{Fixture, Persona, Provisioned};

/// What every scenario of a run shares.
#[derive(Debug)]
pub struct RunContext {
    pub api: Api,
    pub admin: Auth,
    pub fixture: Fixture,
    pub provisioned: Provisioned,
    pub personas: HashMap<String, Persona>,
    pub snapshots: PathBuf,
    pub update_snapshots: bool,
    /// The SECRET that signs the target's tokens, when known (capability `jwt-secret`).
    pub jwt_secret: Option<String>,
}

#[derive(Debug, Default, cucumber::World)]
pub struct ConformanceWorld {
    /// Set by the `before` hook of every scenario.
    pub run: Option<Arc<RunContext>>,
    /// The last request and its response.
    pub last: Option<Exchange>,
    /// Values remembered with `I remember ... as "name"`, used as `{{name}}`.
    pub vars: HashMap<String, Value>,
    /// Whether the scenario sent anything but a read; the fixture is reset afterwards.
    pub wrote: bool,
    /// Every exchange of the scenario, for failure reports.
    pub transcript: Vec<String>,
    /// A random text per scenario, `{{unique}}`, for names that must not collide
    /// (emails, static tokens) across scenarios and runs.
    pub unique: String,
}

impl ConformanceWorld {
    pub fn run(&self) -> Result<&Arc<RunContext>> {
        self.run
            .as_ref()
            .ok_or_else(|| anyhow!("the scenario has no run context (before hook did not run)"))
    }

    pub fn last(&self) -> Result<&Exchange> {
        self.last.as_ref().ok_or_else(|| anyhow!("no request was sent yet in this scenario"))
    }

    pub fn last_json(&self) -> Result<&Value> {
        let ex = self.last()?;
        ex.json.as_ref().ok_or_else(|| {
            anyhow!("{}: the body is not JSON: {:?}", ex.summary(), ex.body_excerpt())
        })
    }

    /// Replaces `{{name}}` with remembered values and persona details.
    pub fn interpolate(&self, text: &str) -> Result<String> {
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
                .personas
                .get(persona)
                .ok_or_else(|| anyhow!("unknown persona {persona:?} in {{{{{name}}}}}"))?;
            let value = match attr {
                "id" => p.user_id.clone(),
                "email" => p.email.clone(),
                "password" => p.password.clone(),
                "token" => p.token.clone(),
                _ => None,
            };
            return value.ok_or_else(|| anyhow!("persona {persona} has no {attr}"));
        }
        Err(anyhow!("nothing remembered as {name:?}"))
    }

    /// The credentials of a persona name used in a step.
    pub fn auth_for(&self, persona: &str) -> Result<Auth> {
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
        let p = run.personas.get(persona).ok_or_else(|| {
            let mut known: Vec<&str> = run.personas.keys().map(String::as_str).collect();
            known.sort_unstable();
            anyhow!("unknown persona {persona:?}; known: admin, anonymous, {}", known.join(", "))
        })?;
        Ok(p.token.clone().map(Auth::Bearer).unwrap_or_default())
    }

    /// Sends a request as a persona and keeps the exchange.
    pub async fn send(&mut self, persona: &str, mut req: Request) -> Result<()> {
        req.auth = self.auth_for(persona)?;
        req.path = self.interpolate(&req.path)?;
        if !matches!(req.method.as_str(), "GET" | "HEAD" | "SEARCH" | "OPTIONS") {
            self.wrote = true;
        }
        let api = self.run()?.api.clone();
        let ex = api.send(req).await?;
        self.transcript.push(format!("{persona}: {} {}", ex.summary(), ex.body_excerpt()));
        self.last = Some(ex);
        Ok(())
    }
}
