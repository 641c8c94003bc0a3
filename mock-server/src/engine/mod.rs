//! The query and relations engine: synchronous, pure functions over one
//! store snapshot (reads) or one draft (writes). It knows nothing of HTTP,
//! tokio or axum; services call it with an [`Access`] describing the caller.

pub(crate) mod activity;
pub(crate) mod filter;
pub(crate) mod index;
pub(crate) mod read;
pub(crate) mod validate;
pub(crate) mod values;
pub(crate) mod write;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use crate::error::Result;
use crate::query::operators::Logical;
use crate::store::{Db, Pk, Row};

/// A permission action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Action {
    Create,
    Read,
    Update,
    Delete,
    Share,
}

impl Action {
    pub(crate) fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "create" => Action::Create,
            "read" => Action::Read,
            "update" => Action::Update,
            "delete" => Action::Delete,
            "share" => Action::Share,
            _ => return None,
        })
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Read => "read",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Share => "share",
        }
    }
}

/// One permission row that applies to the caller.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Permission {
    /// `None` or `["*"]`: every field.
    pub(crate) fields: Option<Vec<String>>,
    /// Item rule (`permissions`), with dynamic variables already resolved.
    /// `Err` when the stored rule cannot be resolved: the requests that use
    /// it fail (Directus throws while parsing such a rule) instead of reading
    /// it as some other rule.
    pub(crate) filter: Option<Result<Value>>,
    pub(crate) validation: Option<Value>,
    pub(crate) presets: Option<Value>,
}

impl Permission {
    fn all_fields(&self) -> bool {
        self.fields.as_ref().is_none_or(|f| f.iter().any(|x| x == "*"))
    }
}

/// What the caller may do: admin, or permissions per collection and action.
#[derive(Debug, Clone, Default)]
pub(crate) struct Access {
    pub(crate) admin: bool,
    pub(crate) permissions: HashMap<(String, Action), Vec<Permission>>,
}

impl Access {
    pub(crate) fn admin() -> Access {
        Access { admin: true, permissions: HashMap::new() }
    }

    pub(crate) fn rules(&self, collection: &str, action: Action) -> &[Permission] {
        self.permissions.get(&(collection.to_owned(), action)).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn can(&self, collection: &str, action: Action) -> bool {
        self.admin || !self.rules(collection, action).is_empty()
    }

    pub(crate) fn field_allowed(&self, collection: &str, action: Action, field: &str) -> bool {
        if self.admin {
            return true;
        }
        self.rules(collection, action).iter().any(|p| {
            p.all_fields() || p.fields.as_ref().is_some_and(|f| f.iter().any(|x| x == field))
        })
    }

    /// The allowed field names, or `None` for all fields.
    pub(crate) fn allowed_fields(&self, collection: &str, action: Action) -> Option<Vec<String>> {
        if self.admin {
            return None;
        }
        let rules = self.rules(collection, action);
        if rules.iter().any(Permission::all_fields) {
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        for rule in rules {
            for f in rule.fields.iter().flatten() {
                if !out.contains(f) {
                    out.push(f.clone());
                }
            }
        }
        Some(out)
    }

    /// The item rule for an action: `None` when every item is allowed, an `_or` of rules otherwise.
    pub(crate) fn item_filter(&self, collection: &str, action: Action) -> Result<Option<Value>> {
        if self.admin {
            return Ok(None);
        }
        let rules = self.rules(collection, action);
        let mut filters = Vec::with_capacity(rules.len());
        for rule in rules {
            if let Some(filter) = &rule.filter {
                filters.push(filter.clone()?);
            }
        }
        let unrestricted = |r: &Permission| match &r.filter {
            None => true,
            Some(f) => f.as_ref().is_ok_and(|f| f.as_object().is_some_and(|m| m.is_empty())),
        };
        if rules.is_empty() || rules.iter().any(unrestricted) {
            return Ok(None);
        }
        Ok(Some(Logical::Or.of(filters)))
    }
}

/// Per-request evaluation context: the snapshot, the caller, and lazily built indexes.
pub(crate) struct Ctx<'a> {
    pub(crate) db: &'a Db,
    pub(crate) access: &'a Access,
    /// (child collection, fk) → parent key → children, in key order, for
    /// columns the store does not index.
    o2m: RefCell<HashMap<(String, String), Arc<HashMap<Pk, Arc<Vec<Arc<Row>>>>>>>,
    /// 12.4's filter builder (`--profile directus-12`): an explicit `_some`/`_none`
    /// whose condition is directly `_and`/`_or` restricts nothing (its fields are
    /// still checked).
    pub(crate) drop_logical_quantifiers: bool,
    /// 12.4's aggregate output (`--profile directus-12`): each field's result is read
    /// as a value of that field (a count of a date field is a date near 1970, of a
    /// concealed field `**********`, 1/0 of a `cast-boolean` field true/false).
    pub(crate) render_aggregates: bool,
    /// 12.4's aggregates whose filter names a one-to-many (`--profile directus-12`):
    /// over the joined rows (see `read/joined.rs`).
    pub(crate) joined_aggregates: bool,
    /// When the read must stop (`Config::read_budget`), and whether it did.
    budget: Option<Budget>,
}

/// A read's time bound: the clock is read once every [`Budget::EVERY`] rows.
struct Budget {
    deadline: std::time::Instant,
    ticks: Cell<u32>,
    spent: Cell<bool>,
}

impl Budget {
    const EVERY: u32 = 512;
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(db: &'a Db, access: &'a Access) -> Ctx<'a> {
        Ctx {
            db,
            access,
            o2m: RefCell::new(HashMap::new()),
            drop_logical_quantifiers: false,
            render_aggregates: false,
            joined_aggregates: false,
            budget: None,
        }
    }

    /// This context, stopping its read once `limit` has passed (none when zero).
    pub(crate) fn with_budget(mut self, limit: std::time::Duration) -> Ctx<'a> {
        self.budget = (!limit.is_zero()).then(|| Budget {
            deadline: std::time::Instant::now() + limit,
            ticks: Cell::new(0),
            spent: Cell::new(false),
        });
        self
    }

    /// Whether the read may go on to the next row: false for good once its
    /// budget is spent (rows are then left out, and [`Ctx::budget_spent`] says so).
    pub(crate) fn in_budget(&self) -> bool {
        let Some(b) = &self.budget else { return true };
        if b.spent.get() {
            return false;
        }
        let ticks = b.ticks.get().wrapping_add(1);
        b.ticks.set(ticks);
        if ticks % Budget::EVERY == 0 && std::time::Instant::now() >= b.deadline {
            b.spent.set(true);
        }
        !b.spent.get()
    }

    /// Whether the read stopped short because its budget was spent.
    pub(crate) fn budget_spent(&self) -> bool {
        self.budget.as_ref().is_some_and(|b| b.spent.get())
    }

    /// This context, answering as 12.4 does where it answers wrongly when `on` (see
    /// [`Ctx::drop_logical_quantifiers`], [`Ctx::render_aggregates`],
    /// [`Ctx::joined_aggregates`]).
    pub(crate) fn with_directus12_quirks(mut self, on: bool) -> Ctx<'a> {
        self.drop_logical_quantifiers = on;
        self.render_aggregates = on;
        self.joined_aggregates = on;
        self
    }

    /// The rows of `related` whose `fk` holds the primary key of `parent`.
    pub(crate) fn children_of(
        &self,
        parent_collection: &str,
        related: &str,
        fk: &str,
        parent: &Row,
    ) -> Arc<Vec<Arc<Row>>> {
        let pk_field = self.db.schema.pk_of(parent_collection);
        let Some(key) = parent.get(pk_field).and_then(Pk::from_value) else {
            return Arc::new(Vec::new());
        };
        self.children_by_key(related, fk, &key)
    }

    /// The rows of `related` whose `fk` holds `key`, in key order: from the
    /// store's index of the foreign key (O(log n) plus the rows found), or for
    /// a column that is not one (`$FOLLOW` through any field) from an index
    /// this request builds once.
    pub(crate) fn children_by_key(&self, related: &str, fk: &str, key: &Pk) -> Arc<Vec<Arc<Row>>> {
        let Some(table) = self.db.table(related) else { return Arc::default() };
        if let Some(rows) = table.rows_holding(fk, key) {
            return Arc::new(rows.cloned().collect());
        }
        let index = self.o2m_index(related, fk);
        index.get(key).cloned().unwrap_or_default()
    }

    /// The rows of `related` whose `fk` holds the primary key of a row of
    /// `parent_collection`, in key order, those `keep` passes, collected once
    /// ([`Ctx::children_of`] without its intermediate list).
    pub(crate) fn children_where(
        &self,
        (parent_collection, parent): (&str, &Row),
        (related, fk): (&str, &str),
        mut keep: impl FnMut(&Row) -> bool,
    ) -> Vec<Arc<Row>> {
        let pk_field = self.db.schema.pk_of(parent_collection);
        let Some(key) = parent.get(pk_field).and_then(Pk::from_value) else { return Vec::new() };
        let Some(table) = self.db.table(related) else { return Vec::new() };
        if let Some(rows) = table.rows_holding(fk, &key) {
            return rows.filter(|r| keep(r)).cloned().collect();
        }
        let index = self.o2m_index(related, fk);
        let rows = index.get(&key).map(|rows| rows.as_slice()).unwrap_or_default();
        rows.iter().filter(|r| keep(r)).cloned().collect()
    }

    fn o2m_index(&self, related: &str, fk: &str) -> Arc<HashMap<Pk, Arc<Vec<Arc<Row>>>>> {
        let cache_key = (related.to_owned(), fk.to_owned());
        if let Some(found) = self.o2m.borrow().get(&cache_key) {
            return Arc::clone(found);
        }
        let mut grouped: HashMap<Pk, Vec<Arc<Row>>> = HashMap::new();
        if let Some(table) = self.db.table(related) {
            for row in table.rows.values() {
                if let Some(key) = row.get(fk).and_then(Pk::from_value) {
                    grouped.entry(key).or_default().push(Arc::clone(row));
                }
            }
        }
        let built: Arc<HashMap<Pk, Arc<Vec<Arc<Row>>>>> =
            Arc::new(grouped.into_iter().map(|(k, v)| (k, Arc::new(v))).collect());
        self.o2m.borrow_mut().insert(cache_key, Arc::clone(&built));
        built
    }

    /// Looks a row up by a key value as stored in a reference (M2A `item` is text).
    pub(crate) fn row_by_key(&self, collection: &str, key: &Value) -> Option<Arc<Row>> {
        let table = self.db.table(collection)?;
        let pk = typed_key(self.db, collection, key)?;
        table.get(&pk).cloned()
    }
}

/// A key value converted to the primary key type of `collection` (M2A items store text).
pub(crate) fn typed_key(db: &Db, collection: &str, key: &Value) -> Option<Pk> {
    let coll = db.schema.collection(collection)?;
    key_as(coll.pk_field().is_some_and(|f| f.ty.is_integer()), key)
}

/// A key value as an integer key (`int`) or a text one; see [`typed_key`].
pub(crate) fn key_as(int: bool, key: &Value) -> Option<Pk> {
    match key {
        Value::String(s) if int => s.trim().parse::<i64>().ok().map(Pk::Int),
        Value::Number(n) if !int => Some(Pk::Str(n.to_string().into())),
        other => Pk::from_value(other),
    }
}
