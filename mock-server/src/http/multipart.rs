//! Multipart bodies read the way busboy (Directus' parser) reads them: a part
//! with a non-empty `filename` (or `filename*`), or of type
//! `application/octet-stream`, is a file, whose name is the last segment of
//! what the client sent (`..` and `.` are none); every other part is a
//! field of at most 1 MB (longer values are cut, as busboy cuts them). A
//! body that is not multipart is refused with busboy's errors, which
//! Directus answers as 500.

use axum::body::Body;
use bytes::Bytes;
use futures::StreamExt;
use http::header;

use crate::error::{Error, ErrorCode};

/// busboy's default `fieldSize` limit.
const FIELD_SIZE: usize = 1024 * 1024;

/// One part as it begins.
pub(crate) enum Part {
    Field { name: String, value: String },
    File { filename: Option<String>, media_type: String },
}

/// A multipart body being read part by part.
pub(crate) struct Reader {
    form: multer::Multipart<'static>,
    current: Option<multer::Field<'static>>,
}

fn broken() -> Error {
    Error::internal("Unexpected end of form")
}

/// Whether a request's body is multipart (Express' `req.is("multipart/form-data")`).
pub(crate) fn is_multipart(headers: &http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// A `Content-Disposition` parameter, unquoted; `filename*` decoded (RFC 5987).
fn param(disposition: &str, name: &str) -> Option<String> {
    for part in disposition.split(';').skip(1) {
        let Some((k, v)) = part.split_once('=') else { continue };
        if !k.trim().eq_ignore_ascii_case(name) {
            continue;
        }
        let v = v.trim();
        if name.ends_with('*') {
            let encoded = v.splitn(3, '\'').nth(2).unwrap_or(v);
            return Some(
                percent_encoding::percent_decode_str(encoded).decode_utf8_lossy().into_owned(),
            );
        }
        let unquoted = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(v);
        return Some(unquoted.replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    None
}

/// busboy's `basename`: the name after the last `/` or `\`; `..` and `.` are empty.
fn basename(name: &str) -> String {
    crate::service::files::upload::basename(name)
}

impl Reader {
    pub(crate) fn new(headers: &http::HeaderMap, body: Body) -> Result<Reader, Error> {
        let content_type =
            headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let boundary = multer::parse_boundary(content_type)
            .map_err(|_| Error::internal("Multipart: Boundary not found"))?;
        let stream = body.into_data_stream().map(|r| r.map_err(std::io::Error::other));
        Ok(Reader { form: multer::Multipart::new(stream, boundary), current: None })
    }

    /// The next part, or `None` at the end of the body.
    pub(crate) async fn next(&mut self) -> Result<Option<Part>, Error> {
        loop {
            let Some(field) = self.form.next_field().await.map_err(|_| broken())? else {
                return Ok(None);
            };
            let Some(disposition) = field
                .headers()
                .get(header::CONTENT_DISPOSITION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
            else {
                continue;
            };
            if !disposition.trim_start().to_ascii_lowercase().starts_with("form-data") {
                continue;
            }
            let name = param(&disposition, "name").unwrap_or_default();
            let raw_name = param(&disposition, "filename*")
                .filter(|f| !f.is_empty())
                .or_else(|| param(&disposition, "filename").filter(|f| !f.is_empty()));
            let filename = raw_name.map(|f| basename(&f));
            let media_type = field
                .content_type()
                .map_or_else(|| "text/plain".to_owned(), |m| m.essence_str().to_owned());
            if filename.is_some() || media_type == "application/octet-stream" {
                self.current = Some(field);
                return Ok(Some(Part::File { filename, media_type }));
            }
            let mut value = Vec::new();
            let mut field = field;
            while let Some(chunk) = field.chunk().await.map_err(|_| broken())? {
                let room = FIELD_SIZE.saturating_sub(value.len());
                value.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            return Ok(Some(Part::Field {
                name,
                value: String::from_utf8_lossy(&value).into_owned(),
            }));
        }
    }

    /// The bytes of the file part [`Reader::next`] just announced; a file of
    /// `limit` bytes or more is CONTENT_TOO_LARGE (and read no further).
    pub(crate) async fn file_bytes(&mut self, limit: u64) -> Result<Bytes, Error> {
        let Some(mut field) = self.current.take() else { return Ok(Bytes::new()) };
        let mut data = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| broken())? {
            data.extend_from_slice(&chunk);
            if data.len() as u64 >= limit {
                return Err(Error::bare(ErrorCode::ContentTooLarge));
            }
        }
        Ok(Bytes::from(data))
    }

    /// Skips the rest of the file part that was announced (a refused file).
    pub(crate) fn skip_file(&mut self) {
        self.current = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_parameters() {
        let d = r#"form-data; name="file"; filename="../../x/..\evil.txt""#;
        assert_eq!(param(d, "name").as_deref(), Some("file"));
        assert_eq!(basename(&param(d, "filename").unwrap()), "evil.txt");
        assert_eq!(
            param("form-data; filename*=UTF-8''a%20b.png", "filename*").as_deref(),
            Some("a b.png")
        );
        assert_eq!(basename(".."), "");
    }
}
