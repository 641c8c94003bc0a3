//! The reset after a scenario that wrote: system rows and collections the
//! scenario added are deleted and the settings put back, then every fixture
//! collection is returned to its seeded rows, with core item endpoints only.

use std::collections::HashSet;

use anyhow::{Result, anyhow, bail};
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::read::{key_text, list_collections, list_ids, read_settings};
use super::seed::{Rows, snapshot_rows};
use super::{Fixture, Provisioned};
use crate::api::{Api, Auth, Method, Request};

/// Ids of rows behind the system endpoints, the collections, and the settings.
#[derive(Debug, Default, Clone)]
pub(super) struct SystemBaseline {
    ids: IndexMap<&'static str, HashSet<String>>,
    collections: HashSet<String>,
    settings: Map<String, Value>,
}

/// System endpoints whose new rows a reset deletes, in deletion order: a
/// flow before its operations (deleting a flow unlinks and removes them; an
/// operation another one resolves to cannot go first), a dashboard after its
/// panels, files before their folders, the rows that name users, roles or
/// policies before those.
const SYSTEM_ENDPOINTS: &[&str] = &[
    "flows",
    "operations",
    "panels",
    "dashboards",
    "versions",
    "shares",
    "comments",
    "notifications",
    "presets",
    "translations",
    "files",
    "folders",
    "access",
    "permissions",
    "users",
    "roles",
    "policies",
];

pub(super) async fn system_baseline(api: &Api, admin: &Auth) -> Result<SystemBaseline> {
    let mut ids = IndexMap::new();
    for ep in SYSTEM_ENDPOINTS {
        ids.insert(*ep, list_ids(api, admin, ep).await?.into_iter().collect());
    }
    Ok(SystemBaseline {
        ids,
        collections: list_collections(api, admin).await?.into_iter().collect(),
        settings: read_settings(api, admin).await?,
    })
}

/// Deletes collections and system rows a scenario created and restores changed settings.
pub(super) async fn reset_system(api: &Api, admin: &Auth, base: &SystemBaseline) -> Result<()> {
    for c in list_collections(api, admin).await? {
        if !base.collections.contains(&c) {
            api.expect(Method::Delete, &format!("/collections/{c}"), admin, None, 204).await?;
        }
    }
    for ep in SYSTEM_ENDPOINTS {
        // Without its baseline every row would look added: refuse rather than delete them.
        let known = base.ids.get(ep).ok_or_else(|| anyhow!("no baseline of /{ep} to reset to"))?;
        let added: Vec<String> =
            list_ids(api, admin, ep).await?.into_iter().filter(|id| !known.contains(id)).collect();
        if *ep == "folders" && !added.is_empty() {
            // A folder's parent is a foreign key: unnest the new folders before deleting them.
            let unnest = serde_json::json!({"keys": added, "data": {"parent": null}});
            api.expect(Method::Patch, "/folders", admin, Some(&unnest), 200).await?;
        }
        for id in added {
            // Deleting a policy or role cascades; a row may be gone already.
            let path = format!("/{ep}/{id}");
            let req =
                Request { method: Method::Delete, path, auth: admin.clone(), ..Default::default() };
            let ex = api.send(req).await?;
            if ex.status != 204 && ex.status != 403 {
                bail!("{}, expected 204: {}", ex.summary(), ex.body_excerpt());
            }
        }
    }
    let now = read_settings(api, admin).await?;
    let mut patch = Map::new();
    for (k, v) in &base.settings {
        if now.get(k) != Some(v) {
            patch.insert(k.clone(), v.clone());
        }
    }
    if !patch.is_empty() {
        api.expect(Method::Patch, "/settings", admin, Some(&Value::Object(patch)), 200).await?;
    }
    Ok(())
}

/// Puts every fixture collection back to its seeded state, with core item endpoints only.
pub(crate) async fn reset(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    done: &Provisioned,
) -> Result<()> {
    if let Some(base) = &done.system {
        reset_system(api, admin, base).await?;
    }
    let current = snapshot_rows(api, admin, fixture).await?;
    // Parents first: re-create and patch rows back in creation order.
    for (c, baseline) in &done.baseline {
        let now = current.get(c).cloned().unwrap_or_default();
        let target = Collection::new(api, admin, fixture, c)?;
        for (key, row) in baseline {
            target.restore(key, row, now.get(key)).await?;
        }
    }
    // Children first: delete rows the scenarios added.
    for (c, baseline) in done.baseline.iter().rev() {
        let target = Collection::new(api, admin, fixture, c)?;
        target.delete_added(baseline, &current).await?;
    }
    Ok(())
}

/// One fixture collection on the target, as the reset writes to it.
struct Collection<'a> {
    api: &'a Api,
    admin: &'a Auth,
    name: &'a str,
    pk: String,
    singleton: bool,
}

impl<'a> Collection<'a> {
    fn new(api: &'a Api, admin: &'a Auth, fixture: &Fixture, name: &'a str) -> Result<Self> {
        let pk = fixture.primary_key(name)?;
        Ok(Collection { api, admin, name, pk, singleton: fixture.is_singleton(name) })
    }

    /// Re-creates a seeded row that is gone, or patches back the fields that changed.
    async fn restore(
        &self,
        key: &str,
        row: &Map<String, Value>,
        now: Option<&Map<String, Value>>,
    ) -> Result<()> {
        let (api, admin, c) = (self.api, self.admin, self.name);
        let Some(cur) = now else {
            let method = if self.singleton { Method::Patch } else { Method::Post };
            let body = Value::Object(row.clone());
            api.expect(method, &format!("/items/{c}"), admin, Some(&body), 200).await?;
            return Ok(());
        };
        let mut patch = Map::new();
        for (k, v) in row {
            if k != &self.pk && cur.get(k) != Some(v) {
                patch.insert(k.clone(), v.clone());
            }
        }
        if patch.is_empty() {
            return Ok(());
        }
        let path = if self.singleton { format!("/items/{c}") } else { format!("/items/{c}/{key}") };
        api.expect(Method::Patch, &path, admin, Some(&Value::Object(patch)), 200).await?;
        Ok(())
    }

    /// Deletes the rows that are not in the baseline.
    async fn delete_added(
        &self,
        baseline: &IndexMap<String, Map<String, Value>>,
        current: &Rows,
    ) -> Result<()> {
        let (api, admin, c) = (self.api, self.admin, self.name);
        let extra: Vec<Value> = current
            .get(c)
            .map(|rows| {
                rows.iter()
                    .filter(|(k, _)| !baseline.contains_key(*k))
                    .filter_map(|(_, r)| r.get(&self.pk).cloned())
                    .collect()
            })
            .unwrap_or_default();
        if extra.is_empty() {
            return Ok(());
        }
        if self.singleton {
            for k in extra {
                let path = format!("/items/{c}/{}", key_text(&k));
                api.expect(Method::Delete, &path, admin, None, 204).await?;
            }
        } else {
            let body = Value::Array(extra);
            api.expect(Method::Delete, &format!("/items/{c}"), admin, Some(&body), 204).await?;
        }
        Ok(())
    }
}
