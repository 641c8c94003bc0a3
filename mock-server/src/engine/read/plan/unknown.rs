//! The fields a level's filter and sort name that its collection lacks, all at
//! once, as 12.4 looks them up before anything else: `filter[a]...&filter[b]...`
//! is FORBIDDEN for `"b", "a"` (the filter's paths last first, each path's
//! fields in order: `{"a":{"b":{...}}}` names `"a", "b"`), then the sort's
//! (`sort=zap.y` names `"zap", "y"`), before an invalid operator or value.
//! Fields of the collection, and what follows them, are left to the resolution
//! of the filter and the sort (a relation's own fields come after the level's),
//! and so is a filter with an explicit `_some`/`_none` (checked first by 12.4).

use serde_json::Map;

use crate::query::Query;
use crate::query::filter::Filter;
use crate::schema::Schema;

/// The unknown fields of the level's filter and sort, in 12.4's order, without repeats.
pub(super) fn unknown_fields(
    schema: &Schema,
    collection: &str,
    q: &Query,
    filter: Option<&Filter>,
    alias: &Map<String, serde_json::Value>,
) -> Vec<String> {
    let known = |key: &str| schema.field(collection, key).is_some() || alias.contains_key(key);
    let plain = |key: &str| !key.contains(['(', ':', '$', '?']);
    let mut paths: Vec<Vec<String>> = Vec::new();
    // An explicit `_some`/`_none` is a query of its own that 12.4 checks first:
    // left to the resolution of the filter.
    if filter.is_some_and(quantified) {
        return Vec::new();
    }
    if let Some(f) = filter {
        walk(f, None, &mut paths, &|key| !plain(key) || known(key));
        paths.reverse();
    }
    if q.aggregate.is_none() && q.group.is_none() {
        for spec in q.sort.iter().flatten() {
            let spec = spec.strip_prefix('-').unwrap_or(spec);
            let parts: Vec<String> = spec.split('.').map(str::to_owned).collect();
            if parts.first().is_some_and(|p| !p.is_empty() && plain(p) && !known(p)) {
                paths.push(parts);
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for field in paths.into_iter().flatten() {
        if !out.contains(&field) {
            out.push(field);
        }
    }
    out
}

/// Collects the paths that start at an unknown key of the collection.
fn walk(
    f: &Filter,
    chain: Option<&[String]>,
    paths: &mut Vec<Vec<String>>,
    skip: &dyn Fn(&str) -> bool,
) {
    match f {
        Filter::Empty | Filter::Cmp { .. } => {
            if let Some(c) = chain.filter(|c| !c.is_empty()) {
                paths.push(c.to_vec());
            }
        }
        Filter::Logical(_, items) => items.iter().for_each(|i| walk(i, chain, paths, skip)),
        Filter::Quantified(_, inner) => walk(inner, chain, paths, skip),
        Filter::Field { key, inner } => match chain {
            Some(c) => {
                let mut next = c.to_vec();
                next.push(key.clone());
                walk(inner, Some(&next), paths, skip);
            }
            None if skip(key) => {}
            None => walk(inner, Some(std::slice::from_ref(key)), paths, skip),
        },
    }
}

/// Whether a filter holds an explicit quantifier.
fn quantified(f: &Filter) -> bool {
    match f {
        Filter::Quantified(..) => true,
        Filter::Logical(_, items) => items.iter().any(quantified),
        Filter::Field { inner, .. } => quantified(inner),
        Filter::Empty | Filter::Cmp { .. } => false,
    }
}
