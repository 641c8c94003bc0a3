//! Personas: for each, a policy with its permissions, a role and a user with
//! a static token, named so that a later `--replace-existing` run recognises
//! what an interrupted run left behind.

use anyhow::{Context as _, Result, anyhow};
use serde_json::{Value, json};

use super::fixture::PersonaSpec;
use super::read::id_of;
use super::{Fixture, Provisioned};
use crate::api::{Api, Auth, Exchange, Method};

/// A persona as steps use it.
#[derive(Debug, Clone)]
pub(crate) struct Persona {
    pub(crate) token: String,
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) user_id: String,
}

/// A unique suffix for names that must not collide across runs.
fn run_suffix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
}

/// Creates every persona whose capability the target declares.
pub(super) async fn create_all(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    capabilities: &[String],
    done: &mut Provisioned,
) -> Result<()> {
    let all = fixture.collection_names();
    let suffix = run_suffix();
    for spec in &fixture.personas {
        if let Some(needed) = &spec.needs
            && !capabilities.contains(needed)
        {
            continue;
        }
        create(api, admin, spec, &permissions(spec, &all), &suffix, done).await?;
    }
    Ok(())
}

/// The permission rows of a persona's policy, one per collection and action.
fn permissions(spec: &PersonaSpec, all: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for p in &spec.permissions {
        for c in p.collections.names(all) {
            for a in &p.actions {
                let mut perm = json!({"collection": c, "action": a,
                    "fields": p.fields.clone().unwrap_or_else(|| vec!["*".into()]),
                    "permissions": p.permissions.clone().unwrap_or(json!({})),
                    "validation": p.validation.clone().unwrap_or(json!({}))});
                if let (Some(presets), Value::Object(m)) = (&p.presets, &mut perm) {
                    m.insert("presets".into(), presets.clone());
                }
                out.push(perm);
            }
        }
    }
    out
}

/// The policy, the role and the user of one persona, recorded as they are made.
async fn create(
    api: &Api,
    admin: &Auth,
    spec: &PersonaSpec,
    permissions: &[Value],
    suffix: &str,
    done: &mut Provisioned,
) -> Result<()> {
    let name = format!("Conformance {} {suffix}", spec.name);
    let body = json!({"name": name, "icon": "badge", "admin_access": false,
        "app_access": spec.app_access, "permissions": permissions});
    let policy = api
        .expect(Method::Post, "/policies", admin, Some(&body), 200)
        .await
        .with_context(|| format!("creating the policy of persona {}", spec.name))?;
    let policy_id = id_of(&policy)?;
    done.policies.push(policy_id.clone());
    let body = json!({"name": name, "policies": [{"policy": policy_id}]});
    let role = api
        .expect(Method::Post, "/roles", admin, Some(&body), 200)
        .await
        .with_context(|| format!("creating the role of persona {}", spec.name))?;
    let role_id = id_of(&role)?;
    done.roles.push(role_id.clone());
    let email = format!("conformance-{}-{suffix}@example.com", spec.name);
    let password = format!("pw-{}-{}", spec.name, run_suffix());
    let token = format!("conformance-{}-{}", spec.name, uuid::Uuid::new_v4().simple());
    let body = json!({"email": email, "password": password, "role": role_id, "token": token,
        "status": "active", "first_name": "Conformance", "last_name": spec.name});
    let user = api
        .expect(Method::Post, "/users", admin, Some(&body), 200)
        .await
        .with_context(|| format!("creating the user of persona {}", spec.name))?;
    let user_id = id_of(&user)?;
    done.users.push(user_id.clone());
    done.personas.insert(spec.name.clone(), Persona { token, email, password, user_id });
    Ok(())
}

/// Users, roles and policies an earlier run created for its personas and did
/// not remove (it was killed, or ran with `--keep`): they hold seats an
/// unlicensed Directus counts, so `--replace-existing` removes them too. They
/// are recognised by the names this harness gives them.
pub(super) async fn remove_strays(api: &Api, admin: &Auth) -> Result<()> {
    let users = api
        .expect(
            Method::Get,
            "/users?fields=id&limit=-1&filter[email][_starts_with]=conformance-&filter[first_name][_eq]=Conformance",
            admin,
            None,
            200,
        )
        .await
        .context("looking for persona users of earlier runs")?;
    for id in ids(&users)? {
        api.expect(Method::Delete, &format!("/users/{id}"), admin, None, 204).await?;
    }
    for (path, what) in [("/roles", "roles"), ("/policies", "policies")] {
        let found = api
            .expect(
                Method::Get,
                &format!("{path}?fields=id&limit=-1&filter[name][_starts_with]=Conformance%20"),
                admin,
                None,
                200,
            )
            .await
            .with_context(|| format!("looking for persona {what} of earlier runs"))?;
        for id in ids(&found)? {
            api.expect(Method::Delete, &format!("{path}/{id}"), admin, None, 204).await?;
        }
    }
    Ok(())
}

/// The ids of a list answer.
fn ids(ex: &Exchange) -> Result<Vec<String>> {
    let rows = ex
        .json
        .as_ref()
        .and_then(|j| j.get("data"))
        .and_then(Value::as_array)
        .ok_or_else(|| anyhow!("{}: data is not a list", ex.summary()))?;
    Ok(rows
        .iter()
        .filter_map(|r| match r.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .collect())
}
