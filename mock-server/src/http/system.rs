//! System collections behind their own routes: `/users`, `/roles`,
//! `/policies`, `/permissions`, `/access`, `/settings`, the caller's own
//! views (`/users/me`, `/roles/me`, `/permissions/me`,
//! `/policies/me/globals`), two-factor authentication and `/license`. They
//! call the same items service as `/items`, on `directus_*` collections,
//! through `service::system` for the checks Directus adds on them.
//!
//! Every handler of a route with a body reads it, also where it does not
//! use it: Directus parses every JSON body, so a malformed one is
//! INVALID_PAYLOAD.

use axum::extract::{Path, State};
use http::Uri;
use serde_json::Value;

use super::extract::Body;
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::error::{Error, Result};
use crate::service::items::{Items, Written};
use crate::service::platform::{self, Route, shares, versions};
use crate::service::{license, system_items as service, tfa};
use crate::system;

/// The system collection route of a path segment: users, roles, policies,
/// permissions and access rows, and the platform's collections (`/presets`,
/// `/flows`, ...); any other segment is an unknown route.
fn route_for(segment: &str, uri: &Uri) -> Result<Route> {
    let core =
        |collection| Route { collection, list_meta: true, uuid_keys: false, checked_delete: true };
    Ok(match segment {
        "users" => core(system::USERS),
        "roles" => core(system::ROLES),
        "policies" => core(system::POLICIES),
        "permissions" => core(system::PERMISSIONS),
        "access" => core(system::ACCESS),
        _ => platform::route_of(segment).ok_or_else(|| Error::route_not_found(uri.path()))?,
    })
}

/// The items service for the collection of a route segment.
fn items<'a>(state: &'a AppState, ctx: &'a Context, segment: &str, uri: &Uri) -> Result<Items<'a>> {
    Items::new(&state.app, &ctx.acc, route_for(segment, uri)?.collection)
}

/// The items service for a route with a key: a route that takes UUIDs only
/// (`/shares/:pk`) does not match another key.
fn items_for_key<'a>(
    state: &'a AppState,
    ctx: &'a Context,
    segment: &str,
    pk: &str,
    uri: &Uri,
) -> Result<Items<'a>> {
    let route = route_for(segment, uri)?;
    if route.uuid_keys && uuid::Uuid::parse_str(pk).is_err() {
        return Err(Error::route_not_found(uri.path()));
    }
    Items::new(&state.app, &ctx.acc, route.collection)
}

/// `GET /users` (`/roles`, ...).
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(segment): Path<String>,
) -> Reply {
    list_of(&state, &ctx, &segment, &uri, None)
}

/// `SEARCH /users` (`/roles`, ...): a read with its query (or keys) in the body.
pub(crate) async fn search(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(segment): Path<String>,
    Body(body): Body,
) -> Reply {
    list_of(&state, &ctx, &segment, &uri, Some(&body))
}

fn list_of(
    state: &AppState,
    ctx: &Context,
    segment: &str,
    uri: &Uri,
    search: Option<&Value>,
) -> Reply {
    let route = route_for(segment, uri)?;
    let items = Items::new(&state.app, &ctx.acc, route.collection)?;
    let (data, query) = items.read_list(&ctx.query, search)?;
    let meta = if route.list_meta { items.meta(&query)? } else { None };
    Ok(response::data(data, meta))
}

/// `POST /users` (`/roles`, ...): one item or a list.
pub(crate) async fn create(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(segment): Path<String>,
    Body(body): Body,
) -> Reply {
    let items = items(&state, &ctx, &segment, &uri)?;
    let written = service::create(&items, &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `PATCH /users` (`/roles`, ...): a list of items with keys, or `{keys | query, data}`.
pub(crate) async fn update(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(segment): Path<String>,
    Body(body): Body,
) -> Reply {
    let items = items(&state, &ctx, &segment, &uri)?;
    let written = service::update(&items, &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `DELETE /users` (`/roles`, ...): a list of keys, or `{keys | query}`.
pub(crate) async fn delete(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(segment): Path<String>,
    Body(body): Body,
) -> Reply {
    let items = items(&state, &ctx, &segment, &uri)?;
    if route_for(&segment, &uri)?.checked_delete {
        service::delete(&items, &body)?;
    } else {
        items.delete_unchecked(&body)?;
    }
    Ok(no_content())
}

/// `GET /users/:id` (`/roles/:id`, ...).
pub(crate) async fn one(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path((segment, pk)): Path<(String, String)>,
) -> Reply {
    let items = items_for_key(&state, &ctx, &segment, &pk, &uri)?;
    let data = items.read_one(&Value::String(pk), &ctx.query)?;
    Ok(response::data(data, None))
}

/// `PATCH /users/:id` (`/roles/:id`, ...).
pub(crate) async fn update_one(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path((segment, pk)): Path<(String, String)>,
    Body(body): Body,
) -> Reply {
    let items = items_for_key(&state, &ctx, &segment, &pk, &uri)?;
    let written = service::update_one(&items, &Value::String(pk), &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `DELETE /users/:id` (`/roles/:id`, ...).
pub(crate) async fn delete_one(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path((segment, pk)): Path<(String, String)>,
) -> Reply {
    items_for_key(&state, &ctx, &segment, &pk, &uri)?.delete_one(&Value::String(pk))?;
    Ok(no_content())
}

/// `GET /users/me`.
pub(crate) async fn me(State(state): State<AppState>, ctx: Context) -> Reply {
    Ok(response::data(service::read_me(&state.app, &ctx.acc, &ctx.query)?, None))
}

/// `PATCH /users/me`.
pub(crate) async fn update_me(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    Ok(response::reread(service::update_me(&state.app, &ctx.acc, &body, &ctx.query)?))
}

/// `PATCH /users/me/track/page {last_page}`: the Data Studio remembers where the user was.
pub(crate) async fn track_page(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    service::track_page(&state.app, &ctx.acc, &body)?;
    Ok(no_content())
}

/// `POST /shares/auth {share, password?, mode?}`: a session that reads as the share.
pub(crate) async fn share_login(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> axum::response::Response {
    match shares::login(&state.app, &body, &ctx.acc) {
        Ok((tokens, mode)) => super::auth::tokens_response(&state, &tokens, mode),
        Err(e) => response::error(e),
    }
}

/// `GET /shares/info/:id`: a share's public facts (UUIDs only).
pub(crate) async fn share_info(
    State(state): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
) -> Reply {
    if uuid::Uuid::parse_str(&id).is_err() {
        return Err(Error::route_not_found(uri.path()));
    }
    Ok(response::data(shares::info(&state.app, &id)?, None))
}

/// `POST /shares/invite {share, emails}`.
pub(crate) async fn share_invite(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    shares::invite(&state.app, &ctx.acc, &body)?;
    Ok(no_content())
}

/// `GET /versions/:id/compare`: the version's changes beside the main item.
pub(crate) async fn version_compare(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Body(_): Body,
) -> Reply {
    Ok(response::data(versions::compare(&state.app, &ctx.acc, &id)?, None))
}

/// `POST /versions/:id/save`: changes merged into the version (`?patchRevision`).
pub(crate) async fn version_save(
    State(state): State<AppState>,
    ctx: Context,
    uri: Uri,
    Path(id): Path<String>,
    Body(body): Body,
) -> Reply {
    let patch = super::query_values(&uri, "patchRevision").next().is_some_and(|v| v != "false");
    Ok(response::data(versions::save(&state.app, &ctx.acc, &id, &body, patch)?, None))
}

/// `POST /versions/:id/promote {mainHash, fields?}`: the version written to the main item.
pub(crate) async fn version_promote(
    State(state): State<AppState>,
    ctx: Context,
    Path(id): Path<String>,
    Body(body): Body,
) -> Reply {
    Ok(response::data(versions::promote(&state.app, &ctx.acc, &id, &body)?, None))
}

/// `GET /settings`: a singleton.
pub(crate) async fn settings(State(state): State<AppState>, ctx: Context) -> Reply {
    let items = Items::new(&state.app, &ctx.acc, system::SETTINGS)?;
    Ok(response::data(items.read_singleton(&ctx.query)?, None))
}

/// `PATCH /settings`.
pub(crate) async fn update_settings(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    let items = Items::new(&state.app, &ctx.acc, system::SETTINGS)?;
    items.upsert_singleton(&body)?;
    Ok(response::reread(items.reread(&Written::Singleton, &ctx.query)?))
}

/// `GET /permissions/me`: per collection and action, `{access: full|partial|none, fields?, presets?}`.
pub(crate) async fn my_permissions(State(state): State<AppState>, ctx: Context) -> Reply {
    Ok(response::data(service::my_permissions(&state.app, &ctx.acc)?, None))
}

/// `GET /permissions/me/:collection`: may the caller update, delete, share in a collection.
pub(crate) async fn my_collection_permissions(
    State(state): State<AppState>,
    ctx: Context,
    Path(collection): Path<String>,
) -> Reply {
    Ok(response::data(service::item_permissions(&state.app, &ctx.acc, &collection, None)?, None))
}

/// `GET /permissions/me/:collection/:pk`: may the caller update, delete, share an item.
pub(crate) async fn my_item_permissions(
    State(state): State<AppState>,
    ctx: Context,
    Path((collection, pk)): Path<(String, String)>,
) -> Reply {
    let data = service::item_permissions(&state.app, &ctx.acc, &collection, Some(&pk))?;
    Ok(response::data(data, None))
}

/// `GET /policies/me/globals`: the caller's app, admin and TFA flags.
pub(crate) async fn my_policy_globals(State(state): State<AppState>, ctx: Context) -> Reply {
    Ok(response::data(service::my_policy_globals(&state.app, &ctx.acc), None))
}

/// `GET /roles/me`: the caller's roles (ids only when the roles may not be read).
pub(crate) async fn my_roles(State(state): State<AppState>, ctx: Context) -> Reply {
    Ok(response::data(service::my_roles(&state.app, &ctx.acc, &ctx.query)?, None))
}

/// `GET /license`: the licence the mock behaves as (admins only).
pub(crate) async fn license_info(State(state): State<AppState>, ctx: Context) -> Reply {
    if !ctx.acc.admin {
        return Err(Error::forbidden());
    }
    Ok(response::data(license::info(&state.app), None))
}

/// `POST /users/me/tfa/generate {password}`: a new TOTP secret and its otpauth URL (not stored yet).
pub(crate) async fn tfa_generate(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    Ok(response::data(tfa::generate(&state.app, &ctx.acc, &body)?, None))
}

/// `POST /users/me/tfa/enable {secret, otp}`: stores the secret once a code from it checks out.
pub(crate) async fn tfa_enable(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    tfa::enable(&state.app, &ctx.acc, &body)?;
    Ok(no_content())
}

/// `POST /users/me/tfa/disable {otp}`.
pub(crate) async fn tfa_disable(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    tfa::disable(&state.app, &ctx.acc, &body)?;
    Ok(no_content())
}

/// `POST /users/:id/tfa/disable`: an admin turns off another user's TFA.
pub(crate) async fn tfa_disable_for(
    State(state): State<AppState>,
    ctx: Context,
    Path(user): Path<String>,
) -> Reply {
    tfa::disable_for(&state.app, &ctx.acc, &user)?;
    Ok(no_content())
}
