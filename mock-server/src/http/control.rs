//! The control API for tests, under the reserved prefix `/__mock/` (no
//! Directus route or extension starts with `__`), served only with
//! `--control` (`DIRECTUS_MOCK_CONTROL=true`); otherwise these paths are
//! ROUTE_NOT_FOUND like any unknown path. No token is asked for: it is a
//! test fixture's switchboard on loopback.
//!
//! - `POST /__mock/reset`: back to the start-up state (fixture, import);
//! - `GET /__mock/states`: the saved states' names;
//! - `PUT /__mock/states/{name}`: saves the current state as `name`;
//! - `POST /__mock/states/{name}/restore`: puts it back (404 when unknown).

use axum::extract::{Path, State};
use http::Uri;
use serde_json::json;

use super::AppState;
use super::response::{self, Reply};
use crate::error::Error;
use crate::service::control;

fn enabled(state: &AppState, uri: &Uri) -> Result<(), Error> {
    if state.app.config.control { Ok(()) } else { Err(Error::route_not_found(uri.path())) }
}

/// `POST /__mock/reset`.
pub(crate) async fn reset(State(state): State<AppState>, uri: Uri) -> Reply {
    enabled(&state, &uri)?;
    control::restore(&state.app, control::START)?;
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
