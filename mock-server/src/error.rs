//! Directus error codes and the error value every layer returns.
//!
//! The table in [`error_codes!`] is the single place where a code, its wire
//! string, its HTTP status and its default message are declared. Services and
//! engines build [`Error`] values; the HTTP layer renders them as
//! `{"errors":[{"message","extensions":{...,"code"}}]}` and GraphQL puts the
//! same code into `extensions.code`.

use std::fmt;

use http::StatusCode;
use serde_json::{Map, Value, json};

macro_rules! error_codes {
    ($( $variant:ident => ($wire:literal, $status:literal, $message:literal), )*) => {
        /// Every error code the mock can answer with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum ErrorCode { $( $variant, )* }

        impl ErrorCode {
            /// All codes, in table order.
            pub(crate) const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code of a wire string (`"FORBIDDEN"`), if the table has it.
            pub(crate) fn from_wire(wire: &str) -> Option<ErrorCode> {
                Self::ALL.iter().copied().find(|c| c.wire() == wire)
            }

            /// The string clients see in `extensions.code`.
            pub(crate) fn wire(self) -> &'static str {
                match self { $( ErrorCode::$variant => $wire, )* }
            }

            /// The HTTP status a REST response carries for this code.
            pub(crate) fn status(self) -> StatusCode {
                let raw: u16 = match self { $( ErrorCode::$variant => $status, )* };
                StatusCode::from_u16(raw).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }

            /// The message used when the error carries no specific one.
            pub(crate) fn default_message(self) -> &'static str {
                match self { $( ErrorCode::$variant => $message, )* }
            }
        }
    };
}

error_codes! {
    // The fourteen codes of the seed's error table.
    FailedValidation => ("FAILED_VALIDATION", 400, "Validation failed."),
    Forbidden => ("FORBIDDEN", 403, "You don't have permission to access this."),
    InvalidToken => ("INVALID_TOKEN", 403, "Invalid token."),
    TokenExpired => ("TOKEN_EXPIRED", 401, "Token expired."),
    InvalidCredentials => ("INVALID_CREDENTIALS", 401, "Invalid user credentials."),
    InvalidIp => ("INVALID_IP", 401, "Invalid IP address."),
    InvalidOtp => ("INVALID_OTP", 401, "Invalid user OTP."),
    InvalidPayload => ("INVALID_PAYLOAD", 400, "Invalid payload."),
    InvalidQuery => ("INVALID_QUERY", 400, "Invalid query."),
    UnsupportedMediaType => ("UNSUPPORTED_MEDIA_TYPE", 415, "Unsupported media type."),
    RequestsExceeded => ("REQUESTS_EXCEEDED", 429, "Too many requests."),
    RouteNotFound => ("ROUTE_NOT_FOUND", 404, "Route doesn't exist."),
    ServiceUnavailable => ("SERVICE_UNAVAILABLE", 503, "Service is unavailable."),
    UnprocessableEntity => ("UNPROCESSABLE_ENTITY", 422, "Can't process content."),
    // Codes Directus 12.4 adds or renames.
    UnprocessableContent => ("UNPROCESSABLE_CONTENT", 422, "Can't process content."),
    CollectionInactive => ("COLLECTION_INACTIVE", 403, "Collection is inactive."),
    ContentTooLarge => ("CONTENT_TOO_LARGE", 413, "Uploaded content is too large."),
    InternalServerError => ("INTERNAL_SERVER_ERROR", 500, "An unexpected error occurred."),
    InvalidForeignKey => ("INVALID_FOREIGN_KEY", 400, "Invalid foreign key."),
    LimitExceeded => ("LIMIT_EXCEEDED", 403, "Limit exceeded."),
    MethodNotAllowed => ("METHOD_NOT_ALLOWED", 405, "Method not allowed."),
    NotNullViolation => ("NOT_NULL_VIOLATION", 400, "Value can't be null."),
    RecordNotUnique => ("RECORD_NOT_UNIQUE", 400, "Value has to be unique."),
    ValueTooLong => ("VALUE_TOO_LONG", 400, "Value is too long."),
    ValueOutOfRange => ("VALUE_OUT_OF_RANGE", 400, "Numeric value is out of range."),
    ResourceRestricted => ("RESOURCE_RESTRICTED", 403, "Resource is restricted."),
    VersionHashMismatch => ("VERSION_HASH_MISMATCH", 422, "Main item has changed since this version was last updated."),
    UserSuspended => ("USER_SUSPENDED", 401, "User suspended."),
    GraphqlValidation => ("GRAPHQL_VALIDATION", 400, "GraphQL validation error."),
    // Realtime's own: a socket's `auth` that fails.
    AuthFailed => ("AUTH_FAILED", 401, "Authentication failed."),
    // ... and one that does not `auth` again in time after its token expired.
    AuthTimeout => ("AUTH_TIMEOUT", 401, "Authentication timed out."),
    // Codes of the file library and `/assets`.
    IllegalAssetTransformation => ("ILLEGAL_ASSET_TRANSFORMATION", 400, "Illegal asset transformation."),
    RangeNotSatisfiable => ("RANGE_NOT_SATISFIABLE", 416, "Range is invalid or the file's size doesn't match the requested range."),
}

/// One entry of a Directus error response.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ErrorItem {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
    /// Code-specific keys (`reason`, `field`, `collection`, ...); `code` is added on render.
    pub(crate) extensions: Map<String, Value>,
}

/// What every fallible operation of the mock returns: one or more Directus errors.
///
/// Several items happen for validation, where Directus reports every failing
/// field at once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error {
    pub(crate) items: Vec<ErrorItem>,
    /// Extra response headers (`Retry-After`, `Allow`).
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A code and status outside the table: the error a flow's `throw-error`
    /// operation raised, answered with the code and status it names.
    pub(crate) custom: Option<Box<(String, StatusCode)>>,
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            items: vec![ErrorItem { code, message: message.into(), extensions: Map::new() }],
            headers: Vec::new(),
            custom: None,
        }
    }

    pub(crate) fn bare(code: ErrorCode) -> Self {
        Self::new(code, code.default_message())
    }

    /// Several errors reported together.
    pub(crate) fn many(items: Vec<ErrorItem>) -> Self {
        Error { items, headers: Vec::new(), custom: None }
    }

    /// An error with any code and status (a flow's `throw-error`): a code
    /// the table has keeps its entry; another is answered as it is named.
    pub(crate) fn thrown(code: &str, status: u16, message: &str, ext: Map<String, Value>) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let known = ErrorCode::from_wire(code).filter(|c| c.status() == status);
        let mut err = Self::new(known.unwrap_or(ErrorCode::InternalServerError), message);
        if let Some(item) = err.items.last_mut() {
            item.extensions = ext;
        }
        if known.is_none() {
            err.custom = Some(Box::new((code.to_owned(), status)));
        }
        err
    }

    /// The wire code of an item (a custom code overrides the table's).
    pub(crate) fn wire_code(&self, item: &ErrorItem) -> String {
        match &self.custom {
            Some(custom) => custom.0.clone(),
            None => item.code.wire().to_owned(),
        }
    }

    /// Adds an extension key to the (last) item.
    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        if let Some(item) = self.items.last_mut() {
            item.extensions.insert(key.to_owned(), value.into());
        }
        self
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn first(&self) -> &ErrorItem {
        &self.items[0]
    }

    pub(crate) fn code(&self) -> ErrorCode {
        self.first().code
    }

    /// The HTTP status: the shared status of all items, or 500 when they differ.
    pub(crate) fn status(&self) -> StatusCode {
        if let Some(custom) = &self.custom {
            return custom.1;
        }
        let first = self.items.first().map(|i| i.code.status());
        match first {
            Some(s) if self.items.iter().all(|i| i.code.status() == s) => s,
            Some(_) => StatusCode::INTERNAL_SERVER_ERROR,
            None => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The REST body: `{"errors":[...]}` with `code` as the last extension key.
    pub(crate) fn to_body(&self) -> Value {
        let errors: Vec<Value> = self
            .items
            .iter()
            .map(|item| {
                let mut ext = item.extensions.clone();
                ext.insert("code".into(), Value::String(self.wire_code(item)));
                json!({ "message": item.message, "extensions": ext })
            })
            .collect();
        json!({ "errors": errors })
    }

    // ----- constructors for the errors services raise most -----

    /// The generic FORBIDDEN without a reason (missing item, bad key, system collection).
    pub(crate) fn forbidden() -> Self {
        Self::bare(ErrorCode::Forbidden)
    }

    /// FORBIDDEN whose message is also its `extensions.reason`.
    pub(crate) fn forbidden_reason(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self::new(ErrorCode::Forbidden, reason.clone()).with("reason", reason)
    }

    /// The FORBIDDEN Directus gives for a collection that is unknown or not permitted.
    pub(crate) fn collection_forbidden(collection: &str, queried_in: &QueriedIn<'_>) -> Self {
        Self::forbidden_reason(format!(
            "You don't have permission to access collection \"{collection}\" or it does not exist. {queried_in}"
        ))
    }

    /// The FORBIDDEN Directus gives for fields that are unknown or not permitted.
    pub(crate) fn fields_forbidden(
        fields: &[&str],
        collection: &str,
        queried_in: &QueriedIn<'_>,
    ) -> Self {
        let reason = if fields.len() == 1 {
            format!(
                "You don't have permission to access field \"{}\" in collection \"{collection}\" or it does not exist. {queried_in}",
                fields[0]
            )
        } else {
            let list: Vec<String> = fields.iter().map(|f| format!("\"{f}\"")).collect();
            format!(
                "You don't have permission to access fields {} in collection \"{collection}\" or they do not exist. {queried_in}",
                list.join(", ")
            )
        };
        Self::forbidden_reason(reason)
    }

    pub(crate) fn field_forbidden(
        field: &str,
        collection: &str,
        queried_in: &QueriedIn<'_>,
    ) -> Self {
        Self::fields_forbidden(&[field], collection, queried_in)
    }

    /// `INVALID_QUERY` with message `Invalid query. <reason>.`
    pub(crate) fn invalid_query(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self::new(ErrorCode::InvalidQuery, format!("Invalid query. {reason}."))
            .with("reason", reason)
    }

    /// `INVALID_PAYLOAD` with message `Invalid payload. <reason>.`
    pub(crate) fn invalid_payload(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self::new(ErrorCode::InvalidPayload, format!("Invalid payload. {reason}."))
            .with("reason", reason)
    }

    /// `ROUTE_NOT_FOUND` for a path.
    pub(crate) fn route_not_found(path: &str) -> Self {
        Self::new(ErrorCode::RouteNotFound, format!("Route {path} doesn't exist."))
            .with("path", path)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InternalServerError, message)
    }

    /// `RECORD_NOT_UNIQUE` for a value of a field.
    pub(crate) fn not_unique(collection: &str, field: &str, value: &Value) -> Self {
        let shown = display_value(value);
        Self::new(
            ErrorCode::RecordNotUnique,
            format!("Value \"{shown}\" for field \"{field}\" in collection \"{collection}\" has to be unique."),
        )
        .with("collection", collection)
        .with("field", field)
        .with("value", value.clone())
    }

    pub(crate) fn invalid_foreign_key() -> Self {
        Self::new(ErrorCode::InvalidForeignKey, "Invalid foreign key.")
            .with("collection", Value::Null)
            .with("field", Value::Null)
            .with("value", Value::Null)
    }
}

/// How JavaScript's template strings print a JSON value inside a message.
pub(crate) fn display_value(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Array(items) => items.iter().map(display_value).collect::<Vec<_>>().join(","),
        Value::Object(_) => "[object Object]".into(),
        other => other.to_string(),
    }
}

/// Where in a nested query a problem was found: `Queried in root.` or `Queried in "author".`
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueriedIn<'a>(pub(crate) Option<&'a str>);

impl fmt::Display for QueriedIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None | Some("") => f.write_str("Queried in root."),
            Some(path) => write!(f, "Queried in \"{path}\"."),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> =
            self.items.iter().map(|i| format!("{} {}", i.code.wire(), i.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_is_unique_and_has_a_status() {
        let mut wires = HashSet::new();
        for code in ErrorCode::ALL {
            assert!(wires.insert(code.wire()), "duplicate wire string {}", code.wire());
            let status = code.status().as_u16();
            assert!((400..600).contains(&status), "{} has status {status}", code.wire());
            assert!(!code.default_message().is_empty());
        }
    }

    #[test]
    fn seed_table_statuses() {
        let seed = [
            ("FAILED_VALIDATION", 400),
            ("FORBIDDEN", 403),
            ("INVALID_TOKEN", 403),
            ("TOKEN_EXPIRED", 401),
            ("INVALID_CREDENTIALS", 401),
            ("INVALID_IP", 401),
            ("INVALID_OTP", 401),
            ("INVALID_PAYLOAD", 400),
            ("INVALID_QUERY", 400),
            ("UNSUPPORTED_MEDIA_TYPE", 415),
            ("REQUESTS_EXCEEDED", 429),
            ("ROUTE_NOT_FOUND", 404),
            ("SERVICE_UNAVAILABLE", 503),
            ("UNPROCESSABLE_ENTITY", 422),
        ];
        for (wire, status) in seed {
            let code = ErrorCode::ALL.iter().find(|c| c.wire() == wire).expect(wire);
            assert_eq!(code.status().as_u16(), status, "{wire}");
        }
    }

    #[test]
    fn body_puts_code_last() {
        let err = Error::invalid_query("\"limit\" must be a number");
        assert_eq!(
            serde_json::to_string(&err.to_body()).unwrap(),
            r#"{"errors":[{"message":"Invalid query. \"limit\" must be a number.","extensions":{"reason":"\"limit\" must be a number","code":"INVALID_QUERY"}}]}"#
        );
    }

    #[test]
    fn mixed_statuses_become_500() {
        let mut err = Error::forbidden();
        err.items.extend(Error::invalid_query("x").items);
        assert_eq!(err.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
