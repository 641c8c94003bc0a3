//! The server configurations capability scenarios need (`@needs-<capability>`):
//! what each one sets, and what the embedded mock and `--variants` make of them.

/// Capabilities the embedded mock offers to scenarios tagged `@needs-<capability>`:
/// it has no licence limits (custom permission rules work) and the harness
/// knows the secret that signs its tokens.
pub(crate) const MOCK_CAPABILITIES: &[&str] = &["embedded-mock", "license", "jwt-secret"];

/// A server configuration that some scenarios need (`@needs-<capability>`).
///
/// Without `--target`, the harness starts one extra embedded mock per variant
/// that a selected scenario needs, configured with `env`, and runs those
/// scenarios there, in the same report. CI starts a real Directus with the
/// same environment for each variant (`--variants` prints them) and runs the
/// scenarios tagged for it with `--capability <capability>`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Variant {
    /// The capability the configuration provides.
    pub(crate) capability: &'static str,
    /// Directus environment variables of the configuration (the mock reads the same names).
    pub(crate) env: &'static [(&'static str, &'static str)],
    /// Whether the fixture is provisioned: a tight rate limiter refuses provisioning,
    /// so its scenarios use no fixture.
    pub(crate) fixture: bool,
    /// Whether the server counts requests (a rate limiter): the harness then
    /// sends none of its own during the scenarios (no OpenAPI document fetches).
    pub(crate) counts_requests: bool,
    /// Whether a real Directus behaves so without any of `env` (its defaults): CI then
    /// declares the capability on its main run instead of starting another server.
    pub(crate) real_default: bool,
    /// Capabilities of the main embedded mock this configuration takes away.
    pub(crate) without: &'static [&'static str],
    /// What the configuration is for.
    pub(crate) about: &'static str,
}

/// Every variant the suite knows. Scenarios rely on these exact values.
pub(crate) const VARIANTS: &[Variant] = &[
    Variant {
        capability: "websockets",
        env: &[("WEBSOCKETS_ENABLED", "true")],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "realtime on: /websocket with the default handshake authentication",
    },
    Variant {
        capability: "websockets-strict",
        env: &[
            ("WEBSOCKETS_ENABLED", "true"),
            ("WEBSOCKETS_REST_AUTH", "strict"),
            ("WEBSOCKETS_GRAPHQL_AUTH", "strict"),
            ("WEBSOCKETS_REST_AUTH_TIMEOUT", "2"),
            ("ACCESS_TOKEN_TTL", "3s"),
        ],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "realtime and graphql-ws in strict mode (the upgrade request carries the token), \
                access tokens of 3 seconds, 2 seconds to authenticate again",
    },
    Variant {
        capability: "websockets-tight",
        env: &[
            ("WEBSOCKETS_ENABLED", "true"),
            ("WEBSOCKETS_REST_CONN_LIMIT", "1"),
            ("WEBSOCKETS_REST_AUTH_TIMEOUT", "1"),
            ("WEBSOCKETS_HEARTBEAT_PERIOD", "1"),
            // graphql-ws in public mode (the REST socket keeps handshake).
            ("WEBSOCKETS_GRAPHQL_AUTH", "public"),
            // The rate limiter on, generous for requests, tight for a socket's messages.
            ("RATE_LIMITER_ENABLED", "true"),
            ("RATE_LIMITER_POINTS", "100000"),
            ("RATE_LIMITER_DURATION", "1"),
            ("RATE_LIMITER_WEBSOCKETS_POINTS", "3"),
            ("RATE_LIMITER_WEBSOCKETS_DURATION", "10"),
        ],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "realtime with one connection at most, 1 second to authenticate, a ping every second, \
                3 messages per socket in 10 seconds; graphql-ws in public mode",
    },
    Variant {
        capability: "websockets-paths",
        env: &[
            ("WEBSOCKETS_ENABLED", "true"),
            ("WEBSOCKETS_REST_PATH", "/realtime"),
            ("WEBSOCKETS_GRAPHQL_PATH", "/gql-realtime"),
        ],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "realtime on other paths: /realtime for the socket, /gql-realtime for graphql-ws",
    },
    Variant {
        capability: "rate-limiter",
        env: &[
            ("RATE_LIMITER_ENABLED", "true"),
            ("RATE_LIMITER_POINTS", "3"),
            ("RATE_LIMITER_DURATION", "2"),
        ],
        fixture: false,
        counts_requests: true,
        real_default: false,
        without: &[],
        about: "the IP rate limiter on: 3 requests per 2 seconds",
    },
    Variant {
        capability: "short-token-ttl",
        env: &[("ACCESS_TOKEN_TTL", "2s")],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "access tokens that expire after 2 seconds",
    },
    Variant {
        capability: "login-stall",
        env: &[("LOGIN_STALL_TIME", "500")],
        fixture: true,
        counts_requests: false,
        real_default: true,
        without: &[],
        about: "logins that take at least 500 ms (Directus' default; the mock answers at once)",
    },
    Variant {
        capability: "max-batch-mutation-200",
        env: &[("MAX_BATCH_MUTATION", "200")],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "at most 200 item writes per request (MAX_BATCH_MUTATION)",
    },
    Variant {
        capability: "query-limits",
        env: &[
            ("MAX_RELATIONAL_DEPTH", "2"),
            ("QUERY_LIMIT_DEFAULT", "3"),
            ("QUERYSTRING_ARRAY_LIMIT", "5"),
        ],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "tight query limits: relational depth 2, default limit 3, URL arrays of 5",
    },
    Variant {
        capability: "core-limits",
        env: &[("DIRECTUS_MOCK_CORE_LIMITS", "true")],
        fixture: true,
        counts_requests: false,
        real_default: true,
        without: &["license"],
        about: "the limits of an unlicensed Directus (Core tier)",
    },
    Variant {
        capability: "graphql-introspection-off",
        env: &[("GRAPHQL_INTROSPECTION", "false")],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "GraphQL introspection turned off",
    },
    Variant {
        capability: "query-limit-max-50",
        env: &[("QUERY_LIMIT_MAX", "50")],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "queries capped at 50 rows (QUERY_LIMIT_MAX)",
    },
    Variant {
        capability: "error-stacks",
        env: &[("NODE_ENV", "development")],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "development mode: stack traces in error responses",
    },
    Variant {
        capability: "cors",
        env: &[
            ("CORS_ENABLED", "true"),
            ("CORS_ORIGIN", "http://localhost:5173,http://127.0.0.1:5174"),
        ],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "CORS on for two origins (the other CORS_* variables at their defaults)",
    },
    Variant {
        capability: "cors-custom",
        env: &[
            ("CORS_ENABLED", "true"),
            ("CORS_ORIGIN", "regex:^http://localhost:51"),
            ("CORS_METHODS", "GET,POST"),
            ("CORS_ALLOWED_HEADERS", "X-Custom,Content-Type"),
            ("CORS_EXPOSED_HEADERS", "X-Total,Content-Range"),
            ("CORS_CREDENTIALS", "false"),
            ("CORS_MAX_AGE", "60"),
        ],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "CORS for origins matching a regular expression, every other CORS_* variable set",
    },
    Variant {
        capability: "cors-any",
        env: &[("CORS_ENABLED", "true"), ("CORS_ORIGIN", "true")],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "CORS on, CORS_ORIGIN=true: every request's origin is reflected",
    },
    Variant {
        capability: "cors-star",
        env: &[("CORS_ENABLED", "true"), ("CORS_ORIGIN", "*")],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "CORS on, CORS_ORIGIN=*: the wildcard for every caller",
    },
    Variant {
        capability: "files-limits",
        env: &[
            ("FILES_MAX_UPLOAD_SIZE", "1kb"),
            ("FILES_MIME_TYPE_ALLOW_LIST", "image/*,text/plain"),
            ("IMPORT_IP_DENY_LIST", "169.254.169.254"),
            ("ASSETS_CACHE_TTL", "1h"),
            ("ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION", "100"),
            ("ASSETS_TRANSFORM_MAX_OPERATIONS", "1"),
            ("ASSETS_INVALID_IMAGE_SENSITIVITY_LEVEL", "none"),
        ],
        fixture: true,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "uploads of at most 1 kB, images and plain text only; imports from loopback allowed; \
                assets cached 1 h, images over 100 px not transformed, one transforms operation, \
                damaged images transformed as far as they decode",
    },
    Variant {
        capability: "flows-env",
        env: &[
            (
                "FLOWS_ENV_ALLOW_LIST",
                "CONFORMANCE_FLOW_SITE,CONFORMANCE_FLOW_LIMIT,CONFORMANCE_FLOW_TAGS,\
                 CONFORMANCE_FLOW_ZIP,CONFORMANCE_FLOW_TEXT,CONFORMANCE_FLOW_UNSET",
            ),
            ("CONFORMANCE_FLOW_SITE", "https://example.com/shop"),
            ("CONFORMANCE_FLOW_LIMIT", "25"),
            ("CONFORMANCE_FLOW_TAGS", "news,,7"),
            ("CONFORMANCE_FLOW_ZIP", "01234"),
            ("CONFORMANCE_FLOW_TEXT", "string:25"),
            ("CONFORMANCE_FLOW_HIDDEN", "not-for-flows"),
        ],
        fixture: false,
        counts_requests: false,
        real_default: false,
        without: &[],
        about: "environment variables that flows may read as $env (FLOWS_ENV_ALLOW_LIST), \
                and one they may not",
    },
];

/// The capabilities of an embedded mock configured for a variant.
pub(crate) fn variant_capabilities(main: &[String], v: &Variant) -> Vec<String> {
    let mut caps: Vec<String> =
        main.iter().filter(|c| !v.without.contains(&c.as_str())).cloned().collect();
    caps.push(v.capability.to_owned());
    caps
}

/// Whether a scenario's server counts its requests (a `@needs-<capability>`
/// of a variant that does): the harness then sends none of its own.
pub(crate) fn counts_requests(tags: &[String]) -> bool {
    tags.iter()
        .filter_map(|t| t.strip_prefix("needs-"))
        .any(|cap| variant(cap).is_some_and(|v| v.counts_requests))
}

/// What a run's variants set an environment variable to (`WEBSOCKETS_REST_PATH`, ...):
/// the first declared capability whose variant sets it, else `default`. The harness
/// learns a server's paths so, not from constants.
pub(crate) fn env_value<'a>(capabilities: &[String], name: &str, default: &'a str) -> &'a str
where
    'static: 'a,
{
    capabilities
        .iter()
        .filter_map(|c| variant(c))
        .find_map(|v| v.env.iter().find(|(k, _)| *k == name).map(|(_, val)| *val))
        .unwrap_or(default)
}

/// The variant that provides a capability.
pub(crate) fn variant(capability: &str) -> Option<&'static Variant> {
    VARIANTS.iter().find(|v| v.capability == capability)
}

/// The lines `--variants` prints: `capability default|separate KEY=value ...`, where
/// `default` means a real Directus has the capability as it comes.
pub(crate) fn variants_listing() -> String {
    VARIANTS
        .iter()
        .map(|v| {
            let env: Vec<String> = v.env.iter().map(|(k, val)| format!("{k}={val}")).collect();
            let kind = if v.real_default { "default" } else { "separate" };
            format!("{} {kind} {}\n", v.capability, env.join(" "))
        })
        .collect()
}
