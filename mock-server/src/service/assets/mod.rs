//! `/assets/:id`: a file's bytes as Directus' assets controller and service
//! serve them — who may read them (file permissions, or the settings'
//! public pictures), byte ranges, the caching headers, and image
//! transformations (`params.rs` turns the query into sharp calls,
//! `sharp.rs` checks them as sharp does, `render.rs` runs them, `cache.rs`
//! keeps the results).

pub(crate) mod cache;
mod js;
mod params;
mod render;
mod sharp;

use std::sync::atomic::Ordering;

use bytes::Bytes;
use chrono::{NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value, json};

use self::js::Js;
use self::params::{AssetSettings, Call, FileFacts};
use self::sharp::{Pipeline, Refusal};
use super::files::meta::media_type_of_extension;
use super::items::Items;
use super::{Accountability, App};
use crate::engine::Action;
use crate::error::{Error, ErrorCode, QueriedIn, Result};
use crate::query::Query;
use crate::store::Pk;
use crate::system::{FILES, SETTINGS};

/// The media types Directus transforms (`SUPPORTED_IMAGE_TRANSFORM_FORMATS`).
const TRANSFORMABLE: &[&str] =
    &["image/jpeg", "image/png", "image/webp", "image/tiff", "image/avif"];

/// What a request for an asset says.
#[derive(Debug, Default)]
pub(crate) struct AssetRequest {
    /// The `:id` segment (Directus reads its first 36 characters).
    pub(crate) id: String,
    /// The optional `/:filename` segment, the download name.
    pub(crate) filename: Option<String>,
    /// The URL query, decoded, in order.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) range: Option<String>,
    pub(crate) accept: Option<String>,
    pub(crate) head: bool,
}

/// The answer: a status, its headers and its bytes.
#[derive(Debug)]
pub(crate) struct Asset {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Bytes,
}

/// A byte range as Directus reads `Range: bytes=<start>-<end>`.
#[derive(Debug, Clone, Copy, Default)]
struct Range {
    start: Option<i64>,
    end: Option<i64>,
}

impl Range {
    fn parse(header: &str) -> Option<Range> {
        let at = header.find("bytes=")?;
        let rest = &header[at + 6..];
        let start_len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (start, rest) = rest.split_at(start_len);
        let rest = rest.strip_prefix('-')?;
        let end_len = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let num = |s: &str| if s.is_empty() { None } else { s.parse::<i64>().ok() };
        Some(Range { start: num(start), end: num(&rest[..end_len]) })
    }

    fn refused(self) -> Error {
        let text = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        let mut detail = Map::new();
        if let Some(s) = self.start {
            detail.insert("start".into(), json!(s));
        }
        if let Some(e) = self.end {
            detail.insert("end".into(), json!(e));
        }
        Error::new(
            ErrorCode::RangeNotSatisfiable,
            format!(
                "Range \"{}-{}\" is invalid or the file's size doesn't match the requested range.",
                text(self.start),
                text(self.end)
            ),
        )
        .with("range", Value::Object(detail))
    }

    /// The range resolved against a file's size, as Directus' assets service does it.
    fn resolve(mut self, size: i64) -> Result<Range> {
        let missing = self.start.is_none() && self.end.is_none();
        let end_before_start = matches!((self.start, self.end), (Some(s), Some(e)) if e <= s);
        let start_overflow = self.start.is_some_and(|s| s >= size);
        let end_underflow = self.end.is_some_and(|e| e <= 0);
        if missing || end_before_start || start_overflow || end_underflow {
            return Err(self.refused());
        }
        let last = size - 1;
        if let Some(end) = self.end.filter(|e| *e != 0) {
            if self.start.is_none() {
                self.start = Some(size - end);
                self.end = Some(last);
            }
            if self.end.is_some_and(|e| e >= size) {
                self.end = Some(last);
            }
        }
        if let Some(start) = self.start.filter(|s| *s != 0) {
            if self.end.is_none() {
                self.end = Some(last);
            }
            if start < 0 {
                self.start = Some(0);
            }
        }
        Ok(self)
    }
}

fn settings_row(app: &App) -> Map<String, Value> {
    let db = app.store.snapshot();
    db.table(SETTINGS)
        .and_then(|t| t.rows.values().next())
        .map(|r| (**r).clone())
        .unwrap_or_default()
}

fn asset_settings(row: &Map<String, Value>) -> AssetSettings {
    let mode = match row.get("storage_asset_transform") {
        None => "all".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => String::new(),
    };
    let presets = match row.get("storage_asset_presets") {
        Some(Value::Array(list)) => list.clone(),
        Some(Value::String(text)) => serde_json::from_str(text).unwrap_or_default(),
        _ => Vec::new(),
    };
    AssetSettings { mode, presets }
}

fn is_uuid(id: &str) -> bool {
    uuid::Uuid::try_parse(id).is_ok() && id.len() == 36
}

/// Who may read the file: admins, anyone for the settings' public pictures,
/// others as their permissions on `directus_files` allow. The answer is the
/// fields the caller may read (`None`: all of them).
fn check_access(
    app: &App,
    acc: &Accountability,
    id: &str,
    settings: &Map<String, Value>,
) -> Result<Option<Vec<String>>> {
    let public = ["project_logo", "public_background", "public_foreground", "public_favicon"]
        .iter()
        .any(|k| settings.get(*k).and_then(Value::as_str) == Some(id));
    if public || acc.admin {
        return Ok(None);
    }
    let db = app.store.snapshot();
    if !acc.access(&db).can(FILES, Action::Read) {
        return Err(Error::collection_forbidden(FILES, &QueriedIn(None)));
    }
    let items = Items::new(app, acc, FILES)?;
    let query = Query { fields: Some(vec!["id".into()]), ..Query::default() };
    items.read_one(&Value::String(id.to_owned()), &query).map_err(|_| {
        Error::forbidden_reason(
            "You don't have permission to perform \"read\" for collection \"directus_files\" or it does not exist.",
        )
    })?;
    Ok(acc.access(&db).allowed_fields(FILES, Action::Read))
}

/// The file row as the answer's headers see it: Directus' assets service
/// keeps only the fields the caller may read, plus `type` and `filesize`, so
/// a field list without `filename_download` names the download after the id
/// and one without `modified_on` sends no `Last-Modified` or `ETag`.
fn readable(file: Map<String, Value>, allowed: Option<&[String]>) -> Map<String, Value> {
    let Some(allowed) = allowed else { return file };
    file.into_iter()
        .filter(|(k, _)| {
            k == "type" || k == "filesize" || allowed.iter().any(|f| f == k || f == "*")
        })
        .collect()
}

fn file_row(app: &App, id: &str) -> Result<Map<String, Value>> {
    let db = app.store.snapshot();
    db.row(FILES, &Pk::Str(id.into())).map(|r| (**r).clone()).ok_or_else(Error::forbidden)
}

fn unreachable_storage() -> Error {
    let reason = "Couldn't reach the storage location";
    Error::new(
        ErrorCode::ServiceUnavailable,
        format!("Service \"assets\" is unavailable. {reason}."),
    )
    .with("service", "assets")
    .with("reason", reason)
}

/// Serves `/assets/:id[/:filename]`.
pub(crate) fn serve(app: &App, acc: &Accountability, req: &AssetRequest) -> Result<Asset> {
    let settings = settings_row(app);
    let asset_settings = asset_settings(&settings);
    let requested =
        params::requested(&req.query, app.config.files.assets_transform_max_operations)?;
    params::check_keys(&requested, &asset_settings)?;
    let id: String = req.id.chars().take(36).collect();
    let wanted = params::with_preset(requested, &asset_settings);
    let mut vary = vec!["Origin", "Cache-Control"];
    let mut accept_format = None;
    if wanted.get("format").and_then(Js::str) == Some("auto") {
        let accept = req.accept.as_deref().unwrap_or("");
        accept_format = if accept.contains("image/avif") {
            Some("avif")
        } else if accept.contains("image/webp") {
            Some("webp")
        } else {
            None
        };
        vary.push("Accept");
    }
    let range = req.range.as_deref().filter(|_| wanted.is_empty()).and_then(Range::parse);
    if !is_uuid(&id) {
        return Err(Error::forbidden());
    }
    let allowed = check_access(app, acc, &id, &settings)?;
    let file = file_row(app, &id)?;
    let Some(disk) = file.get("filename_disk").and_then(Value::as_str).map(str::to_owned) else {
        return Err(unreachable_storage());
    };
    let original = match app.storage.get(&disk) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(Error::forbidden()),
        Err(_) => return Err(unreachable_storage()),
    };
    let size = original.len() as i64;
    let range = range.map(|r| r.resolve(size)).transpose()?;
    let media_type = file.get("type").and_then(Value::as_str).map(str::to_owned);
    let facts = FileFacts {
        media_type: media_type.clone(),
        width: file.get("width").and_then(Value::as_f64),
        height: file.get("height").and_then(Value::as_f64),
        focal_x: file.get("focal_point_x").and_then(Value::as_f64),
        focal_y: file.get("focal_point_y").and_then(Value::as_f64),
    };
    let calls = if wanted.is_empty() {
        Vec::new()
    } else {
        params::resolve(&wanted, &facts, accept_format)
    };
    let transformable = media_type.as_deref().is_some_and(|t| TRANSFORMABLE.contains(&t));
    let (body, served_type) = if transformable && !calls.is_empty() {
        let entry = transformed(app, &id, &disk, &original, &facts, &calls)?;
        (entry.bytes, entry.media_type)
    } else {
        (original, media_type)
    };
    let file = readable(file, allowed.as_deref());
    Ok(answer(app, acc, req, &file, &id, body, served_type, range, &vary))
}

/// A transformed asset: from the cache, or made now (within the limits).
fn transformed(
    app: &App,
    id: &str,
    disk: &str,
    original: &Bytes,
    facts: &FileFacts,
    calls: &[Call],
) -> Result<cache::Entry> {
    let key = format!(
        "{disk}|{}",
        calls
            .iter()
            .map(|(m, a)| format!("{m}({})", a.iter().map(Js::key).collect::<Vec<_>>().join(",")))
            .collect::<String>()
    );
    let new_format = params::new_format(calls);
    let media_type = match &new_format {
        Some(ext) => media_type_of_extension(ext).map(str::to_owned),
        None => facts.media_type.clone(),
    };
    if let Some(hit) = app.transforms.get(id, &key) {
        return Ok(hit);
    }
    let files = &app.config.files;
    let max_input = files.assets_transform_image_max_dimension as f64;
    let (w, h) = match (facts.width, facts.height) {
        (Some(w), Some(h)) if w > 0.0 && h > 0.0 && w <= max_input && h <= max_input => (w, h),
        _ => {
            return Err(Error::new(
                ErrorCode::IllegalAssetTransformation,
                "Illegal asset transformation.",
            )
            .with("invalidTransformations", json!(["width", "height"])));
        }
    };
    params::assert_allowed(w, h, calls, files.assets_transform_image_max_output_dimension as f64)?;
    let in_flight = app.transforming.load(Ordering::SeqCst);
    if in_flight > files.assets_transform_max_concurrent {
        let reason = "Server too busy";
        return Err(Error::new(
            ErrorCode::ServiceUnavailable,
            format!("Service \"files\" is unavailable. {reason}."),
        )
        .with("service", "files")
        .with("reason", reason));
    }
    let mut pipeline = Pipeline::default();
    for (method, args) in calls {
        pipeline.call(method, args).map_err(|r| match r {
            Refusal::Query(m) => Error::invalid_query(m),
            Refusal::Internal(m) => Error::internal(m),
        })?;
    }
    app.transforming.fetch_add(1, Ordering::SeqCst);
    let lenient = files.assets_invalid_image_sensitivity_level == "none";
    let rendered =
        render::render(original, facts.media_type.as_deref().unwrap_or(""), &pipeline, lenient);
    app.transforming.fetch_sub(1, Ordering::SeqCst);
    let rendered = rendered.map_err(|e| Error::internal(e.0))?;
    let entry = cache::Entry { bytes: Bytes::from(rendered.bytes), media_type };
    app.transforms.put(id, &key, entry.clone());
    Ok(entry)
}

/// Node's `content-disposition`: the name quoted, with an ASCII fallback and
/// `filename*` when it is not ISO-8859-1.
fn disposition(kind: &str, name: &str) -> String {
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    if name.chars().all(|c| (' '..='~').contains(&c) || ('\u{a0}'..='\u{ff}').contains(&c)) {
        return format!("{kind}; filename=\"{}\"", quote(name));
    }
    let fallback: String =
        name.chars().map(|c| if (' '..='~').contains(&c) { c } else { '?' }).collect();
    let encoded: String =
        percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%2E", ".")
            .replace("%2D", "-")
            .replace("%5F", "_");
    format!("{kind}; filename=\"{}\"; filename*=UTF-8''{encoded}", quote(&fallback))
}

#[allow(clippy::too_many_arguments)]
fn answer(
    app: &App,
    acc: &Accountability,
    req: &AssetRequest,
    file: &Map<String, Value>,
    id: &str,
    body: Bytes,
    media_type: Option<String>,
    range: Option<Range>,
    vary: &[&str],
) -> Asset {
    let mut headers: Vec<(&'static str, String)> =
        vec![("content-security-policy", "default-src 'none'".into())];
    headers.push(("content-type", media_type.unwrap_or_else(|| "null".into())));
    let name = req
        .filename
        .clone()
        .or_else(|| file.get("filename_download").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| id.to_owned());
    let download = req.query.iter().any(|(k, _)| k == "download");
    headers.push((
        "content-disposition",
        disposition(if download { "attachment" } else { "inline" }, &name),
    ));
    headers.push(("accept-ranges", "bytes".into()));
    let ttl = crate::config::parse_duration(&app.config.files.assets_cache_ttl)
        .map_or(0, |d| d.as_millis());
    let scope = if acc.role.is_none() { "public" } else { "private" };
    headers.push(("cache-control", format!("{scope}, max-age={}", (ttl as f64 / 1000.0).round())));
    headers.push(("vary", vary.join(", ")));
    let modified = file.get("modified_on").and_then(Value::as_str).and_then(|t| {
        NaiveDateTime::parse_from_str(t.get(..19).unwrap_or(t), "%Y-%m-%dT%H:%M:%S").ok()
    });
    if let Some(m) = modified {
        let at = Utc.from_utc_datetime(&m);
        headers.push(("last-modified", at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()));
        headers.push(("etag", format!("\"{}\"", at.timestamp())));
    }
    let size = body.len() as i64;
    let (status, body) = match range {
        Some(r) => {
            let start = r.start.unwrap_or(0).clamp(0, size);
            let end = r.end.map_or(size - 1, |e| e.min(size - 1));
            headers.push(("content-range", format!("bytes {start}-{end}/{size}")));
            let slice = body
                .slice(usize::try_from(start).unwrap_or(0)..usize::try_from(end + 1).unwrap_or(0));
            (206, slice)
        }
        None => (200, body),
    };
    if req.head {
        headers.push(("content-length", size.to_string()));
        return Asset { status: 200, headers, body: Bytes::new() };
    }
    headers.push(("content-length", body.len().to_string()));
    Asset { status, headers, body }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_resolve_as_directus_resolves_them() {
        let r = |h: &str| Range::parse(h).unwrap().resolve(12);
        let both = |h: &str| r(h).map(|r| (r.start, r.end)).ok();
        assert_eq!(both("bytes=0-4"), Some((Some(0), Some(4))));
        assert_eq!(both("bytes=6-"), Some((Some(6), Some(11))));
        assert_eq!(both("bytes=-5"), Some((Some(7), Some(11))));
        assert_eq!(both("bytes=3-100"), Some((Some(3), Some(11))));
        assert_eq!(both("bytes=-20"), Some((Some(0), Some(11))));
        assert!(both("bytes=20-").is_none());
        assert!(both("bytes=5-2").is_none());
        assert!(both("bytes=0-0").is_none());
        assert!(both("bytes=-").is_none());
        assert!(Range::parse("items=0-4").is_none());
        assert_eq!(
            r("bytes=20-").unwrap_err().first().message,
            "Range \"20-\" is invalid or the file's size doesn't match the requested range."
        );
    }

    #[test]
    fn download_names_are_quoted_as_node_quotes_them() {
        assert_eq!(disposition("inline", "photo.png"), "inline; filename=\"photo.png\"");
        assert_eq!(
            disposition("attachment", "a \"b\".txt"),
            "attachment; filename=\"a \\\"b\\\".txt\""
        );
        assert_eq!(
            disposition("inline", "日本.png"),
            "inline; filename=\"??.png\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.png"
        );
    }
}
