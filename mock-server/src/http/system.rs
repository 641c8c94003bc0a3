//! System collections behind their own routes: `/users`, `/roles`,
//! `/policies`, `/permissions`, `/access`, `/settings`, `/users/me`.
//! They use the same items service as `/items`, on `directus_*` collections.

use axum::extract::{Path, State};
use axum::response::Response;
use http::{Method, Uri};
use serde_json::{Map, Value, json};

use super::extract::Body;
use super::response::{self, Reply};
use super::{AppState, Context, no_content};
use crate::engine::Action;
use crate::error::{Error, ErrorCode, Result};
use crate::service::items::Items;
use crate::service::license;
use crate::store::Pk;
use crate::system;

/// The system collection a route segment serves.
fn collection_for(segment: &str) -> Option<&'static str> {
    Some(match segment {
        "users" => system::USERS,
        "roles" => system::ROLES,
        "policies" => system::POLICIES,
        "permissions" => system::PERMISSIONS,
        "access" => system::ACCESS,
        _ => return None,
    })
}

fn reread(result: Result<Value>) -> Reply {
    match result {
        Ok(v) => Ok(response::data(v, None)),
        Err(e) if e.code() == ErrorCode::Forbidden => Ok(no_content()),
        Err(e) => Err(e),
    }
}

/// Checks that Directus applies to user payloads before the generic ones.
fn check_user_payload(body: &Value, creating: bool) -> Result<()> {
    let check = |item: &Map<String, Value>| -> Result<()> {
        if let Some(Value::String(email)) = item.get("email") {
            let ok = email
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !email.contains(' '));
            if !ok {
                let mut ext = Map::new();
                ext.insert("field".into(), json!("email"));
                ext.insert("path".into(), json!([]));
                ext.insert("type".into(), json!("email"));
                return Err(Error::many(vec![crate::error::ErrorItem {
                    code: ErrorCode::FailedValidation,
                    message: "Validation failed for field \"email\". Value has to be a valid email address.".into(),
                    extensions: ext,
                }]));
            }
        }
        if !creating && item.contains_key("tfa_secret") {
            return Err(Error::invalid_payload(
                "You can't change the \"tfa_secret\" value manually",
            ));
        }
        Ok(())
    };
    match body {
        Value::Object(m) => check(m.get("data").and_then(Value::as_object).unwrap_or(m)),
        Value::Array(items) => items.iter().filter_map(Value::as_object).try_for_each(check),
        _ => Ok(()),
    }
}

/// A policy's `ip_access` must hold IP addresses, ranges or CIDR blocks.
fn check_policy_payload(body: &Value) -> Result<()> {
    let check = |item: &Map<String, Value>| -> Result<()> {
        match item.get("ip_access") {
            Some(v) if !crate::service::auth::valid_ip_access(v) => Err(Error::invalid_payload(
                "IP Access contains an incorrect value. Valid values are: IP addresses, IP ranges and CIDR blocks",
            )),
            _ => Ok(()),
        }
    };
    match body {
        Value::Object(m) => check(m.get("data").and_then(Value::as_object).unwrap_or(m)),
        Value::Array(items) => items.iter().filter_map(Value::as_object).try_for_each(check),
        _ => Ok(()),
    }
}

/// `/users`, `/roles`, `/policies`, `/permissions`, `/access`.
pub async fn collection(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path(segment): Path<String>,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let Some(collection) = collection_for(&segment) else {
            return Err(Error::route_not_found(uri.path()));
        };
        let items = Items::new(&app, &ctx.acc, collection)?;
        match method {
            Method::GET | Method::HEAD => {
                let data = items.read_by_query(&ctx.query)?;
                Ok(response::data(Value::Array(data), items.meta(&ctx.query)?))
            }
            Method::POST => {
                if collection == system::USERS {
                    check_user_payload(&body, true)?;
                }
                if collection == system::POLICIES {
                    check_policy_payload(&body)?;
                    license::check_policies(&app, &body)?;
                }
                if collection == system::PERMISSIONS {
                    license::check_permissions(&app, &body, true)?;
                }
                match &body {
                    Value::Array(list) => {
                        let keys = items.create_many(list)?;
                        reread(items.read_many(&keys, &ctx.query).map(Value::Array))
                    }
                    _ => {
                        let key = items.create_one(&body)?;
                        reread(items.read_one(&key.to_value(), &ctx.query))
                    }
                }
            }
            Method::PATCH => {
                if collection == system::USERS {
                    check_user_payload(&body, false)?;
                }
                if collection == system::POLICIES {
                    check_policy_payload(&body)?;
                    license::check_policies(&app, &body)?;
                }
                if collection == system::PERMISSIONS {
                    license::check_permissions(&app, &body, false)?;
                }
                let keys: Vec<Pk> = match &body {
                    Value::Array(list) => items.update_batch(list)?,
                    _ => {
                        let data = body.get("data").cloned().unwrap_or(Value::Object(Map::new()));
                        let keys =
                            body.get("keys").and_then(Value::as_array).cloned().unwrap_or_default();
                        items.update_many(&keys, &data)?
                    }
                };
                reread(items.read_many(&keys, &ctx.query).map(Value::Array))
            }
            Method::DELETE => {
                let keys = match &body {
                    Value::Array(list) => list.clone(),
                    _ => body.get("keys").and_then(Value::as_array).cloned().unwrap_or_default(),
                };
                items.delete_many(&keys)?;
                Ok(no_content())
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `/users/:id` and friends.
pub async fn item(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Path((segment, pk)): Path<(String, String)>,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let Some(collection) = collection_for(&segment) else {
            return Err(Error::route_not_found(uri.path()));
        };
        let items = Items::new(&app, &ctx.acc, collection)?;
        let key = Value::String(pk.clone());
        match method {
            Method::GET | Method::HEAD => {
                Ok(response::data(items.read_one(&key, &ctx.query)?, None))
            }
            Method::PATCH => {
                if collection == system::USERS {
                    check_user_payload(&body, false)?;
                }
                if collection == system::POLICIES {
                    check_policy_payload(&body)?;
                    license::check_policies(&app, &body)?;
                }
                if collection == system::PERMISSIONS {
                    license::check_permissions(&app, &body, false)?;
                }
                let updated = items.update_one(&key, &body)?;
                reread(items.read_one(&updated.to_value(), &ctx.query))
            }
            Method::DELETE => {
                items.delete_one(&key)?;
                Ok(no_content())
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `/users/me`.
pub async fn me(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let Some(user) = ctx.acc.user.clone() else {
            return Err(Error::bare(ErrorCode::InvalidCredentials));
        };
        let items = Items::new(&app, &ctx.acc, system::USERS)?;
        let key = Value::String(user.clone());
        match method {
            Method::GET | Method::HEAD => match items.read_one(&key, &ctx.query) {
                Ok(v) => Ok(response::data(v, None)),
                Err(e) if e.code() == ErrorCode::Forbidden => {
                    Ok(response::data(json!({"id": user}), None))
                }
                Err(e) => Err(e),
            },
            Method::PATCH => {
                check_user_payload(&body, false)?;
                items.update_one(&key, &body)?;
                reread(items.read_one(&key, &ctx.query))
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `/settings`: a singleton.
pub async fn settings(
    State(app): State<AppState>,
    ctx: Context,
    method: Method,
    uri: Uri,
    Body(body): Body,
) -> Response {
    let result = (|| -> Reply {
        let items = Items::new(&app, &ctx.acc, system::SETTINGS)?;
        match method {
            Method::GET | Method::HEAD => {
                Ok(response::data(items.read_singleton(&ctx.query)?, None))
            }
            Method::PATCH => {
                items.upsert_singleton(&body)?;
                reread(items.read_singleton(&ctx.query))
            }
            _ => Err(Error::route_not_found(uri.path())),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `GET /permissions/me`: per collection and action, `{access: full|partial|none, fields?, presets?}`.
pub async fn my_permissions(State(app): State<AppState>, ctx: Context) -> Response {
    let result = (|| -> Reply {
        if ctx.acc.user.is_none() && ctx.acc.role.is_none() {
            return Err(Error::forbidden());
        }
        let db = app.store.snapshot();
        const ACTIONS: [Action; 5] =
            [Action::Read, Action::Create, Action::Update, Action::Delete, Action::Share];
        let mut out = Map::new();
        if ctx.acc.admin {
            for name in db.schema.collections.keys() {
                let full: Map<String, Value> = ACTIONS
                    .iter()
                    .map(|a| (a.as_str().to_owned(), json!({"access": "full", "fields": ["*"]})))
                    .collect();
                out.insert(name.clone(), Value::Object(full));
            }
            return Ok(response::data(Value::Object(out), None));
        }
        let access = ctx.acc.access(&db);
        let mut collections: Vec<&String> = access.permissions.keys().map(|(c, _)| c).collect();
        collections.sort();
        collections.dedup();
        for collection in collections {
            let mut per_action = Map::new();
            for action in ACTIONS {
                let rules = access.rules(collection, action);
                if rules.is_empty() {
                    per_action.insert(action.as_str().into(), json!({"access": "none"}));
                    continue;
                }
                let partial = rules.iter().any(|r| {
                    r.filter.as_ref().is_some_and(|f| f.as_object().is_some_and(|m| !m.is_empty()))
                });
                let mut info = Map::new();
                info.insert("access".into(), json!(if partial { "partial" } else { "full" }));
                let mut fields: Vec<String> = Vec::new();
                for f in rules.iter().flat_map(|r| r.fields.iter().flatten()) {
                    if !fields.contains(f) {
                        fields.push(f.clone());
                    }
                }
                if fields.iter().any(|f| f == "*") {
                    fields = vec!["*".into()];
                }
                info.insert("fields".into(), json!(fields));
                let mut presets = Map::new();
                for r in rules {
                    if let Some(Value::Object(p)) = &r.presets {
                        presets.extend(p.clone());
                    }
                }
                if !presets.is_empty() {
                    info.insert("presets".into(), Value::Object(presets));
                }
                per_action.insert(action.as_str().into(), Value::Object(info));
            }
            out.insert(collection.clone(), Value::Object(per_action));
        }
        Ok(response::data(Value::Object(out), None))
    })();
    result.unwrap_or_else(response::error)
}

/// `GET /policies/me/globals`: the caller's app, admin and TFA flags.
pub async fn my_policy_globals(State(app): State<AppState>, ctx: Context) -> Response {
    if ctx.acc.user.is_none() && ctx.acc.role.is_none() {
        return response::data(json!({"app_access": false}), None);
    }
    let db = app.store.snapshot();
    let enforce_tfa = ctx.acc.policies.iter().any(|p| {
        db.row(system::POLICIES, &Pk::Str(p.as_str().into()))
            .and_then(|r| r.get("enforce_tfa"))
            .and_then(crate::engine::values::as_bool)
            == Some(true)
    });
    response::data(
        json!({"app_access": ctx.acc.app, "admin_access": ctx.acc.admin, "enforce_tfa": enforce_tfa}),
        None,
    )
}

/// `GET /roles/me`: the caller's roles (ids only when the roles may not be read).
pub async fn my_roles(State(app): State<AppState>, ctx: Context) -> Response {
    let result = (|| -> Reply {
        if ctx.acc.user.is_none() && ctx.acc.role.is_none() {
            return Err(Error::forbidden());
        }
        let items = Items::new(&app, &ctx.acc, system::ROLES)?;
        let keys: Vec<Pk> = ctx.acc.roles.iter().map(|r| Pk::Str(r.as_str().into())).collect();
        let mut query = ctx.query.clone();
        query.limit = Some(-1.0);
        match items.read_many(&keys, &query) {
            Ok(rows) => Ok(response::data(Value::Array(rows), None)),
            Err(e) if e.code() == ErrorCode::Forbidden => {
                let ids: Vec<Value> = ctx.acc.roles.iter().map(|r| json!({"id": r})).collect();
                Ok(response::data(Value::Array(ids), None))
            }
            Err(e) => Err(e),
        }
    })();
    result.unwrap_or_else(response::error)
}

/// `GET /license`: the licence the mock behaves as (admins only).
pub async fn license_info(State(app): State<AppState>, ctx: Context) -> Response {
    if !ctx.acc.admin {
        return response::error(Error::forbidden());
    }
    response::data(license::info(&app), None)
}

/// The caller's user id, or INVALID_CREDENTIALS.
fn me_or_invalid(ctx: &Context) -> Result<String> {
    ctx.acc.user.clone().ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))
}

fn user_row(app: &AppState, id: &str) -> Option<Map<String, Value>> {
    app.store.snapshot().row(system::USERS, &Pk::Str(id.into())).map(|r| (**r).clone())
}

fn required_string(body: &Value, key: &str) -> Result<String> {
    match body.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(Error::invalid_payload(format!("\"{key}\" is required"))),
    }
}

/// Sets or clears a user's TOTP secret as the caller (their update permission applies).
fn set_tfa_secret(app: &AppState, ctx: &Context, user: &str, secret: Value) -> Result<()> {
    let items = Items::new(app, &ctx.acc, system::USERS)?;
    items.update_one(&json!(user), &json!({ "tfa_secret": secret }))?;
    Ok(())
}

/// `POST /users/me/tfa/generate {password}`: a new TOTP secret and its otpauth URL (not stored yet).
pub async fn tfa_generate(State(app): State<AppState>, ctx: Context, Body(body): Body) -> Response {
    let result = (|| -> Reply {
        let me = me_or_invalid(&ctx)?;
        let password = required_string(&body, "password")?;
        let row = user_row(&app, &me).ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))?;
        let hash = row.get("password").and_then(Value::as_str).unwrap_or("");
        if !crate::service::auth::verify_hash(&password, hash) {
            return Err(Error::bare(ErrorCode::InvalidCredentials));
        }
        if !row.get("tfa_secret").is_none_or(Value::is_null) {
            return Err(Error::invalid_payload("TFA Secret is already set for this user"));
        }
        let Some(email) = row.get("email").and_then(Value::as_str).map(str::to_owned) else {
            return Err(Error::invalid_payload("User must have a valid email to enable TFA"));
        };
        let secret = crate::service::auth::new_totp_secret();
        let project = app
            .store
            .snapshot()
            .row(system::SETTINGS, &Pk::Int(1))
            .and_then(|s| s.get("project_name").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| "Directus".into());
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        let url = format!(
            "otpauth://totp/{}:{}?secret={secret}&period=30&digits=6&algorithm=SHA1&issuer={}",
            enc(&project),
            enc(&email),
            enc(&project)
        );
        Ok(response::data(json!({"secret": secret, "otpauth_url": url}), None))
    })();
    result.unwrap_or_else(response::error)
}

/// `POST /users/me/tfa/enable {secret, otp}`: stores the secret once a code from it checks out.
pub async fn tfa_enable(State(app): State<AppState>, ctx: Context, Body(body): Body) -> Response {
    let result = (|| -> Reply {
        let me = me_or_invalid(&ctx)?;
        let secret = required_string(&body, "secret")?;
        let otp = required_string(&body, "otp")?;
        let row = user_row(&app, &me).ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))?;
        if !row.get("tfa_secret").is_none_or(Value::is_null) {
            return Err(Error::invalid_payload("TFA Secret is already set for this user"));
        }
        if !crate::service::auth::totp_matches(&secret, &otp, app.now().timestamp()) {
            return Err(Error::invalid_payload("\"otp\" is invalid"));
        }
        set_tfa_secret(&app, &ctx, &me, json!(secret))?;
        Ok(no_content())
    })();
    result.unwrap_or_else(response::error)
}

/// `POST /users/me/tfa/disable {otp}`.
pub async fn tfa_disable(State(app): State<AppState>, ctx: Context, Body(body): Body) -> Response {
    let result = (|| -> Reply {
        let me = me_or_invalid(&ctx)?;
        let otp = required_string(&body, "otp")?;
        let row = user_row(&app, &me).ok_or_else(|| Error::bare(ErrorCode::InvalidCredentials))?;
        let Some(secret) = row.get("tfa_secret").and_then(Value::as_str) else {
            return Err(Error::invalid_payload(format!("User \"{me}\" doesn't have TFA enabled")));
        };
        if !crate::service::auth::totp_matches(secret, &otp, app.now().timestamp()) {
            return Err(Error::invalid_payload("\"otp\" is invalid"));
        }
        set_tfa_secret(&app, &ctx, &me, Value::Null)?;
        Ok(no_content())
    })();
    result.unwrap_or_else(response::error)
}

/// `POST /users/:id/tfa/disable`: an admin turns off another user's TFA.
pub async fn tfa_disable_for(
    State(app): State<AppState>,
    ctx: Context,
    Path(user): Path<String>,
) -> Response {
    let result = (|| -> Reply {
        me_or_invalid(&ctx)?;
        if !ctx.acc.admin {
            return Err(Error::forbidden());
        }
        set_tfa_secret(&app, &ctx, &user, Value::Null)?;
        Ok(no_content())
    })();
    result.unwrap_or_else(response::error)
}
