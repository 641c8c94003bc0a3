//! Removing everything the harness created, in reverse order (collections in
//! dependency order, `drop.rs`), also after a failed provisioning or an
//! interrupted scenario.

use anyhow::{Result, anyhow};

use super::Provisioned;
use super::drop::drop_collections;
use super::reset::reset_system;
use crate::api::{Api, Auth, Method};

/// Removes everything the harness created, in reverse order. Keeps going after
/// a failure and reports all of them.
pub(crate) async fn teardown(api: &Api, admin: &Auth, done: &Provisioned) -> Result<()> {
    let mut problems = Vec::new();
    // What an interrupted scenario left behind.
    if let Some(base) = &done.system
        && let Err(e) = reset_system(api, admin, base).await
    {
        problems.push(format!("{e:#}"));
    }
    let created = done
        .users
        .iter()
        .map(|id| format!("/users/{id}"))
        .chain(done.roles.iter().map(|id| format!("/roles/{id}")))
        .chain(done.policies.iter().map(|id| format!("/policies/{id}")));
    for path in created {
        if let Err(e) = api.expect(Method::Delete, &path, admin, None, 204).await {
            problems.push(format!("{e:#}"));
        }
    }
    let collections: Vec<String> = done.collections.iter().rev().cloned().collect();
    if let Err(e) = drop_collections(api, admin, &collections).await {
        problems.push(format!("{e:#}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow!("teardown left things behind: {}", problems.join("; ")))
    }
}
