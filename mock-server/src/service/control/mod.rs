//! The control plane for tests (`--control`): reset to the state the mock
//! started in (bootstrap, fixture, import) and named states saved and
//! restored; the request [`journal`]; injected [`faults`]; the clock and
//! the id generator [`steer`]ed. A state is a snapshot of the persistent
//! store (so saving and restoring cost no copy of the rows) with the clock's
//! setting and the id sequence's position, everything that decides what the
//! next answers are; the journal and the faults are about the test run, not
//! the server's state, and stay. Restoring publishes a new generation, so
//! every cache keyed by one (responses, tokens) starts over.

pub(crate) mod faults;
pub(crate) mod journal;
pub(crate) mod pattern;
pub(crate) mod steer;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::{Error, ErrorCode, Result};
use crate::service::App;
use crate::store::Db;

/// What the control plane keeps beside the store.
pub(crate) struct Plane {
    /// Named states, the start-up one among them.
    pub(crate) states: States,
    pub(crate) journal: journal::Journal,
    pub(crate) faults: faults::Faults,
    /// The app's clock (the same `Arc` as `App::clock`).
    pub(crate) clock: Arc<steer::SteeredClock>,
    /// The app's id generator (the same `Arc` as `App::ids`).
    pub(crate) ids: Arc<steer::SeededIds>,
}

impl Plane {
    pub(crate) fn new(clock: Arc<steer::SteeredClock>, ids: Arc<steer::SeededIds>) -> Plane {
        Plane {
            states: States::default(),
            journal: journal::Journal::default(),
            faults: faults::Faults::default(),
            clock,
            ids,
        }
    }
}

/// Back to how the mock started: its data, an empty journal, no faults, the
/// start-up clock and the id sequence where it stood after the fixture.
pub(crate) fn reset(app: &App) -> Result<()> {
    restore(app, START)?;
    app.control.journal.clear();
    app.control.faults.clear();
    Ok(())
}

/// The name the start-up state is kept under.
pub(crate) const START: &str = "start";

/// A saved state: the data, the clock's setting, the id sequence's position.
#[derive(Clone)]
pub(crate) struct Saved {
    db: Arc<Db>,
    clock: steer::Mode,
    ids: Option<steer::Seeded>,
}

impl Saved {
    fn now(app: &App) -> Saved {
        Saved {
            db: app.store.snapshot(),
            clock: app.control.clock.mode(),
            ids: app.control.ids.position(),
        }
    }
}

/// Saved states by name.
#[derive(Default)]
pub(crate) struct States(Mutex<HashMap<String, Saved>>);

impl States {
    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Saved>) -> T) -> T {
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
    let saved = Saved::now(app);
    app.control.states.with(|s| s.insert(START.to_owned(), saved));
}

/// Saves the current state as `name` (replacing a state of that name): the
/// data, the clock's setting and the id sequence's position.
pub(crate) fn save(app: &App, name: &str) -> Result<()> {
    check_name(name)?;
    if name == START {
        return Err(Error::invalid_payload(format!("\"{START}\" is the start-up state's name")));
    }
    let saved = Saved::now(app);
    app.control.states.with(|s| s.insert(name.to_owned(), saved));
    Ok(())
}

/// Puts the state saved as `name` back: its data, clock and id position.
pub(crate) fn restore(app: &App, name: &str) -> Result<()> {
    check_name(name)?;
    let Some(saved) = app.control.states.with(|s| s.get(name).cloned()) else {
        return Err(Error::new(
            ErrorCode::RouteNotFound,
            format!("No saved state named \"{name}\"."),
        ));
    };
    app.store.write(|db| {
        let version = db.schema_version.max(saved.db.schema_version) + 1;
        *db = (*saved.db).clone();
        // GraphQL rebuilds its schema when the version moves: it must move forward.
        db.schema_version = version;
        Ok::<(), Error>(())
    })?;
    app.control.clock.set_mode(saved.clock);
    app.control.ids.put_back(saved.ids);
    Ok(())
}

/// The saved states' names, sorted.
pub(crate) fn names(app: &App) -> Vec<String> {
    let mut names: Vec<String> = app.control.states.with(|s| s.keys().cloned().collect());
    names.sort();
    names
}

/// The clock as the control API shows it: the time and whether it is set or frozen.
pub(crate) fn clock(app: &App) -> serde_json::Value {
    let mode = app.control.clock.mode();
    serde_json::json!({
        "now": app.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "set": mode != steer::Mode::Base,
        "frozen": matches!(mode, steer::Mode::Frozen(_)),
    })
}

fn object<'a>(
    body: &'a serde_json::Value,
    keys: &[&str],
) -> Result<&'a serde_json::Map<String, serde_json::Value>> {
    let body =
        body.as_object().ok_or_else(|| Error::invalid_payload("The body must be a JSON object"))?;
    match body.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(k) => {
            Err(Error::invalid_payload(format!("Unknown key \"{k}\" (known: {})", keys.join(", "))))
        }
        None => Ok(body),
    }
}

/// `{"now": RFC 3339, "frozen": true}`: sets the clock (frozen unless `frozen` is false);
/// `{"now": null}` puts the clock the mock was built with back.
pub(crate) fn set_clock(app: &App, body: &serde_json::Value) -> Result<()> {
    let body = object(body, &["now", "frozen"])?;
    let frozen = match body.get("frozen") {
        None => true,
        Some(serde_json::Value::Bool(b)) => *b,
        Some(v) => {
            return Err(Error::invalid_payload(format!("\"frozen\" must be a boolean, not {v}")));
        }
    };
    match body.get("now") {
        Some(serde_json::Value::Null) => app.control.clock.set_mode(steer::Mode::Base),
        Some(serde_json::Value::String(s)) => {
            let at = chrono::DateTime::parse_from_rfc3339(s).map_err(|e| {
                Error::invalid_payload(format!(
                    "\"now\" must be an RFC 3339 date-time ({e}), not \"{s}\""
                ))
            })?;
            app.control.clock.set(at.with_timezone(&chrono::Utc), frozen);
        }
        _ => {
            return Err(Error::invalid_payload(
                "\"now\" is required: an RFC 3339 date-time or null",
            ));
        }
    }
    Ok(())
}

/// `{"seconds": n}` (negative goes back, fractions allowed): moves the clock.
pub(crate) fn advance_clock(app: &App, body: &serde_json::Value) -> Result<()> {
    let body = object(body, &["seconds"])?;
    // Ten years either way is plenty, and keeps chrono's arithmetic in range.
    let seconds = body
        .get("seconds")
        .and_then(serde_json::Value::as_f64)
        .filter(|s| s.is_finite() && s.abs() <= 315_576_000.0)
        .ok_or_else(|| {
            Error::invalid_payload("\"seconds\" must be a number of at most ten years")
        })?;
    app.control.clock.advance(chrono::Duration::milliseconds((seconds * 1000.0).round() as i64));
    Ok(())
}

/// The id generator as the control API shows it.
pub(crate) fn ids(app: &App) -> serde_json::Value {
    serde_json::json!({ "seed": app.control.ids.seed() })
}

/// `{"seed": n}` starts the seeded sequence of `n` (a whole number); `{"seed": null}`
/// goes back to the generator the mock was built with.
pub(crate) fn set_ids(app: &App, body: &serde_json::Value) -> Result<()> {
    let body = object(body, &["seed"])?;
    match body.get("seed") {
        Some(serde_json::Value::Null) => app.control.ids.set_seed(None),
        Some(v) if v.as_u64().is_some() => app.control.ids.set_seed(v.as_u64()),
        _ => {
            return Err(Error::invalid_payload(
                "\"seed\" must be a whole number (0 or more) or null",
            ));
        }
    }
    Ok(())
}
