//! The control API for tests, under the reserved prefix `/__mock/` (no
//! Directus route or extension starts with `__`), served only with
//! `--control` (`DIRECTUS_MOCK_CONTROL=true`); otherwise these paths are
//! ROUTE_NOT_FOUND like any unknown path. No token is asked for: it is a
//! test fixture's switchboard on loopback.
//!
//! - `POST /__mock/reset`: back to the start-up state (fixture, import);
//! - `GET /__mock/states`: the saved states' names;
//! - `PUT /__mock/states/{name}`: saves the current state as `name`;
//! - `POST /__mock/states/{name}/restore`: puts it back (404 when unknown);
//! - `GET /__mock/journal?method=&path=&status=&limit=`, `DELETE
//!   /__mock/journal`: the request journal, filtered, and cleared;
//! - `GET`, `POST`, `DELETE /__mock/faults`, `DELETE /__mock/faults/{id}`:
//!   injected faults (see `service::control::faults` for a rule's JSON);
//! - `GET`, `PUT`, `DELETE /__mock/clock`, `POST /__mock/clock/advance`: the clock;
//! - `GET`, `PUT /__mock/ids`: the seed of uuids and tokens.
//!
//! [`observe`] is the layer that applies faults and writes the journal.

use std::time::Instant;

use axum::extract::{Path, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::{StatusCode, Uri};
use serde_json::json;

use super::AppState;
use super::extract::Body;
use super::response::{self, Reply};
use crate::error::Error;
use crate::service::control::{self, journal};

/// The user a request was authenticated as, left on its response by the
/// request context for the journal.
#[derive(Debug, Clone)]
pub(crate) struct Caller(pub(crate) Option<String>);

/// With `--control`, outside the request context: answers or delays what an
/// injected fault matches, and journals every request but the control API's.
pub(crate) async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if !state.app.config.control || path.starts_with("/__mock/") {
        return next.run(req).await;
    }
    let app = &state.app;
    let started = Instant::now();
    let at = app.now();
    let method = req.method().as_str().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let ip = super::client_ip(&req).map(|ip| ip.to_string());
    let fault = app.control.faults.take(&method, &path);
    if let Some(rule) = fault.as_ref().filter(|r| r.delay_ms > 0) {
        tokio::time::sleep(std::time::Duration::from_millis(rule.delay_ms)).await;
    }
    let response = match fault.as_ref().and_then(|r| r.answer.as_ref()) {
        Some(answer) => {
            let status =
                StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = json!({"errors": [{
                "message": answer.message,
                "extensions": {"code": answer.code},
            }]});
            response::json(status, &body)
        }
        None => next.run(req).await,
    };
    app.control.journal.record(journal::Entry {
        method,
        path,
        query,
        status: response.status().as_u16(),
        user: response.extensions().get::<Caller>().and_then(|c| c.0.clone()),
        ip,
        at,
        duration: started.elapsed(),
        fault: fault.map(|r| r.id),
    });
    response
}

fn enabled(state: &AppState, uri: &Uri) -> Result<(), Error> {
    if state.app.config.control { Ok(()) } else { Err(Error::route_not_found(uri.path())) }
}

/// `POST /__mock/reset`.
pub(crate) async fn reset(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    control::reset(&state.app)?;
    Ok(response::no_content())
}

/// `GET /__mock/states`.
pub(crate) async fn states(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    Ok(response::data(json!(control::names(&state.app)), None))
}

/// `PUT /__mock/states/{name}`.
pub(crate) async fn save(
    State(state): State<AppState>,
    uri: Uri,
    Path(name): Path<String>,
) -> Reply {
    enabled(&state, &uri)?;
    control::save(&state.app, &name)?;
    Ok(response::no_content())
}

/// `POST /__mock/states/{name}/restore`.
pub(crate) async fn restore(
    State(state): State<AppState>,
    uri: Uri,
    Path(name): Path<String>,
) -> Reply {
    enabled(&state, &uri)?;
    control::restore(&state.app, &name)?;
    Ok(response::no_content())
}

/// `GET /__mock/journal`.
pub(crate) async fn journal(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    let filter = journal::Filter::parse(&crate::query::qs::pairs(uri.query().unwrap_or("")))?;
    Ok(response::data(json!(state.app.control.journal.list(&filter)), None))
}

/// `DELETE /__mock/journal`.
pub(crate) async fn clear_journal(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    state.app.control.journal.clear();
    Ok(response::no_content())
}

/// `GET /__mock/faults`.
pub(crate) async fn faults(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    Ok(response::data(json!(state.app.control.faults.list()), None))
}

/// `POST /__mock/faults`: adds a rule, answers it with its id.
pub(crate) async fn add_fault(State(state): State<AppState>, uri: Uri, Body(body): Body) -> Reply {
    enabled(&state, &uri)?;
    Ok(response::data(state.app.control.faults.add(&body)?, None))
}

/// `DELETE /__mock/faults`.
pub(crate) async fn clear_faults(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    state.app.control.faults.clear();
    Ok(response::no_content())
}

/// `DELETE /__mock/faults/{id}` (404 when there is no such rule).
pub(crate) async fn remove_fault(
    State(state): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
) -> Reply {
    enabled(&state, &uri)?;
    let removed = id.parse().is_ok_and(|id| state.app.control.faults.remove(id));
    if removed {
        Ok(response::no_content())
    } else {
        Err(Error::new(crate::error::ErrorCode::RouteNotFound, format!("No fault rule {id}.")))
    }
}

/// `GET /__mock/clock`.
pub(crate) async fn clock(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    Ok(response::data(control::clock(&state.app), None))
}

/// `PUT /__mock/clock`: `{"now": "...", "frozen": bool}`.
pub(crate) async fn set_clock(State(state): State<AppState>, uri: Uri, Body(body): Body) -> Reply {
    enabled(&state, &uri)?;
    control::set_clock(&state.app, &body)?;
    Ok(response::data(control::clock(&state.app), None))
}

/// `DELETE /__mock/clock`: the clock the mock was built with.
pub(crate) async fn unset_clock(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    control::set_clock(&state.app, &json!({"now": null}))?;
    Ok(response::data(control::clock(&state.app), None))
}

/// `POST /__mock/clock/advance`: `{"seconds": n}`.
pub(crate) async fn advance_clock(
    State(state): State<AppState>,
    uri: Uri,
    Body(body): Body,
) -> Reply {
    enabled(&state, &uri)?;
    control::advance_clock(&state.app, &body)?;
    Ok(response::data(control::clock(&state.app), None))
}

/// `GET /__mock/ids`.
pub(crate) async fn ids(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    Ok(response::data(control::ids(&state.app), None))
}

/// `PUT /__mock/ids`: `{"seed": n}` or `{"seed": null}`.
pub(crate) async fn set_ids(State(state): State<AppState>, uri: Uri, Body(body): Body) -> Reply {
    enabled(&state, &uri)?;
    control::set_ids(&state.app, &body)?;
    Ok(response::data(control::ids(&state.app), None))
}
