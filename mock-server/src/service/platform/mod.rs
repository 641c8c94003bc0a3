//! The platform's system collections behind their own routes (`/presets`,
//! `/translations`, `/dashboards`, `/panels`, `/comments`,
//! `/notifications`, `/shares`, `/versions`, `/flows`, `/operations`): the
//! route table with each controller's quirks, and the checks their Directus
//! services make before the items service writes (one module per
//! collection that has any). REST and GraphQL writes both pass through
//! [`check`], called by `Items` inside the write's transaction.

mod comments;
mod object_hash;
mod share_access;
pub(crate) mod shares;
mod translations;
pub(crate) mod version_read;
mod version_write;
pub(crate) mod versions;

pub(crate) use comments::truthy;
pub(crate) use share_access::permissions as share_permissions;

use serde_json::Value;

use super::items::Items;
use crate::engine::write::Writer;
use crate::error::Result;
use crate::store::Pk;
use crate::system;

/// One system collection route and what its controller does differently.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    pub(crate) collection: &'static str,
    /// Whether a list read answers `meta` (`/shares` never does).
    pub(crate) list_meta: bool,
    /// Whether `/:pk` only matches UUIDs (`/shares`: anything else is an unknown route).
    pub(crate) uuid_keys: bool,
    /// Whether `DELETE /` checks its body as a batch (some controllers do not,
    /// and then fail on a body without `keys` or `query`).
    pub(crate) checked_delete: bool,
}

const fn route(collection: &'static str, checked_delete: bool) -> Route {
    Route { collection, list_meta: true, uuid_keys: false, checked_delete }
}

/// The routes of the platform's collections, by their first path segment.
pub(crate) fn route_of(segment: &str) -> Option<Route> {
    Some(match segment {
        "presets" => route(system::PRESETS, true),
        "translations" => route(system::TRANSLATIONS, true),
        "dashboards" => route(system::DASHBOARDS, false),
        "panels" => route(system::PANELS, false),
        "comments" => route(system::COMMENTS, true),
        "notifications" => route(system::NOTIFICATIONS, true),
        "shares" => Route { list_meta: false, uuid_keys: true, ..route(system::SHARES, false) },
        "versions" => route(system::VERSIONS, true),
        "flows" => route(system::FLOWS, false),
        "operations" => route(system::OPERATIONS, false),
        _ => return None,
    })
}

/// A write as the collection's service sees it before writing.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Write<'a> {
    Create(&'a Value),
    /// A create of several items, before their own `Create`s.
    Batch(&'a [Value]),
    Update(&'a [Pk], &'a Value),
    Delete,
}

/// The checks of the collection's own service, on the draft of the write;
/// for a create, the payload it writes instead of the one sent, if any.
pub(crate) fn check(
    items: &Items<'_>,
    w: &Writer<'_, '_>,
    write: Write<'_>,
) -> Result<Option<Value>> {
    if items.plain {
        return Ok(None);
    }
    let none = |r: Result<()>| r.map(|()| None);
    match items.collection.as_str() {
        system::TRANSLATIONS => none(translations::check(w, write)),
        system::COMMENTS => none(comments::check(items, w, write)),
        system::SHARES => none(shares::check(items, w, write)),
        system::VERSIONS => versions::check(items, w, write),
        _ => Ok(None),
    }
}

/// What a collection's service does to the database before a delete that the
/// items service does not: deleting flows first unlinks their operations
/// from each other (`resolve`, `reject`), as Directus' `FlowsService` does,
/// so the operations' own foreign keys do not refuse the cascade.
pub(crate) fn before_delete(collection: &str, w: &mut Writer<'_, '_>, keys: &[Pk]) {
    if collection != system::FLOWS {
        return;
    }
    let flows: Vec<Value> = keys.iter().map(Pk::to_value).collect();
    let Some(table) = w.db.table(system::OPERATIONS) else { return };
    let linked: Vec<(Pk, crate::store::Row)> = table
        .rows
        .iter()
        .filter(|(_, row)| row.get("flow").is_some_and(|f| flows.contains(f)))
        .filter(|(_, row)| {
            ["resolve", "reject"].iter().any(|k| row.get(*k).is_some_and(|v| !v.is_null()))
        })
        .map(|(pk, row)| {
            let mut row = (**row).clone();
            row.insert("resolve".into(), Value::Null);
            row.insert("reject".into(), Value::Null);
            (pk.clone(), row)
        })
        .collect();
    let table = w.db.table_mut(system::OPERATIONS);
    for (pk, row) in linked {
        table.insert(pk, row);
    }
}
