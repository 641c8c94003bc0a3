//! Services: the one place where Directus' rules live (FORBIDDEN for
//! missing items, singletons, re-reads, permissions). REST handlers and
//! GraphQL resolvers call the same services; the services know neither of
//! them, and the caches a transport keeps (responses, generated GraphQL
//! schemas) live in that transport.

pub(crate) mod assets;
pub(crate) mod auth;
mod batch;
pub(crate) mod bootstrap;
pub(crate) mod context;
pub(crate) mod control;
pub(crate) mod extensions;
pub(crate) mod files;
pub(crate) mod fixture;
pub(crate) mod flows;
pub(crate) mod ip_access;
pub(crate) mod items;
pub(crate) mod license;
pub(crate) mod limits;
pub(crate) mod migrations;
pub(crate) mod openapi;
pub(crate) mod platform;
pub(crate) mod read_cache;
pub(crate) mod realtime;
pub(crate) mod retention;
pub(crate) mod schema;
pub(crate) mod server;
pub(crate) mod system_items;
pub(crate) mod tfa;
pub(crate) mod utils;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::config::Config;
use crate::engine::{Access, Action, Permission};
use crate::error::{Error, Result};
use crate::query::DynamicContext;
use crate::query::operators::Op;
use crate::store::{Db, Store};
use crate::system;

/// The clock, injectable so `$NOW` and `date_created` can be fixed in tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Generates identifiers (UUIDs, refresh tokens), injectable for tests.
pub trait IdGen: Send + Sync {
    fn uuid(&self) -> String;
    fn token(&self, len: usize) -> String;
}

/// Random identifiers.
pub struct RandomIds;

impl IdGen for RandomIds {
    fn uuid(&self) -> String {
        uuid::Uuid::new_v4().to_string()
    }

    fn token(&self, len: usize) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
        let mut out = String::with_capacity(len);
        let mut bytes = vec![0u8; len];
        rand::fill(bytes.as_mut_slice());
        for b in bytes {
            out.push(ALPHABET[(b & 63) as usize] as char);
        }
        out
    }
}

/// Shared state of one mock server: the store and what the services keep
/// beside it.
pub struct App {
    pub(crate) store: Store,
    pub config: Config,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) ids: Arc<dyn IdGen>,
    /// Accountabilities by token or user, valid for one database generation.
    pub(crate) auth_cache: auth::AuthCache,
    /// Parsed URL queries and read plans, valid for one database generation.
    pub(crate) reads: read_cache::ReadCache,
    /// Requests per client address (the rate limiter, when it is on).
    pub(crate) rate_limits: limits::Windows,
    /// Failed and successful login attempts per user since the last success.
    pub(crate) login_attempts: limits::Windows,
    /// Item writes, as they are published, for realtime subscribers.
    pub(crate) realtime: realtime::Hub,
    /// The bytes of stored files (`directus_files` rows name them).
    pub(crate) storage: crate::storage::Storage,
    /// Transformed assets, kept for repeated requests.
    pub(crate) transforms: assets::cache::TransformCache,
    /// Image transformations running now (`ASSETS_TRANSFORM_MAX_CONCURRENT`).
    pub(crate) transforming: std::sync::atomic::AtomicI64,
    /// The control plane (`--control`): named states, journal, faults, and
    /// the handles that steer `clock` and `ids`.
    pub(crate) control: control::Plane,
    /// A flow's `$env`, read from the environment once at start-up as Directus does.
    pub(crate) flows_env: serde_json::Map<String, serde_json::Value>,
}

impl App {
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The database generation: every published write moves it, so a cache
    /// keyed by it (the transports' response and schema caches) is exact.
    pub(crate) fn generation(&self) -> u64 {
        self.store.generation()
    }
}

/// A stored item rule with the caller's dynamic variables resolved. A rule
/// the sanitizer rejects fails the requests that use it with an internal
/// error (Directus throws while parsing such a rule), logged with the rule.
fn resolve_rule(rule: &Value, ctx: &DynamicContext) -> Result<Value> {
    crate::query::filter::sanitize_filter(rule, ctx).map_err(|e| {
        tracing::error!(%rule, error = %e.first().message, "a permission rule cannot be resolved");
        Error::internal("A permission rule cannot be resolved.")
    })
}

/// Directus' "minimal app permissions" (`appAccessMinimalPermissions` of
/// `@directus/system-data`), as `/permissions` lists them to a caller with
/// app access: a user's own profile, presets, comments and notifications,
/// their roles, a few settings, the schema collections and translations.
static APP_MINIMAL_PERMISSIONS: LazyLock<Vec<Value>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("app_minimal_permissions.json")).unwrap_or_default()
});

/// The minimal app permissions, in Directus' order.
pub(crate) fn app_minimal_permissions() -> &'static [Value] {
    &APP_MINIMAL_PERMISSIONS
}

/// What an HTTP request tells about its client beyond the address. A caller
/// with it is recorded in the activity log; the mock's own writes (fixture
/// loading) have none, like Directus' services without accountability.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RequestInfo {
    /// The `User-Agent` header.
    pub(crate) user_agent: Option<String>,
    /// The `Origin` header.
    pub(crate) origin: Option<String>,
}

/// Who is calling, resolved from the request's token.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Accountability {
    pub(crate) user: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) policies: Vec<String>,
    pub(crate) admin: bool,
    pub(crate) app: bool,
    /// The refresh token of the session when authenticated by a session JWT.
    pub(crate) session: Option<String>,
    /// The share a share's token reads as (no user, no role).
    pub(crate) share: Option<String>,
    /// The client's address (policies may be limited to some addresses).
    pub(crate) ip: Option<std::net::IpAddr>,
    /// Set for HTTP requests: their writes and logins go to the activity log.
    pub(crate) request: Option<RequestInfo>,
    /// The app's clock, for `$NOW` in the caller's permission rules (the
    /// control plane may set it); without one, the system clock.
    pub(crate) clock: Option<AppClock>,
    /// Whether one of the caller's permission rules reads `$NOW`: its answers
    /// change with the clock, not only with the data.
    pub(crate) rules_read_clock: bool,
}

/// The app's clock as a caller carries it: every caller is equal in it.
#[derive(Clone)]
pub(crate) struct AppClock(pub(crate) Arc<dyn Clock>);

impl PartialEq for AppClock {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for AppClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppClock")
    }
}

impl Accountability {
    /// Who the activity log records for this caller's writes, if they are recorded.
    pub(crate) fn activity_client(&self) -> Option<crate::engine::activity::Client> {
        let request = self.request.as_ref()?;
        Some(crate::engine::activity::Client {
            user: self.user.clone(),
            ip: self.ip.map(|ip| ip.to_string()),
            user_agent: request.user_agent.clone(),
            origin: request.origin.clone(),
        })
    }

    /// The permissions the caller holds, read from the snapshot.
    pub(crate) fn access(&self, db: &Db) -> Access {
        if self.admin {
            return Access::admin();
        }
        let mut permissions: HashMap<(String, Action), Vec<Permission>> = HashMap::new();
        let now = self.clock.as_ref().map_or_else(Utc::now, |clock| clock.0.now());
        let ctx = self.dynamic_context(db, now);
        let shared: Vec<Value> = self
            .share
            .as_ref()
            .map(|share| platform::share_permissions(db, share, self.ip))
            .unwrap_or_default();
        let stored = db
            .table(system::PERMISSIONS)
            .into_iter()
            .flat_map(|t| t.rows.values())
            .map(|row| &**row)
            .filter(|row| {
                // A permission without a policy applies to no one.
                row.get("policy")
                    .and_then(Value::as_str)
                    .is_some_and(|policy| self.policies.iter().any(|p| p == policy))
            });
        let share_rows = shared.iter().filter_map(Value::as_object);
        for row in stored.chain(share_rows) {
            let (Some(collection), Some(action)) = (
                row.get("collection").and_then(Value::as_str),
                row.get("action").and_then(Value::as_str).and_then(Action::parse),
            ) else {
                continue;
            };
            // `null` fields allow no field.
            let fields = match row.get("fields") {
                Some(Value::String(s)) => s.split(',').map(str::to_owned).collect(),
                Some(Value::Array(items)) => {
                    items.iter().filter_map(Value::as_str).map(str::to_owned).collect()
                }
                _ => Vec::new(),
            };
            let present = |key: &str| row.get(key).filter(|v| !v.is_null());
            permissions.entry((collection.to_owned(), action)).or_default().push(Permission {
                fields: Some(fields),
                filter: present("permissions").map(|rule| resolve_rule(rule, &ctx)),
                validation: present("validation").cloned(),
                presets: present("presets").cloned(),
            });
        }
        if self.app {
            for row in app_minimal_permissions() {
                let (Some(collection), Some(action)) = (
                    row.get("collection").and_then(Value::as_str),
                    row.get("action").and_then(Value::as_str).and_then(Action::parse),
                ) else {
                    continue;
                };
                // Rules and validations name the caller (`$CURRENT_USER`): resolved here.
                let resolved = |key: &str| {
                    row.get(key)
                        .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
                        .map(|rule| resolve_rule(rule, &ctx))
                };
                let fields = row
                    .get("fields")
                    .and_then(Value::as_array)
                    .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect());
                permissions.entry((collection.to_owned(), action)).or_default().push(Permission {
                    fields,
                    filter: resolved("permissions"),
                    validation: resolved("validation").transpose().ok().flatten(),
                    presets: None,
                });
            }
        }
        Access { admin: false, permissions }
    }

    /// Values for `$CURRENT_USER`, `$CURRENT_ROLE`, ... in filters.
    pub(crate) fn dynamic_context(&self, db: &Db, now: DateTime<Utc>) -> DynamicContext {
        let lookup = |collection: &str, key: &Option<String>| -> Option<Value> {
            let key = key.as_ref()?;
            let row = db.row(collection, &crate::store::Pk::Str(key.as_str().into()))?;
            Some(Value::Object((**row).clone()))
        };
        DynamicContext {
            now: Some(now),
            user: self.user.clone(),
            role: self.role.clone(),
            roles: self.roles.clone(),
            policies: self.policies.clone(),
            user_data: lookup(system::USERS, &self.user),
            role_data: lookup(system::ROLES, &self.role),
            roles_data: None,
            policies_data: None,
            limit_max: None,
            limits: Default::default(),
        }
    }

    /// Values for dynamic variables in a request's own filters: the caller's
    /// records as the caller may read them (Directus reads them with the
    /// caller's permissions, so `$CURRENT_USER.email` is an invalid filter for
    /// a user who may not read `directus_users`).
    pub(crate) fn query_dynamic_context(&self, db: &Db, now: DateTime<Utc>) -> DynamicContext {
        let access = self.access(db);
        let read = |collection: &str, keys: &[String]| -> Option<Vec<Value>> {
            readable_records(db, &access, collection, keys)
        };
        let first = |rows: Option<Vec<Value>>| rows.and_then(|r| r.into_iter().next());
        DynamicContext {
            now: Some(now),
            user: self.user.clone(),
            role: self.role.clone(),
            roles: self.roles.clone(),
            policies: self.policies.clone(),
            user_data: first(read(system::USERS, self.user.as_slice())),
            role_data: first(read(system::ROLES, self.role.as_slice())),
            roles_data: read(system::ROLES, &self.roles),
            policies_data: read(system::POLICIES, &self.policies),
            limit_max: None,
            limits: Default::default(),
        }
    }
}

/// Records by key with two levels of relations expanded, read as `access`
/// allows; `None` when the caller may not read the collection.
fn readable_records(
    db: &Db,
    access: &Access,
    collection: &str,
    keys: &[String],
) -> Option<Vec<Value>> {
    use crate::engine::{Ctx, read};
    if keys.is_empty() || !access.can(collection, Action::Read) {
        return None;
    }
    let cx = Ctx::new(db, access);
    let pk = db.schema.collection(collection)?.pk().to_owned();
    let query = crate::query::Query {
        fields: Some(vec!["*.*.*".into()]),
        filter: Some(Op::In.on(&pk, keys)),
        limit: Some(-1.0),
        ..crate::query::Query::default()
    };
    let level = read::plan(&cx, collection, &query).ok()?;
    let rows = read::select(&cx, &level);
    Some(read::project(&cx, &level, &rows))
}
