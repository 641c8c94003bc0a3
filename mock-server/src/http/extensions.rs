//! `/extensions`: the installed list, the app bundle and the marketplace
//! registry, answered by `service::extensions` as an installed Directus
//! without extensions and without network does.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::error::Error;
use crate::service::extensions;

/// `GET /extensions`.
pub(crate) async fn list(State(state): State<AppState>, ctx: Context) -> Reply {
    Ok(response::data(extensions::list(&state.app, &ctx.acc)?, None))
}

/// `GET /extensions/sources/:chunk`: `index.js` is the (empty) bundle; there are no other chunks.
pub(crate) async fn source(Path(chunk): Path<String>) -> Response {
    if chunk != "index.js" {
        // The router's own path, as Express reports it inside `/extensions`.
        return response::error(Error::route_not_found(&format!("/sources/{chunk}")));
    }
    let mut resp = (StatusCode::OK, extensions::APP_BUNDLE).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/javascript; charset=UTF-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("Origin, Cache-Control"));
    resp
}

/// `GET /extensions/registry` and the registry's account and extension pages.
pub(crate) async fn registry(ctx: Context) -> Reply {
    Ok(response::data(extensions::registry(&ctx.acc)?, None))
}

/// A registry page by id: the id must be a UUID, or the route is unknown.
pub(crate) async fn registry_page(
    ctx: Context,
    uri: http::Uri,
    Path((kind, id)): Path<(String, String)>,
) -> Reply {
    if kind != "account" && kind != "extension" {
        return Err(Error::route_not_found(uri.path()));
    }
    uuid_or_unknown(&id, &uri)?;
    registry(ctx).await
}

/// `POST /extensions/registry/install`.
pub(crate) async fn install(ctx: Context, Body(body): Body) -> Reply {
    extensions::install(&ctx.acc, &body)?;
    Ok(no_content())
}

/// `POST /extensions/registry/reinstall`.
pub(crate) async fn reinstall(ctx: Context, Body(_): Body) -> Reply {
    extensions::not_installed(&ctx.acc)?;
    Ok(no_content())
}

/// `DELETE /extensions/registry/uninstall/:id`.
pub(crate) async fn uninstall(ctx: Context, uri: http::Uri, Path(id): Path<String>) -> Reply {
    uuid_or_unknown(&id, &uri)?;
    extensions::not_installed(&ctx.acc)?;
    Ok(no_content())
}

/// `PATCH` or `DELETE /extensions/:id`.
pub(crate) async fn change(
    ctx: Context,
    uri: http::Uri,
    Path(id): Path<String>,
    Body(_): Body,
) -> Reply {
    uuid_or_unknown(&id, &uri)?;
    extensions::change(&ctx.acc)?;
    Ok(no_content())
}

fn uuid_or_unknown(id: &str, uri: &http::Uri) -> Result<(), Error> {
    if uuid::Uuid::parse_str(id).is_ok() { Ok(()) } else { Err(Error::route_not_found(uri.path())) }
}
