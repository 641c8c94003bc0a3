//! Who may write what, and what a payload must satisfy: Directus' access
//! check on existing keys (`validateAccess`) and the processing of one
//! payload (`processPayload`: field permissions, presets, then the
//! validation rules of the schema and of the caller's permissions, reported
//! as Joi would).

use serde_json::{Map, Value};

use super::Writer;
use crate::engine::filter::Cond;
use crate::engine::{Access, Action, Ctx, validate};
use crate::error::{Error, QueriedIn, Result};
use crate::query::filter::{DynamicContext, Filter, sanitize_filter};
use crate::query::operators::{Logical, Op};
use crate::schema::Collection;
use crate::store::{Db, Pk};

/// Directus' access checks on existing rows, over one database (a snapshot
/// or a write's draft) as one caller.
#[derive(Clone, Copy)]
pub(crate) struct Gate<'a> {
    pub(crate) db: &'a Db,
    pub(crate) access: &'a Access,
}

impl Gate<'_> {
    /// The item rule for an action on a collection, resolved, or `None` if all items are allowed.
    fn item_rule(&self, collection: &str, action: Action) -> Result<Option<Cond>> {
        let Some(rule) = self.access.item_filter(collection, action)? else { return Ok(None) };
        let admin = Access::admin();
        let cx = Ctx::new(self.db, &admin);
        Ok(Some(crate::engine::filter::resolve(&Filter::parse(&rule), collection, &cx)?))
    }

    /// Directus' access check for writes on existing keys: every key must exist and be allowed.
    pub(crate) fn validate_access(
        &self,
        collection: &str,
        action: Action,
        keys: &[Pk],
        fields: &[String],
    ) -> Result<()> {
        if self.access.admin {
            return Ok(());
        }
        let denied = || denied(collection, action, fields);
        // Without any permission for the action, the collection itself is
        // FORBIDDEN, like reading the items with the action's permissions.
        if !self.access.can(collection, action) {
            return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
        }
        if keys.is_empty() {
            return Err(denied());
        }
        let coll = self
            .db
            .schema
            .collection(collection)
            .ok_or_else(|| Error::collection_forbidden(collection, &QueriedIn(None)))?;
        for f in fields {
            if !coll.fields.contains_key(f) || !self.access.field_allowed(collection, action, f) {
                return Err(Error::field_forbidden(f, collection, &QueriedIn(None)));
            }
        }
        let rule = self.item_rule(collection, action)?;
        let admin = Access::admin();
        let cx = Ctx::new(self.db, &admin);
        for key in keys {
            let Some(row) = self.db.row(collection, key) else { return Err(denied()) };
            if let Some(rule) = &rule
                && !rule.eval(Some(row), &cx, collection)
            {
                return Err(denied());
            }
        }
        Ok(())
    }

    /// Directus' `validateAccess` as the services call it before a write of
    /// their own: the collection must exist (also for admins), then the
    /// caller must be allowed the action on it, or on each of `keys` (a key
    /// that does not exist, or has the wrong shape, is not allowed).
    pub(crate) fn check_access(
        &self,
        collection: &str,
        action: Action,
        keys: Option<&[Value]>,
    ) -> Result<()> {
        let Some(coll) = self.db.schema.collection(collection) else {
            return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
        };
        if self.access.admin {
            return Ok(());
        }
        let Some(keys) = keys else {
            return if self.access.can(collection, action) {
                Ok(())
            } else {
                Err(denied(collection, action, &[]))
            };
        };
        if !self.access.can(collection, action) {
            return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
        }
        let pks: Vec<Pk> = keys
            .iter()
            .map(|k| super::validate_key(coll, k))
            .collect::<Result<_>>()
            .map_err(|_| denied(collection, action, &[]))?;
        self.validate_access(collection, action, &pks, &[])
    }
}

impl Writer<'_, '_> {
    fn gate(&self) -> Gate<'_> {
        Gate { db: self.db, access: self.access }
    }

    /// [`Gate::validate_access`] on the draft.
    pub(super) fn validate_access(
        &self,
        collection: &str,
        action: Action,
        keys: &[Pk],
        fields: &[String],
    ) -> Result<()> {
        self.gate().validate_access(collection, action, keys, fields)
    }

    /// [`Gate::check_access`] on the draft.
    pub(crate) fn check_access(
        &self,
        collection: &str,
        action: Action,
        keys: Option<&[Value]>,
    ) -> Result<()> {
        self.gate().check_access(collection, action, keys)
    }

    /// Permission check, presets and validation of one payload (`processPayload`).
    pub(super) fn process_payload(
        &self,
        collection: &str,
        action: Action,
        payload: Map<String, Value>,
        nested: &[String],
    ) -> Result<Map<String, Value>> {
        let coll = self.collection(collection)?;
        let (mut with_presets, rules) = self.permitted(collection, action, &payload)?;
        for (k, v) in payload {
            with_presets.insert(k, v);
        }
        let all: Vec<Value> = field_rules(coll, action)?
            .into_iter()
            .chain(rules)
            .filter(|r| r.as_object().is_some_and(|m| !m.is_empty()))
            .collect();
        if !all.is_empty() {
            let rule = Logical::And.of(all);
            if let Some(message) = validate::invalid_pattern(&rule) {
                return Err(Error::internal(message));
            }
            let failures = validate::check(&rule, &with_presets);
            if !failures.is_empty() {
                return Err(Error::many(validate::to_errors(failures, nested)));
            }
        }
        Ok(with_presets)
    }

    /// The caller's permissions for a payload: the presets to apply under it
    /// and the validation rules it must meet (none for an admin).
    fn permitted(
        &self,
        collection: &str,
        action: Action,
        payload: &Map<String, Value>,
    ) -> Result<(Map<String, Value>, Vec<Value>)> {
        let mut rules: Vec<Value> = Vec::new();
        let mut presets = Map::new();
        if self.access.admin {
            return Ok((presets, rules));
        }
        let perms = self.access.rules(collection, action);
        if perms.is_empty() {
            return Err(Error::collection_forbidden(collection, &QueriedIn(None)));
        }
        if let Some(allowed) = self.access.allowed_fields(collection, action) {
            let denied: Vec<&str> =
                payload.keys().filter(|k| !allowed.contains(k)).map(String::as_str).collect();
            if !denied.is_empty() {
                return Err(Error::fields_forbidden(&denied, collection, &QueriedIn(None)));
            }
        }
        for p in perms {
            if let Some(Value::Object(values)) = &p.presets {
                for (k, v) in values {
                    presets.insert(k.clone(), v.clone());
                }
            }
            if let Some(v) = &p.validation
                && v.as_object().is_some_and(|m| !m.is_empty())
            {
                rules.push(v.clone());
            }
        }
        Ok((presets, rules))
    }
}

/// The FORBIDDEN of a denied write, naming the fields it sent.
fn denied(collection: &str, action: Action, fields: &[String]) -> Error {
    if fields.is_empty() {
        return Error::forbidden_reason(format!(
            "You don't have permission to perform \"{}\" for collection \"{collection}\" or it does not exist.",
            action.as_str()
        ));
    }
    let list: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
    Error::forbidden_reason(format!(
        "You don't have permissions to perform \"{}\" for the field(s) {} in collection \"{collection}\" or it does not exist.",
        action.as_str(),
        list.join(", ")
    ))
}

/// The schema's rules for a payload: required and not-null columns, and
/// each field's validation (a validation the sanitizer rejects fails the
/// write: Directus throws while parsing it too).
fn field_rules(coll: &Collection, action: Action) -> Result<Vec<Value>> {
    let mut rules: Vec<Value> = Vec::new();
    for field in coll.fields.values() {
        let Some(schema) = &field.schema else { continue };
        // An auto-increment key has a default (the sequence) but is not nullable.
        let nullable = schema.is_nullable || field.is_generated();
        if !nullable {
            if action == Action::Create
                && schema.default_value.is_null()
                && !schema.has_auto_increment
            {
                rules.push(Op::Submitted.on(&field.name, true));
            }
            rules.push(Op::Nnull.on(&field.name, true));
        }
        if let Some(v) = field.validation() {
            let sanitized = sanitize_filter(v, &DynamicContext::default()).map_err(|e| {
                let reason = &e.first().message;
                Error::internal(format!("the validation of field \"{}\": {reason}", field.name))
            })?;
            rules.push(sanitized);
        }
    }
    Ok(rules)
}
