//! The file library's routes: `/files` (JSON and multipart uploads, updates
//! that replace a file's bytes, deletes), `/files/import`, `/folders`, and
//! `/assets/:id[/:filename]`. Handlers parse, call `service::files` and
//! `service::assets`, and render; transformations run on the blocking pool.

use axum::body::Body as RawBody;
use axum::extract::{FromRequest, Path, Request, State};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method, StatusCode, Uri, header};
use serde_json::Value;

use super::extract::Body;
use super::multipart::{Part, Reader, is_multipart};
use super::response::{self, Reply, no_content};
use super::{AppState, Context};
use crate::error::{Error, Result};
use crate::service::assets::{self, AssetRequest};
use crate::service::files::{self as service, upload::Session};
use crate::service::items::{Items, Written};
use crate::system::{FILES, FOLDERS};

fn files<'a>(state: &'a AppState, ctx: &'a Context) -> Result<Items<'a>> {
    Items::new(&state.app, &ctx.acc, FILES)
}

/// `GET /files`, `SEARCH /files`.
pub(crate) async fn list(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    Body(body): Body,
) -> Reply {
    let items = files(&state, &ctx)?;
    let search = (method.as_str() == "SEARCH").then_some(&body);
    let (data, query) = items.read_list(&ctx.query, search)?;
    if let Some(format) = &query.export {
        return response::export("directus_files", format, &data, state.app.now().naive_utc());
    }
    Ok(response::data(data, items.meta(&query)?))
}

/// `GET /files/:id`.
pub(crate) async fn one(
    State(state): State<AppState>,
    ctx: Context,
    Path(pk): Path<String>,
) -> Reply {
    Ok(response::data(files(&state, &ctx)?.read_one(&Value::String(pk), &ctx.query)?, None))
}

/// Reads a multipart upload part by part into a session.
async fn upload(state: &AppState, ctx: &Context, req: Request, replacing: Option<String>) -> Reply {
    let (parts, body) = req.into_parts();
    let mut reader = Reader::new(&parts.headers, body)?;
    let mut session = Session::new(&state.app, &ctx.acc, replacing)?;
    while let Some(part) = reader.next().await? {
        match part {
            Part::Field { name, value } => session.field(&name, &value),
            Part::File { filename, media_type } => {
                let file = match session.start_file(filename.as_deref(), &media_type) {
                    Ok(file) => file,
                    Err(e) => {
                        reader.skip_file();
                        return Err(e);
                    }
                };
                let bytes = reader.file_bytes(session.max_size()).await?;
                session.finish_file(file, bytes)?;
            }
        }
    }
    let (items, written) = session.finish()?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `POST /files`: multipart uploads, or a JSON file row.
pub(crate) async fn create(State(state): State<AppState>, ctx: Context, req: Request) -> Reply {
    if is_multipart(req.headers()) {
        return upload(&state, &ctx, req, None).await;
    }
    let Body(body) = Body::from_request(req, &state).await?;
    let items = files(&state, &ctx)?;
    let written = service::create(&items, &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `PATCH /files`: a batch by keys or query.
pub(crate) async fn update(State(state): State<AppState>, ctx: Context, Body(body): Body) -> Reply {
    let items = files(&state, &ctx)?;
    let written = service::update(&items, &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `PATCH /files/:id`: new bytes (multipart) or new metadata (JSON).
pub(crate) async fn update_one(
    State(state): State<AppState>,
    ctx: Context,
    Path(pk): Path<String>,
    req: Request,
) -> Reply {
    if is_multipart(req.headers()) {
        return upload(&state, &ctx, req, Some(pk)).await;
    }
    let Body(body) = Body::from_request(req, &state).await?;
    let items = files(&state, &ctx)?;
    let written = service::update_one(&items, &pk, &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `DELETE /files`: by keys or query; the bytes go with the rows.
pub(crate) async fn delete(State(state): State<AppState>, ctx: Context, Body(body): Body) -> Reply {
    files(&state, &ctx)?.delete(&body)?;
    Ok(no_content())
}

/// `DELETE /files/:id`.
pub(crate) async fn delete_one(
    State(state): State<AppState>,
    ctx: Context,
    Path(pk): Path<String>,
) -> Reply {
    files(&state, &ctx)?.delete_one(&Value::String(pk))?;
    Ok(no_content())
}

/// `POST /files/import {url, data?, options?}`.
pub(crate) async fn import(State(state): State<AppState>, ctx: Context, Body(body): Body) -> Reply {
    let key = service::import::import(&state.app, &ctx.acc, &body).await?;
    let items = files(&state, &ctx)?;
    Ok(response::reread(items.reread(&Written::One(key), &ctx.query)?))
}

fn folders<'a>(state: &'a AppState, ctx: &'a Context) -> Result<Items<'a>> {
    Items::new(&state.app, &ctx.acc, FOLDERS)
}

/// `GET /folders`, `SEARCH /folders`: folders of flows only for admins.
pub(crate) async fn folders_list(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    Body(body): Body,
) -> Reply {
    if method == Method::GET {
        service::check_folders_get(&state.app, &ctx.acc)?;
    }
    let items = folders(&state, &ctx)?;
    let query = service::folders_query(&ctx.acc, &ctx.query);
    let body = service::folders_search_body(&ctx.acc, &body);
    let search = (method.as_str() == "SEARCH").then_some(&body);
    let (data, query) = items.read_list(&query, search)?;
    if let Some(format) = &query.export {
        return response::export("directus_folders", format, &data, state.app.now().naive_utc());
    }
    Ok(response::data(data, items.meta(&query)?))
}

/// `GET /folders/:id`.
pub(crate) async fn folder(
    State(state): State<AppState>,
    ctx: Context,
    Path(pk): Path<String>,
) -> Reply {
    let query = service::folders_query(&ctx.acc, &ctx.query);
    Ok(response::data(folders(&state, &ctx)?.read_one(&Value::String(pk), &query)?, None))
}

/// `POST /folders`: one or several.
pub(crate) async fn folders_create(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    service::check_folders_write(&state.app, &ctx.acc, &body, &[], "create")?;
    let items = folders(&state, &ctx)?;
    let written = items.create(&body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `PATCH /folders`.
pub(crate) async fn folders_update(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    service::check_folders_write(
        &state.app,
        &ctx.acc,
        &body,
        &service::named_keys(&body),
        "update",
    )?;
    let items = folders(&state, &ctx)?;
    let written = items.update(&body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `PATCH /folders/:id`.
pub(crate) async fn folder_update(
    State(state): State<AppState>,
    ctx: Context,
    Path(pk): Path<String>,
    Body(body): Body,
) -> Reply {
    let key = [Value::String(pk.clone())];
    service::check_folders_write(&state.app, &ctx.acc, &body, &key, "update")?;
    let items = folders(&state, &ctx)?;
    let written = items.update_item(&pk, &body)?;
    Ok(response::reread(items.reread(&written, &ctx.query)?))
}

/// `DELETE /folders`.
pub(crate) async fn folders_delete(
    State(state): State<AppState>,
    ctx: Context,
    Body(body): Body,
) -> Reply {
    service::check_folders_write(
        &state.app,
        &ctx.acc,
        &Value::Null,
        &service::named_keys(&body),
        "delete",
    )?;
    folders(&state, &ctx)?.delete(&body)?;
    Ok(no_content())
}

/// `DELETE /folders/:id`.
pub(crate) async fn folder_delete(
    State(state): State<AppState>,
    ctx: Context,
    Path(pk): Path<String>,
) -> Reply {
    let key = [Value::String(pk.clone())];
    service::check_folders_write(&state.app, &ctx.acc, &Value::Null, &key, "delete")?;
    folders(&state, &ctx)?.delete_one(&Value::String(pk))?;
    Ok(no_content())
}

/// `GET|HEAD /assets/:id`.
pub(crate) async fn asset(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    headers: http::HeaderMap,
    Path(id): Path<String>,
) -> Response {
    serve_asset(&state, &ctx, &method, &uri, &headers, id, None).await
}

/// `GET|HEAD /assets/:id/:filename`: the same, downloaded under that name.
pub(crate) async fn asset_named(
    State(state): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    headers: http::HeaderMap,
    Path((id, filename)): Path<(String, String)>,
) -> Response {
    serve_asset(&state, &ctx, &method, &uri, &headers, id, Some(filename)).await
}

async fn serve_asset(
    state: &AppState,
    ctx: &Context,
    method: &Method,
    uri: &Uri,
    headers: &http::HeaderMap,
    id: String,
    filename: Option<String>,
) -> Response {
    let text = |name: header::HeaderName| {
        headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    };
    let req = AssetRequest {
        id,
        filename,
        query: crate::query::qs::pairs(uri.query().unwrap_or("")),
        range: text(header::RANGE),
        accept: text(header::ACCEPT),
        head: method == Method::HEAD,
    };
    let app = state.app.clone();
    let acc = ctx.acc.clone();
    let served = tokio::task::spawn_blocking(move || assets::serve(&app, &acc, &req))
        .await
        .unwrap_or_else(|_| Err(Error::internal("the transformation failed")));
    match served {
        Ok(asset) => {
            let status = StatusCode::from_u16(asset.status).unwrap_or(StatusCode::OK);
            let mut resp = (status, RawBody::from(asset.body)).into_response();
            for (name, value) in asset.headers {
                if let Ok(v) = HeaderValue::from_str(&value) {
                    resp.headers_mut().insert(name, v);
                }
            }
            resp
        }
        Err(e) => {
            let mut resp = response::error(e);
            resp.headers_mut()
                .insert("content-security-policy", HeaderValue::from_static("default-src 'none'"));
            resp
        }
    }
}
