//! Server configuration: the variables a Directus deployment reads, as flags
//! with the same environment variable names and the defaults of
//! `real-directus/start.sh`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::vendor::Vendor;

/// Which behaviour the mock reproduces where the seed and Directus 12.4 disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Profile {
    /// The documented behaviour of the seed document (default).
    #[default]
    Seed,
    /// Directus 12.4 as observed, for example 204 for an admin PATCH of a missing item.
    #[value(name = "directus-12")]
    Directus12,
}

/// Everything `directus-mock` can be told.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on. Only loopback addresses are sensible for a mock.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "PORT", default_value_t = 8055)]
    pub port: u16,
    /// Email of the administrator created at start-up.
    #[arg(long, env = "ADMIN_EMAIL", default_value = "admin@example.com")]
    pub admin_email: String,
    /// Password of the administrator.
    #[arg(long, env = "ADMIN_PASSWORD", default_value = "admin-password")]
    pub admin_password: String,
    /// Static token of the administrator (sent as `Authorization: Bearer <token>`).
    #[arg(long, env = "ADMIN_TOKEN", default_value = "admin-static-token")]
    pub admin_token: String,
    /// Secret that signs access tokens (HS256). Unset, as in Directus, a random
    /// one is made at start-up (tokens do not outlive the process).
    #[arg(long, env = "SECRET")]
    pub secret: Option<String>,
    /// Behaviour profile where the seed and Directus 12.4 disagree.
    #[arg(long, env = "DIRECTUS_MOCK_PROFILE", value_enum, default_value_t = Profile::Seed)]
    pub profile: Profile,
    /// The database the mock behaves like, named as Directus' `DB_CLIENT`:
    /// sqlite3, pg or mysql (also: sqlite, postgres, mariadb).
    #[arg(long = "vendor", env = "DB_CLIENT", value_enum, default_value_t = Vendor::default())]
    pub vendor: Vendor,
    /// The database's name, as Directus' `DB_DATABASE`: MySQL shows it in a
    /// table's `schema` (`/collections`) and in its error messages. Unset:
    /// the name a pulled fixture recorded, else `directus`.
    #[arg(long = "db-database", env = "DB_DATABASE")]
    pub db_database: Option<String>,
    /// Fixture directory to load at start-up: a schema snapshot (`schema.json` or
    /// `schema.yaml`), `system/`, `content/`, `seed.json` (README, "Fixtures"),
    /// as `directus-mock pull` writes it.
    #[arg(long, env = "DIRECTUS_MOCK_FIXTURE")]
    pub fixture: Option<PathBuf>,
    /// State to load at start-up, as `--export-on-exit` wrote it (after `--fixture`, if both).
    #[arg(long, env = "DIRECTUS_MOCK_IMPORT")]
    pub import: Option<PathBuf>,
    /// Writes the whole state to this directory when the mock stops (Ctrl-C or
    /// SIGTERM), for `--import` next time.
    #[arg(long, env = "DIRECTUS_MOCK_EXPORT_ON_EXIT")]
    pub export_on_exit: Option<PathBuf>,
    /// Serves the control API for tests under `/__mock/` (reset, saved states,
    /// request journal, injected faults, clock and seeded ids).
    #[arg(long, env = "DIRECTUS_MOCK_CONTROL", default_value_t = false)]
    pub control: bool,
    /// Fixes the mock's clock at this instant (RFC 3339, e.g. `2025-01-01T00:00:00Z`):
    /// `$NOW`, `date_created`, token expiry. The control API's reset comes back to it.
    #[arg(long, env = "DIRECTUS_MOCK_NOW")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// Generates uuids and random tokens from this seed, so every run (and every
    /// reset of the control API) hands out the same sequence.
    #[arg(long, env = "DIRECTUS_MOCK_ID_SEED")]
    pub id_seed: Option<u64>,
    /// Password of a fixture's users other than the administrator: an API read never
    /// shows a password, so a pulled project's users log in with this one.
    #[arg(long, env = "DIRECTUS_MOCK_USER_PASSWORD", default_value = "password")]
    pub user_password: String,
    /// Lifetime of access tokens, e.g. `15m`, `2s`.
    #[arg(long, env = "ACCESS_TOKEN_TTL", default_value = "15m", value_parser = parse_duration)]
    pub access_token_ttl: Duration,
    /// Lifetime of refresh tokens and sessions.
    #[arg(long, env = "REFRESH_TOKEN_TTL", default_value = "7d", value_parser = parse_duration)]
    pub refresh_token_ttl: Duration,
    /// Lifetime of the session cookie in `session` mode.
    #[arg(long, env = "SESSION_COOKIE_TTL", default_value = "1d", value_parser = parse_duration)]
    pub session_cookie_ttl: Duration,
    /// How long a refreshed session's previous token keeps working, e.g. `10s`.
    #[arg(long, env = "SESSION_REFRESH_GRACE_PERIOD", default_value = "10s", value_parser = parse_duration)]
    pub session_refresh_grace_period: Duration,
    /// Turns on the rate limiter (REQUESTS_EXCEEDED).
    #[arg(long, env = "RATE_LIMITER_ENABLED", default_value_t = false)]
    pub rate_limiter_enabled: bool,
    /// Requests allowed per window when the rate limiter is on.
    #[arg(long, env = "RATE_LIMITER_POINTS", default_value_t = 50)]
    pub rate_limiter_points: u32,
    /// Rate limiter window in seconds.
    #[arg(long, env = "RATE_LIMITER_DURATION", default_value_t = 1)]
    pub rate_limiter_duration: u64,
    /// Largest accepted request body in bytes (Directus: 1mb).
    #[arg(long, env = "MAX_PAYLOAD_SIZE", default_value_t = 1_000_000)]
    pub max_payload_size: usize,
    /// Minimum time a login takes, in milliseconds (Directus uses 500 against timing attacks).
    #[arg(long, env = "LOGIN_STALL_TIME", default_value_t = 0)]
    pub login_stall_ms: u64,
    /// Enforce the limits of an unlicensed Directus 12 (Core tier): no custom permission
    /// rules, 3 admin or app seats, 25 active collections. Off: no licence limits.
    #[arg(long, env = "DIRECTUS_MOCK_CORE_LIMITS", default_value_t = false)]
    pub core_limits: bool,
    /// Keep item read responses of the current data and serve repeats from memory
    /// (exact: any write starts afresh; queries using `$NOW` or variables are not kept).
    #[arg(long = "response-cache", env = "RESPONSE_CACHE", default_value_t = true, action = clap::ArgAction::Set)]
    pub response_cache: bool,
    /// How long one read may work before it stops with SERVICE_UNAVAILABLE
    /// (503), so that no request holds a worker for ever; `0` for no bound.
    #[arg(long, env = "DIRECTUS_MOCK_READ_BUDGET", default_value = "30s", value_parser = parse_duration)]
    pub read_budget: Duration,
    /// Project name reported by `/server/info`.
    #[arg(long, env = "PROJECT_NAME", default_value = "Directus")]
    pub project_name: String,
    /// Most item writes (nested ones included) one request may make; unlimited when unset.
    #[arg(long, env = "MAX_BATCH_MUTATION")]
    pub max_batch_mutation: Option<u64>,
    /// GraphQL introspection (`__schema`, `__type`, suggestions, the SDL download).
    #[arg(long, env = "GRAPHQL_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphql_introspection: bool,
    /// The largest `limit` a query may ask for (`QUERY_LIMIT_MAX`); unlimited when unset.
    /// With it, `limit=-1` means this many and the default limit is at most this.
    #[arg(long, env = "QUERY_LIMIT_MAX")]
    pub query_limit_max: Option<u64>,
    /// The limit of a query without one (`QUERY_LIMIT_DEFAULT`), nested o2m levels included.
    #[arg(long, env = "QUERY_LIMIT_DEFAULT", default_value_t = 100)]
    pub query_limit_default: u64,
    /// The most relations a field, sort, filter or deep path may cross (`MAX_RELATIONAL_DEPTH`).
    #[arg(long, env = "MAX_RELATIONAL_DEPTH", default_value_t = 10)]
    pub max_relational_depth: u64,
    /// Array indexes (and elements) a URL's bracket syntax reads as an array
    /// (`QUERYSTRING_ARRAY_LIMIT`); past it, an object keyed by index.
    #[arg(long, env = "QUERYSTRING_ARRAY_LIMIT", default_value_t = 500)]
    pub querystring_array_limit: u64,
    /// `development` adds `extensions.stack` to every error response, as Directus does.
    #[arg(long, env = "NODE_ENV", default_value = "production")]
    pub node_env: String,
    /// Serve the Directus Data Studio at `/admin`, as Directus' `SERVE_APP` does,
    /// from an installed `@directus/app` package (see `--studio-dir`); never bundled.
    #[arg(long = "studio", env = "SERVE_APP", default_value_t = false)]
    pub studio: bool,
    /// Where the installed `@directus/app` is: its package folder or its `dist` folder.
    /// Unset, the mock looks in `node_modules/@directus/app` inside the fixture
    /// directory, beside it, and in the working directory.
    #[arg(long, env = "DIRECTUS_MOCK_STUDIO_DIR")]
    pub studio_dir: Option<PathBuf>,
    /// Realtime over `/websocket` (`WEBSOCKETS_ENABLED` and `WEBSOCKETS_REST_ENABLED`); off
    /// by default, as in Directus.
    #[arg(long, env = "WEBSOCKETS_ENABLED", default_value_t = false, action = clap::ArgAction::Set)]
    pub websockets_enabled: bool,
    /// GraphQL subscriptions on `/graphql` over graphql-ws (`WEBSOCKETS_GRAPHQL_ENABLED`,
    /// on by default as in Directus; only with `WEBSOCKETS_ENABLED`).
    #[arg(long, env = "WEBSOCKETS_GRAPHQL_ENABLED", default_value_t = true, action = clap::ArgAction::Set)]
    pub websockets_graphql_enabled: bool,
    /// How a graphql-ws connection authenticates (`WEBSOCKETS_GRAPHQL_AUTH`):
    /// `handshake` (`connection_init`'s `payload.access_token`) or `public`.
    #[arg(long, env = "WEBSOCKETS_GRAPHQL_AUTH", default_value = "handshake",
          value_parser = ["handshake", "public", "strict"])]
    pub websockets_graphql_auth: String,
    /// The path of the realtime socket (`WEBSOCKETS_REST_PATH`): only there, not at
    /// `/websocket` then.
    #[arg(long, env = "WEBSOCKETS_REST_PATH", default_value = "/websocket", value_parser = socket_path)]
    pub websockets_rest_path: String,
    /// The path of the graphql-ws socket (`WEBSOCKETS_GRAPHQL_PATH`): the upgrade is
    /// taken only there; `/graphql` keeps answering GraphQL over HTTP.
    #[arg(long, env = "WEBSOCKETS_GRAPHQL_PATH", default_value = "/graphql", value_parser = socket_path)]
    pub websockets_graphql_path: String,
    /// How a socket authenticates (`WEBSOCKETS_REST_AUTH`): `handshake` (the first
    /// message must be `auth`), `public` (the public policy until an `auth`) or
    /// `strict` (the upgrade request carries the token, `?access_token=` or the
    /// session cookie; without one it is refused with 401).
    #[arg(long, env = "WEBSOCKETS_REST_AUTH", default_value = "handshake",
          value_parser = ["handshake", "public", "strict"])]
    pub websockets_rest_auth: String,
    /// Messages a socket may send per window once authenticated, with the rate
    /// limiter on (`RATE_LIMITER_WEBSOCKETS_POINTS`; unset: `RATE_LIMITER_POINTS`).
    #[arg(long, env = "RATE_LIMITER_WEBSOCKETS_POINTS")]
    pub rate_limiter_websockets_points: Option<u64>,
    /// Seconds of a socket's window (`RATE_LIMITER_WEBSOCKETS_DURATION`; unset:
    /// `RATE_LIMITER_DURATION`).
    #[arg(long, env = "RATE_LIMITER_WEBSOCKETS_DURATION")]
    pub rate_limiter_websockets_duration: Option<u64>,
    /// Authenticated sockets open at once, at most (`WEBSOCKETS_REST_CONN_LIMIT`): past
    /// it an upgrade is refused with 403. Unset: no limit.
    #[arg(long, env = "WEBSOCKETS_REST_CONN_LIMIT")]
    pub websockets_rest_conn_limit: Option<u64>,
    /// Seconds a handshake socket has to authenticate (`WEBSOCKETS_REST_AUTH_TIMEOUT`).
    #[arg(long, env = "WEBSOCKETS_REST_AUTH_TIMEOUT", default_value_t = 10)]
    pub websockets_rest_auth_timeout: u64,
    /// Server pings on idle sockets (`WEBSOCKETS_HEARTBEAT_ENABLED`).
    #[arg(long, env = "WEBSOCKETS_HEARTBEAT_ENABLED", default_value_t = true, action = clap::ArgAction::Set)]
    pub websockets_heartbeat_enabled: bool,
    /// Seconds between server pings (`WEBSOCKETS_HEARTBEAT_PERIOD`).
    #[arg(long, env = "WEBSOCKETS_HEARTBEAT_PERIOD", default_value_t = 30)]
    pub websockets_heartbeat_period: u64,
    /// Runs the retention schedule: old activity and revisions are deleted.
    #[arg(long, env = "RETENTION_ENABLED", default_value_t = false, action = clap::ArgAction::Set)]
    pub retention_enabled: bool,
    /// When retention runs: a cron pattern, seconds optional (`*/5 * * * * *`).
    #[arg(long, env = "RETENTION_SCHEDULE", default_value = "0 0 * * *")]
    pub retention_schedule: String,
    /// Age past which retention deletes activity (and its revisions), e.g. `90d`.
    #[arg(long, env = "ACTIVITY_RETENTION", default_value = "90d", value_parser = parse_duration)]
    pub activity_retention: Duration,
    /// Age past which retention deletes revisions, when shorter than `ACTIVITY_RETENTION`.
    #[arg(long, env = "REVISIONS_RETENTION", default_value = "90d", value_parser = parse_duration)]
    pub revisions_retention: Duration,
    /// Age past which retention deletes the activity of flow runs (the mock runs no flows).
    #[arg(long, env = "FLOW_LOGS_RETENTION", default_value = "90d", value_parser = parse_duration)]
    pub flow_logs_retention: Duration,
    /// The most activity rows the mock keeps (their revisions with them): past
    /// it the oldest go, so a long-running mock's memory is bounded. `0`: no bound.
    #[arg(long, env = "DIRECTUS_MOCK_MAX_ACTIVITY", default_value_t = 10_000)]
    pub max_activity: u64,
    /// Environment variables a flow may read as `$env` (names, comma-separated).
    #[arg(long, env = "FLOWS_ENV_ALLOW_LIST")]
    pub flows_env_allow_list: Option<String>,
    /// Variables given to [`Config::set_var`] that are no setting of the mock:
    /// the environment a flow's `$env` reads, before the process' own.
    #[arg(skip)]
    pub extra_env: BTreeMap<String, String>,
    /// Files, assets and CORS (Directus' variables of the same names).
    #[command(flatten)]
    pub files: FilesConfig,
}

/// The file library, `/assets` and CORS, configured with Directus' variables.
/// Lists and origins are read with Directus' casting rules (`service::cors`,
/// `service::files`), so the raw text is kept here.
#[derive(Debug, Clone, clap::Args)]
pub struct FilesConfig {
    /// Keep file bytes in this directory instead of memory (Directus' local storage root).
    #[arg(long = "storage-dir", env = "STORAGE_LOCAL_ROOT")]
    pub storage_dir: Option<PathBuf>,
    /// Largest accepted upload (`4kb`, `10mb`); unlimited in Directus. The mock,
    /// which holds uploads in memory, refuses files of 256 MiB or more when unset.
    #[arg(long, env = "FILES_MAX_UPLOAD_SIZE")]
    pub files_max_upload_size: Option<String>,
    /// Media types an upload or import may have (globs: `image/*,text/plain`).
    #[arg(long, env = "FILES_MIME_TYPE_ALLOW_LIST", default_value = "*/*")]
    pub files_mime_type_allow_list: String,
    /// Addresses `/files/import` may not fetch from; `0.0.0.0` stands for this machine.
    #[arg(long, env = "IMPORT_IP_DENY_LIST", default_value = "0.0.0.0,169.254.169.254")]
    pub import_ip_deny_list: String,
    /// How long clients may cache an asset (`Cache-Control: max-age`), e.g. `30d`.
    #[arg(long, env = "ASSETS_CACHE_TTL", default_value = "30d")]
    pub assets_cache_ttl: String,
    /// Most image transformations running at once; more answer SERVICE_UNAVAILABLE
    /// (Directus compares `queued + running > limit`, so `-1` refuses every one).
    #[arg(
        long,
        env = "ASSETS_TRANSFORM_MAX_CONCURRENT",
        default_value_t = 25,
        allow_hyphen_values = true
    )]
    pub assets_transform_max_concurrent: i64,
    /// Largest side (squared: pixels) of an image that is read or transformed.
    #[arg(long, env = "ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION", default_value_t = 6000)]
    pub assets_transform_image_max_dimension: u64,
    /// Largest side of an image a transformation may produce, at any step.
    #[arg(long, env = "ASSETS_TRANSFORM_IMAGE_MAX_OUTPUT_DIMENSION", default_value_t = 6000)]
    pub assets_transform_image_max_output_dimension: u64,
    /// Most operations in `?transforms=`.
    #[arg(long, env = "ASSETS_TRANSFORM_MAX_OPERATIONS", default_value_t = 5)]
    pub assets_transform_max_operations: usize,
    /// How strictly a damaged image is refused when transformed (`none`, `truncated`,
    /// `error`, `warning`).
    #[arg(long, env = "ASSETS_INVALID_IMAGE_SENSITIVITY_LEVEL", default_value = "warning")]
    pub assets_invalid_image_sensitivity_level: String,
    /// Turns on CORS.
    #[arg(long, env = "CORS_ENABLED", default_value = "false")]
    pub cors_enabled: String,
    /// Allowed origins: `true` (any, reflected), `false`, `*`, one origin, a
    /// comma-separated list, `regex:<pattern>` entries.
    #[arg(long, env = "CORS_ORIGIN", default_value = "false")]
    pub cors_origin: String,
    /// `Access-Control-Allow-Methods`.
    #[arg(long, env = "CORS_METHODS", default_value = "GET,POST,PATCH,DELETE")]
    pub cors_methods: String,
    /// `Access-Control-Allow-Headers`.
    #[arg(long, env = "CORS_ALLOWED_HEADERS", default_value = "Content-Type,Authorization")]
    pub cors_allowed_headers: String,
    /// `Access-Control-Expose-Headers`.
    #[arg(long, env = "CORS_EXPOSED_HEADERS", default_value = "Content-Range")]
    pub cors_exposed_headers: String,
    /// `Access-Control-Allow-Credentials: true`.
    #[arg(long, env = "CORS_CREDENTIALS", default_value = "true")]
    pub cors_credentials: String,
    /// `Access-Control-Max-Age` in seconds.
    #[arg(long, env = "CORS_MAX_AGE", default_value = "18000")]
    pub cors_max_age: String,
}

impl Default for FilesConfig {
    fn default() -> Self {
        FilesConfig {
            storage_dir: None,
            files_max_upload_size: None,
            files_mime_type_allow_list: "*/*".into(),
            import_ip_deny_list: "0.0.0.0,169.254.169.254".into(),
            assets_cache_ttl: "30d".into(),
            assets_transform_max_concurrent: 25,
            assets_transform_image_max_dimension: 6000,
            assets_transform_image_max_output_dimension: 6000,
            assets_transform_max_operations: 5,
            assets_invalid_image_sensitivity_level: "warning".into(),
            cors_enabled: "false".into(),
            cors_origin: "false".into(),
            cors_methods: "GET,POST,PATCH,DELETE".into(),
            cors_allowed_headers: "Content-Type,Authorization".into(),
            cors_exposed_headers: "Content-Range".into(),
            cors_credentials: "true".into(),
            cors_max_age: "18000".into(),
        }
    }
}

impl FilesConfig {
    /// Sets one of these settings by its environment variable; `false` when it is not one.
    fn set_var(&mut self, name: &str, value: &str) -> Result<bool, String> {
        let number =
            || value.parse::<u64>().map_err(|_| format!("{name}={value:?}: expected a number"));
        let text = value.to_owned();
        match name {
            "STORAGE_LOCAL_ROOT" => self.storage_dir = Some(PathBuf::from(value)),
            "FILES_MAX_UPLOAD_SIZE" => self.files_max_upload_size = Some(text),
            "FILES_MIME_TYPE_ALLOW_LIST" => self.files_mime_type_allow_list = text,
            "IMPORT_IP_DENY_LIST" => self.import_ip_deny_list = text,
            "ASSETS_CACHE_TTL" => self.assets_cache_ttl = text,
            "ASSETS_TRANSFORM_MAX_CONCURRENT" => {
                self.assets_transform_max_concurrent =
                    value.parse().map_err(|_| format!("{name}={value:?}: expected a number"))?;
            }
            "ASSETS_TRANSFORM_IMAGE_MAX_DIMENSION" => {
                self.assets_transform_image_max_dimension = number()?;
            }
            "ASSETS_TRANSFORM_IMAGE_MAX_OUTPUT_DIMENSION" => {
                self.assets_transform_image_max_output_dimension = number()?;
            }
            "ASSETS_TRANSFORM_MAX_OPERATIONS" => {
                self.assets_transform_max_operations = usize::try_from(number()?)
                    .map_err(|_| format!("{name}={value:?}: too large"))?;
            }
            "ASSETS_INVALID_IMAGE_SENSITIVITY_LEVEL" => {
                self.assets_invalid_image_sensitivity_level = text;
            }
            "CORS_ENABLED" => self.cors_enabled = text,
            "CORS_ORIGIN" => self.cors_origin = text,
            "CORS_METHODS" => self.cors_methods = text,
            "CORS_ALLOWED_HEADERS" => self.cors_allowed_headers = text,
            "CORS_EXPOSED_HEADERS" => self.cors_exposed_headers = text,
            "CORS_CREDENTIALS" => self.cors_credentials = text,
            "CORS_MAX_AGE" => self.cors_max_age = text,
            _ => return Ok(false),
        }
        Ok(true)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8055,
            admin_email: "admin@example.com".into(),
            admin_password: "admin-password".into(),
            admin_token: "admin-static-token".into(),
            secret: None,
            profile: Profile::Seed,
            vendor: Vendor::default(),
            db_database: None,
            fixture: None,
            import: None,
            export_on_exit: None,
            user_password: "password".into(),
            control: false,
            now: None,
            id_seed: None,
            access_token_ttl: Duration::from_secs(15 * 60),
            refresh_token_ttl: Duration::from_secs(7 * 24 * 3600),
            session_cookie_ttl: Duration::from_secs(24 * 3600),
            session_refresh_grace_period: Duration::from_secs(10),
            rate_limiter_enabled: false,
            rate_limiter_points: 50,
            rate_limiter_duration: 1,
            max_payload_size: 1_000_000,
            login_stall_ms: 0,
            core_limits: false,
            response_cache: true,
            read_budget: Duration::from_secs(30),
            project_name: "Directus".into(),
            max_batch_mutation: None,
            graphql_introspection: true,
            query_limit_max: None,
            query_limit_default: 100,
            max_relational_depth: 10,
            querystring_array_limit: 500,
            node_env: "production".into(),
            websockets_enabled: false,
            websockets_graphql_enabled: true,
            websockets_graphql_auth: "handshake".into(),
            websockets_rest_path: "/websocket".into(),
            websockets_graphql_path: "/graphql".into(),
            websockets_rest_auth: "handshake".into(),
            websockets_rest_auth_timeout: 10,
            websockets_rest_conn_limit: None,
            rate_limiter_websockets_points: None,
            rate_limiter_websockets_duration: None,
            websockets_heartbeat_enabled: true,
            websockets_heartbeat_period: 30,
            files: FilesConfig::default(),
            retention_enabled: false,
            retention_schedule: "0 0 * * *".into(),
            activity_retention: Duration::from_secs(90 * 86_400),
            revisions_retention: Duration::from_secs(90 * 86_400),
            flow_logs_retention: Duration::from_secs(90 * 86_400),
            max_activity: 10_000,
            flows_env_allow_list: None,
            extra_env: BTreeMap::new(),
            studio: false,
            studio_dir: None,
        }
    }
}

impl Config {
    /// Sets one setting by the name of its environment variable, as a test or the
    /// harness configures a mock for a server variant (`RATE_LIMITER_POINTS=3`).
    /// A name that is no setting is kept as the process environment would keep
    /// it (flows read such variables through `FLOWS_ENV_ALLOW_LIST`).
    pub fn set_var(&mut self, name: &str, value: &str) -> Result<(), String> {
        let bad = |what: &str| format!("{name}={value:?}: {what}");
        let flag = || -> Result<bool, String> {
            match value {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(bad("expected true or false")),
            }
        };
        let number = || value.parse::<u64>().map_err(|_| bad("expected a number"));
        match name {
            "ACCESS_TOKEN_TTL" => self.access_token_ttl = parse_duration(value)?,
            "REFRESH_TOKEN_TTL" => self.refresh_token_ttl = parse_duration(value)?,
            "SESSION_COOKIE_TTL" => self.session_cookie_ttl = parse_duration(value)?,
            "SESSION_REFRESH_GRACE_PERIOD" => {
                self.session_refresh_grace_period = parse_duration(value)?;
            }
            "RATE_LIMITER_ENABLED" => self.rate_limiter_enabled = flag()?,
            "RATE_LIMITER_POINTS" => {
                self.rate_limiter_points =
                    u32::try_from(number()?).map_err(|_| bad("too large"))?;
            }
            "RATE_LIMITER_DURATION" => self.rate_limiter_duration = number()?,
            "LOGIN_STALL_TIME" => self.login_stall_ms = number()?,
            "SECRET" => self.secret = Some(value.to_owned()),
            "DIRECTUS_MOCK_CORE_LIMITS" => self.core_limits = flag()?,
            "MAX_BATCH_MUTATION" => self.max_batch_mutation = Some(number()?),
            "GRAPHQL_INTROSPECTION" => self.graphql_introspection = flag()?,
            "QUERY_LIMIT_MAX" => self.query_limit_max = Some(number()?),
            "QUERY_LIMIT_DEFAULT" => self.query_limit_default = number()?,
            "MAX_RELATIONAL_DEPTH" => self.max_relational_depth = number()?,
            "QUERYSTRING_ARRAY_LIMIT" => self.querystring_array_limit = number()?,
            "NODE_ENV" => self.node_env = value.to_owned(),
            "WEBSOCKETS_ENABLED" => self.websockets_enabled = flag()?,
            "WEBSOCKETS_GRAPHQL_ENABLED" => self.websockets_graphql_enabled = flag()?,
            "WEBSOCKETS_GRAPHQL_AUTH" => match value {
                "handshake" | "public" | "strict" => {
                    self.websockets_graphql_auth = value.to_owned()
                }
                _ => return Err(bad("expected handshake, public or strict")),
            },
            "WEBSOCKETS_REST_AUTH" => match value {
                "handshake" | "public" | "strict" => self.websockets_rest_auth = value.to_owned(),
                _ => return Err(bad("expected handshake, public or strict")),
            },
            "WEBSOCKETS_REST_PATH" => {
                self.websockets_rest_path = socket_path(value).map_err(bad)?
            }
            "WEBSOCKETS_GRAPHQL_PATH" => {
                self.websockets_graphql_path = socket_path(value).map_err(bad)?;
            }
            "WEBSOCKETS_REST_CONN_LIMIT" => self.websockets_rest_conn_limit = Some(number()?),
            "RATE_LIMITER_WEBSOCKETS_POINTS" => {
                self.rate_limiter_websockets_points = Some(number()?);
            }
            "RATE_LIMITER_WEBSOCKETS_DURATION" => {
                self.rate_limiter_websockets_duration = Some(number()?);
            }
            "WEBSOCKETS_REST_AUTH_TIMEOUT" => self.websockets_rest_auth_timeout = number()?,
            "WEBSOCKETS_HEARTBEAT_ENABLED" => self.websockets_heartbeat_enabled = flag()?,
            "WEBSOCKETS_HEARTBEAT_PERIOD" => self.websockets_heartbeat_period = number()?,
            "RETENTION_ENABLED" => self.retention_enabled = flag()?,
            "RETENTION_SCHEDULE" => self.retention_schedule = value.to_owned(),
            "ACTIVITY_RETENTION" => self.activity_retention = parse_duration(value)?,
            "REVISIONS_RETENTION" => self.revisions_retention = parse_duration(value)?,
            "FLOW_LOGS_RETENTION" => self.flow_logs_retention = parse_duration(value)?,
            "DIRECTUS_MOCK_MAX_ACTIVITY" => self.max_activity = number()?,
            "FLOWS_ENV_ALLOW_LIST" => self.flows_env_allow_list = Some(value.to_owned()),
            "DB_DATABASE" => self.db_database = Some(value.to_owned()),
            "DB_CLIENT" => {
                self.vendor = <Vendor as clap::ValueEnum>::from_str(value, true)
                    .map_err(|_| bad("expected sqlite3, pg or mysql"))?;
            }
            _ if self.files.set_var(name, value)? => {}
            _ => {
                self.extra_env.insert(name.to_owned(), value.to_owned());
            }
        }
        Ok(())
    }

    /// An environment variable as the mock sees it: one given to
    /// [`Config::set_var`], else the process'.
    pub(crate) fn env_var(&self, name: &str) -> Option<String> {
        self.extra_env.get(name).cloned().or_else(|| std::env::var(name).ok())
    }

    /// The secret that signs tokens ([`crate::service::bootstrap::build`] sets
    /// a random one when none is configured).
    pub(crate) fn secret(&self) -> &[u8] {
        self.secret.as_deref().unwrap_or_default().as_bytes()
    }

    /// Whether errors carry a stack trace (`NODE_ENV=development`).
    pub(crate) fn error_stacks(&self) -> bool {
        self.node_env == "development"
    }
}

/// Durations the way Directus writes them: `500ms`, `15m`, `2s`, `7d`, or plain milliseconds.
pub(crate) fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().map_err(|_| format!("invalid duration {s:?}"))?;
    let ms = match unit {
        "" | "ms" => n,
        "s" => n * 1000,
        "m" => n * 60_000,
        "h" => n * 3_600_000,
        "d" => n * 86_400_000,
        "w" => n * 7 * 86_400_000,
        "y" => n * 365 * 86_400_000,
        other => return Err(format!("unknown duration unit {other:?} in {s:?}")),
    };
    Ok(Duration::from_millis(ms))
}

/// A socket path (`WEBSOCKETS_REST_PATH`, `WEBSOCKETS_GRAPHQL_PATH`): `/` and then
/// letters, digits, `-`, `_`, `.` or more `/`, and none of the mock's own
/// routes but `/graphql` (a route is served once).
fn socket_path(value: &str) -> Result<String, &'static str> {
    let plain = value.len() > 1
        && value.starts_with('/')
        && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if !plain {
        return Err("expected a path such as /websocket");
    }
    let taken = ["/server", "/auth", "/items", "/utils", "/assets", "/files", "/users", "/roles"];
    if value != "/graphql"
        && (value.starts_with("/graphql") || taken.iter().any(|t| value.starts_with(t)))
    {
        return Err("the path is one of the API's own");
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("900000"), Ok(Duration::from_secs(900)));
        assert!(parse_duration("soon").is_err());
    }
}
