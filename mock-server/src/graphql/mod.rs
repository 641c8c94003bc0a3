//! GraphQL: `/graphql` (user collections) and `/graphql/system` (system
//! collections and the server, auth and schema root fields), both generated
//! from the live schema model.
//!
//! - [`build`] turns the schema model and the caller's access into an
//!   `async_graphql::dynamic::Schema`: a pure function, cached per scope,
//!   schema version and permission fingerprint ([`SchemaCache`]), as Directus
//!   caches one schema per scope, role and user.
//! - [`select`] turns a field's GraphQL selection (fragments, aliases, nested
//!   arguments, union fragments) into the Directus [`Query`](crate::query::Query)
//!   REST would send (`fields`, `alias`, `deep`), so one service call answers
//!   a whole root field, and reshapes the rows into the response's keys.
//! - [`resolve`] holds the resolvers; they call the services REST calls
//!   (`service::items::Items`, `service::schema`, `service::auth`,
//!   `service::server`, ...), never the store and never `http`.
//! - [`exec`] runs a request with Directus' status rules: syntax and
//!   validation problems are 400 GRAPHQL_VALIDATION listing every problem,
//!   resolver errors are 200 with `errors[].extensions.code`.

mod arguments;
mod bounds;
pub(crate) mod build;
pub(crate) mod exec;
mod messages;
mod mutated_data;
mod positions;
mod resolve;
mod rules;
mod select;
pub(crate) mod subscribe;
mod syntax;
mod variables;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_graphql::dynamic::Schema as GqlSchema;

use crate::engine::Access;
use crate::error::Result;

/// Which endpoint: `/graphql` or `/graphql/system`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    Items,
    System,
}

impl Scope {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Scope::Items => "items",
            Scope::System => "system",
        }
    }
}

/// Built schemas, keyed by scope, schema version and the caller's permissions;
/// the transport that serves GraphQL holds it (`http::Shared`).
/// Directus keeps an LRU of 100 (`GRAPHQL_SCHEMA_CACHE_CAPACITY`); this one is
/// emptied when it reaches that size, and entries of older schema versions are
/// never looked up again.
#[derive(Default)]
pub(crate) struct SchemaCache {
    entries: Mutex<HashMap<String, Arc<GqlSchema>>>,
}

const CACHE_CAPACITY: usize = 100;

impl SchemaCache {
    /// The schema for a key, built by `build` on first use.
    pub(crate) fn get_or_build(
        &self,
        key: String,
        build: impl FnOnce() -> Result<GqlSchema>,
    ) -> Result<Arc<GqlSchema>> {
        if let Some(found) = self.lock().get(&key) {
            return Ok(Arc::clone(found));
        }
        let built = Arc::new(build()?);
        let mut entries = self.lock();
        if entries.len() >= CACHE_CAPACITY {
            entries.clear();
        }
        entries.insert(key, Arc::clone(&built));
        Ok(built)
    }

    /// Drops every generated schema (`/utils/cache/clear?system`).
    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<GqlSchema>>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

impl std::fmt::Debug for SchemaCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaCache").field("entries", &self.lock().len()).finish()
    }
}

/// What shapes a generated schema besides the schema model: admin, or the
/// collections and fields the caller may use per action.
pub(crate) fn access_fingerprint(access: &Access) -> String {
    if access.admin {
        return "admin".into();
    }
    let mut parts: Vec<String> = access
        .permissions
        .iter()
        .filter(|(_, rules)| !rules.is_empty())
        .map(|((collection, action), _)| {
            let fields = access
                .allowed_fields(collection, *action)
                .map(|mut f| {
                    f.sort();
                    f.join(",")
                })
                .unwrap_or_else(|| "*".into());
            format!("{collection}:{}:{fields}", action.as_str())
        })
        .collect();
    parts.sort();
    parts.join(";")
}
