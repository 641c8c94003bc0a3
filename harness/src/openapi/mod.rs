//! `--check-openapi`: responses held to the OpenAPI document the target
//! publishes about itself (`/server/specs/oas`).
//!
//! A [`Document`] finds the documented operation of a request (path
//! templates, the server URL's base path), the response of its status (the
//! exact code, else `2XX`-style ranges; `default` documents nothing), and
//! validates a JSON body against that response's `application/json` schema
//! with the `jsonschema` crate, after `schema` turned OpenAPI 3.0 into JSON
//! Schema. Validators are compiled once per document and response.
//!
//! The [`Checker`] holds one document per caller: the document depends on
//! the caller's permissions, so it is fetched with the credentials of the
//! scenario's persona, and fetched again after a request that changes the
//! schema or permissions. A document that cannot be fetched checks nothing,
//! and neither does a download (`Content-Disposition: attachment`).

mod schema;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::{Map, Value};

use crate::api::{Api, Auth, Exchange, Method, Request};
use crate::report::{Violation, ViolationError};

/// At most this many schema errors are kept per response.
const MAX_ERRORS: usize = 10;

/// The response of a documented operation that a body is held to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Documented {
    /// `GET /items/articles/{id} 200`.
    pub(crate) operation: String,
    pub(crate) errors: Vec<ViolationError>,
}

/// One OpenAPI document and the validators compiled from it.
pub(crate) struct Document {
    doc: Value,
    /// The path of the first server URL (`/api` in `https://x.example/api`).
    base_path: String,
    /// `{"components": ...}` converted to JSON Schema: the root every response schema joins.
    components: Value,
    /// Compiled validators by (path template, method, status key); `None` when
    /// the schema does not compile (reported once as a violation).
    validators:
        Mutex<HashMap<(String, String, String), Arc<Result<jsonschema::Validator, String>>>>,
}

impl Document {
    pub(crate) fn new(doc: Value) -> Document {
        let components =
            doc.get("components").map(schema::convert).unwrap_or_else(|| Value::Object(Map::new()));
        let base_path = doc
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .and_then(|u| reqwest::Url::parse(u).ok())
            .map(|u| u.path().trim_end_matches('/').to_owned())
            .unwrap_or_default();
        Document {
            doc,
            base_path,
            components: serde_json::json!({ "components": components }),
            validators: Mutex::default(),
        }
    }

    /// The path template documenting `path` (query and fragment ignored):
    /// of the templates that match, the one with the most literal segments.
    pub(crate) fn template(&self, path: &str) -> Option<&str> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path.strip_prefix(self.base_path.as_str()).unwrap_or(path);
        let segments: Vec<String> = path.split('/').map(decode).collect();
        let paths = self.doc.get("paths")?.as_object()?;
        paths
            .keys()
            .filter_map(|t| {
                let parts: Vec<&str> = t.split('/').collect();
                if parts.len() != segments.len() {
                    return None;
                }
                let mut literal = 0;
                for (part, seg) in parts.iter().zip(&segments) {
                    if part.starts_with('{') && part.ends_with('}') {
                        if seg.is_empty() {
                            return None;
                        }
                    } else if *part == seg {
                        literal += 1;
                    } else {
                        return None;
                    }
                }
                Some((literal, t.as_str()))
            })
            .max_by_key(|(literal, _)| *literal)
            .map(|(_, t)| t)
    }

    /// Follows a local `$ref` (`#/components/responses/NotFoundError`) a few hops.
    fn resolve<'a>(&'a self, mut value: &'a Value) -> Option<&'a Value> {
        for _ in 0..8 {
            let Some(r) = value.get("$ref").and_then(Value::as_str) else { return Some(value) };
            value = self.doc.pointer(r.strip_prefix('#')?)?;
        }
        None
    }

    /// The documented response of an operation for a status: the exact code, else the range.
    fn response(&self, template: &str, method: &str, status: u16) -> Option<(String, &Value)> {
        let responses = self.doc.get("paths")?.get(template)?.get(method)?.get("responses")?;
        let code = status.to_string();
        let range = format!("{}XX", status / 100);
        let (key, response) =
            responses.as_object()?.iter().find(|(k, _)| **k == code).or_else(|| {
                responses.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(&range))
            })?;
        Some((key.clone(), self.resolve(response)?))
    }

    /// Checks a JSON body against the documented response; `None` when the
    /// request, its status or a JSON body is not documented.
    pub(crate) fn check(
        &self,
        method: Method,
        path: &str,
        status: u16,
        body: &Value,
    ) -> Option<Documented> {
        let template = self.template(path)?.to_owned();
        let method = method.as_str().to_ascii_lowercase();
        let (key, response) = self.response(&template, &method, status)?;
        let content = response.get("content")?.as_object()?;
        let schema = content
            .iter()
            .find(|(media, _)| {
                media.split(';').next().is_some_and(|m| m.trim() == "application/json")
            })
            .or_else(|| content.iter().find(|(media, _)| media.contains("json")))
            .and_then(|(_, c)| c.get("schema"))?;
        let operation = format!("{} {template} {key}", method.to_ascii_uppercase());
        let validator = self.validator((template, method, key), schema);
        let errors = match validator.as_ref() {
            Ok(v) => v
                .iter_errors(body)
                .take(MAX_ERRORS)
                .map(|e| ViolationError {
                    at: e.instance_path().to_string(),
                    message: crate::report::cut(&e.to_string(), 300),
                    schema: e.schema_path().to_string(),
                })
                .collect(),
            Err(e) => vec![ViolationError {
                at: String::new(),
                message: format!("the documented schema does not compile: {e}"),
                schema: String::new(),
            }],
        };
        Some(Documented { operation, errors })
    }

    fn validator(
        &self,
        key: (String, String, String),
        schema: &Value,
    ) -> Arc<Result<jsonschema::Validator, String>> {
        let mut cache = self.validators.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(cache.entry(key).or_insert_with(|| {
            let mut root = self.components.clone();
            if let (Value::Object(root), Value::Object(converted)) =
                (&mut root, schema::convert(schema))
            {
                root.extend(converted);
            }
            let built = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .should_validate_formats(false)
                .build(&root)
                .map_err(|e| e.to_string());
            Arc::new(built)
        }))
    }
}

/// A path segment as the server reads it (`%7B` → `{`); undecodable bytes stay as written.
fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// Requests after which the document is fetched again: they change the
/// schema or who may do what.
const CHANGES_DOCUMENT: &[&str] = &[
    "/collections",
    "/fields",
    "/relations",
    "/schema/apply",
    "/permissions",
    "/policies",
    "/access",
    "/roles",
    "/users",
    "/settings",
];

/// The documents of one pass, one per credential.
#[derive(Default)]
pub(crate) struct Checker {
    docs: Mutex<HashMap<String, Option<Arc<Document>>>>,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.docs.lock().unwrap_or_else(PoisonError::into_inner).len();
        write!(f, "Checker({n} documents)")
    }
}

impl Checker {
    /// The document as `auth` sees it; `None` when the target will not give it.
    async fn document(&self, api: &Api, auth: &Auth) -> Option<Arc<Document>> {
        let key = match auth {
            Auth::None => String::new(),
            Auth::Bearer(t) => t.clone(),
        };
        if let Some(doc) = self.docs.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return doc.clone();
        }
        let req = Request {
            method: Method::Get,
            path: "/server/specs/oas".into(),
            auth: auth.clone(),
            ..Request::default()
        };
        let doc = match api.send(req).await {
            Ok(ex) if ex.status == 200 => ex.json.map(|d| Arc::new(Document::new(d))),
            _ => None,
        };
        self.docs.lock().unwrap_or_else(PoisonError::into_inner).insert(key, doc.clone());
        doc
    }

    /// Holds one exchange to the document `auth` sees; a violation when the body disagrees.
    pub(crate) async fn check(
        &self,
        api: &Api,
        auth: &Auth,
        persona: &str,
        ex: &Exchange,
    ) -> Option<Violation> {
        let violation = self.violation(api, auth, persona, ex).await;
        if !ex.method.reads() && CHANGES_DOCUMENT.iter().any(|p| ex.path.starts_with(p)) {
            self.forget();
        }
        violation
    }

    async fn violation(
        &self,
        api: &Api,
        auth: &Auth,
        persona: &str,
        ex: &Exchange,
    ) -> Option<Violation> {
        let body = ex.json.as_ref()?;
        if !ex.header("content-type").is_some_and(|t| t.contains("json")) {
            return None;
        }
        // A download (`?export=json`) is a file, not the documented body.
        if ex.header("content-disposition").is_some_and(|d| d.starts_with("attachment")) {
            return None;
        }
        let doc = self.document(api, auth).await?;
        let documented = doc.check(ex.method, &ex.path, ex.status, body)?;
        (!documented.errors.is_empty()).then(|| Violation {
            persona: persona.to_owned(),
            exchange: format!("{} {} -> {}", ex.method, ex.path, ex.status),
            operation: documented.operation,
            errors: documented.errors,
        })
    }

    /// Drops every document (the schema or permissions changed).
    pub(crate) fn forget(&self) {
        self.docs.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}
