//! Dropping collections in dependency order, so it works on every database.
//!
//! Directus drops a collection's table before it removes the fields of other
//! collections that point at it; SQLite lets it, PostgreSQL and MySQL refuse
//! while a foreign key references the table ("cannot drop table ... because
//! other objects depend on it"). So the collections are dropped referencing
//! ones first: a collection goes once no collection still standing points at
//! it. A field of a collection that stays (a fixture or system collection)
//! pointing into the set is deleted first, as Directus would have done after
//! the drop; a cycle among the set is broken by deleting one of its relations
//! (which drops its foreign key, the fields staying until their table goes).

use anyhow::{Result, anyhow};
use serde_json::Value;

use crate::api::{Api, Auth, Method};

/// A many-to-one reference: `collection.field` points at `related`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reference {
    pub(super) collection: String,
    pub(super) field: String,
    pub(super) related: String,
}

/// One step of dropping a set of collections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    /// `DELETE /fields/{collection}/{field}`: a field outside the set pointing into it.
    DeleteField(String, String),
    /// `DELETE /relations/{collection}/{field}`: breaks a cycle.
    DeleteRelation(String, String),
    /// `DELETE /collections/{name}`.
    DropCollection(String),
}

/// The steps that drop `names` given the target's references: outside fields
/// first, then each collection once nothing left in the set points at it
/// (self-references do not count), in `names`' order among those ready.
pub(super) fn plan(names: &[String], references: &[Reference]) -> Vec<Step> {
    let mut steps = Vec::new();
    let in_set = |c: &str| names.iter().any(|n| n == c);
    let mut edges: Vec<&Reference> = Vec::new();
    for r in references.iter().filter(|r| in_set(&r.related) && r.collection != r.related) {
        if in_set(&r.collection) {
            edges.push(r);
        } else {
            steps.push(Step::DeleteField(r.collection.clone(), r.field.clone()));
        }
    }
    let mut left: Vec<&String> = names.iter().collect();
    while !left.is_empty() {
        let pointed_at =
            |c: &str| edges.iter().any(|e| e.related == c && left.contains(&&e.collection));
        match left.iter().position(|c| !pointed_at(c)) {
            Some(i) => {
                let c = left.remove(i);
                edges.retain(|e| &e.collection != c);
                steps.push(Step::DropCollection(c.clone()));
            }
            None => {
                // Every collection left is pointed at by another one left: a cycle.
                let e = edges.remove(0);
                steps.push(Step::DeleteRelation(e.collection.clone(), e.field.clone()));
            }
        }
    }
    steps
}

/// The many-to-one references of the target (`GET /relations`).
async fn references(api: &Api, admin: &Auth) -> Result<Vec<Reference>> {
    let ex = api.expect(Method::Get, "/relations", admin, None, 200).await?;
    let rows = ex
        .json
        .as_ref()
        .and_then(|j| j.get("data"))
        .and_then(Value::as_array)
        .ok_or_else(|| anyhow!("{}: data is not a list", ex.summary()))?;
    let text = |r: &Value, k: &str| r.get(k).and_then(Value::as_str).map(str::to_owned);
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(Reference {
                collection: text(r, "collection")?,
                field: text(r, "field")?,
                related: text(r, "related_collection")?,
            })
        })
        .collect())
}

/// Drops the collections `names` on the target in dependency order. Keeps
/// going after a failure and reports every one.
pub(super) async fn drop_collections(api: &Api, admin: &Auth, names: &[String]) -> Result<()> {
    if names.is_empty() {
        return Ok(());
    }
    let steps = plan(names, &references(api, admin).await?);
    let mut problems = Vec::new();
    for step in steps {
        let path = match &step {
            Step::DeleteField(c, f) => format!("/fields/{c}/{f}"),
            Step::DeleteRelation(c, f) => format!("/relations/{c}/{f}"),
            Step::DropCollection(c) => format!("/collections/{c}"),
        };
        if let Err(e) = api.expect(Method::Delete, &path, admin, None, 204).await {
            problems.push(format!("{e:#}"));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(anyhow!("{}", problems.join("; "))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(c: &str, f: &str, related: &str) -> Reference {
        Reference { collection: c.into(), field: f.into(), related: related.into() }
    }

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| (*s).to_owned()).collect()
    }

    fn drops(steps: &[Step]) -> Vec<String> {
        steps
            .iter()
            .map(|s| match s {
                Step::DeleteField(c, f) => format!("field {c}.{f}"),
                Step::DeleteRelation(c, f) => format!("relation {c}.{f}"),
                Step::DropCollection(c) => c.clone(),
            })
            .collect()
    }

    #[test]
    fn referencing_collections_go_first() {
        // The many-to-any scenario: shelf_items points at shelf.
        let refs = [r("shelf_items", "shelf_id", "shelf")];
        let steps = plan(&names(&["dormant", "shelf", "shelf_items"]), &refs);
        assert_eq!(drops(&steps), ["dormant", "shelf_items", "shelf"]);
    }

    #[test]
    fn a_chain_is_dropped_from_its_end() {
        let refs = [r("b", "a", "a"), r("c", "b", "b"), r("d", "c", "c")];
        assert_eq!(drops(&plan(&names(&["a", "b", "c", "d"]), &refs)), ["d", "c", "b", "a"]);
    }

    #[test]
    fn self_references_and_outside_targets_do_not_block() {
        let refs = [r("tree", "parent", "tree"), r("tree", "owner", "directus_users")];
        assert_eq!(drops(&plan(&names(&["tree"]), &refs)), ["tree"]);
    }

    #[test]
    fn a_field_outside_the_set_pointing_in_is_deleted_first() {
        let refs = [r("articles", "shelf", "shelf"), r("articles", "author", "authors")];
        assert_eq!(drops(&plan(&names(&["shelf"]), &refs)), ["field articles.shelf", "shelf"]);
    }

    #[test]
    fn a_cycle_is_broken_by_one_relation() {
        let refs = [r("a", "b", "b"), r("b", "a", "a")];
        assert_eq!(drops(&plan(&names(&["a", "b"]), &refs)), ["relation a.b", "b", "a"]);
    }
}
