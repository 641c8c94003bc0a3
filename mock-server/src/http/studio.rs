//! The Directus Data Studio at `/admin` (`--studio`, Directus' `SERVE_APP`):
//! the `dist` folder of an installed `@directus/app`, served as Directus 12.4's
//! `app.ts` serves it. The project never bundles the app; [`locate`] finds an
//! installed one or says how to install it.
//!
//! As in Directus: `index.html` gets `<base href="/admin/">` in place of its
//! `<base />` (the embed placeholders become empty: the mock has no
//! extensions), is sent with `Cache-Control: no-cache` for `/admin` and for
//! every path that is not a file (the app's own routes, the SPA fallback),
//! and files are sent with `Cache-Control: max-age=31536000, immutable`;
//! both with `Vary: Origin, Cache-Control`. `/` redirects to `./admin`
//! whether or not the Studio is served ([`super::server::root`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};

use crate::config::Config;

/// The `@directus/app` version Directus 12.4.0 depends on.
pub(crate) const APP_VERSION: &str = "18.0.0";

/// Where the app is looked for when `--studio-dir` is not given, relative to a base folder.
const PACKAGE: &str = "node_modules/@directus/app";

/// The loaded Studio: its `dist` folder and the rewritten `index.html`.
struct Studio {
    dist: PathBuf,
    html: String,
}

/// The `dist` folder of the installed app the configuration points at, or an
/// error saying where the mock looked and how to install the package.
pub(crate) fn locate(config: &Config) -> anyhow::Result<PathBuf> {
    let mut candidates = Vec::new();
    if let Some(dir) = &config.studio_dir {
        candidates.push(dir.join("dist"));
        candidates.push(dir.clone());
    } else {
        if let Some(fixture) = &config.fixture {
            candidates.push(fixture.join(PACKAGE).join("dist"));
            if let Some(parent) = fixture.parent() {
                candidates.push(parent.join(PACKAGE).join("dist"));
            }
        }
        candidates.push(Path::new(PACKAGE).join("dist"));
    }
    if let Some(found) = candidates.iter().find(|dir| dir.join("index.html").is_file()) {
        return Ok(found.clone());
    }
    let looked: Vec<String> = candidates.iter().map(|d| d.display().to_string()).collect();
    anyhow::bail!(
        "--studio: no Directus Data Studio found (looked for index.html in {}). \
         Install the app Directus 12.4 ships with: `npm install @directus/app@{APP_VERSION}` \
         (in the fixture's folder or the working directory), or pass --studio-dir <its folder>",
        looked.join(", ")
    )
}

/// The `/admin` routes when the configuration asks for the Studio (its `dist`
/// already found by [`locate`]); none otherwise.
pub(crate) fn for_config(config: &Config) -> Router {
    match (config.studio, &config.studio_dir) {
        (true, Some(dist)) => router(dist).unwrap_or_else(|e| {
            tracing::error!("the Data Studio is not served: {e:#}");
            Router::new()
        }),
        _ => Router::new(),
    }
}

/// The `/admin` routes for an app in `dist`, without state of their own.
pub(crate) fn router<S: Clone + Send + Sync + 'static>(dist: &Path) -> anyhow::Result<Router<S>> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| anyhow::anyhow!("reading {}: {e}", dist.join("index.html").display()))?;
    // Directus replaces the first `<base />` only, and the embed placeholders.
    let html = index
        .replacen("<base />", r#"<base href="/admin/" />"#, 1)
        .replacen("<!-- directus-embed-head -->", "", 1)
        .replacen("<!-- directus-embed-body -->", "", 1);
    let studio = Arc::new(Studio { dist: dist.to_owned(), html });
    Ok(Router::new()
        .route("/admin", get(index_page))
        .route("/admin/{*path}", get(file))
        .with_state(studio))
}

async fn index_page(State(studio): State<Arc<Studio>>) -> Response {
    html(&studio)
}

/// A file of `dist`, or the app's page for any other path (the SPA fallback).
async fn file(State(studio): State<Arc<Studio>>, UrlPath(path): UrlPath<String>) -> Response {
    let Some(file) = safe_path(&studio.dist, &path) else { return html(&studio) };
    let read = tokio::task::spawn_blocking({
        let file = file.clone();
        move || std::fs::read(file)
    });
    match read.await {
        Ok(Ok(bytes)) => {
            let mut resp = (StatusCode::OK, Body::from(bytes)).into_response();
            let headers = resp.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=31536000, immutable"),
            );
            headers.insert(header::VARY, HeaderValue::from_static("Origin, Cache-Control"));
            resp
        }
        _ => html(&studio),
    }
}

fn html(studio: &Studio) -> Response {
    let mut resp = (StatusCode::OK, studio.html.clone()).into_response();
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::VARY, HeaderValue::from_static("Origin, Cache-Control"));
    resp
}

/// The file a URL path names inside `dist`, when it is a plain relative path
/// to an existing file (no `..`, `.`, empty or backslashed segments).
fn safe_path(dist: &Path, path: &str) -> Option<PathBuf> {
    let mut file = dist.to_owned();
    for segment in path.split('/') {
        if segment.is_empty()
            || segment == "."
            || segment == ".."
            || segment.contains(['\\', '\0'])
            || segment.starts_with('.')
        {
            return None;
        }
        file.push(segment);
    }
    file.is_file().then_some(file)
}

/// The media type of a `dist` file by its extension (the kinds the app ships).
fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "js" | "mjs" => "application/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/vnd.microsoft.icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_dist_are_refused() {
        let dist = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(safe_path(dist, "Cargo.toml").is_some());
        for bad in ["../Cargo.toml", "src/../Cargo.toml", "./Cargo.toml", "", "src//lib.rs", ".git"]
        {
            assert!(safe_path(dist, bad).is_none(), "{bad}");
        }
        assert!(safe_path(dist, "src").is_none(), "a folder is not a file");
    }

    #[test]
    fn a_missing_app_says_how_to_install_it() {
        let config = Config { studio_dir: Some("/no/such/dir".into()), ..Config::default() };
        let message = locate(&config).unwrap_err().to_string();
        assert!(message.contains("npm install @directus/app@18.0.0"), "{message}");
        assert!(message.contains("/no/such/dir/dist"), "{message}");
    }
}
