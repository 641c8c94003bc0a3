//! A level's own query, root or `deep`: its filter joined with the caller's
//! item rule, its search, its sort (each sort path resolved into hops and
//! checked like a field, with Directus' "Queried in" paths) and its page.

use serde_json::{Map, Value};

use super::Builder;
use crate::engine::filter::{self, Cond};
use crate::engine::read::{Hop, Level, SortBy, SortKey};
use crate::engine::{Access, Action, Ctx};
use crate::error::{Error, ErrorCode, QueriedIn, Result};
use crate::query::Query;
use crate::query::fields::{split_call, split_path};
use crate::query::filter::Filter;
use crate::schema::RelKind;

impl Builder<'_, '_> {
    /// Applies filter, search, sort and pagination of a (root or deep) query to a level.
    pub(super) fn apply_query(
        &self,
        level: &mut Level,
        q: &Query,
        default_sort: Option<String>,
        root: bool,
        path: &str,
    ) -> Result<()> {
        match self.apply_query_now(level, q, default_sort, root, path) {
            // A nested query is built when it runs: its invalid filter or sort waits.
            Err(e) if !root && e.code() == ErrorCode::InvalidQuery => {
                level.cond = Cond::Any(Vec::new());
                level.deferred = Some(Box::new(e));
                Ok(())
            }
            other => other,
        }
    }

    fn apply_query_now(
        &self,
        level: &mut Level,
        q: &Query,
        default_sort: Option<String>,
        root: bool,
        path: &str,
    ) -> Result<()> {
        let parsed = q.filter.as_ref().map(Filter::parse);
        let unknown = super::unknown::unknown_fields(
            &self.cx.db.schema,
            &level.collection,
            q,
            parsed.as_ref(),
            &level.alias,
        );
        if !unknown.is_empty() {
            let refs: Vec<&str> = unknown.iter().map(String::as_str).collect();
            return Err(Error::fields_forbidden(&refs, &level.collection, &QueriedIn(Some(path))));
        }
        level.cond = self.level_cond(&level.collection, q, path)?;
        level.search = q.search.clone();
        let sort = self.sort_specs(&level.collection, q, default_sort, root);
        level.sort = sort
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| self.sort_key(&level.collection, s, q, &level.alias, path))
            .collect::<Result<_>>()?;
        level.limit = q.effective_limit();
        level.offset = q.effective_offset();
        Ok(())
    }

    /// The query's filter and the caller's item rule, both resolved.
    fn level_cond(&self, collection: &str, q: &Query, path: &str) -> Result<Cond> {
        let mut conds = Vec::new();
        if let Some(filter) = &q.filter {
            let parsed = Filter::parse(filter);
            let cond = filter::resolve_at(&parsed, collection, path, self.cx)?;
            if !cond.is_true() {
                conds.push(cond);
            }
        }
        if let Some(rule) = self.cx.access.item_filter(collection, Action::Read)? {
            let parsed = Filter::parse(&rule);
            conds.push(filter::resolve(
                &parsed,
                collection,
                &Ctx::new(self.cx.db, &Access::admin()),
            )?);
        }
        Ok(match conds.len() {
            0 => Cond::True,
            1 => conds.pop().unwrap_or(Cond::True),
            _ => Cond::All(conds),
        })
    }

    /// The sort specs of a level: the query's, else `default_sort` (O2M
    /// lists), else at the root the first group field, the collection's sort
    /// field or its key (nothing for an aggregate without `groupBy`).
    fn sort_specs(
        &self,
        collection: &str,
        q: &Query,
        default_sort: Option<String>,
        root: bool,
    ) -> Vec<String> {
        if let Some(s) = &q.sort
            && !s.is_empty()
        {
            return s.clone();
        }
        if let Some(s) = default_sort {
            return vec![s];
        }
        if !root || (q.has_aggregate() && q.group.is_none()) {
            return Vec::new();
        }
        let coll = self.cx.db.schema.collection(collection);
        q.group
            .as_ref()
            .and_then(|g| g.first().cloned())
            .or_else(|| coll.and_then(|c| c.sort_field().map(str::to_owned)))
            .or_else(|| coll.map(|c| c.pk().to_owned()))
            .into_iter()
            .collect()
    }

    /// One sort spec (`-date`, `author.name`, `count`): an aggregate output, a
    /// field of the level, or a relational path.
    fn sort_key(
        &self,
        collection: &str,
        raw: &str,
        q: &Query,
        alias: &Map<String, Value>,
        path: &str,
    ) -> Result<SortKey> {
        let (desc, spec) = match raw.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, raw),
        };
        let parts = split_path(spec);
        if let Some(agg) = &q.aggregate
            && agg.contains_key(&parts[0])
        {
            return Ok(SortKey { desc, by: SortBy::Output });
        }
        let by = if parts.len() == 1 {
            self.local_sort(collection, spec, alias, path)?
        } else {
            self.path_sort(collection, &parts, spec, path)?
        };
        Ok(SortKey { desc, by })
    }

    /// A sort on a field of the level (through its alias, or a function of
    /// it); an O2M alias sorts by the related keys.
    fn local_sort(
        &self,
        collection: &str,
        spec: &str,
        alias: &Map<String, Value>,
        path: &str,
    ) -> Result<SortBy> {
        let schema = &self.cx.db.schema;
        let resolved = alias.get(spec).and_then(Value::as_str).unwrap_or(spec).to_owned();
        let base = match split_call(&resolved) {
            Some((func, args)) => self.function_column(collection, func, args)?,
            None => resolved.as_str(),
        };
        let root = base.split(':').next().unwrap_or(base);
        if schema.field(collection, root).is_none() {
            return Err(Error::field_forbidden(root, collection, &QueriedIn(Some(path))));
        }
        if !self.cx.access.field_allowed(collection, Action::Read, root) {
            return Err(Error::field_forbidden(root, collection, &QueriedIn(Some(path))));
        }
        let Some(RelKind::O2m { related, fk, .. }) = schema.rel(collection, root) else {
            return Ok(SortBy::Local(resolved));
        };
        let pk = schema.pk_of(related).to_owned();
        let hop = Hop::O2m { related: related.clone(), fk: fk.clone() };
        Ok(SortBy::Path(vec![hop], pk))
    }

    /// A relational path: follow hops, the last part is a column (or function) there.
    fn path_sort(
        &self,
        collection: &str,
        parts: &[String],
        spec: &str,
        path: &str,
    ) -> Result<SortBy> {
        let schema = &self.cx.db.schema;
        let mut hops = Vec::new();
        let mut current = collection.to_owned();
        let mut queried = path.to_owned();
        for (i, part) in parts.iter().enumerate() {
            let (name, scope) = match part.split_once(':') {
                Some((n, s)) => (n.to_owned(), Some(s.to_owned())),
                None => (part.clone(), None),
            };
            let base =
                split_call(&name).map(|(_, a)| a.trim().to_owned()).unwrap_or_else(|| name.clone());
            if schema.field(&current, &base).is_none() {
                return Err(Error::field_forbidden(&base, &current, &QueriedIn(Some(&queried))));
            }
            if i == parts.len() - 1 {
                return Ok(SortBy::Path(hops, name));
            }
            let (hop, next) =
                self.sort_hop(&current, &base, scope, &parts[i + 1], part, &queried)?;
            hops.push(hop);
            current = next;
            if !self.cx.access.can(&current, Action::Read) {
                return Err(Error::collection_forbidden(&current, &QueriedIn(Some(part))));
            }
            queried = if queried.is_empty() { part.clone() } else { format!("{queried}.{part}") };
        }
        Ok(SortBy::Local(spec.to_owned()))
    }

    /// The hop of a sort path through the field `base` of `current`, and the
    /// collection it reaches; `next` is the part after it.
    fn sort_hop(
        &self,
        current: &str,
        base: &str,
        scope: Option<String>,
        next: &str,
        part: &str,
        queried: &str,
    ) -> Result<(Hop, String)> {
        match self.cx.db.schema.rel(current, base) {
            Some(RelKind::M2o { related }) => {
                Ok((Hop::M2o { field: base.to_owned(), related: related.clone() }, related.clone()))
            }
            Some(RelKind::O2m { related, fk, .. }) => {
                Ok((Hop::O2m { related: related.clone(), fk: fk.clone() }, related.clone()))
            }
            Some(RelKind::A2o { collection_field, .. }) => {
                let Some(scope) = scope else {
                    return Err(self.unscoped_a2o_sort(current, next, queried));
                };
                let hop = Hop::A2o {
                    field: base.to_owned(),
                    collection_field: collection_field.clone(),
                    scope: scope.clone(),
                };
                Ok((hop, scope))
            }
            None => Err(Error::field_forbidden(next, current, &QueriedIn(Some(part)))),
        }
    }

    /// A sort through an M2A `item` field without a collection scope.
    fn unscoped_a2o_sort(&self, current: &str, next: &str, queried: &str) -> Error {
        // Without a scope the next part is looked up on the junction
        // itself; only a part found there reaches the scope check.
        let next =
            split_call(next).map(|(_, a)| a.trim().to_owned()).unwrap_or_else(|| next.to_owned());
        if self.cx.db.schema.field(current, &next).is_none() {
            return Error::field_forbidden(&next, current, &QueriedIn(Some(queried)));
        }
        Error::invalid_query(
            "You have to provide a collection scope when sorting or filtering on a many-to-any item",
        )
    }
}
