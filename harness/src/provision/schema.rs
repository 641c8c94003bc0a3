//! Creating the fixture's collections (with their fields) and relations.

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

use super::{Fixture, Provisioned};
use crate::api::{Api, Auth, Method};

/// Creates every collection with its fields, then the relations; records the
/// collections for teardown as they are made.
pub(super) async fn create(
    api: &Api,
    admin: &Auth,
    fixture: &Fixture,
    done: &mut Provisioned,
) -> Result<()> {
    for coll in &fixture.collections {
        let name = &coll.name;
        let fields: Vec<Value> = fixture
            .fields_of(name)
            .into_iter()
            .map(|mut m| {
                m.remove("collection");
                if m.get("meta").is_none_or(Value::is_null) {
                    m.insert("meta".into(), json!({}));
                }
                Value::Object(m)
            })
            .collect();
        let body = json!({"collection": name, "meta": coll.meta, "schema": {}, "fields": fields});
        api.expect(Method::Post, "/collections", admin, Some(&body), 200)
            .await
            .with_context(|| format!("creating collection {name}"))?;
        done.collections.push(name.clone());
    }
    for rel in &fixture.relations {
        let what = format!(
            "creating relation {}.{}",
            rel.get("collection").and_then(Value::as_str).unwrap_or("?"),
            rel.get("field").and_then(Value::as_str).unwrap_or("?")
        );
        api.expect(Method::Post, "/relations", admin, Some(rel), 200).await.context(what)?;
    }
    Ok(())
}
