//! The levels of relational fields: an M2O or O2M field becomes one nested
//! level of the related collection, an M2A `item` field one level per allowed
//! collection the caller may read. Each level reads its fields with the
//! `fields` grammar and its query from `deep` (`deep[item:headings]` for an
//! M2A scope); O2M lists sort by the relation's sort field by default.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::fields::Nested;
use super::{Builder, empty_level};
use crate::engine::Action;
use crate::engine::read::{Level, Node};
use crate::error::{Error, ErrorCode, Result};
use crate::query::{Deep, Query};
use crate::schema::RelKind;

/// A relational field of a level, where its nested levels hang.
struct Branch<'b> {
    /// The collection of the level that holds the field.
    collection: &'b str,
    /// The output key (`fields` entry or alias).
    key: &'b str,
    /// The field, its alias resolved.
    field: &'b str,
    /// The "Queried in" path of the nested level.
    path: String,
    /// The `deep` of the level that holds the field.
    deep: Option<&'b Deep>,
    /// (many collection, field) of the relation, for `backlink`.
    relation: Option<(&'b str, &'b str)>,
}

impl Builder<'_, '_> {
    /// The node of a relational root of `fields`; `None` when it selects nothing.
    pub(super) fn relational_node(
        &self,
        collection: &str,
        alias: &Map<String, Value>,
        deep: Option<&Deep>,
        path: &str,
        field_key: &str,
        nested: &Nested,
    ) -> Result<Option<Node>> {
        let schema = &self.cx.db.schema;
        let field = alias.get(field_key).and_then(Value::as_str).unwrap_or(field_key);
        let Some(rel) = schema.rel(collection, field) else {
            // A dotted path whose root is not a relation (unknown or a plain
            // column) selects nothing, as in Directus.
            return Ok(None);
        };
        let branch = Branch {
            collection,
            key: field_key,
            field,
            path: if path.is_empty() {
                field_key.to_owned()
            } else {
                format!("{path}.{field_key}")
            },
            deep,
            relation: schema
                .relation_of(collection, field)
                .map(|r| (r.collection.as_str(), r.field.as_str())),
        };
        match rel {
            RelKind::A2o { allowed, collection_field } => {
                self.a2o_node(&branch, nested, allowed, collection_field).map(Some)
            }
            RelKind::M2o { related } => self.m2o_node(&branch, nested, related),
            RelKind::O2m { related, fk, .. } => self.o2m_node(&branch, nested, related, fk),
        }
    }

    /// An M2A `item` field: one level per allowed, active and readable collection.
    fn a2o_node(
        &self,
        branch: &Branch<'_>,
        nested: &Nested,
        allowed: &[String],
        collection_field: &str,
    ) -> Result<Node> {
        let schema = &self.cx.db.schema;
        for scoped in nested.scopes() {
            if let Some(c) = schema.collection(scoped)
                && !c.active()
            {
                return Err(Error::new(
                    ErrorCode::CollectionInactive,
                    format!("Collection \"{scoped}\" is inactive."),
                )
                .with("collection", scoped.as_str()));
            }
        }
        let mut levels = IndexMap::new();
        for target in allowed {
            let Some(target_coll) = schema.collection(target) else { continue };
            if !target_coll.active() || !self.cx.access.can(target, Action::Read) {
                continue;
            }
            let deep_key = format!("{}:{target}", branch.key);
            let child_deep = branch.deep.and_then(|d| d.child(&deep_key));
            let path = format!("{}:{target}", branch.path);
            let fields = nested.scoped(target);
            let mut level =
                self.child_level(target, &fields, child_deep, branch.relation, &path)?;
            if let Some(d) = child_deep {
                self.apply_query(&mut level, &d.query, None, false, &path)?;
            }
            level.limit = None;
            levels.insert(target.clone(), level);
        }
        Ok(Node::A2o {
            key: branch.key.to_owned(),
            field: branch.field.to_owned(),
            collection_field: collection_field.to_owned(),
            levels,
        })
    }

    /// An M2O field: the related row, unpaginated.
    fn m2o_node(
        &self,
        branch: &Branch<'_>,
        nested: &Nested,
        related: &str,
    ) -> Result<Option<Node>> {
        let Some(mut level) = self.related_level(branch, nested, related, None)? else {
            return Ok(None);
        };
        level.limit = None;
        level.offset = 0;
        Ok(Some(Node::M2o {
            key: branch.key.to_owned(),
            field: branch.field.to_owned(),
            level: Box::new(level),
        }))
    }

    /// An O2M field: the related rows, sorted by the relation's sort field, the
    /// related collection's, or its key.
    fn o2m_node(
        &self,
        branch: &Branch<'_>,
        nested: &Nested,
        related: &str,
        fk: &str,
    ) -> Result<Option<Node>> {
        let schema = &self.cx.db.schema;
        let related_coll = schema.collection(related);
        let sort_field = schema
            .relation_of(branch.collection, branch.field)
            .and_then(|r| r.sort_field.clone())
            .or_else(|| related_coll.and_then(|c| c.sort_field().map(str::to_owned)))
            .unwrap_or_else(|| schema.pk_of(related).to_owned());
        let Some(mut level) = self.related_level(branch, nested, related, Some(sort_field))? else {
            return Ok(None);
        };
        // `_aggregate` grouped by the foreign key: one aggregate object per parent.
        let child_deep = branch.deep.and_then(|d| d.child(branch.key));
        if let Some(q) = child_deep.map(|d| d.query.as_ref())
            && q.has_aggregate()
            && matches!(q.group.as_deref(), Some([g]) if g == fk)
        {
            level.aggregate = Some(Box::new(q.clone()));
        }
        Ok(Some(Node::O2m {
            key: branch.key.to_owned(),
            fk: fk.to_owned(),
            level: Box::new(level),
        }))
    }

    /// The level of an M2O or O2M field with its `deep` query; `None` when the
    /// caller may not read the related collection.
    fn related_level(
        &self,
        branch: &Branch<'_>,
        nested: &Nested,
        related: &str,
        default_sort: Option<String>,
    ) -> Result<Option<Level>> {
        if !self.cx.access.can(related, Action::Read) {
            return Ok(None);
        }
        let child_deep = branch.deep.and_then(|d| d.child(branch.key));
        let fields = nested.all();
        let mut level =
            self.child_level(related, &fields, child_deep, branch.relation, &branch.path)?;
        let empty = Query { limits: self.limits, ..Query::default() };
        let q = child_deep.map(|d| d.query.as_ref()).unwrap_or(&empty);
        self.apply_query(&mut level, q, default_sort, false, &branch.path)?;
        Ok(Some(level))
    }

    /// A nested level from its fields and the aliases of its `deep` query.
    fn child_level(
        &self,
        collection: &str,
        fields: &[String],
        deep: Option<&Deep>,
        relation: Option<(&str, &str)>,
        path: &str,
    ) -> Result<Level> {
        let alias = deep.and_then(|d| d.query.alias.clone()).unwrap_or_default();
        let children = self.parse_fields(collection, fields, &alias, deep, relation, path)?;
        let default_limit = self.limits.default_limit.max(0) as usize;
        Ok(empty_level(collection, children, alias, default_limit))
    }
}
