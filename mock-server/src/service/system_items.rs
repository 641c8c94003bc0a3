//! The system collections behind their own routes (`/users`, `/roles`,
//! `/policies`, `/permissions`, `/access`): the checks Directus makes on a
//! user's, a policy's or a permission's payload before the items service's
//! own (and the Core licence's limits), and the caller's own views
//! (`/users/me`, `/roles/me`, `/permissions/me`, `/policies/me/globals`).

use serde_json::{Map, Value, json};

use super::items::{Items, Written};
use super::{Accountability, App, license};
use crate::engine::values::as_bool;
use crate::engine::write::Gate;
use crate::engine::{Action, validate};
use crate::error::{Error, ErrorCode, Result};
use crate::query::Query;
use crate::store::Pk;
use crate::system;

/// The item (or items) a payload holds: an object, its `data`, or an array's objects.
fn each_item(body: &Value, check: impl Fn(&Map<String, Value>) -> Result<()>) -> Result<()> {
    match body {
        Value::Object(m) => check(m.get("data").and_then(Value::as_object).unwrap_or(m)),
        Value::Array(items) => items.iter().filter_map(Value::as_object).try_for_each(check),
        _ => Ok(()),
    }
}

/// Checks that Directus applies to user payloads before the generic ones.
fn check_user_payload(body: &Value, creating: bool) -> Result<()> {
    each_item(body, |item| {
        if let Some(Value::String(email)) = item.get("email") {
            let ok = email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !email.contains(' '));
            if !ok {
                let failure = validate::Failure::new("email", "email");
                return Err(Error::many(validate::to_errors(vec![failure], &[])));
            }
        }
        if !creating && item.contains_key("tfa_secret") {
            return Err(Error::invalid_payload(
                "You can't change the \"tfa_secret\" value manually",
            ));
        }
        Ok(())
    })
}

/// A policy's `ip_access` must hold IP addresses, ranges or CIDR blocks.
fn check_policy_payload(body: &Value) -> Result<()> {
    each_item(body, |item| match item.get("ip_access") {
        Some(v) if !super::ip_access::valid_ip_access(v) => Err(Error::invalid_payload(
            "IP Access contains an incorrect value. Valid values are: IP addresses, IP ranges and CIDR blocks",
        )),
        _ => Ok(()),
    })
}

/// The checks of a write to a system collection, before the items service's own.
fn check_payload(app: &App, collection: &str, body: &Value, creating: bool) -> Result<()> {
    match collection {
        system::USERS => check_user_payload(body, creating),
        system::POLICIES => {
            check_policy_payload(body)?;
            license::check_policies(app, body)
        }
        system::PERMISSIONS => license::check_permissions(app, body, creating),
        _ => Ok(()),
    }
}

/// `POST /users` (`/roles`, ...): one item or several.
pub(crate) fn create(items: &Items<'_>, body: &Value) -> Result<Written> {
    check_payload(items.app, &items.collection, body, true)?;
    match body {
        Value::Array(list) => items.create_many(list).map(Written::Many),
        _ => items.create_one(body).map(Written::One),
    }
}

/// `PATCH /users` (`/roles`, ...): an array of items with their keys, or
/// `{keys | query, data}` with the item routes' batch rules.
pub(crate) fn update(items: &Items<'_>, body: &Value) -> Result<Written> {
    check_payload(items.app, &items.collection, body, false)?;
    items.update(body)
}

/// `PATCH /users/:id` (`/roles/:id`, ...).
pub(crate) fn update_one(items: &Items<'_>, key: &Value, body: &Value) -> Result<Written> {
    check_payload(items.app, &items.collection, body, false)?;
    items.update_one(key, body).map(Written::One)
}

/// `DELETE /users` (`/roles`, ...): an array of keys, or `{keys | query}`
/// with the item routes' batch rules.
pub(crate) fn delete(items: &Items<'_>, body: &Value) -> Result<()> {
    items.delete(body)
}

/// The caller's user id, or INVALID_CREDENTIALS.
pub(super) fn me(acc: &Accountability) -> Result<String> {
    acc.user.clone().ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))
}

/// `GET /users/me`: the caller's user as they may read it, or just its id.
pub(crate) fn read_me(app: &App, acc: &Accountability, query: &Query) -> Result<Value> {
    if let (None, Some(share)) = (&acc.user, &acc.share) {
        return Ok(json!({"share": share}));
    }
    let user = me(acc)?;
    let items = Items::new(app, acc, system::USERS)?;
    match items.read_one(&Value::String(user.clone()), query) {
        Ok(v) => Ok(v),
        Err(e) if e.code() == ErrorCode::Forbidden => Ok(json!({"id": user})),
        Err(e) => Err(e),
    }
}

/// `PATCH /users/me`, answered by its re-read (`None`: 204).
pub(crate) fn update_me(
    app: &App,
    acc: &Accountability,
    body: &Value,
    query: &Query,
) -> Result<Option<Value>> {
    let user = me(acc)?;
    let items = Items::new(app, acc, system::USERS)?;
    check_user_payload(body, false)?;
    let key = items.update_one(&Value::String(user), body)?;
    items.reread(&Written::One(key), query)
}

/// `PATCH /users/me/track/page`: stores the caller's `last_page`, without
/// their permissions and without an activity row (Directus writes it as the system).
pub(crate) fn track_page(app: &App, acc: &Accountability, body: &Value) -> Result<()> {
    let user = me(acc)?;
    if !super::platform::truthy(body.get("last_page")) {
        return Err(Error::invalid_payload("\"last_page\" key is required"));
    }
    let system = Accountability { admin: true, ..Accountability::default() };
    let items = Items::new(app, &system, system::USERS)?;
    let data = json!({"last_page": body.get("last_page")});
    items.update_one(&Value::String(user), &data).map(|_| ())
}

/// `GET /roles/me`: the caller's roles (ids only when the roles may not be read).
pub(crate) fn my_roles(app: &App, acc: &Accountability, query: &Query) -> Result<Value> {
    if acc.user.is_none() && acc.role.is_none() {
        return Err(Error::forbidden());
    }
    let items = Items::new(app, acc, system::ROLES)?;
    let keys: Vec<Pk> = acc.roles.iter().map(|r| Pk::Str(r.as_str().into())).collect();
    let mut query = query.clone();
    query.limit = Some(-1.0);
    match items.read_many(&keys, &query) {
        Ok(rows) => Ok(Value::Array(rows)),
        Err(e) if e.code() == ErrorCode::Forbidden => {
            Ok(Value::Array(acc.roles.iter().map(|r| json!({"id": r})).collect()))
        }
        Err(e) => Err(e),
    }
}

/// `GET /policies/me/globals`: the caller's app, admin and TFA flags.
pub(crate) fn my_policy_globals(app: &App, acc: &Accountability) -> Value {
    if acc.user.is_none() && acc.role.is_none() {
        return json!({"app_access": false});
    }
    let db = app.store.snapshot();
    let enforce_tfa = acc.policies.iter().any(|p| {
        db.row(system::POLICIES, &Pk::Str(p.as_str().into()))
            .and_then(|r| r.get("enforce_tfa"))
            .and_then(as_bool)
            == Some(true)
    });
    json!({"app_access": acc.app, "admin_access": acc.admin, "enforce_tfa": enforce_tfa})
}

const ACTIONS: [Action; 5] =
    [Action::Read, Action::Create, Action::Update, Action::Delete, Action::Share];

/// `GET /permissions/me`: per collection and action, `{access: full|partial|none, fields?, presets?}`.
pub(crate) fn my_permissions(app: &App, acc: &Accountability) -> Result<Value> {
    if acc.user.is_none() && acc.role.is_none() && acc.share.is_none() {
        return Err(Error::forbidden());
    }
    let db = app.store.snapshot();
    let mut out = Map::new();
    if acc.admin {
        for name in db.schema.collections.keys() {
            let full: Map<String, Value> = ACTIONS
                .iter()
                .map(|a| (a.as_str().to_owned(), json!({"access": "full", "fields": ["*"]})))
                .collect();
            out.insert(name.clone(), Value::Object(full));
        }
        return Ok(Value::Object(out));
    }
    let access = acc.access(&db);
    let mut collections: Vec<&String> = access.permissions.keys().map(|(c, _)| c).collect();
    collections.sort();
    collections.dedup();
    for collection in collections {
        let per_action: Map<String, Value> = ACTIONS
            .iter()
            .map(|action| {
                let rules = access.rules(collection, *action);
                (action.as_str().to_owned(), permission_summary(rules))
            })
            .collect();
        out.insert(collection.clone(), Value::Object(per_action));
    }
    Ok(Value::Object(out))
}

/// One action's entry of `/permissions/me`: none, or full/partial with the
/// fields and the merged presets of its rules.
fn permission_summary(rules: &[crate::engine::Permission]) -> Value {
    if rules.is_empty() {
        return json!({"access": "none"});
    }
    // A rule that cannot be resolved restricts too: the requests that use it fail.
    let unrestricted = |f: &Value| f.as_object().is_some_and(Map::is_empty);
    let partial = rules
        .iter()
        .any(|r| r.filter.as_ref().is_some_and(|f| !f.as_ref().is_ok_and(unrestricted)));
    let mut info = Map::new();
    info.insert("access".into(), json!(if partial { "partial" } else { "full" }));
    let mut fields: Vec<String> = Vec::new();
    for f in rules.iter().flat_map(|r| r.fields.iter().flatten()) {
        if !fields.contains(f) {
            fields.push(f.clone());
        }
    }
    if fields.iter().any(|f| f == "*") {
        fields = vec!["*".into()];
    }
    info.insert("fields".into(), json!(fields));
    let mut presets = Map::new();
    for r in rules {
        if let Some(Value::Object(p)) = &r.presets {
            presets.extend(p.clone());
        }
    }
    if !presets.is_empty() {
        info.insert("presets".into(), Value::Object(presets));
    }
    Value::Object(info)
}

/// `GET /permissions/me/:collection/:pk?`: whether the caller may update,
/// delete and share the item (or the collection), as the Data Studio asks
/// before showing those buttons. A singleton without its row asks for
/// create instead of update, and an allowed update of a singleton lists its
/// fields and presets.
pub(crate) fn item_permissions(
    app: &App,
    acc: &Accountability,
    collection: &str,
    pk: Option<&str>,
) -> Result<Value> {
    if acc.user.is_none() {
        return Err(Error::forbidden());
    }
    if acc.admin {
        return Ok(
            json!({"update": {"access": true}, "delete": {"access": true}, "share": {"access": true}}),
        );
    }
    let db = app.store.snapshot();
    let access = acc.access(&db);
    let gate = Gate { db: &db, access: &access };
    let singleton = db.schema.collection(collection).is_some_and(|c| c.singleton());
    let empty = db.table(collection).is_none_or(|t| t.rows.is_empty());
    let update = if singleton && empty { Action::Create } else { Action::Update };
    let key = pk.map(|k| Value::String(k.to_owned()));
    let allowed = |action: Action| {
        gate.check_access(collection, action, key.as_ref().map(std::slice::from_ref)).is_ok()
    };
    let mut out = Map::new();
    for (name, action) in [("update", update), ("delete", Action::Delete), ("share", Action::Share)]
    {
        out.insert(name.to_owned(), json!({"access": allowed(action)}));
    }
    if singleton && allowed(update) {
        let rules = access.rules(collection, update);
        let mut fields: Vec<String> = Vec::new();
        let mut presets = Map::new();
        for rule in rules {
            for f in rule.fields.iter().flatten() {
                if fields.first().is_some_and(|f| f == "*") {
                    break;
                }
                if !fields.contains(f) {
                    fields.push(f.clone());
                }
            }
            if fields.iter().any(|f| f == "*") {
                fields = vec!["*".to_owned()];
            }
            if let Some(Value::Object(p)) = &rule.presets {
                presets.extend(p.clone());
            }
        }
        if let Some(Value::Object(update)) = out.get_mut("update") {
            update.insert("fields".into(), json!(fields));
            update.insert("presets".into(), Value::Object(presets));
        }
    }
    Ok(Value::Object(out))
}
