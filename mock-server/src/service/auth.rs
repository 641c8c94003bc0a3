//! Authentication: tokens to [`Accountability`], login, refresh and logout.
//!
//! A token that decodes as a JWT issued by `directus` is verified (HS256,
//! the configured secret): expired is TOKEN_EXPIRED, anything else wrong is
//! INVALID_TOKEN. Any other string is a static token, looked up among active
//! users; no match is INVALID_CREDENTIALS.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::ip_access::ip_allowed;
use super::{Accountability, App};
use crate::config::Profile;

/// The cookies of `mode: cookie` (a refresh token) and `mode: session` (a session's access token).
pub(crate) const REFRESH_COOKIE: &str = "directus_refresh_token";
pub(crate) const SESSION_COOKIE: &str = "directus_session_token";
use crate::engine::activity::Log;
use crate::error::{Error, ErrorCode, Result};
use crate::store::{Db, Pk, Row};
use crate::system;

/// The claims of a Directus access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Claims {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    /// `Some(Value::Null)` for `"role": null`; `None` when the claim is missing.
    #[serde(default, deserialize_with = "present")]
    pub(crate) role: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) app_access: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    pub(crate) admin_access: Option<Value>,
    /// The share a share's token reads as (`/shares/auth`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) share: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) enforce_tfa: Option<bool>,
    #[serde(default)]
    pub(crate) iat: Option<i64>,
    /// A token without `exp` never expires (as with the jsonwebtoken package).
    #[serde(default)]
    pub(crate) exp: Option<i64>,
    pub(crate) iss: String,
}

/// A claim that is present, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

fn str_field<'a>(row: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    row.get(key).and_then(Value::as_str)
}

/// Roles of a user: the role and its parents.
fn role_tree(db: &Db, role: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = role.map(str::to_owned);
    while let Some(r) = current {
        if out.contains(&r) {
            break;
        }
        out.push(r.clone());
        current = db
            .row(system::ROLES, &Pk::Str(r.as_str().into()))
            .and_then(|row| str_field(row, "parent").map(str::to_owned));
    }
    out
}

/// Policies attached to a user or to the user's roles (for role-less callers:
/// the public ones), without those whose `ip_access` excludes the client; the
/// flag says whether one was dropped for that reason.
fn policies_for(
    db: &Db,
    user: Option<&str>,
    roles: &[String],
    ip: Option<IpAddr>,
) -> (Vec<String>, bool) {
    let Some(access) = db.table(system::ACCESS) else { return (Vec::new(), false) };
    let mut out = Vec::new();
    let mut dropped = false;
    for row in access.rows.values() {
        let r = str_field(row, "role");
        let u = str_field(row, "user");
        let public = r.is_none() && u.is_none();
        let by_role =
            if roles.is_empty() { public } else { r.is_some_and(|r| roles.iter().any(|x| x == r)) };
        let applies = by_role || (user.is_some() && u == user);
        if !applies {
            continue;
        }
        let Some(p) = str_field(row, "policy") else { continue };
        if out.iter().any(|x: &String| x == p) {
            continue;
        }
        let ip_access =
            db.row(system::POLICIES, &Pk::Str(p.into())).and_then(|r| r.get("ip_access").cloned());
        if !ip_allowed(ip_access.as_ref(), ip) {
            dropped = true;
            continue;
        }
        out.push(p.to_owned());
    }
    (out, dropped)
}

fn policy_flag(db: &Db, policies: &[String], flag: &str) -> bool {
    policies.iter().any(|p| {
        db.row(system::POLICIES, &Pk::Str(p.as_str().into()))
            .and_then(|r| r.get(flag))
            .and_then(crate::engine::values::as_bool)
            == Some(true)
    })
}

/// The accountability of a caller with a user id and a role (both optional), from
/// `ip`; the flag says whether a policy was dropped because of the address.
pub(crate) fn accountability_for(
    db: &Db,
    user: Option<&str>,
    role: Option<&str>,
    ip: Option<IpAddr>,
) -> (Accountability, bool) {
    let roles = role_tree(db, role);
    let (policies, dropped) = policies_for(db, user, &roles, ip);
    let acc = Accountability {
        user: user.map(str::to_owned),
        admin: policy_flag(db, &policies, "admin_access"),
        app: policy_flag(db, &policies, "app_access"),
        role: role.map(str::to_owned),
        roles,
        policies,
        session: None,
        share: None,
        ip,
        request: None,
        clock: None,
        rules_read_clock: false,
    };
    let rules_read_clock = rules_read_clock(db, &acc.policies);
    (Accountability { rules_read_clock, ..acc }, dropped)
}

/// Whether a permission rule of one of `policies` reads `$NOW`.
fn rules_read_clock(db: &Db, policies: &[String]) -> bool {
    let Some(table) = db.table(system::PERMISSIONS) else { return false };
    table.rows.values().any(|row| {
        let mine = row
            .get("policy")
            .and_then(Value::as_str)
            .is_some_and(|p| policies.iter().any(|mine| mine == p));
        mine && row.get("permissions").is_some_and(|rule| rule.to_string().contains("$NOW"))
    })
}

/// The anonymous caller: public policies only.
pub(crate) fn public_accountability(db: &Db, ip: Option<IpAddr>) -> Accountability {
    accountability_for(db, None, None, ip).0
}

/// The accountability of an existing user (their current role), ignoring address rules.
pub(crate) fn user_accountability(db: &Db, user_id: &str) -> Option<Accountability> {
    let row = db.row(system::USERS, &Pk::Str(user_id.into()))?;
    let role = str_field(row, "role").map(str::to_owned);
    Some(accountability_for(db, Some(user_id), role.as_deref(), None).0)
}

/// Whether at least one active user has admin access (Directus refuses to lose the last one).
pub(crate) fn has_active_admin(db: &Db) -> bool {
    db.table(system::USERS).is_some_and(|users| {
        users.rows.values().any(|row| {
            str_field(row, "status") == Some("active")
                && str_field(row, "id")
                    .and_then(|id| user_accountability(db, id))
                    .is_some_and(|a| a.admin)
        })
    })
}

/// Accountabilities computed for a database generation, so a request does not
/// walk users, roles, access rows and policies again while nothing changed.
#[derive(Debug, Default)]
pub(crate) struct AuthCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (u64, (Accountability, bool))>>,
}

impl AuthCache {
    fn get_or(
        &self,
        key: &str,
        generation: u64,
        compute: impl FnOnce() -> Option<(Accountability, bool)>,
    ) -> Option<(Accountability, bool)> {
        let lock = || match self.entries.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some((g, acc)) = lock().get(key)
            && *g == generation
        {
            return Some(acc.clone());
        }
        let acc = compute()?;
        let mut entries = lock();
        if entries.len() > 10_000 {
            entries.clear();
        }
        entries.insert(key.to_owned(), (generation, acc.clone()));
        Some(acc)
    }
}

/// Whether a string looks like a JWT issued by Directus (decoded without verification).
fn directus_issued(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    use base64::Engine as _;
    let Ok(bytes) =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('='))
    else {
        return false;
    };
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.get("iss").and_then(Value::as_str).map(|s| s == "directus"))
        == Some(true)
}

/// Resolves the caller from a token (or its absence), calling from `ip`; the
/// caller reads `$NOW` in its permission rules from the app's clock.
pub(crate) fn authenticate(
    app: &App,
    db: &Db,
    token: Option<&str>,
    ip: Option<IpAddr>,
) -> Result<Accountability> {
    let mut acc = resolve_token(app, db, token, ip)?;
    acc.clock = Some(super::AppClock(Arc::clone(&app.clock)));
    Ok(acc)
}

fn resolve_token(
    app: &App,
    db: &Db,
    token: Option<&str>,
    ip: Option<IpAddr>,
) -> Result<Accountability> {
    let cache = &app.auth_cache;
    let generation = db.generation;
    // One cache entry per address; a request without one has its own.
    let at = ip.map(|i| i.to_string()).unwrap_or_default();
    let public = || {
        let compute = || public_accountability(db, ip);
        cache
            .get_or(&format!("public@{at}"), generation, || Some((compute(), false)))
            .map_or_else(compute, |(acc, _)| acc)
    };
    let Some(token) = token.filter(|t| !t.is_empty()) else { return Ok(public()) };
    // The seed: a user whose policy does not allow the address is refused (INVALID_IP);
    // Directus 12.4 drops that policy silently.
    let check_ip = |(acc, dropped): (Accountability, bool)| -> Result<Accountability> {
        if dropped && acc.user.is_some() && app.config.profile == Profile::Seed {
            return Err(Error::bare(ErrorCode::InvalidIp));
        }
        Ok(acc)
    };
    if directus_issued(token) {
        let claims = verify_jwt(app, token)?;
        let (Some(role), Some(_), Some(_)) =
            (&claims.role, &claims.app_access, &claims.admin_access)
        else {
            return Err(Error::bare(ErrorCode::InvalidToken));
        };
        if let Some(session) = &claims.session {
            let valid =
                db.row(system::SESSIONS, &Pk::Str(session.as_str().into())).is_some_and(|row| {
                    let expires = row
                        .get("expires")
                        .and_then(Value::as_str)
                        .and_then(crate::engine::values::parse_datetime);
                    str_field(row, "user") == claims.id.as_deref()
                        && expires.is_some_and(|e| e >= app.now().naive_utc())
                });
            if !valid {
                return Err(Error::bare(ErrorCode::InvalidCredentials));
            }
        }
        if let Some(share) = &claims.share {
            // A share's token: no user, no role, the share's own permissions.
            let acc = Accountability {
                share: Some(share.clone()),
                session: claims.session.clone(),
                ip,
                ..Accountability::default()
            };
            return Ok(acc);
        }
        // Like Directus, the role is the token's, not the user's current one.
        let role = role.as_str().map(str::to_owned);
        let key = format!("jwt:{:?}:{role:?}@{at}", claims.id);
        let found = cache
            .get_or(&key, generation, || {
                Some(accountability_for(db, claims.id.as_deref(), role.as_deref(), ip))
            })
            .ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))?;
        let mut acc = check_ip(found)?;
        acc.session = claims.session;
        return Ok(acc);
    }
    let found = cache
        .get_or(&format!("token:{token}@{at}"), generation, || {
            let users = db.table(system::USERS)?;
            let row = users.rows.values().find(|r| {
                str_field(r, "token") == Some(token) && str_field(r, "status") == Some("active")
            })?;
            let id = str_field(row, "id")?;
            Some(accountability_for(db, Some(id), str_field(row, "role"), ip))
        })
        .ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))?;
    check_ip(found)
}

fn verify_jwt(app: &App, token: &str) -> Result<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&["directus"]);
    validation.leeway = 0;
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(app.config.secret()),
        &validation,
    )
    .map_err(|_| Error::bare(ErrorCode::InvalidToken))?;
    if data.claims.exp.is_some_and(|exp| exp <= app.now().timestamp()) {
        return Err(Error::bare(ErrorCode::TokenExpired));
    }
    Ok(data.claims)
}

/// Signs an access token for a user.
pub(crate) fn sign_access_token(
    app: &App,
    acc: &Accountability,
    ttl: Duration,
    session: Option<String>,
) -> Result<String> {
    let now = app.now().timestamp();
    let claims = Claims {
        id: acc.user.clone(),
        role: Some(acc.role.clone().map(Value::String).unwrap_or(Value::Null)),
        app_access: Some(json!(acc.app)),
        admin_access: Some(json!(acc.admin)),
        share: acc.share.clone(),
        session,
        enforce_tfa: None,
        iat: Some(now),
        exp: Some(now + ttl.as_secs() as i64),
        iss: "directus".into(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(app.config.secret()),
    )
    .map_err(|e| Error::internal(e.to_string()))
}

/// Hashes a password or `hash` field value (argon2id, light parameters: this is a mock).
pub(crate) fn hash_value(value: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let failed = |e: argon2::password_hash::Error| Error::internal(format!("hashing: {e}"));
    let mut salt_bytes = [0u8; 16];
    rand::fill(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(failed)?;
    let params = argon2::Params::new(1024, 1, 1, None)
        .map_err(|e| Error::internal(format!("hashing: {e}")))?;
    let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    Ok(hasher.hash_password(value.as_bytes(), &salt).map_err(failed)?.to_string())
}

/// The time `ttl` from now; a TTL beyond the calendar is a configuration error.
fn after(app: &App, ttl: Duration) -> Result<DateTime<Utc>> {
    chrono::Duration::from_std(ttl)
        .ok()
        .and_then(|d| app.now().checked_add_signed(d))
        .ok_or_else(|| Error::internal(format!("a duration out of range: {ttl:?}")))
}

/// Checks a password against a stored argon2 hash.
pub(crate) fn verify_hash(value: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2::Argon2::default().verify_password(value.as_bytes(), &parsed).is_ok()
    })
}

/// The login modes of `/auth/login`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Json,
    Cookie,
    Session,
}

impl Mode {
    pub(crate) fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "json" => Mode::Json,
            "cookie" => Mode::Cookie,
            "session" => Mode::Session,
            _ => return None,
        })
    }
}

/// A login request, its payload checked as Directus' local driver checks it
/// (Joi): an email, a password, the mode and an optional OTP.
#[derive(Debug, Clone)]
pub(crate) struct LoginRequest {
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) mode: Mode,
    pub(crate) otp: Option<String>,
}

impl LoginRequest {
    pub(crate) fn from_body(body: &Value) -> Result<LoginRequest> {
        if !body.is_object() {
            return Err(Error::invalid_payload("\"value\" must be of type object"));
        }
        let email = match body.get("email") {
            None => return Err(Error::invalid_payload("\"email\" is required")),
            Some(Value::String(s)) if s.is_empty() => {
                return Err(Error::invalid_payload("\"email\" is not allowed to be empty"));
            }
            Some(Value::String(s)) if valid_email(s) => s.clone(),
            Some(Value::String(_)) => {
                return Err(Error::invalid_payload("\"email\" must be a valid email"));
            }
            Some(_) => return Err(Error::invalid_payload("\"email\" must be a string")),
        };
        let password = match body.get("password") {
            None => return Err(Error::invalid_payload("\"password\" is required")),
            Some(Value::String(s)) if s.is_empty() => {
                return Err(Error::invalid_payload("\"password\" is not allowed to be empty"));
            }
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(Error::invalid_payload("\"password\" must be a string")),
        };
        let mode = parse_mode(body)?.unwrap_or(Mode::Json);
        let otp = match body.get("otp") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(Error::invalid_payload("\"otp\" must be a string")),
        };
        Ok(LoginRequest { email, password, mode, otp })
    }
}

fn parse_mode(body: &Value) -> Result<Option<Mode>> {
    match body.get("mode") {
        None => Ok(None),
        Some(Value::String(s)) => Mode::parse(s).map(Some).ok_or_else(|| {
            Error::invalid_payload("\"mode\" must be one of [cookie, json, session]")
        }),
        Some(_) => Err(Error::invalid_payload("\"mode\" must be one of [cookie, json, session]")),
    }
}

/// An email as Joi's `email()` accepts one, roughly: a local part, a dotted
/// domain, and a top-level domain of letters (Joi also checks it against the
/// IANA list, which the mock does not carry).
fn valid_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    let tld = domain.rsplit('.').next().unwrap_or("");
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.contains("..")
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !s.chars().any(char::is_whitespace)
}

/// The `session` claim of a session JWT (its signature is checked, not its expiry).
pub(crate) fn session_of(app: &App, jwt: &str) -> Option<String> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let key = DecodingKey::from_secret(app.config.secret());
    jsonwebtoken::decode::<Claims>(jwt, &key, &validation).ok().and_then(|d| d.claims.session)
}

/// When a Directus JWT expires (its `exp`, seconds since the epoch); `None`
/// for a static token or a JWT without `exp`. The signature is checked, not the expiry.
pub(crate) fn token_expiry(app: &App, jwt: &str) -> Option<i64> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    let key = DecodingKey::from_secret(app.config.secret());
    jsonwebtoken::decode::<Claims>(jwt, &key, &validation).ok().and_then(|d| d.claims.exp)
}

/// What a successful login or refresh produces.
#[derive(Debug, Clone)]
pub(crate) struct Tokens {
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
    /// Milliseconds until the access token (json/cookie) or session (session mode) expires.
    pub(crate) expires: u64,
}

/// Checks credentials and opens a session. Every attempt on an active user
/// counts against the setting `auth_login_attempts`; the attempt after the
/// last allowed one suspends the user, and a successful login starts over.
pub(crate) fn login(
    app: &App,
    email: &str,
    password: &str,
    otp: Option<&str>,
    mode: Mode,
    caller: &Accountability,
) -> Result<Tokens> {
    let ip = caller.ip;
    let db = app.store.snapshot();
    let invalid = || Error::bare(ErrorCode::InvalidCredentials);
    let users = db.table(system::USERS).ok_or_else(invalid)?;
    let row = users
        .rows
        .values()
        .find(|r| str_field(r, "email").is_some_and(|e| e.eq_ignore_ascii_case(email)))
        .cloned()
        .ok_or_else(invalid)?;
    if str_field(&row, "status") != Some("active")
        || str_field(&row, "provider").unwrap_or("default") != "default"
    {
        return Err(invalid());
    }
    let id = str_field(&row, "id").ok_or_else(|| Error::internal("a user without an id"))?;
    let id = id.to_owned();
    let allowed = db
        .row(system::SETTINGS, &Pk::Int(1))
        .map_or(Some(25), |s| s.get("auth_login_attempts").and_then(Value::as_u64));
    if let Some(allowed) = allowed {
        let used = app.login_attempts.consume(&id, None, std::time::Instant::now());
        if used.consumed > allowed {
            app.store.write::<_, Error>(|db| {
                if let Some(existing) = db.row(system::USERS, &Pk::Str(id.as_str().into())).cloned()
                {
                    let mut u = (*existing).clone();
                    u.insert("status".into(), json!("suspended"));
                    db.table_mut(system::USERS).insert(Pk::Str(id.as_str().into()), u);
                    log_lockout(app, db, caller, &id, &existing);
                }
                Ok(())
            })?;
            app.login_attempts.reset(&id);
        }
    }
    let hash = str_field(&row, "password").ok_or_else(invalid)?;
    if !verify_hash(password, hash) {
        return Err(invalid());
    }
    if let Some(secret) = str_field(&row, "tfa_secret") {
        let ok =
            otp.is_some_and(|code| super::tfa::totp_matches(secret, code, app.now().timestamp()));
        if !ok {
            return Err(Error::bare(ErrorCode::InvalidOtp));
        }
    }
    app.login_attempts.reset(&id);
    open_session(app, &id, mode, ip, app.config.refresh_token_ttl, None, Some(caller))
}

/// Records an action of a user on their own account (`login`, `logout`, the
/// lockout's `update`) in the activity log, inside the caller's transaction.
/// Directus writes these rows itself, without a revision except for the lockout.
fn log_user_action(
    app: &App,
    db: &mut Db,
    caller: &Accountability,
    action: &str,
    user: &str,
) -> Option<(Log, i64)> {
    let mut client = caller.activity_client()?;
    client.user = Some(user.to_owned());
    let log = Log::new(client);
    let timestamp = app.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let id = log.activity(db, &timestamp, action, system::USERS, &Pk::Str(user.into()));
    super::retention::cap(db, app.config.max_activity);
    Some((log, id))
}

/// The lockout's activity: an update of the user to `suspended`, whose revision
/// holds the columns the login read (concealed as on a read).
fn log_lockout(app: &App, db: &mut Db, caller: &Accountability, user: &str, before: &Row) {
    const READ: &[&str] = &[
        "id",
        "first_name",
        "last_name",
        "email",
        "password",
        "status",
        "role",
        "tfa_secret",
        "provider",
        "external_identifier",
        "auth_data",
    ];
    let Some((mut log, activity)) = log_user_action(app, db, caller, "update", user) else {
        return;
    };
    let schema = Arc::clone(&db.schema);
    let data: Map<String, Value> = READ
        .iter()
        .filter_map(|name| {
            let field = schema.field(system::USERS, name)?;
            let value = before.get(*name).unwrap_or(&Value::Null);
            Some(((*name).to_owned(), crate::engine::values::render(field, value)))
        })
        .collect();
    let key = Pk::Str(user.into());
    let delta = json!({"status": "suspended"});
    log.revision(db, activity, system::USERS, &key, Value::Object(data), delta, &[]);
}

/// Creates a session row (or reuses `reuse`, a session made moments ago) and the tokens for it.
fn open_session(
    app: &App,
    user_id: &str,
    mode: Mode,
    ip: Option<IpAddr>,
    ttl: Duration,
    reuse: Option<String>,
    login: Option<&Accountability>,
) -> Result<Tokens> {
    let refresh = reuse.unwrap_or_else(|| app.ids.token(64));
    let expires_at = after(app, ttl)?;
    let row = json!({
        "token": refresh,
        "user": user_id,
        "expires": expires_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "ip": ip.map(|i| i.to_string()), "user_agent": null, "share": null, "origin": null, "next_token": null,
    });
    app.store.write::<_, Error>(|db| {
        if let Value::Object(m) = row {
            db.table_mut(system::SESSIONS).insert(Pk::Str(refresh.as_str().into()), m);
        }
        if let Some(existing) = db.row(system::USERS, &Pk::Str(user_id.into())).cloned() {
            let mut u = (*existing).clone();
            u.insert(
                "last_access".into(),
                json!(app.now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            );
            db.table_mut(system::USERS).insert(Pk::Str(user_id.into()), u);
        }
        if let Some(caller) = login {
            log_user_action(app, db, caller, "login", user_id);
        }
        Ok(())
    })?;
    let db = app.store.snapshot();
    let role = db
        .row(system::USERS, &Pk::Str(user_id.into()))
        .and_then(|r| str_field(r, "role").map(str::to_owned));
    let (acc, _) = accountability_for(&db, Some(user_id), role.as_deref(), ip);
    let (access_ttl, session) = match mode {
        Mode::Session => (app.config.session_cookie_ttl, Some(refresh.clone())),
        _ => (app.config.access_token_ttl, None),
    };
    let access_token = sign_access_token(app, &acc, access_ttl, session)?;
    Ok(Tokens { access_token, refresh_token: refresh, expires: access_ttl.as_millis() as u64 })
}

/// Exchanges a refresh token (or session) for new tokens; the old token stops working.
pub(crate) fn refresh(app: &App, token: &str, mode: Mode, ip: Option<IpAddr>) -> Result<Tokens> {
    let db = app.store.snapshot();
    let invalid = || Error::bare(ErrorCode::InvalidCredentials);
    let session = db.row(system::SESSIONS, &Pk::Str(token.into())).cloned().ok_or_else(invalid)?;
    let expired = session
        .get("expires")
        .and_then(Value::as_str)
        .and_then(crate::engine::values::parse_datetime)
        .is_none_or(|e| e <= app.now().naive_utc());
    if expired {
        return Err(invalid());
    }
    if let Some(share) = str_field(&session, "share").map(str::to_owned) {
        app.store.write::<_, Error>(|db| {
            db.table_mut(system::SESSIONS).remove(&Pk::Str(token.into()));
            Ok(())
        })?;
        let caller = Accountability { ip, ..Accountability::default() };
        return open_share_session(app, &share, mode, &caller);
    }
    let user_id = str_field(&session, "user").unwrap_or_default().to_owned();
    let status = db
        .row(system::USERS, &Pk::Str(user_id.as_str().into()))
        .and_then(|u| str_field(u, "status").map(str::to_owned));
    if status.as_deref() != Some("active") {
        app.store.write::<_, Error>(|db| {
            db.table_mut(system::SESSIONS).remove(&Pk::Str(token.into()));
            Ok(())
        })?;
        return Err(if status.as_deref() == Some("suspended") {
            Error::bare(ErrorCode::UserSuspended)
        } else {
            invalid()
        });
    }
    if mode != Mode::Session {
        // The refresh token rotates: the old one stops working at once.
        app.store.write::<_, Error>(|db| {
            db.table_mut(system::SESSIONS).remove(&Pk::Str(token.into()));
            Ok(())
        })?;
        return open_session(app, &user_id, mode, ip, app.config.refresh_token_ttl, None, None);
    }
    // Session mode: a new session; the old one stays valid for a grace period, and
    // refreshing it again within that period gives the same new session.
    let next = str_field(&session, "next_token").map(str::to_owned);
    let next = match next {
        Some(next) => next,
        None => {
            let next = app.ids.token(64);
            let grace = after(app, app.config.session_refresh_grace_period)?;
            let mut old = (*session).clone();
            old.insert("next_token".into(), json!(next));
            old.insert(
                "expires".into(),
                json!(grace.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            );
            app.store.write::<_, Error>(|db| {
                db.table_mut(system::SESSIONS).insert(Pk::Str(token.into()), old);
                Ok(())
            })?;
            next
        }
    };
    open_session(app, &user_id, mode, ip, app.config.session_cookie_ttl, Some(next), None)
}

/// A session of a share (`/shares/auth`, or a refresh of one) and its tokens:
/// the token reads as the share, without user or role.
pub(crate) fn open_share_session(
    app: &App,
    share: &str,
    mode: Mode,
    caller: &Accountability,
) -> Result<Tokens> {
    let refresh = app.ids.token(64);
    let expires_at = after(app, app.config.refresh_token_ttl)?;
    let info = caller.request.clone().unwrap_or_default();
    let row = json!({
        "token": refresh, "user": null,
        "expires": expires_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "ip": caller.ip.map(|i| i.to_string()), "user_agent": info.user_agent, "share": share,
        "origin": info.origin, "next_token": null,
    });
    app.store.write::<_, Error>(|db| {
        if let Value::Object(m) = row {
            db.table_mut(system::SESSIONS).insert(Pk::Str(refresh.as_str().into()), m);
        }
        Ok(())
    })?;
    let (ttl, session) = match mode {
        Mode::Session => (app.config.session_cookie_ttl, Some(refresh.clone())),
        _ => (app.config.access_token_ttl, None),
    };
    let acc = Accountability { share: Some(share.to_owned()), ..Accountability::default() };
    let access_token = sign_access_token(app, &acc, ttl, session)?;
    Ok(Tokens { access_token, refresh_token: refresh, expires: ttl.as_millis() as u64 })
}

/// Ends a session, recorded as the user's `logout`; unknown tokens are ignored.
pub(crate) fn logout(app: &App, token: &str, caller: &Accountability) -> Result<()> {
    app.store.write::<_, Error>(|db| {
        let removed = db.table_mut(system::SESSIONS).remove(&Pk::Str(token.into()));
        if let Some(user) = removed.as_ref().and_then(|s| str_field(s, "user")) {
            log_user_action(app, db, caller, "logout", user);
        }
        Ok(())
    })
}
