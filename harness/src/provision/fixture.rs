//! The fixture as read from disk: `schema.json` (a Directus schema snapshot),
//! `seed.json` (rows per collection, in insertion order) and `personas.json`
//! (users with policies of full-or-nothing permissions). A malformed file is
//! an error at load, never an empty fixture.

use std::path::Path;

use anyhow::{Context as _, Result, anyhow};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A fixture read from disk.
#[derive(Debug, Clone)]
pub(crate) struct Fixture {
    /// The snapshot's collections, in creation order.
    pub(super) collections: Vec<CollectionSpec>,
    /// The snapshot's fields, each with its `collection`.
    fields: Vec<Map<String, Value>>,
    pub(super) relations: Vec<Value>,
    pub(super) seed: Vec<SeedBlock>,
    pub(super) personas: Vec<PersonaSpec>,
}

/// The parts of a schema snapshot the harness sends back.
#[derive(Debug, Deserialize)]
struct Snapshot {
    collections: Vec<CollectionSpec>,
    fields: Vec<Map<String, Value>>,
    #[serde(default)]
    relations: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct CollectionSpec {
    #[serde(rename = "collection")]
    pub(super) name: String,
    /// The collection's `meta` (an empty object when the snapshot has none).
    #[serde(default = "empty_object")]
    pub(super) meta: Value,
}

fn empty_object() -> Value {
    json!({})
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct SeedBlock {
    pub(super) collection: String,
    pub(super) items: Vec<Value>,
}

/// A persona: a user with its own role and policy.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct PersonaSpec {
    pub(super) name: String,
    #[serde(default)]
    pub(super) permissions: Vec<PermissionSpec>,
    /// The policy's `app_access` (such a user takes one of the 3 seats of an unlicensed Directus).
    #[serde(default)]
    pub(super) app_access: bool,
    /// A capability the target must declare for this persona to be provisioned
    /// (`license` for field lists and item rules, which an unlicensed Directus refuses).
    #[serde(default)]
    pub(super) needs: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct PermissionSpec {
    /// Collection names, or `"*"` for every fixture collection.
    pub(super) collections: Collections,
    pub(super) actions: Vec<String>,
    /// The allowed fields; every field (`["*"]`) when absent.
    #[serde(default)]
    pub(super) fields: Option<Vec<String>>,
    /// Item rule (a filter, dynamic variables allowed).
    #[serde(default)]
    pub(super) permissions: Option<Value>,
    /// Validation rule for created and updated payloads.
    #[serde(default)]
    pub(super) validation: Option<Value>,
    /// Default values for created items.
    #[serde(default)]
    pub(super) presets: Option<Value>,
}

/// The collections a permission covers: one name, `"*"` for all, or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(super) enum Collections {
    One(String),
    Many(Vec<String>),
}

impl Collections {
    pub(super) fn names(&self, all: &[String]) -> Vec<String> {
        match self {
            Collections::One(s) if s == "*" => all.to_vec(),
            Collections::One(s) => vec![s.clone()],
            Collections::Many(list) => list.clone(),
        }
    }
}

impl Fixture {
    pub(crate) fn load(dir: &Path) -> Result<Fixture> {
        let read = |name: &str| -> Result<String> {
            std::fs::read_to_string(dir.join(name))
                .with_context(|| format!("reading {}", dir.join(name).display()))
        };
        let snapshot: Value =
            serde_json::from_str(&read("schema.json")?).context("parsing schema.json")?;
        // The file may hold the snapshot as `GET /schema/snapshot` answers it, in `data`.
        let snapshot = snapshot.get("data").cloned().unwrap_or(snapshot);
        let Snapshot { collections, fields, relations } =
            serde_json::from_value(snapshot).context("reading schema.json as a schema snapshot")?;
        if let Some(f) = fields.iter().find(|f| !f.get("collection").is_some_and(Value::is_string))
        {
            return Err(anyhow!("schema.json: a field without its collection: {f:?}"));
        }
        let seed: Vec<SeedBlock> =
            serde_json::from_str(&read("seed.json")?).context("parsing seed.json")?;
        // personas.json is optional: a fixture without personas has only `admin` and `anonymous`.
        let personas: Vec<PersonaSpec> = if dir.join("personas.json").exists() {
            serde_json::from_str(&read("personas.json")?).context("parsing personas.json")?
        } else {
            Vec::new()
        };
        Ok(Fixture { collections, fields, relations, seed, personas })
    }

    /// The seed's rows per collection, in insertion order.
    pub(crate) fn seed_rows(&self) -> impl Iterator<Item = (&str, &[Value])> {
        self.seed.iter().map(|b| (b.collection.as_str(), b.items.as_slice()))
    }

    /// Collection names in creation order.
    pub(super) fn collection_names(&self) -> Vec<String> {
        self.collections.iter().map(|c| c.name.clone()).collect()
    }

    pub(super) fn fields_of(&self, collection: &str) -> Vec<Map<String, Value>> {
        self.fields
            .iter()
            .filter(|f| f.get("collection").and_then(Value::as_str) == Some(collection))
            .cloned()
            .collect()
    }

    pub(super) fn is_singleton(&self, collection: &str) -> bool {
        self.collections.iter().any(|c| {
            c.name == collection && c.meta.get("singleton").and_then(Value::as_bool) == Some(true)
        })
    }

    /// Column fields compared by the reset (no aliases, no server-managed values).
    pub(super) fn comparable_fields(&self, collection: &str) -> Vec<String> {
        self.fields_of(collection)
            .iter()
            .filter(|f| f.get("type").and_then(Value::as_str) != Some("alias"))
            .filter(|f| {
                let special: Vec<&str> = f
                    .get("meta")
                    .and_then(|m| m.get("special"))
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

    pub(super) fn primary_key(&self, collection: &str) -> Result<String> {
        self.fields_of(collection)
            .iter()
            .find(|f| {
                f.get("schema").and_then(|s| s.get("is_primary_key")).and_then(Value::as_bool)
                    == Some(true)
            })
            .and_then(|f| f.get("field").and_then(Value::as_str))
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("schema.json: collection {collection} has no primary key field"))
    }
}
