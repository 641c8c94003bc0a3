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
    /// Secret that signs access tokens (HS256).
    #[arg(long, env = "SECRET", default_value = "conformance-secret-at-least-32-chars")]
    pub secret: String,
    /// Behaviour profile where the seed and Directus 12.4 disagree.
    #[arg(long, env = "DIRECTUS_MOCK_PROFILE", value_enum, default_value_t = Profile::Seed)]
    pub profile: Profile,
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
    /// Serves the control API for tests under `/__mock/` (reset, saved states).
    #[arg(long, env = "DIRECTUS_MOCK_CONTROL", default_value_t = false)]
    pub control: bool,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8055,
            admin_email: "admin@example.com".into(),
            admin_password: "admin-password".into(),
            admin_token: "admin-static-token".into(),
            secret: "conformance-secret-at-least-32-chars".into(),
            profile: Profile::Seed,
            fixture: None,
            import: None,
            export_on_exit: None,
            user_password: "password".into(),
            control: false,
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
            "SECRET" => self.secret = value.to_owned(),
            "DIRECTUS_MOCK_CORE_LIMITS" => self.core_limits = flag()?,
            "MAX_BATCH_MUTATION" => self.max_batch_mutation = Some(number()?),
            "GRAPHQL_INTROSPECTION" => self.graphql_introspection = flag()?,
            "QUERY_LIMIT_MAX" => self.query_limit_max = Some(number()?),
            "NODE_ENV" => self.node_env = value.to_owned(),
            _ => return Err(format!("the mock has no setting {name}")),
        }
        Ok(())
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
