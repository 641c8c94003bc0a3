//! The HTTP status every Directus error code must come with, from the seed's
//! error table and the catalog. The harness keeps its own copy on purpose:
//! it judges targets by the documented contract, never by the mock's code.

/// `(code, status)` pairs; the first fourteen are the seed's table.
pub(crate) const STATUS_OF: &[(&str, u16)] = &[
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
    ("UNPROCESSABLE_CONTENT", 422),
    ("COLLECTION_INACTIVE", 403),
    ("RECORD_NOT_UNIQUE", 400),
    ("INVALID_FOREIGN_KEY", 400),
    ("NOT_NULL_VIOLATION", 400),
    ("VALUE_TOO_LONG", 400),
    ("VALUE_OUT_OF_RANGE", 400),
    ("CONTAINS_NULL_VALUES", 400),
    ("INTERNAL_SERVER_ERROR", 500),
    ("RESOURCE_RESTRICTED", 403),
    ("LIMIT_EXCEEDED", 403),
    ("METHOD_NOT_ALLOWED", 405),
    ("USER_SUSPENDED", 401),
    ("GRAPHQL_VALIDATION", 400),
    ("GRAPHQL_EXECUTION", 400),
    ("CONTENT_TOO_LARGE", 413),
];

/// The status a code must come with, if the code is known.
pub(crate) fn status_of(code: &str) -> Option<u16> {
    STATUS_OF.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique() {
        let mut seen = HashSet::new();
        for (code, status) in STATUS_OF {
            assert!(seen.insert(*code), "{code} listed twice");
            assert!((400..600).contains(status));
        }
        assert_eq!(status_of("FORBIDDEN"), Some(403));
        assert_eq!(status_of("NOPE"), None);
    }
}
