//! Provisioning the fixture on a target through its public admin endpoints,
//! resetting it after scenarios that write, and removing it afterwards.
//!
//! The fixture is a directory with `schema.json` (a Directus schema
//! snapshot), `seed.json` (rows per collection, in insertion order) and
//! `personas.json` (users with policies of full-or-nothing permissions, the
//! only kind an unlicensed Directus 12 accepts). Everything created is
//! recorded, so teardown removes exactly that and nothing else.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context as _, Result, anyhow, bail};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::api::{Api, Auth};

/// A fixture read from disk.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub snapshot: Value,
    pub seed: Vec<SeedBlock>,
    pub personas: Vec<PersonaSpec>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedBlock {
    pub collection: String,
    pub items: Vec<Value>,
}

/// A persona: a user with its own role and policy.
#[derive(Debug, Clone, Deserialize)]
pub struct PersonaSpec {
    pub name: String,
    #[serde(default)]
    pub permissions: Vec<PermissionSpec>,
    /// The policy's `app_access` (such a user takes one of the 3 seats of an unlicensed Directus).
    #[serde(default)]
    pub app_access: bool,
    /// A capability the target must declare for this persona to be provisioned
    /// (`license` for field lists and item rules, which an unlicensed Directus refuses).
    #[serde(default)]
    pub needs: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PermissionSpec {
    /// Collection names, or `"*"` for every fixture collection.
    pub collections: Value,
    pub actions: Vec<String>,
    /// The allowed fields; every field (`["*"]`) when absent.
    #[serde(default)]
    pub fields: Option<Vec<String>>,
    /// Item rule (a filter, dynamic variables allowed).
    #[serde(default)]
    pub permissions: Option<Value>,
    /// Validation rule for created and updated payloads.
    #[serde(default)]
    pub validation: Option<Value>,
    /// Default values for created items.
    #[serde(default)]
    pub presets: Option<Value>,
}

impl Fixture {
    pub fn load(dir: &Path) -> Result<Fixture> {
        let read = |name: &str| -> Result<String> {
            std::fs::read_to_string(dir.join(name))
                .with_context(|| format!("reading {}", dir.join(name).display()))
        };
        let snapshot: Value =
            serde_json::from_str(&read("schema.json")?).context("parsing schema.json")?;
        let snapshot = snapshot.get("data").cloned().unwrap_or(snapshot);
        let seed: Vec<SeedBlock> =
            serde_json::from_str(&read("seed.json")?).context("parsing seed.json")?;
        let personas: Vec<PersonaSpec> = match read("personas.json") {
            Ok(text) => serde_json::from_str(&text).context("parsing personas.json")?,
            Err(_) => Vec::new(),
        };
        Ok(Fixture { snapshot, seed, personas })
    }

    /// Collection names in creation order.
    pub fn collections(&self) -> Vec<String> {
        self.snapshot
            .get("collections")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|c| c.get("collection")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn fields_of(&self, collection: &str) -> Vec<Value> {
        self.snapshot
            .get("fields")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter(|f| f.get("collection").and_then(Value::as_str) == Some(collection))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn is_singleton(&self, collection: &str) -> bool {
        self.snapshot.get("collections").and_then(Value::as_array).is_some_and(|list| {
            list.iter().any(|c| {
                c.get("collection").and_then(Value::as_str) == Some(collection)
                    && c.pointer("/meta/singleton").and_then(Value::as_bool) == Some(true)
            })
        })
    }

    /// Column fields compared by the reset (no aliases, no server-managed values).
    fn comparable_fields(&self, collection: &str) -> Vec<String> {
        self.fields_of(collection)
            .iter()
            .filter(|f| f.get("type").and_then(Value::as_str) != Some("alias"))
            .filter(|f| {
                let special: Vec<&str> = f
                    .pointer("/meta/special")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                !special.iter().any(|s| {
                    matches!(
                        *s,
                        "hash"
                            | "conceal"
                            | "date-created"
                            | "date-updated"
                            | "user-created"
                            | "user-updated"
                    )
                })
            })
            .filter_map(|f| f.get("field").and_then(Value::as_str).map(str::to_owned))
            .collect()
    }

    fn primary_key(&self, collection: &str) -> String {
        self.fields_of(collection)
            .iter()
            .find(|f| f.pointer("/schema/is_primary_key").and_then(Value::as_bool) == Some(true))
            .and_then(|f| f.get("field").and_then(Value::as_str))
            .unwrap_or("id")
            .to_owned()
    }
}

/// A persona as steps use it.
#[derive(Debug, Clone)]
pub struct Persona {
    pub token: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub user_id: Option<String>,
}

/// What the harness created on the target.
#[derive(Debug, Default)]
pub struct Provisioned {
    pub collections: Vec<String>,
    pub policies: Vec<String>,
    pub roles: Vec<String>,
    pub users: Vec<String>,
    pub personas: HashMap<String, Persona>,
    /// Rows per collection right after seeding, keyed by primary key text.
    baseline: IndexMap<String, IndexMap<String, Map<String, Value>>>,
    /// The system rows and collections that existed after provisioning; a reset
    /// deletes those a scenario added and puts the settings back.
    system: Option<SystemBaseline>,
}

/// Ids of rows behind the system endpoints, the collections, and the settings.
#[derive(Debug, Default, Clone)]
struct SystemBaseline {
    ids: IndexMap<&'static str, std::collections::HashSet<String>>,
    collections: std::collections::HashSet<String>,
    settings: Map<String, Value>,
}

/// System endpoints whose new rows a reset deletes, in deletion order.
const SYSTEM_ENDPOINTS: &[&str] = &["access", "permissions", "users", "roles", "policies"];

/// The `data` of `GET path` (a query without `limit`) with every row: `limit=-1`,
/// then, on a server that caps limits (`QUERY_LIMIT_MAX`) and so returned fewer
/// rows than it counted, the following pages of the same size.
async fn read_all(api: &Api, admin: &Auth, path: &str) -> Result<Value> {
    let first = format!("{path}&limit=-1&meta=filter_count");
    let json = api.expect("GET", &first, admin, None, 200).await?.json.unwrap_or(Value::Null);
    let data = json.get("data").cloned().unwrap_or(Value::Null);
    let Value::Array(mut rows) = data else { return Ok(data) };
    let counted = json.pointer("/meta/filter_count").and_then(Value::as_u64).unwrap_or(0);
    let size = rows.len();
    let mut page = 2;
    while size > 0 && (rows.len() as u64) < counted {
        let next = format!("{path}&limit={size}&page={page}");
        let ex = api.expect("GET", &next, admin, None, 200).await?;
        let more = ex.json.and_then(|mut j| j.get_mut("data").map(Value::take));
        match more {
            Some(Value::Array(more)) if !more.is_empty() => rows.extend(more),
            _ => break,
        }
        page += 1;
    }
    Ok(Value::Array(rows))
}

async fn list_ids(api: &Api, admin: &Auth, endpoint: &str) -> Result<Vec<String>> {
    let data = read_all(api, admin, &format!("/{endpoint}?fields=id&sort=id")).await?;
    Ok(data
        .as_array()
        .map(|rows| {
            rows.iter().filter_map(|r| r.get("id")).filter(|v| !v.is_null()).map(key_text).collect()
        })
        .unwrap_or_default())
}

async fn list_collections(api: &Api, admin: &Auth) -> Result<Vec<String>> {
    let ex = api.expect("GET", "/collections", admin, None, 200).await?;
    Ok(ex
        .json
        .as_ref()
        .and_then(|j| j.get("data"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| c.get("collection")?.as_str().map(str::to_owned))
                .filter(|c| !c.starts_with("directus_"))
                .collect()
        })
        .unwrap_or_default())
}

async fn read_settings(api: &Api, admin: &Auth) -> Result<Map<String, Value>> {
    let ex = api.expect("GET", "/settings", admin, None, 200).await?;
    Ok(ex
        .json
        .as_ref()
        .and_then(|j| j.get("data"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default())
}

async fn system_baseline(api: &Api, admin: &Auth) -> Result<SystemBaseline> {
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
async fn reset_system(api: &Api, admin: &Auth, base: &SystemBaseline) -> Result<()> {
    for c in list_collections(api, admin).await? {
        if !base.collections.contains(&c) {
            api.expect("DELETE", &format!("/collections/{c}"), admin, None, 204).await?;
        }
    }
    for ep in SYSTEM_ENDPOINTS {
        let known = base.ids.get(ep).cloned().unwrap_or_default();
        let added: Vec<String> =
            list_ids(api, admin, ep).await?.into_iter().filter(|id| !known.contains(id)).collect();
        for id in added {
            // Deleting a policy or role cascades; a row may be gone already.
            let ex = api
                .send(crate::api::Request {
                    method: "DELETE".into(),
                    path: format!("/{ep}/{id}"),
                    auth: admin.clone(),
                    ..Default::default()
                })
                .await?;
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
        api.expect("PATCH", "/settings", admin, Some(&Value::Object(patch)), 200).await?;
    }
    Ok(())
}

/// A unique suffix for names that must not collide across runs.
fn run_suffix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_owned()
}

fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Removes leftovers of an earlier run: fixture collections and persona users.
async fn remove_existing(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    existing: &[String],
) -> Result<()> {
    for c in fixture.collections().iter().rev() {
        if existing.contains(c) {
            api.expect("DELETE", &format!("/collections/{c}"), admin, None, 204).await?;
        }
    }
    remove_stray_personas(api, admin).await
}

/// Users, roles and policies an earlier run created for its personas and did
/// not remove (it was killed, or ran with `--keep`): they hold seats an
/// unlicensed Directus counts, so `--replace-existing` removes them too. They
/// are recognised by the names this harness gives them.
async fn remove_stray_personas(api: &Api, admin: &Auth) -> Result<()> {
    let ids = |json: Option<Value>| -> Vec<String> {
        json.as_ref()
            .and_then(|j| j.get("data"))
            .and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .filter_map(|r| match r.get("id") {
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(Value::Number(n)) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let users = api
        .expect(
            "GET",
            "/users?fields=id&limit=-1&filter[email][_starts_with]=conformance-&filter[first_name][_eq]=Conformance",
            admin,
            None,
            200,
        )
        .await
        .context("looking for persona users of earlier runs")?;
    for id in ids(users.json) {
        api.expect("DELETE", &format!("/users/{id}"), admin, None, 204).await?;
    }
    for (path, what) in [("/roles", "roles"), ("/policies", "policies")] {
        let found = api
            .expect(
                "GET",
                &format!("{path}?fields=id&limit=-1&filter[name][_starts_with]=Conformance%20"),
                admin,
                None,
                200,
            )
            .await
            .with_context(|| format!("looking for persona {what} of earlier runs"))?;
        for id in ids(found.json) {
            api.expect("DELETE", &format!("{path}/{id}"), admin, None, 204).await?;
        }
    }
    Ok(())
}

/// Provisions the fixture. On failure, whatever was created is removed before
/// returning. When `interrupt` fires first, the half-built fixture is removed
/// too and the error says so.
pub async fn provision(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    replace: bool,
    capabilities: &[String],
    interrupt: impl std::future::Future<Output = ()>,
) -> Result<Provisioned> {
    let mut done = Provisioned::default();
    let outcome = tokio::select! {
        r = provision_into(api, admin, fixture, replace, capabilities, &mut done) => r,
        () = interrupt => Err(anyhow!("interrupted while provisioning")),
    };
    match outcome {
        Ok(()) => Ok(done),
        Err(e) => {
            let cleanup = teardown(api, admin, fixture, &done).await;
            match cleanup {
                Ok(()) => Err(e),
                Err(c) => Err(e.context(format!("and cleaning up after it failed too: {c:#}"))),
            }
        }
    }
}

async fn provision_into(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    replace: bool,
    capabilities: &[String],
    done: &mut Provisioned,
) -> Result<()> {
    let listed =
        api.expect("GET", "/collections", admin, None, 200).await.context("listing collections")?;
    let existing: Vec<String> = listed
        .json
        .as_ref()
        .and_then(|j| j.get("data"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter().filter_map(|c| c.get("collection")?.as_str().map(str::to_owned)).collect()
        })
        .unwrap_or_default();
    let clashes: Vec<String> =
        fixture.collections().into_iter().filter(|c| existing.contains(c)).collect();
    if !clashes.is_empty() {
        if !replace {
            bail!(
                "the target already has collections named like the fixture's ({}); the harness never touches data it did \
                 not create. Remove them, use a fresh target, or pass --replace-existing to delete them first",
                clashes.join(", ")
            );
        }
        remove_existing(api, admin, fixture, &existing).await?;
    } else if replace {
        remove_stray_personas(api, admin).await?;
    }

    // Collections with their fields, then relations.
    for name in fixture.collections() {
        let coll = fixture
            .snapshot
            .get("collections")
            .and_then(Value::as_array)
            .and_then(|l| {
                l.iter()
                    .find(|c| c.get("collection").and_then(Value::as_str) == Some(name.as_str()))
            })
            .cloned()
            .unwrap_or(Value::Null);
        let fields: Vec<Value> = fixture
            .fields_of(&name)
            .into_iter()
            .map(|mut f| {
                if let Value::Object(m) = &mut f {
                    m.remove("collection");
                    if !m.contains_key("meta") || m["meta"].is_null() {
                        m.insert("meta".into(), json!({}));
                    }
                }
                f
            })
            .collect();
        let body = json!({
            "collection": name,
            "meta": coll.get("meta").cloned().unwrap_or(json!({})),
            "schema": {},
            "fields": fields,
        });
        api.expect("POST", "/collections", admin, Some(&body), 200)
            .await
            .with_context(|| format!("creating collection {name}"))?;
        done.collections.push(name);
    }
    for rel in
        fixture.snapshot.get("relations").and_then(Value::as_array).cloned().unwrap_or_default()
    {
        let what = format!(
            "creating relation {}.{}",
            rel.get("collection").and_then(Value::as_str).unwrap_or("?"),
            rel.get("field").and_then(Value::as_str).unwrap_or("?")
        );
        api.expect("POST", "/relations", admin, Some(&rel), 200).await.context(what)?;
    }

    // Seed rows.
    for block in &fixture.seed {
        if fixture.is_singleton(&block.collection) {
            for item in &block.items {
                api.expect(
                    "PATCH",
                    &format!("/items/{}", block.collection),
                    admin,
                    Some(item),
                    200,
                )
                .await
                .with_context(|| format!("seeding {}", block.collection))?;
            }
        } else if !block.items.is_empty() {
            api.expect(
                "POST",
                &format!("/items/{}", block.collection),
                admin,
                Some(&json!(block.items)),
                200,
            )
            .await
            .with_context(|| format!("seeding {}", block.collection))?;
        }
    }

    // Personas.
    let all = fixture.collections();
    let suffix = run_suffix();
    for spec in &fixture.personas {
        if let Some(needed) = &spec.needs
            && !capabilities.contains(needed)
        {
            continue;
        }
        let mut permissions = Vec::new();
        for p in &spec.permissions {
            let colls: Vec<String> = match &p.collections {
                Value::String(s) if s == "*" => all.clone(),
                Value::Array(list) => {
                    list.iter().filter_map(Value::as_str).map(str::to_owned).collect()
                }
                Value::String(s) => vec![s.clone()],
                _ => Vec::new(),
            };
            for c in colls {
                for a in &p.actions {
                    let mut perm = json!({"collection": c, "action": a,
                        "fields": p.fields.clone().unwrap_or_else(|| vec!["*".into()]),
                        "permissions": p.permissions.clone().unwrap_or(json!({})),
                        "validation": p.validation.clone().unwrap_or(json!({}))});
                    if let (Some(presets), Value::Object(m)) = (&p.presets, &mut perm) {
                        m.insert("presets".into(), presets.clone());
                    }
                    permissions.push(perm);
                }
            }
        }
        let policy = api
            .expect(
                "POST",
                "/policies",
                admin,
                Some(
                    &json!({"name": format!("Conformance {} {suffix}", spec.name), "icon": "badge",
                    "admin_access": false, "app_access": spec.app_access, "permissions": permissions}),
                ),
                200,
            )
            .await
            .with_context(|| format!("creating the policy of persona {}", spec.name))?;
        let policy_id = id_of(&policy.json)?;
        done.policies.push(policy_id.clone());
        let role = api
            .expect(
                "POST",
                "/roles",
                admin,
                Some(&json!({"name": format!("Conformance {} {suffix}", spec.name), "policies": [{"policy": policy_id}]})),
                200,
            )
            .await
            .with_context(|| format!("creating the role of persona {}", spec.name))?;
        let role_id = id_of(&role.json)?;
        done.roles.push(role_id.clone());
        let email = format!("conformance-{}-{suffix}@example.com", spec.name);
        let password = format!("pw-{}-{}", spec.name, run_suffix());
        let token = format!("conformance-{}-{}", spec.name, uuid::Uuid::new_v4().simple());
        let user = api
            .expect(
                "POST",
                "/users",
                admin,
                Some(&json!({"email": email, "password": password, "role": role_id, "token": token, "status": "active",
                    "first_name": "Conformance", "last_name": spec.name})),
                200,
            )
            .await
            .with_context(|| format!("creating the user of persona {}", spec.name))?;
        let user_id = id_of(&user.json)?;
        done.users.push(user_id.clone());
        done.personas.insert(
            spec.name.clone(),
            Persona {
                token: Some(token),
                email: Some(email),
                password: Some(password),
                user_id: Some(user_id),
            },
        );
    }

    done.baseline =
        snapshot_rows(api, admin, fixture).await.context("reading back the seeded rows")?;
    done.system = Some(
        system_baseline(api, admin).await.context("reading the system rows after provisioning")?,
    );
    Ok(())
}

fn id_of(json: &Option<Value>) -> Result<String> {
    json.as_ref()
        .and_then(|j| j.pointer("/data/id"))
        .map(key_text)
        .ok_or_else(|| anyhow!("the response carries no data.id"))
}

/// Current rows of every fixture collection (comparable fields only).
async fn snapshot_rows(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
) -> Result<IndexMap<String, IndexMap<String, Map<String, Value>>>> {
    let mut out = IndexMap::new();
    for c in fixture.collections() {
        let fields = fixture.comparable_fields(&c);
        let pk = fixture.primary_key(&c);
        let path = format!("/items/{c}?fields={}&sort={pk}", fields.join(","));
        let data = read_all(api, admin, &path).await?;
        let rows: Vec<Value> = match data {
            Value::Array(rows) => rows,
            Value::Object(row) if row.get(&pk).is_some_and(|v| !v.is_null()) => {
                vec![Value::Object(row)]
            }
            _ => Vec::new(),
        };
        let mut by_key = IndexMap::new();
        for row in rows {
            if let Value::Object(m) = row {
                let key = m.get(&pk).map(key_text).unwrap_or_default();
                by_key.insert(key, m);
            }
        }
        out.insert(c, by_key);
    }
    Ok(out)
}

/// Puts every fixture collection back to its seeded state, with core item endpoints only.
pub async fn reset(api: &Api, admin: &Auth, fixture: &Fixture, done: &Provisioned) -> Result<()> {
    if let Some(base) = &done.system {
        reset_system(api, admin, base).await?;
    }
    let current = snapshot_rows(api, admin, fixture).await?;
    // Parents first: re-create and patch rows back in creation order.
    for (c, baseline) in &done.baseline {
        let pk = fixture.primary_key(c);
        let now = current.get(c).cloned().unwrap_or_default();
        let singleton = fixture.is_singleton(c);
        for (key, row) in baseline {
            match now.get(key) {
                None => {
                    if singleton {
                        api.expect(
                            "PATCH",
                            &format!("/items/{c}"),
                            admin,
                            Some(&Value::Object(row.clone())),
                            200,
                        )
                        .await?;
                    } else {
                        api.expect(
                            "POST",
                            &format!("/items/{c}"),
                            admin,
                            Some(&Value::Object(row.clone())),
                            200,
                        )
                        .await?;
                    }
                }
                Some(cur) if cur != row => {
                    let mut patch = Map::new();
                    for (k, v) in row {
                        if k != &pk && cur.get(k) != Some(v) {
                            patch.insert(k.clone(), v.clone());
                        }
                    }
                    if !patch.is_empty() {
                        let path = if singleton {
                            format!("/items/{c}")
                        } else {
                            format!("/items/{c}/{key}")
                        };
                        api.expect("PATCH", &path, admin, Some(&Value::Object(patch)), 200).await?;
                    }
                }
                Some(_) => {}
            }
        }
    }
    // Children first: delete rows the scenarios added.
    for (c, baseline) in done.baseline.iter().rev() {
        let pk = fixture.primary_key(c);
        let extra: Vec<Value> = current
            .get(c)
            .map(|rows| {
                rows.iter()
                    .filter(|(k, _)| !baseline.contains_key(*k))
                    .filter_map(|(_, r)| r.get(&pk).cloned())
                    .collect()
            })
            .unwrap_or_default();
        if extra.is_empty() {
            continue;
        }
        if fixture.is_singleton(c) {
            for k in extra {
                api.expect("DELETE", &format!("/items/{c}/{}", key_text(&k)), admin, None, 204)
                    .await?;
            }
        } else {
            api.expect("DELETE", &format!("/items/{c}"), admin, Some(&Value::Array(extra)), 204)
                .await?;
        }
    }
    Ok(())
}

/// Removes everything the harness created, in reverse order. Keeps going after
/// a failure and reports all of them.
pub async fn teardown(
    api: &Api,
    admin: &Auth,
    _fixture: &Fixture,
    done: &Provisioned,
) -> Result<()> {
    let mut problems = Vec::new();
    // What an interrupted scenario left behind.
    if let Some(base) = &done.system
        && let Err(e) = reset_system(api, admin, base).await
    {
        problems.push(format!("{e:#}"));
    }
    for id in &done.users {
        if let Err(e) = api.expect("DELETE", &format!("/users/{id}"), admin, None, 204).await {
            problems.push(format!("{e:#}"));
        }
    }
    for id in &done.roles {
        if let Err(e) = api.expect("DELETE", &format!("/roles/{id}"), admin, None, 204).await {
            problems.push(format!("{e:#}"));
        }
    }
    for id in &done.policies {
        if let Err(e) = api.expect("DELETE", &format!("/policies/{id}"), admin, None, 204).await {
            problems.push(format!("{e:#}"));
        }
    }
    for c in done.collections.iter().rev() {
        if let Err(e) = api.expect("DELETE", &format!("/collections/{c}"), admin, None, 204).await {
            problems.push(format!("{e:#}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(anyhow!("teardown left things behind: {}", problems.join("; ")))
    }
}
