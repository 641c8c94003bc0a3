//! The in-memory store: rows by collection and primary key, plus the schema
//! they belong to, published as immutable snapshots.
//!
//! Design: the whole database is one value, [`Db`], built from persistent
//! (structurally shared) maps. Readers take the current `Arc<Db>` under a lock
//! held only for the pointer copy, then read without any lock. A writer holds
//! the writer mutex for the whole transaction, works on a clone of the current
//! `Db` (cheap: the maps share structure), and publishes the clone only if
//! the transaction returns `Ok`. So:
//!
//! - a request that fails halfway (a nested write whose third level is
//!   invalid) leaves nothing behind: its clone is dropped;
//! - writers are serialized, so no update is lost;
//! - readers never block writers for longer than a pointer swap, and always
//!   see a schema and rows that belong together.
//!
//! The critical sections are synchronous and never span an `.await`.
//!
//! A transaction can lend its draft to the code it calls back on the same
//! thread ([`Store::lend`]: a write's filter hooks, whose flows write and
//! read items as Directus runs them inside the transaction): the transactions
//! that code starts work on the draft as savepoints instead of waiting for
//! the writer mutex this thread holds, and its snapshots see the draft.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex, RwLock};

use imbl::{HashMap as PHashMap, OrdMap, OrdSet};
use serde_json::{Map, Value};

use crate::schema::{Schema, SharedSchema};
use crate::vendor::Vendor;

/// A row: column name to stored value. Alias fields are never stored.
pub(crate) type Row = Map<String, Value>;

/// A primary key value. Integers order numerically, strings bytewise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Pk {
    Int(i64),
    Str(Arc<str>),
}

impl Pk {
    /// The key a JSON value denotes, if it can be one.
    pub(crate) fn from_value(value: &Value) -> Option<Pk> {
        match value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| {
                    n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64)
                })
                .map(Pk::Int)
                .or_else(|| Some(Pk::Str(n.to_string().into()))),
            Value::String(s) => Some(Pk::Str(s.as_str().into())),
            _ => None,
        }
    }

    pub(crate) fn to_value(&self) -> Value {
        match self {
            Pk::Int(i) => Value::from(*i),
            Pk::Str(s) => Value::String(s.to_string()),
        }
    }
}

impl Ord for Pk {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Pk::Int(a), Pk::Int(b)) => a.cmp(b),
            (Pk::Str(a), Pk::Str(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Pk::Int(_), Pk::Str(_)) => Ordering::Less,
            (Pk::Str(_), Pk::Int(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Pk {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Pk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pk::Int(i) => write!(f, "{i}"),
            Pk::Str(s) => f.write_str(s),
        }
    }
}

/// A structure derived from one table's rows (an index) that follows a change
/// of one row in O(log n) instead of being rebuilt from the whole table.
pub(crate) trait Derived: std::any::Any + Send + Sync {
    /// This structure after the row under `pk` changed from `old` to `new`
    /// (`None`: absent before, or removed).
    fn follow(&self, pk: &Pk, old: Option<&Arc<Row>>, new: Option<&Arc<Row>>) -> Arc<dyn Derived>;
}

/// Derived per-table structures (indexes), built on demand for one version of
/// a table and shared by every reader of that version. A write to the table
/// makes the next version's cache by letting every entry follow the changed
/// row, so an index is built once and then kept up to date under writes.
#[derive(Default)]
pub(crate) struct TableCache {
    entries: Mutex<HashMap<String, Arc<dyn Derived>>>,
}

impl fmt::Debug for TableCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TableCache").finish_non_exhaustive()
    }
}

impl TableCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<dyn Derived>>> {
        match self.entries.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The cached value under `key` (a column name: column indexes are the only
    /// derived structure so far), built by `build` on first use.
    pub(crate) fn get_or_build<T: Derived>(&self, key: &str, build: impl FnOnce() -> T) -> Arc<T> {
        let mut entries = self.lock();
        if let Some(found) = entries.get(key).and_then(|v| {
            let any: Arc<dyn std::any::Any + Send + Sync> = Arc::clone(v) as Arc<dyn Derived>;
            any.downcast::<T>().ok()
        }) {
            return found;
        }
        let built = Arc::new(build());
        entries.insert(key.to_owned(), Arc::clone(&built) as Arc<dyn Derived>);
        built
    }

    /// The cache of the next version of the table, where the row under `pk`
    /// changed from `old` to `new`.
    fn followed(&self, pk: &Pk, old: Option<&Arc<Row>>, new: Option<&Arc<Row>>) -> TableCache {
        let entries = self.lock();
        let next = entries.iter().map(|(k, d)| (k.clone(), d.follow(pk, old, new))).collect();
        TableCache { entries: Mutex::new(next) }
    }
}

/// The rows of one collection, ordered by primary key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) rows: OrdMap<Pk, Arc<Row>>,
    /// The next value of the auto-increment sequence (SQLite: max id ever + 1).
    pub(crate) next_auto: i64,
    /// Indexes of this version of the table; every change makes the next
    /// version's from them (see [`TableCache`]).
    pub(crate) cache: Arc<TableCache>,
    /// The columns whose values are indexed as rows change: foreign keys and
    /// unique columns ([`Db::set_schema`] names them from the schema).
    keyed: Arc<[String]>,
    /// Per column of `keyed`, the pairs (value as a key, row's primary key):
    /// the rows holding a value are one range. Persistent, so a new version
    /// of the table shares it and a write costs O(log n) per column.
    keys: Vec<OrdSet<(Pk, Pk)>>,
}

impl Table {
    pub(crate) fn get(&self, pk: &Pk) -> Option<&Arc<Row>> {
        self.rows.get(pk)
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    pub(crate) fn insert(&mut self, pk: Pk, row: Row) {
        if let Pk::Int(i) = pk
            && i >= self.next_auto
        {
            self.next_auto = i + 1;
        }
        let row = Arc::new(row);
        let old = self.rows.insert(pk.clone(), Arc::clone(&row));
        if !self.keyed.is_empty() {
            if let Some(old) = &old {
                self.index_row(&pk, old, false);
            }
            self.index_row(&pk, &row, true);
        }
        self.cache = Arc::new(self.cache.followed(&pk, old.as_ref(), Some(&row)));
    }

    pub(crate) fn remove(&mut self, pk: &Pk) -> Option<Arc<Row>> {
        let removed = self.rows.remove(pk);
        if let Some(row) = &removed {
            if !self.keyed.is_empty() {
                self.index_row(pk, row, false);
            }
            self.cache = Arc::new(self.cache.followed(pk, Some(row), None));
        }
        removed
    }

    /// Removes every row (the sequence goes on), with the indexes.
    pub(crate) fn clear(&mut self) {
        self.rows = OrdMap::new();
        self.keys = vec![OrdSet::new(); self.keyed.len()];
        self.cache = Arc::default();
    }

    /// Adds (or removes) a row's values to the indexes of the keyed columns.
    fn index_row(&mut self, pk: &Pk, row: &Row, add: bool) {
        let keyed = Arc::clone(&self.keyed);
        for (column, set) in keyed.iter().zip(self.keys.iter_mut()) {
            let Some(key) = row.get(column).and_then(Pk::from_value) else { continue };
            if add {
                set.insert((key, pk.clone()));
            } else {
                set.remove(&(key, pk.clone()));
            }
        }
    }

    /// Indexes `columns` from now on (rebuilding the indexes when they change).
    pub(crate) fn set_keyed(&mut self, columns: Vec<String>) {
        if *self.keyed == *columns {
            return;
        }
        self.keyed = columns.into();
        self.keys = vec![OrdSet::new(); self.keyed.len()];
        let rows: Vec<(Pk, Arc<Row>)> =
            self.rows.iter().map(|(k, r)| (k.clone(), Arc::clone(r))).collect();
        for (pk, row) in rows {
            self.index_row(&pk, &row, true);
        }
    }

    /// The primary keys of the rows whose `column` holds `key`, in key order;
    /// `None` when the column is not indexed.
    pub(crate) fn keys_holding(&self, column: &str, key: &Pk) -> Option<Vec<Pk>> {
        Some(self.holding(column, key)?.cloned().collect())
    }

    /// [`Self::keys_holding`] as the keys' rows, walked in place (no list built).
    pub(crate) fn rows_holding<'t>(
        &'t self,
        column: &str,
        key: &'t Pk,
    ) -> Option<impl Iterator<Item = &'t Arc<Row>> + use<'t>> {
        Some(self.holding(column, key)?.filter_map(|pk| self.rows.get(pk)))
    }

    fn holding<'t>(
        &'t self,
        column: &str,
        key: &'t Pk,
    ) -> Option<impl Iterator<Item = &'t Pk> + use<'t>> {
        let i = self.keyed.iter().position(|c| c == column)?;
        let from = (key.clone(), Pk::Int(i64::MIN));
        Some(self.keys[i].range(from..).take_while(move |(k, _)| k == key).map(|(_, pk)| pk))
    }

    /// [`Self::keys_holding`] for a key compared as text, as SQLite compares a
    /// column with text affinity: `1` and `"1"` are the same key.
    pub(crate) fn keys_holding_text(&self, column: &str, key: &Pk) -> Option<Vec<Pk>> {
        let mut hits = self.keys_holding(column, key)?;
        let twin = match key {
            Pk::Int(i) => Some(Pk::Str(i.to_string().into())),
            Pk::Str(s) => s.parse::<i64>().ok().filter(|i| i.to_string() == **s).map(Pk::Int),
        };
        if let Some(twin) = twin {
            hits.extend(self.keys_holding(column, &twin).unwrap_or_default());
            hits.sort();
        }
        Some(hits)
    }

    /// Takes the next auto-increment value.
    pub(crate) fn next_id(&mut self) -> i64 {
        let id = self.next_auto.max(1);
        self.next_auto = id + 1;
        id
    }
}

/// One consistent state of the whole database.
#[derive(Debug, Clone)]
pub(crate) struct Db {
    pub(crate) schema: SharedSchema,
    pub(crate) tables: PHashMap<String, Table>,
    /// Bumped by every schema change; GraphQL rebuilds its schema when it moves.
    pub(crate) schema_version: u64,
    /// Bumped by every published transaction; caches keyed by it are exact.
    pub(crate) generation: u64,
    /// The database this one behaves like (comparison, order, types, errors).
    pub(crate) vendor: Vendor,
    /// Its name, where MySQL shows it (`DB_DATABASE`: table descriptions, errors).
    pub(crate) database: Arc<str>,
}

impl Db {
    pub(crate) fn new(schema: Schema, vendor: Vendor) -> Db {
        let mut tables = PHashMap::new();
        for name in schema.collections.keys() {
            let mut table = Table { next_auto: 1, ..Table::default() };
            table.set_keyed(schema.keyed_columns(name));
            tables.insert(name.clone(), table);
        }
        let database = crate::vendor::DEFAULT_DATABASE.into();
        Db { schema: Arc::new(schema), tables, schema_version: 1, generation: 1, vendor, database }
    }

    pub(crate) fn table(&self, collection: &str) -> Option<&Table> {
        self.tables.get(collection)
    }

    pub(crate) fn table_mut(&mut self, collection: &str) -> &mut Table {
        self.tables.entry(collection.to_owned()).or_default()
    }

    pub(crate) fn row(&self, collection: &str, pk: &Pk) -> Option<&Arc<Row>> {
        self.tables.get(collection).and_then(|t| t.get(pk))
    }

    /// Replaces the schema (a schema change), keeping rows of surviving collections.
    pub(crate) fn set_schema(&mut self, schema: Schema) {
        for name in schema.collections.keys() {
            if !self.tables.contains_key(name) {
                self.tables.insert(name.clone(), Table { next_auto: 1, ..Table::default() });
            }
            let keyed = schema.keyed_columns(name);
            if self.tables.get(name).is_some_and(|t| *t.keyed != *keyed) {
                self.table_mut(name).set_keyed(keyed);
            }
        }
        let gone: Vec<String> =
            self.tables.keys().filter(|k| !schema.collections.contains_key(*k)).cloned().collect();
        for name in gone {
            self.tables.remove(&name);
        }
        self.schema = Arc::new(schema);
        self.schema_version += 1;
    }
}

/// Generations are unique across stores of the process, so a cache can never
/// confuse two databases.
static GENERATIONS: AtomicU64 = AtomicU64::new(1);

/// Stores of the process, numbered so a lent draft names its own.
static STORES: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Drafts lent on this thread, innermost last (see [`Store::lend`]): the
    /// store they belong to, and the draft (`None` while a savepoint works on it).
    static LENT: RefCell<Vec<(u64, Option<Db>)>> = const { RefCell::new(Vec::new()) };
}

/// Ends a loan, even when the borrower panics.
struct Loan;

impl Drop for Loan {
    fn drop(&mut self) {
        LENT.with(|lent| lent.borrow_mut().pop());
    }
}

/// The shared handle to the database.
pub(crate) struct Store {
    current: RwLock<Arc<Db>>,
    writer: Mutex<()>,
    /// Which store a lent draft belongs to.
    id: u64,
}

impl Store {
    pub(crate) fn new(db: Db) -> Store {
        let id = STORES.fetch_add(1, AtomicOrdering::Relaxed);
        Store { current: RwLock::new(Arc::new(db)), writer: Mutex::new(()), id }
    }

    /// Runs `f` with `draft` lent to this thread: the transactions `f` starts
    /// on this store write on the draft (each one kept only if it returns
    /// `Ok`, like a savepoint), and its snapshots read it. For code a
    /// transaction calls back, which would otherwise wait for itself.
    pub(crate) fn lend<T>(&self, draft: &mut Db, f: impl FnOnce() -> T) -> T {
        LENT.with(|lent| lent.borrow_mut().push((self.id, Some(draft.clone()))));
        let loan = Loan;
        let out = f();
        let back = LENT.with(|lent| lent.borrow_mut().last_mut().and_then(|(_, db)| db.take()));
        drop(loan);
        if let Some(db) = back {
            *draft = db;
        }
        out
    }

    /// The draft lent to this thread for this store, taken out (or `None`).
    fn borrow_lent(&self) -> Option<Db> {
        LENT.with(|lent| match lent.borrow_mut().last_mut() {
            Some((id, db)) if *id == self.id => db.take(),
            _ => None,
        })
    }

    /// Puts the lent draft back.
    fn return_lent(&self, db: Db) {
        LENT.with(|lent| {
            if let Some((_, slot)) = lent.borrow_mut().last_mut() {
                *slot = Some(db);
            }
        });
    }

    /// A copy of the draft lent to this thread for this store, as a snapshot
    /// of its own generation (caches keyed by it never see it again).
    fn lent_snapshot(&self) -> Option<Arc<Db>> {
        LENT.with(|lent| match lent.borrow().last() {
            Some((id, Some(db))) if *id == self.id => {
                let mut copy = db.clone();
                copy.generation = GENERATIONS.fetch_add(1, AtomicOrdering::Relaxed) + 1;
                Some(Arc::new(copy))
            }
            _ => None,
        })
    }

    /// The current state; reading it needs no lock.
    pub(crate) fn snapshot(&self) -> Arc<Db> {
        if let Some(lent) = self.lent_snapshot() {
            return lent;
        }
        match self.current.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// The generation of the current state, without taking a snapshot.
    pub(crate) fn generation(&self) -> u64 {
        match self.current.read() {
            Ok(guard) => guard.generation,
            Err(poisoned) => poisoned.into_inner().generation,
        }
    }

    /// Runs `f` as one transaction: its changes are published only if it returns `Ok`.
    pub(crate) fn write<T, E>(&self, f: impl FnOnce(&mut Db) -> Result<T, E>) -> Result<T, E> {
        if let Some(lent) = self.borrow_lent() {
            let mut draft = lent.clone();
            let out = f(&mut draft);
            self.return_lent(if out.is_ok() { draft } else { lent });
            return out;
        }
        let _writer = match self.writer.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut draft: Db = (*self.snapshot()).clone();
        let out = f(&mut draft)?;
        draft.generation = GENERATIONS.fetch_add(1, AtomicOrdering::Relaxed) + 1;
        let published = Arc::new(draft);
        match self.current.write() {
            Ok(mut guard) => *guard = published,
            Err(poisoned) => *poisoned.into_inner() = published,
        }
        Ok(out)
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn db() -> Db {
        let mut db = Db::new(Schema::default(), Vendor::default());
        db.table_mut("t");
        db
    }

    fn row(v: Value) -> Row {
        match v {
            Value::Object(m) => m,
            _ => Row::new(),
        }
    }

    #[test]
    fn failed_transaction_leaves_nothing() {
        let store = Store::new(db());
        let out: Result<(), &str> = store.write(|db| {
            db.table_mut("t").insert(Pk::Int(1), row(json!({"id": 1})));
            Err("boom")
        });
        assert!(out.is_err());
        assert_eq!(store.snapshot().table("t").map(Table::len), Some(0));
    }

    #[test]
    fn readers_keep_their_snapshot() {
        let store = Store::new(db());
        let before = store.snapshot();
        store
            .write::<_, ()>(|db| {
                db.table_mut("t").insert(Pk::Int(1), row(json!({"id": 1})));
                Ok(())
            })
            .ok();
        assert_eq!(before.table("t").map(Table::len), Some(0));
        assert_eq!(store.snapshot().table("t").map(Table::len), Some(1));
    }

    #[test]
    fn auto_increment_continues_above_explicit_keys() {
        let mut t = Table { next_auto: 1, ..Table::default() };
        t.insert(Pk::Int(100), Row::new());
        assert_eq!(t.next_id(), 101);
    }

    #[test]
    fn keyed_columns_follow_inserts_updates_and_removes() {
        let mut t = Table::default();
        t.insert(Pk::Int(1), row(json!({"id": 1, "parent": 7})));
        t.set_keyed(vec!["parent".into()]);
        t.insert(Pk::Int(2), row(json!({"id": 2, "parent": 7})));
        t.insert(Pk::Int(3), row(json!({"id": 3, "parent": "7"})));
        assert_eq!(t.keys_holding("parent", &Pk::Int(7)), Some(vec![Pk::Int(1), Pk::Int(2)]));
        assert_eq!(
            t.keys_holding_text("parent", &Pk::Int(7)),
            Some(vec![Pk::Int(1), Pk::Int(2), Pk::Int(3)])
        );
        t.insert(Pk::Int(1), row(json!({"id": 1, "parent": 8})));
        t.remove(&Pk::Int(2));
        assert_eq!(t.keys_holding("parent", &Pk::Int(7)), Some(vec![]));
        assert_eq!(t.keys_holding("parent", &Pk::Int(8)), Some(vec![Pk::Int(1)]));
        assert_eq!(t.keys_holding("other", &Pk::Int(8)), None);
    }

    #[test]
    fn clear_empties_the_keyed_indexes_and_keeps_the_sequence() {
        let mut t = Table::default();
        t.set_keyed(vec!["parent".into()]);
        t.insert(Pk::Int(1), row(json!({"id": 1, "parent": 7})));
        t.clear();
        assert_eq!(t.len(), 0);
        assert_eq!(t.keys_holding("parent", &Pk::Int(7)), Some(vec![]));
        assert_eq!(t.next_id(), 2);
    }

    #[test]
    fn keys_order_numerically() {
        let mut keys = vec![Pk::Int(10), Pk::Int(2), Pk::Str("b".into()), Pk::Str("a".into())];
        keys.sort();
        assert_eq!(keys, vec![Pk::Int(2), Pk::Int(10), Pk::Str("a".into()), Pk::Str("b".into())]);
    }

    #[test]
    fn a_lent_draft_takes_the_writes_of_its_borrower_as_savepoints() {
        let store = Store::new(db());
        let insert =
            |db: &mut Db, k: i64| db.table_mut("t").insert(Pk::Int(k), row(json!({"id": k})));
        let out: Result<(), ()> = store.write(|draft| {
            insert(draft, 1);
            store.lend(draft, || {
                // A write inside the loan neither waits for the writer mutex
                // nor publishes: it lands on the lender's draft.
                store.write(|d| {
                    insert(d, 2);
                    Ok::<_, ()>(())
                })?;
                let failed = store.write(|d| {
                    insert(d, 3);
                    Err::<(), ()>(())
                });
                assert!(failed.is_err());
                let seen = store.snapshot();
                assert!(
                    seen.row("t", &Pk::Int(1)).is_some() && seen.row("t", &Pk::Int(2)).is_some()
                );
                Ok(())
            })?;
            assert!(store.snapshot().row("t", &Pk::Int(1)).is_none());
            Ok(())
        });
        assert!(out.is_ok());
        let published = store.snapshot();
        let keys: Vec<Pk> = published.table("t").map(|t| t.rows.keys().cloned().collect()).unwrap();
        assert_eq!(keys, vec![Pk::Int(1), Pk::Int(2)]);
    }
}
