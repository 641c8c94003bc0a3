//! What a read prepares before it touches rows, kept for the next request
//! that asks the same: the URL query parsed from its text, and the read
//! plan (the engine's [`Level`] tree: the `fields` grammar expanded, the
//! filter resolved with the caller's item rules, the sort resolved) per
//! caller, collection and query. A list read repeated by a frontend then
//! skips parsing and planning (a fifth of its time).
//!
//! Both are exact, never stale:
//! - a URL query is cached only when its text cannot name a dynamic variable
//!   (no `$`, `%24` or backslash, through which JSON spells `\u0024`): it is
//!   then a pure function of its text and the server's query limits, and an
//!   entry is used only under the same limits;
//! - a plan depends on the snapshot (schema and rows: permissions are rows),
//!   the caller's permissions, the profile and the query. Entries belong to
//!   one database generation (every published write moves it; a newer one
//!   drops them all), are keyed by the caller's identity (everything their
//!   permissions are derived from), the collection, the profile and the
//!   query's text, and a hit must also equal the query it was planned for.
//!   Callers whose rules read the clock (`$NOW`), queries not parsed from a
//!   URL and reads of a draft (a write's own re-read) are never cached.
//!
//! Bounded: a full map is emptied (a frontend's working set is small).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use super::Accountability;
use crate::engine::read::Level;
use crate::error::Result;
use crate::query::{self, DynamicContext, Query, QueryLimits, Source};

/// Most entries of each map.
const MAX_ENTRIES: usize = 1024;

/// The caches of a read's preparation (see the module documentation).
#[derive(Debug, Default)]
pub(crate) struct ReadCache {
    queries: Mutex<HashMap<Arc<str>, Arc<Parsed>>>,
    plans: Mutex<Plans>,
}

/// A URL query and the limits it was parsed under.
#[derive(Debug)]
struct Parsed {
    limit_max: Option<u64>,
    limits: QueryLimits,
    query: Query,
}

#[derive(Debug, Default)]
struct Plans {
    generation: u64,
    entries: HashMap<PlanKey, (Query, Arc<Level>)>,
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct PlanKey {
    caller: Caller,
    collection: String,
    directus12: bool,
    source: Arc<str>,
}

/// Everything a caller's permissions are read from ([`Accountability::access`]).
#[derive(Debug, PartialEq, Eq, Hash)]
struct Caller {
    user: Option<String>,
    role: Option<String>,
    roles: Vec<String>,
    policies: Vec<String>,
    admin: bool,
    app: bool,
    share: Option<String>,
    ip: Option<IpAddr>,
}

impl Caller {
    fn of(acc: &Accountability) -> Caller {
        Caller {
            user: acc.user.clone(),
            role: acc.role.clone(),
            roles: acc.roles.clone(),
            policies: acc.policies.clone(),
            admin: acc.admin,
            app: acc.app,
            share: acc.share.clone(),
            ip: acc.ip,
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Whether a URL query's text may name a dynamic variable (`$NOW`, `$CURRENT_USER`).
fn may_name_variable(raw: &str) -> bool {
    raw.contains('$')
        || raw.contains('\\')
        || raw.contains("%24")
        || raw.contains("%5C")
        || raw.contains("%5c")
}

impl ReadCache {
    /// The URL query `raw` parsed with `dynamic` ([`query::from_url`]), from
    /// the cache when its text names no dynamic variable.
    pub(crate) fn url_query(&self, raw: &str, dynamic: &DynamicContext) -> Result<Query> {
        if may_name_variable(raw) {
            return query::from_url(raw, dynamic);
        }
        let found = lock(&self.queries).get(raw).cloned();
        if let Some(p) =
            found.filter(|p| p.limit_max == dynamic.limit_max && p.limits == dynamic.limits)
        {
            return Ok(p.query.clone());
        }
        let mut query = query::from_url(raw, dynamic)?;
        query.source = Source(Some(raw.into()));
        let parsed =
            Parsed { limit_max: dynamic.limit_max, limits: dynamic.limits, query: query.clone() };
        let mut queries = lock(&self.queries);
        if queries.len() >= MAX_ENTRIES {
            queries.clear();
        }
        queries.insert(raw.into(), Arc::new(parsed));
        Ok(query)
    }

    /// The plan of `query` on `collection` for `acc` in the snapshot of
    /// `generation`: cached, or made by `build` (and kept when it succeeds).
    pub(crate) fn plan(
        &self,
        generation: u64,
        acc: &Accountability,
        (collection, directus12): (&str, bool),
        query: &Query,
        build: impl FnOnce() -> Result<Level>,
    ) -> Result<Arc<Level>> {
        let Some(source) = query.source.0.as_ref().filter(|_| !acc.rules_read_clock) else {
            return build().map(Arc::new);
        };
        let key = PlanKey {
            caller: Caller::of(acc),
            collection: collection.to_owned(),
            directus12,
            source: Arc::clone(source),
        };
        {
            let plans = lock(&self.plans);
            if plans.generation == generation
                && let Some((planned, level)) = plans.entries.get(&key)
                && planned == query
            {
                return Ok(Arc::clone(level));
            }
        }
        let level = Arc::new(build()?);
        let mut plans = lock(&self.plans);
        if plans.generation != generation {
            if generation < plans.generation {
                return Ok(level);
            }
            plans.generation = generation;
            plans.entries.clear();
        }
        if plans.entries.len() >= MAX_ENTRIES {
            plans.entries.clear();
        }
        plans.entries.insert(key, (query.clone(), Arc::clone(&level)));
        Ok(level)
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn level(collection: &str) -> Level {
        Level::new(collection, Vec::new(), serde_json::Map::new())
    }

    fn url(raw: &str) -> Query {
        ReadCache::default().url_query(raw, &DynamicContext::default()).expect("a valid query")
    }

    fn user(id: &str) -> Accountability {
        Accountability { user: Some(id.into()), ..Accountability::default() }
    }

    /// How many times `plan` built a plan over these calls.
    fn builds(cache: &ReadCache, calls: &[(u64, &Accountability, &str, &Query)]) -> usize {
        let built = Cell::new(0);
        for (generation, acc, collection, query) in calls {
            let build = || {
                built.set(built.get() + 1);
                Ok(level(collection))
            };
            let planned =
                cache.plan(*generation, acc, (collection, false), query, build).expect("a plan");
            assert_eq!(planned.collection, *collection);
        }
        built.get()
    }

    #[test]
    fn the_same_read_is_planned_once() {
        let (cache, q, a) = (ReadCache::default(), url("fields=*&limit=3"), user("a"));
        assert_eq!(builds(&cache, &[(1, &a, "tags", &q), (1, &a, "tags", &q)]), 1);
    }

    #[test]
    fn a_new_generation_a_caller_or_a_collection_is_planned_anew() {
        let (cache, q, a, b) = (ReadCache::default(), url("fields=*"), user("a"), user("b"));
        // A schema or permission change is a new generation.
        assert_eq!(builds(&cache, &[(1, &a, "tags", &q), (2, &a, "tags", &q)]), 2);
        assert_eq!(builds(&cache, &[(2, &b, "tags", &q)]), 1, "another user");
        let mut other_policies = a.clone();
        other_policies.policies = vec!["p".into()];
        assert_eq!(builds(&cache, &[(2, &other_policies, "tags", &q)]), 1, "other policies");
        assert_eq!(builds(&cache, &[(2, &a, "articles", &q)]), 1, "another collection");
        // An older snapshot's plan is made but does not replace the newer ones.
        assert_eq!(builds(&cache, &[(1, &a, "tags", &q), (2, &a, "tags", &q)]), 1);
    }

    #[test]
    fn a_changed_query_with_the_same_text_is_planned_anew() {
        let (cache, q, a) = (ReadCache::default(), url("fields=*"), user("a"));
        let changed = Query { limit: Some(0.0), ..q.clone() };
        assert!(changed.source.0.is_some(), "a clone keeps its text");
        assert_eq!(builds(&cache, &[(1, &a, "tags", &q), (1, &a, "tags", &changed)]), 2);
    }

    #[test]
    fn what_can_read_the_clock_is_never_cached() {
        let cache = ReadCache::default();
        let dynamic = url("filter[id][_eq]=$CURRENT_USER");
        assert!(dynamic.source.0.is_none());
        let escaped = url(r#"filter={"name":{"_eq":"%5Cu0024NOW"}}"#);
        assert!(escaped.source.0.is_none(), "JSON can spell $ as \\u0024");
        let mut clock = user("a");
        clock.rules_read_clock = true;
        let plain = url("fields=*");
        let a = user("a");
        let calls = [(1, &a, "tags", &dynamic), (1, &a, "tags", &dynamic)];
        assert_eq!(builds(&cache, &calls), 2);
        assert_eq!(builds(&cache, &[(1, &clock, "tags", &plain), (1, &clock, "tags", &plain)]), 2);
    }

    #[test]
    fn parsed_url_queries_are_kept_per_limits() {
        let cache = ReadCache::default();
        let raw = "fields=*";
        let first = cache.url_query(raw, &DynamicContext::default()).expect("a query");
        assert_eq!(first.source.0.as_deref(), Some(raw));
        let capped = DynamicContext { limit_max: Some(5), ..DynamicContext::default() };
        let second = cache.url_query(raw, &capped).expect("a query");
        assert_eq!(
            second.limit,
            Some(5.0),
            "parsed under the new limits, not served from the cache"
        );
    }
}
