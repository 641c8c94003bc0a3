//! Server configuration: the variables a Directus deployment reads, as flags
//! with the same environment variable names and the defaults of
//! `real-directus/start.sh`.

use std::path::PathBuf;
use std::time::Duration;

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
    /// Fixture directory to load at start-up: `schema.json` (a schema snapshot) and `seed.json`.
    #[arg(long, env = "DIRECTUS_MOCK_FIXTURE")]
    pub fixture: Option<PathBuf>,
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
    /// `development` adds `extensions.stack` to every error response, as Directus does.
    #[arg(long, env = "NODE_ENV", default_value = "production")]
    pub node_env: String,
    /// Realtime over `/websocket` (`WEBSOCKETS_ENABLED` and `WEBSOCKETS_REST_ENABLED`); off
    /// by default, as in Directus.
    #[arg(long, env = "WEBSOCKETS_ENABLED", default_value_t = false, action = clap::ArgAction::Set)]
    pub websockets_enabled: bool,
    /// How a socket authenticates (`WEBSOCKETS_REST_AUTH`): `handshake` (the first
    /// message must be `auth`) or `public` (the public policy until an `auth`).
    #[arg(long, env = "WEBSOCKETS_REST_AUTH", default_value = "handshake")]
    pub websockets_rest_auth: String,
    /// Seconds a handshake socket has to authenticate (`WEBSOCKETS_REST_AUTH_TIMEOUT`).
    #[arg(long, env = "WEBSOCKETS_REST_AUTH_TIMEOUT", default_value_t = 10)]
    pub websockets_rest_auth_timeout: u64,
    /// Server pings on idle sockets (`WEBSOCKETS_HEARTBEAT_ENABLED`).
    #[arg(long, env = "WEBSOCKETS_HEARTBEAT_ENABLED", default_value_t = true, action = clap::ArgAction::Set)]
    pub websockets_heartbeat_enabled: bool,
    /// Seconds between server pings (`WEBSOCKETS_HEARTBEAT_PERIOD`).
    #[arg(long, env = "WEBSOCKETS_HEARTBEAT_PERIOD", default_value_t = 30)]
    pub websockets_heartbeat_period: u64,
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
            fixture: None,
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
            project_name: "Directus".into(),
            max_batch_mutation: None,
            graphql_introspection: true,
            query_limit_max: None,
            node_env: "production".into(),
            websockets_enabled: false,
            websockets_rest_auth: "handshake".into(),
            websockets_rest_auth_timeout: 10,
            websockets_heartbeat_enabled: true,
            websockets_heartbeat_period: 30,
        }
    }
}

impl Config {
    /// Sets one setting by the name of its environment variable, as a test or the
    /// harness configures a mock for a server variant (`RATE_LIMITER_POINTS=3`).
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
            "NODE_ENV" => self.node_env = value.to_owned(),
            "WEBSOCKETS_ENABLED" => self.websockets_enabled = flag()?,
            "WEBSOCKETS_REST_AUTH" => match value {
                "handshake" | "public" => self.websockets_rest_auth = value.to_owned(),
                _ => return Err(bad("the mock knows handshake and public")),
            },
            "WEBSOCKETS_REST_AUTH_TIMEOUT" => self.websockets_rest_auth_timeout = number()?,
            "WEBSOCKETS_HEARTBEAT_ENABLED" => self.websockets_heartbeat_enabled = flag()?,
            "WEBSOCKETS_HEARTBEAT_PERIOD" => self.websockets_heartbeat_period = number()?,
            _ => return Err(format!("the mock has no setting {name}")),
        }
        Ok(())
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
