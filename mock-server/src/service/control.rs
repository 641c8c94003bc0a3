//! The control plane for tests (`--control`): reset to the state the mock
//! started in (bootstrap, fixture, import) and named states saved and
//! restored. A state is a snapshot of the persistent store, so saving and
//! restoring cost no copy of the rows. Restoring publishes a new
//! generation, so every cache keyed by one (responses, tokens) starts over.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::{Error, ErrorCode, Result};
use crate::service::App;
use crate::store::Db;

/// The name the start-up state is kept under.
pub(crate) const START: &str = "start";

/// Saved states by name.
#[derive(Default)]
pub(crate) struct States(Mutex<HashMap<String, Arc<Db>>>);

impl States {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Arc<Db>>) -> T) -> T {
        match self.0.lock() {
            Ok(mut guard) => f(&mut guard),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }
}

/// A state's name: 1 to 64 letters, digits, `-`, `_` or `.`.
fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_payload(format!(
            "\"{name}\" is not a state name (1 to 64 letters, digits, \"-\", \"_\" or \".\")"
        )))
    }
}

/// Keeps the start-up state (called once the fixture is loaded).
pub(crate) fn keep_start(app: &App) {
    let db = app.store.snapshot();
    app.states.with(|s| s.insert(START.to_owned(), db));
}

/// Saves the current state as `name` (replacing a state of that name).
pub(crate) fn save(app: &App, name: &str) -> Result<()> {
    check_name(name)?;
    if name == START {
        return Err(Error::invalid_payload(format!("\"{START}\" is the start-up state's name")));
    }
    let db = app.store.snapshot();
    app.states.with(|s| s.insert(name.to_owned(), db));
    Ok(())
}

/// Puts the state saved as `name` back.
pub(crate) fn restore(app: &App, name: &str) -> Result<()> {
    check_name(name)?;
    let Some(saved) = app.states.with(|s| s.get(name).cloned()) else {
        return Err(Error::new(
            ErrorCode::RouteNotFound,
            format!("No saved state named \"{name}\"."),
        ));
    };
    app.store.write(|db| {
        let version = db.schema_version.max(saved.schema_version) + 1;
        *db = (*saved).clone();
        // GraphQL rebuilds its schema when the version moves: it must move forward.
        db.schema_version = version;
        Ok(())
    })
}

/// The saved states' names, sorted.
pub(crate) fn names(app: &App) -> Vec<String> {
    let mut names: Vec<String> = app.states.with(|s| s.keys().cloned().collect());
    names.sort();
    names
}
