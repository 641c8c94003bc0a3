//! Seeding the fixture's rows, and reading every fixture row back: right
//! after seeding as the baseline a reset restores, and before each reset.

use anyhow::{Context as _, Result, anyhow};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use super::Fixture;
use super::read::{key_text, read_all};
use crate::api::{Api, Auth, Method};

/// Rows per fixture collection, keyed by primary key text (comparable fields only).
pub(super) type Rows = IndexMap<String, IndexMap<String, Map<String, Value>>>;

/// Inserts the seed rows: one POST per collection, a PATCH per singleton row.
pub(super) async fn seed(api: &Api, admin: &Auth, fixture: &Fixture) -> Result<()> {
    for block in &fixture.seed {
        let path = format!("/items/{}", block.collection);
        if fixture.is_singleton(&block.collection) {
            for item in &block.items {
                api.expect(Method::Patch, &path, admin, Some(item), 200)
                    .await
                    .with_context(|| format!("seeding {}", block.collection))?;
            }
        } else if !block.items.is_empty() {
            api.expect(Method::Post, &path, admin, Some(&json!(block.items)), 200)
                .await
                .with_context(|| format!("seeding {}", block.collection))?;
        }
    }
    Ok(())
}

/// Current rows of every fixture collection (comparable fields only).
pub(super) async fn snapshot_rows(api: &Api, admin: &Auth, fixture: &Fixture) -> Result<Rows> {
    let mut out = IndexMap::new();
    for c in fixture.collection_names() {
        let fields = fixture.comparable_fields(&c);
        let pk = fixture.primary_key(&c)?;
        let path = format!("/items/{c}?fields={}&sort={pk}", fields.join(","));
        let rows: Vec<Value> = match read_all(api, admin, &path).await? {
            Value::Array(rows) => rows,
            Value::Object(row) if row.get(&pk).is_some_and(|v| !v.is_null()) => {
                vec![Value::Object(row)]
            }
            // A singleton without its row answers its defaults, with no key.
            Value::Object(_) => Vec::new(),
            other => return Err(anyhow!("GET {path}: data is {other}, expected rows")),
        };
        let mut by_key = IndexMap::new();
        for row in rows {
            let Value::Object(m) = row else {
                return Err(anyhow!("GET {path}: a row that is not an object: {row}"));
            };
            let key = m
                .get(&pk)
                .map(key_text)
                .ok_or_else(|| anyhow!("GET {path}: a row without its key {pk}"))?;
            by_key.insert(key, m);
        }
        out.insert(c, by_key);
    }
    Ok(out)
}
