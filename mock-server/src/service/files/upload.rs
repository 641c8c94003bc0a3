//! Uploads: the parts of a multipart `POST /files` or `PATCH /files/:id`, in
//! the order they came, as Directus' busboy handler takes them.
//!
//! Fields set the metadata of the next file (`"null"`, `"true"` and
//! `"false"` become their JSON values); each file is checked (a file name,
//! an allowed media type), stored, and starts a fresh set of fields. A file
//! is one store transaction: its row and its bytes land together or not at
//! all. A later part that fails leaves the files before it in place, as in
//! Directus, and nothing of itself.

use bytes::Bytes;
use serde_json::{Map, Value};

use super::meta::{self, extname, format_title, stem};
use super::{LOCATION, check_filename_disk, default_folder};
use crate::error::{Error, ErrorCode, Result};
use crate::service::items::{Items, Written};
use crate::service::{Accountability, App};
use crate::storage::sanitize_key;
use crate::store::Pk;
use crate::system::FILES;

/// The largest upload the mock takes when `FILES_MAX_UPLOAD_SIZE` is unset
/// (Directus has no limit; the mock holds uploads in memory).
const MOCK_CEILING: u64 = 256 * 1024 * 1024;

/// A file part's header, accepted before its bytes are read.
#[derive(Debug)]
pub(crate) struct FilePart {
    filename: String,
    media_type: String,
}

/// One multipart upload request.
pub(crate) struct Session<'a> {
    items: Items<'a>,
    /// `PATCH /files/:id`: the file whose bytes are replaced.
    replacing: Option<String>,
    /// The fields since the last file.
    fields: Map<String, Value>,
    saved: Vec<Pk>,
}

/// The largest file an upload may have, in bytes (`FILES_MAX_UPLOAD_SIZE`):
/// a file must be smaller, as busboy's limit truncates at that size.
pub(crate) fn max_size(app: &App) -> u64 {
    app.config
        .files
        .files_max_upload_size
        .as_deref()
        .and_then(meta::parse_size)
        .unwrap_or(MOCK_CEILING)
}

fn allow_list(app: &App) -> Vec<String> {
    app.config.files.files_mime_type_allow_list.split(',').map(str::to_owned).collect()
}

/// busboy's file name: the last path segment (`..` and `.` are none).
pub(crate) fn basename(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    if last == ".." || last == "." { String::new() } else { last.to_owned() }
}

impl<'a> Session<'a> {
    pub(crate) fn new(
        app: &'a App,
        acc: &'a Accountability,
        replacing: Option<String>,
    ) -> Result<Session<'a>> {
        Ok(Session {
            items: Items::new(app, acc, FILES)?,
            replacing,
            fields: Map::new(),
            saved: Vec::new(),
        })
    }

    /// A form field: metadata for the next file.
    pub(crate) fn field(&mut self, name: &str, value: &str) {
        let v = match value.trim() {
            "null" => Value::Null,
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(value.to_owned()),
        };
        self.fields.insert(name.to_owned(), v);
    }

    /// A file part begins: its name and media type are checked before its bytes are read.
    pub(crate) fn start_file(&self, filename: Option<&str>, media_type: &str) -> Result<FilePart> {
        let Some(filename) = filename.filter(|f| !f.is_empty()) else {
            return Err(Error::invalid_payload("File is missing filename"));
        };
        if !meta::mime_allowed(media_type, &allow_list(self.items.app)) {
            return Err(Error::invalid_payload("File is of invalid content type"));
        }
        Ok(FilePart { filename: filename.to_owned(), media_type: media_type.to_owned() })
    }

    /// The largest file this upload takes.
    pub(crate) fn max_size(&self) -> u64 {
        max_size(self.items.app)
    }

    /// A file part's bytes, read in full: the file is stored.
    pub(crate) fn finish_file(&mut self, part: FilePart, bytes: Bytes) -> Result<()> {
        if bytes.len() as u64 >= self.max_size() {
            return Err(Error::bare(ErrorCode::ContentTooLarge));
        }
        let mut data = std::mem::take(&mut self.fields);
        if self.replacing.is_none() && !data.get("title").is_some_and(is_set) {
            data.insert("title".into(), Value::String(format_title(stem(&part.filename))));
        }
        if !data.get("filename_download").is_some_and(is_set) {
            data.insert("filename_download".into(), Value::String(part.filename.clone()));
        }
        data.insert("type".into(), Value::String(part.media_type));
        let pk = store(&self.items, self.replacing.as_deref(), data, bytes)?;
        self.saved.push(pk);
        Ok(())
    }

    /// The end of the body: what was stored, for the answer.
    pub(crate) fn finish(self) -> Result<(Items<'a>, Written)> {
        if self.saved.is_empty() {
            return Err(Error::invalid_payload("No files were included in the body"));
        }
        let written = if self.replacing.is_some() {
            // The answer reads the file the URL names (a replacement of a missing
            // file made a new one the answer does not show).
            let key = self.replacing.clone().map(|k| Pk::Str(k.into()));
            Written::One(key.unwrap_or_else(|| self.saved[0].clone()))
        } else if self.saved.len() == 1 {
            Written::One(self.saved[0].clone())
        } else {
            Written::Many(self.saved)
        };
        Ok((self.items, written))
    }
}

fn is_set(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false)) && v.as_str() != Some("")
}

/// The row a replaced file keeps (Directus reads these columns of it).
fn existing(app: &App, pk: &str) -> Option<Map<String, Value>> {
    let db = app.store.snapshot();
    let row = db.row(FILES, &Pk::Str(pk.into()))?;
    let keep = [
        "folder",
        "filename_download",
        "filename_disk",
        "title",
        "description",
        "metadata",
        "storage",
    ];
    Some(keep.iter().filter_map(|k| row.get(*k).map(|v| ((*k).to_owned(), v.clone()))).collect())
}

/// The extension a file's bytes are stored with: its download name's, or its media type's.
fn extension(payload: &Map<String, Value>) -> String {
    let from_name = payload.get("filename_download").and_then(Value::as_str).map(extname);
    match from_name.filter(|e| !e.is_empty()) {
        Some(ext) => ext.to_owned(),
        None => payload
            .get("type")
            .and_then(Value::as_str)
            .and_then(meta::extension_of)
            .map(|e| format!(".{e}"))
            .unwrap_or_default(),
    }
}

/// Stores one file: a new row, or the row of the file it replaces, with the
/// facts Directus computes (size, image dimensions, upload time) and the
/// bytes, in one transaction.
pub(crate) fn store(
    items: &Items<'_>,
    replacing: Option<&str>,
    data: Map<String, Value>,
    bytes: Bytes,
) -> Result<Pk> {
    let app = items.app;
    let current = replacing.and_then(|pk| existing(app, pk));
    let mut payload = Map::new();
    payload.insert("storage".into(), Value::String(LOCATION.into()));
    payload.extend(current.clone().unwrap_or_default());
    payload.extend(data);
    if !payload.contains_key("folder") {
        let folder = default_folder(app);
        if !folder.is_null() {
            payload.insert("folder".into(), folder);
        }
    }
    let id = match (&current, replacing) {
        (Some(_), Some(pk)) => pk.to_owned(),
        _ => match payload.get("id") {
            Some(Value::String(id)) => id.clone(),
            _ => app.ids.uuid(),
        },
    };
    check_filename_disk(app, &mut payload, current.as_ref().map(|_| id.as_str()))?;
    let ext = extension(&payload);
    let by_id = format!("{id}{ext}");
    let disk = match payload.get("filename_disk").and_then(Value::as_str) {
        Some(name) if !name.is_empty() && (current.is_none() || extname(name) == ext) => {
            name.to_owned()
        }
        _ => by_id,
    };
    payload.insert("filename_disk".into(), Value::String(disk.clone()));
    payload.insert("filesize".into(), Value::from(bytes.len()));
    let media_type = payload.get("type").and_then(Value::as_str).unwrap_or("").to_owned();
    let max_dimension = app.config.files.assets_transform_image_max_dimension;
    for (k, v) in meta::image_metadata(&media_type, &bytes, max_dimension) {
        if !payload.get(&k).is_some_and(is_set) {
            payload.insert(k, v);
        }
    }
    payload.insert("uploaded_on".into(), Value::String(app.now().to_rfc3339()));
    let key = sanitize_key(&disk);
    match current {
        Some(_) => {
            payload.remove("id");
            items.write_storing(Some((key, bytes)), |w, _| {
                let pk = Pk::Str(id.as_str().into());
                w.update_many(FILES, std::slice::from_ref(&pk), &Value::Object(payload), &[])?;
                Ok(pk)
            })
        }
        None => {
            payload.insert("id".into(), Value::String(id));
            items.write_storing(Some((key, bytes)), |w, _| {
                w.create_one(FILES, &Value::Object(payload), &[])
            })
        }
    }
}
