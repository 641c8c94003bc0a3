//! Endpoints whose work the mock does not do — importing a file from a URL
//! (`/files/import`): `service::files` makes Directus' checks before that
//! work and then answers loudly with SERVICE_UNAVAILABLE.

use axum::extract::State;

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context};
use crate::service::files;

/// `POST /files/import`: the mock stores no files, so no URL can be fetched.
pub(crate) async fn files_import(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    let data = files::import(&state.app, &ctx.acc, &body)?;
    Ok(response::data(data, None))
}
